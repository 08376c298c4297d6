/**
 * Configuration: the only reader of `process.env`. Validated once at boot; a bad value fails
 * start-up listing every bad variable. The mode (embedded vs production) is derived here from
 * which service URLs are present; runtime.ts picks adapters from it.
 */
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).default('ced'),
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z.string().min(3).optional(),
  S3_ACCESS_KEY: z.string().optional(),
  S3_SECRET_KEY: z.string().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_PRESIGN: bool.default(false),
  S3_PUBLIC_ENDPOINT: z.string().url().optional(),
  METRICS_TOKEN: z.string().min(16).optional(),
  MAX_UPLOAD_MB: z.coerce.number().positive().default(512),
  MAX_PAGES: z.coerce.number().int().positive().default(1000),
  MAX_PIXELS: z.coerce.number().int().positive().default(100_000_000),
  OCR_ENABLED: bool.default(true),
  OCR_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  RASTER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  REVIEW_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.6),
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  JOB_BACKOFF_MS: z.coerce.number().int().min(1).default(2000),
  JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  JOB_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
  BOOTSTRAP_ADMIN_TOKEN: z.string().min(16).optional(),
  RULES_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

/** Every variable this module reads (deploy files are checked against it: tests/deploy). */
export const ENV_VARS: readonly string[] = Object.keys(envSchema.shape);

export interface S3Config {
  endpoint: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region: string;
  presign: boolean;
  /** Endpoint browsers reach the store at, for presigned URLs (default: `endpoint`). */
  publicEndpoint: string | null;
}

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  redisUrl: string | null;
  /** Redis key prefix of the queues (several deployments or test runs can share a Redis). */
  queuePrefix: string;
  s3: S3Config | null;
  maxUploadBytes: number;
  maxPages: number;
  maxPixels: number;
  ocrEnabled: boolean;
  ocrConcurrency: number;
  rasterConcurrency: number;
  reviewConfidence: number;
  jobAttempts: number;
  jobBackoffMs: number;
  /** BullMQ: a job whose worker stops renewing its lock (process killed) is stalled after this. */
  jobLockMs: number;
  /** BullMQ: how often workers look for stalled jobs and hand them back to the queue. */
  jobStalledIntervalMs: number;
  bootstrapAdminToken: string | null;
  /** Bearer secret that may read `/metrics` only (Prometheus); admin tokens may too. */
  metricsToken: string | null;
  rulesDir: string | null;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Parse and validate an environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset" (docker-compose passes `FOO=` for optional values).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const s3Vars = [e.S3_ENDPOINT, e.S3_BUCKET, e.S3_ACCESS_KEY, e.S3_SECRET_KEY];
  const s3Set = s3Vars.filter((v) => v !== undefined).length;
  if (s3Set > 0 && s3Set < 4) problems.push('S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY and S3_SECRET_KEY must be set together');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    redisUrl: e.REDIS_URL ?? null,
    queuePrefix: e.QUEUE_PREFIX,
    s3:
      s3Set === 4
        ? {
            endpoint: e.S3_ENDPOINT!,
            bucket: e.S3_BUCKET!,
            accessKey: e.S3_ACCESS_KEY!,
            secretKey: e.S3_SECRET_KEY!,
            region: e.S3_REGION,
            presign: e.S3_PRESIGN,
            publicEndpoint: e.S3_PUBLIC_ENDPOINT ?? null,
          }
        : null,
    maxUploadBytes: Math.floor(e.MAX_UPLOAD_MB * 1024 * 1024),
    maxPages: e.MAX_PAGES,
    maxPixels: e.MAX_PIXELS,
    ocrEnabled: e.OCR_ENABLED,
    ocrConcurrency: e.OCR_CONCURRENCY,
    rasterConcurrency: e.RASTER_CONCURRENCY,
    reviewConfidence: e.REVIEW_CONFIDENCE,
    jobAttempts: e.JOB_ATTEMPTS,
    jobBackoffMs: e.JOB_BACKOFF_MS,
    jobLockMs: e.JOB_LOCK_MS,
    jobStalledIntervalMs: e.JOB_STALLED_INTERVAL_MS,
    bootstrapAdminToken: e.BOOTSTRAP_ADMIN_TOKEN ?? null,
    metricsToken: e.METRICS_TOKEN ?? null,
    rulesDir: e.RULES_DIR ?? null,
    logLevel: e.LOG_LEVEL,
  };
}
