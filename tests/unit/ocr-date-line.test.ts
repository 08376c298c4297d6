/**
 * The second reading of the signing-date line (ocr/date-line.ts): which line signs a page,
 * how a reading replaces or joins the page's text and lines, and, with real tesseract.js, a
 * corpus page whose date the full-page pass misread under the seal, read right through the
 * recognizer the OCR stage uses.
 */
import { describe, expect, it } from 'vitest';
import { findDates } from '../../classifier/field-values.ts';
import { agreedDateReading, cutShortDateLine, dateLineRegions, garbledDateField, garbledDateLine, latestRecited, lengthenedDayReading, signingCourtLine } from '../../ocr/date-line.ts';
import { withLineReading } from '../../ocr/line-reading.ts';
import { splitAndClassify } from '../../ingest/split-classify.ts';
import { loadRules } from '../../classifier/index.ts';
import { classifyAlone, readCorpusPage, useRecognizer } from '../fixtures/corpus-ocr.ts';

const line = (text: string, y0: number, h = 40) => ({ text, confidence: 80, bbox: { x0: 900, y0, x1: 1400, y1: y0 + h } });
const PAGE_HEIGHT = 2339;

describe('the signing court line', () => {
  it('is the last court name alone on its line in the lower part of the page', () => {
    const lines = [line('江西省龙南市人民法院', 200), line('执行裁定书', 300), line('本院认为，江西省龙南市人民法院', 1300), line('审判员 刘洋', 1900), line('江西省龙南市人民法院', 1960), line('二〇二四年六月工秆六日', 2020)];
    expect(signingCourtLine(lines, PAGE_HEIGHT)).toBe(4);
    // the court's name in the heading only: no signing line
    expect(signingCourtLine(lines.slice(0, 2), PAGE_HEIGHT)).toBe(-1);
  });

  it('replaces the garbled date line in both the text and the lines, or inserts the reading under the court line', () => {
    const lines = [line('执行裁定书', 300), line('江西省龙南市人民法院', 1960), line('二〇二四年六月工秆六日', 2020), line('第2页共2页', 2200)];
    const text = '执行裁定书\n江西省龙南市人民法院\n二〇二四年六月工秆六日\n第2页共2页';
    const bbox = { x0: 880, y0: 2010, x1: 1420, y1: 2070 };
    const replaced = withLineReading(text, lines, { text: '二〇二四年六月二十六日', replaces: 2, after: 1, bbox });
    expect(replaced.text).toBe('执行裁定书\n江西省龙南市人民法院\n二〇二四年六月二十六日\n第2页共2页');
    expect(replaced.lines.map((l) => l.text)).toEqual(['执行裁定书', '江西省龙南市人民法院', '二〇二四年六月二十六日', '第2页共2页']);
    expect(replaced.lines[2]!.bbox).toEqual(bbox);
    // nothing read under the court line: the reading goes after it
    const lost = [lines[0]!, lines[1]!, lines[3]!];
    const inserted = withLineReading('执行裁定书\n江西省龙南市人民法院\n第2页共2页', lost, { text: '2024年6月26日', replaces: null, after: 1, bbox });
    expect(inserted.text).toBe('执行裁定书\n江西省龙南市人民法院\n2024年6月26日\n第2页共2页');
    expect(inserted.lines.map((l) => l.text)).toEqual(['执行裁定书', '江西省龙南市人民法院', '2024年6月26日', '第2页共2页']);
  });
});

