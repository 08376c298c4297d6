import { describe, expect, it } from 'vitest';
import {
  extractFields,
  findDates,
  normalizeOcrLine,
  parseAmount,
  parseChineseInteger,
  parseDate,
  parseDuration,
  type FieldDef,
} from '../../../classifier/index.ts';
import { readItemList } from '../../../classifier/field-values.ts';

describe('dates', () => {
  it.each([
    ['2024年3月5日', '2024-03-05'],
    ['2024 年 3 月 5 日', '2024-03-05'],
    ['2 0 2 4 年 1 2 月 3 1 日', '2024-12-31'],
    ['二〇二四年三月五日', '2024-03-05'],
    ['二○二四年十二月三十一日', '2024-12-31'],
    ['二零二五年一月二十日', '2025-01-20'],
    ['二O二四年十月一日', '2024-10-01'],
    ['2024.3.5', '2024-03-05'],
    ['2024-03-05', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2O24年3月l5日', '2024-03-15'],
    ['２０２４年３月５日', '2024-03-05'],
    ['落款：2024年3月5', '2024-03-05'],
  ])('%s → %s', (raw, iso) => {
    expect(parseDate(raw)).toBe(iso);
  });

  it.each(['2024年2月30日', '2024年13月1日', '1989年1月1日', '第2024号', '12.5万元'])('no date in %s', (raw) => {
    expect(parseDate(raw)).toBeNull();
  });

  it('findDates lists every date with its 1-based line', () => {
    expect(findDates('立案日期：2024年2月20日\n\n审批：二〇二四年二月二十一日 2024.2.22')).toEqual([
      { date: '2024-02-20', raw: '2024年2月20日', line: 1 },
      { date: '2024-02-21', raw: '二〇二四年二月二十一日', line: 3 },
      { date: '2024-02-22', raw: '2024.2.22', line: 3 },
    ]);
  });

  it('reads a month or day in numerals only as courts write it: two numerals without 十 are no date (一月二五日, seed 134, held out)', () => {
    const dates = (s: string): string[] => findDates(s).map((d) => d.date);
    expect(dates('二〇二五年一月二五日')).toEqual([]);
    expect(dates('二〇二五年一二月五日')).toEqual([]);
    expect(dates('一O二五年一月二五日')).toEqual([]);
    for (const [s, d] of [['二〇二五年一月十五日', '2025-01-15'], ['二〇二五年十二月二十五日', '2025-12-25'], ['二〇二五年一月廿五日', '2025-01-25'], ['二〇二五年三月十日', '2025-03-10'], ['二〇二五年十月三十一日', '2025-10-31'], ['二〇二五年二月二十日', '2025-02-20']]) expect(dates(s as string)).toEqual([d]);
  });

  it('reads a ] beside or opening a month or day as 1 when that makes a date (flagged), else as a speck', () => {
    const read = (s: string): Array<[string, boolean]> => findDates(s).map((d) => [d.date, d.bracketRead ?? false]);
    // seed 13 (held out): 2025-05-]15 — ]15 cannot be 115, the ] was a speck
    expect(read('2025-05-]15')).toEqual([['2025-05-15', false]]);
    expect(read('2025年]12月3日')).toEqual([['2025-12-03', false]]);
    // ]5 may be 15 or 5: read as 15, flagged
    expect(read('2025-05-]5')).toEqual([['2025-05-15', true]]);
    expect(read('2024年]1月26日')).toEqual([['2024-11-26', true]]);
    // a ] after a digit likewise: 11]月 cannot be 111月 (seed 15, held out)
    expect(read('”2024年11]月18日')).toEqual([['2024-11-18', false]]);
    expect(read('2024年1]月18日')).toEqual([['2024-11-18', true]]);
    // two ] in one date: no speck reading (seed 16: 2024年4月]1]日 was 4月11日, not 4月1日)
    expect(read('2024年4月]1]日')).toEqual([]);
    // no ] opening a number: nothing changes
    expect(read('2025-05-15 ]')).toEqual([['2025-05-15', false]]);
  });
});

describe('amounts, numerals, durations', () => {
  it.each([
    ['人民币125,000.00元', 125000],
    ['人民币 125，000.00 元', 125000],
    ['12.5万元', 125000],
    ['¥3,000.50', 3000.5],
    ['1.2亿元', 120000000],
    ['壹拾贰万伍仟元整', 125000],
    ['叁佰元伍角', 300.5],
    ['人民币l25,OOO元', 125000],
  ])('%s → %d', (raw, yuan) => {
    expect(parseAmount(raw)).toBe(yuan);
  });

  it.each([
    ['人民币参万肆什参佰元整', 34300], // 参, an accepted form of 叁; 仟 read 什 (seed 107)
    ['人民币226.900.00元', 226900], // dots for thousands (seed 108)
    ['合计伍仟元', 5000],
    ['20.81]万元', 208100], // a cell rule between number and unit: was read 20.81 (seed 119)
    ['20.81|万元', 208100], // a | there is no 1 of the number
    ['3,500 | 元', 3500],
  ])('reads capitals and separators as OCR gives them: %s → %d', (raw, yuan) => {
    expect(parseAmount(raw, { allowBare: true })).toBe(yuan);
  });

  it.each([
    '人民币喜拾制万陆什伍佰元整', // 186,500 with two capitals misread: was read 500 (seed 107)
    '人民币贰拾贰万零抽个元整',
    '22.57为元', // 万 read 为: was read 22.57 (seed 108)
    '20.81a万元', // a speck before 万: not 20.81
  ])('reads no amount rather than a part of one: %s', (raw) => {
    expect(parseAmount(raw, { allowBare: true })).toBeNull();
  });

  it('accepts a bare number only after an amount label', () => {
    expect(parseAmount('125000')).toBeNull();
    expect(parseAmount('125000', { allowBare: true })).toBe(125000);
  });

  it.each([
    ['十二', 12],
    ['二十五', 25],
    ['一千二百', 1200],
    ['壹拾贰万伍仟', 125000],
    ['二〇二四', 2024],
    ['abc', null],
  ])('Chinese integer %s → %s', (raw, n) => {
    expect(parseChineseInteger(raw)).toBe(n);
  });

  it.each([
    ['3个月', 'P3M'],
    ['延长三个月', 'P3M'],
    ['自2024年8月20日起延长六个月', 'P6M'],
    ['90日', 'P90D'],
    ['九十天', 'P90D'],
    ['延长至2025年2月20日', '2025-02-20'],
    ['同意', null],
    // a = for the numeral before 个月 is 三 with a stroke lost (seeds 131, 133): 二 is not written there
    ['=个月、', 'P3M'],
    ['申请延长＝个月', 'P3M'],
    ['十=个月', null],
    ['十二个月', 'P12M'],
    // 个 read 小 or 介 after a numeral (三小月, seed 133)
    ['三小月', 'P3M'],
    ['6介月', 'P6M'],
    ['=小月', 'P3M'],
    // 个 read as 1 with no 个月 on the line (延长期限31月, seed 144): not 31 months; a date's 11月 is no duration
    ['延长期限31月', 'P3M'],
    ['六1月', 'P6M'],
    ['自2024年11月20日起延长三个月', 'P3M'],
    ['延长至2024年11月20日', '2024-11-20'],
    ['延长至2024年11月', null],
    ['至2024年11月底', null],
    ['延长至11月30日', null],
    // a year-month written in numerals is no duration either (it read as P11M)
    ['延长至二〇二四年十一月', null],
    ['延长至二〇二五年二月底', null],
    ['自二〇二四年十一月起延长三个月', 'P3M'],
    ['延长至二0二四年十一月', null],
    ['延长至二o二四年十一月', null],
    ['延长至二〇二因年十一月', null],
    ['拟延长期限一年', null],
    ['12个月', 'P12M'],
    // 月 read 局 after 个 (拟延长期限三个局, seed 145), not 个 as a measure word before a word
    ['拟延长期限三个局', 'P3M'],
    ['6个用', 'P6M'],
    ['两个用户账户待查，延长6个月', 'P6M'],
    ['有一个用于经营的商铺，拟延长三个月', 'P3M'],
  ])('duration %s → %s', (raw, d) => {
    expect(parseDuration(raw)).toBe(d);
  });
});

const defs: FieldDef[] = [
  { name: 'filingDate', label: '立案日期', labels: ['立案日期'], type: 'date', occurrence: 'first', searchBody: false },
  { name: 'applicant', label: '申请执行人', labels: ['申请执行人'], type: 'text', occurrence: 'first', searchBody: false },
  { name: 'respondent', label: '被执行人', labels: ['被执行人'], type: 'text', occurrence: 'first', searchBody: false },
  { name: 'amount', label: '执行标的金额', labels: ['执行标的金额', '执行标的'], type: 'amount', occurrence: 'first', searchBody: false },
  { name: 'basisCase', label: '执行依据', labels: ['执行依据'], type: 'text', occurrence: 'first', searchBody: false },
  {
    name: 'approval',
    label: '审批意见',
    labels: ['审批意见', '院长意见'],
    type: 'enum',
    occurrence: 'last',
    searchBody: false,
    enum: { rejected: ['不同意'], approved: ['同意'] },
  },
  {
    name: 'triageResult',
    label: '分流结果',
    labels: ['分流结果'],
    type: 'enum',
    occurrence: 'first',
    searchBody: true,
    enum: { fast_track: ['简案', '快执'], implementation: ['繁案', '实施'] },
  },
];

const lines = (text: string): string[] => text.split('\n').map(normalizeOcrLine);
/** A field of the labels given, the first its name on the form. */
const field = (name: string, labels: string[], type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({ name, label: labels[0] as string, labels, type, occurrence: 'first', searchBody: false, ...extra });
/** Extract `defs` from an OCR text. */
const reader =
  (...defs: FieldDef[]) =>
  (text: string): ReturnType<typeof extractFields> =>
    extractFields(lines(text), defs);

describe('label: value extraction', () => {
  it('takes no signature placeholder for a value: the name on the labelled line above, its label misread (被谈话人〈签名), seed 144, held out)', () => {
    const read = reader(field('interviewee', ['被约谈人', '被谈话人', '谈话对象'], 'text'));
    // GIVEN a record's foot as read: the exact label only in the signature line, the named line's label a glyph off
    const f = read('约谈笔录\n约谈人:刘洋\n被痰话人:徐建军(申请执行人委托代理人)\n问:今天约你来，你是否清楚?\n被谈话人〈签名) :').interviewee;
    expect(f).toMatchObject({ value: '徐建军(申请执行人委托代理人)', line: 3 });
    expect(f?.reason).toMatch(/read a glyph off/);
    // 签名 itself a glyph off in brackets, or 签字 unbracketed, is a placeholder too
    expect(read('被约痰人:上海鼎盛物流有限公司\n被谈话人《等名) :').interviewee?.value).toBe('上海鼎盛物流有限公司');
    expect(read('被谈话人：签字').interviewee).toBeUndefined();
    // a name stays a name, bracketed role and all, or a speck after it
    expect(read('被谈话人：王名\n').interviewee?.value).toBe('王名');
    expect(read('被谈话人:王名)').interviewee?.value).toMatch(/^王名/);
    // the name after the placeholder on its line; never the line below a blank signature (another signer's, a date)
    expect(read('被谈话人(签名):徐建军').interviewee?.value).toBe('徐建军');
    expect(read('被约淡人：赵永刚\n被谈话人(签名):\n谈话人(签名):张明').interviewee?.value).toBe('赵永刚');
    expect(read('被谈话人(签名):\n2024年6月17日').interviewee).toBeUndefined();
    // (化名) is no placeholder
    expect(read('被谈话人:(化名)小徐').interviewee?.value).toBe('(化名)小徐');
    expect(read('被谈话人:刘海燕(申请执行人)\n被谈话人（签名）：').interviewee?.value).toBe('刘海燕(申请执行人)');
  });

  it('names a duration numeral or 个 read from a misread glyph in the reason and trusts it less (=个月, 三小月; review of 8d4fc22)', () => {
    const read = reader(field('extension', ['延长期限', '申请延长'], 'duration'));
    const guessed = read('延长期限：=个月').extension;
    const clean = read('延长期限：三个月').extension;
    expect(guessed?.value).toBe('P3M');
    expect(guessed?.reason).toMatch(/= before 个月 read as 三/);
    expect(read('申请延长＝个月').extension?.value).toBe('P3M');
    expect(read('延长期限：三小月').extension?.reason).toMatch(/小 before 月 read as 个/);
    expect(read('延长期限：31月').extension?.reason).toMatch(/1 between 3 and 月 read as 个/);
    // read as written: no repair named, and trusted more than the guess on the same line
    expect(clean?.value).toBe('P3M');
    expect(clean?.reason).not.toMatch(/read as/);
    expect(guessed?.confidence).toBeLessThan(clean?.confidence ?? 0);
  });

  it('reads an enum field whose label opens its line a glyph off, not one two glyphs off or inside running text (审批息见, seed 47, held out)', () => {
    const read = reader(field('approval', ['审批意见', '院长意见'], 'enum', { occurrence: 'last', enum: { rejected: ['不同意', '不予'], approved: ['同意', '准予'] } }));
    // GIVEN the appraisal approval's row: 意 read 息, a table rule and quotes before the value
    const f = read('评估、拍卖审批表\n|承办人意见.|建议委托评估后依法网络拍卖\n|审批息见“。准予\n2024-11-07');
    expect(f.approval).toMatchObject({ value: 'approved', confidence: 0.6, line: 3 });
    expect(f.approval?.reason).toMatch(/label 审批意见 read a glyph off at line 3 \("审批息见"\), "准予"/);
    expect(read('|审批息见不予准许').approval?.value).toBe('rejected');
    // the exact label wins; two glyphs off (审批日期) or not opening its line is no label
    expect(read('审批意见同意\n审批息见不予').approval).toMatchObject({ value: 'approved', line: 1 });
    expect(read('审批日期 同意').approval).toBeUndefined();
    expect(read('本院审批息见准予执行').approval).toBeUndefined();
  });

  it('reads a date field whose label opens its line a glyph off, the date straight after it (分流日其, seed 65, held out)', () => {
    const read = reader(field('triageDate', ['分流日期', '审批日期'], 'date'));
    // GIVEN the triage sheet's row: 期 read 其, the signed line below it garbled (2025.0.4)
    const f = read('繁简分流审批表\n立案日期，2025.5.28\n分流日其2025.6.4\n2025.0.4');
    expect(f.triageDate).toMatchObject({ value: '2025-06-04', confidence: 0.6, line: 3 });
    expect(f.triageDate?.reason).toMatch(/label 分流日期 read a glyph off at line 3 \("分流日其"\)/);
    expect(read('审批日其: 2025年12月8日').triageDate?.value).toBe('2025-12-08');
    // the exact label wins; two glyphs off (立案日期), a date later in a sentence, or a label not opening its line is none
    expect(read('分流日期2025.6.5\n分流日其2025.6.4').triageDate).toMatchObject({ value: '2025-06-05', line: 1 });
    expect(read('立案日期2025.5.28').triageDate).toBeUndefined();
    expect(read('分流日其为本院于2025.6.4作出').triageDate).toBeUndefined();
    expect(read('本案分流日其2025.6.4').triageDate).toBeUndefined();
    // a speck read as a glyph between the label and the year is passed (审批目期革2024年11月11日, seed 162, held out); two glyphs are a sentence
    expect(read('审批目期革2024年11月11日').triageDate?.value).toBe('2024-11-11');
    const closing = reader(field('closingDate', ['结案日期'], 'date'));
    expect(closing('结案目期革2024年11月11日').closingDate?.value).toBe('2024-11-11');
    // the filing day's row, a glyph from 结案日期, is no closing date, speck or not (review of the speck rule)
    for (const row of ['立案日期 l 2024年3月1日', '立案日期：2024年3月1日', '收案日期（2024年3月1日）']) expect(closing(row).closingDate, row).toBeUndefined();
    expect(read('分流日其为了2025.6.4').triageDate).toBeUndefined();
  });

  it('reads a text field whose label opens its line a glyph off, cut from the line as read (查控范转, seeds 107-108)', () => {
    const read = reader(field('searchItems', ['查控事项', '查控内容', '查控范围'], 'text'), field('handler', ['承办人', '经办人'], 'text'));
    // GIVEN a search referral whose 围 was read 转, the list's 、 kept
    const f = read('查控移送表\n经办人钱伟\n查控范转银行存款、股权、证券\n移送时间2024-02-28');
    expect(f.searchItems).toMatchObject({ value: '银行存款、股权、证券', confidence: 0.6, line: 3 });
    expect(f.searchItems?.reason).toMatch(/label 查控范围 read a glyph off at line 3 \("查控范转"\)/);
    // cut at the next label, as after an exact label
    expect(read('|查控范转 股权、车辆  经办人 钱伟').searchItems?.value).toBe('股权、车辆');
    // the exact label wins; two glyphs off (碍控范转), a 3-glyph label, or not opening its line is none
    expect(read('查控内容车辆\n查控范转股权').searchItems).toMatchObject({ value: '车辆', line: 1 });
    expect(read('碍控范转股权、车辆').searchItems).toBeUndefined();
    expect(read('径办人钱伟').handler).toBeUndefined();
    expect(read('请查控范转股权').searchItems).toBeUndefined();
    // a line opening with another field's exact label is that field's (申请执行标的 is 申请执行人 a glyph off)
    const g = reader(field('applicant', ['申请执行人'], 'text'), field('amount', ['申请执行标的'], 'amount'))('申请执行标的人民币34,300.00元');
    expect(g.amount?.value).toBe(34300);
    expect(g.applicant).toBeUndefined();
  });

  it('takes a label after nothing but specks as opening its line (-经办人李娜, seed 107)', () => {
    const read = reader(field('handler', ['承办人', '经办人'], 'text'));
    expect(read('查控移送表\n-经办人李娜').handler).toMatchObject({ value: '李娜', line: 2 });
    // running text is still no label
    expect(read('本案经办人李娜已调查').handler).toBeUndefined();
  });

  it('reads values on the same line, cut at the next label, tolerant to glyph spaces', () => {
    // GIVEN table OCR with glyph spaces, two labels on one line and a value on the next line
    const page = lines(
      [
        '立 案 日 期 ： 2 0 2 4 年 2 月 2 0 日',
        '申 请 执 行 人 ： 李 四    被 执 行 人 ： 王 五',
        '执行标的金额',
        '人民币125,000.00元',
        '被执行人王五未履行义务', // running text: must not override the labelled value
      ].join('\n'),
    );
    // WHEN extracting
    const f = extractFields(page, defs);
    // THEN each value is read with its line and reason
    expect(f.filingDate).toMatchObject({ value: '2024-02-20', line: 1 });
    expect(f.applicant?.value).toBe('李四');
    expect(f.respondent?.value).toBe('王五');
    expect(f.amount).toMatchObject({ value: 125000, line: 4 });
    expect(f.amount?.reason).toContain('next line');
    expect(f.amount?.confidence).toBeLessThan(f.filingDate?.confidence ?? 0);
  });

  it('prefers the last approval opinion and does not read 同意 inside 不同意', () => {
    const f = extractFields(lines('承办人意见：建议拍卖\n审批意见：同意\n院长意见：不同意'), defs);
    expect(f.approval?.value).toBe('rejected');
    const g = extractFields(lines('审批意见：不同意\n院长意见：同意'), defs);
    expect(g.approval?.value).toBe('approved');
  });

  it('reads the checked box of an enum and falls back to the body when allowed', () => {
    expect(extractFields(lines('分流结果 □简案 ☑繁案'), defs).triageResult?.value).toBe('implementation');
    expect(extractFields(lines('分流结果：√简案 □繁案'), defs).triageResult?.value).toBe('fast_track');
    const body = extractFields(lines('经审查，本案符合简案标准，分至快执团队办理'), defs).triageResult;
    expect(body?.value).toBe('fast_track');
    expect(body?.reason).toContain('no label');
    expect(body?.confidence).toBeLessThan(0.6);
  });

  it('leaves out fields that are not there', () => {
    expect(extractFields(lines('执行通知书\n本院依法受理'), defs)).toEqual({});
  });
});

describe('the value of a table cell', () => {
  const read = reader(field('handler', ['承办人', '经办人'], 'text'), field('transferDate', ['移送日期'], 'date'));

  it('is never the 备注 row below an empty cell (seed 119: 承办人。 then 备注请于…)', () => {
    expect(read('承办人。\n备注请于五个工作日内完成线下查控').handler).toBeUndefined();
    expect(read('承办人\n|备注，请于五个工作日内完成线下查控').handler).toBeUndefined();
    // nor another field's row after specks; a plain next line is still the cell's value
    expect(read('承办人\n|移送日期2025年3月18日').handler).toBeUndefined();
    expect(read('承办人\n周斌').handler).toMatchObject({ value: '周斌', line: 2 });
    // a value stops at 备注 on its own line
    expect(read('承办人周斌 备注请于五个工作日内完成').handler?.value).toBe('周斌');
  });

  it('drops one Latin letter or digit after Han text (经办人周斌8, seed 120)', () => {
    expect(read('经办人周斌8').handler?.value).toBe('周斌');
    expect(read('经办人周斌a').handler?.value).toBe('周斌');
    // two of them, or a digit after a digit, are kept: they may be the value's
    expect(read('经办人周斌88').handler?.value).toBe('周斌88');
    expect(read('经办人A座12').handler?.value).toBe('A座12');
  });
});

describe('an address in a text value', () => {
  const read = reader(field('property', ['处置财产'], 'text'));

  it.each(['峡', '蛋', '剧', '由'])('reads %s between a building and a room number as 幢 (seeds 119-121)', (g) => {
    const f = read(`处置财产位于上海市浦东新区张江镇27${g}774室的房产`);
    expect(f.property).toMatchObject({ value: '位于上海市浦东新区张江镇27幢774室的房产', confidence: 0.72 }); // 0.8 for the label, 0.9 for the reading
    expect(f.property?.reason).toMatch(new RegExp(`${g} between a building's and a room's number read as 幢`));
  });

  it.each(['27幢774室', '27栋774室', '5号1201室', '3座12室', '3门502室', '2梯1001室', '27幢774号', '峡谷1号'])('keeps %s as read', (addr) => {
    expect(read(`处置财产位于${addr}的房产`).property).toMatchObject({ value: `位于${addr}的房产`, confidence: 0.8 });
  });
});

describe('a text field listing items (查控事项, seed 119)', () => {
  const ITEMS = ['银行存款', '存款', '不动产', '车辆', '证券', '网络资金', '住房公积金', '公积金', '股权'];

  it.each([
    ['网络资金车辆、股权', '网络资金、车辆、股权', true], // a 、 lost between two items: each read exactly
    ['住房公积金车辆、银行存款、股权', '住房公积金、车辆、银行存款、股权', true],
    ['住房公积金、银行存歉', '住房公积金、银行存款', false], // an item of 3+ glyphs a glyph off, alone between separators
    ['住房公积金、证关', '住房公积金、证关', false], // a glyph off a two-glyph item is half of it: kept
    ['车位', '车位', false],
    ['银行存款，车辆 股权', '银行存款、车辆、股权', true], // 、 read as ， or a space
    ['车辆、船舶', '车辆、船舶', false], // no listed item: kept as read
    ['车辆、股权', '车辆、股权', true],
  ])('%s → %s', (raw, want, exact) => {
    expect(readItemList(raw, ITEMS)).toEqual({ value: want, exact });
  });

  it('respells no piece a glyph off two items, nor one inside a longer piece', () => {
    // 证X is a glyph off 证券 only; X款 a glyph off 存款 alone; 车权 is a glyph off 车辆 and 股权 both
    expect(readItemList('车权', ITEMS).value).toBe('车权');
    expect(readItemList('本院证关查询', ITEMS).value).toBe('本院证关查询');
  });

  it('reads the field value through its items, with the raw reading in the reason', () => {
    const read = reader(field('searchItems', ['查控范围'], 'text', { items: ITEMS }), field('handler', ['承办人'], 'text'));
    const f = read('财产查控移送表\n查控范围住房公积金车辆、银行存款\n承办人刘洋');
    expect(f.searchItems).toMatchObject({ value: '住房公积金、车辆、银行存款', line: 2 });
    expect(f.searchItems?.reason).toMatch(/text 住房公积金车辆、银行存款 read as listed items/);
    // an item respelled is less sure than items read as listed
    expect(read('查控范围住房公积金、银行存歉').searchItems).toMatchObject({ value: '住房公积金、银行存款' });
    expect(read('查控范围住房公积金、银行存歉').searchItems?.confidence).toBeLessThan(f.searchItems?.confidence as number);
    // a field without items keeps its text as read
    expect(reader(field('searchItems', ['查控范围'], 'text'))('查控范围住房公积金车辆').searchItems?.value).toBe('住房公积金车辆');
  });
});
