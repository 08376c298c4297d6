/**
 * A second reading of a page's signing-date line when the full-page pass read no date on it.
 *
 * The signing date sits under the court's name at the foot of a form, and under the court's
 * seal: the full-page pass loses it more than any other line (二〇二四年六月工秆六日,
 * 人〇二7六年一月一日, or nothing at all). Read alone (psm 7), the line comes out right more
 * often. Measured on the 29 last pages of bench:accuracy seeds 1 and 2 whose date the full page
 * lost: scaled to a 48 px line, 8 read the date exactly; thresholded at grey 140, 6. One
 * reading alone also misread a date a clerk would not have caught (三月十日 as 三月二日), so
 * the line is replaced only when both readings give the same date. Over all 475 pages of the
 * two seeds that replaced 4 lines, all 4 right, at 12 ms a page on average: a line that already
 * holds a date is never read again. A form's dated line need not sit under a court line
 * (审批日期2025年9月:日 in a 结案审批表): the last date-shaped line of the lower page that holds
 * no date is read the same way. With both, seeds 1–3 (721 pages) had 10 lines replaced, all
 * 10 right (2025年9月:日 → 9月1日, 2024年3月了日 → 3月7日 …). When the two readings do not
 * agree, four more (other scales, a lower threshold) are taken and all must agree
 * (line-reading.ts LINE_VARIANTS).
 *
 * Uses the classifier's date reader (pure) to tell a date from noise; must not import
 * storage or api.
 */
import { findDates, type FoundDate } from '../classifier/field-values.ts';
import { contradictsDate, dateLineShape } from '../classifier/garbled-date.ts';
import { readAgreed, readVariants, rectAroundLine, type LineReading, type LineVariant, type Rect } from './line-reading.ts';
import { decodePgm } from './pgm.ts';
import type { OcrItem, OcrPool } from './tesseract.pool.ts';

/** The court line that signs a form sits below this share of the page's height. */
const SIGNING_TOP_SHARE = 0.4;

const CJK = /[\u4e00-\u9fff]/gu;

/** The line that signs the page: the last line below 40% of the page that is a court's name alone. */
export function signingCourtLine(lines: readonly OcrItem[], pageHeight: number): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i] as OcrItem;
    const text = l.text.replace(/[\s:：,，.。、"“”'‘’_|-]/g, '');
    const cjk = (text.match(CJK) ?? []).length;
    if (l.bbox.y0 >= pageHeight * SIGNING_TOP_SHARE && /法院$/.test(text) && cjk >= 6 && cjk <= 20) return i;
  }
  return -1;
}

/** The signing court line (index `at`, line height `h` > 0) and the first line read under it, if any. */
function signingLines(lines: readonly OcrItem[], pageHeight: number): { at: number; court: OcrItem; h: number; nextAt: number; next: OcrItem | null } | null {
  const at = signingCourtLine(lines, pageHeight);
  if (at < 0) return null;
  const court = lines[at] as OcrItem;
  const h = court.bbox.y1 - court.bbox.y0;
  if (h <= 0) return null;
  const nextAt = lines.findIndex((l, i) => i > at && l.bbox.y0 >= court.bbox.y1 - h * 0.3);
  return { at, court, h, nextAt, next: nextAt >= 0 ? (lines[nextAt] as OcrItem) : null };
}

/**
 * The rows (top, height) of a band around `next`, the line read under the court line (of
 * height `h`) on a page `pageHeight` px high: half a line's margin, of the taller of the two
 * lines. Null when `next` has no height or sits more than three lines below the court line.
 */
function bandAround(court: OcrItem, h: number, next: OcrItem, pageHeight: number): { top: number; height: number } | null {
  const nh = next.bbox.y1 - next.bbox.y0;
  if (nh <= 0 || next.bbox.y0 > court.bbox.y1 + 3 * h) return null;
  const lineH = Math.max(h, nh);
  const top = Math.max(0, next.bbox.y0 - Math.round(lineH * 0.25));
  return { top, height: Math.min(pageHeight - top, Math.round(lineH * 1.5)) };
}

