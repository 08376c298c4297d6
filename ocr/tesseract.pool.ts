/**
 * A small pool of tesseract.js workers (LSTM only, offline language data).
 *
 * Owns: worker lifecycle (created lazily on first use, reused, terminated by close), per-call
 * parameters (page segmentation mode, the real DPI), and turning tesseract's block tree into
 * flat words/lines with CJK spaces collapsed. It does no image processing except cropping a
 * region with sharp (tesseract.js 7's own `rectangle` option returned Latin garbage for a
 * header band that a sharp crop of the same pixels read correctly — measured).
 * Must not import the classifier, storage, queue or api.
 */
import sharp from 'sharp';
import { createWorker, OEM } from 'tesseract.js';
import type { Worker, Page, Bbox } from 'tesseract.js';
import { collapseCjkSpaces } from './cjk-text.ts';
import { offlineWorkerOptions, OCR_LANGS } from './lang-data.ts';
import { decodePgm, encodePgm } from './pgm.ts';

export interface OcrBbox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrItem {
  text: string;
  confidence: number;
  /** In pixels of the image passed to recognize (region offsets already added back). */
  bbox: OcrBbox;
}

export interface OcrResult {
  /** Page text, lines separated by '\n', spaces next to CJK removed. */
  text: string;
  /** Mean word confidence 0–100 (0 when no words). */
  confidence: number;
  words: OcrItem[];
  lines: OcrItem[];
  /** Wall time of the tesseract call in ms (excludes queueing). */
  ms: number;
}

/** Page segmentation modes we use: 3 = auto (whole forms), 4 = one column, 6 = block, 7 = line. */
export type Psm = '3' | '4' | '6' | '7' | '11';

export interface RecognizeOptions {
  /** The scan's real resolution; tesseract's layout analysis depends on it (field notes). */
  dpi: number;
  /** Crop to this rectangle (pixels) first; boxes are still reported in full-image pixels. */
  region?: { left: number; top: number; width: number; height: number };
  /** Default '3' (auto): tesseract.js's default 6 turns ruled tables into junk. */
  psm?: Psm;
}

export interface OcrPool {
  /**
   * OCR one encoded image (PNG, JPEG, TIFF page, PGM…). Calls queue FIFO when all workers are
   * busy. Rejects when tesseract fails; the caller decides whether that is permanent.
   */
  recognize(image: Buffer, opts: RecognizeOptions): Promise<OcrResult>;
  /** Terminate all workers; pending calls reject. Idempotent. */
  close(): Promise<void>;
  /** Workers created so far (for metrics/tests). */
  readonly workerCount: number;
}

export interface OcrPoolOptions {
  /** Directory with eng/chi_sim .traineddata.gz (see lang-data.ts ensureLangData). */
  langPath: string;
  /**
   * Maximum number of workers. On the 2-vCPU machines measured, 2 workers were no faster than
   * 1 (field notes): size from a measurement, not os.cpus().
   */
  size: number;
  /** Default DPI when a call omits it. */
  dpi?: number;
  /** tesseract language string; default {@link OCR_LANGS} ('chi_sim', see lang-data.ts). */
  langs?: string;
}

interface PooledWorker {
  worker: Worker;
  params: { psm?: string; dpi?: string };
}

