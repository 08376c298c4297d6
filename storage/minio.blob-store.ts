/**
 * S3 BlobStore adapter (server mode) over the `minio` client: works with MinIO, Ceph RGW and
 * cloud object stores. It owns the client connection and the bucket (created when missing).
 * Content-addressed uploads go to a temporary key `tmp/<uuid>` while hashing, then are
 * server-side copied to `${prefix}/${sha256}`, so no partial object ever appears under a final
 * key. Operators should add a bucket lifecycle rule that expires `tmp/` objects and aborts
 * incomplete multipart uploads after a day (crash leftovers). This module imports only node
 * built-ins, `minio` and the BlobStore port.
 */
import { createHash, randomUUID } from 'node:crypto';
import { PassThrough, Writable } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client, CopyDestinationOptions, CopySourceOptions } from 'minio';
import { assertValidKey, BlobStoreError } from './blob-store.ts';
import type { BlobInfo, BlobStore, PutStreamResult } from './blob-store.ts';

/**
 * Multipart part size. With an unknown stream length the client would otherwise size parts for
 * a 5 TiB object (~550 MB each, held in memory); 8 MiB keeps an upload's memory flat and still
 * allows objects up to 80 GiB (10,000 parts). Streams shorter than this go up in one PUT.
 */
export const MINIO_PART_SIZE = 8 * 1024 * 1024;
/** Largest object a single CopyObject may copy; bigger ones need a multipart copy. */
const MAX_SINGLE_COPY = 5 * 1024 ** 3;
const BOOT_TIMEOUT_MS = 10_000;

export interface MinioBlobStoreOptions {
  endPoint: string;
  port?: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region?: string;
  /** Pre-built client (tests); should come from {@link createMinioClient} for its part size. */
  client?: Client;
  /**
   * Where browsers reach the store, when that differs from where this process does (e.g.
   * `http://minio:9000` inside docker-compose, `https://oss.court.example` outside). Presigned
   * URLs are signed for their host, so they are made by a client for this endpoint. Signing is
   * local (the region is configured), so this endpoint need not be reachable from the server.
   */
  publicEndpoint?: { endPoint: string; port?: number; useSSL: boolean };
}

/**
 * Turns an `S3_ENDPOINT` URL such as `http://127.0.0.1:9000` into minio client options.
 * Throws on anything but an http(s) URL without a path.
 */
export function parseS3Endpoint(url: string): { endPoint: string; port: number; useSSL: boolean } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`S3 endpoint is not a URL: ${JSON.stringify(url)} (expected e.g. http://127.0.0.1:9000)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new Error(`S3 endpoint must start with http:// or https://: ${JSON.stringify(url)}`);
  }
  if ((u.pathname !== '/' && u.pathname !== '') || u.search || u.username) {
    throw new Error(`S3 endpoint must be scheme://host[:port] only (bucket is configured separately): ${url}`);
  }
  const useSSL = u.protocol === 'https:';
  const port = u.port ? Number(u.port) : useSSL ? 443 : 80;
  return { endPoint: u.hostname.replace(/^\[(.*)\]$/, '$1'), port, useSSL };
}

/** A minio client with the part size this adapter relies on for flat memory. */
export function createMinioClient(opts: Omit<MinioBlobStoreOptions, 'bucket' | 'client'>): Client {
  return new Client({
    endPoint: opts.endPoint,
    port: opts.port,
    useSSL: opts.useSSL,
    accessKey: opts.accessKey,
    secretKey: opts.secretKey,
    region: opts.region,
    partSize: MINIO_PART_SIZE,
  });
}

function errCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function isNotFound(err: unknown): boolean {
  const code = errCode(err);
  return code === 'NoSuchKey' || code === 'NotFound';
}

const CREDENTIAL_CODES = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'InvalidToken', 'ExpiredToken', 'Forbidden']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);

