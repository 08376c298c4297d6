/**
 * Case-number (案号) parser and normaliser.
 *
 * Owns the grammar of enforcement case numbers, both the 2016+ form `（2024）苏0205执1234号`
 * and the legacy form `（2012）曲中法执字第66号`, the repair of OCR noise in them, validation,
 * and the canonical spelling every other part of the system uses (full-width parentheses, no
 * spaces, ending in 号). Pure: imports only sibling pure modules; never storage, queue, api,
 * sharp, tesseract or node:fs. The compaction of a line that comes first, with its bracket and
 * speck repairs, is in case-number.compact.ts.
 *
 * Only enforcement-related type codes are recognised on purpose: a dossier cites the judgement
 * it enforces (`…民初…号`), and that number must never be mistaken for the case's own number.
 */
import { compactForScan, dropLead, type Compacted } from './case-number.compact.ts';

/** A parsed, validated case number. */
export interface ParsedCaseNumber {
  /** e.g. `（2024）苏0205执1234号`, `（2012）曲中法执字第66号`. */
  canonical: string;
  year: number;
  /** 法院代字: `苏0205`, `苏02`, `苏`, `最高法`, or a legacy abbreviation like `锡法`. */
  court: string;
  /** 类型代字: `执`, `执恢`, … or a legacy `执字`, `执恢字`, …. */
  typeCode: string;
  seq: number;
  legacy: boolean;
}

/** One case number found in a text. `line` is 1-based; `confidence` is 0–1. */
export interface FoundCaseNumber {
  parsed: ParsedCaseNumber;
  /** The text as it appeared (spaces and OCR noise included). */
  raw: string;
  line: number;
  confidence: number;
  /** Repairs applied, in English (e.g. "digit look-alike O read as 0"). */
  repairs: string[];
}

/** Province names as court names print them → the abbreviation that opens their case numbers. */
export const PROVINCE_NAMES: Readonly<Record<string, string>> = {
  北京: '京', 天津: '津', 上海: '沪', 重庆: '渝', 河北: '冀', 山西: '晋', 内蒙古: '蒙', 辽宁: '辽', 吉林: '吉', 黑龙江: '黑',
  江苏: '苏', 浙江: '浙', 安徽: '皖', 福建: '闽', 江西: '赣', 山东: '鲁', 河南: '豫', 湖北: '鄂', 湖南: '湘', 广东: '粤',
  广西: '桂', 海南: '琼', 四川: '川', 贵州: '贵', 云南: '云', 西藏: '藏', 陕西: '陕', 甘肃: '甘', 青海: '青', 宁夏: '宁', 新疆: '新',
};

/**
 * The province of the court a page names (a line that is a court name, 江西省龙南市人民法院),
 * as a case-number province abbreviation; null when none or when two provinces are named.
 * Only exact province names count: a garbled one (江共省) could be 江苏 or 江西.
 */
export function courtProvinceOf(lines: readonly string[]): string | null {
  const found = new Set<string>();
  for (const raw of lines) {
    const l = raw.replace(/[^\u4e00-\u9fff]/g, '');
    if (l.length > 24 || !l.endsWith('法院')) continue;
    const name = Object.keys(PROVINCE_NAMES).find((p) => l.startsWith(p));
    if (name) found.add(PROVINCE_NAMES[name] as string);
  }
  return found.size === 1 ? ([...found][0] as string) : null;
}

/** Options for {@link findCaseNumbers}. */
export interface FindCaseNumberOptions {
  /**
   * Province abbreviation of the court named on the page (see `courtProvinceOf`). A number
   * whose province glyph is unreadable is read with this one (confidence −0.2); one whose glyph
   * names another province too, but at a confidence low enough to send it to review (−0.5):
   * the glyph is the single point of failure of a case number (赣 came out as 闽, 闵, 莹 on
   * rendered scans).
   */
  provinceHint?: string;
}

/** A folded line opening with the 案号 label (案号：, OCR's 案且, 案呈), a glyph or three of noise before it. */
export const LABELLED_CASE_LINE = /^.{0,3}案[号且呈][:：,，.。;；]/u;

