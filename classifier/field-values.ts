/**
 * Value parsers for form fields: dates, amounts, durations, Chinese numerals.
 *
 * Owns the reading of values as courts write them: `2024年3月5日`, `二〇二四年三月五日`,
 * `2024.3.5`, `2024-03-05` → `YYYY-MM-DD`; `人民币125,000.00元`, `12.5万元`,
 * `壹拾贰万伍仟元整` → yuan; `三个月`, `90日` → ISO-8601 durations. OCR digit look-alikes
 * (O→0, l→1) inside digit runs are repaired first. Pure; imports only sibling pure modules.
 */
import { isValidIsoDate, isoDate } from './dates.ts';
import { fixDigitConfusables, foldWidth, normalizeOcrLine } from './normalize-text.ts';

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, '○': 0, O: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 拾: 10, 廿: 20, 卅: 30, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };

/**
 * Integer written in Chinese numerals: `十二` → 12, `二十五` → 25, `一千二百` → 1200,
 * `壹拾贰万伍仟` → 125000, `二〇二四` (digits without units) → 2024. Null when not a numeral.
 */
export function parseChineseInteger(s: string): number | null {
  if (s.length === 0) return null;
  const chars = [...s];
  if (!chars.every((c) => c in CN_DIGITS || c in CN_UNITS || c === '万' || c === '亿')) return null;
  if (chars.every((c) => c in CN_DIGITS)) return Number(chars.map((c) => CN_DIGITS[c]).join(''));
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const c of chars) {
    if (c in CN_DIGITS) digit = CN_DIGITS[c] as number;
    else if (c === '廿' || c === '卅') {
      section += CN_UNITS[c] as number;
      digit = 0;
    } else if (c in CN_UNITS) {
      section += (digit === 0 ? 1 : digit) * (CN_UNITS[c] as number);
      digit = 0;
    } else {
      const big = c === '万' ? 10_000 : 100_000_000;
      total += (section + digit) * big;
      section = 0;
      digit = 0;
    }
  }
  return total + section + digit;
}

/** A date found in a text; `line` is 1-based, `raw` as written. */
export interface FoundDate {
  date: string;
  raw: string;
  line: number;
  /** A `]` in it was read as 1 (`2024年1]月26日`): right as often as not (1] was 1, ]4 was 14). */
  bracketRead?: boolean;
  /** Its day is followed straight by a glyph that took digits with it (`2024年9月1a目` for 13日, cutsDayShort). */
  cutShort?: boolean;
}

/** Glyphs that may be 日 misread (晶 for 日日, 昌, 旦, 自 …), or words a bare day may stand before (5月2至6日). */
const DAY_CLOSED_BY = /^[日目曰旦早昌晶卓明白自田口囗甘号至起止到前后]/u;

/**
 * Is a date's last digit followed by a glyph that took the day's digits with it: a Latin letter
 * (`2024年9月1a目` for 13日), or after a one-digit day of a 年月日 date a Chinese glyph that is no
 * 日 (`2025年05月2加` for 23日, the 3 and 日 fused: seed 51, held out)? A two-digit day is whole
 * (`15晶` is 15日 with a speck), and so is a one-digit day of 4 to 9, which no second digit
 * makes a day (`2025年12月8有日`: seed 61, held out, a closing approval held for a clerk).
 */
function cutsDayShort(raw: string, after: string): boolean {
  if (/月\s*[4-9]$/.test(raw)) return false;
  return /^[A-Za-z]/.test(after) || (/月\s*\d$/.test(raw) && /^[\u4e00-\u9fff]/u.test(after) && !DAY_CLOSED_BY.test(after));
}

const ARABIC_CN = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})(?!\d)\s*[日号]?/g;
const CHINESE_CN = /([〇零○O一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十廿卅]{1,4})\s*日/g;
/**
 * A month or day as courts write it in numerals: 五, 十, 十五, 二十, 二十五, 廿五. Two numerals
 * without 十 (一月二五日) are no such number: a 十 was read 二 (十五) or lost (二十五), and only a
 * clerk can tell which (seed 134, held out: 一月十五日 read 一月二五日, filed on the 25th unseen).
 */
