/**
 * A signing date the OCR garbled past the date reader: read as the nearest valid date.
 *
 * The signing date sits under the court's seal, and the seal's remains turn one or two of its
 * glyphs into noise (人〇二7六年一月一日, 二〇二四年六月工秆六日, 三旬一四年四月三十八日,
 * 2025年9月:日). The date reader (field-values.ts) then finds no date, and the document waits
 * for a clerk although most of the date is plainly there. A date line has few possible
 * readings: every day between the earliest day the form can be dated (1 January of its case's
 * year) and the day it was scanned. Each is written the ways courts write dates (二〇二四年六月
 * 二十六日, 2024年6月26日, 2024年06月26日, 2024.06.26, 2024-06-26) and compared with the line by an
 * edit distance in which the numerals' known look-alikes (二/三/工/=, 〇/O/0/@, 十/士/干/+,
 * 日/目/曰/旧 …) cost half a glyph. The nearest date is taken only when it is close (two
 * glyphs at most) and nearer than any other date: 2025年9月:日 is as near to 9月2日 as to
 * 9月1日, so it stays unread. Tuned on bench:accuracy seed 2 before seeds 1, 3 and 4 were
 * looked at; over the four seeds, 13 garbled lines read: 12 right, and one (十日 misread as
 * 二日) on a Sunday, which doc-date.ts sends to a clerk. Pure; imports only sibling pure modules.
 */
import { fromDayNumber, toDayNumber } from './dates.ts';
import { normalizeOcrLine } from './normalize-text.ts';

/** A garbled date line read as its nearest valid date. */
export interface GarbledDate {
  date: string;
  /** The line as compared (court name, spaces and edge specks taken off). */
  raw: string;
  /** Weighted edit distance to the nearest date's spelling. */
  distance: number;
  /** How much farther the next-nearest date is at least (dates past the search's cap count as at the cap). */
  margin: number;
  /** The dates only half a glyph farther than `date` (one look-alike more): its rivals. */
  rivals: string[];
}

/** The days a form can be dated in: from `earliest` to `latest` (YYYY-MM-DD, inclusive). */
export interface DateWindow {
  earliest: string;
  latest: string;
}

/** Farthest a line may be from the date it is read as, in glyphs (look-alikes count half). */
export const MAX_DISTANCE = 2;
/**
 * How much nearer the date must be than any other: half a glyph, i.e. at least one look-alike
 * more (工秆六 is 二十六 rather than 十六 because 工 is what 二 becomes). A tie is no reading.
 */
export const MIN_MARGIN = 0.5;
/** The longest window searched (fifteen years of days): a legacy case scanned years later still fits. */
const MAX_WINDOW_DAYS = 5500;

/** The farthest and the margin asked of a line of digits without 年/月/日. */
export const DIGITS_MAX_DISTANCE = 1;
export const DIGITS_MARGIN = 1;
/** Distances past this are not computed exactly (no date that far can be taken or be a runner-up). */
const CAP = MAX_DISTANCE + DIGITS_MARGIN;

const HANZI_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 年, 月 and 日 with what OCR makes of them (2024年12朋16昌). */
const MARKS: readonly string[] = ['年午', '月用朋', '日目曰旧田昌'];
/** Numerals' and marks' look-alikes in OCR of a signing line (each group: glyphs one another is read as). */
const LOOKALIKE_GROUPS: readonly string[] = ['二三=工云', '〇OoQ0@○口', '一-—_', '十士干+土千才', ...MARKS, '1]|lI丨', '七匕', '八人入', '六穴', '五丑'];
const LOOKALIKE = new Map<string, Set<string>>();
for (const g of LOOKALIKE_GROUPS) for (const a of g) LOOKALIKE.set(a, new Set([...(LOOKALIKE.get(a) ?? []), ...g]));

function subCost(a: string, b: string): number {
  if (a === b) return 0;
  return LOOKALIKE.get(a)?.has(b) ? 0.5 : 1;
}

/**
 * A speck (a bracket, a Latin letter, punctuation) dropped from the line costs as much as a
 * look-alike read: `2024年]1月` is 11月 as much as 1月 (a ] beside a 1 was one as often as
 * not, see field-values.ts), so it stays unread instead of being read as 11月.
 */