/**
 * The days a reading may name: up to `latest` (the scan day: a page is read the day it is
 * scanned) and, when known, from `earliest` (the latest date the page recites above the line:
 * a form is signed after the filing it recites, 立案日期 2015年8月10日 over 2015年8月下日).
 */
export interface ReadingBounds {
  earliest?: string;
  latest: string;
}

/** Readings that hold a thin 1 (4月11日) outweigh those that lost it (4月1日) when at least this many. */
const THIN_ONE_READINGS = 3;

/**
 * Of readings that each hold one date, when they name two dates and one is the other with a
 * single 1 lost (2025年4月1日 of 2025年4月11日), the readings of the longer, if at least
 * {@link THIN_ONE_READINGS} hold it and more than hold the shorter; else null. A thin 1 under
 * noise is lost, not made up: bench:accuracy seed 28 (held out), a triage sheet signed
 * 4月11日 read 11日 three times, 1日 once (and 开1日, 了1日); seeds 8 and 9, the same way.
 */
function thinOneKept(found: ReadonlyArray<{ text: string; dates: FoundDate[] }>): Array<{ text: string; dates: string[] }> | null {
  if (found.some((r) => r.dates.length !== 1)) return null;
  const raw = (r: { dates: FoundDate[] }): string => (r.dates[0] as FoundDate).raw.replace(/\s+/g, '');
  const kinds = [...new Set(found.map(raw))];
  const dates = new Set(found.map((r) => (r.dates[0] as FoundDate).date));
  if (kinds.length !== 2 || dates.size !== 2) return null;
  const [a, b] = kinds as [string, string];
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  const oneLost = [...long].some((g, i) => g === '1' && long.slice(0, i) + long.slice(i + 1) === short);
  const holding = found.filter((r) => raw(r) === long);
  if (!oneLost || holding.length < THIN_ONE_READINGS || holding.length <= found.length - holding.length) return null;
  return holding.map((r) => ({ text: r.text, dates: [(r.dates[0] as FoundDate).date] }));
}

/**
 * The date the readings of one line agree on. Dates outside `bounds` are no dates. Every
 * reading that holds a date holds that one date alone, at least two do, and they are not
 * outnumbered by the garbled readings (the full page's `fullLine` among them) that stand a
 * glyph nearer to another date of the bounds (from 1 January of its year at the earliest;
 * classifier/garbled-date.ts contradictsDate). Returns the text of the first such reading,
 * else null. A reading with two dates, or two readings with different dates (2015年8月8日
 * and 8月18日 of one line), leave the line unread: a clerk settles it, unless three or more
 * hold a 1 the others lost (thinOneKept); so do two readings of
 * 九月十一日 against three garbled ones nearer to 十二日 (二O二四年万月十二日, 二O〇二四年九月寺二日:
 * bench:accuracy seed 13, held out, the 12th was right). Pure.
 */
export function agreedDateReading(readings: readonly string[], bounds: ReadingBounds, fullLine = ''): string | null {
  const inBounds = (d: FoundDate): boolean => d.date <= bounds.latest && !(bounds.earliest && d.date < bounds.earliest);
  const found = readings.map((text) => ({ text, dates: findDates(text).filter(inBounds) })).filter((r) => r.dates.length > 0);
  const dated = thinOneKept(found) ?? found.map((r) => ({ text: r.text, dates: r.dates.map((d) => d.date) }));
  const date = dated[0]?.dates[0];
  if (date === undefined || dated.length < 2 || dated.some((r) => r.dates.length !== 1 || r.dates[0] !== date)) return null;
  const yearStart = `${date.slice(0, 4)}-01-01`;
  const window = { earliest: bounds.earliest && bounds.earliest > yearStart ? bounds.earliest : yearStart, latest: bounds.latest };
  const against = [fullLine, ...readings].filter((t) => findDates(t).length === 0 && contradictsDate(t, date, window)).length;
  return against > dated.length ? null : (dated[0] as { text: string }).text;
}

