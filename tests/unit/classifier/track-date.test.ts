/**
 * A date in doubt settled by the case's track (classifier/track-date.ts): a form that ends the
 * track is not dated before the documents that moved the case along it.
 */
import { describe, expect, it } from 'vitest';
import { loadRules, type CaseEvent } from '../../../classifier/index.ts';
import { dateOnTrack } from '../../../classifier/track-date.ts';

const nodes = loadRules().nodes;
const ev = (documentId: string, formType: string, date: string | null, fields: CaseEvent['fields'] = {}): CaseEvent => ({ documentId, formType, date, scanSeq: 0, fields });
const CASE: CaseEvent[] = [
  ev('d1', 'filing_approval', '2025-01-06'),
  ev('d2', 'search_referral', '2025-01-07'),
  ev('d3', 'triage_sheet', '2025-01-15', { triageResult: 'fast_track' }),
  ev('d4', 'termination_report', '2025-05-22'),
  ev('d5', 'termination_ruling', '2025-05-27'),
];

describe('a date in doubt, settled by the track', () => {
  it('is the one reading of a closing approval on or after the ruling that ended the case before it (seed 69)', () => {
    // GIVEN a closing approval whose 审批日期 read 2025-05-03 and its signed line 2025-06-03
    const closing = { formType: 'closing_approval', date: '2025-05-03', alternatives: ['2025-06-03'] };
    // THEN only the 3rd of June is on or after the 终本 ruling of 05-27
    const settled = dateOnTrack(closing, CASE, nodes);
    expect(settled?.date).toBe('2025-06-03');
    expect(settled?.reason).toMatch(/termination_ruling \(document d5\) moved it into an earlier node on 2025-05-27/);
    // and so whichever reading was taken
    expect(dateOnTrack({ ...closing, date: '2025-06-03', alternatives: ['2025-05-03'] }, CASE, nodes)?.date).toBe('2025-06-03');
  });

  it('settles on another reading of a date taken on a day off, never on that date', () => {
    // GIVEN a closing approval read 2025-06-07 (a Saturday) or 2025-05-07: only the Saturday is after the ruling
    const closing = { formType: 'closing_approval', date: '2025-06-07', alternatives: ['2025-05-07'], onDayOff: true };
    // THEN the track does not file it on the Saturday: a clerk confirms it
    expect(dateOnTrack(closing, CASE, nodes)).toBeNull();
    expect(dateOnTrack({ ...closing, onDayOff: false }, CASE, nodes)?.date).toBe('2025-06-07');
    // while the other reading, when it is the one the track leaves, is taken
    expect(dateOnTrack({ ...closing, date: '2025-04-05', alternatives: ['2025-06-05'] }, CASE, nodes)?.date).toBe('2025-06-05');
  });

  it('settles nothing when both readings, or neither, fall on or after the documents before it', () => {
    const closing = { formType: 'closing_approval', date: '2025-06-10', alternatives: ['2025-06-16'] };
    expect(dateOnTrack(closing, CASE, nodes)).toBeNull();
    expect(dateOnTrack({ ...closing, date: '2025-04-10', alternatives: ['2025-04-16'] }, CASE, nodes)).toBeNull();
    // a reading on the ruling's own day counts as on or after it
    expect(dateOnTrack({ ...closing, date: '2025-05-27', alternatives: ['2025-04-27'] }, CASE, nodes)?.date).toBe('2025-05-27');
  });

  it('is not inferred for a form that ends no track and whose node the rules enter from none, nor from documents that move the case nowhere or to no earlier stage', () => {
    // a triage sheet moves the case into a node the track goes on from (a court may triage at filing, before any search)
    expect(dateOnTrack({ formType: 'triage_sheet', date: '2025-01-05', alternatives: ['2025-01-15'], fields: { triageResult: 'fast_track' } }, CASE.slice(0, 2), nodes)).toBeNull();
    // a 终本 ruling after the triage sheet: settled by it; by the 终本 report (which moves no node) alone, not
    const ruling = { formType: 'termination_ruling', date: '2025-01-07', alternatives: ['2025-01-27'] };
    expect(dateOnTrack(ruling, CASE.slice(0, 4), nodes)?.date).toBe('2025-01-27');
    expect(dateOnTrack(ruling, [ev('d4', 'termination_report', '2025-01-20')], nodes)).toBeNull();
    // a closing approval after a closing approval: the same stage, no floor
    expect(dateOnTrack({ formType: 'closing_approval', date: '2025-05-03', alternatives: ['2025-06-03'] }, [ev('d9', 'closing_approval', '2025-05-30')], nodes)).toBeNull();
    // undated documents set no floor, and one reading alone settles nothing
    expect(dateOnTrack({ formType: 'closing_approval', date: '2025-05-03', alternatives: ['2025-06-03'] }, [ev('d5', 'termination_ruling', null)], nodes)).toBeNull();
    expect(dateOnTrack({ formType: 'closing_approval', date: '2025-06-03', alternatives: [] }, CASE, nodes)).toBeNull();
  });

  it('is the one reading of an approved appraisal on or after the earliest move into 实施, the node the rules enter 实施·评估拍卖 from (seed 135, held out)', () => {
    const appraisal = { formType: 'appraisal_auction_approval', date: '2024-11-28', alternatives: ['2024-10-28'], fields: { approval: 'approved' } };
    // GIVEN a case triaged into 快执 on 09-23 and transferred into 实施 on 11-06, and again on 12-01
    const track = [ev('s1', 'search_referral', '2024-09-09'), ev('t1', 'triage_sheet', '2024-09-23', { triageResult: 'fast_track' }), ev('t2', 'transfer_sheet', '2024-11-06', { targetTeam: 'implementation' }), ev('t3', 'transfer_sheet', '2024-12-01', { targetTeam: 'implementation' })];
    const settled = dateOnTrack(appraisal, track, nodes);
    expect(settled?.date).toBe('2024-11-28');
    expect(settled?.reason).toMatch(/entered from implementation, and the case's transfer_sheet \(document t2\) first moved it there on 2024-11-06/);
    expect(dateOnTrack({ ...appraisal, date: '2024-10-28', alternatives: ['2024-11-28'] }, track, nodes)?.date).toBe('2024-11-28');
    // both readings after the move into 实施: nothing settled; nor with no move into 实施 (the triage into 快执 is none)
    expect(dateOnTrack({ ...appraisal, alternatives: ['2024-11-08'] }, track, nodes)).toBeNull();
    expect(dateOnTrack(appraisal, track.slice(0, 2), nodes)).toBeNull();
    // an appraisal not approved moves the case nowhere
    expect(dateOnTrack({ ...appraisal, fields: { approval: 'rejected' } }, track, nodes)).toBeNull();
  });

  it('reads the transitions from the rules: an unapproved appraisal moves the case nowhere', () => {
    const closing = { formType: 'closing_approval', date: '2025-03-03', alternatives: ['2025-08-03'] };
    const rejected = [ev('a1', 'appraisal_auction_approval', '2025-07-01', { approval: 'rejected' })];
    expect(dateOnTrack(closing, rejected, nodes)).toBeNull();
    expect(dateOnTrack(closing, [ev('a1', 'appraisal_auction_approval', '2025-07-01', { approval: { value: 'approved' } })], nodes)?.date).toBe('2025-08-03');
  });
});
