/**
 * OCR text normalisation for the classifier.
 *
 * Owns the character-level clean-up every other classifier module relies on: full-width ASCII
 * folding, removing the spaces tesseract puts between CJK glyphs, re-joining digits it spelled
 * out one by one, bracket folding for matching, and a few CJK OCR confusables. It is pure and
 * imports nothing (no storage, queue, api, sharp or tesseract; no node:fs).
 *
 * Line indexes are never changed: normalising a text keeps one output line per input line, so
 * a line number reported by any matcher refers to the caller's original line.
 */

/** True for CJK ideographs (BMP unified, extension A, compatibility) and `〇`. */
export function isCjkIdeograph(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (
    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || c === 0x3007
  );
}

/** True for CJK punctuation and full-width forms (（）、。：，《》〔〕【】 …). */
export function isCjkPunct(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0xfe30 && c <= 0xfe4f);
}

function isCjkLike(ch: string | undefined): boolean {
  return ch !== undefined && (isCjkIdeograph(ch) || isCjkPunct(ch));
}

/**
 * Fold full-width ASCII (`０-９`, `Ａ-Ｚ`, `ａ-ｚ`, `｜`) and the ideographic space to ASCII.
 * Full-width brackets, colons and commas are kept: they carry meaning for labels and case numbers.
 */
export function foldWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a) || c === 0xff5c) {
      out += String.fromCodePoint(c - 0xfee0);
    } else if (c === 0x3000 || c === 0x00a0) {
      out += ' ';
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * Normalise one OCR line: width folding, tabs / runs of 3+ spaces become a single tab (a table
 * cell gap), spaces touching a CJK glyph are removed, digits spelled one per token (`2 0 2 4`)
 * are re-joined, and the line is trimmed.
 */
export function normalizeOcrLine(line: string): string {
  const folded = foldWidth(line).replace(/\r/g, '');
  // Cell gaps first, so collapsing glyph spaces cannot erase them.
  const cells = folded.split(/\t| {3,}/);
  const out = cells.map((cell) => collapseCellSpaces(cell).trim()).filter((c) => c.length > 0);
  return out.join('\t');
}

function collapseCellSpaces(cell: string): string {
  const chars = [...cell];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch !== ' ') {
      out += ch;
      continue;
    }
    let j = i;
    while (chars[j + 1] === ' ') j++;
    const prev = out.length > 0 ? [...out].pop() : undefined;
    const next = chars[j + 1];
    // Tesseract's chi_sim puts a space between every CJK glyph; a space next to CJK is noise.
    const drop = prev === undefined || next === undefined || isCjkLike(prev) || isCjkLike(next);
    if (!drop) out += ' ';
    i = j;
  }
  // "2 0 2 4" (one digit per token) is one number spelled by the OCR, not four numbers;
  // then "125 , 000 . 00" is one amount.
  return out
    .replace(/(?<!\d)\d(?: \d)+(?!\d)/g, (m) => m.replace(/ /g, ''))
    .replace(/(\d) ?([,.，]) ?(?=\d)/g, '$1$2');
}

/** Normalise a whole OCR text line by line; the number of lines is preserved. */
export function normalizeOcrText(text: string): string {
  return text.split('\n').map(normalizeOcrLine).join('\n');
}

/** Remove every whitespace character (spaces, tabs, ideographic spaces, newlines). */
export function compact(s: string): string {
  return s.replace(/[\s\u3000\u00a0]+/g, '');
}

const OPEN_BRACKETS = '(（〔[［【《〈<﹝｛{';
const CLOSE_BRACKETS = ')）〕]］】》〉>﹞｝}';

/** True when `ch` is one of the opening-bracket spellings OCR produces for `（`. */
export function isOpenBracket(ch: string): boolean {
  return OPEN_BRACKETS.includes(ch);
}

/** True when `ch` is one of the closing-bracket spellings OCR produces for `）`. */
export function isCloseBracket(ch: string): boolean {
  return CLOSE_BRACKETS.includes(ch);
}

/**
 * Pairs of CJK glyphs tesseract confuses (the field notes saw bold `查` read as `得`). The
 * fuzzy matcher charges half an edit for them, so a title with such a glyph still matches.
 */
export const CJK_CONFUSABLES: ReadonlyArray<readonly [string, string]> = [
  ['查', '得'],
  ['己', '已'],
  ['已', '巳'],
  ['未', '末'],
  ['土', '士'],
  ['人', '入'],
  ['日', '曰'],
  ['批', '扯'],
  ['审', '宙'],
  ['拍', '柏'],
  ['令', '今'],
  ['表', '衣'],
];

/**
 * Fold a string for matching titles and keywords: width folding, whitespace removed, every
 * bracket spelling folded to `(` / `)`, `、·•` dropped (OCR loses them in titles anyway).
 */
export function foldForMatch(s: string): string {
  let out = '';
  for (const ch of foldWidth(s)) {
    if (/\s/.test(ch)) continue;
    if (isOpenBracket(ch)) out += '(';
    else if (isCloseBracket(ch)) out += ')';
    else if (ch === '、' || ch === '·' || ch === '•' || ch === '・') continue;
    else out += ch;
  }
  return out;
}

/**
 * Replace OCR digit look-alikes inside a run (digits, look-alikes and `,.` between them) that
 * already contains a real digit:
 * `O o 〇` → 0, `l I | 丨` → 1. Runs without any real digit are left alone (they are words).
 */
export function fixDigitConfusables(s: string): string {
  // Separators inside a number ("l25,OOO.OO") keep the run together.
  return s.replace(/[0-9OoIl|丨〇](?:[0-9OoIl|丨〇,，.]*[0-9OoIl|丨〇])?/g, (run) =>
    /[0-9]/.test(run) ? run.replace(/[Oo〇]/g, '0').replace(/[Il|丨]/g, '1') : run,
  );
}
