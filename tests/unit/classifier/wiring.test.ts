import { describe, expect, it } from 'vitest';
import {
  classifyDocument,
  classifyPage,
  createCalendar,
  loadCalendarYears,
  loadRules,
  locateNode,
  splitDocuments,
  type CaseEvent,
  type ClassifyInput,
} from '../../../classifier/index.ts';

const rules = loadRules();
const cal = createCalendar(loadCalendarYears());

describe('classifier wiring: OCR text → documents → events → node', () => {
  it('a batch scanned out of order yields the right node', () => {
    // GIVEN one scanned batch: the triage sheet first, then a 2-page filing form, then the referral
    const pages: ClassifyInput[] = [
      { text: '繁 简 分 流 审 批 表\n案号 (2024)苏0205执1234号\n分流结果 ☑简案 □繁案\n审批日期 2024年3月5日' },
      { text: '执 行 案 件 立 案 审 批 表\n案号：〔2024〕苏0205执1234号\n立案日期：2024年2月20日\n申请执行人：李四' },
      { text: '被执行人：王五\n执行标的金额：12.5万元' },
      { text: '' },
      { text: '财 产 得 控 移 送 表\n《2024》苏0205执l234号\n移送日期：2024.2.21\n查控事项：银行存款' },
    ];
    // WHEN classified, split, classified per document and turned into events
    const docs = splitDocuments(pages.map((p) => ({ classification: classifyPage(p, rules), blank: p.text === '' })));
    const events: CaseEvent[] = docs.map((d, i) => {
      const c = classifyDocument(d.pageIndexes.map((j) => pages[j] as ClassifyInput), rules);
      return { documentId: `doc-${i}`, formType: c.formType, date: c.date, scanSeq: i, fields: c.fields };
    });
    // THEN every document belongs to the same case and the node is 快执 entered on the triage date
    expect(docs.map((d) => [d.formType, d.pageIndexes, d.caseNumber?.canonical])).toEqual([
      ['triage_sheet', [0], '（2024）苏0205执1234号'],
      ['filing_approval', [1, 2], '（2024）苏0205执1234号'],
      ['search_referral', [4], '（2024）苏0205执1234号'],
    ]);
    expect(events[1]?.fields?.amount).toMatchObject({ value: 125000 });
    const r = locateNode(events, rules.nodes, cal, '2024-03-10');
    expect(r.node).toMatchObject({ code: 'fast_track', enteredAt: '2024-03-05', dueAt: '2024-04-19', status: 'on_time', basis: { documentId: 'doc-0', formType: 'triage_sheet' } });
    expect(r.history.map((h) => [h.code, h.enteredAt, h.leftAt])).toEqual([
      ['filed', '2024-02-20', '2024-02-21'],
      ['search_control', '2024-02-21', '2024-03-05'],
    ]);
    // no execution notice within 3 days of filing
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'execution_notice_within_limit', status: 'overdue', dueAt: '2024-02-23' }));
  });
});
