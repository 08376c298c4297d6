/**
 * A production-mode cluster of real child processes for scale tests and the scale bench:
 * one `start api` and N `start worker` processes (`node --import tsx main.ts …`) sharing a
 * fresh PostgreSQL database, BullMQ on Redis under a unique key prefix, and s3rver on loopback.
 * Each process gets its own DATA_DIR (temp files, OCR language data) as machines would.
 *
 * Owns: starting/stopping those processes and services, an authorised fetch against the API,
 * direct SQL on the cluster's database, and removing the run's Redis keys. Test/bench only.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { startS3rver, S3RVER_KEY } from '../helpers/s3rver.ts';
import { createTestDatabase, deleteRedisPrefix } from '../helpers/services.ts';

export interface ClusterOptions {
  databaseUrl: string;
  redisUrl: string;
  workers: number;
  /** Extra env for every process (e.g. JOB_LOCK_MS, OCR_CONCURRENCY, LOG_LEVEL). */
  env?: Record<string, string>;
}

export interface Cluster {
  dbUrl: string;
  prefix: string;
  adminToken: string;
  api: ChildServer;
  workers: ChildServer[];
  /** Authorised (admin) fetch against `/api/v1<pathname>`. */
  call(pathname: string, init?: RequestInit): Promise<Response>;
  /** Rows of a query on the cluster's database. */
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const children: ChildServer[] = [];
  const run = async () => {
    for (const c of children) await c.kill('SIGKILL');
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const db = await createTestDatabase(opts.databaseUrl);
    cleanups.push(db.drop);
    const s3 = await startS3rver();
    cleanups.push(s3.close);
    const prefix = `scale-${process.pid}-${randomBytes(3).toString('hex')}`;
    cleanups.push(() => deleteRedisPrefix(opts.redisUrl, prefix));
    const adminToken = `ced_${randomBytes(16).toString('hex')}`;
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    // Closed before the database is dropped (cleanups run in reverse).
    cleanups.push(() => pool.end());
    const envFor = async (role: string): Promise<Record<string, string>> => {
      const dataDir = await mkdtemp(path.join(tmpdir(), `ced-${role}-`));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      return {
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        REDIS_URL: opts.redisUrl,
        QUEUE_PREFIX: prefix,
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: `ced-${prefix.toLowerCase()}`,
        S3_ACCESS_KEY: S3RVER_KEY,
        S3_SECRET_KEY: S3RVER_KEY,
        BOOTSTRAP_ADMIN_TOKEN: adminToken,
        ...opts.env,
      };
    };
    // The API first: it migrates the database and creates the bucket and the admin token.
    const api = await startChildServer('api', await envFor('api'), 90_000);
    children.push(api);
    const workerEnvs = await Promise.all(Array.from({ length: opts.workers }, (_, i) => envFor(`worker${i + 1}`)));
    const started = await Promise.allSettled(workerEnvs.map((env) => startChildServer('worker', env, 90_000)));
    for (const s of started) if (s.status === 'fulfilled') children.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const workers = children.slice(1);
    return {
      dbUrl: db.url,
      prefix,
      adminToken,
      api,
      workers,
      call: (pathname, init = {}) =>
        fetch(`${api.url}/api/v1${pathname}`, { ...init, headers: { authorization: `Bearer ${adminToken}`, ...(init.headers ?? {}) } }),
      query: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
      stop: run,
    };
  } catch (err) {
    await run();
    throw err;
  }
}

/** Poll until every uploaded file is terminal; returns the files' statuses. */
export async function waitForFiles(cluster: Pick<Cluster, 'query'>, count: number, timeoutMs: number): Promise<Array<{ id: string; status: string }>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await cluster.query<{ id: string; status: string }>(`SELECT id, status FROM scan_files ORDER BY received_at`);
    if (rows.length >= count && rows.every((r) => ['done', 'needs_review', 'failed'].includes(r.status))) return rows;
    if (Date.now() > until) throw new Error(`files not terminal after ${timeoutMs} ms: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const QUEUE_NAMES = ['rasterize', 'ocr', 'assemble', 'locate', 'reevaluate'] as const;

/** Poll until no BullMQ queue of the run has a waiting, delayed or active job. */
export async function waitForIdleQueues(redisUrl: string, prefix: string, timeoutMs: number): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = QUEUE_NAMES.map((n) => new Queue(n, { connection: redis, prefix }));
  try {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'prioritized', 'active', 'delayed')));
      const busy = counts.reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0);
      if (busy === 0) return;
      if (Date.now() > until) throw new Error(`queues still busy after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    redis.disconnect();
  }
}
