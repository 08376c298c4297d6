/**
 * Signing dates garbled under the seal, read as their nearest valid date. The lines are OCR
 * output of bench:accuracy pages (seed 2) with the date the page was printed with.
 */
import { describe, expect, it } from 'vitest';
import { classifyPage, createCalendar, loadCalendarYears, loadRules, reviewReasons } from '../../../classifier/index.ts';
import { chooseDocDate, GARBLED_DATE_CONFIDENCE, IMPLAUSIBLE_DATE_CONFIDENCE } from '../../../classifier/doc-date.ts';
import { dateLineShape, MAX_DISTANCE, readGarbledDate, rivalsRepeatingASwap } from '../../../classifier/garbled-date.ts';

const rules = loadRules();
const win = (earliest: string, latest = '2026-06-30') => ({ earliest, latest });

describe('readGarbledDate', () => {
  it.each([
    ['人〇二7六年一月一日', '2025-01-01', '2026-01-01'], // 二 as 人, a speck read as 7
    ['二〇二四年六月工秆六日', '2024-01-01', '2024-06-26'], // 工 is what 二 becomes: 二十六, not 十六
    ['三旬一四年四月三十八日', '2013-01-01', '2014-04-28'], // a legacy case: a 15-year window
    ['二人〇一五年二月十六日', '2015-01-01', '2015-02-16'],
    ['2025-01523', '2024-01-01', '2025-01-23'],
    ['2024年12朋16昌', '2024-01-01', '2024-12-16'], // 月 and 日 read as 朋 and 昌 (seed 4)
    ['江西省龙南市人民法院 人〇二7六年一月一日', '2025-01-01', '2026-01-01'], // court name beside it
    ['二〇二五年三月才七日', '2024-01-01', '2025-03-17'], // 才 is what 十 becomes: 十七, not 七 (seed 78, held out)
  ])('%s → %s', (line, earliest, date) => {
    const g = readGarbledDate(line, win(earliest));
    expect(g?.date).toBe(date);
    expect(g!.distance).toBeLessThanOrEqual(MAX_DISTANCE);
  });

  it('leaves a line unread when two dates are as near (9月:日 is 9月1日 as much as 9月2日)', () => {
    expect(readGarbledDate('2025年9月:日', win('2025-01-01'))).toBeNull();
  });

  it('drops a speck for half a glyph: 6月:1日 is 6月1日, but 2024年]1月 stays unread (11月 or 1月)', () => {
    expect(readGarbledDate('2015年6月:1日', win('2015-01-01'))?.date).toBe('2015-06-01');
    expect(readGarbledDate('2024年]1月22日', win('2024-01-01'))).toBeNull();
  });

  it('takes a line of digits (no 年/月/日 to anchor month and day) one edit from a date at most', () => {
    // seed 4: printed 2015年11月16日; 2015.4.16 is two edits away, and no other date nearer
    expect(readGarbledDate('20154二16', win('2015-01-01'))).toBeNull();
    expect(readGarbledDate('2025-01523', win('2024-01-01'))?.date).toBe('2025-01-23');
  });

  it('leaves a line unread when the nearest date is too far (二包冯车八月二下二目)', () => {
    expect(readGarbledDate('二包冯车八月二下二目', win('2013-01-01'))).toBeNull();
  });

  it('reads only inside the window: a date after the scan day or before the case year is no reading', () => {
    // 2026-01-01 is the only near date; scanned on 2025-12-31 the line has no reading.
    expect(readGarbledDate('人〇二7六年一月一日', win('2025-01-01', '2025-12-31'))?.date).not.toBe('2026-01-01');
    expect(readGarbledDate('二〇二四年六月工秆六日', win('2025-01-01'))).toBeNull();
    expect(readGarbledDate('二〇二四年六月工秆六日', win('2026-01-01', '2024-01-01'))).toBeNull(); // empty window
  });

  it('is not a date line: court names, page footers, sentences, long text', () => {
    for (const line of ['江西省龙南市人民法院', '第2页共2页', '审判员刘洋', '联系电话13812345678', '逾期不履行的，本院将依法强制执行。', '本院于二〇二四年六月二十六日立案执行申请执行人张三与被执行人李四']) {
      expect(dateLineShape(line), line).toBeNull();
      expect(readGarbledDate(line, win('2024-01-01'))).toBeNull();
    }
  });
});

