/**
 * OCR bench: our preprocess + tesseract.js pipeline vs the native `tesseract` CLI on rendered
 * form pages (mixed degraded scans and clean pages) with known ground truth.
 *
 * Run: `npx tsx bench/ocr-native.bench.ts` (env: BENCH_PAGES=6, BENCH_WORKERS=1,
 * BENCH_LANGS=chi_sim, BENCH_NATIVE=0 to skip the CLI, BENCH_NATIVE_INSTALL=0 to never apt-get).
 * Prints a per-page table and a summary; `runOcrBench` is exported for other benches.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recognizeHeaderBand } from '../ocr/header-band.ts';
import { ensureLangData, OCR_LANGS } from '../ocr/lang-data.ts';
import { preprocessPage } from '../ocr/preprocess.ts';
import { createOcrPool } from '../ocr/tesseract.pool.ts';
import { cer, mean, median } from './lib-ocr-metrics.ts';
import { findNativeTesseract, runNative } from './lib-ocr-native.ts';
import { renderBenchPages } from './lib-ocr-pages.ts';

export interface OcrBenchOptions {
  pages: number;
  workers: number;
  langs: string;
  native: boolean;
  installNative: boolean;
  log: (line: string) => void;
}

export interface OcrBenchPageRow {
  name: string;
  kind: 'degraded' | 'clean';
  dpi: number;
  preMs: number;
  ocrMs: number;
  headerMs: number;
  cer: number;
  headerHasTitle: boolean;
  headerHasCase: boolean;
  nativeMs?: number;
  nativeCerRaw?: number;
  nativeCerPre?: number;
}

export interface OcrBenchResult {
  rows: OcrBenchPageRow[];
  workerInitMs: number;
  oursPagesPerMin: number;
  peakRssMb: number;
  native?: { version: string; pagesPerMin: number; langsRaw: string; langsPre: string };
}

/**
 * Header check as the classifier's case-number normaliser sees it (domain.md §1: OCR gives
 * half-width (), 〈《〔[ for （): whitespace dropped and bracket look-alikes folded.
 */
const norm = (s: string): string =>
  s
    .replace(/\s+/g, '')
    .replace(/[(〈《〔[]/gu, '（')
    .replace(/[)〉》〕\]]/gu, '）');

