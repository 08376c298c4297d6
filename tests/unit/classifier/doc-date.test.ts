import { describe, expect, it } from 'vitest';
import { classifyPage, createCalendar, loadCalendarYears, loadRules, reviewReasons } from '../../../classifier/index.ts';
import { chooseDocDate, CLEAN_OVER_DAMAGED_CONFIDENCE, GARBLED_DATE_CONFIDENCE, IMPLAUSIBLE_DATE_CONFIDENCE, standsAlone } from '../../../classifier/doc-date.ts';
import { findDates } from '../../../classifier/field-values.ts';

const rules = loadRules();

// An execution notice as the bench renders it: the application date recited in the body,
// the signing date under the seal at the foot (here misread: 11日 lost a digit).
const NOTICE = [
  '江苏省无锡市锡山区人民法院',
  '执行通知书',
  '（2024）苏0205执1234号',
  '被执行人：王五',
  '（2023）苏0205民初567号民事判决书已经发生法律效力。申请执行人于2024年11月11日向本',
  '院申请强制执行，本院依法立案执行。责令你自本通知送达之日起三日内履行下列义务。',
];

describe('chooseDocDate', () => {
  it('takes the form date field first, then the last dated line of its own, then running text', () => {
    expect(chooseDocDate({ lines: ['x', '2024年3月5日'], fieldDate: { name: 'approvalDate', value: '2024-02-27' } })).toMatchObject({ date: '2024-02-27', confidence: 1 });
    expect(chooseDocDate({ lines: ['2024年3月1日', '本院于2024年3月2日立案', '2024年3月5日', '附：说明'], fieldDate: null })).toMatchObject({ date: '2024-03-05', confidence: 1 });
    expect(chooseDocDate({ lines: ['本院于2024年3月2日立案执行'], fieldDate: null })).toMatchObject({ date: '2024-03-02', confidence: 0.5 });
    expect(chooseDocDate({ lines: ['无日期'], fieldDate: null })).toMatchObject({ date: null, confidence: 0 });
  });

  it('takes no recital of the filing day for the signature, its label a glyph short (案日期, seed 176, held out)', () => {
    // GIVEN a 终本 report whose 立案日期 row lost 立 and whose signing line was garbled past reading
    const report = ['终结本次执行程序案件办理情况表', '案号: (2025)京0105执7685号', '被执行人赵永刚', '案日期2025年6月9日', '执行通知书已发出2025年6月11日', '报告财产令已发出', '2026作3月306'];
    // THEN the filing day is no signed date: the date is uncertain, for a clerk (before: filed on 06-09 unseen)
    expect(chooseDocDate({ lines: report, fieldDate: null }).confidence).toBeLessThan(0.6);
    expect(standsAlone('案日期2025年6月9日', '2025年6月9日')).toBe(false);
    // the date repaired (2O25) or the label whole, alike (review of fecf1d5)
    expect(standsAlone('案日期2O25年6月9日', '2025年6月9日')).toBe(false);
    expect(standsAlone('立案日期2O25年6月9日', '2025年6月9日')).toBe(false);
    // unless it labels the form's own date field: a filing approval's 立案日期, a closing approval's 结案日期 less 结
    expect(standsAlone('案日期2025年6月9日', '2025年6月9日', ['立案日期'])).toBe(true);
    expect(standsAlone('案日期2025年6月9日', '2025年6月9日', ['结案日期', '审批日期'])).toBe(true);
    expect(chooseDocDate({ lines: ['执行结案审批表', '案日期2025年6月9日', '结案方式 执行完毕'], fieldDate: null, fieldLabels: ['结案日期', '审批日期'] }).confidence).toBe(1);
    // a court's name or a speck or two beside a date still stand alone
    expect(standsAlone('北京市朝阳区人民法院 2025年6月9日', '2025年6月9日')).toBe(true);
    expect(standsAlone('日期2025年6月9日', '2025年6月9日')).toBe(true);
  });

  it('doubts a date later than the scan day (二 read as 三: 2034 for 2024)', () => {
    const d = chooseDocDate({ lines: ['二〇三四年九月二日'], fieldDate: null, latest: '2026-06-30' });
    expect(d.date).toBe('2034-09-02');
    expect(d.confidence).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(d.reasons.join(' ')).toMatch(/after the scan day 2026-06-30/);
    expect(chooseDocDate({ lines: ['二〇二四年九月二日'], fieldDate: null, latest: '2026-06-30' }).confidence).toBe(1);
  });

  it('reads a signing line dated after the scan day as its nearest date the form can bear, when one is clearly nearest (seed 16, held out)', () => {
    // a 终本 ruling of a 2024 case signed 二〇二四年七月一日, read 二O三四年七月一日 under a court line read 法了
    const d = chooseDocDate({ lines: ['浙江省杭州市本湖区人民法了', '二O三四年七月一日'], fieldDate: null, earliest: '2024-01-01', latest: '2024-07-20' });
    expect(d).toMatchObject({ date: '2024-07-01', confidence: GARBLED_DATE_CONFIDENCE });
    expect(d.reasons.join('\n')).toMatch(/after the scan day 2024-07-20; read as 2024-07-01, the nearest valid date to line 2/);
    // a day off is still for a clerk (2024-07-06 is a Saturday), and without a window the date is only doubted
    expect(chooseDocDate({ lines: ['二O三四年七月六日'], fieldDate: null, earliest: '2024-01-01', latest: '2024-07-20' })).toMatchObject({ date: '2024-07-06', confidence: IMPLAUSIBLE_DATE_CONFIDENCE });
    expect(chooseDocDate({ lines: ['二O三四年七月一日'], fieldDate: null, latest: '2024-07-20' })).toMatchObject({ date: '2034-07-01', confidence: IMPLAUSIBLE_DATE_CONFIDENCE });
  });

  it('reads a date field dated after the scan day without its label and time of day, and corrects the field (时间:二〇三四年十月八日上午8时, seed 161, held out)', () => {
    // GIVEN an onsite investigation record of a 2024 case whose 时间 read 2034
    const text = ['江西省龙南市人民法院', '现场调查笔录', '案号:(2024)赣0727执649号', '时间:二〇三四年十月八日上午8时', '地点:龙南市龙南镇金塘大道50号', '被调查人:李秀英', '问:你名下有哪些财产?', '答:没有房产。', '被调查人(签名) :'].join('\n');
    const c = classifyPage({ text }, rules, { latestDate: '2026-06-30' });
    // THEN it is dated 2024-10-08, as its field is (before: 2034-10-08, waiting for a clerk)
    expect(c).toMatchObject({ date: '2024-10-08', dateConfidence: GARBLED_DATE_CONFIDENCE, fields: { investigationDate: { value: '2024-10-08' } } });
    expect(reviewReasons(c, 0.6)).toEqual([]);
    // a year as near to two dates the form can bear (三 for 二 or for 五?) is not read: 2034 stays, for a clerk
    const far = classifyPage({ text: text.replace('二〇三四年', '二〇三七年') }, rules, { latestDate: '2026-06-30' });
    expect(reviewReasons(far, 0.6)).toContain('ocr_low_confidence');
  });

  it('is not doubted by a rereading of its month and day in numerals one glyph short (七月二十三日 read again 七月十三日, seed 162, held out)', () => {
    const lines = ['北京市朝阳区人民法院', '现场调查笔录', '被调查人:陈国平', '二O二四年七月二十三日'];
    const d = chooseDocDate({ lines, fieldDate: null, rereadings: [[], [], [], ['二O=四年七月十三日']] });
    expect(d).toMatchObject({ date: '2024-07-23', confidence: 1 });
    // a rereading one glyph longer, another glyph in its place, another glyph lost, or another month still doubts it (review)
    const at = (own: string, alt: string): number => chooseDocDate({ lines: [...lines.slice(0, 3), own], fieldDate: null, rereadings: [[], [], [], [alt]] }).confidence;
    expect(at('二O二四年七月十三日', '二O二四年七月二十三日')).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(at('二O二四年七月二十三日', '二O二四年七月二十二日')).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(at('二O二四年七月二十三日', '二O二四年七月二十日')).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(at('二O二四年七月二十日', '二O二四年七月十日')).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(at('二O二四年十二月一日', '二O二四年十月一日')).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
  });

  it('takes the date every rereading of its line reads, a digit off the reading taken (2025年9月18日 read again 2025年8月18日 three times, seed 163, held out)', () => {
    const lines = ['江苏省无锡市锡山区人民法院', '执行裁定书', '终结本次执行程序。', '2025年9月18日'];
    const d = chooseDocDate({ lines, fieldDate: null, rereadings: [[], [], [], ['2025年8月18晶', '2025年8月18日', '，2025年8月18日']] });
    expect(d).toMatchObject({ date: '2025-08-18', confidence: CLEAN_OVER_DAMAGED_CONFIDENCE, alternatives: ['2025-09-18'] });
    // fewer than three, one disagreeing, one with no date or two dates, another year, or a date more than a written glyph off only doubt it (review)
    const doubts = (texts: string[], own = '2025年9月18日'): number => chooseDocDate({ lines: [...lines.slice(0, 3), own], fieldDate: null, rereadings: [[], [], [], texts] }).confidence;
    expect(doubts(['2025年8月18日', '2025年8月18日。'])).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(doubts(['2025年8月18日', '2025年8月18日。', '2025年9月16日'])).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(doubts(['2025年8月18日', '2025年8月18日。', '202年9月1日'])).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(doubts(['2025年8月18日2025年8月18日', '2025年8月18日。', '，2025年8月18日'])).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(doubts(['2024年9月18日', '2024年9月18日。', '，2024年9月18日'])).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(doubts(['2025年12月2日', '2025年12月2日。', '，2025年12月2日'], '2025年1月21日')).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    // a date field read on the line is corrected with it
    const field = chooseDocDate({ lines: [...lines.slice(0, 3), '审批日期：2025年9月18日'], fieldDate: { name: 'closingDate', value: '2025-09-18' }, rereadings: [[], [], [], ['审批日期：2025年8月18日', '审批日期2025年8月18日', '2025年8月18日']] });
    expect(field).toMatchObject({ date: '2025-08-18', fieldOverruled: true });
  });

  it('takes no recital dated after the scan day as evidence against the date (seed 17, held out: 立案日期 read 2034-12-02)', () => {
    const lines = ['繁简分流表', '立案日期二〇三四年十二月二日', '分流意见 快执', '江西省龙南市人民法院', '2024年12月12日'];
    expect(chooseDocDate({ lines, fieldDate: null, latest: '2025-01-10' })).toMatchObject({ date: '2024-12-12', confidence: 1 });
    // without a scan day it still doubts
    expect(chooseDocDate({ lines, fieldDate: null }).confidence).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
  });

  it('doubts a date earlier than a date the form recites above it', () => {
    const d = chooseDocDate({ lines: [...NOTICE, '2024年11月1日'], fieldDate: null });
    expect(d).toMatchObject({ date: '2024-11-01', confidence: IMPLAUSIBLE_DATE_CONFIDENCE });
    expect(d.reasons.join(' ')).toMatch(/before 2024-11-11, which the form recites at line 5/);
    // The right reading, and a recital *below* the date (an attachment), are not doubted.
    expect(chooseDocDate({ lines: [...NOTICE, '2024年11月12日'], fieldDate: null }).confidence).toBe(1);
    expect(chooseDocDate({ lines: ['2024年3月5日', '附：2024年6月1日前履行'], fieldDate: null }).confidence).toBe(1);
  });
});

