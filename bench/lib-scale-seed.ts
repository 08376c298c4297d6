/**
 * Seeds a dedicated PostgreSQL database for the scale bench BY SQL (generate_series, no OCR):
 * C cases, each with 5 scan files of 2 documents × 5 pages (50 pages a case), one event per
 * document, a node snapshot per case and 3 change-feed rows per case. A case's files are spread
 * over the load (file n belongs to case n mod C), so its pages lie apart on disk as when paper
 * arrives over months. Pages carry no OCR text and `page_ocr` stays empty: the routes measured
 * (case, dossier, node feed) never read them.
 *
 * Owns: the seed SQL, dropping the loaded tables' indexes/constraints before the load and
 * re-creating them from their own catalogue definitions after it, and a schema fingerprint
 * (columns, constraints, indexes) that must equal a freshly migrated database's. Bench only.
 */
import type pg from 'pg';
import { contractNode, urgencyOf } from '../ingest/locate.stage.ts';
import { createCalendar, loadCalendarYears, loadRules, locateNode, parseCaseNumber, type CaseEvent } from '../classifier/index.ts';

export const SEED_VERSION = 'scale-seed v1';
const LOADED = ['scan_files', 'cases', 'documents', 'pages', 'case_events', 'node_snapshots', 'node_changes'];
const FILES_PER_CASE = 5;
const DOCS_PER_FILE = 2;
const PAGES_PER_DOC = 5;
export const PAGES_PER_CASE = FILES_PER_CASE * DOCS_PER_FILE * PAGES_PER_DOC;

/** Ten documents a case, in order (form type, title, extra fields for the node engine). */
const FORMS: Array<[string, string, Record<string, string>]> = [
  ['filing_approval', '立案审批表', {}],
  ['execution_notice', '执行通知书', {}],
  ['property_report_order', '报告财产令', {}],
  ['search_referral', '财产查控移送表', {}],
  ['search_feedback', '查控反馈表', {}],
  ['triage_sheet', '繁简分流表', { triageResult: 'implementation' }],
  ['consumption_restriction', '限制消费令', {}],
  ['dishonesty_decision', '纳入失信被执行人名单决定书', {}],
  ['applicant_interview', '约谈申请执行人笔录', {}],
  ['funds_receipt', '执行款收款凭证', {}],
];

/** SQL for case i's canonical number: unique for i ≥ 1 (year from i%5, court from i/5%10, seq i/50+1). */
const CASE_NO = (i: string) => `'（' || (2020 + ${i} % 5) || '）苏02' || lpad((5 + (${i} / 5) % 10)::text, 2, '0') || '执' || (${i} / 50 + 1) || '号'`;

/** The canonical case number of case `i` (same formula as the SQL). */
export function caseNumberOf(i: number): string {
  return `（${2020 + (i % 5)}）苏02${String(5 + (Math.floor(i / 5) % 10)).padStart(2, '0')}执${Math.floor(i / 50) + 1}号`;
}

/** Columns, constraints and indexes of the public schema, one sorted line each. */
export async function schemaFingerprint(client: pg.Client): Promise<string> {
  const r = await client.query<{ x: string }>(`
    SELECT x FROM (
      SELECT 'col ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS x
        FROM information_schema.columns WHERE table_schema = 'public'
      UNION ALL SELECT 'con ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
      UNION ALL SELECT 'idx ' || pg_get_indexdef(indexrelid)
        FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = 'public'::regnamespace
    ) s ORDER BY x`);
  return r.rows.map((row) => row.x).join('\n');
}

interface SavedDdl {
  constraints: Array<{ table: string; name: string; def: string; type: string }>;
  indexes: Array<{ name: string; def: string }>;
}

async function dropLoadIndexes(client: pg.Client): Promise<SavedDdl> {
  const tables = LOADED.map((t) => `'${t}'::regclass`).join(',');
  const constraints = (
    await client.query<{ table: string; name: string; def: string; type: string }>(
      `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS def, contype AS type
         FROM pg_constraint WHERE contype IN ('p','u','f') AND (conrelid IN (${tables}) OR confrelid IN (${tables}))`,
    )
  ).rows;
  const indexes = (
    await client.query<{ name: string; def: string }>(
      `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def FROM pg_index
        WHERE indrelid IN (${tables}) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = indexrelid)`,
    )
  ).rows;
  for (const c of constraints.filter((x) => x.type === 'f')) await client.query(`ALTER TABLE ${c.table} DROP CONSTRAINT ${c.name}`);
  for (const c of constraints.filter((x) => x.type !== 'f')) await client.query(`ALTER TABLE ${c.table} DROP CONSTRAINT ${c.name}`);
  for (const i of indexes) await client.query(`DROP INDEX ${i.name}`);
  return { constraints, indexes };
}

