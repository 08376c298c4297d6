/**
 * Bridge from recognized pages to document drafts: classify each page, split the file into
 * documents (classifier/ rules), classify each document over all its pages, and decide which
 * go to review. Only shapes are mapped here; every rule lives in classifier/.
 */
import { classifyDocument, classifyPage, parseCaseNumber, reviewReasons, splitDocuments, type PageClassification, type Rules } from '../classifier/index.ts';
import type { OcrBox } from '../storage/schema.ts';
import type { MachineDocument } from '../storage/documents.repo.ts';

export interface PageForSplit {
  pageId: string;
  text: string;
  lines: OcrBox[];
  blank: boolean;
  failed: boolean;
}

export type DocumentDraft = Omit<MachineDocument, 'id' | 'seqInFile'> & { originalCaseNumber: string | null; parties: string[] };

function inputOf(p: PageForSplit) {
  return p.lines.length > 0 ? { text: p.text, lines: p.lines.map((l) => ({ text: l.t, confidence: l.c })) } : { text: p.text };
}

/** Field values as stored: `{ value, confidence, reason }` per field, as the classifier gives them. */
function fieldsOf(c: PageClassification): Record<string, unknown> {
  return Object.fromEntries(Object.entries(c.fields).map(([k, v]) => [k, v]));
}

/** Party names (申请执行人 / 被执行人 …) for search by name. */
function partiesOf(c: PageClassification): string[] {
  const out: string[] = [];
  for (const [name, v] of Object.entries(c.fields)) {
    if (!/applicant|respondent|party|interviewee|objector|payee/i.test(name)) continue;
    const value = (v as { value?: unknown }).value;
    if (typeof value === 'string') out.push(...value.split(/[、,，;；\s]+/));
  }
  return out.filter((s) => s.length >= 2);
}

export function splitAndClassify(
  pages: PageForSplit[],
  opts: { rules: Rules; caseHint: string | null; reviewConfidence: number },
): DocumentDraft[] {
  const usable = pages.filter((p) => !p.failed);
  const split = splitDocuments(usable.map((p) => ({ classification: classifyPage(inputOf(p), opts.rules), blank: p.blank })));
  const hint = opts.caseHint ? parseCaseNumber(opts.caseHint) : null;
  return split.map((d) => {
    const docPages = d.pageIndexes.map((i) => usable[i]!);
    const c = classifyDocument(docPages.map(inputOf), opts.rules);
    const reasons = [...d.reasons, ...c.reasons];
    let caseNumber = c.caseNumber?.canonical ?? d.caseNumber?.canonical ?? null;
    if (!caseNumber && hint) {
      caseNumber = hint.canonical;
      reasons.push(`case number taken from the upload's X-Case-Number hint ${hint.canonical}`);
    }
    const review = reviewReasons({ ...c, caseNumber: caseNumber ? (c.caseNumber ?? d.caseNumber ?? { canonical: caseNumber, raw: caseNumber, line: 0, confidence: 1 }) : null }, opts.reviewConfidence);
    return {
      pageIds: docPages.map((p) => p.pageId),
      caseNumber,
      originalCaseNumber: c.originalCaseNumber?.canonical ?? null,
      formType: c.formType,
      title: c.titleMatch?.title ?? c.formName,
      docDate: c.date,
      volume: c.volume,
      confidence: c.confidence,
      fields: fieldsOf(c),
      reasons,
      parties: partiesOf(c),
      status: review.length > 0 ? 'needs_review' : 'classified',
      reviewCodes: review,
    };
  });
}