/** Province abbreviations (plus 兵团 and 军事法院) that open a 2016+ court code. */
export const PROVINCE_CODES = '京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新兵军';

/** 2016+ enforcement-related type codes, longest first (the regex needs that order). */
export const MODERN_TYPE_CODES = ['司救执', '执恢', '执保', '执异', '执复', '执监', '执协', '执他', '财保', '司惩', '执'];

/** Legacy (pre-2016) type codes; each ends in 字. */
export const LEGACY_TYPE_CODES = ['执恢字', '执保字', '执异字', '执复字', '执监字', '执协字', '执他字', '财保字', '执字'];

const D = '[0-9OoIl|丨〇]';
const MODERN_RE = new RegExp(
  `(\\(?)(${D}{4})\\)?(最高法|[${PROVINCE_CODES}](?:${D}{4}|${D}{2})?)(${MODERN_TYPE_CODES.join('|')})(第?)(${D}{1,6})(号?)`,
  'g',
);
const LEGACY_RE = new RegExp(
  `(\\(?)(${D}{4})\\)?([\\u4e00-\\u9fff]{1,6}?)(${LEGACY_TYPE_CODES.map((t) => t.slice(0, -1)).join('|')})字(第?)(${D}{1,6})(号?)`,
  'g',
);
/**
 * A 2016+ number whose province glyph the OCR garbled (赣 → 闵, 莹, 驶 …), or split into its two
 * components (苏 → 二办: 艹 over 办); used only with a province hint.
 */
const WILD_PROVINCE_RE = new RegExp(
  `(\\(?)(${D}{4})\\)?([\\u4e00-\\u9fff]{1,2}(?:${D}{4}|${D}{2}))(${MODERN_TYPE_CODES.join('|')})(第?)(${D}{1,6})(号?)`,
  'g',
);
/**
 * A 2016+ number whose province glyph the OCR lost whole (`《2025) 0604执5016号`, seed 37): the
 * year's closing bracket straight before the court digits; used only with a province hint.
 */
const LOST_PROVINCE_RE = new RegExp(`(\\(?)(${D}{4})\\)((?:${D}{4}|${D}{2}))(${MODERN_TYPE_CODES.join('|')})(第?)(${D}{1,6})(号?)`, 'g');
/**
 * A 2016+ number whose 执 the OCR read as another glyph (拓恢, 扫, 栅, 仇: seed 18, seed 11),
 * in the full frame that leaves no doubt it is a case number (bracketed year, province, court
 * digits, 号). The type glyphs of other courts' numbers (民, 刑, 破 …) are never read as 执.
 */
const TYPE_GLYPH_RE = new RegExp(
  `(\\(?)(${D}{4})\\)([${PROVINCE_CODES}](?:${D}{4}|${D}{2}))([\\u4e00-\\u9fff])(恢|保|异|复|监|协|他)?(第?)(${D}{1,6})(号)`,
  'g',
);
/**
 * A legacy number whose 执 the OCR read as another glyph (龙法所字第7136, seed 97, held out),
 * in the frame only a legacy number has: a bracketed year, then 字第 and digits. The glyph
 * before 字 of other courts' numbers (民初字, 刑终字 …) is never read as 执.
 */
const LEGACY_TYPE_GLYPH_RE = new RegExp(`(\\(?)(${D}{4})\\)([\\u4e00-\\u9fff]{1,6}?)([\\u4e00-\\u9fff])(恢|保|异|复|监|协|他)?字(第)(${D}{1,6})(号?)`, 'g');
export const NOT_EXECUTION_TYPES = '民刑行赔知破认司财商立送请协委助字法初终执';
/**
 * Glyphs before 字 that are no misread 执 in a legacy number: other courts' types, the second
 * glyph of an execution type, and arbitration and notary numbers' (锡仲裁字, 锡仲案字, 苏锡证经字: an
 * award 执行依据 recites).
 */
