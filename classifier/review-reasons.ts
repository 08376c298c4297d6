/**
 * Review flags for a classification: which stable reason codes (see `errors.ts`) send it to a
 * clerk. Pure; imports only types (the reason codes from `errors.ts`, which imports nothing).
 */
import type { ReasonCode } from '../errors.ts';
import type { PageClassification } from './classify.ts';

/** Thresholds for {@link reviewReasons}: a number applies to both. */
export type ReviewThresholds = number | { form: number; ocr?: number };

/**
 * Reason codes that send a classification to a clerk: `case_number_missing`,
 * `form_type_uncertain` (confidence below the form threshold) and `ocr_low_confidence` (mean
 * OCR line confidence below the OCR threshold). Empty when the result can be filed as is.
 */
export function reviewReasons(c: PageClassification, threshold: ReviewThresholds): ReasonCode[] {
  const formT = typeof threshold === 'number' ? threshold : threshold.form;
  const ocrT = typeof threshold === 'number' ? threshold : (threshold.ocr ?? threshold.form);
  const out: ReasonCode[] = [];
  if (!c.caseNumber) out.push('case_number_missing');
  if (c.confidence < formT) out.push('form_type_uncertain');
  if (c.ocrConfidence !== null && c.ocrConfidence < ocrT) out.push('ocr_low_confidence');
  return out;
}
