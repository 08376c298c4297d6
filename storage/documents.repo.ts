/**
 * Documents: the unit of the e-dossier, made by splitting a file's pages. Machine results are
 * written when a file is assembled; human corrections live in `corrections` and are never
 * overwritten by a re-run of the machine.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { addParties, getCaseByNumber, upsertCase, upsertEvent } from './cases.repo.ts';
import type { Db } from './db.ts';
import { preparedPerDb } from './prepared.ts';
import { documents, pages, scanFiles, type DateDoubt, type DocumentStatus, type FileStatus } from './schema.ts';

export type DocumentRow = typeof documents.$inferSelect;

export interface MachineDocument {
  /** 执恢: the original case cited in the text. */
  originalCaseNumber?: string | null;
  /** Party names found in the document (for search by name). */
  parties?: string[];
  id: string;
  seqInFile: number;
  pageIds: string[];
  caseNumber: string | null;
  formType: string;
  title: string | null;
  docDate: string | null;
  volume: 'main' | 'secondary';
  confidence: number;
  fields: Record<string, unknown>;
  reasons: string[];
  status: DocumentStatus;
  reviewCodes: string[];
  /** Waiting for a clerk only for its date: its other readings, which its case's track may settle (ingest/date-on-track.ts). */
  dateDoubt?: DateDoubt | null;
}

/**
 * Scan order of a stored document's event when it is filed after its file was assembled (a
 * clerk's correction, a split, a date its case settled): its row's creation, then its place in
 * the file.
 */
export function scanSeqOfDocument(d: Pick<DocumentRow, 'createdAt' | 'seqInFile'>): number {
  return d.createdAt.getTime() * 1000 + d.seqInFile;
}

/** Row values of a machine document, filed into `caseId` (or not filed when null). */
export function documentValues(d: MachineDocument, fileId: string, caseId: number | null): typeof documents.$inferInsert {
  return {
    id: d.id,
    fileId,
    seqInFile: d.seqInFile,
    caseNumber: d.caseNumber,
    formType: d.formType,
    title: d.title,
    docDate: d.docDate,
    volume: d.volume,
    confidence: d.confidence,
    fields: d.fields,
    reasons: d.reasons,
    status: caseId !== null ? 'filed' : d.status,
    caseId,
    reviewCodes: d.reviewCodes,
    dateDoubt: caseId === null && d.status === 'needs_review' ? (d.dateDoubt ?? null) : null,
  };
}

export interface AssemblyResult {
  status: FileStatus;
  errorCode: string | null;
  errorMessage: string | null;
  scanSeqBase: number;
}

/** Move the file `rasterized → assembled` (compare-and-set); false when another delivery did. */
export async function markAssembled(tx: Db, fileId: string, r: AssemblyResult): Promise<boolean> {
  const moved = await tx
    .update(scanFiles)
    .set({ stage: 'assembled', status: r.status, errorCode: r.errorCode, errorMessage: r.errorMessage, updatedAt: new Date() })
    .where(and(eq(scanFiles.id, fileId), eq(scanFiles.stage, 'rasterized')))
    .returning({ id: scanFiles.id });
  return moved.length > 0;
}

/** The case a confident document is filed into (created if new, its parties added), or null. */
export async function caseOfDocument(
  tx: Db,
  d: { status: DocumentStatus; caseNumber: string | null; originalCaseNumber?: string | null; parties?: string[] },
): Promise<number | null> {
  if (d.status !== 'classified' || !d.caseNumber) return null;
  const c = await upsertCase(tx, d.caseNumber, { originalCaseNumber: d.originalCaseNumber ?? null });
  await addParties(tx, c.id, d.parties ?? []);
  return c.id;
}

/**
 * The case (when it exists) of a document waiting for a clerk only for its date: its case's
 * documents may settle the date (ingest/date-on-track.ts), so that case is located again.
 */
export async function caseOfDoubtedDate(tx: Db, d: Pick<MachineDocument, 'status' | 'caseNumber' | 'dateDoubt'>): Promise<number | null> {
  if (d.status !== 'needs_review' || !d.dateDoubt || !d.caseNumber) return null;
  return (await getCaseByNumber(tx, d.caseNumber))?.id ?? null;
}

/**
 * Write the documents of a file, file the confident ones into their cases (case row, event),
 * and move the file `rasterized → assembled`, all in one transaction. Returns the ids of the
 * cases touched, or null (writing nothing) if another delivery already assembled the file.
 */
export async function saveAssembly(
  db: Db,
  fileId: string,
  docs: MachineDocument[],
  fileResult: AssemblyResult,
): Promise<number[] | null> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    if (!(await markAssembled(tx, fileId, fileResult))) return null;
    const caseIds = new Set<number>();
    for (const d of docs) {
      const caseId = await caseOfDocument(tx, d);
      if (caseId !== null) caseIds.add(caseId);
      const doubtedIn = caseId === null ? await caseOfDoubtedDate(tx, d) : null;
      if (doubtedIn !== null) caseIds.add(doubtedIn);
      await tx.insert(documents).values(documentValues(d, fileId, caseId));
      if (caseId !== null) {
        await upsertEvent(tx, {
          caseId,
          documentId: d.id,
          formType: d.formType,
          eventDate: d.docDate,
          scanSeq: fileResult.scanSeqBase + d.seqInFile,
          fields: d.fields,
          source: 'machine',
        });
      }
      for (const [i, pageId] of d.pageIds.entries()) {
        await tx.update(pages).set({ documentId: d.id, numberInDocument: i + 1 }).where(eq(pages.id, pageId));
      }
    }
    return [...caseIds];
  });
}

