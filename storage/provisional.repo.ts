/**
 * Provisional events of the fast path (see migrations/0003_fast_path.sql): written when a
 * page's header band classifies conclusively, read by the node engine only while the page has
 * no document and its file is not yet assembled or failed, so assembly supersedes them without
 * a delete racing anything. Rows are kept afterwards: they record when the fast path fired.
 */
import { and, eq, isNull, notInArray, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { pages, provisionalEvents, scanFiles } from './schema.ts';

export type ProvisionalEventRow = typeof provisionalEvents.$inferSelect;
export type NewProvisionalEvent = typeof provisionalEvents.$inferInsert;

/** Insert or replace the page's provisional event (a retried OCR job writes the same row). */
export async function upsertProvisionalEvent(db: Db, e: NewProvisionalEvent): Promise<void> {
  await db
    .insert(provisionalEvents)
    .values(e)
    .onConflictDoUpdate({
      target: provisionalEvents.pageId,
      set: { caseId: e.caseId, formType: e.formType, eventDate: e.eventDate, dateSource: e.dateSource, fields: e.fields, reasons: e.reasons },
    });
}

/** Live provisional events of a case: page not yet in a document, file still in flight. */
export async function liveProvisionalEventsOfCase(db: Db, caseId: number): Promise<ProvisionalEventRow[]> {
  const rows = await db
    .select({ e: provisionalEvents })
    .from(provisionalEvents)
    .innerJoin(pages, eq(pages.id, provisionalEvents.pageId))
    .innerJoin(scanFiles, eq(scanFiles.id, pages.fileId))
    .where(and(eq(provisionalEvents.caseId, caseId), isNull(pages.documentId), notInArray(scanFiles.stage, ['assembled']), sql`${scanFiles.status} <> 'failed'`));
  return rows.map((r) => r.e);
}

/** Case ids that had provisional events on pages of these files (re-locate them after assembly). */
export async function provisionalCaseIdsOfFile(db: Db, fileId: string): Promise<number[]> {
  const rows = await db
    .selectDistinct({ caseId: provisionalEvents.caseId })
    .from(provisionalEvents)
    .innerJoin(pages, eq(pages.id, provisionalEvents.pageId))
    .where(eq(pages.fileId, fileId));
  return rows.map((r) => r.caseId);
}
