/**
 * Whole-pipeline bench (`npm run bench`): the embedded runtime (PGlite, filesystem store,
 * in-process queue, real OCR) fed through its HTTP API with scanner PDFs of the OCR bench's
 * rendered pages, then the same pages through the native `tesseract` CLI for reference.
 *
 * Prints: pages/min through the whole pipeline (upload → every file assembled), OCR s/page
 * (median, from the stage's own timings), upload → fast-path node and upload → final node
 * latencies, peak RSS of the process, and the OCR bench's CER/native comparison with the
 * ratio of our pipeline's pages/min to native pages/min.
 *
 * Env: BENCH_PAGES (12), BENCH_BATCH (3 pages per PDF), BENCH_LATENCY (8 single-page uploads
 * for the upload → node latency), OCR_CONCURRENCY (1), BENCH_NATIVE=0
 * to skip the CLI reference. Use 2 OCR workers only after measuring it on the target box.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { startRuntime } from '../runtime.ts';
import { createToken } from '../storage/tokens.repo.ts';
import { pagesToPdf } from '../tests/fixtures/make-scan.ts';
import { executionNoticeSpec, searchReferralSpec, triageSheetSpec } from '../tests/fixtures/form-specs.ts';
import { renderFormPage } from '../tests/fixtures/render-form.ts';
import { median } from './lib-ocr-metrics.ts';
import { renderBenchPages } from './lib-ocr-pages.ts';
import { formatOcrBench, runOcrBench, type OcrBenchOptions } from './ocr-native.bench.ts';

const N = Number(process.env.BENCH_PAGES ?? 12);
const BATCH = Number(process.env.BENCH_BATCH ?? 3);
const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '—');

async function rows<T>(rt: Awaited<ReturnType<typeof startRuntime>>, sql: string): Promise<T[]> {
  const r = (await rt.database.db.execute(sql as never)) as unknown as { rows: T[] };
  return r.rows;
}

/**
 * Upload-to-node latency on an idle server: single-page forms of new cases sent one at a
 * time; the clock stops when the case's node snapshot exists (fast path or final, whichever
 * is first), and the next upload waits until the file is assembled.
 */
