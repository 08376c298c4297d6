/**
 * What the OCR stage needs from the OCR module: one page image in, text + boxes out.
 * runtime.ts builds it from ocr/ (sharp preprocessing + tesseract.js pool); the stage never
 * imports tesseract or sharp itself, so it can also run with OCR disabled.
 */
import type { OcrBox, PageFlags } from '../storage/schema.ts';

export interface RecognizedPage {
  text: string;
  /**
   * Text of the title/header band from the fast first pass, after the readings of the page's
   * title line at a smaller scale (ocr/title-line.ts); null when neither ran. The classifier
   * looks here for a title or case number the full-page pass lost.
   */
  headerText: string | null;
  /** Mean word confidence 0–100. */
  confidence: number;
  words: OcrBox[];
  lines: OcrBox[];
  flags: PageFlags;
}

/** The fast first pass: the title/header band and any QR codes, before the full page. */
export interface HeaderPass {
  headerText: string;
  lines: OcrBox[];
  codes: string[];
}

export interface RecognizeHooks {
  /**
   * Called once with the header pass before the full-page OCR starts (skipped for blank
   * pages and when the recognizer has no header pass). The recognizer awaits it; an error in
   * it fails the recognition like any other.
   */
  onHeader?(header: HeaderPass): Promise<void>;
}

export interface PageRecognizer {
  /** MUST throw PermanentError('image_corrupt') for an image that cannot be decoded. */
  recognize(image: Buffer, dpi: number, hooks?: RecognizeHooks): Promise<RecognizedPage>;
  close(): Promise<void>;
}

/** Used when OCR_ENABLED=false (agent tests, intake-only deployments): pages stay text-less. */
export const noOcrRecognizer: PageRecognizer = {
  async recognize() {
    return { text: '', headerText: null, confidence: 0, words: [], lines: [], flags: { ocrSkipped: true } };
  },
  async close() {},
};
