import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LEGACY_TYPE_CODES,
  MODERN_TYPE_CODES,
  PROVINCE_CODES,
  findCaseNumbers,
  parseCaseNumber,
  validateCaseNumber,
  type ParsedCaseNumber,
} from '../../../classifier/index.ts';

const digits = (n: number): fc.Arbitrary<string> => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

/** A valid case number, as parts (canonical computed by the parser's own rule). */
const validNumber: fc.Arbitrary<Omit<ParsedCaseNumber, 'canonical'>> = fc.oneof(
  fc.record({
    year: fc.integer({ min: 1990, max: 2100 }),
    court: fc.oneof(
      fc.constant('最高法'),
      fc.tuple(fc.constantFrom(...PROVINCE_CODES), fc.oneof(fc.constant(''), digits(2), digits(4))).map(([p, d]) => p + d),
    ),
    typeCode: fc.constantFrom(...MODERN_TYPE_CODES),
    seq: fc.integer({ min: 1, max: 999_999 }),
    legacy: fc.constant(false),
  }),
  fc.record({
    year: fc.integer({ min: 1990, max: 2015 }),
    court: fc.constantFrom('锡法', '曲中法', '苏中法', '宁法', '京一中法', '沪二中法', '穗中法', '锡滨法', '浙杭法'),
    typeCode: fc.constantFrom(...LEGACY_TYPE_CODES),
    seq: fc.integer({ min: 1, max: 999_999 }),
    legacy: fc.constant(true),
  }),
);

const canonicalOf = (p: Omit<ParsedCaseNumber, 'canonical'>): string =>
  `（${p.year}）${p.court}${p.typeCode}${p.legacy ? '第' : ''}${p.seq}号`;

interface Noise {
  open: string;
  close: string;
  spaces: number[];
  digitNoise: number[];
  dropHao: boolean;
  bracketOne: boolean;
  extraDi: boolean;
}

const noise: fc.Arbitrary<Noise> = fc.record({
  open: fc.constantFrom('（', '(', '〔', '[', '［', '【', '《', '〈'),
  close: fc.constantFrom('）', ')', '〕', ']', '］', '】', '》', '〉'),
  spaces: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 40, maxLength: 40 }),
  digitNoise: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 40, maxLength: 40 }),
  dropHao: fc.boolean(),
  bracketOne: fc.boolean(),
  extraDi: fc.boolean(),
});

const ZERO = ['O', 'o', '〇'];
const ONE = ['l', 'I', '|', '丨'];
const FULL = '０１２３４５６７８９';
const SPACES = ['', '', '', ' ', '  ', '\u3000'];

/** Render a valid number the way OCR might spell it. */
function render(p: Omit<ParsedCaseNumber, 'canonical'>, n: Noise): string {
  const seq = String(p.seq);
  const glyphs: string[] = [n.open, ...String(p.year), n.close, ...p.court, ...p.typeCode];
  if (p.legacy || n.extraDi) glyphs.push('第');
  glyphs.push(...seq);
  if (!n.dropHao) glyphs.push('号');
  const firstSeq = glyphs.length - seq.length - (n.dropHao ? 0 : 1);
  let out = '';
  glyphs.forEach((g, i) => {
    let ch = g;
    const r = n.digitNoise[i % 40] as number;
    if (/[0-9]/.test(g)) {
      if (g === '0' && r < 2) ch = ZERO[r % ZERO.length] as string;
      else if (g === '1' && r < 3) ch = ONE[r % ONE.length] as string;
      else if (g === '1' && r === 3 && n.bracketOne && !n.dropHao && i > firstSeq) ch = ']'; // "11" read as "1]"
      else if (r >= 7) ch = FULL[Number(g)] as string;
    }
    out += ch + (SPACES[(n.spaces[i % 40] as number) % SPACES.length] as string);
  });
  return out;
}

describe('case numbers (properties)', () => {
  it('any accepted spelling of a valid number parses back to its canonical form', () => {
    fc.assert(
      fc.property(validNumber, noise, (p, n) => {
        const raw = render(p, n);
        const parsed = parseCaseNumber(raw);
        expect(parsed?.canonical, raw).toBe(canonicalOf(p));
        expect(parsed).toMatchObject({ year: p.year, seq: p.seq, typeCode: p.typeCode, legacy: p.legacy });
        // Found inside a line of text too, with the raw spelling preserved.
        const found = findCaseNumbers(`案号：${raw}\n申请执行人：张三`);
        expect(found[0]?.parsed.canonical).toBe(canonicalOf(p));
        expect(found[0]?.raw.replace(/\s+$/, '')).toBe(raw.replace(/\s+$/, ''));
      }),
      { numRuns: 1500 },
    );
  });

  const junkChar = fc.constantFrom(
    ...'（）()〔〕[]《》〈〉【】0123456789０１２３４５６７８９OolI|丨〇 　第字号执恢保异复监协他财司惩救法最高中锡曲苏京沪兵军民初终本院案'.split(''),
    ...PROVINCE_CODES.split(''),
  );
  const junk = fc.oneof(
    fc.array(junkChar, { maxLength: 40 }).map((a) => a.join('')),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)), maxLength: 30 }),
  );

  it('never throws on random text and only yields valid, stable canonical forms', () => {
    fc.assert(
      fc.property(junk, junk, (a, b) => {
        for (const s of [a, `${a}${b}`, `${a}\n${b}`]) {
          const parsed = parseCaseNumber(s);
          const all = [...(parsed ? [parsed] : []), ...findCaseNumbers(s).map((f) => f.parsed)];
          for (const p of all) {
            expect(validateCaseNumber(p)).toEqual([]);
            expect(parseCaseNumber(p.canonical)).toEqual(p);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});
