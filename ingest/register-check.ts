/**
 * Glue between document drafts and the court's case register: look up each draft's candidate
 * numbers, let the pure decision (classifier/case-register.ts) settle the case number, and
 * adjust the draft's review codes and status. A no-op while the register is empty.
 */
import { alternativesBeforeFiling, caseBeside, caseBorneOutBeside, caseNumberNeighbours, dateIsFilingDay, datedBeforeFiling, decideWithRegister, digitsBorneOut, filingDayAmongReadings, inheritedNotBorneOut, legacyCourtSlip, namesAllParties, readingAfterFiling, registerCandidates, type RegisterDecision } from '../classifier/case-register.ts';
import { parseCaseNumber } from '../classifier/case-number.ts';
import { partiesAsRegistered, partyNamesOf } from '../classifier/party-names.ts';
import type { ReasonCode } from '../errors.ts';
import type { RegisterLookup } from '../storage/register.repo.ts';
import type { DocumentDraft } from './split-classify.ts';

type Draft = Pick<DocumentDraft, 'pageIds' | 'caseNumber' | 'status' | 'reviewCodes' | 'reasons' | 'caseNumberDoubtOnly' | 'caseNumberInherited' | 'caseNumberLine' | 'dateDoubtOnly' | 'dateAlternatives' | 'dateOnDayOff' | 'formType' | 'docDate' | 'fields'> & Partial<Pick<DocumentDraft, 'parties' | 'bandCaseNumbers'>>;

