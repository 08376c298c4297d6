/**
 * Start the real runtime for a test, in one of two legs:
 *  - `embedded`: PGlite + filesystem store + in-process queue in a temp DATA_DIR;
 *  - `production`: a fresh PostgreSQL database + BullMQ on Redis (unique prefix) + S3 (s3rver).
 * The same suite code runs on both (see tests/pipeline, tests/api).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../log.ts';
import { startRuntime, type Runtime } from '../../runtime.ts';
import { createMinioBlobStore } from '../../storage/minio.blob-store.ts';
import type { Role } from '../../storage/schema.ts';
import { createToken } from '../../storage/tokens.repo.ts';
import { createTestDatabase, deleteRedisPrefix, serviceUrl } from './services.ts';
import { startS3rver, S3RVER_KEY } from './s3rver.ts';

export type Leg = 'embedded' | 'production';

export interface TestServer {
  rt: Runtime;
  url: string;
  dataDir: string;
  token(role: Role): Promise<string>;
  /** Authorised fetch against the API. */
  api(pathname: string, init?: RequestInit & { token?: string }): Promise<Response>;
  stop(): Promise<void>;
}

/** Legs to run: embedded always; production when its services are configured (always in CI). */
export function legs(suite: string): Leg[] {
  const db = serviceUrl('TEST_DATABASE_URL', `${suite} (production leg)`);
  const redis = db ? serviceUrl('TEST_REDIS_URL', `${suite} (production leg)`) : null;
  return db && redis ? ['embedded', 'production'] : ['embedded'];
}

export async function startTestServer(leg: Leg, env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `ced-${leg}-`));
  const cleanups: Array<() => Promise<void>> = [() => rm(dataDir, { recursive: true, force: true })];
  const baseEnv: Record<string, string> = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', JOB_BACKOFF_MS: '200', JOB_ATTEMPTS: '3', ...env };
  let blobs;
  if (leg === 'production') {
    const db = await createTestDatabase(process.env.TEST_DATABASE_URL!);
    cleanups.push(db.drop);
    const s3 = await startS3rver();
    cleanups.push(s3.close);
    const bucket = `ced-${randomBytes(4).toString('hex')}`;
    const queuePrefix = `test-${process.pid}-${randomBytes(3).toString('hex')}`;
    // BullMQ leaves its keys behind when the runtime closes; CI's Redis outlives the run.
    cleanups.push(() => deleteRedisPrefix(process.env.TEST_REDIS_URL!, queuePrefix));
    Object.assign(baseEnv, {
      DATABASE_URL: db.url,
      REDIS_URL: process.env.TEST_REDIS_URL!,
      QUEUE_PREFIX: queuePrefix,
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY: S3RVER_KEY,
      S3_SECRET_KEY: S3RVER_KEY,
    });
    blobs = await createMinioBlobStore({ endPoint: '127.0.0.1', port: s3.port, useSSL: false, accessKey: S3RVER_KEY, secretKey: S3RVER_KEY, bucket, client: s3.client() });
  }
  const config = loadConfig(baseEnv);
  const rt = await startRuntime(config, 'all', { blobs, log: createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'error') });
  const url = rt.url!;
  const tokens = new Map<Role, string>();
  const token = async (role: Role) => {
    let t = tokens.get(role);
    if (!t) {
      t = (await createToken(rt.database.db, { role, name: `test-${role}-${randomUUID().slice(0, 4)}` })).token;
      tokens.set(role, t);
    }
    return t;
  };
  return {
    rt,
    url,
    dataDir,
    token,
    async api(pathname, init = {}) {
      const t = init.token ?? (await token('admin'));
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${t}`);
      return fetch(`${url}/api/v1${pathname}`, { ...init, headers });
    },
    async stop() {
      await rt.close();
      for (const c of cleanups.reverse()) await c().catch(() => undefined);
    },
  };
}

/** Upload bytes as a scanner station would. */
export async function ingest(
  server: TestServer,
  body: Buffer,
  opts: { filename?: string; sha256?: string; caseNumber?: string; role?: Role } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'x-filename': encodeURIComponent(opts.filename ?? 'scan.bin'), 'content-type': 'application/octet-stream' };
  if (opts.sha256) headers['x-content-sha256'] = opts.sha256;
  if (opts.caseNumber) headers['x-case-number'] = encodeURIComponent(opts.caseNumber);
  const res = await server.api('/ingest', { method: 'POST', body: new Uint8Array(body), headers, token: await server.token(opts.role ?? 'station') });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Poll a file until it reaches a terminal status. */
export async function waitForFile(server: TestServer, fileId: string, timeoutMs = 120_000): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await server.api(`/files/${fileId}`);
    const body = (await res.json()) as Record<string, unknown>;
    if (['done', 'needs_review', 'failed'].includes(String(body.status))) return body;
    if (Date.now() > until) throw new Error(`file ${fileId} still ${String(body.status)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
