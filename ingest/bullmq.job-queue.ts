/**
 * BullMQ JobQueue adapter (production / scale-out): one BullMQ queue per job name (queue name =
 * job name), created lazily, one Worker per name in this process. Owns its ioredis connections.
 * Retries use BullMQ's exponential backoff; a PermanentError becomes BullMQ's UnrecoverableError
 * so it is failed at once. Imports only the port, the error types, redactUrl, bullmq and ioredis; it must not
 * import storage, stages or the in-process adapter.
 */
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Job, JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { isPermanentError } from '../errors.ts';
import { redactUrl } from '../log.ts';
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

type AnyPayload = JobPayloads[JobName];

export interface BullmqQueueOptions extends QueueOptions {
  redisUrl: string;
  /** Redis key prefix (BullMQ's `prefix`, default `bull`); tests use a unique one per run. */
  prefix?: string;
  /** Worker lock TTL (BullMQ `lockDuration`, default 30 s); renewed every half of it while a job
   *  runs. After a `kill -9` the job is stalled once this has passed. */
  lockDurationMs?: number;
  /** How often each Worker checks for stalled jobs and moves them back to waiting (BullMQ
   *  `stalledInterval`, default 30 s). Recovery after a crash takes up to lock + interval. */
  stalledIntervalMs?: number;
  /** Called once per job whose handler failed for good (permanent error or attempts exhausted).
   *  Default logs to stderr, so a handler error is never silent. */
  onFailed?: (name: JobName, jobId: string, err: unknown) => void;
  /** Connection/worker errors that are not tied to one job. Default logs to stderr. */
  onError?: (err: unknown) => void;
}

/** One kept failed job, as BullMQ stores it (the error survives as its message only). */
export interface BullmqFailedJob {
  jobId: string;
  data: unknown;
  attemptsMade: number;
  failedReason: string;
  finishedOn: number | undefined;
}

/** The port plus a read of BullMQ's failed set (newest first, `start`..`end` inclusive). */
export interface BullmqJobQueue extends JobQueue {
  drain(timeoutMs: number): Promise<void>;
  listFailed(name: JobName, start?: number, end?: number): Promise<BullmqFailedJob[]>;
}

/**
 * BullMQ 6.7 rejects custom ids containing ':' (unless they have exactly two, a legacy repeat
 * form) and ids that look like integers. Our ids are `ocr:<pageId>`, so they are escaped here,
 * reversibly: '%' → '%25', ':' → '%3A', and an integer-looking id gets a '%N' prefix.
 */
export function toBullmqJobId(jobId: string): string {
  const escaped = jobId.replaceAll('%', '%25').replaceAll(':', '%3A');
  return `${parseInt(escaped, 10)}` === escaped ? `%N${escaped}` : escaped;
}

/** Inverse of {@link toBullmqJobId}. */
export function fromBullmqJobId(bullmqId: string): string {
  const body = bullmqId.startsWith('%N') ? bullmqId.slice(2) : bullmqId;
  return body.replaceAll('%3A', ':').replaceAll('%25', '%');
}

const DRAIN_POLL_MS = 50;
const PING_TIMEOUT_MS = 3000;


/**
 * Create the BullMQ adapter. No connection is opened until the first call.
 *
 * Contract (beyond the port): a job id is unique per job name while waiting, delayed or active.
 * A completed or failed job with the same id is removed before a new one is added, so re-enqueue
 * after completion works although BullMQ keeps finished jobs (completed: last 1000 / 1 h;
 * failed: last 10000). `drain()` only sees the queues this instance has touched.
 * `close(timeoutMs)` waits for active handlers; past the deadline it drops the connections and the
 * unfinished jobs become stalled, so BullMQ hands them to another worker.
 */
