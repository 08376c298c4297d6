/**
 * The second reading of the lines that decide a case's node (ocr/decision-line.ts): which
 * readings agree, and, with real tesseract.js, a corpus page whose 院长意见 the full page read
 * as 本章, read right through the recognizer the OCR stage uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionFields, loadRules, nodeFieldsUnread, type PageClassification } from '../../classifier/index.ts';
import type { PageRecognizer } from '../../ingest/page-recognizer.ts';
import { splitAndClassify } from '../../ingest/split-classify.ts';
import { agreedDecision } from '../../ocr/decision-line.ts';
import { createTesseractRecognizer } from '../../ocr/page-recognizer.tesseract.ts';
import { renderCorpusPage } from '../fixtures/corpus-render.ts';
import { generateCorpus } from '../fixtures/corpus.ts';

const rules = loadRules();
const fields = decisionFields(rules.forms, rules.nodes);
const approval = fields.filter((f) => f.key === 'appraisal_auction_approval.approval');

describe('the value the readings of a decision line agree on', () => {
  it('is the one value two or more readings name, when none names another', () => {
    // readings of seed 5's |院长意见|本章 line, scaled and thresholded
    expect(agreedDecision(['院长意见同意', '院长意见同', '院长意见同意', '陀长巡见问意'], approval)).toBe('院长意见同意');
    // one reading alone is not enough
    expect(agreedDecision(['院长意见同意', '院长意见同', '陀长巡见问意'], approval)).toBeNull();
    // two readings that disagree (同意 and 不同意) leave the line to a clerk
    expect(agreedDecision(['院长意见同意', '院长意见不同意', '院长意见同意'], approval)).toBeNull();
    expect(agreedDecision([], approval)).toBeNull();
  });
});

describe('reading a decision line again (real tesseract.js)', () => {
  let dataDir: string;
  let recognizer: PageRecognizer;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'decision-line-'));
    recognizer = await createTesseractRecognizer({ dataDir, size: 1, decisionFields: fields });
  });
  afterAll(async () => {
    await recognizer?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads the 院长意见 of an auction approval whose full-page pass lost it (seed 5)', async () => {
    // GIVEN an appraisal/auction approval of the accuracy corpus (seed 5) approved 同意; the
    // full-page pass read its 院长意见 cell as 本章 (bench:accuracy), holding its case at 实施
    const corpus = generateCorpus({ seed: 5 });
    const batch = corpus.batches.find((b) => b.id === 'b061')!;
    const doc = batch.documents.find((d) => d.pages.includes(9))!;
    expect(doc).toMatchObject({ formType: 'appraisal_auction_approval', date: '2025-01-14' });
    const scan = await renderCorpusPage(batch.pages[9]!.spec, batch.pages[9]!.scan, null);
    // WHEN the OCR stage's recognizer reads it
    const r = await recognizer.recognize(scan.image, scan.dpi);
    // THEN the line was read again and holds 同意, and the classifier reads the approval
    expect(r.flags.decisionLinesReread).toBe(1);
    expect(r.text).toMatch(/院长意见\s*同意/);
    expect(r.text).not.toMatch(/本章/);
    const [draft] = splitAndClassify([{ pageId: 'p', text: r.text, lines: r.lines, headerText: r.headerText, blank: false, failed: false }], { rules, caseHint: null, reviewConfidence: 0.6 });
    expect(draft!.formType).toBe('appraisal_auction_approval');
    const read = draft!.fields as PageClassification['fields'];
    expect(read.approval?.value).toBe('approved');
    expect(nodeFieldsUnread({ formType: draft!.formType, fields: read }, rules.nodes)).toEqual([]);
  });
});