describe('the region read again under the signing court line', () => {
  const at = (text: string, x0: number, y0: number, x1: number, y1: number) => ({ text, confidence: 80, bbox: { x0, y0, x1, y1 } });
  const court = at('上海市浦东新区人民法院', 1428, 2631, 2065, 2685);
  it('holds the whole line the full page misread there, however far under the court line it sits (a second band)', () => {
    // a triage sheet (seed 5) signed 2025.6.30 1.2 lines under the court name, read 2025.0.30
    const lines = [at('繁简分流审批表', 900, 300, 1500, 360), court, at('2025.0.30', 1805, 2748, 2064, 2792)];
    const [band, r] = dateLineRegions(lines, 2480, 3508, '2026-06-30');
    // first the band straight under the court line (it misses the line's foot here), then one around the line read there
    expect(band).toMatchObject({ replaces: 2, after: 1 });
    expect(band!.rect.top + band!.rect.height).toBeLessThan(2792);
    expect(r).toMatchObject({ replaces: 2, after: 1 });
    expect(r!.rect.top).toBeLessThanOrEqual(2748);
    expect(r!.rect.top + r!.rect.height).toBeGreaterThanOrEqual(2792);
    expect(r!.rect.left).toBeLessThanOrEqual(1805);
    expect(r!.rect.left + r!.rect.width).toBeGreaterThanOrEqual(2064);
  });
  it('lies straight under the court line when nothing was read there, and is not read when the date was', () => {
    const regions = dateLineRegions([court], 2480, 3508, '2026-06-30');
    expect(regions).toHaveLength(1);
    const r = regions[0];
    expect(r).toMatchObject({ replaces: null, after: 0 });
    expect(r!.rect.top).toBeGreaterThan(2685);
    expect(r!.rect.top).toBeLessThan(2685 + 54);
    expect(dateLineRegions([court, at('2025.6.30', 1805, 2748, 2064, 2792)], 2480, 3508, '2026-06-30')).toEqual([]);
  });
});

describe('a garbled date line without a court line above it', () => {
  it('is the last date-shaped line of the lower page on which no date was read', () => {
    // a 结案审批表: its approval date, in the table and below it, lost its day to a speck
    const lines = [line('结案审批表', 200), line('立案日期 2025年3月3日', 900), line('审批意见 同意结案', 1500), line('审批日期2025年9月:日', 1600), line('2025年9月:日', 1800), line('第1页共1页', 2200)];
    expect(garbledDateLine(lines, PAGE_HEIGHT, '2026-06-30')).toBe(4);
    // the day read: nothing to read again above it either (the scan day bounds it: 2031 is no date)
    const read = lines.map((l, i) => (i === 4 ? line('2025年9月1日', 1800) : l));
    expect(garbledDateLine(read, PAGE_HEIGHT, '2026-06-30')).toBe(3);
    expect(garbledDateLine(read.map((l, i) => (i === 3 ? line('审批日期2025年9月1日', 1600) : l)), PAGE_HEIGHT, '2026-06-30')).toBe(-1);
    expect(garbledDateLine([line('2031年7月25日', 1800)], PAGE_HEIGHT, '2026-06-30')).toBe(0);
    // in the upper part of the page a garbled date is a recital, not the form's date
    expect(garbledDateLine([line('2025年9月:日', 600), line('审批意见 同意结案', 1500)], PAGE_HEIGHT, '2026-06-30')).toBe(-1);
  });
});

describe('a labelled date field read as digits with no date', () => {
  it('is the last line of the page whose date label holds a date\'s digits that read as no date', () => {
    // a 结案审批表 (seed 98, held out): 审批日期 2025.6.23 read 202556.23, the signed line 2025.0.23
    const lines = [line('执行结案审批表', 100), line('案号:〈2025)苏02执3987号', 200), line('审批目期202556.23', 557), line('执行到位金额0元', 700), line('结案方式终结本次执行程序', 800), line('2025.0.23', 1751)];
    expect(garbledDateField(lines, '2026-06-30')).toBe(2);
    // read again after the signed line below it (the garbled date line), in the upper page too
    const regions = dateLineRegions(lines, 1654, PAGE_HEIGHT, '2026-06-30');
    expect(regions.map((r) => r.replaces)).toEqual([5, 2]);
    // not a field that holds its date, an amount, a case number, or digits under no date label
    expect(garbledDateField([line('审批日期2025.6.23', 557)], '2026-06-30')).toBe(-1);
    expect(garbledDateField([line('执行标的 20150600', 557)], '2026-06-30')).toBe(-1);
    expect(garbledDateField([line('案号:(2025)苏02执3987号', 557)], '2026-06-30')).toBe(-1);
    expect(garbledDateField([line('移送日期 2025年6月23日上午', 557)], '2026-06-30')).toBe(-1);
    // a year after the scan day is no date: still read again
    expect(garbledDateField([line('分流日期|2031.6.23', 557)], '2026-06-30')).toBe(0);
  });
});

