/**
 * QR/bar codes on a page: a code whose payload is a case number makes that the page's case
 * number (printed codes do not suffer OCR errors), and a page that carries such a code but no
 * recognised form title and little text is a cover sheet — it starts a new document and lends
 * its case number to the documents after it (see split-documents.ts).
 *
 * Pure: payload strings in, classification out, with reasons.
 */
import { parseCaseNumber } from './case-number.ts';
import type { PageClassification } from './classify.ts';

/** A page with a case-number code and at most this many non-space characters is a cover sheet. */
export const COVER_MAX_TEXT_CHARS = 120;

/** Payloads may be the bare number or `key=value` pairs (`案号=…;批次=…`) as court label printers emit. */
function caseNumberIn(payload: string) {
  const direct = parseCaseNumber(payload);
  if (direct) return direct;
  for (const part of payload.split(/[;；|\n&]/)) {
    const value = part.split(/[=:：]/).slice(1).join(':').trim();
    const p = value ? parseCaseNumber(value) : null;
    if (p) return p;
  }
  return null;
}

export function applyPageCodes(c: PageClassification, codes: readonly string[], text: string, fallbackFormType?: { code: string; name: string }): PageClassification {
  for (const [i, payload] of codes.entries()) {
    const parsed = caseNumberIn(payload);
    if (!parsed) continue;
    const reasons = [...c.reasons, `QR code ${i + 1} holds case number ${parsed.canonical}`];
    const hit = { canonical: parsed.canonical, raw: payload, line: 0, confidence: 1 };
    const short = text.replace(/\s+/g, '').length <= COVER_MAX_TEXT_CHARS;
    const cover = c.isCover || (!c.titleMatch && short);
    if (cover && !c.isCover) reasons.push(`no form title and ${text.replace(/\s+/g, '').length} characters of text: treated as a cover sheet`);
    return {
      ...c,
      caseNumber: hit,
      caseNumbers: [hit, ...c.caseNumbers.filter((n) => n.canonical !== parsed.canonical)],
      isCover: cover,
      ...(cover && !c.isCover && fallbackFormType ? { formType: fallbackFormType.code, formName: fallbackFormType.name, confidence: 1 } : {}),
      reasons,
    };
  }
  return c;
}
