/**
 * API tokens: created with a random secret shown once, stored only as its SHA-256.
 * Imports the schema and drizzle only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from './db.ts';
import { tokens, type Role } from './schema.ts';

export interface Principal {
  tokenId: number;
  name: string;
  role: Role;
}

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Create a token; returns the secret (never stored) and its id. */
export async function createToken(
  db: Db,
  input: { name: string; role: Role; secret?: string },
): Promise<{ id: number; token: string }> {
  const token = input.secret ?? `ced_${randomBytes(24).toString('base64url')}`;
  const [row] = await db
    .insert(tokens)
    .values({ name: input.name, role: input.role, tokenHash: hashToken(token) })
    .returning({ id: tokens.id });
  return { id: row!.id, token };
}

/** The principal for a presented secret, or null if unknown or revoked. */
export async function findPrincipal(db: Db, secret: string): Promise<Principal | null> {
  const rows = await db
    .select({ id: tokens.id, name: tokens.name, role: tokens.role })
    .from(tokens)
    .where(and(eq(tokens.tokenHash, hashToken(secret)), isNull(tokens.revokedAt)))
    .limit(1);
  const row = rows[0];
  return row ? { tokenId: row.id, name: row.name, role: row.role } : null;
}

export async function countAdminTokens(db: Db): Promise<number> {
  const rows = await db.select({ id: tokens.id }).from(tokens).where(and(eq(tokens.role, 'admin'), isNull(tokens.revokedAt)));
  return rows.length;
}

export async function listTokens(db: Db) {
  return db
    .select({ id: tokens.id, name: tokens.name, role: tokens.role, createdAt: tokens.createdAt, revokedAt: tokens.revokedAt })
    .from(tokens)
    .orderBy(tokens.id);
}

export async function revokeToken(db: Db, id: number): Promise<boolean> {
  const rows = await db.update(tokens).set({ revokedAt: new Date() }).where(eq(tokens.id, id)).returning({ id: tokens.id });
  return rows.length > 0;
}
