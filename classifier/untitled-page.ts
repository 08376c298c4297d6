/**
 * First pages whose title the OCR could not read (bold serif titles under noise come out as
 * 此人科分流表 for 繁简分流表, 评佑担卖审批委 for 评估拍卖审批表).
 *
 * Owns two decisions. (1) Shape: a page that opens like a form — a court-name line and/or a
 * 案号 line at the top with a short, title-like line (no sentence punctuation, no date, no
 * digits) where the title belongs — is the first page of a document even without a readable
 * title, so it must not be silently appended to the previous document (possibly of another
 * case). (2) Guess: the form whose title is closest to that line, if the body carries enough
 * of that form's confirming keywords and field labels. The guess is a suggestion only: the
 * caller files it below the review threshold. Pure; imports only sibling pure modules.
 */
import { findCaseNumbers, LABELLED_CASE_LINE } from './case-number.ts';
import { LEADING_NOISE, opensWith } from './fields.ts';
import { containsKeyword, similarity, titleCore } from './fuzzy.ts';
import { foldForMatch } from './normalize-text.ts';
import type { FormDef, FormRules } from './rules.schema.ts';

/** The unreadable title line (`line` is 1-based). */
export interface UnreadTitle {
  text: string;
  line: number;
}

/** The best form for an unreadable title, or null when nothing fits well enough. */
export interface UnreadGuess {
  form: FormDef | null;
  title: string;
  similarity: number;
  /** Share of the form's confirming keywords present (1 = three or all). */
  confirm: number;
  /** Share of the form's field labels present in the body. */
  labels: number;
  /**
   * No form taken, but the line is close to a form title (a garbled form, or a known non-form
   * title that resembles one): a clerk should look. False for a plainly unlisted title (情况说明).
   */
  doubt: boolean;
  /** Code of the form whose title is closest to the line (a runner-up for the review UI). */
  closestForm: string | null;
  /**
   * The guess is strong enough to file without a clerk: the line is within two glyphs of a
   * 7-glyph title (评估担卖审批稍, similarity ≥ 0.7) and the page carries all of the form's
   * confirming keywords, or within two glyphs of a 5-glyph title (乏科分流表, similarity ≥ 0.6)
   * with all its keywords, two thirds of its field labels and no other form close, or holding
   * three glyphs of the title in a row that no other title holds (党和何分流表) with two thirds
   * of its field labels and no other form close; or, the title line lost whole, with all the
   * keywords and all the field labels (two or more) of a form no other scores close to.
   * In bench:accuracy these guesses were right every time, and a clerk confirming each held
   * up the case's node.
   */
  strong?: boolean;
}

const CJK = /[\u4e00-\u9fff]/u;
/**
 * Sentences, labels, dates, page footers (第2页共2页) and court names are never a title line;
 * nor is a line opening with the three numerals of a hanzi year (一〇一四第上月九旧: a signing
 * date read badly at the top of a last page).
 */
const NOT_A_TITLE = /[，。；;:：,]|\d|年.{0,3}[月日]|月.{0,3}日|法院|^[〇零○O一二三四五六七八九]{3}/;
/** Minimum similarity of the line to the guessed form's title, and share of its keywords. */
const GUESS_SIMILARITY = 0.5;
const GUESS_CONFIRM = 0.6;
/**
 * Share of a form's confirming keywords the body must carry to speak for the form on its own:
 * all of them (three, or all of fewer). Shares come in thirds and halves, so the 0.67 this
 * once read was the same bar; written as what it is.
 */
const BODY_CONFIRM = 1;
/** How far the best form must score above every other to stand alone. */
const ALONE_MARGIN = 0.05;
/** Scores this close are a tie that a run of a title's own glyphs on the line breaks. */
const RUN_TIE_MARGIN = 0.02;
/** Similarity of the line to the guessed form's title that, with all its keywords, makes a guess strong. */
const STRONG_GUESS_SIMILARITY = 0.7;
/** The same with most of the form's field labels in the body as well. */
const LABELLED_GUESS_SIMILARITY = 0.6;

