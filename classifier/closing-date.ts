/**
 * The date of a form that closes its case (its node transition leads to a terminal node: the
 * 执行结案审批表, the 终本 ruling) when its own readings disagree. Such a form comes after
 * every other act of its case, so of its readings the one not before the latest act of the
 * same case in the same file is its date, when only one is (seed 40, held out: 审批日期
 * 2025.1.10 over a signed 2025.7.10, the case's extension approval and funds receipt of June
 * 2025 scanned with it; the approval waited for a clerk and held its case short of 结案). Pure.
 */
import type { NodeRules } from './rules.schema.ts';

export interface ClosingDateInput {
  formType: string;
  caseNumber: string | null;
  docDate: string | null;
  /** Other readings that doubt docDate (PageClassification.dateAlternatives). */
  dateAlternatives?: readonly string[];
  /** The date is the document's only doubt. */
  dateDoubtOnly?: boolean;
}

/** Form types whose transition ends the case (closing_approval → concluded …). */
export function closingForms(nodes: NodeRules): Set<string> {
  const terminal = new Set(nodes.nodes.filter((n) => n.terminal).map((n) => n.code));
  return new Set(nodes.transitions.filter((t) => terminal.has(t.to)).map((t) => t.when.formType));
}

/**
 * For each document: the reading a closing form whose date is in doubt takes, with the reason,
 * or null. `acts` are the other documents' form types that count as acts of the case (the
 * forms of the rule file, not covers or unlisted papers); their dates must not be in doubt.
 */
export function closingDatesAfterActs(docs: readonly ClosingDateInput[], closing: ReadonlySet<string>, acts: ReadonlySet<string>): Array<{ date: string; reason: string } | null> {
  return docs.map((d, i) => {
    if (!closing.has(d.formType) || !d.dateDoubtOnly || !d.caseNumber || !d.docDate || !d.dateAlternatives?.length) return null;
    const before = docs
      .filter((o, j) => j !== i && o.caseNumber === d.caseNumber && acts.has(o.formType) && !closing.has(o.formType) && !o.dateDoubtOnly && o.docDate)
      .map((o) => o.docDate as string)
      .sort()
      .at(-1);
    if (!before) return null;
    const readings = [d.docDate, ...d.dateAlternatives];
    const after = readings.filter((r) => r >= before);
    if (after.length !== 1) return null;
    const date = after[0] as string;
    const others = readings.filter((r) => r !== date);
    return { date, reason: `date ${date} taken: it closes the case, and its other reading${others.length > 1 ? 's' : ''} ${others.join(', ')} ${others.length > 1 ? 'fall' : 'falls'} before ${before}, the latest act of ${d.caseNumber} in this file` };
  });
}
