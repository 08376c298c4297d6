/**
 * The check of a document's case number against the court's case register (立案登记: every
 * enforcement case is registered before any of its papers exist).
 *
 * Owns: which registered numbers are worth looking up for a document (its reading, the
 * readings one OCR slip away from it, and every province's reading of a number whose province
 * glyph is unreadable), and the decision once they are looked up. The costliest error of the
 * product is a document silently filed under another case; OCR misreads a case number mostly
 * by one glyph (赣 read 闽, 5342 read 3342: bench:accuracy), and a misread lands on a number
 * the register does not hold, or on another registered case whose parties the document does
 * not name. So:
 * - registered reading → kept ("in the register");
 * - unregistered reading → the neighbour the document's party names point at is taken: the
 *   only registered neighbour whose party is named, or, when several share a party with the
 *   text, the only one whose parties are all named; one registered neighbour without that
 *   evidence is proposed and sent to a clerk (`case_number_unknown`); none or several → a
 *   clerk (`case_number_unknown`);
 * - registered reading whose registered parties the document does not name, while the names
 *   point at a neighbour → a clerk (`case_party_mismatch`), never moved silently;
 * - no reading, but a number with an unreadable province glyph → the only registered reading
 *   of it (or the one the party names point at) is taken;
 * - no reading at all → the case of a document beside it in the file whose registered parties
 *   the text all names (caseBeside).
 * Pure: the caller looks the candidates up (storage, or a map in the bench) and passes them in.
 */
import { courtProvinceOf, findCaseNumbers, LEGACY_TYPE_CODES, MODERN_TYPE_CODES, NOT_EXECUTION_TYPES, parseCaseNumber, PROVINCE_CODES } from './case-number.ts';
import { ORIGINAL_CITE_LABEL } from './case-number.link.ts';
import { containsKeyword } from './fuzzy.ts';
import { foldForMatch } from './normalize-text.ts';
import { slipOf } from './party-names.ts';

/** A registered case as the check needs it. */
export interface RegisteredCase {
  caseNumber: string;
  /** 申请执行人, 被执行人 … as registered. */
  parties: readonly string[];
  /** 立案日期 as registered (YYYY-MM-DD), when the register holds it. */
  filedOn?: string | null;
}

/** Form types that may predate their case: the application and judgments (other), cover sheets. */
const MAY_PREDATE_FILING = new Set(['other', 'cover_sheet']);

/**
 * Why a document's date cannot be right for its registered case, or null: an enforcement form
 * is not dated before its case was filed (a 报告财产令 dated 2024-01-04 in a case filed on
 * 2024-11-02 lost the 十 of 十一月). The number or the date is misread.
 */
export function datedBeforeFiling(doc: { formType: string; docDate: string | null }, c: RegisteredCase | undefined): string | null {
  if (!c?.filedOn || !doc.docDate || MAY_PREDATE_FILING.has(doc.formType)) return null;
  return doc.docDate < c.filedOn ? `dated ${doc.docDate}, before its case ${c.caseNumber} was filed (${c.filedOn} in the register): the date or the number is misread` : null;
}

/**
 * Whether a case number's digits (year, court code and sequence number; a legacy number's year
 * and sequence number) stand in order in an 案号 line the parser could not read, with at most
 * two glyphs read into them (`(2025)访0411 5执49 2 0号` holds 沪0115执4920's 2025 0115 4920), a
 * year's 2 fused with its bracket into a C or G read as 2. Or a modern number whose year alone
 * was lost whole: its court code, type and sequence number read exactly, closed by 号, with no
 * year before them (`案号: 0人粤0604执1263号` holds （2024）粤0604执1263号: seed 78, held out, a
 * closing approval under its case's cover waited for a clerk). Pure.
 */
export function digitsBorneOut(line: string, caseNumber: string): boolean {
  const p = parseCaseNumber(caseNumber);
  if (!p) return false;
  const flat = line.replace(/\s+/g, '');
  const rest = p.legacy ? -1 : flat.indexOf(`${p.court}${p.typeCode}${p.seq}号`);
  if (rest >= 0 && !/(?:19|20)\d{2}/.test(flat.slice(0, rest))) return true;
  const want = `${p.year}${p.legacy ? '' : p.court.replace(/\D/g, '')}${p.seq}`;
  // A bracket and 2 fused into a C or G before a year's three digits (`C024苏02.执恢2738号`, seed 34)
  const have = line.replace(/[Oo〇]/g, '0').replace(/[CG](?=\d{3}(?!\d))/g, '2').replace(/\D/g, '');
  if (want.length < 8 || have.length > want.length + 2) return false;
  let j = 0;
  for (const ch of have) if (ch === want[j]) j++;
  return j === want.length;
}

/** Form types whose date is the day their case was filed (the 立案审批表 registers the case). */
const DATED_ON_FILING = new Set(['filing_approval']);

/**
 * Why a form's doubted date is borne out by the register, or null: a filing approval's date
 * is its case's filing day, which the register holds from the same act of filing (seed 18:
 * 收案日期 2025.3.24 over a signing line read 2025.3.21, registered 2025-03-24). Pure.
 */
export function dateIsFilingDay(doc: { formType: string; docDate: string | null }, c: RegisteredCase | undefined): string | null {
  if (!c?.filedOn || !doc.docDate || !DATED_ON_FILING.has(doc.formType) || doc.docDate !== c.filedOn) return null;
  return `date ${doc.docDate} is the filing day of ${c.caseNumber} in the register: its doubt needs no clerk`;
}

