import { describe, expect, it } from 'vitest';
import { createCalendar, loadCalendarYears, loadRules, locateNode, type CaseEvent, type EventFieldValue } from '../../../classifier/index.ts';

const { nodes: rules } = loadRules();
const cal = createCalendar(loadCalendarYears());
let seq = 0;
const ev = (documentId: string, formType: string, date: string | null, fields?: Record<string, EventFieldValue>, scanSeq = ++seq): CaseEvent => ({
  documentId,
  formType,
  date,
  scanSeq,
  ...(fields ? { fields } : {}),
});

const filing = ev('d-filing', 'filing_approval', '2024-02-20');
const referral = ev('d-referral', 'search_referral', '2024-02-21');
const triageFast = ev('d-triage', 'triage_sheet', '2024-03-05', { triageResult: 'fast_track' });

describe('locateNode: transitions', () => {
  it('follows the full track to 执行完毕 with history and bases', () => {
    // GIVEN a case filed, searched, triaged to 实施, auctioned and closed
    const events = [
      filing,
      referral,
      ev('d-triage2', 'triage_sheet', '2024-02-26', { triageResult: { value: 'implementation' } }),
      ev('d-auction', 'appraisal_auction_approval', '2024-04-10', { approval: 'approved' }),
      ev('d-close', 'closing_approval', '2024-12-01', { closingMethod: 'fully_executed' }),
    ];
    // WHEN locating it at the end of the year
    const r = locateNode(events, rules, cal, '2024-12-31');
    // THEN it is concluded and every step is in the history
    expect(r.node).toMatchObject({ code: 'concluded', name: '执行完毕', enteredAt: '2024-12-01', dueAt: null, status: 'on_time', basis: { documentId: 'd-close', formType: 'closing_approval' } });
    expect(r.history.map((h) => [h.code, h.enteredAt, h.leftAt])).toEqual([
      ['filed', '2024-02-20', '2024-02-21'],
      ['search_control', '2024-02-21', '2024-02-26'],
      ['implementation', '2024-02-26', '2024-04-10'],
      ['implementation_auction', '2024-04-10', '2024-12-01'],
    ]);
    expect(r.history[0]).toMatchObject({ name: '立案', dueAt: '2024-02-21', status: 'on_time', basis: { documentId: 'd-filing' } });
    expect(r.filing).toEqual({ date: '2024-02-20', basis: { documentId: 'd-filing', formType: 'filing_approval' }, inferred: false });
    expect(r.reasons).toContain('entered 实施·评估拍卖 on 2024-04-10 because of appraisal_auction_approval (document d-auction)');
  });

  it('orders by document date, not scan order (triage scanned before referral and filing)', () => {
    const events = [
      ev('t', 'triage_sheet', '2024-03-05', { triageResult: 'fast_track' }, 1),
      ev('r', 'search_referral', '2024-02-21', undefined, 2),
      ev('f', 'filing_approval', '2024-02-20', undefined, 3),
    ];
    const r = locateNode(events, rules, cal, '2024-03-10');
    expect(r.node).toMatchObject({ code: 'fast_track', enteredAt: '2024-03-05', dueAt: '2024-04-19', basis: { documentId: 't' } });
    expect(r.history.map((h) => h.code)).toEqual(['filed', 'search_control']);
  });

  it('an auction approval that says 不同意 keeps the node', () => {
    const events = [filing, referral, ev('tr', 'triage_sheet', '2024-02-26', { triageResult: 'implementation' }), ev('no', 'appraisal_auction_approval', '2024-04-10', { approval: 'rejected' })];
    const r = locateNode(events, rules, cal, '2024-04-11');
    expect(r.node?.code).toBe('implementation');
    expect(r.reasons.join('\n')).toContain('does not move the node (approval = rejected)');
    expect(r.warnings.map((w) => w.code)).not.toContain('event_unreadable');
  });

  it('an approval whose opinion could not be read keeps the node and warns', () => {
    const r = locateNode([filing, referral, triageFast, ev('x', 'appraisal_auction_approval', '2024-04-10')], rules, cal, '2024-04-11');
    expect(r.node?.code).toBe('fast_track');
    expect(r.warnings).toContainEqual({
      code: 'event_unreadable',
      message: '评估拍卖审批表（文书 x）未识别出“审批意见”，节点未变更，请人工核对',
      basis: { documentId: 'x', formType: 'appraisal_auction_approval' },
    });
  });

  it('ignores a transition that would move the case backwards', () => {
    const r = locateNode([filing, referral, triageFast, ev('r2', 'search_referral', '2024-03-20')], rules, cal, '2024-03-21');
    expect(r.node?.code).toBe('fast_track');
    expect(r.reasons.join('\n')).toContain('ignored search_referral (document r2) on 2024-03-20');
  });

  it('a transfer to 实施 moves the node; a transfer to the 终本 team meets the 快执 limit', () => {
    const toImpl = locateNode([filing, referral, triageFast, ev('tf', 'transfer_sheet', '2024-04-01', { targetTeam: 'implementation' })], rules, cal, '2024-04-02');
    expect(toImpl.node).toMatchObject({ code: 'implementation', enteredAt: '2024-04-01', dueAt: '2024-06-15' });
    const toTerm = locateNode([filing, referral, triageFast, ev('tt', 'transfer_sheet', '2024-04-01', { targetTeam: 'termination' })], rules, cal, '2024-05-01');
    expect(toTerm.node).toMatchObject({ code: 'fast_track', limitMetAt: '2024-04-01', status: 'on_time' });
    expect(toTerm.warnings.map((w) => w.code)).not.toContain('node_limit');
  });

  it('without a filing approval, the earliest document fixes the filing date', () => {
    const r = locateNode([ev('n', 'execution_notice', '2024-02-22', undefined, 5), ev('r', 'search_referral', '2024-02-23', undefined, 6)], rules, cal, '2024-02-23');
    expect(r.filing).toMatchObject({ date: '2024-02-22', inferred: true, basis: { documentId: 'n' } });
    expect(r.history[0]).toMatchObject({ code: 'filed', enteredAt: '2024-02-22', basis: { documentId: 'n' } });
    expect(r.node?.code).toBe('search_control');
  });

  it('an undated document takes the date of the document scanned before it; later documents do not count', () => {
    const r = locateNode(
      [ev('f', 'filing_approval', '2024-02-20', undefined, 1), ev('r', 'search_referral', null, undefined, 2), ev('t', 'triage_sheet', '2024-05-01', { triageResult: 'fast_track' }, 3)],
      rules,
      cal,
      '2024-03-01',
    );
    expect(r.node).toMatchObject({ code: 'search_control', enteredAt: '2024-02-20' });
    expect(r.reasons.join('\n')).toMatch(/document r .*no date; ordered as 2024-02-20/);
    expect(r.reasons.join('\n')).toContain('document t dated 2024-05-01 is after asOf 2024-03-01; not counted');
  });

  it('no events: no node', () => {
    expect(locateNode([], rules, cal, '2024-03-01')).toMatchObject({ node: null, filing: null, history: [], warnings: [] });
    expect(() => locateNode([], rules, cal, '2024/03/01')).toThrow(RangeError);
  });
});

