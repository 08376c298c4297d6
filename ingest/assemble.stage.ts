/**
 * Stage `assemble`: once every page of a file is recognized (or failed), split the pages into
 * documents, classify them, file the confident ones into their cases, and settle the file's
 * status: `done`, `needs_review` (with the reason code of its first doubtful document) or
 * `failed` (no page could be read at all). Emits `locate` for every case it touched. A
 * reprocessed file keeps its documents: each is re-read from the new OCR text, and values a
 * clerk corrected are kept (ingest/reread.ts).
 */
import { randomUUID } from 'node:crypto';
import { REASON_CODES, type ReasonCode } from '../errors.ts';
import { documentsOfFile, saveAssembly, type MachineDocument } from '../storage/documents.repo.ts';
import { registerLookup } from '../storage/register.repo.ts';
import { saveReread } from '../storage/reprocess.repo.ts';
import { getFile } from '../storage/files.repo.ts';
import { getPageOcr, pagesOfFile } from '../storage/pages.repo.ts';
import { provisionalCaseIdsOfFile } from '../storage/provisional.repo.ts';
import type { FileStatus } from '../storage/schema.ts';
import { shanghaiDate } from '../classifier/dates.ts';
import { checkWithRegister } from './register-check.ts';
import { rereadDocument } from './reread.ts';
import { classifyAsOneDocument, dateDoubtOf, splitAndClassify } from './split-classify.ts';
import type { StageContext, StageDeps } from './stage-types.ts';

export async function assembleFile(deps: StageDeps, fileId: string, ctx: StageContext): Promise<void> {
  const file = await getFile(deps.db, fileId);
  if (!file || file.stage !== 'rasterized' || file.status === 'failed') return;
  const pages = await pagesOfFile(deps.db, fileId);
  if (pages.length === 0 || pages.some((p) => p.status === 'pending')) return; // not complete yet

  const withLines = await Promise.all(
    pages.map(async (p) => ({
      pageId: p.id,
      text: p.text ?? '',
      lines: (await getPageOcr(deps.db, p.id))?.lines ?? [],
      blank: Boolean(p.flags.blank),
      failed: p.status === 'failed',
      codes: p.flags.codes ?? [],
      headerText: p.headerText,
    })),
  );
  const opts = { rules: deps.rules, caseHint: file.caseHint, reviewConfidence: deps.reviewConfidence, scanDay: shanghaiDate(file.receivedAt), calendar: deps.calendar };
  // A reprocessed file already has documents: re-read them (splits, merges, corrections stand).
  const existing = await documentsOfFile(deps.db, fileId);
  const byDoc = new Map<string, typeof withLines>();
  for (const p of pages) if (p.documentId) byDoc.set(p.documentId, [...(byDoc.get(p.documentId) ?? []), withLines[pages.indexOf(p)]!]);
  // Every draft's case number is checked against the court's case register (when one is loaded).
  const register = registerLookup(deps.db);
  const textById = new Map(withLines.map((p) => [p.pageId, p.text]));
  const textOf = (pageId: string): string => textById.get(pageId) ?? '';
  const rereadDrafts = await checkWithRegister(register, existing.map((d) => classifyAsOneDocument(byDoc.get(d.id) ?? [], opts)), textOf);
  const reread = existing.map((d, i) => rereadDocument(d, rereadDrafts[i]!));
  const docs: MachineDocument[] =
    existing.length > 0
      ? reread.map((r, i) => ({ ...r, id: r.documentId, seqInFile: existing[i]!.seqInFile, pageIds: (byDoc.get(r.documentId) ?? []).map((p) => p.pageId) }))
      : (await checkWithRegister(register, splitAndClassify(withLines, opts), textOf)).map((d, i) => ({ ...d, id: randomUUID(), seqInFile: i + 1, dateDoubt: dateDoubtOf(d) }));

  let status: FileStatus = 'done';
  let errorCode: ReasonCode | null = null;
  const skipped = pages.every((p) => p.flags.ocrSkipped);
  const readable = pages.filter((p) => p.status === 'recognized' && !p.flags.blank && !p.flags.ocrSkipped);
  if (pages.every((p) => p.status === 'failed')) {
    status = 'failed';
    errorCode = (pages[0]?.errorCode as ReasonCode | null) ?? 'processing_error';
  } else if (!skipped && readable.length === 0) {
    status = 'needs_review';
    errorCode = 'ocr_empty';
  } else if (docs.some((d) => d.status === 'needs_review')) {
    status = 'needs_review';
    errorCode = (docs.find((d) => d.status === 'needs_review')?.reviewCodes[0] as ReasonCode | undefined) ?? 'form_type_uncertain';
  }
  // Cases the fast path placed pages of this file in: re-locate them too (the full text may
  // have put a page elsewhere, and their provisional events stop counting once assembled).
  const provisionalCaseIds = await provisionalCaseIdsOfFile(deps.db, fileId);
  const fileResult = {
    status,
    errorCode,
    errorMessage: errorCode ? (REASON_CODES[errorCode] ?? errorCode) : null,
    // Scan order across files: documents of later uploads come after earlier ones.
    scanSeqBase: file.receivedAt.getTime() * 1000,
  };
  const caseIds = existing.length > 0 ? await saveReread(deps.db, fileId, existing, reread, fileResult) : await saveAssembly(deps.db, fileId, docs, fileResult);
  if (!caseIds) return;
  deps.log.info('file assembled', { fileId, documents: docs.length, status, errorCode, cases: caseIds.length });
  for (const caseId of new Set([...caseIds, ...provisionalCaseIds])) await ctx.emit({ name: 'locate', data: { caseId }, jobId: `locate:${caseId}:file:${fileId}` });
}
