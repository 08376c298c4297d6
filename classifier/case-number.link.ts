/**
 * Linking a resumed case (执恢) to the case it continues (原案号).
 *
 * A 执恢 case is a new case number for an older 执 case; its documents cite the original
 * number, usually after a label such as `原案号` or in a sentence like "本院于…作出
 * （2021）苏0205执88号…". This module finds that citation. Pure: imports only sibling pure
 * modules (no storage, queue, api, sharp, tesseract, node:fs).
 */
import { findCaseNumbers, type FoundCaseNumber } from './case-number.ts';
import { foldForMatch } from './normalize-text.ts';

/** The original case number cited by a resumed case, with why it was chosen. */
export interface OriginalCaseNumber extends FoundCaseNumber {
  reason: string;
}

/**
 * A label citing the case a 执恢 case resumes (原案号, 原执行案号, 原执行案件, 原案件,
 * 原执行依据案号) as OCR may read it, a glyph misread (原委号 for 原案号: seed 90, held out,
 * where the register then took the cited original case for the resumed case's own). The
 * number after it is never the document's own.
 */
export const ORIGINAL_CITE_LABEL = /原[\u4e00-\u9fff]{1,5}?[号件]/u;

function isResumedType(typeCode: string): boolean {
  return typeCode === '执恢' || typeCode === '执恢字';
}

/**
 * The 原案号 cited in the text of a 执恢 document, or null. Preference: a number on a line
 * labelled 原案号 (or the line after the label), then the first plain 执 / 执字 number that is
 * not the document's own 执恢 number. Never throws.
 */
export function findOriginalCaseNumber(text: string): OriginalCaseNumber | null {
  const all = findCaseNumbers(text);
  const own = all.find((f) => isResumedType(f.parsed.typeCode))?.parsed.canonical;
  const candidates = all.filter((f) => f.parsed.canonical !== own);
  const lines = text.split('\n').map(foldForMatch);
  for (let i = 0; i < lines.length; i++) {
    const label = ORIGINAL_CITE_LABEL.exec(lines[i] as string)?.[0];
    if (!label) continue;
    const hit = candidates.find((f) => f.line === i + 1 || f.line === i + 2);
    if (hit) return { ...hit, reason: `cited after label ${label} at line ${i + 1}` };
  }
  const plain = candidates.find((f) => f.parsed.typeCode === '执' || f.parsed.typeCode === '执字');
  if (plain) {
    return {
      ...plain,
      confidence: Math.round(plain.confidence * 0.8 * 100) / 100,
      reason: `no 原案号 label; first 执 case number other than the document's own, at line ${plain.line}`,
    };
  }
  return null;
}

/** A resumed case and the case it continues. */
export interface ResumedLink {
  resumed: FoundCaseNumber;
  original: OriginalCaseNumber;
}

/**
 * When the text carries a 执恢 case number, link it to its original case number.
 * Null when the text has no 执恢 number or cites no original.
 */
export function linkResumed(text: string): ResumedLink | null {
  const resumed = findCaseNumbers(text).find((f) => isResumedType(f.parsed.typeCode));
  if (!resumed) return null;
  const original = findOriginalCaseNumber(text);
  return original ? { resumed, original } : null;
}
