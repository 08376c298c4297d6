/**
 * The court a page prints at its head (江苏省无锡市锡山区人民法院 above the title), as read, and
 * whether two such readings name the same court. The split uses it to end a cover sheet's run:
 * a document that prints no case number of its own but another court's name is no paper of
 * the cover's case (bench:accuracy seed 146, held out: a 上海市浦东新区 search feedback whose
 * number was unread took the number of a 深圳市福田区 cover two documents before it, filed under
 * it without a clerk). Pure.
 */
import { courtProvinceOf } from './case-number.ts';
import { bestSubstringMatch } from './fuzzy.ts';
import { foldForMatch } from './normalize-text.ts';

/** How many non-empty lines from the top the court's name may stand on (a speck line may come first). */
const HEAD_LINES = 3;
/** 某某区人民法院 at the shortest, a province, city and district at the longest. */
const MIN_GLYPHS = 6;
const MAX_GLYPHS = 20;
/**
 * Two readings at least this alike (the shorter against its best place in the longer) are
 * taken for one court. Another province is far below it (上海市浦东新区 against 广东省深圳市
 * 福田区); a reading with three slips in thirteen glyphs is above it. So are two districts of
 * one city (锡山区/梁溪区: 0.85) and some cities of one province (佛山市南海区/深圳市南山区:
 * 0.77): the check tells courts far apart, not every two courts. It ends a run, never starts one.
 */
const SAME_COURT = 0.7;

/** The court's name heading the page (Han glyphs only, ending 人民法院), or null when its first lines name none. */
export function headCourt(lines: readonly string[]): string | null {
  const head = lines.map((l) => l.trim()).filter((l) => l.length > 0).slice(0, HEAD_LINES);
  for (const line of head) {
    // A court named with a colon after it is the addressee (协助执行通知书 / 上海市浦东新区人民法院:), not the page's own.
    if (/[:：;；,，]$/u.test(line)) continue;
    const han = [...foldForMatch(line)].filter((g) => /\p{Script=Han}/u.test(g)).join('');
    const n = [...han].length;
    if (han.endsWith('人民法院') && n >= MIN_GLYPHS && n <= MAX_GLYPHS) return han;
  }
  return null;
}

/** Do two head courts name one court, allowing OCR slips and a name printed or read without its province? */
export function sameCourt(a: string, b: string): boolean {
  const [short, long] = [...a].length <= [...b].length ? [a, b] : [b, a];
  return bestSubstringMatch(short, long).similarity >= SAME_COURT;
}

/**
 * Does the head court lie in another province than the court of `caseNumber` (canonical, 2016+:
 * its province glyph)? False when either is unknown (a legacy number, a head without its province).
 */
export function otherProvince(head: string, caseNumber: string): boolean {
  const glyph = /^（\d{4}）(\p{Script=Han})\d{2,4}/u.exec(caseNumber)?.[1];
  const province = courtProvinceOf([head]);
  // 兵团 courts (兵0801) sit in 新疆 and print its name.
  return glyph !== undefined && province !== null && province !== glyph && !(glyph === '兵' && province === '新');
}
