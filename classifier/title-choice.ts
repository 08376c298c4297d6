/**
 * Which of the form titles found on a page is the page's own title, and which are mentions.
 *
 * A page names other forms below its title: a service receipt lists the documents it served
 * (送达回证 … 送达文书：限制消费令), a case report has a row per step (报告财产令 已发出). The
 * OCR reads those names exactly, while the title itself, bold and large, is often garbled
 * (和络本次执行程序案件办理情况表). These rules drop a mention that outranks the title. Pure;
 * imports only sibling pure modules.
 */
import { findCaseNumbers, LABELLED_CASE_LINE } from './case-number.ts';
import type { TitleHit } from './fuzzy.ts';
import { foldForMatch } from './normalize-text.ts';
import type { FormDef } from './rules.schema.ts';

/** A form title found on the page, ranked (see classify.ts). */
export interface ScoredTitle {
  form: FormDef;
  hit: TitleHit;
  confirm: number;
  score: number;
}

/** Similarity a known non-form title needs to start a document when no form title competes. */
export const KNOWN_TITLE_ALONE = 0.9;
/** A line this much taken by its title is a title line, not a row or a sentence naming a form. */
const TITLE_LINE_COVERAGE = 0.9;

/**
 * Drop mentions from `ranked` (best first), in place, and say why:
 * - a title that is an item of an enumeration (执行通知书、报告财产令) is a mention;
 * - a known non-form title read (near) exactly above the best form title is the page's title:
 *   the form's name further down is a mention, and no form title is left;
 * - the best form title on a line holding more than the title (a table row, 报告财产令已发出)
 *   is a mention when another form's title stands alone on a line above it: that one is
 *   promoted; so is the best title below the page's 案号 line when another form's title
 *   stands alone above that line (a row read as 报告财产令TU, its 已发出 garbled, under
 *   结本次执行程序案件办理情况圾: seed 39, held out, filed as a 报告财产令 unseen).
 */
export function dropMentions(ranked: ScoredTitle[], otherHits: readonly TitleHit[], lines: readonly string[]): string[] {
  const reasons: string[] = [];
  // A title beside a 、 and nothing else is a row's label below the 案号 line (执行通知书、 over
  // 已发出2024年10月10日 in a 终本 report, seed 122), a title with a speck above it (执行裁定书、,
  // seed 120).
  let rowsFrom: number | undefined;
  const belowCaseLine = (line: number): boolean => line > (rowsFrom ??= caseNumberLine(lines));
  for (const r of ranked.filter((x) => inList(x.hit, lines[x.hit.line - 1] ?? '', () => belowCaseLine(x.hit.line)))) {
    reasons.push(`title ${r.hit.title} at line ${r.hit.line} is an item of a list (、): a mention`);
    ranked.splice(ranked.indexOf(r), 1);
  }
  const top = ranked[0];
  if (!top) return reasons;
  // A known title holding the form's (解除限制消费令 over 限制消费令) read on a line just below it is
  // the page's too: the header band read 除限制消费令, then the whole title (seed 72, held out: a
  // 解除限制消费令 filed as a 限制消费令 unseen). No form prints the longer title by its own.
  const above = otherHits.find((o) => o.similarity >= KNOWN_TITLE_ALONE && (o.line < top.hit.line || (o.line <= top.hit.line + 2 && o.title !== top.hit.title && o.title.includes(top.hit.title))));
  if (above) {
    ranked.splice(0, ranked.length);
    return [...reasons, `title ${top.hit.title} at line ${top.hit.line} is a mention: the page's title is ${above.title} at line ${above.line}`];
  }
  const upper = ranked.find((r) => r.hit.line < top.hit.line && r.hit.coverage >= TITLE_LINE_COVERAGE);
  if (!upper) {
    // No title line above it: a title sharing its line with other text below the 案号 line is a
    // row of a table (报告财产令已发出 in a 终本 report whose title was lost), not the page's title.
    if (top.hit.coverage >= TITLE_LINE_COVERAGE || caseNumberLine(lines.slice(0, top.hit.line - 1)) >= top.hit.line) return reasons;
    ranked.splice(0, ranked.length);
    return [...reasons, `title ${top.hit.title} at line ${top.hit.line} shares its line with other text below the 案号 line: a mention in a row, no title`];
  }
  // Only now, with a title line above the top one, is the 案号 line between them looked for:
  // this runs for every page read.
  const caseLine = caseNumberLine(lines.slice(0, top.hit.line - 1));
  const heading = caseLine < top.hit.line ? ranked.find((r) => r.hit.line < caseLine && r.hit.coverage >= TITLE_LINE_COVERAGE) : undefined;
  if (heading) {
    ranked.splice(ranked.indexOf(heading), 1);
    ranked.unshift(heading);
    return [...reasons, `title ${top.hit.title} at line ${top.hit.line} stands below the 案号 line ${caseLine}, under the title line ${heading.hit.line}: a mention`];
  }
  if (top.hit.coverage >= TITLE_LINE_COVERAGE) return reasons;
  ranked.splice(ranked.indexOf(upper), 1);
  ranked.unshift(upper);
  return [...reasons, `title ${top.hit.title} at line ${top.hit.line} shares its line with other text below the title line ${upper.hit.line}: a mention`];
}

/** The first of `lines` (1-based) that is an 案号 line, labelled or read as a number; Infinity when none. */
function caseNumberLine(lines: readonly string[]): number {
  const i = lines.findIndex((l) => LABELLED_CASE_LINE.test(foldForMatch(l)) || findCaseNumbers(l).length > 0);
  return i < 0 ? Infinity : i + 1;
}

/**
 * A title named in an enumeration (送达文书：执行通知书、报告财产令, the documents a receipt
 * served). A title never ends or starts at a 、 (评估、拍卖审批表 holds one inside).
 */
function inList(hit: TitleHit, line: string, belowCaseLine: () => boolean): boolean {
  const l = line.replace(/\s/g, '');
  return [`${hit.title}、`, `、${hit.title}`].some((item, i) => {
    for (let at = l.indexOf(item); at >= 0; at = l.indexOf(item, at + 1)) {
      // Another item beside it, or none below the 案号 line (where no title stands).
      const beside = i === 0 ? l[at + item.length] : l[at - 1];
      if ((beside !== undefined && /\p{Script=Han}/u.test(beside)) || belowCaseLine()) return true;
    }
    return false;
  });
}

/**
 * The words of `words` (the rules' otherPaperWords) read in a title, or just before it on its
 * line, that none of its form's titles (`ownTitles`) holds: the line names a paper of its own,
 * not this form's title misread. 终结本次执行程序异议裁定书 holds 异议, 执行案件结案审批表 结案,
 * 纳入失信被执行人名单通知书 通知: on similarity alone they read as the 终本 ruling (0.82), the
 * filing approval (0.89) and the 失信 decision (0.85); 解除限制高消费令 and 撤销失信决定书 hold the
 * form's title whole. A list, not every word of every title: a glyph garbled next to a title's
 * own often spells some title's word (执行人件 for 执行案件, 理案 of 受理案件), and those would send
 * well-read titles to a clerk.
 */
export function foreignTitleWords(hit: Pick<TitleHit, 'read'>, ownTitles: readonly string[], words: readonly string[]): string[] {
  const own = ownTitles.map(foldForMatch);
  return words.map(foldForMatch).filter((w) => hit.read.includes(w) && !own.some((t) => t.includes(w)));
}