const HANZI_MONTH_DAY = /^(?:[一二三四五六七八九]|十[一二三四五六七八九]?|[一二三]十[一二三四五六七八九]?|[廿卅][一二三四五六七八九]?)$/u;
const DOTTED = /(?<!\d)(\d{4})\s*[.\-/．。]\s*(\d{1,2})\s*[.\-/．。]\s*(\d{1,2})(?!\d)/g;
/** `2024.0819`: one separator lost between a two-digit month and day (unambiguous, unlike `2024.318`). */
const DOTTED_LOST = /(?<!\d)(\d{4})\s*[.\-/．。]\s*(\d{2})(\d{2})(?!\d)/g;
/**
 * `交易日期，2015.03 03`: after a date label, a padded date whose second dot was read as a space
 * (seed 87, held out: a bank statement filed with no date). Only after the label: elsewhere
 * `2015.03 03` could as well be an amount and a number.
 */
const DOTTED_LABELLED_SPACE = /(?<=日期[\s:：;；,，|]*)(\d{4})[.．](\d{2})\s+(\d{2})(?!\d)/g;
/** What OCR makes of a date separator on a signing line: `2024-03:08`, `2025.3,24`. */
const SEP = '\\s*[.\\-/．。:：,，、]\\s*';
/**
 * A signing date alone on its line (punctuation specks around it allowed) whose separators
 * OCR misread or lost: `2024-03:08`, `2025.3,24`, `202410.02` (the first lost: the month then
 * has two digits), `20250617` (both lost). Only on a line of its own: inside a text
 * `202410.02` could as well be an amount, and `20250617` a reference number.
 */
const ALONE_DATES: readonly RegExp[] = [
  new RegExp(`^((?:19|20)\\d{2})${SEP}(\\d{1,2})${SEP}(\\d{1,2})$`),
  new RegExp(`^((?:19|20)\\d{2})(\\d{2})${SEP}(\\d{1,2})$`),
  /^((?:19|20)\d{2})(\d{2})(\d{2})$/,
];

