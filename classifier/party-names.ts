/**
 * Party names in a document's fields (申请执行人, 被执行人, 缴款人 …): which fields hold them, the
 * names for search by party, and the registered spelling of a name the OCR read with a slip.
 * Pure.
 */
import type { RegisteredCase } from './case-register.ts';
import { similarity } from './fuzzy.ts';

/** Field names that hold a party's name (rule files name them so: applicant, respondent, payer …). */
const PARTY_FIELD = /applicant|respondent|party|interviewee|objector|payee|payer/i;
/**
 * Of those, the ones that name a party of the case itself; an interviewee may be an agent
 * (吴德胜, 委托代理人) and an objector a third party (案外人), whose names are never respelled.
 */
const REGISTERED_ROLE_FIELD = /applicant|respondent|payee|payer/i;

/** Names shorter than this (a two-glyph 王强) are never respelled. */
const MIN_CORRECTED_GLYPHS = 3;
/** A long registered name must match this well (one slip in five glyphs, two in ten). */
const MIN_NAME_SIMILARITY = 0.8;
/** Below this length a name is a person's: one glyph read as another, never the surname. */
const PERSON_NAME_GLYPHS = 5;

/** Is `read` the registered `party` but for OCR slips? */
export function slipOf(read: string, party: string): boolean {
  const r = [...read];
  const p = [...party];
  if (p.length < MIN_CORRECTED_GLYPHS) return false;
  if (p.length >= PERSON_NAME_GLYPHS) return similarity(read, party) >= MIN_NAME_SIMILARITY;
  // 罗小劳 for 罗小芳: same length and surname, one glyph off.
  return r.length === p.length && r[0] === p[0] && r.filter((g, i) => g !== p[i]).length <= 1;
}

/** The name at the head of a value: past a speck of punctuation, up to the first separator (，住所地 …, 〈委托代理人〉). */
const NAME_HEAD = /^([\s|.,，。、:：;；'"“”]*)([^\s,，。、;；:：(（〈《【[]+)/u;

type Fields = Readonly<Record<string, unknown>>;

const valueOf = (v: unknown): unknown => (v !== null && typeof v === 'object' && 'value' in v ? (v as { value: unknown }).value : undefined);

/** Party names in the fields, split at list separators, for search by name. */
export function partyNamesOf(fields: Fields): string[] {
  const out: string[] = [];
  for (const [name, v] of Object.entries(fields)) {
    const value = valueOf(v);
    if (PARTY_FIELD.test(name) && typeof value === 'string') out.push(...value.split(/[、,，;；\s]+/));
  }
  return out.filter((s) => s.length >= 2);
}

/**
 * The fields with each party name the OCR read with a slip or two of a registered party of the
 * document's case (上海电盛物流有限公司 for 上海鼎盛物流有限公司) spelled as registered, and a
 * reason per change; the dossier and the search by party name then show the name the court
 * filed. Only names at the head of the value, matching one registered party better than any
 * other (slipOf); a speck before the name goes with the slip.
 */
export function partiesAsRegistered(fields: Fields, c: RegisteredCase): { fields: Record<string, unknown>; reasons: string[] } {
  const reasons: string[] = [];
  const out: Record<string, unknown> = { ...fields };
  for (const [name, v] of Object.entries(fields)) {
    const value = valueOf(v);
    if (!REGISTERED_ROLE_FIELD.test(name) || typeof value !== 'string') continue;
    const head = NAME_HEAD.exec(value);
    const read = head?.[2] ?? '';
    const matches = c.parties
      .filter((party) => slipOf(read, party))
      .map((party) => ({ party, sim: similarity(read, party) }))
      .sort((a, b) => b.sim - a.sim);
    const best = matches[0];
    // Read exactly, or as close to two registered parties: nothing to spell.
    if (!best || best.sim === 1 || matches[1]?.sim === best.sim) continue;
    const field = v as { reason?: string };
    out[name] = { ...field, value: best.party + value.slice((head?.[0] ?? '').length), reason: `${field.reason ?? ''}; name read ${read}, spelled as the register's party ${best.party}` };
    reasons.push(`field ${name}: ${read} is the registered party ${best.party} read with a slip: spelled as registered`);
  }
  return { fields: out, reasons };
}
