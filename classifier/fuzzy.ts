/**
 * Fuzzy matching of form titles and keywords in OCR text.
 *
 * Owns edit distance (with half-cost substitutions for known CJK OCR confusables such as
 * 查/得), best-substring alignment of a pattern inside a line, and the title search over the
 * first lines of a page, including titles broken over two lines. Pure; imports only
 * `normalize-text.ts`.
 */
import { CJK_CONFUSABLES, foldForMatch } from './normalize-text.ts';

const CONFUSABLE = new Set(CJK_CONFUSABLES.flatMap(([a, b]) => [`${a}${b}`, `${b}${a}`]));

/** A Latin letter where a Han glyph stands: OCR's way of saying it could not read the glyph (wy裁定书 for 执行裁定书). */
const LATIN = /^[A-Za-z]$/;
const HAN = /^\p{Script=Han}$/u;

function subCost(a: string, b: string): number {
  if (a === b) return 0;
  if ((LATIN.test(a) && HAN.test(b)) || (HAN.test(a) && LATIN.test(b))) return 0.5;
  return CONFUSABLE.has(`${a}${b}`) ? 0.5 : 1;
}

/** Levenshtein distance over code points (confusable substitutions cost 0.5). */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(
        (prev[j - 1] as number) + subCost(s[i - 1] as string, t[j - 1] as string),
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
      );
    }
    prev = cur;
  }
  return prev[t.length] as number;
}

/** 1 − distance / longer length; 1 for two empty strings. */
export function similarity(a: string, b: string): number {
  const len = Math.max([...a].length, [...b].length);
  return len === 0 ? 1 : Math.max(0, 1 - editDistance(a, b) / len);
}

/** Best alignment of the whole `pattern` against any substring of `text`. */
export interface SubstringMatch {
  distance: number;
  /** Latin letters matched where the pattern has a Han glyph (each cost half an edit): glyphs the OCR did not read. */
  unread: number;
  /** 1 − distance / pattern length. */
  similarity: number;
  /** Code-point offsets of the matched substring in `text`. */
  start: number;
  end: number;
}

/**
 * Semi-global alignment: the cheapest way to edit some substring of `text` into `pattern`
 * (leading and trailing text is free). Ties prefer the shorter substring.
 */
export function bestSubstringMatch(pattern: string, text: string): SubstringMatch {
  const p = [...pattern];
  const t = [...text];
  let prev = new Array<number>(t.length + 1).fill(0);
  let prevStart = Array.from({ length: t.length + 1 }, (_, j) => j);
  let prevUnread = new Array<number>(t.length + 1).fill(0);
  for (let i = 1; i <= p.length; i++) {
    const cur = [i];
    const curStart = [0];
    const curUnread = [0];
    for (let j = 1; j <= t.length; j++) {
      const a = p[i - 1] as string;
      const b = t[j - 1] as string;
      const diag = (prev[j - 1] as number) + subCost(a, b);
      const up = (prev[j] as number) + 1;
      const left = (cur[j - 1] as number) + 1;
      if (diag <= up && diag <= left) {
        cur[j] = diag;
        curStart[j] = prevStart[j - 1] as number;
        curUnread[j] = (prevUnread[j - 1] as number) + (HAN.test(a) && LATIN.test(b) ? 1 : 0);
      } else if (up <= left) {
        cur[j] = up;
        curStart[j] = prevStart[j] as number;
        curUnread[j] = prevUnread[j] as number;
      } else {
        cur[j] = left;
        curStart[j] = curStart[j - 1] as number;
        curUnread[j] = curUnread[j - 1] as number;
      }
    }
    prev = cur;
    prevStart = curStart;
    prevUnread = curUnread;
  }
  let best = { distance: p.length, start: 0, end: 0, unread: 0 };
  for (let j = 0; j <= t.length; j++) {
    const d = prev[j] as number;
    const start = prevStart[j] as number;
    if (d < best.distance || (d === best.distance && j - start < best.end - best.start)) best = { distance: d, start, end: j, unread: prevUnread[j] as number };
  }
  return { ...best, similarity: p.length === 0 ? 1 : Math.max(0, 1 - best.distance / p.length) };
}

