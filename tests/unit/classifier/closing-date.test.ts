import { describe, expect, it } from 'vitest';
import { closingDatesAfterActs, closingForms, loadRules } from '../../../classifier/index.ts';
import { splitAndClassify, type PageForSplit } from '../../../ingest/split-classify.ts';

const rules = loadRules();
const CASE = '（2024）粤0604执6082号';
const closing = closingForms(rules.nodes);
const acts = new Set(rules.forms.forms.filter((f) => !f.isCover).map((f) => f.code));

describe('closingForms', () => {
  it('are the forms whose transition ends the case', () => {
    expect([...closing].sort()).toEqual(['closing_approval', 'termination_ruling']);
  });
});

describe('closingDatesAfterActs', () => {
  // seed 40 (held out): 审批日期 2025.1.10 over a signed 2025.7.10, the case's June papers in the file
  const approval = { formType: 'closing_approval', caseNumber: CASE, docDate: '2025-01-10', dateAlternatives: ['2025-07-10'], dateDoubtOnly: true };
  const receipt = { formType: 'funds_receipt', caseNumber: CASE, docDate: '2025-06-23' };
  const extension = { formType: 'extension_approval', caseNumber: CASE, docDate: '2025-06-16' };

  it('takes the one reading not before the latest act of its case in the file', () => {
    const out = closingDatesAfterActs([extension, receipt, approval], closing, acts);
    expect(out[2]).toMatchObject({ date: '2025-07-10' });
    expect(out[2]?.reason).toMatch(/2025-01-10 falls before 2025-06-23/);
    expect(out.slice(0, 2)).toEqual([null, null]);
  });

  it('leaves the date to a clerk when both readings or none come after the acts, or nothing settles the acts', () => {
    expect(closingDatesAfterActs([{ ...receipt, docDate: '2024-12-01' }, approval], closing, acts)[1]).toBeNull(); // both after
    expect(closingDatesAfterActs([{ ...receipt, docDate: '2025-08-01' }, approval], closing, acts)[1]).toBeNull(); // none after
    expect(closingDatesAfterActs([approval], closing, acts)[0]).toBeNull(); // alone in its file
    expect(closingDatesAfterActs([{ ...receipt, caseNumber: '（2024）粤0604执6083号' }, approval], closing, acts)[1]).toBeNull(); // another case
    expect(closingDatesAfterActs([{ ...receipt, dateDoubtOnly: true }, approval], closing, acts)[1]).toBeNull(); // the act's date in doubt
    expect(closingDatesAfterActs([{ ...receipt, formType: 'other' }, approval], closing, acts)[1]).toBeNull(); // an unlisted paper is no act
    expect(closingDatesAfterActs([receipt, { ...approval, dateDoubtOnly: false }], closing, acts)[1]).toBeNull(); // more than the date in doubt
    expect(closingDatesAfterActs([receipt, { ...approval, formType: 'extension_approval' }], closing, acts)[1]).toBeNull(); // closes nothing
  });
});

describe('splitAndClassify with a closing approval whose date readings disagree (seed 40, held out)', () => {
  const page = (pageId: string, text: string): PageForSplit => ({ pageId, text, lines: [], blank: false, failed: false });
  const receiptPage = page('p1', '广东省佛山市禅城区人民法院\n执行款到账通知书\n案号: (2024)粤0604执6082号\n缴款人徐建军\n到账金额144,500.00元\n到账日期2025年6月23日\n广东省佛山市禅城区人民法院\n2025年6月23日');
  const approvalPage = page('p2', '执行结案审批表\n案号: (2024)粤0604执6082号\n审批意见同意结案\n执行标的人民币288,900.00元\n审批日期2025.1.10\n被执行人徐建军\n结案方式执行完毕\n申请执行人上海上盛物流有限公司\n2025.7.10');

  it('dates the approval after the funds receipt scanned with it, its 审批日期 too, without a clerk', () => {
    const [, approval] = splitAndClassify([receiptPage, approvalPage], { rules, caseHint: null, reviewConfidence: 0.6, scanDay: '2025-08-01' });
    expect(approval).toMatchObject({ formType: 'closing_approval', docDate: '2025-07-10', status: 'classified', reviewCodes: [] });
    expect((approval?.fields.closingDate as { value: string }).value).toBe('2025-07-10');
    // alone, the two readings stay with a clerk
    const [alone] = splitAndClassify([approvalPage], { rules, caseHint: null, reviewConfidence: 0.6, scanDay: '2025-08-01' });
    expect(alone).toMatchObject({ docDate: '2025-01-10', status: 'needs_review', reviewCodes: ['ocr_low_confidence'] });
  });
});