/**
 * The latest date up to `today` that lines recite (立案日期 2015年8月10日), or undefined. A date
 * read with a `]` taken for 1 is no bound: 1] was 1 as often as 11 (分流日期2013年4月1]日 for
 * the 1st, bench:accuracy seed 26: the signing line read alone said 2013年4月1日 five times
 * and was refused as before the 11th).
 */
export function latestRecited(lines: readonly Pick<OcrItem, 'text'>[], today: string): string | undefined {
  return findDates(lines.map((l) => l.text).join('\n')).filter((d) => !d.bracketRead).map((d) => d.date).filter((d) => d <= today).sort().at(-1);
}

/**
 * The last line in the lower part of the page shaped like a date (classifier/garbled-date.ts)
 * on which no date (up to `today`) was read: 2025年9月:日, 审批日期2025年9月:日, or -1.
 */
export function garbledDateLine(lines: readonly OcrItem[], pageHeight: number, today: string): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i] as OcrItem;
    if (l.bbox.y0 < pageHeight * SIGNING_TOP_SHARE) break;
    if (dateLineShape(l.text) !== null && !findDates(l.text).some((d) => d.date <= today)) return i;
  }
  return -1;
}

/**
 * A labelled date field whose value the full page read as a date's digits with no date in them
 * (审批目期202556.23: 2025.6.23 with its first dot read as a 5): a label of up to eight glyphs
 * naming a day or time (日, 期, 时, 间), then a value of digits and date separators only that
 * opens with a year (19xx, 20xx) and holds six to eight digits.
 */
const GARBLED_DATE_FIELD = /^(\D{1,8}?)((?:19|20)\d{2}[\d.,:：·\-/年月日]{2,10})$/u;

/**
 * The last line of the page that is a labelled date field on which no date (up to `today`) was
 * read ({@link GARBLED_DATE_FIELD}), or -1. A table form is dated by such a field (审批日期,
 * 移送日期), wherever on the page its table puts it: seed 98 (held out), a closing approval
 * whose 审批日期 read 202556.23 and whose signed line read 2025.0.23 waited for a clerk with no
 * date; the field read alone said 2025.6.23 twice in the first two readings.
 */
export function garbledDateField(lines: readonly OcrItem[], today: string): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    const text = (lines[i] as OcrItem).text.replace(/[\s|｜]/g, '');
    const m = GARBLED_DATE_FIELD.exec(text);
    if (!m || !/[日期时间]/u.test(m[1] as string)) continue;
    const digits = (m[2] as string).replace(/\D/g, '').length;
    if (digits >= 6 && digits <= 8 && !findDates(text).some((d) => d.date <= today)) return i;
  }
  return -1;
}

/**
 * The last line of the lower page that holds a date (up to `today`), when every such date on it
 * was read with its day cut short by the glyph after it (2024年9月1j晶 for 9月11日: the j took a
 * digit; classifier/field-values.ts `cutShort`), else -1. The classifier doubts such a date,
 * and a form dated in a table has no court line whose date checkDateLine would read again.
 */
export function cutShortDateLine(lines: readonly OcrItem[], pageHeight: number, today: string): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i] as OcrItem;
    if (l.bbox.y0 < pageHeight * SIGNING_TOP_SHARE) break;
    const dates = findDates(l.text).filter((d) => d.date <= today);
    if (dates.length > 0) return dates.every((d) => d.cutShort) ? i : -1;
  }
  return -1;
}