/**
 * True when `keyword` occurs in `foldedText` (already passed through `foldForMatch`): exactly,
 * or, for keywords of 6+ glyphs, with similarity ≥ `minSimilarity` (one OCR error in a long
 * phrase such as 终结本次执行程序 must not hide it).
 */
export function containsKeyword(foldedText: string, keyword: string, minSimilarity = 0.85): boolean {
  const k = foldForMatch(keyword);
  if (k.length === 0) return false;
  if (foldedText.includes(k)) return true;
  return [...k].length >= 6 && bestSubstringMatch(k, foldedText).similarity >= minSimilarity;
}

/** A title to look for; `key` identifies whose title it is (e.g. a form code). */
export interface TitleCandidate {
  key: string;
  title: string;
  generic?: boolean;
}

/** A title found on a page. `line` is 1-based (the first line of a title broken over two). */
export interface TitleHit {
  key: string;
  title: string;
  generic: boolean;
  line: number;
  similarity: number;
  /** Edits (confusables count half) between the title and the matched text. */
  distance: number;
  /** Glyphs of the title matched by Latin letters, which the OCR did not read (SubstringMatch.unread). */
  unread: number;
  /**
   * Share of the line taken by the title (court-name prefix, digits and punctuation left out):
   * a line that *is* the title scores higher, a sentence that mentions it scores low.
   */
  coverage: number;
  /** Ranking score: similarity, nudged by coverage and by how high on the page the line is. */
  score: number;
  brokenOverLines: boolean;
  /**
   * The title as read, with what stands before it on its line (a glyph or two: 解除 in
   * 解除限制高消费令), court name, digits and punctuation left out (titleCore); both lines' when
   * broken over two.
   */
  read: string;
}

export interface TitleSearchOptions {
  /** Minimum similarity (e.g. 0.75). */
  threshold: number;
  /** Only the first `maxLines` non-empty lines are searched. */
  maxLines: number;
  /** Lines at or after this index (0-based) are never searched (e.g. the end of page 1). */
  endLine?: number;
  /**
   * Minimum {@link TitleHit.coverage}: a title mentioned in running text is not a title. When
   * set, a match with more than two glyphs of text before it (court names aside) is a mention too.
   */
  minCoverage?: number;
}

/**
 * A line opening with an enforcement party's label, colon or not (申请执行人朱红梅 in a table):
 * a form's title stands above these. (untitled-page.ts asks for the colon, to tell a form's
 * opening lines; case-register.ts finds a party named anywhere on a line.)
 */
const PARTY_LINE = /^[^\p{Script=Han}]{0,3}(?:申请执行人|被执行人)/u;

/**
 * A speck read between two glyphs (强制执行申;请书: seed 173, held out, the band's reading of an
 * application whose full-page title was 强制执和5申请书; the page went into the search feedback
 * before it, unseen): a semicolon or a quote stands inside no title. Colons, commas and 、 do
 * mean something there (a label, a list) and stay. A line read without them counts only where it
 * reads a title exactly: a semicolon also ends a clause (限制消费措施；特此 of a 解除限制消费令's
 * second page is no 限制消费令 read in part: review of a1a2272).
 */
const INNER_SPECK = /(?<=\p{Script=Han})[;；'‘’"“”]+(?=\p{Script=Han})/gu;
const DATED_LINE = /\d{4}年\d{1,2}月\d{1,2}|\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2}|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月/;

/**
 * The part of a folded line a title competes for: a leading court name (…人民法院), digits,
 * Latin letters and punctuation (a case number or date beside the title) are left out.
 */
