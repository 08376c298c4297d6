/**
 * Operations routes on both legs: `/metrics` (auth by METRICS_TOKEN or admin, Prometheus text
 * with queue depth, workers, files by status and HTTP counts), `/api/v1/admin/queues` (counts,
 * failed jobs with their error) and `/api/v1/ready` (database, object store, queue backend).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { createBullmqJobQueue } from '../../ingest/bullmq.job-queue.ts';
import { writeTruncatedPdf } from '../fixtures/bad-inputs.ts';
import { ingest, legs, startTestServer, waitForFile, type TestServer } from '../helpers/test-runtime.ts';

const METRICS_TOKEN = 'scrape-secret-0123456789abcdef';

/** The value of one sample line `name{labels} value`, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inner = line.slice(name.length + 1, line.indexOf('}'));
    const have = inner.split(',');
    if (want.every((w) => have.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

for (const leg of legs('ops api')) {
  describe(`ops api [${leg}]`, () => {
    let server: TestServer;
    let failedFileId: string;

    beforeAll(async () => {
      server = await startTestServer(leg, { OCR_ENABLED: 'false', METRICS_TOKEN });
      // A file that fails for good in rasterize, before anything is scraped (counts are cached 10 s).
      const dir = await mkdtemp(path.join(tmpdir(), 'ops-'));
      try {
        const res = await ingest(server, await readFile(await writeTruncatedPdf(dir)), { filename: 'truncated.pdf' });
        expect(res.status).toBe(201);
        failedFileId = String(res.json.fileId);
        expect(await waitForFile(server, failedFileId, 60_000)).toMatchObject({ status: 'failed' });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
    afterAll(async () => {
      await server?.stop();
    });

    const scrape = (token?: string) => fetch(`${server.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    it('/metrics opens to METRICS_TOKEN or an admin token only, and that token opens nothing else', async () => {
      // GIVEN METRICS_TOKEN is configured WHEN /metrics is asked without, with a station, a metrics, an admin token
      expect((await scrape()).status).toBe(401);
      expect((await scrape('not-a-real-token-at-all')).status).toBe(401);
      expect((await scrape(await server.token('station'))).status).toBe(403);
      const byMetrics = await scrape(METRICS_TOKEN);
      expect(byMetrics.status).toBe(200);
      expect(byMetrics.headers.get('content-type')).toContain('text/plain');
      expect((await scrape(await server.token('admin'))).status).toBe(200);
      // THEN the scrape secret is not an API token
      expect((await server.api('/files', { token: METRICS_TOKEN })).status).toBe(401);
    });

    it('/metrics reports queue depth, workers, files by status and HTTP requests by route template', async () => {
      // GIVEN one file that failed in rasterize WHEN a clerk lists files and Prometheus scrapes
      expect((await server.api('/files?limit=5', { token: await server.token('clerk') })).status).toBe(200);
      const text = await (await scrape(METRICS_TOKEN)).text();
      // THEN every queue reports every state, the failed job is counted, and workers are known
      for (const q of ['rasterize', 'ocr', 'assemble', 'locate', 'reevaluate']) {
        for (const s of ['waiting', 'active', 'delayed', 'failed', 'completed']) {
          expect(sample(text, 'ced_queue_jobs', { queue: q, state: s }), `${q}/${s}`).toBeTypeOf('number');
        }
        expect(sample(text, 'ced_queue_workers', { queue: q })).toBe(1);
      }
      expect(sample(text, 'ced_queue_jobs', { queue: 'rasterize', state: 'failed' })).toBe(1);
      expect(sample(text, 'ced_files', { status: 'failed' })).toBe(1);
      expect(sample(text, 'ced_files', { status: 'done' })).toBe(0);
      expect(sample(text, 'ced_pages_pending', {})).toBeUndefined(); // unlabelled: plain line below
      expect(text).toMatch(/^ced_pages_pending 0$/m);
      // AND requests are labelled by template, never by raw id
      expect(sample(text, 'ced_http_requests_total', { method: 'GET', route: '/api/v1/files', status: '200' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'ced_http_requests_total', { method: 'GET', route: '/api/v1/files/:fileId', status: '200' })).toBeGreaterThanOrEqual(1);
      expect(text).not.toContain(failedFileId);
      expect(sample(text, 'ced_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/ingest', status: '201' })).toBe(1);
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    });

    it('/admin/queues shows counts and workers per queue and lists failed jobs with their error', async () => {
      // GIVEN the failed file WHEN an admin asks for the queues THEN all five are listed with workers
      expect((await server.api('/admin/queues', { token: await server.token('clerk') })).status).toBe(403);
      const res = await server.api('/admin/queues');
      expect(res.status).toBe(200);
      const body = (await res.json()) as { queues: Array<{ name: string; failed: number; workers: number | null }> };
      expect(body.queues.map((q) => q.name)).toEqual(['rasterize', 'ocr', 'assemble', 'locate', 'reevaluate']);
      expect(body.queues.find((q) => q.name === 'rasterize')).toMatchObject({ failed: 1, workers: 1 });
      // WHEN the failed rasterize jobs are asked for THEN the job, its file id and the reason code show
      const failed = (await (await server.api('/admin/queues?failed=rasterize&limit=10')).json()) as {
        queue: string;
        items: Array<{ jobId: string; data: { fileId: string }; attemptsMade: number; error: string; failedAt: string }>;
        next: string | null;
      };
      expect(failed).toMatchObject({ queue: 'rasterize', next: null });
      expect(failed.items).toHaveLength(1);
      expect(failed.items[0]).toMatchObject({ jobId: `rasterize:${failedFileId}`, data: { fileId: failedFileId }, attemptsMade: 1 });
      expect(failed.items[0]?.error).toMatch(/PDF|pdf/);
      expect(failed.items[0]?.failedAt).toMatch(/\+08:00$/);
      // AND paging past the end is empty; bad names and limits are refused
      expect(((await (await server.api('/admin/queues?failed=rasterize&cursor=1')).json()) as { items: unknown[] }).items).toEqual([]);
      expect((await server.api('/admin/queues?failed=nope')).status).toBe(400);
      expect((await server.api('/admin/queues?failed=ocr&limit=0')).status).toBe(400);
    });

    it('/ready checks the database, the object store and the queue backend', async () => {
      // GIVEN a healthy runtime THEN ready answers 200 with every check ok
      const res = await fetch(`${server.url}/api/v1/ready`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, checks: { database: 'ok', objectStore: 'ok', queue: 'ok' } });
    });

    if (leg === 'embedded') {
      it('/ready answers 503 naming the queue when Redis does not answer', async () => {
        // GIVEN the same database and store but a BullMQ queue pointed at a port nobody listens on
        const deadQueue = createBullmqJobQueue({ redisUrl: 'redis://127.0.0.1:1', onError: () => {} });
        const rt = server.rt;
        const app = createApp({ database: rt.database, blobs: rt.blobs, queue: deadQueue, log: rt.log, maxUploadBytes: 1024, presign: false, formTypes: [], locate: async () => {}, classifyPages: async () => { throw new Error('unused'); } });
        const http = app.listen(0, '127.0.0.1');
        await new Promise((r) => http.once('listening', r));
        try {
          const addr = http.address() as { port: number };
          // WHEN a load balancer asks THEN 503, with the database and store still ok and the queue named
          const res = await fetch(`http://127.0.0.1:${addr.port}/api/v1/ready`);
          expect(res.status).toBe(503);
          const body = (await res.json()) as { ok: boolean; checks: Record<string, string> };
          expect(body.ok).toBe(false);
          expect(body.checks).toMatchObject({ database: 'ok', objectStore: 'ok' });
          expect(body.checks.queue).toMatch(/Redis at redis:\/\/127\.0\.0\.1:1.*(not answering|did not answer)/);
        } finally {
          http.close();
          await deadQueue.close(500);
        }
      });
    }
  });
}