/**
 * The date the readings of a line whose day the full page read cut short (`short`: 2024-09-01
 * of 2024年9月1j晶) agree on: two or more readings hold one date cleanly (no glyph cutting its
 * day), that date is `short` with a second digit of the day (9月11日), and no reading holds
 * any date but the two. Else null: a clean 1日 may be 11日 with a thin 1 lost (thinOneKept), so
 * a reading of the short day itself settles nothing, and the line stays for a clerk. Returns
 * the first clean reading. Seed 75 (held out): an appraisal approval signed 2024年9月11日 read
 * 1j晶; alone, 11日 twice cleanly, 11j日 once, 1j晶/1j日 three times. Pure.
 */
export function lengthenedDayReading(readings: readonly string[], short: string, bounds: ReadingBounds): string | null {
  const inBounds = (d: FoundDate): boolean => d.date <= bounds.latest && !(bounds.earliest && d.date < bounds.earliest);
  const found = readings.map((text) => ({ text, dates: findDates(text).filter(inBounds) }));
  const clean = found.filter((r) => r.dates.length === 1 && !(r.dates[0] as FoundDate).cutShort);
  const date = (clean[0]?.dates[0] as FoundDate | undefined)?.date;
  if (date === undefined || clean.length < 2 || clean.some((r) => (r.dates[0] as FoundDate).date !== date)) return null;
  const day = (iso: string): string => String(Number(iso.slice(8)));
  if (date.slice(0, 8) !== short.slice(0, 8) || day(date).length !== 2 || !day(date).startsWith(day(short))) return null;
  if (found.some((r) => r.dates.some((d) => d.date !== date && d.date !== short))) return null;
  return (clean[0] as { text: string }).text;
}

/** A line to read again: the region (pixels), and where its reading goes among the lines. */
export interface DateLineRegion {
  rect: Rect;
  /** Index in the lines of the line the reading replaces; null: nothing was read there, insert after `after`. */
  replaces: number | null;
  after: number;
  bbox: OcrItem['bbox'];
  /** The date the full page read on the line with its day cut short (cutShortDateLine): only a longer day replaces it. */
  cutShort?: string;
}

/**
 * The lines of a page (of `width` × `height` px) worth reading again, in order: the line under
 * the signing court line when the full-page pass read no date there (none up to `today`,
 * YYYY-MM-DD); then the last date-shaped line of the lower page on which no date was read (a
 * form's dated line without a court line above it: 审批日期2025年9月:日); then the last
 * labelled date field read as digits with no date (garbledDateField: 审批目期202556.23); then
 * the last dated line of the lower page when its day was read cut short (cutShortDateLine).
 * Empty when every dated line holds a whole date. Pure.
 */
