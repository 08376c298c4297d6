/**
 * The court's case register (立案登记, migration 0004): imported in batches by an admin,
 * read by the pipeline to check the case numbers it reads (classifier/case-register.ts).
 */
import { inArray, sql } from 'drizzle-orm';
import type { RegisteredCase } from '../classifier/case-register.ts';
import type { Db } from './db.ts';
import { caseRegister } from './schema.ts';

/** One registered case as imported (case number canonical). */
export interface RegisterEntry {
  caseNumber: string;
  filedOn?: string | null;
  applicant?: string;
  respondent?: string;
  judge?: string;
  team?: string;
}

/** What the pipeline asks of the register. */
export interface RegisterLookup {
  /** False while nothing is registered: the check is off. */
  active(): Promise<boolean>;
  /** The registered cases among `caseNumbers` (canonical). */
  find(caseNumbers: readonly string[]): Promise<Map<string, RegisteredCase>>;
  /**
   * The registered legacy (pre-2016) cases of a year, type code (执字 …) and sequence number,
   * whatever their court code: a legacy court code is free glyphs (锡山法, 朝法), so a one-glyph
   * misread of it cannot be listed in advance the way a province glyph can.
   */
  legacySerial(year: number, typeCode: string, seq: number): Promise<RegisteredCase[]>;
}

/**
 * Whether `caseNumber` is registered: null while the register is empty (nothing to check
 * against), else true or false. One query when it is registered, two when it is not.
 */
export async function registration(lookup: RegisterLookup, caseNumber: string): Promise<boolean | null> {
  if ((await lookup.find([caseNumber])).has(caseNumber)) return true;
  return (await lookup.active()) ? false : null;
}

/** Insert or update entries (by case number); returns how many were written. */
export async function upsertRegister(db: Db, entries: readonly RegisterEntry[]): Promise<number> {
  const rows = entries.map((e) => ({
    caseNumber: e.caseNumber,
    filedOn: e.filedOn ?? null,
    applicant: e.applicant ?? '',
    respondent: e.respondent ?? '',
    judge: e.judge ?? '',
    team: e.team ?? '',
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(caseRegister)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({
        target: caseRegister.caseNumber,
        set: {
          filedOn: sql`excluded.filed_on`,
          applicant: sql`excluded.applicant`,
          respondent: sql`excluded.respondent`,
          judge: sql`excluded.judge`,
          team: sql`excluded.team`,
          updatedAt: sql`now()`,
        },
      });
  }
  return rows.length;
}

export async function registerSize(db: Db): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(caseRegister);
  return Number(rows[0]?.n ?? 0);
}

/** Party names of a registered row: applicant and respondent, several joined by 、 or ，. */
export function partiesOf(row: { applicant: string; respondent: string }): string[] {
  return [row.applicant, row.respondent].flatMap((s) => s.split(/[、,，;；]/)).map((s) => s.trim()).filter((s) => s.length >= 2);
}

/** The columns the pipeline's check reads, and the case it makes of a row. */
const CHECKED = { caseNumber: caseRegister.caseNumber, applicant: caseRegister.applicant, respondent: caseRegister.respondent, filedOn: caseRegister.filedOn };
const registeredCase = (r: { caseNumber: string; applicant: string; respondent: string; filedOn: string | null }): RegisteredCase => ({
  caseNumber: r.caseNumber,
  parties: partiesOf(r),
  filedOn: r.filedOn,
});

/** The register in the database, for the pipeline. */
export function registerLookup(db: Db): RegisterLookup {
  return {
    async active() {
      const rows = await db.select({ one: sql<number>`1` }).from(caseRegister).limit(1);
      return rows.length > 0;
    },
    async find(caseNumbers) {
      const out = new Map<string, RegisteredCase>();
      if (caseNumbers.length === 0) return out;
      const rows = await db
        .select(CHECKED)
        .from(caseRegister)
        .where(inArray(caseRegister.caseNumber, [...new Set(caseNumbers)]));
      for (const r of rows) out.set(r.caseNumber, registeredCase(r));
      return out;
    },
    async legacySerial(year, typeCode, seq) {
      // Canonical legacy numbers read （YYYY）<court><type>第<seq>号; the prefix and suffix are literal.
      const rows = await db
        .select(CHECKED)
        .from(caseRegister)
        .where(sql`${caseRegister.caseNumber} LIKE ${`（${year}）%${typeCode}第${seq}号`}`);
      return rows.map(registeredCase);
    },
  };
}

/** The same lookup over entries in memory (the accuracy bench; tests of the stage glue). */
export function memoryRegister(entries: readonly RegisterEntry[]): RegisterLookup {
  const byNumber = new Map(entries.map((e) => [e.caseNumber, registeredCase({ caseNumber: e.caseNumber, applicant: e.applicant ?? '', respondent: e.respondent ?? '', filedOn: e.filedOn ?? null })]));
  return {
    active: async () => byNumber.size > 0,
    find: async (numbers) => new Map(numbers.flatMap((n) => (byNumber.has(n) ? [[n, byNumber.get(n) as RegisteredCase] as const] : []))),
    legacySerial: async (year, typeCode, seq) => [...byNumber.values()].filter((c) => c.caseNumber.startsWith(`（${year}）`) && c.caseNumber.endsWith(`${typeCode}第${seq}号`)),
  };
}