async function latencyRun(rt: Awaited<ReturnType<typeof startRuntime>>, token: string): Promise<void> {
  const k = Number(process.env.BENCH_LATENCY ?? 8);
  if (k <= 0) return;
  const specs = [searchReferralSpec, triageSheetSpec, executionNoticeSpec];
  const out: number[] = [];
  const fastHits: boolean[] = [];
  for (let i = 0; i < k; i++) {
    const caseNumber = `（2025）苏0205执${7000 + i}号`;
    const page = await renderFormPage(specs[i % specs.length]!(caseNumber), { dpi: 200, noise: 0.3, jpegQuality: 75, seal: true, skewDeg: i % 2 ? 0.7 : -0.9, seed: 77 + i });
    const pdf = await pagesToPdf([page.jpeg!], 200);
    const t0 = Date.now();
    const res = await fetch(`${rt.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-filename': encodeURIComponent(`single-${i + 1}.pdf`), 'content-type': 'application/pdf' },
      body: new Uint8Array(pdf),
    });
    const fileId = String(((await res.json()) as { fileId: string }).fileId);
    for (;;) {
      const [r] = await rows<{ n: number }>(rt, `SELECT count(*)::int AS n FROM node_snapshots WHERE case_number = '${caseNumber}'`);
      if (Number(r!.n) > 0) break;
      const [f1] = await rows<{ done: boolean }>(rt, `SELECT (stage = 'assembled' OR status = 'failed') AS done FROM scan_files WHERE id = '${fileId}'`);
      if (f1?.done) {
        const [again] = await rows<{ n: number }>(rt, `SELECT count(*)::int AS n FROM node_snapshots WHERE case_number = '${caseNumber}'`);
        if (Number(again!.n) === 0) {
          console.log(`  latency: ${caseNumber} assembled without a node (misread case number?)`);
          break;
        }
      }
      await new Promise((r2) => setTimeout(r2, 25));
    }
    out.push(Date.now() - t0);
    const [pe] = await rows<{ n: number }>(rt, `SELECT count(*)::int AS n FROM provisional_events pe JOIN pages p ON p.id = pe.page_id WHERE p.file_id = '${fileId}'`);
    fastHits.push(Number(pe!.n) > 0);
    for (;;) {
      const [f2] = await rows<{ done: boolean }>(rt, `SELECT (stage = 'assembled' OR status = 'failed') AS done FROM scan_files WHERE id = '${fileId}'`);
      if (f2?.done) break;
      await new Promise((r2) => setTimeout(r2, 50));
    }
  }
  const sorted = [...out].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
  console.log(
    `upload → node, single-page forms on an idle server (n=${k}): p50 ${f(median(out))} ms, p95 ${f(p95)} ms (target p50 < 2000 ms); ` +
      `fast path fired on ${fastHits.filter(Boolean).length}/${k}`,
  );
}

async function main(): Promise<void> {
  console.log(`rendering ${N} bench pages …`);
  const pages = await renderBenchPages(N);
  const batches: Buffer[] = [];
  for (let i = 0; i < pages.length; i += BATCH) batches.push(await pagesToPdf(pages.slice(i, i + BATCH).map((p) => p.image), 200));

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ced-bench-'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', OCR_ENABLED: 'true', OCR_CONCURRENCY: process.env.OCR_CONCURRENCY ?? '1' });
  const rt = await startRuntime(config, 'all', { log: createLogger('error') });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    const { token } = await createToken(rt.database.db, { role: 'station', name: `bench-${randomUUID().slice(0, 4)}` });
    // Warm the OCR workers so start-up is not billed to the first page (reported separately).
    const warmStart = Date.now();
    await rt.recognizer.recognize(pages[0]!.image, pages[0]!.dpi);
    const warmMs = Date.now() - warmStart;

    const t0 = Date.now();
    const fileIds: string[] = [];
    for (const [i, pdf] of batches.entries()) {
      const res = await fetch(`${rt.url}/api/v1/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'x-filename': encodeURIComponent(`bench-${i + 1}.pdf`), 'content-type': 'application/pdf' },
        body: new Uint8Array(pdf),
      });
      if (res.status !== 201) throw new Error(`ingest ${i + 1}: HTTP ${res.status} ${await res.text()}`);
      fileIds.push(String(((await res.json()) as { fileId: string }).fileId));
    }
    const uploadMs = Date.now() - t0;
    for (;;) {
      const [r] = await rows<{ n: number }>(rt, `SELECT count(*)::int AS n FROM scan_files WHERE stage = 'assembled' OR status = 'failed'`);
      if (Number(r!.n) >= fileIds.length) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    const wallMs = Date.now() - t0;
    clearInterval(sampler);

    const ocr = await rows<{ ocr_ms: number }>(rt, `SELECT ocr_ms FROM pages WHERE ocr_ms IS NOT NULL`);
    const files = await rows<{ id: string; status: string; received: string; updated: string }>(rt, `SELECT id, status, received_at::text AS received, updated_at::text AS updated FROM scan_files`);
    const fast = await rows<{ ms: number }>(
      rt,
      `SELECT extract(epoch FROM min(pe.created_at) - f.received_at) * 1000 AS ms FROM provisional_events pe JOIN pages p ON p.id = pe.page_id JOIN scan_files f ON f.id = p.file_id GROUP BY f.id, f.received_at`,
    );
    const finalMs = files.map((x) => Date.parse(x.updated) - Date.parse(x.received));
    const [docs] = await rows<{ n: number; review: number }>(rt, `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'needs_review')::int AS review FROM documents`);
    const pipelinePagesPerMin = (N / wallMs) * 60_000;

    const lines = [
      '',
      `== whole pipeline (embedded: PGlite + fs store + in-process queue; ${config.ocrConcurrency} OCR worker${config.ocrConcurrency > 1 ? 's' : ''}; ${os.cpus().length} CPUs)`,
      `${N} pages in ${batches.length} scanner PDFs of ≤ ${BATCH} pages; upload ${f(uploadMs)} ms; all assembled after ${f(wallMs / 1000, 1)} s`,
      `pipeline: ${f(pipelinePagesPerMin, 1)} pages/min; OCR stage median ${f(median(ocr.map((x) => Number(x.ocr_ms))) / 1000, 2)} s/page (incl. preprocess, QR, header band); OCR warm-up ${f(warmMs)} ms (not counted)`,
      `fast path: upload → first provisional node per file median ${f(median(fast.map((x) => Number(x.ms))))} ms (${fast.length}/${files.length} files); upload → file assembled median ${f(median(finalMs))} ms`,
      `documents ${docs!.n}, needs_review ${docs!.review}; files ${files.map((x) => x.status).join(', ')}`,
      `peak RSS (API + workers + OCR in one process): ${f(peakRss / 1024 / 1024)} MB`,
    ];
    console.log(lines.join('\n'));
    await latencyRun(rt, token);

    if (process.env.BENCH_NATIVE !== '0') {
      await rt.close();
      const opts: OcrBenchOptions = { pages: N, workers: 1, langs: 'chi_sim', native: true, installNative: process.env.BENCH_NATIVE_INSTALL !== '0', log: () => {} };
      console.log('\n== OCR alone vs native tesseract CLI on the same pages');
      const r = await runOcrBench(opts);
      console.log(formatOcrBench(r, opts));
      if (r.native) console.log(`\nratio whole pipeline / native CLI pages per minute: ${f(pipelinePagesPerMin / r.native.pagesPerMin, 2)} (target ≥ 0.8)`);
    }
  } finally {
    clearInterval(sampler);
    await rt.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
