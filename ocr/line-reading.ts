/**
 * Reading one line of a preprocessed page again, alone (psm 7), and putting the reading in the
 * page's text and lines. Shared by the second readings of the signing date (date-line.ts) and
 * of the lines that decide a case's node (decision-line.ts): a line under noise or a seal
 * reads better alone, scaled or thresholded, than within the full page.
 */
import sharp from 'sharp';
import type { decodePgm } from './pgm.ts';
import type { OcrItem, OcrPool } from './tesseract.pool.ts';

/** A decoded greyscale page (ocr/pgm.ts). */
export type Pgm = NonNullable<ReturnType<typeof decodePgm>>;

/** A region of the page, in pixels. */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** One way of preparing a line's crop: scaled to a height (px), or thresholded at a grey level (the seal's remains go white). */
export type LineVariant = { height: number } | { threshold: number };

/** A line as read again: its text, the index in `lines` of the line it replaces, or of the line it goes after (nothing was read there). */
export interface LineReading {
  text: string;
  replaces: number | null;
  after: number;
  bbox: OcrItem['bbox'];
}

/**
 * The readings of a lost line, in order: the first two always, the rest when those two do not
 * agree. Measured on the 51 pages of bench:accuracy seeds 5, 8 and 9 whose date line the full
 * page lost: the first two readings of one band under the court line agreed on 8; with all six
 * readings and a second band (date-line.ts dateLineRegions), on 23, every one right. Adding 2×
 * scaling and the raw crop found none more. Decision lines are read the same way.
 */
export const LINE_VARIANTS: readonly LineVariant[] = [{ height: 48 }, { threshold: 140 }, { height: 32 }, { height: 40 }, { height: 64 }, { threshold: 110 }];

/**
 * Read a region the first two ways of {@link LINE_VARIANTS}; when `agreed` settles nothing from
 * those, the other four as well, and `agreed` decides on all six. Null for a region too small
 * to read, or when the readings settle nothing.
 */
export async function readAgreed(pool: OcrPool, pgm: Pgm, r: Rect, dpi: number, agreed: (readings: readonly string[]) => string | null, opts: ReadOptions = {}): Promise<string | null> {
  if (r.width <= 8 || r.height <= 8) return null;
  const first = await readVariants(pool, pgm, r, dpi, LINE_VARIANTS.slice(0, 2), opts);
  return agreed(first) ?? agreed([...first, ...(await readVariants(pool, pgm, r, dpi, LINE_VARIANTS.slice(2), opts))]);
}

/** How a crop is prepared before its variants are read. */
export interface ReadOptions {
  /** Whiten the table's cell rules in the crop first (eraseRules): for lines read inside a table. */
  eraseRules?: boolean;
}

/** A vertical run of ink this share of the crop's height is a cell rule: a glyph's stroke spans at most the line's height, two thirds of a crop. */
const RULE_COLUMN_SHARE = 0.85;
/** Grey level below which a pixel is ink. */
const INK = 128;
/** Pixels either side of a rule's run whitened with it: its anti-aliased edge. */
const RULE_EDGE = 1;

/**
 * A greyscale crop (1 byte per pixel, `width` × `height`) with the table's cell rules whitened:
 * horizontal runs of ink at least as long as the crop is tall (a glyph's stroke is at most a
 * line wide, two thirds of a crop), vertical runs over 85 % of its height, each with a pixel
 * either side. Runs, not whole rows: a rule left slanted by a fraction of a degree crosses
 * rows. A decision cell read with its rules comes out as specks (局长意见|准予 read 人, [7, |
 * in six readings, bench:accuracy seed 26). Pure; returns a copy.
 */
export function eraseRules(gray: Uint8Array, width: number, height: number): Uint8Array {
  const out = Uint8Array.from(gray);
  const ink = (x: number, y: number): boolean => (gray[y * width + x] as number) < INK;
  const whiten = (x0: number, x1: number, y0: number, y1: number): void => {
    for (let y = Math.max(0, y0); y <= Math.min(height - 1, y1); y++) out.fill(255, y * width + Math.max(0, x0), y * width + Math.min(width - 1, x1) + 1);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; ) {
      let end = x;
      while (end < width && ink(end, y)) end++;
      if (end - x >= height) whiten(x, end - 1, y - RULE_EDGE, y + RULE_EDGE);
      x = end + 1;
    }
  }
  for (const x of verticalRules(gray, width, height)) whiten(x - RULE_EDGE, x + RULE_EDGE, 0, height - 1);
  return out;
}

