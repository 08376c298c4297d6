/**
 * OCR accuracy metrics shared by benches (OCR and pipeline).
 *
 * Owns: text normalisation for scoring and the character error rate. Pure; imports nothing.
 */

/**
 * Normalise text for scoring: drop all whitespace, fold full-width ASCII forms (（）：，０-９Ａ-Ｚ)
 * to ASCII, and the ideographic space. Layout (line breaks, CJK spacing) and full/half-width
 * choice are not what CER should measure; wrong or missing glyphs are.
 */
export function normalizeForCer(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (/\s/u.test(ch) || c === 0x3000) continue;
    out += c >= 0xff01 && c <= 0xff5e ? String.fromCodePoint(c - 0xfee0) : ch;
  }
  return out;
}

/** Levenshtein distance over code points (two-row DP, O(n·m) time, O(m) memory). */
export function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let prev = new Int32Array(y.length + 1);
  let cur = new Int32Array(y.length + 1);
  for (let j = 0; j <= y.length; j++) prev[j] = j;
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    const xi = x[i - 1];
    for (let j = 1; j <= y.length; j++) {
      const sub = prev[j - 1]! + (xi === y[j - 1] ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    [prev, cur] = [cur, prev];
  }
  return prev[y.length]!;
}

/**
 * Character error rate: edit distance between normalised truth and hypothesis divided by the
 * normalised truth length (can exceed 1 when the hypothesis is mostly junk). 0 for two empty texts.
 */
export function cer(truth: string, hyp: string): number {
  const t = normalizeForCer(truth);
  const h = normalizeForCer(hyp);
  if (t.length === 0) return h.length === 0 ? 0 : 1;
  return levenshtein(t, h) / [...t].length;
}

/** Median of a list of numbers (NaN for an empty list). */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Arithmetic mean (NaN for an empty list). */
export function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}
