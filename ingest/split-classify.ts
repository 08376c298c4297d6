/**
 * Bridge from recognized pages to document drafts: classify each page, split the file into
 * documents (classifier/ rules), classify each document over all its pages, and decide which
 * go to review. Only shapes are mapped here; every rule lives in classifier/.
 */
import { applyPageCodes, bandCaseNumbers, bandLengthensCutNumber, classifyDocument, coverNumbersFromNext, classifyPage, continuesDocument, documentLines, parseCaseNumber, partyNamesOf, reviewReasons, splitDocuments, type Calendar, type CaseNumberHit, type PageClassification, type Rules } from '../classifier/index.ts';
import type { DateDoubt, OcrBox } from '../storage/schema.ts';
import type { MachineDocument } from '../storage/documents.repo.ts';

export interface PageForSplit {
  pageId: string;
  text: string;
  lines: OcrBox[];
  blank: boolean;
  failed: boolean;
  /** QR payloads found on the page. */
  codes?: string[];
  /** Text of the header-band pass (recovers a title the full-page pass lost). */
  headerText?: string | null;
}

export type DocumentDraft = Omit<MachineDocument, 'id' | 'seqInFile'> & {
  originalCaseNumber: string | null;
  parties: string[];
  /**
   * `ocr_low_confidence` was raised by the case number's reading alone (the page and the date
   * were read well): a register that holds the number and names one of its parties settles it
   * (ingest/register-check.ts). Not stored.
   */
  caseNumberDoubtOnly?: boolean;
  /**
   * The case number came from the split (a cover sheet or QR code before the document), not
   * from a page of the document: the register check asks the document's own party lines to
   * bear it out (ingest/register-check.ts). Not stored.
   */
  caseNumberInherited?: boolean;
  /** The text of the document's own 案号 line when it could not be read as a number. Not stored. */
  caseNumberLine?: string;
  /** The numbers the first page's header band read (a second reading of its 案号 line): the register check weighs them. Not stored. */
  bandCaseNumbers?: string[];
  /**
   * `ocr_low_confidence` was raised by the form's date alone (two readings of it disagree): the
   * register's filing day settles the date of a filing approval (ingest/register-check.ts). Not stored.
   */
  dateDoubtOnly?: boolean;
  /** The other dates that doubt `docDate` (PageClassification.dateAlternatives). Not stored. */
  dateAlternatives?: string[];
  /**
   * `docDate` is a day off on a form signed on working days only (PageClassification.dateOnDayOff):
   * the register or the track may settle the date on another reading, never on this one. Stored
   * with the date's doubt (DateDoubt.onDayOff).
   */
  dateOnDayOff?: boolean;
};

/**
 * What a draft stores for its case to settle (ingest/date-on-track.ts): the other readings of
 * its date, when its date is all that holds it for a clerk (`ocr_low_confidence` raised by the
 * date alone, no other code) and it has a case number. Else null. Pure.
 */
export function dateDoubtOf(d: Pick<DocumentDraft, 'status' | 'reviewCodes' | 'caseNumber' | 'docDate' | 'dateDoubtOnly' | 'dateAlternatives' | 'dateOnDayOff'>): DateDoubt | null {
  const only = d.reviewCodes.length === 1 && d.reviewCodes[0] === 'ocr_low_confidence';
  const alternatives = (d.dateAlternatives ?? []).filter((a) => a !== d.docDate);
  return d.status === 'needs_review' && only && d.dateDoubtOnly && d.caseNumber && d.docDate && alternatives.length > 0 ? { alternatives, ...(d.dateOnDayOff ? { onDayOff: true } : {}) } : null;
}

function fullInputOf(p: Pick<PageForSplit, 'text' | 'lines'>) {
  return p.lines.length > 0 ? { text: p.text, lines: p.lines.map((l) => ({ text: l.t, confidence: l.c, ...(l.alt ? { alternatives: l.alt } : {}) })) } : { text: p.text };
}

type ClassifyInput = Parameters<typeof classifyPage>[0];

/** A page as the classifier reads it: the input used and its page-level classification. */
interface PageReading {
  page: PageForSplit;
  input: ClassifyInput;
  classification: PageClassification;
  /** The number the full text cut short (`from`, canonical), read whole by the header band (its number is the classification's), and why. */
  lengthened?: { from: string; reason: string };
  /** The case numbers the page's header band read (a second reading of its 案号 line), read once when first asked for. */
  bandNumbers: () => CaseNumberHit[];
}

/**
 * Read a page once. When the header-band pass (and its small-scale readings of the title line)
 * read the form title better than the full-page pass did, the band's text is put in front, so
 * the page starts and names its document with the better reading. bench:accuracy seeds 16-20:
 * the full page lost a title the band read on ~6 % of first pages, and read it a glyph off
 * (悬员公告) where the band read it closer on ~11 %; those had waited for a clerk for their
 * form type. QR codes (if any) then set the case number or make the page a cover sheet. A case
 * number only the band read is taken from it too.
 */