describe('locateNode: limits and status', () => {
  it.each([
    ['2024-04-13', 'on_time'],
    ['2024-04-14', 'due_soon'],
    ['2024-04-19', 'due_soon'],
    ['2024-04-20', 'overdue'],
  ])('快执 entered 2024-03-05 (45 days, due 2024-04-19) is %s → %s', (asOf, status) => {
    const r = locateNode([filing, referral, triageFast, ev('n', 'execution_notice', '2024-02-21')], rules, cal, asOf);
    expect(r.node).toMatchObject({ code: 'fast_track', dueAt: '2024-04-19', status, limitLabel: '45日内流转至终本团队或实施团队' });
    const w = r.warnings.find((x) => x.code === 'node_limit');
    if (status === 'on_time') expect(w).toBeUndefined();
    else expect(w).toMatchObject({ status, dueAt: '2024-04-19', message: `快执：45日内流转至终本团队或实施团队，${status === 'overdue' ? '已超期' : '即将到期'}（到期日 2024-04-19）` });
  });

  it('立案: search must start within 24 hours', () => {
    expect(locateNode([filing], rules, cal, '2024-02-20').node).toMatchObject({ code: 'filed', dueAt: '2024-02-21', status: 'on_time' });
    expect(locateNode([filing], rules, cal, '2024-02-21').node?.status).toBe('due_soon');
    expect(locateNode([filing], rules, cal, '2024-02-22').node?.status).toBe('overdue');
  });

  it('查控: 5 working days counted over the National Day holiday', () => {
    const events = [ev('f', 'filing_approval', '2024-09-29'), ev('r', 'search_referral', '2024-09-30')];
    expect(locateNode(events, rules, cal, '2024-10-08').node).toMatchObject({ code: 'search_control', dueAt: '2024-10-12', status: 'on_time' });
    expect(locateNode(events, rules, cal, '2024-10-11').node?.status).toBe('due_soon');
    // an offline measure meets the limit without leaving the node
    const met = locateNode([...events, ev('o', 'onsite_investigation', '2024-10-09')], rules, cal, '2024-10-20');
    expect(met.node).toMatchObject({ code: 'search_control', limitMetAt: '2024-10-09', status: 'on_time' });
  });
});