async function restoreIndexes(client: pg.Client, saved: SavedDdl, step: (label: string) => void): Promise<void> {
  for (const c of saved.constraints.filter((x) => x.type !== 'f')) {
    await client.query(`ALTER TABLE ${c.table} ADD CONSTRAINT ${c.name} ${c.def}`);
    step(`constraint ${c.name}`);
  }
  for (const i of saved.indexes) {
    await client.query(i.def);
    step(`index ${i.name}`);
  }
  for (const c of saved.constraints.filter((x) => x.type === 'f')) {
    await client.query(`ALTER TABLE ${c.table} ADD CONSTRAINT ${c.name} ${c.def}`);
    step(`foreign key ${c.name}`);
  }
}

/** The node result every seeded case gets (a real locateNode run over the ten-form pattern). */
function templateNode(): { result: unknown; node: unknown; warnings: unknown; nodeCode: string; status: string; dueAt: string | null } {
  const rules = loadRules();
  const calendar = createCalendar(loadCalendarYears());
  const events: CaseEvent[] = FORMS.map(([formType, , fields], k) => ({
    documentId: `00000000-0000-4000-8000-${String(k + 1).padStart(12, '0')}`,
    formType,
    date: `2024-${String(1 + Math.floor(k / 2)).padStart(2, '0')}-${String(5 + (k % 2) * 10).padStart(2, '0')}`,
    scanSeq: k + 1,
    fields,
  }));
  const result = locateNode(events, rules.nodes, calendar, new Date().toISOString().slice(0, 10));
  const { status, dueAt } = urgencyOf(result);
  return { result, node: contractNode(result), warnings: result.warnings, nodeCode: result.node?.code ?? 'filed', status, dueAt };
}

/**
 * Load `cases` cases (× 50 pages) into the migrated, empty database behind `client`.
 * `step` is told each finished step (for progress output).
 */
