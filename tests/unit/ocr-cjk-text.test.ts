import { describe, expect, it } from 'vitest';
import { collapseCjkSpaces, isWideChar } from '../../ocr/cjk-text.ts';
import { cer, levenshtein, normalizeForCer } from '../../bench/lib-ocr-metrics.ts';
import { decodePgm, encodePgm } from '../../ocr/pgm.ts';

describe('collapseCjkSpaces', () => {
  it('removes the spaces tesseract puts between CJK glyphs', () => {
    expect(collapseCjkSpaces('财 产 查 控 移 送 表')).toBe('财产查控移送表');
    expect(collapseCjkSpaces('江苏 省 无 锡 市 锡山 区')).toBe('江苏省无锡市锡山区');
  });

  it('removes spaces between CJK and full-width punctuation, digits or Latin', () => {
    expect(collapseCjkSpaces('案 号 ： （ 2024 ） 苏 0205 执 1234 号')).toBe('案号：（2024）苏0205执1234号');
    expect(collapseCjkSpaces('银行 存款 、 不 动产 。')).toBe('银行存款、不动产。');
    expect(collapseCjkSpaces('人 民 币 125,000.00 元')).toBe('人民币125,000.00元');
  });

  it('keeps (and squeezes) spaces between Latin words and numbers', () => {
    expect(collapseCjkSpaces('Bank of  China 账户')).toBe('Bank of China账户');
    expect(collapseCjkSpaces('No. 12  34')).toBe('No. 12 34');
  });

  it('keeps line structure and trims each line', () => {
    expect(collapseCjkSpaces('  财 产 \n\t案 号 ： 1 \n')).toBe('财产\n案号：1\n');
  });

  it('classifies wide characters', () => {
    expect(isWideChar('执')).toBe(true);
    expect(isWideChar('（')).toBe(true);
    expect(isWideChar('、')).toBe(true);
    expect(isWideChar('a')).toBe(false);
    expect(isWideChar('1')).toBe(false);
    expect(isWideChar('𠀀')).toBe(true);
  });
});

describe('OCR metrics (bench/lib-ocr-metrics.ts)', () => {
  it('computes Levenshtein distance over code points', () => {
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('繁简分流表', '每简分流表')).toBe(1);
    expect(levenshtein('𠀀a', 'a')).toBe(1);
  });

  it('scores CER on normalised text (whitespace and width ignored)', () => {
    expect(normalizeForCer('案号：（2024） 苏\n0205')).toBe('案号:(2024)苏0205');
    expect(cer('案号：（2024）', '案 号 : (2024)')).toBe(0);
    expect(cer('繁简分流表', '每简分流表')).toBeCloseTo(0.2, 10);
    expect(cer('', '')).toBe(0);
    expect(cer('', 'junk')).toBe(1);
  });
});

describe('PGM encoding', () => {
  it('round-trips pixels and crops a region', () => {
    // GIVEN a 4x3 grey image with distinct pixel values
    const gray = Buffer.from([...Array(12).keys()]);
    // WHEN it is encoded whole and as a 2x2 region starting at (1,1)
    const whole = decodePgm(encodePgm(gray, 4, 3));
    const part = decodePgm(encodePgm(gray, 4, 3, { left: 1, top: 1, width: 2, height: 2 }));
    // THEN decoding gives back the same pixels / the cropped pixels
    expect(whole?.width).toBe(4);
    expect([...whole!.gray]).toEqual([...gray]);
    expect(part).toMatchObject({ width: 2, height: 2 });
    expect([...part!.gray]).toEqual([5, 6, 9, 10]);
    expect(decodePgm(Buffer.from('not a pgm'))).toBeUndefined();
  });
});
