/**
 * `admin migrate-storage` end to end: an embedded DATA_DIR built through the real API (OCR
 * off, case-number hints, a failed file, a clerk's correction) is migrated into a fresh
 * PostgreSQL database and an S3 bucket (s3rver); a production-mode API on the target then
 * answers the same files, pages, cases, dossier, node feed and search, and serves every
 * original, page image and thumbnail byte for byte. A second run (through the CLI) after
 * damaging the target repairs exactly the damage and reports the rest as already there; a
 * target whose rows differ from the source is refused.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../log.ts';
import { startRuntime, type Runtime } from '../../runtime.ts';
import { runMigrateStorage } from '../../storage/migrate-storage.ts';
import { saveRecognition } from '../../storage/pages.repo.ts';
import { writeTruncatedPdf } from '../fixtures/bad-inputs.ts';
import { startS3rver, S3RVER_KEY, type TestS3 } from '../helpers/s3rver.ts';
import { createTestDatabase, serviceUrl } from '../helpers/services.ts';
import { ingest, startTestServer, waitForFile, type TestServer } from '../helpers/test-runtime.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLES = path.join(ROOT, 'tests/fixtures/samples');
const A = '（2024）苏0205执1234号';
const B = '（2024）苏0205执77号';

const dbBase = serviceUrl('TEST_DATABASE_URL', 'migrate-storage');
const redisUrl = dbBase ? serviceUrl('TEST_REDIS_URL', 'migrate-storage') : null;

/** Everything a client can read, as JSON, plus every blob's bytes. */
interface Snapshot {
  json: Record<string, unknown>;
  blobs: Record<string, Buffer>;
}

async function snapshot(get: (p: string) => Promise<Response>): Promise<Snapshot> {
  const json: Record<string, unknown> = {};
  const blobs: Record<string, Buffer> = {};
  const read = async (p: string) => {
    const res = await get(p);
    expect(res.status, p).toBe(200);
    return (json[p] = await res.json());
  };
  const files = (await read('/files?limit=100')) as { items: Array<{ fileId: string }> };
  for (const f of files.items) {
    await read(`/files/${f.fileId}`);
    blobs[`original ${f.fileId}`] = Buffer.from(await (await get(`/files/${f.fileId}/original`)).arrayBuffer());
    const pages = (await read(`/files/${f.fileId}/pages`)) as { items: Array<{ pageId: string }> };
    for (const p of pages.items) {
      await read(`/pages/${p.pageId}`);
      await read(`/pages/${p.pageId}/text`);
      for (const kind of ['image', 'thumbnail']) blobs[`${kind} ${p.pageId}`] = Buffer.from(await (await get(`/pages/${p.pageId}/${kind}`)).arrayBuffer());
    }
  }
  for (const cn of [A, B]) {
    await read(`/cases/${encodeURIComponent(cn)}`);
    await read(`/cases/${encodeURIComponent(cn)}/dossier`);
  }
  await read('/nodes?limit=100');
  await read(`/search?q=${encodeURIComponent('张三')}`);
  await read('/admin/tokens');
  return { json, blobs };
}

