/** Token administration and the case register import (admin only), and `whoami` (any valid token). */
import { Router } from 'express';
import { z } from 'zod';
import { audit } from '../../storage/audit.repo.ts';
import { ROLES, type Role } from '../../storage/schema.ts';
import { createToken, listTokens, revokeToken } from '../../storage/tokens.repo.ts';
import { parseCaseNumber } from '../../classifier/index.ts';
import { registerSize, upsertRegister, type RegisterEntry } from '../../storage/register.repo.ts';
import type { AppDeps } from '../app-deps.ts';
import { requireRole } from '../auth.ts';
import { HttpError, isoShanghai, principalOf } from '../http.ts';

const createBody = z.object({
  role: z.enum(ROLES as [Role, ...Role[]]),
  name: z.string().trim().min(1).max(100),
});

const registerEntry = z.object({
  caseNumber: z.string().max(200),
  filedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullish(),
  applicant: z.string().max(500).optional(),
  respondent: z.string().max(500).optional(),
  judge: z.string().max(100).optional(),
  team: z.string().max(100).optional(),
});
/** A batch of the court's case register (≤ 2,000 per request; the JSON body limit is 1 MB). */
const registerBody = z.object({ cases: z.array(z.unknown()).min(1).max(2000) });

export function adminRoutes(deps: AppDeps): Router {
  const r = Router();
  const db = deps.database.db;

  r.get('/whoami', (req, res) => {
    const p = principalOf(req);
    res.json({ name: p.name, role: p.role });
  });

  r.post('/admin/tokens', requireRole('admin'), async (req, res) => {
    const parsed = createBody.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, 'bad_request', `参数无效：role 取值 ${ROLES.join('/')}，name 必填`);
    const { id, token } = await createToken(db, parsed.data);
    await audit(db, { principal: principalOf(req), action: 'token.create', target: String(id), detail: parsed.data, ip: req.ip });
    res.status(201).json({ id, token, role: parsed.data.role, name: parsed.data.name });
  });

  r.get('/admin/tokens', requireRole('admin'), async (_req, res) => {
    const rows = await listTokens(db);
    res.json({
      items: rows.map((t) => ({ id: t.id, name: t.name, role: t.role, createdAt: isoShanghai(t.createdAt), revokedAt: isoShanghai(t.revokedAt) })),
    });
  });

  r.delete('/admin/tokens/:id', requireRole('admin'), async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) throw new HttpError(404, 'not_found', '未找到该令牌');
    if (!(await revokeToken(db, id))) throw new HttpError(404, 'not_found', '未找到该令牌');
    await audit(db, { principal: principalOf(req), action: 'token.revoke', target: String(id), ip: req.ip });
    res.status(204).end();
  });

  // The court's case register (立案登记), exported from its case management system. Entries
  // are upserted by case number (any accepted spelling; stored canonical); an entry that does
  // not parse is reported back by index and skipped, the rest are written.
  r.post('/admin/register', requireRole('admin'), async (req, res) => {
    const parsed = registerBody.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, 'bad_request', '参数无效：cases 为 1–2000 条立案登记记录的数组');
    const accepted: RegisterEntry[] = [];
    const rejected: Array<{ index: number; caseNumber: unknown; message: string }> = [];
    parsed.data.cases.forEach((raw, index) => {
      const e = registerEntry.safeParse(raw);
      const canonical = e.success ? parseCaseNumber(e.data.caseNumber)?.canonical : undefined;
      if (!e.success) rejected.push({ index, caseNumber: (raw as { caseNumber?: unknown } | null)?.caseNumber ?? null, message: '字段格式不正确（filedOn 为 YYYY-MM-DD）' });
      else if (!canonical) rejected.push({ index, caseNumber: e.data.caseNumber, message: '案号无法解析' });
      else accepted.push({ ...e.data, caseNumber: canonical });
    });
    const written = await upsertRegister(db, accepted);
    await audit(db, { principal: principalOf(req), action: 'register.import', target: 'case_register', detail: { written, rejected: rejected.length }, ip: req.ip });
    res.json({ written, rejected, size: await registerSize(db) });
  });

  r.get('/admin/register', requireRole('admin'), async (_req, res) => {
    res.json({ size: await registerSize(db) });
  });

  return r;
}
