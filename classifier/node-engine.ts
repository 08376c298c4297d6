/**
 * The node engine: where a case stands on the enforcement track, derived from its dated events.
 *
 * Owns `locateNode`, a pure function from a case's events (one per classified or corrected
 * document), the node rules and the holiday calendar to the current node, its due date and
 * status, the node history, the case-wide clocks, the warnings and the 终本 checklist, all
 * with reasons. Nothing is stored or edited in place: any change to a case's documents simply
 * re-runs it. Imports only sibling pure modules and types (no storage, queue, api, sharp,
 * tesseract, node:fs).
 */
import type { Calendar } from './calendar.ts';
import { isValidIsoDate, maxDate } from './dates.ts';
import {
  addDuration,
  basisOf,
  evaluateClocks,
  evaluateTerminationChecks,
  fieldValue,
  matches,
  statusAt,
  type EngineContext,
  type OrderedEvent,
} from './node-engine.clocks.ts';
import type { NodeDef, NodeRules } from './rules.schema.ts';

/** A field value on an event: plain, or a classification's `{ value, … }`. */
export type EventFieldValue = string | number | boolean | null | { value: string | number | boolean | null };

/** One dated fact of a case: a classified (or clerk-corrected) document. */
export interface CaseEvent {
  documentId: string;
  formType: string;
  /** `YYYY-MM-DD`, or null when the document's date is unknown (it then takes its scan neighbour's). */
  date: string | null;
  /** Scan order; breaks ties between events of the same date. */
  scanSeq: number;
  /** Enum fields hold canonical values (`fast_track`, `approved`, …), as the classifier emits them. */
  fields?: Readonly<Record<string, EventFieldValue>>;
}

export type LimitStatus = 'on_time' | 'due_soon' | 'overdue';
export interface Basis {
  documentId: string;
  formType: string;
}

/** The current node. `status` is judged at asOf, or at `limitMetAt` once the limit was met. */
export interface NodeState {
  code: string;
  name: string;
  enteredAt: string;
  dueAt: string | null;
  status: LimitStatus;
  basis: Basis;
  limitLabel?: string;
  limitMetAt?: string;
}
export interface NodeHistoryEntry {
  code: string;
  name: string;
  enteredAt: string;
  leftAt: string;
  basis: Basis;
  dueAt: string | null;
  /** Whether the node's limit was kept (judged when it was met or the node was left). */
  status: LimitStatus;
}
/** A running case-wide clock (see `clocks` in the node rules). */
export interface ClockState {
  code: string;
  label: string;
  kind: 'deadline' | 'flag';
  startedAt: string;
  dueAt: string;
  status: LimitStatus;
  basis?: Basis;
  extendedBy?: Array<{ documentId: string; by: string }>;
}
/** A clock that was stopped by its event. */
export interface CompletedClock {
  code: string;
  label: string;
  startedAt: string;
  dueAt: string;
  stoppedAt: string;
  late: boolean;
  basis?: Basis;
  stopBasis: Basis;
}
/** Something a supervisor should see; `message` is zh-CN. */
export interface NodeWarning {
  code: string;
  message: string;
  status?: LimitStatus;
  dueAt?: string;
  missing?: string[];
  basis?: Basis;
}
export interface ChecklistItem {
  item: string;
  label: string;
  required: boolean;
  done: boolean;
  basis?: Basis & { date: string };
}

/** Result of {@link locateNode}. `node` and `filing` are null only when there are no events. */
export interface NodeResult {
  asOf: string;
  filing: { date: string; basis: Basis; inferred: boolean } | null;
  node: NodeState | null;
  history: NodeHistoryEntry[];
  clocks: ClockState[];
  completedClocks: CompletedClock[];
  warnings: NodeWarning[];
  checklist: ChecklistItem[];
  reasons: string[];
  rulesVersion: string;
}

