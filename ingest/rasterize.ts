/**
 * Rasterize: turns one stored scan file (PDF, TIFF, JPEG, PNG) into page images, one page at
 * a time, so a 2,000-page file never holds more than one decoded page in memory. Owns the
 * format dispatch, the limits and the contract below; the PDF and image details live in
 * rasterize-pdf.ts and rasterize-image.ts. Bad input ends in a PermanentError with a stable
 * code; anything else that throws is transient and may be retried. Must not import storage,
 * the queue, OCR or the API: it reads a local file path and returns bytes.
 */
import { open } from 'node:fs/promises';
import { PermanentError, reasonMessageZh } from '../errors.ts';
import { openImageScan } from './rasterize-image.ts';
import { openPdfScan } from './rasterize-pdf.ts';
import { SNIFF_HEAD_BYTES, sniffType } from './sniff.ts';
import type { ScanMimeType } from './sniff.ts';

/** Limits that turn hostile or absurd input into PermanentErrors instead of outages. */
export interface RasterLimits {
  /** More pages than this → `too_many_pages` (checked before any page is rendered). */
  maxPages: number;
  /** A page/image with more pixels than this → `image_too_large`, checked from headers
   *  before anything is decoded (decompression-bomb defence). */
  maxPixels: number;
  /** DPI at which pages without an extractable scan image are rendered. */
  renderDpi: number;
  /** A PDF open or page render taking longer than this → `pdf_corrupt` (timed out). */
  renderTimeoutMs: number;
}

/**
 * Defaults. 300 dpi for rendered pages: OCR needs it for small CJK text (see field notes),
 * and at that size a vector A4 page renders in ~0.1–0.4 s here (200 dpi saves little).
 */
export const DEFAULT_RASTER_LIMITS: RasterLimits = Object.freeze({
  maxPages: 1000,
  maxPixels: 100_000_000,
  renderDpi: 300,
  renderTimeoutMs: 60_000,
});

/** One page image. */
export interface RasterPage {
  /** Encoded image: the embedded/original JPEG as is, else PNG. */
  image: Buffer;
  format: 'png' | 'jpeg';
  width: number;
  height: number;
  /** Best estimate of the scan resolution: PDF image pixels vs page size, image density
   *  metadata (clamped to 150–600), or the render DPI for rendered pages. */
  dpi: number;
  /** True when the scanner's own image was taken directly (no rendering, no resampling). */
  extracted: boolean;
}

/** An opened scan. Pages are produced on demand; call `close` when done (also after errors). */
export interface ScanDocument {
  type: ScanMimeType;
  pageCount: number;
  /**
   * Renders or extracts page `index0` (0-based). Pages may be requested in any order, one at a
   * time or concurrently. Throws RangeError for an index outside 0..pageCount-1 and
   * PermanentError (`pdf_corrupt`, `image_corrupt`, `image_too_large`) for a bad page.
   */
  renderPage(index0: number): Promise<RasterPage>;
  /** Releases parser state. Idempotent. */
  close(): Promise<void>;
}

async function readHead(filePath: string): Promise<{ head: Buffer; size: number }> {
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, SNIFF_HEAD_BYTES));
    await handle.read(head, 0, head.length, 0);
    return { head, size };
  } finally {
    await handle.close();
  }
}

/**
 * Opens a scan file for page-by-page rasterization.
 *
 * The type comes from the bytes ({@link sniffType}), never from the name. Checks that can
 * reject the whole file (empty, unsupported, encrypted, corrupt header, too many pages, first
 * image too large) run here, before any page is decoded.
 *
 * @throws PermanentError `empty_file`, `unsupported_type`, `pdf_encrypted`, `pdf_corrupt`,
 *   `image_corrupt`, `image_too_large`, `too_many_pages`. File-system errors (ENOENT, EIO)
 *   pass through unchanged: they are not the input's fault.
 */
export async function openScan(filePath: string, limits: Partial<RasterLimits> = {}): Promise<ScanDocument> {
  const effective: RasterLimits = { ...DEFAULT_RASTER_LIMITS, ...limits };
  const { head, size } = await readHead(filePath);
  if (size === 0) throw new PermanentError('empty_file');
  const type = sniffType(head);
  if (type === null) {
    throw new PermanentError('unsupported_type', `${reasonMessageZh('unsupported_type')}（文件开头：${describeHead(head)}）`);
  }
  if (type === 'application/pdf') return openPdfScan(filePath, effective);
  return openImageScan(filePath, type, effective);
}

/** First bytes as printable ASCII, so a clerk sees "<!DOCTYPE html" or "\x7FELF". */
function describeHead(head: Buffer): string {
  return [...head.subarray(0, 16)].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
}