export async function seedScaleDatabase(client: pg.Client, cases: number, step: (label: string) => void): Promise<void> {
  for (const i of [1, 7, 49, 50, 51, cases]) {
    const no = caseNumberOf(i);
    if (parseCaseNumber(no)?.canonical !== no) throw new Error(`seed case number ${no} is not canonical`);
  }
  const C = cases;
  const F = C * FILES_PER_CASE;
  const t = templateNode();
  await client.query(`SET maintenance_work_mem = '512MB'`);
  await client.query(`SET synchronous_commit = off`);
  const saved = await dropLoadIndexes(client);
  step('indexes and constraints dropped');
  const forms = FORMS.map(([code, title, fields], k) => `(${k}, '${code}', '${title}', '${JSON.stringify(fields)}'::jsonb)`).join(',');
  await client.query(`CREATE TEMP TABLE seed_forms (k int, code text, title text, fields jsonb)`);
  await client.query(`INSERT INTO seed_forms VALUES ${forms}`);

  await client.query(
    `INSERT INTO cases (id, case_number, parties, created_at, updated_at)
     SELECT i, ${CASE_NO('i')}, '申请执行人' || i || E'\\n被执行人' || i, ts, ts
       FROM generate_series(1, ${C}) i, LATERAL (SELECT timestamptz '2024-01-01 08:00+08' + (i % 86400) * interval '1 second' AS ts) t`,
  );
  step(`cases: ${C}`);
  await client.query(
    `INSERT INTO scan_files (id, sha256, filename, content_type, size_bytes, blob_key, station, status, stage, page_count, received_at, updated_at)
     SELECT md5('f' || n)::uuid, h, '扫描批次-' || n || '.pdf', 'application/pdf', 2400000 + n % 100000, 'originals/' || h, '一楼扫描仪',
            'done', 'assembled', ${DOCS_PER_FILE * PAGES_PER_DOC}, ts, ts
       FROM generate_series(1, ${F}) n,
            LATERAL (SELECT encode(sha256(('f' || n)::bytea), 'hex') AS h,
                            timestamptz '2024-01-01 08:00+08' + ((n - 1) / ${C}) * interval '30 days' + ((n - 1) % ${C}) * interval '1 second' AS ts) t`,
  );
  step(`scan_files: ${F}`);
  // Documents and their events: document m is the s-th of file n, which belongs to case c.
  const docs = `FROM generate_series(1, ${F * DOCS_PER_FILE}) m,
       LATERAL (SELECT (m - 1) / ${DOCS_PER_FILE} + 1 AS n, (m - 1) % ${DOCS_PER_FILE} + 1 AS s) a,
       LATERAL (SELECT (a.n - 1) % ${C} + 1 AS c, (a.n - 1) / ${C} AS k) b,
       LATERAL (SELECT * FROM seed_forms WHERE seed_forms.k = (b.k * ${DOCS_PER_FILE} + a.s - 1) % ${FORMS.length}) f,
       LATERAL (SELECT timestamptz '2024-01-01 08:00+08' + b.k * interval '30 days' + (b.c - 1) * interval '1 second' AS ts) t`;
  await client.query(
    `INSERT INTO documents (id, file_id, seq_in_file, case_id, case_number, form_type, title, doc_date, volume, confidence, fields, reasons, status, created_at, updated_at)
     SELECT md5('d' || m)::uuid, md5('f' || a.n)::uuid, a.s, b.c, ${CASE_NO('b.c')}, f.code, f.title, date '2024-01-01' + b.k * 30 + a.s * 3,
            'main', 0.93, '{"respondent":{"value":"被执行人"},"amount":{"value":"人民币125,000.00元"}}'::jsonb || f.fields,
            '["title matched at line 1","case number found at line 2"]'::jsonb, 'filed', t.ts, t.ts
     ${docs}`,
  );
  step(`documents: ${F * DOCS_PER_FILE}`);
  await client.query(
    `INSERT INTO case_events (id, case_id, document_id, form_type, event_date, scan_seq, fields, source, created_at)
     SELECT m, b.c, md5('d' || m)::uuid, f.code, date '2024-01-01' + b.k * 30 + a.s * 3,
            (extract(epoch FROM t.ts) * 1000)::bigint * 1000 + a.s, f.fields, 'machine', t.ts
     ${docs}`,
  );
  step(`case_events: ${F * DOCS_PER_FILE}`);
  // Pages in file order, in chunks so progress shows.
  const P = F * DOCS_PER_FILE * PAGES_PER_DOC;
  const chunk = 1_000_000;
  for (let from = 1; from <= P; from += chunk) {
    const to = Math.min(P, from + chunk - 1);
    await client.query(
      `INSERT INTO pages (id, file_id, page_index, status, image_key, image_type, thumb_key, width, height, dpi, extracted,
                          confidence, flags, ocr_ms, document_id, number_in_document, created_at, updated_at)
       SELECT h::uuid, md5('f' || a.n)::uuid, a.pi, 'recognized', 'pages/' || h || '.jpg', 'image/jpeg', 'thumbs/' || h || '.jpg',
              1654, 2339, 200, true, 88.5, '{"skewDeg":0.4}'::jsonb, 2400, md5('d' || a.m)::uuid, a.nid, t.ts, t.ts
         FROM generate_series(${from}, ${to}) q,
              LATERAL (SELECT md5('p' || q) AS h) hh,
              LATERAL (SELECT (q - 1) / ${DOCS_PER_FILE * PAGES_PER_DOC} + 1 AS n, (q - 1) % ${DOCS_PER_FILE * PAGES_PER_DOC} + 1 AS pi,
                              (q - 1) / ${PAGES_PER_DOC} + 1 AS m, (q - 1) % ${PAGES_PER_DOC} + 1 AS nid) a,
              LATERAL (SELECT timestamptz '2024-01-01 08:00+08' + ((a.n - 1) / ${C}) * interval '30 days' AS ts) t`,
    );
    step(`pages: ${to} / ${P}`);
  }
  await client.query(
    `INSERT INTO node_snapshots (case_id, case_number, node_code, status, due_at, result, fingerprint, updated_at)
     SELECT i, ${CASE_NO('i')}, $1, $2, $3::date, $4::jsonb, md5(i::text), now() FROM generate_series(1, ${C}) i`,
    [t.nodeCode, t.status, t.dueAt, JSON.stringify(t.result)],
  );
  step(`node_snapshots: ${C}`);
  // Three feed rows a case, interleaved over cases as changes arrive over time.
  await client.query(
    `INSERT INTO node_changes (seq, case_id, case_number, node, warnings, changed_at)
     SELECT (r - 1) * ${C} + i, i, ${CASE_NO('i')}, $1::jsonb, $2::jsonb, timestamptz '2024-01-01 08:00+08' + ((r - 1) * ${C} + i) * interval '1 minute'
       FROM generate_series(1, 3) r, generate_series(1, ${C}) i`,
    [JSON.stringify(t.node), JSON.stringify(t.warnings)],
  );
  step(`node_changes: ${3 * C}`);
  for (const [table, column, value] of [['cases', 'id', C], ['case_events', 'id', F * DOCS_PER_FILE], ['node_changes', 'seq', 3 * C]] as const) {
    await client.query(`SELECT setval(pg_get_serial_sequence('${table}', '${column}'), ${value})`);
  }
  await restoreIndexes(client, saved, step);
  await client.query('VACUUM ANALYZE');
  step('vacuum analyze');
}
