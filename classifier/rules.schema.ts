/**
 * Schemas (zod) and types for the classifier's data: form rules, node rules, holiday calendars.
 *
 * Owns the shape of every rule file a court may edit (`rules/forms.default.json`,
 * `rules/nodes.default.json`, `calendar/cn-YYYY.json`) and the cross-checks between them
 * (a transition naming a form or enum value that does not exist is an error, not a silent
 * no-op). Imports only zod and the pure date helpers; reading files is `rules.loader.ts`'s job.
 */
import { z } from 'zod';
import { isValidIsoDate } from './dates.ts';

const IsoDate = z.string().refine(isValidIsoDate, { message: 'expected a real date written YYYY-MM-DD' });
const Code = z.string().regex(/^[a-z][a-z0-9_]*$/, { message: 'expected a snake_case code' });
const Phrase = z.string().min(1);

// ---------------------------------------------------------------- forms

/** How a field's value is read: see `fields.ts`. */
export const FieldTypeSchema = z.enum(['case_number', 'date', 'amount', 'text', 'enum', 'duration']);

export const FieldDefSchema = z
  .object({
    /** camelCase key used in `fields` of a classification and of a case event. */
    name: z.string().regex(/^[a-z][A-Za-z0-9]*$/, { message: 'expected a camelCase field name' }),
    /** Display name (zh-CN). */
    label: Phrase,
    /** Label spellings as printed on forms, most specific first. */
    labels: z.array(Phrase).min(1),
    type: FieldTypeSchema,
    /** For `enum`: canonical value → phrases that mean it. */
    enum: z.record(Code, z.array(Phrase).min(1)).optional(),
    /** Which labelled occurrence wins when the label appears more than once. */
    occurrence: z.enum(['first', 'last']).default('first'),
    /** For `enum`: when no label is found, look for the phrases anywhere in the text. */
    searchBody: z.boolean().default(false),
    /**
     * For `text`: the value is a list of these items (查控事项: 银行存款、车辆 …). The value read is
     * cut into them where OCR lost the 、 between two, and an item read a glyph off is spelled as
     * listed; text that is no item is kept as read.
     */
    items: z.array(Phrase).min(1).optional(),
  })
  .superRefine((f, ctx) => {
    if ((f.type === 'enum') !== (f.enum !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'an enum field needs an `enum` map, and only an enum field may have one' });
    }
    if (f.items !== undefined && f.type !== 'text') ctx.addIssue({ code: 'custom', message: 'only a text field may have `items`' });
  });

export const FormDefSchema = z.object({
  code: Code,
  /** Display name (zh-CN). */
  name: Phrase,
  /** Title variants; any one recognised in the first lines identifies the form. */
  titles: z.array(z.string().min(2)).min(1),
  /** Titles shared with other forms (e.g. 执行裁定书): only count with a `requiredKeywords` hit. */
  genericTitles: z.array(z.string().min(2)).default([]),
  /** Body phrases, any one of which must appear when the form was matched by a generic title. */
  requiredKeywords: z.array(Phrase).default([]),
  /** Body phrases that confirm the form (each hit raises confidence). */
  confirmingKeywords: z.array(Phrase).default([]),
  /** Case-number type codes to prefer as the document's case (e.g. the 执 case, not the 执异 one). */
  preferTypeCodes: z.array(Phrase).default([]),
  fields: z.array(FieldDefSchema).default([]),
  /** Field whose date is the document's date; otherwise the last date in the text (落款). */
  dateField: z.string().nullable().default(null),
  volume: z.enum(['main', 'secondary']),
  /** What the form does to the case, for people (the node engine reads `nodes` rules). */
  effect: z.object({ kind: z.enum(['node', 'checklist', 'clock', 'document']), note: Phrase }),
  isCover: z.boolean().default(false),
  /**
   * The form may be dated on a day off (a weekend or public holiday): a record of an onsite visit
   * made on a Sunday, a party's own application, a bank's arrival date, a network search's
   * feedback date (the banks answer on weekends too). Any other form is signed by the court on a
   * working day, so a date of it read on a day off is a misread until a clerk confirms it.
   */
  datedOnDaysOff: z.boolean().default(false),
});