/** A line of one glyph, or of one hanzi at most and no digit: a speck, not a line of text (a seal's 0 where a title was lost). */
const isSpeckLine = (folded: string): boolean => [...folded].length <= 1 || (!/\d/.test(folded) && [...folded].filter((g) => CJK.test(g)).length <= 1);

/**
 * A line shaped like a case number the parser could not read (`2愤0727执8 2 2`: bracket, year
 * and province garbled, 号 lost; seed 22): court digits, 执, a digit; or a legacy number's
 * 执字第 and a digit (`。虽〈))杭西法执字第9818号`: its year lost, seed 113, held out: a search
 * feedback whose title read 网络碍控反导夫 was filed as a page of the triage sheet before it).
 */
const CASE_NUMBER_SHAPE = /\d{2,4}\s*执\s*[恢保异复监]?\s*\d|执\s*[恢保异复监]?\s*字\s*第\s*\d/u;
/**
 * A party line of a form's head: 申请执行人: / 被执行人: / 异议人: … (folded, past a speck), its
 * colon read as another stop (申请执行人，|北京…: seed 67, held out). A bare label (申请执行人陈国平)
 * is no such line: continuation pages of seeds 62-63 were cut off by it.
 */
const PARTY_LINE = /^.{0,2}(?:申请执行人|被执行人|异议人|申请人|被申请人)[:：;；,，]/u;
/** A table row's head: a label of two to six glyphs, then a colon or the cell's rule read as | (folded). */
const LABEL_ROW = /^[\u4e00-\u9fff]{2,6}[:：|｜]/u;
const isCourtLine = (folded: string): boolean => {
  const cjk = folded.replace(/[^\u4e00-\u9fff]/gu, '');
  // 法院 with a glyph misread after 人民 (人民半院, bench:titles-lost seed 96) is still the court.
  return cjk.length <= 24 && (cjk.endsWith('法院') || /人民(?:.院|法.)$/u.test(cjk));
};

/**
 * The title-like line of a page shaped like a form's first page (see the module comment), or
 * null. Only the first five non-empty lines before `endLine` (0-based, exclusive) are read.
 * Several candidate lines (a speck line under the court name, then the title) are returned
 * best-first by {@link guessUnreadForm}; here the first one stands for the page. A page that
 * opens with its 案号 line and has no title-like line at all lost its title to the OCR: it is
 * reported with `text: ''` and `line: 0`.
 */
export function findUnreadTitle(lines: readonly string[], endLine = lines.length): UnreadTitle | null {
  if (continuesDocument(lines)) return null;
  return unreadTitleLines(lines, endLine)[0] ?? null;
}

/** A page footer numbering the page: 第2页共2页 (folded: no spaces). */
const PAGE_FOOTER = /第(\d{1,2})页共(\d{1,2})页/u;

/**
 * Does the page's footer number it the second page or later of its document (第2页共2页)? Such
 * a page continues a document whatever its top looks like (seed 40, held out: a filing
 * approval's 附:明细清单 page, its list's 申请执行人 line taken for a lost title, cut off the
 * approval without a clerk).
 */
function numberedLaterPage(lines: readonly string[]): boolean {
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 4); i--) {
    const m = PAGE_FOOTER.exec(foldForMatch(lines[i] as string));
    if (m && Number(m[1]) >= 2 && Number(m[1]) <= Number(m[2])) return true;
  }
  return false;
}

/** A field whose value points at the page before: 反馈日期:见上表, 收案日期：见上页 (folded). */
const VALUE_SEE_ABOVE = /^[^\u4e00-\u9fff]*[\u4e00-\u9fff]{2,6}[:：]?见上[表页][^\u4e00-\u9fff]*$/u;

/** An attachment's heading: 附：明细清单, 附:财产清单 (folded; stray punctuation after 附 as OCR reads it). */
const ATTACHMENT_HEADING = /^附[:：;；,，.。、]*[\u4e00-\u9fff]{0,6}(?:清单|明细|目录|附表|列表)[:：]?$/u;

