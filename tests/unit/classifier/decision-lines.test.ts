import { describe, expect, it } from 'vitest';
import { classifyPage, loadRules, nodeFieldsUnread } from '../../../classifier/index.ts';
import { decisionFields, decisionValue, unreadDecisionLines, type DecisionField } from '../../../classifier/decision-lines.ts';

const rules = loadRules();
const fields = decisionFields(rules.forms, rules.nodes);
const field = (key: string): DecisionField | undefined => fields.find((f) => f.key === key);

describe('the lines that decide a case\'s node', () => {
  it('are the enum fields the node transitions read, from the rule files', () => {
    expect(fields.map((f) => f.key).sort()).toEqual(expect.arrayContaining(['appraisal_auction_approval.approval', 'triage_sheet.triageResult']));
    expect(field('appraisal_auction_approval.approval')?.labels).toContain('院长意见');
    // a duration (延长期限) is no enum: not a decision line
    expect(fields.every((f) => Object.keys(f.values).length > 0)).toBe(true);
    // a court's own rule file with one more label is followed without code
    const forms = structuredClone(rules.forms);
    forms.forms.find((f) => f.code === 'appraisal_auction_approval')?.fields.find((d) => d.name === 'approval')?.labels.push('分管领导意见');
    expect(decisionFields(forms, rules.nodes).find((f) => f.key === 'appraisal_auction_approval.approval')?.labels).toContain('分管领导意见');
  });

  it('are found where a label opens a line and none of its words follow (seed 5: |院长意见|本章 for 同意)', () => {
    const page = ['浙江省杭州市西湖区人民法院', '评估担卖审批表', '案号:〈2024)浙0106执6785', '拟处置财产位于杭州市西湖区文三路7蛋1779室的房产', '|承办人意见|建议委托评估后依法网络拍卖', '|院长意见|本章', '浙江省杭州市西湖区人民法院', '2025-01-14'];
    expect(unreadDecisionLines(page, fields).map((u) => [u.index, u.fields.map((f) => f.key)])).toEqual([[5, ['appraisal_auction_approval.approval']]]);
    // the same page as the line read alone: nothing left unread, and the value is 同意
    const reread = page.map((l, i) => (i === 5 ? '院长意见同意' : l));
    expect(unreadDecisionLines(reread, fields)).toEqual([]);
    const c = classifyPage({ text: reread.join('\n') }, rules.forms);
    expect(c.fields.approval?.value).toBe('approved');
    expect(nodeFieldsUnread(c, rules.nodes)).toEqual([]);
    expect(nodeFieldsUnread(classifyPage({ text: page.join('\n') }, rules.forms), rules.nodes)).toEqual(['approval']);
  });

  it('are found under a long label read one glyph off, with the label as the rule file spells it (seed 26: 局长意册，)', () => {
    const page = ['评佑担卖审批表', '承办人意见建议委托评估后依法网络拍卖', '局长意册，', '查封情况已查封'];
    expect(unreadDecisionLines(page, fields).map((u) => [u.index, u.label])).toEqual([[2, '局长意见']]);
    // two glyphs off is another label (审批日期 is no 审批意见), and a short label must be exact (移送至)
    expect(unreadDecisionLines(['审批日期2025年1月3日', '局册意册 本章', '移送止 本章', '长局意见'], fields)).toEqual([]);
  });

  it('leave read values, labels inside sentences and other lines alone', () => {
    expect(unreadDecisionLines(['分流意见|精执团队办理', '审批意见 不同意', '本院审批意见为本章', '承办人意见 本章'], fields)).toEqual([]);
    expect(decisionValue('院长意见不同意', fields.filter((f) => f.key.endsWith('.approval')))).toBe('appraisal_auction_approval.approval:rejected');
    expect(decisionValue('陀长巡见问意', fields)).toBeNull();
  });
});