function readPage(p: PageForSplit, rules: Rules): PageReading {
  const full = fullInputOf(p);
  let input: ClassifyInput = full;
  let c = classifyPage(full, rules);
  // Not on a page whose footer numbers it a later page (第2页共2页): the band of such a page
  // holds no title, only a mention the band read alone (送达文书:限制消费令 read 限制消费令, seed
  // 44, held out: the second page of a 送达回证 was cut off as a 限制消费令 for a clerk).
  // Nor only when the page read no title exactly: a form named exactly below the page's 案号 line
  // is a table row (报告财产令已发出 under a 终本 report's garbled title, seed 52, held out; seed 47),
  // and a title the band reads in its own lines, above it, is the page's.
  const rowTitle = c.titleMatch !== null && c.caseNumber !== null && c.titleMatch.line > c.caseNumber.line;
  if (p.headerText && ((c.titleMatch?.similarity ?? 0) < 1 || rowTitle) && !continuesDocument(p.text.split('\n'))) {
    // The page's own lines keep their confidences and second readings (a signing date read
    // again: seed 122, held out, an extension approval signed 9月15日, read 9月1日 and again
    // 9月15日, filed on the 1st unseen when the band's title was put in front without them).
    const bandText = p.headerText.split('\n');
    const withBand: ClassifyInput & { bandLines: number } = { text: `${p.headerText}\n${p.text}`, bandLines: bandText.length, ...(full.lines ? { lines: [...bandText.map((text) => ({ text })), ...full.lines] } : {}) };
    const b = classifyPage(withBand, rules);
    const bandTitle = b.titleMatch !== null && b.titleMatch.line <= withBand.bandLines;
    if (b.titleMatch && (b.titleMatch.similarity > (c.titleMatch?.similarity ?? 0) || (rowTitle && bandTitle && b.titleMatch.similarity >= (c.titleMatch?.similarity ?? 0)))) [input, c] = [withBand, b];
    // Neither reads the title, but the band holds a line near it where the full page lost the
    // line whole (每简分流 for 繁简分流表, seed 31, held out): the form the body points at, now
    // with a title line to weigh, is guessed with more confidence.
    // So with a line the full page read further from the title (每科分流 where the band read
    // 每简分流, seed 43, held out): the better guess wins. Only on a page the full pass itself
    // found shaped like a form's first page: a line of the body that the title pass read again
    // (终结本次执行程序。 read 终结本次执行序 on the last page of a 终本 ruling, seed 96, held
    // out) must not make a later page open a document.
    else if (c.unreadTitle && !c.titleMatch && !b.titleMatch && b.unreadTitle?.text && b.confidence > c.confidence) [input, c] = [withBand, b];
  }
  if (p.headerText && !c.caseNumber) {
    // The band is read on its own at a larger scale: it keeps a 案号 the full page garbled
    // (闵 for 赣, a lost bracket) often enough to be worth the second look.
    const band = classifyPage({ text: p.headerText }, rules).caseNumber;
    if (band) c = { ...c, caseNumber: band, reasons: [...c.reasons, `case number ${band.canonical} from the header band (the full page read none)`] };
  }
  // Or whole where the full page cut its sequence number short with a glyph (执314j1号).
  let bandRead: CaseNumberHit[] | null = null;
  const bandNumbers = (): CaseNumberHit[] => (bandRead ??= p.headerText ? bandCaseNumbers(p.headerText, p.text.split('\n')) : []);
  const read = c.caseNumber;
  const whole = read ? bandLengthensCutNumber(input.text.split('\n')[read.line - 1] ?? '', read, bandNumbers) : null;
  const lengthened = read && whole ? { from: read.canonical, reason: `case number ${whole.canonical} from the header band (the full page read "${read.raw}", its sequence number cut short)` } : null;
  if (lengthened && whole) c = { ...c, caseNumber: whole, reasons: [...c.reasons, lengthened.reason] };
  if (p.codes && p.codes.length > 0) {
    const cover = rules.forms.forms.find((f) => f.isCover);
    c = applyPageCodes(c, p.codes, p.text, cover ? { code: cover.code, name: cover.name } : undefined);
  }
  return { page: p, input, classification: c, bandNumbers, ...(lengthened ? { lengthened } : {}) };
}

/** Field values as stored: `{ value, confidence, reason }` per field, as the classifier gives them. */
function fieldsOf(c: PageClassification): Record<string, unknown> {
  return Object.fromEntries(Object.entries(c.fields).map(([k, v]) => [k, v]));
}


