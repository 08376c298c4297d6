/**
 * A second reading of the lines that decide a case's node (分流意见, 院长意见 …) when the full
 * page read the label and none of its value words.
 *
 * In a table cell under noise the full page loses the word that moves the case (|院长意见|本章
 * for 同意, bench:accuracy seed 5); the case then waits for a clerk (`node_field_unread`). Read
 * alone, the line comes out right (同意 in five of six readings there). The lines and their
 * words come from the rule files (classifier/decision-lines.ts), so the OCR stage needs no
 * form type. A reading is taken only when two or more readings name one value and none names
 * another, as for the date line (date-line.ts). In a ruled table the value's cell is read
 * alone, its rules erased, and put behind the label. Pure reading logic apart from the OCR calls;
 * must not import storage or api.
 */
import { decisionValue, unreadDecisionLines, type DecisionField } from '../classifier/decision-lines.ts';
import { cropGray, readAgreed, rectAroundLine, verticalRules, type LineReading, type Pgm, type Rect } from './line-reading.ts';
import { decodePgm } from './pgm.ts';
import type { OcrItem, OcrPool } from './tesseract.pool.ts';

/** A form has one or two decision lines; more unread ones are a page the OCR lost wholesale, left to a clerk. */
const MAX_LINES = 2;
/** A value lost whole leaves the line's box at its label: the crop reaches this many line heights right of the label. */
const REACH_LINE_HEIGHTS = 14;

/** A label is two glyphs or more: a cell rule nearer the line's start is the label cell's left edge. */
const LABEL_MIN_LINE_HEIGHTS = 2;
/** Pixels kept clear of a cell's rules. */
const CELL_MARGIN = 3;

/**
 * The value cell of a decision line's region `rect`: from the first vertical cell rule at or
 * after `labelEnd` (px into the region) to the next rule, or the region's end. Null when the
 * line is in no table (no such rule).
 */
async function valueCell(pgm: Pgm, rect: Rect, labelEnd: number): Promise<Rect | null> {
  const rules = verticalRules(await cropGray(pgm, rect), rect.width, rect.height);
  const start = rules.find((x) => x >= labelEnd);
  if (start === undefined) return null;
  // The rule's own columns, then the next rule or the region's end.
  let left = start;
  while (rules.includes(left + 1)) left++;
  const end = rules.find((x) => x > left + 1) ?? rect.width;
  const width = end - left - 2 * CELL_MARGIN;
  return width > 8 ? { left: rect.left + left + CELL_MARGIN, top: rect.top, width, height: rect.height } : null;
}

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
    if (!rect) continue;
    // In a table, the value's own cell read alone: the label, the gap and the cell rules
    // between them make the one-line reading lose the value (seed 26: 局长意见 0，/ 局长意负省
    // for 局长意见|准予). The reading goes back behind the rule file's label.
    const cell = await valueCell(pgm, rect, bbox.x0 - rect.left + LABEL_MIN_LINE_HEIGHTS * (bbox.y1 - bbox.y0));
    const inCell = cell ? await readAgreed(pool, pgm, cell, dpi, (readings) => agreedDecision(readings.map((r) => u.label + r), u.fields), { eraseRules: true }) : null;
    const text = inCell ?? (await readAgreed(pool, pgm, rect, dpi, (readings) => agreedDecision(readings, u.fields), { eraseRules: true }));
    if (text !== null) out.push({ text, replaces: u.index, after: u.index, bbox });
  }
  return out;
}
