/**
 * Scale bench (`npm run bench:scale`), production mode with real processes:
 *  (a) pages/minute through 1 API + 1 worker process, then 1 API + 2 worker processes, on the
 *      same rendered scans (PostgreSQL, Redis/BullMQ, s3rver), their ratio, and queue latency
 *      (enqueue → a worker starts the job, from BullMQ's job timestamps);
 *  (b) the case, dossier and node-feed routes against a database seeded BY SQL to 100,000 cases /
 *      5,000,000 pages (bench/lib-scale-seed.ts; database `bench_scale`, reused when it already
 *      holds the same seed): PostgreSQL time of each route's queries (the repo functions the
 *      route calls, audit insert included) and the HTTP route through a real `start api`
 *      process: GET /cases/{no} and /dossier p50/p99 (sequential, random cases) and
 *      GET /nodes?since= requests/s with concurrent keep-alive clients.
 * Targets: dossier p99 < 50 ms; node feed ≥ 1,000 requests/s.
 *
 * Flags: --quick (2,000 cases / 100,000 pages in `bench_scale_quick`, 4 pages), --skip-pipeline,
 * --skip-db, --reseed, --explain (EXPLAIN ANALYZE of the dossier queries for one case).
 * Env: TEST_DATABASE_URL / TEST_REDIS_URL (defaults: local postgres/redis), BENCH_SCALE_CASES,
 * BENCH_PAGES (12), BENCH_SAMPLES (2000), BENCH_CLIENTS (16), BENCH_SECONDS (10).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { audit } from '../storage/audit.repo.ts';
import { documentCountOfCase, getCaseByNumber, getSnapshot, listChangesJson } from '../storage/cases.repo.ts';
import { openPostgres } from '../storage/db.ts';
import { documentsOfCase, pagesOfCase } from '../storage/documents.repo.ts';
import { createToken } from '../storage/tokens.repo.ts';
import { startChildServer } from '../tests/helpers/child-server.ts';
import { createTestDatabase, deleteRedisPrefix } from '../tests/helpers/services.ts';
import { createClient, percentile, prng, sequentialLatencies, table, throughput } from './lib-scale-http.ts';
import { pipelineRun, renderUploads, type PipelineRun } from './lib-scale-pipeline.ts';
import { caseNumberOf, PAGES_PER_CASE, schemaFingerprint, SEED_VERSION, seedScaleDatabase } from './lib-scale-seed.ts';

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean' }, 'skip-pipeline': { type: 'boolean' }, 'skip-db': { type: 'boolean' }, reseed: { type: 'boolean' }, explain: { type: 'boolean' } },
});
const QUICK = Boolean(flags.quick);
const BASE_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CASES = Number(process.env.BENCH_SCALE_CASES ?? (QUICK ? 2_000 : 100_000));
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? (QUICK ? 300 : 2_000));
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 3 : 10));
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const stats = (xs: number[]) => [f(percentile(xs, 50)), f(percentile(xs, 99)), f(xs.reduce((a, b) => a + b, 0) / xs.length), f(Math.max(...xs))];

async function partA(): Promise<void> {
  const pages = Number(process.env.BENCH_PAGES ?? (QUICK ? 4 : 12));
  console.log(`\n(a) pipeline: rendering ${pages} scanned form pages (3 per PDF)…`);
  const uploads = await renderUploads(pages, 3);
  const runs: PipelineRun[] = [];
  for (const workers of [1, 2]) {
    console.log(`    run with 1 API + ${workers} worker process(es)…`);
    runs.push(await pipelineRun({ databaseUrl: BASE_DB, redisUrl: REDIS, workers, uploads }));
  }
  console.log(
    '\n' +
      table([
        ['worker processes', 'pages', 'wall s', 'pages/min', 'OCR median s/page', 'OCR wait first ms', 'OCR wait p50 ms', 'OCR wait p95 ms', 'OCR wait max ms', 'rasterize wait p50 ms', 'files'],
        ...runs.map((r) => [r.workers, r.pages, f(r.wallMs / 1000), f(r.pagesPerMin), f(r.ocrMedianMs / 1000, 2), f(r.ocrWait.first, 0), f(r.ocrWait.p50, 0), f(r.ocrWait.p95, 0), f(r.ocrWait.max, 0), f(r.rasterizeWaitP50, 0), r.statuses.join(',')]),
      ]),
  );
  console.log(`2 workers / 1 worker pages/min ratio: ${f(runs[1]!.pagesPerMin / runs[0]!.pagesPerMin, 2)}`);
  console.log('(OCR wait = BullMQ job added → a worker started it; with a backlog it is mostly time queued behind earlier pages.)');
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Create (or reuse) the seeded database; returns its URL. */
async function seededDatabase(): Promise<string> {
  const name = QUICK ? 'bench_scale_quick' : 'bench_scale';
  const tag = `${SEED_VERSION} cases=${CASES} pages=${CASES * PAGES_PER_CASE}`;
  const u = new URL(BASE_DB);
  u.pathname = `/${name}`;
  const url = u.toString();
  const existing = await withClient(BASE_DB, async (c) => {
    const r = await c.query<{ d: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = $1`, [name]);
    return r.rows[0];
  });
  if (existing && existing.d === tag && !flags.reseed) {
    console.log(`    reusing database ${name} (${tag})`);
    return url;
  }
  console.log(`    seeding database ${name}: ${CASES.toLocaleString()} cases / ${(CASES * PAGES_PER_CASE).toLocaleString()} pages (by SQL)…`);
  await withClient(BASE_DB, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  const migrated = await openPostgres(url);
  await migrated.close();
  const t0 = performance.now();
  let last = t0;
  await withClient(url, (c) =>
    seedScaleDatabase(c, CASES, (label) => {
      const now = performance.now();
      console.log(`      ${label.padEnd(48)} ${f((now - last) / 1000)} s`);
      last = now;
    }),
  );
  console.log(`    seeding took ${f((performance.now() - t0) / 1000)} s`);
  await withClient(BASE_DB, (c) => c.query(`COMMENT ON DATABASE ${name} IS '${tag}'`));
  return url;
}

async function explainDossier(url: string, caseNumber: string): Promise<void> {
  await withClient(url, async (c) => {
    const id = (await c.query<{ id: string }>('SELECT id FROM cases WHERE case_number = $1', [caseNumber])).rows[0]!.id;
    const plans: Array<[string, string, unknown[]]> = [
      ['case by number', 'SELECT * FROM cases WHERE case_number = $1 LIMIT 1', [caseNumber]],
      ['documents of case', 'SELECT * FROM documents WHERE case_id = $1 ORDER BY doc_date NULLS LAST, created_at, seq_in_file', [id]],
      ['pages of documents', 'SELECT id, document_id, number_in_document, file_id, page_index FROM pages WHERE document_id IN (SELECT id FROM documents WHERE case_id = $1) ORDER BY document_id, number_in_document', [id]],
      ['node feed', 'SELECT * FROM node_changes WHERE seq > $1 ORDER BY seq LIMIT 100', [1000]],
    ];
    for (const [label, q, params] of plans) {
      const r = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q}`, params);
      console.log(`\n  EXPLAIN ANALYZE — ${label}\n${r.rows.map((x) => '    ' + x['QUERY PLAN']).join('\n')}`);
    }
  });
}

