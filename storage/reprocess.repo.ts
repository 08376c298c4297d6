/**
 * Reprocessing a file (after better language data, rules or preprocessing): its pages go back
 * to `pending` for OCR, and the assemble stage then *re-reads* the existing documents instead of
 * splitting anew, so clerks' splits, merges and corrections survive. Both steps are
 * compare-and-set transactions, like the rest of the pipeline's state.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { deleteEventOfDocument, upsertEvent } from './cases.repo.ts';
import type { Db } from './db.ts';
import { caseOfDocument, caseOfDoubtedDate, documentValues, markAssembled, type AssemblyResult, type DocumentRow, type MachineDocument } from './documents.repo.ts';
import { documents, pages, scanFiles } from './schema.ts';

/**
 * Put a finished file back into the pipeline: an assembled (or OCR-failed) file back into OCR
 * (returns its page ids), a file that failed before rasterizing back to the start
 * (`rasterize: true`). Null when the file is unknown or still in flight.
 */
export async function startReprocess(db: Db, fileId: string): Promise<{ pageIds: string[]; rasterize: boolean } | null> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const early = await tx
      .update(scanFiles)
      .set({ status: 'processing', errorCode: null, errorMessage: null, updatedAt: new Date() })
      .where(and(eq(scanFiles.id, fileId), eq(scanFiles.stage, 'received'), eq(scanFiles.status, 'failed')))
      .returning({ id: scanFiles.id });
    if (early.length > 0) return { pageIds: [], rasterize: true };
    const moved = await tx
      .update(scanFiles)
      .set({ stage: 'rasterized', status: 'processing', errorCode: null, errorMessage: null, updatedAt: new Date() })
      .where(and(eq(scanFiles.id, fileId), sql`(${scanFiles.stage} = 'assembled' OR (${scanFiles.status} = 'failed' AND ${scanFiles.stage} = 'rasterized'))`))
      .returning({ id: scanFiles.id });
    if (moved.length === 0) return null;
    const rows = await tx
      .update(pages)
      .set({ status: 'pending', errorCode: null, updatedAt: new Date() })
      .where(and(eq(pages.fileId, fileId), inArray(pages.status, ['recognized', 'failed'])))
      .returning({ id: pages.id });
    return { pageIds: rows.map((r) => r.id), rasterize: false };
  });
}

/**
 * New values for an existing document (corrections already applied by the caller): a machine
 * document without the identity fields, which the stored row keeps.
 */
export type RereadDocument = Omit<MachineDocument, 'id' | 'seqInFile' | 'pageIds'> & {
  documentId: string;
  /** True when the values came from a clerk (the event source stays `correction`). */
  corrected: boolean;
};

/**
 * Write re-read documents and move the file `rasterized → assembled`, one transaction. Returns
 * the ids of every case touched (before and after), or null when another delivery did it.
 */
export async function saveReread(
  db: Db,
  fileId: string,
  before: DocumentRow[],
  docs: RereadDocument[],
  fileResult: AssemblyResult,
): Promise<number[] | null> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    if (!(await markAssembled(tx, fileId, fileResult))) return null;
    const caseIds = new Set(before.map((d) => d.caseId).filter((c): c is number => c !== null));
    for (const d of docs) {
      const old = before.find((b) => b.id === d.documentId);
      if (!old) continue;
      const caseId = await caseOfDocument(tx, d);
      if (caseId !== null) caseIds.add(caseId);
      const doubtedIn = caseId === null ? await caseOfDoubtedDate(tx, d) : null;
      if (doubtedIn !== null) caseIds.add(doubtedIn);
      // The row's identity (id, file, position) stays; every machine value is rewritten.
      const { id: _id, fileId: _file, seqInFile: _seq, ...values } = documentValues({ ...d, id: d.documentId, seqInFile: old.seqInFile, pageIds: [] }, fileId, caseId);
      await tx
        .update(documents)
        .set({ ...values, status: caseId !== null ? 'filed' : 'needs_review', reviewCodes: caseId !== null ? [] : d.reviewCodes, updatedAt: new Date() })
        .where(eq(documents.id, d.documentId));
      if (caseId !== null) {
        await upsertEvent(tx, {
          caseId,
          documentId: d.documentId,
          formType: d.formType,
          eventDate: d.docDate,
          scanSeq: fileResult.scanSeqBase + old.seqInFile,
          fields: d.fields,
          source: d.corrected ? 'correction' : 'machine',
        });
      } else {
        await deleteEventOfDocument(tx, d.documentId);
      }
    }
    return [...caseIds];
  });
}
