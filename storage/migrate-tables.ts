/**
 * Table half of `admin migrate-storage`: copies every table of one database (the embedded
 * PGlite) into another (PostgreSQL), preserving ids, then the sequences. Schema-driven: tables,
 * primary keys, columns and foreign keys are read from the catalogs, so a new migration needs
 * no change here. Rows travel as PostgreSQL's own JSON (`row_to_json` →
 * `json_populate_recordset`), so every type (jsonb, tsvector, timestamptz, real) round-trips
 * through its own text form. Each batch is inserted with `ON CONFLICT DO NOTHING` and then read
 * back and compared row by row with the source, so a re-run skips what is there and proves it
 * equal, and a target holding different rows fails loudly. Imports only drizzle and db.ts.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from './db.ts';

export interface TableReport {
  table: string;
  rows: number;
  copied: number;
  /** Rows that were already in the target, identical to the source. */
  alreadyThere: number;
}

interface TableInfo {
  name: string;
  pk: string;
  pkType: string;
  columns: string[];
}

const ident = (name: string) => sql.raw(`"${name.replaceAll('"', '""')}"`);
/** Text keys are ordered bytewise on both sides whatever the databases' collations are. */
const orderExpr = (t: TableInfo) => sql.raw(`"${t.pk}"${t.pkType === 'text' ? ' COLLATE "C"' : ''}`);

/** Timestamps as UTC and floats in shortest exact form, so both sides render rows alike. */
async function settle(tx: Db): Promise<void> {
  await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
  await tx.execute(sql`SET LOCAL extra_float_digits = 1`);
}

async function inTx<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await settle(tx as unknown as Db);
    return fn(tx as unknown as Db);
  });
}

/** Applied migration names; the two sides must match before anything is copied. */
export async function schemaVersion(db: Db): Promise<string[]> {
  return (await queryRows<{ name: string }>(db, sql`SELECT name FROM schema_migrations ORDER BY name`)).map((r) => r.name);
}

/** Tables of the public schema with their single-column primary key, parents before children. */
export async function describeTables(db: Db): Promise<TableInfo[]> {
  const cols = await queryRows<{ t: string; c: string; type: string }>(db, sql`
    SELECT c.relname AS t, a.attname AS c, format_type(a.atttypid, a.atttypmod) AS type
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`);
  const pks = await queryRows<{ t: string; c: string; type: string }>(db, sql`
    SELECT c.relname AS t, a.attname AS c, format_type(a.atttypid, a.atttypmod) AS type
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)
    WHERE i.indisprimary AND n.nspname = 'public'`);
  const fks = await queryRows<{ child: string; parent: string }>(db, sql`
    SELECT ch.relname AS child, pa.relname AS parent
    FROM pg_constraint k JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = ch.relnamespace
    WHERE k.contype = 'f' AND n.nspname = 'public'`);
  const tables = new Map<string, TableInfo>();
  for (const r of cols) {
    const t = tables.get(r.t) ?? { name: r.t, pk: '', pkType: '', columns: [] };
    t.columns.push(`${r.c} ${r.type}`);
    tables.set(r.t, t);
  }
  for (const r of pks) {
    const t = tables.get(r.t)!;
    if (t.pk) throw new Error(`table ${r.t} has a composite primary key; migrate-storage copies single-column keys only`);
    t.pk = r.c;
    t.pkType = r.type;
  }
  tables.delete('schema_migrations'); // each side migrates itself; versions are compared instead
  for (const t of tables.values()) if (!t.pk) throw new Error(`table ${t.name} has no primary key; cannot copy it resumably`);
  // Parents first (foreign keys are checked per row and are not deferrable).
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name) === 'done' || !tables.has(name)) return;
    if (state.get(name) === 'visiting') throw new Error(`foreign keys form a cycle through ${name}`);
    state.set(name, 'visiting');
    for (const fk of fks) if (fk.child === name && fk.parent !== name) visit(fk.parent);
    state.set(name, 'done');
    ordered.push(tables.get(name)!);
  };
  for (const name of [...tables.keys()].sort()) visit(name);
  return ordered;
}

/** Throws naming every table or column that differs between the two schemas. */
export function assertSameTables(source: TableInfo[], target: TableInfo[]): void {
  const byName = new Map(target.map((t) => [t.name, t]));
  const problems: string[] = [];
  for (const s of source) {
    const t = byName.get(s.name);
    if (!t) problems.push(`table ${s.name} is missing in the target`);
    else if (t.columns.join(',') !== s.columns.join(',')) problems.push(`table ${s.name}: columns differ (source ${s.columns.join(', ')}; target ${t.columns.join(', ')})`);
  }
  if (problems.length > 0) throw new Error(`source and target schemas differ:\n  - ${problems.join('\n  - ')}`);
}

interface Row {
  k: string;
  j: string;
}