describe('chooseDocDate with a garbled signing line', () => {
  const lines = ['执行裁定书', '（2025）赣0727执9433号', '终结本次执行程序。', '审判长钱伟', '.江西省龙南市人民法院', '人〇二7六年一月一日'];

  it('reads the signing line when no date was found, with the reason', () => {
    const d = chooseDocDate({ lines, fieldDate: null, earliest: '2025-01-01', latest: '2026-06-30' });
    expect(d).toMatchObject({ date: '2026-01-01', confidence: GARBLED_DATE_CONFIDENCE });
    expect(d.reasons.join(' ')).toMatch(/garbled line 6 \("人〇二7六年一月一日"\)/);
  });

  it('doubts a reading that falls on a day off: courts sign on working days', () => {
    // seed 1: 十日 read as 二日 and the year garbled; the nearest date is a Sunday (and in the
    // Spring Festival holiday): a clerk confirms it instead of it moving the case's node.
    const sunday = chooseDocDate({ lines: ['江苏省无锡市中级人民法院', '二@Q二五年二月二日'], fieldDate: null, earliest: '2025-01-01', latest: '2026-06-30' });
    expect(sunday).toMatchObject({ date: '2025-02-02', confidence: IMPLAUSIBLE_DATE_CONFIDENCE });
    expect(sunday.reasons.join(' ')).toMatch(/is a day off \(weekend or public holiday\): to be confirmed/);
    // 2026-01-01 is a Thursday, but 元旦 in the official calendar
    const calendar = createCalendar(loadCalendarYears());
    const window = { earliest: '2025-01-01', latest: '2026-06-30' };
    expect(chooseDocDate({ lines, fieldDate: null, ...window }).confidence).toBe(GARBLED_DATE_CONFIDENCE);
    expect(chooseDocDate({ lines, fieldDate: null, ...window, isWorkingDay: calendar.isWorkingDay }).confidence).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    // a date read cleanly is never doubted for its day: only a repaired reading is
    expect(chooseDocDate({ lines: ['2026年1月1日'], fieldDate: null, ...window, isWorkingDay: calendar.isWorkingDay }).confidence).toBe(1);
  });

  it('doubts a signing line read only half a glyph nearer to its date than to another, its rivals kept (seeds 108, 110)', () => {
    // a 终本 ruling signed 二〇二五年二月二十四日, read 三月三十四日 under the seal: 3月24日 is one glyph off, 2月24日 one and a half
    expect(readGarbledDate('二O〇二五年三月三十四日', win('2025-01-01'))).toMatchObject({ date: '2025-03-24', margin: 0.5, rivals: expect.arrayContaining(['2025-02-24']) });
    const ruling = chooseDocDate({ lines: ['北京市朝阳区人民法院', '二O〇二五年三月三十四日'], fieldDate: null, earliest: '2025-01-01', latest: '2025-07-01' });
    expect(ruling).toMatchObject({ date: '2025-03-24', confidence: IMPLAUSIBLE_DATE_CONFIDENCE, alternatives: expect.arrayContaining(['2025-02-24']) });
    expect(ruling.reasons.join(' ')).toMatch(/only half a glyph nearer than .*2025-02-24.*: to be confirmed/);
    // an execution notice's 七月-日: 一 read as a dash, or 二 with a stroke lost
    expect(chooseDocDate({ lines: ['二〇二四年七月-日'], fieldDate: null, earliest: '2024-01-01', latest: '2024-12-31' })).toMatchObject({ date: '2024-07-01', confidence: IMPLAUSIBLE_DATE_CONFIDENCE, alternatives: expect.arrayContaining(['2024-07-02']) });
    // a glyph or more of margin has no rivals, and is filed as before
    expect(readGarbledDate('人〇二7六年一月一日', win('2025-01-01'))?.rivals).toEqual([]);
    expect(chooseDocDate({ lines, fieldDate: null, earliest: '2025-01-01', latest: '2026-06-30' }).confidence).toBe(GARBLED_DATE_CONFIDENCE);
  });

  it('needs the window: without the case year and the scan day the line stays unread', () => {
    expect(chooseDocDate({ lines, fieldDate: null }).date).toBeNull();
    expect(chooseDocDate({ lines, fieldDate: null, latest: '2026-06-30' }).date).toBeNull();
  });

  it('prefers a garbled signing line below a date recited in a sentence, never a clean dated line', () => {
    const recited = ['本院于2025年3月2日立案执行', ...lines];
    expect(chooseDocDate({ lines: recited, fieldDate: null, earliest: '2025-01-01', latest: '2026-06-30' }).date).toBe('2026-01-01');
    const signed = [...lines.slice(0, 5), '2026年1月5日', '人〇二7六年一月一日'];
    expect(chooseDocDate({ lines: signed, fieldDate: null, earliest: '2025-01-01', latest: '2026-06-30' })).toMatchObject({ date: '2026-01-05', confidence: 1 });
  });
});

