/**
 * In-process JobQueue adapter (embedded mode): per-name FIFO, per-name concurrency, job-id dedup,
 * retries with exponential backoff, PermanentError fails at once, bounded list of failed jobs.
 * Nothing is durable: a crash loses waiting jobs, and the recovery sweep re-enqueues them from
 * the database (the source of truth). Imports only the JobQueue port and the error types; it must
 * not import storage, stages or any Redis client.
 */
import { isPermanentError } from '../errors.ts';
import type {
  JobHandler,
  JobName,
  JobPayloads,
  JobQueue,
  JobSpec,
  QueueCounts,
  QueueOptions,
  WorkerOptions,
} from './job-queue.ts';

/** Called once per job that failed for good (permanent error or attempts exhausted). */
export type OnJobFailed = (name: JobName, jobId: string, err: unknown) => void;

export interface MemoryQueueOptions extends QueueOptions {
  /** Final failures are reported here; default logs to stderr so no error goes unseen. */
  onFailed?: OnJobFailed;
  /** How many failed jobs are kept per name (default 1000, oldest dropped first). */
  keepFailed?: number;
}

/** A job that failed for good, with the error its handler threw on the last attempt. */
export interface FailedJobRecord {
  jobId: string;
  data: unknown;
  attemptsMade: number;
  failedReason: string;
  error: unknown;
  finishedOn: number;
}

/** The port plus a read of the kept failed jobs (newest first, `start`..`end` inclusive). */
export interface MemoryJobQueue extends JobQueue {
  drain(timeoutMs: number): Promise<void>;
  listFailed(name: JobName, start?: number, end?: number): Promise<FailedJobRecord[]>;
}

interface MemJob {
  name: JobName;
  jobId: string;
  data: unknown;
  /** Attempts started so far. */
  attemptsMade: number;
  state: 'waiting' | 'delayed' | 'active';
  timer?: NodeJS.Timeout;
}

interface Lane {
  waiting: MemJob[];
  /** Keyed by jobId: every job of this name that is waiting, delayed or active. */
  pending: Map<string, MemJob>;
  active: number;
  completed: number;
  failed: FailedJobRecord[];
  handler?: JobHandler;
  concurrency: number;
}

const JITTER = 0.1;

function defaultOnFailed(name: JobName, jobId: string, err: unknown): void {
  console.error(`[job-queue] job ${name}/${jobId} failed for good:`, err);
}

/**
 * Create the in-process queue.
 *
 * Contract (beyond the port): a job id is unique per job name while waiting, delayed or active;
 * once it completed or failed it may be enqueued again (a re-enqueued failed id leaves the failed
 * list). `counts().completed` is a running total; `counts().failed` is the size of the kept list.
 * After `close()` starts, `enqueue()` and `work()` reject: nothing would ever run the job.
 */
