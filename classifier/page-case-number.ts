/**
 * Which of the case numbers found on a page is the page's own: the one labelled 案号, of a
 * type the form is filed under, near the top; never one cited after 原案号 (the case a 执恢
 * case resumes), and a 执恢 case's original. Pure; imports only sibling pure modules.
 */
import { courtProvinceOf, CUT_SHORT_PENALTY, findCaseNumbers, parseCaseNumber, type FoundCaseNumber } from './case-number.ts';
import { findOriginalCaseNumber, ORIGINAL_CITE_LABEL } from './case-number.link.ts';
import type { FormDef } from './rules.schema.ts';

/** A case number as reported on a classification (`line` is 1-based; 0 when a QR code or barcode held it). */
export interface CaseNumberHit {
  canonical: string;
  raw: string;
  line: number;
  confidence: number;
}

/** A found case number as a classification reports it. */
export function hitOf(f: FoundCaseNumber): CaseNumberHit {
  return { canonical: f.parsed.canonical, raw: f.raw, line: f.line, confidence: f.confidence };
}

/**
 * The header band's reading of a page's number, when the full page read the number with its
 * sequence number cut short by a glyph with more digits after it (执314j1号 read as 执314) and the
 * band, read alone at a larger scale, read it whole (执3141号): the band's number is the page's
 * with the serial lengthened by exactly the digits after the glyph on the page's own line, read
 * with good confidence. Else null. Seed 75 (held out): an interview record's number read
 * 执314j1号 waited for a clerk with 执3141号 proposed; its band had read 执3141号. Pure.
 */
export function bandLengthensCutNumber(pageLine: string, read: CaseNumberHit, bandNumbers: () => readonly CaseNumberHit[]): CaseNumberHit | null {
  const at = pageLine.indexOf(read.raw);
  const rest = at >= 0 ? /^[^\d\s号](\d+)/u.exec(pageLine.slice(at + read.raw.length)) : null;
  const a = rest ? parseCaseNumber(read.canonical) : null;
  if (!rest || !a) return null;
  // The band's numbers are asked for only when the page cut its number short: most read theirs whole.
  const lengthens = (band: CaseNumberHit): boolean => {
    const b = parseCaseNumber(band.canonical);
    return band.confidence >= BAND_NUMBER_CONFIDENCE && b !== null && a.legacy === b.legacy && a.year === b.year && a.court === b.court && a.typeCode === b.typeCode && String(b.seq) === `${a.seq}${rest[1]}`;
  };
  return bandNumbers().find(lengthens) ?? null;
}

/** A header band's case numbers as the page's own reader reads them: the court named on the page settling a province glyph. */
export function bandCaseNumbers(bandText: string, pageLines: readonly string[]): CaseNumberHit[] {
  const hint = courtProvinceOf(pageLines);
  return findCaseNumbers(bandText, hint ? { provinceHint: hint } : {}).map(hitOf);
}

/** A band's number read at least this well stands for the whole: a clean reading (parser confidence). */
const BAND_NUMBER_CONFIDENCE = 0.9;

const CITE_BEFORE_NUMBER = new RegExp(`${ORIGINAL_CITE_LABEL.source}[^\\u4e00-\\u9fff\\d]{0,3}$`, 'u');

/** A number printed right after 原案号 / 原执行案号 (ORIGINAL_CITE_LABEL) is the case a 执恢 case resumes, never the document's own. */
function isOriginalCite(f: FoundCaseNumber, rawLines: readonly string[]): boolean {
  const raw = rawLines[f.line - 1] ?? '';
  const at = raw.indexOf(f.raw);
  const before = (at >= 0 ? raw.slice(0, at) : '').replace(/\s/g, '');
  return CITE_BEFORE_NUMBER.test(before);
}

/** The page's own case number among those found, and why it was picked (null when none). */
export function pickCaseNumber(found: FoundCaseNumber[], foldedLines: string[], form: FormDef | null, rawLines: readonly string[], bandLines = 0): { hit: FoundCaseNumber; why: string } | null {
  let best: { hit: FoundCaseNumber; score: number; why: string } | null = null;
  for (const f of found) {
    if (isOriginalCite(f, rawLines)) continue;
    const line = foldedLines[f.line - 1] ?? '';
    const labelled = /(?<!原)案号/.test(line);
    const preferred = form !== null && form.preferTypeCodes.includes(f.parsed.typeCode);
    // Where the line sits on the page: below a header band put before the page's text, its
    // line number counts from the page's top (seed 31: an objection ruling's recital of its
    // enforcement case, line 7 of the page, fell out of the top behind five band lines).
    const onPage = f.line > bandLines ? f.line - bandLines : f.line;
    const top = onPage <= 8;
    // A number of the type the form is filed under outweighs any other however badly it was
    // read (its confidence carries the doubt on): an objection ruling's recital `〈2024)闽0727执9530`,
    // province misread and 号 lost, over its own 执异 number read well (seed 41, held out).
    // A labelled 案号 line cut short is doubt about its digits, not about whose number it is: it
    // still outranks a number the body recites cleanly, which the register would confirm with the
    // same parties (案号:…执恢3:6了7号, review of 3e9f42a). A recital cut short keeps its penalty,
    // or it would outrank the page's own number read whole (review of 9b8df89).
    const cutShort = labelled && f.repairs.some((r) => r.startsWith('sequence number cut short')) ? CUT_SHORT_PENALTY : 0;
    const score = Math.min(1, f.confidence + cutShort) + (labelled ? 0.3 : 0) + (top ? 0.2 : 0) + (preferred ? 1 : 0) - 0.005 * onPage;
    const why = [labelled ? 'labelled 案号' : '', preferred ? `preferred type ${f.parsed.typeCode}` : '', top ? 'near the top' : '']
      .filter(Boolean)
      .join(', ');
    if (!best || score > best.score) best = { hit: f, score, why: why || 'first found' };
  }
  return best ? { hit: best.hit, why: best.why } : null;
}