export const FormRulesSchema = z
  .object({
    kind: z.literal('forms'),
    version: Phrase,
    matching: z
      .object({
        /** Minimum title similarity (1 − edits / title length). */
        titleSimilarity: z.number().min(0.5).max(1).default(0.75),
        /** Minimum share of a line a title must take (0.5: a sentence that mentions a title is no title). */
        titleMinCoverage: z.number().min(0).max(1).default(0.5),
        /** Non-empty lines from the top of a page searched for a title. */
        titleSearchLines: z.number().int().min(1).max(40).default(8),
        /** Classification confidence below this → `form_type_uncertain`. */
        reviewThreshold: z.number().min(0).max(1).default(0.6),
        /** Mean OCR line confidence (0–1) below this → `ocr_low_confidence`. */
        ocrConfidenceThreshold: z.number().min(0).max(1).default(0.6),
        /**
         * Words that make a form's title another paper's (异议 in 终结本次执行程序异议裁定书, 结案 in
         * 执行案件结案审批表): a title matched with edits whose line holds one its form's titles lack
         * goes to a clerk, however similar (classify.ts).
         */
        otherPaperWords: z.array(z.string().min(2)).default([]),
      })
      .prefault({}),
    /** Fields read on every form (e.g. 案号). */
    commonFields: z.array(FieldDefSchema).default([]),
    /**
     * What a page without a recognised form title is filed as. `knownTitles` are titles of such
     * documents (协助执行通知书, 解除限制消费令, …): one that matches a line at least as well as a
     * form title it contains or resembles wins over that form, and it starts a new document.
     */
    fallback: z.object({
      code: Code,
      name: Phrase,
      volume: z.enum(['main', 'secondary']),
      knownTitles: z.array(z.string().min(2)).default([]),
    }),
    forms: z.array(FormDefSchema).min(1),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.forms.forEach((f, i) => {
      if (seen.has(f.code)) ctx.addIssue({ code: 'custom', path: ['forms', i, 'code'], message: `duplicate form code ${f.code}` });
      seen.add(f.code);
      if (f.code === r.fallback.code) {
        ctx.addIssue({ code: 'custom', path: ['forms', i, 'code'], message: `${f.code} is the fallback code` });
      }
      const names = new Set([...r.commonFields, ...f.fields].map((x) => x.name));
      if (f.dateField !== null && ![...r.commonFields, ...f.fields].some((x) => x.name === f.dateField && x.type === 'date')) {
        ctx.addIssue({ code: 'custom', path: ['forms', i, 'dateField'], message: `dateField ${f.dateField} is not a date field of ${f.code}` });
      }
      if (names.size !== r.commonFields.length + f.fields.length) {
        ctx.addIssue({ code: 'custom', path: ['forms', i, 'fields'], message: `duplicate field name in ${f.code}` });
      }
      if (f.genericTitles.length > 0 && f.requiredKeywords.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['forms', i, 'requiredKeywords'], message: `${f.code} has generic titles but no requiredKeywords` });
      }
    });
  });

export type FieldType = z.infer<typeof FieldTypeSchema>;
export type FieldDef = z.infer<typeof FieldDefSchema>;
export type FormDef = z.infer<typeof FormDefSchema>;
export type FormRules = z.infer<typeof FormRulesSchema>;

// ---------------------------------------------------------------- nodes

/** An event matches when its form type is `formType` and, if given, its `field` is one of `equals`. */
export const ConditionSchema = z
  .object({ formType: Code, field: z.string().optional(), equals: z.array(Phrase).min(1).optional() })
  .refine((c) => (c.field === undefined) === (c.equals === undefined), { message: 'field and equals go together' });

export const DurationSchema = z.object({
  amount: z.number().int().positive(),
  unit: z.enum(['days', 'working_days', 'months']),
});

export const NodeDefSchema = z.object({
  code: Code,
  name: Phrase,
  /** Position on the main track; a transition to a lower stage is ignored unless allowed. */
  stage: z.number().int().min(0),
  limit: DurationSchema.extend({ label: Phrase }).nullable(),
  /** Events that meet the node's limit without leaving the node. */
  satisfiedBy: z.array(ConditionSchema).default([]),
  terminal: z.boolean().default(false),
  /**
   * Nodes a case is in before it enters this one (实施·评估拍卖 from 实施): a form that moves the
   * case here is never dated before the case first entered one of them, which settles a date of
   * it in doubt (track-date.ts).
   */
  enteredFrom: z.array(Code).default([]),
});

export const TransitionSchema = z.object({
  when: ConditionSchema,
  to: Code,
  allowBackward: z.boolean().default(false),
});

