/**
 * Composition root: the only place that looks at the mode. Picks the adapters (PGlite or
 * PostgreSQL, filesystem or S3, in-process or BullMQ), builds the services, and starts the
 * roles asked for: `api` (HTTP), `worker` (pipeline stages), or `all` (embedded: both).
 */
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import type { BlobStore } from './storage/blob-store.ts';
import { openPglite, openPostgres, type Database } from './storage/db.ts';
import type { JobQueue } from './ingest/job-queue.ts';
import { noOcrRecognizer, type PageRecognizer } from './ingest/page-recognizer.ts';
import { recoverUnfinished, startPipelineWorkers } from './ingest/pipeline.ts';
import type { StageDeps } from './ingest/stage-types.ts';
import { shanghaiDate } from './classifier/dates.ts';
import { claimSlot } from './ingest/reevaluate.stage.ts';
import { locateCase } from './ingest/locate.stage.ts';
import { classifyPageGroup } from './ingest/regroup.ts';
import { createCalendar, decisionFields, loadCalendarYears, loadRules, type Rules } from './classifier/index.ts';

export type Role = 'all' | 'api' | 'worker';

export interface Runtime {
  config: Config;
  role: Role;
  log: Logger;
  database: Database;
  blobs: BlobStore;
  queue: JobQueue;
  recognizer: PageRecognizer;
  stageDeps: StageDeps;
  /** Base URL once the API listens. */
  url: string | null;
  close(): Promise<void>;
}

export function describeMode(config: Config): string {
  return [
    config.databaseUrl ? 'PostgreSQL' : 'PGlite',
    config.s3 ? 'S3' : 'filesystem store',
    config.redisUrl ? 'BullMQ/Redis' : 'in-process queue',
  ].join(' + ');
}

async function openDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  return openPglite(path.join(config.dataDir, 'pgdata'));
}

async function openBlobStore(config: Config): Promise<BlobStore> {
  if (config.s3) {
    const { createMinioBlobStore, parseS3Endpoint } = await import('./storage/minio.blob-store.ts');
    return createMinioBlobStore({
      ...parseS3Endpoint(config.s3.endpoint),
      accessKey: config.s3.accessKey,
      secretKey: config.s3.secretKey,
      bucket: config.s3.bucket,
      region: config.s3.region,
      publicEndpoint: config.s3.publicEndpoint ? parseS3Endpoint(config.s3.publicEndpoint) : undefined,
    });
  }
  const { createFsBlobStore } = await import('./storage/fs.blob-store.ts');
  return createFsBlobStore(path.join(config.dataDir, 'objects'));
}

async function openQueue(config: Config, log: Logger): Promise<JobQueue> {
  const onFailed = (name: string, jobId: string, err: unknown) =>
    log.warn('job failed for good', { queue: name, jobId, error: err as Error });
  if (config.redisUrl) {
    const { createBullmqJobQueue } = await import('./ingest/bullmq.job-queue.ts');
    return createBullmqJobQueue({
      redisUrl: config.redisUrl,
      prefix: config.queuePrefix,
      attempts: config.jobAttempts,
      backoffMs: config.jobBackoffMs,
      lockDurationMs: config.jobLockMs,
      stalledIntervalMs: config.jobStalledIntervalMs,
      onFailed,
    });
  }
  const { createMemoryJobQueue } = await import('./ingest/memory.job-queue.ts');
  return createMemoryJobQueue({ attempts: config.jobAttempts, backoffMs: config.jobBackoffMs, onFailed });
}

async function openRecognizer(config: Config, rules: Rules): Promise<PageRecognizer> {
  if (!config.ocrEnabled) return noOcrRecognizer;
  const { createTesseractRecognizer } = await import('./ocr/page-recognizer.tesseract.ts');
  return createTesseractRecognizer({ dataDir: config.dataDir, size: config.ocrConcurrency, decisionFields: decisionFields(rules.forms, rules.nodes) });
}

/**
 * Enqueue a re-evaluation of every case if this process wins the slot: the day (Asia/Shanghai)
 * for the daily run, or the day plus this process for the run at start-up (a restart picks up
 * whatever the engine rules or the calendar changed).
 */
async function scheduleReevaluation(deps: StageDeps, queue: JobQueue, kind: 'start' | 'daily'): Promise<void> {
  const day = shanghaiDate(new Date());
  const slot = kind === 'daily' ? `reevaluate:${day}` : `reevaluate:${day}:start:${hostname()}:${process.pid}:${Date.now()}`;
  if (await claimSlot(deps, slot, `${hostname()}:${process.pid}`)) {
    await queue.enqueue({ name: 'reevaluate', data: { slot }, jobId: slot });
  }
}