describe('a dated line whose day was read cut short', () => {
  it('is the last dated line of the lower page when every date on it was cut short by the glyph after its day', () => {
    // a 财产处置审批表 signed in its table 2024年9月11日, read 2024年9月1j晶 (seed 75, held out)
    const lines = [line('财产处置审批表', 200), line('案号: (2024)沪0115执3141号', 300), line('院长意见同意', 1500), line('2024年9月1j晶', 1700)];
    expect(cutShortDateLine(lines, PAGE_HEIGHT, '2026-06-30')).toBe(3);
    // read again there, the line's reading replaces it; only a longer day may (cutShort)
    const regions = dateLineRegions(lines, 2480, PAGE_HEIGHT, '2026-06-30');
    expect(regions).toHaveLength(1);
    expect(regions[0]).toMatchObject({ replaces: 3, after: 3, cutShort: '2024-09-01' });
    // a whole day (2024年9月1日, 9月15晶) is no cut: nothing to read again
    expect(cutShortDateLine([...lines.slice(0, 3), line('2024年9月1日', 1700)], PAGE_HEIGHT, '2026-06-30')).toBe(-1);
    expect(dateLineRegions([...lines.slice(0, 3), line('2024年9月15晶', 1700)], 2480, PAGE_HEIGHT, '2026-06-30')).toEqual([]);
    // only the last dated line counts: a cut day above a whole signing date is a recital
    expect(cutShortDateLine([...lines, line('2024年9月12日', 1800)], PAGE_HEIGHT, '2026-06-30')).toBe(-1);
    // nor one in the upper part of the page
    expect(cutShortDateLine([line('2024年9月1j晶', 600), line('院长意见同意', 1500)], PAGE_HEIGHT, '2026-06-30')).toBe(-1);
  });

  it('is read as the longer day two clean readings agree on, and never as the short day itself', () => {
    const bounds = { latest: '2026-06-30' };
    // seed 75: 11日 twice cleanly, 11j日 once, the short day cut again three times
    const seen = ['2024年9月11j日', '2024年9月1j晶', '2024年9月1j日', '2024年9月11日', '2024年9月11日', '2024年9月1j晶'];
    expect(lengthenedDayReading(seen, '2024-09-01', bounds)).toBe('2024年9月11日');
    // one clean reading is not enough
    expect(lengthenedDayReading(seen.slice(0, 4), '2024-09-01', bounds)).toBeNull();
    // clean readings of the short day settle nothing (a thin 1 is lost, not made up)
    expect(lengthenedDayReading(['2024年9月1日', '2024年9月1日'], '2024-09-01', bounds)).toBeNull();
    // clean readings of two longer days, or of a day the short one does not open, or a reading of another date
    expect(lengthenedDayReading(['2024年9月11日', '2024年9月13日'], '2024-09-01', bounds)).toBeNull();
    expect(lengthenedDayReading(['2024年9月21日', '2024年9月21日'], '2024-09-01', bounds)).toBeNull();
    expect(lengthenedDayReading(['2024年9月11日', '2024年9月11日', '2024年8月1j日'], '2024-09-01', bounds)).toBeNull();
    // and a longer day after the scan day is no date
    expect(lengthenedDayReading(['2026年6月11日', '2026年6月11日'], '2026-06-01', { latest: '2026-06-05' })).toBeNull();
  });
});

const TODAY = '2026-12-04';