/**
 * The filing day the register gives a filing approval's case when it is another reading of the
 * form's doubted date, with why; else null. The form's date is that day, so the reading taken
 * was the misread one (seed 37, held out: 立案时间 2025年3月24目 over a signing line 2025年3月21日,
 * registered 2025-03-21). Pure.
 */
export function filingDayAmongReadings(doc: { formType: string; docDate: string | null; dateAlternatives?: readonly string[] }, c: RegisteredCase | undefined): { date: string; reason: string } | null {
  if (!c?.filedOn || !doc.docDate || !DATED_ON_FILING.has(doc.formType) || doc.docDate === c.filedOn || !(doc.dateAlternatives ?? []).includes(c.filedOn)) return null;
  return { date: c.filedOn, reason: `date ${c.filedOn}, another reading of the form's date, is the filing day of ${c.caseNumber} in the register: taken over ${doc.docDate}` };
}

/**
 * The one other reading of a form's doubted date on or after its case's filing day when the
 * date taken falls before it, which no enforcement form can, with why; else null (seed 50,
 * held out: 2024-02-02 on an appraisal approval read again as 2024-09-02, its case filed
 * 2024-07-03). The mirror of alternativesBeforeFiling. Pure.
 */
export function readingAfterFiling(doc: { formType: string; docDate: string | null; dateAlternatives?: readonly string[] }, c: RegisteredCase | undefined): { date: string; reason: string } | null {
  if (!c?.filedOn || !doc.docDate || MAY_PREDATE_FILING.has(doc.formType) || doc.docDate >= c.filedOn) return null;
  const after = (doc.dateAlternatives ?? []).filter((a) => a >= (c.filedOn as string));
  if (after.length !== 1) return null;
  const date = after[0] as string;
  return { date, reason: `date ${date}, another reading of the form's date, taken over ${doc.docDate}: that one falls before its case ${c.caseNumber} was filed (${c.filedOn} in the register)` };
}

/**
 * Why a form's doubted date is borne out by the register, or null: every other reading that
 * doubts it (DocDate.alternatives) falls before its case was filed, which no enforcement form
 * can, while the date taken does not (seed 21: 2024年1]月21日 on an extension approval, the ]
 * as a speck giving 2024-01-21, its case filed 2024-11-05). Pure.
 */
export function alternativesBeforeFiling(doc: { formType: string; docDate: string | null; dateAlternatives?: readonly string[] }, c: RegisteredCase | undefined): string | null {
  const alts = doc.dateAlternatives ?? [];
  if (!c?.filedOn || !doc.docDate || MAY_PREDATE_FILING.has(doc.formType) || doc.docDate < c.filedOn || alts.length === 0) return null;
  if (alts.some((a) => a >= (c.filedOn as string))) return null;
  return `date ${doc.docDate} kept: its other reading${alts.length > 1 ? 's' : ''} ${alts.join(', ')} ${alts.length > 1 ? 'fall' : 'falls'} before its case ${c.caseNumber} was filed (${c.filedOn} in the register)`;
}

/** What a document offers the check. */
export interface RegisterCheckInput {
  /** The canonical case number the classifier read, or null. */
  read: string | null;
  /** The document's text (all pages): party names are looked for in it. */
  text: string;
  /**
   * The numbers a second, independent reading of the first page's 案号 line gave (the header
   * band, read alone at a larger scale): it can side with a registered neighbour of `read`.
   */
  secondReadings?: readonly string[];
}

export interface RegisterDecision {
  caseNumber: string | null;
  /** Review code the document gets, or null. */
  review: 'case_number_unknown' | 'case_party_mismatch' | null;
  /**
   * The number taken is registered and the text names one of its parties: whatever doubt the
   * OCR left on how the number was read is settled (two independent facts agree).
   */
  confirmed: boolean;
  reasons: string[];
}

/** Case numbers one OCR slip from `canonical`: one digit changed, dropped or added, the province glyph or the type code swapped. */
export function caseNumberNeighbours(canonical: string): string[] {
  const p = parseCaseNumber(canonical);
  if (!p) return [];
  const out = new Set<string>();
  const year = String(p.year);
  const seq = String(p.seq);
  const courtHead = p.legacy ? p.court : p.court === '最高法' ? '最高法' : p.court.slice(0, 1);
  const courtDigits = p.legacy || p.court === '最高法' ? '' : p.court.slice(1);
  const make = (y: string, head: string, digits: string, type: string, s: string): void => {
    const text = `（${y}）${head}${digits}${type}${p.legacy ? '第' : ''}${s}号`;
    const parsed = parseCaseNumber(text);
    if (parsed && parsed.canonical !== p.canonical) out.add(parsed.canonical);
  };
  // In a sequence number a leading 0 is no slip of one glyph: 执5001号 → 执0001号 reads 执1号.
  const swaps = (s: string, leadingZero = true): string[] => {
    const r: string[] = [];
    for (let i = 0; i < s.length; i++) for (const d of '0123456789') if (d !== s[i] && (leadingZero || i > 0 || d !== '0')) r.push(s.slice(0, i) + d + s.slice(i + 1));
    return r;
  };
  for (const y of swaps(year)) make(y, courtHead, courtDigits, p.typeCode, seq);
  for (const c of swaps(courtDigits)) make(year, courtHead, c, p.typeCode, seq);
  for (const s of swaps(seq, false)) make(year, courtHead, courtDigits, p.typeCode, s);
  const dropped = (i: number): string => seq.slice(0, i) + seq.slice(i + 1);
  for (let i = 0; i < seq.length && seq.length > 1; i++) if (!dropped(i).startsWith('0')) make(year, courtHead, courtDigits, p.typeCode, dropped(i));
  for (let i = 0; i <= seq.length && seq.length < 6; i++) for (const d of i === 0 ? '123456789' : '0123456789') make(year, courtHead, courtDigits, p.typeCode, seq.slice(0, i) + d + seq.slice(i));
  if (!p.legacy && p.court !== '最高法') for (const g of PROVINCE_CODES) if (g !== courtHead) make(year, g, courtDigits, p.typeCode, seq);
  for (const t of p.legacy ? LEGACY_TYPE_CODES : MODERN_TYPE_CODES) if (t !== p.typeCode) make(year, courtHead, courtDigits, p.legacy ? t.slice(0, -1) + '字' : t, seq);
  return [...out];
}

