/**
 * Cases, their dated events, the current node snapshot and the append-only change feed.
 *
 * Change-feed ordering: a `bigserial` alone does not give commit order (a transaction that took
 * seq 7 may commit after one that took seq 8, and a reader at cursor 8 would skip 7 forever).
 * Writers therefore take a transaction-scoped advisory lock before appending, so feed rows are
 * appended one transaction at a time and `seq` order equals commit order.
 */
import { createHash } from 'node:crypto';
import { asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { queryRows } from './db.ts';
import { preparedPerDb } from './prepared.ts';
import { caseEvents, cases, documents, nodeChanges, nodeSnapshots } from './schema.ts';

const FEED_LOCK = 7_301_002;

export type CaseRow = typeof cases.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type SnapshotRow = typeof nodeSnapshots.$inferSelect;

/** The case with this canonical number, created if new. */
export async function upsertCase(db: Db, caseNumber: string, extra: { originalCaseNumber?: string | null } = {}): Promise<CaseRow> {
  const inserted = await db
    .insert(cases)
    .values({ caseNumber, originalCaseNumber: extra.originalCaseNumber ?? null })
    .onConflictDoNothing({ target: cases.caseNumber })
    .returning();
  if (inserted[0]) return inserted[0];
  const row = await getCaseByNumber(db, caseNumber);
  if (!row) throw new Error(`case ${caseNumber} vanished after conflict`);
  if (extra.originalCaseNumber && !row.originalCaseNumber) {
    await db.update(cases).set({ originalCaseNumber: extra.originalCaseNumber }).where(eq(cases.id, row.id));
  }
  return row;
}

const caseByNumber = preparedPerDb((db) =>
  db.select().from(cases).where(eq(cases.caseNumber, sql.placeholder('caseNumber'))).limit(1).prepare('case_by_number'),
);

export async function getCaseByNumber(db: Db, caseNumber: string): Promise<CaseRow | null> {
  const rows = await caseByNumber(db).execute({ caseNumber });
  return rows[0] ?? null;
}

export async function getCase(db: Db, id: number): Promise<CaseRow | null> {
  const rows = await db.select().from(cases).where(eq(cases.id, id)).limit(1);
  return rows[0] ?? null;
}

/** Add party names (deduplicated) so the case can be found by name. */
export async function addParties(db: Db, caseId: number, names: string[]): Promise<void> {
  const clean = names.map((n) => n.trim()).filter((n) => n.length >= 2 && n.length <= 60);
  if (clean.length === 0) return;
  const row = await getCase(db, caseId);
  if (!row) return;
  const have = new Set(row.parties.split('\n').filter(Boolean));
  const before = have.size;
  for (const n of clean) have.add(n);
  if (have.size !== before) await db.update(cases).set({ parties: [...have].join('\n') }).where(eq(cases.id, caseId));
}

/** The event of a document (one per document; replaced when the document changes). */
export async function upsertEvent(
  db: Db,
  e: { caseId: number; documentId: string; formType: string; eventDate: string | null; scanSeq: number; fields: Record<string, unknown>; source: 'machine' | 'correction' },
): Promise<void> {
  await db
    .insert(caseEvents)
    .values(e)
    .onConflictDoUpdate({
      target: caseEvents.documentId,
      set: { caseId: e.caseId, formType: e.formType, eventDate: e.eventDate, fields: e.fields, source: e.source },
    });
}

export async function deleteEventOfDocument(db: Db, documentId: string): Promise<void> {
  await db.delete(caseEvents).where(eq(caseEvents.documentId, documentId));
}

export async function eventsOfCase(db: Db, caseId: number): Promise<CaseEventRow[]> {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.scanSeq));
}

const documentCount = preparedPerDb((db) =>
  db.select({ n: sql<number>`count(*)::int` }).from(documents).where(eq(documents.caseId, sql.placeholder('caseId'))).prepare('document_count_of_case'),
);

export async function documentCountOfCase(db: Db, caseId: number): Promise<number> {
  const rows = await documentCount(db).execute({ caseId });
  return Number(rows[0]?.n ?? 0);
}

export function fingerprintOf(node: unknown, warnings: unknown, clocks: unknown): string {
  return createHash('sha256').update(JSON.stringify([node, warnings, clocks])).digest('hex').slice(0, 32);
}

/**
 * Store the node result of a case; append to the change feed only if node, warnings or clocks
 * changed. Returns true when a change was appended.
 */
