/** Audit log: who did or viewed what, appended, never updated. */
import { sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { preparedPerDb } from './prepared.ts';
import { auditLog } from './schema.ts';
import type { Principal } from './tokens.repo.ts';

const insertAudit = preparedPerDb((db) =>
  db
    .insert(auditLog)
    .values({
      tokenId: sql.placeholder('tokenId'),
      actor: sql.placeholder('actor'),
      role: sql.placeholder('role'),
      action: sql.placeholder('action'),
      target: sql.placeholder('target'),
      detail: sql.placeholder('detail'),
      ip: sql.placeholder('ip'),
    })
    .prepare('audit_insert'),
);

export async function audit(
  db: Db,
  entry: { principal: Principal | null; action: string; target?: string; detail?: Record<string, unknown>; ip?: string },
): Promise<void> {
  // Every case and dossier view writes one row, so the statement is prepared (storage/prepared.ts).
  await insertAudit(db).execute({
    tokenId: entry.principal?.tokenId ?? null,
    actor: entry.principal?.name ?? null,
    role: entry.principal?.role ?? null,
    action: entry.action,
    target: entry.target ?? null,
    detail: entry.detail ?? {},
    ip: entry.ip ?? null,
  });
}
