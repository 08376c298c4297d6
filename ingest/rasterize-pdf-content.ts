/**
 * Content-stream analysis for the scanner fast path: decides whether a PDF page does nothing
 * but paint ONE image XObject (what every scanner writes), and where. Owns only the tokenizer
 * and that decision; it never decodes images and never renders. Pure: imports nothing, so it
 * can be fuzzed cheaply. Anything it does not fully understand returns `null`, which means
 * "render this page with pdf.js" — the slow path is always correct, so doubt costs time,
 * never content.
 */

/** Affine matrix [a b c d e f] as in PDF (x' = a·x + c·y + e, y' = b·x + d·y + f). */
export type Matrix = readonly [number, number, number, number, number, number];

/** The one image a page paints, with the CTM in force when it was painted. */
export interface SingleImageUse {
  /** Resource name without the slash (key in /Resources /XObject). */
  name: string;
  ctm: Matrix;
}

type Token = { kind: 'num'; value: number } | { kind: 'name'; value: string } | { kind: 'op'; value: string } | { kind: 'other' };

const LATIN1 = new TextDecoder('latin1');
const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** Yields tokens; strings, arrays and dicts collapse to `other` (operands we never inspect). */
function* tokenize(src: Uint8Array): Generator<Token> {
  let i = 0;
  const n = src.length;
  const regularRun = (): string => {
    const start = i;
    while (i < n && !WHITESPACE.has(src[i]!) && !DELIMITERS.has(src[i]!)) i++;
    return LATIN1.decode(src.subarray(start, i));
  };
  while (i < n) {
    const ch = src[i]!;
    if (WHITESPACE.has(ch)) {
      i++;
    } else if (ch === 0x25 /* % */) {
      while (i < n && src[i] !== 0x0a && src[i] !== 0x0d) i++;
    } else if (ch === 0x2f /* / */) {
      i++;
      yield { kind: 'name', value: regularRun() };
    } else if (ch === 0x28 /* ( */) {
      let depth = 0;
      for (; i < n; i++) {
        const c = src[i];
        if (c === 0x5c /* \ */) i++;
        else if (c === 0x28) depth++;
        else if (c === 0x29 && --depth === 0) break;
      }
      i++;
      yield { kind: 'other' };
    } else if (ch === 0x3c /* < */) {
      // `<<` opens a dict (operand of BDC/DP); a lone `<` opens a hex string: skip to its `>`.
      if (src[i + 1] === 0x3c) i += 2;
      else i = src.indexOf(0x3e, i) === -1 ? n : src.indexOf(0x3e, i) + 1;
      yield { kind: 'other' };
    } else if (ch === 0x3e || ch === 0x5b || ch === 0x5d || ch === 0x7b || ch === 0x7d) {
      i++; // `>`, `[`, `]`, `{`, `}`: punctuation of operands we treat as opaque
      yield { kind: 'other' };
    } else {
      const word = regularRun();
      if (word === '') {
        i++; // stray delimiter such as ')': skip it
        continue;
      }
      const num = Number(word);
      yield /^[+-]?(\d+\.?\d*|\.\d+)$/.test(word) && Number.isFinite(num) ? { kind: 'num', value: num } : { kind: 'op', value: word };
    }
  }
}

/** Operators that change state but never put marks on the page. */
const NON_PAINTING = new Set([
  'w', 'J', 'j', 'M', 'd', 'ri', 'i', 'gs', // graphics state
  'g', 'G', 'rg', 'RG', 'k', 'K', 'cs', 'CS', 'sc', 'SC', 'scn', 'SCN', // colour
  'BT', 'ET', 'Tc', 'Tw', 'Tz', 'TL', 'Tf', 'Ts', 'Td', 'TD', 'Tm', 'T*', // text state & position
  'BMC', 'BDC', 'EMC', 'MP', 'DP', 'BX', 'EX', // marked content, compatibility
]);
/** Text-showing operators: they paint unless the text render mode is 3 (invisible OCR layer). */
const TEXT_SHOWING = new Set(['Tj', 'TJ', "'", '"']);

export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

/**
 * Finds the single image a page paints.
 *
 * Returns the image's resource name and CTM when the content does nothing but (optionally)
 * save/restore/transform state, set colours or graphics states, mark content, position
 * invisible text (render mode 3: the searchable layer OCR-ing scanners add) and paint exactly
 * one XObject with `Do`. Returns `null` for anything else: paths, visible text, shadings,
 * inline images, two or more `Do`s, or bytes it cannot parse. The caller still has to check
 * that the XObject is an image (not a form) and that the CTM covers the page.
 */
export function findSingleImageUse(content: Uint8Array): SingleImageUse | null {
  const identity: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Array<{ ctm: Matrix; tr: number }> = [];
  let ctm = identity;
  let textRenderMode = 0;
  let operands: Token[] = [];
  let found: SingleImageUse | null = null;
  for (const tok of tokenize(content)) {
    if (tok.kind !== 'op') {
      operands.push(tok);
      continue;
    }
    const op = tok.value;
    const nums = operands.map((t) => (t.kind === 'num' ? t.value : Number.NaN));
    const lastOperand = operands[operands.length - 1];
    operands = [];
    if (op === 'q') {
      stack.push({ ctm, tr: textRenderMode });
    } else if (op === 'Q') {
      const saved = stack.pop();
      if (!saved) return null;
      ({ ctm, tr: textRenderMode } = saved);
    } else if (op === 'cm') {
      if (nums.length !== 6 || nums.some(Number.isNaN)) return null;
      ctm = multiply(nums as unknown as Matrix, ctm);
    } else if (op === 'Tr') {
      if (nums.length !== 1 || Number.isNaN(nums[0])) return null;
      textRenderMode = nums[0]!;
    } else if (op === 'Do') {
      if (found || lastOperand?.kind !== 'name') return null;
      found = { name: lastOperand.value, ctm };
    } else if (TEXT_SHOWING.has(op)) {
      if (textRenderMode !== 3) return null;
    } else if (!NON_PAINTING.has(op)) {
      return null; // paths, shadings, inline images (BI), Type 3 glyph ops, unknown operators
    }
  }
  return found;
}