describe('locateNode: case-wide clocks', () => {
  const clock = (r: ReturnType<typeof locateNode>, code: string) => r.clocks.find((c) => c.code === code);

  it('6-month limit from filing, extended by an extension approval', () => {
    // GIVEN a case filed 2024-02-20 in 实施 for a long time
    const base = [filing, referral, ev('tr', 'triage_sheet', '2024-02-26', { triageResult: 'implementation' }), ev('n', 'execution_notice', '2024-02-21')];
    // WHEN no extension: due 2024-08-20, overdue on 2024-08-25
    const plain = locateNode(base, rules, cal, '2024-08-25');
    expect(clock(plain, 'close_within_limit')).toMatchObject({ dueAt: '2024-08-20', status: 'overdue' });
    expect(plain.warnings).toContainEqual(expect.objectContaining({ code: 'close_within_limit', status: 'overdue', message: '6个月执行期限：已超期（到期日 2024-08-20）' }));
    // WHEN an approved extension of 三个月 (as the classifier emits it: { value: 'P3M' })
    const ext = locateNode([...base, ev('x', 'extension_approval', '2024-08-10', { extension: { value: 'P3M' } })], rules, cal, '2024-08-25');
    // THEN due 2024-11-20 and on time
    expect(clock(ext, 'close_within_limit')).toMatchObject({ dueAt: '2024-11-20', status: 'on_time', extendedBy: [{ documentId: 'x', by: 'P3M' }] });
    expect(ext.warnings.map((w) => w.code)).not.toContain('close_within_limit');
  });

  it('an extension without a readable period does not extend and warns', () => {
    const r = locateNode([filing, ev('x', 'extension_approval', '2024-08-10')], rules, cal, '2024-08-12');
    expect(clock(r, 'close_within_limit')?.dueAt).toBe('2024-08-20');
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'event_unreadable', basis: { documentId: 'x', formType: 'extension_approval' } }));
  });

  it('execution notice within 3 days of filing', () => {
    expect(clock(locateNode([filing], rules, cal, '2024-02-23'), 'execution_notice_within_limit')).toMatchObject({ dueAt: '2024-02-23', status: 'due_soon' });
    const late = locateNode([filing], rules, cal, '2024-02-24');
    expect(late.warnings).toContainEqual(expect.objectContaining({ code: 'execution_notice_within_limit', status: 'overdue' }));
    const sent = locateNode([filing, ev('n', 'execution_notice', '2024-02-22')], rules, cal, '2024-03-01');
    expect(clock(sent, 'execution_notice_within_limit')).toBeUndefined();
    expect(sent.completedClocks).toContainEqual(expect.objectContaining({ code: 'execution_notice_within_limit', stoppedAt: '2024-02-22', late: false }));
  });

  it('funds disbursed within 10 working days of arrival (across National Day)', () => {
    // GIVEN funds arriving Friday 2024-09-27: Sun 9-29 and Sat 10-12 are working days, Oct 1–7 are not
    const base = [filing, ev('fr', 'funds_receipt', '2024-09-27', { amount: 50000 })];
    const at = (asOf: string) => clock(locateNode(base, rules, cal, asOf), 'disbursement_within_limit');
    // THEN due 2024-10-16; due_soon within 2 working days (20% of 10)
    expect(at('2024-10-10')).toMatchObject({ startedAt: '2024-09-27', dueAt: '2024-10-16', status: 'on_time', basis: { documentId: 'fr' } });
    expect(at('2024-10-15')?.status).toBe('due_soon');
    expect(at('2024-10-17')?.status).toBe('overdue');
    // WHEN the disbursement approval arrives, the clock stops
    const paid = locateNode([...base, ev('da', 'disbursement_approval', '2024-10-14')], rules, cal, '2024-10-20');
    expect(clock(paid, 'disbursement_within_limit')).toBeUndefined();
    expect(paid.completedClocks).toContainEqual(expect.objectContaining({ code: 'disbursement_within_limit', dueAt: '2024-10-16', stoppedAt: '2024-10-14', late: false, stopBasis: { documentId: 'da', formType: 'disbursement_approval' } }));
  });

  it('each funds arrival opens its own clock; a later receipt is not stopped by an earlier disbursement', () => {
    const r = locateNode(
      [filing, ev('a', 'funds_receipt', '2024-03-01'), ev('p', 'disbursement_approval', '2024-03-05'), ev('b', 'funds_receipt', '2024-03-10')],
      rules,
      cal,
      '2024-03-11',
    );
    expect(r.clocks.filter((c) => c.code === 'disbursement_within_limit').map((c) => c.startedAt)).toEqual(['2024-03-10']);
  });

  it('an objection opens the 15-day adjudication clock until its ruling', () => {
    const base = [filing, referral, triageFast, ev('obj', 'objection', '2024-07-01')];
    const open = locateNode(base, rules, cal, '2024-07-05');
    expect(clock(open, 'adjudication')).toMatchObject({ startedAt: '2024-07-01', dueAt: '2024-07-16', status: 'on_time' });
    expect(open.warnings).toContainEqual(expect.objectContaining({ code: 'adjudication', status: 'on_time', message: '执行异议15日内审查：进行中（到期日 2024-07-16）' }));
    expect(open.node?.code).toBe('fast_track'); // beside the main track
    const ruled = locateNode([...base, ev('rul', 'objection_ruling', '2024-07-12')], rules, cal, '2024-07-20');
    expect(clock(ruled, 'adjudication')).toBeUndefined();
    expect(ruled.warnings.map((w) => w.code)).not.toContain('adjudication');
    expect(ruled.completedClocks).toContainEqual(expect.objectContaining({ code: 'adjudication', stoppedAt: '2024-07-12', late: false }));
    expect(locateNode(base, rules, cal, '2024-07-17').warnings).toContainEqual(expect.objectContaining({ code: 'adjudication', status: 'overdue' }));
  });

  it('flags a case open for more than 12 months', () => {
    const r = locateNode([filing, ev('n', 'execution_notice', '2024-02-21')], rules, cal, '2025-02-21');
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'open_over_12_months', status: 'overdue', dueAt: '2025-02-20' }));
    expect(locateNode([filing], rules, cal, '2025-02-19').warnings.map((w) => w.code)).not.toContain('open_over_12_months');
  });
});