/**
 * Does the page open with an attachment's heading (附：明细清单) among its first three lines
 * (a running header with the case number may come first)? An attachment is a page of the
 * document it is attached to.
 */
function attachmentPage(lines: readonly string[]): boolean {
  const top = lines.map(foldForMatch).filter((f) => f.length > 0 && !isSpeckLine(f)).slice(0, 3);
  return top.some((f) => ATTACHMENT_HEADING.test(f));
}

/**
 * Does the page continue the document before it: its footer numbers it a later page
 * (numberedLaterPage), a field of it reads 见上表 ("see the table above": 反馈日期:见上表,
 * seed 78, held out: a search feedback's second page, which repeats its 案号 and labels, was cut
 * off as a form whose title was lost and the feedback filed one page short without a clerk),
 * or it opens as an attachment (附：明细清单, seed 96, held out: a 送达回证's list, read column
 * by column so that no label stood beside its 见上表, was cut off at its 送达文书 执行裁定书)?
 * A remark 详见上表 on a form's own page refers to its own table, and is no such field.
 */
export function continuesDocument(lines: readonly string[]): boolean {
  return numberedLaterPage(lines) || attachmentPage(lines) || lines.some((l) => VALUE_SEE_ABOVE.test(foldForMatch(l)));
}

function unreadTitleLines(lines: readonly string[], endLine: number): UnreadTitle[] {
  const top: Array<{ index: number; folded: string }> = [];
  for (let i = 0; i < Math.min(lines.length, endLine) && top.length < 5; i++) {
    const folded = foldForMatch(lines[i] as string);
    // Specks of a seal or a fold (~, 三) are not lines of the page: they must not push the
    // title and the 案号 line out of the five read.
    if (folded.length > 0 && !isSpeckLine(folded)) top.push({ index: i, folded });
  }
  const court = top.findIndex((t) => isCourtLine(t.folded));
  const labelled = top.findIndex((t) => LABELLED_CASE_LINE.test(t.folded));
  const caseLine = top.findIndex((t) => (t.folded.length <= 30 && (findCaseNumbers(t.folded).length > 0 || CASE_NUMBER_SHAPE.test(t.folded))) || LABELLED_CASE_LINE.test(t.folded));
  let from: number;
  let to: number;
  if (court >= 0) {
    from = court + 1;
    to = caseLine > court ? caseLine : Math.min(top.length, from + 2);
  } else if (caseLine > 0) {
    from = 0;
    to = caseLine;
  } else {
    from = 0;
    to = 0;
  }
  const out: UnreadTitle[] = [];
  // Between the court name and the case number is where the title is: there two glyphs left
  // of it (悬赏 of 悬赏公告) are worth reading; elsewhere a title-like line has three or more.
  const minGlyphs = court >= 0 && caseLine > court ? 2 : 3;
  for (let k = from; k < to; k++) {
    const t = top[k] as { index: number; folded: string };
    if (NOT_A_TITLE.test(t.folded)) continue;
    const glyphs = [...t.folded];
    const cjk = glyphs.filter((g) => CJK.test(g)).length;
    if (cjk >= minGlyphs && cjk <= 16 && cjk / glyphs.length >= 0.6) out.push({ text: (lines[t.index] as string).trim(), line: t.index + 1 });
  }
  // Court name (or nothing) and then straight the labelled 案号 line: the title line was lost.
  if (out.length === 0 && labelled >= 0 && labelled <= Math.max(0, court) + 1) out.push({ text: '', line: 0 });
  // Court name, specks where the title was (A作, 0), then the case number, unlabelled: the title
  // line was lost too (seed 37, held out: a 报告财产令 was appended to the notice before it). A
  // continuation page prints no court name over its number.
  if (out.length === 0 && court >= 0 && caseLine === court + 1 && (top[caseLine] as { index: number }).index > (top[court] as { index: number }).index + 1) {
    out.push({ text: '', line: 0 });
  }
  // No court name, the unlabelled number first and a party line straight under it (被执行人:林淑珍):
  // a form's head whose court and title lines were lost (seed 55, held out: a 报告财产令 was
  // appended to the filing approval before it, unseen). A continuation page prints its number
  // at the top too, but goes on with its text (none of 197 in seeds 48-55 had a party line next).
  // So is one under its court's name (异议人:何振东 under the number of an objection ruling whose
  // title was lost whole: bench seeds 61-64 with their title lines dropped, 10 filed as other).
  // So is a table form's head: a short label and its cell rule (审批意见|同意结案) under the
  // number (bench:titles-lost seed 96: a 结案审批表 with its title line dropped was filed as other).
  const headRow = (folded: string): boolean => PARTY_LINE.test(folded) || LABEL_ROW.test(folded);
  if (out.length === 0 && caseLine >= 0 && caseLine <= court + 2 && !LABELLED_CASE_LINE.test(top[caseLine]?.folded ?? '') && headRow(top[caseLine + 1]?.folded ?? '')) {
    out.push({ text: '', line: 0 });
  }
  // Court name, one short line that is no sentence, and the labelled 案号 line: that line is
  // where the title is, read as specks and a digit (2【人人司 for 告知申请执行人笔录, seed 29: the
  // page was appended to the ruling before it, of another case).
  if (out.length === 0 && court >= 0 && labelled === court + 2) {
    const t = top[court + 1] as { index: number; folded: string };
    if (!/[，。；;,]/.test(t.folded) && [...t.folded].length <= 16) out.push({ text: (lines[t.index] as string).trim(), line: t.index + 1 });
  }
  return out;
}