export function createMemoryJobQueue(opts: MemoryQueueOptions = {}): MemoryJobQueue {
  const attempts = Math.max(1, opts.attempts ?? 5);
  const backoffMs = Math.max(0, opts.backoffMs ?? 1000);
  const keepFailed = Math.max(1, opts.keepFailed ?? 1000);
  const onFailed = opts.onFailed ?? defaultOnFailed;
  const lanes = new Map<JobName, Lane>();
  const idleWaiters = new Set<() => void>();
  let closing = false;

  function lane(name: JobName): Lane {
    let l = lanes.get(name);
    if (!l) {
      l = { waiting: [], pending: new Map(), active: 0, completed: 0, failed: [], concurrency: 0 };
      lanes.set(name, l);
    }
    return l;
  }

  function isIdle(): boolean {
    for (const l of lanes.values()) if (l.pending.size > 0) return false;
    return true;
  }

  function notifyIfIdle(): void {
    if (!isIdle()) return;
    for (const resolve of idleWaiters) resolve();
    idleWaiters.clear();
  }

  /** Resolves true once nothing is waiting, delayed or active; false after `timeoutMs`. */
  function waitIdle(timeoutMs: number): Promise<boolean> {
    if (isIdle()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        idleWaiters.delete(done);
        resolve(false);
      }, timeoutMs);
      idleWaiters.add(done);
    });
  }

  function pump(l: Lane): void {
    while (!closing && l.handler && l.active < l.concurrency && l.waiting.length > 0) {
      const job = l.waiting.shift() as MemJob;
      void run(l, job, l.handler);
    }
  }

  function reportFailed(job: MemJob, err: unknown): void {
    try {
      onFailed(job.name, job.jobId, err);
    } catch (cbErr) {
      // A broken callback must not hide the job's own error.
      console.error('[job-queue] onFailed callback threw:', cbErr, 'original error:', err);
    }
  }

  function failForGood(l: Lane, job: MemJob, err: unknown): void {
    l.pending.delete(job.jobId);
    l.failed.unshift({
      jobId: job.jobId,
      data: job.data,
      attemptsMade: job.attemptsMade,
      failedReason: err instanceof Error ? err.message : String(err),
      error: err,
      finishedOn: Date.now(),
    });
    if (l.failed.length > keepFailed) l.failed.length = keepFailed;
    reportFailed(job, err);
  }

  async function run(l: Lane, job: MemJob, handler: JobHandler): Promise<void> {
    l.active++;
    job.state = 'active';
    job.attemptsMade++;
    try {
      // Wrapped so a handler that throws synchronously is handled like a rejection.
      await Promise.resolve().then(() =>
        handler(job.data as JobPayloads[JobName], { attempt: job.attemptsMade, jobId: job.jobId }),
      );
      l.pending.delete(job.jobId);
      l.completed++;
    } catch (err) {
      if (isPermanentError(err) || job.attemptsMade >= attempts) {
        failForGood(l, job, err);
      } else if (closing) {
        // No retry will ever run in this process; the recovery sweep re-enqueues from the DB.
        l.pending.delete(job.jobId);
      } else {
        const base = backoffMs * 2 ** (job.attemptsMade - 1);
        const delay = Math.round(base + Math.random() * base * JITTER);
        job.state = 'delayed';
        job.timer = setTimeout(() => {
          job.timer = undefined;
          job.state = 'waiting';
          l.waiting.push(job);
          pump(l);
        }, delay);
      }
    } finally {
      l.active--;
      pump(l);
      notifyIfIdle();
    }
  }

  return {
    async enqueue<N extends JobName>(spec: JobSpec<N>): Promise<void> {
      if (closing) throw new Error(`JobQueue is closed; cannot enqueue ${spec.name}/${spec.jobId}`);
      const l = lane(spec.name);
      if (l.pending.has(spec.jobId)) return;
      const idx = l.failed.findIndex((f) => f.jobId === spec.jobId);
      if (idx >= 0) l.failed.splice(idx, 1);
      const job: MemJob = { name: spec.name, jobId: spec.jobId, data: spec.data, attemptsMade: 0, state: 'waiting' };
      l.pending.set(spec.jobId, job);
      l.waiting.push(job);
      pump(l);
    },

    work<N extends JobName>(name: N, handler: JobHandler<N>, wopts: WorkerOptions): void {
      if (closing) throw new Error(`JobQueue is closed; cannot start a worker for ${name}`);
      const l = lane(name);
      if (l.handler) throw new Error(`a worker for ${name} is already registered`);
      if (!Number.isInteger(wopts.concurrency) || wopts.concurrency < 1) {
        throw new Error(`concurrency must be a positive integer, got ${wopts.concurrency}`);
      }
      l.handler = handler as JobHandler;
      l.concurrency = wopts.concurrency;
      pump(l);
    },

    async counts(name: JobName): Promise<QueueCounts> {
      const l = lane(name);
      let delayed = 0;
      for (const j of l.pending.values()) if (j.state === 'delayed') delayed++;
      return { waiting: l.waiting.length, active: l.active, delayed, failed: l.failed.length, completed: l.completed };
    },

    async listFailed(name: JobName, start = 0, end = -1): Promise<FailedJobRecord[]> {
      const list = lane(name).failed;
      return list.slice(start, end < 0 ? list.length + end + 1 : end + 1);
    },

    async workerCount(name: JobName): Promise<number> {
      return lanes.get(name)?.handler && !closing ? 1 : 0;
    },

    async ping(): Promise<void> {
      if (closing) throw new Error('in-process job queue is closed');
    },

    async drain(timeoutMs: number): Promise<void> {
      if (await waitIdle(timeoutMs)) return;
      const state = [...lanes].map(([n, l]) => `${n}: ${l.waiting.length} waiting, ${l.active} active, ${l.pending.size} pending`);
      throw new Error(`JobQueue did not drain within ${timeoutMs} ms (${state.join('; ')})`);
    },

    async close(timeoutMs = 10_000): Promise<void> {
      closing = true;
      // Waiting and delayed jobs are dropped: the database still lists their rows as unfinished.
      for (const l of lanes.values()) {
        for (const j of l.pending.values()) {
          if (j.state !== 'active') {
            clearTimeout(j.timer);
            l.pending.delete(j.jobId);
          }
        }
        l.waiting.length = 0;
      }
      notifyIfIdle();
      // Only active handlers are pending now; past the deadline they are abandoned, not killed.
      await waitIdle(timeoutMs);
    },
  };
}
