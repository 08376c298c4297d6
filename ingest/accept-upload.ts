/**
 * Upload acceptance: stream the body into the BlobStore (hashing, size limit, optional checksum
 * check), sniff the type from the first bytes, and record the file row — durable before the
 * caller replies. Unsupported or empty files are still stored and recorded as `failed` with a
 * reason code so a clerk can see them and the original stays retrievable.
 * Imports storage and the sniffer; knows nothing about HTTP.
 */
import { randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { REASON_CODES, type ReasonCode } from '../errors.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import type { Db } from '../storage/db.ts';
import { insertFileIfNew, type FileRow } from '../storage/files.repo.ts';
import { sniffType } from './sniff.ts';

export interface UploadMeta {
  filename: string;
  expectedSha256?: string;
  batchId?: string;
  caseHint?: string;
  station: string;
}

export type AcceptResult =
  | { kind: 'accepted'; file: FileRow; created: boolean }
  | { kind: 'rejected'; file: FileRow; created: boolean; code: ReasonCode };

/** Keep a file name for display only: no directories, no control characters, bounded length. */
export function cleanFilename(raw: string | undefined): string {
  if (!raw) return 'unnamed';
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    // Not percent-encoded: keep as sent.
  }
  // eslint-disable-next-line no-control-regex
  name = name.replace(/[\u0000-\u001f\u007f]/g, '').split(/[\\/]/).pop() ?? '';
  name = name.trim().slice(0, 255);
  return name || 'unnamed';
}

/** Captures the first `n` bytes passing through, for type sniffing without buffering the file. */
function headCapture(n: number): { stream: Transform; head: () => Buffer } {
  const chunks: Buffer[] = [];
  let have = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (have < n) {
        chunks.push(chunk.subarray(0, n - have));
        have += Math.min(chunk.length, n - have);
      }
      cb(null, chunk);
    },
  });
  return { stream, head: () => Buffer.concat(chunks) };
}

/**
 * Store the body and record the file. Throws BlobStoreError('file_too_large' |
 * 'checksum_mismatch') from the store (nothing is kept then).
 */
export async function acceptUpload(
  deps: { db: Db; blobs: BlobStore; maxBytes: number },
  body: Readable,
  meta: UploadMeta,
): Promise<AcceptResult> {
  const capture = headCapture(2048);
  body.on('error', (err) => capture.stream.destroy(err));
  const piped = body.pipe(capture.stream);
  const stored = await deps.blobs.putStream('originals', piped, {
    maxBytes: deps.maxBytes,
    expectedSha256: meta.expectedSha256?.toLowerCase(),
  });
  const contentType = stored.size === 0 ? null : sniffType(capture.head());
  const rejectCode: ReasonCode | null = stored.size === 0 ? 'empty_file' : contentType === null ? 'unsupported_type' : null;
  const { file, created } = await insertFileIfNew(deps.db, {
    id: randomUUID(),
    sha256: stored.sha256,
    filename: cleanFilename(meta.filename),
    contentType,
    sizeBytes: stored.size,
    blobKey: stored.key,
    station: meta.station,
    batchId: meta.batchId?.slice(0, 128) ?? null,
    caseHint: meta.caseHint?.slice(0, 128) ?? null,
    status: rejectCode ? 'failed' : 'received',
    errorCode: rejectCode,
    errorMessage: rejectCode ? REASON_CODES[rejectCode] : null,
  });
  if (rejectCode) return { kind: 'rejected', file, created, code: rejectCode };
  return { kind: 'accepted', file, created };
}
