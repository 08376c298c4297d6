/**
 * Documents for clerks: one document with its machine reasons, the review queue, and
 * corrections (form type, case number, date, fields, volume). Every correction is audited and
 * re-runs the node engine for the cases it touches before the reply; a corrected case number
 * the court's register does not hold is kept, with a warning in the reply.
 */
import { Router } from 'express';
import { z } from 'zod';
import { isValidIsoDate, parseCaseNumber } from '../../classifier/index.ts';
import { REASON_CODES, type ReasonCode } from '../../errors.ts';
import { audit } from '../../storage/audit.repo.ts';
import { refreshFileStatus } from '../../storage/files.repo.ts';
import { applyCorrection } from '../../storage/corrections.repo.ts';
import { mergeDocuments, pageIdsOfDocument, splitDocument, type RestructureError } from '../../storage/restructure.repo.ts';
import { getDocument, listReviewDocuments, pagesOfDocuments, type DocumentRow } from '../../storage/documents.repo.ts';
import { registerLookup, registration } from '../../storage/register.repo.ts';
import type { AppDeps } from '../app-deps.ts';
import { requireRole } from '../auth.ts';
import { HttpError, isoShanghai, principalOf, UUID_RE, uuidParam } from '../http.ts';

const correctionBody = z
  .object({
    formType: z.string().min(1).max(64).optional(),
    caseNumber: z.string().min(1).max(80).optional(),
    date: z.string().nullable().optional(),
    fields: z.record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])).optional(),
    volume: z.enum(['main', 'secondary']).optional(),
  })
  .strict();

export function documentView(d: DocumentRow, pageIds: Array<{ pageId: string; number: number | null }>) {
  return {
    documentId: d.id,
    fileId: d.fileId,
    caseNumber: d.caseNumber,
    formType: d.formType,
    title: d.title,
    date: d.docDate,
    // While only its date holds it for a clerk: the other readings of that date, to choose from.
    otherDateReadings: d.status === 'needs_review' ? (d.dateDoubt?.alternatives ?? []) : [],
    volume: d.volume,
    status: d.status,
    confidence: d.confidence,
    fields: d.fields,
    reasons: d.reasons,
    review: d.reviewCodes.map((code) => ({ code, message: REASON_CODES[code as ReasonCode] ?? code })),
    corrections: d.corrections,
    pages: pageIds.map((p) => ({ ...p, imageUrl: `/api/v1/pages/${p.pageId}/image`, thumbnailUrl: `/api/v1/pages/${p.pageId}/thumbnail` })),
    updatedAt: isoShanghai(d.updatedAt),
  };
}