describe('a date field the OCR garbled (an interview record dated by its 时间, seeds 107-110)', () => {
  const record = ['告知申请执行人笔录', '案号: (2024)京0105执5018号', '时间:二口二四年十月二十一日上午2时', '地点:本院第一谈话室', '约谈人:李娜', '问:今天约你来，是向你告知本案的执行情况'];
  const window = { earliest: '2024-01-01', latest: '2024-12-31' };

  it('reads the field\'s value as its nearest valid date, its label and the time of day taken off', () => {
    const d = chooseDocDate({ lines: record, fieldDate: null, fieldLabels: ['约谈时间', '谈话时间', '时间'], ...window });
    expect(d).toMatchObject({ date: '2024-10-21', confidence: GARBLED_DATE_CONFIDENCE });
    expect(d.reasons.join(' ')).toMatch(/garbled line 3 \("二口二四年十月二十一日"\)/);
    // half a glyph from another date too, but no seal lies over a date field: not doubted for that
    expect(readGarbledDate('二口二四年十月二十一日', window)?.margin).toBe(0.5);
    // without the field's labels, or without the window, the line stays unread
    expect(chooseDocDate({ lines: record, fieldDate: null, ...window }).date).toBeNull();
    expect(chooseDocDate({ lines: record, fieldDate: null, fieldLabels: ['时间'] }).date).toBeNull();
    // a value too far from any date is no reading
    expect(chooseDocDate({ lines: ['时间:过避一四年二用『目了上时'], fieldDate: null, fieldLabels: ['时间'], ...window }).date).toBeNull();
  });

  it('doubts a field whose rival takes a glyph of the line as the reading took another (三〇一四年三月三日, seed 174, held out)', () => {
    // GIVEN an onsite record of 2014-02-03 whose 时间 read 三 for each 二
    const onsite = ['现场调查笔录', '案号:〈2014)锡法执字第3664号', '时间:三〇一四年三月三日上午11时', '地点:无锡市梁溪区解放西路22号'];
    const d = chooseDocDate({ lines: onsite, fieldDate: null, fieldLabels: ['调查时间', '时间'], earliest: '2014-01-01', latest: '2026-06-30' });
    // THEN 2014-03-03 is read, but with 2014-02-03 beside it, for a clerk
    expect(d).toMatchObject({ date: '2014-03-03', confidence: IMPLAUSIBLE_DATE_CONFIDENCE });
    expect(d.alternatives).toContain('2014-02-03');
    const g = readGarbledDate('三〇一四年三月三日', { earliest: '2014-01-01', latest: '2026-06-30' })!;
    expect(rivalsRepeatingASwap(g)).toEqual(['2014-02-03', '2014-03-02']);
    // while 口 taken for 〇 says nothing of the line's 二 (the rival 10-31 swaps another glyph)
    expect(rivalsRepeatingASwap(readGarbledDate('二口二四年十月二十一日', window)!)).toEqual([]);
  });

  it('dates the record when classified, instead of holding it for a clerk', () => {
    const c = classifyPage({ text: record.join('\n') }, rules, { latestDate: '2024-12-31' });
    expect(c.formType).toBe('applicant_interview');
    expect(c.date).toBe('2024-10-21');
    expect(reviewReasons(c, 0.6)).toEqual([]);
    // the field read no date there; the date read from its line is the field's value (seed 119)
    expect(c.fields.interviewDate).toMatchObject({ value: '2024-10-21', line: 3 });
    expect(c.fields.interviewDate?.reason).toMatch(/garbled/);
  });

  it('gives the field the signed line\'s date when its garbled value reads as that date', () => {
    // seed 119: 移送时间。2025年3忆18日 on a search referral signed 2025年3月18日
    const referral = ['北京市朝阳区人民法院', '财产查控移送表', '案号: (2025)京0105执6151号', '移送时间。2025年3忆18日', '查控范围 车辆、股权', '北京市朝阳区人民法院'];
    const c = classifyPage({ text: [...referral, '2025年3月18日'].join('\n') }, rules, { latestDate: '2025-12-31' });
    expect(c).toMatchObject({ formType: 'search_referral', date: '2025-03-18' });
    expect(c.fields.transferDate).toMatchObject({ value: '2025-03-18', line: 4 });
    // signed another day: the garbled field is not read as the signed date, and stays absent
    const other = classifyPage({ text: [...referral, '2025年4月2日'].join('\n') }, rules, { latestDate: '2025-12-31' });
    expect(other.date).toBe('2025-04-02');
    expect(other.fields.transferDate).toBeUndefined();
  });

  it('gives the field no value when the date comes from elsewhere', () => {
    // the 时间 line unreadable, the date taken from a signed line: the field stays absent
    const lines = [...record.slice(0, 2), '时间:过避一四年二用『目了上时', ...record.slice(3), '2024年10月21日'];
    const c = classifyPage({ text: lines.join('\n') }, rules, { latestDate: '2024-12-31' });
    expect(c.date).toBe('2024-10-21');
    expect(c.fields.interviewDate).toBeUndefined();
  });
});