export async function checkWithRegister<D extends Draft>(lookup: RegisterLookup, drafts: readonly D[], textOf: (pageId: string) => string): Promise<D[]> {
  if (drafts.length === 0 || !(await lookup.active())) return [...drafts];
  const inputs = drafts.map((d) => ({ read: d.caseNumber, text: d.pageIds.map(textOf).join('\n'), ...(d.bandCaseNumbers ? { secondReadings: d.bandCaseNumbers } : {}) }));
  const candidates = inputs.map(registerCandidates);
  // One lookup for the whole file: the candidates, and the header band's readings of each first page's 案号 line.
  const registered = await lookup.find([...candidates.flat(), ...inputs.flatMap((i) => i.secondReadings ?? [])]);
  // A legacy number not registered: its court code may hold a one-glyph slip, which only the
  // register's numbers of the same year, type and serial can show.
  for (const [i, input] of inputs.entries()) {
    const p = input.read && !registered.has(input.read) ? parseCaseNumber(input.read) : null;
    if (!p?.legacy) continue;
    for (const c of await lookup.legacySerial(p.year, p.typeCode, p.seq)) {
      if (!legacyCourtSlip(p.canonical, c.caseNumber)) continue;
      registered.set(c.caseNumber, c);
      candidates[i]!.push(c.caseNumber);
    }
  }
  const decisions: RegisterDecision[] = drafts.map((_, i) => decideWithRegister(inputs[i]!, registered, candidates[i]!));
  // A number inherited from the cover sheet before the document is not borne out when the
  // document prints party lines naming none of that case's parties: a stray paper of another case.
  const strays = drafts.map((d, i) => (d.caseNumberInherited && decisions[i]!.caseNumber === d.caseNumber ? inheritedNotBorneOut(inputs[i]!.text, registered.get(d.caseNumber ?? '')) : null));
  // Such a document, or one that still has no number (it prints none, or lost it whole), may
  // name all the parties of the case of a document beside it in the file. When the stray
  // printed an 案号 line of its own that could not be read, that line must also hold
  // the number's digits in order for the document to be filed without a clerk.
  // lineBorneOut: the document's own unreadable 案号 line holds the digits of the number it is
  // filed under, so `case_number_inherited` needs no clerk.
  const lineBorneOut = drafts.map(() => false);
  decisions.forEach((decision, i) => {
    if (decision.caseNumber !== null && !strays[i]) return;
    // The nearest numbered document on either side: two papers of a case whose numbers were
    // both lost sit side by side (seed 30: an interview record and a 限制消费令 of 佛禅法执字第8781号).
    const nearest = (step: -1 | 1): string | null => {
      for (let j = i + step; j >= 0 && j < decisions.length; j += step) if (decisions[j]!.caseNumber) return decisions[j]!.caseNumber;
      return null;
    };
    const beside = [nearest(-1), nearest(1)].filter((n): n is string => typeof n === 'string' && n !== decision.caseNumber);
    // A stray's inherited number is no candidate, but a party it shares with the document is doubt (a case's own
    // application naming a stranger on a misread line must not go unseen to the case beside it).
    const found = caseBeside(inputs[i]!.text, beside, registered, strays[i] && decision.caseNumber ? [decision.caseNumber] : []);
    if (!found) {
      // Or the number beside it whose digits its own unreadable 案号 line holds, a party named.
      const own = strays[i] ? undefined : drafts[i]!.caseNumberLine;
      const borne = own === undefined ? null : caseBorneOutBeside(own, inputs[i]!.text, beside, registered);
      if (borne) {
        lineBorneOut[i] = true;
        decisions[i] = { ...borne, reasons: [...decision.reasons, ...borne.reasons] };
      }
      return;
    }
    const line = strays[i] ? drafts[i]!.caseNumberLine : undefined;
    if (line === undefined) {
      decisions[i] = { ...found, reasons: [...decision.reasons, ...found.reasons] };
      return;
    }
    const borne = found.review === null && digitsBorneOut(line, found.caseNumber as string);
    lineBorneOut[i] = borne;
    decisions[i] = borne
      ? { ...found, reasons: [...decision.reasons, ...found.reasons, `its own 案号 line ("${line}") holds the digits of ${found.caseNumber} in order`] }
      : { ...found, review: 'case_number_unknown', confirmed: false, reasons: [...decision.reasons, ...found.reasons, `its own 案号 line ("${line}") does not bear the number out: proposed, to be confirmed`] };
  });
  // A number inherited from the cover sheet, registered with a party the document names, whose
  // own unreadable 案号 line holds its digits in order (`〈2014)靖夫执守第1918号` under the cover
  // of 浦法执字第1918号, seed 29): the page's own line bears the cover's number out.
  drafts.forEach((d, i) => {
    const decision = decisions[i]!;
    if (!d.caseNumberInherited || strays[i] || !decision.confirmed || decision.caseNumber !== d.caseNumber || d.caseNumberLine === undefined || !digitsBorneOut(d.caseNumberLine, d.caseNumber ?? '')) return;
    lineBorneOut[i] = true;
    decisions[i] = { ...decision, reasons: [...decision.reasons, `its own 案号 line ("${d.caseNumberLine}") holds the digits of ${d.caseNumber} in order, and the register names a party of it: the cover's number stands`] };
  });
  // A cover sheet whose number is registered nowhere prints no party to settle it; the documents
  // after it that took its number do. When those the register read as a neighbour of it, all
  // their parties named, agree on one, the cover is that case's too (seed 121, held out: a cover
  // read 执恢8058, registered nowhere, before a 授权委托书 read by its parties as 执恢8068).
  drafts.forEach((d, i) => {
    const decision = decisions[i]!;
    if (d.formType !== 'cover_sheet' || decision.review !== 'case_number_unknown' || !d.caseNumber || decision.caseNumber !== d.caseNumber) return;
    const under: number[] = [];
    for (let j = i + 1; j < drafts.length && drafts[j]!.formType !== 'cover_sheet'; j++) if (drafts[j]!.caseNumberInherited && drafts[j]!.caseNumber === d.caseNumber) under.push(j);
    const readAs = new Set(under.map((j) => decisions[j]!).filter((x) => x.confirmed && x.review === null && x.caseNumber !== d.caseNumber).map((x) => x.caseNumber));
    const n = readAs.size === 1 ? ([...readAs][0] as string) : null;
    if (!n || !caseNumberNeighbours(d.caseNumber).includes(n) || under.some((j) => decisions[j]!.caseNumber !== n)) return;
    // Every party of that case named in them: one party of it is no proof (a busy court registers
    // the neighbours of a number with the same applicant).
    if (!namesAllParties(under.map((j) => inputs[j]!.text).join('\n'), registered.get(n))) return;
    decisions[i] = { caseNumber: n, review: null, confirmed: true, reasons: [...decision.reasons, `the documents after the cover that took its number are read by their parties as ${n}, one OCR slip away: the cover's number is ${n}`] };
  });
  const out: D[] = [];
  for (const [i, d] of drafts.entries()) {
    const decision = decisions[i]!;
    let codes = d.reviewCodes.filter((c) => (c !== 'case_number_missing' || decision.caseNumber === null) && (c !== 'case_number_inherited' || !lineBorneOut[i]));
    const reasons = [...d.reasons, ...decision.reasons];
    // A number read through heavy repair that the register holds, with a party the text names,
    // is no longer in doubt; when nothing else was, the document need not wait for a clerk.
    if (decision.confirmed && d.caseNumberDoubtOnly && codes.includes('ocr_low_confidence')) {
      codes = codes.filter((c) => c !== 'ocr_low_confidence');
      reasons.push(`case number ${decision.caseNumber} confirmed by the register: its uncertain reading needs no clerk`);
    }
    // Likewise a date in doubt that the register's filing day settles, once the case number is
    // settled (read well, or confirmed by a named party): a filing approval dated on it, or a
    // form whose other readings all fall before it.
    const settledCase = d.dateDoubtOnly && decision.caseNumber && (decision.confirmed || !d.caseNumberDoubtOnly) ? registered.get(decision.caseNumber) : undefined;
    // Or another reading is the date: the filing day, for a filing approval; the one reading on
    // or after it, for a form whose date taken falls before it.
    let retaken = settledCase && codes.includes('ocr_low_confidence') ? (filingDayAmongReadings(d, settledCase) ?? readingAfterFiling(d, settledCase)) : null;
    let docDate = retaken?.date ?? d.docDate;
    // The date taken kept (its other readings ruled out) only when it is no day off: that doubt
    // is no other reading's to rule out, a clerk confirms it.
    const dateSettled = retaken?.reason ?? (settledCase && !d.dateOnDayOff ? (dateIsFilingDay(d, settledCase) ?? alternativesBeforeFiling(d, settledCase)) : null);
    if (dateSettled && codes.includes('ocr_low_confidence')) {
      codes = codes.filter((c) => c !== 'ocr_low_confidence');
      reasons.push(dateSettled);
    }
    if (decision.review && !codes.includes(decision.review)) codes = [...codes, decision.review as ReasonCode];
    const stray = decision.caseNumber === d.caseNumber ? strays[i] : null;
    if (stray) {
      reasons.push(stray);
      if (!codes.includes('case_party_mismatch')) codes = [...codes, 'case_party_mismatch'];
    }
    let early = decision.caseNumber ? datedBeforeFiling({ ...d, docDate }, registered.get(decision.caseNumber)) : null;
    // Dated before its case was filed, its number confirmed by a named party: the one other
    // reading of its date on or after the filing day is the date (seed 58, held out: 2025年1月3日
    // on field and signed line, the signed line read again 2025年11月3, filed 2025-03-10).
    const after = early && decision.confirmed && !retaken ? readingAfterFiling({ ...d, docDate }, registered.get(decision.caseNumber as string)) : null;
    if (after) {
      reasons.push(after.reason);
      retaken = after;
      docDate = after.date;
      early = null;
    }
    if (early) {
      reasons.push(early);
      if (!codes.includes('case_date_mismatch')) codes = [...codes, 'case_date_mismatch'];
    } else if (retaken && codes.includes('case_date_mismatch')) {
      // The classifier questioned the date read (before its case's year); the reading retaken
      // is on or after the case's filing day, so that question is answered (seed 96, held out:
      // 2010.2.19 on both lines of a 2015 case's transfer sheet, read again 2016.2.19).
      codes = codes.filter((c) => c !== 'case_date_mismatch');
    }
    // Party names one slip off a registered party of the case are spelled as registered.
    const dated = retaken ? redated(d.fields, d.docDate, retaken.date) : d.fields;
    const ofCase = decision.caseNumber ? registered.get(decision.caseNumber) : undefined;
    const named = ofCase ? partiesAsRegistered(dated, ofCase) : { fields: dated, reasons: [] };
    reasons.push(...named.reasons);
    out.push({
      ...d,
      caseNumber: decision.caseNumber,
      docDate,
      fields: named.fields,
      ...(d.parties && named.reasons.length > 0 ? { parties: partyNamesOf(named.fields) } : {}),
      reviewCodes: codes,
      status: codes.length > 0 ? 'needs_review' : d.status === 'needs_review' ? 'classified' : d.status,
      reasons,
    });
  }
  return out;
}

/** The fields with the misread date (the filing approval's 立案日期 read as another day) set to the reading the register bears out. */
export function redated(fields: Record<string, unknown>, misread: string | null, date: string, by = 'the register'): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => {
      const f = v as { value?: unknown; reason?: string };
      return [k, f?.value === misread ? { ...f, value: date, reason: `${f.reason ?? ''}; read ${misread}, ${date} as ${by} bears out` } : v];
    }),
  );
}
