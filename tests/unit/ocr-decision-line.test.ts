/**
 * The second reading of the lines that decide a case's node (ocr/decision-line.ts): which
 * readings agree, and, with real tesseract.js, a corpus page whose 院长意见 the full page read
 * as 本章, read right through the recognizer the OCR stage uses.
 */
import { describe, expect, it } from 'vitest';
import { decisionFields, loadRules, nodeFieldsUnread, type PageClassification } from '../../classifier/index.ts';
import { agreedDecision } from '../../ocr/decision-line.ts';
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
});
