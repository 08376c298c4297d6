/**
 * The court's case register for the accuracy bench (what `POST /api/v1/admin/register`
 * loads in production). `cases`: the corpus's cases (and the cases 执恢 cases resume).
 * `dense` (default): those plus, for every court, year and type code of the corpus,
 * DENSE_PER_GROUP other registered numbers with parties drawn from the corpus's own name
 * pools — a busy court's register, where a one-digit misread usually lands on another real
 * case, so only the party check can tell them apart. `none`: no register, no check.
 */
import { parseCaseNumber } from '../classifier/index.ts';
import type { RegisterEntry } from '../storage/register.repo.ts';
import { COMPANIES, PERSONS, Rng } from '../tests/fixtures/corpus-text.ts';
import type { Corpus } from '../tests/fixtures/corpus.ts';

export type RegisterMode = 'none' | 'cases' | 'dense';
/** Other registered numbers per (year, court, type): 3,000 of 1–9,999 is a 30% dense register. */
export const DENSE_PER_GROUP = 3000;

export function corpusRegister(corpus: Corpus, mode: RegisterMode): RegisterEntry[] {
  if (mode === 'none') return [];
  const own: RegisterEntry[] = corpus.cases.flatMap((c) => [
    { caseNumber: c.caseNumber, applicant: c.applicant, respondent: c.respondent, filedOn: c.filingDate },
    ...(c.originalCaseNumber ? [{ caseNumber: c.originalCaseNumber, applicant: c.applicant, respondent: c.respondent }] : []),
  ]);
  if (mode === 'cases') return own;
  const r = new Rng(corpus.seed * 7919 + 17);
  const taken = new Set(own.map((e) => e.caseNumber));
  const decoys: RegisterEntry[] = [];
  const groups = new Map<string, { year: number; court: string; typeCode: string; legacy: boolean }>();
  for (const e of own) {
    const p = parseCaseNumber(e.caseNumber);
    if (p) groups.set(`${p.year}|${p.court}|${p.typeCode}`, p);
  }
  for (const g of groups.values()) {
    for (let i = 0; i < DENSE_PER_GROUP; i++) {
      const caseNumber = `（${g.year}）${g.court}${g.typeCode}${g.legacy ? '第' : ''}${r.int(1, 9999)}号`;
      if (taken.has(caseNumber)) continue;
      taken.add(caseNumber);
      const [applicant, respondent] = r.chance(0.5) ? [r.pick(COMPANIES), r.pick(PERSONS)] : [r.pick(PERSONS), r.pick(COMPANIES)];
      decoys.push({ caseNumber, applicant, respondent });
    }
  }
  return [...own, ...decoys];
}