describe.skipIf(!dbBase || !redisUrl)('admin migrate-storage: embedded DATA_DIR → PostgreSQL + S3', () => {
  let embedded: TestServer;
  let s3: TestS3;
  let target: { url: string; drop: () => Promise<void> };
  let before: Snapshot;
  let adminToken: string;
  let prod: Runtime | undefined;
  let prodDir: string | undefined;
  const bucket = `migrated-${randomBytes(4).toString('hex')}`;
  let env: Record<string, string>;
  /** The last audit row that came from the source (the API on the target audits its reads). */
  let sourceAuditMax = 0;

  async function maxAuditId(): Promise<number> {
    const db = new pg.Client({ connectionString: target.url });
    await db.connect();
    try {
      return Number((await db.query('SELECT max(id) AS m FROM audit_log')).rows[0].m);
    } finally {
      await db.end();
    }
  }

  beforeAll(async () => {
    // GIVEN an embedded installation with real uploads, a failure and a correction
    embedded = await startTestServer('embedded', { OCR_ENABLED: 'false' });
    const up = async (file: string, caseNumber?: string) => {
      const res = await ingest(embedded, await readFile(file), { filename: path.basename(file), caseNumber });
      expect([200, 201]).toContain(res.status);
      return waitForFile(embedded, String(res.json.fileId), 60_000);
    };
    await up(path.join(SAMPLES, 'execution-notice-clean.png'), A);
    await up(path.join(SAMPLES, 'triage-notice-2p.tif'), A);
    const referral = await up(path.join(SAMPLES, 'search-referral-scan.pdf'), B);
    await up(await writeTruncatedPdf(embedded.dataDir));
    // OCR is off here, so one page gets its text and word boxes as the OCR stage would write
    // them: tsvector, jsonb boxes and a real-valued confidence must survive the move too.
    const pageId = (((await (await embedded.api(`/files/${String(referral.fileId)}/pages`)).json()) as { items: Array<{ pageId: string }> }).items[0]!).pageId;
    await embedded.rt.database.db.execute(sql`UPDATE pages SET status = 'pending' WHERE id = ${pageId}`);
    expect(await saveRecognition(embedded.rt.database.db, pageId, {
      text: '财产查控移送表\n被执行人：张三', headerText: '财产查控移送表', confidence: 87.31, flags: { skewDeg: 0.7 }, ocrMs: 1234,
      words: [{ t: '财产', c: 91.5, b: [10, 12, 60, 40] }, { t: '张三', c: 77.25, b: [100, 212, 160, 240] }],
      lines: [{ t: '财产查控移送表', c: 90.1, b: [10, 12, 300, 40] }],
    })).toBe(true);
    const clerk = await embedded.token('clerk');
    const docId = (referral.documents as string[])[0]!;
    const patched = await embedded.api(`/documents/${docId}`, {
      method: 'PATCH', token: clerk, headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ formType: 'search_referral', caseNumber: B, date: '2024-03-05' }),
    });
    expect(patched.status).toBe(200);
    adminToken = await embedded.token('admin');
    before = await snapshot((p) => embedded.api(p));
    expect((before.json[`/search?q=${encodeURIComponent('张三')}`] as { items: unknown[] }).items).toHaveLength(1);
    await embedded.rt.close(); // the embedded server must be stopped; its DATA_DIR stays

    target = await createTestDatabase(dbBase!);
    s3 = await startS3rver();
    env = {
      DATA_DIR: embedded.dataDir, DATABASE_URL: target.url,
      S3_ENDPOINT: s3.endpoint, S3_BUCKET: bucket, S3_ACCESS_KEY: S3RVER_KEY, S3_SECRET_KEY: S3RVER_KEY,
    };
  });
  afterAll(async () => {
    await prod?.close();
    if (prodDir) await rm(prodDir, { recursive: true, force: true });
    await embedded?.stop();
    await target?.drop();
    await s3?.close();
  });

  it('copies every table and object, verified, with progress, and the API on the target answers the same', async () => {
    // WHEN the migration runs
    const lines: string[] = [];
    const report = await runMigrateStorage(loadConfig(env), [], (l) => lines.push(l));
    // THEN every object was copied and verified, rows copied in every non-empty table
    // (one object per original, page image and thumbnail: exactly what the snapshot read)
    expect(report.blobs.total).toBe(Object.keys(before.blobs).length);
    expect(report.blobs.copied).toBe(report.blobs.total);
    expect(report.blobs.missingInSource).toEqual([]);
    const rows = Object.fromEntries(report.tables.map((t) => [t.table, t]));
    for (const t of ['tokens', 'scan_files', 'pages', 'page_ocr', 'documents', 'cases', 'case_events', 'node_snapshots', 'node_changes', 'audit_log']) {
      expect(rows[t]?.rows, t).toBeGreaterThan(0);
      expect(rows[t]?.copied, t).toBe(rows[t]?.rows);
    }
    expect(report.sequencesMoved).toBeGreaterThanOrEqual(4);
    expect(lines.some((l) => /^objects: \d+\/\d+ \(\d+ copied and verified/.test(l))).toBe(true);
    expect(lines.some((l) => /^table pages: \d+\/\d+ rows/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^done in [\d.]+ s: \d+ objects, \d+ rows in \d+ tables/);
    sourceAuditMax = await maxAuditId();

    // WHEN the API starts in production mode on the target
    prodDir = await mkdtemp(path.join(tmpdir(), 'ced-prod-'));
    const config = loadConfig({ ...env, DATA_DIR: prodDir, REDIS_URL: redisUrl!, QUEUE_PREFIX: `mig-${randomBytes(3).toString('hex')}`, PORT: '0', OCR_ENABLED: 'false' });
    prod = await startRuntime(config, 'api', { log: createLogger('error') });
    const get = (p: string) => fetch(`${prod!.url}/api/v1${p}`, { headers: { authorization: `Bearer ${adminToken}` } });
    // THEN the migrated admin token works, and every answer and every byte is the same
    const after = await snapshot(get);
    expect(after.json).toEqual(before.json);
    expect(Object.keys(after.blobs).sort()).toEqual(Object.keys(before.blobs).sort());
    for (const [k, v] of Object.entries(before.blobs)) expect(after.blobs[k]?.equals(v), k).toBe(true);
    // AND sequences moved on: a new token gets an id after every migrated one
    const maxId = Math.max(...(before.json['/admin/tokens'] as { items: Array<{ id: number }> }).items.map((t) => t.id));
    const created = await fetch(`${prod.url}/api/v1/admin/tokens`, {
      method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ role: 'judge', name: '迁移后' }),
    });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { id: number }).id).toBeGreaterThan(maxId);
    await prod.close();
    prod = undefined;
  });

  it('a re-run through the CLI repairs a damaged target and skips what is verified', async () => {
    // GIVEN the migrated target, minus one page image and the source's two newest audit rows
    // (rows the target's own API wrote since are removed too: they are not from the source)
    const client = s3.client();
    const pageKey = await (async () => {
      for await (const o of client.listObjectsV2(bucket, 'pages/', true)) if (o.name) return o.name;
      throw new Error('no page image in the bucket');
    })();
    await client.removeObject(bucket, pageKey);
    const db = new pg.Client({ connectionString: target.url });
    await db.connect();
    let removedRows = 0;
    try {
      // The token created above is not from the source: drop it, or the row check would refuse.
      await db.query(`DELETE FROM tokens WHERE name = '迁移后'`);
      await db.query('DELETE FROM audit_log WHERE id > $1', [sourceAuditMax]);
      removedRows = (await db.query('DELETE FROM audit_log WHERE id > $1', [sourceAuditMax - 2])).rowCount ?? 0;
    } finally {
      await db.end();
    }
    expect(removedRows).toBe(2);
    // WHEN `npm run admin -- migrate-storage` runs again
    const out = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'main.ts'), 'admin', 'migrate-storage'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      p.stdout.on('data', (d: Buffer) => (text += d.toString()));
      p.stderr.on('data', (d: Buffer) => (text += d.toString()));
      p.once('exit', (code) => resolve({ code, text }));
    });
    // THEN it exits 0, copies the one missing object and the two missing rows, and skips the rest
    expect(out.code, out.text).toBe(0);
    expect(out.text).toMatch(/\[migrate-storage\] objects: (\d+)\/\1 \(1 copied and verified, (\d+) already there/);
    expect(out.text).toMatch(/\[migrate-storage\] table audit_log: (\d+)\/\1 rows \(2 copied, \d+ already there, all verified\)/);
    expect(out.text).toMatch(/\[migrate-storage\] table pages: (\d+)\/\1 rows \(0 copied, \1 already there, all verified\)/);
    expect(out.text).toMatch(/\[migrate-storage\] done in/);
    const restored = await s3.client().statObject(bucket, pageKey);
    expect(restored.size).toBeGreaterThan(0);
  });

  it('refuses a target whose rows differ from the source instead of keeping them silently', async () => {
    // GIVEN a target row changed after the migration (as if the target had been used)
    const db = new pg.Client({ connectionString: target.url });
    await db.connect();
    try {
      expect((await db.query(`UPDATE cases SET parties = '某公司' WHERE case_number = $1`, [A])).rowCount).toBe(1);
    } finally {
      await db.end();
    }
    // WHEN the migration runs again THEN it fails naming the table and the row
    await expect(runMigrateStorage(loadConfig(env), [], () => {})).rejects.toThrow(/target table cases, key \d+: the row differs from the source/);
  });
});