export interface SplitOptions {
  rules: Rules;
  caseHint: string | null;
  reviewConfidence: number;
  /** The day the file was scanned (Asia/Shanghai, YYYY-MM-DD): no document is dated after it. */
  scanDay?: string | null;
  /** The courts' working days (the holiday calendar); default Monday to Friday. */
  calendar?: Pick<Calendar, 'isWorkingDay' | 'covers'>;
}

export function splitAndClassify(pages: PageForSplit[], opts: SplitOptions): DocumentDraft[] {
  const read = pages.filter((p) => !p.failed).map((p) => readPage(p, opts.rules));
  const split = splitDocuments(read.map((r) => ({ classification: r.classification, blank: r.page.blank && (r.page.codes ?? []).length === 0 })));
  const drafts = split.map((d) => keepCover(draftOf(d.pageIndexes.map((i) => read[i]!), d.reasons, d.caseNumber ?? null, opts), d, opts.reviewConfidence));
  const fromNext = coverNumbersFromNext(drafts.map((d, i) => ({ isCover: split[i]!.isCover, caseNumber: d.caseNumber, ...(d.caseNumberLine !== undefined ? { caseNumberLine: d.caseNumberLine } : {}) })));
  return drafts.map((d, i) => {
    const found = fromNext[i];
    if (!found) return d;
    const reviewCodes = d.reviewCodes.filter((c) => c !== 'case_number_missing');
    return { ...d, caseNumber: found.caseNumber, reasons: [...d.reasons, found.reason], reviewCodes, status: reviewCodes.length > 0 ? d.status : 'classified' };
  });
}

/** Classify one page from its text (and header band), then its QR codes. */
export function classifyPageWithCodes(p: Pick<PageForSplit, 'text' | 'lines' | 'codes' | 'headerText'>, rules: Rules): PageClassification {
  return readPage({ pageId: '', blank: false, failed: false, ...p }, rules).classification;
}

/**
 * Classify pages a clerk has grouped into one document (a split or merge): no further
 * splitting; a case number found nowhere in the pages falls back to `opts.caseHint`.
 */
export function classifyAsOneDocument(pages: PageForSplit[], opts: SplitOptions): DocumentDraft {
  const read = pages.filter((p) => !p.failed).map((p) => readPage(p, opts.rules));
  const first = read[0]?.classification ?? null;
  return keepCover(draftOf(read, [], first?.caseNumber ?? null, opts), first, opts.reviewConfidence);
}

/**
 * A cover sheet may be one only by its QR code, which the document-level pass (text only)
 * does not see: keep the page-level verdict (form, name, case number from the code).
 */
function keepCover(
  draft: DocumentDraft,
  first: { isCover: boolean; formType: string; formName: string; confidence: number; caseNumber: { canonical: string; line: number } | null } | null,
  reviewConfidence: number,
): DocumentDraft {
  if (!first?.isCover) return draft;
  // The page-level verdict (a QR code, a cover title) is what makes it a cover: its confidence stands.
  const confidence = Math.max(draft.confidence, first.confidence);
  // A cover carries nothing but its case number; when its QR code holds that number, the OCR
  // of the rest (a garbled court name, a batch line) decides nothing.
  const byCode = first.caseNumber?.line === 0;
  const reviewCodes = draft.reviewCodes.filter((c) => !(c === 'form_type_uncertain' && confidence >= reviewConfidence) && !(c === 'ocr_low_confidence' && byCode));
  return {
    ...draft,
    formType: first.formType,
    title: first.formName,
    caseNumber: first.caseNumber?.canonical ?? draft.caseNumber,
    confidence,
    reviewCodes,
    status: reviewCodes.length > 0 ? draft.status : 'classified',
  };
}

type FoundCaseNumber = ReturnType<typeof classifyDocument>['caseNumber'];

/** The case numbers a document's first page's header band read, for the register check. */
function bandNumbersOf(first: PageReading | undefined): { bandCaseNumbers?: string[] } {
  const found = [...new Set((first?.bandNumbers() ?? []).map((n) => n.canonical))];
  return found.length > 0 ? { bandCaseNumbers: found } : {};
}

/**
 * The document read with its first page's number as that page's header band read it whole
 * (readPage), where the pages read together found it cut short again; its case-number field too.
 */
function bandWhole(first: PageReading | undefined, c: PageClassification): PageClassification {
  const lengthened = first?.lengthened;
  const whole = lengthened ? first.classification.caseNumber : null;
  if (!lengthened || !whole || c.caseNumber?.canonical !== lengthened.from) return c;
  const field = c.fields.caseNumber;
  return {
    ...c,
    caseNumber: whole,
    fields: field ? { ...c.fields, caseNumber: { ...field, value: whole.canonical, confidence: whole.confidence } } : c.fields,
    reasons: [...c.reasons, lengthened.reason],
  };
}

