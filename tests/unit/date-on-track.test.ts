/**
 * What a document stores for its case's track to settle (ingest/date-on-track.ts dateDoubtOf):
 * only a date that is all that holds it for a clerk.
 */
import { describe, expect, it } from 'vitest';
import { dateDoubtOf } from '../../ingest/split-classify.ts';

const draft = { status: 'needs_review' as const, reviewCodes: ['ocr_low_confidence'], caseNumber: '（2024）粤0304执5744号', docDate: '2024-06-29', dateDoubtOnly: true, dateAlternatives: ['2024-07-29'] };

describe('the readings a document stores for its case to settle', () => {
  it('are its date\'s other readings when its date alone holds it for a clerk', () => {
    expect(dateDoubtOf(draft)).toEqual({ alternatives: ['2024-07-29'] });
    // the date taken is not among its own alternatives
    expect(dateDoubtOf({ ...draft, dateAlternatives: ['2024-06-29', '2024-07-29'] })).toEqual({ alternatives: ['2024-07-29'] });
  });

  it('are none when anything else holds it, or nothing does, or there is nothing to choose between', () => {
    expect(dateDoubtOf({ ...draft, reviewCodes: ['ocr_low_confidence', 'case_number_unknown'] })).toBeNull();
    expect(dateDoubtOf({ ...draft, dateDoubtOnly: false })).toBeNull();
    expect(dateDoubtOf({ ...draft, status: 'classified', reviewCodes: [] })).toBeNull();
    expect(dateDoubtOf({ ...draft, caseNumber: null })).toBeNull();
    expect(dateDoubtOf({ ...draft, dateAlternatives: [] })).toBeNull();
    expect(dateDoubtOf({ ...draft, docDate: null })).toBeNull();
  });
});