/** Create a lazily-filled pool. No worker starts until the first recognize. */
export function createOcrPool(options: OcrPoolOptions): OcrPool {
  const size = Math.max(1, Math.floor(options.size));
  const idle: PooledWorker[] = [];
  const all: PooledWorker[] = [];
  const waiting: Array<{ resolve: (w: PooledWorker) => void; reject: (e: Error) => void }> = [];
  let starting = 0;
  let closed = false;

  async function spawn(): Promise<PooledWorker> {
    starting++;
    try {
      const worker = await createWorker(options.langs ?? OCR_LANGS, OEM.LSTM_ONLY, {
        ...offlineWorkerOptions(options.langPath),
        logger: () => {},
        // Without an errorHandler tesseract.js 7 re-throws a failed job inside its message
        // listener (an uncaught exception that kills the process) after rejecting the call;
        // with one, the rejected promise is the only signal, which recognize() propagates.
        errorHandler: () => {},
      });
      const pw: PooledWorker = { worker, params: {} };
      all.push(pw);
      return pw;
    } finally {
      starting--;
    }
  }

  function acquire(): Promise<PooledWorker> {
    if (closed) return Promise.reject(new Error('OCR pool is closed'));
    const free = idle.pop();
    if (free) return Promise.resolve(free);
    if (all.length + starting < size) return spawn();
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  }

  function release(pw: PooledWorker): void {
    const next = waiting.shift();
    if (next) next.resolve(pw);
    else idle.push(pw);
  }

  /** A worker whose call threw may be wedged: drop it and let a waiter get a fresh one. */
  function discard(pw: PooledWorker): void {
    all.splice(all.indexOf(pw), 1);
    void pw.worker.terminate().catch(() => undefined);
    const next = waiting.shift();
    if (next) spawn().then(next.resolve, next.reject);
  }

  async function run(pw: PooledWorker, image: Buffer, opts: RecognizeOptions): Promise<OcrResult> {
    const psm = opts.psm ?? '3';
    const dpi = String(Math.round(opts.dpi || options.dpi || 300));
    // setParameters is a worker round trip: only send what changed.
    if (pw.params.psm !== psm || pw.params.dpi !== dpi) {
      await pw.worker.setParameters({ tessedit_pageseg_mode: psm as never, user_defined_dpi: dpi });
      pw.params = { psm, dpi };
    }
    const started = Date.now();
    const { data } = await pw.worker.recognize(image, {}, { text: true, blocks: true });
    const ms = Date.now() - started;
    return toResult(data, opts.region?.left ?? 0, opts.region?.top ?? 0, ms);
  }

  return {
    get workerCount() {
      return all.length;
    },
    async recognize(image, opts) {
      // Crop before taking a worker, so sharp's work never holds one.
      const input = opts.region ? await crop(image, opts.region) : image;
      const pw = await acquire();
      let result: OcrResult;
      try {
        result = await run(pw, input, opts);
      } catch (err) {
        if (closed) await pw.worker.terminate().catch(() => undefined);
        else discard(pw);
        throw err;
      }
      if (closed) await pw.worker.terminate().catch(() => undefined);
      else release(pw);
      return result;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const w of waiting.splice(0)) w.reject(new Error('OCR pool is closed'));
      const toStop = idle.splice(0);
      await Promise.all(toStop.map((pw) => pw.worker.terminate().catch(() => undefined)));
    },
  };
}

async function crop(image: Buffer, region: NonNullable<RecognizeOptions['region']>): Promise<Buffer> {
  const pgm = decodePgm(image);
  if (pgm) return encodePgm(pgm.gray, pgm.width, pgm.height, region);
  return sharp(image).extract(region).png({ compressionLevel: 1 }).toBuffer();
}

function shift(b: Bbox, dx: number, dy: number): OcrBbox {
  return { x0: b.x0 + dx, y0: b.y0 + dy, x1: b.x1 + dx, y1: b.y1 + dy };
}

/** Flatten tesseract's blocks → paragraphs → lines → words. */
export function toResult(data: Page, dx: number, dy: number, ms: number): OcrResult {
  const words: OcrItem[] = [];
  const lines: OcrItem[] = [];
  for (const block of data.blocks ?? []) {
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        const text = collapseCjkSpaces(line.text).trim();
        if (text) lines.push({ text, confidence: line.confidence, bbox: shift(line.bbox, dx, dy) });
        for (const w of line.words) {
          const wt = w.text.trim();
          if (wt) words.push({ text: wt, confidence: w.confidence, bbox: shift(w.bbox, dx, dy) });
        }
      }
    }
  }
  const confidence = words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
  const text = collapseCjkSpaces(data.text ?? '')
    .split('\n')
    .filter((l) => l.length > 0)
    .join('\n');
  return { text, confidence, words, lines, ms };
}
