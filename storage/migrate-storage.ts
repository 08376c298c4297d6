/**
 * `npm run admin -- migrate-storage [--verify]`: move an embedded installation (DATA_DIR:
 * PGlite database + filesystem object store) into production storage (DATABASE_URL +
 * S3_*), so a court that started on one box can scale out without re-scanning.
 *
 * Order: objects first (each verified by SHA-256 read back from the target), then tables
 * (parents first, ids kept, each batch compared row by row), then sequences, then a row count
 * per table. A row therefore never points at an object the target lacks. Idempotent and
 * resumable: a re-run skips journalled objects and already-copied rows (which it still
 * compares). `--verify` re-hashes every object instead of trusting the journal. The embedded
 * server must be stopped (PGlite is single-process); the target should be empty or the target
 * of an earlier run from the same DATA_DIR (anything else fails the row comparison).
 * Owns the orchestration; table copying is in migrate-tables.ts, objects in migrate-blobs.ts.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { BlobStore } from './blob-store.ts';
import { redactUrl } from '../log.ts';
import { openPglite, openPostgres, queryRows, type Db } from './db.ts';
import { copyBlobs, type BlobReport } from './migrate-blobs.ts';
import { assertSameCounts, assertSameTables, copySequences, copyTable, describeTables, schemaVersion, type TableReport } from './migrate-tables.ts';

export interface MigrateStorageDeps {
  source: { db: Db; blobs: BlobStore; objectsDir: string };
  target: { db: Db; blobs: BlobStore; /** e.g. endpoint + bucket, names the journal's target */ id: string };
  journalPath: string;
  verifyAll?: boolean;
  /** One progress line at a time (the CLI writes them to stderr). */
  out: (line: string) => void;
}

export interface MigrateStorageReport {
  blobs: BlobReport;
  tables: TableReport[];
  sequencesMoved: number;
  ms: number;
}

const MiB = 1024 * 1024;

export async function migrateStorage(d: MigrateStorageDeps): Promise<MigrateStorageReport> {
  const started = Date.now();
  const [sv, tv] = await Promise.all([schemaVersion(d.source.db), schemaVersion(d.target.db)]);
  if (sv.join(',') !== tv.join(',')) {
    throw new Error(`schema versions differ: source ${sv.join(' ')}; target ${tv.join(' ')} (run both with the same build)`);
  }
  const tables = await describeTables(d.source.db);
  assertSameTables(tables, await describeTables(d.target.db));

  const referenced = await queryRows<{ k: string }>(
    d.source.db,
    sql`SELECT blob_key AS k FROM scan_files UNION SELECT image_key FROM pages UNION SELECT thumb_key FROM pages`,
  );
  d.out(`objects: copying to ${d.target.id}${d.verifyAll ? ' (re-verifying every object)' : ''}`);
  const blobs = await copyBlobs({
    source: d.source.blobs,
    objectsDir: d.source.objectsDir,
    target: d.target.blobs,
    referenced: referenced.map((r) => r.k),
    journalPath: d.journalPath,
    targetId: d.target.id,
    verifyAll: d.verifyAll,
    progress: (r) =>
      d.out(`objects: ${r.copied + r.alreadyThere}/${r.total} (${r.copied} copied and verified, ${r.alreadyThere} already there; ${(r.bytes / MiB).toFixed(1)} MiB)`),
  });

  const reports: TableReport[] = [];
  for (const t of tables) {
    let lastOut = 0;
    const r = await copyTable(d.source.db, d.target.db, t, (p, total) => {
      if (Date.now() - lastOut < 1000 && p.rows < total) return;
      lastOut = Date.now();
      d.out(`table ${t.name}: ${p.rows}/${total} rows (${p.copied} copied, ${p.alreadyThere} already there, all verified)`);
    });
    if (r.rows === 0) d.out(`table ${t.name}: empty`);
    reports.push(r);
  }
  const sequencesMoved = await copySequences(d.source.db, d.target.db);
  await assertSameCounts(d.source.db, d.target.db, tables);
  d.out(`sequences: ${sequencesMoved} advanced; row counts equal in all ${tables.length} tables`);

  if (blobs.ignored.length > 0) d.out(`warning: ${blobs.ignored.length} files under ${d.source.objectsDir} are not object keys and were left alone (e.g. ${blobs.ignored[0]})`);
  if (blobs.missingInSource.length > 0) {
    throw new Error(
      `${blobs.missingInSource.length} objects that rows refer to are missing in the source store ` +
        `(everything else was copied): ${blobs.missingInSource.slice(0, 10).join(', ')}${blobs.missingInSource.length > 10 ? ', …' : ''}`,
    );
  }
  return { blobs, tables: reports, sequencesMoved, ms: Date.now() - started };
}

/** The CLI command: source from DATA_DIR, target from DATABASE_URL and S3_*. */
export async function runMigrateStorage(config: Config, args: string[], out: (line: string) => void): Promise<MigrateStorageReport> {
  const unknown = args.filter((a) => a !== '--verify');
  if (unknown.length > 0) throw new Error(`migrate-storage: unknown argument ${unknown[0]} (only --verify)`);
  const missing = [!config.databaseUrl && 'DATABASE_URL', !config.s3 && 'S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY, S3_SECRET_KEY'].filter(Boolean);
  if (missing.length > 0) throw new Error(`migrate-storage needs the target: set ${missing.join(' and ')} (the source is DATA_DIR=${config.dataDir})`);
  const pgdata = path.join(config.dataDir, 'pgdata');
  if (!existsSync(pgdata)) throw new Error(`no embedded database at ${pgdata}; set DATA_DIR to the embedded installation's data directory`);
  const s3 = config.s3!;

  const { createFsBlobStore } = await import('./fs.blob-store.ts');
  const { createMinioBlobStore, parseS3Endpoint } = await import('./minio.blob-store.ts');
  const targetBlobs = await createMinioBlobStore({ ...parseS3Endpoint(s3.endpoint), accessKey: s3.accessKey, secretKey: s3.secretKey, bucket: s3.bucket, region: s3.region });
  const objectsDir = path.join(config.dataDir, 'objects');
  out(`source: ${config.dataDir} (PGlite + files); target: ${redactUrl(config.databaseUrl!)} + s3 ${s3.endpoint}/${s3.bucket}`);
  const source = await openPglite(pgdata);
  try {
    const target = await openPostgres(config.databaseUrl!, { max: 2 });
    try {
      const report = await migrateStorage({
        source: { db: source.db, blobs: createFsBlobStore(objectsDir), objectsDir },
        target: { db: target.db, blobs: targetBlobs, id: `${s3.endpoint}/${s3.bucket}` },
        journalPath: path.join(config.dataDir, 'migrate-storage.journal'),
        verifyAll: args.includes('--verify'),
        out,
      });
      const rows = report.tables.reduce((n, t) => n + t.rows, 0);
      out(`done in ${(report.ms / 1000).toFixed(1)} s: ${report.blobs.total} objects, ${rows} rows in ${report.tables.length} tables. ` +
        `Start the production processes with DATABASE_URL, REDIS_URL and S3_* set; keep ${config.dataDir} until they run well.`);
      return report;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