describe('locateNode: 终本 checks', () => {
  it('a termination ruling with missing checks enters 终本 but warns, naming what is missing', () => {
    // GIVEN a case with a notice, a search and its feedback only, terminated 7 weeks after filing
    const events = [filing, ev('n', 'execution_notice', '2024-02-21'), referral, ev('fb', 'search_feedback', '2024-03-01', { propertyFound: 'not_found' }), ev('tr', 'termination_ruling', '2024-04-10')];
    // WHEN locating it
    const r = locateNode(events, rules, cal, '2024-04-11');
    // THEN the node is 终本 and the warning lists every missing item
    expect(r.node).toMatchObject({ code: 'terminated', name: '终本', enteredAt: '2024-04-10' });
    const w = r.warnings.find((x) => x.code === 'termination_unchecked');
    expect(w?.missing).toEqual(['property_report_order', 'consumption_restriction', 'onsite_investigation', 'applicant_interview', 'three_months_since_filing']);
    expect(w?.message).toBe('终本核查未通过：报告财产令、限制消费令、线下调查措施、约谈申请执行人、立案已满三个月');
    expect(r.checklist.find((c) => c.item === 'execution_notice')).toMatchObject({ done: true, basis: { documentId: 'n', date: '2024-02-21' } });
    // and the 6-month clock is stopped by the ruling
    expect(r.clocks.find((c) => c.code === 'close_within_limit')).toBeUndefined();
  });

  it('a complete dossier passes (失信 is optional; documents after the ruling do not count)', () => {
    const events = [
      filing,
      ev('n', 'execution_notice', '2024-02-21'),
      ev('p', 'property_report_order', '2024-02-21'),
      ev('c', 'consumption_restriction', '2024-02-22'),
      referral,
      ev('fb', 'search_feedback', '2024-03-01'),
      ev('o', 'onsite_investigation', '2024-03-04'),
      ev('i', 'applicant_interview', '2024-05-06'),
      ev('tr', 'termination_ruling', '2024-06-01'),
    ];
    const ok = locateNode(events, rules, cal, '2024-06-02');
    expect(ok.node?.code).toBe('terminated');
    expect(ok.warnings.map((w) => w.code)).not.toContain('termination_unchecked');
    expect(ok.checklist.filter((c) => c.required && !c.done)).toEqual([]);
    expect(ok.checklist.find((c) => c.item === 'dishonesty_decision')).toMatchObject({ required: false, done: false });
    // the interview arriving after the ruling does not cure it
    const late = locateNode(events.map((e) => (e.documentId === 'i' ? { ...e, date: '2024-06-05' } : e)), rules, cal, '2024-06-10');
    expect(late.warnings.find((w) => w.code === 'termination_unchecked')?.missing).toEqual(['applicant_interview']);
  });
});
