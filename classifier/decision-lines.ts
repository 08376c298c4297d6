/**
 * The lines of a form that decide its case's node (分流意见 快执团队, 院长意见 同意): which
 * fields they are, and which of a page's lines print such a label with a value none of its
 * words reads.
 *
 * The OCR stage reads those lines again (ocr/decision-line.ts): the full page loses a word in a
 * table cell under noise (|院长意见|本章 for 同意, bench:accuracy seed 5) and the case then
 * waits for a clerk with `node_field_unread`; the line read alone comes out right. What is a
 * decision field comes from the rule files (an enum field a node transition reads), so a
 * court's new form or label is covered without code. Pure: imports only sibling pure modules.
 */
import { LEADING_NOISE, opensWith, pickEnum } from './fields.ts';
import { foldForMatch } from './normalize-text.ts';
import type { FormRules, NodeRules } from './rules.schema.ts';

/** An enum field a node transition reads: the labels it is printed after and its values' words. */
export interface DecisionField {
  /** `formCode.fieldName`, for reports. */
  key: string;
  labels: string[];
  values: Record<string, string[]>;
}

/** The enum fields the node transitions read, one per form and field. */
export function decisionFields(forms: Pick<FormRules, 'forms'>, nodes: Pick<NodeRules, 'transitions'>): DecisionField[] {
  const out = new Map<string, DecisionField>();
  for (const t of nodes.transitions) {
    const { formType, field } = t.when;
    if (field === undefined) continue;
    const def = forms.forms.find((f) => f.code === formType)?.fields.find((f) => f.name === field);
    if (!def?.enum) continue;
    out.set(`${formType}.${field}`, { key: `${formType}.${field}`, labels: def.labels, values: def.enum });
  }
  return [...out.values()];
}

/**
 * What a reading of a decision line says: `field key:value` of the first of `fields` whose
 * words it holds (审批意见 opens the lines of several forms' fields), or null.
 */
export function decisionValue(text: string, fields: readonly DecisionField[]): string | null {
  const folded = foldForMatch(text);
  for (const f of fields) {
    const v = pickEnum(folded, f.values)?.value;
    if (v !== undefined) return `${f.key}:${v}`;
  }
  return null;
}

/**
 * The lines (0-based indexes) that open with a decision field's label (one glyph may be
 * misread in a long one) and hold none of the value words of any field printed after that
 * label: |院长意见|本章, 局长意册，; 分流意见 精执团队 is read. A label inside running text
 * (本院审批意见为…) does not open its line and is left alone.
 */
export function unreadDecisionLines(lines: readonly string[], fields: readonly DecisionField[]): Array<{ index: number; fields: DecisionField[]; label: string }> {
  const out: Array<{ index: number; fields: DecisionField[]; label: string }> = [];
  lines.forEach((line, index) => {
    const folded = foldForMatch(line).replace(LEADING_NOISE, '');
    const opening = fields.flatMap((f) => f.labels.filter((l) => opensWith(folded, l)).map((label) => ({ f, label })));
    const first = opening[0];
    if (!first) return;
    const labelled = [...new Set(opening.map((o) => o.f))];
    // The label as the rule file spells it: the exact one when the line prints it, else the near one.
    const label = (opening.find((o) => folded.startsWith(foldForMatch(o.label))) ?? first).label;
    if (decisionValue(folded, labelled) === null) out.push({ index, fields: labelled, label });
  });
  return out;
}
