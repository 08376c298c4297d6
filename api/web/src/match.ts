/**
 * Phrase matching for highlights, tolerant of how OCR text looks: whitespace is ignored (OCR
 * puts spaces between CJK glyphs and splits a phrase over words), case is ignored, and
 * full-width ASCII (１２３ＡＢＣ) equals half-width. Pure functions, no DOM.
 */

function norm(ch: string): string {
  const c = ch.codePointAt(0) ?? 0;
  const half = c >= 0xff01 && c <= 0xff5e ? String.fromCodePoint(c - 0xfee0) : ch;
  return half.toLowerCase();
}

/** The needle as it is compared: normalised, no whitespace. */
export function normalizeNeedle(needle: string): string {
  return [...needle.replace(/\s+/g, '')].map(norm).join('');
}

/**
 * Ranges `[start, end)` (UTF-16 indices into `haystack`) of every non-overlapping occurrence of
 * `needle`, ignoring whitespace inside the haystack as well.
 */
export function findRanges(haystack: string, needle: string): Array<[number, number]> {
  const n = normalizeNeedle(needle);
  if (!n) return [];
  let flat = '';
  const at: number[] = [];
  for (let i = 0; i < haystack.length; i++) {
    const ch = haystack[i]!;
    if (/\s/.test(ch)) continue;
    flat += norm(ch);
    at.push(i);
  }
  const out: Array<[number, number]> = [];
  let from = 0;
  for (;;) {
    const k = flat.indexOf(n, from);
    if (k < 0) break;
    out.push([at[k]!, at[k + n.length - 1]! + 1]);
    from = k + n.length;
  }
  return out;
}

/**
 * Which words make up each occurrence of `needle` in the words read in order (OCR words are
 * single glyphs or short runs): one array of word indices per occurrence.
 */
export function matchWords(words: readonly string[], needle: string): number[][] {
  const n = normalizeNeedle(needle);
  if (!n) return [];
  let flat = '';
  const owner: number[] = [];
  words.forEach((w, i) => {
    for (const ch of w.replace(/\s+/g, '')) {
      const c = norm(ch);
      flat += c;
      for (let k = 0; k < c.length; k++) owner.push(i);
    }
  });
  const out: number[][] = [];
  let from = 0;
  for (;;) {
    const k = flat.indexOf(n, from);
    if (k < 0) break;
    const idx = new Set<number>();
    for (let j = k; j < k + n.length; j++) idx.add(owner[j]!);
    out.push([...idx]);
    from = k + n.length;
  }
  return out;
}

export type Box = [x0: number, y0: number, x1: number, y1: number];

/**
 * Merge the word boxes of one occurrence into one rectangle per line: boxes that overlap
 * vertically by at least half the smaller height and sit within a glyph's height of each other
 * horizontally become their union (OCR splits 银行存款 into 银行 / 存 / 款、).
 */
export function mergeLineBoxes(boxes: readonly Box[]): Box[] {
  const sorted = [...boxes].sort((a, b) => a[0] - b[0]);
  const out: Box[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last) {
      const overlap = Math.min(last[3], b[3]) - Math.max(last[1], b[1]);
      const minH = Math.min(last[3] - last[1], b[3] - b[1]);
      const gap = b[0] - last[2];
      if (overlap >= minH / 2 && gap <= Math.max(last[3] - last[1], b[3] - b[1])) {
        out[out.length - 1] = [Math.min(last[0], b[0]), Math.min(last[1], b[1]), Math.max(last[2], b[2]), Math.max(last[3], b[3])];
        continue;
      }
    }
    out.push([...b]);
  }
  return out;
}