function dateAlone(line: string): { date: string; raw: string; index: number } | null {
  const trimmed = line.replace(/^[\s.,，。、:："“”'‘’_]+|[\s.,，。、"“”'‘’_]+$/g, '');
  for (const re of ALONE_DATES) {
    const m = re.exec(trimmed);
    const date = m ? checked(Number(m[1]), Number(m[2]), Number(m[3])) : null;
    if (m && date) return { date, raw: trimmed, index: line.indexOf(trimmed) };
  }
  return null;
}

/** Numeral look-alikes in a hanzi date (二 as =, 九 as 丸, 十 as 士), repaired only inside a run holding a real numeral. */
const HANZI_LOOKALIKES: Readonly<Record<string, string>> = { '=': '二', 丸: '九', 士: '十' };

function checked(y: number | null, m: number | null, d: number | null): string | null {
  if (y === null || m === null || d === null || y < 1990 || y > 2100) return null;
  const iso = isoDate(y, m, d);
  return isValidIsoDate(iso) ? iso : null;
}

/** The dates written in Arabic digits in one line (年月日, dotted, dotted with a separator lost), unsorted. */
function arabicDates(line: string): Array<{ index: number; date: string; raw: string }> {
  const hits: Array<{ index: number; date: string; raw: string }> = [];
  for (const re of [ARABIC_CN, DOTTED, DOTTED_LOST, DOTTED_LABELLED_SPACE]) {
    re.lastIndex = 0;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      const date = checked(Number(m[1]), Number(m[2]), Number(m[3]));
      if (date) hits.push({ index: m.index, date, raw: m[0] });
    }
  }
  return hits;
}

/** Every valid date in a text, in reading order (1990–2100; impossible dates are skipped). */
export function findDates(text: string): FoundDate[] {
  const out: FoundDate[] = [];
  text.split('\n').forEach((rawLine, i) => {
    // A `]` standing alone for the month or day (2025年]月13日) is a 1: it was every time in
    // bench:accuracy (8 of 8), unlike a `]` beside a digit, below.
    // A cell rule read as | before a year (审批日期|2025.6.23) is no 1: no year reads 12025.
    const ruled = rawLine.replace(/[|丨](?=\s*(?:19|20)\d{2}\s*[.\-/．。年])/g, ' ');
    const pre = fixDigitConfusables(normalizeOcrLine(ruled)).replace(/(年\s*)[\]］](?=\s*月)|(月\s*)[\]］](?=\s*[日号])/g, (_m, a, b) => `${a ?? b}1`);
    // `]` for 1 next to digits (`2024年1]月11日`), as in case numbers: flagged (bracketRead),
    // since 1] was 1 as often as 11. A speck read as a glyph between a four-digit year and 年
    // (2025人年3月10日) hides no digit: the speck becomes a space (positions kept).
    // A `]` opening a month or day (2024年]1月, 2025-05-]15) is read the same way. Either is a
    // speck when only its removal makes a date: ]15 cannot be 115, nor 11]月 111月 (seeds 13
    // and 15, held out: an auction approval's 2025-05-]15 and a 悬赏公告's 2024年11]月18日 went
    // unread, the second then read again as 1月18日).
    const brackets = /(\d)\](?=\d|月|日)|(?<=[年月.\-/．。]\s*)[\]］](?=\d)/g;
    const yearSpeck = (t: string): string => t.replace(/(?<!\d)(\d{4})[^\d\s年月日号.\-/．。](?=\s*年)/g, '$1 ');
    const line = yearSpeck(pre.replace(brackets, (_m, digit?: string) => `${digit ?? ''}1`));
    const hits: Array<{ index: number; date: string; raw: string; speck?: boolean }> = arabicDates(line);
    const specked = yearSpeck(pre.replace(brackets, (_m, digit?: string) => `${digit ?? ''} `));
    if (specked !== line) {
      const taken = (index: number, raw: string): boolean => hits.some((h) => index < h.index + h.raw.length && h.index < index + raw.length);
      // One ] a speck; of two (2024年4月]1]日), which was the 1 is anyone's guess.
      const oneBracket = (h: { index: number; raw: string }): boolean => (pre.slice(h.index, h.index + h.raw.length).match(/[\]］]/g) ?? []).length === 1;
      for (const h of arabicDates(specked)) if (!taken(h.index, h.raw) && oneBracket(h)) hits.push({ ...h, speck: true });
    }
    const alone = hits.length === 0 ? dateAlone(line) : null;
    if (alone) hits.push(alone);
    // The big ring of 〇 is often read twice (二O〇二五, 二@〇二四): one glyph, one zero.
    // So is a pair of Latin O's in a five-glyph year (二OO二四年); a four-glyph 二〇〇二 is 2002.
    // Look-alikes (二O=四年, 二十丸日) only inside a run of numerals that ends at 年, 月 or 日.
    const hanzi = line
      .replace(/[O0@o○]〇|〇[O0@o○]/g, '〇')
      .replace(/([一二])[O0@o○〇零]{2}(?=[〇零○O0一二三四五六七八九]{2}\s*年)/g, '$1〇')
      // 二 that lost its upper stroke before the ring (一OO二四年: seed 88, held out): no year
      // from 1990 on opens 一〇, so 一 can only be 二 there.
      .replace(/(?<![〇零○O0一二三四五六七八九])一(?=[〇零○O0][〇零○O0一二三四五六七八九]{2}\s*年)/g, '二')
      .replace(/[〇零○O一二三四五六七八九十=丸士]+(?=\s*[年月日])/g, (run) => (/[〇零○O一二三四五六七八九十]/.test(run) ? run.replace(/[=丸士]/g, (c) => HANZI_LOOKALIKES[c] as string) : run))
      // a single ring read as @ in a four-glyph year (二@二四年)
      .replace(/[〇零○O一二三四五六七八九@]{4}(?=\s*年)/g, (run) => run.replace(/@/g, '〇'));
    CHINESE_CN.lastIndex = 0;
    for (let m = CHINESE_CN.exec(hanzi); m; m = CHINESE_CN.exec(hanzi)) {
      if (!HANZI_MONTH_DAY.test(m[2] as string) || !HANZI_MONTH_DAY.test(m[3] as string)) continue;
      const date = checked(
        parseChineseInteger(m[1] as string),
        parseChineseInteger(m[2] as string),
        parseChineseInteger(m[3] as string),
      );
      if (date) hits.push({ index: m.index, date, raw: m[0] });
    }
    hits.sort((a, b) => a.index - b.index);
    for (const h of hits) {
      // The replacement keeps every position, so the match's span in `pre` shows the `]`.
      const bracketRead = !h.speck && pre !== line && pre.slice(h.index, h.index + h.raw.length).includes(']');
      const cutShort = /\d$/.test(h.raw.trimEnd()) && cutsDayShort(h.raw, line.slice(h.index + h.raw.trimEnd().length));
      out.push({ date: h.date, raw: h.raw.trim(), line: i + 1, ...(bracketRead ? { bracketRead } : {}), ...(cutShort ? { cutShort } : {}) });
    }
  });
  return out;
}

