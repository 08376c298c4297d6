/**
 * Test helpers that make text look like tesseract chi_sim output: spaces between glyphs,
 * confusable glyphs in titles, `《` for `（`, titles broken over two lines. Deterministic.
 */

/** Spaces between every glyph (what chi_sim prints). */
export function spaced(s: string): string {
  return [...s].join(' ');
}

/** Confusable pairs OCR produced in the field notes and similar ones. */
const CONFUSE: Record<string, string> = { 查: '得', 审: '宙', 批: '扯', 令: '今', 已: '己', 未: '末', 人: '入', 表: '衣', 拍: '柏' };

/**
 * Damage a title the way OCR does: the first confusable glyph is swapped (half an edit); a
 * title of 4+ glyphs without one gets one glyph in the middle replaced by 口 (a full edit).
 */
export function misread(title: string): string {
  const chars = [...title];
  const i = chars.findIndex((c) => c in CONFUSE);
  if (i >= 0) chars[i] = CONFUSE[chars[i] as string] as string;
  else if (chars.length >= 4) chars[Math.floor(chars.length / 2)] = '口';
  return chars.join('');
}

/** Brackets as OCR reads them: `（` → `《`, `）` → `》`. */
export function badBrackets(s: string): string {
  return s.replace(/（/g, '《').replace(/）/g, '》').replace(/\(/g, '〈').replace(/\)/g, '〉');
}

/** Break a string into two lines in the middle. */
export function broken(s: string): string {
  const chars = [...s];
  const mid = Math.ceil(chars.length / 2);
  return `${chars.slice(0, mid).join('')}\n${chars.slice(mid).join('')}`;
}

/** The CJK glyphs of a title (brackets and 、 left out). */
export function glyphs(title: string): string {
  return title.replace(/[^\u4e00-\u9fff]/g, '');
}

/** Two CJK glyphs (at one third and two thirds of them) replaced by 口: for titles of 8+ glyphs. */
export function misreadTwice(title: string): string {
  const chars = [...title];
  const cjk = chars.map((c, i) => (/[\u4e00-\u9fff]/.test(c) ? i : -1)).filter((i) => i >= 0);
  chars[cjk[Math.floor(cjk.length / 3)] as number] = '口';
  chars[cjk[Math.floor((2 * cjk.length) / 3)] as number] = '口';
  return chars.join('');
}