export function titleCore(folded: string): string {
  return folded.replace(/^.{0,24}?人民法院/, '').replace(/[0-9A-Za-z()（）:：,，.。;；、"“”'‘’\-_/\\|<>《》〈〉[\]【】〔〕]+/g, '');
}

/**
 * Search the first non-empty lines of a page for every candidate title; returns the best hit
 * per candidate title at or above the threshold, best score first. Each line is also tried
 * joined with the next non-empty line, so a title broken by the OCR is still found.
 */
export function matchTitles(lines: readonly string[], candidates: readonly TitleCandidate[], opts: TitleSearchOptions): TitleHit[] {
  const end = Math.min(lines.length, opts.endLine ?? lines.length);
  const window: Array<{ index: number; text: string; belowParties: boolean }> = [];
  let partiesAbove = false;
  for (let i = 0; i < end && window.length < opts.maxLines; i++) {
    const text = foldForMatch(lines[i] as string);
    // A line with a full date is a table row or a signature line, never a title line (the
    // 终本情况表 lists "限制消费令 已发出 2024年2月22日": that must not start a document).
    if (text.length > 0 && !DATED_LINE.test(text)) window.push({ index: i, text, belowParties: partiesAbove });
    if (PARTY_LINE.test(text)) partiesAbove = true;
  }
  const spans: Array<{ index: number; rank: number; text: string; broken: boolean; belowParties: boolean; exactOnly?: boolean }> = [];
  window.forEach((w, rank) => {
    spans.push({ index: w.index, rank, text: w.text, broken: false, belowParties: w.belowParties });
    const unspecked = w.text.replace(INNER_SPECK, '');
    if (unspecked !== w.text) spans.push({ index: w.index, rank, text: unspecked, broken: false, belowParties: w.belowParties, exactOnly: true });
    const next = window[rank + 1];
    if (next && w.text.length <= 24 && next.text.length <= 24) {
      spans.push({ index: w.index, rank, text: w.text + next.text, broken: true, belowParties: w.belowParties });
    }
  });
  const best = new Map<string, TitleHit>();
  for (const cand of candidates) {
    const title = foldForMatch(cand.title);
    for (const span of spans) {
      const m = bestSubstringMatch(title, span.text);
      if (m.similarity < opts.threshold || (span.exactOnly && m.similarity < 1)) continue;
      const coverage = Math.min(1, [...titleCore(title)].length / Math.max(1, [...titleCore(span.text)].length));
      if (coverage < (opts.minCoverage ?? 0)) continue;
      // "执行通知书：已送达" uses the title as a label; a colon with nothing after it is a
      // speck beside a title line (终结本次执行程序案件办理情况表: at the head of the page).
      if (/^[:：].*[\p{L}\d]/u.test([...span.text].slice(m.end).join(''))) continue;
      // "本院已将查询结果告知申请执行人。" ends like 告知申请执行人笔录 and the 送达回证 row
      // "送达文书 限制消费令" names a form: a title has at most a court name or a glyph or two of
      // noise before it on its line (checked with the coverage rule: both tell a title from a mention).
      if (opts.minCoverage && [...titleCore([...span.text].slice(0, m.start).join(''))].length > 2) continue;
      // A title read only in part, when the page's own was lost (bench:titles-lost, seeds 87 and
      // 88), is no title where a form's title never stands: below the page's party lines (限制消费,
      // a row of a 终本 report), or going on into a sentence (的限制消费措施。 of a 解除限制消费令).
      if (m.similarity < 1 && (span.belowParties || /^\p{Script=Han}{2,}.*[。，,；;]/u.test([...span.text].slice(m.end).join('')))) continue;
      // A broken-line match must use both lines, otherwise the single line already covers it.
      const firstLen = [...(window[span.rank]?.text ?? '')].length;
      if (span.broken && (m.end <= firstLen || m.start >= firstLen)) continue;
      const score = m.similarity * (0.9 + 0.1 * coverage) - 0.004 * span.rank - (span.broken ? 0.01 : 0);
      const id = `${cand.key}\u0000${cand.title}`;
      const prev = best.get(id);
      if (!prev || score > prev.score) {
        best.set(id, {
          key: cand.key,
          title: cand.title,
          generic: cand.generic ?? false,
          line: span.index + 1,
          similarity: Math.round(m.similarity * 1000) / 1000,
          distance: m.distance,
          unread: m.unread,
          coverage: Math.round(coverage * 1000) / 1000,
          score,
          brokenOverLines: span.broken,
          read: titleCore([...span.text].slice(0, m.end).join('')),
        });
      }
    }
  }
  // Stable sort: on a tie the candidate listed first wins (rules list the usual title first).
  return [...best.values()].sort((a, b) => b.score - a.score);
}