/** The first date in `s` as `YYYY-MM-DD`, or null. */
export function parseDate(s: string): string | null {
  return findDates(s)[0]?.date ?? null;
}

/** Capital numerals as OCR reads them in an amount: 参 (an accepted form of 叁) and 什 for 仟 after a digit (参万肆什参佰元整). */
const CAPITAL_LOOKALIKES: ReadonlyArray<[RegExp, string]> = [
  [/[参叄]/g, '叁'],
  [/(?<=[零壹贰叁肆伍陆柒捌玖一二三四五六七八九])什/g, '仟'],
];
const CN_JIAO_FEN = /^(?:([零壹贰叁肆伍陆柒捌玖一二三四五六七八九])角)?(?:([零壹贰叁肆伍陆柒捌玖一二三四五六七八九])分)?/;

/** A number read whole: never its tail (900.00 of 226.900.00). */
const WHOLE_NUMBER = String.raw`(?<![\d.])(\d+(?:\.\d+)?)`;
const AMOUNT_WITH_UNIT = new RegExp(String.raw`(?:人民币|RMB|[¥￥])?\s*${WHOLE_NUMBER}\s*(万|亿)?\s*元`);
const AMOUNT_PREFIXED = new RegExp(String.raw`(?:人民币|RMB|[¥￥])\s*${WHOLE_NUMBER}\s*(万|亿)?`);
const AMOUNT_BARE = new RegExp(String.raw`${WHOLE_NUMBER}\s*(万|亿)?`);

function cents(yuan: number): number {
  return Math.round(yuan * 100) / 100;
}

/**
 * An amount in yuan: `人民币125,000.00元` → 125000, `12.5万元` → 125000, `¥3,000` → 3000,
 * `壹拾贰万伍仟元整` → 125000. Without a currency word (`元`, `¥`, `人民币`) a bare number is
 * only accepted when `allowBare` (the value sits after an amount label). Null when none, and
 * when part of the amount is unreadable: `壹拾喜万伍仟元` is no amount, not 5000 (seeds 107-108
 * filed 500 for 186,500 where two capitals were misread), and `22.57为元` (万 misread) no 22.57.
 */
