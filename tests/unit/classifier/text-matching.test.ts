import { describe, expect, it } from 'vitest';
import { bestSubstringMatch, containsKeyword, editDistance, foldForMatch, matchTitles, normalizeOcrLine, normalizeOcrText, similarity } from '../../../classifier/index.ts';

describe('normalizeOcrLine', () => {
  it.each([
    ['执 行 通 知 书', '执行通知书'],
    ['案 号 ： （ 2 0 2 4 ） 苏 0 2 0 5 执 1 2 号', '案号：（2024）苏0205执12号'],
    ['人 民 币 1 2 5 , 0 0 0 . 0 0 元', '人民币125,000.00元'],
    ['申请执行人：李四    被执行人：王五', '申请执行人：李四\t被执行人：王五'],
    ['ＡＢＣ　１２３', 'ABC 123'],
    ['Case No 12 34', 'Case No 12 34'],
  ])('%s → %s', (raw, out) => {
    expect(normalizeOcrLine(raw)).toBe(out);
  });

  it('keeps the number of lines', () => {
    expect(normalizeOcrText('a\n\n b \n').split('\n')).toHaveLength(4);
  });

  it('folds brackets and separators for matching', () => {
    expect(foldForMatch('执行裁定书 《异议》')).toBe('执行裁定书(异议)');
    expect(foldForMatch('评估、拍卖审批表')).toBe('评估拍卖审批表');
  });
});

describe('fuzzy matching', () => {
  it('charges half an edit for known OCR confusables', () => {
    expect(editDistance('财产查控移送表', '财产得控移送表')).toBe(0.5);
    expect(editDistance('财产查控移送表', '财产口控移送表')).toBe(1);
    expect(similarity('abc', 'abc')).toBe(1);
  });

  it('charges half an edit for a Latin letter where a Han glyph stands: an unread glyph (wy裁定书, seed 123, held out)', () => {
    expect(editDistance('wy裁定书', '执行裁定书')).toBe(1);
    expect(similarity('wy裁定书', '执行裁定书')).toBeCloseTo(0.8);
    // a Han glyph for a Han glyph, a digit or a Latin letter for a Latin letter, cost a whole edit
    expect(editDistance('民事裁定书', '执行裁定书')).toBe(2);
    expect(editDistance('9y裁定书', '执行裁定书')).toBe(1.5);
    expect(editDistance('ab', 'xy')).toBe(2);
    // the title of a 终本 ruling whose 执行 was read wy is matched
    const hits = matchTitles(['北京市朝阳区人民法院', 'wy裁定书', '[2024]京0105执2382号'], [{ key: 'termination_ruling', title: '执行裁定书', generic: true }], { threshold: 0.75, maxLines: 8, minCoverage: 0.5 });
    expect(hits[0]).toMatchObject({ title: '执行裁定书', line: 2 });
  });

  it('aligns a title inside a longer line', () => {
    const m = bestSubstringMatch('执行通知书', '无锡市锡山区人民法院执行通知书');
    expect(m).toMatchObject({ distance: 0, similarity: 1, start: 10, end: 15 });
  });

  it('finds keywords exactly, and long ones with one OCR error', () => {
    expect(containsKeyword(foldForMatch('裁定如下：终结本次执 行程序'), '终结本次执行程序')).toBe(true);
    expect(containsKeyword(foldForMatch('裁定如下：终结本口执行程序'), '终结本次执行程序')).toBe(true);
    expect(containsKeyword(foldForMatch('裁定如下'), '异议人')).toBe(false);
  });

  it('ranks a line that is the title above a mention in running text, and joins broken titles', () => {
    const lines = ['人民法院', '报告财产令', '本院向你发出执行通知书'];
    const hits = matchTitles(lines, [{ key: 'a', title: '报告财产令' }, { key: 'b', title: '执行通知书' }], { threshold: 0.75, maxLines: 8 });
    expect(hits.map((h) => [h.key, h.line])).toEqual([['a', 2], ['b', 3]]);
    const split = matchTitles(['财产查控', '移送表', '案号'], [{ key: 'r', title: '财产查控移送表' }], { threshold: 0.75, maxLines: 8 });
    expect(split[0]).toMatchObject({ key: 'r', line: 1, similarity: 1, brokenOverLines: true });
  });

  it('takes no part of a title below the party lines or going on into a sentence (bench:titles-lost, seeds 87 and 88)', () => {
    const title = [{ key: 'c', title: '限制消费令' }];
    const opts = { threshold: 0.75, maxLines: 8, minCoverage: 0.5 };
    // a 终本 report whose title was lost: its row 限制消费 sits below the party lines
    const report = ['江苏省无锡市锡山区人民法院', '案号:(2015)锡山法执字第2819号', '申请执行人朱红梅', '被执行人无锡新纪元纺织品有限公司', '网络查控|已完成', '限制消费'];
    expect(matchTitles(report, title, opts)).toEqual([]);
    // a 解除限制消费令 whose title was lost: 的限制消费措施。 ends a sentence
    expect(matchTitles(['(2025)赣0727执4902号', '的限制消费措施。'], title, opts)).toEqual([]);
    // the whole title stands wherever it is; a part of it above the party lines is still a title
    expect(matchTitles([...report.slice(0, 5), '限制消费令'], title, opts)[0]).toMatchObject({ line: 6, similarity: 1 });
    expect(matchTitles(['江苏省无锡市锡山区人民法院', '限制消费', '案号:(2015)锡山法执字第2819号', '被执行人王志强'], title, opts)[0]).toMatchObject({ line: 2 });
  });

  it('reads a title through a semicolon or a quote read between its glyphs (强制执行申;请书, seed 173, held out)', () => {
    const title = [{ key: 'other', title: '强制执行申请书' }];
    const opts = { threshold: 0.75, maxLines: 8, minCoverage: 0.5 };
    expect(matchTitles(['申请执行人;吴德胜', '强制执行申;请书', '申请执行人;吴德胜'], title, opts)[0]).toMatchObject({ line: 2, similarity: 1 });
    expect(matchTitles(['强制执行“申请书'], title, opts)[0]).toMatchObject({ similarity: 1 });
    // a semicolon that ends a clause is no speck in a title read in part (review of a1a2272)
    expect(matchTitles(['限制消费措施；特此', '通知。'], [{ key: 'c', title: '限制消费令' }], opts)).toEqual([]);
    // a colon or a comma means something there and stays: a title used as a label is none
    expect(matchTitles(['执行通知书：已送达'], [{ key: 'n', title: '执行通知书' }], opts)).toEqual([]);
  });
});
