/**
 * Text clean-up for Chinese OCR output.
 *
 * Owns: removing the spaces tesseract puts between CJK glyphs (chi_sim emits `财 产 查 控`),
 * while keeping meaningful spaces between Latin words and numbers. Pure string functions; must
 * not import sharp, tesseract or anything with I/O (the classifier and fixtures use it).
 */

/**
 * Characters that take no spaces around them in Chinese text: CJK ideographs (incl. extensions
 * and compatibility), CJK symbols and punctuation (、。《》〔〕【】…), full-width forms
 * (（）：，；！？ and full-width digits), and the ideographic space.
 */
const WIDE = String.raw`\u2E80-\u2FDF\u3000-\u303F\u3040-\u30FF\u3100-\u312F\u3190-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\u{20000}-\u{2FA1F}`;

/** A run of horizontal whitespace with a wide character on its left. */
const AFTER_WIDE = new RegExp(`([${WIDE}])[ \\t\\u00A0]+`, 'gu');
/** A run of horizontal whitespace with a wide character on its right. */
const BEFORE_WIDE = new RegExp(`[ \\t\\u00A0]+(?=[${WIDE}])`, 'gu');

/** True when `ch` (one code point) is a CJK ideograph or full-width punctuation/form. */
export function isWideChar(ch: string): boolean {
  return new RegExp(`^[${WIDE}]$`, 'u').test(ch);
}

/**
 * Remove horizontal whitespace next to a CJK character or full-width punctuation; keep (and
 * squeeze to one) the spaces between Latin words and digits; trim each line. Newlines are kept,
 * so line structure survives.
 *
 * @example collapseCjkSpaces('财 产 查 控 移 送 表') === '财产查控移送表'
 * @example collapseCjkSpaces('案 号 ： （ 2024 ） 苏 0205 执 1234 号') === '案号：（2024）苏0205执1234号'
 * @example collapseCjkSpaces('Bank of  China 账户') === 'Bank of China账户'
 */
export function collapseCjkSpaces(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(AFTER_WIDE, '$1')
        .replace(BEFORE_WIDE, '')
        .replace(/[ \t\u00A0]{2,}/g, ' ')
        .trim(),
    )
    .join('\n');
}
