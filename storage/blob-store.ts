/**
 * BlobStore port: where originals, page images and thumbnails live.
 *
 * Adapters: `fs.blob-store.ts` (embedded, files under DATA_DIR/objects) and
 * `minio.blob-store.ts` (any S3-compatible store through the `minio` client).
 * Both run the same contract suite (tests/contract/blob-store.contract.ts).
 * This module imports nothing from the rest of the app.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** Object keys are app-generated, never raw user input: `[a-z0-9/_.-]+`, no `..`, no leading `/`. */
export const BLOB_KEY_PATTERN = /^(?!\/)(?!.*\.\.)[a-z0-9][a-z0-9/_.-]{0,511}$/;

export function assertValidKey(key: string): void {
  if (!BLOB_KEY_PATTERN.test(key)) throw new Error(`invalid blob key: ${JSON.stringify(key)}`);
}

export interface BlobInfo {
  key: string;
  size: number;
  /** Lower-case hex SHA-256 of the content. */
  sha256: string;
}

export interface PutStreamResult extends BlobInfo {
  /** False when an object with this content already existed (content-addressed put). */
  created: boolean;
}

export interface BlobStore {
  /**
   * Stream `body` into the store under a content-addressed key `${prefix}/${sha256}` and return
   * it. MUST hash while streaming (no whole-file buffering), MUST be durable before resolving
   * (fs: tmp + fsync + rename; S3: upload completed), MUST be atomic (a crash leaves either no
   * object or the whole object, never a partial one under the final key), and MUST reject
   * with an error whose `code` is `'file_too_large'` when more than `maxBytes` arrive (nothing
   * is kept then). If `expectedSha256` is given and differs, MUST reject with `code`
   * `'checksum_mismatch'` and keep nothing.
   */
  putStream(
    prefix: string,
    body: Readable,
    opts: { maxBytes: number; expectedSha256?: string; contentType?: string },
  ): Promise<PutStreamResult>;

  /** Store a small buffer under an explicit key (page images, thumbnails). Atomic; overwrites. */
  put(key: string, data: Buffer, contentType?: string): Promise<BlobInfo>;

  /** Read a whole object. MUST reject with `code === 'not_found'` when missing. */
  get(key: string): Promise<Buffer>;

  /** Stream an object. MUST reject with `code === 'not_found'` when missing. */
  getStream(key: string): Promise<Readable>;

  /** Metadata, or null when missing. */
  stat(key: string): Promise<{ size: number } | null>;

  /** Remove an object; missing is not an error. */
  delete(key: string): Promise<void>;

  /** A URL the client can GET directly (S3 presigned), or null when the API must serve it. */
  presignedGetUrl(key: string, expirySeconds: number): Promise<string | null>;

  /** Check the store is reachable and writable (readiness). Throws with a clear message otherwise. */
  ping(): Promise<void>;

  close(): Promise<void>;
}

/** Error with a stable `code` thrown by BlobStore adapters. */
export class BlobStoreError extends Error {
  constructor(
    readonly code: 'not_found' | 'file_too_large' | 'checksum_mismatch',
    message: string,
  ) {
    super(message);
    this.name = 'BlobStoreError';
  }
}

/** sha256 (hex) and byte count of a stream, read to its end (verifying copies of stored objects). */
export async function hashStream(stream: Readable): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}
