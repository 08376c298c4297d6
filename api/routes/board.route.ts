/**
 * The command-centre board (supervisor, admin; read-only):
 *  - `GET /board/summary` → case counts per node × status × team (the team is the case's
 *    latest 承办人, `null` when none is on record; see storage/board.repo.ts);
 *  - `GET /board/cases?status=&node=&team=&limit=&cursor=` → due-soon / overdue cases, most
 *    urgent first, filtered, keyset-paginated. `team=` (empty) selects unassigned cases.
 * The summary is cached for a few seconds: dashboards refresh it often and at 100,000 cases
 * it is one full pass over node_snapshots.
 */
import { Router } from 'express';
import { boardCases, boardCounts, type BoardCount } from '../../storage/board.repo.ts';
import type { AppDeps } from '../app-deps.ts';
import { requireRole } from '../auth.ts';
import { HttpError, isoShanghai } from '../http.ts';

const SUMMARY_TTL_MS = 5_000;
const NODE_CODE_RE = /^[a-z_]{1,40}$/;

interface NodeView {
  code?: string;
  name?: string;
  enteredAt?: string;
  dueAt?: string | null;
  status?: string;
}

export function boardRoutes(deps: AppDeps): Router {
  const r = Router();
  const db = deps.database.db;
  let cached: { at: number; value: Promise<BoardCount[]> } | null = null;

  r.get('/board/summary', requireRole('supervisor'), async (_req, res) => {
    if (!cached || Date.now() - cached.at > SUMMARY_TTL_MS) {
      const value = boardCounts(db);
      cached = { at: Date.now(), value };
      value.catch(() => (cached = null));
    }
    const rows = await cached.value;
    res.json({ items: rows, generatedAt: isoShanghai(new Date(cached.at)) });
  });

  r.get('/board/cases', requireRole('supervisor'), async (req, res) => {
    const status = req.query.status ? String(req.query.status) : undefined;
    if (status && status !== 'due_soon' && status !== 'overdue') throw new HttpError(400, 'bad_request', 'status 只能是 due_soon 或 overdue');
    const node = req.query.node ? String(req.query.node) : undefined;
    if (node !== undefined && !NODE_CODE_RE.test(node)) throw new HttpError(400, 'bad_request', '节点代码无效');
    const team = req.query.team === undefined ? undefined : String(req.query.team).trim().slice(0, 60) || null;
    const limitRaw = req.query.limit === undefined ? 50 : Number(req.query.limit);
    if (!Number.isInteger(limitRaw) || limitRaw < 1 || limitRaw > 200) throw new HttpError(400, 'bad_request', 'limit 应为 1–200 之间的整数');
    let after: { dueAt: string; caseId: number } | undefined;
    if (req.query.cursor) {
      const m = /^(\d{4}-\d{2}-\d{2})_(\d+)$/.exec(String(req.query.cursor));
      if (!m) throw new HttpError(400, 'bad_cursor', '游标无效');
      after = { dueAt: m[1]!, caseId: Number(m[2]) };
    }
    const rows = await boardCases(db, { statuses: status ? [status] : ['overdue', 'due_soon'], node, team, limit: limitRaw + 1, after });
    const page = rows.slice(0, limitRaw);
    const last = page[page.length - 1];
    res.json({
      items: page.map((s) => {
        const n = (s.node ?? {}) as NodeView;
        return {
          caseNumber: s.caseNumber,
          status: s.status,
          dueAt: s.dueAt,
          team: s.team,
          node: { code: s.nodeCode, name: n.name ?? null, enteredAt: n.enteredAt ?? null, dueAt: n.dueAt ?? null, status: n.status ?? null },
          warnings: ((s.warnings ?? []) as Array<{ code: string; message: string; status?: string }>).map((w) => ({ code: w.code, message: w.message, status: w.status ?? null })),
        };
      }),
      next: rows.length > limitRaw && last ? `${last.dueAt}_${last.caseId}` : null,
    });
  });

  return r;
}
