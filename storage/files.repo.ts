/**
 * Scan files: one row per distinct original (idempotent by sha256). State moves by
 * compare-and-set so a job delivered twice, or two workers, never advance a row twice.
 */
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { scanFiles, type FileStage, type FileStatus } from './schema.ts';

export type FileRow = typeof scanFiles.$inferSelect;
export type NewFile = typeof scanFiles.$inferInsert;

/** Insert unless a file with the same sha256 exists; returns the stored row either way. */
export async function insertFileIfNew(db: Db, file: NewFile): Promise<{ file: FileRow; created: boolean }> {
  const inserted = await db.insert(scanFiles).values(file).onConflictDoNothing({ target: scanFiles.sha256 }).returning();
  if (inserted[0]) return { file: inserted[0], created: true };
  const existing = await getFileBySha(db, file.sha256);
  if (!existing) throw new Error(`file ${file.sha256} vanished after conflict`);
  return { file: existing, created: false };
}

export async function getFile(db: Db, id: string): Promise<FileRow | null> {
  const rows = await db.select().from(scanFiles).where(eq(scanFiles.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function getFileBySha(db: Db, sha256: string): Promise<FileRow | null> {
  const rows = await db.select().from(scanFiles).where(eq(scanFiles.sha256, sha256)).limit(1);
  return rows[0] ?? null;
}

/**
 * Compare-and-set the pipeline stage: only moves the row if its stage is one of `from` and its
 * status is not terminal-failed. Returns false when another delivery already moved it.
 */
export async function advanceFileStage(
  db: Db,
  id: string,
  from: FileStage[],
  patch: { stage: FileStage; status?: FileStatus; pageCount?: number; errorCode?: string | null; errorMessage?: string | null },
): Promise<boolean> {
  const rows = await db
    .update(scanFiles)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(scanFiles.id, id), inArray(scanFiles.stage, from), sql`${scanFiles.status} <> 'failed'`))
    .returning({ id: scanFiles.id });
  return rows.length > 0;
}

/** Mark a file failed with a reason code (kept, visible, original retrievable). */
export async function failFile(db: Db, id: string, code: string, message: string): Promise<void> {
  await db
    .update(scanFiles)
    .set({ status: 'failed', errorCode: code, errorMessage: message, updatedAt: new Date() })
    .where(eq(scanFiles.id, id));
}

export async function setFileStatus(
  db: Db,
  id: string,
  status: FileStatus,
  error: { code: string; message: string } | null = null,
): Promise<void> {
  await db
    .update(scanFiles)
    .set({ status, errorCode: error?.code ?? null, errorMessage: error?.message ?? null, updatedAt: new Date() })
    .where(eq(scanFiles.id, id));
}

/** Newest first, keyset-paginated by (received_at, id). */
export async function listFiles(
  db: Db,
  opts: { limit: number; before?: { receivedAt: Date; id: string }; status?: FileStatus },
): Promise<FileRow[]> {
  const conds = [];
  if (opts.status) conds.push(eq(scanFiles.status, opts.status));
  if (opts.before) {
    conds.push(
      sql`(${scanFiles.receivedAt}, ${scanFiles.id}) < (${opts.before.receivedAt.toISOString()}::timestamptz, ${opts.before.id}::uuid)`,
    );
  }
  return db
    .select()
    .from(scanFiles)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(scanFiles.receivedAt), desc(scanFiles.id))
    .limit(opts.limit);
}

/** Files whose pipeline has not reached a terminal state (for the recovery sweep). */
export async function listUnfinishedFiles(db: Db, limit = 10_000): Promise<FileRow[]> {
  return db
    .select()
    .from(scanFiles)
    .where(and(inArray(scanFiles.status, ['received', 'processing']), lt(scanFiles.receivedAt, new Date(Date.now() + 60_000))))
    .orderBy(scanFiles.receivedAt)
    .limit(limit);
}

/**
 * After a clerk's correction, split or merge: an assembled file that has documents is
 * `needs_review` while any of them is, else `done` (its review reason cleared). Files without
 * documents (nothing readable) and failed files keep their status.
 */
export async function refreshFileStatus(db: Db, fileId: string): Promise<void> {
  await db.execute(sql`
    UPDATE scan_files f SET
      status = CASE WHEN r.open THEN 'needs_review' ELSE 'done' END,
      error_code = CASE WHEN r.open THEN f.error_code ELSE NULL END,
      error_message = CASE WHEN r.open THEN f.error_message ELSE NULL END,
      updated_at = now()
    FROM (SELECT bool_or(d.status = 'needs_review') AS open FROM documents d WHERE d.file_id = ${fileId}) r
    WHERE f.id = ${fileId} AND f.stage = 'assembled' AND f.status IN ('done', 'needs_review') AND r.open IS NOT NULL`);
}
