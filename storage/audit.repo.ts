/** Audit log: who did or viewed what, appended, never updated. */
import type { Db } from './db.ts';
import { auditLog } from './schema.ts';
import type { Principal } from './tokens.repo.ts';

export async function audit(
  db: Db,
  entry: { principal: Principal | null; action: string; target?: string; detail?: Record<string, unknown>; ip?: string },
): Promise<void> {
  await db.insert(auditLog).values({
    tokenId: entry.principal?.tokenId ?? null,
    actor: entry.principal?.name ?? null,
    role: entry.principal?.role ?? null,
    action: entry.action,
    target: entry.target ?? null,
    detail: entry.detail ?? {},
    ip: entry.ip ?? null,
  });
}
