/**
 * Authentication and authorisation: `Authorization: Bearer <token>` → principal (token looked up
 * by its SHA-256), then each route states the roles it admits. 401 without a valid token,
 * 403 for a role that may not use the route.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Db } from '../storage/db.ts';
import type { Role } from '../storage/schema.ts';
import { findPrincipal, type Principal } from '../storage/tokens.repo.ts';
import { sendError } from './http.ts';

const CACHE_MS = 10_000;

/** Resolve the bearer token (cached briefly: supervision systems poll many times a minute). */
export function authenticate(db: Db): RequestHandler {
  const cache = new Map<string, { p: Principal | null; at: number }>();
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(\S{8,200})$/i.exec(header);
    if (!m) {
      sendError(res, 401, 'unauthorized', '需要有效的访问令牌（Authorization: Bearer …）');
      return;
    }
    const secret = m[1]!;
    const hit = cache.get(secret);
    let principal: Principal | null;
    if (hit && Date.now() - hit.at < CACHE_MS) principal = hit.p;
    else {
      principal = await findPrincipal(db, secret);
      if (cache.size > 1000) cache.clear();
      cache.set(secret, { p: principal, at: Date.now() });
    }
    if (!principal) {
      sendError(res, 401, 'unauthorized', '访问令牌无效或已被吊销');
      return;
    }
    (req as Request & { principal?: Principal }).principal = principal;
    next();
  };
}

/** Admit only the given roles (admin is always admitted). */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    const p = (req as Request & { principal?: Principal }).principal;
    if (!p) {
      sendError(res, 401, 'unauthorized', '需要有效的访问令牌');
      return;
    }
    if (p.role !== 'admin' && !roles.includes(p.role)) {
      sendError(res, 403, 'forbidden', '当前角色无权使用此功能');
      return;
    }
    next();
  };
}
