/**
 * PDF side of rasterize: opens a PDF with pdf.js (the reference renderer: page count,
 * passwords, broken files) and with pdf-lib (raw object access for the scanner fast path),
 * then produces pages one at a time — the embedded scan image when the page is just that
 * (rasterize-pdf-extract.ts), else a pdf.js render at `renderDpi` encoded as PNG by sharp.
 * Must not import storage, the queue or OCR.
 *
 * pdf.js runs its "worker" on the main thread in Node (fake worker), so the timeouts here
 * catch a render that never settles, not a synchronous infinite loop inside pdf.js; full
 * isolation would need a worker_thread per job.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PDFDocument, ParseSpeeds } from 'pdf-lib';
import { getDocument, VerbosityLevel } from './pdfjs.ts';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { PermanentError, isPermanentError } from '../errors.ts';
import { extractPageImage, largestImagePixels } from './rasterize-pdf-extract.ts';
import type { RasterLimits, RasterPage, ScanDocument } from './rasterize.ts';

/** pdfjs-dist's data folders as file-system paths (Node's pdf.js reads them with fs). */
const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const dataDir = (name: string): string => join(PDFJS_DIR, name) + '/';

/** A PDF must end with %%EOF within this many bytes; a cut-off upload does not. */
const EOF_WINDOW = 1024;

/** The parts of pdf.js's Node canvas factory (@napi-rs/canvas) that we use. */
interface NodeCanvasAndContext {
  canvas: { data(): Buffer };
  context: unknown;
}
interface NodeCanvasFactory {
  create(width: number, height: number): NodeCanvasAndContext;
  destroy(canvasAndContext: NodeCanvasAndContext): void;
}

/** Maps a pdf.js/pdf-lib failure to a stable code; our own PermanentErrors pass through. */
function toPdfError(err: unknown, what: string): PermanentError {
  if (isPermanentError(err)) return err;
  const e = err instanceof Error ? err : new Error(String(err));
  if (e.name === 'PasswordException') return new PermanentError('pdf_encrypted');
  return new PermanentError('pdf_corrupt', `PDF 文件已损坏或不完整，无法读取（${what}：${e.message}）`);
}

