/**
 * Deadline arithmetic for the node engine: limit status (on_time / due_soon / overdue),
 * case-wide clocks (6-month limit with extensions, 12-month flag, execution notice, funds
 * disbursement, objection adjudication) and the 终本 checks.
 *
 * Split out of `node-engine.ts` only for size; it is part of the same pure core and imports
 * only sibling pure modules and types (no storage, queue, api, sharp, tesseract, node:fs).
 */
import type { Calendar } from './calendar.ts';
import { isValidIsoDate, maxDate } from './dates.ts';
import type { Condition, Duration, NodeRules } from './rules.schema.ts';
import type { Basis, CaseEvent, ChecklistItem, ClockState, CompletedClock, LimitStatus, NodeWarning } from './node-engine.ts';

/** An event with the date the engine orders it by. */
export interface OrderedEvent extends CaseEvent {
  effDate: string;
  dateInferred: boolean;
}

/** What the clock and check evaluators need. */
export interface EngineContext {
  rules: NodeRules;
  calendar: Calendar;
  asOf: string;
  /** Events dated on or before asOf, ordered by (date, scanSeq). */
  events: OrderedEvent[];
  filing: { date: string; basis: Basis };
}

export function basisOf(e: CaseEvent): Basis {
  return { documentId: e.documentId, formType: e.formType };
}

/** The plain value of an event field (`{ value }` wrappers from a classification are unwrapped). */
export function fieldValue(e: CaseEvent, name: string): string | number | boolean | null {
  const v = e.fields?.[name];
  if (v !== null && typeof v === 'object') return v.value ?? null;
  return v ?? null;
}

/** True when the event satisfies the condition (form type, and field ∈ equals when given). */
export function matches(c: Condition, e: CaseEvent): boolean {
  if (c.formType !== e.formType) return false;
  if (c.field === undefined) return true;
  const v = fieldValue(e, c.field);
  return v !== null && (c.equals ?? []).includes(String(v));
}

export function addDuration(cal: Calendar, date: string, d: Duration): string {
  if (d.unit === 'working_days') return cal.addWorkingDays(date, d.amount);
  if (d.unit === 'months') return cal.addMonths(date, d.amount);
  return cal.addDays(date, d.amount);
}

/**
 * Status of a running limit at `asOf`: overdue after dueAt; due_soon when the time left is at
 * most min(window.days, window.fraction × the limit's length), counted in working days for a
 * working-day limit and in calendar days otherwise; else on_time.
 */
export function statusAt(ctx: Pick<EngineContext, 'calendar' | 'rules'>, start: string, dueAt: string, unit: Duration['unit'], asOf: string): LimitStatus {
  if (asOf > dueAt) return 'overdue';
  const cal = ctx.calendar;
  const [left, length] =
    unit === 'working_days'
      ? [cal.workingDaysBetween(asOf, dueAt), cal.workingDaysBetween(start, dueAt)]
      : [cal.daysBetween(asOf, dueAt), cal.daysBetween(start, dueAt)];
  const w = ctx.rules.warningWindow;
  return left <= Math.min(w.days, w.fraction * length) ? 'due_soon' : 'on_time';
}

interface Instance {
  start: string;
  basis: Basis;
  dueAt: string;
  extendedBy: Array<{ documentId: string; by: string }>;
  stoppedAt?: string;
  stopBasis?: Basis;
}

function applyExtension(cal: Calendar, due: string, raw: string | number): { due: string; by: string } | null {
  if (typeof raw === 'number' && raw > 0) return { due: cal.addMonths(due, raw), by: `P${raw}M` };
  const s = String(raw);
  const m = /^P(\d+)([MD])$/.exec(s);
  if (m) return { due: m[2] === 'M' ? cal.addMonths(due, Number(m[1])) : cal.addDays(due, Number(m[1])), by: s };
  if (isValidIsoDate(s)) return { due: maxDate(due, s), by: `until ${s}` };
  return null;
}

