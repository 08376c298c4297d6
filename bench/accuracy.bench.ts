/**
 * Accuracy bench (`npm run bench:accuracy`): the real OCR (preprocess + tesseract.js pool of 2,
 * header band first) and the real classifier/splitter (ingest/split-classify.ts, the code the
 * assemble stage runs) on the generated, labelled corpus (tests/fixtures/corpus.ts), scored
 * by lib-accuracy-score.ts and compared with the targets of issue 3.
 *
 * Flags: `--limit N` (first batches holding ≥ N documents), `--seed S` (corpus seed, default 1),
 * `--json` (JSON report on stdout instead of the table), `--latency N` (single-page forms timed
 * upload→node on the idle pool afterwards, default 24; 0 skips), `--ocr-json FILE` (write every
 * page's OCR result there; when FILE exists, reuse it and re-score only — for iterating on the
 * classifier, which is pure: throughput and latency are then not measured), `--register
 * none|cases|dense` (the court's case register the case numbers are checked against, see
 * lib-accuracy-register.ts; default dense). Progress → stderr.
 * Rendered pages are cached in .tmp/corpus-cache/, so only the first run pays for drawing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCalendar, decisionFields, loadCalendarYears, loadRules, locateNode, type PageClassification } from '../classifier/index.ts';
import { loadConfig } from '../config.ts';
import { bandIsConclusive } from '../ingest/fast-path.ts';
import type { HeaderPass } from '../ingest/page-recognizer.ts';
import { classifyPageWithCodes, dateDoubtOf, splitAndClassify, type PageForSplit } from '../ingest/split-classify.ts';
import { createTesseractRecognizer } from '../ocr/page-recognizer.tesseract.ts';
import type { OcrBox } from '../storage/schema.ts';
import { pageCacheKey, renderCorpusPage } from '../tests/fixtures/corpus-render.ts';
import { generateCorpus, limitCorpus } from '../tests/fixtures/corpus.ts';
import { checkWithRegister } from '../ingest/register-check.ts';
import { memoryRegister, registration } from '../storage/register.repo.ts';
import { corpusRegister, type RegisterMode } from './lib-accuracy-register.ts';
import { formatReport, targetsOf, type Perf } from './lib-accuracy-report.ts';
import { score, settleOnTrack, type FirstPageCheck, type PredDoc } from './lib-accuracy-score.ts';

const POOL_SIZE = 2;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const log = (s: string): void => void process.stderr.write(`${s}\n`);

interface PageRun {
  text: string;
  lines: OcrBox[];
  blank: boolean;
  codes: string[];
  header: HeaderPass | null;
  /** The recognizer's header text as stored for assembly (band + re-read title line); absent in older saved runs. */
  headerText?: string | null;
  /** The recognizer read the page's date line again and took the reading (ocr/date-line.ts); absent in older saved runs. */
  dateLineReread?: boolean;
  /** The signing date the full page read was read again and replaced or doubted (ocr/date-line.ts checkDateLine); absent in older saved runs. */
  dateLineChecked?: 'replaced' | 'doubted';
  /** Lines that decide the node read again and taken (ocr/decision-line.ts); absent in older saved runs. */
  decisionLinesReread?: number;
  ms: number;
}

