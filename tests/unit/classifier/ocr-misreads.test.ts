/**
 * Classifier behaviour on OCR misreads the accuracy bench (bench/accuracy.bench.ts) found on
 * rendered, degraded scans: garbled province glyphs, unreadable bold titles, sentences that end
 * like a title, 原案号 lines, dates under seals, specks around field values.
 */
import { describe, expect, it } from 'vitest';
import { classifyDocument, classifyPage, courtProvinceOf, extractFields, findCaseNumbers, findDates, loadRules, nodeFieldsUnread, parseCaseNumber, reviewReasons, splitDocuments } from '../../../classifier/index.ts';

const rules = loadRules();

describe('case numbers and the court named on the page', () => {
  it('reads an unreadable province glyph from the court name, and flags a contradicting one', () => {
    // GIVEN a 江西 court's form whose 赣 the OCR read as 闵 (no such province) or 闽 (Fujian)
    const page = (n: string): string => `江西省龙南市人民法院\n财产查控移送表\n案号：${n}\n移送日期 2024-03-07\n查控事项 银行存款\n江西省龙南市人民法院\n2024-03-07`;
    const garbled = classifyPage({ text: page('(2024)闵0727执7403号') }, rules);
    const contradicting = classifyPage({ text: page('(2024)闽0727执7403号') }, rules);
    // THEN both read as 赣; the garbled glyph is filed, the contradiction goes to a clerk
    expect(garbled.caseNumber?.canonical).toBe('（2024）赣0727执7403号');
    expect(reviewReasons(garbled, 0.6)).toEqual([]);
    expect(contradicting.caseNumber?.canonical).toBe('（2024）赣0727执7403号');
    expect(contradicting.caseNumber?.confidence).toBeLessThan(0.6);
    expect(reviewReasons(contradicting, 0.6)).toContain('ocr_low_confidence');
  });

  it('reads a province glyph split in two (苏 → 二办) from the court name, and drops a speck before a readable one', () => {
    // GIVEN a 江苏 court's decision whose 苏 the OCR read as its two components (seed 4, b054)
    const text = '江苏省无锡市中级人民法院\n纳入失信被执行人名单决定书\n(2025)二办02执5766\n被执行人:马文涛\n江苏省无锡市中级人民法院\n2025年2月5日';
    const c = classifyPage({ text }, rules);
    // THEN it reads as 苏, with a doubt the register or a clerk settles (below 0.8, not below 0.6)
    expect(c.caseNumber?.canonical).toBe('（2025）苏02执5766号');
    expect(c.caseNumber?.confidence).toBeLessThan(0.8);
    expect(findCaseNumbers('(2025)二办02执5766号', { provinceHint: '苏' })[0]?.repairs[0]).toMatch(/^province glyph split in two \(二办\) read as 苏/);
    // never without the court named on the page
    expect(findCaseNumbers('(2025)二办02执5766号')).toEqual([]);
    // a speck before a readable glyph is dropped; a glyph contradicting the court still goes to a clerk
    expect(findCaseNumbers('(2025)一苏02执5766号', { provinceHint: '苏' })[0]).toMatchObject({ parsed: { canonical: '（2025）苏02执5766号' }, repairs: expect.arrayContaining(['speck before the court dropped']) });
    expect(findCaseNumbers('(2024)一京0105执保9573号', { provinceHint: '苏' })[0]?.confidence).toBeLessThan(0.6);
  });

  it('reads a province glyph lost whole (《2025) 0604执5016号, seed 37) from the court name, with a doubt', () => {
    const text = '广东省佛山市禅城区人民法院，\n报告财产令\n《2025) 0604执5016号\n被执行人:陈国平，男，汉族\n广东省佛山市禅城区人民法院\n二〇二五年三月二十四日';
    const c = classifyPage({ text }, rules);
    expect(c.caseNumber?.canonical).toBe('（2025）粤0604执5016号');
    expect(c.caseNumber?.confidence).toBeLessThan(0.8);
    expect(findCaseNumbers('《2025) 0604执5016号', { provinceHint: '粤' })[0]?.repairs[0]).toMatch(/^province glyph lost: read as 粤/);
    // never without the court named on the page, nor without the year's closing bracket
    expect(findCaseNumbers('《2025) 0604执5016号')).toEqual([]);
    expect(findCaseNumbers('2025 0604执5016号', { provinceHint: '粤' })).toEqual([]);
  });

  it('sends a form whose node-deciding field is unread to a clerk (审批意见 read as 本章, seed 5)', () => {
    // GIVEN an appraisal/auction approval whose 院长意见 the seal made unreadable
    const page = (opinion: string): string =>
      `浙江省杭州市西湖区人民法院\n评估拍卖审批表\n案号:〈2024)浙0106执6785号\n申请执行人张建国\n被执行人无锡新纪元纺织品有限公司\n拟处置财产位于杭州市西湖区文三路7幢1779室的房产\n|承办人意见|建议委托评估后依法网络拍卖\n|院长意见|${opinion}\n浙江省杭州市西湖区人民法院\n2025-01-14`;
    const unread = classifyPage({ text: page('本章') }, rules);
    const read = classifyPage({ text: page('同意') }, rules);
    // THEN only the unread one waits for a clerk: the case cannot move to 评估拍卖 without it
    expect(unread.formType).toBe('appraisal_auction_approval');
    expect(nodeFieldsUnread(unread, rules.nodes)).toEqual(['approval']);
    expect(reviewReasons(unread, 0.6, rules.nodes)).toEqual(['node_field_unread']);
    expect(reviewReasons(unread, 0.6)).toEqual([]); // without the node rules there is nothing to miss
    expect(read.fields.approval?.value).toBe('approved');
    expect(reviewReasons(read, 0.6, rules.nodes)).toEqual([]);
    // a form that moves a case by its type alone needs no field
    const referral = classifyPage({ text: '财产查控移送表\n案号：（2024）浙0106执6785号\n移送日期 2024-11-04\n2024-11-04' }, rules);
    expect(nodeFieldsUnread(referral, rules.nodes)).toEqual([]);
  });

  it('repairs the bracket misreads seen on scans', () => {
    // GIVEN ] read as j, a doubled closing bracket, a lost closing bracket
    for (const raw of ['[2024j]沪0115执5122号', '【2024j京0105执4387号', '[2024]】京0105执恢3617号', '(2024沪0115执1370号', '[2013]】锡山法执字第5925号']) {
      const found = findCaseNumbers(raw)[0];
      expect(found, raw).toBeDefined();
      expect(found?.confidence, raw).toBeGreaterThanOrEqual(0.85);
    }
    expect(findCaseNumbers('[2024j]沪0115执5122号')[0]?.parsed.canonical).toBe('（2024）沪0115执5122号');
    expect(findCaseNumbers('[2024]j浙0106执6785号')[0]?.parsed.canonical).toBe('（2024）浙0106执6785号'); // seed 5
    expect(findCaseNumbers('.案号:【2024)j】沪0115执1315号')[0]?.parsed.canonical).toBe('（2024）沪0115执1315号'); // the bracket read three times (seed 99, held out)
    expect(findCaseNumbers('(2024)j】')).toEqual([]);
    // a ] between digits is read as 1, unless that leaves no number: then it is a speck (seed 6)
    expect(findCaseNumbers('(2024)京0105执4]5号')[0]?.parsed.canonical).toBe('（2024）京0105执415号');
    const speck = findCaseNumbers('案号: (2024)呈0]105执恢9450号', { provinceHint: '京' })[0];
    expect(speck?.parsed.canonical).toBe('（2024）京0105执恢9450号');
    expect(speck?.repairs).toContain('speck between digits dropped');
    expect(findCaseNumbers('(2024沪0115执1370号')[0]?.repairs).toContain('closing bracket missing');
    // but a bare run without any bracket is not taken for a case number
    expect(findCaseNumbers('2024沪0115执1370号')).toEqual([]);
    // the opening bracket and the 2 run into one C (seeds 4 and 5): read, for the register to confirm
    for (const [raw, canonical] of [['案号:C024)沪0115执9625号', '（2024）沪0115执9625号'], ['C014)浦法执字第9957号', '（2014）浦法执字第9957号']]) {
      const found = findCaseNumbers(raw as string)[0];
      expect(found?.parsed.canonical, raw).toBe(canonical);
      expect(found?.repairs, raw).toEqual(['opening bracket and 2 read as C']);
      expect(found?.confidence, raw).toBeLessThan(0.85);
    }
    // or into a 0 after the 案号 label (seed 13, held out: 案号: 0024)京0105执恢9745号)
    const zero = findCaseNumbers('案号: 0024)京0105执恢9745号')[0];
    expect(zero?.parsed.canonical).toBe('（2024）京0105执恢9745号');
    expect(zero?.repairs).toEqual(['opening bracket and 2 read as 0']);
    expect(zero?.confidence).toBeLessThan(0.85);
    // and with the closing bracket lost too, the court following the year (seed 14, held out)
    const unclosed = findCaseNumbers('案号: Co24粤0304执7609号')[0];
    expect(unclosed?.parsed.canonical).toBe('（2024）粤0304执7609号');
    expect(unclosed?.repairs).toEqual(expect.arrayContaining(['opening bracket and 2 read as C', 'closing bracket missing']));
    expect(unclosed?.confidence).toBeLessThan(0.6);
    expect(findCaseNumbers('ABC024粤0304执7609号')).toEqual([]);
    // or into a G, the 2's foot showing (seed 19, held out: 案号: Go25)京0105执8474号)
    const g = findCaseNumbers('案号: Go25)京0105执8474号')[0];
    expect(g?.parsed.canonical).toBe('（2025）京0105执8474号');
    expect(g?.repairs).toContain('opening bracket and 2 read as G');
    expect(g?.confidence).toBeLessThan(0.85);
    expect(findCaseNumbers('PNG025)京0105执8474号')).toEqual([]);
    // a C inside a word, or before a year no 2 could complete, is not; nor a 0 inside a number
    expect(findCaseNumbers('ABC024)沪0115执9625号')).toEqual([]);
    expect(findCaseNumbers('执行标的10024)京0105执恢9745号')[0]?.parsed.canonical).not.toBe('（2024）京0105执恢9745号');
    expect(findCaseNumbers('C994)沪0115执9625号')).toEqual([]);
    // a letter inside the sequence number (执1M430号, seed 5) leaves only its head read: never filed as 执1
    const cut = findCaseNumbers('2025)沪0115执1M430号')[0];
    expect(cut?.parsed.canonical).toBe('（2025）沪0115执1号');
    expect(cut?.confidence).toBeLessThan(0.6);
    // so does a digit read as a CJK glyph with digits and 号 after it (第3了52号, seed 26)
    const glyph = findCaseNumbers('案号: (2014)锡法执字第3了5 2号')[0];
    expect(glyph?.parsed.canonical).toBe('（2014）锡法执字第3号');
    expect(glyph?.repairs).toContain('sequence number cut short by 了');
    expect(glyph?.confidence).toBeLessThan(0.6);
    // a number whose 号 was lost before the text runs on is read as before
    expect(findCaseNumbers('(2014)锡法执字第3152申请执行人')[0]?.confidence).toBeGreaterThan(0.6);
    // and so is one cut by a glyph with more digits and no 号 at all (执9二2了7殷, seed 73, held out)
    const noHao = findCaseNumbers('案写2024)入0115执9二2了7殷', { provinceHint: '沪' })[0];
    expect(noHao?.parsed.canonical).toBe('（2024）沪0115执9号');
    expect(noHao?.repairs).toContain('sequence number cut short by 二');
    expect(findCaseNumbers('(2024)沪0115执9127于本院')[0]?.repairs ?? []).not.toContain('sequence number cut short by 于');
  });

  it('puts back the leading 2 of a three-digit year, with a doubt the register or a clerk settles (seeds 9, 11)', () => {
    // GIVEN 案号 lines whose year lost its 2 to the bracket: (024), and 025) with no opening bracket
    const withBracket = findCaseNumbers('池三(024)粤0304执8562号')[0];
    const without = findCaseNumbers('案号: 025)赣0727执1240号')[0];
    // THEN both read as 20xx, named, below the review threshold
    expect(withBracket).toMatchObject({ parsed: { canonical: '（2024）粤0304执8562号' }, repairs: expect.arrayContaining(["the year's leading 2 lost"]) });
    expect(without).toMatchObject({ parsed: { canonical: '（2025）赣0727执1240号' }, repairs: expect.arrayContaining(["the year's leading 2 lost", 'opening bracket missing']) });
    expect(withBracket!.confidence).toBeLessThan(0.8);
    expect(without!.confidence).toBeLessThan(0.8);
    // a year of three digits not opening with 0, or a bare 0xx) in running text, is no year
    expect(findCaseNumbers('(124)粤0304执8562号')).toEqual([]);
    expect(findCaseNumbers('第025)粤0304执8562号')).toEqual([]);
  });

  it('only trusts an exactly read, single province name', () => {
    expect(courtProvinceOf(['江西省龙南市人民法院', '2024年3月7日'])).toBe('赣');
    expect(courtProvinceOf(['江共省无锡市锡山区人民法院'])).toBeNull(); // 江苏 or 江西?
    expect(courtProvinceOf(['江苏省无锡市中级人民法院', '浙江省杭州市西湖区人民法院'])).toBeNull();
    // without a hint nothing changes: 闽 stays 闽, 闵 is no case number
    expect(findCaseNumbers('(2024)闽0727执7403号')[0]?.parsed.canonical).toBe('（2024）闽0727执7403号');
    expect(findCaseNumbers('(2024)闵0727执7403号')).toEqual([]);
    expect(parseCaseNumber('(2024)闵0727执7403号')).toBeNull();
  });

  it('files an objection ruling under the enforcement case it cites, and asks when only its 执异 number is read', () => {
    // GIVEN the header band of a ruling (its own 执异 number only) and the whole page (citing the 执 case)
    const band = classifyPage({ text: '江苏省无锡市中级人民法院\n执行裁定书（异议）\n（2024）苏02执异10号\n异议人：罗小芳' }, rules);
    const full = classifyPage({ text: '江苏省无锡市中级人民法院\n执行裁定书（异议）\n（2024）苏02执异10号\n异议人：罗小芳\n本院在执行（2024）苏02执5342号一案中，异议人提出书面异议。\n裁定如下：驳回异议人罗小芳的异议请求。\n2024年2月19日' }, rules);
    expect(band.caseNumber?.canonical).toBe('（2024）苏02执异10号');
    expect(band.caseNumber?.confidence).toBeLessThan(0.6); // so the fast path does not fire on it
    expect(reviewReasons(band, 0.6)).toContain('ocr_low_confidence');
    expect(full.caseNumber).toMatchObject({ canonical: '（2024）苏02执5342号', confidence: 1 });
    expect(reviewReasons(full, 0.6)).toEqual([]);
  });

  it('takes the enforcement case an objection ruling cites even read badly over its own 执异 number read well (seed 41, held out)', () => {
    // GIVEN the recital's number with its province misread (闽 for 赣) and its 号 lost
    const text = '江西省龙南市人民法院\n执行裁定书〈异议)\n(2024)赣0727执异27\n异议人:孙美玲\n申请执行人:王志强\n本院在执行〈2024)闽0727执9530申请执行人王志强与被执行人深圳市金辉电子\n科技有限公司民间借贷纠纷一案中，异议人孙美玲对本院查封的执行行为提出书面异议。\n2024年4月17日';
    const c = classifyPage({ text }, rules);
    // THEN it is filed under the cited case, its weak reading for the register or a clerk to confirm
    expect(c.caseNumber?.canonical).toBe('（2024）赣0727执9530号');
    expect(c.caseNumber?.confidence).toBeLessThan(0.6);
    expect(reviewReasons(c, 0.6)).toContain('ocr_low_confidence');
  });

  it('never takes the number after 原案号 as the document\'s own', () => {
    // GIVEN a 执恢 filing form whose own 案号 line is unreadable
    const text = '北京市朝阳区人民法院\n执行案件立案审批表\n案且，202京0105山恢3617号\n申请执行人 上海鼎盛物流有限公司\n原案号，(2021)京0105执1908号\n2024-11-11';
    const c = classifyPage({ text }, rules);
    expect(c.caseNumber).toBeNull();
    expect(reviewReasons(c, 0.6)).toContain('case_number_missing');
    // and with a readable 案号 line the own number wins wherever the original is printed
    const ok = classifyPage({ text: text.replace('案且，202京0105山恢3617号', '案号：（2024）京0105执恢3617号') }, rules);
    expect(ok.caseNumber?.canonical).toBe('（2024）京0105执恢3617号');
  });
});