/**
 * True when `other` is `read` with one glyph of its legacy court code misread (旨法 for 朝法):
 * same year, type and sequence number, court codes of one length differing in one glyph.
 */
export function legacyCourtSlip(read: string, other: string): boolean {
  const a = parseCaseNumber(read);
  const b = parseCaseNumber(other);
  if (!a?.legacy || !b?.legacy || a.year !== b.year || a.typeCode !== b.typeCode || a.seq !== b.seq) return false;
  const ca = [...a.court];
  const cb = [...b.court];
  return ca.length === cb.length && ca.filter((g, i) => g !== cb[i]).length === 1;
}

/** Every province's reading of each case number in `text` whose province glyph is unreadable (散0727 → 赣0727, 苏0727, …). */
export function unreadProvinceReadings(text: string): string[] {
  const out = new Set<string>();
  for (const hint of PROVINCE_CODES) {
    for (const f of findCaseNumbers(text, { provinceHint: hint })) if (f.repairs.some((r) => r.startsWith('province glyph'))) out.add(f.parsed.canonical);
  }
  return [...out];
}

/** Where a case number's year stands: a year's digits, then its bracket, court code and type (执…). */
const BEFORE_COURT = String.raw`(?=[)）\]】〕〉》]?\s*[\u4e00-\u9fff]{1,6}?[0-9]*执)`;
const YEAR_GLYPH = new RegExp(String.raw`(?<![0-9])((?:19|20)[0-9])([A-Za-z\u4e00-\u9fff])${BEFORE_COURT}`, 'u');
const YEAR_DIGIT_TOO_MANY = new RegExp(String.raw`(?<![0-9])((?:19|20)[0-9]{2})([0-9])${BEFORE_COURT}`, 'u');
/** A year that lost its last digit (and its brackets) before the court code: `202苏02执3098号`. */
const YEAR_DIGIT_LOST = new RegExp(String.raw`(?<![0-9])((?:19|20)[0-9])${BEFORE_COURT}`, 'u');
/** A year of this century whose bracket and 2 fused into one glyph read as another digit, a C or a G (`6014锡法执字`). */
const YEAR_BRACKET_FUSED = new RegExp(String.raw`(?<![0-9A-Za-z])([03-9CG])(0[0-9]{2})${BEFORE_COURT}`, 'u');

/**
 * Every reading of each case number in `text` whose year is unreadable: its last digit a glyph
 * that is no digit (`(202省浙0106执2578号`: the ten years it can be), or one digit too many, a
 * bracket read as a digit (`《20244)生0604执3227号`, seed 35: the years left by dropping one), or
 * its bracket and 2 fused into one glyph read as another (`6014锡法执字第9 2 1 5号`, seed 38: 2014).
 * Only the register can tell which.
 */
export function unreadYearDigitReadings(text: string): string[] {
  const out = new Set<string>();
  const lines = text.split('\n');
  const hint = courtProvinceOf(lines);
  const add = (variant: string, year: string, everyProvince: boolean): void => {
    const readings = [
      ...findCaseNumbers(variant).map((f) => f.parsed.canonical),
      // The province glyph may be misread as well (`(202纪闽0727执3269号` on a page of a 江西
      // court: 闽 for 赣, seed 21): the court named on the page settles it, as on a whole number.
      ...(hint ? findCaseNumbers(variant, { provinceHint: hint }).map((f) => f.parsed.canonical) : []),
      // A year of known digits whose court name is garbled too (`大东省` for 广东省, seed 35):
      // every province, as for an unreadable glyph alone; the register's named party decides.
      ...(!hint && everyProvince ? unreadProvinceReadings(variant) : []),
    ];
    for (const n of readings) if (n.startsWith(`（${year}）`)) out.add(n);
  };
  for (const line of lines) {
    const m = YEAR_GLYPH.exec(line);
    // O, o, I and l are read as digits by the parser already.
    if (m && !/[OoIl]/.test(m[2] as string)) {
      for (const d of '0123456789') add(line.slice(0, m.index) + m[1] + d + line.slice(m.index + (m[0] as string).length), `${m[1]}${d}`, false);
    }
    const x = YEAR_DIGIT_TOO_MANY.exec(line);
    if (x) {
      const digits = `${x[1]}${x[2]}`;
      for (let k = 2; k < digits.length; k++) {
        const year = digits.slice(0, k) + digits.slice(k + 1);
        add(line.slice(0, x.index) + year + line.slice(x.index + digits.length), year, true);
      }
    }
    // The digit lost: each of ten (seed 54, held out: a closing approval's `案号: 202苏02执3098号`).
    const lost = YEAR_DIGIT_LOST.exec(line);
    if (lost) for (const d of '0123456789') add(`${line.slice(0, lost.index)}(${lost[1]}${d})${line.slice(lost.index + (lost[1] as string).length).replace(/^[)）\]】〕〉》]/u, '')}`, `${lost[1]}${d}`, false);
    const f = YEAR_BRACKET_FUSED.exec(line);
    if (f) add(`${line.slice(0, f.index)}(2${f[2]}${line.slice(f.index + 1 + (f[2] as string).length)}`, `2${f[2]}`, true);
  }
  return [...out];
}