const NOT_LEGACY_EXECUTION = `${NOT_EXECUTION_TYPES}再申提抗特催督辖更核审清算监恢保异复他裁案经`;
const MODERN_COURT_RE = new RegExp(`^(?:最高法|[${PROVINCE_CODES}](?:\\d{2}|\\d{4})?)$`);
const LEGACY_COURT_RE = /^[\u4e00-\u9fff]{1,6}$/;

function digitsOf(run: string, repairs: string[]): string {
  let out = '';
  for (const ch of run) {
    if (/[0-9]/.test(ch)) out += ch;
    else if (/[Oo〇]/.test(ch)) {
      out += '0';
      repairs.push(`digit look-alike ${ch} read as 0`);
    } else {
      out += '1';
      repairs.push(`digit look-alike ${ch} read as 1`);
    }
  }
  return out;
}

interface ScanMatch {
  parsed: ParsedCaseNumber;
  start: number;
  end: number;
  repairs: string[];
}

/** Which regex a match came from: the 2016+ form (a wild province included), the legacy form, or a 2016+ or legacy number whose 执 was misread. */
type MatchKind = 'modern' | 'legacy' | 'typeGlyph' | 'legacyTypeGlyph';

function buildMatch(m: RegExpExecArray, kind: MatchKind, c: Compacted, hint?: string): ScanMatch | null {
  const legacy = kind === 'legacy' || kind === 'legacyTypeGlyph';
  const typeGlyph = kind === 'typeGlyph' || kind === 'legacyTypeGlyph';
  const [whole, open, yearRun, rawCourt, type, di, seqRun, hao] = typeGlyph ? [m[0], m[1], m[2], m[3], `执${m[5] ?? ''}`, m[6], m[7], m[8]] : (m as unknown as string[]);
  const repairs: string[] = [];
  if (typeGlyph) {
    if ((legacy ? NOT_LEGACY_EXECUTION : NOT_EXECUTION_TYPES).includes(m[4] as string)) return null;
    repairs.push(`type glyph ${m[4]} read as 执`);
  }
  let court = rawCourt as string;
  // Two glyphs before the court digits (only the wild pass lets them through): a speck before a
  // valid province glyph, or one glyph split in two, read as the province of the page's court.
  if (!legacy && /^[\u4e00-\u9fff]{2}\d/.test(court)) {
    if (PROVINCE_CODES.includes(court.slice(1, 2))) {
      repairs.push('speck before the court dropped');
      court = court.slice(1);
    } else if (hint) {
      repairs.push(`province glyph split in two (${court.slice(0, 2)}) read as ${hint} (the court named on the page)`);
      court = hint + court.slice(2);
    }
  }
  if (!legacy && hint && /^\d/.test(court)) {
    repairs.push(`province glyph lost: read as ${hint} (the court named on the page)`);
    court = hint + court;
  }
  const glyph = court.slice(0, 1);
  if (!legacy && hint && court !== '最高法' && glyph !== hint && !'兵军'.includes(glyph)) {
    repairs.push(
      PROVINCE_CODES.includes(glyph)
        ? `province ${glyph} contradicts the court named on the page: read as ${hint}`
        : `province glyph ${glyph} read as ${hint} (the court named on the page)`,
    );
    court = hint + court.slice(1);
  }
  const year = Number(digitsOf(yearRun as string, repairs));
  // Only a 2016+ court code carries digits; a legacy one is CJK glyphs only (丨 included).
  const courtCode = legacy
    ? (court as string)
    : (court as string).slice(0, (court as string) === '最高法' ? 3 : 1) +
      digitsOf((court as string).slice((court as string) === '最高法' ? 3 : 1), repairs);
  const seq = Number(digitsOf(seqRun as string, repairs));
  const typeCode = legacy ? `${type}字` : (type as string);
  const parsed = makeParsed({ year, court: courtCode, typeCode, seq, legacy });
  if (!parsed) return null;
  const start = m.index;
  const end = m.index + (whole as string).length;
  const origSpan = c.orig.slice(start, end).join('');
  const close = c.text[start + (open ? 1 : 0) + (yearRun as string).length] === ')';
  if (!open && !close) return null; // a bare "2024苏0205执…" is not taken for a number
  if (!close) repairs.push('closing bracket missing');
  for (let i = start; i < end; i++) if (c.oddBrackets.has(i)) repairs.push('bracket misread');
  if (!open) repairs.push('opening bracket missing');
  else if (c.fusedOpens.has(start)) repairs.push(`opening bracket and 2 read as ${c.orig[start]}`);
  else if (c.orig[start] !== '（') repairs.push(`bracket ${c.orig[start]} read as （`);
  for (let i = start; i < end; i++) if (c.lostTwos.has(i)) repairs.push("the year's leading 2 lost");
  if (/[０-９]/.test(origSpan)) repairs.push('full-width digits');
  for (let i = start; i < end; i++) if (c.bracketOnes.has(i)) repairs.push('] read as 1');
  for (let i = start; i < end; i++) if (c.glyphOnes.has(i)) repairs.push('工 read as 1');
  for (let i = start + 1; i < end; i++) if (c.specks.has(i)) repairs.push('speck between digits dropped');
  for (let i = start + 1; i < end; i++) if (c.courtSpecks.has(i)) repairs.push('speck before the court dropped');
  if (!hao) repairs.push('号 missing');
  // `执1M430号`: a speck read as a letter inside the sequence number; what was read is only its
  // head, and what the letter stands for is anyone's guess. So is a digit read as a CJK glyph
  // when digits and 号 follow it (`执字第3了52号`, seed 26: 第3号 of another case was registered).
  const rest = c.text.slice(end, end + 9);
  // So is one followed by a glyph and more digits with no 号 at all (`执9二2了7殷`, seed 73, held out),
  // or by a speck and more digits (`执3:6工7号` read 执3 when the speck was no speck: seed 170).
  if (!hao && (/^[A-Za-z][0-9OoIl|丨〇]/.test(rest) || /^[\u4e00-\u9fff][0-9]{1,5}号/u.test(rest) || /^[\u4e00-\u9fff][0-9]/u.test(rest) || /^[:：,，][0-9]/.test(rest))) repairs.push(`sequence number cut short by ${c.text[end]}`);
  if (legacy && !di) repairs.push('第 missing');
  if (!legacy && di) repairs.push('extra 第 dropped');
  return { parsed, start, end, repairs };
}

