/**
 * A second reading of the lines that decide a case's node (分流意见, 院长意见 …) when the full
 * page read the label and none of its value words.
 *
 * In a table cell under noise the full page loses the word that moves the case (|院长意见|本章
 * for 同意, bench:accuracy seed 5); the case then waits for a clerk (`node_field_unread`). Read
 * alone, the line comes out right (同意 in five of six readings there). The lines and their
 * words come from the rule files (classifier/decision-lines.ts), so the OCR stage needs no
 * form type. A reading is taken only when two or more readings name one value and none names
 * another, as for the date line (date-line.ts). Pure reading logic apart from the OCR calls;
 * must not import storage or api.
 */
import { decisionValue, unreadDecisionLines, type DecisionField } from '../classifier/decision-lines.ts';
import { readAgreed, rectAroundLine, type LineReading } from './line-reading.ts';
import { decodePgm } from './pgm.ts';
import type { OcrItem, OcrPool } from './tesseract.pool.ts';

/** A form has one or two decision lines; more unread ones are a page the OCR lost wholesale, left to a clerk. */
const MAX_LINES = 2;
/** A value lost whole leaves the line's box at its label: the crop reaches this many line heights right of the label. */
const REACH_LINE_HEIGHTS = 14;

/**
 * The reading the readings of one decision line agree on: two or more hold one value of
 * `fields` (decisionValue) and none holds another. Returns the first such reading, else null. Pure.
 */
export function agreedDecision(readings: readonly string[], fields: readonly DecisionField[]): string | null {
  const said = readings.map((text) => ({ text, value: decisionValue(text, fields) })).filter((r) => r.value !== null);
  if (said.length < 2 || said.some((r) => r.value !== said[0]?.value)) return null;
  return (said[0] as { text: string }).text;
}

/**
 * Read again the decision lines of a preprocessed page (PGM) whose value the full page lost
 * (classifier/decision-lines.ts unreadDecisionLines), at most {@link MAX_LINES}. Returns the
 * readings to put in place of those lines; empty when there is none or no reading agrees.
 */
export async function rereadDecisionLines(pool: OcrPool, image: Buffer, lines: readonly OcrItem[], dpi: number, fields: readonly DecisionField[]): Promise<LineReading[]> {
  if (fields.length === 0) return [];
  const unread = unreadDecisionLines(lines.map((l) => l.text), fields).slice(0, MAX_LINES);
  if (unread.length === 0) return [];
  const pgm = decodePgm(image);
  if (!pgm) return [];
  const out: LineReading[] = [];
  for (const u of unread) {
    const { bbox } = lines[u.index] as OcrItem;
    // Read as one line, as far right as a lost value may sit (line-reading.ts LINE_VARIANTS).
    const rect = rectAroundLine(bbox, pgm.width, pgm.height, (h, left) => Math.max(bbox.x1 + 2 * h, bbox.x0 + REACH_LINE_HEIGHTS * h) - left);
    const text = rect ? await readAgreed(pool, pgm, rect, dpi, (readings) => agreedDecision(readings, u.fields)) : null;
    if (text !== null) out.push({ text, replaces: u.index, after: u.index, bbox });
  }
  return out;
}
