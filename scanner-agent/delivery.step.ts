/**
 * One delivery attempt of one hashed file: check the file is unchanged, ask the server whether
 * it already holds the content, otherwise stream it; then say what the attempt came to.
 *
 * Owns the decision table "server reply → acked / rejected for good / retry / changed". It does
 * not sleep, journal or move files (the spool and `send` do, each in its own way), and imports
 * only node built-ins and agent modules. The rule that keeps files safe: only a 200/201 whose
 * `sha256` equals ours counts as acknowledged; everything unknown is retried, never dropped.
 */
import { stat } from 'node:fs/promises';
import { sha256File } from './file.hash.ts';
import type { CallOutcome, IngestClient } from './ingest.client.ts';
import type { IngestReply } from './contract.ts';

/** A file as it was when hashed. */
export interface HashedFile {
  absPath: string;
  /** Name sent to the server. */
  filename: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  caseNumber: string | null;
  batchId: string | null;
}

export type AttemptResult =
  | { kind: 'acked'; fileId: string; serverStatus: 'created' | 'existing' }
  | { kind: 'rejected'; code: string; message: string; status: number }
  | { kind: 'retry'; code: string; message: string; auth: boolean; network: boolean; retryAfterMs?: number; checksum?: boolean }
  | { kind: 'changed' }
  | { kind: 'vanished' }
  | { kind: 'aborted' };

/**
 * Permanent refusals: the same bytes will never be accepted, so the file goes to rejected/.
 * 422 is permanent for every code except `checksum_mismatch` (e.g. `empty_file`), handled apart.
 */
const PERMANENT_STATUS = new Set([400, 413, 415, 422]);

/** Consecutive 422 replies for unchanged content before the file is rejected (link corruption is retried). */
export const MAX_CHECKSUM_FAILURES = 3;

export interface AttemptOptions {
  /** Called once the existence check said "not held" and the upload starts. */
  onUploadStart?: () => void;
  onProgress?: (sentBytes: number) => void;
  /** 422 replies already seen for this content. */
  checksumFailures?: number;
  signal?: AbortSignal;
}

/** Run one attempt. Never throws for network or server trouble; those come back as `retry`. */
export async function attemptDelivery(client: IngestClient, file: HashedFile, opts: AttemptOptions = {}): Promise<AttemptResult> {
  const before = await statOrNull(file.absPath);
  if (!before) return { kind: 'vanished' };
  if (before.size !== file.size || before.mtimeMs !== file.mtimeMs) return { kind: 'changed' };

  const found = await client.lookup(file.sha256, opts.signal);
  // A held file whose status is `failed` may have been refused at intake (the server keeps
  // refused originals as failed rows): only a POST tells "accepted" (200) from "refused" (415/422).
  if (found.kind === 'ok' && found.body.status !== 'failed') return ackFrom(found.body, file, 'existing');
  if (found.kind !== 'ok' && !(found.kind === 'http_error' && found.status === 404)) return failure(found);

  opts.onUploadStart?.();
  const sent = await client.upload({
    path: file.absPath,
    size: file.size,
    sha256: file.sha256,
    filename: file.filename,
    caseNumber: file.caseNumber,
    batchId: file.batchId,
    onProgress: opts.onProgress,
    signal: opts.signal,
  });
  if (sent.kind === 'ok') return ackFrom(sent.body, file, sent.status === 201 ? 'created' : 'existing');
  if (sent.kind === 'local_error') {
    const now = await statOrNull(file.absPath);
    if (!now) return { kind: 'vanished' };
    return { kind: 'retry', code: sent.code, message: sent.message, auth: false, network: false };
  }
  if (sent.kind === 'http_error' && sent.status === 422 && sent.code === 'checksum_mismatch') {
    // The file may have been rewritten after hashing (a rescan under the same name): then it
    // is a new file, not a bad one. Only unchanged content that keeps failing is rejected.
    const now = await statOrNull(file.absPath);
    if (!now) return { kind: 'vanished' };
    if (now.size !== file.size || now.mtimeMs !== file.mtimeMs) return { kind: 'changed' };
    const rehash = await sha256File(file.absPath, opts.signal).catch(() => null);
    if (!rehash) return { kind: 'vanished' };
    if (rehash.sha256 !== file.sha256) return { kind: 'changed' };
    if ((opts.checksumFailures ?? 0) + 1 >= MAX_CHECKSUM_FAILURES) {
      return { kind: 'rejected', code: sent.code, message: sent.message, status: 422 };
    }
    return { kind: 'retry', code: sent.code, message: sent.message, auth: false, network: false, checksum: true };
  }
  return failure(sent);
}

function ackFrom(reply: IngestReply, file: HashedFile, serverStatus: 'created' | 'existing'): AttemptResult {
  if (reply.sha256 !== file.sha256) {
    // Never count a reply for other bytes as an acknowledgement of ours.
    return { kind: 'retry', code: 'ack_checksum_differs', message: `server acknowledged ${reply.sha256}, expected ${file.sha256}`, auth: false, network: false };
  }
  return { kind: 'acked', fileId: reply.fileId, serverStatus };
}

function failure(o: CallOutcome<unknown>): AttemptResult {
  switch (o.kind) {
    case 'aborted':
      return { kind: 'aborted' };
    case 'network_error':
    case 'local_error':
      return { kind: 'retry', code: o.code, message: o.message, auth: false, network: o.kind === 'network_error' };
    case 'http_error':
      if (PERMANENT_STATUS.has(o.status)) return { kind: 'rejected', code: o.code, message: o.message, status: o.status };
      return {
        kind: 'retry',
        code: o.code,
        message: o.message,
        auth: o.status === 401 || o.status === 403,
        // 5xx, 429 and a gateway in between behave like a network outage: pause all files.
        network: o.status >= 500 || o.status === 429 || o.status === 408,
        retryAfterMs: o.retryAfterMs,
      };
    case 'ok':
      return { kind: 'retry', code: 'unexpected_reply', message: 'unexpected reply', auth: false, network: false };
  }
}

async function statOrNull(path: string): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
  } catch {
    return null;
  }
}