function delCost(a: string): number {
  return /[\d\u4e00-\u9fff〇]/u.test(a) ? 1 : 0.5;
}

/** Weighted Levenshtein distance, stopping early once every path exceeds `cap`. */
function distance(line: readonly string[], target: readonly string[], cap: number): number {
  if (Math.abs(line.length - target.length) > cap) return Infinity;
  let prev = Array.from({ length: target.length + 1 }, (_, j) => j);
  for (let i = 1; i <= line.length; i++) {
    const cur = [(prev[0] as number) + delCost(line[i - 1] as string)];
    let rowMin = cur[0] as number;
    for (let j = 1; j <= target.length; j++) {
      const v = Math.min((prev[j] as number) + delCost(line[i - 1] as string), (cur[j - 1] as number) + 1, (prev[j - 1] as number) + subCost(line[i - 1] as string, target[j - 1] as string));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > cap) return Infinity;
    prev = cur;
  }
  return prev[target.length] as number;
}

const hanziSmall = (n: number): string => (n < 10 ? (HANZI_DIGITS[n] as string) : `${n >= 20 ? HANZI_DIGITS[Math.floor(n / 10)] : ''}十${n % 10 ? HANZI_DIGITS[n % 10] : ''}`);

/** The ways a date is written on a signing line, compared after separators are made dots. */
function spellings(y: number, m: number, d: number): string[] {
  const mm = String(m).padStart(2, '0');
  const dd = String(d).padStart(2, '0');
  const hy = [...String(y)].map((c) => HANZI_DIGITS[Number(c)]).join('');
  return [`${hy}年${hanziSmall(m)}月${hanziSmall(d)}日`, `${y}年${m}月${d}日`, `${y}年${mm}月${dd}日`, `${y}.${mm}.${dd}`, `${y}.${m}.${d}`];
}

const NUMERAL = /[\d〇零一二三四五六七八九十]/gu;


/**
 * The line as it is compared: spaces and a court's name before the date dropped, separators
 * between digits made dots, edge specks trimmed. Null when the line cannot be a date alone: it
 * must hold at least four numerals and, unless it is digits only, two of 年/月/日, and no more
 * glyphs than the longest date spelling plus a few. A line of digits and separators (with one
 * speck at most) needs no 年/月/日.
 */