function rowsQuery(t: TableInfo, where: SQL, limit: number | null): SQL {
  return sql`SELECT ${ident(t.pk)}::text AS k, row_to_json(x)::text AS j FROM ${ident(t.name)} x WHERE ${where} ORDER BY ${orderExpr(t)}${limit === null ? sql`` : sql` LIMIT ${limit}`}`;
}

const keyParam = (t: TableInfo, v: string) => sql`${v}::${sql.raw(t.pkType)}`;

/**
 * Copy one table in key order, `batch` rows at a time (adapted to row size), verifying each
 * batch against the source. `onBatch` reports progress.
 */
export async function copyTable(
  source: Db,
  target: Db,
  t: TableInfo,
  onBatch: (r: TableReport, total: number) => void,
): Promise<TableReport> {
  const total = Number((await queryRows<{ n: string }>(source, sql`SELECT count(*) AS n FROM ${ident(t.name)}`))[0]?.n ?? 0);
  const report: TableReport = { table: t.name, rows: 0, copied: 0, alreadyThere: 0 };
  let after: string | null = null;
  let batch = 500;
  for (;;) {
    const where: SQL = after === null ? sql`true` : sql`${orderExpr(t)} > ${keyParam(t, after)}`;
    const rows = await inTx(source, (tx) => queryRows<Row>(tx, rowsQuery(t, where, batch)));
    if (rows.length === 0) break;
    const first = rows[0]!.k;
    const last = rows[rows.length - 1]!.k;
    const payload = `[${rows.map((r) => r.j).join(',')}]`;
    const copied = await inTx(target, async (tx) => {
      const inserted = await queryRows<{ n: string }>(tx, sql`
        WITH ins AS (
          INSERT INTO ${ident(t.name)} SELECT * FROM json_populate_recordset(NULL::${ident(t.name)}, ${payload}::json)
          ON CONFLICT DO NOTHING RETURNING 1)
        SELECT count(*) AS n FROM ins`);
      const range = sql`${orderExpr(t)} BETWEEN ${keyParam(t, first)} AND ${keyParam(t, last)}`;
      const back = await queryRows<Row>(tx, rowsQuery(t, range, null));
      verifyBatch(t.name, rows, back);
      return Number(inserted[0]?.n ?? 0);
    });
    report.rows += rows.length;
    report.copied += copied;
    report.alreadyThere += rows.length - copied;
    onBatch(report, total);
    after = last;
    // Keep one statement's JSON between ~2 and ~16 MB (page_ocr rows carry every word box).
    if (payload.length > 16e6 && batch > 10) batch = Math.floor(batch / 2);
    else if (payload.length < 2e6 && batch < 4000) batch *= 2;
  }
  return report;
}

function verifyBatch(table: string, source: Row[], target: Row[]): void {
  if (target.length !== source.length) {
    const have = new Set(source.map((r) => r.k));
    const extra = target.find((r) => !have.has(r.k));
    throw new Error(
      extra
        ? `target table ${table} holds a row not in the source (key ${extra.k}); migrate into an empty database`
        : `target table ${table} is missing rows after the insert (a unique value clashes with a row of another key?)`,
    );
  }
  for (let i = 0; i < source.length; i++) {
    const s = source[i]!;
    const t = target[i]!;
    if (s.k !== t.k || s.j !== t.j) {
      throw new Error(`target table ${table}, key ${s.k}: the row differs from the source\n  source ${s.j.slice(0, 300)}\n  target ${t.j.slice(0, 300)}`);
    }
  }
}

/** After all rows: the target must hold exactly the source's row count in every table. */
export async function assertSameCounts(source: Db, target: Db, tables: TableInfo[]): Promise<void> {
  for (const t of tables) {
    const [s, d] = await Promise.all(
      [source, target].map(async (db) => Number((await queryRows<{ n: string }>(db, sql`SELECT count(*) AS n FROM ${ident(t.name)}`))[0]?.n ?? 0)),
    );
    if (s !== d) throw new Error(`table ${t.name}: ${s} rows in the source, ${d} in the target`);
  }
}

/**
 * Set every target sequence to at least the source's position, so new ids never reuse a
 * migrated one (also ids of rows deleted at the end of the source). Returns how many moved.
 */
export async function copySequences(source: Db, target: Db): Promise<number> {
  const list = sql`SELECT sequencename AS name, last_value::text AS v FROM pg_sequences WHERE schemaname = 'public'`;
  const src = await queryRows<{ name: string; v: string | null }>(source, list);
  const dst = new Map((await queryRows<{ name: string; v: string | null }>(target, list)).map((r) => [r.name, r.v]));
  let moved = 0;
  for (const s of src) {
    if (s.v === null) continue; // never used in the source
    if (!dst.has(s.name)) throw new Error(`sequence ${s.name} is missing in the target`);
    const d = dst.get(s.name);
    if (d !== null && d !== undefined && BigInt(d) >= BigInt(s.v)) continue;
    await target.execute(sql`SELECT setval(${`public."${s.name.replaceAll('"', '""')}"`}::regclass, ${s.v}::bigint, true)`);
    moved++;
  }
  return moved;
}