/** Every case number in one string, leftmost first, non-overlapping (2016+ form preferred). */
function scan(c: Compacted, hint?: string): ScanMatch[] {
  const found: ScanMatch[] = [];
  const passes: Array<readonly [RegExp, MatchKind]> = [
    [MODERN_RE, 'modern'],
    [LEGACY_RE, 'legacy'],
  ];
  if (hint) passes.push([WILD_PROVINCE_RE, 'modern'], [LOST_PROVINCE_RE, 'modern']);
  passes.push([TYPE_GLYPH_RE, 'typeGlyph'], [LEGACY_TYPE_GLYPH_RE, 'legacyTypeGlyph']);
  for (const [re, kind] of passes) {
    re.lastIndex = 0;
    for (let m = re.exec(c.text); m; m = re.exec(c.text)) {
      const built = buildMatch(m, kind, c, hint);
      if (built) found.push(built);
      else re.lastIndex = m.index + 1;
    }
  }
  found.sort((a, b) => a.start - b.start || Number(a.parsed.legacy) - Number(b.parsed.legacy));
  const out: ScanMatch[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (!last || f.start >= last.end) out.push(f);
  }
  return out;
}

function canonicalOf(p: Omit<ParsedCaseNumber, 'canonical'>): string {
  return `（${p.year}）${p.court}${p.typeCode}${p.legacy ? '第' : ''}${p.seq}号`;
}

function makeParsed(p: Omit<ParsedCaseNumber, 'canonical'>): ParsedCaseNumber | null {
  const parsed = { ...p, canonical: canonicalOf(p) };
  return validateCaseNumber(parsed).length === 0 ? parsed : null;
}