async function partB(): Promise<void> {
  console.log(`\n(b) PostgreSQL at scale`);
  const url = await seededDatabase();
  // The seeded schema must be exactly what the migrations create (checked against a fresh one).
  const ref = await createTestDatabase(BASE_DB);
  const refDb = await openPostgres(ref.url);
  await refDb.close();
  const bench = await openPostgres(url, { max: 4 }); // applies any migration added since the seed
  const [refPrint, benchPrint] = await Promise.all([withClient(ref.url, schemaFingerprint), withClient(url, schemaFingerprint)]);
  await ref.drop();
  console.log(`    schema equals a freshly migrated database: ${refPrint === benchPrint ? 'yes' : 'NO'}`);
  if (refPrint !== benchPrint) throw new Error('seeded schema differs from the migrations');
  const counts = await withClient(url, async (c) => (await c.query(`SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM pages) AS pages, (SELECT max(seq) FROM node_changes) AS feed, pg_size_pretty(pg_database_size(current_database())) AS size`)).rows[0] as Record<string, string>);
  console.log(`    rows: ${counts.cases} cases, ${counts.documents} documents, ${counts.pages} pages, ${counts.feed} feed rows; database size ${counts.size}`);

  const rand = prng(20260101);
  const sample = (n: number) => Array.from({ length: n }, () => caseNumberOf(1 + Math.floor(rand() * CASES)));
  if (flags.explain) await explainDossier(url, sample(1)[0]!);

  // PostgreSQL time of each route's queries, one request at a time (as the route issues them).
  const db = bench.db;
  const principal = { tokenId: 0, name: 'bench', role: 'admin' as const };
  const dbCase: number[] = [];
  const dbDossier: number[] = [];
  for (const no of sample(200)) await getCaseByNumber(db, no); // warm the connections and plans
  for (const no of sample(SAMPLES)) {
    let t = performance.now();
    const row = (await getCaseByNumber(db, no))!;
    await Promise.all([getSnapshot(db, row.id), documentCountOfCase(db, row.id), audit(db, { principal, action: 'case.view', target: no })]);
    dbCase.push(performance.now() - t);
    t = performance.now();
    const row2 = (await getCaseByNumber(db, no))!;
    await Promise.all([documentsOfCase(db, row2.id), pagesOfCase(db, row2.id), audit(db, { principal, action: 'dossier.view', target: no })]);
    dbDossier.push(performance.now() - t);
  }
  const feedTail = Number(counts.feed);
  const dbPing: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    await bench.ping();
    dbPing.push(performance.now() - t);
  }
  const dbFeed: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    await listChangesJson(db, Math.floor(rand() * feedTail), 100);
    dbFeed.push(performance.now() - t);
  }

  // The same through the real API process.
  const token = (await createToken(db, { role: 'admin', name: `bench-${Date.now()}` })).token;
  await bench.close();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ced-bench-api-'));
  const prefix = `bench-${randomBytes(3).toString('hex')}`;
  const api = await startChildServer('api', { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: url, REDIS_URL: REDIS, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn' }, 120_000).catch(async (err: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  });
  const client = createClient(api.url!, token);
  try {
    await sequentialLatencies(client, sample(200).map((no) => `/cases/${encodeURIComponent(no)}/dossier`)); // warm-up
    const httpCase = await sequentialLatencies(client, sample(SAMPLES).map((no) => `/cases/${encodeURIComponent(no)}`));
    const httpDossier = await sequentialLatencies(client, sample(SAMPLES).map((no) => `/cases/${encodeURIComponent(no)}/dossier`));
    // API process CPU per request (utime + stime from /proc): less sensitive to other load than req/s.
    const cpuMs = () => {
      const fields = readFileSync(`/proc/${api.proc.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
    };
    const load = async (next: () => string) => {
      await throughput(client, CLIENTS, 1000, next); // warm-up
      const c0 = cpuMs();
      const r = await throughput(client, CLIENTS, SECONDS * 1000, next);
      return { ...r, cpuPerReq: (cpuMs() - c0) / r.requests };
    };
    const health = await load(() => '/health');
    const tail = await load(() => `/nodes?since=${feedTail - 5}`);
    const catchUp = await load(() => `/nodes?since=${Math.floor(rand() * (feedTail - 100))}&limit=100`);
    const dossierLoad = await load(() => `/cases/${encodeURIComponent(sample(1)[0]!)}/dossier`);

    console.log(`\n  query timings at ${CASES.toLocaleString()} cases / ${(CASES * PAGES_PER_CASE).toLocaleString()} pages (ms; ${SAMPLES} random cases, one request at a time)\n`);
    console.log(
      table([
        ['what', 'p50 ms', 'p99 ms', 'mean ms', 'max ms'],
        ['PostgreSQL: GET /cases/{no} queries (+ audit insert)', ...stats(dbCase)],
        ['PostgreSQL: GET /cases/{no}/dossier queries (+ audit insert)', ...stats(dbDossier)],
        ['PostgreSQL: GET /nodes?since=random&limit=100 query', ...stats(dbFeed)],
        ['PostgreSQL: SELECT 1 round trip (floor: machine contention)', ...stats(dbPing)],
        ['HTTP: GET /cases/{no}', ...stats(httpCase)],
        ['HTTP: GET /cases/{no}/dossier (target p99 < 50)', ...stats(httpDossier)],
      ]),
    );
    console.log(`\n  throughput (${CLIENTS} concurrent keep-alive clients, ${SECONDS} s each)\n`);
    console.log(
      table([
        ['route', 'requests/s', 'p50 ms', 'p99 ms', 'errors', 'mean response bytes', 'API CPU ms/request'],
        ...([
          ['GET /health (floor: HTTP stack only, no database)', health],
          ['GET /nodes?since=<head−5> (poll at the head, target ≥ 1000/s)', tail],
          ['GET /nodes?since=<random>&limit=100 (catch-up)', catchUp],
          ['GET /cases/{random}/dossier', dossierLoad],
        ] as const).map(([label, r]) => [label, f(r.rps, 0), f(percentile(r.latencies, 50)), f(percentile(r.latencies, 99)), r.errors, f(r.meanBytes, 0), f(r.cpuPerReq, 2)]),
      ]),
    );
  } finally {
    client.close();
    await api.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
    await deleteRedisPrefix(REDIS, prefix);
  }
}

const loadAvg = () => loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`scale bench${QUICK ? ' (--quick)' : ''}: PostgreSQL ${BASE_DB.replace(/\/\/[^@]*@/, '//')}, Redis ${REDIS}; load average ${loadAvg()}`);
if (!flags['skip-pipeline']) await partA();
if (!flags['skip-db']) await partB();
console.log(`\nload average at the end (1/5/15 min, 2 cores shared with other work): ${loadAvg()}`);
