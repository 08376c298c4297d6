/**
 * Splitting a scanned batch (a sequence of classified pages) into documents.
 *
 * Owns the rule of domain.md §2: a page with a recognised title, or a cover sheet, starts a
 * new document (so does a page shaped like a form's first page whose title is unreadable); the pages after it belong to it until the next title or cover sheet; blank
 * pages belong to no document; pages before any title form an `other` document. A cover sheet
 * is a one-page document of its own whose case number names the documents after it that carry
 * none, until a document of another case appears, or one headed by another court. Pure.
 */
import type { CaseNumberHit, PageClassification } from './classify.ts';
import { otherProvince, sameCourt } from './court-line.ts';

/** One page of a batch: its classification and whether it was detected blank. */
export interface SplitPage {
  classification: PageClassification;
  blank?: boolean;
}

/** A document cut from a batch. `pageIndexes` are 0-based indexes into the input. */
export interface SplitDocument {
  pageIndexes: number[];
  formType: string;
  formName: string;
  titleMatch: PageClassification['titleMatch'];
  isCover: boolean;
  volume: 'main' | 'secondary';
  /** The document's own case number (first page first), else the preceding cover sheet's. */
  caseNumber: CaseNumberHit | null;
  caseNumberSource: 'page' | 'cover' | null;
  /** First page's date, else the first date on a later page. */
  date: string | null;
  /** First page's classification confidence. */
  confidence: number;
  reasons: string[];
}

/** The cover sheet whose number the documents after it take, and the court heading its case's pages (its own or its documents'). */
interface CoverRun {
  caseNumber: CaseNumberHit | null;
  page: number;
  court: string | null;
}

function startDoc(i: number, c: PageClassification, why: string): SplitDocument {
  return {
    pageIndexes: [i],
    formType: c.formType,
    formName: c.formName,
    titleMatch: c.titleMatch,
    isCover: c.isCover,
    volume: c.volume,
    caseNumber: c.caseNumber,
    caseNumberSource: c.caseNumber ? 'page' : null,
    date: c.date,
    confidence: c.confidence,
    reasons: [why],
  };
}

/**
 * Cut a batch into documents (see the module comment for the rule). Every non-blank page
 * appears in exactly one document, in input order.
 */
export function splitDocuments(pages: readonly SplitPage[]): SplitDocument[] {
  const docs: SplitDocument[] = [];
  let current: SplitDocument | null = null;
  let cover: CoverRun | null = null;
  pages.forEach((p, i) => {
    const c = p.classification;
    if (p.blank) {
      if (current) current.reasons.push(`blank page ${i + 1} dropped`);
      return;
    }
    if (c.isCover) {
      const doc = startDoc(i, c, `page ${i + 1} is a cover sheet`);
      docs.push(doc);
      cover = { caseNumber: c.caseNumber, page: i + 1, court: c.headCourt ?? null };
      current = null; // pages after a cover sheet do not belong to it
      return;
    }
    if (c.titleMatch) {
      current = startDoc(i, c, `page ${i + 1} starts a document: title ${c.titleMatch.title} at line ${c.titleMatch.line}`);
      docs.push(current);
    } else if (c.unreadTitle) {
      const t = c.unreadTitle.text ? `title line "${c.unreadTitle.text}" at line ${c.unreadTitle.line} not readable` : 'title line lost';
      current = startDoc(i, c, `page ${i + 1} starts a document: it opens like a form, ${t}`);
      docs.push(current);
    } else if (!current) {
      current = startDoc(i, c, `page ${i + 1} has no title and no document is open: starts an ${c.formType} document`);
      docs.push(current);
    } else {
      current.pageIndexes.push(i);
      if ((!current.caseNumber || current.caseNumberSource === 'cover') && c.caseNumber) {
        current.caseNumber = c.caseNumber;
        current.caseNumberSource = 'page';
        current.reasons.push(`case number taken from page ${i + 1}`);
      }
      if (!current.date && c.date) current.date = c.date;
    }
    const open = current as SplitDocument;
    const coverNow = cover as CoverRun | null;
    // A document of another case ends the cover sheet's run: in a mixed batch the documents
    // after it that carry no number of their own are not the cover's case.
    if (open.pageIndexes.length === 1 && open.caseNumber && coverNow?.caseNumber && open.caseNumber.canonical !== coverNow.caseNumber.canonical) {
      open.reasons.push(`case ${open.caseNumber.canonical} differs from the cover sheet's on page ${coverNow.page}: the cover no longer applies`);
      cover = null;
      return;
    }
    // A document of the cover's case names the court of its pages when the cover does not.
    if (open.pageIndexes.length === 1 && coverNow && !coverNow.court && open.caseNumber && open.caseNumber.canonical === coverNow.caseNumber?.canonical) coverNow.court = c.headCourt ?? null;
    // So does one headed by another court (far from it: court-line.ts), or by a court of another
    // province than the cover's number names, its own number unread.
    const court = c.headCourt ?? null;
    if (open.pageIndexes.length === 1 && !open.caseNumber && coverNow?.caseNumber && court) {
      const elsewhere = otherProvince(court, coverNow.caseNumber.canonical)
        ? `headed by ${court}, a court of another province than ${coverNow.caseNumber.canonical}'s (the cover sheet on page ${coverNow.page}): the cover no longer applies`
        : coverNow.court && !sameCourt(court, coverNow.court)
          ? `headed by ${court}, not ${coverNow.court} as the pages of ${coverNow.caseNumber.canonical} (the cover sheet on page ${coverNow.page}): the cover no longer applies`
          : null;
      if (elsewhere) {
        open.reasons.push(elsewhere);
        cover = null;
        return;
      }
    }
    if (open.pageIndexes.length === 1 && !open.caseNumber && coverNow?.caseNumber) {
      open.caseNumber = coverNow.caseNumber;
      open.caseNumberSource = 'cover';
      open.reasons.push(`case number taken from the cover sheet on page ${coverNow.page}`);
    }
  });
  return docs;
}
