/**
 * Re-reading existing documents after a file was reprocessed: each document keeps its pages
 * (clerks' splits and merges stand) and is classified again from the new OCR text; every value
 * a clerk corrected wins over the machine's new reading. Pure mapping, no I/O.
 */
import type { DocumentRow } from '../storage/documents.repo.ts';
import type { RereadDocument } from '../storage/reprocess.repo.ts';
import { dateDoubtOf, type DocumentDraft } from './split-classify.ts';

/** Keys of `documents.corrections` that override machine values (see corrections.repo.ts). */
const CORRECTABLE = ['formType', 'caseNumber', 'date', 'fields', 'volume'] as const;

export function rereadDocument(doc: DocumentRow, draft: DocumentDraft): RereadDocument {
  const corr = doc.corrections as { formType?: string; caseNumber?: string; date?: string | null; fields?: Record<string, unknown>; volume?: 'main' | 'secondary' };
  const kept = CORRECTABLE.filter((k) => corr[k] !== undefined);
  const fields: Record<string, unknown> = { ...draft.fields };
  // Corrected fields keep the stored `{ value, confidence: 1, reason: corrected by … }` entry.
  for (const k of Object.keys(corr.fields ?? {})) fields[k] = doc.fields[k];
  const caseNumber = corr.caseNumber ?? draft.caseNumber;
  const corrected = kept.length > 0;
  const reasons = [...draft.reasons, `re-read after reprocessing${corrected ? `; corrected values kept: ${kept.join(', ')}` : ''}`];
  let status = draft.status;
  let reviewCodes = draft.reviewCodes;
  if (corrected) {
    // A clerk has looked at this document: it is filed when it has a case number.
    status = caseNumber ? 'classified' : 'needs_review';
    reviewCodes = caseNumber ? [] : ['case_number_missing'];
  }
  return {
    documentId: doc.id,
    caseNumber,
    originalCaseNumber: draft.originalCaseNumber,
    parties: draft.parties,
    formType: corr.formType ?? draft.formType,
    title: draft.title,
    docDate: corr.date !== undefined ? corr.date : draft.docDate,
    volume: corr.volume ?? draft.volume,
    confidence: corrected ? 1 : draft.confidence,
    fields,
    reasons,
    status,
    reviewCodes,
    dateDoubt: corrected ? null : dateDoubtOf(draft),
    corrected,
  };
}