export function dateLineShape(line: string): string | null {
  let s = normalizeOcrLine(line).replace(/\s+/g, '');
  s = s.replace(/^.*法院/u, '');
  s = s.replace(/^[.,，。、:："“”'‘’_|-]+|[.,，。、:："“”'‘’_|-]+$/g, '');
  s = s.replace(/(?<=\d)[.\-/．。:：,，、](?=\d)/g, '.');
  const glyphs = [...s];
  if (glyphs.length < 6 || glyphs.length > 16) return null;
  if ((s.match(NUMERAL) ?? []).length < 4) return null;
  const marks = MARKS.filter((m) => [...m].some((c) => s.includes(c))).length;
  // 2025-01523: digits and separators (one speck at most), no 年/月/日
  const digitsOnly = (s.match(/\d/g) ?? []).length >= 6 && glyphs.filter((g) => !/[\d.]/.test(g)).length <= 1;
  if (marks < 2 && !digitsOnly) return null;
  return s;
}

/** A date line as compared (dateLineShape) and the window's days (day numbers), or null when the line is no date line or the window is empty or too long. */
function lineInWindow(line: string, window: DateWindow): { raw: string; glyphs: string[]; from: number; to: number } | null {
  const raw = dateLineShape(line);
  const from = toDayNumber(window.earliest);
  const to = toDayNumber(window.latest);
  if (raw === null || to < from || to - from > MAX_WINDOW_DAYS) return null;
  return { raw, glyphs: [...raw], from, to };
}

/** Distance (capped) from a line's glyphs to the nearest spelling of a date (YYYY-MM-DD). */
function distanceToDate(glyphs: readonly string[], iso: string, cap: number): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Math.min(...spellings(y, m, d).map((s) => distance(glyphs, [...s], cap)));
}

/**
 * True when a date line that holds no date (`line`) reads nearer, by a whole glyph or more, to
 * some date in `window` than to `iso`: a witness against `iso`. 二O二四年万月十二日 (the month
 * lost) is a glyph nearer to every 12th than to 九月十一日. False when the line is no date line.
 */
export function contradictsDate(line: string, iso: string, window: DateWindow): boolean {
  const l = lineInWindow(line, window);
  if (!l) return false;
  const cap = Math.min(distanceToDate(l.glyphs, iso, CAP + 1), CAP + 1) - 1;
  if (cap < 0) return false;
  for (let day = l.from; day <= l.to; day++) {
    const other = fromDayNumber(day);
    if (other !== iso && distanceToDate(l.glyphs, other, cap) <= cap) return true;
  }
  return false;
}

/**
 * The nearest valid date (within `window`) to a garbled date line, or null when the line is no
 * date line, or no date is near enough and clearly the nearest. The caller calls this only for
 * a line the date reader found no date on.
 */
export function readGarbledDate(line: string, window: DateWindow): GarbledDate | null {
  const l = lineInWindow(line, window);
  if (!l) return null;
  const { raw } = l;
  let best: { date: string; d: number } | null = null;
  let second = Infinity;
  const near: Array<{ date: string; d: number }> = [];
  for (let day = l.from; day <= l.to; day++) {
    const iso = fromDayNumber(day);
    const dist = distanceToDate(l.glyphs, iso, Math.min(second, CAP));
    if (dist <= CAP) near.push({ date: iso, d: dist });
    if (!best || dist < best.d) {
      if (best) second = Math.min(second, best.d);
      best = { date: iso, d: dist };
    } else if (dist < second) second = dist;
  }
  // In a line of digits no 年/月/日 anchors a digit to its field (20154二16 was 2015年11月16日,
  // two edits from 2015.4.16): one edit at most, and a whole glyph of margin.
  const digitsOnly = !MARKS.some((m) => [...m].some((c) => raw.includes(c)));
  const [maxDistance, margin] = digitsOnly ? [DIGITS_MAX_DISTANCE, DIGITS_MARGIN] : [MAX_DISTANCE, MIN_MARGIN];
  if (!best || best.d > maxDistance || second - best.d < margin) return null;
  const top = best;
  const rivals = near.filter((n) => n.date !== top.date && n.d <= top.d + MIN_MARGIN).map((n) => n.date);
  return { date: best.date, raw, distance: best.d, margin: Math.min(second, CAP) - best.d, rivals };
}

/** Per glyph of `raw`, the glyph a spelling of `iso` as long as `raw` has there; null when no spelling is as long. */
function spelledAlong(raw: readonly string[], iso: string): string[] | null {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return spellings(y, m, d).map((s) => [...s]).find((s) => s.length === raw.length) ?? null;
}

/**
 * The rivals of a garbled reading that take a glyph of the line for what the reading took
 * another of the same glyph for: 三〇一四年三月三日 is 2014-03-03 with its first 三 taken for 二,
 * and the rival 2014-02-03 takes the 三 of 三月 for 二 as well; the scan that turned one 二 into
 * 三 may have turned both. A rival that swaps another glyph (二口二四年十月二十一日 is 10-21 with 口
 * taken for 〇; the rival 10-31 takes 二 for 三) repeats no swap of the reading's. Compared glyph
 * by glyph, so only where a spelling of each is as long as the line.
 */
export function rivalsRepeatingASwap(g: GarbledDate): string[] {
  const raw = [...g.raw];
  const own = spelledAlong(raw, g.date);
  if (!own) return [];
  const swaps = new Set(own.flatMap((ch, i) => (ch === raw[i] ? [] : [`${raw[i]}→${ch}`])));
  return g.rivals.filter((r) => {
    const other = spelledAlong(raw, r);
    return other !== null && other.some((ch, i) => ch !== raw[i] && ch !== own[i] && swaps.has(`${raw[i]}→${ch}`));
  });
}