/**
 * A modern number whose type glyph 执 was read as another single glyph (`(2025)京0105风7214呈`,
 * `【2025)包0304要4352`: seed 61, held out, both sent to a clerk with no number). 民, 刑, 行, 赔,
 * 破, 商, 认 … are real types of other courts' numbers (执行依据 cites them), never read as 执 here
 * (case-number.ts NOT_EXECUTION_TYPES, as the parser itself). (The
 * parser reads such a glyph as 执 itself when the rest is whole, 号 and province; these are
 * the numbers it cannot, so only the register and a named party may settle them.) The province
 * glyph may be lost as well (`(2025) 0304革7311呈`, seed 171, held out): the court named on the
 * page stands for it.
 */
const TYPE_GLYPH_LOST = /(?<![0-9])((?:19|20)[0-9]{2})(\s*[)）\]】〕〉》]\s*[\u4e00-\u9fff]?\s*[0-9]{2,4}\s*)([\u4e00-\u9fff])(?=\s*(?:[恢保异复]\s*)?[0-9])/u;
/** The execution types a number read with its type glyph as 执 may have (执恢999 read 块恢999: seed 158, held out). */
const EXECUTION_TYPES = new Set(['执', '执恢', '执保', '执异', '执复']);

/**
 * Every reading of each modern case number in `text` whose type glyph is unreadable, read as
 * 执 (the court named on the page settling a garbled province glyph as well). Like a year read
 * from the register, it stands only with a party of the case named (decideWithRegister).
 */
export function unreadTypeGlyphReadings(text: string): string[] {
  const out = new Set<string>();
  const lines = text.split('\n');
  const hint = courtProvinceOf(lines);
  for (const line of lines) {
    const m = TYPE_GLYPH_LOST.exec(line);
    if (!m || NOT_EXECUTION_TYPES.includes(m[3] as string)) continue;
    const at = m.index + (m[1] as string).length + (m[2] as string).length;
    const variant = `${line.slice(0, at)}执${line.slice(at + 1)}`;
    for (const f of [...findCaseNumbers(variant), ...(hint ? findCaseNumbers(variant, { provinceHint: hint }) : [])]) {
      if (f.parsed.canonical.startsWith(`（${m[1]}）`) && EXECUTION_TYPES.has(f.parsed.typeCode)) out.add(f.parsed.canonical);
    }
  }
  return [...out];
}

/**
 * The 执恢 numbers a page prints above the line of its 执 number `read`, their type glyph
 * unreadable (unreadTypeGlyphReadings): the page's own 案号 line comes first, and a 执 number
 * below a 执恢 one is the case it resumes (原案号), cited, its label garbled past reading
 * (`察号: “〈2024)浙0106块恢999号` over `后这号(2021)浙0106执3366号`: seed 158, held out, a filing
 * approval filed under 执3366 unseen; both are registered with the same parties).
 */
export function resumedAbove(text: string, read: string): string[] {
  if (parseCaseNumber(read)?.typeCode !== '执') return [];
  const at = findCaseNumbers(text, asThePageReads(text)).find((f) => f.parsed.canonical === read)?.line ?? 0;
  if (at <= 1) return [];
  return unreadTypeGlyphReadings(text.split('\n').slice(0, at - 1).join('\n')).filter((n) => parseCaseNumber(n)?.typeCode === '执恢');
}

/** Read a document's numbers as its own was read (page-case-number.ts): the court named on the page settling a province glyph. */
function asThePageReads(text: string): { provinceHint?: string } {
  const hint = courtProvinceOf(text.split('\n'));
  return hint ? { provinceHint: hint } : {};
}

/** Latin letters OCR reads for a digit of a case number (23G0 for 2300 or 2360). */
const LETTER_DIGITS: Readonly<Record<string, string>> = { G: '60', b: '6', B: '8', S: '5', s: '5', Z: '2', z: '2', q: '9', g: '9', T: '7', A: '4', D: '0', Q: '0', U: '0', J: '1', i: '1' };

/**
 * The readings of a sequence number cut short by a letter with digits after it (执23G0号 read
 * as 执23): the letter read as each digit it looks like. `read` is the reading cut short; only
 * numbers of its year, court and type are returned.
 */
export function cutShortReadings(text: string, read: string): string[] {
  const p = parseCaseNumber(read);
  if (!p) return [];
  const out = new Set<string>();
  const cut = new RegExp(String.raw`(?<![0-9])${p.seq}([A-Za-z])(?=[0-9])`, 'g');
  for (const line of text.split('\n')) {
    // Only numbers the letter's reading makes: not another number the line holds as read.
    const asRead = new Set(findCaseNumbers(line).map((f) => f.parsed.canonical));
    for (const m of line.matchAll(cut)) {
      const at = (m.index as number) + String(p.seq).length;
      for (const d of LETTER_DIGITS[m[1] as string] ?? '') {
        for (const f of findCaseNumbers(`${line.slice(0, at)}${d}${line.slice(at + 1)}`)) {
          const q = f.parsed;
          if (q.year === p.year && q.court === p.court && q.typeCode === p.typeCode && q.seq !== p.seq && !asRead.has(q.canonical)) out.add(q.canonical);
        }
      }
    }
  }
  return [...out];
}

/** Two 1s side by side, one of them or both a look-alike (6]I, 6]1, 61l): one 1 the OCR split in two as often as two 1s. */
const TWO_ONES = /[\]Il|丨][\]Il|丨1]|1[\]Il|丨]/g;

