/**
 * Read-only queries for the command-centre board: case counts per node × status × team, and
 * the due-soon / overdue cases filtered by node, team and status, keyset-paginated.
 *
 * "Team": the schema has no team column. A case's team is taken from the 承办人 (`handler`
 * field) named on its most recent document that names one (today only 财产查控移送表 carries
 * it); a case without one is unassigned (`team: null`). Reads node_snapshots and case_events
 * only; writes nothing. Imports only drizzle-orm and sibling storage modules.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { queryRows } from './db.ts';

/** One cell of the board's matrix. `team` null = no 承办人 on record (未分配). */
export interface BoardCount {
  node: string;
  status: string;
  team: string | null;
  count: number;
}

export interface BoardCaseRow {
  caseId: number;
  caseNumber: string;
  nodeCode: string;
  status: string;
  dueAt: string | null;
  team: string | null;
  node: Record<string, unknown> | null;
  warnings: unknown[] | null;
}

export interface BoardFilter {
  /** Subset of due_soon / overdue. */
  statuses: string[];
  node?: string;
  /** A handler's name; null = only unassigned cases; undefined = any team. */
  team?: string | null;
  limit: number;
  after?: { dueAt: string; caseId: number };
}

/** The handler named in an event's fields (plain, or a classification's `{value}`). */
const TEAM_OF_EVENT = sql.raw(
  `CASE jsonb_typeof(e.fields->'handler') WHEN 'object' THEN e.fields->'handler'->>'value' ELSE e.fields->>'handler' END`,
);

/**
 * Counts per node, status and team over every case with a snapshot. One pass over
 * node_snapshots (narrow columns, the large `result` JSON is not read) hash-joined with the
 * latest handler per case.
 */
export async function boardCounts(db: Db): Promise<BoardCount[]> {
  const rows = await queryRows<{ node: string; status: string; team: string | null; count: number }>(
    db,
    sql`SELECT s.node_code AS node, s.status, NULLIF(t.team, '') AS team, count(*)::int AS count
        FROM node_snapshots s
        LEFT JOIN (
          SELECT DISTINCT ON (e.case_id) e.case_id, ${TEAM_OF_EVENT} AS team
          FROM case_events e WHERE e.fields ? 'handler'
          ORDER BY e.case_id, e.scan_seq DESC
        ) t ON t.case_id = s.case_id
        GROUP BY 1, 2, 3`,
  );
  return rows.map((r) => ({ node: r.node, status: r.status, team: r.team, count: Number(r.count) }));
}

/**
 * Due-soon / overdue cases, earliest due date first (the most urgent), keyset by
 * (due_at, case_id) so paging stays cheap however deep it goes.
 *
 * Without a team filter the page is cut from node_snapshots alone (a top-N over narrow
 * columns) and only its rows look up their team and read the large `result` JSON; looking up
 * the team of every candidate before the sort cost seconds at 100,000 cases. With a team
 * filter the team must be known first: the latest handler per case is computed in one pass
 * over case_events and hash-joined.
 */
export async function boardCases(db: Db, f: BoardFilter): Promise<BoardCaseRow[]> {
  const statusList = sql.join(f.statuses.map((s) => sql`${s}`), sql`, `);
  const node = f.node ? sql`AND s.node_code = ${f.node}` : sql``;
  const after = f.after ? sql`AND (s.due_at, s.case_id) > (${f.after.dueAt}::date, ${f.after.caseId})` : sql``;
  const where = sql`s.status IN (${statusList}) AND s.due_at IS NOT NULL ${node} ${after}`;
  const page =
    f.team === undefined
      ? sql`SELECT s.case_id FROM node_snapshots s WHERE ${where} ORDER BY s.due_at, s.case_id LIMIT ${f.limit}`
      : sql`SELECT s.case_id FROM node_snapshots s
            LEFT JOIN (
              SELECT DISTINCT ON (e.case_id) e.case_id, ${TEAM_OF_EVENT} AS team
              FROM case_events e WHERE e.fields ? 'handler'
              ORDER BY e.case_id, e.scan_seq DESC
            ) t ON t.case_id = s.case_id
            WHERE ${where} AND ${f.team === null ? sql`NULLIF(t.team, '') IS NULL` : sql`t.team = ${f.team}`}
            ORDER BY s.due_at, s.case_id LIMIT ${f.limit}`;
  const rows = await queryRows<BoardCaseRow>(
    db,
    sql`WITH page AS (${page})
        SELECT s.case_id AS "caseId", s.case_number AS "caseNumber", s.node_code AS "nodeCode", s.status,
               s.due_at::text AS "dueAt", NULLIF(t.team, '') AS team,
               s.result->'node' AS node, s.result->'warnings' AS warnings
        FROM page JOIN node_snapshots s ON s.case_id = page.case_id
        LEFT JOIN LATERAL (
          SELECT ${TEAM_OF_EVENT} AS team FROM case_events e
          WHERE e.case_id = s.case_id AND e.fields ? 'handler'
          ORDER BY e.scan_seq DESC LIMIT 1
        ) t ON true
        ORDER BY s.due_at, s.case_id`,
  );
  return rows.map((r) => ({ ...r, caseId: Number(r.caseId) }));
}