function describeFailure(err: unknown): string {
  const code = errCode(err) ?? '';
  const msg = err instanceof Error ? err.message : String(err);
  if (CREDENTIAL_CODES.has(code)) return `credentials rejected, check the access key and secret key (${code}: ${msg})`;
  if (NETWORK_CODES.has(code)) return `endpoint unreachable (${code}: ${msg})`;
  return code ? `${code}: ${msg}` : msg;
}

async function withTimeout<T>(what: string, p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Hashes, counts and forwards a stream to S3. Bytes are held back until {@link MINIO_PART_SIZE}
 * has arrived: a shorter stream becomes one PUT of a Buffer, a longer one a client multipart
 * upload fed through `out`. Exceeding `maxBytes` fails the sink (and so tears down the source).
 */
class S3UploadSink extends Writable {
  private readonly hash = createHash('sha256');
  private held: Buffer[] = [];
  private heldBytes = 0;
  bytes = 0;
  out: PassThrough | undefined;
  uploading: Promise<unknown> | undefined;

  constructor(
    private readonly maxBytes: number,
    private readonly upload: (body: Readable | Buffer) => Promise<unknown>,
  ) {
    super();
  }

  private startUpload(body: Readable | Buffer): void {
    this.uploading = this.upload(body);
    // If S3 fails mid-stream, `out` stops draining: fail the sink so the pipeline ends too.
    this.uploading.catch((err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))));
  }

  override _write(chunk: Buffer | string, encoding: BufferEncoding, cb: (err?: Error | null) => void): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    this.bytes += buf.length;
    if (this.bytes > this.maxBytes) {
      cb(new BlobStoreError('file_too_large', `stream exceeds the limit of ${this.maxBytes} bytes`));
      return;
    }
    this.hash.update(buf);
    if (!this.out) {
      this.held.push(buf);
      this.heldBytes += buf.length;
      if (this.heldBytes < MINIO_PART_SIZE) {
        cb();
        return;
      }
      this.out = new PassThrough();
      this.startUpload(this.out);
      const held = this.held;
      this.held = [];
      let ok = true;
      for (const h of held) ok = this.out.write(h);
      if (ok) cb();
      else this.out.once('drain', () => cb());
      return;
    }
    if (this.out.write(buf)) cb();
    else this.out.once('drain', () => cb());
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (this.out) this.out.end();
    else this.startUpload(Buffer.concat(this.held));
    this.held = [];
    cb();
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * Connects to the S3 endpoint, creates `bucket` when missing and returns the adapter.
 * Rejects with an Error naming the bucket and endpoint when the credentials are wrong or the
 * endpoint cannot be reached (boot must fail loudly, not at the first upload).
 */
