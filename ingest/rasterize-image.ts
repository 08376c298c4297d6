/**
 * Image side of rasterize: TIFF (multi-page), JPEG and PNG scans via sharp. Owns the
 * decompression-bomb defence (header dimensions are checked against `maxPixels` before any
 * pixel is decoded, and sharp's own `limitInputPixels` backs that up), the DPI estimate from
 * density metadata, and the rule "keep the scanner's bytes when they are already a usable
 * page image". Must not import pdf.js, storage, the queue or OCR.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { Metadata, Sharp } from 'sharp';
import { PermanentError, isPermanentError } from '../errors.ts';
import type { RasterLimits, RasterPage, ScanDocument } from './rasterize.ts';
import type { ScanMimeType } from './sniff.ts';

const MIN_DPI = 150;
const MAX_DPI = 600;
const DEFAULT_DPI = 300;
/** A4 long side in inches: most court paper is A4, so pixel size says a lot about DPI. */
const A4_LONG_IN = 297 / 25.4;

/**
 * Best DPI estimate for a scan image, always within 150–600.
 *
 * A density of 100 dpi or more is believed (then clamped). Missing density, or the 72/96 dpi
 * that cameras and many libraries write by default, is not: an A4-shaped page (aspect within
 * 5 % of √2) gets long side ÷ 11.69 in, anything else 300. OCR needs a roughly right DPI (see
 * field notes: a wrong one breaks table layout), and a 2480-px-wide page "at 72 dpi" is not.
 */
export function estimateImageDpi(density: number | undefined, width: number, height: number): number {
  let dpi = DEFAULT_DPI;
  if (density !== undefined && Number.isFinite(density) && density >= 100) {
    dpi = density;
  } else {
    const long = Math.max(width, height);
    const aspect = long / Math.max(1, Math.min(width, height));
    if (Math.abs(aspect / Math.SQRT2 - 1) <= 0.05) dpi = long / A4_LONG_IN;
  }
  return Math.round(Math.min(MAX_DPI, Math.max(MIN_DPI, dpi)));
}

/** `image_too_large` for sharp's pixel-limit error, `image_corrupt` for anything else. */
function toImageError(err: unknown, what: string): PermanentError {
  if (isPermanentError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(message)) return new PermanentError('image_too_large', `${what}：${message}`);
  return new PermanentError('image_corrupt', `图像文件已损坏，无法读取（${what}：${message}）`);
}

function checkPixels(meta: Metadata, limits: RasterLimits, what: string): void {
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > limits.maxPixels) {
    throw new PermanentError('image_too_large', `${what}为 ${meta.width}×${meta.height} 像素，超过上限 ${limits.maxPixels}`);
  }
}

/**
 * Opens an image scan. Page count comes from the header (TIFF directories; 1 otherwise),
 * and the first page's size is checked here, so a bomb fails in milliseconds at open.
 *
 * Output per page: the original JPEG bytes when the JPEG decodes and needs no EXIF rotation;
 * the original PNG bytes when it decodes and is 8-bit without alpha or rotation; otherwise a
 * re-encode (auto-oriented, alpha flattened onto white) as PNG, or JPEG q95 for JPEG input.
 *
 * @throws PermanentError `image_corrupt`, `image_too_large`, `too_many_pages`.
 */
export async function openImageScan(filePath: string, type: Exclude<ScanMimeType, 'application/pdf'>, limits: RasterLimits): Promise<ScanDocument> {
  const readMeta = (page: number): Promise<Metadata> =>
    // limitInputPixels off for the header read only: we want the real size in the message.
    sharp(filePath, { page, limitInputPixels: false }).metadata().catch((err: unknown) => {
      throw toImageError(err, `第 ${page + 1} 页头信息`);
    });

  const first = await readMeta(0);
  const expectedFormat = { 'image/tiff': 'tiff', 'image/jpeg': 'jpeg', 'image/png': 'png' }[type];
  if (first.format !== expectedFormat) {
    throw new PermanentError('image_corrupt', `图像文件已损坏，无法读取（内容不是 ${expectedFormat}）`);
  }
  const pageCount = type === 'image/tiff' ? Math.max(1, first.pages ?? 1) : 1;
  if (pageCount > limits.maxPages) {
    throw new PermanentError('too_many_pages', `TIFF 共 ${pageCount} 页，超过上限 ${limits.maxPages} 页，请分批扫描`);
  }
  checkPixels(first, limits, '第 1 页图像');
  let closed = false;

  async function render(index0: number): Promise<RasterPage> {
    const what = `第 ${index0 + 1} 页图像`;
    const meta = index0 === 0 ? first : await readMeta(index0);
    checkPixels(meta, limits, what);
    const width = meta.width ?? 0;
    const height = meta.height ?? 0;
    const dpi = estimateImageDpi(meta.density, width, height);
    // failOn 'truncated': a cut-off file fails; harmless libjpeg warnings do not.
    const input = (): Sharp =>
      sharp(filePath, { page: index0, limitInputPixels: limits.maxPixels, sequentialRead: true, failOn: 'truncated' });
    const upright = (meta.orientation ?? 1) === 1;

    if (type === 'image/jpeg' && upright) {
      // Decoding at 1/8 scale (JPEG shrink-on-load) still reads every scan: ~5 ms, catches truncation.
      await input().resize({ width: 64 }).raw().toBuffer();
      return { image: await readFile(filePath), format: 'jpeg', width, height, dpi, extracted: true };
    }
    if (type === 'image/png' && upright && !meta.hasAlpha && meta.depth === 'uchar') {
      await input().resize({ width: 64 }).raw().toBuffer(); // streams every row, small memory
      return { image: await readFile(filePath), format: 'png', width, height, dpi, extracted: true };
    }
    const greyInput = (meta.channels ?? 3) - (meta.hasAlpha ? 1 : 0) === 1;
    // Grey/bilevel scans stay one channel (sharp would widen them to RGB: 3× the pixels for OCR).
    const pipeline = input().autoOrient().flatten({ background: '#ffffff' }).toColourspace(greyInput ? 'b-w' : 'srgb');
    const encoded = type === 'image/jpeg' ? pipeline.jpeg({ quality: 95 }) : pipeline.png();
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { image: data, format: type === 'image/jpeg' ? 'jpeg' : 'png', width: info.width, height: info.height, dpi, extracted: false };
  }

  return {
    type,
    pageCount,
    async renderPage(index0: number): Promise<RasterPage> {
      if (closed) throw new Error('ScanDocument is closed');
      if (!Number.isInteger(index0) || index0 < 0 || index0 >= pageCount) {
        throw new RangeError(`page index ${index0} outside 0..${pageCount - 1}`);
      }
      try {
        return await render(index0);
      } catch (err) {
        throw toImageError(err, `第 ${index0 + 1} 页`);
      }
    },
    async close(): Promise<void> {
      closed = true; // nothing held between pages: sharp opens the file per call
    },
  };
}
