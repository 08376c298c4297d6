/**
 * Scale-out with real processes: 1 API and 2 worker processes (`tsx main.ts start api|worker`)
 * against the CI PostgreSQL, Redis (BullMQ, unique prefix) and s3rver, with real OCR. One worker
 * is killed with SIGKILL while it is in the middle of a page's OCR (its log shows the page's
 * header band was read, the database shows the page still pending). Every page must still be
 * processed exactly once, and the cases' nodes and documents must equal those of an embedded
 * run on the same input.
 *
 * Crash recovery relies on BullMQ's stalled-job check; JOB_LOCK_MS / JOB_STALLED_INTERVAL_MS
 * are lowered here so it takes seconds instead of the production default of up to a minute.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBullmqJobId } from '../../ingest/bullmq.job-queue.ts';
import { executionNoticeSpec, searchReferralSpec, triageSheetSpec } from '../fixtures/form-specs.ts';
import { pagesToPdf } from '../fixtures/make-scan.ts';
import { renderFormPage } from '../fixtures/render-form.ts';
import { serviceUrl } from '../helpers/services.ts';
import { ingest, startTestServer, waitForFile } from '../helpers/test-runtime.ts';
import { startCluster, waitForFiles, waitForIdleQueues, type Cluster } from './cluster.ts';

const SUITE = 'multi-process scale-out';
const A = '（2024）苏0205执1234号';
const B = '（2024）苏0205执88号';
const LOCK_MS = 6000;
const dbBase = serviceUrl('TEST_DATABASE_URL', SUITE);
const redisUrl = dbBase ? serviceUrl('TEST_REDIS_URL', SUITE) : null;

interface Upload {
  filename: string;
  pdf: Buffer;
  pages: number;
}

/** Two scanner batches, one per case: 2 + 2 degraded, sealed form pages. */
async function renderInput(): Promise<Upload[]> {
  const scan = { dpi: 200, noise: 0.35, jpegQuality: 80, seal: true } as const;
  const a = [searchReferralSpec(A, '2024年3月5日'), triageSheetSpec(A, '2024年3月8日')];
  const b = [executionNoticeSpec(B, '2024年3月6日'), searchReferralSpec(B, '2024年3月7日')];
  const out: Upload[] = [];
  for (const [i, specs] of [a, b].entries()) {
    const jpegs: Buffer[] = [];
    for (const [k, spec] of specs.entries()) jpegs.push((await renderFormPage(spec, { ...scan, skewDeg: k % 2 ? 0.8 : -0.6 })).jpeg!);
    out.push({ filename: `扫描批次-${i + 1}.pdf`, pdf: await pagesToPdf(jpegs, 200), pages: specs.length });
  }
  return out;
}

/** What must be equal between the embedded and the multi-process run. */
interface Outcome {
  fileStatuses: string[];
  nodes: Record<string, unknown>;
  documents: Record<string, string[]>;
}

type Call = (pathname: string) => Promise<Response>;

async function outcomeOf(call: Call, fileIds: string[]): Promise<Outcome> {
  const out: Outcome = { fileStatuses: [], nodes: {}, documents: {} };
  for (const id of fileIds) out.fileStatuses.push(String(((await (await call(`/files/${id}`)).json()) as { status: string }).status));
  for (const no of [A, B]) {
    const c = (await (await call(`/cases/${encodeURIComponent(no)}`)).json()) as {
      node: { code: string; enteredAt: string; dueAt: string | null; status: string };
      history: Array<{ code: string; enteredAt: string; dueAt: string | null }>;
    };
    out.nodes[no] = {
      code: c.node?.code,
      enteredAt: c.node?.enteredAt,
      dueAt: c.node?.dueAt,
      status: c.node?.status,
      history: c.history.map((h) => `${h.code}@${h.enteredAt}→${h.dueAt}`),
    };
    const d = (await (await call(`/cases/${encodeURIComponent(no)}/dossier`)).json()) as {
      documents: Array<{ formType: string; date: string | null; pages: Array<{ source: { pageIndex: number } }> }>;
    };
    out.documents[no] = d.documents.map((x) => `${x.formType}|${x.date}|p${x.pages.map((p) => p.source.pageIndex).join(',')}`).sort();
  }
  return out;
}

