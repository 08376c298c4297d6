import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alternativesBeforeFiling, caseBeside, caseNumberNeighbours, cutShortReadings, dateIsFilingDay, resumedAbove, splitOneReadings, digitsBorneOut, filingDayAmongReadings, inheritedNotBorneOut, decideWithRegister, legacyCourtSlip, namedParty, registerCandidates, unreadProvinceReadings, unreadTypeGlyphReadings, unreadYearDigitReadings, type RegisteredCase } from '../../../classifier/case-register.ts';
import { classifyPage, loadRules, parseCaseNumber, reviewReasons } from '../../../classifier/index.ts';

const CASE = '（2025）赣0727执8577号';
const reg = (...cases: Array<[string, string[]]>): Map<string, RegisteredCase> => new Map(cases.map(([caseNumber, parties]) => [caseNumber, { caseNumber, parties }]));
const PAGE = (caseLine: string, party = '杨丽华') => `繁简分流表\n${caseLine}\n申请执行人：${party}\n分流意见：快执`;

describe('legacyCourtSlip', () => {
  it('is one glyph of a legacy court code, the year, type and serial equal', () => {
    expect(legacyCourtSlip('（2014）旨法执字第3626号', '（2014）朝法执字第3626号')).toBe(true);
    expect(legacyCourtSlip('（2014）旨法执字第3626号', '（2014）朝阳法执字第3626号')).toBe(false); // another length
    expect(legacyCourtSlip('（2014）旨去执字第3626号', '（2014）朝法执字第3626号')).toBe(false); // two glyphs
    expect(legacyCourtSlip('（2014）旨法执字第3626号', '（2014）朝法执字第3627号')).toBe(false);
    expect(legacyCourtSlip('（2014）旨法执字第3626号', '（2015）朝法执字第3626号')).toBe(false);
    expect(legacyCourtSlip('（2024）苏0205执3626号', '（2024）京0205执3626号')).toBe(false); // 2016+: neighbours cover it
  });
});

describe('caseNumberNeighbours', () => {
  it('lists the readings one OCR slip away: a digit, the province glyph, the type code', () => {
    const n = caseNumberNeighbours(CASE);
    for (const near of ['（2025）闽0727执8577号', '（2025）赣0727执3577号', '（2024）赣0727执8577号', '（2025）赣0721执8577号', '（2025）赣0727执857号', '（2025）赣0727执85771号', '（2025）赣0727执恢8577号'])
      expect(n).toContain(near);
    expect(n).not.toContain(CASE);
    expect(n).not.toContain('（2025）闽0727执3577号'); // two slips
    expect(caseNumberNeighbours('（2013）锡山法执字第5925号')).toContain('（2013）锡山法执字第5926号');
    expect(caseNumberNeighbours('not a number')).toEqual([]);
  });

  it('gives only valid canonical numbers, each one slip from the original and back (property)', () => {
    const modern = fc.record({
      year: fc.integer({ min: 1995, max: 2030 }),
      court: fc.constantFrom('苏0205', '赣0727', '京01', '沪', '最高法'),
      type: fc.constantFrom('执', '执恢', '执保'),
      seq: fc.integer({ min: 1, max: 99999 }),
    });
    fc.assert(
      fc.property(modern, ({ year, court, type, seq }) => {
        const c = `（${year}）${court}${type}${seq}号`;
        const all = caseNumberNeighbours(c);
        for (const n of all) expect(parseCaseNumber(n)?.canonical).toBe(n);
        for (const n of all.filter((_, i) => i % 12 === 0)) expect(caseNumberNeighbours(n)).toContain(c);
      }),
      { numRuns: 30 },
    );
  });
});

describe('unreadProvinceReadings', () => {
  it('reads an unreadable province glyph as every province, and leaves readable numbers alone', () => {
    const r = unreadProvinceReadings('案号：(2025)散0727执8577号');
    expect(r).toContain(CASE);
    expect(r).toContain('（2025）苏0727执8577号');
    expect(r.length).toBeGreaterThan(30);
    expect(unreadProvinceReadings(`案号：${CASE}`)).toEqual([]);
  });
});

describe('namedParty', () => {
  it('finds a registered party in OCR text: short names exactly, long ones with a slip', () => {
    expect(namedParty('申请执行人：杨 丽 华', { caseNumber: CASE, parties: ['杨丽华'] })).toBe('杨丽华');
    expect(namedParty('申请执行人：杨丽花', { caseNumber: CASE, parties: ['杨丽华'] })).toBeNull();
    expect(namedParty('被执行人浙江同创新材科股份有限公司', { caseNumber: CASE, parties: ['浙江同创新材料股份有限公司'] })).toBe('浙江同创新材料股份有限公司');
  });
});