/** Evaluate every case-wide clock of the rules over the ordered events. */
export function evaluateClocks(ctx: EngineContext): {
  clocks: ClockState[];
  completed: CompletedClock[];
  warnings: NodeWarning[];
  reasons: string[];
} {
  const { rules, calendar: cal, events, asOf } = ctx;
  const clocks: ClockState[] = [];
  const completed: CompletedClock[] = [];
  const warnings: NodeWarning[] = [];
  const reasons: string[] = [];
  for (const def of rules.clocks) {
    const instances: Instance[] = [];
    const open = (start: string, basis: Basis): void => {
      instances.push({ start, basis, dueAt: addDuration(cal, start, def.duration), extendedBy: [] });
    };
    if (def.start === 'filing') open(ctx.filing.date, ctx.filing.basis);
    else {
      const startCond = def.start;
      for (const e of events) if (matches(startCond, e) && (def.repeat || instances.length === 0)) open(e.effDate, basisOf(e));
    }
    for (const e of events) {
      if (!def.stopBy.some((c) => matches(c, e))) continue;
      // A filing clock is met by its event whatever its date (a notice dated the filing day
      // but scanned first still counts); a repeating clock only by events after its start.
      const eligible = instances.filter((i) => !i.stoppedAt && (!def.repeat || i.start <= e.effDate));
      for (const inst of def.stopMode === 'oldest' ? eligible.slice(0, 1) : eligible) {
        inst.stoppedAt = maxDate(e.effDate, inst.start);
        inst.stopBasis = basisOf(e);
      }
    }
    if (def.extendBy) {
      const ext = def.extendBy;
      for (const e of events.filter((x) => matches(ext.when, x))) {
        const raw = fieldValue(e, ext.field) ?? ext.default ?? null;
        for (const inst of instances.filter((i) => i.start <= e.effDate && (!i.stoppedAt || e.effDate <= i.stoppedAt))) {
          const applied = raw === null || typeof raw === 'boolean' ? null : applyExtension(cal, inst.dueAt, raw);
          if (!applied) {
            warnings.push({
              code: 'event_unreadable',
              message: `${rules.labels.forms[e.formType] ?? e.formType}（文书 ${e.documentId}）未识别出“${rules.labels.fields[ext.field] ?? ext.field}”，${def.label}未延长，请人工核对`,
              basis: basisOf(e),
            });
            continue;
          }
          inst.dueAt = applied.due;
          inst.extendedBy.push({ documentId: e.documentId, by: applied.by });
          reasons.push(`${def.code} extended by ${applied.by} (document ${e.documentId}) to ${applied.due}`);
        }
      }
    }
    for (const inst of instances) {
      if (inst.stoppedAt) {
        completed.push({
          code: def.code,
          label: def.label,
          startedAt: inst.start,
          dueAt: inst.dueAt,
          stoppedAt: inst.stoppedAt,
          late: inst.stoppedAt > inst.dueAt,
          basis: inst.basis,
          stopBasis: inst.stopBasis as Basis,
        });
        continue;
      }
      const unit = inst.extendedBy.length > 0 ? 'days' : def.duration.unit;
      const status = statusAt(ctx, inst.start, inst.dueAt, unit, asOf);
      clocks.push({ code: def.code, label: def.label, kind: def.kind, startedAt: inst.start, dueAt: inst.dueAt, status, basis: inst.basis, extendedBy: inst.extendedBy });
      const warn = def.kind === 'flag' ? status === 'overdue' : status !== 'on_time' || def.warnWhileOpen;
      if (warn) {
        const text =
          def.kind === 'flag'
            ? `${def.label}（立案日 ${inst.start}，满期日 ${inst.dueAt}）`
            : status === 'overdue'
              ? `${def.label}：已超期（到期日 ${inst.dueAt}）`
              : status === 'due_soon'
                ? `${def.label}：即将到期（到期日 ${inst.dueAt}）`
                : `${def.label}：进行中（到期日 ${inst.dueAt}）`;
        warnings.push({ code: def.code, message: text, status, dueAt: inst.dueAt, basis: inst.basis });
      }
    }
  }
  return { clocks, completed, warnings, reasons };
}

/**
 * The 终本 checklist as of `at` (events dated on or before it), plus the missing required
 * items (form codes, and the months item when too little time has passed since filing).
 */
export function evaluateTerminationChecks(ctx: EngineContext, at: string): { checklist: ChecklistItem[]; missing: string[]; labels: string[] } {
  const checks = ctx.rules.terminationChecks;
  if (!checks) return { checklist: [], missing: [], labels: [] };
  const checklist: ChecklistItem[] = [];
  const missing: string[] = [];
  const labels: string[] = [];
  for (const it of checks.items) {
    const e = ctx.events.find((x) => x.effDate <= at && it.anyOf.includes(x.formType));
    checklist.push({ item: it.item, label: it.label, required: it.required, done: Boolean(e), ...(e ? { basis: { ...basisOf(e), date: e.effDate } } : {}) });
    if (!e && it.required) {
      missing.push(it.item);
      labels.push(it.label);
    }
  }
  const threshold = ctx.calendar.addMonths(ctx.filing.date, checks.minMonthsSinceFiling);
  const enough = at > threshold;
  checklist.push({ item: checks.monthsItem, label: checks.monthsLabel, required: true, done: enough });
  if (!enough) {
    missing.push(checks.monthsItem);
    labels.push(checks.monthsLabel);
  }
  return { checklist, missing, labels };
}