/**
 * Problems with a parsed case number (empty when valid): year 1990–2100, court code (province
 * + 0/2/4 digits or 最高法; legacy: 1–6 CJK glyphs), a known type code, seq ≥ 1, and a
 * canonical string consistent with the parts.
 */
export function validateCaseNumber(p: ParsedCaseNumber): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(p.year) || p.year < 1990 || p.year > 2100) problems.push(`year ${p.year} outside 1990–2100`);
  if (!Number.isInteger(p.seq) || p.seq < 1 || p.seq > 999_999) problems.push(`seq ${p.seq} outside 1–999999`);
  if (p.legacy) {
    if (!LEGACY_COURT_RE.test(p.court)) problems.push(`legacy court code ${p.court} is not 1–6 CJK glyphs`);
    if (!LEGACY_TYPE_CODES.includes(p.typeCode)) problems.push(`unknown legacy type code ${p.typeCode}`);
  } else {
    if (!MODERN_COURT_RE.test(p.court)) problems.push(`court code ${p.court} is not a province + 0/2/4 digits or 最高法`);
    if (!MODERN_TYPE_CODES.includes(p.typeCode)) problems.push(`unknown type code ${p.typeCode}`);
  }
  if (p.canonical !== canonicalOf(p)) problems.push(`canonical ${p.canonical} does not match its parts`);
  return problems;
}

const LEADING_LABEL = /^(?:执行案号|原案号|案号)?[:：]?/;
const TRAILING_PUNCT = /[。，,.;；:：]+$/;

/**
 * Parse a string that *is* a case number (a path parameter, a corrected field, a QR payload)
 * in any spelling the OCR repair accepts. An optional leading `案号：` label and trailing
 * punctuation are allowed; anything else around the number makes it `null`. Never throws.
 */
export function parseCaseNumber(raw: string): ParsedCaseNumber | null {
  if (typeof raw !== 'string' || raw.length > 200) return null;
  const c = compactForScan(raw);
  const lead = LEADING_LABEL.exec(c.text)?.[0].length ?? 0;
  const body = c.text.slice(lead).replace(TRAILING_PUNCT, '');
  const sub = dropLead(c, lead, body);
  const first = scan(sub)[0];
  return first && first.start === 0 && first.end === body.length ? first.parsed : null;
}

/** What a sequence number cut short costs a reading's confidence: only its head was read. */
export const CUT_SHORT_PENALTY = 0.5;

function confidenceOf(repairs: string[]): number {
  let conf = 1;
  for (const r of repairs) {
    // An unreadable glyph (闵) taken from the court named on the page is a safe repair; a
    // valid province that contradicts that court (闽 on a 江西 page) is two readings in conflict.
    if (r.startsWith('province glyph')) conf -= 0.2;
    // Two glyphs from one blob: the year's first digit is a guess the register has to confirm.
    else if (r.startsWith('opening bracket and 2') || r === "the year's leading 2 lost") conf -= 0.3;
    else if (r.startsWith('sequence number cut short')) conf -= CUT_SHORT_PENALTY;
    // The type glyph is a guess from the frame around it: the register has to confirm it.
    else if (r.startsWith('type glyph')) conf -= 0.45;
    else if (r.startsWith('province')) conf -= 0.5;
    else if (r.startsWith('digit look-alike') || r === '] read as 1' || r === '工 read as 1' || r === 'speck between digits dropped' || r === 'speck before the court dropped' || r === 'opening bracket missing' || r === 'closing bracket missing' || r === '号 missing') conf -= 0.1;
    else if (r === 'full-width digits') conf -= 0;
    else conf -= 0.03;
  }
  return Math.max(0.3, Math.round(conf * 100) / 100);
}

function foundIn(line: string, lineNo: number, c: Compacted, m: ScanMatch): FoundCaseNumber {
  const from = c.map[m.start] as number;
  const lastIdx = c.map[m.end - 1] as number;
  const lastLen = (c.orig[m.end - 1] ?? '').length;
  return {
    parsed: m.parsed,
    raw: line.slice(from, lastIdx + lastLen),
    line: lineNo,
    confidence: confidenceOf(m.repairs),
    repairs: m.repairs,
  };
}