export function dateLineRegions(lines: readonly OcrItem[], width: number, height: number, today: string): DateLineRegion[] {
  const out: DateLineRegion[] = [];
  const signing = signingLines(lines, height);
  let tried = -1;
  if (signing) {
    const { at, court, h, nextAt, next } = signing;
    // A page is read the day it is scanned: a date after today (2031#年7月25晶 for 2014) is no date.
    if (!(next && findDates(next.text).some((d) => d.date <= today))) {
      tried = nextAt;
      // The band straight under the court line; and, when the full page read a line there,
      // a band around that line too: the gap under the court line varies by form (2025.6.30
      // sat 1.2 lines lower than the first band reaches), and each band reads some lines the
      // other does not (bench:accuracy seeds 5, 8, 9).
      const left = Math.max(0, court.bbox.x0 - 2 * h);
      const w = Math.min(width - left, court.bbox.x1 - court.bbox.x0 + 4 * h);
      const top = Math.min(height - 1, court.bbox.y1 + Math.round(h * 0.1));
      const band = { left, top, width: w, height: Math.min(height - top, Math.round(h * 1.7)) };
      out.push({ rect: band, replaces: next ? nextAt : null, after: at, bbox: next?.bbox ?? { x0: band.left, y0: band.top, x1: band.left + band.width, y1: band.top + band.height } });
      const around = next ? bandAround(court, h, next, height) : null;
      if (next && around) out.push({ rect: { left, top: around.top, width: w, height: around.height }, replaces: nextAt, after: at, bbox: next.bbox });
    }
  }
  const lineRect = (i: number): Rect | null => {
    const l = lines[i] as OcrItem;
    return rectAroundLine(l.bbox, width, height, (h) => l.bbox.x1 - l.bbox.x0 + 2 * h);
  };
  const g = garbledDateLine(lines, height, today);
  const rect = g >= 0 && g !== tried ? lineRect(g) : null;
  if (rect) out.push({ rect, replaces: g, after: g, bbox: (lines[g] as OcrItem).bbox });
  // A labelled date field the full page garbled (审批目期202556.23), anywhere on the page.
  const f = garbledDateField(lines, today);
  const field = f >= 0 && f !== tried && f !== g ? lineRect(f) : null;
  if (field) out.push({ rect: field, replaces: f, after: f, bbox: (lines[f] as OcrItem).bbox });
  // The form's last dated line, its day cut short (2024年9月1j晶).
  const c = cutShortDateLine(lines, height, today);
  const cut = c >= 0 ? lineRect(c) : null;
  const short = c >= 0 ? findDates((lines[c] as OcrItem).text).find((d) => d.date <= today)?.date : undefined;
  if (cut && short) out.push({ rect: cut, replaces: c, after: c, bbox: (lines[c] as OcrItem).bbox, cutShort: short });
  return out;
}

/**
 * Read again the date lines of a preprocessed page (PGM) the full-page pass lost
 * ({@link dateLineRegions}); the first region read as one date gives the reading. Returns null
 * when there is no such line or no reading settles on a date.
 */
export async function rereadDateLine(pool: OcrPool, image: Buffer, lines: readonly OcrItem[], dpi: number, today: string = new Date().toISOString().slice(0, 10)): Promise<LineReading | null> {
  const pgm = decodePgm(image);
  if (!pgm) return null;
  for (const region of dateLineRegions(lines, pgm.width, pgm.height, today)) {
    // The page's recitals above the line bound its date from below (seed 8: 立案日期 2015年8月10日
    // over a triage sheet's 2015年8月下日, read 8月8日 and 8月18日).
    const bounds = { earliest: latestRecited(lines.slice(0, region.after), today), latest: today };
    const fullLine = region.replaces !== null ? (lines[region.replaces] as OcrItem).text : '';
    // Read as one line, scaled and thresholded; the readings decide together (agreedDateReading,
    // or lengthenedDayReading for a day the full page read cut short).
    const short = region.cutShort;
    const text = await readAgreed(pool, pgm, region.rect, dpi, (readings) => (short ? lengthenedDayReading(readings, short, bounds) : agreedDateReading(readings, bounds, fullLine)));
    if (text !== null) return { text, replaces: region.replaces, after: region.after, bbox: region.bbox };
  }
  return null;
}

/** The signing date line checked by reading it again: replaced, doubted (other readings), or confirmed (null). */
export type DateLineCheck = { kind: 'replace'; reading: LineReading } | { kind: 'doubt'; line: number; readings: string[] };

/** Readings of a signing line that settle nothing alone: a date after the scan day is no date. */
const datesUpTo = (text: string, today: string): string[] => findDates(text).map((d) => d.date).filter((d) => d <= today);

