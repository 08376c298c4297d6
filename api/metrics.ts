/**
 * Prometheus metrics (prom-client) for `GET /metrics`: HTTP requests by method, route template
 * and status (count and duration), queue depth per job name and state, workers per job name,
 * scanned files by status, pending pages, and the process defaults (CPU, memory, event loop).
 * Queue and database figures are read at scrape time, so any API replica reports the whole
 * cluster (the queue lives in Redis, the rows in PostgreSQL). One registry per app: tests build
 * several apps in one process. Owns no routes except the one scrape handler; auth is in
 * ops.route.ts. Must not import stages, OCR or adapters.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sql } from 'drizzle-orm';
import type { JobName, JobQueue } from '../ingest/job-queue.ts';
import type { PipelineJob } from '../ingest/pipeline.ts';
import type { Logger } from '../log.ts';
import { queryRows, type Database } from '../storage/db.ts';
import type { FileStatus } from '../storage/schema.ts';

/** The pipeline's queues, in stage order (what /admin/queues and the metrics report). */
export const QUEUE_NAMES = ['rasterize', 'ocr', 'assemble', 'locate', 'reevaluate'] as const satisfies readonly JobName[];
export type QueueName = (typeof QUEUE_NAMES)[number];
/** A stage added to the pipeline without being listed here fails to compile. */
const _everyStageListed: [Exclude<PipelineJob, QueueName>] extends [never] ? true : false = true;

const FILE_STATUSES: FileStatus[] = ['received', 'processing', 'done', 'needs_review', 'failed'];
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
/** Counting millions of rows on every scrape of every replica is wasteful; a short cache. */
const DB_CACHE_MS = 10_000;

export interface Metrics {
  registry: Registry;
  /** Counts every request and its duration, labelled by route template (never the raw URL). */
  countRequests: RequestHandler;
  /** The Prometheus text exposition (call after auth). */
  scrape(req: Request, res: Response): Promise<void>;
}

export function createMetrics(deps: { database: Database; queue: JobQueue; log: Logger }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'ced_http_requests_total', help: 'HTTP requests by method, route template and status', labelNames, registers: [registry] });
  const durations = new Histogram({
    name: 'ced_http_request_duration_seconds',
    help: 'HTTP request duration (uploads stream for long)',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
    registers: [registry],
  });
  const collectErrors = new Counter({ name: 'ced_metrics_collect_errors_total', help: 'Scrape-time reads that failed, by source', labelNames: ['source'], registers: [registry] });

  new Gauge({
    name: 'ced_queue_jobs',
    help: 'Jobs per queue and state (completed/failed: as many as the queue keeps)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      try {
        const all = await Promise.all(QUEUE_NAMES.map(async (q) => [q, await deps.queue.counts(q)] as const));
        this.reset();
        for (const [q, c] of all) for (const s of QUEUE_STATES) this.set({ queue: q, state: s }, c[s]);
      } catch (err) {
        collectErrors.inc({ source: 'queue' });
        deps.log.warn('metrics: queue counts failed', { error: err as Error });
      }
    },
  });

  new Gauge({
    name: 'ced_queue_workers',
    help: 'Workers consuming each queue, across all processes (absent when the backend cannot tell)',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      try {
        const all = await Promise.all(QUEUE_NAMES.map(async (q) => [q, await deps.queue.workerCount(q)] as const));
        this.reset();
        for (const [q, n] of all) if (n >= 0) this.set({ queue: q }, n);
      } catch (err) {
        collectErrors.inc({ source: 'workers' });
        deps.log.warn('metrics: worker counts failed', { error: err as Error });
      }
    },
  });

  let dbCache: { at: number; files: Map<string, number>; pendingPages: number } | null = null;
  async function dbFigures() {
    if (dbCache && Date.now() - dbCache.at < DB_CACHE_MS) return dbCache;
    const db = deps.database.db;
    const [files, pending] = await Promise.all([
      queryRows<{ status: string; n: number | string }>(db, sql`SELECT status, count(*) AS n FROM scan_files GROUP BY status`),
      // The partial index pages_pending_idx keeps this cheap at tens of millions of pages.
      queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM pages WHERE status = 'pending'`),
    ]);
    dbCache = { at: Date.now(), files: new Map(files.map((r) => [r.status, Number(r.n)])), pendingPages: Number(pending[0]?.n ?? 0) };
    return dbCache;
  }

  new Gauge({
    name: 'ced_files',
    help: 'Scanned files by processing status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      try {
        const { files } = await dbFigures();
        for (const s of FILE_STATUSES) this.set({ status: s }, files.get(s) ?? 0);
      } catch (err) {
        collectErrors.inc({ source: 'database' });
        deps.log.warn('metrics: file counts failed', { error: err as Error });
      }
    },
  });

  new Gauge({
    name: 'ced_pages_pending',
    help: 'Pages rasterized but not yet recognized',
    registers: [registry],
    async collect() {
      try {
        this.set((await dbFigures()).pendingPages);
      } catch {
        // counted once by ced_files' collector, which reads the same cached figures
      }
    },
  });

  const countRequests: RequestHandler = (req, res, next) => {
    const end = durations.startTimer();
    res.once('finish', () => {
      // A route template keeps label cardinality bounded; unmatched paths share one label.
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      requests.inc(labels);
      end(labels);
    });
    next();
  };

  return {
    registry,
    countRequests,
    async scrape(_req, res) {
      res.set('Content-Type', registry.contentType);
      res.send(await registry.metrics());
    },
  };
}

/** Constant-time comparison of a presented bearer secret with the configured one. */
export function secretMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
