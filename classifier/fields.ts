/**
 * Label-based field extraction from OCR lines ("申请执行人：张三", table cells, values on the
 * next line).
 *
 * Owns finding a field's label in a page, cutting out its value (up to the next known label, a
 * cell gap or the line end; or the next line when the cell is empty, as table OCR often puts
 * it), and reading that value by the field's type (`field-values.ts`). Every value carries a
 * confidence and a reason. Pure; imports only sibling pure modules.
 */
import { findCaseNumbers } from './case-number.ts';
import { parseAmount, parseDate, readDuration, readItemList } from './field-values.ts';
import { foldForMatch } from './normalize-text.ts';
import type { FieldDef } from './rules.schema.ts';

/** An extracted field value. `line` is 1-based. */
export interface FieldValue {
  value: string | number;
  confidence: number;
  reason: string;
  line: number;
}

/** Between a label and its value: colons, cell rules, and the quote/dash specks OCR reads from table lines. */
const SEPARATORS = /^[\s:：;；,，.。|丨"“”'‘’\-_~·]+/;
/** Trailing punctuation and OCR specks after a text value. */
const TEXT_TAIL = /[\s。；;，,.:：|丨"“”'‘’\-_~·]+$/;
/** One Latin letter or digit after Han text ends no value: a speck of the cell's rule (经办人周斌8, seed 120). */
const SPECK_AFTER_HAN = /(?<=\p{Script=Han})[A-Za-z0-9]$/u;
/** Labels of the day a case was filed, which forms after the filing recite. */
export const FILING_LABELS = ['立案日期', '立案时间', '收案日期', '受理日期'];
/**
 * Labels every form may print that name no field of its own: a value stops at one, and the row
 * below an empty cell is never its value (承办人 empty, then 备注请于五个工作日内完成线下查控: seed
 * 119). The filing day is one: 立案日期 is a glyph from 结案日期, and a closing approval's row
 * 立案日期 l 2024年3月1日 must not be read as its 结案日期 (review of the speck rule).
 */
const PRINTED_LABELS = ['备注', '附件', ...FILING_LABELS];
/**
 * A glyph between a building's number and a room's (27幢774室) that is no unit of an address:
 * 幢 misread. OCR reads 幢 as 峡, 蛋, 剧, 由, 信, 屋 … (seeds 119-121: 12 of 64 such glyphs),
 * and the units it is not (栋, 座, 号, 楼 …) it reads well.
 */
const BUILDING_MISREAD = /(?<=\d)(?![幢栋座号楼层单元区弄排组门梯巷期户])\p{Script=Han}(?=\d+室)/gu;
/**
 * A signature line's placeholder, not a value: 被谈话人（签名）：at the foot of a record, 签名 read
 * a glyph off (《等名), seed 144, held out: 2 interviewees of 7 read as "(签名)" from the foot
 * while the labelled line above, its label misread, held the name).
 */
const SIGNATURE_WORDS = '签名|签字|盖章|签章|捺印';
const SIGNATURE_WORD = new RegExp(`^(?:${SIGNATURE_WORDS})$`, 'u');
/** A bracketed placeholder opening a value, and the stops after it ((签名): 徐建军 → 徐建军). */
const LEADING_PLACEHOLDER = new RegExp(`^[(（〈《[【〔<]\\s*(?:${SIGNATURE_WORDS}|[等署]名|签.)\\s*[)）〉》\\]】〕>][\\s:：]*`, 'u');
function stripPlaceholder(value: string): string {
  return value.replace(LEADING_PLACEHOLDER, '');
}
const BRACKETS = /[(（〈《[【〔<)）〉》\]】〕>]/gu;
function isSignaturePlaceholder(t: string): boolean {
  const inner = t.replace(BRACKETS, '').replace(/[\s:：]/g, '');
  const bracketed = t.replace(/[\s:：]/g, '').length > inner.length;
  // Bracketed on both sides, a glyph off is one too (等名, 签各); a two-glyph name so bracketed is no name anyone writes.
  const both = /^[(（〈《[【〔<]/u.test(t.trim()) && /[)）〉》\]】〕>][\s:：]*$/u.test(t.trim());
  return SIGNATURE_WORD.test(inner) || (bracketed && both && [...inner].length === 2 && (inner.endsWith('名') || inner.startsWith('签')));
}
const CHECKED = /[☑√✓✔■☒▣◼●]/;
/** An empty box, as printed or as OCR reads it (□ → 口: 分流结果口简案因繁案, where 繁案 was ticked). */
const UNCHECKED = /[□☐○◻口]/;

interface Occurrence {
  lineIndex: number;
  start: number;
  end: number;
  label: string;
  quality: number;
}

function labelOccurrences(lines: readonly string[], def: FieldDef, allLabels: readonly string[]): Occurrence[] {
  const out: Occurrence[] = [];
  lines.forEach((line, lineIndex) => {
    for (const label of def.labels) {
      for (let at = line.indexOf(label); at >= 0; at = line.indexOf(label, at + 1)) {
        // "金额" inside "到账金额", "案号" inside "原案号": the longer label owns that text.
        const inside = allLabels.some((other) => {
          if (other.length <= label.length || !other.includes(label)) return false;
          for (let o = other.indexOf(label); o >= 0; o = other.indexOf(label, o + 1)) {
            if (line.startsWith(other, at - o)) return true;
          }
          return false;
        });
        if (inside || (label.endsWith('案号') && line[at - 1] === '原')) continue;
        const after = line.slice(at + label.length);
        const before = line.slice(0, at);
        // A label after nothing but specks (-经办人李娜: a table rule read as a dash) opens its line.
        const quality = /^\s*[:：]/.test(after) ? 0.9 : before.replace(LEADING_NOISE, '') === '' || /[\t|]\s*$/.test(before) ? 0.8 : 0.6;
        out.push({ lineIndex, start: at, end: at + label.length, label, quality });
      }
    }
  });
  return out.sort((a, b) => a.lineIndex - b.lineIndex || a.start - b.start);
}

function startsWithLabel(s: string, allLabels: readonly string[]): boolean {
  return allLabels.some((l) => s.startsWith(l));
}

/** Value text after a label: up to the next known label, a cell gap (tab) or the line end. */
function valueAfter(line: string, from: number, allLabels: readonly string[]): string {
  const rest = line.slice(from).replace(SEPARATORS, '');
  let cut = rest.indexOf('\t');
  if (cut < 0) cut = rest.length;
  for (const l of allLabels) {
    const i = rest.indexOf(l);
    if (i > 0 && i < cut) cut = i;
  }
  return rest.slice(0, cut).trim();
}

/** Pick the enum value named in `text`, honouring checkbox marks (☑简案 □繁案). */
export function pickEnum(text: string, map: Readonly<Record<string, readonly string[]>>): { value: string; phrase: string; checked: boolean } | null {
  const hits: Array<{ value: string; phrase: string; at: number; checked: boolean; unchecked: boolean }> = [];
  for (const [value, phrases] of Object.entries(map)) {
    for (const phrase of phrases) {
      for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
        const mark = text.slice(Math.max(0, at - 2), at);
        hits.push({ value, phrase, at, checked: CHECKED.test(mark), unchecked: UNCHECKED.test(mark) });
      }
    }
  }
  // Drop a phrase contained in a longer hit at an overlapping position (同意 inside 不同意).
  const kept = hits.filter(
    (h) => !hits.some((o) => o !== h && o.phrase.length > h.phrase.length && o.at <= h.at && h.at + h.phrase.length <= o.at + o.phrase.length),
  );
  const marked = kept.filter((h) => h.checked);
  const pool = marked.length > 0 ? marked : kept.filter((h) => !h.unchecked);
  pool.sort((a, b) => a.at - b.at || b.phrase.length - a.phrase.length);
  const best = pool[0];
  return best ? { value: best.value, phrase: best.phrase, checked: best.checked } : null;
}

function readValue(def: FieldDef, text: string): { value: string | number; confidence: number; note: string } | null {
  switch (def.type) {
    case 'case_number': {
      const found = findCaseNumbers(text)[0];
      return found ? { value: found.parsed.canonical, confidence: found.confidence, note: `case number ${found.raw}` } : null;
    }
    case 'date': {
      const d = parseDate(text);
      return d ? { value: d, confidence: 1, note: 'date' } : null;
    }
    case 'amount': {
      const a = parseAmount(text, { allowBare: true });
      return a !== null ? { value: a, confidence: 1, note: 'amount' } : null;
    }
    case 'duration': {
      // A numeral or 个 read from a misread glyph is a guess a clerk may want to see: said, and trusted less.
      const d = readDuration(text);
      if (!d) return null;
      return d.repairs.length > 0 ? { value: d.value, confidence: 0.9, note: `duration (${d.repairs.join('; ')})` } : { value: d.value, confidence: 1, note: 'duration' };
    }
    case 'enum': {
      const e = pickEnum(text, def.enum ?? {});
      return e ? { value: e.value, confidence: e.checked ? 1 : 0.95, note: `"${e.phrase}"${e.checked ? ' (checked box)' : ''}` } : null;
    }
    case 'text': {
      const t = text.replace(TEXT_TAIL, '').replace(SPECK_AFTER_HAN, '').slice(0, 60).trim();
      if (t.length === 0 || isSignaturePlaceholder(t)) return null;
      const building = t.match(BUILDING_MISREAD);
      if (building) return { value: t.replace(BUILDING_MISREAD, '幢'), confidence: 0.9, note: `text (${building.join('')} between a building's and a room's number read as 幢)` };
      if (!def.items) return { value: t, confidence: 1, note: 'text' };
      const list = readItemList(t, def.items);
      return list.value === t ? { value: t, confidence: 1, note: 'text' } : { value: list.value, confidence: list.exact ? 1 : 0.9, note: `text ${t} read as listed items` };
    }
  }
}

/** Table rules, specks and spaces before a label (|院长意见|). */
export const LEADING_NOISE = /^[\s|丨[\]【】()（）.,，。、:：'"“”‘’_\-—~·]+/u;

/** A label this long may have one glyph misread and still open its line (局长意册 for 局长意见). */
const FUZZY_LABEL_MIN = 4;

/**
 * Does `folded` open with `label`, or, for a label of {@link FUZZY_LABEL_MIN}+ glyphs, with
 * the label but one glyph? The OCR stage reads a decision line again on this (a near miss
 * costs one line reading), and an enum field whose exact label is nowhere is read from such a
 * line; a lost label would leave the case waiting for a clerk. No two-glyph-apart labels of
 * the rule files (审批日期/审批意见) meet this way.
 */
export function opensWith(folded: string, label: string): boolean {
  const l = foldForMatch(label);
  if (folded.startsWith(l)) return true;
  const glyphs = [...l];
  const head = [...folded].slice(0, glyphs.length);
  if (glyphs.length < FUZZY_LABEL_MIN || head.length < glyphs.length) return false;
  return head.filter((g, i) => g !== glyphs[i]).length === 1;
}

/**
 * Extract one field from normalised OCR lines (see `normalizeOcrLine`). `allLabels` are the
 * labels of every field of the form, so a value stops where the next label starts. Null when
 * the label is not found or no value of the field's type follows it.
 */
export function extractField(lines: readonly string[], def: FieldDef, allLabels: readonly string[]): FieldValue | null {
  const occurrences = labelOccurrences(lines, def, allLabels).filter((o) => def.type !== 'text' || o.quality >= 0.8);
  const ordered = def.occurrence === 'last' ? [...occurrences].reverse() : occurrences;
  // Labelled occurrences first ("案号：" beats a mention in running text).
  ordered.sort((a, b) => (b.quality >= 0.8 ? 1 : 0) - (a.quality >= 0.8 ? 1 : 0));
  for (const occ of ordered) {
    const line = lines[occ.lineIndex] as string;
    // A signature placeholder after the label (被谈话人(签名):) is no value: the name may follow it.
    const raw = valueAfter(line, occ.end, allLabels);
    const inline = def.type === 'text' ? stripPlaceholder(raw) : raw;
    // Nothing after a placeholder is a signature left blank: the next line is no value of it (谈话人(签名):张明 below).
    if (inline.length === 0 && raw.length > 0) continue;
    let read = inline ? readValue(def, inline) : null;
    let lineNo = occ.lineIndex + 1;
    let where = 'on the same line';
    if (!read && inline.length === 0) {
      const nextIndex = lines.findIndex((l, i) => i > occ.lineIndex && l.trim().length > 0);
      const next = nextIndex >= 0 ? (lines[nextIndex] as string) : '';
      if (next && !startsWithLabel(next.replace(LEADING_NOISE, ''), allLabels)) {
        read = readValue(def, valueAfter(next, 0, allLabels));
        lineNo = nextIndex + 1;
        where = 'on the next line';
      }
    }
    if (!read) continue;
    const confidence = Math.round(occ.quality * read.confidence * (where === 'on the same line' ? 1 : 0.85) * 100) / 100;
    return { value: read.value, confidence, reason: `label ${occ.label} at line ${occ.lineIndex + 1}, ${read.note} ${where}`, line: lineNo };
  }
  // An enum field whose label opens its line one glyph off (审批息见 for 审批意见, seed 47, held
  // out: an appraisal approval's 准予 unread held its case short of 评估拍卖), its word after it.
  // So does a date field's (分流日其2025.6.4 for 分流日期, 审批日其: seed 65, held out, a triage
  // sheet held for a clerk, its date taken from running text), the date straight after it.
  // So does a text field's (查控范转 for 查控范围: seeds 107-108 read 围 as 转 on one search
  // referral in three), its value cut as after an exact label.
  if (def.type === 'enum' || def.type === 'date' || def.type === 'text') {
    const near = nearLabelValue(lines, def, allLabels);
    if (near) return near;
  }
  if (def.type === 'enum' && def.searchBody) {
    for (let i = 0; i < lines.length; i++) {
      const e = pickEnum(lines[i] as string, def.enum ?? {});
      if (e) {
        return {
          value: e.value,
          confidence: e.checked ? 0.7 : 0.5,
          reason: `no label; "${e.phrase}" found in the text at line ${i + 1}${e.checked ? ' (checked box)' : ''}`,
          line: i + 1,
        };
      }
    }
  }
  return null;
}

/**
 * The value of an enum, date or text field on a line opening with one of its labels read a
 * glyph off (opensWith), the last such line for `occurrence: last`. A line that opens with
 * another field's exact label is that field's.
 */
function nearLabelValue(lines: readonly string[], def: FieldDef, allLabels: readonly string[]): FieldValue | null {
  const order = lines.map((_, i) => i);
  const foldedLabels = allLabels.map(foldForMatch);
  for (const i of def.occurrence === 'last' ? order.reverse() : order) {
    const folded = foldForMatch(lines[i] as string).replace(LEADING_NOISE, '');
    const label = def.labels.find((l) => opensWith(folded, l));
    if (!label || startsWithLabel(folded, foldedLabels)) continue;
    const glyphs = [...folded];
    const n = [...foldForMatch(label)].length;
    const read = glyphs.slice(0, n).join('');
    if (def.type === 'text') {
      // Cut from the line as read: folding drops the 、 between list items and the cell gaps.
      const raw = [...(lines[i] as string).replace(LEADING_NOISE, '')];
      let k = 0;
      for (let seen = 0; k < raw.length && seen < n; k++) if (!/\s/.test(raw[k] as string)) seen++;
      const value = valueAfter(raw.slice(k).join(''), 0, allLabels);
      const t = value && !startsWithLabel(value, allLabels) ? readValue(def, value) : null;
      if (t) return { value: t.value, confidence: 0.6, reason: `label ${label} read a glyph off at line ${i + 1} ("${read}"), text on the same line`, line: i + 1 };
      continue;
    }
    if (def.type === 'date') {
      // The date must open what follows the label, past separators and a speck read as a glyph
      // (结案目期革2024年11月11日: seed 162, held out, a closing approval waited for a clerk, its case
      // short of 结案): not a date later in a sentence.
      const rest = glyphs.slice(n).join('').replace(SEPARATORS, '').replace(/^[^\d\s](?=\d{4})/u, '');
      const d = /^\d/.test(rest) ? readValue(def, rest) : null;
      if (d) return { value: d.value, confidence: 0.6, reason: `label ${label} read a glyph off at line ${i + 1} ("${read}"), ${d.note} on the same line`, line: i + 1 };
      continue;
    }
    const e = pickEnum(glyphs.slice(n).join(''), def.enum ?? {});
    if (e) return { value: e.value, confidence: 0.6, reason: `label ${label} read a glyph off at line ${i + 1} ("${read}"), "${e.phrase}" on the same line`, line: i + 1 };
  }
  return null;
}

/** Extract every field of `defs`; fields that are not found are absent from the result. */
export function extractFields(lines: readonly string[], defs: readonly FieldDef[]): Record<string, FieldValue> {
  const allLabels = [...new Set([...defs.flatMap((d) => d.labels), ...PRINTED_LABELS])].sort((a, b) => b.length - a.length);
  const out: Record<string, FieldValue> = {};
  for (const def of defs) {
    const v = extractField(lines, def, allLabels);
    if (v) out[def.name] = v;
  }
  return out;
}
