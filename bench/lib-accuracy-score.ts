/**
 * Scoring for the accuracy bench: the corpus's labels against what the pipeline produced.
 *
 * Owns: how a predicted document is matched to a labelled one (the predicted document that
 * holds the label's first page; a boundary is right when both start on the same page), and
 * every number the bench prints: per-form-type precision/recall/F1, case-number, date and
 * key-field accuracy, boundary precision/recall, review share and what review catches,
 * wrong-case rate among auto-accepted documents, node agreement per case (the node engine run
 * on the labels vs on the machine's accepted documents), and the header-band fast path.
 * Pure: imports the classifier's pure engine and fixture types only.
 */
import { dateOnTrack, locateNode, type Calendar, type CaseEvent, type NodeRules } from '../classifier/index.ts';
import type { Corpus, CorpusDocument } from '../tests/fixtures/corpus.ts';

/** A document as the pipeline filed it (from ingest/split-classify.ts's drafts). */
export interface PredDoc {
  batchId: string;
  pages: number[];
  formType: string;
  caseNumber: string | null;
  date: string | null;
  fields: Record<string, unknown>;
  status: 'classified' | 'needs_review';
  reviewCodes: string[];
  reasons: string[];
  /** Waiting only for its date: the other readings (ingest/split-classify.ts dateDoubtOf). */
  dateDoubt?: { alternatives: string[]; onDayOff?: boolean } | null;
  /** Filed once its case's track settled its date (settleOnTrack), as the locate stage files it. */
  settledOnTrack?: boolean;
}

/**
 * What the locate stage does each time a case's documents change (ingest/date-on-track.ts):
 * a document waiting only for its date that its case's filed documents settle
 * (classifier/track-date.ts) is filed with that date, and counts for the next. Run once all
 * files are in, this is where the pipeline ends whatever order they came in. Mutates `preds`.
 */
export function settleOnTrack(preds: PredDoc[], nodes: NodeRules): void {
  const eventOf = (p: PredDoc): CaseEvent => ({ documentId: `p${preds.indexOf(p)}`, formType: p.formType, date: p.date, scanSeq: 0, fields: p.fields as CaseEvent['fields'] });
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of preds) {
      if (p.status !== 'needs_review' || !p.dateDoubt || !p.caseNumber) continue;
      const events = preds.filter((o) => o.status === 'classified' && o.caseNumber === p.caseNumber).map(eventOf);
      const settled = dateOnTrack({ formType: p.formType, date: p.date, alternatives: p.dateDoubt.alternatives, ...(p.dateDoubt.onDayOff ? { onDayOff: true } : {}), fields: p.fields as CaseEvent['fields'] }, events, nodes);
      if (!settled) continue;
      Object.assign(p, { status: 'classified', date: settled.date, reviewCodes: [], reasons: [...p.reasons, settled.reason], dateDoubt: null, settledOnTrack: true });
      changed = true;
    }
  }
}

/** Page-level classification of a document's first page: from the header band and from the full page. */
export interface FirstPageCheck {
  docId: string;
  header: { formType: string; caseNumber: string | null; conclusive: boolean };
  full: { formType: string; caseNumber: string | null };
}

export interface Miss {
  docId: string;
  truth: { formType: string; caseNumber: string; pages: number[] };
  pred: { formType: string; caseNumber: string | null; pages: number[]; status: string; reviewCodes: string[] } | null;
  problems: string[];
  reasons: string[];
}

const pct = (a: number, b: number): number => (b === 0 ? NaN : a / b);