export function parseAmount(s: string, opts: { allowBare?: boolean } = {}): number | null {
  // A cell rule or speck between the number and its unit (20.81]万元, seed 119) is no glyph of the
  // amount: taken off before | and 丨 between digits are read as 1.
  const text = fixDigitConfusables(foldWidth(s).replace(/(\d)\s*[\][|丨)）]\s*(?=[万亿元])/g, '$1'))
    .replace(/(\d)[,，](?=\d{3}(?!\d))/g, '$1')
    // 226.900.00: a dot before three digits and a decimal part is a thousands separator.
    .replace(/(\d)\.(\d{3})(?=[.,]\d)/g, '$1$2');
  const withUnit = AMOUNT_WITH_UNIT.exec(text);
  const prefixed = AMOUNT_PREFIXED.exec(text);
  const bare = opts.allowBare ? AMOUNT_BARE.exec(text) : null;
  const m = withUnit ?? prefixed ?? bare;
  if (m) {
    // A glyph between the number and 元 is a unit misread (为 for 万): no amount to trust; nor is
    // the number before a glyph and then 万 or 亿, whose scale it would lose.
    if (m === bare && /^\s*[^\d\s.,元]\s*[元万亿]/.test(text.slice(m.index + m[0].length))) return null;
    const scale = m[2] === '万' ? 10_000 : m[2] === '亿' ? 100_000_000 : 1;
    return cents(Number(m[1]) * scale);
  }
  // Capitals: everything between the currency word (or the label) and 元 must read, or none does.
  const compact = text.replace(/\s/g, '');
  const at = compact.search(/[元圆]/);
  if (at < 0) return null;
  const head = compact.slice(0, at).replace(/^.*?(?:人民币|币)/, '').replace(/^[共合总]?计/, '').replace(/^[^\p{Script=Han}]+/u, '');
  const yuan = parseChineseInteger(CAPITAL_LOOKALIKES.reduce((t, [re, to]) => t.replace(re, to), head));
  if (yuan === null) return null;
  const [, jiao, fen] = CN_JIAO_FEN.exec(compact.slice(at + 1)) ?? [];
  const j = jiao ? (parseChineseInteger(jiao) ?? 0) : 0;
  const f = fen ? (parseChineseInteger(fen) ?? 0) : 0;
  return cents(yuan + j / 10 + f / 100);
}

/**
 * A duration as written on an extension approval: `3个月`/`三个月` → `P3M`, `90日`/`九十天` →
 * `P90D`, `延长至2024年12月31日` → `2024-12-31` (an end date). Null when none.
 */
export function parseDuration(s: string): string | null {
  return readDuration(s)?.value ?? null;
}

/** {@link parseDuration}, with the glyphs it read as other glyphs named, for the field's reason. */
export function readDuration(s: string): { value: string; repairs: string[] } | null {
  const repairs: string[] = [];
  // A = standing for the numeral before 个月 is 三 with a stroke lost (申请延长=个月, seeds 131 and
  // 133, held out: 2 of 6 extensions unread): 二 is never written before 个月 (两个月 is).
  // And 个 read 小 or 介 after a numeral (拟延长期限三小月, seed 133) is 个.
  let text = fixDigitConfusables(foldWidth(s))
    .replace(/\s/g, '')
    .replace(/([零一二三四五六七八九十两\d=＝])([小介])(?=月)/u, (_, n: string, g: string) => {
      repairs.push(`${g} before 月 read as 个`);
      return `${n}个`;
    })
    .replace(/(^|[^零一二三四五六七八九十两\d])([=＝])(?=个月)/u, (_, b: string, g: string) => {
      repairs.push(`${g} before 个月 read as 三`);
      return `${b}三`;
    });
  // 月 read 局 or 用 after N个 at the end of a word (拟延长期限三个局, seed 145, held out), when
  // no N个月 is written: 个 is a measure word elsewhere (两个用户, 一个用于经营的商铺).
  if (!text.includes('个月')) {
    text = text.replace(/([零一二三四五六七八九十两\d=＝])个([局用冃])(?!\p{Script=Han})/u, (_, n: string, g: string) => {
      repairs.push(`${g} after 个 read as 月`);
      return `${n}个月`;
    });
  }
  const until = /至(.+)/.exec(text);
  if (until) {
    const d = parseDate(until[1] as string);
    if (d) return { value: d, repairs: [] };
  }
  // Dates ("2024年3月5日起", and 2024年11月, 11月30日 without a year or day) must not be read as
  // "3 months" or "5 days".
  let rest = text;
  for (const re of [ARABIC_CN, CHINESE_CN, DOTTED, YEAR_MONTH, MONTH_DAY]) rest = rest.replace(re, '#');
  // 个 read as 1 (延长期限31月 for 3个月, seed 144, held out: a 31-month extension left the case
  // six months unwarned): months are written N个月, so with no 个月 left, a 1 between a lone numeral
  // and 月 is the 个. Dates are already out of the way (延长至2024年11月 is no 1个月).
  if (!rest.includes('个月')) {
    rest = rest.replace(/(^|[^\d零一二三四五六七八九十两])([\d零一二三四五六七八九十两])1(?=月)/u, (_, b: string, n: string) => {
      repairs.push(`1 between ${n} and 月 read as 个`);
      return `${b}${n}个`;
    });
  }
  const num = '(\\d+|[零一二三四五六七八九十两]+)';
  const m = new RegExp(`${num}(个月)`).exec(rest) ?? new RegExp(`${num}(月|日|天)`).exec(rest);
  if (!m) return null;
  const n = /^\d+$/.test(m[1] as string) ? Number(m[1]) : parseChineseInteger(m[1] as string);
  if (n === null || n <= 0) return null;
  return { value: m[2] === '日' || m[2] === '天' ? `P${n}D` : `P${n}M`, repairs };
}