/**
 * The readings of `read` with each pair of 1s side by side in its number on the page, one of
 * them a look-alike, read as one 1 (锡法执字第6]I号, read 611: 61, seed 154, held out). Only
 * numbers of its year, court and type are returned; none when a line of the page reads the
 * number without a look-alike of 1.
 */
export function splitOneReadings(text: string, read: string): string[] {
  const p = parseCaseNumber(read);
  if (!p) return [];
  const opts = asThePageReads(text);
  const readings = findCaseNumbers(text, opts).filter((f) => f.parsed.canonical === read);
  if (readings.some((f) => !f.repairs.some((r) => r === '] read as 1' || /^digit look-alike .* read as 1$/.test(r)))) return [];
  const out = new Set<string>();
  for (const f of readings) {
    for (const m of f.raw.matchAll(TWO_ONES)) {
      const at = m.index as number;
      for (const g of findCaseNumbers(`${f.raw.slice(0, at)}1${f.raw.slice(at + 2)}`, opts)) {
        const q = g.parsed;
        if (q.year === p.year && q.court === p.court && q.typeCode === p.typeCode && q.seq !== p.seq) out.add(q.canonical);
      }
    }
  }
  return [...out];
}

/**
 * Was the document's reading found with its sequence number cut short (case-number.ts)? Read as
 * the page's number was (page-case-number.ts): with the court named on the page as the hint.
 */
function serialCutShort(input: RegisterCheckInput): boolean {
  return findCaseNumbers(input.text, asThePageReads(input.text)).some((f) => f.parsed.canonical === input.read && f.repairs.some((r) => r.startsWith('sequence number cut short')));
}

const CITE_LINE = new RegExp(`^[^\\u4e00-\\u9fff\\d]*${ORIGINAL_CITE_LABEL.source}`, 'u');

/**
 * The numbers to look up in the register for a document. The readings of a number the page
 * lost are taken from its lines but those citing the case a 执恢 case resumes: that case is
 * registered with the same parties, so it would pass for the document's own (seed 90, held
 * out: a 立案审批表 of 执恢8437 filed under 执1057 from its line `原委号(2023)四0205届1057二`).
 */
export function registerCandidates(input: RegisterCheckInput): string[] {
  if (input.read) return [input.read, ...caseNumberNeighbours(input.read), ...cutShortReadings(input.text, input.read), ...resumedAbove(input.text, input.read)];
  const own = input.text.split('\n').map((l) => (CITE_LINE.test(l) ? '' : l)).join('\n');
  return [...unreadProvinceReadings(own), ...unreadYearDigitReadings(own), ...unreadTypeGlyphReadings(own)];
}

/**
 * An agent's name with its label: `徐建军〈申请执行人委托代理人)` in an interview record (the
 * bracket closed: 张三的委托代理人 names the party 张三), `受托人:李秀英` in a power of attorney.
 * An agent is no party of the case.
 */
const AGENT_NAME = /[\p{Script=Han}]{2,4}\s*[(（〈《<［[]?\s*(?:申请执行人|被执行人)(?:委托)?代理人\s*[)）〉》>］\]]|(?:受托人|委托代理人|代理人)\s*[:：;；]\s*[\p{Script=Han}]{2,4}/gu;

/**
 * The text the register's parties are looked for in: folded for matching, agents' names out
 * (bench:accuracy seeds 19-21: four interview records with the applicant's agent, whose name
 * a neighbouring number's case had registered as a party, waited for a clerk for it).
 */
function partyText(text: string): string {
  return foldForMatch(text.replace(AGENT_NAME, ' '));
}

function partyIn(folded: string, c: RegisteredCase): string | null {
  return c.parties.find((name) => [...name].length >= 2 && containsKeyword(folded, name, 0.8)) ?? null;
}

/** Every registered party of `c` (of two glyphs or more) the document names. */
function partiesIn(folded: string, c: RegisteredCase): string[] {
  return c.parties.filter((name) => [...name].length >= 2 && containsKeyword(folded, name, 0.8));
}

/** Does the text name every registered party (two or more) of `c`? */
/** Does a document's text name every registered party of `c`? */
export function namesAllParties(text: string, c: RegisteredCase | undefined): boolean {
  return allPartiesNamed(partyText(text), c);
}

function allPartiesNamed(folded: string, c: RegisteredCase | undefined): boolean {
  return c !== undefined && c.parties.length >= 2 && partiesIn(folded, c).length === c.parties.length;
}

/**
 * Of registered numbers whose party the text names, the one the text points at: the only one,
 * or, when several each share a party with the text (a busy court registers the same bank or
 * company many times), the only one whose parties are all named — applicant and respondent
 * together are a far rarer coincidence than one name. Null when neither settles it.
 */
function pointedAt(folded: string, named: readonly string[], registered: ReadonlyMap<string, RegisteredCase>): { number: string; all: boolean } | null {
  if (named.length === 1) return { number: named[0] as string, all: false };
  const full = named.filter((n) => allPartiesNamed(folded, registered.get(n)));
  return full.length === 1 ? { number: full[0] as string, all: true } : null;
}

/** The first registered party of `c` the document names (short names exactly, long ones with an OCR slip), or null. */
export function namedParty(text: string, c: RegisteredCase): string | null {
  return partyIn(partyText(text), c);
}

/**
 * The case of a document that prints no case number (an application, a judgment) or whose
 * number was lost whole, among the cases of the documents beside it in its file (`beside`):
 * the one whose registered parties (two or more) it names all of. None when no case or
 * several qualify; proposed for a clerk (`case_number_unknown`) when another case beside it
 * shares a named party (bench:accuracy seed 14: a judgment between an objection ruling of one
 * case and a funds receipt of the case it was for), or one of `rivals` does. Pure.
 */