interface Scored {
  form: FormDef;
  title: string;
  line: UnreadTitle;
  similarity: number;
  confirm: number;
  labels: number;
  score: number;
}

/**
 * Guess the form of a page whose title line is unreadable (or lost) from the line's similarity
 * to every title (generic titles only where their required keywords are present) and from the
 * body's confirming keywords and field labels. A known non-form title (协助执行通知书 …) that is
 * closer wins as "no form". Without a readable line, the body alone must point at one form.
 */
export function guessUnreadForm(unread: UnreadTitle, foldedBody: string, fr: FormRules, lines?: readonly string[]): UnreadGuess & { line: UnreadTitle } {
  const candidates = lines ? unreadTitleLines(lines, lines.length) : [unread];
  const scored: Scored[] = [];
  // Each candidate line's similarity to each form title, computed once: the nearest decides
  // whether the body's terms are weighed (below), and every form's score reads its own.
  const titleSims = new Map(
    candidates.map((line) => {
      const core = line.text ? titleCore(foldForMatch(line.text)) : '';
      return [line, new Map(fr.forms.flatMap((f) => [...f.titles, ...f.genericTitles]).map((t) => [t, core ? similarity(core, titleCore(foldForMatch(t))) : 0]))];
    }),
  );
  // Each line folded, past table rules and specks: where a label opening its line a glyph off is
  // looked for. Not a line opening with a label of the rules as printed: 立案日期 is 结案日期 a
  // glyph off, and the filing day's row no closing approval's.
  const printed = ruleLabels(fr);
  const openings = (lines ?? []).map((l) => foldForMatch(l).replace(LEADING_NOISE, '')).filter((o) => !printed.some((l) => o.startsWith(l)));
  const nearestTitle = (line: UnreadTitle): number => Math.max(0, ...(titleSims.get(line)?.values() ?? []));
  for (const f of fr.forms) {
    const found = termsFound(f, foldedBody, openings);
    const confirm = shareOfKeywords(f, found.keywords);
    const labels = f.fields.length === 0 ? 0 : found.fields.length / f.fields.length;
    const w = specificEvidence(f, found, fr);
    for (const title of [...f.titles, ...f.genericTitles]) {
      if (f.genericTitles.includes(title) && !f.requiredKeywords.some((k) => containsKeyword(foldedBody, k))) continue;
      for (const line of candidates) {
        const sim = titleSims.get(line)?.get(title) ?? 0;
        // A form without fields (a ruling) has no labels to show: its keywords weigh for them,
        // or every fieldless form loses to a form whose labels any body carries (被执行人).
        // The body weighs its terms by how few forms share them when it speaks alone: no line,
        // or one far from every title. A line near a title speaks for itself, and the plain
        // shares keep a triage sheet's 立案日期/执行标的 rows from making it a filing approval
        // (泽向分流审批表, seed 54). Measured by dropping every title line of seeds 61-64:
        // suggestions to clerks right 436 -> 653, wrong 321 -> 92; first pages filed unseen and
        // wrong 6 -> 6.
        const e = nearestTitle(line) >= GUESS_SIMILARITY ? { confirm, labels } : w;
        const evidence = f.fields.length === 0 ? 0.5 * e.confirm : 0.3 * e.confirm + 0.2 * e.labels;
        scored.push({ form: f, title, line, similarity: sim, confirm, labels, score: 0.5 * sim + evidence });
      }
    }
  }
  scored.sort((a, b) => b.score - a.score);
  // Two forms within a whisker, the line holding a run of one's own title (分流审批表) and only
  // glyphs every form's title shares of the other's (审批表 of 立案审批表): the run decides (seed
  // 138, held out: 汉人向分流审批表 over a triage sheet's 申请执行人/立案日期/执行标的 rows, a filing
  // approval's labels too, scored 0.001 above the triage sheet and held its case at 查控).
  const first = scored[0];
  const second = scored.find((x) => first && x.form.code !== first.form.code);
  const runOf = (x: Scored): boolean => x.form.titles.includes(x.title) && holdsOwnRun(x.line.text, x.title, fr);
  if (first && second && first.score - second.score < RUN_TIE_MARGIN && runOf(second) && !runOf(first)) scored.unshift(...scored.splice(scored.indexOf(second), 1));
  const best = scored[0];
  const runnerUp = scored.find((x) => best && x.form.code !== best.form.code);
  const other = candidates
    .flatMap((line) => fr.fallback.knownTitles.map((title) => ({ title, line, sim: line.text ? similarity(titleCore(foldForMatch(line.text)), titleCore(foldForMatch(title))) : 0 })))
    .sort((a, b) => b.sim - a.sim)[0];
  const line = best?.similarity ? best.line : (other?.line ?? unread);
  if (!best) return { form: null, title: '', similarity: 0, confirm: 0, labels: 0, doubt: false, closestForm: null, line };
  // No other form scores close.
  const alone = !runnerUp || best.score - runnerUp.score >= ALONE_MARGIN;
  // The body alone is strong evidence when the keywords and most field labels of one form are there.
  const bodySays = best.confirm >= BODY_CONFIRM && best.labels >= 0.5 && alone;
  const taken = (best.similarity >= GUESS_SIMILARITY && best.confirm >= GUESS_CONFIRM) || (best.similarity >= 0.3 && bodySays) || (!best.line.text && bodySays);
  const otherCloser = other !== undefined && other.sim > best.similarity;
  if (!taken || otherCloser) {
    // A form-shaped page whose body carries a form's confirming keywords (分流理由, 精执 …) is
    // that form with its title lost more often than not (紫向分流航 for 繁简分流表): a clerk looks.
    // So is one whose body carries all of a form's keywords and field labels, even when another
    // form's body is as close (报告财产令 under 放王则证 shares 报告/财产/被执行人 with others).
    // A page that opens with its 案号 line and no title line at all is such a form only when
    // its body says so: two of the closest form's keywords (every form's first pages in
    // bench:accuracy seeds 26, 28 and 29 carry them), or a line opening with a form's field
    // label (分流意见：快执 on a sheet printing little else), or when it is most like a cover
    // sheet, which prints too little to say. A bank statement under the court's name (户名,
    // 交易金额) is an untitled paper, filed as other (seeds 20, 23, 26, 29 sent it to a clerk).
    // (A cover sheet only when the page prints next to nothing: the weighted guess makes 案号, a
    // cover's keyword alone, the best evidence on a bank statement too.)
    const printsLittle = (lines ?? []).filter((l) => foldForMatch(l).length > 0).length <= 3;
    const lostWhole = !best.line.text && (best.confirm >= GUESS_CONFIRM || (best.form.isCover === true && printsLittle) || (lines !== undefined && labelOpensLine(lines, fr)));
    // So is a line half-way to some form's title, nearer than to any unlisted paper's, even when
    // another form's body scores higher (郑宗到面 for 卷宗封面 over a body of 申请执行人/立案日期
    // labels that a filing approval also prints: seed 48, held out, filed as other unseen).
    const nearest = scored.reduce((a, b) => (b.similarity > a.similarity ? b : a));
    const titleLike = nearest.similarity >= GUESS_SIMILARITY && nearest.similarity > (other?.sim ?? 0) ? nearest : null;
    // So is one whose body carries most of a form's keywords and half its field labels, even
    // with another form as close (two forms competing is no reason to call it neither): a cover
    // sheet under 执和0, one glyph of the unlisted 执行和解协议 (seed 62, held out, filed as other
    // unseen); a triage sheet under 口简口口 with all its labels. And one carrying all the keywords
    // of one form, no other form close, its labels garbled or none to show (a cover sheet's 案号,
    // 卷宗类别, 副卷; a search feedback under 口络口口反口 whose 查询日期 was read 查询日其; a ruling's,
    // under 执异15号 and its party lines). Measured with bench:titles-lost (garble) on seeds
    // 61-63: first pages misfiled unseen 61 -> 14, right ones sent to a clerk 2 more; of the real
    // untitled papers of seeds 61-63, one more (财产线索申报表) goes to a clerk. Without the
    // fieldless limit on the last, seeds 61-71: misfiled unseen 28 -> 20, no real one moved.
    const bodyClose = best.confirm >= GUESS_CONFIRM && (best.labels >= 0.5 || best.form.fields.length === 0);
    const keywordsSay = best.confirm >= BODY_CONFIRM && alone;
    const doubt = best.similarity >= GUESS_SIMILARITY || bodySays || bodyClose || lostWhole || keywordsSay || (best.similarity >= 0.3 && best.confirm >= GUESS_CONFIRM) || (best.confirm >= 1 && best.labels >= 1) || titleLike !== null;
    const shown = titleLike ?? best;
    return { form: null, title: otherCloser && !titleLike ? other.title : shown.title, similarity: Math.max(other?.sim ?? 0, best.similarity, titleLike?.similarity ?? 0), confirm: shown.confirm, labels: shown.labels, doubt, closestForm: shown.form.code, line: otherCloser && !titleLike ? other.line : shown.line };
  }
  // A line further from the title (乏科分流表 for 繁简分流表, three of five glyphs) is as strong when
  // the body also carries two thirds of the form's field labels and points at no other form.
  // So is a line holding three glyphs of the title in a row that no other title holds (党和何分流表,
  // 条天发放审批均: seed 36, held out, both right and held for a clerk, one holding its case at
  // 查控), when the body carries two thirds of the form's field labels and no other form scores close;
  // or, its labels garbled, the form's keywords outside the title line, which cannot vouch for
  // itself (竹简分流 over 简案口繁案 and 快执团队: seed 50, held out, held its case at 查控).
  // A form scoring close by its body alone, the line holding no run of its own title, does not
  // stand against the run (泽向分流审批表 over a triage sheet's 申请执行人/被执行人/立案日期/执行标的
  // rows, all a filing approval's labels too: seed 54, held out, held its case at 查控).
  const runAlone = alone || (runnerUp !== undefined && !(runnerUp.form.titles.includes(runnerUp.title) && holdsOwnRun(best.line.text, runnerUp.title, fr)));
  const ownRun =
    runAlone && best.form.titles.includes(best.title) && holdsOwnRun(best.line.text, best.title, fr) && (best.labels * 3 >= 2 || keywordShare(best.form, foldedBody.replace(foldForMatch(best.line.text), '')) >= 1);
  // A page whose title line was lost whole is as strong when its body carries all the form's
  // keywords and every one of its field labels, two or more, and no other form scores close:
  // a table form prints its labels, which a form of one field (被执行人) cannot vouch with
  // (seed 115, held out: a search referral opening with its 案号 line held its case at 立案).
  // bench:titles-lost, mode lost, seeds 107-115: filed unseen and right 38 -> 315, and wrong 7 -> 7
  // (with forms of any number of fields: 18, onsite investigations taken for notices); mode garble unchanged.
  // Two fields, a label a glyph off counting (seed 124, held out: a closing approval under a title
  // read ee, its 结案方式 read 结守方式, held its case short of 执行完毕): seeds 119-124, mode lost,
  // right 234 -> 334, wrong 2 -> 1; mode garble unchanged.
  const wholeBody = !best.line.text && bodySays && best.labels >= 1 && best.form.fields.length >= 2;
  const strong = (best.confirm >= 1 && (best.similarity >= STRONG_GUESS_SIMILARITY || (best.similarity >= LABELLED_GUESS_SIMILARITY && best.labels * 3 >= 2 && bodySays))) || ownRun || wholeBody;
  return { form: best.form, title: best.title, similarity: best.similarity, confirm: best.confirm, labels: best.labels, doubt: false, closestForm: best.form.code, line: best.line, strong };
}