describe('classifyPage: the window comes from the case number and the scan day', () => {
  const text = ['江西省龙南市人民法院', '执行裁定书（终结本次执行程序）', '（2025）赣0727执9433号', '本案终结本次执行程序。', '审判长钱伟', '江西省龙南市人民法院', '人〇二7六年一月一日'].join('\n');

  it('files the ruling with its date instead of holding it for a clerk', () => {
    const c = classifyPage({ text }, rules, { latestDate: '2026-06-30' });
    expect(c.formType).toBe('termination_ruling');
    expect(c.date).toBe('2026-01-01');
    expect(reviewReasons(c, 0.6)).toEqual([]);
    // its number unread, the window reaches fifteen years back from the scan day (seed 112)
    const unread = ['上海市浦东新区人民法院', '报告财产令', '案号: (202用沪0115执8199号', '被执行人:吴德胜', '依法追究刑事责任。', '上海市浦东新区人民法院', '二名二四年五月八日'].join('\n');
    const order = classifyPage({ text: unread }, rules, { latestDate: '2026-06-30' });
    expect(order).toMatchObject({ formType: 'property_report_order', caseNumber: null, date: '2024-05-08' });
    expect(classifyPage({ text: unread }, rules).date).toBeNull();
    // a paper filed as other is dated from its garbled signing line too (seed 120: a 协助执行通知书
    // left undated in its dossier)
    const assist = ['北京市朝阳区人民法院', '协助执行通知书', '(2024)京0105执2038号', '请协助冻结被执行人名下存款。', '北京市朝阳区人民法院', '二〇二五年一月二十二曰'].join('\n');
    expect(classifyPage({ text: assist }, rules, { latestDate: '2026-06-30' })).toMatchObject({ formType: 'other', date: '2025-01-22' });
    expect(classifyPage({ text: assist }, rules).date).toBeNull();
    // a garbled line the OCR read at under 30 % is only a proposal (seed 120: 2025，1 106 at 14 %)
    const report = ['北京市朝阳区人民法院', '终结本次执行程序案件办理情况表', '案号: (2024)京0105执2038号', '办理情况 经穷尽财产调查措施，未发现可供执行财产', '北京市朝阳区人民法院'];
    const at = (c: number) => classifyPage({ text: [...report, '2025，1 106'].join('\n'), lines: [...report.map((t) => ({ text: t, confidence: 90 })), { text: '2025，1 106', confidence: c }] }, rules, { latestDate: '2025-12-31' });
    expect(at(14)).toMatchObject({ date: '2025-11-06', dateConfidence: IMPLAUSIBLE_DATE_CONFIDENCE });
    expect(at(14).reasons.join('\n')).toMatch(/the garbled line 6 was read at 14 % confidence: to be confirmed/);
    expect(reviewReasons(at(14), 0.6)).toContain('ocr_low_confidence');
    expect(at(45)).toMatchObject({ date: '2025-11-06', dateConfidence: GARBLED_DATE_CONFIDENCE });
    // no scan day: the date stays unread and a clerk is asked
    const without = classifyPage({ text }, rules);
    expect(without.date).toBeNull();
    expect(reviewReasons(without, 0.6)).toContain('ocr_low_confidence');
  });
});