function orderEvents(events: readonly CaseEvent[], asOf: string, reasons: string[]): OrderedEvent[] {
  const byScan = [...events].sort((a, b) => a.scanSeq - b.scanSeq || a.documentId.localeCompare(b.documentId));
  const dated = byScan.map((e) => (isValidIsoDate(e.date) ? e.date : null));
  const out: OrderedEvent[] = byScan.map((e, i) => {
    if (e.date !== null && dated[i] === null) reasons.push(`document ${e.documentId}: invalid date ${String(e.date)} ignored`);
    const own = dated[i];
    if (own) return { ...e, effDate: own, dateInferred: false };
    // An undated document sits where it was scanned: it takes the date of the dated document
    // scanned before it (or after it, when it is first).
    const before = dated.slice(0, i).reverse().find((d) => d !== null);
    const after = dated.slice(i + 1).find((d) => d !== null);
    const effDate = before ?? after ?? asOf;
    reasons.push(`document ${e.documentId} (${e.formType}) has no date; ordered as ${effDate} by scan order`);
    return { ...e, effDate, dateInferred: true };
  });
  out.sort((a, b) => (a.effDate < b.effDate ? -1 : a.effDate > b.effDate ? 1 : a.scanSeq - b.scanSeq));
  const later = out.filter((e) => e.effDate > asOf);
  for (const e of later) reasons.push(`document ${e.documentId} dated ${e.effDate} is after asOf ${asOf}; not counted`);
  return out.filter((e) => e.effDate <= asOf);
}

function limitOf(ctx: EngineContext, def: NodeDef, enteredAt: string, metAt: string | undefined, endAt: string): { dueAt: string | null; status: LimitStatus } {
  if (!def.limit) return { dueAt: null, status: 'on_time' };
  const dueAt = addDuration(ctx.calendar, enteredAt, def.limit);
  if (metAt !== undefined) return { dueAt, status: metAt > dueAt ? 'overdue' : 'on_time' };
  return { dueAt, status: statusAt(ctx, enteredAt, dueAt, def.limit.unit, endAt) };
}

/**
 * Locate a case on the enforcement track as of `asOf` (`YYYY-MM-DD`). Pure and deterministic.
 *
 * Events are ordered by date, then scan order, so documents scanned out of order still give
 * the right node; events dated after asOf are not counted. The filing date is the first
 * filing event's date, or the earliest document's. Transitions of the rules move the node; a
 * transition to an earlier stage is ignored unless the rule allows it. Throws RangeError only
 * for an invalid `asOf`.
 */
