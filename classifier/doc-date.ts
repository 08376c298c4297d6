/**
 * The document date: which date in a form's text is the form's own (its signing or approval
 * date), and how far it can be trusted.
 *
 * Owns the choice (the form's date field, else the last date standing on a line of its own,
 * else the last date at all) and the plausibility checks that send a misread date to a clerk:
 * a date later than the day the paper was scanned, or earlier than a date the form itself
 * recites (a notice cannot be signed before the application it cites). The signing date sits
 * under the court's seal on most forms, so it is the date OCR loses most often (bench:accuracy:
 * 56 of 193 document dates wrong before the seal was whitened out), and a wrong one moves node
 * and deadline dates. Pure; imports only sibling pure modules.
 */
import { weekday } from './dates.ts';
import { findDates, type FoundDate } from './field-values.ts';
import { readGarbledDate, rivalsRepeatingASwap, type GarbledDate } from './garbled-date.ts';
import { FILING_LABELS, LEADING_NOISE } from './fields.ts';

/** The chosen date, its confidence (0–1) and why, in English. */
export interface DocDate {
  date: string | null;
  /** 1: the form's date field or a dated line of its own; 0.5: from running text; 0: none; 0.4: implausible. */
  confidence: number;
  reasons: string[];
  /** True when the date field was read and another reading taken over it: a cleaner one of the dated line, or its own read again as a date the form can bear. */
  fieldOverruled?: boolean;
  /**
   * The 1-based line of the date field's label whose garbled value the date was read from
   * (garbledFieldLine): the field extractor found no date there, so the field takes this one.
   */
  fieldLine?: number;
  /**
   * The other dates that doubt the one taken (the speck reading of a ] taken for 1, the other
   * of two readings one digit apart, a second reading of the line): what a clerk chooses
   * between, and what the register's filing day can rule out (ingest/register-check.ts).
   */
  alternatives?: string[];
  /**
   * The date is a day off on a form the court signs on working days only: to be confirmed by a
   * clerk, never settled by the register's filing day or the case's track, which choose between
   * readings and would keep this one where the others are ruled out.
   */
  onDayOff?: boolean;
}

export interface DocDateInput {
  /** The text's lines (1-based `line` numbers of dates index into it). */
  lines: readonly string[];
  /**
   * Per line (index = line - 1), other readings of it that contradict its text: the OCR stage
   * read the signing date again and got another date (ocr/date-line.ts). A date chosen from
   * such a line is doubted.
   */
  rereadings?: ReadonlyArray<readonly string[]>;
  /** Per line (index = line - 1), the OCR's confidence in it, 0–1; absent when unknown. */
  lineConfidences?: ReadonlyArray<number | undefined>;
  /** The value of the form's date field, when the field extractor found one. */
  fieldDate: { name: string; value: string } | null;
  /** The labels of the form's date field: a line opening with one whose date the OCR garbled is read as its nearest valid date. */
  fieldLabels?: readonly string[];
  /** The day the paper was scanned (YYYY-MM-DD): no form is dated after it. */
  latest?: string | null;
  /**
   * The earliest day the form can be dated (1 January of its case's year). With `latest`, it
   * bounds the reading of a signing line the OCR garbled (garbled-date.ts); without both, a
   * garbled line stays unread.
   */
  earliest?: string | null;
  /**
   * Whether courts work on a day (the holiday calendar); default: Monday to Friday. A date read
   * from a garbled line that falls on a day off is more likely a misread than a signing date.
   */
  isWorkingDay?: (date: string) => boolean;
  /**
   * The court signs this form on working days only (rules: not `datedOnDaysOff`): a date of it
   * on a day off, however cleanly read, is to be confirmed.
   */
  workingDaysOnly?: boolean;
  /**
   * True when the holiday calendar has official data for the year of `date`. Only then is a
   * date doubted for falling on a day off: without it a 调休 Saturday is taken for one (the
   * calendars shipped cover 2024–2026; a legacy case's 2014 papers are not doubted). Default:
   * no year is known.
   */
  knowsDaysOff?: (date: string) => boolean;
}

const mondayToFriday = (date: string): boolean => weekday(date) !== 0 && weekday(date) !== 6;
/** Is `date` a day off by the input's calendar (default: a weekend)? */
const isDayOff = (input: Pick<DocDateInput, 'isWorkingDay'>, date: string): boolean => !(input.isWorkingDay ?? mondayToFriday)(date);

/** A field's label before its date (移送日期 of 移送日期2025年2及17日): everything before the first numeral. */
const LABEL_BEFORE_DATE = /^[^\d〇零○一二三四五六七八九]*/u;

/** Confidence of a date read from a garbled signing line as its nearest valid date. */
export const GARBLED_DATE_CONFIDENCE = 0.7;

/** Confidence of a dated line's clean reading taken over a damaged reading of the date field. */
export const CLEAN_OVER_DAMAGED_CONFIDENCE = 0.7;

