/**
 * Files as clerks see them: `GET /api/v1/files` (newest first, cursor paging), `GET
 * /api/v1/files/{id}` (contract v1: progress and result), its pages, and the original bytes.
 */
import { Router } from 'express';
import { REASON_CODES, type ReasonCode } from '../../errors.ts';
import { audit } from '../../storage/audit.repo.ts';
import { documentIdsOfFiles } from '../../storage/documents.repo.ts';
import { getFile, listFiles, type FileRow } from '../../storage/files.repo.ts';
import { countPagesByStatus, pagesOfFile } from '../../storage/pages.repo.ts';
import { startReprocess } from '../../storage/reprocess.repo.ts';
import { enqueueNewFile } from '../../ingest/pipeline.ts';
import type { FileStatus } from '../../storage/schema.ts';
import type { AppDeps } from '../app-deps.ts';
import { requireRole } from '../auth.ts';
import { HttpError, isoShanghai, principalOf, uuidParam } from '../http.ts';

const STATUSES: FileStatus[] = ['received', 'processing', 'done', 'needs_review', 'failed'];

export function fileView(file: FileRow, documentIds: string[], progress?: Record<string, number>) {
  return {
    fileId: file.id,
    sha256: file.sha256,
    filename: file.filename,
    contentType: file.contentType,
    sizeBytes: file.sizeBytes,
    station: file.station,
    batchId: file.batchId,
    status: file.status,
    stage: file.stage,
    pageCount: file.pageCount,
    progress: progress
      ? { pagesRecognized: progress.recognized ?? 0, pagesFailed: progress.failed ?? 0, pagesPending: progress.pending ?? 0 }
      : undefined,
    documents: documentIds,
    error: file.errorCode
      ? { code: file.errorCode, message: file.errorMessage ?? REASON_CODES[file.errorCode as ReasonCode] ?? file.errorCode }
      : null,
    receivedAt: isoShanghai(file.receivedAt),
    updatedAt: isoShanghai(file.updatedAt),
  };
}

function encodeCursor(f: FileRow): string {
  return Buffer.from(JSON.stringify([f.receivedAt.toISOString(), f.id])).toString('base64url');
}

function decodeCursor(c: string): { receivedAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as [string, string];
    const d = new Date(at);
    if (Number.isNaN(d.getTime()) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad');
    return { receivedAt: d, id };
  } catch {
    throw new HttpError(400, 'bad_cursor', '分页游标无效');
  }
}

export function fileRoutes(deps: AppDeps): Router {
  const r = Router();
  const db = deps.database.db;

  r.get('/files', requireRole('clerk', 'judge'), async (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 50) || 50, 1), 200);
    const status = req.query.status ? String(req.query.status) : undefined;
    if (status && !STATUSES.includes(status as FileStatus)) throw new HttpError(400, 'bad_request', '未知的状态');
    const before = req.query.cursor ? decodeCursor(String(req.query.cursor)) : undefined;
    const rows = await listFiles(db, { limit: limit + 1, before, status: status as FileStatus | undefined });
    const page = rows.slice(0, limit);
    const docs = await documentIdsOfFiles(db, page.map((f) => f.id));
    res.json({
      items: page.map((f) => fileView(f, docs.get(f.id) ?? [])),
      next: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
    });
  });

  r.get('/files/:fileId', requireRole('clerk', 'judge'), async (req, res) => {
    const file = await getFile(db, uuidParam(req, 'fileId'));
    if (!file) throw new HttpError(404, 'file_not_found', '未找到该文件');
    const [docs, progress] = await Promise.all([documentIdsOfFiles(db, [file.id]), countPagesByStatus(db, file.id)]);
    res.json(fileView(file, docs.get(file.id) ?? [], progress));
  });

  r.get('/files/:fileId/pages', requireRole('clerk', 'judge'), async (req, res) => {
    const file = await getFile(db, uuidParam(req, 'fileId'));
    if (!file) throw new HttpError(404, 'file_not_found', '未找到该文件');
    const pages = await pagesOfFile(db, file.id);
    res.json({
      items: pages.map((p) => ({
        pageId: p.id,
        pageIndex: p.pageIndex,
        status: p.status,
        documentId: p.documentId,
        width: p.width,
        height: p.height,
        dpi: p.dpi,
        confidence: p.confidence,
        flags: p.flags,
        error: p.errorCode ? { code: p.errorCode, message: REASON_CODES[p.errorCode as ReasonCode] ?? p.errorCode } : null,
        imageUrl: `/api/v1/pages/${p.id}/image`,
        textUrl: `/api/v1/pages/${p.id}/text`,
      })),
    });
  });

  r.get('/files/:fileId/original', requireRole('clerk'), async (req, res) => {
    const file = await getFile(db, uuidParam(req, 'fileId'));
    if (!file) throw new HttpError(404, 'file_not_found', '未找到该文件');
    await audit(db, { principal: principalOf(req), action: 'file.original', target: file.id, ip: req.ip });
    res.set('Content-Type', file.contentType ?? 'application/octet-stream');
    res.set('Content-Length', String(file.sizeBytes));
    // RFC 5987 filename*: the name is UTF-8 (Chinese) and was cleaned at ingest.
    res.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
    (await deps.blobs.getStream(file.blobKey)).pipe(res);
  });

  // Run a finished file through OCR and classification again (better language data or rules).
  // Documents keep their pages and every clerk correction; see ingest/reread.ts.
  r.post('/files/:fileId/reprocess', requireRole('clerk'), async (req, res) => {
    const fileId = uuidParam(req, 'fileId');
    const file = await getFile(db, fileId);
    if (!file) throw new HttpError(404, 'file_not_found', '未找到该文件');
    const started = await startReprocess(db, fileId);
    if (!started) throw new HttpError(409, 'file_in_progress', '该文件仍在处理中，完成后才能重新识别');
    await audit(db, { principal: principalOf(req), action: 'file.reprocess', target: fileId, detail: { pages: started.pageIds.length }, ip: req.ip });
    if (started.rasterize) await enqueueNewFile(deps.queue, fileId);
    for (const pageId of started.pageIds) await deps.queue.enqueue({ name: 'ocr', data: { pageId }, jobId: `ocr:${pageId}` });
    res.status(202).json({ fileId, status: 'processing', pages: started.pageIds.length });
  });

  return r;
}