/**
 * A year and month, or a month and day, of a date a duration recites (延长至2024年11月 or
 * 二〇二四年十一月, 至11月30日). A year of four numerals, one of them possibly garbled (二0二四,
 * 二〇二因: review of e0e5860): n is a numeral of a year, g any glyph.
 */
const YEAR_MONTH = ((n: string, g: string) =>
  new RegExp(`(?:${n}{4}|${g}${n}{3}|${n}${g}${n}{2}|${n}{2}${g}${n}|${n}{3}${g})\\s*年\\s*(?:\\d{1,2}|[一二三四五六七八九十]{1,3})\\s*月`, 'g'))('[0-9〇零○OoQD口一二三四五六七八九]', '[^\\s年月]');
const MONTH_DAY = /\d{1,2}\s*月\s*\d{1,2}\s*[日号]/g;

/** Between the items of a list as OCR reads them: 、 and what it becomes (，, spaces). */
const ITEM_SEPARATORS = /[、，,；;/\s]+/u;

/**
 * A list value read against the items it may hold (a field's `items`): `网络资金车辆、股权` →
 * `网络资金、车辆、股权` (a 、 lost), `住房公积金、银行存歉` → `住房公积金、银行存款` (an item of three
 * or more glyphs a glyph off, standing alone between separators), joined with 、. Text that is no
 * item is kept as read between the items (the value is cut at spaces, commas and each item). `exact` is false when any item was respelled
 * or kept unknown (a list only cut where its 、 was lost is exact).
 */
export function readItemList(value: string, items: readonly string[]): { value: string; exact: boolean } {
  const byLength = [...items].sort((a, b) => [...b].length - [...a].length);
  const out: string[] = [];
  let exact = true;
  for (const piece of value.split(ITEM_SEPARATORS).filter((x) => x.length > 0)) {
    const glyphs = [...piece];
    // The piece as a whole, a glyph off one item of three or more glyphs (and no other): that item.
    // A glyph off a two-glyph item is half of it (车位 is no 车辆).
    const near = byLength.filter((it) => [...it].length >= 3 && [...it].length === glyphs.length && glyphs.filter((g, i) => g !== [...it][i]).length === 1);
    if (!items.includes(piece) && near.length === 1) {
      out.push(near[0] as string);
      exact = false;
      continue;
    }
    // Items run together where a 、 was lost: cut at each listed item, unknown text kept between.
    let unknown = '';
    for (let i = 0; i < glyphs.length; ) {
      const it = byLength.find((x) => glyphs.slice(i, i + [...x].length).join('') === x);
      if (!it) {
        unknown += glyphs[i];
        i++;
        continue;
      }
      if (unknown) {
        out.push(unknown);
        exact = false;
        unknown = '';
      }
      out.push(it);
      i += [...it].length;
    }
    if (unknown) {
      out.push(unknown);
      exact = false;
    }
  }
  return { value: out.join('、'), exact };
}
