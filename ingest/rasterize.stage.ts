/**
 * Stage `rasterize`: original → one stored image + thumbnail + `pending` page row per page, and
 * an `ocr` job per page as soon as that page exists (so OCR of page 1 starts while page 2
 * renders). Idempotent: pages that already exist are not rendered again after a crash.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { PermanentError } from '../errors.ts';
import { advanceFileStage, getFile, setFileStatus } from '../storage/files.repo.ts';
import { insertPageIfNew, pagesOfFile } from '../storage/pages.repo.ts';
import { emitAssembleWhenComplete } from './ocr.stage.ts';
import { openScan } from './rasterize.ts';
import type { StageContext, StageDeps } from './stage-types.ts';

const THUMB_WIDTH = 240;

export async function rasterizeFile(deps: StageDeps, fileId: string, ctx: StageContext): Promise<void> {
  const file = await getFile(deps.db, fileId);
  if (!file) throw new PermanentError('processing_error', `file ${fileId} not found`);
  if (file.status === 'failed' || file.stage !== 'received') return; // already done or failed
  if (file.status === 'received') await setFileStatus(deps.db, fileId, 'processing');

  const done = new Map((await pagesOfFile(deps.db, fileId)).map((p) => [p.pageIndex, p]));
  await mkdir(deps.tmpDir, { recursive: true });
  const local = path.join(deps.tmpDir, `raster-${fileId}-${randomUUID()}`);
  try {
    // A local copy: pdfjs and sharp need random access; the store may be remote (S3).
    await pipeline(await deps.blobs.getStream(file.blobKey), createWriteStream(local));
    const scan = await openScan(local, { maxPages: deps.limits.maxPages, maxPixels: deps.limits.maxPixels, renderDpi: 300 });
    try {
      if (scan.pageCount === 0) throw new PermanentError('pdf_corrupt', 'PDF 文件没有任何页面');
      for (let i = 0; i < scan.pageCount; i++) {
        const pageIndex = i + 1;
        let page = done.get(pageIndex);
        if (!page) {
          const r = await scan.renderPage(i);
          const ext = r.format === 'jpeg' ? 'jpg' : 'png';
          const imageKey = `pages/${fileId}/${pageIndex}.${ext}`;
          const thumbKey = `thumbs/${fileId}/${pageIndex}.jpg`;
          await deps.blobs.put(imageKey, r.image, r.format === 'jpeg' ? 'image/jpeg' : 'image/png');
          const thumb = await sharp(r.image).resize({ width: THUMB_WIDTH }).jpeg({ quality: 70 }).toBuffer();
          await deps.blobs.put(thumbKey, thumb, 'image/jpeg');
          page = await insertPageIfNew(deps.db, {
            id: randomUUID(),
            fileId,
            pageIndex,
            status: 'pending',
            imageKey,
            imageType: r.format === 'jpeg' ? 'image/jpeg' : 'image/png',
            thumbKey,
            width: r.width,
            height: r.height,
            dpi: Math.round(r.dpi),
            extracted: r.extracted,
          });
        }
        if (page.status === 'pending') await ctx.emit({ name: 'ocr', data: { pageId: page.id }, jobId: `ocr:${page.id}` });
      }
      await advanceFileStage(deps.db, fileId, ['received'], { stage: 'rasterized', pageCount: scan.pageCount });
      // OCR of early pages may already have finished; if none is pending the file goes on now.
      await emitAssembleWhenComplete(deps, fileId, ctx);
    } finally {
      await scan.close();
    }
  } finally {
    await rm(local, { force: true });
  }
}
