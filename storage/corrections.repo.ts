/**
 * Clerk corrections of a document: the corrected values become the document's values, the
 * correction is kept in `corrections` (so a later machine run never overwrites it), and the
 * document is filed into its (possibly new) case with a `correction` event — one transaction.
 */
import { eq } from 'drizzle-orm';
import { deleteEventOfDocument, upsertCase, upsertEvent } from './cases.repo.ts';
import type { Db } from './db.ts';
import { documents } from './schema.ts';
import { getDocument, scanSeqOfDocument, type DocumentRow } from './documents.repo.ts';

export interface DocumentCorrection {
  formType?: string;
  caseNumber?: string;
  date?: string | null;
  fields?: Record<string, string | number | boolean | null>;
  volume?: 'main' | 'secondary';
}

/** Apply a correction; returns the case ids whose node must be recomputed (old and new). */
export async function applyCorrection(
  db: Db,
  documentId: string,
  c: DocumentCorrection,
  by: string,
): Promise<{ document: DocumentRow; caseIds: number[] } | null> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const doc = await getDocument(tx, documentId);
    if (!doc) return null;
    const caseIds = new Set<number>();
    if (doc.caseId !== null) caseIds.add(doc.caseId);
    const caseNumber = c.caseNumber ?? doc.caseNumber;
    const fields = { ...doc.fields };
    for (const [k, v] of Object.entries(c.fields ?? {})) fields[k] = { value: v, confidence: 1, reason: `corrected by ${by}` };
    let caseId: number | null = null;
    if (caseNumber) {
      const row = await upsertCase(tx, caseNumber);
      caseId = row.id;
      caseIds.add(row.id);
    }
    const corrections = {
      ...doc.corrections,
      ...Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)),
      correctedBy: by,
      correctedAt: new Date().toISOString(),
    };
    const [updated] = await tx
      .update(documents)
      .set({
        formType: c.formType ?? doc.formType,
        caseNumber,
        caseId,
        docDate: c.date !== undefined ? c.date : doc.docDate,
        volume: c.volume ?? doc.volume,
        fields,
        corrections,
        status: caseId !== null ? 'filed' : 'needs_review',
        reviewCodes: caseId !== null ? [] : ['case_number_missing'],
        confidence: 1,
        updatedAt: new Date(),
      })
      .where(eq(documents.id, documentId))
      .returning();
    if (caseId !== null) {
      await upsertEvent(tx, {
        caseId,
        documentId,
        formType: updated!.formType,
        eventDate: updated!.docDate,
        scanSeq: scanSeqOfDocument(doc),
        fields,
        source: 'correction',
      });
    } else {
      await deleteEventOfDocument(tx, documentId);
    }
    return { document: updated!, caseIds: [...caseIds] };
  });
}