describe.skipIf(!dbBase || !redisUrl)(SUITE, () => {
  let input: Upload[];
  let embedded: Outcome;
  let cluster: Cluster | null = null;

  beforeAll(async () => {
    input = await renderInput();
    // The reference: the same uploads through the embedded runtime (PGlite, in-process queue).
    const t0 = Date.now();
    const server = await startTestServer('embedded', { OCR_ENABLED: 'true', OCR_CONCURRENCY: '1' });
    try {
      const ids: string[] = [];
      for (const u of input) ids.push(String((await ingest(server, u.pdf, { filename: u.filename })).json.fileId));
      for (const id of ids) await waitForFile(server, id, 120_000);
      // Locate jobs run after assembly; the queue is idle once they are done.
      await server.rt.queue.drain?.(30_000);
      embedded = await outcomeOf((p) => server.api(p), ids);
    } finally {
      await server.stop();
    }
    console.log(`[scale] embedded reference run: ${Date.now() - t0} ms`);
  }, 180_000);

  afterAll(async () => {
    if (cluster && process.env.TEST_LOG === '1') {
      for (const [i, w] of cluster.workers.entries()) console.log(`--- worker ${i + 1}\n${w.output()}`);
    }
    await cluster?.stop();
  });

  it('kill -9 of a worker mid-OCR: every page processed exactly once, nodes equal the embedded run', async () => {
    // GIVEN 1 API + 2 worker processes on PostgreSQL + Redis + S3, locks short enough to recover quickly
    cluster = await startCluster({
      databaseUrl: dbBase!,
      redisUrl: redisUrl!,
      workers: 2,
      env: { OCR_ENABLED: 'true', OCR_CONCURRENCY: '1', JOB_LOCK_MS: String(LOCK_MS), JOB_STALLED_INTERVAL_MS: '2000', JOB_BACKOFF_MS: '200' },
    });
    const c = cluster;
    const totalPages = input.reduce((n, u) => n + u.pages, 0);

    // WHEN both batches are uploaded through the API
    const fileIds: string[] = [];
    for (const u of input) {
      const res = await c.call('/ingest', { method: 'POST', body: new Uint8Array(u.pdf), headers: { 'x-filename': encodeURIComponent(u.filename) } });
      expect(res.status).toBe(201);
      fileIds.push(String(((await res.json()) as { fileId: string }).fileId));
    }

    // AND a worker is killed while a page's OCR is under way: its log says the header band of
    // page P was read (the full-page pass comes next) and the database still has P pending
    const header = /fast path: header band placed page .*?pageId=([0-9a-f-]{36})/g;
    const seen = c.workers.map(() => 0);
    let victim = -1;
    let pageId = '';
    const deadline = Date.now() + 90_000;
    while (victim < 0 && Date.now() < deadline) {
      for (const [i, w] of c.workers.entries()) {
        const hits = [...w.output().matchAll(header)].map((m) => m[1]!);
        const fresh = hits.slice(seen[i]);
        seen[i] = hits.length;
        const last = fresh[fresh.length - 1];
        if (!last) continue;
        const [row] = await c.query<{ status: string }>('SELECT status FROM pages WHERE id = $1', [last]);
        if (row?.status === 'pending') {
          await w.kill('SIGKILL');
          victim = i;
          pageId = last;
          break;
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(victim, 'no worker was caught in the middle of a page').toBeGreaterThanOrEqual(0);
    const killedAt = Date.now();
    const [atKill] = await c.query<{ status: string }>('SELECT status FROM pages WHERE id = $1', [pageId]);
    expect(atKill?.status, 'the killed worker had not finished its page').toBe('pending');
    const [pendingAtKill] = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM pages WHERE status = 'pending'`);
    console.log(`[scale] killed worker ${victim + 1} mid-OCR of page ${pageId}; ${pendingAtKill?.n} of ${totalPages} pages pending`);

    // THEN the surviving worker finishes everything, the killed page included
    const files = await waitForFiles(c, input.length, 120_000);
    await waitForIdleQueues(redisUrl!, c.prefix, 30_000);
    const [recovered] = await c.query<{ at: Date }>('SELECT updated_at AS at FROM pages WHERE id = $1', [pageId]);
    console.log(`[scale] all files terminal ${Date.now() - killedAt} ms after the kill; killed page recognized after ${recovered!.at.getTime() - killedAt} ms`);
    expect(files.map((f) => f.status)).toEqual(embedded.fileStatuses);

    // AND every page exists once, is terminal, and has exactly one stored OCR result
    const pages = await c.query<{ id: string; file_id: string; page_index: number; status: string; document_id: string | null; ocr_rows: number }>(
      `SELECT p.id, p.file_id, p.page_index, p.status, p.document_id, (SELECT count(*)::int FROM page_ocr o WHERE o.page_id = p.id) AS ocr_rows
         FROM pages p ORDER BY p.file_id, p.page_index`,
    );
    expect(pages).toHaveLength(totalPages);
    expect(new Set(pages.map((p) => `${p.file_id}#${p.page_index}`)).size).toBe(totalPages);
    expect(pages.filter((p) => p.status !== 'recognized')).toEqual([]);
    expect(pages.map((p) => p.ocr_rows)).toEqual(pages.map(() => 1));
    expect(pages.every((p) => p.document_id !== null)).toBe(true);

    // AND documents were written once per file (one assembly), each filed with one event
    const docs = await c.query<{ file_id: string; seq_in_file: number; status: string; events: number }>(
      `SELECT d.file_id, d.seq_in_file, d.status, (SELECT count(*)::int FROM case_events e WHERE e.document_id = d.id) AS events FROM documents d`,
    );
    const expectedDocs = Object.values(embedded.documents).flat().length;
    expect(docs).toHaveLength(expectedDocs);
    expect(new Set(docs.map((d) => `${d.file_id}#${d.seq_in_file}`)).size).toBe(expectedDocs);
    expect(docs.every((d) => d.status === 'filed' && d.events === 1)).toBe(true);
    expect((await c.query<{ n: number }>('SELECT count(*)::int AS n FROM cases'))[0]!.n).toBe(2);

    // AND the queue finished one OCR job per page and failed none
    const redis = new Redis(redisUrl!, { maxRetriesPerRequest: null });
    const ocrQueue = new Queue('ocr', { connection: redis, prefix: c.prefix });
    try {
      expect(await ocrQueue.getFailedCount()).toBe(0);
      const done = await ocrQueue.getCompleted(0, -1);
      expect(done.map((j) => j.id).sort()).toEqual(pages.map((p) => toBullmqJobId(`ocr:${p.id}`)).sort());
      const killedJob = done.find((j) => j.id === toBullmqJobId(`ocr:${pageId}`));
      console.log(`[scale] killed page's job: stalledCounter=${killedJob?.stalledCounter} attemptsMade=${killedJob?.attemptsMade}`);
    } finally {
      await ocrQueue.close();
      redis.disconnect();
    }

    // AND the nodes and documents equal the embedded run's
    expect(embedded.fileStatuses).toEqual(['done', 'done']);
    expect(embedded.nodes[A]).toMatchObject({ code: 'fast_track', enteredAt: '2024-03-08' });
    const multi = await outcomeOf((p) => c.call(p), fileIds);
    expect(multi).toEqual(embedded);
  }, 240_000);
});
