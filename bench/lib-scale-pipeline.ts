/**
 * Scale bench, part (a): pages/minute through a production-mode cluster of real processes
 * (1 API + N workers on PostgreSQL, Redis/BullMQ and s3rver; tests/scale/cluster.ts) on the
 * same rendered input, and queue latency from BullMQ's own job timestamps (`timestamp` = added,
 * `processedOn` = a worker started it). Bench only.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { executionNoticeSpec, searchReferralSpec, triageSheetSpec } from '../tests/fixtures/form-specs.ts';
import { pagesToPdf } from '../tests/fixtures/make-scan.ts';
import { renderFormPage } from '../tests/fixtures/render-form.ts';
import { startCluster, waitForFiles, waitForIdleQueues } from '../tests/scale/cluster.ts';
import { percentile } from './lib-scale-http.ts';

export interface Upload {
  filename: string;
  pdf: Buffer;
  pages: number;
}

/** `pages` degraded, sealed form pages in scanner PDFs of `perFile` pages, one case per file. */
export async function renderUploads(pages: number, perFile: number): Promise<Upload[]> {
  const specs = [searchReferralSpec, triageSheetSpec, executionNoticeSpec];
  const out: Upload[] = [];
  for (let start = 0; start < pages; start += perFile) {
    const fileNo = out.length + 1;
    const caseNumber = `（2025）苏0205执${600 + fileNo}号`;
    const jpegs: Buffer[] = [];
    for (let i = start; i < Math.min(pages, start + perFile); i++) {
      const spec = specs[i % specs.length]!(caseNumber, `2025年3月${5 + (i % 20)}日`);
      const page = await renderFormPage(spec, { dpi: 200, noise: 0.35, jpegQuality: 80, seal: true, skewDeg: i % 2 ? 0.7 : -0.5, seed: 100 + i });
      jpegs.push(page.jpeg!);
    }
    out.push({ filename: `bench-${fileNo}.pdf`, pdf: await pagesToPdf(jpegs, 200), pages: jpegs.length });
  }
  return out;
}

export interface PipelineRun {
  workers: number;
  pages: number;
  wallMs: number;
  pagesPerMin: number;
  ocrMedianMs: number;
  /** enqueue → a worker started the OCR job, ms. */
  ocrWait: { first: number; p50: number; p95: number; max: number };
  /** enqueue → start of the rasterize job (API accepted upload → worker picked it up), ms. */
  rasterizeWaitP50: number;
  statuses: string[];
}

async function waitTimes(redisUrl: string, prefix: string, name: string): Promise<number[]> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const q = new Queue(name, { connection: redis, prefix });
  try {
    const jobs = (await q.getCompleted(0, -1)).filter((j) => j.processedOn && j.timestamp);
    return jobs.sort((a, b) => a.timestamp - b.timestamp).map((j) => j.processedOn! - j.timestamp);
  } finally {
    await q.close();
    redis.disconnect();
  }
}

/** Start a fresh cluster with `workers` worker processes, upload everything, wait, measure. */
export async function pipelineRun(opts: { databaseUrl: string; redisUrl: string; workers: number; uploads: Upload[] }): Promise<PipelineRun> {
  const cluster = await startCluster({
    databaseUrl: opts.databaseUrl,
    redisUrl: opts.redisUrl,
    workers: opts.workers,
    env: { OCR_ENABLED: 'true', OCR_CONCURRENCY: '1' },
  });
  try {
    const pages = opts.uploads.reduce((n, u) => n + u.pages, 0);
    const t0 = Date.now();
    for (const u of opts.uploads) {
      const res = await cluster.call('/ingest', { method: 'POST', body: new Uint8Array(u.pdf), headers: { 'x-filename': u.filename } });
      if (res.status !== 201) throw new Error(`upload ${u.filename} → ${res.status}: ${await res.text()}`);
    }
    const files = await waitForFiles(cluster, opts.uploads.length, 900_000);
    const [end] = await cluster.query<{ at: Date }>(`SELECT max(updated_at) AS at FROM scan_files`);
    await waitForIdleQueues(opts.redisUrl, cluster.prefix, 60_000);
    const wallMs = end!.at.getTime() - t0;
    const [ocr] = await cluster.query<{ ms: number }>(`SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ocr_ms)::float8 AS ms FROM pages`);
    const ocrWaits = await waitTimes(opts.redisUrl, cluster.prefix, 'ocr');
    const rasterWaits = await waitTimes(opts.redisUrl, cluster.prefix, 'rasterize');
    return {
      workers: opts.workers,
      pages,
      wallMs,
      pagesPerMin: pages / (wallMs / 60_000),
      ocrMedianMs: ocr?.ms ?? NaN,
      ocrWait: { first: ocrWaits[0] ?? NaN, p50: percentile(ocrWaits, 50), p95: percentile(ocrWaits, 95), max: Math.max(...ocrWaits) },
      rasterizeWaitP50: percentile(rasterWaits, 50),
      statuses: files.map((f) => f.status),
    };
  } finally {
    await cluster.stop();
  }
}