export function createBullmqJobQueue(opts: BullmqQueueOptions): BullmqJobQueue {
  const attempts = Math.max(1, opts.attempts ?? 5);
  const backoffMs = Math.max(0, opts.backoffMs ?? 1000);
  const onFailed =
    opts.onFailed ??
    ((name: JobName, jobId: string, err: unknown) => console.error(`[job-queue] job ${name}/${jobId} failed for good:`, err));
  const onError = opts.onError ?? ((err: unknown) => console.error('[job-queue] bullmq error:', err));
  const queues = new Map<JobName, Queue<AnyPayload>>();
  const workers = new Map<JobName, Worker<AnyPayload>>();
  let queueConn: Redis | undefined;
  let workerConn: Redis | undefined;
  let closing = false;

  const jobOptions: JobsOptions = {
    attempts,
    // BullMQ's jitter lowers the delay by up to 20 %, so herds of retries spread out.
    backoff: { type: 'exponential', delay: backoffMs, jitter: 0.2 },
    removeOnComplete: { count: 1000, age: 3600 },
    removeOnFail: { count: 10_000 },
  };

  function queueFor(name: JobName): Queue<AnyPayload> {
    if (closing) throw new Error(`JobQueue is closed; cannot use queue ${name}`);
    let q = queues.get(name);
    if (!q) {
      // Producers keep ioredis' default maxRetriesPerRequest so enqueue fails instead of hanging.
      queueConn ??= new Redis(opts.redisUrl);
      q = new Queue<AnyPayload>(name, { connection: queueConn, prefix: opts.prefix, defaultJobOptions: jobOptions });
      q.on('error', onError);
      queues.set(name, q);
    }
    return q;
  }

  async function countsOf(q: Queue<AnyPayload>): Promise<QueueCounts> {
    const c = await q.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed');
    return {
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      failed: c.failed ?? 0,
      completed: c.completed ?? 0,
    };
  }

  async function withTimeout(p: Promise<unknown>, ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      return await Promise.race([p.then(() => true), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async enqueue<N extends JobName>(spec: JobSpec<N>): Promise<void> {
      const q = queueFor(spec.name);
      const id = toBullmqJobId(spec.jobId);
      // BullMQ ignores add() while a job with this id exists in any state, including the kept
      // finished ones; drop those so the recovery sweep and reprocessing can run the job again.
      const state = await q.getJobState(id);
      if (state === 'completed' || state === 'failed') await q.remove(id);
      await q.add(spec.name, spec.data, { jobId: id });
    },

    work<N extends JobName>(name: N, handler: JobHandler<N>, wopts: WorkerOptions): void {
      if (closing) throw new Error(`JobQueue is closed; cannot start a worker for ${name}`);
      if (workers.has(name)) throw new Error(`a worker for ${name} is already registered`);
      if (!Number.isInteger(wopts.concurrency) || wopts.concurrency < 1) {
        throw new Error(`concurrency must be a positive integer, got ${wopts.concurrency}`);
      }
      queueFor(name); // so counts/drain see this name even before the first enqueue
      // Workers block on Redis; BullMQ requires maxRetriesPerRequest: null for them.
      workerConn ??= new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
      const processor = async (job: Job<AnyPayload>): Promise<void> => {
        const attempt = job.attemptsMade + 1;
        const jobId = fromBullmqJobId(job.id ?? '');
        try {
          await (handler as JobHandler)(job.data, { attempt, jobId });
        } catch (err) {
          const permanent = isPermanentError(err);
          if (permanent || attempt >= (job.opts.attempts ?? attempts)) onFailedSafe(name, jobId, err);
          if (permanent) {
            const reason = `${err.code}: ${err.message}`;
            throw new UnrecoverableError(reason);
          }
          // BullMQ reads err.message; keep a thrown non-Error readable in the failed set.
          throw err instanceof Error ? err : new Error(String(err));
        }
      };
      const worker = new Worker<AnyPayload>(name, processor, {
        connection: workerConn,
        prefix: opts.prefix,
        concurrency: wopts.concurrency,
        ...(opts.lockDurationMs ? { lockDuration: opts.lockDurationMs } : {}),
        ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
      });
      worker.on('error', onError);
      workers.set(name, worker);
    },

    async counts(name: JobName): Promise<QueueCounts> {
      return countsOf(queueFor(name));
    },

    async listFailed(name: JobName, start = 0, end = -1): Promise<BullmqFailedJob[]> {
      const jobs = await queueFor(name).getFailed(start, end);
      return jobs
        .filter((j): j is NonNullable<typeof j> => Boolean(j))
        .map((j) => ({
          jobId: fromBullmqJobId(j.id ?? ''),
          data: j.data,
          attemptsMade: j.attemptsMade,
          failedReason: j.failedReason,
          finishedOn: j.finishedOn,
        }));
    },

    async workerCount(name: JobName): Promise<number> {
      // BullMQ names each Worker's blocking connection and counts them in CLIENT LIST, so this
      // sees the workers of every process. Managed Redis services may forbid CLIENT LIST.
      return queueFor(name).getWorkersCount().catch(() => -1);
    },

    async ping(): Promise<void> {
      if (closing) throw new Error('JobQueue is closed');
      if (!queueConn) {
        queueConn = new Redis(opts.redisUrl);
        queueConn.on('error', onError); // no Queue forwards this connection's errors yet
      }
      const answered = await withTimeout(queueConn.ping(), PING_TIMEOUT_MS).catch((err: unknown) => {
        throw new Error(`Redis at ${redactUrl(opts.redisUrl)} is not answering: ${String(err)}`, { cause: err });
      });
      if (!answered) throw new Error(`Redis at ${redactUrl(opts.redisUrl)} did not answer PING within ${PING_TIMEOUT_MS} ms`);
    },

    async drain(timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      for (;;) {
        const all = await Promise.all([...queues].map(async ([n, q]) => [n, await countsOf(q)] as const));
        const busy = all.filter(([, c]) => c.waiting + c.active + c.delayed > 0);
        if (busy.length === 0) return;
        last = busy.map(([n, c]) => `${n}: ${c.waiting} waiting, ${c.active} active, ${c.delayed} delayed`).join('; ');
        if (Date.now() >= deadline) break;
        await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));
      }
      throw new Error(`JobQueue did not drain within ${timeoutMs} ms (${last})`);
    },

    async close(timeoutMs = 10_000): Promise<void> {
      if (closing) return;
      closing = true;
      const ws = [...workers.values()];
      // worker.close() stops fetching, then waits for the active jobs to finish.
      const graceful = await withTimeout(Promise.allSettled(ws.map((w) => w.close())), timeoutMs);
      if (!graceful) {
        onError(new Error(`JobQueue close: active jobs still running after ${timeoutMs} ms; they will stall and be retried`));
        await Promise.allSettled(ws.map((w) => w.disconnect()));
      }
      await Promise.allSettled([...queues.values()].map((q) => q.close()));
      // Our own connections were passed in as instances, so BullMQ leaves them to us.
      for (const conn of [workerConn, queueConn]) {
        if (!conn) continue;
        // QUIT on a connection that is down waits for ioredis' reconnect attempts; just drop it.
        if (graceful && conn.status === 'ready') await conn.quit().catch(() => conn.disconnect());
        else conn.disconnect();
      }
    },
  };

  function onFailedSafe(name: JobName, jobId: string, err: unknown): void {
    try {
      onFailed(name, jobId, err);
    } catch (cbErr) {
      console.error('[job-queue] onFailed callback threw:', cbErr, 'original error:', err);
    }
  }
}