function draftOf(docPages: PageReading[], splitReasons: string[], splitCaseNumber: FoundCaseNumber, opts: SplitOptions): DocumentDraft {
  const hint = opts.caseHint ? parseCaseNumber(opts.caseHint) : null;
  const c = bandWhole(docPages[0], classifyDocument(docPages.map((r) => r.input), opts.rules, { latestDate: opts.scanDay ?? null, ...(opts.calendar ? { isWorkingDay: opts.calendar.isWorkingDay, knowsDaysOff: opts.calendar.covers } : {}) }));
  const reasons = [...splitReasons, ...c.reasons];
  let caseNumber = c.caseNumber?.canonical ?? splitCaseNumber?.canonical ?? null;
  // A document's number is on its first page. When the pages read together pick another (a page
  // of another case appended, its own number read better than the first page's: seed 67, held
  // out, filed under the appended page's case unseen), the first page's stands and a clerk looks.
  const firstOwn = docPages[0]?.classification.caseNumber ?? null;
  const conflict = firstOwn !== null && c.caseNumber !== null && firstOwn.canonical !== c.caseNumber.canonical && firstOwn.line > 0;
  if (conflict) {
    reasons.push(`case number ${c.caseNumber?.canonical} read on a later page differs from ${firstOwn.canonical}, the first page's: the first page's taken, to be confirmed`);
    caseNumber = firstOwn.canonical;
  }
  if (!c.caseNumber && splitCaseNumber) {
    // Say where the pages' reading found it (header band, QR code, the cover sheet before).
    const why = docPages.flatMap((r) => r.classification.reasons).filter((r) => r.includes(splitCaseNumber.canonical));
    reasons.push(...(why.length > 0 ? why : [`case number ${splitCaseNumber.canonical} from the split (a cover sheet or QR code before the document)`]));
  }
  if (!caseNumber && hint) {
    caseNumber = hint.canonical;
    reasons.push(`case number taken from the hint ${hint.canonical} (upload header or the document it was split from)`);
  }
  const found = (conflict ? firstOwn : c.caseNumber) ?? splitCaseNumber ?? (caseNumber ? { canonical: caseNumber, raw: caseNumber, line: 0, confidence: 1 } : null);
  // Inherited: the number came from the split (a cover sheet before the document), not from a
  // page of the document itself (its QR code, its header band) nor from the upload's hint.
  const ownNumber = docPages.some((r) => r.classification.caseNumber?.canonical === caseNumber);
  const inherited = !c.caseNumber && splitCaseNumber !== null && caseNumber === splitCaseNumber.canonical && !ownNumber;
  const review = reviewReasons({ ...c, caseNumber: caseNumber ? found : null, caseNumberLineUnread: inherited ? c.caseNumberLineUnread : null }, opts.reviewConfidence, opts.rules.nodes);
  if (conflict) review.push('case_number_conflict');
  // Would the document pass with its case number (or its date) read for sure? Then only that is in doubt.
  const onlyDoubt = (sure: Partial<PageClassification>): boolean =>
    review.includes('ocr_low_confidence') && !reviewReasons({ ...c, caseNumber: caseNumber ? found : null, ...sure }, opts.reviewConfidence, opts.rules.nodes).includes('ocr_low_confidence');
  const caseNumberDoubtOnly = caseNumber !== null && found !== null && onlyDoubt({ caseNumber: { ...found, confidence: 1 } });
  const dateDoubtOnly = onlyDoubt({ dateConfidence: 1 });
  return {
    pageIds: docPages.map((r) => r.page.pageId),
    caseNumber,
    originalCaseNumber: c.originalCaseNumber?.canonical ?? null,
    formType: c.formType,
    title: c.titleMatch?.title ?? c.formName,
    docDate: c.date,
    volume: c.volume,
    confidence: c.confidence,
    fields: fieldsOf(c),
    reasons,
    parties: partyNamesOf(c.fields),
    status: review.length > 0 ? 'needs_review' : 'classified',
    reviewCodes: review,
    ...(caseNumberDoubtOnly ? { caseNumberDoubtOnly } : {}),
    ...(inherited ? { caseNumberInherited: true } : {}),
    ...bandNumbersOf(docPages[0]),
    ...(c.caseNumberLineUnread ? { caseNumberLine: documentLines(docPages.map((r) => r.input))[c.caseNumberLineUnread - 1]?.text ?? '' } : {}),
    ...(dateDoubtOnly ? { dateDoubtOnly } : {}),
    ...(c.dateAlternatives ? { dateAlternatives: c.dateAlternatives } : {}),
    ...(c.dateOnDayOff ? { dateOnDayOff: true } : {}),
  };
}
