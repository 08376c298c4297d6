/**
 * Clerk restructuring of documents: split one document in two at a page, or merge one
 * document into another. Each is one transaction that moves page rows, keeps the events of the
 * node engine in step with the documents (one event per filed document) and returns the case
 * ids whose node must be recomputed. Classification of the new grouping is the caller's job
 * (the classifier is pure and lives outside storage): it reads the pages, classifies them and
 * passes the draft in; the transaction re-checks that the pages have not moved meanwhile
 * (reads happen outside it because PGlite has a single connection).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { deleteEventOfDocument, upsertCase, upsertEvent } from './cases.repo.ts';
import type { Db } from './db.ts';
import { documentValues, getDocument, scanSeqOfDocument, type DocumentRow, type MachineDocument } from './documents.repo.ts';
import { documents, pages } from './schema.ts';

export type RestructureError = 'document_not_found' | 'page_not_in_document' | 'split_at_first_page' | 'merge_into_self' | 'document_changed';

export type DocumentDraft = Omit<MachineDocument, 'id' | 'seqInFile'> & { originalCaseNumber?: string | null };

export interface RestructureResult {
  document: DocumentRow;
  caseIds: number[];
}

async function pageIdsOf(tx: Db, documentId: string): Promise<string[]> {
  const rows = await tx.select({ id: pages.id }).from(pages).where(eq(pages.documentId, documentId)).orderBy(asc(pages.numberInDocument));
  return rows.map((r) => r.id);
}

/** The page ids of a document in order (read before a split to classify the moving pages). */
export async function pageIdsOfDocument(db: Db, documentId: string): Promise<string[]> {
  return pageIdsOf(db, documentId);
}

/**
 * Move the pages from `atPageId` to the end of `documentId` into a new document of the same
 * file with the values of `d` (the caller classified exactly those pages, `d.pageIds`). The
 * source keeps its values and corrections.
 */
export async function splitDocument(db: Db, documentId: string, atPageId: string, d: DocumentDraft, by: string): Promise<RestructureResult | RestructureError> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    // Serialise restructurings of one file: seq_in_file is allocated below.
    const src = await getDocument(tx, documentId);
    if (!src) return 'document_not_found';
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'restructure:' + src.fileId}))`);
    const ids = await pageIdsOf(tx, documentId);
    const at = ids.indexOf(atPageId);
    if (at < 0) return 'page_not_in_document';
    if (at === 0) return 'split_at_first_page';
    const moved = ids.slice(at);
    if (moved.join() !== d.pageIds.join()) return 'document_changed';
    const [seqRow] = await tx
      .select({ max: sql<number>`coalesce(max(${documents.seqInFile}), 0)::int` })
      .from(documents)
      .where(eq(documents.fileId, src.fileId));
    const id = randomUUID();
    let caseId: number | null = null;
    const caseIds = new Set<number>();
    if (src.caseId !== null) caseIds.add(src.caseId);
    if (d.status === 'classified' && d.caseNumber) {
      caseId = (await upsertCase(tx, d.caseNumber, { originalCaseNumber: d.originalCaseNumber ?? null })).id;
      caseIds.add(caseId);
    }
    const seqInFile = Number(seqRow?.max ?? 0) + 1;
    const values = documentValues(
      {
        ...d,
        id,
        seqInFile,
        reasons: [`split from document ${documentId} at page ${at + 1} by ${by}`, ...d.reasons],
        status: 'needs_review',
        reviewCodes: d.reviewCodes.length > 0 ? d.reviewCodes : ['case_number_missing'],
      },
      src.fileId,
      caseId,
    );
    const [created] = await tx
      .insert(documents)
      .values({ ...values, reviewCodes: caseId !== null ? [] : values.reviewCodes, createdAt: src.createdAt })
      .returning();
    for (const [i, pageId] of moved.entries()) {
      await tx.update(pages).set({ documentId: id, numberInDocument: i + 1, updatedAt: new Date() }).where(eq(pages.id, pageId));
    }
    if (caseId !== null) {
      await upsertEvent(tx, {
        caseId,
        documentId: id,
        formType: d.formType,
        eventDate: d.docDate,
        scanSeq: scanSeqOfDocument({ createdAt: src.createdAt, seqInFile }),
        fields: d.fields,
        source: 'machine',
      });
    }
    await tx.update(documents).set({ updatedAt: new Date() }).where(eq(documents.id, documentId));
    return { document: created!, caseIds: [...caseIds] };
  });
}

/**
 * Append every page of `sourceId` to `intoId` and remove the source document (and its event).
 * The target keeps its values and corrections. Documents of different files may be merged (a
 * long document scanned in two sittings).
 */
export async function mergeDocuments(db: Db, sourceId: string, intoId: string): Promise<RestructureResult | RestructureError> {
  if (sourceId === intoId) return 'merge_into_self';
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const src = await getDocument(tx, sourceId);
    const into = await getDocument(tx, intoId);
    if (!src || !into) return 'document_not_found';
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'restructure:' + into.fileId}))`);
    const existing = await pageIdsOf(tx, intoId);
    const moving = await pageIdsOf(tx, sourceId);
    for (const [i, pageId] of moving.entries()) {
      await tx
        .update(pages)
        .set({ documentId: intoId, numberInDocument: existing.length + i + 1, updatedAt: new Date() })
        .where(and(eq(pages.id, pageId), eq(pages.documentId, sourceId)));
    }
    await deleteEventOfDocument(tx, sourceId);
    await tx.delete(documents).where(eq(documents.id, sourceId));
    const [updated] = await tx.update(documents).set({ updatedAt: new Date() }).where(eq(documents.id, intoId)).returning();
    const caseIds = [src.caseId, into.caseId].filter((c): c is number => c !== null);
    return { document: updated!, caseIds: [...new Set(caseIds)] };
  });
}