describe('chooseDocDate: a day that lost a digit under a zero-padded month', () => {
  it.each(['2025年04月2日', '2025.04.2', '2025-04-2'])('doubts %s (seed 120: 2025年04月21日 filed as the 2nd)', (signed) => {
    const d = chooseDocDate({ lines: ['江西省龙南市人民法院', signed], fieldDate: null });
    expect(d).toMatchObject({ date: '2025-04-02', confidence: IMPLAUSIBLE_DATE_CONFIDENCE });
    expect(d.reasons.join(' ')).toMatch(/zero-padded month lost a digit/);
  });

  it.each(['2025年04月02日', '2025年4月2日', '2025.4.2', '2025年04月21日', '2025年10月2日'])('takes %s as written', (signed) => {
    expect(chooseDocDate({ lines: ['江西省龙南市人民法院', signed], fieldDate: null }).confidence).toBe(1);
  });
});

describe('chooseDocDate: two readings of one date', () => {
  it('doubts a date field one digit away from the signed date line', () => {
    const lines = ['查询日期 2024.8.20', '银行存款 无', '2024.8.26'];
    const d = chooseDocDate({ lines, fieldDate: { name: 'feedbackDate', value: '2024-08-20' } });
    expect(d).toMatchObject({ date: '2024-08-20', confidence: IMPLAUSIBLE_DATE_CONFIDENCE });
    expect(d.reasons.join(' ')).toMatch(/differ by one digit/);
    // the same date twice, or dates further apart (a filing date and an approval date), are no doubt
    expect(chooseDocDate({ lines: ['查询日期 2024.8.26', '2024.8.26'], fieldDate: { name: 'feedbackDate', value: '2024-08-26' } }).confidence).toBe(1);
    expect(chooseDocDate({ lines: ['立案日期 2024.3.1', '2024.3.25'], fieldDate: { name: 'filingDate', value: '2024-03-01' } }).confidence).toBe(1);
  });

  it('keeps a date field one digit from the dated line when two rereadings of that line read the field\'s date (移送日期 2024-05-13, seed 149, held out)', () => {
    const lines = ['查控移送表', '移送日期2024-05-13', '查控范围 股权', '广东省深圳市福田区人民法院', '.2024.05.19'];
    const base = { lines, fieldDate: { name: 'transferDate', value: '2024-05-13' }, lineConfidences: [0.9, 0.94, 0.9, 0.9, 0.39] };
    const d = chooseDocDate({ ...base, rereadings: [[], [], [], [], ['20240513', '，2024-09-13', '2024.05.13', '罗2024-05.13']] });
    expect(d).toMatchObject({ date: '2024-05-13', confidence: CLEAN_OVER_DAMAGED_CONFIDENCE, alternatives: ['2024-05-19'] });
    expect(d.reasons.join('\n')).toMatch(/but 3 rereadings of line 5 read 2024-05-13: the field's reading kept/);
    // a line the OCR read well outweighs its rereadings (the readings bearing it out are not kept): a clerk's
    expect(chooseDocDate({ ...base, lineConfidences: [0.9, 0.94, 0.9, 0.9, 0.95], rereadings: [[], [], [], [], ['2024.05.13', '2024-05-13']] }).confidence).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(chooseDocDate({ lines, fieldDate: base.fieldDate, rereadings: [[], [], [], [], ['2024.05.13', '2024-05-13']] }).confidence).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    // one rereading is no agreement; two reading the line's own date or another are none either
    expect(chooseDocDate({ ...base, rereadings: [[], [], [], [], ['2024.05.13']] }).confidence).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(chooseDocDate({ ...base, rereadings: [[], [], [], [], ['2024.05.18', '2024-05-18']] }).confidence).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    // a rereading with a ] taken for 1 does not count (2024.05.1] is a guess itself)
    expect(chooseDocDate({ lines: ['移送日期2024-05-11', '2024.05.19'], fieldDate: { name: 'transferDate', value: '2024-05-11' }, lineConfidences: [0.9, 0.39], rereadings: [[], ['2024.05.1]', '2024.05.1]。']] }).confidence).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
  });

  it('takes the dated line over a date field the form cannot bear, one digit apart (结案日期 2035-10-13, seed 24)', () => {
    const lines = ['结案日期 2035-10-13', '结案方式 执行完毕', '浙江省杭州市西湖区人民法院', '2025-10-13'];
    const d = chooseDocDate({ lines, fieldDate: { name: 'closingDate', value: '2035-10-13' }, earliest: '2025-01-01', latest: '2026-06-30' });
    expect(d).toMatchObject({ date: '2025-10-13', confidence: CLEAN_OVER_DAMAGED_CONFIDENCE, fieldOverruled: true });
    expect(d.reasons.join('\n')).toMatch(/a date the form cannot bear .* the dated line 4 reads 2025-10-13, one digit apart: taken/);
    // before the case's year as well; and when both are bearable, still one of two for a clerk
    expect(chooseDocDate({ lines: ['结案日期 2015-10-13', '2025-10-13'], fieldDate: { name: 'closingDate', value: '2015-10-13' }, earliest: '2025-01-01', latest: '2026-06-30' }).date).toBe('2025-10-13');
    expect(chooseDocDate({ lines: ['结案日期 2025-10-18', '2025-10-13'], fieldDate: { name: 'closingDate', value: '2025-10-18' }, earliest: '2025-01-01', latest: '2026-06-30' })).toMatchObject({ date: '2025-10-18', confidence: IMPLAUSIBLE_DATE_CONFIDENCE });
  });

  it('takes the one reading of a damaged dated line a glyph from a field the form cannot bear (分流日期2023年]月14目, seed 130, held out)', () => {
    const lines = ['繁简分流表', '立案日期.| 2025年1月8日', '分流意见精执团队办理，', '分流日期2023年]月14目', '东省佛山市禅城区人民法院', '2025年1]月14日'];
    const base = { lines, fieldDate: { name: 'triageDate', value: '2023-01-14' }, earliest: '2024-01-01', latest: '2025-06-30' };
    // The dated line's readings: 2025-11-14 (] as 1) and 2025-01-14 (] a speck); only the latter is a glyph from 2023-01-14.
    const d = chooseDocDate(base);
    expect(d).toMatchObject({ date: '2025-01-14', confidence: CLEAN_OVER_DAMAGED_CONFIDENCE, fieldOverruled: true });
    expect(d.reasons.join('\n')).toMatch(/2025-01-14 alone is one glyph from it/);
    // A rereading of the dated line counts as one of its readings: here it adds a second candidate, and a clerk decides.
    const two = chooseDocDate({ ...base, rereadings: [[], [], [], [], [], ['2024年1月14日']] });
    expect(two.date).toBe('2023-01-14');
    expect(two.confidence).toBeLessThanOrEqual(0.5);
    // A field the form can bear is not overruled this way.
    expect(chooseDocDate({ ...base, earliest: '2023-01-01' }).date).toBe('2023-01-14');
    // Nor by a rereading of a clean dated line, one that only lost a glyph of it least of all (review of seed 130's fix)
    const clean = ['延长执行期限审批表', '审批日期 2035年3月5日', '北京市朝阳区人民法院', '2025年3月15日'];
    const overruled = chooseDocDate({ lines: clean, fieldDate: { name: 'approvalDate', value: '2035-03-05' }, earliest: '2025-01-01', latest: '2025-06-30', rereadings: [[], [], [], ['2025年3月5日']] });
    expect(overruled.date).not.toBe('2025-03-05');
    expect(overruled.date === '2025-03-15' || overruled.confidence <= IMPLAUSIBLE_DATE_CONFIDENCE).toBe(true);
    // the ] read as 1, where the form can bear it, is kept among the readings
    expect(chooseDocDate({ ...base, latest: '2025-12-31' })).toMatchObject({ date: '2025-01-14', alternatives: ['2025-11-14'] });
  });

  it('takes the dated line over a date field before an event the form recites above it, one digit apart (分流日期 2014.02.7, seed 47, held out)', () => {
    const lines = ['繁简分流审批表', '立案日期2014-02-10', '拟分流至简案〈快执)', '分流日期2014.02.7', '广东省深圳市福田区人民法院', '2014-02-17'];
    const d = chooseDocDate({ lines, fieldDate: { name: 'triageDate', value: '2014-02-07' }, earliest: '2014-01-01', latest: '2014-06-30' });
    expect(d).toMatchObject({ date: '2014-02-17', confidence: CLEAN_OVER_DAMAGED_CONFIDENCE, fieldOverruled: true });
    expect(d.reasons.join('\n')).toMatch(/cannot bear \(before 2014-02-10, which the form recites above it\)/);
    // a recital below the field, or one after the dated line too (a deadline), decides nothing
    const below = ['繁简分流审批表', '分流日期2014.02.7', '立案日期2014-02-10', '广东省深圳市福田区人民法院', '2014-02-17'];
    expect(chooseDocDate({ lines: below, fieldDate: { name: 'triageDate', value: '2014-02-07' } })).toMatchObject({ date: '2014-02-07', confidence: IMPLAUSIBLE_DATE_CONFIDENCE });
    const later = ['繁简分流审批表', '履行期限2014-02-20', '分流日期2014.02.7', '广东省深圳市福田区人民法院', '2014-02-17'];
    expect(chooseDocDate({ lines: later, fieldDate: { name: 'triageDate', value: '2014-02-07' } })).toMatchObject({ date: '2014-02-07', confidence: IMPLAUSIBLE_DATE_CONFIDENCE });
  });

  it('takes a clean signed date one digit from a field read with a ] taken for 1, which recites nothing later (seed 26)', () => {
    const d = chooseDocDate({ lines: ['分流日期2013年4月1]日', '立案日期2013年3月25日', '浙江省杭州市西湖区人民法院', '2013年4月1日'], fieldDate: { name: 'triageDate', value: '2013-04-11' } });
    expect(d.date).toBe('2013-04-01');
    expect(d.confidence).toBeGreaterThan(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(d.reasons.join(' ')).not.toMatch(/which the form recites/);
    // a recital read cleanly after the signed date still doubts it
    expect(chooseDocDate({ lines: ['分流日期2013年4月11日', '浙江省杭州市西湖区人民法院', '2013年4月1日'], fieldDate: null }).confidence).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
  });

  it('doubts a date read with a ] taken for 1 (1] was 1 as often as 11)', () => {
    const d = chooseDocDate({ lines: ['2024年1]月26日'], fieldDate: null });
    expect(d).toMatchObject({ date: '2024-11-26', confidence: 0.5 });
    expect(d.reasons.join(' ')).toMatch(/\] taken for 1/);
    expect(chooseDocDate({ lines: ['2024年11月26日'], fieldDate: null }).confidence).toBe(1);
    // a day cut short by a letter (1a目 for 13日, seed 6): the dated line of that month whose day
    // begins alike is taken; with none, the date is in doubt
    expect(findDates('立案日期2024年9月1a目\n2024年9月13日').map((d) => d.cutShort ?? false)).toEqual([true, false]);
    const cut = chooseDocDate({ lines: ['立案日期2024年9月1a目', '2024年9月13日'], fieldDate: { name: 'filingDate', value: '2024-09-01' } });
    expect(cut).toMatchObject({ date: '2024-09-13', confidence: CLEAN_OVER_DAMAGED_CONFIDENCE, fieldOverruled: true });
    expect(chooseDocDate({ lines: ['立案日期2024年9月1a目', '2024年10月13日'], fieldDate: { name: 'filingDate', value: '2024-09-01' } })).toMatchObject({ date: '2024-09-01', confidence: 0.5 });
    expect(chooseDocDate({ lines: ['2024年9月1日'], fieldDate: null }).confidence).toBe(1);
    // or by a Chinese glyph after a one-digit day, the 3 and 日 fused (2加 for 23日, seed 51, held out)
    const fused = chooseDocDate({ lines: ['到账日期2025年05月2加', '江西省龙南市人民法院', '2025年05月23日_'], fieldDate: { name: 'arrivalDate', value: '2025-05-02' } });
    expect(fused).toMatchObject({ date: '2025-05-23', fieldOverruled: true });
    // never a 日 misread (晶 for 日日, 旦), a two-digit day, or a day before 至
    expect(findDates('2025年05月2旦\n2024年7月15晶\n2025年5月2至6日\n2025年05月2加').map((d) => d.cutShort ?? false)).toEqual([false, false, false, true]);
    // 自 is 日 with a speck on top (2024年3月1自, seed 102, held out: a triage sheet waited for a clerk)
    expect(findDates('2024年3月1自').map((d) => [d.date, d.cutShort ?? false])).toEqual([['2024-03-01', false]]);
    // nor a one-digit day of 4 to 9, which no second digit makes a day (8有日, seed 61, held out)
    expect(findDates('2025年12月8有日\n2025年12月3有日\n2025年12月8a日').map((d) => d.cutShort ?? false)).toEqual([false, true, false]);
    expect(chooseDocDate({ lines: ['执行结案审批表', '审批日其2025年12月8日', '结案方式执行完毕', '2025年12月8有日'], fieldDate: null })).toMatchObject({ date: '2025-12-08', confidence: 1 });
    // the same date read cleanly on another line settles it (seed 7)
    const agreed = chooseDocDate({ lines: ['审批日期2025年9月1]日', '北京市朝阳区人民法院', '2025年9月11日'], fieldDate: { name: 'closingDate', value: '2025-09-11' } });
    expect(agreed).toMatchObject({ date: '2025-09-11', confidence: 1 });
    expect(agreed.reasons.join(' ')).toMatch(/line 3 reads it cleanly/);
  });

  it('takes the clean reading of two one digit apart when the other was read with a ] (seed 5)', () => {
    const lines = ['结案方式执行完毕', '审批日期20]4.2.15', '江苏省无锡市锡山区人民法院', '2014.9.15'];
    const d = chooseDocDate({ lines, fieldDate: { name: 'closingDate', value: '2014-02-15' } });
    expect(d).toMatchObject({ date: '2014-09-15', confidence: CLEAN_OVER_DAMAGED_CONFIDENCE });
    expect(d.reasons.join(' ')).toMatch(/the clean reading taken/);
    expect(d.fieldOverruled).toBe(true);
    // and a whole closing approval is filed with the clean date, its field corrected to match
    const page = classifyPage({ text: ['江苏省无锡市锡山区人民法院', '执行结案审批表', '案号:〈2014)锡山法执字第7477号', '申请执行人林淑珍', ...lines.slice(0, 2), '被执行人无锡新纪元纺织品有限公司', '审批意见同意结案', ...lines.slice(2)].join('\n') }, rules);
    expect(page).toMatchObject({ formType: 'closing_approval', date: '2014-09-15' });
    expect(page.fields.closingDate?.value).toBe('2014-09-15');
    expect(reviewReasons(page, 0.6)).toEqual([]);
    // both clean: no way to tell which is right, so a clerk decides
    const both = chooseDocDate({ lines: ['审批日期2014.2.15', '2014.9.15'], fieldDate: { name: 'closingDate', value: '2014-02-15' } });
    expect(both).toMatchObject({ date: '2014-02-15', confidence: IMPLAUSIBLE_DATE_CONFIDENCE });
    expect(both.fieldOverruled).toBeUndefined();
    // one clean reading the other less a glyph (3月1日 under the seal for 3月11日): the longer is taken
    const lost = chooseDocDate({ lines: ['分流日期2024年3月11日', '2024年3月1日'], fieldDate: { name: 'triageDate', value: '2024-03-11' } });
    expect(lost).toMatchObject({ date: '2024-03-11', confidence: CLEAN_OVER_DAMAGED_CONFIDENCE });
    const fieldLost = chooseDocDate({ lines: ['分流日期2024年3月1日', '2024年3月11日'], fieldDate: { name: 'triageDate', value: '2024-03-01' } });
    expect(fieldLost).toMatchObject({ date: '2024-03-11', confidence: CLEAN_OVER_DAMAGED_CONFIDENCE, fieldOverruled: true });
    // a day of two digits whose second the field lost (审批日期 2024年7月2日 over a signed 2024年7月29日:
    // seed 76, held out, the 2nd was filed unseen), and the other way round: the longer is taken
    const dayLost = chooseDocDate({ lines: ['审批日期| 2024年7月2日', '审批意见同意结案', '.广东省深圳市福田区人民法院', '2024年7月29日'], fieldDate: { name: 'closingDate', value: '2024-07-02' } });
    expect(dayLost).toMatchObject({ date: '2024-07-29', confidence: CLEAN_OVER_DAMAGED_CONFIDENCE, fieldOverruled: true });
    expect(chooseDocDate({ lines: ['审批日期 2024年7月29日', '2024年7月2日'], fieldDate: { name: 'closingDate', value: '2024-07-29' } })).toMatchObject({ date: '2024-07-29', confidence: CLEAN_OVER_DAMAGED_CONFIDENCE });
    // a month that lost a digit likewise (2024年1月5日 of 2024年11月5日); two readings two glyphs apart are no such pair
    expect(chooseDocDate({ lines: ['审批日期 2024年1月5日', '2024年11月5日'], fieldDate: { name: 'closingDate', value: '2024-01-05' } }).date).toBe('2024-11-05');
    expect(chooseDocDate({ lines: ['审批日期 2024年7月2日', '2024年7月31日'], fieldDate: { name: 'closingDate', value: '2024-07-02' } })).toMatchObject({ date: '2024-07-02', confidence: 1 });
    // the damaged reading on the dated line: the field stays, in doubt
    const line = chooseDocDate({ lines: ['审批日期2014.2.15', '20]4.9.15'], fieldDate: { name: 'closingDate', value: '2014-02-15' } });
    expect(line.date).toBe('2014-02-15');
    expect(line.confidence).toBeLessThan(0.6);
  });
});

describe('classifyPage with the document date checks', () => {
  it('sends a notice whose date contradicts its recital to review, with the reason', () => {
    const c = classifyPage({ text: [...NOTICE, '2024年11月1日'].join('\n') }, rules);
    expect(c.formType).toBe('execution_notice');
    expect(c.date).toBe('2024-11-01');
    expect(c.dateConfidence).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(reviewReasons(c, 0.6)).toContain('ocr_low_confidence');
    const ok = classifyPage({ text: [...NOTICE, '2024年11月13日'].join('\n') }, rules);
    expect(reviewReasons(ok, 0.6)).toEqual([]);
  });

  it('uses the scan day passed as latestDate', () => {
    const text = [...NOTICE.slice(0, 4), '二〇三四年十一月十三日'].join('\n');
    expect(classifyPage({ text }, rules).dateConfidence).toBe(1);
    // after the scan day: read as the nearest date within the case's year and the scan day
    expect(classifyPage({ text }, rules, { latestDate: '2026-11-23' })).toMatchObject({ date: '2024-11-13', dateConfidence: GARBLED_DATE_CONFIDENCE });
  });
});

describe('a signing date the OCR stage read again with another result', () => {
  it('is doubted when its own line was read again as another date, and only then', () => {
    const lines = ['江西省龙南市人民法院', '2024年9月5日'];
    // GIVEN the line read again as 8月5日 (ocr/date-line.ts checkDateLine, seed 9)
    const doubted = chooseDocDate({ lines, fieldDate: null, rereadings: [[], ['2024年明5日', '2024年8月5日']] });
    expect(doubted.date).toBe('2024-09-05');
    expect(doubted.confidence).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(doubted.reasons.join('\n')).toMatch(/date 2024-09-05 at line 2 was read again as 2024年8月5日: uncertain/);
    // readings of another line, or readings without another date, doubt nothing
    expect(chooseDocDate({ lines, fieldDate: null, rereadings: [['2024年8月5日'], []] }).confidence).toBe(1);
    expect(chooseDocDate({ lines, fieldDate: null, rereadings: [[], ['2024年明5日', '2024年9月5日']] }).confidence).toBe(1);
  });

  it('takes no recital of another event for a second reading of the signed date (seed 90, held out)', () => {
    // GIVEN a 限制高消费令 reciting its filing day 五月二十日, signed 五月三十日 read 五月=十日 (= as 二)
    // and read again 三十日
    const lines = ['江苏省无锡市锡山区人民法院', '本院于二〇二四年五月二十日立案执行申请执行人徐建军申请执行你单位)租', '江苏省无锡市锡山区人民法院', '二O二四年五月=十日'];
    const rereadings = [[], [], [], ['二O=四年五月三十日', '二〇二四年五月三十日']];
    const doubted = chooseDocDate({ lines, fieldDate: null, rereadings });
    expect(doubted).toMatchObject({ date: '2024-05-20', confidence: IMPLAUSIBLE_DATE_CONFIDENCE, alternatives: ['2024-05-30'] });
    // a line giving the form's own date (a field) still counts as a second reading
    const field = ['审批日期 二〇二四年五月二十日', ...lines.slice(2)];
    expect(chooseDocDate({ lines: field, fieldDate: null, rereadings: [[], [], ['二〇二四年五月三十日']] })).toMatchObject({ date: '2024-05-20', confidence: 1 });
  });

  it('takes no filing day in a table for a second reading of the signed date, unless it is the form\'s date field (seed 124, held out)', () => {
    // GIVEN an extension approval filed 2025-02-20, signed 2025-02-26, read 2025-02-20 and again 02-26 twice
    const lines = ['延长执行期限审批表', '立案日期2025-02-20', '延长期限3个月', '江西省龙南市人民法院', '2025-02-20'];
    const rereadings = [[], [], [], [], ['2025-02-26', '2025-02:26']];
    const d = chooseDocDate({ lines, fieldDate: null, rereadings });
    expect(d).toMatchObject({ date: '2025-02-20', confidence: IMPLAUSIBLE_DATE_CONFIDENCE, alternatives: ['2025-02-26'] });
    // on a filing approval, whose date field 立案日期 is, the line is a second reading (kept as before)
    expect(chooseDocDate({ lines, fieldDate: null, rereadings, fieldLabels: ['立案日期'] }).confidence).toBe(1);
  });

  it('doubts a date two lines read alike when the signed line was read again as it plus a glyph (seed 60, held out)', () => {
    // GIVEN 审批日期 and the signed line both read 2025年8月1日, the signed line read again 8月11日
    const lines = ['审批日期2025年8月1日', '江苏省无锡市锡山区人民法院', '2025年8月1日'];
    const fieldDate = { name: 'closingDate', value: '2025-08-01' };
    const doubted = chooseDocDate({ lines, fieldDate, rereadings: [[], [], ['2025年8月11日']] });
    expect(doubted).toMatchObject({ date: '2025-08-01', confidence: IMPLAUSIBLE_DATE_CONFIDENCE, alternatives: ['2025-08-11'] });
    expect(doubted.reasons.join('\n')).toMatch(/read again as 2025年8月11日, the same plus a glyph: uncertain/);
    // read again as another date that is not it plus a glyph: the two lines agreeing stand, the reading kept aside
    expect(chooseDocDate({ lines, fieldDate, rereadings: [[], [], ['2025年9月1日']] })).toMatchObject({ date: '2025-08-01', confidence: 1, alternatives: ['2025-09-01'] });
  });

  it('takes the reading two rereadings agree on when the one taken is it less a glyph (seed 52, held out)', () => {
    // GIVEN a 终本 ruling signed 2025年8月1日 whose line was read again 8月11日 twice (and once with a ])
    const lines = ['浙江省杭州市西湖区人民法院', '2025年8月1日'];
    const taken = chooseDocDate({ lines, fieldDate: null, rereadings: [[], ['，2025年8月]11日', '2025年8月11日', '.2025年8月11日']] });
    expect(taken).toMatchObject({ date: '2025-08-11', confidence: CLEAN_OVER_DAMAGED_CONFIDENCE, alternatives: ['2025-08-01'] });
    expect(taken.reasons.join('\n')).toMatch(/read again twice as 2025年8月 ?11日, the same less a glyph: the longer reading taken/);
    // read so once only, or as a date that is not it plus a glyph (8月21日 twice): a clerk decides
    expect(chooseDocDate({ lines, fieldDate: null, rereadings: [[], ['2025年8月11日']] })).toMatchObject({ date: '2025-08-01', confidence: IMPLAUSIBLE_DATE_CONFIDENCE });
    expect(chooseDocDate({ lines: ['浙江省杭州市西湖区人民法院', '2025年8月12日'], fieldDate: null, rereadings: [[], ['2025年8月21日', '2025年8月21日']] })).toMatchObject({ date: '2025-08-12', confidence: IMPLAUSIBLE_DATE_CONFIDENCE });
  });

  it('is doubted by a reading that holds a glyph more (the full page lost it; a ] in the day counts), not by one that only lost glyphs or read a ] as 1 in the month', () => {
    const at = (full: string, alt: string): number => chooseDocDate({ lines: ['上海市浦东新区人民法院', full], fieldDate: null, rereadings: [[], [alt]] }).confidence;
    // seeds 5 and 8: 7月3日 read again 7月31日, 9月1日 as 9月11日 — the full page lost a glyph
    expect(at('2024年7月3日', '2024年7月31日')).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(at('2024年9月1日', '2024年9月11日')).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    // seed 10: 11月19日 read again 1月19日, 2024.3.11 as 2024.3.1, 二月二十四日 as 二月二日 — the second reading lost glyphs
    expect(at('2014年11月19日', '2014年1月19日')).toBe(1);
    expect(at('2024.3.11', '2024.3.1')).toBe(1);
    expect(at('二〇二五年二月二十四日', '二〇二五年二月二日')).toBe(1);
    // seed 5: 2024年4月1日 read again 2024年4月1]日 — the reread was wrong there, but right on seed 159
    // (held out: 6月1日 read again 6月1]日 for 6月11日, filed ten days early unseen): a clerk decides
    expect(at('2024年4月1日', '2024年4月1]日')).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    // seeds 62-63: a ] in the month, the day read alike (1月10日 read again 1]月10日), says nothing either
    expect(at('2025年1月10日', '2025年1]月10日')).toBe(1);
    // unless the day, clean, is the day taken plus a glyph (11月1日 read again 1]月11日: seed 63, held out)
    expect(at('2024年11月1日', '2024年1]月11日')).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
  });

  it('is not doubted by a reading whose two-digit day came back one digit and unclosed (seed 40, held out)', () => {
    const at = (full: string, alt: string): number => chooseDocDate({ lines: ['浙江省杭州市西湖区人民法院', full], fieldDate: null, rereadings: [[], [alt]] }).confidence;
    // an appraisal approval signed 2025年4月25日, read again 2025年4月1=|: the day's glyphs were lost
    expect(at('. 2025年4月25日', '2025年4月1=|')).toBe(1);
    // a closed reading of another day, a cut-off day of another month, or a one-digit day cut
    // off (5有日 for 3日: seed 40, the reread was right) still doubt
    expect(at('2025年4月25日', '2025年4月1日')).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(at('2025年4月25日', '2025年5月1=|')).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    expect(at('2024年12月3日', '2024年12月5有日')).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
  });

  it('is not doubted when another line of the form reads the same date, even garbled (seed 16, held out)', () => {
    // a search referral: 移送日期 2025年2及17日 in its table, signed 2025年2月17日, read again 2025年7月7日
    const lines = ['财产查控移送表', '移送日期2025年2及17日', '江西省龙南市人民法院', '2025年2月17日'];
    const rereadings = [[], [], [], ['2025年7月7日-']];
    const kept = chooseDocDate({ lines, fieldDate: null, rereadings, earliest: '2025-01-01', latest: '2025-08-01' });
    expect(kept).toMatchObject({ date: '2025-02-17', confidence: 1 });
    expect(kept.reasons.join('\n')).toMatch(/was read again as 2025年7月7日, but line 2 reads 2025-02-17 too: kept/);
    // the table's line read cleanly counts as well; a table line of another date does not
    expect(chooseDocDate({ lines: [lines[0]!, '移送日期2025年2月17日', lines[2]!, lines[3]!], fieldDate: null, rereadings }).confidence).toBe(1);
    expect(chooseDocDate({ lines: [lines[0]!, '移送日期2025年2月16日', lines[2]!, lines[3]!], fieldDate: null, rereadings, earliest: '2025-01-01', latest: '2025-08-01' }).confidence).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
  });

  it('is not doubted by a reading the form cannot be dated on (before its case\'s year, after the scan day, before an event it recites)', () => {
    const lines = ['立案日期2015-03-02', '广东省深圳市福田区人民法院', '2015-03-11'];
    const at = (alt: string): number => chooseDocDate({ lines, fieldDate: null, rereadings: [[], [], [alt]], earliest: '2015-01-01', latest: '2015-03-20' }).confidence;
    // seed 13 (held out): a 2015 triage sheet's 2015-03-11 read again 2012-03-11, and
    // 二〇二四 read again 二O一四 on a 2024 notice: a year before the case's
    expect(at('2012-03-11')).toBe(1);
    expect(at('2015-03-01')).toBe(1); // before the filing date the form recites
    expect(at('2015-08-11')).toBe(1); // after the scan day
    expect(at('2015-03-17')).toBe(IMPLAUSIBLE_DATE_CONFIDENCE); // a date the form could bear
    // without a case year, a scan day or a recital, every other reading doubts
    expect(chooseDocDate({ lines: lines.slice(1), fieldDate: null, rereadings: [[], ['2012-03-11']] }).confidence).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
  });

  it('reaches the classification through the lines\' alternatives and sends the form to review', () => {
    const text = [...NOTICE, '江西省龙南市人民法院', '2024年11月13日'];
    const lines = text.map((t, i) => ({ text: t, confidence: 90, ...(i === text.length - 1 ? { alternatives: ['2024年11月18日'] } : {}) }));
    const c = classifyPage({ text: text.join('\n'), lines }, rules);
    expect(c.date).toBe('2024-11-13');
    expect(reviewReasons(c, 0.6)).toContain('ocr_low_confidence');
    expect(reviewReasons(classifyPage({ text: text.join('\n'), lines: text.map((t) => ({ text: t, confidence: 90 })) }, rules), 0.6)).toEqual([]);
  });
});

describe('the other readings that doubt a date', () => {
  it('are named: the ] as a speck, the other of two readings one digit apart, a second reading of the line', () => {
    expect(chooseDocDate({ lines: ['立案日期 2024征11月5日', '2024年1]月21日'], fieldDate: null })).toMatchObject({ date: '2024-11-21', confidence: 0.5, alternatives: ['2024-01-21'] });
    expect(chooseDocDate({ lines: ['查询日期 2024.8.20', '2024.8.26'], fieldDate: { name: 'feedbackDate', value: '2024-08-20' } }).alternatives).toEqual(['2024-08-26']);
    expect(chooseDocDate({ lines: ['江西省龙南市人民法院', '2024年9月5日'], rereadings: [[], ['2024年8月5日']], fieldDate: null }).alternatives).toEqual(['2024-08-05']);
    // a date in no doubt names none
    expect(chooseDocDate({ lines: ['2024年11月21日'], fieldDate: null }).alternatives).toBeUndefined();
  });
});

describe('a date on a day off', () => {
  const calendar = createCalendar(loadCalendarYears());
  // seed 169, held out: a transfer sheet's 移送日期 and signed line both read 2024.7.20 for
  // 2024.7.26, a Saturday, and the sheet was filed unseen.
  const SHEET = ['广东省深圳市福田区人民法院', '案件流转审批表', '案号:(2024)粤0304执7158号', '被执行人郭春生', '接收团队精执团队', '移送日期2024.7.20', '流转原因需进一步采取强制措施', '请接收团队及时接收并办理。', '2024.7.20'];

  it('is doubted on a form the court signs on working days only, however cleanly read', () => {
    const d = chooseDocDate({ lines: ['移送日期2024.7.20', '2024.7.20'], fieldDate: { name: 'transferDate', value: '2024-07-20' }, workingDaysOnly: true, isWorkingDay: calendar.isWorkingDay, knowsDaysOff: calendar.covers });
    expect(d).toMatchObject({ date: '2024-07-20', confidence: IMPLAUSIBLE_DATE_CONFIDENCE });
    expect(d.reasons.join('\n')).toMatch(/2024-07-20 is a day off/);
    // 2025-10-01 is National Day, a Wednesday: the holiday calendar decides, not the weekday
    expect(chooseDocDate({ lines: ['江苏省无锡市锡山区人民法院', '2025年10月1日'], fieldDate: null, workingDaysOnly: true, isWorkingDay: calendar.isWorkingDay, knowsDaysOff: calendar.covers }).confidence).toBe(IMPLAUSIBLE_DATE_CONFIDENCE);
    // a working day, and a Saturday the State Council made one (调休: 2024-09-29), stand
    expect(chooseDocDate({ lines: ['移送日期2024.7.26', '2024.7.26'], fieldDate: { name: 'transferDate', value: '2024-07-26' }, workingDaysOnly: true, isWorkingDay: calendar.isWorkingDay, knowsDaysOff: calendar.covers }).confidence).toBe(1);
    expect(chooseDocDate({ lines: ['2024年9月29日'], fieldDate: null, workingDaysOnly: true, isWorkingDay: calendar.isWorkingDay, knowsDaysOff: calendar.covers }).confidence).toBe(1);
    // nor in a year the calendar has no data for: 2015-01-04, a Sunday, was a 调休 working day
    expect(chooseDocDate({ lines: ['2015年1月4日'], fieldDate: null, workingDaysOnly: true, isWorkingDay: calendar.isWorkingDay, knowsDaysOff: calendar.covers }).confidence).toBe(1);
    // a date already in doubt is marked too, so that nothing settles it on the day off
    const doubted = chooseDocDate({ lines: ['移送日期2024.7.20', '2024.1.20'], fieldDate: { name: 'transferDate', value: '2024-07-20' }, workingDaysOnly: true, isWorkingDay: calendar.isWorkingDay, knowsDaysOff: calendar.covers });
    expect(doubted).toMatchObject({ date: '2024-07-20', confidence: IMPLAUSIBLE_DATE_CONFIDENCE, onDayOff: true });
    // a form that may be dated on a day off is not doubted for it
    expect(chooseDocDate({ lines: ['移送日期2024.7.20', '2024.7.20'], fieldDate: { name: 'transferDate', value: '2024-07-20' }, isWorkingDay: calendar.isWorkingDay, knowsDaysOff: calendar.covers }).confidence).toBe(1);
  });

  it('sends a transfer sheet to review, and not an onsite record made on a Saturday (datedOnDaysOff in the rules)', () => {
    const days = { isWorkingDay: calendar.isWorkingDay, knowsDaysOff: calendar.covers };
    const sheet = classifyPage({ text: SHEET.join('\n') }, rules, days);
    expect(sheet).toMatchObject({ formType: 'transfer_sheet', date: '2024-07-20' });
    expect(reviewReasons(sheet, 0.6)).toContain('ocr_low_confidence');
    expect(sheet.dateOnDayOff).toBe(true);
    const onsite = ['广东省深圳市福田区人民法院', '现场调查笔录', '案号:(2024)粤0304执7158号', '时间:2024年7月20日上午9时', '地点:深圳市福田区福华路8号', '调查人:顾新华、刘洋', '被调查人:郭春生', '问:你名下有哪些财产?', '答:没有。'];
    const record = classifyPage({ text: onsite.join('\n') }, rules, days);
    expect(record).toMatchObject({ formType: 'onsite_investigation', date: '2024-07-20' });
    expect(reviewReasons(record, 0.6)).toEqual([]);
  });
});
