/**
 * The bridge from recognized pages to document drafts: header-band title recovery and QR
 * cover sheets, on OCR-like text (no OCR run here).
 */
import { describe, expect, it } from 'vitest';
import { createCalendar, loadCalendarYears, loadRules } from '../../classifier/index.ts';
import { datedBeforeFiling } from '../../classifier/case-register.ts';
import { checkWithRegister } from '../../ingest/register-check.ts';
import { dateDoubtOf, splitAndClassify, type PageForSplit } from '../../ingest/split-classify.ts';
import { memoryRegister, type RegisterLookup } from '../../storage/register.repo.ts';

const rules = loadRules();
const opts = { rules, caseHint: null, reviewConfidence: 0.6 };
const page = (pageId: string, text: string, extra: Partial<PageForSplit> = {}): PageForSplit => ({ pageId, text, lines: [], blank: false, failed: false, ...extra });
/** One page with its header band's text, split, classified and checked against `register`: its one document. */
const checkedPage = async (register: RegisterLookup, text: string, headerText: string | null, scanDay: string) =>
  (await checkWithRegister(register, splitAndClassify([page('p1', text, { headerText })], { ...opts, scanDay }), () => text))[0]!;

const TRIAGE_BODY = '案号：（2024）苏0205执555号\n申请执行人：无锡某某建材有限公司\n分流意见：快执\n承办人：李四\n2024年3月8日';