/**
 * Read the signing date line again when the full-page pass did read a date on it: the date
 * under the seal is where the full page drops a glyph and still reads a valid date
 * (2024年11月1日 for 11月11日, 9月5日 for 8月5日), which nothing downstream could notice. The
 * line is read scaled to 48 px and thresholded at 140; when both read the full page's date it
 * stands. Otherwise it is read at 32 and 64 px as well: when all four read one other date, that
 * reading replaces the line; when any reads another date, the line is doubted (its other
 * readings go with it, and the classifier decides whether they doubt it: classifier/doc-date.ts).
 * A date the full page read through a ] taken for 1 (2025年1]月26日) is replaced by a reading of
 * the same date without the ] when no reading names another date: on seeds 14–17, 10 such lines
 * replaced, all right. Chosen on the 139 signed last pages of bench:accuracy seed 9 (3 wrong
 * dates: 1 replaced right, 2 doubted). On fresh runs of seeds 5, 8 and 10 (~730 pages): 2 lines replaced, both
 * right; 5 wrong dates caught for a clerk; 4 right dates doubted. One reading alone against the
 * full page and three others doubts nothing (seeds 95-103: 16 such lines, all right).
 */
export async function checkDateLine(pool: OcrPool, image: Buffer, lines: readonly OcrItem[], dpi: number, today: string): Promise<DateLineCheck | null> {
  const pgm = decodePgm(image);
  if (!pgm) return null;
  const signing = signingLines(lines, pgm.height);
  if (!signing?.next) return null;
  const { at, court, h, nextAt } = signing;
  const next = signing.next;
  const band = bandAround(court, h, next, pgm.height);
  if (!band) return null;
  const full = datesUpTo(next.text, today);
  if (full.length !== 1) return null;
  const left = Math.max(0, Math.min(court.bbox.x0 - 2 * h, next.bbox.x0 - h));
  const rect = { left, top: band.top, width: Math.min(pgm.width - left, Math.max(court.bbox.x1, next.bbox.x1) + 2 * h - left), height: band.height };
  if (rect.width <= 8 || rect.height <= 8) return null;
  const first = await readVariants(pool, pgm, rect, dpi, DATE_CHECK_VARIANTS.slice(0, 2));
  // The full page may have read the date through a ] taken for 1 (2025年1]月26日), which the
  // classifier doubts: readings of that date and of no other, one of them without a ], settle it.
  const settled = (readings: readonly string[]): DateLineCheck | null => {
    const same = readings.filter((t) => sameDates(datesUpTo(t, today), full));
    const clean = same.find((t) => !/[\]］]/.test(t));
    if (!/[\]］]/.test(next.text) || clean === undefined || same.length < 2 || readings.some((t) => datesUpTo(t, today).some((d) => d !== full[0]))) return null;
    return { kind: 'replace', reading: { text: clean, replaces: nextAt, after: at, bbox: next.bbox } };
  };
  if (first.every((t) => sameDates(datesUpTo(t, today), full))) return settled(first);
  const all = [...first, ...(await readVariants(pool, pgm, rect, dpi, DATE_CHECK_VARIANTS.slice(2)))];
  const dates = all.map((t) => datesUpTo(t, today));
  const other = dates[0]?.length === 1 ? (dates[0][0] as string) : null;
  if (other !== null && other !== full[0] && dates.every((d) => sameDates(d, [other]))) {
    return { kind: 'replace', reading: { text: all[0] as string, replaces: nextAt, after: at, bbox: next.bbox } };
  }
  const against = all.filter((_, i) => (dates[i] as string[]).some((d) => d !== full[0]));
  // Three readings bear the full page's date out and one names another: four readings against
  // one. On the 69 signing lines seeds 95-103 doubted, the 16 so read were all right; every wrong
  // date had at most two readings with it (seed 103, held out: an auction approval's 2013.6.26,
  // read 6.20 once, held its case at 实施 for a clerk).
  const confirming = dates.filter((d) => sameDates(d, full)).length;
  if (against.length === 1 && confirming >= 3) return settled(all);
  return against.length > 0 ? { kind: 'doubt', line: nextAt, readings: [...new Set(against)] } : settled(all);
}

const sameDates = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** The readings of a signing line that holds a date: the first two always, the rest when those two do not both confirm it. */
const DATE_CHECK_VARIANTS: readonly LineVariant[] = [{ height: 48 }, { threshold: 140 }, { height: 32 }, { height: 64 }];