/**
 * Every case number in an OCR text, in reading order. Lines are scanned one by one, and each
 * pair of adjacent lines is scanned joined so a number broken across a line end is found too
 * (reported on the line where it starts). `line` is 1-based. Never throws.
 */
export function findCaseNumbers(text: string, opts: FindCaseNumberOptions = {}): FoundCaseNumber[] {
  const hint = opts.provinceHint && PROVINCE_CODES.includes(opts.provinceHint) ? opts.provinceHint : undefined;
  if (typeof text !== 'string') return [];
  const lines = text.split('\n');
  const out: FoundCaseNumber[] = [];
  lines.forEach((line, i) => {
    const c = compactForScan(line);
    const found = scan(c, hint);
    for (const m of found) out.push(foundIn(line, i + 1, c, m));
    // A ] between digits is a 1 more often than not, but a speck sometimes (呈0]105 for 京0105):
    // when the line reads as no number with it, it is read again without it.
    if (found.length === 0 && c.bracketOnes.size > 0) {
      const again = compactForScan(line, true);
      for (const m of scan(again, hint)) out.push(foundIn(line, i + 1, again, m));
    }
    const next = lines[i + 1];
    if (next === undefined || c.text.length === 0) return;
    const joined = compactForScan(`${line}\n${next}`);
    for (const m of scan(joined, hint)) {
      if (m.start < c.text.length && m.end > c.text.length) {
        const f = foundIn(`${line}\n${next}`, i + 1, joined, m);
        out.push({ ...f, repairs: [...f.repairs, 'broken across lines'], confidence: confidenceOf([...m.repairs, 'split']) });
      }
    }
  });
  return out;
}

/** A number recited in a field's value: its bracketed year, then (2016+) a court glyph and four court digits. */
const RECITED_YEAR = /^[(（〈《[【〔［]\s*(\d{4})\s*[)）〉》\]】〕］]/u;
/** The same, its opening bracket read as 4 (42013)锡山法民初字第2756号). */
const RECITED_YEAR_BRACKET_4 = /^4((?:19|20)\d{2})\s*[)）〉》\]】〕］]/u;
const RECITED_COURT = /^(\p{Script=Han})(\d{4})(?=\D)/u;

/**
 * A number recited in a field (执行依据 (2023)邢0727民初9194号) as OCR misread it: its opening
 * bracket read as 4 (42013)…), or its court glyph misread where the court's four digits are
 * the document's own court's (赣0727) and the glyph is no province (OCR reads 赣 as 邢, 蓝, 况;
 * 粤 as 甸): that court's province glyph. The executing court judged most of the cases it
 * enforces, which is the only reason its digits can stand for the glyph. The value with its
 * year in full-width brackets, the repairs made and whether the court glyph was taken so; null
 * when nothing was repaired.
 */
export function repairRecitedNumber(value: string, own: Pick<ParsedCaseNumber, 'court' | 'legacy'> | null): { value: string; repairs: string[]; courtGlyphTaken: boolean } | null {
  const repairs: string[] = [];
  let year = RECITED_YEAR.exec(value);
  if (!year) {
    year = RECITED_YEAR_BRACKET_4.exec(value);
    if (year) repairs.push(`opening bracket read as 4 before the year ${year[1]}`);
  }
  if (!year) return null;
  let rest = value.slice(year[0].length).replace(/^\s+/u, '');
  const restAsRead = rest;
  const court = RECITED_COURT.exec(rest);
  if (court && own && !own.legacy && /^.\d{4}$/u.test(own.court)) {
    const [whole, glyph, digits] = court as unknown as [string, string, string];
    if (!PROVINCE_CODES.includes(glyph) && digits === own.court.slice(1)) {
      rest = `${own.court}${rest.slice(whole.length)}`;
      repairs.push(`court glyph ${glyph} before ${digits}, the document's own court's digits, read as ${own.court.slice(0, 1)}`);
    }
  }
  return repairs.length > 0 ? { value: `（${year[1]}）${rest}`, repairs, courtGlyphTaken: rest !== restAsRead } : null;
}