async function main(): Promise<void> {
  const seed = Number(arg('seed') ?? 1);
  const limit = arg('limit') !== undefined ? Number(arg('limit')) : undefined;
  const latencyN = Number(arg('latency') ?? 24);
  const json = process.argv.includes('--json');
  const registerMode = (arg('register') ?? 'dense') as RegisterMode;
  if (!['none', 'cases', 'dense'].includes(registerMode)) throw new Error('--register takes none, cases or dense');
  const full = generateCorpus({ seed });
  const corpus = limit !== undefined ? limitCorpus(full, limit) : full;
  const flat = corpus.batches.flatMap((b, bi) => b.pages.map((p, pi) => ({ bi, pi, page: p })));
  log(`corpus seed ${seed}: ${corpus.documents.length} documents, ${flat.length} pages in ${corpus.batches.length} batches, ${new Set(corpus.documents.map((d) => d.caseNumber)).size} cases`);

  // --ocr-json: reuse saved OCR results (re-score only: nothing is rendered or read) or save this run's.
  const ocrFile = arg('ocr-json');
  const keys = flat.map((f) => pageCacheKey(f.page.spec, f.page.scan));
  const reused = ocrFile && existsSync(ocrFile) ? (JSON.parse(readFileSync(ocrFile, 'utf8')) as Record<string, PageRun>) : null;
  const runs: PageRun[] = reused ? keys.map((k) => reused[k] as PageRun) : new Array(flat.length);
  if (reused && runs.some((r) => !r)) throw new Error(`${ocrFile} does not hold every page of this corpus: delete it or pick another file`);
  if (reused) log(`OCR results reused from ${ocrFile}: classifier/scoring only, throughput and latency not measured`);

  const tRender = performance.now();
  const images: Array<{ image: Buffer; dpi: number }> = [];
  let cached = 0;
  for (const f of reused ? [] : flat) {
    const r = await renderCorpusPage(f.page.spec, f.page.scan);
    cached += r.cached ? 1 : 0;
    images.push({ image: r.image, dpi: r.dpi });
  }
  const renderMs = reused ? NaN : performance.now() - tRender;
  if (!reused) log(`rendered ${flat.length} pages (${cached} from cache) in ${(renderMs / 1000).toFixed(1)} s`);

  const registerEntries = corpusRegister(corpus, registerMode);
  const register = memoryRegister(registerEntries);
  log(`case register: ${registerMode}, ${registerEntries.length} registered cases`);
  const rules = loadRules();
  const calendar = createCalendar(loadCalendarYears());
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'acc-bench-'));
  const reviewConfidence = loadConfig({ DATA_DIR: dataDir, REVIEW_CONFIDENCE: process.env.REVIEW_CONFIDENCE }).reviewConfidence;
  const rec = await createTesseractRecognizer({ dataDir, size: POOL_SIZE, decisionFields: decisionFields(rules.forms, rules.nodes) });
  try {
    const tInit = performance.now();
    const warm = images.find((_, i) => flat[i]?.page.spec.kind !== 'blank') ?? images[0];
    if (warm && !reused) await Promise.all(Array.from({ length: POOL_SIZE }, () => rec.recognize(warm.image, warm.dpi)));
    const initMs = performance.now() - tInit;

    // OCR: POOL_SIZE + 1 lanes, so preprocessing of one page overlaps OCR of the others.
    let next = reused ? flat.length : 0;
    let done = 0;
    const tOcr = performance.now();
    const lane = async (): Promise<void> => {
      for (let i = next++; i < flat.length; i = next++) {
        const img = images[i] as { image: Buffer; dpi: number };
        let header: HeaderPass | null = null;
        const t = performance.now();
        const r = await rec.recognize(img.image, img.dpi, { onHeader: async (h) => void (header = h) });
        const blank = Boolean(r.flags.blank) || r.text.trim().length === 0;
        runs[i] = { text: r.text, lines: r.lines, blank, codes: r.flags.codes ?? [], header, headerText: r.headerText, ...(r.flags.dateLineReread ? { dateLineReread: true } : {}), ...(r.flags.dateLineChecked ? { dateLineChecked: r.flags.dateLineChecked } : {}), ...(r.flags.decisionLinesReread ? { decisionLinesReread: r.flags.decisionLinesReread } : {}), ms: performance.now() - t };
        if (++done % 20 === 0) log(`  OCR ${done}/${flat.length} pages, ${((performance.now() - tOcr) / done / 1000).toFixed(2)} s/page`);
      }
    };
    await Promise.all(Array.from({ length: POOL_SIZE + 1 }, lane));
    const ocrMs = reused ? NaN : performance.now() - tOcr;
    if (ocrFile && !reused) writeFileSync(ocrFile, JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, runs[i]]))));

    // Split + classify each batch exactly as the assemble stage does, register check included.
    const preds: PredDoc[] = [];
    const runOf = (bi: number, pi: number): PageRun => runs[flat.findIndex((f) => f.bi === bi && f.pi === pi)] as PageRun;
    for (const [bi, b] of corpus.batches.entries()) {
      const pages: PageForSplit[] = b.pages.map((_, pi) => {
        const r = runOf(bi, pi);
        return { pageId: String(pi), text: r.text, lines: r.lines, blank: r.blank, failed: false, codes: r.codes, headerText: r.headerText !== undefined ? r.headerText : (r.header?.headerText ?? null) };
      });
      const drafts = splitAndClassify(pages, { rules, caseHint: null, reviewConfidence, scanDay: corpus.asOf, calendar });
      for (const d of await checkWithRegister(register, drafts, (id) => pages[Number(id)]?.text ?? '')) {
        preds.push({
          batchId: b.id, pages: d.pageIds.map(Number), formType: d.formType, caseNumber: d.caseNumber, date: d.docDate,
          fields: d.fields, status: d.status === 'needs_review' ? 'needs_review' : 'classified', reviewCodes: d.reviewCodes, reasons: d.reasons, dateDoubt: dateDoubtOf(d),
        });
      }
    }
    // Dates in doubt that their cases' documents settle, as the locate stage files them.
    settleOnTrack(preds, rules.nodes);

    // First pages: the header band alone (the fast path) vs the full page. As in
    // ingest/fast-path.ts, a loaded register lets only registered numbers through.
    const registeredOrNull = async (n: string | undefined): Promise<boolean | null> => (n === undefined ? ((await register.active()) ? false : null) : registration(register, n));
    const firstPages: FirstPageCheck[] = [];
    for (const d of corpus.documents) {
      const r = runOf(corpus.batches.findIndex((b) => b.id === d.batchId), d.pages[0] as number);
      const h = r.header ? classifyPageWithCodes({ text: r.header.headerText, lines: r.header.lines, codes: r.header.codes }, rules) : null;
      const f = classifyPageWithCodes({ text: r.text, lines: r.lines, codes: r.codes }, rules);
      const fires = h !== null && bandIsConclusive(h, reviewConfidence, await registeredOrNull(h.caseNumber?.canonical));
      firstPages.push({
        docId: d.id,
        header: h ? { formType: h.formType, caseNumber: h.caseNumber?.canonical ?? null, conclusive: fires } : { formType: '(blank)', caseNumber: null, conclusive: false },
        full: { formType: f.formType, caseNumber: f.caseNumber?.canonical ?? null },
      });
    }

    // Upload → node for single-page forms on the idle pool (fast path when the band is conclusive).
    const latency: Array<{ ms: number; via: 'header' | 'full' }> = [];
    const singles = corpus.documents.filter((d) => d.pages.length === 1 && d.formType !== 'cover_sheet' && d.formType !== 'other').slice(0, reused ? 0 : latencyN);
    for (const d of singles) {
      const img = images[flat.findIndex((f) => corpus.batches[f.bi]?.id === d.batchId && f.pi === d.pages[0])] as { image: Buffer; dpi: number };
      const t0 = performance.now();
      const placed: { ms: number | null } = { ms: null };
      const place = (c: PageClassification): void => {
        locateNode([{ documentId: d.id, formType: c.formType, date: c.date ?? corpus.asOf, scanSeq: 0, fields: c.fields }], rules.nodes, calendar, corpus.asOf);
        placed.ms = performance.now() - t0;
      };
      const r = await rec.recognize(img.image, img.dpi, {
        onHeader: async (h) => {
          const c = classifyPageWithCodes({ text: h.headerText, lines: h.lines, codes: h.codes }, rules);
          if (bandIsConclusive(c, reviewConfidence, await registeredOrNull(c.caseNumber?.canonical))) place(c);
        },
      });
      const via = placed.ms === null ? 'full' : 'header';
      if (placed.ms === null) place(classifyPageWithCodes({ text: r.text, lines: r.lines, codes: r.flags.codes ?? [] }, rules));
      latency.push({ ms: placed.ms ?? NaN, via });
    }

    const report = score(corpus, preds, firstPages, rules.nodes, calendar);
    const ocrPages = runs.filter((r) => !r.blank).length;
    const perf: Perf = {
      pages: flat.length, ocrPages, blankPages: flat.length - ocrPages, renderMs, initMs, ocrMs,
      pagesPerMin: (flat.length / ocrMs) * 60_000, secondsPerPage: ocrMs / 1000 / flat.length,
      meanPageMs: runs.reduce((s, r) => s + r.ms, 0) / runs.length, poolSize: POOL_SIZE, latency,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      contentFlaggedBlank: flat.filter((f, i) => f.page.doc !== null && runs[i]?.blank).length,
      blankNotFlagged: flat.filter((f, i) => f.page.doc === null && !runs[i]?.blank).length,
      blankPagesLabelled: flat.filter((f) => f.page.doc === null).length,
      dateLinesReread: runs.filter((r) => r.dateLineReread).length,
      dateLinesReplaced: runs.filter((r) => r.dateLineChecked === 'replaced').length,
      dateLinesDoubted: runs.filter((r) => r.dateLineChecked === 'doubted').length,
      decisionLinesReread: runs.reduce((n, r) => n + (r.decisionLinesReread ?? 0), 0),
    };
    const targets = targetsOf(report, perf);
    const options = { seed, limit: limit ?? null, documents: corpus.documents.length, reviewConfidence, register: `${registerMode} (${registerEntries.length})` };
    if (json) process.stdout.write(`${JSON.stringify({ options, perf, targets, report }, null, 2)}\n`);
    else process.stdout.write(`${formatReport(report, perf, targets, options)}\n`);
  } finally {
    await rec.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
