/**
 * Page and document classification: form type, title, case number, date, fields, confidence,
 * review flags, each with human-readable reasons.
 *
 * Owns the decision "which form is this page, and what does it say", driven entirely by the
 * form rules passed in (titles, generic titles + required keywords, confirming keywords, field
 * definitions). Pure and deterministic: imports only sibling pure modules and the *type* of
 * never storage, queue, api, sharp, tesseract or node:fs.
 */
import { repairRecitedNumber } from './case-number.ts';
import { headCourt } from './court-line.ts';
import { chooseDocDate } from './doc-date.ts';
import { extractFields, type FieldValue } from './fields.ts';
import { containsKeyword, matchTitles, type TitleCandidate, type TitleHit } from './fuzzy.ts';
import { foldForMatch, normalizeOcrLine } from './normalize-text.ts';
import { hitOf, readPageCaseNumber, type CaseNumberHit } from './page-case-number.ts';
import type { FormDef, FormRules, Rules } from './rules.schema.ts';
import { dropMentions, foreignTitleWords, KNOWN_TITLE_ALONE, type ScoredTitle } from './title-choice.ts';
import { continuesDocument, findUnreadTitle, formLikeBody, guessUnreadForm, keywordShare, type UnreadTitle } from './untitled-page.ts';

/** OCR output of a page: its text, and optionally its lines with OCR confidence (0–1 or 0–100). */
export type { CaseNumberHit } from './page-case-number.ts';

export interface ClassifyInput {
  text: string;
  /** `alternatives`: other readings of a line that contradict its text (the OCR stage read a signing date again). */
  lines?: ReadonlyArray<{ text: string; confidence?: number; alternatives?: readonly string[] }>;
  /**
   * The first this many lines are the header band, read on its own and put before the page's
   * text: a line of the page is this many lines lower than where it sits on the page.
   */
  bandLines?: number;
}

/** The result of classifying a page (or a whole document, see {@link classifyDocument}). */
export interface PageClassification {
  /** A form code of the rules, or the fallback code (`other`). */
  formType: string;
  /** Display name of the form (zh-CN). */
  formName: string;
  titleMatch: { title: string; line: number; similarity: number } | null;
  /** The case this page belongs to (label 案号 / preferred type / top of page first). */
  caseNumber: CaseNumberHit | null;
  /** Every case number found, in reading order. */
  caseNumbers: CaseNumberHit[];
  /**
   * The page prints its own 案号 line (1-based) but no number was read from it. A number found
   * elsewhere (a cover sheet before the document) is then only a proposal.
   */
  caseNumberLineUnread?: number | null;
  /** For a 执恢 case number: the original case cited in the text. */
  originalCaseNumber: (CaseNumberHit & { reason: string }) | null;
  /** Document date `YYYY-MM-DD`: the form's date field, else the last date in the text. */
  date: string | null;
  fields: Record<string, FieldValue>;
  /** Confidence in `formType`, 0–1. */
  confidence: number;
  /** Mean OCR line confidence, 0–1; null when the input had no line confidences. */
  ocrConfidence: number | null;
  /** Why, in English, in the order the decisions were made. */
  reasons: string[];
  volume: 'main' | 'secondary';
  isCover: boolean;
  /**
   * A title-like line the OCR could not read on a page shaped like a form's first page
   * (untitled-page.ts): the page still starts a document, and the classification (a guess at
   * best) stays below the review threshold.
   */
  unreadTitle?: UnreadTitle | null;
  /**
   * How far the date can be trusted, for recognised forms (null for `other` and cover sheets,
   * whose dates move no node): 1 from the form's date field or a line holding just a date, 0.5
   * for a date taken from running text, 0 when none was found. Below the review threshold the
   * document goes to a clerk: a wrong date silently moves node and deadline dates.
   */
  dateConfidence?: number | null;
  /** Other dates that doubt `date` (classifier/doc-date.ts DocDate.alternatives). */
  dateAlternatives?: string[];
  /** The date is a day off on a form signed on working days only: a clerk's to confirm, not the register's or the track's to settle (DocDate.onDayOff). */
  dateOnDayOff?: boolean;
  /** Runner-up form types with their scores (best first), for the review UI. */
  alternatives: Array<{ formType: string; score: number }>;
  rulesVersion: string;
  /** The court's name printed at the head of the page, as read (court-line.ts); null when none. */
  headCourt?: string | null;
}