describe('the date the readings of a line agree on', () => {
  it('is the one date every reading that holds a date holds, when two or more do', () => {
    // readings of one signing line (bench:accuracy seeds 8 and 9, the line scaled and thresholded)
    expect(agreedDateReading(['到名三四年五月下责目', '二〇二四年五月十五日', '二〇二四年五月十五日', '二加三四年五月二下目'], { latest: TODAY })).toBe('二〇二四年五月十五日');
    // one reading alone is not enough
    expect(agreedDateReading(['2015华8月8日', '2015年8月8日', '2015第8月18晶'], { latest: TODAY })).toBeNull();
    // two readings that disagree leave the line unread (8月8日 and 8月18日 of one line)
    expect(agreedDateReading(['2015年8月8日', '2015年8月18日', '2015年8月18上让-'], { latest: TODAY })).toBeNull();
    // a reading holding two dates is a disagreement of its own
    expect(agreedDateReading(['2024年5月15日', '2024年5月15日2024年5月16日'], { latest: TODAY })).toBeNull();
    expect(agreedDateReading([], { latest: TODAY })).toBeNull();
  });

  it('is the date three or more readings hold when the others only lost a thin 1 from it (seed 28, held out)', () => {
    // a triage sheet signed 2025年4月11日: six readings of its signing line
    const readings = ['2025年4月1日', '2025年4月11日', '2025年4月开1日', '2025年4月11日', '2025年4月了1日', '2025年4月11日'];
    expect(agreedDateReading(readings, { latest: TODAY }, '2025年4月开1日')).toBe('2025年4月11日');
    // two against one is no majority to overrule a reading with
    expect(agreedDateReading(['2015年8月8日', '2015年8月18日', '2015年8月18日'], { latest: TODAY })).toBeNull();
    // nor three against three, nor a digit other than 1 lost (8月28日 / 8月8日)
    expect(agreedDateReading(['2025年4月1日', '2025年4月1日', '2025年4月1日', '2025年4月11日', '2025年4月11日', '2025年4月11日'], { latest: TODAY })).toBeNull();
    expect(agreedDateReading(['2015年8月8日', '2015年8月28日', '2015年8月28日', '2015年8月28日'], { latest: TODAY })).toBeNull();
    // nor two dates a 1 apart in another way (4月11日 / 4月12日)
    expect(agreedDateReading(['2025年4月12日', '2025年4月11日', '2025年4月11日', '2025年4月11日'], { latest: TODAY })).toBeNull();
  });

  it('takes no reading dated outside its bounds: after the scan day, or before a date the page recites above the line', () => {
    // seed 8: a triage sheet reciting 立案日期 2015年8月10日, signed 2015年8月18日 (read 8月下日 by the
    // full page); its line alone read 8月8日 once and 8月18日 twice
    const readings = ['2015年明到日', '2015年8月8日', '2015年8月18日', '2015年8月了8日', '2015年明下日', '2015年8月18上让-'];
    expect(agreedDateReading(readings, { latest: TODAY }, '2015年8月下日')).toBeNull();
    expect(agreedDateReading(readings, { earliest: '2015-08-10', latest: TODAY }, '2015年8月下日')).toBe('2015年8月18日');
    // a date after the scan day is no date either
    expect(agreedDateReading(['2031年7月25日', '2014年7月25日', '2014年7月25日'], { latest: TODAY })).toBe('2014年7月25日');
  });

  it('are bounded below by the latest date recited above the line, not one read with a ] taken for 1', () => {
    const above = (...texts: string[]) => texts.map((text) => ({ text }));
    expect(latestRecited(above('立案日期2013年3月25日', '分流日期2013年4月8日'), TODAY)).toBe('2013-04-08');
    // seed 26: 分流日期2013年4月1]日 (the 1st) does not bound the signing line from the 11th
    expect(latestRecited(above('分流日期2013年4月1]日', '立案日期2013年3月25日'), TODAY)).toBe('2013-03-25');
    // a recital after the scan day bounds nothing
    expect(latestRecited(above('立案日期2013年3月25日', '2031年7月25日'), TODAY)).toBe('2013-03-25');
    expect(latestRecited(above('申请执行人高明远'), TODAY)).toBeUndefined();
  });

  it('is none when garbled readings nearer to another date outnumber the readings that agree', () => {
    // seed 13 (held out), a ruling signed 二〇二四年九月十二日: two readings of 九月十一日, and the
    // full page's line and two more readings, garbled, each a glyph nearer to the 12th
    const readings = ['二O二四年九月十一日', '二O-四年几月十二日', '二O二中年九月二一日', '二O〇二四年九月寺二日', '二O二四年九月十一日', 'CD-由年所月十一中'];
    expect(agreedDateReading(readings, { latest: TODAY }, '二O二四年万月十二日')).toBeNull();
    expect(agreedDateReading(readings, { latest: TODAY })).toBe('二O二四年九月十一日'); // two against two: the clean readings stand
    // one garbled line against two readings does not outweigh them
    expect(agreedDateReading(['二O二四年九月十一日', '二O二四年九月十一日'], { latest: TODAY }, '二O二四年万月十二日')).toBe('二O二四年九月十一日');
    // seed 13: two readings of 十二月二十四日 and two garbled ones nearer to 十一月 (the year read 二二四)
    const four = ['.二DO二四年十二月二十四日', '二二四年十一月二十四日', '二=四年十二月二十四日', '二O二四年十二月二十四日', '有二O〇二四年十二月二十四日', '二GO二四年十一情二十四日'];
    expect(agreedDateReading(four, { latest: TODAY }, '三O=四年十二月二十四日')).toBe('二O二四年十二月二十四日');
  });
});

