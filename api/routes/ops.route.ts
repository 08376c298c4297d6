/**
 * Operations: readiness (`GET /api/v1/ready`: database, object store, queue backend), the
 * Prometheus scrape (`GET /metrics`), and the queue view for admins (`GET
 * /api/v1/admin/queues`, failed jobs with their error via `?failed=<queue>`).
 *
 * `/metrics` is not public: its figures (file counts, queue depth, routes) describe the court's
 * workload. A scraper sends `Authorization: Bearer <METRICS_TOKEN>`, a secret that opens this
 * route and nothing else, so a leaked Prometheus config cannot read dossiers or mint tokens;
 * an admin token is accepted too (a person checking by hand). Without METRICS_TOKEN only admin
 * tokens work.
 */
import { Router, type RequestHandler } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { authenticate, requireRole } from '../auth.ts';
import { HttpError, isoShanghai } from '../http.ts';
import { QUEUE_NAMES, secretMatches, type Metrics, type QueueName } from '../metrics.ts';

const READY_TIMEOUT_MS = 5000;

async function check(what: string, p: Promise<void>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`${what}: no answer within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([p.then(() => 'ok', (e: unknown) => (e instanceof Error ? e.message : String(e))), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Readiness for load balancers and orchestrators: 200 when the database, the object store and
 * the queue backend (Redis in BullMQ mode) all answer within 5 s, else 503 naming what failed.
 */
export function readiness(deps: AppDeps): RequestHandler {
  return async (_req, res) => {
    const [database, objectStore, queue] = await Promise.all([
      check('database', deps.database.ping()),
      check('object store', deps.blobs.ping()),
      check('queue', deps.queue.ping()),
    ]);
    const checks = { database, objectStore, queue };
    const ok = Object.values(checks).every((v) => v === 'ok');
    res.status(ok ? 200 : 503).json({ ok, checks });
  };
}

/** `GET /metrics`: METRICS_TOKEN or an admin token, then the exposition text. */
export function metricsEndpoint(deps: AppDeps, metrics: Metrics): RequestHandler[] {
  const auth = authenticate(deps.database.db);
  const byMetricsToken: RequestHandler = (req, res, next) => {
    const m = /^Bearer\s+(\S{8,200})$/i.exec(req.get('authorization') ?? '');
    if (m && deps.metricsToken && secretMatches(m[1]!, deps.metricsToken)) {
      metrics.scrape(req, res).catch(next);
      return;
    }
    next();
  };
  const scrape: RequestHandler = (req, res, next) => {
    metrics.scrape(req, res).catch(next);
  };
  const denyNonAdmin: RequestHandler = requireRole('admin');
  return [byMetricsToken, auth, denyNonAdmin, scrape];
}

function isoOrNull(ms: number | undefined): string | null {
  return ms === undefined ? null : isoShanghai(new Date(ms));
}

/** `GET /admin/queues` (admin): counts and workers per queue, or the failed jobs of one queue. */
export function opsRoutes(deps: AppDeps): Router {
  const r = Router();

  r.get('/admin/queues', requireRole('admin'), async (req, res) => {
    const failed = req.query.failed;
    if (failed === undefined) {
      const queues = await Promise.all(
        QUEUE_NAMES.map(async (name) => {
          const [counts, workers] = await Promise.all([deps.queue.counts(name), deps.queue.workerCount(name)]);
          return { name, ...counts, workers: workers >= 0 ? workers : null };
        }),
      );
      res.json({ queues });
      return;
    }
    if (typeof failed !== 'string' || !(QUEUE_NAMES as readonly string[]).includes(failed)) {
      throw new HttpError(400, 'unknown_queue', `未知队列；可选：${QUEUE_NAMES.join('、')}`);
    }
    const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new HttpError(400, 'bad_request', 'limit 取值 1–500');
    const offset = req.query.cursor === undefined ? 0 : Number(req.query.cursor);
    if (!Number.isInteger(offset) || offset < 0) throw new HttpError(400, 'bad_cursor', '分页游标无效');
    // One extra row tells whether there is a next page.
    const rows = await deps.queue.listFailed(failed as QueueName, offset, offset + limit);
    const items = rows.slice(0, limit).map((j) => ({
      jobId: j.jobId,
      data: j.data,
      attemptsMade: j.attemptsMade,
      error: j.failedReason,
      failedAt: isoOrNull(j.finishedOn),
    }));
    res.json({ queue: failed, items, next: rows.length > limit ? String(offset + limit) : null });
  });

  return r;
}
