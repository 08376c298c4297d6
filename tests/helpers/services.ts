/**
 * Access to the real services tests run against. Outside CI a suite whose service is not
 * configured is skipped with a printed reason; with CI=true it must run (and fails loudly).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

export const IN_CI = process.env.CI === 'true';

/** Returns the URL, or null (after printing why) when the suite should skip. Throws in CI. */
export function serviceUrl(envName: 'TEST_DATABASE_URL' | 'TEST_REDIS_URL', suite: string): string | null {
  const url = process.env[envName];
  if (url) return url;
  if (IN_CI) throw new Error(`${envName} must be set when CI=true (suite: ${suite})`);
  console.warn(`[skip] ${suite}: ${envName} is not set`);
  return null;
}

/** A fresh PostgreSQL database for one suite, dropped afterwards. */
export async function createTestDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Delete every Redis key under `prefix:` (BullMQ's keys of one run). */
export async function deleteRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