/** Rejects with `pdf_corrupt` after `ms`, calling `cancel` so pdf.js stops the work. */
async function withTimeout<T>(work: Promise<T>, ms: number, cancel: () => unknown, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void Promise.resolve().then(cancel).catch(() => undefined);
      reject(new PermanentError('pdf_corrupt', `${what}超时（${ms / 1000} 秒），PDF 文件可能已损坏`));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** pdf-lib view of the same bytes for the fast path; null when it cannot help. */
async function loadForExtraction(bytes: Buffer, pageCount: number): Promise<PDFDocument | null> {
  try {
    // Encrypted files throw here even when pdf.js opened them with an empty password: their
    // raw streams are ciphertext, so such files are always rendered.
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
    return doc.getPageCount() === pageCount ? doc : null; // disagreeing page trees: trust pdf.js
  } catch {
    return null;
  }
}

/**
 * Opens a PDF scan. See {@link ScanDocument} for the page contract.
 *
 * @throws PermanentError `pdf_corrupt` (no %%EOF near the end, unparseable, no pages, open
 *   timed out), `pdf_encrypted` (a password is needed), `too_many_pages`.
 */
export async function openPdfScan(filePath: string, limits: RasterLimits): Promise<ScanDocument> {
  const bytes = await readFile(filePath);
  const tail = bytes.subarray(Math.max(0, bytes.length - EOF_WINDOW)).toString('latin1');
  if (!tail.includes('%%EOF')) {
    throw new PermanentError('pdf_corrupt', 'PDF 文件不完整（末尾缺少 %%EOF，可能上传中断），请重新扫描或上传');
  }

  const task = getDocument({
    data: new Uint8Array(bytes), // a copy: pdf.js transfers (detaches) what it is given
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    standardFontDataUrl: dataDir('standard_fonts'),
    cMapUrl: dataDir('cmaps'),
    cMapPacked: true,
    wasmUrl: dataDir('wasm'),
    iccUrl: dataDir('iccs'),
    maxImageSize: limits.maxPixels, // backstop: pdf.js skips larger images instead of decoding
    verbosity: VerbosityLevel.ERRORS,
  });
  let pdf: PDFDocumentProxy;
  try {
    pdf = await withTimeout(task.promise, limits.renderTimeoutMs, () => task.destroy(), 'PDF 打开');
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw toPdfError(err, 'open');
  }

  const pageCount = pdf.numPages;
  if (pageCount === 0 || pageCount > limits.maxPages) {
    await task.destroy();
    throw pageCount === 0
      ? new PermanentError('pdf_corrupt', 'PDF 文件没有任何页面')
      : new PermanentError('too_many_pages', `PDF 共 ${pageCount} 页，超过上限 ${limits.maxPages} 页，请分批扫描`);
  }
  const libDoc = await loadForExtraction(bytes, pageCount);
  let closed = false;

  /** The fast path; any surprise in pdf-lib (other than a too-large image) means "render". */
  async function tryExtract(index0: number): Promise<RasterPage | null> {
    if (!libDoc) return null;
    try {
      return await extractPageImage(libDoc, index0, limits.maxPixels);
    } catch (err) {
      if (isPermanentError(err)) throw err;
      return null;
    }
  }

  async function renderWithPdfjs(index0: number): Promise<RasterPage> {
    const what = `第 ${index0 + 1} 页`;
    const page = await withTimeout(pdf.getPage(index0 + 1), limits.renderTimeoutMs, () => undefined, `${what}读取`);
    try {
      const viewport = page.getViewport({ scale: limits.renderDpi / 72 });
      const width = Math.max(1, Math.round(viewport.width));
      const height = Math.max(1, Math.round(viewport.height));
      if (width * height > limits.maxPixels) {
        throw new PermanentError('image_too_large', `PDF ${what}按 ${limits.renderDpi} dpi 渲染为 ${width}×${height} 像素，超过上限 ${limits.maxPixels}`);
      }
      const embedded = libDoc ? largestImagePixels(libDoc, index0) : 0;
      if (embedded > limits.maxPixels) {
        throw new PermanentError('image_too_large', `PDF ${what}内嵌图像 ${embedded} 像素，超过上限 ${limits.maxPixels}`);
      }
      const factory = pdf.canvasFactory as NodeCanvasFactory;
      const target = factory.create(width, height);
      try {
        const render = page.render({ canvas: target.canvas as unknown as HTMLCanvasElement, viewport, background: 'white' });
        await withTimeout(render.promise, limits.renderTimeoutMs, () => render.cancel(), `${what}渲染`);
        // RGBA straight from the canvas, PNG by sharp: ~10× faster than the canvas's own encoder.
        const image = await sharp(target.canvas.data(), { raw: { width, height, channels: 4 } })
          .removeAlpha()
          .png()
          .toBuffer();
        return { image, format: 'png', width, height, dpi: limits.renderDpi, extracted: false };
      } finally {
        factory.destroy(target);
      }
    } finally {
      page.cleanup();
    }
  }

  return {
    type: 'application/pdf',
    pageCount,
    async renderPage(index0: number): Promise<RasterPage> {
      if (closed) throw new Error('ScanDocument is closed');
      if (!Number.isInteger(index0) || index0 < 0 || index0 >= pageCount) {
        throw new RangeError(`page index ${index0} outside 0..${pageCount - 1}`);
      }
      try {
        return (await tryExtract(index0)) ?? (await renderWithPdfjs(index0));
      } catch (err) {
        throw toPdfError(err, `第 ${index0 + 1} 页`);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await task.destroy();
    },
  };
}