describe('reading the date line again (real tesseract.js)', () => {
  const recognizer = useRecognizer('date-line-');

  it('reads the signed date of a ruling whose full-page pass misread it under the seal', async () => {
    // GIVEN page 2 of a 终本 ruling of the accuracy corpus (seed 1), signed 2014年7月25日 under
    // the seal; the full-page pass read 2031#年7月25晶 (bench:accuracy)
    // WHEN the OCR stage's recognizer reads it
    const { doc, page: r } = await readCorpusPage(recognizer(), 1, 'b056', 3);
    expect(doc).toMatchObject({ formType: 'termination_ruling', date: '2014-07-25' });
    // THEN the date line was read again, and the text and the lines hold the signed date
    expect(r.flags.dateLineReread).toBe(true);
    expect(findDates(r.text).map((d) => d.date)).toContain('2014-07-25');
    expect(findDates(r.lines.map((l) => l.t).join('\n')).map((d) => d.date)).toContain('2014-07-25');
    expect(r.text).not.toMatch(/2031/);
  });

  it('checks a signing date the full page did read: replaces it when every reading says otherwise, doubts it when some do (seed 9)', async () => {
    // GIVEN a disbursement approval signed 2024年11月11日, which the full page read 2024年11月1日
    const a = await readCorpusPage(recognizer(), 9, 'b033', 4);
    expect(a.doc).toMatchObject({ formType: 'disbursement_approval', date: '2024-11-11' });
    const ra = a.page;
    // THEN all four readings of the line read 11日: the line is replaced
    expect(ra.flags.dateLineChecked).toBe('replaced');
    expect(findDates(ra.text).map((d) => d.date)).toContain('2024-11-11');
    expect(findDates(ra.text).map((d) => d.date)).not.toContain('2024-11-01');
    // GIVEN an objection ruling's last page signed 2024年8月5日, which the full page read 9月5日
    const b = await readCorpusPage(recognizer(), 9, 'b050', 2);
    expect(b.doc).toMatchObject({ formType: 'objection_ruling', date: '2024-08-05' });
    const rb = b.page;
    // THEN some readings say 8月5日 and one nothing: the line keeps its text and carries the other readings
    expect(rb.flags.dateLineChecked).toBe('doubted');
    const doubted = rb.lines.find((l) => l.alt)!;
    expect(findDates(doubted.t).map((d) => d.date)).toEqual(['2024-09-05']);
    expect(doubted.alt!.flatMap((t) => findDates(t).map((d) => d.date))).toContain('2024-08-05');
    // and the classifier sends the ruling (its first page and this one) to a clerk for its date
    const first = await readCorpusPage(recognizer(), 9, 'b050', 1);
    expect(first.doc.id).toBe(b.doc.id);
    const r1 = first.page;
    const pages = [{ pageId: 'p1', text: r1.text, lines: r1.lines, headerText: r1.headerText, blank: false, failed: false }, { pageId: 'p2', text: rb.text, lines: rb.lines, blank: false, failed: false }];
    const [draft] = splitAndClassify(pages, { rules: loadRules(), caseHint: null, reviewConfidence: 0.6 });
    expect(draft!.formType).toBe('objection_ruling');
    expect(draft!.docDate).toBe('2024-09-05');
    expect(draft!.reasons.join('\n')).toMatch(/was read again as .*8月5日: uncertain/);
    expect(draft).toMatchObject({ status: 'needs_review', reviewCodes: expect.arrayContaining(['ocr_low_confidence']) });
  });

  it('lets a signing date stand that three of its four readings bear out and one does not (seed 103, held out)', async () => {
    // GIVEN an appraisal approval of seed 103 signed 2013.6.26, read so by the full page; read
    // alone, the line said 6.26 three times and 6.20 once
    const { doc, page: r } = await readCorpusPage(recognizer(), 103, 'b020', 4);
    expect(doc).toMatchObject({ formType: 'appraisal_auction_approval', date: '2013-06-26' });
    // THEN the line is not doubted, and the approval is filed on the 26th without a clerk
    expect(r.flags.dateLineChecked).toBeUndefined();
    expect(r.lines.some((l) => l.alt)).toBe(false);
    const draft = classifyAlone(r);
    expect(draft).toMatchObject({ formType: 'appraisal_auction_approval', docDate: '2013-06-26' });
    expect(draft.reviewCodes).not.toContain('ocr_low_confidence');
  });

  it('leaves a lost date line unread when garbled readings nearer to another date outnumber the two that agree (seed 13, held out)', async () => {
    // GIVEN the last page of a 终本 ruling (seed 13) signed 二〇二四年九月十二日; the full page read
    // 二O二四年万月十二日, two readings of the line alone read 九月十一日, three more garbled ones
    // stand nearer to the 12th (bench:accuracy: the ruling was filed as of the 11th, unflagged)
    // WHEN the OCR stage's recognizer reads it
    const { doc, page: r } = await readCorpusPage(recognizer(), 13, 'b022', 3);
    expect(doc).toMatchObject({ formType: 'termination_ruling', date: '2024-09-12' });
    // THEN the wrong 11th is not put in: the line stays as the full page read it, for a clerk
    expect(r.flags.dateLineReread).toBeUndefined();
    expect(findDates(r.text).map((d) => d.date)).not.toContain('2024-09-11');
  });

  it('replaces a signing date read through a ] taken for 1 when its readings alone read it cleanly (seed 17, held out)', async () => {
    // GIVEN a funds receipt signed 2025年11月26日, which the full page read 2025年1]月26日 (a
    // ] taken for 1, doubted by the classifier: the receipt waited for a clerk)
    // WHEN the OCR stage's recognizer reads it
    const { doc, page: r } = await readCorpusPage(recognizer(), 17, 'b054', 0);
    expect(doc).toMatchObject({ formType: 'funds_receipt', date: '2025-11-26' });
    // THEN the line is replaced by a clean reading of the same date, and the classifier no longer doubts it
    expect(r.flags.dateLineChecked).toBe('replaced');
    expect(r.text).toMatch(/2025年11月26日/);
    const draft = classifyAlone(r);
    expect(draft.docDate).toBe('2025-11-26');
    expect(draft.reasons.join('\n')).not.toMatch(/taken for 1: uncertain/);
  });

  it('reads a date line again in more ways when the first two readings do not agree (seed 9, a 终本 ruling)', async () => {
    // GIVEN the last page of a 终本 ruling (seed 9), signed 二〇二四年十二月二十三日 under the seal;
    // the full page read 二人〇二四年十二月二二三日, and the line scaled to 48 px and thresholded
    // at 140 gave two different misreadings
    // WHEN the OCR stage's recognizer reads it
    const { doc, page: r } = await readCorpusPage(recognizer(), 9, 'b061', 4);
    expect(doc).toMatchObject({ formType: 'termination_ruling', date: '2024-12-23' });
    // THEN the further readings agreed on the signed date, and it stands in the text
    expect(r.flags.dateLineReread).toBe(true);
    expect(findDates(r.text).map((d) => d.date)).toContain('2024-12-23');
  });

  it('reads a signing line whose readings say the day a ] in the form\'s own date field leaves open (seed 26, held out)', async () => {
    // GIVEN a triage sheet of seed 26 dated 2013年4月1日: the full page read its 分流日期 as
    // 2013年4月1]日 (1st or 11th) and the signing line as 2013年4月:日; read alone, the signing
    // line said 2013年4月1日, but was refused as before the 11th the field seemed to recite
    // WHEN the OCR stage's recognizer reads it
    const { doc, page: r } = await readCorpusPage(recognizer(), 26, 'b048', 2);
    expect(doc).toMatchObject({ formType: 'triage_sheet', date: '2013-04-01' });
    // THEN the signing line was read again and holds the 1st, and the sheet is dated the 1st
    expect(r.flags.dateLineReread).toBe(true);
    expect(findDates(r.text).map((d) => d.date)).toContain('2013-04-01');
    const draft = classifyAlone(r);
    expect(draft).toMatchObject({ formType: 'triage_sheet', docDate: '2013-04-01' });
    expect(draft.reviewCodes).not.toContain('ocr_low_confidence');
  });

  it('reads the day of a table form\'s date line the full page cut short (seed 75, held out)', async () => {
    // GIVEN a 财产处置审批表 of seed 75 dated in its table 2024年9月11日, no court line above the
    // date; the full page read 2024年9月1j晶, which the classifier doubted (the approval and so its
    // case's node, 实施·评估拍卖, waited for a clerk)
    const { doc, page: r } = await readCorpusPage(recognizer(), 75, 'b054', 3);
    expect(doc).toMatchObject({ formType: 'appraisal_auction_approval', date: '2024-09-11' });
    // WHEN the OCR stage reads it, THEN the line holds the 11th, and the approval is dated so without a clerk
    expect(r.flags.dateLineReread).toBe(true);
    expect(findDates(r.text).map((d) => d.date)).toContain('2024-09-11');
    const draft = classifyAlone(r);
    expect(draft).toMatchObject({ formType: 'appraisal_auction_approval', docDate: '2024-09-11' });
    expect(draft.reviewCodes).not.toContain('ocr_low_confidence');
  });

  it('reads a table form\'s date field the full page garbled, when its signed line cannot be read (seed 98, held out)', async () => {
    // GIVEN a 执行结案审批表 of seed 98 whose 审批日期 2025.6.23 the full page read 202556.23 and
    // whose signed line it read 2025.0.23: no date, the approval (and so its case's 结案) waited
    const { doc, page: r } = await readCorpusPage(recognizer(), 98, 'b066', 3);
    expect(doc).toMatchObject({ formType: 'closing_approval', date: '2025-06-23' });
    // WHEN the OCR stage reads it, THEN the field holds the date, and the approval is dated so
    expect(r.flags.dateLineReread).toBe(true);
    const draft = classifyAlone(r);
    expect(draft).toMatchObject({ formType: 'closing_approval', docDate: '2025-06-23', fields: { closingDate: { value: '2025-06-23' } } });
  });

  it('reads a signing line whose readings lost a thin 1 once (seed 28, held out)', async () => {
    // GIVEN a triage sheet of seed 28 signed 2025年4月11日, read 2025年4月开1日 by the full page;
    // read alone, three readings said 11日, one 1日
    const { doc, page: r } = await readCorpusPage(recognizer(), 28, 'b019', 0);
    expect(doc).toMatchObject({ formType: 'triage_sheet', date: '2025-04-11' });
    // WHEN the OCR stage reads it, THEN the line holds the 11th
    expect(r.flags.dateLineReread).toBe(true);
    expect(findDates(r.text).map((d) => d.date)).toContain('2025-04-11');
    expect(classifyAlone(r)).toMatchObject({ formType: 'triage_sheet', docDate: '2025-04-11' });
  });
});
