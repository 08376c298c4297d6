/**
 * Stage `ocr`: one page image → text, words with boxes, confidence, quality flags. The
 * header-band pass runs first and may place the page's case at once (fast-path.ts). Emits
 * `assemble` for the file once no page of it is pending any more (only then, so the assemble
 * job never runs early and is never lost to job-id deduplication while still needed).
 */
import { isPermanentError, PermanentError } from '../errors.ts';
import { countPagesByStatus, failPage, getPage, saveRecognition } from '../storage/pages.repo.ts';
import { fastLocate } from './fast-path.ts';
import type { StageContext, StageDeps } from './stage-types.ts';

/** Mean word confidence below which a page is flagged for review. */
const LOW_CONFIDENCE = 55;

export async function recognizePage(deps: StageDeps, pageId: string, ctx: StageContext): Promise<void> {
  const page = await getPage(deps.db, pageId);
  if (!page) throw new PermanentError('processing_error', `page ${pageId} not found`);
  if (page.status === 'pending') {
    const started = Date.now();
    try {
      const image = await deps.blobs.get(page.imageKey);
      const r = await deps.recognizer.recognize(image, page.dpi, { onHeader: (h) => fastLocate(deps, page, h, ctx).then(() => undefined) });
      const empty = r.text.trim().length === 0 && !r.flags.ocrSkipped;
      await saveRecognition(deps.db, pageId, {
        ...r,
        flags: {
          ...r.flags,
          ...(empty ? { blank: true } : {}),
          ...(!empty && !r.flags.ocrSkipped && r.confidence < LOW_CONFIDENCE ? { lowConfidence: true } : {}),
        },
        errorCode: empty ? 'ocr_empty' : null,
        ocrMs: Date.now() - started,
      });
    } catch (err) {
      if (!isPermanentError(err)) throw err;
      await failPage(deps.db, pageId, err.code);
    }
  }
  await emitAssembleWhenComplete(deps, page.fileId, ctx);
}

export async function emitAssembleWhenComplete(deps: StageDeps, fileId: string, ctx: StageContext): Promise<void> {
  const counts = await countPagesByStatus(deps.db, fileId);
  if ((counts.pending ?? 0) === 0) await ctx.emit({ name: 'assemble', data: { fileId }, jobId: `assemble:${fileId}` });
}