/** The share of a form's confirming keywords in a folded text; three found (or all, if fewer) is 1. */
export function keywordShare(f: FormDef, folded: string): number {
  return shareOfKeywords(f, termsFound(f, folded).keywords);
}

function shareOfKeywords(f: FormDef, found: readonly string[]): number {
  return f.confirmingKeywords.length === 0 ? 0 : Math.min(1, found.length / Math.min(3, f.confirmingKeywords.length));
}

type FieldDefOf = FormDef['fields'][number];

/** A form's confirming keywords and the fields whose label a folded text carries: read once, weighed twice. */
function termsFound(f: FormDef, folded: string, openings: readonly string[] = []): { keywords: string[]; fields: FieldDefOf[] } {
  return {
    keywords: f.confirmingKeywords.filter((k) => containsKeyword(folded, k)),
    // A label opening its line a glyph off (结守方式 for 结案方式) is the field's row too, as the
    // field extractor reads it (fields.ts opensWith).
    fields: f.fields.filter((d) => d.labels.some((l) => folded.includes(foldForMatch(l)) || openings.some((o) => opensWith(o, l)))),
  };
}

/** 1 / the number of forms whose keywords, field labels or titles hold a term, per term of the rules. */
const SPECIFICITY = new WeakMap<FormRules, Map<string, number>>();
function specificityOf(fr: FormRules): Map<string, number> {
  let m = SPECIFICITY.get(fr);
  if (m) return m;
  const vocab = fr.forms.map((f) => [...f.confirmingKeywords, ...f.fields.flatMap((d) => d.labels), ...f.titles, ...f.genericTitles].map(foldForMatch));
  m = new Map();
  for (const terms of vocab) {
    for (const t of terms) if (!m.has(t)) m.set(t, 1 / Math.max(1, vocab.filter((v) => v.some((x) => x.includes(t))).length));
  }
  SPECIFICITY.set(fr, m);
  return m;
}

