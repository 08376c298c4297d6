/**
 * The PageRecognizer adapter the OCR stage uses (ingest/page-recognizer.ts): preprocess
 * (red-seal suppression, grey, deskew, blank detection) → header band (fast title/案号 pass)
 * → full page, on a lazily started tesseract.js pool with offline language data.
 *
 * Owns: the order of those steps and the mapping to the stage's RecognizedPage shape. Word and
 * line boxes are in pixels of the *deskewed* page image (same size as the input page).
 * Must not import the classifier, storage repositories, queue or api (types only from the port).
 */
import type { PageRecognizer, RecognizedPage, RecognizeHooks } from '../ingest/page-recognizer.ts';
import type { OcrBox } from '../storage/schema.ts';
import { recognizeHeaderBand } from './header-band.ts';
import { shanghaiDate } from '../classifier/dates.ts';
import { checkDateLine, rereadDateLine } from './date-line.ts';
import { rereadDecisionLines } from './decision-line.ts';
import { withLineReading } from './line-reading.ts';
import type { DecisionField } from '../classifier/decision-lines.ts';
import { rereadTitleLine } from './title-line.ts';
import { ensureLangData } from './lang-data.ts';
import { preprocessPage } from './preprocess.ts';
import { decodeQrCodes } from './qr-codes.ts';
import { createOcrPool } from './tesseract.pool.ts';
import type { OcrItem, OcrPool } from './tesseract.pool.ts';

export interface TesseractRecognizerOptions {
  /** Data directory; language models are copied to `<dataDir>/tessdata` at start. */
  dataDir: string;
  /** Worker count (measure: on 2 vCPUs, 2 workers were no faster than 1). */
  size: number;
  /**
   * Run the header-band pass (title + case number) before the full page. It costs ~0.2 s a
   * page (measured, 200/300 dpi) and read the 案号 line exactly on 6/6 bench pages where the
   * full-page pass got 4–6 (e.g. 案号 → "RS:" with English loaded). Default true.
   */
  headerPass?: boolean;
  /**
   * The lines that decide a case's node (classifier/decision-lines.ts decisionFields of the
   * loaded rules): read again when the full page lost their value (ocr/decision-line.ts).
   * Default none.
   */
  decisionFields?: readonly DecisionField[];
}

/** DPI assumed when the rasteriser could not tell (court scanning spec: 300 dpi). */
const FALLBACK_DPI = 300;

function toBoxes(items: OcrItem[]): OcrBox[] {
  return items.map((w) => ({
    t: w.text,
    c: Math.round(w.confidence * 10) / 10,
    b: [w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1],
  }));
}

/**
 * Build the recognizer. Prepares offline language data now (throws when the model packages are
 * missing); tesseract workers start on the first page.
 */
export async function createTesseractRecognizer(opts: TesseractRecognizerOptions): Promise<PageRecognizer> {
  const langPath = await ensureLangData(opts.dataDir);
  const pool: OcrPool = createOcrPool({ langPath, size: opts.size });
  const headerPass = opts.headerPass ?? true;
  const decisionFields = opts.decisionFields ?? [];

  return {
    async recognize(image: Buffer, dpi: number, hooks: RecognizeHooks = {}): Promise<RecognizedPage> {
      const effectiveDpi = dpi > 0 ? dpi : FALLBACK_DPI;
      // Throws PermanentError('image_corrupt') for undecodable input.
      const page = await preprocessPage(image, { dpi: effectiveDpi });
      if (page.flags.blank) {
        return { text: '', headerText: null, confidence: 0, words: [], lines: [], flags: { skewDeg: page.skewDeg, blank: true } };
      }
      const codes = await decodeQrCodes(page.image);
      const flags = { skewDeg: page.skewDeg, ...(codes.length > 0 ? { codes } : {}) };
      const header = headerPass ? await recognizeHeaderBand(pool, page.image, effectiveDpi) : null;
      if (header && hooks.onHeader) await hooks.onHeader({ headerText: header.text, lines: toBoxes(header.lines), codes });
      const full = await pool.recognize(page.image, { dpi: effectiveDpi, psm: '3' });
      // Large bold titles read better small (ocr/title-line.ts): the readings go with the band's text.
      const titles = await rereadTitleLine(pool, page.image, full.lines, effectiveDpi);
      const headerText = header || titles.length > 0 ? [...titles, header?.text ?? ''].join('\n').trim() : null;
      // The signing date under the seal, read again when the page lost it (ocr/date-line.ts).
      const today = shanghaiDate(new Date());
      const dateLine = await rereadDateLine(pool, page.image, full.lines, effectiveDpi, today);
      // A signing date the full page did read is read again too: a glyph lost under the seal
      // leaves a valid, wrong date (ocr/date-line.ts checkDateLine).
      const check = dateLine ? null : await checkDateLine(pool, page.image, full.lines, effectiveDpi, today);
      const reading = dateLine ?? (check?.kind === 'replace' ? check.reading : null);
      const dated = reading ? withLineReading(full.text, full.lines, reading) : full;
      // The line that moves the case (院长意见 同意), read again when its value was lost.
      const decisions = await rereadDecisionLines(pool, page.image, dated.lines, effectiveDpi, decisionFields);
      const read = decisions.reduce((acc, d) => withLineReading(acc.text, acc.lines, d), dated);
      const lines = toBoxes(read.lines);
      if (check?.kind === 'doubt') (lines[check.line] as OcrBox).alt = check.readings;
      return {
        text: read.text,
        headerText,
        confidence: Math.round(full.confidence * 10) / 10,
        words: toBoxes(full.words),
        lines,
        flags: {
          ...flags,
          ...(dateLine ? { dateLineReread: true } : {}),
          ...(check ? { dateLineChecked: check.kind === 'replace' ? 'replaced' : 'doubted' } : {}),
          ...(decisions.length > 0 ? { decisionLinesReread: decisions.length } : {}),
        },
      };
    },
    async close(): Promise<void> {
      await pool.close();
    },
  };
}