function formRulesOf(rules: FormRules | Rules): FormRules {
  return Array.isArray((rules as FormRules).forms) ? (rules as FormRules) : (rules as Rules).forms;
}

const round = (x: number): number => Math.round(x * 100) / 100;

/** OCR gives confidences on 0–100, tests and older saved results on 0–1: any value above 1 means the former. */
function confidenceScale(values: readonly number[]): number {
  return values.some((v) => v > 1) ? 100 : 1;
}

function meanConfidence(lines: ClassifyInput['lines']): number | null {
  const vals = (lines ?? []).filter((l) => l.text.trim().length > 0 && typeof l.confidence === 'number').map((l) => l.confidence as number);
  if (vals.length === 0) return null;
  const scale = confidenceScale(vals);
  return round(vals.reduce((a, b) => a + b, 0) / vals.length / scale);
}

/** Each line's OCR confidence on a 0–1 scale (OCR gives 0–100), undefined where unknown. */
function lineConfidencesOf(lines: NonNullable<ClassifyInput['lines']>): Array<number | undefined> {
  const scale = confidenceScale(lines.map((l) => l.confidence ?? 0));
  return lines.map((l) => (typeof l.confidence === 'number' ? l.confidence / scale : undefined));
}

/** Titles this close (but below the match threshold) make an untitled page suspicious. */
const NEAR_MISS = 0.65;

/**
 * A known non-form title beats a form title found on the same line when it is no longer and
 * matches strictly better, or when it is longer and needs fewer edits or some of its extra
 * glyphs are really on the line: 协口执行通知书 reads
 * 协助执行通知书 (one of the two extra glyphs present), while 纳入失信被执行人名单决定书 does not
 * read 撤销纳入失信被执行人名单决定书 (both extra glyphs missing).
 */
function beats(other: TitleHit, form: TitleHit): boolean {
  const extra = [...other.title].length - [...form.title].length;
  if (extra <= 0) return other.similarity > form.similarity; // a shorter title explains less of the line
  return other.distance < form.distance || other.distance - form.distance < extra;
}

/** A known title's hit as read: each Latin letter where its Han glyph stands a whole edit, not half. */
function asRead(o: TitleHit): TitleHit {
  if (o.unread === 0) return o;
  const distance = o.distance + 0.5 * o.unread;
  return { ...o, distance, unread: 0, similarity: Math.max(0, 1 - distance / Math.max(1, [...foldForMatch(o.title)].length)) };
}

/** Confidence of a form title that a known non-form title rivals on unread glyphs only: below any review threshold in use. */
const UNREAD_RIVAL_CONFIDENCE = 0.5;
/** Confidence of a form title whose line holds a word of another paper's title (title-choice.ts foreignTitleWords): as low. */
const FOREIGN_WORD_CONFIDENCE = 0.5;

/** Options for {@link classifyPage}. */
export interface ClassifyOptions {
  /** Lines at or after this 0-based index are not searched for a title (end of page 1). */
  titleEndLine?: number;
  /** The day the paper was scanned (YYYY-MM-DD): a form dated after it was misread. */
  latestDate?: string | null;
  /** Whether courts work on a day (the holiday calendar; default Monday to Friday), see doc-date.ts. */
  isWorkingDay?: (date: string) => boolean;
  /** True when the holiday calendar has the year of a date (Calendar.covers): only then is a date on a day off doubted, see doc-date.ts. */
  knowsDaysOff?: (date: string) => boolean;
}

/** How far back a scanned paper of an unread case number can be dated: a legacy case's papers are scanned years later. */
const SCAN_REACH_YEARS = 15;

/**
 * The earliest day a form can be dated: 1 January of its case's year (its recitals may be
 * older). With its number unread, the day SCAN_REACH_YEARS before the scan day, so a garbled
 * signing line can still be read: the register may settle the number afterwards, and checks
 * the date against the case's filing day then (seed 112: 二名二四年五月八日 on a 报告财产令 whose
 * 案号 read (202用沪0115执8199号 waited for a clerk with no date). Null without either.
 */