export function documentRoutes(deps: AppDeps): Router {
  const r = Router();
  const db = deps.database.db;

  async function registerWarnings(caseNumber: string): Promise<Array<{ code: string; message: string }>> {
    if ((await registration(registerLookup(db), caseNumber)) !== false) return [];
    return [{ code: 'case_number_unregistered', message: `案号 ${caseNumber} 不在本院立案登记中，请核对` }];
  }

  async function withPages(docs: DocumentRow[]) {
    const pages = await pagesOfDocuments(db, docs.map((d) => d.id));
    return docs.map((d) => documentView(d, pages.filter((p) => p.documentId === d.id).map((p) => ({ pageId: p.id, number: p.number }))));
  }

  r.get('/documents/:documentId', requireRole('clerk', 'judge'), async (req, res) => {
    const doc = await getDocument(db, uuidParam(req, 'documentId'));
    if (!doc) throw new HttpError(404, 'document_not_found', '未找到该文书');
    res.json((await withPages([doc]))[0]);
  });

  r.get('/review', requireRole('clerk'), async (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 50) || 50, 1), 200);
    let after: { createdAt: Date; id: string } | undefined;
    if (req.query.cursor) {
      const [at, id] = String(req.query.cursor).split('_');
      const d = new Date(String(at));
      if (Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/.test(String(id))) throw new HttpError(400, 'bad_cursor', '游标无效');
      after = { createdAt: d, id: String(id) };
    }
    const rows = await listReviewDocuments(db, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    res.json({ items: await withPages(page), next: rows.length > limit && last ? `${last.createdAt.toISOString()}_${last.id}` : null });
  });

  r.patch('/documents/:documentId', requireRole('clerk'), async (req, res) => {
    const id = uuidParam(req, 'documentId');
    const parsed = correctionBody.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, 'bad_request', `更正内容无效：${parsed.error.issues.map((i) => i.path.join('.')).join('、')}`);
    const c = { ...parsed.data };
    if (c.formType !== undefined && !deps.formTypes.includes(c.formType)) throw new HttpError(400, 'unknown_form_type', `未知的文书类型 ${c.formType}`);
    if (c.caseNumber !== undefined) {
      const p = parseCaseNumber(c.caseNumber);
      if (!p) throw new HttpError(400, 'invalid_case_number', '案号格式无法识别');
      c.caseNumber = p.canonical;
    }
    if (c.date !== undefined && c.date !== null && !isValidIsoDate(c.date)) throw new HttpError(400, 'invalid_date', '日期格式应为 YYYY-MM-DD');
    const principal = principalOf(req);
    const result = await applyCorrection(db, id, c, principal.name);
    if (!result) throw new HttpError(404, 'document_not_found', '未找到该文书');
    await audit(db, { principal, action: 'document.correct', target: id, detail: c, ip: req.ip });
    await refreshFileStatus(db, result.document.fileId);
    for (const caseId of result.caseIds) await deps.locate(caseId);
    // The clerk is the authority, so the correction stands; a number the loaded register does
    // not hold is most often a typo, so the reply says so while the paper is still in hand.
    const warnings = c.caseNumber !== undefined ? await registerWarnings(c.caseNumber) : [];
    res.json({ ...(await withPages([result.document]))[0], warnings });
  });

  r.post('/documents/:documentId/split', requireRole('clerk'), async (req, res) => {
    const id = uuidParam(req, 'documentId');
    const body = z.object({ atPageId: z.string().regex(UUID_RE) }).strict().safeParse(req.body);
    if (!body.success) throw new HttpError(400, 'bad_request', '需要 atPageId（拆分起始页）');
    const src = await getDocument(db, id);
    if (!src) throw new HttpError(404, 'document_not_found', '未找到该文书');
    const ids = await pageIdsOfDocument(db, id);
    const at = ids.indexOf(body.data.atPageId);
    if (at < 0) throw restructureError('page_not_in_document');
    if (at === 0) throw restructureError('split_at_first_page');
    const draft = await deps.classifyPages(ids.slice(at), src.caseNumber);
    const principal = principalOf(req);
    const result = await splitDocument(db, id, body.data.atPageId, draft, principal.name);
    if (typeof result === 'string') throw restructureError(result);
    await audit(db, { principal, action: 'document.split', target: id, detail: { atPageId: body.data.atPageId, newDocumentId: result.document.id }, ip: req.ip });
    await refreshFileStatus(db, src.fileId);
    for (const caseId of result.caseIds) await deps.locate(caseId);
    res.status(201).json({ documentId: result.document.id, document: (await withPages([result.document]))[0] });
  });

  r.post('/documents/:documentId/merge', requireRole('clerk'), async (req, res) => {
    const id = uuidParam(req, 'documentId');
    const body = z.object({ intoDocumentId: z.string().regex(UUID_RE) }).strict().safeParse(req.body);
    if (!body.success) throw new HttpError(400, 'bad_request', '需要 intoDocumentId（合并到的文书）');
    const source = await getDocument(db, id);
    const result = await mergeDocuments(db, id, body.data.intoDocumentId);
    if (typeof result === 'string') throw restructureError(result);
    const principal = principalOf(req);
    await audit(db, { principal, action: 'document.merge', target: id, detail: { intoDocumentId: body.data.intoDocumentId }, ip: req.ip });
    for (const fileId of new Set([source!.fileId, result.document.fileId])) await refreshFileStatus(db, fileId);
    for (const caseId of result.caseIds) await deps.locate(caseId);
    res.json({ documentId: result.document.id, document: (await withPages([result.document]))[0] });
  });

  return r;
}

const RESTRUCTURE_ERRORS: Record<RestructureError, [number, string]> = {
  document_not_found: [404, '未找到该文书'],
  page_not_in_document: [400, '该页不属于此文书'],
  split_at_first_page: [400, '不能从第一页拆分（文书不变）'],
  merge_into_self: [400, '不能合并到自身'],
  document_changed: [409, '文书刚被他人修改，请刷新后重试'],
};

function restructureError(code: RestructureError): HttpError {
  const [status, message] = RESTRUCTURE_ERRORS[code];
  return new HttpError(status, code, message);
}