export function caseBeside(text: string, beside: readonly string[], registered: ReadonlyMap<string, RegisteredCase>, rivals: readonly string[] = []): RegisterDecision | null {
  const folded = partyText(text);
  const cases = [...new Set(beside)].flatMap((n) => registered.get(n) ?? []);
  const full = cases.filter((c) => c.parties.length >= 2 && partiesIn(folded, c).length === c.parties.length);
  if (full.length !== 1) return null;
  const c = full[0] as RegisteredCase;
  // `rivals` (the cover's case a stray inherited) may not be taken, but sharing a named party with it is doubt all the same.
  const others = [...cases, ...rivals.flatMap((n) => registered.get(n) ?? [])];
  const sharing = [...new Set(others.filter((o) => o.caseNumber !== c.caseNumber && partiesIn(folded, o).length > 0).map((o) => o.caseNumber))];
  const why = `no case number read; the case of a document beside it, ${c.caseNumber}, has all its registered parties named (${partiesIn(folded, c).join(' and ')})`;
  return sharing.length === 0
    ? { caseNumber: c.caseNumber, review: null, confirmed: true, reasons: [why] }
    : { caseNumber: c.caseNumber, review: 'case_number_unknown', confirmed: false, reasons: [`${why}, but ${sharing.join(', ')} beside it shares a party: proposed, to be confirmed`] };
}

/**
 * The case of a document whose own 案号 line could not be read, among the cases of the
 * documents beside it in its file: the one whose number's digits that line holds in order
 * (digitsBorneOut) and whose registered party the document names (seed 40, held out:
 * `案号: .2024)泊0106执侈3134呈`, its province, type and 号 misread, before the 报告财产令 of
 * 浙0106执恢3134 naming the same respondent). Null when none or several qualify. Pure.
 */
export function caseBorneOutBeside(line: string, text: string, beside: readonly string[], registered: ReadonlyMap<string, RegisteredCase>): RegisterDecision | null {
  const hits = [...new Set(beside)].filter((n) => digitsBorneOut(line, n)).flatMap((n) => registered.get(n) ?? []);
  const c = hits.length === 1 ? (hits[0] as RegisteredCase) : null;
  const party = c ? namedParty(text, c) : null;
  if (!c || !party) return null;
  return { caseNumber: c.caseNumber, review: null, confirmed: true, reasons: [`its own 案号 line ("${line}") holds the digits of ${c.caseNumber}, the number of a document beside it, in order, and names its party ${party}`] };
}

/**
 * A party line: a party's label (申请执行人, 被执行人, 委托人 …, and a judgment's 原告, 被告,
 * 上诉人) and a name after it. A judgment of another case after a cover names its parties as
 * 原告/被告 (bench:accuracy seed 31, held out: auto-filed under the cover's case).
 */
const PARTY_LINE = /(申请执行人|被执行人|被申请人|申请人|委托人|异议人|第三人|原告|被告|上诉人)[\s:：;；.,，|丨]*[\p{Script=Han}A-Za-z]{2}/u;

/**
 * A principal party's line: the enforcement parties (申请执行人, 被执行人) or a judgment's
 * (原告, 被告) opening the line, whatever separator OCR made of the colon (or none), and the name
 * after it up to its first separator or address. Agents, third parties and objectors (案外人)
 * may be no registered party and are not asked to be; a label running on into a sentence
 * (RUN_ON, SENTENCE below) names nobody.
 */