/**
 * The columns (x in the crop, ascending) of a greyscale crop that hold a vertical cell rule: a
 * run of ink over 85 % of its height. A rule a few pixels thick gives a few neighbouring columns. Pure.
 */
export function verticalRules(gray: Uint8Array, width: number, height: number): number[] {
  const out: number[] = [];
  for (let x = 0; x < width; x++) {
    let run = 0;
    let longest = 0;
    for (let y = 0; y < height; y++) {
      run = (gray[y * width + x] as number) < INK ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    if (longest >= height * RULE_COLUMN_SHARE) out.push(x);
  }
  return out;
}

/** The greyscale pixels of a region of the page, 1 byte each. */
export async function cropGray(pgm: Pgm, r: Rect): Promise<Uint8Array> {
  return sharp(pgm.gray, { raw: { width: pgm.width, height: pgm.height, channels: 1 } }).extract(r).toColourspace('b-w').raw().toBuffer();
}

/**
 * The region to read a line in: from a line's height left of its box, a quarter of a line
 * above it, a line and a half tall, `width(h, left)` wide (h: the box's height), all within the
 * page (`pageWidth` × `pageHeight` px). Null for a box without height.
 */
export function rectAroundLine(bbox: OcrItem['bbox'], pageWidth: number, pageHeight: number, width: (h: number, left: number) => number): Rect | null {
  const h = bbox.y1 - bbox.y0;
  if (h <= 0) return null;
  const left = Math.max(0, bbox.x0 - h);
  const top = Math.max(0, bbox.y0 - Math.round(h * 0.25));
  return { left, top, width: Math.min(pageWidth - left, width(h, left)), height: Math.min(pageHeight - top, Math.round(h * 1.5)) };
}

/** Read a region of the page once per variant (psm 7, one line), whitespace dropped. */
export async function readVariants(pool: OcrPool, pgm: Pgm, r: Rect, dpi: number, variants: readonly LineVariant[], opts: ReadOptions = {}): Promise<string[]> {
  const crop = opts.eraseRules
    ? sharp(eraseRules(await cropGray(pgm, r), r.width, r.height), { raw: { width: r.width, height: r.height, channels: 1 } })
    : sharp(pgm.gray, { raw: { width: pgm.width, height: pgm.height, channels: 1 } }).extract(r);
  return Promise.all(
    variants.map(async (v) => {
      const img = 'height' in v ? crop.clone().resize({ height: v.height }) : crop.clone().threshold(v.threshold);
      return (await pool.recognize(await img.png({ compressionLevel: 1 }).toBuffer(), { dpi, psm: '7' })).text.replace(/\s+/g, '');
    }),
  );
}

/**
 * The page's text and lines with a line replaced by its reading (or the reading inserted after
 * line `after` when the full-page pass read nothing there). The text is rebuilt from the lines
 * only where the old line is found in it; otherwise the reading is added as the text's last line.
 */
export function withLineReading(text: string, lines: readonly OcrItem[], reading: LineReading): { text: string; lines: OcrItem[] } {
  const item: OcrItem = { text: reading.text, confidence: (lines[reading.replaces ?? reading.after] as OcrItem | undefined)?.confidence ?? 0, bbox: reading.bbox };
  const out = [...lines];
  if (reading.replaces !== null) out[reading.replaces] = item;
  else out.splice(reading.after + 1, 0, item);
  const rows = text.split('\n');
  const trim = (s: string): string => s.replace(/\s+/g, '');
  const anchor = lines[reading.replaces ?? reading.after] as OcrItem;
  const i = rows.map(trim).lastIndexOf(trim(anchor.text));
  if (i < 0) rows.push(reading.text);
  else if (reading.replaces !== null) rows[i] = reading.text;
  else rows.splice(i + 1, 0, reading.text);
  return { text: rows.join('\n'), lines: out };
}