export async function createMinioBlobStore(opts: MinioBlobStoreOptions): Promise<BlobStore> {
  const client = opts.client ?? createMinioClient(opts);
  const { bucket } = opts;
  const presigner = opts.publicEndpoint
    ? createMinioClient({ ...opts, ...opts.publicEndpoint, region: opts.region ?? 'us-east-1' })
    : client;
  const where = `S3 bucket "${bucket}" at ${opts.useSSL ? 'https' : 'http'}://${opts.endPoint}${opts.port ? `:${opts.port}` : ''}`;

  try {
    const exists = await withTimeout('bucket check', client.bucketExists(bucket), BOOT_TIMEOUT_MS);
    if (!exists) {
      const making = client.makeBucket(bucket, opts.region ?? 'us-east-1');
      await withTimeout('bucket creation', making, BOOT_TIMEOUT_MS).catch((err: unknown) => {
        // Another process may have created it between the check and now.
        if (errCode(err) !== 'BucketAlreadyOwnedByYou') throw err;
      });
    }
  } catch (err) {
    throw new Error(`${where} is not usable: ${describeFailure(err)}`, { cause: err });
  }

  /** Removes a temporary object and any multipart upload left open under its key. */
  async function discard(tmpKey: string): Promise<void> {
    await client.removeObject(bucket, tmpKey).catch(() => undefined);
    // Best effort: a lifecycle rule is the backstop for crash leftovers.
    const uploadId = await client.findUploadId(bucket, tmpKey).catch(() => undefined);
    if (uploadId) await client.abortMultipartUpload(bucket, tmpKey, uploadId).catch(() => undefined);
  }

  async function statOrNull(key: string): Promise<{ size: number } | null> {
    try {
      const st = await client.statObject(bucket, key);
      return { size: st.size };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  const store: BlobStore = {
    async putStream(prefix, body, put): Promise<PutStreamResult> {
      assertValidKey(`${prefix}/${'0'.repeat(64)}`);
      const tmpKey = `tmp/${randomUUID()}`;
      const meta = put.contentType ? { 'Content-Type': put.contentType } : {};
      // A Buffer goes up in one PUT; a stream of unknown length as a client multipart upload.
      const sink = new S3UploadSink(put.maxBytes, (b) => client.putObject(bucket, tmpKey, b, Buffer.isBuffer(b) ? b.length : undefined, meta));
      try {
        await pipeline(body, sink);
        await sink.uploading;
      } catch (err) {
        // Let the client finish what it started (so no multipart upload stays open), then drop it.
        sink.out?.end();
        if (sink.uploading) {
          await sink.uploading.catch(() => undefined);
          await discard(tmpKey);
        }
        throw err;
      }

      const sha256 = sink.digest();
      const size = sink.bytes;
      const key = `${prefix}/${sha256}`;
      try {
        if (put.expectedSha256 !== undefined && put.expectedSha256.toLowerCase() !== sha256) {
          throw new BlobStoreError('checksum_mismatch', `sha256 ${sha256} does not match the expected ${put.expectedSha256}`);
        }
        if (await statOrNull(key)) return { key, size, sha256, created: false };
        const src = new CopySourceOptions({ Bucket: bucket, Object: tmpKey });
        const dest = new CopyDestinationOptions({ Bucket: bucket, Object: key });
        // The copy is atomic on the server: the final key shows all bytes or nothing.
        if (size > MAX_SINGLE_COPY) await client.composeObject(dest, [src]);
        else await client.copyObject(src, dest);
        return { key, size, sha256, created: true };
      } finally {
        await client.removeObject(bucket, tmpKey).catch(() => undefined);
      }
    },

    async put(key, data, contentType): Promise<BlobInfo> {
      assertValidKey(key);
      await client.putObject(bucket, key, data, data.length, contentType ? { 'Content-Type': contentType } : {});
      return { key, size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
    },

    async get(key): Promise<Buffer> {
      const chunks: Buffer[] = [];
      for await (const chunk of await store.getStream(key)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },

    async getStream(key): Promise<Readable> {
      assertValidKey(key);
      try {
        return await client.getObject(bucket, key);
      } catch (err) {
        if (isNotFound(err)) throw new BlobStoreError('not_found', `no blob at key ${key}`);
        throw err;
      }
    },

    async stat(key) {
      assertValidKey(key);
      return statOrNull(key);
    },

    async delete(key) {
      assertValidKey(key);
      // S3 DELETE of a missing key succeeds, as the port requires.
      await client.removeObject(bucket, key);
    },

    async presignedGetUrl(key, expirySeconds) {
      assertValidKey(key);
      return presigner.presignedGetObject(bucket, key, expirySeconds);
    },

    async ping() {
      const probe = `tmp/ping-${randomUUID()}`;
      try {
        await withTimeout('ping', client.putObject(bucket, probe, Buffer.from('ping'), 4), BOOT_TIMEOUT_MS);
        await withTimeout('ping', client.removeObject(bucket, probe), BOOT_TIMEOUT_MS);
      } catch (err) {
        throw new Error(`${where} is not writable: ${describeFailure(err)}`, { cause: err });
      }
    },

    async close() {
      // The minio client keeps no connections of its own beyond Node's global agent.
    },
  };
  return store;
}