/** Compare a labelled key-field value with an extracted one (text may run on: "张三，男，…"). */
export function fieldMatches(truth: string | number, pred: unknown): boolean {
  const v = pred !== null && typeof pred === 'object' && 'value' in pred ? (pred as { value: unknown }).value : pred;
  if (typeof truth === 'number') return typeof v === 'number' && Math.abs(v - truth) < 0.01;
  if (v === null || v === undefined) return false;
  // Layout and bracket spelling (（《〈〔[ are one bracket to OCR, domain.md §1) are not what is scored.
  const norm = (s: string): string => s.replace(/[\s\u3000]/g, '').replace(/[（《〈〔[【]/g, '(').replace(/[）》〉〕\]】]/g, ')');
  const t = norm(truth);
  const p = norm(String(v));
  return p === t || (p.startsWith(t) && /^[，,。；;、(]/.test(p.slice(t.length)));
}

/** Which printed spelling a case number uses (for the per-spelling breakdown). */
export function spellingOf(printed: string | null): string {
  if (printed === null) return 'not printed';
  if (/[０-９]/.test(printed)) return 'fullwidth';
  if (/\s/.test(printed)) return 'spaced';
  if (printed.startsWith('(')) return 'halfwidth';
  if (printed.startsWith('〔')) return 'lenticular';
  if (printed.startsWith('[')) return 'square';
  if (!printed.endsWith('号')) return 'no-hao';
  return 'canonical';
}

export function score(corpus: Corpus, preds: PredDoc[], firstPages: FirstPageCheck[], nodes: NodeRules, calendar: Calendar) {
  const key = (b: string, p: number): string => `${b}#${p}`;
  const predAt = new Map<string, PredDoc>();
  for (const d of preds) for (const p of d.pages) predAt.set(key(d.batchId, p), d);
  const truthAt = new Map<string, CorpusDocument>();
  for (const d of corpus.documents) for (const p of d.pages) truthAt.set(key(d.batchId, p), d);

  const codes = [...new Set(corpus.documents.map((d) => d.formType))].sort();
  const perType = new Map(codes.map((c) => [c, { truth: 0, predicted: 0, tp: 0 }]));
  const bump = (code: string, k: 'truth' | 'predicted' | 'tp'): void => {
    if (!perType.has(code)) perType.set(code, { truth: 0, predicted: 0, tp: 0 });
    (perType.get(code) as { truth: number; predicted: number; tp: number })[k]++;
  };
  let typeOk = 0, caseOk = 0, dateOk = 0, dateN = 0, fieldOk = 0, fieldN = 0, exactPages = 0;
  const bySpelling = new Map<string, { n: number; ok: number }>();
  const byField = new Map<string, { n: number; ok: number }>();
  const misses: Miss[] = [];
  for (const t of corpus.documents) {
    bump(t.formType, 'truth');
    const p = predAt.get(key(t.batchId, t.pages[0] as number)) ?? null;
    const starts = p !== null && p.pages[0] === t.pages[0];
    const problems: string[] = [];
    if (!starts) problems.push(p ? 'merged into the previous document' : 'page missing from every document');
    if (starts && p.formType === t.formType) typeOk++;
    else if (starts) problems.push(`form type ${p.formType}`);
    if (p && p.pages.join() === t.pages.join()) exactPages++;
    else if (starts) problems.push(`pages ${p.pages.join(',')} (label ${t.pages.join(',')})`);
    const caseRight = p?.caseNumber === t.caseNumber;
    if (caseRight) caseOk++;
    else problems.push(`case ${p?.caseNumber ?? 'none'}`);
    const sp = bySpelling.get(spellingOf(t.printedCaseNumber)) ?? { n: 0, ok: 0 };
    bySpelling.set(spellingOf(t.printedCaseNumber), { n: sp.n + 1, ok: sp.ok + (caseRight ? 1 : 0) });
    if (starts && t.date !== null) {
      dateN++;
      if (p.date === t.date) dateOk++;
    }
    if (starts) {
      for (const [name, want] of Object.entries(t.keyFields)) {
        const ok = fieldMatches(want, p.fields[name]);
        fieldN++;
        fieldOk += ok ? 1 : 0;
        const f = byField.get(`${t.formType}.${name}`) ?? { n: 0, ok: 0 };
        byField.set(`${t.formType}.${name}`, { n: f.n + 1, ok: f.ok + (ok ? 1 : 0) });
      }
    }
    if (problems.length > 0) {
      misses.push({
        docId: t.id, truth: { formType: t.formType, caseNumber: t.caseNumber, pages: t.pages },
        pred: p ? { formType: p.formType, caseNumber: p.caseNumber, pages: p.pages, status: p.status, reviewCodes: p.reviewCodes } : null,
        problems, reasons: p ? p.reasons.filter((r) => /title|case number|cover/.test(r)).slice(0, 3) : [],
      });
    }
  }
  for (const p of preds) {
    bump(p.formType, 'predicted');
    const t = truthAt.get(key(p.batchId, p.pages[0] as number));
    if (t && t.pages[0] === p.pages[0] && t.formType === p.formType) bump(p.formType, 'tp');
  }
  const truthStarts = new Set(corpus.documents.map((d) => key(d.batchId, d.pages[0] as number)));
  const predStarts = new Set(preds.map((d) => key(d.batchId, d.pages[0] as number)));
  const boundaryHits = [...predStarts].filter((k) => truthStarts.has(k)).length;

  // Review: is a predicted document wrong (boundary, type, case or date), and did review catch it?
  const wrong = (p: PredDoc): boolean => {
    const t = truthAt.get(key(p.batchId, p.pages[0] as number));
    return !t || t.pages[0] !== p.pages[0] || t.formType !== p.formType || t.caseNumber !== p.caseNumber || (t.date !== null && t.date !== p.date);
  };
  const review = preds.filter((p) => p.status === 'needs_review');
  const auto = preds.filter((p) => p.status === 'classified');
  const autoWrongCase = auto.filter((p) => truthAt.get(key(p.batchId, p.pages[0] as number))?.caseNumber !== p.caseNumber);
  const autoWrongType = auto.filter((p) => {
    const t = truthAt.get(key(p.batchId, p.pages[0] as number));
    return !t || t.pages[0] !== p.pages[0] || t.formType !== p.formType;
  });
  const autoWrongDate = auto.filter((p) => {
    const t = truthAt.get(key(p.batchId, p.pages[0] as number));
    return t && t.pages[0] === p.pages[0] && t.date !== null && t.date !== p.date;
  });
  const wrongAll = preds.filter(wrong);

  // Nodes: the engine on the labels vs on what the machine filed (auto-accepted only), and
  // after a clerk fixed every review item (its labels stand in for the corrections).
  const batchIndex = new Map(corpus.batches.map((b, i) => [b.id, i]));
  const seq = (b: string, page: number): number => (batchIndex.get(b) ?? 0) * 1000 + page;
  const truthEvent = (d: CorpusDocument): CaseEvent => ({ documentId: d.id, formType: d.formType, date: d.date, scanSeq: seq(d.batchId, d.pages[0] as number), fields: d.keyFields });
  const predEvent = (d: PredDoc, i: number): CaseEvent => ({ documentId: `p${i}`, formType: d.formType, date: d.date, scanSeq: seq(d.batchId, d.pages[0] as number), fields: d.fields as CaseEvent['fields'] });
  const fixed: Array<{ caseNumber: string | null; event: CaseEvent }> = [];
  preds.forEach((p, i) => {
    if (p.status === 'classified') fixed.push({ caseNumber: p.caseNumber, event: predEvent(p, i) });
    else for (const t of corpus.documents.filter((d) => d.batchId === p.batchId && p.pages.includes(d.pages[0] as number))) fixed.push({ caseNumber: t.caseNumber, event: truthEvent(t) });
  });
  const machine = auto.map((p) => ({ caseNumber: p.caseNumber, event: predEvent(p, preds.indexOf(p)) }));
  const nodeOf = (events: CaseEvent[]) => {
    const n = locateNode(events, nodes, calendar, corpus.asOf).node;
    return n ? `${n.code}@${n.enteredAt}` : 'none';
  };
  const caseNumbers = [...new Set(corpus.documents.map((d) => d.caseNumber))];
  // A case with a document waiting in review is flagged to its supervisor, not silently wrong.
  const flagged = new Set(review.flatMap((p) => p.pages.map((pg) => truthAt.get(key(p.batchId, pg))?.caseNumber).concat(p.caseNumber ?? undefined)));
  const nodeRows = caseNumbers.map((cn) => {
    const truth = nodeOf(corpus.documents.filter((d) => d.caseNumber === cn).map(truthEvent));
    const m = nodeOf(machine.filter((e) => e.caseNumber === cn).map((e) => e.event));
    const f = nodeOf(fixed.filter((e) => e.caseNumber === cn).map((e) => e.event));
    // The documents of the case waiting for a clerk: what holds its node back.
    const held = review
      .filter((p) => p.caseNumber === cn || p.pages.some((pg) => truthAt.get(key(p.batchId, pg))?.caseNumber === cn))
      .map((p) => `${p.batchId} p${(p.pages[0] as number) + 1} ${p.formType} [${p.reviewCodes.join(',')}]${p.date === null ? ' no date' : ''}`);
    return { caseNumber: cn, truth, machine: m, afterReview: f, flagged: flagged.has(cn), held };
  });
  const phantomCases = [...new Set(auto.map((p) => p.caseNumber).filter((c): c is string => c !== null && !caseNumbers.includes(c)))];

  const hdr = firstPages;
  const conclusive = hdr.filter((h) => h.header.conclusive);
  const truthById = new Map(corpus.documents.map((d) => [d.id, d]));
  const hdrTypeOk = (h: FirstPageCheck): boolean => truthById.get(h.docId)?.formType === h.header.formType;
  const hdrCaseOk = (h: FirstPageCheck): boolean => truthById.get(h.docId)?.caseNumber === h.header.caseNumber;

  return {
    documents: corpus.documents.length,
    predictedDocuments: preds.length,
    perType: [...perType.entries()].map(([code, v]) => {
      const precision = pct(v.tp, v.predicted);
      const recall = pct(v.tp, v.truth);
      return { code, ...v, precision, recall, f1: (2 * precision * recall) / (precision + recall) };
    }),
    formTypeAccuracy: pct(typeOk, corpus.documents.length),
    caseNumberAccuracy: pct(caseOk, corpus.documents.length),
    caseBySpelling: Object.fromEntries([...bySpelling.entries()].map(([k, v]) => [k, { ...v, accuracy: pct(v.ok, v.n) }])),
    dateAccuracy: pct(dateOk, dateN),
    keyFieldAccuracy: pct(fieldOk, fieldN),
    keyFields: Object.fromEntries([...byField.entries()].sort().map(([k, v]) => [k, { ...v, accuracy: pct(v.ok, v.n) }])),
    boundary: { precision: pct(boundaryHits, predStarts.size), recall: pct(boundaryHits, truthStarts.size), exactDocuments: pct(exactPages, corpus.documents.length) },
    review: {
      share: pct(review.length, preds.length),
      wrongAmongReview: pct(review.filter(wrong).length, review.length),
      caughtShare: pct(wrongAll.filter((p) => p.status === 'needs_review').length, wrongAll.length),
      wrongDocuments: wrongAll.length,
      reviewDocuments: review.length,
      codes: review.flatMap((p) => p.reviewCodes).reduce<Record<string, number>>((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {}),
    },
    auto: {
      documents: auto.length,
      wrongCase: autoWrongCase.length,
      wrongCaseRate: pct(autoWrongCase.length, auto.length),
      // What a check against the court's case register (every open case is known) would catch.
      wrongCaseUnknownToRegister: autoWrongCase.filter((p) => p.caseNumber === null || !caseNumbers.includes(p.caseNumber)).length,
      wrongType: autoWrongType.length,
      wrongDate: autoWrongDate.length,
      // Dated by their case's track (settleOnTrack), and of those dated wrong.
      settledOnTrack: auto.filter((p) => p.settledOnTrack).length,
      settledWrongDate: autoWrongDate.filter((p) => p.settledOnTrack).length,
      // Filed without review with a wrong date: listed, since a wrong date moves node dates silently.
      wrongDates: autoWrongDate.map((p) => {
        const t = truthAt.get(key(p.batchId, p.pages[0] as number)) as CorpusDocument;
        return { docId: t.id, formType: t.formType, truth: t.date as string, machine: p.date, reason: p.reasons.find((r) => /^date /.test(r)) ?? '' };
      }),
    },
    nodes: {
      cases: nodeRows.length,
      machine: pct(nodeRows.filter((r) => r.machine === r.truth).length, nodeRows.length),
      afterReview: pct(nodeRows.filter((r) => r.afterReview === r.truth).length, nodeRows.length),
      silentlyWrong: nodeRows.filter((r) => r.machine !== r.truth && !r.flagged).length,
      rows: nodeRows,
      phantomCases,
    },
    header: {
      pages: hdr.length,
      typeAccuracy: pct(hdr.filter(hdrTypeOk).length, hdr.length),
      caseAccuracy: pct(hdr.filter(hdrCaseOk).length, hdr.length),
      fullTypeAccuracy: pct(hdr.filter((h) => truthById.get(h.docId)?.formType === h.full.formType).length, hdr.length),
      fullCaseAccuracy: pct(hdr.filter((h) => truthById.get(h.docId)?.caseNumber === h.full.caseNumber).length, hdr.length),
      // The band read the title the full-page pass lost (psm 3 dropped a title line, seen on scans).
      bandRightFullWrong: hdr.filter((h) => hdrTypeOk(h) && truthById.get(h.docId)?.formType !== h.full.formType).length,
      conclusiveShare: pct(conclusive.length, hdr.length),
      conclusiveCorrect: pct(conclusive.filter((h) => hdrTypeOk(h) && hdrCaseOk(h)).length, conclusive.length),
      conclusiveWrong: conclusive.filter((h) => !hdrTypeOk(h) || !hdrCaseOk(h)).map((h) => ({ docId: h.docId, formType: h.header.formType, caseNumber: h.header.caseNumber })),
    },
    misses,
  };
}

export type AccuracyReport = ReturnType<typeof score>;
