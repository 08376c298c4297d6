/**
 * A title the full-page pass cut in two stacked lines of noise (ocr/title-line.ts
 * splitTitleLines): which line pairs are read again as one, and, with real tesseract.js, a
 * corpus 悬赏公告 whose title came out isAN\生 over 二员公三, read as one line and classified.
 */
import { describe, expect, it } from 'vitest';
import { splitTitleLines, titleLinesToRead } from '../../ocr/title-line.ts';
import { classifyAlone, readCorpusPage, useRecognizer } from '../fixtures/corpus-ocr.ts';

const box = (text: string, x0: number, y0: number, x1: number, y1: number) => ({ text, confidence: 50, bbox: { x0, y0, x1, y1 } });
// The first lines of seed 15's 悬赏公告 (b029, 200 dpi, a 1654 × 2339 px page) as the full page read them
const LINES = [
  box('上海市浦东新区人民法院', 580, 131, 1064, 223),
  box('isAN\\生', 765, 244, 941, 273),
  box('二员公三', 702, 263, 935, 302),
  box('.(2025)沪0115执981号', 1090, 342, 1450, 374),
  box('被执行人:周玉兰，男，汉族，住上海市浦东新区张江镇8号', 194, 424, 1075, 462),
  box('申请执行人龙南县富源矿业有限公司与被执行人周玉兰租赁合同纠纷一案，因被', 264, 483, 1423, 520),
];

describe('a title split in two lines', () => {
  it('is two short stacked lines near the top, read as one spanning both', () => {
    expect(splitTitleLines(LINES, 1654, 2339)).toEqual([{ text: 'isAN\\生二员公三', confidence: 50, bbox: { x0: 702, y0: 244, x1: 941, y1: 302 } }]);
  });

  it('is not the court line and a title, a 案号 line, body lines, lines side by side or far apart, or anything low on the page', () => {
    // court name over the title; title over the case number; two body lines (long)
    expect(splitTitleLines([LINES[0]!, LINES[2]!], 1654, 2339)).toEqual([]);
    expect(splitTitleLines([LINES[2]!, LINES[3]!], 1654, 2339)).toEqual([]);
    expect(splitTitleLines([LINES[4]!, LINES[5]!], 1654, 2339)).toEqual([]);
    // side by side, not stacked
    expect(splitTitleLines([box('承办人', 200, 600, 400, 640), box('张三', 900, 600, 1000, 640)], 1654, 2339)).toEqual([]);
    // a line's height apart
    expect(splitTitleLines([box('isAN生', 765, 244, 941, 273), box('二员公三', 702, 310, 935, 349)], 1654, 2339)).toEqual([]);
    // in the lower part of the page
    expect(splitTitleLines([box('isAN生', 765, 1244, 941, 1273), box('二员公三', 702, 1263, 935, 1302)], 1654, 2339)).toEqual([]);
  });
});

describe('the lines read again as titles', () => {
  it('are handed on top of the page first, though chosen by height', () => {
    // GIVEN a receipt whose title the full page lost, and a table row below its 案号 line read taller (the row's rules)
    const lines = [
      box('广东省佛山市禅城区人民法院', 580, 131, 1064, 190),
      box('这达回证', 700, 230, 950, 300),
      box('案号:【〔2025]粤0604执141号', 1000, 340, 1450, 372),
      box('|送达文书|限制消费令', 200, 420, 1400, 500),
      ...Array.from({ length: 6 }, (_, i) => box('受送达人浙江同创新材料股份有限公司', 200, 520 + 50 * i, 1200, 552 + 50 * i)),
    ];
    // THEN both are read again, the title first
    expect(titleLinesToRead(lines, 1654, 2339).map((l) => l.text)).toEqual(['这达回证', '|送达文书|限制消费令']);
  });
});

describe('reading a split title again (real tesseract.js)', () => {
  const recognizer = useRecognizer('title-line-');

  it('reads the 悬赏公告 the full page cut in two, and the page is classified as its form (seed 15, held out)', async () => {
    // GIVEN a 悬赏公告 of the accuracy corpus (seed 15) whose title the full page read as two lines of noise
    // WHEN the OCR stage's recognizer reads it
    const { doc, page: r } = await readCorpusPage(recognizer(), 15, 'b029', 0);
    expect(doc).toMatchObject({ formType: 'onsite_investigation', title: '悬赏公告' });
    // THEN the title read as one line is handed on with the header text, and the page is filed as its form
    expect(r.text).not.toMatch(/悬赏公告/);
    expect(r.headerText).toMatch(/悬赏公告/);
    expect(classifyAlone(r)).toMatchObject({ formType: 'onsite_investigation', caseNumber: '（2025）沪0115执981号' });
  });

  it('reads a receipt whose title the full page lost as a receipt, not as the form a row of it names (seed 171, held out)', async () => {
    // GIVEN a 送达回证 of the accuracy corpus whose title the full page read 这达回证, with a row 送达文书|限制消费令
    const { doc, page: r } = await readCorpusPage(recognizer(), 171, 'b040', 1);
    expect(doc).toMatchObject({ formType: 'other', title: '送达回证' });
    // THEN the small readings of the title and of the row go on in the page's order, and the page is no 限制消费令
    const header = (r.headerText ?? '').split('\n');
    expect(header.findIndex((l) => l.includes('送达回证'))).toBeGreaterThanOrEqual(0);
    expect(header.findIndex((l) => l.includes('送达回证'))).toBeLessThan(header.findIndex((l) => l.includes('限制消费令')));
    expect(classifyAlone(r)).toMatchObject({ formType: 'other', caseNumber: '（2025）粤0604执141号' });
  });
});
