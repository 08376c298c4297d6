/**
 * The case number of a cover sheet whose own 案号 line could not be read. A cover sheet is
 * scanned before the papers of its case, so the document right after it names the case; the
 * cover's unreadable line must still hold that number's digits (year, court code, serial) in
 * order, or the two are not taken for one case (seed 35: `案号: (2024 0205执1188号`, its
 * 〔〕 and 苏 lost, before the filing papers of （2024）苏0205执1188号). Pure.
 */
import { digitsBorneOut } from './case-register.ts';

export interface CoverNumberInput {
  isCover: boolean;
  caseNumber: string | null;
  /** The document's own 案号 line when it could not be read as a number. */
  caseNumberLine?: string;
}

/** For each document: the number a numberless cover sheet takes from the document after it, with the reason; else null. */
export function coverNumbersFromNext(docs: readonly CoverNumberInput[]): Array<{ caseNumber: string; reason: string } | null> {
  return docs.map((d, i) => {
    const next = docs[i + 1];
    if (!d.isCover || d.caseNumber !== null || d.caseNumberLine === undefined || !next || next.isCover || next.caseNumber === null) return null;
    if (!digitsBorneOut(d.caseNumberLine, next.caseNumber)) return null;
    return { caseNumber: next.caseNumber, reason: `the cover's own 案号 line ("${d.caseNumberLine}") holds the digits of ${next.caseNumber}, the number of the document after it, in order: filed under it` };
  });
}
