/**
 * Cases and nodes (contract v1): `GET /cases/{caseNumber}`, `/cases/{caseNumber}/dossier`,
 * `GET /nodes?since=` (the change feed supervision systems poll) and `GET /warnings`.
 * Case numbers in paths may be in any spelling the parser accepts; responses are canonical.
 */
import { Router, type Request } from 'express';
import { parseCaseNumber, type NodeResult } from '../../classifier/index.ts';
import { contractNode } from '../../ingest/locate.stage.ts';
import { audit } from '../../storage/audit.repo.ts';
import { documentCountOfCase, getCaseByNumber, getSnapshot, listChangesJson, listWarnings, type CaseRow } from '../../storage/cases.repo.ts';
import { documentsOfCase, pagesOfCase } from '../../storage/documents.repo.ts';
import type { AppDeps } from '../app-deps.ts';
import { requireRole } from '../auth.ts';
import { HttpError, isoShanghai, principalOf } from '../http.ts';

async function loadCase(deps: AppDeps, req: Request): Promise<CaseRow> {
  const raw = String(req.params.caseNumber ?? '');
  const parsed = raw.length <= 80 ? parseCaseNumber(raw) : null;
  if (!parsed) throw new HttpError(404, 'case_not_found', '案号格式无法识别');
  const row = await getCaseByNumber(deps.database.db, parsed.canonical);
  if (!row) throw new HttpError(404, 'case_not_found', `未找到案件 ${parsed.canonical}`);
  return row;
}

function intParam(v: unknown, def: number, min: number, max: number): number {
  const n = v === undefined || v === '' ? def : Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new HttpError(400, 'bad_request', `参数应为 ${min}–${max} 之间的整数`);
  return n;
}

export function caseRoutes(deps: AppDeps): Router {
  const r = Router();
  const db = deps.database.db;

  r.get('/cases/:caseNumber', requireRole('judge', 'supervisor', 'clerk'), async (req, res) => {
    const row = await loadCase(deps, req);
    // The audit row is written beside the reads (one round trip less) and still before any data is sent.
    const [snap, documentCount] = await Promise.all([
      getSnapshot(db, row.id),
      documentCountOfCase(db, row.id),
      audit(db, { principal: principalOf(req), action: 'case.view', target: row.caseNumber, ip: req.ip }),
    ]);
    const result = snap?.result as NodeResult | undefined;
    res.json({
      caseNumber: row.caseNumber,
      originalCaseNumber: row.originalCaseNumber,
      parties: row.parties ? row.parties.split('\n') : [],
      node: result ? contractNode(result) : null,
      history: (result?.history ?? []).map((h) => ({ code: h.code, name: h.name, enteredAt: h.enteredAt, leftAt: h.leftAt, dueAt: h.dueAt, status: h.status, basis: h.basis })),
      clocks: (result?.clocks ?? []).map((c) => ({ code: c.code, label: c.label, startedAt: c.startedAt, dueAt: c.dueAt, status: c.status, basis: c.basis })),
      warnings: result?.warnings ?? [],
      checklist: result?.checklist ?? [],
      documentCount,
      updatedAt: isoShanghai(snap?.updatedAt ?? row.updatedAt),
    });
  });

  r.get('/cases/:caseNumber/dossier', requireRole('judge', 'clerk'), async (req, res) => {
    const row = await loadCase(deps, req);
    // Three independent statements at once: two round trips per dossier instead of four.
    const [docs, pages] = await Promise.all([
      documentsOfCase(db, row.id),
      pagesOfCase(db, row.id),
      audit(db, { principal: principalOf(req), action: 'dossier.view', target: row.caseNumber, ip: req.ip }),
    ]);
    res.json({
      caseNumber: row.caseNumber,
      documents: docs.map((d) => {
        const own = pages.filter((p) => p.documentId === d.id);
        return {
          documentId: d.id,
          formType: d.formType,
          title: d.title,
          date: d.docDate,
          volume: d.volume,
          pageCount: own.length,
          confidence: d.confidence,
          fields: Object.fromEntries(Object.entries(d.fields).map(([k, v]) => [k, (v as { value?: unknown })?.value ?? v])),
          corrected: Object.keys(d.corrections).length > 0,
          pages: own.map((p) => ({
            pageId: p.id,
            number: p.number,
            imageUrl: `/api/v1/pages/${p.id}/image`,
            textUrl: `/api/v1/pages/${p.id}/text`,
            source: { fileId: p.fileId, pageIndex: p.pageIndex },
          })),
        };
      }),
    });
  });

  r.get('/nodes', requireRole('supervisor'), async (req, res) => {
    const since = req.query.since === undefined || req.query.since === '' ? 0 : Number(req.query.since);
    if (!Number.isSafeInteger(since) || since < 0) throw new HttpError(400, 'bad_cursor', '游标无效');
    const limit = intParam(req.query.limit, 100, 1, 1000);
    const rows = await listChangesJson(db, since, limit);
    // Pollers hit this most: node and warnings go out as the JSON text stored, not parsed and re-serialised.
    const items = rows.map(
      (c) => `{"caseNumber":${JSON.stringify(c.caseNumber)},"node":${c.nodeJson},"warnings":${c.warningsJson},"changedAt":${JSON.stringify(isoShanghai(c.changedAt))},"seq":${c.seq}}`,
    );
    const next = JSON.stringify(String(rows.length > 0 ? rows[rows.length - 1]!.seq : since));
    res.type('application/json').send(`{"items":[${items.join(',')}],"next":${next}}`);
  });

  r.get('/warnings', requireRole('supervisor'), async (req, res) => {
    const status = req.query.status ? String(req.query.status) : undefined;
    if (status && status !== 'due_soon' && status !== 'overdue') throw new HttpError(400, 'bad_request', 'status 只能是 due_soon 或 overdue');
    const limit = intParam(req.query.limit, 50, 1, 500);
    let after: { dueAt: string; caseId: number } | undefined;
    if (req.query.cursor) {
      const m = /^(\d{4}-\d{2}-\d{2})_(\d+)$/.exec(String(req.query.cursor));
      if (!m) throw new HttpError(400, 'bad_cursor', '游标无效');
      after = { dueAt: m[1]!, caseId: Number(m[2]) };
    }
    // Most urgent first: overdue before due_soon, then by due date.
    const statuses = status ? [status] : ['overdue', 'due_soon'];
    const rows = await listWarnings(db, { statuses, limit: limit + 1, after });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    res.json({
      items: page.map((s) => {
        const result = s.result as unknown as NodeResult;
        return { caseNumber: s.caseNumber, status: s.status, dueAt: s.dueAt, node: contractNode(result), clocks: result.clocks, warnings: result.warnings };
      }),
      next: rows.length > limit && last ? `${last.dueAt}_${last.caseId}` : null,
    });
  });

  return r;
}