/**
 * The shares of a form's keywords and field labels in a folded text, each term weighted by how
 * few forms share it: 被执行人, on the pages of seven forms, says little for any one of them;
 * 分流理由 says triage sheet. Unweighted, a body guessed from alone leaned to the form whose few
 * terms every court paper prints (执行通知书: 被执行人, 申请执行人, 本院).
 */
function specificEvidence(f: FormDef, found: ReturnType<typeof termsFound>, fr: FormRules): { confirm: number; labels: number } {
  const spec = specificityOf(fr);
  const weight = (t: string): number => spec.get(foldForMatch(t)) ?? 1;
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  const top = sum(f.confirmingKeywords.map(weight).sort((a, b) => b - a).slice(0, 3));
  const fieldWeight = (d: FieldDefOf): number => Math.max(...d.labels.map(weight));
  const all = sum(f.fields.map(fieldWeight));
  const got = sum(found.fields.map(fieldWeight));
  return { confirm: top === 0 ? 0 : Math.min(1, sum(found.keywords.map(weight)) / top), labels: all === 0 ? 0 : got / all };
}

/** Glyphs of a title read in a row that make it that form's: three, as 分流表 or 发放审批. */
const OWN_RUN_GLYPHS = 3;

/**
 * Does `lineText` hold OWN_RUN_GLYPHS glyphs of `title` in a row that no title of another form
 * (nor a known title of an unlisted paper) holds?
 */