export async function documentsOfFile(db: Db, fileId: string): Promise<DocumentRow[]> {
  return db.select().from(documents).where(eq(documents.fileId, fileId)).orderBy(asc(documents.seqInFile));
}

export async function getDocument(db: Db, id: string): Promise<DocumentRow | null> {
  const rows = await db.select().from(documents).where(eq(documents.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function documentIdsOfFiles(db: Db, fileIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (fileIds.length === 0) return out;
  const rows = await db
    .select({ id: documents.id, fileId: documents.fileId })
    .from(documents)
    .where(inArray(documents.fileId, fileIds))
    .orderBy(asc(documents.seqInFile));
  for (const r of rows) out.set(r.fileId, [...(out.get(r.fileId) ?? []), r.id]);
  return out;
}

const documentsOfCaseStmt = preparedPerDb((db) =>
  db
    .select()
    .from(documents)
    .where(eq(documents.caseId, sql.placeholder('caseId')))
    .orderBy(sql`${documents.docDate} NULLS LAST`, asc(documents.createdAt), asc(documents.seqInFile))
    .prepare('documents_of_case'),
);

/** Documents of a case in dossier order: by date, undated ones by scan order. */
export async function documentsOfCase(db: Db, caseId: number): Promise<DocumentRow[]> {
  return documentsOfCaseStmt(db).execute({ caseId });
}

export async function pagesOfDocuments(db: Db, documentIds: string[]) {
  if (documentIds.length === 0) return [];
  return db
    .select({ id: pages.id, documentId: pages.documentId, number: pages.numberInDocument, fileId: pages.fileId, pageIndex: pages.pageIndex })
    .from(pages)
    .where(inArray(pages.documentId, documentIds))
    .orderBy(asc(pages.documentId), asc(pages.numberInDocument));
}

const pagesOfCaseStmt = preparedPerDb((db) =>
  db
    .select({ id: pages.id, documentId: pages.documentId, number: pages.numberInDocument, fileId: pages.fileId, pageIndex: pages.pageIndex })
    .from(pages)
    .innerJoin(documents, eq(documents.id, pages.documentId))
    .where(eq(documents.caseId, sql.placeholder('caseId')))
    .orderBy(asc(pages.documentId), asc(pages.numberInDocument))
    .prepare('pages_of_case'),
);

/** The pages of every document of a case (one query; the dossier runs it beside documentsOfCase). */
export async function pagesOfCase(db: Db, caseId: number) {
  return pagesOfCaseStmt(db).execute({ caseId });
}

/** Documents waiting for a clerk, oldest first, keyset by (created_at, id). */
export async function listReviewDocuments(db: Db, limit: number, after?: { createdAt: Date; id: string }): Promise<DocumentRow[]> {
  const cond = after
    ? and(eq(documents.status, 'needs_review'), sql`(${documents.createdAt}, ${documents.id}) > (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`)
    : eq(documents.status, 'needs_review');
  return db.select().from(documents).where(cond).orderBy(asc(documents.createdAt), asc(documents.id)).limit(limit);
}

/**
 * Documents of a case number waiting for a clerk only for their date (`date_doubt` set), that
 * no clerk has corrected, in scan order.
 */
export async function dateDoubtedOfCase(db: Db, caseNumber: string): Promise<DocumentRow[]> {
  return db
    .select()
    .from(documents)
    .where(and(eq(documents.caseNumber, caseNumber), eq(documents.status, 'needs_review'), sql`${documents.dateDoubt} IS NOT NULL`, sql`${documents.corrections} = '{}'::jsonb`))
    .orderBy(asc(documents.createdAt), asc(documents.seqInFile));
}

/**
 * File a document whose date in doubt its case settled: the date and its fields as settled,
 * the reason added, no review left, and its event in the case. Only while it still waits
 * (a clerk's correction in between wins); returns whether it was filed.
 */
export async function fileSettledDate(db: Db, doc: DocumentRow, caseId: number, s: { date: string; fields: Record<string, unknown>; reason: string; scanSeq: number }): Promise<boolean> {
  const updated = await db
    .update(documents)
    .set({ docDate: s.date, fields: s.fields, reasons: [...doc.reasons, s.reason], status: 'filed', caseId, reviewCodes: [], dateDoubt: null, updatedAt: new Date() })
    .where(and(eq(documents.id, doc.id), eq(documents.status, 'needs_review'), sql`${documents.corrections} = '{}'::jsonb`))
    .returning({ id: documents.id });
  if (updated.length === 0) return false;
  await upsertEvent(db, { caseId, documentId: doc.id, formType: doc.formType, eventDate: s.date, scanSeq: s.scanSeq, fields: s.fields, source: 'machine' });
  return true;
}
