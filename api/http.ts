/**
 * HTTP helpers shared by routes: the error shape of the contract
 * (`{"error": {"code", "message"}}`), parameter validation, and the request principal.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Principal } from '../storage/tokens.repo.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const SHA256_RE = /^[0-9a-f]{64}$/;

/** A path parameter that must be a UUID (ids never reach storage unchecked). */
export function uuidParam(req: Request, name: string): string {
  const v = String(req.params[name] ?? '').toLowerCase();
  if (!UUID_RE.test(v)) throw new HttpError(404, 'not_found', '未找到该记录');
  return v;
}

export function principalOf(req: Request): Principal {
  const p = (req as Request & { principal?: Principal }).principal;
  if (!p) throw new HttpError(401, 'unauthorized', '需要有效的访问令牌');
  return p;
}

export function sendError(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  res.status(status).json({ error: { code, message }, ...extra });
}

/** Last middleware: every error becomes the contract's error shape; internals are logged, not leaked. */
export function errorHandler(log: { error(m: string, f?: Record<string, unknown>): void }) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (err instanceof HttpError) {
      sendError(res, err.status, err.code, err.message, err.extra);
      return;
    }
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed') {
      sendError(res, 400, 'bad_request', '请求体不是有效的 JSON');
      return;
    }
    log.error('unhandled request error', { method: req.method, path: req.path, error: err as Error });
    if (!res.headersSent) sendError(res, 500, 'internal_error', '服务器内部错误，已记录');
  };
}

/** ISO-8601 with +08:00 (the courts' zone) as the contract requires. */
export function isoShanghai(d: Date | null | undefined): string | null {
  if (!d) return null;
  const t = new Date(d.getTime() + 8 * 3600_000).toISOString().replace('Z', '');
  return `${t.slice(0, 19)}+08:00`;
}