export const ClockDefSchema = z.object({
  code: Code,
  /** Display name (zh-CN), used in warning messages. */
  label: Phrase,
  /** `deadline`: something must happen by dueAt; `flag`: the case has been open that long. */
  kind: z.enum(['deadline', 'flag']).default('deadline'),
  start: z.union([z.literal('filing'), ConditionSchema]),
  /** Every start event opens its own instance (e.g. each funds arrival). */
  repeat: z.boolean().default(false),
  duration: DurationSchema,
  stopBy: z.array(ConditionSchema).default([]),
  /** A stop event closes every open instance, or only the oldest one. */
  stopMode: z.enum(['all', 'oldest']).default('all'),
  /** Events that push dueAt out by their field's duration (`P3M`, `P90D`) or to its date. */
  extendBy: z.object({ when: ConditionSchema, field: z.string(), default: z.string().regex(/^P\d+[MD]$/).optional() }).optional(),
  /** Show a warning for the whole time the clock runs, not only when due soon / overdue. */
  warnWhileOpen: z.boolean().default(false),
});

export const TerminationChecksSchema = z.object({
  /** Node whose entry is checked (终本). */
  node: Code,
  warningCode: Code.default('termination_unchecked'),
  items: z.array(z.object({ item: Code, label: Phrase, anyOf: z.array(Code).min(1), required: z.boolean().default(true) })),
  minMonthsSinceFiling: z.number().int().min(0),
  monthsItem: Code,
  monthsLabel: Phrase,
});

export const NodeRulesSchema = z
  .object({
    kind: z.literal('nodes'),
    version: Phrase,
    initialNode: Code,
    /** The event that fixes the filing date; without one, the earliest document's date is used. */
    filing: z.object({ when: ConditionSchema }),
    /** due_soon when the time left ≤ min(days, fraction × limit). */
    warningWindow: z.object({ days: z.number().min(0), fraction: z.number().min(0).max(1) }),
    nodes: z.array(NodeDefSchema).min(1),
    transitions: z.array(TransitionSchema),
    clocks: z.array(ClockDefSchema).default([]),
    terminationChecks: TerminationChecksSchema.nullable().default(null),
    /** Display names (zh-CN) of form types and event fields, for warning messages. */
    labels: z
      .object({ forms: z.record(z.string(), Phrase).default({}), fields: z.record(z.string(), Phrase).default({}) })
      .prefault({}),
  })
  .superRefine((r, ctx) => {
    const codes = new Set<string>();
    r.nodes.forEach((n, i) => {
      if (codes.has(n.code)) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'code'], message: `duplicate node ${n.code}` });
      codes.add(n.code);
    });
    if (!codes.has(r.initialNode)) ctx.addIssue({ code: 'custom', path: ['initialNode'], message: `unknown node ${r.initialNode}` });
    r.transitions.forEach((t, i) => {
      if (!codes.has(t.to)) ctx.addIssue({ code: 'custom', path: ['transitions', i, 'to'], message: `unknown node ${t.to}` });
    });
    // A node is entered from one before it on the track: the date a case first entered that one is
    // the floor of this one's (track-date.ts), which a later or equal stage cannot be. A terminal
    // node's floor is every lower stage already, so a list there would be silently ignored.
    const stageOf = new Map(r.nodes.map((n) => [n.code, n.stage]));
    r.nodes.forEach((n, i) => {
      if (n.terminal && n.enteredFrom.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['nodes', i, 'enteredFrom'], message: `terminal node ${n.code} is entered from every lower stage; enteredFrom is not used there` });
      }
      n.enteredFrom.forEach((f, j) => {
        const stage = stageOf.get(f);
        if (stage === undefined) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'enteredFrom', j], message: `unknown node ${f}` });
        else if (stage >= n.stage) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'enteredFrom', j], message: `node ${f} (stage ${stage}) is not before ${n.code} (stage ${n.stage})` });
      });
    });
    if (r.terminationChecks && !codes.has(r.terminationChecks.node)) {
      ctx.addIssue({ code: 'custom', path: ['terminationChecks', 'node'], message: `unknown node ${r.terminationChecks.node}` });
    }
    const clocks = new Set<string>();
    r.clocks.forEach((c, i) => {
      if (clocks.has(c.code)) ctx.addIssue({ code: 'custom', path: ['clocks', i, 'code'], message: `duplicate clock ${c.code}` });
      clocks.add(c.code);
    });
  });

