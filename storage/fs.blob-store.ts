/**
 * Filesystem BlobStore adapter (embedded mode): objects are plain files under `rootDir`
 * (usually `DATA_DIR/objects`), one file per key, with the key's `/` as directory separators.
 * It owns the durability story on disk: every write goes to `rootDir/.tmp`, is fsynced, then
 * renamed/linked into place and the directory is fsynced, so a crash never leaves a partial
 * object under a final key. Temporary files can never collide with keys because keys cannot
 * start with a dot. This module imports only node built-ins and the BlobStore port.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, lstat, mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import type { Readable, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertValidKey, BlobStoreError } from './blob-store.ts';
import type { BlobInfo, BlobStore, PutStreamResult } from './blob-store.ts';

const TMP_DIR_NAME = '.tmp';
/** Leftovers of crashed writes older than this are swept on first use. */
const STALE_TMP_MS = 24 * 60 * 60 * 1000;

/**
 * Hashes (sha256) and counts bytes as they pass, failing the stream with `file_too_large` as
 * soon as more than `maxBytes` have arrived, so the source is torn down instead of read to the
 * end. (The minio adapter's upload sink does the same counting; adapters import nothing
 * from each other.)
 */
class HashingMeter extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer | string, encoding: BufferEncoding, cb: TransformCallback): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    this.bytes += buf.length;
    if (this.bytes > this.maxBytes) {
      cb(new BlobStoreError('file_too_large', `stream exceeds the limit of ${this.maxBytes} bytes`));
      return;
    }
    this.hash.update(buf);
    cb(null, buf);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

function errnoCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** Errors that mean "there is no object file at this key". */
function isMissing(err: unknown): boolean {
  const code = errnoCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/** fsync a directory so a rename/link into it survives a power cut. */
async function fsyncDir(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (err) {
    // Some platforms/filesystems cannot fsync a directory (Windows: EISDIR/EPERM); the data
    // file itself is already fsynced, so degrade rather than fail the write.
    const code = errnoCode(err);
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw err;
  } finally {
    await fh?.close();
  }
}

/**
 * Creates the filesystem adapter rooted at `rootDir` (created on first use).
 *
 * Contract beyond the port: keys map 1:1 to paths, so keys that only differ by path
 * normalisation (`a//b`, `a/./b`, trailing `/`) are rejected as invalid rather than aliased;
 * `presignedGetUrl` always returns null (the API serves the bytes).
 */
export function createFsBlobStore(rootDir: string): BlobStore {
  const root = path.resolve(rootDir);
  const tmpDir = path.join(root, TMP_DIR_NAME);
  let ready: Promise<void> | undefined;

  function ensureReady(): Promise<void> {
    ready ??= (async () => {
      await mkdir(tmpDir, { recursive: true });
      await sweepStaleTmp();
    })().catch((err: unknown) => {
      ready = undefined; // let the next call retry (e.g. the volume was mounted late)
      throw err;
    });
    return ready;
  }

  async function sweepStaleTmp(): Promise<void> {
    const now = Date.now();
    for (const name of await readdir(tmpDir)) {
      const p = path.join(tmpDir, name);
      const st = await lstat(p).catch(() => undefined);
      if (st && now - st.mtimeMs > STALE_TMP_MS) await rm(p, { force: true, recursive: true });
    }
  }

  /** Key → absolute path; rejects anything that is not a canonical path inside root. */
  function pathFor(key: string): string {
    assertValidKey(key);
    const resolved = path.resolve(root, key);
    const rel = path.relative(root, resolved);
    if (rel.startsWith('..') || path.isAbsolute(rel) || rel.split(path.sep).join('/') !== key) {
      throw new Error(`invalid blob key: ${JSON.stringify(key)}`);
    }
    return resolved;
  }

  function tmpPath(): string {
    return path.join(tmpDir, `${randomUUID()}.part`);
  }

  /** mkdir -p the parent of `file`, fsyncing every directory whose entries changed. */
  async function ensureParent(file: string): Promise<void> {
    const dir = path.dirname(file);
    const firstCreated = await mkdir(dir, { recursive: true });
    if (firstCreated === undefined) return;
    // New directories are entries of their parents: fsync from `dir` up to the parent of
    // the first one created, or a crash could lose the path to a durable file.
    const top = path.dirname(firstCreated);
    for (let d = dir; ; d = path.dirname(d)) {
      await fsyncDir(d);
      if (d === top || d === path.dirname(d)) break;
    }
  }

  /**
   * Publishes a finished tmp file under `final` if nothing is there yet. `link` fails with
   * EEXIST atomically, so of two concurrent identical uploads exactly one reports created.
   */
  async function publishIfAbsent(tmp: string, final: string): Promise<boolean> {
    await ensureParent(final);
    try {
      await link(tmp, final);
    } catch (err) {
      if (errnoCode(err) === 'EEXIST') return false;
      const code = errnoCode(err);
      // Filesystems without hard links: fall back to check-then-rename (same content anyway).
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
      if (await stat(final).then(() => true, () => false)) return false;
      await rename(tmp, final);
    }
    await fsyncDir(path.dirname(final));
    return true;
  }

  const store: BlobStore = {
    async putStream(prefix, body, opts): Promise<PutStreamResult> {
      pathFor(`${prefix}/${'0'.repeat(64)}`); // reject a bad prefix before reading any byte
      await ensureReady();
      const tmp = tmpPath();
      const meter = new HashingMeter(opts.maxBytes);
      try {
        // `flush` fsyncs before the descriptor closes, and pipeline waits for that close.
        await pipeline(body, meter, createWriteStream(tmp, { flags: 'wx', flush: true }));
        const sha256 = meter.digest();
        if (opts.expectedSha256 !== undefined && opts.expectedSha256.toLowerCase() !== sha256) {
          throw new BlobStoreError(
            'checksum_mismatch',
            `sha256 ${sha256} does not match the expected ${opts.expectedSha256}`,
          );
        }
        const key = `${prefix}/${sha256}`;
        const created = await publishIfAbsent(tmp, pathFor(key));
        return { key, size: meter.bytes, sha256, created };
      } finally {
        await rm(tmp, { force: true });
      }
    },

    async put(key, data): Promise<BlobInfo> {
      const final = pathFor(key);
      await ensureReady();
      const tmp = tmpPath();
      try {
        const fh = await open(tmp, 'wx');
        try {
          await fh.writeFile(data);
          await fh.sync();
        } finally {
          await fh.close();
        }
        await ensureParent(final);
        await rename(tmp, final);
        await fsyncDir(path.dirname(final));
      } finally {
        await rm(tmp, { force: true });
      }
      return { key, size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
    },

    async get(key): Promise<Buffer> {
      const p = pathFor(key);
      try {
        return await readFile(p);
      } catch (err) {
        if (isMissing(err)) throw new BlobStoreError('not_found', `no blob at key ${key}`);
        throw err;
      }
    },

    async getStream(key): Promise<Readable> {
      const p = pathFor(key);
      let fh: FileHandle | undefined;
      try {
        // Open first so a missing key rejects here rather than as a later stream error.
        fh = await open(p, 'r');
        if (!(await fh.stat()).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
      } catch (err) {
        await fh?.close();
        if (isMissing(err)) throw new BlobStoreError('not_found', `no blob at key ${key}`);
        throw err;
      }
      return fh.createReadStream();
    },

    async stat(key) {
      const p = pathFor(key);
      try {
        const st = await stat(p);
        return st.isFile() ? { size: st.size } : null;
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },

    async delete(key) {
      const p = pathFor(key);
      try {
        await unlink(p);
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    },

    async presignedGetUrl(key) {
      pathFor(key);
      return null;
    },

    async ping() {
      const probe = path.join(tmpDir, `ping-${randomUUID()}`);
      try {
        await ensureReady();
        const fh = await open(probe, 'wx');
        try {
          await fh.writeFile('ping');
          await fh.sync();
        } finally {
          await fh.close();
        }
        await unlink(probe);
      } catch (err) {
        await rm(probe, { force: true }).catch(() => undefined);
        const reason = err instanceof Error ? err.message : String(err);
        throw new Error(`blob store directory ${root} is not writable: ${reason}`, { cause: err });
      }
    },

    async close() {
      // Nothing to release: every operation opens and closes its own handles.
    },
  };
  return store;
}