function earliestFormDate(caseYear: number | null, scanDay: string | null): string | null {
  if (caseYear !== null) return `${caseYear}-01-01`;
  return scanDay ? `${Number(scanDay.slice(0, 4)) - SCAN_REACH_YEARS}${scanDay.slice(4)}` : null;
}

/**
 * Classify one page of OCR text with the form rules (`rules.forms`, or the whole rule set).
 * Deterministic; never throws on any text. See {@link PageClassification} for the result.
 */
export function classifyPage(input: ClassifyInput, rules: FormRules | Rules, options: ClassifyOptions = {}): PageClassification {
  const fr = formRulesOf(rules);
  const m = fr.matching;
  const rawLines = input.lines ? input.lines.map((l) => l.text) : input.text.split('\n');
  const lines = rawLines.map(normalizeOcrLine);
  const folded = lines.map(foldForMatch);
  const body = folded.join('');
  const reasons: string[] = [];

  const candidates: TitleCandidate[] = [
    ...fr.forms.flatMap((f) => [
      ...f.titles.map((title) => ({ key: f.code, title })),
      ...f.genericTitles.map((title) => ({ key: f.code, title, generic: true })),
    ]),
    ...fr.fallback.knownTitles.map((title) => ({ key: fr.fallback.code, title })),
  ];
  // A page that continues the document before it (numbered a later page, a field reading
  // 见上表, an attachment list) starts none: a form title on it is a mention (送达文书 执行裁定书
  // in a 送达回证's 附：明细清单, seed 96, held out). Only page 1 of a document's text is asked.
  const continues = continuesDocument(lines.slice(0, options.titleEndLine ?? lines.length));
  if (continues) reasons.push('the page continues the document before it (a later page number, a field reading 见上表, or an attachment heading): no title is taken from it');
  const allHits = continues ? [] : matchTitles(lines, candidates, {
    threshold: Math.min(NEAR_MISS, m.titleSimilarity),
    maxLines: m.titleSearchLines,
    minCoverage: m.titleMinCoverage,
    ...(options.titleEndLine !== undefined ? { endLine: options.titleEndLine } : {}),
  });
  const hits = allHits.filter((h) => h.key !== fr.fallback.code);
  // A known non-form title counts only where it beats every form title found on its line;
  // alone on a line it must be near-exact (申请执行人 is a label, not 申请执行书).
  // Judged on the glyphs actually read: a Latin letter where the known title's glyph stands is
  // no evidence of that glyph (ER over 纳入失信被执行人名单决定书 is no 撤销, seed 140, held out: a
  // 失信决定书 filed as other unseen). A known title that wins only on such letters leaves the
  // form's title taken, for a clerk to confirm (unreadRivals).
  const knownQualifies = (o: TitleHit): boolean => {
    if (o.key !== fr.fallback.code || o.similarity < m.titleSimilarity) return false;
    const rivals = hits.filter((h) => h.line === o.line && h.similarity >= m.titleSimilarity);
    return rivals.length > 0 ? rivals.every((h) => beats(o, h)) : o.similarity >= KNOWN_TITLE_ALONE;
  };
  const otherHits: TitleHit[] = [];
  const unreadRivals: TitleHit[] = [];
  for (const o of allHits) if (knownQualifies(o)) (knownQualifies(asRead(o)) ? otherHits : unreadRivals).push(o);
  const scored = new Map<string, ScoredTitle>();
  for (const hit of hits) {
    const form = fr.forms.find((f) => f.code === hit.key) as FormDef;
    if (hit.similarity < m.titleSimilarity) continue;
    const beaten = otherHits.find((o) => o.line === hit.line && beats(o, hit));
    if (beaten) {
      reasons.push(`title ${hit.title} at line ${hit.line} not taken: the line reads ${beaten.title} (similarity ${beaten.similarity.toFixed(2)}), filed as ${fr.fallback.code}`);
      continue;
    }
    if (hit.generic && !form.requiredKeywords.some((k) => containsKeyword(body, k))) {
      reasons.push(`generic title ${hit.title} at line ${hit.line} not taken as ${form.code}: none of ${form.requiredKeywords.join('/')} in the text`);
      continue;
    }
    const confirm = keywordShare(form, body);
    const score = hit.score + 0.08 * confirm + (hit.generic ? 0 : 0.02);
    const prev = scored.get(form.code);
    if (!prev || score > prev.score) scored.set(form.code, { form, hit, confirm, score });
  }
  const ranked = [...scored.values()].sort((a, b) => b.score - a.score);
  reasons.push(...dropMentions(ranked, otherHits, lines));
  const top = ranked[0];
  const alternatives = ranked.slice(1, 4).map((r) => ({ formType: r.form.code, score: round(r.score) }));

  let form: FormDef | null = null;
  let genericOnly: TitleHit | null = null;
  let knownOther: TitleHit | null = null;
  let unreadTitle: UnreadTitle | null = null;
  let confidence: number;
  if (top) {
    form = top.form;
    const t = top.hit;
    const titleConf = 0.5 + 0.5 * Math.max(0, Math.min(1, (t.similarity - m.titleSimilarity) / (1 - m.titleSimilarity || 1)));
    confidence = titleConf * 0.8 + 0.2 * top.confirm;
    reasons.push(
      `title matched ${t.title} at line ${t.line}${t.brokenOverLines ? ' (broken over two lines)' : ''} (similarity ${t.similarity.toFixed(2)})`,
      `${Math.round(top.confirm * 100)}% of confirming keywords present`,
    );
    const runnerUp = ranked[1];
    if (runnerUp && top.score - runnerUp.score < 0.02) {
      confidence *= 0.8;
      reasons.push(`close to ${runnerUp.form.code} (score ${runnerUp.score.toFixed(3)} vs ${top.score.toFixed(3)})`);
    }
    // A word of another paper's title in the line read as this title: another paper (a clerk's).
    const foreign = foreignTitleWords(t, [...form.titles, ...form.genericTitles], m.otherPaperWords);
    if (foreign.length > 0) {
      confidence = Math.min(confidence, FOREIGN_WORD_CONFIDENCE);
      reasons.push(`title read ${t.read} holds ${foreign.join(', ')}, of the words that make a title another paper's, that ${t.title} lacks: another paper, to be confirmed`);
    }
    const unreadRival = unreadRivals.find((o) => o.line <= t.line + 2 && o.line >= t.line - 2);
    if (unreadRival && confidence >= UNREAD_RIVAL_CONFIDENCE) {
      confidence = UNREAD_RIVAL_CONFIDENCE;
      reasons.push(`the line could read ${unreadRival.title} (line ${unreadRival.line}), its glyphs ${t.title} lacks read only as Latin letters: to be confirmed`);
    }
  } else if (otherHits[0]) {
    // A known non-form title (协助执行通知书 …): an `other` document that starts here.
    knownOther = otherHits[0];
    const titleConf = 0.5 + 0.5 * Math.max(0, Math.min(1, (knownOther.similarity - m.titleSimilarity) / (1 - m.titleSimilarity || 1)));
    confidence = 0.4 + 0.5 * titleConf;
    reasons.push(`title matched ${knownOther.title} at line ${knownOther.line} (similarity ${knownOther.similarity.toFixed(2)}): a document filed as ${fr.fallback.code}`);
  } else if (hits.some((h) => h.generic && h.similarity >= m.titleSimilarity)) {
    // A shared title (执行裁定书) was read but the text does not say which ruling it is: it
    // still starts a document, and a clerk decides (or classifyDocument with page 2 does).
    const g = hits.find((h) => h.generic && h.similarity >= m.titleSimilarity) as TitleHit;
    genericOnly = g;
    confidence = 0.4;
    reasons.push(`generic title ${g.title} at line ${g.line} but no keyword decides the form: filed as ${fr.fallback.code}`);
    for (const h of hits.filter((x) => x.generic && x.title === g.title)) alternatives.push({ formType: h.key, score: round(h.score) });
  } else if ((unreadTitle = findUnreadTitle(lines, options.titleEndLine))) {
    const g = guessUnreadForm(unreadTitle, body, fr, lines.slice(0, options.titleEndLine ?? lines.length));
    unreadTitle = g.line;
    form = g.form;
    // A guessed form, or a line close to a form title, is for a clerk to confirm; a plainly
    // unlisted title (情况说明) is an `other` document of its own.
    const strong = g.form !== null && g.strong === true;
    confidence = strong ? 0.65 : g.form ? 0.45 : g.doubt ? 0.4 : 0.7;
    if (!g.form && g.doubt && g.closestForm) alternatives.unshift({ formType: g.closestForm, score: round(g.similarity) });
    const where = unreadTitle.text ? `title line "${unreadTitle.text}" at line ${unreadTitle.line} not readable` : 'no title line (the page opens with its 案号 line)';
    reasons.push(
      g.form
        ? `${where}; closest title ${g.title} (similarity ${g.similarity.toFixed(2)}) with ${Math.round(g.confirm * 100)}% of its keywords and ${Math.round(g.labels * 100)}% of its field labels: ${g.form.code}${strong ? '' : ', to be confirmed'}`
        : g.doubt
          ? `${where}; closest title ${g.title} (similarity ${g.similarity.toFixed(2)}) not confirmed by the text: filed as ${fr.fallback.code}, to be confirmed`
          : `untitled document: line "${unreadTitle.text}" at line ${unreadTitle.line} matches no known title: filed as ${fr.fallback.code}`,
    );
  } else {
    const nearMiss = hits.find((h) => h.similarity < m.titleSimilarity);
    const g = nearMiss ? null : formLikeBody(body, fr);
    if (g) {
      ({ form, confidence } = g);
      alternatives.unshift(g.alternative);
      reasons.push(g.reason);
    } else {
      confidence = nearMiss ? 0.3 : 0.7;
      reasons.push(
        nearMiss
          ? `no title recognised; closest was ${nearMiss.title} at line ${nearMiss.line} (similarity ${nearMiss.similarity.toFixed(2)}, below ${m.titleSimilarity})`
          : `no title recognised in the first ${m.titleSearchLines} lines: filed as ${fr.fallback.code}`,
      );
      if (nearMiss) alternatives.unshift({ formType: nearMiss.key, score: round(nearMiss.score) });
    }
  }

  const { found, picked, caseNumber, originalCaseNumber, reasons: caseReasons, unreadLine } = readPageCaseNumber(rawLines, lines, folded, form, input.bandLines ?? 0);
  reasons.push(...caseReasons);
  const fieldDefs = [...fr.commonFields.filter((d) => d.type !== 'case_number'), ...(form?.fields ?? [])];
  const fields = extractFields(lines, fieldDefs);
  // A number a text field recites (执行依据), its bracket or its court's glyph misread.
  for (const d of fieldDefs.filter((x) => x.type === 'text')) {
    const f = fields[d.name];
    const fixed = f && typeof f.value === 'string' ? repairRecitedNumber(f.value, picked?.hit.parsed ?? null) : null;
    // The court glyph is taken from the document's own court on its digits alone, and court digits
    // repeat across provinces (冀0727 and 赣0727): such a repair is trusted less; a bracket is not.
    if (f && fixed) fields[d.name] = { ...f, value: fixed.value, confidence: fixed.courtGlyphTaken ? round(f.confidence * 0.9) : f.confidence, reason: `${f.reason}; ${fixed.repairs.join('; ')}` };
  }
  if (caseNumber && picked) {
    for (const d of fr.commonFields.filter((x) => x.type === 'case_number')) {
      fields[d.name] = { value: caseNumber.canonical, confidence: caseNumber.confidence, reason: `case number at line ${caseNumber.line} (${picked.why})`, line: caseNumber.line };
    }
  }

  const dateField = form?.dateField ? fields[form.dateField] : undefined;
  const chosenDate = chooseDocDate({
    lines,
    ...(input.lines?.some((l) => l.alternatives) ? { rereadings: input.lines.map((l) => l.alternatives ?? []) } : {}),
    ...(input.lines?.some((l) => typeof l.confidence === 'number') ? { lineConfidences: lineConfidencesOf(input.lines) } : {}),
    fieldDate: form?.dateField && dateField && typeof dateField.value === 'string' ? { name: form.dateField, value: dateField.value } : null,
    fieldLabels: fieldDefs.find((d) => d.name === form?.dateField)?.labels ?? [],
    latest: options.latestDate ?? null,
    earliest: !form?.isCover ? earliestFormDate(picked?.hit.parsed.year ?? null, options.latestDate ?? null) : null,
    ...(options.isWorkingDay ? { isWorkingDay: options.isWorkingDay } : {}),
    workingDaysOnly: form !== null && !form.isCover && !form.datedOnDaysOff,
    ...(options.knowsDaysOff ? { knowsDaysOff: options.knowsDaysOff } : {}),
  });
  const { date, confidence: dateConfidence } = chosenDate;
  reasons.push(...chosenDate.reasons);
  // The date field's own reading was damaged and another taken instead: the field says so too.
  if (form?.dateField && dateField && date && chosenDate.fieldOverruled) {
    fields[form.dateField] = { ...dateField, value: date, confidence: Math.min(dateField.confidence, dateConfidence), reason: `${dateField.reason}; read ${dateField.value}, corrected as the document's date` };
  }
  // The date field's label was read but its value garbled past the date reader; the date read
  // from it as its nearest valid date is the field's value too (移送时间2025年3忆18日, seed 119).
  if (form?.dateField && !dateField && date && chosenDate.fieldLine !== undefined) {
    fields[form.dateField] = { value: date, confidence: dateConfidence, reason: `label at line ${chosenDate.fieldLine}, its date garbled: read as the nearest valid date`, line: chosenDate.fieldLine };
  }
  for (const [name, v] of Object.entries(fields)) if (name !== 'caseNumber') reasons.push(`field ${name} = ${v.value} (${v.reason})`);
  const missing = (form?.fields ?? []).filter((d) => !(d.name in fields)).map((d) => d.name);
  if (missing.length > 0) reasons.push(`fields not found: ${missing.join(', ')}`);

  const shownTitle = top?.hit ?? genericOnly ?? knownOther;
  return {
    formType: form?.code ?? fr.fallback.code,
    formName: form?.name ?? fr.fallback.name,
    titleMatch: shownTitle ? { title: shownTitle.title, line: shownTitle.line, similarity: shownTitle.similarity } : null,
    caseNumber,
    caseNumbers: found.map(hitOf),
    caseNumberLineUnread: unreadLine,
    originalCaseNumber,
    date,
    fields,
    confidence: round(confidence),
    ocrConfidence: meanConfidence(input.lines),
    reasons,
    volume: form?.volume ?? fr.fallback.volume,
    isCover: form?.isCover ?? false,
    unreadTitle,
    dateConfidence: form && !form.isCover ? dateConfidence : null,
    ...(chosenDate.alternatives ? { dateAlternatives: chosenDate.alternatives } : {}),
    ...(chosenDate.onDayOff ? { dateOnDayOff: true } : {}),
    alternatives,
    rulesVersion: fr.version,
    headCourt: headCourt(rawLines),
  };
}

/** The lines of a document's pages in order, as classifyDocument numbers them (1-based `line`s index into it). */
export function documentLines(pages: readonly ClassifyInput[]): NonNullable<ClassifyInput['lines']>[number][] {
  return pages.flatMap((p) => (p.lines ? [...p.lines] : p.text.split('\n').map((text) => ({ text }))));
}

/**
 * Classify a whole document (its pages in order): the title is searched on the first page
 * only, keywords, fields, case numbers and dates over all pages (page 2 often holds the
 * keywords that decide a generic title such as 执行裁定书, and the signature date).
 */
export function classifyDocument(pages: readonly ClassifyInput[], rules: FormRules | Rules, options: Pick<ClassifyOptions, 'latestDate' | 'isWorkingDay' | 'knowsDaysOff'> = {}): PageClassification {
  const lines = documentLines(pages);
  const first = pages[0];
  const firstCount = first ? (first.lines ? first.lines.length : first.text.split('\n').length) : 0;
  return classifyPage({ text: lines.map((l) => l.text).join('\n'), lines, ...(first?.bandLines ? { bandLines: first.bandLines } : {}) }, rules, { ...options, titleEndLine: firstCount });
}