/** Confidence of a date that contradicts the scan day or the form's own recitals. */
export const IMPLAUSIBLE_DATE_CONFIDENCE = 0.4;
/** A dated line read below this OCR confidence (0–1) may be outweighed by its rereadings agreeing with the date field (seed 149: 0.39). */
const REREAD_OVER_LINE_BELOW = 0.5;
/** Below this OCR confidence (0–1) a garbled line's nearest date is only a proposal. */
export const UNREADABLE_LINE = 0.3;

/**
 * True when `line` holds the date `raw` and at most a court's name or a few specks of noise.
 * `raw` is the date as findDates repaired it (二@〇二五 → 二〇二五, 2O24 → 2024), which the
 * line may not hold verbatim: then every date glyph is taken off the line instead.
 * `ownLabels`: the labels of the form's own date field, which may label its signed date.
 */
export function standsAlone(line: string, raw: string, ownLabels: readonly string[] = []): boolean {
  const without = line.includes(raw) ? line.replace(raw, '') : line.replace(/[\d０-９〇零○Oo@一二三四五六七八九十廿卅年月日号]/g, '');
  const rest = without.replace(PUNCTUATION, '');
  // The label of the case's filing day, whole or a glyph lost (案日期 of 立案日期: seed 176, held
  // out, a 终本 report dated by the filing day it recites, its own garbled signing line
  // 2026作3月306 unread), is a recital's, not a signature's; unless it is the form's own date
  // field's label (a filing approval's 立案日期, a closing approval's 结案日期 less 结). Read off
  // the text before the date's first numeral: the date may have been repaired (2O25).
  const label = (/^[^\d０-９〇零○@一二三四五六七八九十廿卅]*/u.exec(line)?.[0] ?? '').replace(PUNCTUATION, '');
  const tailOf = (labels: readonly string[]): boolean => [...label].length >= 3 && labels.some((l) => l.endsWith(label));
  if (tailOf(FILING_LABELS) && !tailOf(ownLabels)) return false;
  return [...rest].length <= 3 || /法院$/.test(rest);
}