export async function writeSnapshot(
  db: Db,
  s: { caseId: number; caseNumber: string; nodeCode: string; status: string; dueAt: string | null; result: Record<string, unknown>; node: Record<string, unknown>; warnings: unknown[]; clocks: unknown[] },
): Promise<boolean> {
  const fingerprint = fingerprintOf(s.node, s.warnings, s.clocks);
  return db.transaction(async (tx) => {
    const existing = await tx.select({ f: nodeSnapshots.fingerprint }).from(nodeSnapshots).where(eq(nodeSnapshots.caseId, s.caseId)).limit(1);
    const changed = existing[0]?.f !== fingerprint;
    await tx
      .insert(nodeSnapshots)
      .values({ caseId: s.caseId, caseNumber: s.caseNumber, nodeCode: s.nodeCode, status: s.status, dueAt: s.dueAt, result: s.result, fingerprint })
      .onConflictDoUpdate({
        target: nodeSnapshots.caseId,
        set: { nodeCode: s.nodeCode, status: s.status, dueAt: s.dueAt, result: s.result, fingerprint, updatedAt: new Date() },
      });
    if (changed) {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${FEED_LOCK})`);
      await tx.insert(nodeChanges).values({ caseId: s.caseId, caseNumber: s.caseNumber, node: s.node, warnings: s.warnings });
    }
    return changed;
  });
}

const snapshotOfCase = preparedPerDb((db) =>
  db.select().from(nodeSnapshots).where(eq(nodeSnapshots.caseId, sql.placeholder('caseId'))).limit(1).prepare('snapshot_of_case'),
);

export async function getSnapshot(db: Db, caseId: number): Promise<SnapshotRow | null> {
  const rows = await snapshotOfCase(db).execute({ caseId });
  return rows[0] ?? null;
}

export async function listChanges(db: Db, since: number, limit: number) {
  return db.select().from(nodeChanges).where(gt(nodeChanges.seq, since)).orderBy(asc(nodeChanges.seq)).limit(limit);
}

/** A change-feed row with `node` and `warnings` as the JSON text PostgreSQL stores. */
export interface ChangeJsonRow {
  seq: number;
  caseNumber: string;
  nodeJson: string;
  warningsJson: string;
  changedAt: Date;
}

const changesJson = preparedPerDb((db) =>
  db
    .select({
      seq: nodeChanges.seq,
      caseNumber: nodeChanges.caseNumber,
      nodeJson: sql<string>`${nodeChanges.node}::text`,
      warningsJson: sql<string>`${nodeChanges.warnings}::text`,
      changedAt: nodeChanges.changedAt,
    })
    .from(nodeChanges)
    .where(gt(nodeChanges.seq, sql.placeholder('since')))
    .orderBy(asc(nodeChanges.seq))
    .limit(sql.placeholder('limit'))
    .prepare('node_feed_json'),
);

/**
 * The change feed for pollers (the hottest read), as a prepared statement, with the JSON
 * columns as text so the route can pass them through instead of parsing and re-serialising.
 */
export async function listChangesJson(db: Db, since: number, limit: number): Promise<ChangeJsonRow[]> {
  return changesJson(db).execute({ since, limit });
}

/** Cases due soon or overdue, most urgent (earliest due date) first; keyset by (due_at, case_id). */
export async function listWarnings(
  db: Db,
  opts: { statuses: string[]; limit: number; after?: { dueAt: string; caseId: number } },
): Promise<SnapshotRow[]> {
  const statusList = sql.join(opts.statuses.map((s) => sql`${s}`), sql`, `);
  const after = opts.after ? sql`AND (due_at, case_id) > (${opts.after.dueAt}::date, ${opts.after.caseId})` : sql``;
  return queryRows<SnapshotRow>(
    db,
    sql`SELECT case_id AS "caseId", case_number AS "caseNumber", node_code AS "nodeCode", status, due_at::text AS "dueAt",
               result, fingerprint, updated_at AS "updatedAt"
        FROM node_snapshots WHERE status IN (${statusList}) ${after}
        ORDER BY due_at NULLS LAST, case_id LIMIT ${opts.limit}`,
  );
}

/** Every case id with a snapshot (the periodic re-evaluation walks them in pages). */
export async function caseIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.select({ id: cases.id }).from(cases).where(gt(cases.id, afterId)).orderBy(asc(cases.id)).limit(limit);
  return rows.map((r) => r.id);
}

