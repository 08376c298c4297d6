/**
 * `POST /api/v1/ingest` (contract v1) and `GET /api/v1/ingest/{sha256}` (does the server hold
 * this content already? — lets a scanner agent skip a re-upload).
 */
import { Router, type Request } from 'express';
import { acceptUpload } from '../../ingest/accept-upload.ts';
import { enqueueNewFile } from '../../ingest/pipeline.ts';
import { REASON_CODES } from '../../errors.ts';
import { BlobStoreError } from '../../storage/blob-store.ts';
import { getFileBySha } from '../../storage/files.repo.ts';
import type { AppDeps } from '../app-deps.ts';
import { requireRole } from '../auth.ts';
import { HttpError, principalOf, SHA256_RE } from '../http.ts';

function headerText(req: Request, name: string): string | undefined {
  const v = req.get(name);
  if (v === undefined || v === '') return undefined;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

export function ingestRoutes(deps: AppDeps): Router {
  const r = Router();
  const db = deps.database.db;

  r.post('/ingest', requireRole('station', 'clerk'), async (req, res) => {
    const principal = principalOf(req);
    const declared = Number(req.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > deps.maxUploadBytes) {
      res.set('Connection', 'close');
      throw new HttpError(413, 'file_too_large', `${REASON_CODES.file_too_large}（上限 ${Math.round(deps.maxUploadBytes / 1048576)} MB）`);
    }
    const expected = req.get('x-content-sha256')?.toLowerCase();
    if (expected !== undefined && !SHA256_RE.test(expected)) {
      throw new HttpError(400, 'bad_request', 'X-Content-SHA256 必须是 64 位十六进制 SHA-256');
    }
    let result;
    try {
      result = await acceptUpload({ db, blobs: deps.blobs, maxBytes: deps.maxUploadBytes }, req, {
        filename: req.get('x-filename') ?? 'unnamed',
        expectedSha256: expected,
        batchId: headerText(req, 'x-batch-id'),
        caseHint: headerText(req, 'x-case-number'),
        station: principal.name,
      });
    } catch (err) {
      if (err instanceof BlobStoreError && err.code === 'file_too_large') {
        res.set('Connection', 'close');
        throw new HttpError(413, 'file_too_large', `${REASON_CODES.file_too_large}（上限 ${Math.round(deps.maxUploadBytes / 1048576)} MB）`);
      }
      if (err instanceof BlobStoreError && err.code === 'checksum_mismatch') {
        throw new HttpError(422, 'checksum_mismatch', REASON_CODES.checksum_mismatch);
      }
      throw err;
    }
    const { file } = result;
    if (result.kind === 'rejected') {
      const status = result.code === 'unsupported_type' ? 415 : 422;
      throw new HttpError(status, result.code, REASON_CODES[result.code], { fileId: file.id, sha256: file.sha256 });
    }
    if (result.created) {
      deps.log.info('file received', { fileId: file.id, size: file.sizeBytes, station: principal.name, type: file.contentType });
      // The file is durable; if the queue is unreachable the recovery sweep enqueues it later.
      await enqueueNewFile(deps.queue, file.id).catch((err: Error) =>
        deps.log.warn('enqueue failed; recovery sweep will pick the file up', { fileId: file.id, error: err }),
      );
      res.status(201).json({ fileId: file.id, sha256: file.sha256, status: 'received' });
    } else {
      res.status(200).json({ fileId: file.id, sha256: file.sha256, status: file.status });
    }
  });

  r.get('/ingest/:sha256', requireRole('station', 'clerk'), async (req, res) => {
    const sha = String(req.params.sha256 ?? '').toLowerCase();
    if (!SHA256_RE.test(sha)) throw new HttpError(400, 'bad_request', '参数必须是 64 位十六进制 SHA-256');
    const file = await getFileBySha(db, sha);
    if (!file) throw new HttpError(404, 'not_found', '服务器上没有该文件');
    res.json({ fileId: file.id, sha256: file.sha256, status: file.status });
  });

  return r;
}
