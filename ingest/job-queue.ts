/**
 * JobQueue port: delivers work; the database stays the source of truth.
 *
 * Adapters: `memory.job-queue.ts` (embedded, in-process) and `bullmq.job-queue.ts` (Redis).
 * Both run the same contract suite (tests/contract/job-queue.contract.ts).
 * This module imports only the error types.
 */

/** Every job of the pipeline: name → payload. Payloads carry ids, never file contents. */
export interface JobPayloads {
  rasterize: { fileId: string };
  ocr: { pageId: string };
  assemble: { fileId: string };
  /**
   * Re-run the node engine for one case and write its snapshot (+ change feed). Job id per
   * trigger (`locate:<caseId>:file:<fileId>`, `…:page:<pageId>`): a queue drops an id that is
   * running, and a run that already read the events must not swallow a later trigger. The
   * stage serialises runs of one case (ingest/locate.stage.ts).
   */
  locate: { caseId: number };
  /** Re-evaluate every case's statuses as time passes (one run per time slot, cluster-wide). */
  reevaluate: { slot: string };
  /** Test-only queue name used by the contract suite. */
  'test.echo': { value: string; failTimes?: number; permanent?: boolean; sleepMs?: number };
}
export type JobName = keyof JobPayloads;

export interface JobSpec<N extends JobName = JobName> {
  name: N;
  data: JobPayloads[N];
  /** Deterministic id (e.g. `ocr:<pageId>`). A job with an id that is waiting, active or
   *  delayed MUST NOT be enqueued twice. After it completed it MAY be enqueued again. */
  jobId: string;
}

export interface JobContext {
  /** 1-based attempt number. */
  attempt: number;
  jobId: string;
}

export type JobHandler<N extends JobName = JobName> = (data: JobPayloads[N], ctx: JobContext) => Promise<void>;

export interface WorkerOptions {
  /** Max jobs of this name running at once in this process. */
  concurrency: number;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

/** A job that failed for good (permanent error or attempts used up), as the queue keeps it. */
export interface FailedJob {
  /** The id given at enqueue (`ocr:<pageId>`), unescaped. */
  jobId: string;
  data: unknown;
  attemptsMade: number;
  /** The last error's message (a PermanentError's reads `<code>: <message>` in BullMQ). */
  failedReason: string;
  /** Epoch ms when it failed for good, when the queue knows it. */
  finishedOn?: number;
}

export interface JobQueue {
  /**
   * Enqueue a job. MUST dedupe by `jobId` while the job is pending/active. Resolves once the
   * job is accepted (durable for BullMQ).
   */
  enqueue<N extends JobName>(spec: JobSpec<N>): Promise<void>;

  /**
   * Start consuming jobs of `name` with `handler`. A handler that throws is retried up to
   * `attempts` (default 5) with exponential backoff (base `backoffMs`, default 1000);
   * a handler that throws a PermanentError is NOT retried and the job is failed at once.
   * A handler that returns completes the job.
   */
  work<N extends JobName>(name: N, handler: JobHandler<N>, opts: WorkerOptions): void;

  /** Counts per job name (for /admin/queues and metrics). */
  counts(name: JobName): Promise<QueueCounts>;

  /**
   * The kept failed jobs of `name`, newest first, positions `start`..`end` inclusive (`end` -1:
   * to the last). MUST include every job that failed for good and was not enqueued again since,
   * up to the adapter's retention (memory: last 1000 per name; BullMQ: last 10,000).
   */
  listFailed(name: JobName, start?: number, end?: number): Promise<FailedJob[]>;

  /**
   * How many workers consume `name` right now. BullMQ: every process connected to the queue
   * (from Redis' CLIENT LIST; -1 when the server forbids that command). Memory: 1 when this
   * process registered a handler, else 0.
   */
  workerCount(name: JobName): Promise<number>;

  /** Resolve when the queue backend answers (readiness); reject with a clear message otherwise. */
  ping(): Promise<void>;

  /** Resolves when no job of any name is waiting, delayed or active (tests, benches). */
  drain?(timeoutMs: number): Promise<void>;

  /**
   * Stop taking new jobs, wait for active handlers to finish (up to `timeoutMs`), then release
   * connections. Jobs not finished are handed back (BullMQ: stalled → retried elsewhere).
   */
  close(timeoutMs?: number): Promise<void>;
}

export interface QueueOptions {
  /** Attempts per job including the first (default 5). */
  attempts?: number;
  /** Base delay of exponential backoff in ms (default 1000). */
  backoffMs?: number;
}
