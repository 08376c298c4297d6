/**
 * The second reading of the lines that decide a case's node (ocr/decision-line.ts): which
 * readings agree, the table's cell rules taken out of a crop, and, with real tesseract.js, corpus
 * pages whose decision line the full page lost, read right through the recognizer the OCR stage uses.
 */
import { describe, expect, it } from 'vitest';
import { decisionFields, loadRules, nodeFieldsUnread, type PageClassification } from '../../classifier/index.ts';
import { agreedDecision } from '../../ocr/decision-line.ts';
import { eraseRules, verticalRules } from '../../ocr/line-reading.ts';
import { classifyAlone, readCorpusPage, useRecognizer } from '../fixtures/corpus-ocr.ts';

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

describe('the cell rules of a table row', () => {
  // A 60 × 20 crop: a rule along row 2 slanting down one row halfway, a vertical rule at
  // x = 30..31 through the whole height, and a glyph: a 10 px stroke and a 12 px stem.
  const W = 60;
  const H = 20;
  const crop = (): Uint8Array => {
    const g = new Uint8Array(W * H).fill(255);
    for (let x = 0; x < W; x++) g[(x < 30 ? 2 : 3) * W + x] = 0;
    for (let y = 0; y < H; y++) g[y * W + 30] = g[y * W + 31] = 0;
    for (let x = 40; x < 50; x++) g[10 * W + x] = 0;
    for (let y = 5; y < 17; y++) g[y * W + 45] = 0;
    return g;
  };

  it('are the long runs of ink, slanted or not, and never a glyph\'s stroke', () => {
    expect(verticalRules(crop(), W, H)).toEqual([30, 31]);
    const out = eraseRules(crop(), W, H);
    const inkAt = (x: number, y: number): boolean => (out[y * W + x] as number) < 128;
    // the slanted rule is gone on both of its rows, the vertical rule on every row
    expect([0, 10, 29, 30, 45, 59].some((x) => inkAt(x, 2) || inkAt(x, 3))).toBe(false);
    expect(Array.from({ length: H }, (_, y) => inkAt(30, y) || inkAt(31, y)).some(Boolean)).toBe(false);
    // the glyph's stroke (10 px, shorter than the crop is tall) and stem (12 of 20 rows) stay
    expect(inkAt(40, 10) && inkAt(49, 10) && inkAt(45, 5) && inkAt(45, 16)).toBe(true);
    // the input is not changed
    expect(crop()).toEqual(crop());
  });
});

describe('reading a decision line again (real tesseract.js)', () => {
  const recognizer = useRecognizer('decision-line-', { decisionFields: fields });

  it('reads the 院长意见 of an auction approval whose full-page pass lost it (seed 5)', async () => {
    // GIVEN an appraisal/auction approval of the accuracy corpus (seed 5) approved 同意; the
    // full-page pass read its 院长意见 cell as 本章 (bench:accuracy), holding its case at 实施
    // WHEN the OCR stage's recognizer reads it
    const { doc, page: r } = await readCorpusPage(recognizer(), 5, 'b061', 9);
    expect(doc).toMatchObject({ formType: 'appraisal_auction_approval', date: '2025-01-14' });
    // THEN the line was read again and holds 同意, and the classifier reads the approval
    expect(r.flags.decisionLinesReread).toBe(1);
    expect(r.text).toMatch(/院长意见\s*同意/);
    expect(r.text).not.toMatch(/本章/);
    const draft = classifyAlone(r);
    expect(draft.formType).toBe('appraisal_auction_approval');
    const read = draft.fields as PageClassification['fields'];
    expect(read.approval?.value).toBe('approved');
    expect(nodeFieldsUnread({ formType: draft.formType, fields: read }, rules.nodes)).toEqual([]);
  });

  it('reads an approval whose label the full page misread and whose value cell it lost (seed 26)', async () => {
    // GIVEN an appraisal/auction approval of seed 26 with |局长意见|准予| in a ruled table; the
    // full-page pass read the row as 局长意册， (label one glyph off, value lost): the case waited
    // for a clerk with node_field_unread. Read as one line, rules and all, it gave specks.
    // WHEN the OCR stage's recognizer reads it
    const { doc, page: r } = await readCorpusPage(recognizer(), 26, 'b065', 2);
    expect(doc).toMatchObject({ formType: 'appraisal_auction_approval', keyFields: { approval: 'approved' } });
    // THEN the value's own cell was read again and put behind the label
    expect(r.flags.decisionLinesReread).toBe(1);
    expect(r.text).toMatch(/局长意见\s*准予/);
    const draft = classifyAlone(r);
    const read = draft.fields as PageClassification['fields'];
    expect(read.approval?.value).toBe('approved');
    expect(nodeFieldsUnread({ formType: draft.formType, fields: read }, rules.nodes)).toEqual([]);
  });
});