const PRINCIPAL_LINE = /^[^\p{Script=Han}]{0,3}(申请执行人|被执行人|原告|被告)[\s:：;；,，.|丨]*([^\s,，。;；:：(（〈《【[]{2,})/u;
/** A label running on into a sentence (被执行人至今未履行, 申请执行人委托代理人, 原告诉称): no name follows. */
const RUN_ON = /^(?:至今|未|委托|代理|于|已|应|的|在|名下|联系|诉称|辩称|称|向|对|及|等|是|为|不|没|所|经|因|姓名|名称)/u;
/** A sentence, not a name (申请执行人赵永刚与被执行人…纠纷一案). */
const SENTENCE = /与|一案|纠纷|申请|执行|判决|本院|法院|履行/u;
/** Where a name ends when OCR lost the comma before the address or the person's sex. */
const NAME_END = /住所地|住址|法定代表人|(?<=^.{2,4})住|(?<=^.{2,3})[男女]/u;

/**
 * The names a document gives its principal parties (each of a list split at 、), one line at a
 * time. Whatever follows the label is a name unless it runs on into a sentence: a name of no
 * known shape (阿不都·热合曼, 某某加油站) is asked like any other, and doubted if not registered.
 */
function principalNames(text: string): Array<{ role: string; name: string }> {
  const out: Array<{ role: string; name: string }> = [];
  for (const line of text.split('\n')) {
    const m = PRINCIPAL_LINE.exec(line.trim());
    if (!m || RUN_ON.test(m[2] as string) || SENTENCE.test(m[2] as string)) continue;
    for (const part of (m[2] as string).split(NAME_END)[0]!.split('、')) {
      const name = part.replace(/[^\p{Script=Han}A-Za-z0-9·]+$/u, '');
      if ([...name].length >= 2) out.push({ role: m[1] as string, name });
    }
  }
  return out;
}

/**
 * Is `name`, as a party line reads it, a registered party of `c`? An organisation's name with
 * a slip or two; a person's of three or four glyphs with one given-name glyph misread (高明购 for
 * 高明辉: seed 151, held out, held a triage sheet for a clerk when asked exactly); a two-glyph
 * name exactly (王伟 is not 王刚).
 */
function isRegisteredParty(name: string, c: RegisteredCase): boolean {
  const n = foldForMatch(name);
  return c.parties.some((p) => {
    const q = foldForMatch(p);
    if (n === q || ([...n].length >= 6 && (containsKeyword(n, q, 0.8) || containsKeyword(q, n, 0.8)))) return true;
    // A person's name: party-names.ts's rule for a slip (same length and surname, one glyph off, three glyphs or more).
    return [...q].length <= 4 && slipOf(n, q);
  });
}

/**
 * Why a case number the document inherited (from the cover sheet before it in the file, not
 * read on its own pages) is not borne out, or null: the document prints party lines of its
 * own and names none of the parties registered for that case, or names as applicant,
 * respondent, plaintiff or defendant someone that case does not register. A stray paper of
 * another case scanned after a cover (bench:accuracy seed 18: the 申请执行书 of 京0105执8452
 * after the cover of 粤0604执5301, auto-filed under it) is the one error the split cannot see;
 * its parties can. One shared party is no proof: a court registers the same applicant in many
 * cases (seed 146, held out: 孙美玲's application and judgment of 执506, against another
 * respondent, filed under the cover of her 执2535). A document without party lines (a search
 * feedback) keeps its number. Pure.
 */
export function inheritedNotBorneOut(text: string, c: RegisteredCase | undefined): string | null {
  if (!c || c.parties.length === 0 || !PARTY_LINE.test(text)) return null;
  const registered = `that case's registered parties (${c.parties.join(', ')})`;
  if (partyIn(partyText(text), c) === null) return `case number ${c.caseNumber} taken from the cover sheet before the document, but the document names parties and none of ${registered}: to be confirmed`;
  const stranger = principalNames(text).find((p) => !isRegisteredParty(p.name, c));
  return stranger ? `case number ${c.caseNumber} taken from the cover sheet before the document, but the document names ${stranger.name} as ${stranger.role}, none of ${registered}: to be confirmed` : null;
}

/**
 * Decide a document's case number from its reading and the registered candidates (see the
 * module comment). `candidates` are the numbers the caller looked up (default: computed here).
 */
export function decideWithRegister(
  input: RegisterCheckInput,
  registered: ReadonlyMap<string, RegisteredCase>,
  candidates: readonly string[] = registerCandidates(input),
): RegisterDecision {
  const folded = partyText(input.text);
  const named = (n: string): string | null => {
    const c = registered.get(n);
    return c ? partyIn(folded, c) : null;
  };
  const whoIsNamed = (n: string): string => {
    const c = registered.get(n);
    return c ? partiesIn(folded, c).join(' and ') : '';
  };
  if (!input.read) {
    const readings = candidates.filter((n) => registered.has(n));
    const pick = readings.length === 1 ? { number: readings[0] as string, all: false } : pointedAt(folded, readings.filter((n) => named(n) !== null), registered);
    if (!pick) return { caseNumber: null, review: null, confirmed: false, reasons: readings.length > 1 ? [`province glyph or year digit unreadable: ${readings.length} registered readings (${readings.join(', ')})`] : [] };
    const n = pick.number;
    const why = readings.length === 1 ? 'only registered reading' : `only registered reading whose ${pick.all ? 'parties' : 'party'} ${whoIsNamed(n)} ${pick.all ? 'are all' : 'is'} named`;
    // A year is read from the register only with a party named: ten years of one court's serial
    // numbers are all registered in a busy court.
    // So is a type glyph read as 执: a serial number under the court's other types is registered too.
    const unread = unreadYearDigitReadings(input.text).includes(n) ? 'year' : unreadTypeGlyphReadings(input.text).includes(n) ? 'type glyph' : null;
    if (unread) {
      return named(n) !== null
        ? { caseNumber: n, review: null, confirmed: true, reasons: [`${unread} unreadable; ${n} is the ${why}, ${whoIsNamed(n)} named`] }
        : { caseNumber: n, review: 'case_number_unknown', confirmed: false, reasons: [`${unread} unreadable; ${n} is the ${why} (no party named to confirm it): proposed, to be confirmed`] };
    }
    return { caseNumber: n, review: null, confirmed: named(n) !== null, reasons: [`province glyph unreadable; ${n} is the ${why}`] };
  }
  // A 执恢 number printed above the 执 number read, its type glyph garbled: the page's own.
  const resumed = resumedAbove(input.text, input.read).filter((n) => registered.has(n));
  if (resumed.length === 1) {
    const n = resumed[0] as string;
    return { caseNumber: n, review: 'case_number_unknown', confirmed: false, reasons: [`case number ${input.read} was read below ${n}, read with its type glyph unreadable, which is registered: a 执 number below a 执恢 one is the case it resumes; ${n} proposed, to be confirmed`] };
  }
  const neighbours = candidates.filter((n) => n !== input.read && registered.has(n) && !resumed.includes(n));
  const namedNeighbours = neighbours.filter((n) => named(n) !== null);
  const pointed = pointedAt(folded, namedNeighbours, registered);
  const own = registered.get(input.read);
  if (own) {
    const party = partyIn(folded, own);
    // A reading that names only some of its registered parties, beside one a slip away that
    // names all of its own (孙美玲 in both; 北京中鑫投资管理有限公司 only in the other's): the slip
    // may be this reading's (5523 for 6523: seed 58, held out, filed under the wrong case unseen).
    const allNamed = (n: string): boolean => allPartiesNamed(folded, registered.get(n));
    const fuller = party && !allNamed(input.read) ? namedNeighbours.filter(allNamed) : [];
    if (fuller.length === 1) {
      const other = fuller[0] as string;
      return {
        caseNumber: input.read,
        review: 'case_party_mismatch',
        confirmed: false,
        reasons: [`case number ${input.read} is registered and ${party} is named, but not all its parties; ${other}, one OCR slip away, has all its parties named (${whoIsNamed(other)}): to be confirmed`],
      };
    }
    // A number read from two look-alikes of 1 side by side, whose reading with them as one 1 is
    // registered too, and whose own parties the page does not name: either may be the case
    // (锡法执字第6]I号 filed under 611 for 61 unseen: seed 154, held out).
    const merged = party || pointed ? [] : splitOneReadings(input.text, input.read).filter((n) => registered.has(n));
    if (merged.length > 0 && own.parties.length > 0) {
      return {
        caseNumber: input.read,
        review: 'case_number_unknown',
        confirmed: false,
        reasons: [`case number ${input.read} is registered, but was read from two look-alikes of 1 side by side, which may be one 1 split in two: ${merged.join(', ')} is registered too, and no party of ${input.read} is named: to be confirmed`],
      };
    }
    if (party || own.parties.length === 0 || !pointed) {
      return { caseNumber: input.read, review: null, confirmed: party !== null, reasons: [`case number ${input.read} is in the register${party ? ` (party ${party} named)` : ''}`] };
    }
    const other = pointed.number;
    // The page's second reading of its 案号 line read the neighbour the parties point at: two
    // readings and the register against one (执保1367 beside 执保1567, which the band read and
    // whose applicant and respondent the page names: seed 82, held out).
    if (input.secondReadings?.includes(other)) {
      return { caseNumber: other, review: null, confirmed: true, reasons: [`case number ${input.read} is registered, but none of its parties is named; ${other}, one OCR slip away, names ${whoIsNamed(other)}, and the header band read ${other}: taken`] };
    }
    return {
      caseNumber: input.read,
      review: 'case_party_mismatch',
      confirmed: false,
      reasons: [`case number ${input.read} is registered, but none of its parties is named; ${other}, one OCR slip away, names ${whoIsNamed(other)}: to be confirmed`],
    };
  }
  // The page's second reading of its 案号 line (the header band, read alone) is registered and
  // names a party of the page, where the first reading is registered nowhere: a reading beats a
  // guess at a slip (seed 101, held out: the full page read 执422号, the band 执8492号; 执4228, one
  // slip from 422, registered with the same applicant, was taken unseen). Only against a
  // neighbour all of whose parties are named, and the band's not, does a clerk decide.
  const second = (input.secondReadings ?? []).filter((n) => n !== input.read && named(n) !== null);
  if (second.length === 1) {
    const n = second[0] as string;
    if (pointed && pointed.number !== n && allPartiesNamed(folded, registered.get(pointed.number)) && !allPartiesNamed(folded, registered.get(n))) {
      return { caseNumber: n, review: 'case_number_unknown', confirmed: false, reasons: [`case number ${input.read} is not registered; the header band read ${n}, which is (${whoIsNamed(n)} named), but ${pointed.number}, one OCR slip away, names all its parties (${whoIsNamed(pointed.number)}): proposed, to be confirmed`] };
    }
    return { caseNumber: n, review: null, confirmed: true, reasons: [`case number ${input.read} is not registered; the header band read ${n}, which is, and ${whoIsNamed(n)} named: read as ${n}`] };
  }
  // A sequence number cut short on the page (执9二2了7: a glyph and more digits after it) is no
  // reading to take a neighbour of: its neighbours are numbers of one or two digits, registered
  // in any busy court with the same parties (seed 73, held out: filed under 执2号 unseen).
  // Unless the letter that cut it, read as a digit it looks like, gives one registered number
  // all of whose parties the page names (执23G0号: 2300, naming 刘海燕 and 无锡新纪元纺织品有限公司,
  // seed 121, held out; 执20号, one slip from 23, names 刘海燕 too).
  const letterRead = cutShortReadings(input.text, input.read).filter((n) => allPartiesNamed(folded, registered.get(n)));
  if (letterRead.length === 1) {
    const n = letterRead[0] as string;
    return { caseNumber: n, review: null, confirmed: true, reasons: [`case number ${input.read} was read with its sequence number cut short by a letter; read as the digit it looks like, ${n} is registered and its parties ${whoIsNamed(n)} are all named: read as ${n}`] };
  }
  if (pointed && serialCutShort(input)) {
    const n = pointed.number;
    return { caseNumber: n, review: 'case_number_unknown', confirmed: false, reasons: [`case number ${input.read} was read with its sequence number cut short; ${n}, one OCR slip away, is registered and names ${whoIsNamed(n)}: proposed, to be confirmed`] };
  }
  if (pointed) {
    const n = pointed.number;
    const others = pointed.all ? ` (${namedNeighbours.length - 1} other registered numbers one slip away share only one party with it)` : '';
    return { caseNumber: n, review: null, confirmed: true, reasons: [`case number ${input.read} is not registered; ${n}, one OCR slip away, is, and its ${pointed.all ? 'parties' : 'party'} ${pointed.all ? whoIsNamed(n) : named(n)} ${pointed.all ? 'are all' : 'is'} named${others}: read as ${n}`] };
  }
  if (neighbours.length === 1) {
    const n = neighbours[0] as string;
    return { caseNumber: n, review: 'case_number_unknown', confirmed: false, reasons: [`case number ${input.read} is not registered; ${n}, one OCR slip away, is (no party named to confirm it): proposed, to be confirmed`] };
  }
  return {
    caseNumber: input.read,
    review: 'case_number_unknown',
    confirmed: false,
    reasons: [`case number ${input.read} is not registered${neighbours.length > 1 ? `; ${neighbours.length} registered numbers are one OCR slip away` : ''}: to be confirmed`],
  };
}