export type Condition = z.infer<typeof ConditionSchema>;
export type Duration = z.infer<typeof DurationSchema>;
export type NodeDef = z.infer<typeof NodeDefSchema>;
export type Transition = z.infer<typeof TransitionSchema>;
export type ClockDef = z.infer<typeof ClockDefSchema>;
export type TerminationChecks = z.infer<typeof TerminationChecksSchema>;
export type NodeRules = z.infer<typeof NodeRulesSchema>;

/** Both rule files, validated and cross-checked. */
export interface Rules {
  forms: FormRules;
  nodes: NodeRules;
}

/**
 * Cross-checks between the two rule files: every condition names a known form, a field of
 * that form, and enum values that field can take. Returns problems (empty when consistent).
 */
export function crossCheckRules(forms: FormRules, nodes: NodeRules): string[] {
  const problems: string[] = [];
  const byCode = new Map(forms.forms.map((f) => [f.code, f]));
  const check = (c: Condition, where: string): void => {
    const form = byCode.get(c.formType);
    if (!form) {
      problems.push(`${where}: unknown form type ${c.formType}`);
      return;
    }
    if (c.field === undefined) return;
    const field = [...forms.commonFields, ...form.fields].find((f) => f.name === c.field);
    if (!field) {
      problems.push(`${where}: form ${c.formType} has no field ${c.field}`);
      return;
    }
    if (field.type === 'enum') {
      for (const v of c.equals ?? []) {
        if (!(v in (field.enum ?? {}))) problems.push(`${where}: ${c.formType}.${c.field} has no value ${v}`);
      }
    }
  };
  check(nodes.filing.when, 'filing.when');
  nodes.nodes.forEach((n) => n.satisfiedBy.forEach((c, j) => check(c, `nodes.${n.code}.satisfiedBy[${j}]`)));
  nodes.transitions.forEach((t, i) => check(t.when, `transitions[${i}].when`));
  nodes.clocks.forEach((cl) => {
    if (cl.start !== 'filing') check(cl.start, `clocks.${cl.code}.start`);
    cl.stopBy.forEach((c, j) => check(c, `clocks.${cl.code}.stopBy[${j}]`));
    if (cl.extendBy) {
      check({ ...cl.extendBy.when }, `clocks.${cl.code}.extendBy.when`);
      const form = byCode.get(cl.extendBy.when.formType);
      if (form && ![...forms.commonFields, ...form.fields].some((f) => f.name === cl.extendBy?.field)) {
        problems.push(`clocks.${cl.code}.extendBy: form ${form.code} has no field ${cl.extendBy.field}`);
      }
    }
  });
  for (const code of Object.keys(nodes.labels.forms)) if (!byCode.has(code)) problems.push(`labels.forms: unknown form type ${code}`);
  nodes.terminationChecks?.items.forEach((it) =>
    it.anyOf.forEach((code) => {
      if (!byCode.has(code)) problems.push(`terminationChecks.${it.item}: unknown form type ${code}`);
    }),
  );
  return problems;
}

// ---------------------------------------------------------------- calendar

export const CalendarYearSchema = z
  .object({
    year: z.number().int().min(1990).max(2100),
    /** The official notice the data comes from. */
    source: Phrase,
    verified: z.boolean().default(true),
    note: z.string().optional(),
    holidays: z.array(z.object({ name: Phrase, from: IsoDate, to: IsoDate })),
    workdays: z.array(z.object({ name: Phrase, date: IsoDate })),
  })
  .superRefine((y, ctx) => {
    const inYear = (d: string): boolean => d.startsWith(`${y.year}-`);
    y.holidays.forEach((h, i) => {
      if (!inYear(h.from) || !inYear(h.to)) ctx.addIssue({ code: 'custom', path: ['holidays', i], message: `${h.name} is not inside ${y.year}` });
      if (h.from > h.to) ctx.addIssue({ code: 'custom', path: ['holidays', i], message: `${h.name}: from is after to` });
    });
    y.workdays.forEach((w, i) => {
      if (!inYear(w.date)) ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${w.date} is not inside ${y.year}` });
      if (y.holidays.some((h) => h.from <= w.date && w.date <= h.to)) {
        ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${w.date} is also a holiday` });
      }
    });
  });

export type CalendarYear = z.infer<typeof CalendarYearSchema>;
