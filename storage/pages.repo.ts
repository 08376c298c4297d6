/**
 * Pages of scanned files and their OCR output. A page row is created once per (file, index)
 * by rasterize; OCR moves it `pending → recognized|failed` by compare-and-set.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { searchDocument } from './search-text.ts';
import { pageOcr, pages, type OcrBox, type PageFlags } from './schema.ts';

export type PageRow = typeof pages.$inferSelect;
export type NewPage = typeof pages.$inferInsert;

/** Insert the page unless (file, index) exists; returns the stored row. */
export async function insertPageIfNew(db: Db, page: NewPage): Promise<PageRow> {
  const inserted = await db.insert(pages).values(page).onConflictDoNothing({ target: [pages.fileId, pages.pageIndex] }).returning();
  if (inserted[0]) return inserted[0];
  const rows = await db
    .select()
    .from(pages)
    .where(and(eq(pages.fileId, page.fileId), eq(pages.pageIndex, page.pageIndex)))
    .limit(1);
  if (!rows[0]) throw new Error(`page ${page.fileId}#${page.pageIndex} vanished after conflict`);
  return rows[0];
}

export async function getPage(db: Db, id: string): Promise<PageRow | null> {
  const rows = await db.select().from(pages).where(eq(pages.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function pagesOfFile(db: Db, fileId: string): Promise<PageRow[]> {
  return db.select().from(pages).where(eq(pages.fileId, fileId)).orderBy(asc(pages.pageIndex));
}

export async function countPagesByStatus(db: Db, fileId: string): Promise<Record<string, number>> {
  const rows = await db
    .select({ status: pages.status, n: sql<number>`count(*)::int` })
    .from(pages)
    .where(eq(pages.fileId, fileId))
    .groupBy(pages.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export interface PageRecognition {
  text: string;
  headerText: string | null;
  confidence: number;
  flags: PageFlags;
  ocrMs: number;
  words: OcrBox[];
  lines: OcrBox[];
  errorCode?: string | null;
}

/**
 * Store OCR output and move the page `pending → recognized` in one transaction.
 * Returns false (and writes nothing) when the page was already recognized: a second delivery
 * of the same OCR job must not create duplicate rows.
 */
export async function saveRecognition(db: Db, pageId: string, r: PageRecognition): Promise<boolean> {
  return db.transaction(async (tx) => {
    const moved = await tx
      .update(pages)
      .set({
        status: 'recognized',
        text: r.text,
        headerText: r.headerText,
        confidence: r.confidence,
        flags: r.flags,
        ocrMs: r.ocrMs,
        errorCode: r.errorCode ?? null,
        updatedAt: new Date(),
      })
      .where(and(eq(pages.id, pageId), eq(pages.status, 'pending')))
      .returning({ id: pages.id });
    if (moved.length === 0) return false;
    await tx.execute(sql`UPDATE pages SET search_bigrams = to_tsvector('simple', ${searchDocument(r.text)}) WHERE id = ${pageId}`);
    // A reprocessed page replaces its words and lines (the CAS above admits one writer).
    await tx.insert(pageOcr).values({ pageId, words: r.words, lines: r.lines }).onConflictDoUpdate({ target: pageOcr.pageId, set: { words: r.words, lines: r.lines } });
    return true;
  });
}

/** Mark a page failed (permanent OCR/image error) — still kept and visible. */
export async function failPage(db: Db, pageId: string, code: string): Promise<void> {
  await db
    .update(pages)
    .set({ status: 'failed', errorCode: code, updatedAt: new Date() })
    .where(and(eq(pages.id, pageId), eq(pages.status, 'pending')));
}

export async function getPageOcr(db: Db, pageId: string): Promise<{ words: OcrBox[]; lines: OcrBox[] } | null> {
  const rows = await db.select().from(pageOcr).where(eq(pageOcr.pageId, pageId)).limit(1);
  return rows[0] ? { words: rows[0].words, lines: rows[0].lines } : null;
}

export async function listPendingPages(db: Db, limit = 100_000): Promise<PageRow[]> {
  return db.select().from(pages).where(eq(pages.status, 'pending')).orderBy(asc(pages.createdAt)).limit(limit);
}
