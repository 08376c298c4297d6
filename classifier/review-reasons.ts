/**
 * Review flags for a classification: which stable reason codes (see `errors.ts`) send it to a
 * clerk. Pure; imports only types (the reason codes from `errors.ts`, which imports nothing).
 */
import type { ReasonCode } from '../errors.ts';
import { parseCaseNumber } from './case-number.ts';
import type { PageClassification } from './classify.ts';
import type { NodeRules } from './rules.schema.ts';

/** Thresholds for {@link reviewReasons}: a number applies to all three. */
export type ReviewThresholds = number | { form: number; ocr?: number; caseNumber?: number };

/**
 * Reason codes that send a classification to a clerk: `case_number_missing`,
 * `case_number_inherited` (the page's own 案号 line unread, a number from elsewhere stands in),
 * `form_type_uncertain` (confidence below the form threshold), `case_date_mismatch` (a form
 * dated before its case's year) and `ocr_low_confidence` (mean
 * OCR line confidence below the OCR threshold, a case number read with a confidence below the
 * case-number threshold, or a form's date below the OCR threshold — see
 * `PageClassification.dateConfidence`). With the node rules, also `node_field_unread`: the
 * form moves a case only by a field's value (分流结果 of a triage sheet, 审批意见 of an appraisal
 * approval) and that field was not read, so the case's node cannot follow the paper.
 * Empty when the result can be filed as is.
 */
export function reviewReasons(c: PageClassification, threshold: ReviewThresholds, nodes?: Pick<NodeRules, 'transitions'>): ReasonCode[] {
  const formT = typeof threshold === 'number' ? threshold : threshold.form;
  const ocrT = typeof threshold === 'number' ? threshold : (threshold.ocr ?? threshold.form);
  const caseT = typeof threshold === 'number' ? threshold : (threshold.caseNumber ?? threshold.form);
  const out: ReasonCode[] = [];
  if (!c.caseNumber) out.push('case_number_missing');
  // The page's own 案号 line was unread and a number from elsewhere (the cover sheet before it)
  // stands in: in a mixed batch that is another case's number as often as not (bench seed 11:
  // a 2024 triage sheet of a Foshan case filed under a 2013 Wuxi cover), so a clerk confirms.
  else if (c.caseNumberLineUnread) out.push('case_number_inherited');
  if (c.confidence < formT) out.push('form_type_uncertain');
  // A case number read only through heavy repair (a province glyph taken from the court name)
  // must be confirmed: filing a document into the wrong case is the costliest error.
  const caseDoubt = c.caseNumber !== null && c.caseNumber.confidence < caseT;
  // So must a form's date read only from running text or not at all (it sets node dates).
  const dateDoubt = typeof c.dateConfidence === 'number' && c.dateConfidence < ocrT;
  if ((c.ocrConfidence !== null && c.ocrConfidence < ocrT) || caseDoubt || dateDoubt) out.push('ocr_low_confidence');
  // A form of a case is never dated before the year the case was filed in (the year in its
  // number): one of the two is wrong, e.g. a number inherited from a cover sheet of another
  // case, or a year misread. Recitals are older, but a form's own date is not.
  const year = c.caseNumber && typeof c.dateConfidence === 'number' && c.date ? parseCaseNumber(c.caseNumber.canonical)?.year : undefined;
  if (year !== undefined && (c.date as string) < `${year}-01-01`) out.push('case_date_mismatch');
  if (nodes && nodeFieldsUnread(c, nodes).length > 0) out.push('node_field_unread');
  return out;
}

/**
 * The fields a transition of `nodes` reads on a document of `c`'s form type that `c` lacks.
 * A form with a transition on its type alone (a search referral) needs none; a field read
 * with a value no transition names (审批意见: 不同意) is read, not lacking.
 */
export function nodeFieldsUnread(c: Pick<PageClassification, 'formType' | 'fields'>, nodes: Pick<NodeRules, 'transitions'>): string[] {
  const needed = new Set(nodes.transitions.filter((t) => t.when.formType === c.formType && t.when.field !== undefined).map((t) => t.when.field as string));
  return [...needed].filter((f) => !(f in c.fields));
}