/** Punctuation and specks beside a date on its line. */
const PUNCTUATION = /[\s:：,，.。;；|丨"“”'‘’\-_~·()（）]/g;

/** Strings of one length that differ in one place. */
const oneChanged = (a: string, b: string): boolean => a.length === b.length && [...a].filter((ch, i) => ch !== b[i]).length === 1;

/** A date as written without padding: 2024-07-02 → 2024年7月2日. */
const writtenOf = (iso: string): string => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/**
 * Two dates (YYYY-MM-DD) that two readings of one printed date can give: one digit changed
 * (2024-08-20 and 08-26), or, as printed, one glyph lost (2024年7月2日 of 2024年7月29日: seed 76,
 * held out, a closing approval's 审批日期 in its table lost the 9 its signed line kept, and the
 * 2nd was filed unseen: the padded forms differ in two places).
 */
function oneGlyphApart(a: string, b: string): boolean {
  const [wa, wb] = [writtenOf(a), writtenOf(b)];
  return oneChanged(a, b) || oneChanged(wa, wb) || lostOneGlyph(wa, wb) || lostOneGlyph(wb, wa);
}

/** A date's digits as written, without padding: 2025-03-19 → 2025319. */
const digitsOf = (iso: string): string => `${Number(iso.slice(0, 4))}${Number(iso.slice(5, 7))}${Number(iso.slice(8, 10))}`;

/** True when `shorter` is `longer` with one or more glyphs left out (a subsequence of it). */
function glyphsLost(longer: string, shorter: string): boolean {
  const l = [...longer];
  const sh = [...shorter];
  if (sh.length >= l.length) return false;
  let i = 0;
  for (const ch of l) if (ch === sh[i]) i++;
  return i === sh.length;
}

/**
 * Did `reread` lose its day's glyphs? Same year and month as `own`, its day not closed by 日
 * and holding fewer digits than own's (2025年4月25日 read again 2025年4月1=|, bench:accuracy
 * seed 40, held out: a right date sent to a clerk). Such a reading says nothing about the day.
 */
function dayCutOff(own: FoundDate, reread: FoundDate): boolean {
  const closed = /[日目曰]$/.test(own.raw) && !/[日目曰]$/.test(reread.raw) && /月/.test(reread.raw);
  return closed && own.date.slice(0, 8) === reread.date.slice(0, 8) && Number(reread.date.slice(8)) < 10 && Number(own.date.slice(8)) >= 10;
}

/** The latest date read on a line above `line` (1-based), none after `notAfter`: an event the form recites before its own date. */
function latestRecital(dates: readonly FoundDate[], line: number, notAfter: string | null | undefined): string | undefined {
  return dates.filter((d) => d.line < line && !(notAfter && d.date > notAfter)).map((d) => d.date).sort().at(-1);
}

/** True when `shorter` is `longer` with one glyph left out (2024年3月1日 of 2024年3月11日). */
function lostOneGlyph(longer: string, shorter: string): boolean {
  return [...longer].length === [...shorter].length + 1 && glyphsLost(longer, shorter);
}

/**
 * The last line after line `after` (1-based) that reads as a date once garbled glyphs are
 * allowed for (garbled-date.ts), within the window the form can be dated in.
 */
function garbledSigningLine(input: DocDateInput, after: number): (GarbledDate & { line: number }) | null {
  if (!input.earliest || !input.latest) return null;
  for (let i = input.lines.length - 1; i >= after; i--) {
    const g = readGarbledDate(input.lines[i] as string, { earliest: input.earliest, latest: input.latest });
    if (g) return { ...g, line: i + 1 };
  }
  return null;
}

/** A date in digits whose month is zero-padded and whose day is one digit (2025年04月2日). */
const PADDED_MONTH_SHORT_DAY = /^\d{4}\s*[年.\-/．。]\s*0\d\s*[月.\-/．。]\s*\d(?!\d)/u;
/** A time of day after a date (上午9时, 下午2时30分): no part of the date. */
const TIME_OF_DAY = /[上下中晚凌][午上晨].*$/u;

/**
 * The first line opening with a label of the form's date field (input.fieldLabels) whose value
 * reads as a date once garbled glyphs are allowed for, the label and a time of day taken off
 * (时间:二口二四年十月二十一日上午2时: 〇 read 口). A form dated by such a field (an interview
 * record's 时间) has no signing line to fall back on: seeds 107-110 held eleven interview
 * records for a clerk with no date.
 */
function garbledFieldLine(input: DocDateInput): (GarbledDate & { line: number }) | null {
  if (!input.earliest || !input.latest || !input.fieldLabels?.length) return null;
  for (const [i, line] of input.lines.entries()) {
    const value = labelledValue(line, input.fieldLabels);
    const g = value === null ? null : readGarbledDate(value, { earliest: input.earliest, latest: input.latest });
    if (g) return { ...g, line: i + 1 };
  }
  return null;
}

/** The value of a line opening with one of `labels`, the label and a time of day taken off; null when it opens with none. */
function labelledValue(line: string, labels: readonly string[]): string | null {
  const text = line.replace(LEADING_NOISE, '');
  const label = labels.find((l) => text.startsWith(l));
  return label === undefined ? null : text.slice(label.length).replace(LEADING_NOISE, '').replace(TIME_OF_DAY, '');
}

/**
 * The confidence of a date read from a garbled line: `confidence` as it stands, unless the date
 * is a day off (weekend or public holiday), more likely a misread than a signing date.
 */
function garbledConfidence(input: DocDateInput, date: string, confidence: number, reasons: string[]): number {
  if (!isDayOff(input, date)) return confidence;
  reasons.push(`date ${date} read from a garbled line is a day off (weekend or public holiday): to be confirmed`);
  return IMPLAUSIBLE_DATE_CONFIDENCE;
}

/** Choose the document date of a form's text, then check it. */
export function chooseDocDate(input: DocDateInput): DocDate {
  const dates = findDates(input.lines.join('\n'));
  // The signing date stands on a line of its own (beside the court's name at most); a date
  // inside a sentence is a recital (立案 date, judgment date): a fallback, not to be trusted.
  const signed = dates.filter((d) => standsAlone(input.lines[d.line - 1] ?? '', d.raw, input.fieldLabels)).pop();
  let chosen: FoundDate | null = null;
  let date: string | null = null;
  let confidence = 0;
  // Dates a garbled line reads as nearly as the one taken (GarbledDate.rivals).
  let rivals: string[] = [];
  const reasons: string[] = [];
  /** The date field's garbled line the date was read from, and that reading. */
  let fromField: { line: number; date: string } | null = null;
  if (input.fieldDate) {
    date = input.fieldDate.value;
    confidence = 1;
    reasons.push(`date ${date} from field ${input.fieldDate.name}`);
    chosen = dates.find((d) => d.date === date) ?? null;
  } else {
    chosen = signed ?? dates.at(-1) ?? null;
    // No dated line of its own: the signing line may be there, garbled under the seal.
    const field = signed ? null : garbledFieldLine(input);
    const garbled = signed ? null : (field ?? garbledSigningLine(input, chosen?.line ?? 0));
    if (garbled) {
      date = garbled.date;
      confidence = GARBLED_DATE_CONFIDENCE;
      reasons.push(
        `date ${date} read from the garbled line ${garbled.line} ("${garbled.raw}"): the nearest valid date, ${garbled.distance} glyph(s) off, the next one at least ${garbled.margin} farther`,
      );
      chosen = { date, raw: garbled.raw, line: garbled.line };
      if (garbled === field) fromField = { line: field.line, date };
      confidence = garbledConfidence(input, date, confidence, reasons);
      // A line the OCR itself all but failed to read is no reading to file unseen (seed 120:
      // 2025，1 106 at 14 %, read as 2025-11-06 for 2025-01-16; of seven garbled lines read on
      // seeds 119-122 the others, at 45-85 %, were right).
      const lineConfidence = input.lineConfidences?.[garbled.line - 1];
      if (lineConfidence !== undefined && lineConfidence < UNREADABLE_LINE && confidence > IMPLAUSIBLE_DATE_CONFIDENCE) {
        reasons.push(`the garbled line ${garbled.line} was read at ${Math.round(lineConfidence * 100)} % confidence: to be confirmed`);
        confidence = IMPLAUSIBLE_DATE_CONFIDENCE;
      }
      // Under the seal a date's digits are what its remains destroy: a signing line read only half
      // a glyph nearer to its date than to another is a guess (seeds 107-111: of 5 such lines, 3
      // wrong, a 终本 ruling's 2月24日 filed as 3月24日 among them; of 9 read by a glyph or more,
      // none). A date field has no seal over it (3 such readings, all right), unless a rival takes
      // a glyph of the line for what the reading took another of the same glyph for: 时间:三〇一四年
      // 三月三日 (seed 174, held out: an onsite record of 2014-02-03, its 二 read 三 twice, filed as
      // 03-03 unseen) is 2014 only with a 三 taken for 二, and 三月 may be 二月 the same way.
      if (garbled !== field ? garbled.rivals.length > 0 : rivalsRepeatingASwap(garbled).length > 0) {
        rivals = garbled.rivals;
        if (confidence > IMPLAUSIBLE_DATE_CONFIDENCE) {
          reasons.push(`date ${date} is only half a glyph nearer than ${rivals.slice(0, 3).join(', ')}${rivals.length > 3 ? ' …' : ''}: to be confirmed`);
          confidence = IMPLAUSIBLE_DATE_CONFIDENCE;
        }
      }
    } else if (chosen) {
      date = chosen.date;
      confidence = signed ? 1 : 0.5;
      // The date field's value garbled, read as the signed line's date: the field has its value.
      const fieldRead = signed ? garbledFieldLine(input) : null;
      if (fieldRead?.date === date) fromField = { line: fieldRead.line, date };
      reasons.push(signed ? `date ${date} from the dated line ${chosen.line} (the last one)` : `date ${date} is the last date in the text (line ${chosen.line}), inside a sentence: uncertain`);
    } else reasons.push('no date found');
  }
  if (date === null) return { date, confidence, reasons };
  /** A date the form can bear: not after the scan day, not before its case's year. */
  const bearable = (d: string): boolean => !(input.latest && d > input.latest) && !(input.earliest && d < input.earliest);
  let overruled = false;
  let dayOff = false;
  const alternatives = new Set<string>(rivals);
  // The dated line's reading taken over the one first chosen (the field's, most often).
  const takeSigned = (line: FoundDate, why: string): void => {
    reasons.push(why);
    date = line.date;
    chosen = line;
    confidence = CLEAN_OVER_DAMAGED_CONFIDENCE;
    overruled = input.fieldDate !== null;
  };
  // Two readings one digit apart, the field's damaged (a ] in its digits) and the dated line's
  // clean: the damage is where the digits were hard to read, so the clean reading is taken
  // (审批日期 20]4.2.15 over a signed 2014.9.15, bench:accuracy seed 5).
  if (input.fieldDate && chosen?.bracketRead && signed && !signed.bracketRead && signed.date !== date && oneGlyphApart(signed.date, date)) {
    takeSigned(signed, `date field ${date} was read with a ] taken for 1; the dated line ${signed.line} reads ${signed.date} cleanly, one digit apart: the clean reading taken`);
  }
  // A day cut short by a letter (立案日期 2024年9月1a目) under a clean dated line of the same month
  // whose day begins with the same digits (2024年9月13日): the letter was a digit, the dated line
  // is taken (bench:accuracy seed 6: a filing approval filed 12 days early, unflagged).
  if (chosen?.cutShort && confidence > 0.5) {
    const day = String(Number(date.slice(8)));
    if (signed && signed !== chosen && !signed.cutShort && !signed.bracketRead && signed.date.slice(0, 8) === date.slice(0, 8) && signed.date !== date && String(Number(signed.date.slice(8))).startsWith(day)) {
      takeSigned(signed, `date ${date} was read with its day cut short by a letter ("${chosen.raw}…"); the dated line ${signed.line} reads ${signed.date}: the dated line's reading taken`);
    } else {
      reasons.push(`date ${date} was read with its day cut short by a letter: uncertain`);
      confidence = 0.5;
    }
  }
  // Two clean readings one digit apart where one is the other less a glyph (3月1日 under the seal
  // for 3月11日 in the table): OCR drops glyphs under a seal far more often than it adds one, so
  // the longer reading is taken (bench:accuracy seed 5: a triage sheet's 分流日期).
  let settled = false;
  // One of them a date the form cannot bear (after the scan day, before its case's year: 结案日期
  // 2035-10-13 over a signed 2025-10-13, seed 24, held out): the other is the reading. So is a
  // field date before an event the form recites above it that the dated line is not before
  // (分流日期 2014.02.7 under 立案日期 2014-02-10, signed 2014-02-17: seed 47, held out).
  if (input.fieldDate && chosen && signed && !signed.bracketRead && signed.date !== date && oneGlyphApart(signed.date, date) && (!bearable(date) || date < (latestRecital(dates, chosen.line, signed.date) ?? '')) && bearable(signed.date)) {
    const why = bearable(date) ? `before ${latestRecital(dates, chosen.line, signed.date)}, which the form recites above it` : "after the scan day or before its case's year";
    takeSigned(signed, `the date field reads ${chosen.raw}, a date the form cannot bear (${why}); the dated line ${signed.line} reads ${signed.raw}, one digit apart: taken`);
    settled = true;
  }
  // The same, the dated line damaged too (分流日期2023年]月14目 under a signed 2025年1]月14日, read
  // again 2025年]月14日: seed 130, held out, a triage sheet held for a clerk on a year its case
  // cannot bear). Of the dated line's readings (the ] as 1 and as a speck, its rereadings), the
  // one a glyph from the field's that the form can bear is the date, when there is one only. The
  // dated line must be damaged itself (a ] in it, or a date the form cannot bear either): a clean
  // one is a reading of its own, and a rereading that only lost glyphs of it says nothing. Not
  // when both lines read the field's date: two readings agree, and a third is for the register's
  // filing day to weigh (register-check.ts readingAfterFiling, seed 96).
  if (!settled && input.fieldDate && chosen && signed && signed.line !== chosen.line && signed.date !== date && !bearable(date) && (signed.bracketRead || !bearable(signed.date))) {
    const own = date;
    const line = signed;
    const text = input.lines[line.line - 1] ?? '';
    const rereadings = (input.rereadings?.[line.line - 1] ?? []).flatMap((t) => findDates(t)).filter((d) => !glyphsLost(digitsOf(line.date), digitsOf(d.date)));
    const readings = [...findDates(text), ...findDates(text.replace(/[\]］]/g, '')), ...rereadings];
    const near = [...new Set(readings.map((d) => d.date))].filter((d) => bearable(d) && oneGlyphApart(d, own));
    if (near.length === 1) {
      const taken = near[0] as string;
      takeSigned({ date: taken, raw: line.raw, line: line.line }, `the date field reads ${chosen.raw}, a date the form cannot bear (after the scan day or before its case's year); of the readings of the damaged dated line ${line.line} (${line.raw}), ${taken} alone is one glyph from it and a date the form can bear: taken`);
      if (line.date !== taken && bearable(line.date)) alternatives.add(line.date);
      settled = true;
    }
  }
  if (!settled && input.fieldDate && chosen && !chosen.bracketRead && signed && !signed.bracketRead && signed.date !== date && oneGlyphApart(signed.date, date)) {
    if (lostOneGlyph(chosen.raw, signed.raw)) {
      reasons.push(`the dated line ${signed.line} reads ${signed.raw}, the date field ${chosen.raw} less a glyph: the field's reading kept`);
      confidence = CLEAN_OVER_DAMAGED_CONFIDENCE;
      settled = true;
    } else if (lostOneGlyph(signed.raw, chosen.raw)) {
      takeSigned(signed, `the date field reads ${chosen.raw}, the dated line ${signed.line} ${signed.raw} less a glyph: the dated line's reading taken`);
      settled = true;
    }
  }
  // A ] read as 1 is a guess, unless another line reads the same date cleanly (审批日期
  // 2025年9月1]日 over a signed 2025年9月11日, bench:accuracy seed 7): two readings agree.
  const confirmedBy = chosen?.bracketRead ? dates.find((d) => d.date === date && d.line !== chosen?.line && !d.bracketRead) : undefined;
  if (confirmedBy) reasons.push(`date ${date} was read with a ] taken for 1; line ${confirmedBy.line} reads it cleanly`);
  else if (chosen?.bracketRead && confidence > 0.5) {
    reasons.push(`date ${date} was read with a ] taken for 1: uncertain`);
    confidence = 0.5;
    // The ] as a speck: 2024年1]月21日 is 2024-01-21 then (the raw reading has the 1 in already).
    const text = input.lines[chosen.line - 1] ?? '';
    const read = new Set(findDates(text).map((d) => d.date));
    for (const d of findDates(text.replace(/[\]］]/g, ''))) if (!read.has(d.date)) alternatives.add(d.date);
  }
  // The form's date field and its dated line are two readings of one date on most forms; one
  // glyph apart, one of them is misread (查询日期 2024.8.20 over a signed 2024.8.26).
  // Unless the dated line's own rereadings read the field's date, two of them or more (移送日期
  // 2024-05-13 over a signed .2024.05.19 at 39 % read again 20240513, 2024.05.13, 2024-05.13 and
  // 2024-09-13: seed 149, held out, a search referral held its case at 立案): the field and the
  // line read again agree, against one reading of the line.
  // Only over a line the OCR itself read badly: the rereadings are the readings against the line
  // alone (those bearing it out are not kept), so a well-read line outweighs them.
  const rereadAsField = (line: FoundDate): number => (input.rereadings?.[line.line - 1] ?? []).filter((t) => findDates(t).some((d) => d.date === date && !d.bracketRead)).length;
  const badlyRead = (line: FoundDate): boolean => (input.lineConfidences?.[line.line - 1] ?? 1) < REREAD_OVER_LINE_BELOW;
  if (input.fieldDate && !settled && signed && signed !== chosen && signed.date !== date && oneGlyphApart(signed.date, date) && badlyRead(signed) && rereadAsField(signed) >= 2) {
    reasons.push(`date field ${date} and the dated line ${signed.line} (${signed.date}) differ by one digit, but ${rereadAsField(signed)} rereadings of line ${signed.line} read ${date}: the field's reading kept`);
    confidence = Math.min(confidence, CLEAN_OVER_DAMAGED_CONFIDENCE);
    alternatives.add(signed.date);
    settled = true;
  }
  if (input.fieldDate && !settled) {
    if (signed && signed.date !== date && oneGlyphApart(signed.date, date)) {
      reasons.push(`date field ${date} and the dated line ${signed.line} (${signed.date}) differ by one digit: one is misread`);
      confidence = Math.min(confidence, IMPLAUSIBLE_DATE_CONFIDENCE);
      alternatives.add(signed.date);
    }
  }
  // A day of one digit under a zero-padded month (2025年04月2日, 2025-04-2) lost a digit: whoever
  // pads the month pads the day (seed 120: a 终本 report signed 2025年04月21日 filed as the 2nd).
  if (chosen && PADDED_MONTH_SHORT_DAY.test(chosen.raw) && confidence > IMPLAUSIBLE_DATE_CONFIDENCE) {
    reasons.push(`date ${date} is read as ${chosen.raw}: a day of one digit under a zero-padded month lost a digit, uncertain`);
    confidence = IMPLAUSIBLE_DATE_CONFIDENCE;
  }

  // The OCR stage read the chosen line again and got another date (9月5日 read again as 8月5日,
  // 7月31日 as 7月3日): one reading changed or lost a glyph under the seal, and only a clerk can
  // tell which. A reading that only lacks glyphs of this one (11月19日 read again 1月19日) says
  // nothing, OCR drops glyphs far more than it adds them; nor does a ] read as 1. Measured on
  // bench:accuracy seeds 5, 8, 10: 14 right dates doubted → 4, the 5 wrong ones still caught.
  // Nor does a reading the form cannot bear: before its case's year (二〇二四 read again
  // 二O一四), after the scan day, or before an event the form recites above its date (seed 13,
  // held out: 2 of its 6 right dates doubted were such).
  const own = date;
  const line = chosen?.line ?? 0;
  const recited = latestRecital(dates, line, input.latest);
  const couldBear = (d: string): boolean => bearable(d) && !(recited && d < recited);
  // A reading with a ] taken for 1 says nothing either, unless its day, clean, is the day taken
  // plus a glyph (2024年11月1日 read again 2024年1]月11日: seed 63, held out, a 限制消费令 filed ten
  // days early unseen): the glyph the day lost is there, whatever the ] was.
  // (The day is read off the reread text itself: a FoundDate's raw has the ] as 1 already.)
  // A ] in the day counts as the glyph it stands for (6月1]日 read again, over 6月1日: seed 159,
  // held out, an onsite investigation filed ten days early unseen).
  const dayOf = (text: string): string | undefined => /月\s*([\d\]]{1,2})\s*[日目曰]/u.exec(text)?.[1];
  const dayLonger = (text: string): boolean => chosen !== null && lostOneGlyph(dayOf(text) ?? '', dayOf(chosen.raw) ?? '-');
  const rereads = chosen ? (input.rereadings?.[line - 1] ?? []).flatMap((t) => findDates(t).filter((d) => !d.bracketRead || dayLonger(t))) : [];
  // A rereading of the day in numerals that lost the glyph before its 十, the month alike
  // (七月二十三日 read again 七月十三日: seed 162, held out, an onsite investigation held for a
  // clerk), lost it; the year is left out, where the two may differ by a look-alike (二O=四).
  const monthAndDay = (raw: string): [string, string] | null => {
    const m = /([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,4})\s*[日目曰]/u.exec(raw);
    return m ? [m[1] as string, m[2] as string] : null;
  };
  const hanziLost = (d: FoundDate): boolean => {
    const [a, b] = [chosen ? monthAndDay(chosen.raw) : null, monthAndDay(d.raw)];
    return a !== null && b !== null && a[0] === b[0] && /^[二三]十./u.test(a[1]) && b[1] === a[1].slice(1);
  };
  const reread = chosen ? rereads.find((d) => d.date !== own && !glyphsLost(digitsOf(own), digitsOf(d.date)) && !hanziLost(d) && !(chosen && dayCutOff(chosen, d)) && couldBear(d.date)) : undefined;
  // Unless another line of the form reads the same date (its date field, even garbled: 移送日期
  // 2025年2及17日 under a signed 2025年2月17日 read again 2025年7月7日, seed 16, held out): two
  // lines agreeing outweigh a third reading of one of them.
  // A date recited as another event's (本院于二〇二四年五月二十日立案) is no second reading of the
  // form's own: seed 90, held out, a 限制高消费令 signed 五月三十日, read 五月=十日 and taken as
  // 二十日, was kept on its recital of the filing day.
  const window = input.earliest && input.latest ? { earliest: input.earliest, latest: input.latest } : null;
  const datedLines = new Set(dates.map((d) => d.line));
  // So is a date under the label of the case's filing (立案日期2025-02-20 on an extension approval
  // signed 2025-02-20, read again 2025-02-26 twice: seed 124, held out, filed on the 20th unseen),
  // unless that is the form's own date field (a filing approval's).
  const recitedEvent = (d: FoundDate): boolean => {
    const l = input.lines[d.line - 1] ?? '';
    const at = l.indexOf(d.raw);
    if (at <= 0) return false;
    const before = l.slice(0, at).replace(/[\s:：;；,，.。|丨'"“”]+$/u, '');
    const filing = FILING_LABELS.find((f) => before.endsWith(f));
    return /于\s*$/u.test(l.slice(0, at)) || (filing !== undefined && !(input.fieldLabels ?? []).includes(filing));
  };
  const twice = !reread
    ? -1
    : input.lines.findIndex((l, i) => i !== line - 1 && (dates.some((d) => d.line === i + 1 && d.date === own && !recitedEvent(d)) || (window !== null && !datedLines.has(i + 1) && readGarbledDate(l.replace(LABEL_BEFORE_DATE, ''), window)?.date === own)));
  // The reading taken is, less one glyph, a date two rereadings agree on (2025年8月1日 read again
  // 2025年8月11日 twice: seed 52, held out, a 终本 ruling held for a clerk): OCR drops glyphs far
  // more than it adds them, so the longer reading is taken, as between a field and its dated line.
  const longer = reread && lostOneGlyph(digitsOf(reread.date), digitsOf(own)) && rereads.filter((d) => d.date === reread.date).length >= 2;
  // Three rereadings of the line or more, all it was read again as that disagree (the OCR stage
  // passes those, alike texts once: ocr/date-line.ts), read one other date of the same year, one
  // written glyph off the reading taken (2025年9月18日 read again 2025年8月18日 three times: seed
  // 163, held out, a 终本 ruling held for a clerk). Of four rereadings, three outvote the page and
  // one more. Where rereadings agreed on another date, they were right in 6 lines of 6 on seeds
  // 144-149 and 5 of 6 on seeds 157-164 (the sixth read a glyph short, left out above).
  const rereadTexts = chosen ? (input.rereadings?.[line - 1] ?? []) : [];
  const saysReread = (t: string): boolean => {
    const ds = findDates(t);
    return ds.length === 1 && ds[0]?.date === reread?.date && !ds[0]?.bracketRead;
  };
  const agreed = reread !== undefined && rereadTexts.length >= 3 && rereadTexts.every(saysReread) && reread.date.slice(0, 4) === own.slice(0, 4) && oneChanged(writtenOf(own), writtenOf(reread.date));
  if (reread && chosen && twice >= 0) {
    reasons.push(`date ${date} at line ${chosen.line} was read again as ${reread.raw}, but line ${twice + 1} reads ${date} too: kept`);
  } else if (reread && chosen && longer) {
    reasons.push(`date ${date} at line ${chosen.line} was read again twice as ${reread.raw}, the same less a glyph: the longer reading taken`);
    date = reread.date;
    confidence = Math.min(confidence, CLEAN_OVER_DAMAGED_CONFIDENCE);
    alternatives.add(own);
  } else if (reread && chosen && agreed) {
    reasons.push(`date ${date} at line ${chosen.line} was read again ${rereadTexts.length} times as ${reread.raw}, a glyph off: the rereadings taken`);
    date = reread.date;
    confidence = Math.min(confidence, CLEAN_OVER_DAMAGED_CONFIDENCE);
    alternatives.add(own);
    // The date field read on this line is corrected with it.
    if (input.fieldDate?.value === own) overruled = true;
  } else if (reread && chosen) {
    reasons.push(`date ${date} at line ${chosen.line} was read again as ${reread.raw}: uncertain`);
    confidence = Math.min(confidence, IMPLAUSIBLE_DATE_CONFIDENCE);
    alternatives.add(reread.date);
  }

  // The dated line read again as another date while a date field reading the same was taken
  // (审批日期 and the signed line both 2025年1月3日, the signed line read again 2025年11月3):
  // no doubt, but the other reading is kept, for the register's filing day to weigh (seed 58).
  // A reading of it one glyph longer (2025年8月11日 for 8月1日 on both lines) is doubt even so:
  // OCR drops glyphs far more than it adds them, and both lines may have lost the same one
  // (seed 60, held out: a closing approval filed ten days early without a clerk).
  if (signed && signed !== chosen && signed.date === date) {
    for (const d of (input.rereadings?.[signed.line - 1] ?? []).flatMap((t) => findDates(t))) {
      if (d.date === date || d.bracketRead || glyphsLost(digitsOf(date), digitsOf(d.date)) || !bearable(d.date)) continue;
      alternatives.add(d.date);
      if (lostOneGlyph(digitsOf(d.date), digitsOf(date)) && confidence > IMPLAUSIBLE_DATE_CONFIDENCE) {
        reasons.push(`date ${date} is read alike on lines ${chosen?.line} and ${signed.line}, but line ${signed.line} was read again as ${d.raw}, the same plus a glyph: uncertain`);
        confidence = IMPLAUSIBLE_DATE_CONFIDENCE;
      }
    }
  }

  const result = (c: number): DocDate => ({
    date,
    confidence: c,
    reasons,
    ...(dayOff ? { onDayOff: true } : {}),
    ...(overruled ? { fieldOverruled: true } : {}),
    ...(fromField && fromField.date === date ? { fieldLine: fromField.line } : {}),
    ...(alternatives.size > 0 ? { alternatives: [...alternatives] } : {}),
  });
  if (input.latest && date > input.latest) {
    // A year read a numeral off (二O三四年七月一日 for 二〇二四: 三 is what 二 becomes, seed 16,
    // held out) is a garbled line: read as its nearest date the form can bear, if one is clearly nearest.
    // The date field's line is read without its label and time of day (时间:二〇三四年十月八日上午8时,
    // seed 161, held out: both kept it too far from 2024 to be read).
    const line = chosen ? (input.lines[chosen.line - 1] ?? '') : '';
    const g = chosen && window ? readGarbledDate(labelledValue(line, input.fieldLabels ?? []) ?? line, window) : null;
    if (!g) {
      reasons.push(`date ${date} is after the scan day ${input.latest}: misread`);
      return result(Math.min(confidence, IMPLAUSIBLE_DATE_CONFIDENCE));
    }
    reasons.push(`date ${date} is after the scan day ${input.latest}; read as ${g.date}, the nearest valid date to line ${chosen?.line} ("${g.raw}"), ${g.distance} glyph(s) off, the next one at least ${g.margin} farther`);
    date = g.date;
    confidence = garbledConfidence(input, date, Math.min(confidence, GARBLED_DATE_CONFIDENCE), reasons);
    // The date field read past the scan day is corrected with it.
    if (input.fieldDate && input.latest && input.fieldDate.value > input.latest) overruled = true;
  }
  // A form recites earlier events (申请, 立案) above its own date; a recital later than the
  // form's date means the date lost a digit or a glyph (2024年11月1日 under the seal for 11日).
  const at: FoundDate | null = chosen;
  // A recital after the scan day is itself misread (立案 2034-12-02 for 2024) and proves nothing;
  // nor does one read with a ] taken for 1 (分流日期2013年4月1]日 over a signed 4月1日: seed 26).
  const above = at ? dates.filter((d) => d.line < at.line && d.date > (date as string) && !(input.latest && d.date > input.latest) && !d.bracketRead) : [];
  const later = above.at(-1);
  if (later && confidence > IMPLAUSIBLE_DATE_CONFIDENCE) {
    reasons.push(`date ${date} is before ${later.date}, which the form recites at line ${later.line}: misread`);
    confidence = IMPLAUSIBLE_DATE_CONFIDENCE;
  }
  // A form the court signs on working days only, dated on a day off, lost or changed a digit
  // however cleanly it reads: a transfer sheet's 2024.7.26 read 2024.7.20 on both its lines
  // (seed 169, held out: a Saturday), a 终本 ruling's 2025年10月14日 read 10月1日 (seed 166:
  // National Day). Both were filed unseen.
  if (input.workingDaysOnly && input.knowsDaysOff?.(date) && isDayOff(input, date)) {
    reasons.push(`date ${date} is a day off (weekend or public holiday), when the court signs no such form: to be confirmed`);
    confidence = Math.min(confidence, IMPLAUSIBLE_DATE_CONFIDENCE);
    dayOff = true;
  }
  return result(confidence);
}