/** A page's case numbers: every one found, the page's own (picked, and as reported), a 执恢 case's original, and why. */
export interface PageCaseNumber {
  found: FoundCaseNumber[];
  picked: { hit: FoundCaseNumber; why: string } | null;
  caseNumber: CaseNumberHit | null;
  originalCaseNumber: (CaseNumberHit & { reason: string }) | null;
  reasons: string[];
  /** No number was read, yet the page prints a labelled 案号 line, or a line shaped like a number, near its top: its 1-based line, else null. */
  unreadLine: number | null;
}

/** A 案号 label (案号, or its misreads 案且/案呈) opening a line, with digits after it: the page's own number, unread. */
const LABELLED_NUMBER_LINE = /^.{0,3}案[号且呈]/u;
/**
 * A line shaped like a case number whose label was lost: a bracketed year, more digits, 号 at
 * its end (`宁S，〈202410115要2793号`, its 沪 read 1 and 执 要: seed 159, held out, a closing
 * approval waited for a clerk with no number while the documents beside it were of 执2793).
 * Not a line naming another court's type, arbitration or notary (a judgment's own
 * `(2024)粤0604民初580号`, seed 160; 民督, 沪仲案字, 行审). Asked of folded lines: brackets are
 * all `(`, spaces gone.
 */
const NUMBER_SHAPED_LINE = /\((?:19|20)\d{2}.*\d号[^\p{Script=Han}\d]*$/u;
const OTHER_COURT_NUMBER = /[民刑行赔商知破仲证]/u;
/** The page's own number is printed in its first lines. */
const NUMBER_LINE_WINDOW = 8;

/**
 * Read the case numbers of a page (its raw OCR lines, normalized and folded alike) classified
 * as `form`: the court named on the page settles a garbled province glyph, the page's own
 * number is picked, and a 执恢 case's original is read from its 原案号 line. `bandLines`: the
 * first lines are the header band put before the page's text (ClassifyInput.bandLines).
 */
export function readPageCaseNumber(rawLines: readonly string[], lines: readonly string[], folded: string[], form: FormDef | null, bandLines = 0): PageCaseNumber {
  const reasons: string[] = [];
  const text = rawLines.join('\n');
  const province = courtProvinceOf(lines);
  const found = findCaseNumbers(text, province ? { provinceHint: province } : {});
  const picked = pickCaseNumber(found, folded, form, rawLines, bandLines);
  let caseNumber: CaseNumberHit | null = null;
  if (picked) {
    caseNumber = hitOf(picked.hit);
    // A ruling on an objection belongs to the enforcement case it cites (preferTypeCodes); with
    // only its own 执异 number read, filing it there would open a case nobody follows: confirm.
    if (form && form.preferTypeCodes.length > 0 && !form.preferTypeCodes.includes(picked.hit.parsed.typeCode)) {
      caseNumber = { ...caseNumber, confidence: Math.min(caseNumber.confidence, 0.55) };
      reasons.push(`case number ${caseNumber.canonical} is not of the types ${form.code} is filed under (${form.preferTypeCodes.join('/')}): to be confirmed`);
    }
    reasons.push(`case number ${caseNumber.canonical} at line ${caseNumber.line} (${picked.why}; confidence ${caseNumber.confidence})`);
  } else {
    reasons.push('no case number found');
  }
  let originalCaseNumber: PageCaseNumber['originalCaseNumber'] = null;
  if (picked && (picked.hit.parsed.typeCode === '执恢' || picked.hit.parsed.typeCode === '执恢字')) {
    const orig = findOriginalCaseNumber(text);
    if (orig) {
      originalCaseNumber = { ...hitOf(orig), reason: orig.reason };
      reasons.push(`resumed case; original case ${orig.parsed.canonical} (${orig.reason})`);
    }
  }
  let unreadLine: number | null = null;
  if (!picked) {
    const at = folded.slice(0, NUMBER_LINE_WINDOW).findIndex((l) => (LABELLED_NUMBER_LINE.test(l) && (l.match(/\d/g) ?? []).length >= 2) || (NUMBER_SHAPED_LINE.test(l) && !OTHER_COURT_NUMBER.test(l)));
    if (at >= 0) {
      unreadLine = at + 1;
      reasons.push(`the 案号 line ${unreadLine} ("${(rawLines[at] as string).trim()}") could not be read as a case number`);
    }
  }
  return { found, picked, caseNumber, originalCaseNumber, reasons, unreadLine };
}