/** Build every service for `role` and start it. */
export interface RuntimeOptions {
  /** False skips the HTTP server. */
  listen?: boolean;
  log?: Logger;
  /** A pre-built object store (tests against s3rver need a client tweak; see tests/helpers). */
  blobs?: BlobStore;
}

export async function startRuntime(config: Config, role: Role, opts: RuntimeOptions = {}): Promise<Runtime> {
  const log = opts.log ?? createLogger(config.logLevel, { role });
  if (role !== 'all' && !config.databaseUrl) {
    throw new Error(`role "${role}" needs a shared database (DATABASE_URL); embedded mode runs as "all"`);
  }
  if (role !== 'all' && !config.redisUrl) {
    throw new Error(`role "${role}" needs a shared queue (REDIS_URL); embedded mode runs as "all"`);
  }
  await mkdir(config.dataDir, { recursive: true });
  // Rules and calendars are validated before anything else opens: a bad rule file stops start-up.
  const rules = loadRules(config.rulesDir ? { forms: path.join(config.rulesDir, 'forms.json'), nodes: path.join(config.rulesDir, 'nodes.json') } : {});
  const calendar = createCalendar(loadCalendarYears());
  // The object store first: its check takes a second, a fresh embedded database ten or more.
  const blobs = opts.blobs ?? (await openBlobStore(config));
  const database = await openDatabase(config);
  const queue = await openQueue(config, log);
  const recognizer = role === 'api' ? noOcrRecognizer : await openRecognizer(config, rules);
  const stageDeps: StageDeps = {
    db: database.db,
    blobs,
    recognizer,
    log,
    tmpDir: path.join(config.dataDir, 'tmp'),
    limits: { maxPages: config.maxPages, maxPixels: config.maxPixels },
    reviewConfidence: config.reviewConfidence,
    rules,
    calendar,
    today: () => shanghaiDate(new Date()),
  };

  const timers: NodeJS.Timeout[] = [];
  if (role !== 'api') {
    startPipelineWorkers(stageDeps, queue, {
      attempts: config.jobAttempts,
      concurrency: { rasterize: config.rasterConcurrency, ocr: config.ocrConcurrency, assemble: 2, locate: 2, reevaluate: 1 },
    });
    const recovered = await recoverUnfinished(stageDeps, queue);
    await scheduleReevaluation(stageDeps, queue, 'start');
    if (recovered > 0) log.info('recovery sweep re-enqueued unfinished files', { files: recovered });
    // Files whose enqueue was lost (queue down at upload time) are picked up within a minute.
    const sweep = setInterval(() => {
      recoverUnfinished(stageDeps, queue).catch((err: Error) => log.warn('recovery sweep failed', { error: err }));
    }, 60_000);
    sweep.unref();
    timers.push(sweep);
    // Statuses change at midnight Asia/Shanghai; a timer in each worker tries to claim the
    // day's slot every 5 minutes, and only the first claim of a day enqueues the run.
    const daily = setInterval(() => {
      scheduleReevaluation(stageDeps, queue, 'daily').catch((err: Error) => log.warn('scheduling re-evaluation failed', { error: err }));
    }, 5 * 60_000);
    daily.unref();
    timers.push(daily);
  }

  let server: Server | null = null;
  let url: string | null = null;
  if (role !== 'worker' && opts.listen !== false) {
    const { createApp } = await import('./api/app.ts');
    const app = createApp({
      database,
      blobs,
      queue,
      log,
      maxUploadBytes: config.maxUploadBytes,
      presign: config.s3?.presign ?? false,
      metricsToken: config.metricsToken,
      formTypes: [...rules.forms.forms.map((f) => f.code), rules.forms.fallback.code],
      locate: async (caseId) => {
        await locateCase(stageDeps, caseId);
      },
      classifyPages: (pageIds, caseHint) => classifyPageGroup(stageDeps, pageIds, caseHint),
    });
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, config.host, () => resolve(s));
      s.once('error', reject);
    });
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    url = `http://${config.host}:${port}`;
    // Uploads of hundreds of MB from slow scanner links: no request timeout, but a header timeout.
    server.requestTimeout = 0;
    server.headersTimeout = 60_000;
  }

  let closed = false;
  return {
    config,
    role,
    log,
    database,
    blobs,
    queue,
    recognizer,
    stageDeps,
    url,
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearInterval(t);
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
      await queue.close(30_000);
      await recognizer.close();
      await blobs.close();
      await database.close();
    },
  };
}