export function locateNode(events: readonly CaseEvent[], rules: NodeRules, calendar: Calendar, asOf: string): NodeResult {
  if (!isValidIsoDate(asOf)) throw new RangeError(`asOf must be YYYY-MM-DD, got ${String(asOf)}`);
  const reasons: string[] = [];
  const empty: NodeResult = { asOf, filing: null, node: null, history: [], clocks: [], completedClocks: [], warnings: [], checklist: [], reasons, rulesVersion: rules.version };
  const ordered = orderEvents(events, asOf, reasons);
  const first = ordered[0];
  if (!first) {
    reasons.push('no events dated on or before asOf');
    return empty;
  }
  const nodeDef = new Map(rules.nodes.map((n) => [n.code, n]));
  const filingEvent = ordered.find((e) => matches(rules.filing.when, e));
  const filingBasisEvent = filingEvent ?? first;
  const filing = { date: filingBasisEvent.effDate, basis: basisOf(filingBasisEvent), inferred: !filingEvent };
  reasons.push(
    filingEvent
      ? `filing date ${filing.date} from ${filingEvent.formType} (document ${filingEvent.documentId})`
      : `no ${rules.filing.when.formType}: filing date ${filing.date} taken from the earliest document ${first.documentId} (${first.formType})`,
  );
  const ctx: EngineContext = { rules, calendar, asOf, events: ordered, filing: { date: filing.date, basis: filing.basis } };
  const warnings: NodeWarning[] = [];
  const history: NodeHistoryEntry[] = [];

  let cur = { def: nodeDef.get(rules.initialNode) as NodeDef, enteredAt: filing.date, basis: filing.basis, metAt: undefined as string | undefined };
  reasons.push(`entered ${cur.def.name} on ${cur.enteredAt} because of ${filing.basis.formType} (document ${filing.basis.documentId})`);
  for (const e of ordered) {
    if (cur.metAt === undefined && cur.def.satisfiedBy.some((c) => matches(c, e))) {
      cur.metAt = maxDate(e.effDate, cur.enteredAt);
      reasons.push(`${cur.def.name} limit met on ${cur.metAt} by ${e.formType} (document ${e.documentId})`);
    }
    const t = rules.transitions.find((x) => matches(x.when, e));
    if (!t) {
      const needsField = rules.transitions.filter((x) => x.when.formType === e.formType && x.when.field !== undefined);
      const unread = needsField.find((x) => fieldValue(e, x.when.field as string) === null);
      if (unread) {
        const field = unread.when.field as string;
        warnings.push({
          code: 'event_unreadable',
          message: `${rules.labels.forms[e.formType] ?? e.formType}（文书 ${e.documentId}）未识别出“${rules.labels.fields[field] ?? field}”，节点未变更，请人工核对`,
          basis: basisOf(e),
        });
        reasons.push(`document ${e.documentId} (${e.formType}) has no ${unread.when.field}; node unchanged`);
      } else if (needsField.length > 0) {
        reasons.push(`document ${e.documentId} (${e.formType}) does not move the node (${needsField[0]?.when.field} = ${String(fieldValue(e, needsField[0]?.when.field as string))})`);
      }
      continue;
    }
    const to = nodeDef.get(t.to) as NodeDef;
    if (to.code === cur.def.code) continue;
    if (to.stage < cur.def.stage && !t.allowBackward) {
      reasons.push(`ignored ${e.formType} (document ${e.documentId}) on ${e.effDate}: ${to.name} would move the case back from ${cur.def.name}`);
      continue;
    }
    const leftAt = maxDate(e.effDate, cur.enteredAt);
    const lim = limitOf(ctx, cur.def, cur.enteredAt, cur.metAt ?? leftAt, leftAt);
    history.push({ code: cur.def.code, name: cur.def.name, enteredAt: cur.enteredAt, leftAt, basis: cur.basis, dueAt: lim.dueAt, status: lim.status });
    cur = { def: to, enteredAt: leftAt, basis: basisOf(e), metAt: undefined };
    reasons.push(`entered ${to.name} on ${leftAt} because of ${e.formType} (document ${e.documentId})`);
  }

  const lim = limitOf(ctx, cur.def, cur.enteredAt, cur.metAt, asOf);
  const node: NodeState = { code: cur.def.code, name: cur.def.name, enteredAt: cur.enteredAt, dueAt: lim.dueAt, status: lim.status, basis: cur.basis };
  if (cur.def.limit) node.limitLabel = cur.def.limit.label;
  if (cur.metAt) node.limitMetAt = cur.metAt;
  if (cur.def.limit && !cur.metAt && lim.status !== 'on_time') {
    const word = lim.status === 'overdue' ? '已超期' : '即将到期';
    warnings.push({ code: 'node_limit', message: `${cur.def.name}：${cur.def.limit.label}，${word}（到期日 ${lim.dueAt}）`, status: lim.status, dueAt: lim.dueAt as string, basis: cur.basis });
  }

  const clockResult = evaluateClocks(ctx);
  reasons.push(...clockResult.reasons);
  warnings.push(...clockResult.warnings);

  const checks = rules.terminationChecks;
  const { checklist } = evaluateTerminationChecks(ctx, asOf);
  if (checks && cur.def.code === checks.node) {
    const atRuling = evaluateTerminationChecks(ctx, cur.enteredAt);
    if (atRuling.missing.length > 0) {
      warnings.push({
        code: checks.warningCode,
        message: `${cur.def.name}核查未通过：${atRuling.labels.join('、')}`,
        missing: atRuling.missing,
        basis: cur.basis,
      });
      reasons.push(`${cur.def.name} entered on ${cur.enteredAt} with checks missing: ${atRuling.missing.join(', ')}`);
    } else reasons.push(`${cur.def.name} checks passed on ${cur.enteredAt}`);
  }
  if (ordered.every((e) => e.dateInferred)) {
    warnings.push({ code: 'dates_missing', message: '案件文书均未识别出日期，期限按当前日期估算，请人工补录日期' });
  }
  const yearsOut = [...new Set([filing.date, asOf].filter((d) => !calendar.covers(d)).map((d) => d.slice(0, 4)))];
  if (yearsOut.length > 0) reasons.push(`no holiday calendar for ${yearsOut.join(', ')}: working days counted as Monday–Friday`);

  return { asOf, filing, node, history, clocks: clockResult.clocks, completedClocks: clockResult.completed, warnings, checklist, reasons, rulesVersion: rules.version };
}