describe('splitAndClassify', () => {
  it('takes the title the band reads above the 案号 line over a form named exactly in a table row below it (seed 52, held out)', () => {
    // GIVEN a 终本 report whose title the full page garbled; its row 报告财产令已发出 reads exactly
    const text = '江苏省无锡市中级人民法院\n岁结本次执行程序条件办理人情况琢，\n案号:〈2015)锡法执字第8341号\n申请执行人上海上时盛物流有限公司\n被执行人罗小芳\n立案日期2015-01-19\n执行通知书已发出2015-01-21\n报告财产令已发出\n网络查控已完成，未发现财产\n限制消费,|已采取\n约谈申请执行人已约谈\n办理情况经穷尽财产调查措施，未发现可供执行财产\n江苏省无锡市中级人民法院\n2015-05-26';
    const headerText = '[ZET\n江苏省无锡市中级人民法院\n终结本次执行程序案件办理情况表\n:〈2015)锡法执字第8341号';
    // the row alone names no form: below the 案号 line, sharing its line, it is no title, and the
    // garbled title line sends the page to a clerk (before: filed as 报告财产令 without one)
    expect(splitAndClassify([page('p1', text)], opts)[0]).toMatchObject({ formType: 'other', status: 'needs_review', reviewCodes: ['form_type_uncertain'] });
    // WHEN the header band read the title THEN the band's title names the page
    const [doc] = splitAndClassify([page('p1', text, { headerText })], opts);
    expect(doc).toMatchObject({ formType: 'termination_report', caseNumber: '（2015）锡法执字第8341号' });
    // a band that reads only the same row names nothing new
    expect(splitAndClassify([page('p1', text, { headerText: '江苏省无锡市中级人民法院\n岁结本次执行\n:〈2015)锡法执字第8341号' })], opts)[0]).toMatchObject({ formType: 'other', status: 'needs_review' });
  });

  it('keeps the first page\'s case number when a later page of the document reads another, for a clerk (seed 67, held out)', () => {
    // GIVEN a referral of 京0105 read with a garbled province, then a page of 苏0205 whose head
    // (court, number, party line) does not open like a form: it is appended
    const first = page('p1', '北京市朝阳区人民法院\n财产碍控移送表\n案号:《〈2025)束0105执8327号\n申请执行人”|杭州华信和贸易有限公司\n被执行人何振东\n移送时间2025年04月29日');
    const next = page('p2', '江苏省无锡市锡山区人民法院\n亲王 (2025)苏0205执1578号\n查控闪容车辆、住房公积金、银行存款、网络资金\n请查控组对被执行人名下财产进行网络查询。');
    const [doc, more] = splitAndClassify([first, next], opts);
    expect(more).toBeUndefined();
    // THEN the pair is filed under the first page's number and waits for a clerk (before: under 1578, unseen)
    expect(doc).toMatchObject({ pageIds: ['p1', 'p2'], caseNumber: '（2025）京0105执8327号', status: 'needs_review' });
    expect(doc!.reviewCodes).toContain('case_number_conflict');
    expect(doc!.reasons.join('\n')).toMatch(/case number （2025）苏0205执1578号 read on a later page differs from （2025）京0105执8327号, the first page's/);
    // a later page reading the first page's own number changes nothing
    const same = page('p2', '江苏省无锡市锡山区人民法院\n亲王 (2025)京0105执8327号\n查控闪容车辆、住房公积金');
    expect(splitAndClassify([first, same], opts)[0]!.reviewCodes).not.toContain('case_number_conflict');
  });

  it('recovers a title the full-page pass lost from the header band', () => {
    // GIVEN a filing page, then a triage page whose full-page text lost its title line
    const filing = page('p1', '江苏省无锡市锡山区人民法院\n立案审批表\n案号：（2024）苏0205执555号\n2024年3月1日');
    const lost = page('p2', `江苏省无锡市锡山区人民法院\n${TRIAGE_BODY}`, { headerText: '江苏省无锡市锡山区人民法院\n繁简分流表\n案号：（2024）苏0205执555号' });
    // WHEN split THEN the triage page starts its own document, named from the band
    const docs = splitAndClassify([filing, lost], opts);
    expect(docs.map((d) => [d.formType, d.pageIds])).toEqual([
      ['filing_approval', ['p1']],
      ['triage_sheet', ['p2']],
    ]);
    expect(docs[1]!.reasons.join(' ')).toMatch(/title matched 繁简分流表/);
    // and without the band the title is only guessed, and the page goes to review
    const without = splitAndClassify([filing, { ...lost, headerText: null }], opts);
    expect(without[1]?.status).toBe('needs_review');
  });

  it('guesses with the band\'s near-title line when the full page lost the title line whole (每简分流, seed 31, held out)', () => {
    // (its 理由 row lost too: with every label of the sheet the body alone would file it, see below)
    const full = ':案号:〈2024)浙0106执7718号\n分流日期2024年12月18日\n立案日期.| 2024年12月10日\n被执行人林淑珍\n申请执行人_无锡新纪元纺织品有限公司\n分流结果简案〈快执)\n经审查，本案分入快执团队办理。\n2024年12月18日';
    const band = '每简分流\n:案号:〈2024)浙0106执7718号\n分流日期2024年12月18日';
    const [withBand] = splitAndClassify([page('p1', full, { headerText: band })], { ...opts, scanDay: '2025-01-10' });
    expect(withBand).toMatchObject({ formType: 'triage_sheet', status: 'classified', docDate: '2024-12-18', caseNumber: '（2024）浙0106执7718号' });
    expect(withBand!.reasons.join('\n')).toMatch(/title line "每简分流" at line 1 not readable; closest title 繁简分流表/);
    // the full page alone: the same guess, for a clerk
    const [alone] = splitAndClassify([page('p1', full)], { ...opts, scanDay: '2025-01-10' });
    expect(alone).toMatchObject({ formType: 'triage_sheet', status: 'needs_review', reviewCodes: ['form_type_uncertain'] });
    // with its 理由 row read, the body carries every label of the sheet: filed without the band (seed 115)
    const whole = full.replace('被执行人林淑珍\n', '被执行人林淑珍\n理由，“|被执行人名下有可供执行的银行存款，财产线索明确\n');
    expect(splitAndClassify([page('p1', whole)], { ...opts, scanDay: '2025-01-10' })[0]).toMatchObject({ formType: 'triage_sheet', status: 'classified', docDate: '2024-12-18' });
  });

  it('guesses with the band\'s title line when it reads closer to a title than the full page\'s (每简分流 over 每科分流, seed 43, held out)', () => {
    const full = '江苏省无锡市中级人民法院\n每科分流\n案号: (2024)苏02执9168号\n|瓜分注至，繁案-\n理由;被执行人财产需评估拍卖处置，案情复杂\n立案日期2024.4.11\nMRNA\n申请执行人。“，，。|江苏便远建设工程有限公司\n经审查，本案分入精执团队办理。\n江苏省无锡市中级人民法院\n，2024.4.22';
    const band = 'es本\n案己:\n江苏省无锡市中级人民法院\n每简分流\n(2024)苏02执9168号';
    const [withBand] = splitAndClassify([page('p1', full, { headerText: band })], { ...opts, scanDay: '2024-05-10' });
    expect(withBand).toMatchObject({ formType: 'triage_sheet', caseNumber: '（2024）苏02执9168号' });
    expect(withBand!.reasons.join('\n')).toMatch(/title line "每简分流" at line 4 not readable; closest title 繁简分流表/);
    // the full page's line alone is too far from the title: filed as other, for a clerk
    const [alone] = splitAndClassify([page('p1', full)], { ...opts, scanDay: '2024-05-10' });
    expect(alone).toMatchObject({ formType: 'other', status: 'needs_review' });
  });

  it('takes no near-title line from the band on a page the full pass found no form\'s first page (seed 96, held out)', () => {
    // GIVEN the last page of a 终本 ruling (its running header the case number, no footer) whose
    // decision line 终结本次执行程序。 the title pass read again as 终结本次执行序
    const first = page('p1', '江苏省无锡市锡山区人民法院\n执行裁定书（终结本次执行程序）\n案号: [2024]苏0205执7847号\n申请执行人赵永刚，男，汉族\n被执行人无锡新纪元纺织品有限公司\n本院在执行申请执行人赵永刚与被执行人无锡新纪元纺织品有限公司买卖合同纠纷一案中，');
    const last = '[2024]苏0205执7847号\n站请执行人赵永刚在执行过程中林能向本院提供实行人可供执行的财产线索，\n本院已将查询结果告知申请执行人。\n依照《最高人民法院关于适用《中华人民共和国民事诉讼法》的解释》的有关规\n定，裁定如下:，\n终结本次执行程序。\n申请执行人发现被执行人有可供执行财产的，可以再次申请执行。本裁定送达后，\n立即生效。\n审判长刘洋\n审判员沈立\n江苏省无锡市锡山区人民法院\n这二O〇二五年四月十七日';
    const band = '终结本次执行序\n志这<\n[2024]苏0205执7847号\n申请执行人直永刚在执行过程中未能向本院提供被行人可供执行的财产线索';
    const docs = splitAndClassify([first, page('p2', last, { headerText: band })], { ...opts, scanDay: '2025-06-30' });
    // THEN the ruling is one document of both pages, dated by its last
    expect(docs.map((d) => [d.formType, d.pageIds, d.docDate])).toEqual([['termination_ruling', ['p1', 'p2'], '2025-04-17']]);
  });

  it('counts a line\'s place on the page below the band put before it: an objection ruling\'s recital stays near the top (seed 31)', () => {
    // GIVEN an objection ruling whose title the full page garbled and the band read; its own 执异
    // number heads it, the enforcement case it is filed under is recited on line 7 of the page
    const full = '广东省佛山市禅城区人民法院\n所行埠定书(异议)\n《2025)由0604执异52号\n异议人:张建国:\n申请执行人:高明\n被执行人:杭州华信贸易有限公司\n本院在执行〈《2025)甸0604执3735号申请执行人高明与被执行人杭州华信贸易\n有限公司买卖合同纠纷一案中,,异议人张建国对本院查封位于佛山市禅城区祖庙街道\n15峡944室的房产的执行行为提出书面异议。\n裁定如下:\n驳回异议人张建国的异议请求。\n广东省佛山市禅城区人民法院\n2025年3月17日';
    const band = '执行裁定书“异议)\n广东省佛山市禅城区人民法院\n执行裁定书〈异议)，\n(2025)粤0604执异52号\n异议人:张建国:';
    const [doc] = splitAndClassify([page('p1', full, { headerText: band })], { ...opts, scanDay: '2025-04-01' });
    // THEN the title comes from the band and the number from the recital, as the page alone gives it
    expect(doc).toMatchObject({ formType: 'objection_ruling', caseNumber: '（2025）粤0604执3735号' });
    expect(doc!.reasons.join('\n')).toMatch(/case number （2025）粤0604执3735号 at line 12 \(preferred type 执, near the top/);
  });

  it('takes the number the header band read whole where the full page cut its sequence number short (seed 75, held out)', () => {
    // GIVEN an interview record under its case's cover: the full page read 执314j1号 (执314, cut
    // short by the j), the band, read alone at a larger scale, 执3141号
    const cover = page('p0', '执行案卷\n上海市浦东新区人民法院\n案号:（2024）沪0115执3141号\n正卷');
    const full = '上海市浦东新区人民法院\n现场调查笔录\n案号: [2024]沪0115执314j1号\n时间:二〇二四年七月十五日上午8时\n地点:上海市浦东新区张江镇67号\n调查人:陈晨、钱伟\n.被调查人:朱红梅\n;我们是本院执行干警，今天依法对你的住所进行现场调查，你是否清楚?\n清楚。';
    const band = '8过\n现场调查笔录\n上海市溥东新区人民法院\n现场调查笔录\n案号: [2024]沪0115执3141号\n时间:二〇二四年七月十五日上午8时';
    const [, doc] = splitAndClassify([cover, page('p1', full, { headerText: band })], { ...opts, scanDay: '2024-12-31' });
    // THEN the band's number is the record's, with no doubt left on it
    expect(doc).toMatchObject({ formType: 'onsite_investigation', caseNumber: '（2024）沪0115执3141号', status: 'classified' });
    expect(doc!.reasons.join('\n')).toMatch(/from the header band \(the full page read "\[2024\]沪0115执314", its sequence number cut short\)/);
    expect((doc!.fields.caseNumber as { value: string }).value).toBe('（2024）沪0115执3141号');
    // a band that read another number altogether (执3147: not the digits after the cut), or the
    // short one, leaves the full page's reading to a clerk
    for (const other of ['执3147号', '执314号']) {
      const [, d] = splitAndClassify([cover, page('p1', full, { headerText: band.replace('执3141号', other) })], { ...opts, scanDay: '2024-12-31' });
      expect(d).toMatchObject({ caseNumber: '（2024）沪0115执314号', status: 'needs_review' });
    }
  });

  it('takes the title the header band read better than the full page (悬员公告 for 悬赏公告, seed 16)', () => {
    const body = '(2013)浦法执字第7945号\n被执行人:朱红梅，女，汉族，住上海市浦东新区张江镇76号\n申请执行人上海易盛物流有限公司与被执行人朱红梅借款合同纠纷一案，因被执行人未履行生效法律文书确定的义务，申请执行人申请悬赏。\n凡提供被执行人可供执行财产线索，经查证属实并执行到位的，按实际执行到位金额的百分之十给予奖励。\n上海市浦东新区人民法院\n2013年9月18日';
    const full = `上海市浦东新区人民法院\n评\n悬员公告\n${body}`;
    const band = '悬赏公告\n上海市浦东新区人民法院\n这寻\n悬员公告\n(2013)浦法执字第7945号';
    // WHEN split with the band THEN the exact reading names the form with confidence
    const [withBand] = splitAndClassify([page('p1', full, { headerText: band })], { ...opts, scanDay: '2013-10-01' });
    expect(withBand).toMatchObject({ formType: 'onsite_investigation', status: 'classified', docDate: '2013-09-18' });
    expect(withBand!.reasons.join('\n')).toMatch(/title matched 悬赏公告 at line 1 \(similarity 1\.00\)/);
    // and the full page's one-glyph-off title alone leaves it to a clerk
    const [alone] = splitAndClassify([page('p1', full)], { ...opts, scanDay: '2013-10-01' });
    expect(alone).toMatchObject({ formType: 'onsite_investigation', status: 'needs_review', reviewCodes: ['form_type_uncertain'] });
  });

  it('takes the case number from the header band when the full page read none', () => {
    // GIVEN a triage sheet (no court named on it) whose full-page text garbled the province
    // glyph (闵 for 赣), and whose band read it
    const full = '繁简分流表\n案号：[2025]闵0727执8577号\n分流意见：快执\n分流理由：案情简单\n2025年6月18日';
    const band = '繁简分流表\n案号：[2025]赣0727执8577号';
    // WHEN split THEN the document has the band's number and says where it came from
    const [doc] = splitAndClassify([page('p1', full, { headerText: band })], opts);
    expect(doc?.caseNumber).toBe('（2025）赣0727执8577号');
    expect(doc?.reasons.join(' ')).toMatch(/from the header band \(the full page read none\)/);
    // and without the band it has none, and goes to a clerk
    const [none] = splitAndClassify([page('p1', full)], opts);
    expect(none?.caseNumber).toBeNull();
    expect(none?.reviewCodes).toContain('case_number_missing');
  });

  it('a QR-only page is a cover sheet that lends its case number to the untitled pages after it', () => {
    const docs = splitAndClassify([page('c', '', { codes: ['（2024）苏0205执555号'] }), page('x', '江苏省无锡市锡山区人民法院\n情况说明\n本院于近日前往被执行人住所调查。')], opts);
    expect(docs[0]).toMatchObject({ formType: 'cover_sheet', caseNumber: '（2024）苏0205执555号', pageIds: ['c'] });
    expect(docs[1]?.caseNumber).toBe('（2024）苏0205执555号');
  });

  it('sends a form dated before the year of the case number it inherits to a clerk (the cover was of another case)', () => {
    // GIVEN a 2024 case's cover, then a referral of a 2014 case whose own number the OCR lost
    const cover = page('c', '', { codes: ['（2024）苏0205执2254号'] });
    const referral = (date: string) =>
      page('r', ['网络查控移送表', '申请执行人 王立新', '被执行人 上海申达物流有限公司', `移送时间 ${date}`, '查控范围 银行存款、车辆', '承办人 王静', '请查控组对被执行人名下财产进行网络查询，并依法采取查封、冻结、扣划措施。', date].join('\n'));
    const docs = splitAndClassify([cover, referral('2014年7月1日')], opts);
    // THEN it is not filed into the 2024 case silently
    expect(docs[1]).toMatchObject({ formType: 'search_referral', caseNumber: '（2024）苏0205执2254号', docDate: '2014-07-01', status: 'needs_review', reviewCodes: ['case_date_mismatch'] });
    // dated in or after the case's year, it is filed
    expect(splitAndClassify([cover, referral('2024年7月1日')], opts)[1]).toMatchObject({ status: 'classified', reviewCodes: [] });
  });

  it('sends a triage sheet whose 分流意见 was not read to a clerk: the case cannot leave 查控 without it', () => {
    const triage = (result: string) => page('t', `江苏省无锡市锡山区人民法院\n繁简分流表\n${TRIAGE_BODY.replace('快执', result)}`);
    expect(splitAndClassify([triage('快执')], opts)[0]).toMatchObject({ formType: 'triage_sheet', status: 'classified', reviewCodes: [] });
    expect(splitAndClassify([triage('本章')], opts)[0]).toMatchObject({ formType: 'triage_sheet', status: 'needs_review', reviewCodes: ['node_field_unread'] });
  });

  it('files a separator sheet whose QR code holds its number however badly the rest was read', () => {
    // GIVEN a 扫描分隔页 as OCR read it: the court name and a footer garbled (mean confidence 0.56)
    const read: Array<[string, number]> = [
      ['北京市因阳区人民法院', 20],
      ['扫擂分隔页', 70],
      ['案号: [2024]京0105执恢6484号', 88],
      ['扫描批次: B2024042513', 91],
      ['柯和位是，才和有局二局摘舍', 10],
    ];
    const lines = read.map(([t, c], i) => ({ t, c, b: [100, 100 + 80 * i, 900, 160 + 80 * i] as [number, number, number, number] }));
    const sheet = page('s', read.map(([t]) => t).join('\n'), { lines });
    const [withCode] = splitAndClassify([{ ...sheet, codes: ['[2024]京0105执恢6484号'] }], opts);
    expect(withCode).toMatchObject({ formType: 'cover_sheet', caseNumber: '（2024）京0105执恢6484号', status: 'classified', reviewCodes: [] });
    // without the code the OCR's doubt stands: a clerk confirms the number
    const [textOnly] = splitAndClassify([sheet], opts);
    expect(textOnly).toMatchObject({ formType: 'cover_sheet', status: 'needs_review', reviewCodes: ['ocr_low_confidence'] });
  });

  it('files a separator sheet whose 案号 line lost its province and bracket under the number of the document after it (seed 35)', () => {
    const sheet = page('s', '江苏省无锡市锡山区人民法院\n扫描分隔页\n案号: (2024 0205执1188号\n扫描批次: B2024053199\n扫描站:执行局二号扫描台');
    const notice = page('n', '江苏省无锡市锡山区人民法院\n执行通知书\n(2024)苏0205执1188号\n被执行人:上海鼎盛物流有限公司\n本院依法立案执行。\n2024年5月29日');
    const [cover, doc] = splitAndClassify([sheet, notice], opts);
    expect(doc).toMatchObject({ formType: 'execution_notice', caseNumber: '（2024）苏0205执1188号' });
    expect(cover).toMatchObject({ formType: 'cover_sheet', caseNumber: '（2024）苏0205执1188号', status: 'classified', reviewCodes: [] });
    expect(cover?.reasons.join('\n')).toMatch(/cover's own 案号 line .* holds the digits of （2024）苏0205执1188号/);
    // the papers after it of another serial: the cover waits for a clerk
    const other = page('o', notice.text.replace('1188号', '1198号'));
    expect(splitAndClassify([sheet, other], opts)[0]).toMatchObject({ formType: 'cover_sheet', caseNumber: null, status: 'needs_review', reviewCodes: ['case_number_missing'] });
  });
});

describe('a page whose footer numbers it second or later', () => {
  // seed 40 (held out): a filing approval's 附:明细清单 page, its list's 申请执行人 line taken
  // for a lost title: the page was cut off the approval without a clerk
  const approval = page('p1', '执行案件立案审批表\n案号: （2024）苏02执恢1450号\n申请执行人杭州华信贸易有限公司\n执行标的金额236900元\n被执行人罗小芳\n2024年4月1日\n第1页共2页');
  const list = (footer: string): PageForSplit => page('p2', `附:明细清单\n下\n多\n3\n.申请执行人杭州华信贸易有限公司\n.案由:建设工程施工合同纠纷\n.收案日期:见上表\n.原案号: (2023)苏02执4340号\n.被执行人:罗小芳\n${footer}\n(2024)苏02执恢1450号`);

  it('continues the document before it, however its top reads', () => {
    const docs = splitAndClassify([approval, list('第2页共2页')], opts);
    expect(docs.map((d) => [d.formType, d.pageIds])).toEqual([['filing_approval', ['p1', 'p2']]]);
    // spaced as OCR reads it
    expect(splitAndClassify([approval, list(':第 2 页 共 2 页“')], opts)).toHaveLength(1);
  });

  it('continues the document before it when a field of it reads 见上表 ("see the table above"), with no footer (seed 78, held out)', () => {
    // GIVEN a search feedback whose second page repeats its 案号 and labels, its date 见上表
    const first = page('p1', '浙江省杭州市西湖区人民法院\n财产查询反馈汇总表\n案号: (2 0 1 4)杭西法执字第5 9 6 3号\n被执行人黄晓明\n反馈日期2014年8月25日\n查询结果已发现可供执行财产\n银行存款中国工商银行账户余额18947.86元\n不动产有登记\n以上为全国法院网络执行查控系统及本地碍控系统的反馈结果。\n浙江省杭州市西湖区人民法院\n2014年8月25日');
    const second = (date: string) => page('p2', `〈2 0.1 4)杭西法执字第5 9 6 3号\n被执行人:黄晓明\n${date}\n查询结果:已发现可供执行财产\n银行存款:中国工商银行账户余额18947.86元\n不动产:有登记`);
    // THEN the feedback is one document of both pages, filed without a clerk
    const docs = splitAndClassify([first, second('反馈日期:见上表')], opts);
    expect(docs.map((d) => [d.formType, d.pageIds, d.status])).toEqual([['search_feedback', ['p1', 'p2'], 'classified']]);
    // a remark 详见上表 refers to the page's own table: the page still opens a form whose title was lost
    expect(splitAndClassify([first, second('备注:详见上表')], opts)).toHaveLength(2);
  });

  it('takes no title from its header band: the band read a mention alone (送达文书:限制消费令, seed 44, held out)', () => {
    const receipt = page('p1', '广东省深圳市福田区人民法院\n送达回证\n案号: (2024)粤0304执8419号\n送达文书|限制消费令\n受送达人刘海燕\n送达方式直接送达\n2024-11-08\n第1页共2页');
    const text = '附:明细清单\n1，送达文书:限制消费令\n2.受送达人:刘海燕\n4，送达方式:直接送达\n6.，送达人:周斌\n第2页共2页“.';
    const band = '限制消费令\n刘海燕\n深圳市福田区华强北街道52号\n直接送达';
    expect(splitAndClassify([receipt, page('p2', text, { headerText: band })], opts).map((d) => d.pageIds)).toEqual([['p1', 'p2']]);
    // without the footer its heading 附:明细清单 makes it an attachment of the receipt
    expect(splitAndClassify([receipt, page('p2', text.replace('第2页共2页“.', ''), { headerText: band })], opts).map((d) => d.pageIds)).toEqual([['p1', 'p2']]);
    // without either, the band's title still names the page
    const bare = text.replace('第2页共2页“.', '').replace('附:明细清单\n', '');
    expect(splitAndClassify([receipt, page('p2', bare, { headerText: band })], opts).map((d) => d.formType)).toEqual(['other', 'consumption_restriction']);
  });

  it('does not when it numbers itself the first page, or prints no footer, and no field points at the page before: its top decides', () => {
    const own = (footer: string): PageForSplit => ({ ...list(footer), text: list(footer).text.replace('收案日期:见上表', '收案日期:2024年4月1日').replace('附:明细清单\n', '') });
    expect(splitAndClassify([approval, own('第1页共2页')], opts).map((d) => d.pageIds)).toEqual([['p1'], ['p2']]);
    expect(splitAndClassify([approval, own('')], opts).map((d) => d.pageIds)).toEqual([['p1'], ['p2']]);
    // its 收案日期:见上表 alone ties it to the approval
    expect(splitAndClassify([approval, list('')], opts).map((d) => d.pageIds)).toEqual([['p1', 'p2']]);
  });

  it('continues the document before it when it opens as an attachment, with no footer and its fields read apart from their labels (seed 96, held out)', () => {
    // GIVEN a 送达回证 and its 附:明细清单, read column by column: the labels, then the values
    // (送达文书 执行裁定书 an exact form title), 见上表 on a line of its own
    const receipt = page('p1', '江苏省无锡市中级人民法院\n送达回证\n案号: (2024)苏02执保8161号\n送达文书|执行裁定书\n受送达人|杭州华信贸易有限公司\n送达方式|邮寄送达\n送达日期|2024年3月11日\n送达人|李娜');
    const attachment = '附:,明细清单\n送达文书:\n受送达人:\n送达地址:\n送达方式:\n送达日期:\nOn上wh睛\n执行裁定书\n杭州华信和贸易有限公司\n无锡市梁溪区解放西路70号\n邮寄送达\n见上表\n送达人:李娜\n(2024)苏02执保8161号';
    const docs = splitAndClassify([receipt, page('p2', attachment)], opts);
    // THEN the receipt is one document of both pages, filed without a clerk
    expect(docs.map((d) => [d.formType, d.pageIds, d.status])).toEqual([['other', ['p1', 'p2'], 'classified']]);
    // without its heading the page's 执行裁定书 starts a document (for a clerk: no keyword says which ruling)
    expect(splitAndClassify([receipt, page('p2', attachment.replace('附:,明细清单\n', ''))], opts).map((d) => d.pageIds)).toEqual([['p1'], ['p2']]);
  });
});

describe('a registered number whose parties are not named, beside one whose are', () => {
  // seed 82 (held out): a preservation case's 查控移送表 read 执保1367号 (registered to other
  // parties); 执保1567号, one slip away, is registered with the applicant and respondent it names,
  // and its header band, read alone, read 执保1567号 (共 for 苏, the court's name settling it)
  const register = memoryRegister([
    { caseNumber: '（2025）苏02执保1567号', applicant: '佛山市顺联陶瓷有限公司', respondent: '胡立新' },
    { caseNumber: '（2025）苏02执保1367号', applicant: '杭州华信贸易有限公司', respondent: '罗小芳' },
  ]);
  const text = '江苏省无锡市中级人民法院\n介控移达航\n案号: [2025]苏02执保1367号\n申请执行人佛山市顺联陶资有限公司\n被执行人胡立新\n执行标的| 7840哆\n移送日期2025年4月29日\n查控事项|股权、不动产、网络资金、银行存款、证券\n经办人刘洋\n请查控组对被执行人名下财产进行网络查询，并依法采取查封、冻结、扣划措施。\n江苏省无锡市中级人民法院\n2025年4月29日';
  const band = '被执行人胡立新\n[2请执行人佛山市顺联陶瓷有限公司\n江苏省无锡市中级人民法院\n稼控移送舟\n案号: [2025]共02执保1567号';
  const run = (headerText: string | null) => checkedPage(register, text, headerText, '2025-05-30');

  it('is the neighbour when the header band read the neighbour', async () => {
    const doc = await run(band);
    expect(doc).toMatchObject({ caseNumber: '（2025）苏02执保1567号', status: 'classified', reviewCodes: [] });
    expect(doc.reasons.join('\n')).toMatch(/and the header band read （2025）苏02执保1567号: taken/);
  });

  it('is left to a clerk when the band read the page\'s own reading, or nothing', async () => {
    expect(await run(band.replace('1567', '1367'))).toMatchObject({ caseNumber: '（2025）苏02执保1367号', status: 'needs_review', reviewCodes: ['case_party_mismatch'] });
    expect(await run(null)).toMatchObject({ caseNumber: '（2025）苏02执保1367号', status: 'needs_review', reviewCodes: expect.arrayContaining(['case_party_mismatch']) });
  });
});

describe('a number the full page read unregistered, which the header band read whole', () => {
  // seed 101 (held out): a 终本 report's 案号 read 执422号 by the full page (the 8 lost) and
  // 执8492号 by its header band; 执4228号, one slip from 422, is registered with the same applicant
  // in a dense register, and was taken without a clerk
  const register = memoryRegister([
    { caseNumber: '（2024）苏0205执8492号', applicant: '龙南县富源矿业有限公司', respondent: '高明辉' },
    { caseNumber: '（2024）苏0205执4228号', applicant: '龙南县富源矿业有限公司', respondent: '李秀英' },
  ]);
  const text = '江苏省无锡市锡山区人民法院\n终结本次执行程序案件办理情况表，\n案号:〈2024)苏0205执422号\n申请执行人龙南县富源矿业有限公司\n被执行人高明糙\n立案日期2024年11月13日\n执行通知书已发出2024年11月15日\n报告财产令.|已发出\n网络查控已完成，未发现财产\n限制消费已采取\n约谈申请执行人|已约谈\n办理情况.经穷尽财产调查措施，未发现可供执行财产\n江苏省无锡市锡山区人民法院\n2025年8月25日';
  const band = '终结本次执行程序案件办理情况表\n被执行人高明辉\n江苏省无锡市锡山区人民法院\n终结本次执行程序案件办理情况表\n案号:〈2024)苏0205执8492号';
  const run = (headerText: string | null, reg = register) => checkedPage(reg, text, headerText, '2025-09-30');

  it('is the band\'s reading, not a registered slip of the full page\'s', async () => {
    const doc = await run(band);
    expect(doc).toMatchObject({ caseNumber: '（2024）苏0205执8492号', status: 'classified', reviewCodes: [] });
    expect(doc.reasons.join('\n')).toMatch(/the header band read （2024）苏0205执8492号, which is, and 龙南县富源矿业有限公司 named/);
  });

  it('is left to a clerk when the slip names all its parties and the band\'s reading does not', async () => {
    const both = memoryRegister([
      { caseNumber: '（2024）苏0205执8492号', applicant: '龙南县富源矿业有限公司', respondent: '赵永刚' },
      { caseNumber: '（2024）苏0205执4228号', applicant: '龙南县富源矿业有限公司', respondent: '高明糙' },
    ]);
    expect(await run(band, both)).toMatchObject({ caseNumber: '（2024）苏0205执8492号', status: 'needs_review', reviewCodes: ['case_number_unknown'] });
  });
});

describe('a case number in doubt, settled by the register', () => {
  // A 江西 court's triage sheet whose province glyph came out as another province's (闽 for
  // 赣): read as 赣 from the court's name, but at a confidence that asks a clerk.
  const text = (party: string) =>
    ['江西省龙南市人民法院', '繁简分流审批表', '案号：(2024)闽0727执6444号', `申请执行人 ${party}`, '被执行人 胡立新', '分流理由 被执行人财产需评估拍卖处置，案情复杂', '拟分流至 繁案', '经审查，本案分入精执团队办理。', '江西省龙南市人民法院', '2024年7月9日'].join('\n');
  const CASE = '（2024）赣0727执6444号';
  const register = memoryRegister([{ caseNumber: CASE, applicant: '深圳市金辉电子科技有限公司', respondent: '胡立新' }]);
  const check = async (party: string, reg = register) => {
    const pages = [page('p1', text(party))];
    const drafts = splitAndClassify(pages, { ...opts, scanDay: '2024-07-10' });
    return { draft: drafts[0]!, checked: (await checkWithRegister(reg, drafts, () => pages[0]!.text))[0]! };
  };

  it('files the document when the register holds the number and the text names its party', async () => {
    const { draft, checked } = await check('深圳市金辉电子科技有限公司');
    expect(draft).toMatchObject({ caseNumber: CASE, status: 'needs_review', reviewCodes: ['ocr_low_confidence'], caseNumberDoubtOnly: true });
    expect(checked).toMatchObject({ caseNumber: CASE, status: 'classified', reviewCodes: [] });
    expect(checked.reasons.join('\n')).toMatch(/confirmed by the register: its uncertain reading needs no clerk/);
  });

  it('still asks a clerk when no party is named, when there is no register, or when something else is in doubt', async () => {
    // the page names 王某某 and 胡立新; a register whose parties for the number are others:
    const noParty = memoryRegister([{ caseNumber: CASE, applicant: '深圳市金辉电子科技有限公司', respondent: '李某某' }]);
    expect((await check('王某某', noParty)).checked).toMatchObject({ status: 'needs_review', reviewCodes: ['ocr_low_confidence'] });
    expect((await check('深圳市金辉电子科技有限公司', memoryRegister([]))).checked).toMatchObject({ status: 'needs_review', reviewCodes: ['ocr_low_confidence'] });
    // the signing date lost as well: the register settles the number, not the date
    const pages = [page('p1', text('深圳市金辉电子科技有限公司').replace('2024年7月9日', '签章'))];
    const drafts = splitAndClassify(pages, { ...opts, scanDay: '2024-07-10' });
    expect(drafts[0]?.caseNumberDoubtOnly).toBeUndefined();
    expect((await checkWithRegister(register, drafts, () => pages[0]!.text))[0]).toMatchObject({ status: 'needs_review', reviewCodes: ['ocr_low_confidence'] });
  });

  it('asks a clerk about a form dated before its registered case was filed (十一月 read as 一月, seed 5)', async () => {
    const filed = (filedOn: string) => memoryRegister([{ caseNumber: CASE, applicant: '深圳市金辉电子科技有限公司', respondent: '胡立新', filedOn }]);
    const pages = [page('p1', text('深圳市金辉电子科技有限公司'))]; // dated 2024年7月9日
    const drafts = splitAndClassify(pages, { ...opts, scanDay: '2024-07-10' });
    const [late] = await checkWithRegister(filed('2024-07-20'), drafts, () => pages[0]!.text);
    expect(late).toMatchObject({ status: 'needs_review', reviewCodes: ['case_date_mismatch'] });
    expect(late?.reasons.join('\n')).toMatch(/dated 2024-07-09, before its case （2024）赣0727执6444号 was filed \(2024-07-20 in the register\)/);
    // filed that day or before: filed as usual
    expect((await checkWithRegister(filed('2024-07-09'), drafts, () => pages[0]!.text))[0]).toMatchObject({ status: 'classified', reviewCodes: [] });
    // an application or a judgment (other) predates its case by nature
    expect(datedBeforeFiling({ formType: 'other', docDate: '2023-01-01' }, { caseNumber: CASE, parties: [], filedOn: '2024-07-20' })).toBeNull();
    expect(datedBeforeFiling({ formType: 'triage_sheet', docDate: '2024-07-09' }, { caseNumber: CASE, parties: [] })).toBeNull();
  });
});

describe('a filing approval whose two date readings disagree', () => {
  // bench:accuracy seed 18: 收案日期 2025.3.24 over a signing line read 2025.3.21
  const FILING = '执行案件立案审批表\n案号:〈2025)粤0304执2067号\n案件来源当事人申请\n执行标的31100元\n被执行人无锡新纪元纺织品有限公司\n收案日期2025.3.24\n申请执行人吴德胜\n经审查符合立案受理条件，拟立案执行。\n2025.3.21';
  const CASE = '（2025）粤0304执2067号';
  it('is filed when the register\'s filing day of its case is the date taken, and waits for a clerk otherwise', async () => {
    const pages = [page('p1', FILING)];
    const drafts = splitAndClassify(pages, { ...opts, scanDay: '2025-04-30' });
    expect(drafts[0]).toMatchObject({ formType: 'filing_approval', caseNumber: CASE, docDate: '2025-03-24', status: 'needs_review', reviewCodes: ['ocr_low_confidence'], dateDoubtOnly: true });
    const registered = (filedOn: string) => memoryRegister([{ caseNumber: CASE, applicant: '吴德胜', respondent: '无锡新纪元纺织品有限公司', filedOn }]);
    const [filed] = await checkWithRegister(registered('2025-03-24'), drafts, () => FILING);
    expect(filed).toMatchObject({ status: 'classified', reviewCodes: [], docDate: '2025-03-24' });
    expect(filed!.reasons.join('\n')).toMatch(/is the filing day of （2025）粤0304执2067号 in the register/);
    // registered on the other reading's day (seed 37, held out: 立案时间 2025年3月24目 over a
    // signing line 2025年3月21日, registered 2025-03-21): that reading is the date, its field too
    const [other] = await checkWithRegister(registered('2025-03-21'), drafts, () => FILING);
    expect(other).toMatchObject({ status: 'classified', reviewCodes: [], docDate: '2025-03-21' });
    expect(other!.fields).toMatchObject({ filingDate: { value: '2025-03-21' } });
    expect(other!.reasons.join('\n')).toMatch(/date 2025-03-21, another reading of the form's date, is the filing day of （2025）粤0304执2067号 in the register: taken over 2025-03-24/);
    // registered on a day neither reading gives: a clerk looks
    expect((await checkWithRegister(registered('2025-03-20'), drafts, () => FILING))[0]).toMatchObject({ status: 'needs_review', reviewCodes: ['ocr_low_confidence'], docDate: '2025-03-24' });
  });
});

describe('a date read through a ] whose other reading predates the case', () => {
  it('is filed when the register says the case was filed after the other reading (seed 21)', async () => {
    const TEXT = '江苏省无锡市中级人民法院\n延长执行期限审批表\n案号:(2024)苏02执恢5422号\n申请执行人:黄晓明\n被执行人:无锡新纪元纺织品有限公司\n延长期限 三个月\n延长理由 被执行人财产需评估拍卖，无法在法定期限内执结\n审批意见 同意延长\n江苏省无锡市中级人民法院\n2024年1]月21日';
    const CASE = '（2024）苏02执恢5422号';
    const drafts = splitAndClassify([page('p1', TEXT)], { ...opts, scanDay: '2024-12-30' });
    expect(drafts[0]).toMatchObject({ caseNumber: CASE, docDate: '2024-11-21', reviewCodes: ['ocr_low_confidence'], dateDoubtOnly: true, dateAlternatives: ['2024-01-21'] });
    const filed = (filedOn: string) => memoryRegister([{ caseNumber: CASE, applicant: '黄晓明', respondent: '无锡新纪元纺织品有限公司', filedOn }]);
    const [kept] = await checkWithRegister(filed('2024-11-05'), drafts, () => TEXT);
    expect(kept).toMatchObject({ status: 'classified', reviewCodes: [], docDate: '2024-11-21' });
    // filed before January: 2024-01-21 may be the date, a clerk decides
    expect((await checkWithRegister(filed('2024-01-08'), drafts, () => TEXT))[0]).toMatchObject({ status: 'needs_review', reviewCodes: ['ocr_low_confidence'] });
  });
});

describe('a date on a day off whose other reading predates the case', () => {
  it('is not kept by the register: a clerk confirms it', async () => {
    // GIVEN the same approval signed 2024年1]月23日: 2024-11-23 is a Saturday, 2024-01-23 before the case was filed
    const TEXT = '江苏省无锡市中级人民法院\n延长执行期限审批表\n案号:(2024)苏02执恢5422号\n申请执行人:黄晓明\n被执行人:无锡新纪元纺织品有限公司\n延长期限 三个月\n延长理由 被执行人财产需评估拍卖，无法在法定期限内执结\n审批意见 同意延长\n江苏省无锡市中级人民法院\n2024年1]月23日';
    const CASE = '（2024）苏02执恢5422号';
    const drafts = splitAndClassify([page('p1', TEXT)], { ...opts, scanDay: '2024-12-30', calendar: createCalendar(loadCalendarYears()) });
    expect(drafts[0]).toMatchObject({ caseNumber: CASE, docDate: '2024-11-23', reviewCodes: ['ocr_low_confidence'], dateAlternatives: ['2024-01-23'], dateOnDayOff: true });
    // (stored so, for the case's track not to settle on it either)
    expect(dateDoubtOf(drafts[0]!)).toEqual({ alternatives: ['2024-01-23'], onDayOff: true });
    // THEN the register's filing day, which rules out January, does not file it on the Saturday
    const [held] = await checkWithRegister(memoryRegister([{ caseNumber: CASE, applicant: '黄晓明', respondent: '无锡新纪元纺织品有限公司', filedOn: '2024-11-05' }]), drafts, () => TEXT);
    expect(held).toMatchObject({ status: 'needs_review', reviewCodes: ['ocr_low_confidence'], docDate: '2024-11-23' });
  });

  it('is settled on another reading the register bears out (seed 169: 9月1日, a Sunday, read again 9月11日)', async () => {
    const TEXT = '北京市朝阳区人民法院\n执行通知书\n(2024)京0105执1150号\n被执行人:周玉兰\n申请执行人浙江同创新材料股份有限公司与你单位借款合同纠纷一案，申请执行人于2024年9月10日向本院申请强制执行。\n北京市朝阳区人民法院\n2024年9月1日';
    const CASE = '（2024）京0105执1150号';
    const pages = [page('p1', TEXT, { lines: TEXT.split('\n').map((t, i, all) => ({ t, c: 90, b: [0, 0, 0, 0], ...(i === all.length - 1 ? { alt: ['2024年9月11日'] } : {}) })) as PageForSplit['lines'] })];
    const drafts = splitAndClassify(pages, { ...opts, scanDay: '2024-12-30', calendar: createCalendar(loadCalendarYears()) });
    expect(drafts[0]).toMatchObject({ docDate: '2024-09-01', dateOnDayOff: true, dateAlternatives: ['2024-09-11'] });
    const [filed] = await checkWithRegister(memoryRegister([{ caseNumber: CASE, applicant: '浙江同创新材料股份有限公司', respondent: '周玉兰', filedOn: '2024-09-10' }]), drafts, () => TEXT);
    expect(filed).toMatchObject({ status: 'classified', reviewCodes: [], docDate: '2024-09-11' });
  });
});

describe('a date whose reading taken predates the case, read again after its filing', () => {
  it('takes the one reading on or after the register\'s filing day (seed 50, held out)', async () => {
    // GIVEN an appraisal approval signed 2024-02-02, that line read again as 2024-09-02
    const TEXT = '江西省龙南市人民法院\n财产处置审批表\n案号: (2024)鞠0727执48 8号\n申请执行人胡立新\n处置财产位于龙南市龙南镇金塘大道17恒479室的房产\n审批意见同意评估拍卖\n被执行人|江苏恒远建设工程有限公司\n江西省龙南市人民法院\n2024-02-02';
    const lines = TEXT.split('\n').map((t, i) => ({ t, c: 90, b: [0, i * 40, 800, 30] as [number, number, number, number], ...(t === '2024-02-02' ? { alt: ['2024-09-02'] } : {}) }));
    const CASE = '（2024）赣0727执488号';
    const drafts = splitAndClassify([page('p1', TEXT, { lines })], { ...opts, scanDay: '2024-12-30' });
    expect(drafts[0]).toMatchObject({ formType: 'appraisal_auction_approval', caseNumber: CASE, docDate: '2024-02-02', reviewCodes: ['ocr_low_confidence'], dateDoubtOnly: true, dateAlternatives: ['2024-09-02'] });
    const filed = (filedOn: string) => memoryRegister([{ caseNumber: CASE, applicant: '胡立新', respondent: '江苏恒远建设工程有限公司', filedOn }]);
    // WHEN the register says the case was filed on 2024-07-03 THEN 2024-09-02 is the date, without a clerk
    const [taken] = await checkWithRegister(filed('2024-07-03'), drafts, () => TEXT);
    expect(taken).toMatchObject({ status: 'classified', reviewCodes: [], docDate: '2024-09-02' });
    expect(taken!.reasons.join('\n')).toMatch(/date 2024-09-02, another reading of the form's date, taken over 2024-02-02: that one falls before its case/);
    // filed before both readings: nothing says which, a clerk decides
    expect((await checkWithRegister(filed('2024-01-08'), drafts, () => TEXT))[0]).toMatchObject({ status: 'needs_review', reviewCodes: ['ocr_low_confidence'], docDate: '2024-02-02' });
    // filed after both: the number or the date is misread, as before
    expect((await checkWithRegister(filed('2024-10-08'), drafts, () => TEXT))[0]).toMatchObject({ status: 'needs_review', reviewCodes: ['ocr_low_confidence', 'case_date_mismatch'] });
  });
});

describe('a date read alike on field and signed line, before its case was filed, the signed line read again after', () => {
  it('takes the one reading on or after the filing day when a party confirms the number (seed 58, held out)', async () => {
    // GIVEN a closing approval whose 审批日期 and signed line both read 2025年1月3日 (the 11 lost),
    // the signed line read again 2025年11月3
    const TEXT = '广东省深圳市福田区人民法院\n执行结案审批表\n案号:〈2025)粤0304执5554\n申请执行人徐建军\n被执行人江苏恒远建设工程有限公司\n结案方式执行完毕\n审批日期，2025年1月3日\n审批意见同意结案，\n广东省深圳市福田区人民法院\n2025年1月3日';
    const lines = TEXT.split('\n').map((t, i, all) => ({ t, c: 90, b: [0, i * 40, 800, 30] as [number, number, number, number], ...(i === all.length - 1 ? { alt: ['2025年11月3'] } : {}) }));
    const CASE = '（2025）粤0304执5554号';
    const drafts = splitAndClassify([page('p1', TEXT, { lines })], { ...opts, scanDay: '2025-12-01' });
    // in doubt though two lines agree (the reading is theirs plus a glyph: seed 60); the other reading is kept
    expect(drafts[0]).toMatchObject({ formType: 'closing_approval', caseNumber: CASE, docDate: '2025-01-03', status: 'needs_review', reviewCodes: ['ocr_low_confidence'], dateAlternatives: ['2025-11-03'] });
    const filed = (filedOn: string, applicant = '徐建军') => memoryRegister([{ caseNumber: CASE, applicant, respondent: '江苏恒远建设工程有限公司', filedOn }]);
    // WHEN the register says the case was filed on 2025-03-10 THEN 2025-11-03 is the date, its field too
    const [taken] = await checkWithRegister(filed('2025-03-10'), drafts, () => TEXT);
    expect(taken).toMatchObject({ status: 'classified', reviewCodes: [], docDate: '2025-11-03', fields: { closingDate: { value: '2025-11-03' } } });
    // the date in doubt and the number read cleanly, no party is needed (as for seed 50's approval)
    expect((await checkWithRegister(filed('2025-03-10', '王某某'), drafts, () => TEXT.replace('江苏恒远建设工程有限公司', '某公司')))[0]).toMatchObject({ status: 'classified', docDate: '2025-11-03' });
    // filed after both readings: the number or the date is misread, a clerk decides
    expect((await checkWithRegister(filed('2025-11-20'), drafts, () => TEXT))[0]).toMatchObject({ status: 'needs_review', reviewCodes: ['ocr_low_confidence', 'case_date_mismatch'], docDate: '2025-01-03' });
    // read again as another month (7月), no doubt of its own: taken only with a party confirming the number
    const other = TEXT.split('\n').map((t, i, all) => ({ t, c: 90, b: [0, i * 40, 800, 30] as [number, number, number, number], ...(i === all.length - 1 ? { alt: ['2025年7月3日'] } : {}) }));
    const calm = splitAndClassify([page('p1', TEXT, { lines: other })], { ...opts, scanDay: '2025-12-01' });
    expect(calm[0]).toMatchObject({ status: 'classified', docDate: '2025-01-03', dateAlternatives: ['2025-07-03'] });
    expect((await checkWithRegister(filed('2025-03-10'), calm, () => TEXT))[0]).toMatchObject({ status: 'classified', docDate: '2025-07-03' });
    expect((await checkWithRegister(filed('2025-03-10', '王某某'), calm, () => TEXT.replace('江苏恒远建设工程有限公司', '某公司')))[0]).toMatchObject({ status: 'needs_review', reviewCodes: ['case_date_mismatch'], docDate: '2025-01-03' });
  });
});

describe('a date read alike on both lines in a year before its case, the signed line read again after its filing', () => {
  it('is filed on the reading after the filing day, its year no longer in question (seed 96, held out)', async () => {
    // GIVEN a transfer sheet of a 2015 case whose 移送日期 and signed line both read 2010.2.19
    // (6 read as 0), the signed line read again 2016.2.19
    const TEXT = '广东省深圳市福田区人民法院\n程序流转单\n案号:《〈2015)深福法执字第2696号\n流转原因需进一步采取强制措施\n移送日期2010.2.19\n被执行人周玉兰\n移送团队实施团队\n承办人沈立\n请接收团队及时接收并办理。\n广东省涤圳市福田区人民法院\n2010.2.19';
    const lines = TEXT.split('\n').map((t, i, all) => ({ t, c: 90, b: [0, i * 40, 800, 30] as [number, number, number, number], ...(i === all.length - 1 ? { alt: ['2016.2.19'] } : {}) }));
    const CASE = '（2015）深福法执字第2696号';
    const drafts = splitAndClassify([page('p1', TEXT, { lines })], { ...opts, scanDay: '2016-06-30' });
    expect(drafts[0]).toMatchObject({ formType: 'transfer_sheet', caseNumber: CASE, docDate: '2010-02-19', status: 'needs_review', reviewCodes: ['case_date_mismatch'], dateAlternatives: ['2016-02-19'] });
    const filed = (filedOn: string) => memoryRegister([{ caseNumber: CASE, applicant: '无锡新纪元纺织品有限公司', respondent: '周玉兰', filedOn }]);
    // WHEN the register says the case was filed on 2015-09-30 and the sheet names its respondent
    const [taken] = await checkWithRegister(filed('2015-09-30'), drafts, () => TEXT);
    // THEN 2016-02-19 is its date and nothing is left for a clerk: the year the classifier
    // questioned was the misread one
    expect(taken).toMatchObject({ status: 'classified', reviewCodes: [], docDate: '2016-02-19', fields: { transferDate: { value: '2016-02-19' } } });
    // filed after both readings: the number or the date is misread, a clerk decides
    expect((await checkWithRegister(filed('2016-03-01'), drafts, () => TEXT))[0]).toMatchObject({ status: 'needs_review', reviewCodes: ['case_date_mismatch'], docDate: '2010-02-19' });
  });
});

describe('a document that prints no case number, between documents of two cases', () => {
  it('is filed under the case beside it whose registered parties it names, and waits for a clerk otherwise', async () => {
    // GIVEN (seed 14) a form of one case, a judgment naming both parties of the
    // next case, and that case's funds receipt
    const pages = [
      page('p1', '江苏省无锡市锡山区人民法院\n限制消费令\n(2024)苏0205执恢2307号\n被执行人:李秀英\n本院于2024年3月3日立案执行申请执行人高明辉申请执行你一案\n2024年7月22日'),
      page('p2', '广东省佛山市禅城区人民法院\n民事判决书\n(2024)粤0604民初2668号\n原告:王志强\n被告:江苏恒远建设工程有限公司\n判决如下\n2024年7月4日'),
      page('p3', '广东省佛山市禅城区人民法院\n执行款到账通知\n案号:(2025)粤0604执194号\n到账日期2025.7.21\n缴款人王志强\n2025.7.21'),
    ];
    const drafts = splitAndClassify(pages, { ...opts, scanDay: '2025-08-01' });
    expect(drafts.map((d) => [d.formType, d.caseNumber])).toEqual([['consumption_restriction', '（2024）苏0205执恢2307号'], ['other', null], ['funds_receipt', '（2025）粤0604执194号']]);
    expect(drafts[1]!.reviewCodes).toContain('case_number_missing');
    const register = memoryRegister([
      { caseNumber: '（2024）苏0205执恢2307号', applicant: '高明辉', respondent: '李秀英' },
      { caseNumber: '（2025）粤0604执194号', applicant: '王志强', respondent: '江苏恒远建设工程有限公司' },
    ]);
    // WHEN checked against the register THEN the judgment joins the case whose parties it names
    const [, judgment] = await checkWithRegister(register, drafts, (id) => pages.find((p) => p.pageId === id)!.text);
    expect(judgment).toMatchObject({ caseNumber: '（2025）粤0604执194号', status: 'classified', reviewCodes: [] });
    // without a register it still waits for a clerk
    expect((await checkWithRegister(memoryRegister([]), drafts, (id) => pages.find((p) => p.pageId === id)!.text))[1]).toMatchObject({ caseNumber: null, status: 'needs_review' });
  });

  it('is filed under the number of a document beside it that its own unreadable 案号 line holds in order, when it names a party of that case (seed 40, held out)', async () => {
    // GIVEN a search referral whose 案号 line lost its province, type and 号 (泊 侈 呈), naming the
    // respondent only (the applicant garbled), before the 报告财产令 of its case
    const referral = (line: string): PageForSplit => page('s', `浙江省杭州市西湖区人民法院\n财产查控移送大表\n${line}\n申请执行人|县德性\n被执行人- |佛山市顺联陶瓷有限公司\n执行标的人民币40,700.00元\n移送时间_ | 2024-05-29\n浙江省杭州市西湖区人民法院.\n2024-05-29`);
    const order = page('o', '新江省杭州市西调区人民法院\n报告财产令\n(2024)浙0106执恢3134号\n被执行人:佛山市顺联陶次有限公司，住所地杭州市西湖区文三路81号\n本院受理申请执行人吴德胜申请执行你〈单位)买卖合同纠纷一案\n2024年5月31日');
    const register = memoryRegister([
      { caseNumber: '（2024）浙0106执恢3134号', applicant: '吴德胜', respondent: '佛山市顺联陶瓷有限公司' },
      { caseNumber: '（2024）浙0106执恢3135号', applicant: '吴德胜', respondent: '佛山市顺联陶瓷有限公司' },
    ]);
    const check = async (line: string, next = order): Promise<Awaited<ReturnType<typeof checkWithRegister>>> => {
      const pages = [referral(line), next];
      return checkWithRegister(register, splitAndClassify(pages, { ...opts, scanDay: '2024-06-30' }), (id) => pages.find((p) => p.pageId === id)!.text);
    };
    const [filed] = await check('案号: .2024)泊0106执侈3134呈');
    expect(filed).toMatchObject({ caseNumber: '（2024）浙0106执恢3134号', status: 'classified', reviewCodes: [] });
    expect(filed!.reasons.join('\n')).toMatch(/holds the digits of （2024）浙0106执恢3134号.* names its party 佛山市顺联陶瓷有限公司/);
    // a line whose digits differ, or a neighbour whose parties it does not name, leaves it to a clerk
    expect((await check('案号: .2024)泊0106执侈3184呈'))[0]).toMatchObject({ caseNumber: null, status: 'needs_review' });
    const other = page('o', order.text.replace('3134', '3135').replace(/佛山市顺联陶次有限公司/, '王志强').replace('吴德胜', '孙美玲'));
    const register2 = memoryRegister([{ caseNumber: '（2024）浙0106执恢3135号', applicant: '孙美玲', respondent: '王志强' }]);
    const pages = [referral('案号: .2024)泊0106执侈3135呈'), other];
    const [unnamed] = await checkWithRegister(register2, splitAndClassify(pages, { ...opts, scanDay: '2024-06-30' }), (id) => pages.find((p) => p.pageId === id)!.text);
    expect(unnamed).toMatchObject({ caseNumber: null, status: 'needs_review' });
  });

  it('takes a number-shaped line whose label was lost for its own unreadable 案号 line (宁S，〈202410115要2793号, seed 159, held out)', async () => {
    // GIVEN a case's funds receipt, then its closing approval whose 案号 line lost its label, 沪 (read 1) and 执 (read 要)
    const receipt = page('r', '上海市浦东新区人民法院\n案款到账通知\n案号:(2024)沪0115执2793号\n付款人周玉兰\n款项金额4.9万元\n到账日期2024-12-03\n上海市浦东新区人民法院\n2024年12月3日');
    const closing = (line: string): PageForSplit => page('c', `上海市浦东新区人民法院\n结案审批表\n${line}\n结案方式执行完毕\n申请执行人无锡新纪元纺织品有限公司\n审批意见同意结案\n被执行人局下兴\n审批日期2025年1月6日\n上海市浦东新区人民法院\n2025年1月6日`);
    const register = memoryRegister([{ caseNumber: '（2024）沪0115执2793号', applicant: '无锡新纪元纺织品有限公司', respondent: '周玉兰' }]);
    const check = async (line: string) => {
      const pages = [receipt, closing(line)];
      return (await checkWithRegister(register, splitAndClassify(pages, { ...opts, scanDay: '2025-02-01' }), (id) => pages.find((p) => p.pageId === id)!.text))[1];
    };
    // THEN it is filed under the number beside it whose digits the line holds in order (before: no number, a clerk's)
    expect(await check('宁S，〈202410115要2793号')).toMatchObject({ caseNumber: '（2024）沪0115执2793号', status: 'classified', reviewCodes: [] });
    // digits that differ leave it to a clerk, as does a line that is no number (a 执行依据 reciting a judgment)
    expect(await check('宁S，〈202410115要2798号')).toMatchObject({ caseNumber: null, status: 'needs_review' });
    expect(await check('执行依据(2024)沪0115民初2793号民事判决书')).toMatchObject({ caseNumber: null, status: 'needs_review' });
    // a judgment's own number is no unread 案号 line: under a cover it keeps the cover's number without a clerk (seed 160)
    const cover = page('k', '卷宗封面\n案号:(2024)沪0115执2793号\n申请执行人无锡新纪元纺织品有限公司\n被执行人周玉兰\n正卷');
    const judgment = page('j', '上海市浦东新区人民法院\n民事判决书\n(2024)沪0115民初580号\n原告无锡新纪元纺织品有限公司\n被告周玉兰\n判决如下');
    for (const number of ['(2024)沪0115民初580号', '(2024)沪0115民督580号', '(2024)沪0115民切580号', '沪仲案字(2023)第45号']) {
      const paper = page('j', judgment.text.replace('(2024)沪0115民初580号', number));
      const [, filed] = await checkWithRegister(register, splitAndClassify([cover, paper], { ...opts, scanDay: '2025-02-01' }), (id) => (id === 'k' ? cover : paper).text);
      expect(filed).toMatchObject({ caseNumber: '（2024）沪0115执2793号', reviewCodes: [] });
    }
  });

  it('looks past an unnumbered neighbour to the nearest numbered document: two papers of one case whose numbers were both lost (seed 30)', async () => {
    // GIVEN a 终本 report of 佛禅法执字第8781号, then its interview record (naming the applicant
    // only) and its 限制消费令 (naming both parties), both 案号 lines unreadable
    const pages = [
      page('r', '广东省佛山市禅城区人民法院\n终结本次执行程序案件办理情况表\n案号: [2014]佛禅法执字第8781号\n申请执行人龙南县富源矿业有限公司\n被执行人|何上扳东、\n广东省佛山市禅城区人民法院\n2015年4月13日'),
      page('i', '广东省佛山市禅城区人民法院\n约谈笔录\n案号: (26014)佛禅法执字第878]号\n时间:二〇一五年五月十八日下午3时\n被约谈人:龙南县富源矿业有限公司〈申请执行人)\n问:今天约你来，是向你告知本案的执行情况，你是否清楚?'),
      page('o', '广东省佛山市禅城区人民法院\n限制消费令\n(2014)佛禅法人8781号\n被执行人:何振东，男，汉族，住佛山市禅城区祖庄街道24号\n本院于2014年11月26日立案执行申请执行人龙南县富源矿业有限公司申请执行你(单位)民间借贷纠纷一案。\n广东省佛山市禅城区人民法院\n2015年4月30日'),
    ];
    const drafts = splitAndClassify(pages, { ...opts, scanDay: '2015-06-01' });
    expect(drafts.map((d) => d.caseNumber)).toEqual(['（2014）佛禅法执字第8781号', null, null]);
    const register = memoryRegister([{ caseNumber: '（2014）佛禅法执字第8781号', applicant: '龙南县富源矿业有限公司', respondent: '何振东' }]);
    const checked = await checkWithRegister(register, drafts, (id) => pages.find((p) => p.pageId === id)!.text);
    // THEN the order, two documents from the report, joins its case; the record names one party only and waits
    expect(checked[2]).toMatchObject({ caseNumber: '（2014）佛禅法执字第8781号', status: 'classified', reviewCodes: [] });
    expect(checked[1]).toMatchObject({ caseNumber: null, status: 'needs_review' });
  });
});

describe('a case number inherited from the cover sheet before the document', () => {
  const COVER = '执行卷宗封面\n案号: (2013]锡山法执字第4901号\n申请执行人:刘海燕\n被执行人:无锡市宏达机械制造有限公司';
  // A Foshan case's triage sheet (bench seed 11) whose own 案号 line the OCR could not read
  const TRIAGE = '广东省佛山市禅城区人民法院\n此人简分流表\n案呈62 .02 4)四0604仇3216呈\n申请执行人无锡市宏达机械制造有限公司\n承办人周斌\n分流意见.精抠团队办理\n经审查，本案分人精执团队办理。\n东省佛山市禅城区人民法院\n2024年6月24日';

  it('is a proposal when the page prints an 案号 line of its own that could not be read, even with the cover\'s party named', async () => {
    // GIVEN a batch: a Wuxi case's cover sheet, then the triage sheet of another case
    const docs = splitAndClassify([page('c', COVER), page('t', TRIAGE)], opts);
    // THEN the sheet carries the cover's number for a clerk to confirm, and says why
    expect(docs[1]).toMatchObject({ formType: 'triage_sheet', caseNumber: '（2013）锡山法执字第4901号', status: 'needs_review', reviewCodes: ['case_number_inherited'] });
    expect(docs[1]!.reasons.join('\n')).toMatch(/the 案号 line 3 \("案呈62 \.02 4\)四0604仇3216呈"\) could not be read as a case number/);
    // and a register that holds the cover's case, whose party the sheet happens to name, does not file it
    const register = memoryRegister([{ caseNumber: '（2013）锡山法执字第4901号', applicant: '刘海燕', respondent: '无锡市宏达机械制造有限公司' }]);
    const [, checked] = await checkWithRegister(register, docs, (id) => (id === 'c' ? COVER : TRIAGE));
    expect(checked).toMatchObject({ status: 'needs_review', reviewCodes: ['case_number_inherited'] });
  });

  it('waits for a clerk when the document names parties of its own and none of the cover\'s case (seed 18)', async () => {
    const APPLICATION = '北京市朝阳区人民法院\n申请执行书\n申请执行人:高明辉\n被执行人:深圳市金辉电子科技有限公司\n请求事项:请求依法强制执行';
    const docs = splitAndClassify([page('c', COVER), page('a', APPLICATION)], opts);
    expect(docs[1]).toMatchObject({ caseNumber: '（2013）锡山法执字第4901号', caseNumberInherited: true, status: 'classified' });
    const textOf = (id: string): string => (id === 'c' ? COVER : APPLICATION);
    const register = memoryRegister([{ caseNumber: '（2013）锡山法执字第4901号', applicant: '刘海燕', respondent: '无锡市宏达机械制造有限公司' }]);
    const [, checked] = await checkWithRegister(register, docs, textOf);
    expect(checked).toMatchObject({ caseNumber: '（2013）锡山法执字第4901号', status: 'needs_review', reviewCodes: ['case_party_mismatch'] });
    // the same application naming the cover's applicant but another respondent waits too (seed 146, held out: one shared party is no proof)
    const shared = APPLICATION.replace('高明辉', '刘海燕');
    const [, held] = await checkWithRegister(register, splitAndClassify([page('c', COVER), page('a', shared)], opts), (id) => (id === 'c' ? COVER : shared));
    expect(held).toMatchObject({ status: 'needs_review', reviewCodes: ['case_party_mismatch'] });
    // naming the cover's applicant and respondent, it is filed
    const own = shared.replace('深圳市金辉电子科技有限公司', '无锡市宏达机械制造有限公司');
    const [, filed] = await checkWithRegister(register, splitAndClassify([page('c', COVER), page('a', own)], opts), (id) => (id === 'c' ? COVER : own));
    expect(filed).toMatchObject({ status: 'classified', reviewCodes: [] });
  });

  it('does not file a case\'s own paper under the case beside it when it names a stranger besides its own case\'s parties (review of efeb7bd)', async () => {
    // GIVEN the cover of 4901 (刘海燕 v 宏达), that case's application naming a second respondent 王建国, then a notice of 4902 (刘海燕 v 王建国)
    const APPLICATION = '申请执行书\n申请执行人:刘海燕\n被执行人:无锡市宏达机械制造有限公司、王建国\n请求事项:请求依法强制执行';
    const NOTICE = '执行通知书\n(2013)锡山法执字第4902号\n被执行人:王建国';
    const texts: Record<string, string> = { c: COVER, a: APPLICATION, n: NOTICE };
    const register = memoryRegister([
      { caseNumber: '（2013）锡山法执字第4901号', applicant: '刘海燕', respondent: '无锡市宏达机械制造有限公司' },
      { caseNumber: '（2013）锡山法执字第4902号', applicant: '刘海燕', respondent: '王建国' },
    ]);
    const [, application] = await checkWithRegister(register, splitAndClassify([page('c', COVER), page('a', APPLICATION), page('n', NOTICE)], opts), (id) => texts[id] ?? '');
    // THEN it waits for a clerk: 4902 has all its parties named, but 4901, whose cover it follows, shares one
    expect(application).toMatchObject({ caseNumber: '（2013）锡山法执字第4902号', status: 'needs_review', reviewCodes: ['case_number_unknown'] });
    expect(application!.reasons.join('\n')).toMatch(/but （2013）锡山法执字第4901号 beside it shares a party: proposed, to be confirmed/);
  });

  it('is filed under the case after it when it names all that case\'s parties and its own unreadable 案号 line holds that number\'s digits (seed 19)', async () => {
    const SHEET = '上海市浦东新区人民法院\n和简分流表\n案号: (2025)访0411 5执49 2 0号\n被执行人杭州华信贸易有限公司\n分流日期2025.4.29\n分流意见 繁案\n申请执行人朱红梅\n分流理由被执行人财产需评估拍卖处置，案情复杂\n2025.4.29';
    const FEEDBACK = '财产查询反馈汇总表\n案号:(2025)沪0115执4920号\n反馈日期2025.4.24\n查询结果 已发现';
    const pages = [page('c', COVER), page('t', SHEET), page('f', FEEDBACK)];
    const textOf = (id: string): string => pages.find((p) => p.pageId === id)!.text;
    const docs = splitAndClassify(pages, { ...opts, scanDay: '2025-05-30' });
    expect(docs[1]).toMatchObject({ formType: 'triage_sheet', caseNumber: '（2013）锡山法执字第4901号', reviewCodes: ['case_number_inherited'], caseNumberLine: '案号: (2025)访0411 5执49 2 0号' });
    const register = (sheetSeq: string) =>
      memoryRegister([
        { caseNumber: '（2013）锡山法执字第4901号', applicant: '刘海燕', respondent: '无锡市宏达机械制造有限公司' },
        { caseNumber: `（2025）沪0115执${sheetSeq}号`, applicant: '朱红梅', respondent: '杭州华信贸易有限公司' },
      ]);
    const withFeedback = (seq: string) => [docs[0]!, docs[1]!, { ...docs[2]!, caseNumber: `（2025）沪0115执${seq}号` }];
    const [, filed] = await checkWithRegister(register('4920'), withFeedback('4920'), textOf);
    expect(filed).toMatchObject({ caseNumber: '（2025）沪0115执4920号', status: 'classified', reviewCodes: [] });
    expect(filed!.reasons.join('\n')).toMatch(/holds the digits of （2025）沪0115执4920号 in order/);
    // the case beside it has another sequence number than its line: proposed for a clerk
    const [, proposed] = await checkWithRegister(register('4902'), withFeedback('4902'), textOf);
    expect(proposed).toMatchObject({ caseNumber: '（2025）沪0115执4902号', status: 'needs_review' });
    expect(proposed!.reviewCodes).toEqual(expect.arrayContaining(['case_number_inherited', 'case_number_unknown']));
  });

  it('is filed without a clerk when its own unreadable 案号 line holds the number\'s digits in order and it names the case\'s party (seed 29)', async () => {
    // GIVEN the cover of 浦法执字第1918号, then its 终本 ruling whose 案号 line came out 靖夫执守第1918号
    const cover = '执行卷宗封面\n案号: (2014)浦法执字第1918号\n申请执行人:何振东\n被执行人:无锡新纪元纺织品有限公司';
    const ruling = '上海市浦东新区人民法院\n执行裁定书\n案号:〈2014)靖夫执守第1918号\n申请执行人:何振东.\n被执行人:无锡新纪元纺织品有限公司\n裁定如下:\n终结本次执行程序。\n上海市浦东新区人民法院\n二〇一四年四月十四日';
    const textOf = (id: string): string => (id === 'c' ? cover : ruling);
    const docs = splitAndClassify([page('c', cover), page('r', ruling)], opts);
    expect(docs[1]).toMatchObject({ formType: 'termination_ruling', caseNumber: '（2014）浦法执字第1918号', reviewCodes: ['case_number_inherited'] });
    const register = (respondent: string) => memoryRegister([{ caseNumber: '（2014）浦法执字第1918号', applicant: '何振东', respondent }]);
    const [, filed] = await checkWithRegister(register('无锡新纪元纺织品有限公司'), docs, textOf);
    expect(filed).toMatchObject({ caseNumber: '（2014）浦法执字第1918号', status: 'classified', reviewCodes: [] });
    expect(filed!.reasons.join('\n')).toMatch(/holds the digits of （2014）浦法执字第1918号 in order, and the register names a party of it/);
    // a party not named (the register holds other parties): it waits, as before
    const other = memoryRegister([{ caseNumber: '（2014）浦法执字第1918号', applicant: '刘海燕', respondent: '杭州华信贸易有限公司' }]);
    expect((await checkWithRegister(other, docs, textOf))[1]!.reviewCodes).toContain('case_number_inherited');
  });

  it('is filed as before when the page prints no 案号 line, or reads its number from its own QR code', () => {
    const noLine = TRIAGE.split('\n').filter((l) => !l.startsWith('案呈')).join('\n');
    expect(splitAndClassify([page('c', COVER), page('t', noLine)], opts)[1]).toMatchObject({ caseNumber: '（2013）锡山法执字第4901号', status: 'classified', reviewCodes: [] });
    const own = splitAndClassify([page('t', TRIAGE, { codes: ['（2024）粤0604执3216号'] })], opts)[0];
    expect(own).toMatchObject({ caseNumber: '（2024）粤0604执3216号' });
    expect(own!.reviewCodes).not.toContain('case_number_inherited');
  });
});

describe('party names and the register', () => {
  it('spells a party name read one slip off as the register holds it, in the fields and the names for search (seed 49, held out)', async () => {
    const notice = '江西省龙南市人民法院\n执行通知书\n案号:（2024）赣0727执1055号\n被执行人:上海上昂盛物流有限公司，住所地龙南市龙南镇金墙大道212号\n本院受理申请执行人刘海燕申请执行一案，责令你单位履行义务。\n江西省龙南市人民法院\n2024年9月9日';
    const drafts = splitAndClassify([page('n', notice)], opts);
    const register = memoryRegister([{ caseNumber: '（2024）赣0727执1055号', applicant: '刘海燕', respondent: '上海鼎盛物流有限公司' }]);
    const [checked] = await checkWithRegister(register, drafts, () => notice);
    expect(checked!.fields.respondent).toMatchObject({ value: '上海鼎盛物流有限公司，住所地龙南市龙南镇金墙大道212号' });
    expect(checked!.parties).toContain('上海鼎盛物流有限公司');
    expect(checked!.parties).not.toContain('上海上昂盛物流有限公司');
    expect(checked!.reasons.join('\n')).toMatch(/field respondent: 上海上昂盛物流有限公司 is the registered party 上海鼎盛物流有限公司 read with a slip/);
    // without a register the name stays as read
    expect((await checkWithRegister(memoryRegister([]), drafts, () => notice))[0]!.fields.respondent).toMatchObject({ value: '上海上昂盛物流有限公司，住所地龙南市龙南镇金墙大道212号' });
  });
});

describe('a cover sheet whose number is registered nowhere, before documents read by their parties', () => {
  // seed 121 (held out): a cover read 执恢8058号, registered nowhere (7 registered numbers one slip
  // away), before a 授权委托书 that took its number and that the register read, by both parties
  // it names, as 执恢8068号; the cover waited for a clerk
  const cover = '扫描分隔页\n江西省龙南市人民法院\n案号:〈2025)赣0727执恢8058号\n扫描批次: B2025052820';
  const letter = '授权委托书\n委托人:周玉兰\n受托人:杨丽华,律师\n现委托杨丽华在本案申请执行人周玉兰与被执行人上海鼎盛物流有限公司租赁合同纠纷执行一案中，作为我方的委托代理人。\n2025年5月28日';
  const CASE = '（2025）赣0727执恢8068号';
  const register = memoryRegister([
    { caseNumber: CASE, applicant: '周玉兰', respondent: '上海鼎盛物流有限公司' },
    { caseNumber: '（2025）赣0727执恢8057号', applicant: '周玉兰', respondent: '张伟' },
  ]);
  const run = async (pages: PageForSplit[], reg = register) => checkWithRegister(reg, splitAndClassify(pages, { ...opts, scanDay: '2025-06-30' }), (id) => pages.find((p) => p.pageId === id)?.text ?? '');

  it('is the case its documents were read as', async () => {
    const [c, doc] = await run([page('p1', cover), page('p2', letter)]);
    expect(doc).toMatchObject({ caseNumber: CASE, status: 'classified' });
    expect(c).toMatchObject({ formType: 'cover_sheet', caseNumber: CASE, status: 'classified', reviewCodes: [] });
    expect(c?.reasons.join('\n')).toMatch(/the documents after the cover that took its number are read by their parties as （2025）赣0727执恢8068号/);
  });

  it('stays for a clerk when its documents settle nothing, or disagree', async () => {
    // a document naming no party: nothing read it as another number
    const [alone] = await run([page('p1', cover), page('p2', '授权委托书\n代理权限:代为申请执行\n2025年5月28日')]);
    expect(alone).toMatchObject({ caseNumber: '（2025）赣0727执恢8058号', status: 'needs_review', reviewCodes: ['case_number_unknown'] });
    // a document naming one party of the neighbour only, which the register still reads as it
    const one = memoryRegister([{ caseNumber: CASE, applicant: '周玉兰', respondent: '上海鼎盛物流有限公司' }]);
    const [c1, d1] = await run([page('p1', cover), page('p2', letter.replaceAll('上海鼎盛物流有限公司', '某公司'))], one);
    expect(d1?.caseNumber).toBe(CASE);
    // the cover keeps waiting for a clerk (8068, its one registered neighbour, only proposed)
    expect(c1).toMatchObject({ status: 'needs_review', reviewCodes: ['case_number_unknown'] });
    expect(c1?.reasons.join('\n')).not.toMatch(/the documents after the cover/);
    // two documents read as two numbers
    const two = memoryRegister([
      { caseNumber: CASE, applicant: '周玉兰', respondent: '上海鼎盛物流有限公司' },
      { caseNumber: '（2025）赣0727执恢8059号', applicant: '何振东', respondent: '胡立新' },
    ]);
    const other = letter.replace('周玉兰', '何振东').replace('周玉兰', '何振东').replace('上海鼎盛物流有限公司', '胡立新');
    const [c, first, second] = await run([page('p1', cover), page('p2', letter), page('p3', other)], two);
    expect([first?.caseNumber, second?.caseNumber]).toEqual([CASE, '（2025）赣0727执恢8059号']);
    expect(c).toMatchObject({ caseNumber: '（2025）赣0727执恢8058号', reviewCodes: ['case_number_unknown'] });
  });
});

describe('a page whose title the header band read, put in front of the page', () => {
  // seed 122 (held out): an extension approval whose title the full page read 延长执行期限审批琢;
  // its signing line read 2025年9月1日 and again 2025年9月15日
  const rows = ['履京市朝阳区人民法院', '延长执行期限审批琢', '案号: (2025)京0105执9592号', '申请执行人周玉兰', '延长理由 被执行人财产需评估拍卖，无法在法定期限内执结', '审批意见同意延长', '北京市朝阳区人民法院', '2025年9月1日'];
  const lines = rows.map((t, i) => ({ t, c: 90, b: [0, i * 40, 800, i * 40 + 30] as [number, number, number, number], ...(i === rows.length - 1 ? { alt: ['2025年9月15日'] } : {}) }));
  const headerText = '北京市朝阳区人民法院\n延长执行期限审批表\n案号: (2025)京0105执9592号';
  const p = page('p1', rows.join('\n'), { lines, headerText });

  it('keeps its lines\' second readings: the date read again is doubted', () => {
    const [doc] = splitAndClassify([p], { ...opts, scanDay: '2025-09-30' });
    expect(doc).toMatchObject({ formType: 'extension_approval', docDate: '2025-09-01', status: 'needs_review', reviewCodes: ['ocr_low_confidence'] });
    // the title from the band (line 2 of the band), the date's second reading from the page's line
    expect(doc?.reasons.join('\n')).toMatch(/title matched 延长执行期限审批表 at line 2 \(similarity 1\.00\)/);
    expect(doc?.reasons.join('\n')).toMatch(/was read again as 2025年9月15日: uncertain/);
    // and their confidences: a page read at 40 is low confidence with the band's title too
    const low = page('p1', rows.join('\n'), { lines: lines.map((l) => ({ ...l, c: 40, alt: undefined })), headerText });
    expect(splitAndClassify([low], { ...opts, scanDay: '2025-09-30' })[0]?.reviewCodes).toContain('ocr_low_confidence');
  });
});