describe('decideWithRegister', () => {
  it('keeps a registered reading', () => {
    const input = { read: CASE, text: PAGE(`案号：${CASE}`) };
    expect(registerCandidates(input)[0]).toBe(CASE);
    expect(decideWithRegister(input, reg([CASE, ['杨丽华']]))).toMatchObject({ caseNumber: CASE, review: null, confirmed: true, reasons: [expect.stringMatching(/in the register \(party 杨丽华 named\)/)] });
    // registered, but the text names none of its parties: kept, not confirmed
    expect(decideWithRegister({ read: CASE, text: PAGE(`案号：${CASE}`, '王某某') }, reg([CASE, ['杨丽华']]))).toMatchObject({ caseNumber: CASE, review: null, confirmed: false });
    expect(decideWithRegister(input, reg([CASE, []]))).toMatchObject({ caseNumber: CASE, confirmed: false });
  });

  it('takes the one registered neighbour whose party is named (闽 read for 赣)', () => {
    const read = '（2025）闽0727执8577号';
    const d = decideWithRegister({ read, text: PAGE(read) }, reg([CASE, ['杨丽华']], ['（2025）闽0727执8571号', ['张伟']]));
    expect(d).toMatchObject({ caseNumber: CASE, review: null, confirmed: true });
  });

  it('takes, among neighbours that each share one party with the text, the only one whose parties are all named (seed 4: 执3766 for 执5766)', () => {
    const read = '（2025）苏02执3766号';
    const text = `结案审批表\n案号:〈2025)苏02执3766号\n申请执行人无锡新纪元纺织品有限公司\n被执行人马文涛\n结案方式执行完毕`;
    const busy = reg(
      ['（2025）苏02执5766号', ['无锡新纪元纺织品有限公司', '马文涛']],
      ['（2025）苏02执3866号', ['无锡新纪元纺织品有限公司', '郭春生']],
      ['（2025）苏02执4766号', ['上海鼎盛物流有限公司', '孙美玲']],
    );
    const d = decideWithRegister({ read, text }, busy);
    expect(d).toMatchObject({ caseNumber: '（2025）苏02执5766号', review: null, confirmed: true });
    expect(d.reasons[0]).toMatch(/parties 无锡新纪元纺织品有限公司 and 马文涛 are all named \(1 other registered numbers/);
    // Two neighbours with both parties named: nothing settles it, a clerk does.
    const twins = reg(['（2025）苏02执5766号', ['无锡新纪元纺织品有限公司', '马文涛']], ['（2025）苏02执3866号', ['无锡新纪元纺织品有限公司', '马文涛']]);
    expect(decideWithRegister({ read, text }, twins)).toMatchObject({ caseNumber: read, review: 'case_number_unknown' });
    // A registered reading none of whose parties is named, while the names point at a neighbour: a clerk.
    const ownToo = reg(['（2025）苏02执3766号', ['张伟', '王某某']], ['（2025）苏02执5766号', ['无锡新纪元纺织品有限公司', '马文涛']], ['（2025）苏02执3866号', ['无锡新纪元纺织品有限公司', '郭春生']]);
    expect(decideWithRegister({ read, text }, ownToo)).toMatchObject({ caseNumber: read, review: 'case_party_mismatch' });
  });

  it('proposes a lone registered neighbour without a named party, for a clerk', () => {
    const read = '（2025）赣0727执8578号';
    expect(decideWithRegister({ read, text: PAGE(read, '王某某') }, reg([CASE, ['杨丽华']]))).toMatchObject({ caseNumber: CASE, review: 'case_number_unknown', confirmed: false });
  });

  it('sends an unregistered reading with no or several neighbours to a clerk, as read', () => {
    const read = '（2025）赣0727执8578号';
    expect(decideWithRegister({ read, text: PAGE(read) }, reg())).toMatchObject({ caseNumber: read, review: 'case_number_unknown' });
    const two = decideWithRegister({ read, text: PAGE(read, '王某某') }, reg([CASE, ['杨丽华']], ['（2025）赣0727执8579号', ['张伟']]));
    expect(two).toMatchObject({ caseNumber: read, review: 'case_number_unknown', reasons: [expect.stringMatching(/2 registered numbers are one OCR slip away/)] });
  });

  it('sends a registered reading naming only some of its parties to a clerk when a reading a slip away names all of its own (seed 58, held out)', () => {
    // GIVEN 6523 read as 5523: both cases registered with respondent 孙美玲, only 6523's applicant named
    const text = '报告财产令\n案号: (2025)谍0727执5523号\n被执行人:孙美玲，女，汉族\n本院受理申请执行人北京中讲投资管理有限公司申请执行你单位劳动争议纠纷一案';
    const read = '（2025）赣0727执5523号';
    const both = reg([read, ['江苏恒远建设工程有限公司', '孙美玲']], ['（2025）赣0727执6523号', ['北京中鑫投资管理有限公司', '孙美玲']]);
    const d = decideWithRegister({ read, text }, both);
    expect(d).toMatchObject({ caseNumber: read, review: 'case_party_mismatch', confirmed: false });
    expect(d.reasons[0]).toMatch(/（2025）赣0727执6523号, one OCR slip away, has all its parties named/);
    // the reading's own parties all named: kept, as before
    const own = reg([read, ['北京中鑫投资管理有限公司', '孙美玲']], ['（2025）赣0727执6523号', ['北京中鑫投资管理有限公司', '孙美玲']]);
    expect(decideWithRegister({ read, text }, own)).toMatchObject({ caseNumber: read, review: null, confirmed: true });
    // no reading a slip away names all its parties: kept, as before
    const partial = reg([read, ['江苏恒远建设工程有限公司', '孙美玲']], ['（2025）赣0727执6523号', ['刘海燕', '孙美玲']]);
    expect(decideWithRegister({ read, text }, partial)).toMatchObject({ caseNumber: read, review: null, confirmed: true });
  });

  it('never moves a registered reading silently: a neighbour’s named party sends it to a clerk', () => {
    const d = decideWithRegister({ read: CASE, text: PAGE(`案号：${CASE}`, '张伟') }, reg([CASE, ['杨丽华']], ['（2025）赣0727执8578号', ['张伟']]));
    expect(d).toMatchObject({ caseNumber: CASE, review: 'case_party_mismatch' });
  });

  it('reads an unreadable province glyph as the only registered reading, or the only one whose party is named', () => {
    const text = PAGE('案号：(2025)散0727执8577号');
    expect(decideWithRegister({ read: null, text }, reg([CASE, []]))).toMatchObject({ caseNumber: CASE, review: null, confirmed: false });
    const both = reg([CASE, ['杨丽华']], ['（2025）苏0727执8577号', ['张伟']]);
    expect(decideWithRegister({ read: null, text }, both)).toMatchObject({ caseNumber: CASE, confirmed: true });
    expect(decideWithRegister({ read: null, text: PAGE('案号：(2025)散0727执8577号', '王某某') }, both)).toMatchObject({ caseNumber: null, reasons: [expect.stringMatching(/2 registered readings/)] });
  });

  it('reads a year whose last digit is a glyph (202省, seed 6) from the register, only with a party named', () => {
    expect(unreadYearDigitReadings('(202省浙0106执2578号')).toHaveLength(10);
    expect(unreadYearDigitReadings('案号: 201X)锡法执字第9030号')).toContain('（2014）锡法执字第9030号');
    expect(unreadYearDigitReadings('(2024)浙0106执2578号')).toEqual([]);
    expect(unreadYearDigitReadings('本院于202年受理')).toEqual([]);
    // or lost with its brackets (202苏02执3098号, seed 54, held out): each of ten digits put back
    const lost = unreadYearDigitReadings('江苏省无锡市中级人民法院\n案号: 202苏02执3098号');
    expect(lost).toHaveLength(10);
    expect(lost).toContain('（2024）苏02执3098号');
    expect(unreadYearDigitReadings('案号: (202)苏02执3098号')).toContain('（2024）苏02执3098号');
    expect(decideWithRegister({ read: null, text: PAGE('案号: 202赣0727执8577号') }, reg([CASE, ['杨丽华']]))).toMatchObject({ caseNumber: CASE, review: null, confirmed: true });
    // its province glyph misread too (闽 for 赣, seed 21): the court named on the page settles it
    const jiangxi = unreadYearDigitReadings('江西省龙南市人民法院\n执行款发放审批表\n案号: (202纪闽0727执3269号');
    expect(jiangxi).toContain('（2024）赣0727执3269号');
    expect(jiangxi.filter((n) => n.includes('赣'))).toHaveLength(10);
    expect(unreadYearDigitReadings('案号: (202纪闽0727执3269号').filter((n) => n.includes('赣'))).toEqual([]);
    const text = PAGE('(202省赣0727执8577号');
    expect(registerCandidates({ read: null, text })).toContain(CASE);
    // the only registered year, its party named: filed
    const one = decideWithRegister({ read: null, text }, reg([CASE, ['杨丽华']]));
    expect(one).toMatchObject({ caseNumber: CASE, review: null, confirmed: true });
    expect(one.reasons[0]).toMatch(/^year unreadable; （2025）赣0727执8577号 is the only registered reading, 杨丽华 named$/);
    // no party named: proposed, for a clerk
    expect(decideWithRegister({ read: null, text: PAGE('(202省赣0727执8577号', '王某某') }, reg([CASE, ['杨丽华']]))).toMatchObject({ caseNumber: CASE, review: 'case_number_unknown', confirmed: false });
    // two registered years: the one whose party is named
    const two = reg([CASE, ['杨丽华']], ['（2024）赣0727执8577号', ['张伟']]);
    expect(decideWithRegister({ read: null, text }, two)).toMatchObject({ caseNumber: CASE, review: null, confirmed: true });
  });

  it('takes no neighbour of a reading whose sequence number was cut short, but proposes it (执9二2了7, seed 73, held out)', () => {
    // GIVEN an execution notice whose 案号 line was read 执9 and then a glyph and more digits
    const text = '上海市浦东新区人民法院\n执行通知书\n案写2024)入0115执9二2了7殷\n申请执行人无锡市宏达机械制造有限公司与你单位)民间借贷纠纷一案';
    const registered = reg(['（2024）沪0115执2号', ['无锡市宏达机械制造有限公司', '何振东']]);
    // THEN 执2, a slip away and naming its party, is proposed for a clerk (before: filed under it unseen)
    const d = decideWithRegister({ read: '（2024）沪0115执9号', text }, registered);
    expect(d).toMatchObject({ caseNumber: '（2024）沪0115执2号', review: 'case_number_unknown', confirmed: false });
    expect(d.reasons[0]).toMatch(/was read with its sequence number cut short/);
    // while a reading closed cleanly takes it as before
    expect(decideWithRegister({ read: '（2024）沪0115执9号', text: text.replace('执9二2了7殷', '执9号') }, registered)).toMatchObject({ caseNumber: '（2024）沪0115执2号', review: null, confirmed: true });
  });

  it('takes no neighbour of a reading cut short by a speck before more digits (执3:6了7号, seed 170, held out)', () => {
    // GIVEN a search referral whose 案号 line lost 执3617 to a colon and a glyph, beside 执36, registered with its applicant
    const text = '江西省龙南市人民法院\n财产查控移送表\n案号:(2025)赣0727执3:6了7号\n承办人周斌\n申请执行人李秀英';
    const registered = reg(['（2025）赣0727执36号', ['李秀英', '王某']]);
    // THEN 执36 is proposed for a clerk, not filed (before: filed under it unseen)
    expect(decideWithRegister({ read: '（2025）赣0727执3号', text }, registered)).toMatchObject({ caseNumber: '（2025）赣0727执36号', review: 'case_number_unknown', confirmed: false });
  });

  it('keeps the page\'s own 案号 line cut short over a number its body recites cleanly (review of 3e9f42a)', () => {
    const text = ['广东省深圳市福田区人民法院', '执行裁定书', '案号:(2025)粤0304执恢3:6了7号', '申请执行人:李秀英', '被执行人:王某', '本院于2023年5月8日作出(2023)粤0304执1234号执行裁定，终结本次执行程序。', '裁定如下：终结本次执行程序。', '广东省深圳市福田区人民法院', '2025年6月9日'].join('\n');
    const c = classifyPage({ text }, loadRules());
    expect(c.caseNumber?.canonical).toBe('（2025）粤0304执恢3号');
    expect(reviewReasons(c, 0.6)).toContain('ocr_low_confidence');
    // while a recital cut short does not outrank the page's own number read whole (review of 9b8df89)
    const order = ['广东省深圳市福田区人民法院', '限制消费令', '(2025)粤0304执恢367', '被执行人:王某', '本院于2023年5月8日作出（2023）粤0304执12S4号执行裁定', '限制你不得实施以下高消费行为', '广东省深圳市福田区人民法院', '2025年6月9日'].join('\n');
    expect(classifyPage({ text: order }, loadRules()).caseNumber?.canonical).toBe('（2025）粤0304执恢367号');
  });

  it('reads the letter that cut a sequence number short as the digits it looks like, taken when all parties are named (执23G0号, seed 121, held out)', () => {
    // GIVEN an objection ruling citing its case 执2300 read 执23G0, beside a registered 执20 naming the applicant
    const text = '执行裁定书\n[2025]粤0604执异72号\n异议人:黄晓明\n申请执行人:刘海燕\n被执行人:无锡新纪元纺织品有限公司\n本院在执行[2025]粤0604执23G0号申请执行人刘海燕与被执行人无锡新纪元纺织品有限公司承揽合同纠纷一案中';
    const read = '（2025）粤0604执23号';
    expect(cutShortReadings(text, read).sort()).toEqual(['（2025）粤0604执2300号', '（2025）粤0604执2360号']);
    expect(registerCandidates({ read, text })).toContain('（2025）粤0604执2300号');
    const registered = reg(['（2025）粤0604执2300号', ['刘海燕', '无锡新纪元纺织品有限公司']], ['（2025）粤0604执20号', ['刘海燕', '张伟']], ['（2025）粤0604执2360号', ['刘海燕', '李娜']]);
    // THEN the reading whose parties are all named is taken (before: 执20 proposed for a clerk)
    const d = decideWithRegister({ read, text }, registered);
    expect(d).toMatchObject({ caseNumber: '（2025）粤0604执2300号', review: null, confirmed: true });
    expect(d.reasons[0]).toMatch(/cut short by a letter; read as the digit it looks like/);
    // two such readings with all parties named: a clerk decides; none: 执20 is only proposed, as before
    const both = reg(['（2025）粤0604执2300号', ['刘海燕', '无锡新纪元纺织品有限公司']], ['（2025）粤0604执2360号', ['刘海燕', '无锡新纪元纺织品有限公司']], ['（2025）粤0604执20号', ['刘海燕', '张伟']]);
    expect(decideWithRegister({ read, text }, both)).toMatchObject({ review: 'case_number_unknown', confirmed: false });
    const none = reg(['（2025）粤0604执20号', ['刘海燕', '张伟']]);
    expect(decideWithRegister({ read, text }, none)).toMatchObject({ caseNumber: '（2025）粤0604执20号', review: 'case_number_unknown', confirmed: false });
    // a letter that looks like no digit, or another number's digits, gives no reading
    expect(cutShortReadings(text.replace('23G0', '23K0'), read)).toEqual([]);
    expect(cutShortReadings(text, '（2025）粤0604执72号')).toEqual([]);
    // another number on the line, read as it stands, is no reading of the letter
    expect(cutShortReadings(`${text}、[2025]粤0604执1968号`, read)).not.toContain('（2025）粤0604执1968号');
  });

  it('doubts a registered number read from two look-alikes of 1 side by side when the one-1 reading is registered too (第6]I号, seed 154, held out)', () => {
    // GIVEN a legacy 执行通知书 whose 案号 61 was read 6]I, and no party of either case named
    const text = '江苏省无锡市锡山区人民法院\n执行通知书\n(2013)锡法执字第6]I号\n你单位应当履行生效法律文书确定的义务。';
    const read = '（2013）锡法执字第611号';
    expect(splitOneReadings(text, read)).toEqual(['（2013）锡法执字第61号']);
    const registered = reg([read, ['周建国', '王秀英']], ['（2013）锡法执字第61号', ['陈国平', '李娜']]);
    // THEN a clerk confirms (before: filed under 611 unseen)
    const d = decideWithRegister({ read, text }, registered);
    expect(d).toMatchObject({ caseNumber: read, review: 'case_number_unknown', confirmed: false });
    expect(d.reasons[0]).toMatch(/two look-alikes of 1 side by side/);
    // a party of 611 named settles it; so does 61 not being registered, or digits on the page
    expect(decideWithRegister({ read, text: `${text}\n被执行人:王秀英` }, registered)).toMatchObject({ caseNumber: read, review: null, confirmed: true });
    expect(decideWithRegister({ read, text }, reg([read, ['周建国', '王秀英']]))).toMatchObject({ caseNumber: read, review: null });
    expect(splitOneReadings(text.replace('6]I', '611'), read)).toEqual([]);
    // a look-alike beside a 1 is such a pair too; a line reading the number in digits settles it (review of 158c8e2)
    expect(splitOneReadings(text.replace('6]I', '6]1'), read)).toEqual(['（2013）锡法执字第61号']);
    expect(splitOneReadings(text.replace('6]I', '61l'), read)).toEqual(['（2013）锡法执字第61号']);
    expect(splitOneReadings(`${text}\n(2013)锡法执字第611号`, read)).toEqual([]);
  });

  it('proposes the 执恢 number printed above, its type glyph garbled, over the 执 number below it that the case resumes (块恢999 over 后这号 3366, seed 158, held out)', () => {
    // GIVEN a filing approval of 执恢999 whose own line read 块恢 and whose 原案号 label read 后这号
    const text = '浙江省杭州市西湖区人民法院\n专行案件立案调查登记夫\n察号: “〈2024)浙0106块恢999号\n后这号(2021)浙0106执3366号\n申请执行人|孙美玲\n被执行人上海昂盛物流有限公司';
    const read = '（2021）浙0106执3366号';
    expect(resumedAbove(text, read)).toEqual(['（2024）浙0106执恢999号']);
    expect(registerCandidates({ read, text })).toContain('（2024）浙0106执恢999号');
    const registered = reg([read, ['孙美玲', '上海鼎盛物流有限公司']], ['（2024）浙0106执恢999号', ['孙美玲', '上海鼎盛物流有限公司']]);
    // THEN the 执恢 number is proposed for a clerk (before: filed under 执3366 unseen, its party named)
    const d = decideWithRegister({ read, text }, registered);
    expect(d).toMatchObject({ caseNumber: '（2024）浙0106执恢999号', review: 'case_number_unknown', confirmed: false });
    expect(d.reasons[0]).toMatch(/执 number below a 执恢 one is the case it resumes/);
    // a 执恢 number not registered, below the 执 number, or a 执 number above (no resumed case) changes nothing
    expect(decideWithRegister({ read, text }, reg([read, ['孙美玲', '上海鼎盛物流有限公司']]))).toMatchObject({ caseNumber: read, review: null, confirmed: true });
    const swapped = text.split('\n');
    [swapped[2], swapped[3]] = [swapped[3] as string, swapped[2] as string];
    expect(resumedAbove(swapped.join('\n'), read)).toEqual([]);
    expect(resumedAbove(text.replace('块恢', '块'), read)).toEqual([]);
  });

  it('reads a type glyph read as another glyph (京0105风7214, seed 61) as 执 from the register, only with a party named', () => {
    expect(unreadTypeGlyphReadings('宁导(2025)京0105风7214呈')).toEqual(['（2025）京0105执7214号']);
    // province glyph garbled too (包 for 粤): the court named on the page settles it
    expect(unreadTypeGlyphReadings('广东省深圳市福田区人民法院\n查控结果反馈表\n案号(2025)呈0304柄4352')).toContain('（2025）粤0304执4352号');
    // or lost whole, read as a space (seed 171, held out: a 报告财产令 held for a clerk with no number)
    expect(unreadTypeGlyphReadings('广东省深圳市福田区人民法院\n报告财产令\n案号: (2025) 0304革7311呈')).toEqual(['（2025）粤0304执7311号']);
    // other courts' types (执行依据 cites 民初; 民 alone is no 执) and numbers read whole are no such reading
    expect(unreadTypeGlyphReadings('执行依据(2024)京0105民初2337号民事调解书')).toEqual([]);
    expect(unreadTypeGlyphReadings('案号:(2024)京0105民2337号')).toEqual([]);
    // nor 破, 商, 认 (a bankruptcy number an 执行依据 line cites, its province lost: review of 8e56c4e)
    expect(unreadTypeGlyphReadings('广东省深圳市福田区人民法院\n执行依据:(2024) 0304破12号')).toEqual([]);
    expect(unreadTypeGlyphReadings('广东省深圳市福田区人民法院\n执行依据:(2024)粤0304商12号')).toEqual([]);
    expect(unreadTypeGlyphReadings('案号:(2025)京0105执7214号')).toEqual([]);
    const own = '（2025）京0105执7214号';
    const registered = reg([own, ['佛山市顺联陶瓷有限公司', '胡立新']], ['（2025）京0105执7215号', ['张伟']]);
    const text = PAGE('宁导(2025)京0105风7214呈', '胡立新');
    expect(registerCandidates({ read: null, text })).toContain(own);
    const decided = decideWithRegister({ read: null, text }, registered);
    expect(decided).toMatchObject({ caseNumber: own, review: null, confirmed: true });
    expect(decided.reasons[0]).toMatch(/^type glyph unreadable; （2025）京0105执7214号 is the only registered reading, 胡立新 named$/);
    // seed 90, held out: the line citing the case a 执恢 case resumes (原案号 read 原委号) is
    // not read for the page's own number: that case is registered with the same parties
    const cites = '江苏省无锡市锡山区人民法院\n执行案件立案审批表\n守与” (2024)六090205需依8437生\n申请执行人|陈国平\n原委号(2023)四0205届1057二';
    expect(registerCandidates({ read: null, text: cites })).not.toContain('（2023）苏0205执1057号');
    expect(registerCandidates({ read: null, text: cites.replace('原委号', '') })).toContain('（2023）苏0205执1057号');
    // registered, but no party of it named: proposed, for a clerk
    expect(decideWithRegister({ read: null, text: PAGE('宁导(2025)京0105风7214呈', '王某某') }, registered)).toMatchObject({ caseNumber: own, review: 'case_number_unknown', confirmed: false });
  });

  it('reads a year with one digit too many (a bracket read as a digit, seed 35) from the register, only with a party named', () => {
    // 《20244)生0604执3227号 on a filing approval whose court line came out 大东省…: no province hint
    const line = '案号:《20244)生0604执3227号';
    const readings = unreadYearDigitReadings(line);
    expect(readings).toContain('（2024）粤0604执3227号');
    expect(readings.every((n) => /^（20[24]4）/.test(n))).toBe(true);
    // the court named on the page settles the province glyph
    expect(unreadYearDigitReadings(`广东省佛山市禅城区人民法院\n${line}`)).toEqual(['（2044）粤0604执3227号', '（2024）粤0604执3227号']);
    // a year of four digits is no such reading
    expect(unreadYearDigitReadings('案号:(2024)粤0604执3227号')).toEqual([]);
    const own = '（2024）粤0604执3227号';
    const text = PAGE(line, '龙南县富源矿业有限公司');
    const registered = reg([own, ['龙南县富源矿业有限公司', '佛山市顺达电子有限公司']], ['（2024）粤0604执3228号', ['张伟']]);
    const decided = decideWithRegister({ read: null, text }, registered);
    expect(decided).toMatchObject({ caseNumber: own, review: null, confirmed: true });
    expect(decided.reasons[0]).toMatch(/^year unreadable; （2024）粤0604执3227号 is the only registered reading/);
    // registered, but no party of it named: proposed, for a clerk
    expect(decideWithRegister({ read: null, text: PAGE(line, '王某某') }, registered)).toMatchObject({ caseNumber: own, review: 'case_number_unknown', confirmed: false });
  });

  it('reads a year whose bracket and 2 fused into another digit (6014锡法执字, seed 38) from the register, only with a party named', () => {
    expect(unreadYearDigitReadings('案号: 6014锡法执字第9 2 1 5号')).toEqual(['（2014）锡法执字第9215号']);
    expect(unreadYearDigitReadings('案号: 6014)粤0304执6212号')).toEqual(['（2014）粤0304执6212号']);
    // a digit run inside a longer number, or a year already read, is no such reading
    expect(unreadYearDigitReadings('36014锡法执字第1号')).toEqual([]);
    expect(unreadYearDigitReadings('案号: (2014)锡法执字第9215号')).toEqual([]);
    const own = '（2014）锡法执字第9215号';
    const registered = reg([own, ['刘海燕', '无锡市宏达机械制造有限公司']]);
    const text = '案款到账通知\n案号: 6014锡法执字第9 2 1 5号\n缴款人无锡市宏达机械制造有限公司';
    expect(decideWithRegister({ read: null, text }, registered)).toMatchObject({ caseNumber: own, review: null, confirmed: true });
    expect(decideWithRegister({ read: null, text: '案款到账通知\n案号: 6014锡法执字第9 2 1 5号\n缴款人王某某' }, registered)).toMatchObject({ caseNumber: own, review: 'case_number_unknown' });
  });
});

describe('caseBeside', () => {
  // seed 14 (held out): a 民事判决书, which prints no enforcement number, between an objection
  // ruling of one case and the funds receipt of the case it was for
  const JUDGMENT = '广东省佛山市禅城区人民法院\n民事判决书\n(2024)粤0604民初2668号\n原告:王志强\n被告:江苏恒远建设工程有限公司\n判决如下';
  const BEFORE = '（2024）苏0205执恢2307号';
  const AFTER = '（2025）粤0604执194号';

  it('is the case beside the document whose registered parties it names all of', () => {
    const registered = reg([BEFORE, ['高明辉', '李秀英']], [AFTER, ['王志强', '江苏恒远建设工程有限公司']]);
    expect(caseBeside(JUDGMENT, [BEFORE, AFTER], registered)).toMatchObject({ caseNumber: AFTER, review: null, confirmed: true, reasons: [expect.stringMatching(/all its registered parties named \(王志强 and 江苏恒远建设工程有限公司\)/)] });
  });

  it('is proposed for a clerk when another case beside it shares a named party, and none when no case or two qualify', () => {
    const sharing = reg([BEFORE, ['高明辉', '江苏恒远建设工程有限公司']], [AFTER, ['王志强', '江苏恒远建设工程有限公司']]);
    expect(caseBeside(JUDGMENT, [BEFORE, AFTER], sharing)).toMatchObject({ caseNumber: AFTER, review: 'case_number_unknown', confirmed: false });
    // one party named only, or a case with a single registered party: no evidence
    expect(caseBeside(JUDGMENT, [AFTER], reg([AFTER, ['王志强', '杭州华信贸易有限公司']]))).toBeNull();
    expect(caseBeside(JUDGMENT, [AFTER], reg([AFTER, ['王志强']]))).toBeNull();
    // both cases beside it fully named: a clerk decides
    expect(caseBeside(JUDGMENT, [BEFORE, AFTER], reg([BEFORE, ['王志强', '江苏恒远建设工程有限公司']], [AFTER, ['王志强', '江苏恒远建设工程有限公司']]))).toBeNull();
    // a number beside it that is not registered says nothing
    expect(caseBeside(JUDGMENT, [AFTER], reg())).toBeNull();
  });
});

describe('inheritedNotBorneOut', () => {
  // bench:accuracy seed 18: the application of another case, scanned after a cover sheet
  const APPLICATION = '北京市朝阳区人民法院\n申请执行书\n申请执行人:高明辉\n被执行人:;深圳市金辉电子科技有限公司\n请求事项:请求依法强制执行\n二G@〇二五年四月十八日';
  const cover = (parties: string[]): RegisteredCase => ({ caseNumber: '（2025）粤0604执5301号', parties });
  it('doubts a number from the cover when the document names parties, none of them the case\'s', () => {
    expect(inheritedNotBorneOut(APPLICATION, cover(['王志强', '江苏恒远建设工程有限公司']))).toMatch(/taken from the cover sheet before the document, but the document names parties and none of that case's registered parties \(王志强, 江苏恒远建设工程有限公司\)/);
  });
  it('doubts it as well for a judgment naming its parties as 原告/被告 (seed 31, held out: auto-filed under the cover\'s case)', () => {
    const JUDGMENT = '广东省佛山市禅城区人民法院\n民事判决书\n〈2024)粤0604民初1541号民事调解书\n原告:北京中效投资管理有限公司\n被告:周玉兰\n判决如下:\n2025年]月28日';
    const cover5709 = (parties: string[]): RegisteredCase => ({ caseNumber: '（2024）浙0106执5709号', parties });
    expect(inheritedNotBorneOut(JUDGMENT, cover5709(['赵永刚', '江苏恒远建设工程有限公司']))).toMatch(/none of that case's registered parties/);
    // the cover case's own judgment names its parties: kept
    expect(inheritedNotBorneOut(JUDGMENT, cover5709(['北京中鑫投资管理有限公司', '周玉兰']))).toBeNull();
  });

  it('doubts it when one party is the case\'s but another principal party is none of its (seed 146, held out: the applicant shared, the respondent another)', () => {
    // GIVEN 孙美玲's application in her case 执506, after the cover of her case 执2535 against another respondent
    const ANOTHER = '广东省深圳市福田区人民法院\n申请执行书\n申请执行人:孙美玲\n被执行人:无锡市宏达机械制造有限公司，住所地深圳市福田区华强北街道23号\n请求事项:请求依法强制执行';
    const c2535: RegisteredCase = { caseNumber: '（2025）粤0304执2535号', parties: ['孙美玲', '龙南县富源矿业有限公司'] };
    expect(inheritedNotBorneOut(ANOTHER, c2535)).toMatch(/names 无锡市宏达机械制造有限公司 as 被执行人, none of that case's registered parties \(孙美玲, 龙南县富源矿业有限公司\)/);
    expect(inheritedNotBorneOut(APPLICATION, cover(['王志强', '深圳市金辉电子科技有限公可']))).toMatch(/names 高明辉 as 申请执行人/);
    // the judgment's 原告/被告 are asked too
    expect(inheritedNotBorneOut('民事判决书\n原告:孙美玲\n被告:无锡市宏达机械制造有限公司', c2535)).toMatch(/names 无锡市宏达机械制造有限公司 as 被告/);
    // its own case: kept, the company read with a slip, the address run on without a comma
    const c506: RegisteredCase = { caseNumber: '（2024）粤0304执506号', parties: ['孙美玲', '无锡市宏达机械制造有限公司'] };
    expect(inheritedNotBorneOut(ANOTHER.replace('宏达', '安达').replace('，住所地', '住所地'), c506)).toBeNull();
    // a person of three glyphs one given-name glyph off is the party read with a slip (高明购 for 高明辉, seed 151);
    // another surname, or a two-glyph name a glyph off, is another person
    expect(inheritedNotBorneOut(ANOTHER.replace('申请执行人:孙美玲', '申请执行人:孙美琳'), c506)).toBeNull();
    expect(inheritedNotBorneOut(ANOTHER.replace('申请执行人:孙美玲', '申请执行人:王美玲'), c506)).toMatch(/names 王美玲 as 申请执行人/);
    expect(inheritedNotBorneOut(ANOTHER.replace('申请执行人:孙美玲', '申请执行人:孙美').replace('无锡市宏达机械制造有限公司，', '无锡市宏达机械制造有限公司、孙美玲，'), c506)).toMatch(/names 孙美 as 申请执行人/);
    // an agent or a third party is not asked to be registered, nor is a label running on into a sentence
    expect(inheritedNotBorneOut(`${ANOTHER}\n委托代理人:王律师\n第三人:张某某`, c506)).toBeNull();
    for (const line of ['被执行人至今未履行，特申请强制执行', '申请执行人委托代理人:王建国', '被执行人联系电话:13800000000', '原告诉称，被告欠款', '申请执行人于2024年3月1日申请'])
      expect(inheritedNotBorneOut(`${ANOTHER}\n${line}`, c506)).toBeNull();
    // the colon read as ；or ，, a space, or none at all (原告孙美玲，女), and names of no known shape, are asked as well
    for (const line of ['被执行人；王建国', '被执行人，王建国', '被执行人 王建国', '被执行人王建国住杭州市西湖区', '被执行人:某某县加油站', '被执行人:阿不都·热合曼', '被执行人|王建国.'])
      expect(inheritedNotBorneOut(ANOTHER.replace('被执行人:无锡市宏达机械制造有限公司，住所地深圳市福田区华强北街道23号', line), c506), line).toMatch(/as 被执行人, none of/);
    expect(inheritedNotBorneOut('民事判决书\n原告孙美玲，女，汉族\n被告王建国，男，汉族', c506)).toMatch(/names 王建国 as 被告/);
    // a sentence opening with a label names nobody
    expect(inheritedNotBorneOut(`${ANOTHER}\n申请执行人孙美玲与被执行人王建国民间借贷纠纷一案`, c506)).toBeNull();
    // each of several respondents is asked
    expect(inheritedNotBorneOut(ANOTHER.replace('被执行人:无锡市宏达机械制造有限公司', '被执行人:无锡市宏达机械制造有限公司、王建国'), c506)).toMatch(/names 王建国 as 被执行人/);
  });

  it('keeps it when its parties are the case\'s (even one slip off), when the document prints no party line, or when the register knows no parties', () => {
    expect(inheritedNotBorneOut(APPLICATION, cover(['高明辉', '深圳市金辉电子科技有限公可']))).toBeNull();
    expect(inheritedNotBorneOut('查询反馈\n反馈日期 2025.5.26\n未查询到财产', cover(['王志强', '李秀英']))).toBeNull();
    expect(inheritedNotBorneOut(APPLICATION, cover([]))).toBeNull();
    expect(inheritedNotBorneOut(APPLICATION, undefined)).toBeNull();
  });
});

describe('dateIsFilingDay', () => {
  const CASE = '（2025）粤0304执2067号';
  it('bears out a filing approval dated on its case\'s registered filing day, and nothing else', () => {
    expect(dateIsFilingDay({ formType: 'filing_approval', docDate: '2025-03-24' }, { caseNumber: CASE, parties: [], filedOn: '2025-03-24' })).toMatch(/date 2025-03-24 is the filing day of （2025）粤0304执2067号 in the register/);
    expect(dateIsFilingDay({ formType: 'filing_approval', docDate: '2025-03-21' }, { caseNumber: CASE, parties: [], filedOn: '2025-03-24' })).toBeNull();
    expect(dateIsFilingDay({ formType: 'triage_sheet', docDate: '2025-03-24' }, { caseNumber: CASE, parties: [], filedOn: '2025-03-24' })).toBeNull();
    expect(dateIsFilingDay({ formType: 'filing_approval', docDate: '2025-03-24' }, { caseNumber: CASE, parties: [] })).toBeNull();
    expect(dateIsFilingDay({ formType: 'filing_approval', docDate: null }, { caseNumber: CASE, parties: [], filedOn: '2025-03-24' })).toBeNull();
  });
});

describe('filingDayAmongReadings', () => {
  const CASE = '（2025）粤0604执5016号';
  const filed = { caseNumber: CASE, parties: [], filedOn: '2025-03-21' };
  it('takes the registered filing day when it is another reading of a filing approval\'s date (seed 37)', () => {
    const doc = { formType: 'filing_approval', docDate: '2025-03-24', dateAlternatives: ['2025-03-21'] };
    expect(filingDayAmongReadings(doc, filed)).toEqual({ date: '2025-03-21', reason: `date 2025-03-21, another reading of the form's date, is the filing day of ${CASE} in the register: taken over 2025-03-24` });
    // no such reading, another form, no filing day, the date taken already the filing day: nothing
    expect(filingDayAmongReadings({ ...doc, dateAlternatives: ['2025-03-20'] }, filed)).toBeNull();
    expect(filingDayAmongReadings({ ...doc, formType: 'triage_sheet' }, filed)).toBeNull();
    expect(filingDayAmongReadings(doc, { caseNumber: CASE, parties: [] })).toBeNull();
    expect(filingDayAmongReadings({ ...doc, docDate: '2025-03-21' }, filed)).toBeNull();
  });
});

describe('digitsBorneOut', () => {
  it('finds a number\'s digits in order in an unreadable 案号 line, with at most two glyphs read into them', () => {
    // bench:accuracy seed 19: 沪0115执4920 read with a 4 inside its court code and its 沪 lost
    expect(digitsBorneOut('案号: (2025)访0411 5执49 2 0号', '（2025）沪0115执4920号')).toBe(true);
    expect(digitsBorneOut('宗号(2 O259况0115扫49220与', '（2025）沪0115执4920号')).toBe(true);
    expect(digitsBorneOut('(2O13)锡山法执子第49O1号', '（2013）锡山法执字第4901号')).toBe(true);
    // seed 34: the year's bracket and 2 fused into a C
    expect(digitsBorneOut('案号: C024苏02.执恢2738号', '（2024）苏02执恢2738号')).toBe(true);
    expect(digitsBorneOut('案号: C024苏02.执恢2738号', '（2024）苏02执恢2783号')).toBe(false);
    // another number, a digit missing, or a line of many more digits: not borne out
    expect(digitsBorneOut('案号: (2025)访0411 5执49 2 0号', '（2025）沪0115执4902号')).toBe(false);
    expect(digitsBorneOut('案号: (2025)访041 5执49 2 0号', '（2025）沪0115执4920号')).toBe(false);
    expect(digitsBorneOut('案呈62 .02 4)四0604仇3216呈 电话13900001111', '（2024）粤0604执3216号')).toBe(false);
    expect(digitsBorneOut('案号: 4920', 'not a number')).toBe(false);
  });

  it('finds a modern number whose year alone was lost whole: court code, type and serial exact, closed by 号 (seed 78, held out)', () => {
    expect(digitsBorneOut('案号: 0人粤0604执1263号', '（2024）粤0604执1263号')).toBe(true);
    expect(digitsBorneOut('案号: 0人粤0604执恢 1263号', '（2024）粤0604执恢1263号')).toBe(true);
    // another serial, another type, no 号, or another year read before them: not borne out
    expect(digitsBorneOut('案号: 0人粤0604执1263号', '（2024）粤0604执1236号')).toBe(false);
    expect(digitsBorneOut('案号: 0人粤0604执1263号', '（2024）粤0604执恢1263号')).toBe(false);
    expect(digitsBorneOut('案号: 0人粤0604执12636', '（2024）粤0604执1263号')).toBe(false);
    expect(digitsBorneOut('案号: (2023)粤0604执1263号', '（2024）粤0604执1263号')).toBe(false);
  });
});

describe('agents are no parties', () => {
  // bench:accuracy seed 21: the applicant's agent in an interview record, registered as a party of a number one slip away
  const INTERVIEW = '约谈笔录\n案号:〈2024)浙0106执2903号\n约谈人:刘洋\n谈话对象:黄晓明〈申请执行人委托代理人)\n问:今天约你来，是向你告知本案的执行情况';
  const reg = (...cases: Array<[string, string[]]>): Map<string, RegisteredCase> => new Map(cases.map(([n, parties]) => [n, { caseNumber: n, parties }]));
  it('an agent\'s name does not point at another registered number', () => {
    const registered = reg(['（2024）浙0106执2903号', ['杨丽华', '北京中奢投资管理有限公司']], ['（2024）浙0106执2973号', ['黄晓明', '张伟']]);
    expect(decideWithRegister({ read: '（2024）浙0106执2903号', text: INTERVIEW }, registered)).toMatchObject({ caseNumber: '（2024）浙0106执2903号', review: null, confirmed: false });
    // the same name as the interviewee in person (申请执行人) still does
    const inPerson = INTERVIEW.replace('〈申请执行人委托代理人)', '（申请执行人）');
    expect(decideWithRegister({ read: '（2024）浙0106执2903号', text: inPerson }, registered)).toMatchObject({ review: 'case_party_mismatch' });
    // nor does a power of attorney's 受托人 name a party
    expect(namedParty('授权委托书\n委托人:杨丽华\n受托人:黄晓明，律师', { caseNumber: 'x', parties: ['黄晓明'] })).toBeNull();
    expect(namedParty('授权委托书\n委托人:杨丽华\n受托人:黄晓明，律师', { caseNumber: 'x', parties: ['杨丽华'] })).toBe('杨丽华');
    // a party whose agent the text names is still named
    expect(namedParty('申请执行人黄晓明的委托代理人李秀英到庭', { caseNumber: 'x', parties: ['黄晓明'] })).toBe('黄晓明');
  });
});

describe('alternativesBeforeFiling', () => {
  const c: RegisteredCase = { caseNumber: '（2024）苏02执恢5422号', parties: [], filedOn: '2024-11-05' };
  it('keeps a doubted date whose other readings all fall before its case was filed (seed 21)', () => {
    expect(alternativesBeforeFiling({ formType: 'extension_approval', docDate: '2024-11-21', dateAlternatives: ['2024-01-21'] }, c)).toMatch(/date 2024-11-21 kept: its other reading 2024-01-21 falls before its case （2024）苏02执恢5422号 was filed \(2024-11-05 in the register\)/);
  });
  it('settles nothing when a reading could be right, the date itself is too early, the form may predate its case, or nothing is known', () => {
    expect(alternativesBeforeFiling({ formType: 'extension_approval', docDate: '2024-11-21', dateAlternatives: ['2024-01-21', '2024-11-12'] }, c)).toBeNull();
    expect(alternativesBeforeFiling({ formType: 'extension_approval', docDate: '2024-11-01', dateAlternatives: ['2024-01-01'] }, c)).toBeNull();
    expect(alternativesBeforeFiling({ formType: 'other', docDate: '2024-11-21', dateAlternatives: ['2024-01-21'] }, c)).toBeNull();
    expect(alternativesBeforeFiling({ formType: 'extension_approval', docDate: '2024-11-21' }, c)).toBeNull();
    expect(alternativesBeforeFiling({ formType: 'extension_approval', docDate: '2024-11-21', dateAlternatives: ['2024-01-21'] }, { ...c, filedOn: null })).toBeNull();
  });
});
