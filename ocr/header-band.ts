/**
 * The classifier's fast path: OCR only the page's header band (court name, title, 案号 line).
 *
 * Owns: where the band is (top fraction of the page) and how it is read (page segmentation
 * mode chosen by measurement). Must not import the classifier, storage, queue or api.
 */
import sharp from 'sharp';
import { decodePgm } from './pgm.ts';
import type { OcrPool, OcrResult, Psm } from './tesseract.pool.ts';

/**
 * Top share of an A4 page that holds court name, title and the 案号 line. Measured on the
 * rendered forms (8 pages, 200/300 dpi): at 0.15 the 案号 line was never inside the band, at
 * 0.18 it was but only just; 0.20 leaves room for forms with a larger top margin.
 */
export const HEADER_BAND_FRACTION = 0.2;

/**
 * psm for the band, measured with chi_sim on 8 preprocessed pages (degraded sealed skewed scans
 * and clean pages, 200/300 dpi): psm 3, 4 and 11 all read the title exactly on 5/8 and the case
 * number on 8/8 once 〈/《 are folded to （ (6/8 strictly), at ~0.2 s; psm 11 split 案号 from
 * the number on one form; psm 6 was worst (case 4/8, junk lines from the table's top rule,
 * 0.66 s); psm 7 read nothing. 4 keeps lines whole. Title misses are glyph errors the
 * classifier's fuzzy title match must absorb: bold 表 → 夫, 繁 → 每, a dropped 表.
 */
export const HEADER_BAND_PSM: Psm = '4';

async function imageSize(image: Buffer): Promise<{ width: number; height: number }> {
  const pgm = decodePgm(image);
  if (pgm) return { width: pgm.width, height: pgm.height };
  const m = await sharp(image).metadata();
  if (!m.width || !m.height) throw new Error('header band: image has no size');
  return { width: m.width, height: m.height };
}

/**
 * OCR the top {@link HEADER_BAND_FRACTION} of `image` (best after deskew: pass the
 * preprocessed page). Boxes come back in full-page pixels.
 */
export async function recognizeHeaderBand(
  pool: OcrPool,
  image: Buffer,
  dpi: number,
  opts: { fraction?: number; psm?: Psm } = {},
): Promise<OcrResult> {
  const { width, height } = await imageSize(image);
  const bandHeight = Math.max(1, Math.round(height * (opts.fraction ?? HEADER_BAND_FRACTION)));
  return pool.recognize(image, {
    dpi,
    psm: opts.psm ?? HEADER_BAND_PSM,
    region: { left: 0, top: 0, width, height: bandHeight },
  });
}
