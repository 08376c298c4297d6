/** Token administration (admin only) and `whoami` (any valid token). */
import { Router } from 'express';
import { z } from 'zod';
import { audit } from '../../storage/audit.repo.ts';
import { ROLES, type Role } from '../../storage/schema.ts';
import { createToken, listTokens, revokeToken } from '../../storage/tokens.repo.ts';
import type { AppDeps } from '../app-deps.ts';
import { requireRole } from '../auth.ts';
import { HttpError, isoShanghai, principalOf } from '../http.ts';

const createBody = z.object({
  role: z.enum(ROLES as [Role, ...Role[]]),
  name: z.string().trim().min(1).max(100),
});

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

  return r;
}