/** Run the bench; returns the numbers (and logs progress through opts.log). */
export async function runOcrBench(opts: OcrBenchOptions): Promise<OcrBenchResult> {
  const pages = await renderBenchPages(opts.pages);
  const work = mkdtempSync(path.join(os.tmpdir(), 'ocr-bench-'));
  try {
    const pool = createOcrPool({ langPath: await ensureLangData(work), size: opts.workers, langs: opts.langs });
    // Warm up each worker on a tiny crop so start-up is reported apart from per-page numbers.
    const t0 = performance.now();
    const warm = await preprocessPage(pages[0]!.image, { dpi: pages[0]!.dpi });
    const tiny = { left: 0, top: 0, width: 64, height: 64 };
    await Promise.all(Array.from({ length: opts.workers }, () => pool.recognize(warm.image, { dpi: 200, region: tiny })));
    const workerInitMs = performance.now() - t0;

    const rows: OcrBenchPageRow[] = [];
    const preImages: Buffer[] = [];
    const started = performance.now();
    // `workers` lanes pull pages in order: preprocessing of one page overlaps OCR of another
    // only when there is more than one lane, as in the ocr stage with that concurrency.
    let next = 0;
    const lane = async (): Promise<void> => {
      for (let i = next++; i < pages.length; i = next++) {
        const p = pages[i]!;
        const s = performance.now();
        const pre = await preprocessPage(p.image, { dpi: p.dpi });
        const preMs = performance.now() - s;
        const r = await pool.recognize(pre.image, { dpi: p.dpi, psm: '3' });
        preImages[i] = pre.image;
        rows[i] = {
          name: p.name,
          kind: p.kind,
          dpi: p.dpi,
          preMs,
          ocrMs: r.ms,
          headerMs: 0,
          cer: cer(p.truth, r.text),
          headerHasTitle: false,
          headerHasCase: false,
        };
        opts.log(`[ours] ${p.name} pre ${preMs.toFixed(0)} ms, ocr ${r.ms} ms, CER ${rows[i]!.cer.toFixed(3)}`);
      }
    };
    await Promise.all(Array.from({ length: opts.workers }, lane));
    const oursMs = performance.now() - started;
    // Header band pass (the classifier's fast path), timed on its own.
    for (const [i, p] of pages.entries()) {
      const h = await recognizeHeaderBand(pool, preImages[i]!, p.dpi);
      Object.assign(rows[i]!, {
        headerMs: h.ms,
        headerHasTitle: norm(h.text).includes(p.title),
        headerHasCase: norm(h.text).includes(p.caseNumber),
      });
    }
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    await pool.close();

    const result: OcrBenchResult = { rows, workerInitMs, oursPagesPerMin: (pages.length / oursMs) * 60_000, peakRssMb };
    if (opts.native) {
      const native = findNativeTesseract(opts.installNative, opts.log);
      if (!native) {
        opts.log('[native] tesseract CLI not available: native columns skipped');
      } else {
        const langsRaw = native.langs.includes('eng') ? 'chi_sim+eng' : 'chi_sim';
        const langsPre = opts.langs.includes('eng') ? langsRaw : 'chi_sim';
        opts.log(`[native] ${native.version}; langs ${native.langs.join(',')}`);
        let nativeTotal = 0;
        for (const [i, p] of pages.entries()) {
          // As a scanner delivers it (the brief's command line) …
          const raw = runNative(native, p.image, p.ext, { dpi: p.dpi, langs: langsRaw, workDir: work, name: `raw-${i}` });
          // … and on exactly what our workers saw (same preprocessing, same languages).
          const pre = runNative(native, preImages[i]!, 'pgm', { dpi: p.dpi, langs: langsPre, workDir: work, name: `pre-${i}` });
          nativeTotal += raw.ms;
          Object.assign(rows[i]!, { nativeMs: raw.ms, nativeCerRaw: cer(p.truth, raw.text), nativeCerPre: cer(p.truth, pre.text) });
        }
        result.native = { version: native.version, pagesPerMin: (pages.length / nativeTotal) * 60_000, langsRaw, langsPre };
      }
    }
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Render the result as a fixed-width table plus a summary. */
export function formatOcrBench(r: OcrBenchResult, opts: OcrBenchOptions): string {
  const f = (n: number | undefined, d = 0): string => (n === undefined ? '-' : n.toFixed(d));
  const lines = [
    `${'page'.padEnd(30)} ${'dpi'.padStart(3)} ${'pre ms'.padStart(6)} ${'ocr ms'.padStart(6)} ${'hdr ms'.padStart(6)} ${'hdr t/c'.padStart(7)} ${'CER'.padStart(6)} ${'nat ms'.padStart(6)} ${'natCER'.padStart(6)} ${'natPre'.padStart(6)}`,
  ];
  for (const x of r.rows) {
    lines.push(
      `${x.name.padEnd(30)} ${String(x.dpi).padStart(3)} ${f(x.preMs).padStart(6)} ${f(x.ocrMs).padStart(6)} ${f(x.headerMs).padStart(6)} ${`${x.headerHasTitle ? 'Y' : 'n'}/${x.headerHasCase ? 'Y' : 'n'}`.padStart(7)} ${f(x.cer, 3).padStart(6)} ${f(x.nativeMs).padStart(6)} ${f(x.nativeCerRaw, 3).padStart(6)} ${f(x.nativeCerPre, 3).padStart(6)}`,
    );
  }
  const rows = r.rows;
  const deg = rows.filter((x) => x.kind === 'degraded');
  const clean = rows.filter((x) => x.kind === 'clean');
  lines.push(
    '',
    `ours (tesseract.js, ${opts.langs}, ${opts.workers} worker${opts.workers > 1 ? 's' : ''}): ${f(r.oursPagesPerMin, 1)} pages/min (preprocess + full page), ` +
      `OCR median ${f(median(rows.map((x) => x.ocrMs)) / 1000, 2)} s/page, preprocess median ${f(median(rows.map((x) => x.preMs)))} ms, ` +
      `worker init ${f(r.workerInitMs)} ms, peak RSS ${f(r.peakRssMb)} MB`,
    `ours CER mean ${f(mean(rows.map((x) => x.cer)), 3)} (degraded ${f(mean(deg.map((x) => x.cer)), 3)}, clean ${f(mean(clean.map((x) => x.cer)), 3)})`,
    `header band (top 20 %, psm 4): median ${f(median(rows.map((x) => x.headerMs)) / 1000, 2)} s/page; title ${rows.filter((x) => x.headerHasTitle).length}/${rows.length}, case number ${rows.filter((x) => x.headerHasCase).length}/${rows.length}`,
  );
  if (r.native) {
    const nat = rows.filter((x) => x.nativeMs !== undefined);
    lines.push(
      `native (${r.native.version}, OMP_THREAD_LIMIT=1, -l ${r.native.langsRaw} --psm 3 on the delivered file): ${f(r.native.pagesPerMin, 1)} pages/min, ` +
        `median ${f(median(nat.map((x) => x.nativeMs!)) / 1000, 2)} s/page incl. start-up, CER mean ${f(mean(nat.map((x) => x.nativeCerRaw!)), 3)}`,
      `native on our preprocessed page (-l ${r.native.langsPre}): CER mean ${f(mean(nat.map((x) => x.nativeCerPre!)), 3)}`,
      `ratio ours/native pages per minute: ${f(r.oursPagesPerMin / r.native.pagesPerMin, 2)}`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts: OcrBenchOptions = {
    pages: Number(process.env.BENCH_PAGES ?? 6),
    workers: Number(process.env.BENCH_WORKERS ?? 1),
    langs: process.env.BENCH_LANGS ?? OCR_LANGS,
    native: process.env.BENCH_NATIVE !== '0',
    installNative: process.env.BENCH_NATIVE_INSTALL !== '0',
    log: (line) => console.log(line),
  };
  const result = await runOcrBench(opts);
  console.log(`\n${formatOcrBench(result, opts)}`);
}
