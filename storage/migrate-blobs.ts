/**
 * Blob half of `admin migrate-storage`: copies every object of the embedded filesystem store
 * into the target store (S3), each one verified by reading it back and comparing SHA-256.
 * A journal file records what was verified (key, sha256, size, for one named target), so a
 * re-run skips those after a cheap size check on both sides; `verifyAll` ignores the journal.
 * Content-addressed keys (`<prefix>/<sha256>`, the originals) are streamed through
 * `putStream` (multipart on S3, no whole-file buffering); other keys are page images and
 * thumbnails, small enough to move as one buffer. Imports only node built-ins and the port.
 */
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BLOB_KEY_PATTERN, hashStream, type BlobStore } from './blob-store.ts';

export interface BlobReport {
  total: number;
  copied: number;
  /** Verified in an earlier run (journal + sizes) or found identical in the target now. */
  alreadyThere: number;
  bytes: number;
  /** Keys the database refers to that the source store does not hold (cannot be copied). */
  missingInSource: string[];
  /** Files under the objects directory whose names are not valid keys (left alone). */
  ignored: string[];
}

export interface CopyBlobsOptions {
  source: BlobStore;
  /** The filesystem store's root (DATA_DIR/objects): keys are its relative file paths. */
  objectsDir: string;
  target: BlobStore;
  /** Keys rows refer to (originals, page images, thumbnails); each must be in the source. */
  referenced: Iterable<string>;
  journalPath: string;
  /** Identifies the target (e.g. endpoint + bucket); a journal for another target is ignored. */
  targetId: string;
  verifyAll?: boolean;
  concurrency?: number;
  progress: (r: BlobReport) => void;
}

const CONTENT_ADDRESSED = /^(.+)\/([0-9a-f]{64})$/;

function contentTypeOf(key: string): string | undefined {
  if (/\.jpe?g$/.test(key)) return 'image/jpeg';
  if (key.endsWith('.png')) return 'image/png';
  return undefined;
}

/** Every object file under `root` as a key, skipping the store's `.tmp` directory. */
export async function listFsKeys(root: string): Promise<{ keys: string[]; ignored: string[] }> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  const keys: string[] = [];
  const ignored: string[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const rel = path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/');
    if (rel.startsWith('.tmp/')) continue;
    (BLOB_KEY_PATTERN.test(rel) ? keys : ignored).push(rel);
  }
  return { keys: keys.sort(), ignored };
}

async function readJournal(file: string, targetId: string): Promise<Map<string, { sha256: string; size: number }>> {
  const done = new Map<string, { sha256: string; size: number }>();
  const text = await readFile(file, 'utf8').catch(() => '');
  const [header, ...lines] = text.split('\n');
  if (header !== `# target ${targetId}`) {
    await writeFile(file, `# target ${targetId}\n`);
    return done;
  }
  for (const line of lines) {
    const [key, sha256, size] = line.split('\t');
    if (key && sha256 && size) done.set(key, { sha256, size: Number(size) });
  }
  return done;
}

export async function copyBlobs(o: CopyBlobsOptions): Promise<BlobReport> {
  const { keys, ignored } = await listFsKeys(o.objectsDir);
  const present = new Set(keys);
  const report: BlobReport = { total: keys.length, copied: 0, alreadyThere: 0, bytes: 0, missingInSource: [], ignored };
  for (const k of new Set(o.referenced)) if (!present.has(k)) report.missingInSource.push(k);
  const journal = o.verifyAll ? new Map() : await readJournal(o.journalPath, o.targetId);
  if (o.verifyAll) await writeFile(o.journalPath, `# target ${o.targetId}\n`);
  let lastReport = 0;

  async function copyOne(key: string): Promise<void> {
    const known = journal.get(key);
    const srcStat = await o.source.stat(key);
    if (!srcStat) throw new Error(`source object ${key} vanished during the migration`);
    if (known && known.size === srcStat.size && (await o.target.stat(key))?.size === known.size) {
      report.alreadyThere++;
      return;
    }
    const src = await hashStream(await o.source.getStream(key));
    const there = await o.target.stat(key);
    let copied = false;
    if (!there || there.size !== src.size || (await hashStream(await o.target.getStream(key))).sha256 !== src.sha256) {
      const m = CONTENT_ADDRESSED.exec(key);
      if (m && m[2] === src.sha256) {
        await o.target.putStream(m[1]!, await o.source.getStream(key), { maxBytes: src.size, expectedSha256: src.sha256 });
      } else {
        await o.target.put(key, await o.source.get(key), contentTypeOf(key));
      }
      const back = await hashStream(await o.target.getStream(key));
      if (back.sha256 !== src.sha256 || back.size !== src.size) {
        throw new Error(`object ${key}: the target holds sha256 ${back.sha256} (${back.size} B) after the copy, the source ${src.sha256} (${src.size} B)`);
      }
      copied = true;
    }
    await appendFile(o.journalPath, `${key}\t${src.sha256}\t${src.size}\n`);
    if (copied) {
      report.copied++;
      report.bytes += src.size;
    } else report.alreadyThere++;
  }

  // A few objects in flight hide the round-trip latency of S3 without flooding it.
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      await copyOne(keys[next++]!);
      if (Date.now() - lastReport > 1000) {
        lastReport = Date.now();
        o.progress(report);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 4) }, worker));
  o.progress(report);
  return report;
}