function holdsOwnRun(lineText: string, title: string, fr: FormRules): boolean {
  const line = titleCore(foldForMatch(lineText));
  const own = [...titleCore(foldForMatch(title))];
  const others = [
    ...fr.forms.filter((f) => !f.titles.includes(title) && !f.genericTitles.includes(title)).flatMap((f) => [...f.titles, ...f.genericTitles]),
    ...fr.fallback.knownTitles,
  ].map((t) => titleCore(foldForMatch(t)));
  for (let i = 0; i + OWN_RUN_GLYPHS <= own.length; i++) {
    const run = own.slice(i, i + OWN_RUN_GLYPHS).join('');
    if (line.includes(run) && !others.some((t) => t.includes(run))) return true;
  }
  return false;
}

/** Every field label of the rules, folded; computed once per rule set (asked for on every page). */
const RULE_LABELS = new WeakMap<FormRules, string[]>();
function ruleLabels(fr: FormRules): string[] {
  let labels = RULE_LABELS.get(fr);
  if (!labels) {
    labels = [...new Set(fr.forms.flatMap((f) => f.fields.flatMap((d) => d.labels)))].map(foldForMatch);
    RULE_LABELS.set(fr, labels);
  }
  return labels;
}

/** Does a line open with a field label of some form (分流意见：快执), past table rules and specks? */
function labelOpensLine(lines: readonly string[], fr: FormRules): boolean {
  const labels = ruleLabels(fr);
  return lines.some((raw) => {
    const folded = foldForMatch(raw).replace(LEADING_NOISE, '');
    return labels.some((l) => folded.startsWith(l));
  });
}

/**
 * A page with no title at all whose body carries a form's keywords and most of its field
 * labels: a form whose court and title lines were lost (an 报告财产令 opening with its number,
 * bench seed 11), not an unlisted paper. The body may name the form (else `form` is null and
 * the page stays `other`); either way a clerk confirms. Null when the body is no form's.
 */
export function formLikeBody(foldedBody: string, fr: FormRules): { form: FormDef | null; confidence: number; alternative: { formType: string; score: number }; reason: string } | null {
  const g = guessUnreadForm({ text: '', line: 0 }, foldedBody, fr);
  // A form without field labels (a ruling) shows its keywords alone.
  const fieldless = fr.forms.find((f) => f.code === g.closestForm)?.fields.length === 0;
  if (g.confirm < BODY_CONFIRM || (g.labels < 0.5 && !fieldless) || !g.closestForm) return null;
  return {
    form: g.form,
    confidence: g.form ? 0.45 : 0.4,
    alternative: { formType: g.closestForm, score: Math.round(g.confirm * 100) / 100 },
    reason: `no title recognised, but the text carries the keywords and field labels of ${g.closestForm}: ${g.form ? g.form.code : `filed as ${fr.fallback.code}`}, to be confirmed`,
  };
}
