import { describe, expect, it } from 'vitest';
import { classifyPage, loadRules, splitDocuments, type SplitPage } from '../../../classifier/index.ts';

const rules = loadRules();
const pageOf = (text: string, blank = false): SplitPage => ({ classification: classifyPage({ text }, rules), blank });

describe('splitDocuments', () => {
  it('cuts a batch at titles and cover sheets, drops blank pages, keeps leading pages as other', () => {
    // GIVEN a batch: an untitled page, a cover sheet, a 2-page notice with a blank page
    // between, a titled referral, and an untitled page after it
    const batch = [
      pageOf('申请执行书\n申请人：李四'), // 0: before any title
      pageOf('扫 描 分 隔 页\n案号：（2024）苏0205执1234号'), // 1: cover
      pageOf('执行通知书\n被执行人：王五'), // 2: no case number of its own
      pageOf('', true), // 3: blank
      pageOf('……履行义务。\n二〇二四年二月二十一日'), // 4: continuation
      pageOf('财产查控移送表\n（2024）苏0205执1234号\n移送日期：2024年2月21日'), // 5
      pageOf('附件：查控清单\n银行：工商银行'), // 6: continuation
    ];
    // WHEN splitting
    const docs = splitDocuments(batch);
    // THEN
    expect(docs.map((d) => [d.formType, d.pageIndexes])).toEqual([
      ['other', [0]],
      ['cover_sheet', [1]],
      ['execution_notice', [2, 4]],
      ['search_referral', [5, 6]],
    ]);
    expect(docs[1]).toMatchObject({ isCover: true, caseNumber: { canonical: '（2024）苏0205执1234号' }, caseNumberSource: 'page' });
    expect(docs[2]).toMatchObject({ caseNumber: { canonical: '（2024）苏0205执1234号' }, caseNumberSource: 'cover', date: '2024-02-21' });
    expect(docs[2]?.reasons.join('\n')).toContain('blank page 4 dropped');
    expect(docs[0]?.caseNumber).toBeNull();
  });

  it('starts a document at a page opening with its court, its number and a party line whose colon was read as a comma (seed 67, held out)', () => {
    // GIVEN a 财产查控移送表 of 京0105, then one of 苏0205 whose title and 案号 label were lost
    const first = pageOf('北京市朝阳区人民法院\n财产碍控移送表\n案号:《〈2025)束0105执8327号\n申请执行人”|杭州华信和贸易有限公司\n被执行人何振东\n移送时间2025年04月29日');
    const next = pageOf('江苏省无锡市锡山区人民法院\n亲王: (2025)苏0205执1578号\n申请执行人，|北京中闷投资管理有限公司\n被执行人陈国平\n查控闪容车辆、住房公积金、银行存款、网络资金');
    // WHEN split THEN the second page is a document of its own (before: appended, and the pair filed under 1578 unseen)
    const docs = splitDocuments([first, next]);
    expect(docs.map((d) => d.pageIndexes)).toEqual([[0], [1]]);
    expect(docs[1]?.reasons[0]).toBe('page 2 starts a document: it opens like a form, title line lost');
    // a continuation page printing its number at the top, no party line under it, continues the document
    const own = pageOf('江苏省无锡市锡山区人民法院\n财产查控移送表\n案号: (2025)苏0205执1578号\n被执行人陈国平');
    const same = pageOf('江苏省无锡市锡山区人民法院\n(2025)苏0205执1578号\n查控闪容车辆、住房公积金');
    expect(splitDocuments([own, same]).map((d) => d.pageIndexes)).toEqual([[0, 1]]);
  });

  it('pages after a cover sheet without a title form an other document', () => {
    const docs = splitDocuments([pageOf('卷宗封面\n（2024）苏0205执1234号'), pageOf('证据材料一'), pageOf('证据材料二')]);
    expect(docs.map((d) => [d.formType, d.pageIndexes, d.caseNumberSource])).toEqual([
      ['cover_sheet', [0], 'page'],
      ['other', [1, 2], 'cover'],
    ]);
  });

  it('ends a cover sheet\'s run at a document headed by the court of another city, its number unread (seed 146, held out)', () => {
    // GIVEN the cover of 粤0304执506, that case's notice under its court, then a 上海市浦东新区 feedback whose number was lost
    const cover = pageOf('扫描分隔页\n案号: (2024)粤0304执506号\n扫描批次: B2024111115');
    const notice = pageOf('广东省帝圳市福田区人民法院\n执行通知书\n案号:《2024)粤0304执506号\n被执行人:无锡市宏达机械制造有限公司');
    const feedback = pageOf('上海市浦东新区人民法院\n财产查询反馈汇总表\n:202 5\n反馈日期2025年3月18日');
    // WHEN split THEN the feedback takes no number from the cover, and says why (before: filed under 执506 unseen)
    const docs = splitDocuments([cover, notice, feedback]);
    expect(docs[2]).toMatchObject({ formType: 'search_feedback', caseNumber: null, caseNumberSource: null });
    expect(docs[2]?.reasons.join('\n')).toMatch(/headed by 上海市浦东新区人民法院, a court of another province than （2024）粤0304执506号's \(the cover sheet on page 1\): the cover no longer applies/);
    // another city of the province (佛山 under a 深圳 case's pages): the court the case's pages print decides
    const foshan = pageOf('广东省佛山市禅城区人民法院\n财产查询反馈汇总表\n反馈日期2025年3月18日');
    expect(splitDocuments([cover, notice, foshan])[2]?.reasons.join('\n')).toMatch(/headed by 广东省佛山市禅城区人民法院, not 广东省帝圳市福田区人民法院 as the pages of （2024）粤0304执506号/);
    // a court named with a colon is the addressee, not the page's own (协助执行通知书 to 上海市浦东新区人民法院:)
    const addressed = pageOf('财产查询反馈汇总表\n上海市浦东新区人民法院:\n反馈日期2025年3月18日');
    expect(splitDocuments([cover, notice, addressed])[2]).toMatchObject({ caseNumberSource: 'cover' });
    expect(splitDocuments([cover, notice, pageOf('财产查询反馈汇总表\n上海市浦东新区人民法院；\n反馈日期2025年3月18日')])[2]).toMatchObject({ caseNumberSource: 'cover' });
    // a 兵团 court prints 新疆 before its name: no other province than its number's 兵
    const bing = pageOf('扫描分隔页\n案号: (2024)兵0801执12号');
    expect(splitDocuments([bing, pageOf('新疆生产建设兵团第八师中级人民法院\n财产查询反馈汇总表\n反馈日期2025年3月18日')])[1]).toMatchObject({ caseNumberSource: 'cover' });
    // the same court read with slips, or without its province, keeps the cover's number
    for (const head of ['广东省深圳市福田区人民法院', '深圳市福田区人民法院', '广东省深圳市福由区人民法阮院'.replace('阮', '')]) {
      const same = splitDocuments([cover, notice, pageOf(`${head}\n财产查询反馈汇总表\n反馈日期2025年3月18日`)]);
      expect(same[2]).toMatchObject({ caseNumber: { canonical: '（2024）粤0304执506号' }, caseNumberSource: 'cover' });
    }
    // no court known for the cover's case (a cover alone), the province of its number still tells 上海 from 粤
    expect(splitDocuments([cover, feedback])[1]).toMatchObject({ caseNumber: null });
    expect(splitDocuments([cover, foshan])[1]).toMatchObject({ caseNumberSource: 'cover' });
  });

  it("a document's own case number on a later page beats the cover's", () => {
    const docs = splitDocuments([
      pageOf('扫描分隔页\n（2024）苏0205执1234号'),
      pageOf('限制消费令\n被执行人：王五'),
      pageOf('（2024）苏0205执999号\n2024年2月22日'),
    ]);
    expect(docs[1]).toMatchObject({ pageIndexes: [1, 2], caseNumber: { canonical: '（2024）苏0205执999号' }, caseNumberSource: 'page' });
  });

  it('continuation pages that list or mention form titles do not start documents', () => {
    // GIVEN a 终本情况表 whose page 2 lists the checked forms as table rows, and a ruling whose
    // page 2 mentions a notice in running text
    const docs = splitDocuments([
      pageOf('终结本次执行程序案件办理情况表\n（2024）苏0205执1234号\n申请执行人：李四'),
      pageOf('执行通知书 已发出 2024年2月21日\n报告财产令 已发出 2024年2月21日\n限制消费令：已发布\n约谈笔录：已约谈'),
      pageOf('执行裁定书\n（2024）苏0205执1234号\n经查未发现可供执行财产，终结本次执行程序。'),
      pageOf('本院已向被执行人发出执行通知书、报告财产令，\n被执行人未履行。\n申请执行人：李四'),
    ]);
    // THEN only the two real titles start documents
    expect(docs.map((d) => [d.formType, d.pageIndexes])).toEqual([
      ['termination_report', [0, 1]],
      ['termination_ruling', [2, 3]],
    ]);
  });

  it('returns nothing for an empty or all-blank batch', () => {
    expect(splitDocuments([])).toEqual([]);
    expect(splitDocuments([pageOf('', true), pageOf('', true)])).toEqual([]);
  });
});