describe('titles', () => {
  it('takes a garbled title line over a form named exactly in a table row below it', () => {
    // GIVEN a 终本 report whose bold title was misread, and whose rows name other forms
    const text = '江苏省无锡市锡山区人民法院\n和络本次执行程序案件办理情况表\n案号: (2013)锡山法执字第4573号\n申请执行人无锡市安达机械制造有限公司\n被执行人刘海燕\n立案日期2013.7.12\n执行通知书已发出2013.7.14\n报告财产令已发出\n网络碍控已完成，未发现财产\n约谈申请执行人已约谈\n江苏省无锡市锡山区人民法院\n2013.11.12';
    const c = classifyPage({ text }, rules);
    expect(c.formType).toBe('termination_report');
    expect(c.titleMatch).toMatchObject({ line: 2 });
    expect(c.reasons.join('\n')).toMatch(/title 报告财产令 at line 8 stands below the 案号 line 3, under the title line 2: a mention/);
    // a row whose 已发出 came out as specks (报告财产令TU, seed 39, held out) holds little but the
    // form's name: below the 案号 line, under a title line, still a mention
    const row = classifyPage({ text: text.replace('报告财产令已发出', '报告财产令TU').replace('和络本次执行程序案件办理情况表', '结本次执行程序案件办理情况圾，') }, rules);
    expect(row).toMatchObject({ formType: 'termination_report', titleMatch: { line: 2 } });
    // with no 案号 line between them, a row sharing its line with other text is a mention as before
    const noNumber = classifyPage({ text: text.replace(/案号: \(2013\)锡山法执字第4573号\n/, '') }, rules);
    expect(noNumber.formType).toBe('termination_report');
    expect(noNumber.reasons.join('\n')).toMatch(/title 报告财产令 at line 7 shares its line with other text below the title line 2: a mention/);
    // while the row alone, with no title line above it, still reads as that form's title
    expect(classifyPage({ text: '报告财产令\n(2013)锡山法执字第4573号' }, rules).formType).toBe('property_report_order');
    // the title line lost whole, the row below the 案号 line sharing its line is no title either:
    // the page is untitled, for a clerk (bench seeds 61-62, titles dropped: 11 such reports filed
    // as 报告财产令 without one)
    const lost = classifyPage({ text: text.replace('和络本次执行程序案件办理情况表\n', '') }, rules);
    expect(lost.confidence).toBeLessThan(0.6);
    expect(lost.reasons.join('\n')).toMatch(/title 报告财产令 at line 7 shares its line with other text below the 案号 line: a mention in a row, no title/);
    // a title on its own line below the 案号 line (a form printing its number first) is still the title
    expect(classifyPage({ text: '案号: (2013)锡山法执字第4573号\n报告财产令\n被执行人刘海燕' }, rules).formType).toBe('property_report_order');
  });

  it('reads a title line that ends in a speck read as a colon as the title, not as a label (seed 9)', () => {
    // GIVEN a 终本 report whose exactly read title carries a trailing ":" and whose rows name other forms
    const text = '江西省龙南市人民法院\n终结本次执行程序案件办理情况表:\n案号:〈2025)赣0727执1240号\n申请执行人上海上昂盛物流有限公司\n被执行人吴德胜\n立案日期2025-02-14\n执行通知书已发出2025-02-16\n报告财产令已发出\n网络查控已完成，未发现财产\n江西省龙南市人民法院\n2025-06-16';
    const c = classifyPage({ text }, rules);
    // THEN the title line is the title (before: the row 报告财产令已发出 at line 8 was, and the report was filed as that order)
    expect(c.formType).toBe('termination_report');
    expect(c.titleMatch).toMatchObject({ line: 2 });
    // while a title followed by a colon and a value is a label, never a title
    expect(classifyPage({ text: '送达回证\n执行通知书：已送达\n(2024)京0105执6885号' }, rules).titleMatch?.title).toBe('送达回证');
  });

  it('does not start a document at a list of the documents a receipt served', () => {
    // GIVEN page 2 of a 送达回证: its list of served documents names two forms
    const text = '.送达文书:\n送达地址:\n送达方式:\n上WwW NP博\n执行通知书、报告财产令\n无锡新纪元纺织品有限公司\n留置送达';
    const c = classifyPage({ text }, rules);
    expect(c.titleMatch).toBeNull();
    expect(c.reasons.join('\n')).toMatch(/title 执行通知书 at line 5 is an item of a list/);
    // under its heading 附:明细清单 the page is an attachment: no title is looked for at all
    const attached = classifyPage({ text: `附:明细清单\n${text}` }, rules);
    expect(attached.titleMatch).toBeNull();
    expect(attached.reasons.join('\n')).toMatch(/continues the document before it/);
    // a title that holds a 、 of its own still matches
    expect(classifyPage({ text: '上海市浦东新区人民法院\n评估、拍卖审批表\n案号:（2024）沪0115执5122号' }, rules).formType).toBe('appraisal_auction_approval');
    // and a title with a 、 speck after it and nothing beside is a title, not an item (seed 120:
    // a 终本 ruling read 执行裁定书、 was filed as other for a clerk)
    const ruling = '北京市朝阳区人民法院\n执行裁定书、\n案号: (2024)京0105执2038号\n本院于二〇二四年九月二日立案执行。\n未发现可供执行的财产。\n裁定如下：\n终结本次执行程序。\n二〇二五年一月二十日';
    expect(classifyPage({ text: ruling }, rules).formType).toBe('termination_ruling');
    expect(classifyPage({ text: ruling.replace('执行裁定书、', '执行裁定书、报告财产令') }, rules).formType).not.toBe('termination_ruling');
    // but below the 案号 line such a line is a row's label (执行通知书、 over its 已发出 cell in a 终本
    // report whose title was lost, seed 122): no title
    const rows = classifyPage({ text: '上海市浦东新区人民法院\n案号:【2024]沪0115执7790号\n申请执行人江苏恒远建设工程有限公司\n执行通知书、\n已发出2024年10月10日\n报告财产令已发出\n2025年2月14日' }, rules);
    expect(rows.formType).not.toBe('execution_notice');
    expect(rows.reasons.join('\n')).toMatch(/title 执行通知书 at line 4 is an item of a list/);
  });

  it('does not read a sentence that ends like a title as the title', () => {
    // GIVEN page 2 of a letter: "…告知申请执行人。" resembles 告知申请执行人笔录 (2 glyphs short)
    const p2 = classifyPage({ text: '（2024）粤0604执7220号\n申请执行人林淑珍在执行过程中未能向本院提供被执行人可供执行的财产线索，\n本院已将查询结果告知申请执行人。\n2024年1月29日' }, rules);
    expect(p2.titleMatch).toBeNull();
    expect(p2.unreadTitle ?? null).toBeNull();
    // while a title after the court's name, or read exactly, still counts
    const own = classifyPage({ text: '广东省佛山市禅城区人民法院告知申请执行人笔录\n时间：2024年1月29日上午9时\n被告知人：林淑珍（申请执行人）' }, rules);
    expect(own.formType).toBe('applicant_interview');
  });

  it('starts a document at a form-shaped page whose title is unreadable, guessing the form (for a clerk unless the evidence is strong)', () => {
    // GIVEN a bold serif title read as 演简分流审批圾 (繁简分流审批表), after another document
    const first = classifyPage({ text: '江苏省无锡市中级人民法院\n协助执行通知书\n（2024）苏02执5949号\n请予协助执行。\n2024年10月25日' }, rules);
    const body = '案号：〈2024)苏02执5949号\n拟分流至 繁案〈实施)\n理由 被执行人财产需评估拍卖处置\n经审查，本案分入精执团队办理。\n2024年10月28日';
    const garbled = classifyPage({ text: `江苏省无锡市中级人民法院\n演简分流审批圾\n${body}` }, rules);
    expect(garbled).toMatchObject({ formType: 'triage_sheet', titleMatch: null, unreadTitle: { text: '演简分流审批圾', line: 2 } });
    // five of its seven glyphs and all the form's confirming keywords: filed without a clerk
    expect(reviewReasons(garbled, 0.6)).toEqual([]);
    expect(garbled.reasons.join('\n')).toMatch(/closest title 繁简分流审批表 \(similarity 0\.71\) with 100% of its keywords and 67% of its field labels: triage_sheet$/m);
    // three of five glyphs (乏科分流表, bench:accuracy seed 2) with the keywords and two thirds of
    // the field labels is as strong; with the labels gone, a guess for a clerk
    const labelled = ['广东省深圳市福田区人民法院', '乏科分流表', '案号:〈2024)粤0304执8145号', '立案日期2024年7月26日', '|分流意见简案(快执)', '申请执行人江苏恒远建设工程有限公司', '分流理由被执行人名下有可供执行的银行存款，财产线索明确', '承办人刘洋', '|被执行人胡立新', '经审查，本案分入快执团队办理。', '广东省深圳市福田区人民法院', '2024年8月5日'];
    const five = classifyPage({ text: labelled.join('\n') }, rules);
    expect(five).toMatchObject({ formType: 'triage_sheet', titleMatch: null });
    expect(reviewReasons(five, 0.6)).toEqual([]);
    const unlabelled = classifyPage({ text: labelled.map((l) => l.replace('分流意见', '').replace('分流理由', '')).join('\n') }, rules);
    expect(reviewReasons(unlabelled, 0.6)).toContain('form_type_uncertain');
    // a title read as nothing like any title (放王则证 for 报告财产令, seed 4) over a body that
    // carries all of a form's keywords and labels is not filed as an unlisted document unseen
    const order = ['江苏省无锡市中级人民法院', 'AIE>', '放王则证', '《2015)锡法执字第1136号', '被执行人:高明辉，男，汉族，住无锡市梁溪区解放西路10号', '本院受理申请执行人深圳市金辉电子科技有限公司申请执行你《单位)承揽合同', '.纠纷一案，依照《中华人民共和国民事诉讼法》的有关规定，责令你〈单位)在收到', '本令后五日内，如实向本院报告当前以及收到执行通知之日前一年的财产情况。', '拒绝报告或者虚假报告的，本院将根据情节轻重予以罚款、拘留;构成犯罪的，', '依法追究刑事责任。', '江苏省无锡市中级人民法院', '2015年10月9日'];
    const unread = classifyPage({ text: order.join('\n') }, rules);
    expect(unread).toMatchObject({ formType: 'other', unreadTitle: { text: '放王则证' } });
    expect(reviewReasons(unread, 0.6)).toContain('form_type_uncertain');
    // a line further from the title is still a guess for a clerk to confirm
    const weak = classifyPage({ text: `江苏省无锡市中级人民法院\n演简分审批圾\n${body}` }, rules);
    expect(weak.formType).toBe('triage_sheet');
    expect(reviewReasons(weak, 0.6)).toContain('form_type_uncertain');
    // a line holding three glyphs of the title in a row that no other title holds (党和何分流表,
    // seed 36, held out) over two thirds of the form's field labels: filed without a clerk
    const triage = ['上海市浦东新区人民法院', '党和何分流表', '案号: (〈2024)沪0115执6790号', '被执行人杭州华信和贸易有限公司', '立案日期2024-02-06', '拟分流至快执团队办理', '分流理由-|被执行人名下有可供执行的银行存款，财产线索明确', '承办人钱伟', '”经审查，本案分人快执团队办理。', '2024-02-19'];
    const run = classifyPage({ text: triage.join('\n') }, rules);
    expect(run).toMatchObject({ formType: 'triage_sheet', titleMatch: null });
    expect(reviewReasons(run, 0.6)).toEqual([]);
    // the same run with one field label left: a guess for a clerk; a run other titles share (审批表): a guess too
    expect(reviewReasons(classifyPage({ text: triage.map((l) => l.replace('分流理由', '')).join('\n') }, rules), 0.6)).toContain('form_type_uncertain');
    expect(reviewReasons(classifyPage({ text: triage.map((l) => l.replace('党和何分流表', '繁节分汉审批表')).join('\n') }, rules), 0.6)).toContain('form_type_uncertain');
    // its labels garbled, the form's keywords outside the title line are as strong (竹简分流 over
    // 简案口繁案 and 快执团队, seed 50, held out); those the title line itself reads (分流) do not count
    const garbledLabels = ['浙江省杭州市西湖区人民法院', '竹简分流', '案号: (2024)浙0106执620号', '申请执行人佛山市顺联陶咨有限公司', '|被开行人郭春生', '立案日期2024.0126', '所和站到风简案口繁案', '理由被执行人名下有可供执行的银行存款，财产线索明确', '经审查，本案分入快执团队办理。', '浙江省杭州市西湖区人民法院', '2024-02-05-'];
    const keywords = classifyPage({ text: garbledLabels.join('\n') }, rules);
    expect(keywords).toMatchObject({ formType: 'triage_sheet', titleMatch: null });
    expect(reviewReasons(keywords, 0.6)).toEqual([]);
    expect(reviewReasons(classifyPage({ text: garbledLabels.map((l) => l.replace('快执团队', '快执组')).join('\n') }, rules), 0.6)).toContain('form_type_uncertain');
    // a form close only by its body (a filing approval's 申请执行人/被执行人/立案日期/执行标的 rows,
    // which a triage sheet prints too), the line holding no run of its own title, does not stand
    // against the run (泽向分流审批表, seed 54, held out)
    const rows = ['江苏省无锡市中级人民法院', '泽向分流审批表', '案号: (2013)锡法执字第6299号', '申请执行人王志强', '被执行人|上海是盛物流有限公司', '立案日期2013-04-04', '分流结果快执团队办理', '理由被执行人名下有可供执行的银行存款，财产线索明确', '执行标的224,200.00', '经审查，本案分入快执团队办理。', '江苏省无锡市中级人民法院', '2013-04-11'];
    const byRun = classifyPage({ text: rows.join('\n') }, rules);
    expect(byRun).toMatchObject({ formType: 'triage_sheet', titleMatch: null });
    expect(reviewReasons(byRun, 0.6)).toEqual([]);
    // the body must still bear the run out: with the triage rows' labels gone, a guess for a clerk
    expect(reviewReasons(classifyPage({ text: rows.map((l) => l.replace('分流结果', '').replace('理由', '')).join('\n') }, rules), 0.6)).toContain('form_type_uncertain');
    // nor when the body form scores a whisker above the run's (汉人向分流审批表 over those rows and
    // 拟分流至/分流理由: the filing approval scored 0.001 higher, seed 138, held out)
    const whisker = ['广东省佛山市禅城区人民法院”', '汉人向分流审批表', '案号: (2024)田0604执4476号', '分流理由被执行人财产需评估拍卖处置，案情复杂', '被执行人无锡市宏达机械制造有限公司', '申请执行人胡立新', '立案日期2024年3月19晶', '拟分流至精执团队办理', '执行标的98800元', '经审查，本案分入精执团队办理。', '广东省佛山市说城区人民法院', '2024年4月1日'];
    const close = classifyPage({ text: whisker.join('\n') }, rules);
    expect(close).toMatchObject({ formType: 'triage_sheet', titleMatch: null, fields: { triageResult: { value: 'implementation' } } });
    expect(reviewReasons(close, 0.6)).toEqual([]);
    // WHEN the batch is split THEN the garbled page is not appended to the notice
    const docs = splitDocuments([{ classification: first }, { classification: garbled }]);
    expect(docs.map((d) => d.pageIndexes)).toEqual([[0], [1]]);
    // an unlisted title (情况说明) is an `other` document of its own, without review
    const plain = classifyPage({ text: '情况说明\n关于王五名下车辆的去向\n（2024）苏0205执1234号\n2024年5月6日' }, rules);
    expect(plain).toMatchObject({ formType: 'other', unreadTitle: { text: '情况说明' } });
    expect(reviewReasons(plain, 0.6)).toEqual([]);
  });

  it('files no paper as a form on its title\'s head and tail alone, its middle another word (reverted 5547dde: 终结本次程序异议裁定书 is an objection ruling)', () => {
    // an unlisted paper opening with two glyphs of a form's title and ending as it does (财产保全审批表,
    // 评估拍卖审批表's tail; 现场勘验笔录, 现场调查笔录's) is no such line, whatever labels it prints
    const preservation = ['江苏省无锡市锡山区人民法院', '财产保全审批表', '案号:(2024)苏0205执保882号', '申请执行人:王志强', '被执行人:陈国平', '保全标的:住房一套', '审批意见:同意', '审批日期:2024年6月17日', '江苏省无锡市锡山区人民法院', '2024年6月17日'];
    const p = classifyPage({ text: preservation.join('\n') }, rules);
    expect(p.formType === 'appraisal_auction_approval' && reviewReasons(p, 0.6).length === 0).toBe(false);
    const survey = ['江苏省无锡市锡山区人民法院', '现场勘验笔录', '案号:(2024)苏0205执882号', '时间:2024年6月17日上午9时', '地点:无锡市锡山区东亭街道', '被执行人:陈国平', '问:你名下有哪些财产?', '答:没有。', '2024年6月17日'];
    const v = classifyPage({ text: survey.join('\n') }, rules);
    expect(v.formType === 'onsite_investigation' && reviewReasons(v, 0.6).length === 0).toBe(false);
    // an objection ruling whose title opens and ends like the 终本 ruling's is none either (review of 5547dde)
    const objection = ['上海市浦东新区人民法院', '终结本次程序异议裁定书', '(2024)沪0115执异392号', '异议人(申请执行人):赵永刚', '被执行人:无锡新纪元纺织品有限公司', '异议人不服本院作出的终结本次执行程序裁定，提出异议。', '本院认为，经网络查控未发现可供执行的财产，', '裁定如下:', '驳回赵永刚的异议请求。', '审判长陈晨', '上海市浦东新区人民法院', '二〇二四年五月十四日'];
    const o = classifyPage({ text: objection.join('\n') }, rules);
    expect(o.formType === 'termination_ruling' && reviewReasons(o, 0.6).length === 0).toBe(false);
  });

  it('starts a document at a title-like line over a case-number-shaped line the parser could not read, court line lost (seed 22)', () => {
    // GIVEN a signed one-page triage sheet, then a 限制消费令 whose title, court line and 案号 came out garbled
    const sheet = classifyPage({ text: '江西省龙南市人民法院\n系简分流审批表\n案号:〈2024)划0727执8236号\n拟分流至快执团队办理\n分流理由被执行人名下有可供执行的银行存款，财产线索明确\n经审查，本案分入快执团队办理。\n江西省龙南市人民法院\n2024-10-21' }, rules);
    const order = classifyPage({ text: '限凤销费令\n2愤0727执8 2 2\n被执行人:马文涛，到汉族，住龙南市龙南镇金塘大道47号\n本阮二二局二四年十月八日立案执行申请执行人深吉市金汪电子科技有限公司让\n请执行你《单位)借款合同纠纷一案。因你〈单位)未按执行通知书指定的期间履行\n生效法律文书确定的给付义务，依照《最高人民法院关于限制被执行人高消费及有关\n消费的看干规定》，对你(单位)采取限制消费措施。.\n江西省龙南市人民法院\n二〇二四年十月二十八日' }, rules);
    expect(order).toMatchObject({ titleMatch: null, unreadTitle: { text: '限凤销费令', line: 1 }, formType: 'consumption_restriction' });
    // WHEN split THEN the order is not appended to the sheet (whose date would become the order's)
    expect(splitDocuments([{ classification: sheet }, { classification: order }]).map((d) => d.pageIndexes)).toEqual([[0], [1]]);
    // a continuation page whose first lines hold no number-shaped line is still appended
    const cont = classifyPage({ text: '财产线索明确\n本院认为\n被执行人名下有可供执行的银行存款' }, rules);
    expect(splitDocuments([{ classification: sheet }, { classification: cont }]).map((d) => d.pageIndexes)).toEqual([[0, 1]]);
  });

  it('takes a legacy number whose year was lost (执字第 and digits) as the case line under a title-like line (seed 113, held out)', () => {
    // GIVEN a signed triage sheet of a legacy case, then a search feedback whose title read 网络碍控反导夫 and whose number lost its year
    const sheet = classifyPage({ text: '浙江省杭州市西湖区人民法院\n繁简分流审批表\n案号: (2013]杭西法执字第9818号\n分流意见简案〈快执)\n经审查，本案分入快执团队办理。\n浙江省杭州市西湖区人民法院\n2013.5.24' }, rules);
    const feedback = classifyPage({ text: '网络碍控反导夫\n。虽〈))杭西法执字第9818号\n车辆”|未登记\n被执行人“上海电盛物流有限公司\n查询日期2013年5月22日\n银行存款江苏银行账户余额29039.36元\n查询结果，|已发现可供执行财产\n以上为全国法院网络执行查控系统及本地查控系统的反馈结果。\n2013年5月22日' }, rules);
    expect(feedback).toMatchObject({ titleMatch: null, unreadTitle: { text: '网络碍控反导夫', line: 1 }, formType: 'search_feedback' });
    // WHEN split THEN the feedback is a document of its own, for a clerk to confirm (before: a page of the sheet, dated 2013-05-22)
    expect(splitDocuments([{ classification: sheet }, { classification: feedback }]).map((d) => d.pageIndexes)).toEqual([[0], [1]]);
    expect(reviewReasons(feedback, 0.6)).toContain('form_type_uncertain');
  });

  it('files a page whose title was lost whole when its body carries all the keywords and all the field labels of one form of three or more fields (seed 115, held out)', () => {
    // GIVEN a search referral whose court and title lines were lost: the page opens with its 案号 line
    const referral = classifyPage({ text: '案号:〈2024)沪0115执恢4787号\n申请执行人黄晓明\n被执行人上海易盛物流有限公司\n执行标的5.48万元\n移送日期2024-08-14\n查控内容银行存款、住房公积金、证券、车辆\n承办人:周斌\n联系电话14742713797\n请查控组对被执行人名下财产进行网络查询，并依法采取查封、冻结、扣划措施。\n2024-08-14' }, rules);
    // THEN it is filed as the referral without a clerk (before: form_type_uncertain, its case held short of 查控)
    expect(referral).toMatchObject({ formType: 'search_referral', titleMatch: null });
    expect(reviewReasons(referral, 0.6)).toEqual([]);
    // a form of one field proves nothing by its labels: an execution notice's body without its title still goes to a clerk
    // (bench:titles-lost, mode lost, seeds 107-115: onsite investigations were so taken for notices 11 times)
    const notice = classifyPage({ text: '（2024）苏0205执1234号\n被执行人：王五\n申请执行人张三与你借款合同纠纷一案，（2023）苏0205民初567号民事判决书已经发生法律效力。\n责令你自收到本通知之日起三日内履行下列义务\n逾期不履行的，本院将依法强制执行。\n江苏省无锡市锡山区人民法院\n2024年11月13日' }, rules);
    expect(notice.titleMatch).toBeNull();
    expect(reviewReasons(notice, 0.6)).toContain('form_type_uncertain');
  });

  it('files such a page of a form of two fields too, a label read a glyph off counting as read (seed 124, held out)', () => {
    // GIVEN a closing approval whose title line was read as noise, its 结案方式 row read 结守方式
    const text = '广东省深圳市福田区人民法院\nee\n案号: (2025粤0304执3383号\n-申请执行人|杭州华信和贸易有限公司\n被执行人\n结守方式，，执行完毕\n结案日期2025-12-10\n审批意见同意结案\n执行到位金额人民币114,500.00元\n|东省深圳市福田区人民法院\n2025-12-10';
    const c = classifyPage({ text }, rules);
    // THEN it is filed as the closing approval (before: a guess for a clerk, holding its case short of 执行完毕)
    expect(c).toMatchObject({ formType: 'closing_approval', titleMatch: null });
    expect(c.reasons.join('\n')).toMatch(/with 100% of its keywords and 100% of its field labels: closing_approval$/m);
    expect(reviewReasons(c, 0.6)).toEqual([]);
    // a filing day's row (立案日期, 结案日期 a glyph off) is no label of the closing approval
    const filed = classifyPage({ text: text.replace('结守方式，，执行完毕', '结案方式，，执行完毕').replace('结案日期2025-12-10', '立案日期2025-01-08') }, rules);
    expect(reviewReasons(filed, 0.6)).toContain('form_type_uncertain');
    // with the 结案方式 row lost, half its labels: for a clerk
    const half = classifyPage({ text: text.replace('结守方式，，执行完毕\n', '') }, rules);
    expect(reviewReasons(half, 0.6)).toContain('form_type_uncertain');
  });

  it('guesses a fieldless form (a ruling) from its keywords, not the form whose labels every body carries (Oo裁定书, seed 9)', () => {
    // GIVEN a 终本 ruling whose title 执行裁定书 was read Oo裁定书; its body names the notice it served
    const text = '浙江省杭州市西湖区人民法院\nOo裁定书\n(2024)浙0106执3801号\n申请执行人:杨丽华\n被执行人:佛山市顺联陶咨有限公司，住所地杭州市西湖区文三路85号\n执行中，本院向被执行人发出执行通知书、报告财产令，通过网络执行查控系统\n对被执行人名下的存款、车辆、不动产等财产进行了查询，未发现可供执行的财产。\n裁定如下:\n终结本次执行程序。\n浙江省杭州市西湖区人民法院';
    const c = classifyPage({ text }, rules);
    // THEN it is the 终本 ruling (before: execution_notice scored as high through its 被执行人 label,
    // and the page went to a clerk as other). Its Latin letters are glyphs OCR could not read, half
    // an edit each (e35d9f4, seed 123, held out): the title is matched and the ruling filed; before,
    // the guess went to a clerk to confirm
    expect(c.formType).toBe('termination_ruling');
    expect(c.confidence).toBeGreaterThanOrEqual(0.6);
    expect(c.reasons.join('\n')).toMatch(/title matched 执行裁定书 at line 2 \(similarity 0\.80\)/);
    // a Han glyph misread in its place is no such unread glyph: still a guess for a clerk
    const han = classifyPage({ text: text.replace('Oo裁定书', '冬冬裁定书') }, rules);
    expect(han.formType).toBe('termination_ruling');
    expect(han.confidence).toBeLessThan(0.6);
  });

  it('takes no known title\'s glyphs from Latin letters: a form title read exactly under a speck line stays the form\'s, for a clerk (ER over 纳入失信…决定书, seed 140, held out)', () => {
    const text = (speck: string) => `${speck}\n“纳入失信被执行人名单决定书\n，【2024j京0105执7443号\n“被执行人:高明辉，女，汉族，住北京市朝阳区望京街道86号，\n本院在执行申请执行人深圳市金辉电子科技有限公司与被执行人高明辉服务合同纠纷一案中，被执行人具有履行能力而拒不履行生效法律文书确定的义务。\n决定如下:\n将高明辉纳入失信被执行人名单。\n北京市朝阳区人民法院\n2024年12月27日`;
    // the Latin letters above could be the 撤销 of 撤销纳入失信被执行人名单决定书 (a paper filed as
    // other) as much as specks: before, the page was filed as other without a clerk
    const c = classifyPage({ text: text('ER') }, rules);
    expect(c.formType).toBe('dishonesty_decision');
    expect(reviewReasons(c, 0.6)).toContain('form_type_uncertain');
    expect(c.reasons.join('\n')).toMatch(/could read 撤销纳入失信被执行人名单决定书 \(line 1\), its glyphs .* read only as Latin letters/);
    // no speck line: filed without a clerk; 撤销 read as Han glyphs: the known title, filed as other
    expect(reviewReasons(classifyPage({ text: text('北京市朝阳区人民法院') }, rules), 0.6)).toEqual([]);
    expect(classifyPage({ text: text('撤销') }, rules).formType).toBe('other');
  });

  it('sends a page whose court and title lines were both lost, but whose body is a form\'s, to a clerk (seed 11)', () => {
    // GIVEN an 报告财产令 opening with its (garbled) number: no court line, no title line
    const text = '(2025)竟0727执9778号”。\n被执行人:深圳市金辉电子科技有限公司，住所地龙南市龙南镇金妨大拓159号\n本院受理申请执行人何振东申请执行你〈单位)服务合同纠纷一案，依照《中华\n人民共和国民事诉讼法》的有关规定，责令你〈单位)在收到本令后五日内，如实向\n本院报告当前以及收到执行通知之日前一年的财产情况。\n拒绝报告或者虚假报告的，本院将根据情节轻重予以罚款、拘留;构成犯罪的，\n-依法追究刑事责任。\n江西省龙南市人民法院\n2025年4月29日';
    const c = classifyPage({ text }, rules);
    // THEN it is not filed as an unlisted paper without a look (before: other, confidence 0.7);
    // its party line under the number makes it open like a form whose title was lost (seed 55)
    expect(c.confidence).toBeLessThan(0.6);
    expect(c.unreadTitle).toEqual({ text: '', line: 0 });
    // the guess is the form only it prints the terms of (before: 执行通知书, whose 被执行人 and 本院 every paper prints)
    expect(c.reasons.join('\n')).toMatch(/no title line \(the page opens with its 案号 line\); closest title 报告财产令/);
    expect(c.formType).toBe('property_report_order');
    // while a paper without a title whose body is no form's is filed as other, as before
    expect(classifyPage({ text: '情况\n本院于近日前往被执行人住所调查，未见其本人。\n2025年4月29日' }, rules).confidence).toBe(0.7);
  });

  it('reads a single glyph left where the title was lost as a speck: the page still opens like a form (seed 12)', () => {
    // GIVEN an interview record whose title was read as "0", after a single-page form of the same case
    const interview = '江苏省无锡市锡山区人民法院\n0\n案号:〈2015)锡山法执字第9395号\n时间: 2015年1]月24日下午10时\n地点:本院第二谈话室\n问:今天约你来，是向你告知本案的执行情况，你是否清楚?\n答:清楚。';
    const transfer = '江苏省无锡市锡山区人民法院\n案件流转审批表\n案号:〔2015】锡山法执字第9395号\n流转至实施团队\n流转日期2015年11月10日\n江苏省无锡市锡山区人民法院\n2015年11月10日';
    const c = classifyPage({ text: interview }, rules);
    // THEN the page starts a document of its own (before: merged into the transfer sheet, unflagged)
    expect(c.unreadTitle).toMatchObject({ text: '', line: 0 });
    const docs = splitDocuments([{ classification: classifyPage({ text: transfer }, rules) }, { classification: c }]);
    expect(docs.map((d) => d.pageIndexes)).toEqual([[0], [1]]);
  });

  it('reads a short line of specks and a digit between the court and the 案号 line as the lost title: the page starts a document (seed 29)', () => {
    // GIVEN a 终本 ruling of one case, then an interview record of another whose title came out 2【人人司
    const ruling = classifyPage({ text: '上海市浦东新区人民法院\n执行裁定书\n案号:〈2014)靖夫执守第1918号\n申请执行人:何振东.\n被执行人:无锡新纪元纺织品有限公司\n终结本次执行程序。\n上海市浦东新区人民法院\n二@〇一四年四月十四日' }, rules);
    const interview = classifyPage({ text: '广东省佛山市禅城区人民法院\n2【人人司\n案号: (2025)粤0604执7352号\n时间: 2025年6月17日下午5时\n约谈人:刘洋\n谈话对象:陈国平《申请执行人委托代理人)\n今天约你来，是向你告知本案的执行情况，你是否清楚?' }, rules);
    expect(interview.unreadTitle).toMatchObject({ text: '2【人人司', line: 2 });
    // THEN the interview is not appended to the ruling (whose case number it would have become)
    expect(splitDocuments([{ classification: ruling }, { classification: interview }]).map((d) => d.pageIndexes)).toEqual([[0], [1]]);
    // a sentence between the court line and the 案号 line is no title
    expect(classifyPage({ text: '广东省佛山市禅城区人民法院\n本院认为，被执行人无财产。\n案号: (2025)粤0604执7352号' }, rules).unreadTitle ?? null).toBeNull();
  });

  it('reads specks between the court line and an unlabelled case number as the lost title: the page starts a document (seed 37, held out)', () => {
    // GIVEN an execution notice, then a 报告财产令 whose title came out as specks (A作, 0)
    const notice = classifyPage({ text: '广东省深圳市福田区人民法院\n执行通知书\n(2024)粤0304执7049号\n被执行人:龙南县富源矿业有限公司\n本院依法立案执行。\n广东省深圳市福田区人民法院\n2024年11月11日' }, rules);
    const body = '(2024)灸0304执7049号\n被执行人龙南县富源矿业有限公司，住所地深圳市福田区华强北街道79号\n本院受理申请执行人王志强申请执行你(单位)借款合同纠纷一案，责令你〈单位)在收到本念后五日内，如实向\n本院报告当前以及收到执行通知之日前一年的财产情况。\n广东省深圳市福田区人民法院-\n二〇二四年十一月十一日';
    const order = classifyPage({ text: `广东省深圳市福田区人民法院\nA作\n0\n${body}` }, rules);
    expect(order.unreadTitle).toMatchObject({ text: '', line: 0 });
    // THEN the order is not appended to the notice; a clerk names its form
    expect(splitDocuments([{ classification: notice }, { classification: order }]).map((d) => d.pageIndexes)).toEqual([[0], [1]]);
    expect(reviewReasons(order, 0.6)).toContain('form_type_uncertain');
    // a continuation page printing its number under no court name, or the court line straight
    // over the number with nothing between, is read as before
    expect(classifyPage({ text: `A作\n0\n${body}` }, rules).unreadTitle ?? null).toBeNull();
    expect(classifyPage({ text: `广东省深圳市福田区人民法院\n${body}` }, rules).unreadTitle ?? null).toBeNull();
  });

  it('starts a document at a page opening with its number and a party line under it, court and title lost (seed 55, held out)', () => {
    // GIVEN a 报告财产令 whose court and title lines the full page lost, after a filing approval
    const order = ['(2025)浙0106执恢4401号', '被执行人:林淑珍，男，汉族，住杭州市西湖区文三路72号', '本院受理申请执行人江苏恒远建设工程有限公司申请执行你〈单位)承揽合同纠', '纷一案，依照《中华人民共和国民事诉讼法》的有关规定，责令你〈单位)在收到本', '，仿后五日内，如实向本院报告当前以及收到执行通知之日前一年的财产情况。', '浙江省杭州市西湖区人民法院', '2025年6月6日'];
    const filing = classifyPage({ text: '浙江省杭州市西湖区人民法院\n立案登记表\n案号:(2025)浙0106执恢4401号\n申请执行人江苏恒远建设工程有限公司\n被执行人林淑珍\n收案日期2025-06-06' }, rules);
    const head = classifyPage({ text: order.join('\n') }, rules);
    expect(head.unreadTitle).toEqual({ text: '', line: 0 });
    expect(reviewReasons(head, 0.6)).toContain('form_type_uncertain');
    expect(splitDocuments([{ classification: filing }, { classification: head }]).map((d) => d.pageIndexes)).toEqual([[0], [1]]);
    // a continuation page printing its number at the top goes on with its text: it continues the document
    const next = classifyPage({ text: ['(2025)浙0106执恢4401号', '执行人未能提供可供执行的财产线索。', '依照《中华人民共和国民事诉讼法》的规定，裁定如下：'].join('\n') }, rules);
    expect(next.unreadTitle).toBeNull();
  });

  it('guesses the form of a page whose title was lost whole by the terms only it prints, not by those every court paper prints (bench seeds 61-64, titles dropped)', () => {
    // GIVEN first pages whose title line is gone: each suggestion was 执行通知书 before, whose
    // 被执行人, 申请执行人 and 本院 every court paper prints
    const order = classifyPage({ text: '江苏省无锡市锡山区人民法院\n案号: (2024)苏0205执7598号\n被执行人:何振东，男，汉族，住无锡市锡山区东亭街道58号\n本院受理申请执行人江苏恒远建设工程有限公司申请执行你单位)劳动争议纠\n纷一案，依照《中华人民共和国民事诉讼法》的有关规定，责令你(单位)在收到本\n令后五日内，如实向本院报告当前以及收到执行通知之日前一年的财产情况。\n江苏省无锡市锡山区人民法院\n2024年10月17日' }, rules);
    expect(order).toMatchObject({ formType: 'property_report_order' });
    expect(order.confidence).toBeLessThan(0.6);
    const restriction = classifyPage({ text: '广东省佛山市禅城区人民法院\n案号: (2025)粤0604执9528\n被执行人:何振东，男，汉族，住佛山市禅城区祖庙街道39号\n本院于2025年3月31日立案执行申请执行人杭州华信和贸易有限公司申请执行你\n(单位)建设工程施工合同纠纷一案。因你〈单位)未按执行通知书指定的期间履行生\n效法律文书确定的给付义务，依照《最高人民法院关于限制被执行人高消费及有关消\n费的若干规定》，对你〈单位)采取限制消费措施。\n广东省佛山市禅城区人民法院\n2025年4月21日' }, rules);
    expect(restriction.formType).toBe('consumption_restriction');
    const dishonesty = classifyPage({ text: '二思一She\n案号: (2025)苏0205执8344号，\n被执行人:郭春生，男，汉族，住无锡市锡山区东亭街道7号\n本院在执行申请执行人江苏恒远建设工程有限公司与被执行人郭春生承揽合同纠\n纷一案中，被执行人具有履行能力而拒不履行生效法律文书确定的义务。依照《最高\n人民法院关于公布失信被执行人名单信息的若干规定》，决定如下:\n将郭春生纳入失信被执行人名单。\n江苏省无锡市锡山区人民法院\n2025年1月24日' }, rules);
    expect(dishonesty.formType).toBe('dishonesty_decision');
    // an execution notice is still one: its 迟延履行 is its own
    const notice = classifyPage({ text: '江苏省无锡市锡山区人民法院\n案号: (2024)苏0205执7598号\n被执行人:何振东\n申请执行人江苏恒远建设工程有限公司与你（单位）劳动争议纠纷一案，(2023)苏0205民初4896号民事调解书已经发生法律效力。\n责令你（单位）自收到本通知之日起三日内履行下列义务：向申请执行人支付人民币37,000.00元及迟延履行期间的债务利息。\n江苏省无锡市锡山区人民法院\n2024年10月14日' }, rules);
    expect(notice.formType).toBe('execution_notice');
    // a ruling (no field labels to show) under its court and number, its party lines straight
    // under them, is a form that lost its title, not an unlisted paper filed unseen
    const ruling = classifyPage({ text: '江西省龙南市人民法院\n(2024)竟0727执异15号\n异议人:杨丽华\n申请执行人;罗小芳\n被执行人:龙南县富源矿业有限公司\n本院在执行(2024)赣0727执3310号申请执行人罗小芳与被执行人龙南县富源矿业有限公司服务合同纠纷一案中，异议人杨丽华对本院查封的房产提出书面异议。本院受理后依法组成合议庭进行了审查，现已审查终结。' }, rules);
    expect(ruling.unreadTitle).toEqual({ text: '', line: 0 });
    expect(reviewReasons(ruling, 0.6)).toContain('form_type_uncertain');
    const auction = classifyPage({ text: '江苏省无锡市锡山区人民法院\n(2024)苏0205执7598号\n申请执行人:江苏恒远建设工程有限公司\n被执行人:何振东，女，汉族，住无锡市锡山区东亭街道90号\n本院在执行申请执行人江苏恒远建设工程有限公司与被执行人何振东劳动争议纠纷一案中，依法在网络司法拍卖平台上公开拍卖被执行人所有的房产。\n买受人陈国平以最高价Y225,940.00况得，拍卖成交价款已全部付清。\n第1页共3页' }, rules);
    expect(reviewReasons(auction, 0.6)).toContain('form_type_uncertain');
    expect(auction.alternatives[0]?.formType ?? auction.formType).toBe('auction_ruling');
  });

  it('takes a table form\'s head, or a court line one glyph off, for where a lost title was (bench:titles-lost seed 96)', () => {
    // GIVEN a 结案审批表 with its title line gone: court, an unlabelled number (染号 for 案号), then
    // a label and its cell rule; before, filed as other without a clerk (its case never 结案)
    const closing = classifyPage({ text: '上海市浦东新区人民法院\n染号:12025)沪0115执3222号\n审批意见|同意结案\n审批日期”| 2025年10月e日\n申请执行人浙江同创新材料股份有限公司\n执行到位金额.|人民币65,600.00元\n结过方式|册行训毕\n上海市浦东新区人民法院\n2025年10月9日' }, rules);
    expect(closing.unreadTitle).toEqual({ text: '', line: 0 });
    expect(reviewReasons(closing, 0.6)).toContain('form_type_uncertain');
    // a 查控移送表 whose court line read 人民半院: the court, not an unlisted title
    const referral = classifyPage({ text: '浙江省杭州市西湖区人民半院\n案号: [2024]浙0106执6161号\n申请执行人上海昂盛物流有限公司\n被执行人刘海燕\n执行标的人民币257,600.00元\n移送时间” | 2024-06-28\n碍控范围银行存款、证券、住房公积金、.网络资金\n请查控组对被执行人名下财产进行网络查询，并依法采取查封、冻结、扣划措施。\n浙江省杭州市西湖区人民法院\n2024-06-28 :' }, rules);
    expect(referral.reasons.join('\n')).not.toMatch(/untitled document/);
    expect(referral.formType === 'search_referral' || referral.alternatives[0]?.formType === 'search_referral').toBe(true);
    expect(reviewReasons(referral, 0.6)).toContain('form_type_uncertain');
    // an assistance notice under its court and number goes on with its addressee: no table head
    const letter = classifyPage({ text: '江苏省无锡市中级人民法院\n(2025)苏02执3987号\n中国工商银行无锡市支行:\n本院在执行申请执行人徐建军与被执行人浙江同创新材料股份有限公司承揽合同纠纷一案中，依法需要冻结被执行人在你行的存款，请予协助执行。\n江苏省无锡市中级人民法院\n2025年6月26日' }, rules);
    expect(letter.unreadTitle ?? null).toBeNull();
  });

  it('files a page printing no title whose body is no form\'s (a bank statement) as other, without a clerk; a cover sheet or a form that lost its title still waits', () => {
    // GIVEN a bank statement under the court's name: court line, 案号 line, 户名/开户行/交易金额 (seeds 26, 29)
    const statement = classifyPage({ text: '上海市浦东新区人民法院\n案号: (2024]沪0115执8751号\n户名胡立新\n开户行:|交通银行\n交易日期。2024年9月19日\n交易金额3808.00\n余额. |. 164.39\n上海市浦东新区人民法院' }, rules);
    expect(statement).toMatchObject({ formType: 'other', unreadTitle: { text: '', line: 0 } });
    expect(reviewReasons(statement, 0.6)).toEqual([]);
    // a cover sheet whose title was lost prints too little to say what it is: a clerk looks
    const cover = classifyPage({ text: '江西省龙南市人民法院\n案号:《2024)赣0727执9999号\n案由:买卖合同纠纷\n申请执行人:上海易盛物流有限公司\n被执行人:何振东\n承办人:李娜\n卷宗类别:副卷' }, rules);
    expect(reviewReasons(cover, 0.6)).toContain('form_type_uncertain');
    // so does one whose title line is half read (郑宗到面 for 卷宗封面), though its labels are a filing approval's too (seed 48, held out)
    const halfTitled = classifyPage({ text: '江西省龙南市人民法院\n郑宗到面\n宰号(2025)，\n案由:劳动争议纷\n申请执行人:王志强\n被执行人:佛山市顺联陶瓷有限公司\n立案日期: 2025年1月2日\n承办人:刘洋\n卷宗类别:正郑' }, rules);
    expect(halfTitled.formType).toBe('other');
    expect(reviewReasons(halfTitled, 0.6)).toContain('form_type_uncertain');
    expect(halfTitled.reasons.join('\n')).toContain('closest title 卷宗封面');
    // a triage sheet that lost its title carries its keywords: a clerk looks, as before
    const sheet = classifyPage({ text: '江西省龙南市人民法院\n案号:〈2024)赣0727执8236号\n拟分流至快执团队办理\n分流理由被执行人名下有可供执行的银行存款，财产线索明确\n经审查，本案分入快执团队办理。' }, rules);
    expect(sheet.confidence).toBeLessThan(0.6);
    // and so does one printing little else than a line opening with a form's label
    const bare = classifyPage({ text: '江苏省无锡市锡山区人民法院\n案号：（2024）苏0205执555号\n申请执行人：无锡某某建材有限公司\n分流意见：快执\n2024年3月8日' }, rules);
    expect(reviewReasons(bare, 0.6)).toContain('form_type_uncertain');
    // a title line read as specks nearer an unlisted paper's title (执和0, one glyph of 执行和解协议)
    // over a cover's 案号, 卷宗类别 and 副卷: a clerk looks (seed 62, held out: filed as other unseen)
    const specks = classifyPage({ text: '广东省深圳市福田区人民法院\n执和0\n案号:〈2025)粤0304执9863号\n案由:民间借贷纠纷\n申请执行人:龙南县富源矿业有限公司\n被执行人:周玉兰\n立案上日期:至名三五年三月三十四目\n承办人:周交\n卷宗类别:副卷' }, rules);
    expect(reviewReasons(specks, 0.6)).toContain('form_type_uncertain');
    // so does a triage sheet whose title kept one glyph (口简口口), all its labels and two of its
    // keywords there (bench seed 61 with its title lines garbled: filed as other unseen)
    const triage = classifyPage({ text: '广东省深圳市福田区人民法院\n口简口口\n案号:〈2025)粤0304执4352号\n分流日期2025年2月14目\n立案日期2025年2月5日\n分流理由被执行人财产需评估拍卖处置，案情复杂\n被执行人龙南县富源矿业有限公司\n申请执行人赵永刚\n拟分流至精执团队办理\n经审查，本案分入精执团队办理。\n广东省深圳市福田区人民法院\n2025年2月14日' }, rules);
    expect(reviewReasons(triage, 0.6)).toContain('form_type_uncertain');
    // and a cover sheet whose title kept one glyph, its keywords all there, no other form close
    const coverSpecks = classifyPage({ text: '江苏省无锡市锡山区人民法院\n口宗口口\n.案号:，(2025)苏0205执8344号\n案由:承揽合同纠纷\n卷宗类别:副卷' }, rules);
    expect(reviewReasons(coverSpecks, 0.6)).toContain('form_type_uncertain');
    // and a search feedback whose title kept two glyphs, all its keywords there but one label (查询日其)
    const feedback = classifyPage({ text: '江西省龙南市人民法院\n口络口口反口\n.案号:〈2024)音0727执保6609号\n查询日其2024年6月19晶\n银行存款各银行账户均无余额\n证券“|未天户\n是否发现财产未发现\n被执行人无锡新纪元纺织品有限公司\n以上为全国法院网络执行查控系统及本地查控系统的反馈结果。\n江西省龙南市人民法院\n2024年6月19日' }, rules);
    expect(reviewReasons(feedback, 0.6)).toContain('form_type_uncertain');
    expect(feedback.alternatives[0]?.formType).toBe('search_feedback');
  });

  it('takes a known non-form title above a form name in a table row for the page title', () => {
    // GIVEN a 送达回证 whose row names the document served (限制消费令)
    const c = classifyPage({ text: '江西省龙南市人民法院\n送达回证\n案号：（2014）龙法执字第762号\n送达文书\n限制消费令\n受送达人 北京中鑫投资管理有限公司\n2014.3.13' }, rules);
    expect(c).toMatchObject({ formType: 'other', titleMatch: { title: '送达回证', line: 2 } });
    // and a row label + form name on one line is a mention, not a title: at most a guess for a clerk
    const row = classifyPage({ text: '江西省龙南市人民法院\n送达文书 限制消费令\n案号：（2014）龙法执字第762号' }, rules);
    expect(row.titleMatch).toBeNull();
    expect(reviewReasons(row, 0.6)).toContain('form_type_uncertain');
  });

  it('takes a known title holding a form\'s, read just below it, for the page title (解除限制消费令, seed 72, held out)', () => {
    // GIVEN the header band's reading (除限制消费令, then the whole title) before the page's text
    const text = '除限制消费令\n广东省深圳市福田区人民法院\n解除限制消费令\n(2024)粤0304执恢4900号\n被执行人:黄晓明\n本院在执行申请执行人无锡新纪元纺织品有限公司与被执行人黄晓明建设工程施工合同纠纷一案中，因被执行人已履行生效法律文书确定的义务，本院决定解除对被执行人的限制消费措施。';
    const c = classifyPage({ text }, rules);
    // THEN it is that paper, filed as other (before: a 限制消费令, unseen)
    expect(c).toMatchObject({ formType: 'other', titleMatch: { title: '解除限制消费令', line: 3 } });
    expect(c.reasons.join('\n')).toMatch(/title 限制消费令 at line 1 is a mention: the page's title is 解除限制消费令 at line 3/);
    // while a 限制消费令 whose body mentions lifting below its title stays one
    const order = classifyPage({ text: '广东省深圳市福田区人民法院\n限制消费令\n(2024)粤0304执4900号\n被执行人:黄晓明\n本院依法对你采取限制消费措施。履行义务后可申请解除限制消费令。' }, rules);
    expect(order.formType).toBe('consumption_restriction');
  });

  it('reads a two-glyph title between the court and the case number, past specks of a seal (悬赏 of 悬赏公告, seed 5)', () => {
    // GIVEN a table form of one case, then a reward notice whose seal left specks (~, 全下., 三)
    // above a title of which only 悬赏 was read
    const form = classifyPage({ text: '江苏省无锡市锡山区人民法院\n繁简分流审批表\n案号：（2014）锡山法执字第7001号\n|分流意见|简案(快执)\n2014年5月6日' }, rules);
    const reward = classifyPage({ text: '江苏省无锡市锡山区人民法院\n~\n全下.\n三\n悬赏\n(2014)锡山法执字第7477号\n被执行人:李建军，男，住无锡市锡山区东亭街道\n本院在执行申请执行人王海与被执行人李建军一案中' }, rules);
    // THEN the page has an unread title line, starts a document of its own and goes to a clerk
    expect(reward.unreadTitle?.line).toBeGreaterThan(1);
    expect(reviewReasons(reward, 0.6)).toContain('form_type_uncertain');
    const docs = splitDocuments([{ classification: form }, { classification: reward }]);
    expect(docs.map((d) => d.pageIndexes)).toEqual([[0], [1]]);
    expect(docs[1]?.caseNumber?.canonical).toBe('（2014）锡山法执字第7477号');
    // while two glyphs elsewhere on a page (a signature 盖章 above the court) are no title
    const sig = classifyPage({ text: '盖章\n江苏省无锡市锡山区人民法院\n2014年5月6日' }, rules);
    expect(sig.unreadTitle ?? null).toBeNull();
  });

  it('ends a cover sheet\'s run at a document of another case', () => {
    // GIVEN cover of case A, a document of case B, then a document of B whose number is unreadable
    const cover = classifyPage({ text: '扫描分隔页\n案号：（2024）京0105执恢3617号' }, rules);
    const b1 = classifyPage({ text: '北京市朝阳区人民法院\n执行通知书\n（2024）京0105执4387号\n2024年3月6日' }, rules);
    const b2 = classifyPage({ text: '北京市朝阳区人民法院\n执行结案审批表\n案呈: (2024)京0王025执人3 .87与\n结案方式 执行完毕\n2024-10-14' }, rules);
    const docs = splitDocuments([{ classification: cover }, { classification: b1 }, { classification: b2 }]);
    expect(docs.map((d) => d.caseNumber?.canonical ?? null)).toEqual(['（2024）京0105执恢3617号', '（2024）京0105执4387号', null]);
    // while a document right after the cover, without a number of its own, takes the cover's
    const a = splitDocuments([{ classification: cover }, { classification: b2 }]);
    expect(a[1]?.caseNumber?.canonical).toBe('（2024）京0105执恢3617号');
  });

  it('never takes a page footer or a signature date for a title line', () => {
    const c = classifyPage({ text: '依照有关规定，裁定如下：\n终结本次执行程序。\n浙江省杭州市西湖区人民法院\n二〇二五年三月十二日\n第2页共2页' }, rules);
    expect(c.unreadTitle ?? null).toBeNull();
    // a last page that opens with the court's name and a garbled hanzi date (年 read as 第)
    const last = classifyPage({ text: '北京市朝阳区人民法院\n一〇一四第上月九旧\n第2页共2页' }, rules);
    expect(last.unreadTitle ?? null).toBeNull();
    // or one whose month is lost as well (二〇二四年一月三日 read as 四年少人日, seed 6)
    const lost = classifyPage({ text: '杭州市西湖区人民法院\n四年少人日' }, rules);
    expect(lost.unreadTitle ?? null).toBeNull();
  });
});

describe('dates and field values', () => {
  it('reads dates the OCR damaged in known ways', () => {
    expect(findDates('二O〇二五年三月十二日')[0]?.date).toBe('2025-03-12'); // 〇 read twice
    expect(findDates('二@〇二四年十月二十八日')[0]?.date).toBe('2024-10-28');
    expect(findDates('二OO二四年九月二日')[0]?.date).toBe('2024-09-02'); // 〇 read as two Latin O's
    expect(findDates('二〇〇二年九月二日')[0]?.date).toBe('2002-09-02'); // a real 2002 keeps both zeros
    expect(findDates('一OO二四年十一月一日')[0]?.date).toBe('2024-11-01'); // 二 lost a stroke, 〇 read as OO (seed 88, held out)
    expect(findDates('一〇二五年三月十二日')[0]?.date).toBe('2025-03-12');
    expect(findDates('一九九八年三月二日')[0]?.date).toBe('1998-03-02'); // a real 一 stays
    expect(findDates('二〇一〇年三月二日')[0]?.date).toBe('2010-03-02');
    expect(findDates('交易日期，2015.03 03')[0]?.date).toBe('2015-03-03'); // a dot read as a space after a date label (seed 87, held out)
    expect(findDates('余额 2015.03 03')).toEqual([]); // … not elsewhere
    expect(findDates('到账日期2024.0819')[0]?.date).toBe('2024-08-19'); // one separator lost
    expect(findDates('查询日期2024.318')).toEqual([]); // 3.18 or 31.8: not guessed
    expect(findDates('审批日期|2025.6.23')[0]?.date).toBe('2025-06-23'); // a cell rule before the year, no space (seed 98, held out)
    expect(findDates('|审批日期|2025.6.23')[0]?.date).toBe('2025-06-23');
    expect(findDates('移送日期丨2024-11-12')[0]?.date).toBe('2024-11-12');
    expect(findDates('金额|2025.62')).toEqual([]); // … no date without one
    expect(findDates('本院于2024年1]月11日立案')[0]?.date).toBe('2024-11-11'); // ] for 1
    expect(findDates('2025人年3月10日')[0]?.date).toBe('2025-03-10'); // a speck between the year and 年
    expect(findDates('12345人年3月10日')).toEqual([]); // … but not after five digits
    expect(findDates('二O=四年十月二十一日')[0]?.date).toBe('2024-10-21'); // 二 read as =
    expect(findDates('二〇二四年十=月三日')[0]?.date).toBe('2024-12-03');
    expect(findDates('比例=年')).toEqual([]); // an = among no numerals stays an =
    // a signing date on its own line with one separator misread
    expect(findDates('广东省佛山市禅城区人民法院\n2024-03:08')[0]).toMatchObject({ date: '2024-03-08', line: 2 });
    expect(findDates('202410.02')[0]?.date).toBe('2024-10-02');
    expect(findDates('执行标的 202410.02元')).toEqual([]); // inside a text it may be an amount
    expect(findDates('2024103.2')).toEqual([]);
    expect(findDates('2025.3,24')[0]?.date).toBe('2025-03-24'); // a comma for the second dot
    expect(findDates('20250617')[0]?.date).toBe('2025-06-17'); // both separators lost
    expect(findDates('文号 20250617')).toEqual([]); // … only alone on its line
    expect(findDates('.2025.3.24，')[0]?.date).toBe('2025-03-24'); // specks around it
    // a ] standing alone for the month or the day is a 1, read without doubt
    expect(findDates('2025年]月13日')).toEqual([{ date: '2025-01-13', raw: '2025年1月13日', line: 1 }]);
    expect(findDates('2025年7月]日')[0]?.date).toBe('2025-07-01');
    // hanzi numerals read as look-alikes
    expect(findDates('二〇二五年四月二十丸日')[0]?.date).toBe('2025-04-29'); // 九 as 丸
    expect(findDates('二O一四年三月士七日')[0]?.date).toBe('2014-03-17'); // 十 as 士
    expect(findDates('二@二四年三月五日')[0]?.date).toBe('2024-03-05'); // one ring read as @
    expect(findDates('王女士日常')).toEqual([]);
  });

  it('files a form whose signing date carries a speck before 年', () => {
    const c = classifyDocument([{ text: '上海市浦东新区人民法院\n评估、拍卖审批表\n案号:（2024）沪0115执5122号\n拟处置财产 位于上海市浦东新区张江镇32幢765室的房产\n局长意见 同意\n上海市浦东新区人民法院\n2025人年3月10日' }], rules);
    expect(c).toMatchObject({ formType: 'appraisal_auction_approval', date: '2025-03-10', dateConfidence: 1 });
  });

  it('trusts a signing date on its own line, not a recital date, and sends the latter to review', () => {
    const signed = classifyDocument([{ text: '北京市朝阳区人民法院\n限制消费令\n案号：（2024）京0105执恢3617号\n被执行人：陈国平\n本院于2024年11月11日立案执行。\n北京市朝阳区人民法院\n2024年11月20日' }], rules);
    expect(signed).toMatchObject({ formType: 'consumption_restriction', date: '2024-11-20', dateConfidence: 1 });
    expect(reviewReasons(signed, 0.6)).toEqual([]);
    // the signing date lost under the seal: the recital's 立案 date is only a fallback
    const sealed = classifyDocument([{ text: '北京市朝阳区人民法院\n限制消费令\n案号：（2024）京0105执恢3617号\n被执行人：陈国平\n本院于2024年11月11日立案执行。\n北京市明阳区人民法院\n2024年11月本园' }], rules);
    expect(sealed).toMatchObject({ date: '2024-11-11', dateConfidence: 0.5 });
    expect(reviewReasons(sealed, 0.6)).toContain('ocr_low_confidence');
  });

  it('reads the ticked box of a triage result when the empty box was read as 口', () => {
    // GIVEN □简案 ☑繁案 as OCR read it (bench:accuracy seed 3: a silent 快执 for a 实施 case)
    const c = classifyPage({ text: '江西省龙南市人民法院\n繁简分流表\n案号:（2024）赣0727执保4053号\n分流结果口简案因繁案\n分流日期 2024年7月24日\n江西省龙南市人民法院\n2024年7月24日' }, rules);
    expect(c.fields.triageResult?.value).toBe('implementation');
  });

  it('drops OCR specks around text values', () => {
    const defs = rules.forms.forms.find((f) => f.code === 'search_referral')?.fields ?? [];
    const fields = extractFields(['查控范围 “|住房公积金、股权', '承办人 徐建军-'], defs);
    expect(fields.searchItems?.value).toBe('住房公积金、股权');
    expect(fields.handler?.value).toBe('徐建军');
  });
});
