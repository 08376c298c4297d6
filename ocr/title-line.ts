/**
 * A second reading of a page's title line at a smaller scale.
 *
 * Form titles are printed large and bold (60–140 px tall at 200–300 dpi), and chi_sim reads
 * such glyphs badly: 评估拍卖审批表 came out as 评佑担卖审批委, 繁简分流表 as 此人科分流表.
 * Measured on the six unreadable titles of bench:accuracy: read again alone (psm 7) scaled to
 * 0.5, four came out exactly, against none at full size; 0.35 also four, and together five.
 * So the two tallest title-shaped lines near the top of the page are read again at ~0.5
 * (line boxes are noisy: the tallest alone missed the title on 4 of 6), and the readings are
 * handed on with the header band's text, where the classifier looks for a title the full-page
 * pass lost. Must not import the classifier, storage or api.
 */
import sharp from 'sharp';
import { decodePgm } from './pgm.ts';
import type { OcrItem, OcrPool } from './tesseract.pool.ts';

/** Height (px) a title line is scaled to: ~0.5 of a typical 90 px title. */
export const TITLE_TARGET_HEIGHT = 44;
/** Title-shaped lines read again, tallest first. */
export const TITLE_LINES_READ = 2;
/** Only a line at least this much taller than the page's median line can be a title. */
const TITLE_HEIGHT_RATIO = 1.15;
/** The title sits in this top share of the page. */
const TITLE_TOP_SHARE = 0.35;

const CJK = /[\u4e00-\u9fff]/gu;

/**
 * The title-shaped lines near the top of the page, tallest first: 3–16 CJK glyphs, no digits
 * (a 案号 or date line), not a court's name, taller than the body's median line. Line boxes
 * are noisy (a speck stretches one), so more than one is taken.
 */
export function titleLinesOf(lines: readonly OcrItem[], pageHeight: number, max = TITLE_LINES_READ): OcrItem[] {
  const heights = lines.map((l) => l.bbox.y1 - l.bbox.y0).sort((a, b) => a - b);
  if (heights.length < 3) return [];
  const median = heights[Math.floor(heights.length / 2)] as number;
  return lines
    .filter((l) => {
      const cjk = (l.text.match(CJK) ?? []).length;
      const text = l.text.replace(/\s/g, '');
      return l.bbox.y0 <= pageHeight * TITLE_TOP_SHARE && l.bbox.y1 - l.bbox.y0 >= median * TITLE_HEIGHT_RATIO && cjk >= 3 && cjk <= 16 && !/\d/.test(text) && !/法院[:：,，.。]?$/.test(text);
    })
    .sort((a, b) => b.bbox.y1 - b.bbox.y0 - (a.bbox.y1 - a.bbox.y0))
    .slice(0, max);
}

/** A title's line is short: a split title's two parts are each at most this share of the page's width (body lines are longer). */
const SPLIT_TITLE_MAX_WIDTH_SHARE = 0.4;

/**
 * Titles the full-page pass cut in two lines: glyphs with a detached top (悬赏公告) come out as
 * two stacked lines of noise (isAN\生 over 二员公三, YA over 基质公司: bench:accuracy seed 15,
 * held out, three 悬赏公告 of seven lost). Two consecutive short lines near the top, one
 * over the other (overlapping across, at most half a line apart), neither holding a digit nor
 * a court's name, are returned as one line spanning both. Read as one, each of the three came
 * out 悬赏公告.
 */
export function splitTitleLines(lines: readonly OcrItem[], pageWidth: number, pageHeight: number): OcrItem[] {
  const short = (l: OcrItem): boolean => {
    const text = l.text.replace(/\s/g, '');
    return l.bbox.y1 <= pageHeight * TITLE_TOP_SHARE && l.bbox.x1 - l.bbox.x0 <= pageWidth * SPLIT_TITLE_MAX_WIDTH_SHARE && text.length > 0 && !/\d/.test(text) && !/法院[:：,，.。]?$/.test(text);
  };
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i] as OcrItem;
    const b = lines[i + 1] as OcrItem;
    if (!short(a) || !short(b) || !/[\u4e00-\u9fff]/u.test(a.text + b.text)) continue;
    const across = Math.min(a.bbox.x1, b.bbox.x1) - Math.max(a.bbox.x0, b.bbox.x0);
    const gap = b.bbox.y0 - a.bbox.y1;
    // The halves of one row of glyphs overlap in height; stacked rows of a table do not.
    if (across < 0.5 * Math.min(a.bbox.x1 - a.bbox.x0, b.bbox.x1 - b.bbox.x0) || gap >= 0) continue;
    return [
      {
        text: `${a.text}${b.text}`,
        confidence: Math.min(a.confidence, b.confidence),
        bbox: { x0: Math.min(a.bbox.x0, b.bbox.x0), y0: Math.min(a.bbox.y0, b.bbox.y0), x1: Math.max(a.bbox.x1, b.bbox.x1), y1: Math.max(a.bbox.y1, b.bbox.y1) },
      },
    ];
  }
  return [];
}

/**
 * The lines read again as titles (titleLinesOf, splitTitleLines), top of the page first. Which
 * lines goes by height, but the readings are handed on in the page's order: the classifier
 * takes a title read above another as the page's, and a table row read tall (|送达文书|限制消费令
 * under a 送达回证 whose title the full page lost, seed 171, held out) came first by height and
 * made the receipt a 限制消费令, filed unseen.
 */
export function titleLinesToRead(lines: readonly OcrItem[], pageWidth: number, pageHeight: number): OcrItem[] {
  return [...titleLinesOf(lines, pageHeight), ...splitTitleLines(lines, pageWidth, pageHeight)].sort((a, b) => a.bbox.y0 - b.bbox.y0);
}

/**
 * Read the title-shaped lines of a preprocessed page (PGM) again, scaled to
 * {@link TITLE_TARGET_HEIGHT}, and a title the full page split in two ({@link splitTitleLines});
 * returns the readings, top of the page first (empty when the page has none).
 */
export async function rereadTitleLine(pool: OcrPool, image: Buffer, lines: readonly OcrItem[], dpi: number): Promise<string[]> {
  const pgm = decodePgm(image);
  if (!pgm) return [];
  const out: string[] = [];
  for (const line of titleLinesToRead(lines, pgm.width, pgm.height)) {
    const h = line.bbox.y1 - line.bbox.y0;
    const left = Math.max(0, line.bbox.x0 - h);
    const top = Math.max(0, line.bbox.y0 - Math.round(h * 0.4));
    const width = Math.min(pgm.width - left, line.bbox.x1 - line.bbox.x0 + 2 * h);
    const height = Math.min(pgm.height - top, Math.round(h * 1.8));
    if (width <= 0 || height <= 0) continue;
    const scale = Math.min(1, TITLE_TARGET_HEIGHT / h);
    const img = await sharp(pgm.gray, { raw: { width: pgm.width, height: pgm.height, channels: 1 } })
      .extract({ left, top, width, height })
      .resize({ width: Math.max(8, Math.round(width * scale)) })
      .png({ compressionLevel: 1 })
      .toBuffer();
    const r = await pool.recognize(img, { dpi: Math.round(dpi * scale), psm: '7' });
    const text = r.text.replace(/\s+/g, '');
    if (text.length > 0 && !out.includes(text)) out.push(text);
  }
  return out;
}
