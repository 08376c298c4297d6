/**
 * Contract suite for the JobQueue port: every adapter runs these same tests (memory, BullMQ).
 * It uses only the port, the error types and the 'test.echo' job name; it must not import an
 * adapter, so an adapter passes by behaving, not by sharing code with the test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError, isPermanentError } from '../../errors.ts';
import type { JobContext, JobName, JobPayloads, JobQueue } from '../../ingest/job-queue.ts';

/** What the suite asks of the queue it is given. `makeQueue` must honour all three. */
export interface ContractQueueOptions {
  attempts: number;
  backoffMs: number;
  onFailed: (name: JobName, jobId: string, err: unknown) => void;
}

export type MakeQueue = (
  opts: ContractQueueOptions,
) => Promise<{ queue: JobQueue; cleanup: () => Promise<void> }>;

type Echo = JobPayloads['test.echo'];

interface Call {
  value: string;
  attempt: number;
  jobId: string;
  start: number;
  end?: number;
}

/** Records every handler call of 'test.echo' and how many ran at once. */
function makeRecorder() {
  const rec = { calls: [] as Call[], running: 0, maxRunning: 0 };
  const handler = async (data: Echo, ctx: JobContext): Promise<void> => {
    const call: Call = { value: data.value, attempt: ctx.attempt, jobId: ctx.jobId, start: Date.now() };
    rec.calls.push(call);
    rec.running++;
    rec.maxRunning = Math.max(rec.maxRunning, rec.running);
    try {
      if (data.sleepMs) await sleep(data.sleepMs);
      if (data.permanent) throw new PermanentError('pdf_corrupt', `bad input ${data.value}`);
      if (data.failTimes && ctx.attempt <= data.failTimes) throw new Error(`transient failure ${ctx.attempt}`);
    } finally {
      rec.running--;
      call.end = Date.now();
    }
  };
  return { rec, handler };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Drain with `drain()` when the adapter has it, else poll `counts()`. */
async function settle(queue: JobQueue, timeoutMs = 10_000): Promise<void> {
  if (queue.drain) return queue.drain(timeoutMs);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await queue.counts('test.echo');
    if (c.waiting + c.active + c.delayed === 0) return;
    if (Date.now() > deadline) throw new Error('queue did not settle');
    await sleep(20);
  }
}

const BACKOFF_MS = 50;
const ATTEMPTS = 3;

/** Run the JobQueue contract against the adapter built by `makeQueue` (one fresh queue per test). */
export function runJobQueueContract(name: string, makeQueue: MakeQueue): void {
  describe(`JobQueue contract: ${name}`, () => {
    let cleanup: (() => Promise<void>) | undefined;
    let failures: { name: JobName; jobId: string; err: unknown }[] = [];

    async function setup(backoffMs = BACKOFF_MS): Promise<JobQueue> {
      failures = [];
      const made = await makeQueue({
        attempts: ATTEMPTS,
        backoffMs,
        onFailed: (n, jobId, err) => failures.push({ name: n, jobId, err }),
      });
      cleanup = made.cleanup;
      return made.queue;
    }

    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    it('runs an enqueued job with its data, attempt 1 and the original job id', async () => {
      // GIVEN a worker on test.echo WHEN a job with a ':' in its id is enqueued
      const queue = await setup();
      const { rec, handler } = makeRecorder();
      queue.work('test.echo', handler, { concurrency: 1 });
      await queue.enqueue({ name: 'test.echo', jobId: 'echo:basic', data: { value: 'hello' } });
      await settle(queue);
      // THEN the handler saw the data, attempt 1 and the id unchanged; the job counts as completed
      expect(rec.calls.map(({ value, attempt, jobId }) => ({ value, attempt, jobId }))).toEqual([
        { value: 'hello', attempt: 1, jobId: 'echo:basic' },
      ]);
      const c = await queue.counts('test.echo');
      expect(c).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 0, completed: 1 });
      expect(failures).toEqual([]);
    });

    it('dedupes a job id that is still waiting', async () => {
      // GIVEN no worker yet WHEN the same id is enqueued twice and another id once
      const queue = await setup();
      await queue.enqueue({ name: 'test.echo', jobId: 'echo:dup', data: { value: 'first' } });
      await queue.enqueue({ name: 'test.echo', jobId: 'echo:dup', data: { value: 'second' } });
      await queue.enqueue({ name: 'test.echo', jobId: 'echo:other', data: { value: 'other' } });
      expect((await queue.counts('test.echo')).waiting).toBe(2);
      const { rec, handler } = makeRecorder();
      queue.work('test.echo', handler, { concurrency: 1 });
      await settle(queue);
      // THEN the duplicate ran once, with the first payload, and FIFO order held
      expect(rec.calls.map((c) => c.value)).toEqual(['first', 'other']);
    });

    it('dedupes a job id that is active, and accepts it again after it completed', async () => {
      // GIVEN a job that is running
      const queue = await setup();
      const { rec, handler } = makeRecorder();
      queue.work('test.echo', handler, { concurrency: 2 });
      await queue.enqueue({ name: 'test.echo', jobId: 'echo:again', data: { value: 'a', sleepMs: 300 } });
      await waitFor(() => rec.calls.length === 1, 5000, 'job to start');
      // WHEN the same id is enqueued while it runs THEN it is not run a second time
      await queue.enqueue({ name: 'test.echo', jobId: 'echo:again', data: { value: 'b' } });
      await settle(queue);
      expect(rec.calls.map((c) => c.value)).toEqual(['a']);
      // WHEN it is enqueued after completion (the recovery sweep does this) THEN it runs again
      await queue.enqueue({ name: 'test.echo', jobId: 'echo:again', data: { value: 'c' } });
      await settle(queue);
      expect(rec.calls.map((c) => c.value)).toEqual(['a', 'c']);
      expect((await queue.counts('test.echo')).completed).toBeGreaterThanOrEqual(1);
    });

    it('retries a transient failure with growing backoff until it succeeds', async () => {
      // GIVEN a warmed-up worker (BullMQ's first delayed wake-up on a fresh worker can run late)
      // and backoffMs=100, so the 1st and 2nd delays (~100, ~200 ms) stay apart on a busy machine
      const backoffMs = 2 * BACKOFF_MS;
      const queue = await setup(backoffMs);
      const { rec, handler } = makeRecorder();
      queue.work('test.echo', handler, { concurrency: 1 });
      await queue.enqueue({ name: 'test.echo', jobId: 'echo:warm-up', data: { value: 'w' } });
      await settle(queue);
      // WHEN a job fails twice with attempts=3
      await queue.enqueue({ name: 'test.echo', jobId: 'echo:retry', data: { value: 'r', failTimes: 2 } });
      await settle(queue);
      // THEN it ran 3 times as attempts 1,2,3, waiting longer before the 3rd than before the 2nd
      const calls = rec.calls.filter((c) => c.value === 'r');
      expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
      const [c1, c2, c3] = calls as [Call, Call, Call];
      const d1 = c2.start - (c1.end ?? c1.start);
      const d2 = c3.start - (c2.end ?? c2.start);
      expect(d1).toBeGreaterThanOrEqual(backoffMs * 0.75);
      expect(d2).toBeGreaterThanOrEqual(backoffMs * 1.5);
      expect(d2).toBeGreaterThan(d1);
      const c = await queue.counts('test.echo');
      expect(c).toMatchObject({ failed: 0, completed: 2, delayed: 0 });
      expect(failures).toEqual([]);
    });

    it('fails a job for good after its attempts are used up and reports it', async () => {
      // GIVEN a job that always fails transiently
      const queue = await setup();
      const { rec, handler } = makeRecorder();
      queue.work('test.echo', handler, { concurrency: 1 });
      await queue.enqueue({ name: 'test.echo', jobId: 'echo:doomed', data: { value: 'x', failTimes: 99 } });
      await settle(queue);
      // THEN it ran exactly `attempts` times, is counted failed, and onFailed got the last error
      expect(rec.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
      expect((await queue.counts('test.echo')).failed).toBe(1);
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ name: 'test.echo', jobId: 'echo:doomed' });
      expect((failures[0]?.err as Error).message).toBe('transient failure 3');
    });

    it('fails a PermanentError at once without retrying', async () => {
      // GIVEN a handler that throws PermanentError
      const queue = await setup();
      const { rec, handler } = makeRecorder();
      queue.work('test.echo', handler, { concurrency: 1 });
      const before = (await queue.counts('test.echo')).failed;
      await queue.enqueue({ name: 'test.echo', jobId: 'echo:bad', data: { value: 'p', permanent: true } });
      await settle(queue);
      // THEN it ran once, failed is incremented, and onFailed got the PermanentError with its code
      expect(rec.calls).toHaveLength(1);
      expect((await queue.counts('test.echo')).failed).toBe(before + 1);
      expect(failures).toHaveLength(1);
      const err = failures[0]?.err;
      expect(isPermanentError(err) && err.code).toBe('pdf_corrupt');
    });

    it('runs at most `concurrency` jobs of a name at once', async () => {
      // GIVEN 6 jobs of 200 ms WHEN worked with concurrency 2
      const queue = await setup();
      const { rec, handler } = makeRecorder();
      for (let i = 0; i < 6; i++) {
        await queue.enqueue({ name: 'test.echo', jobId: `echo:par-${i}`, data: { value: `v${i}`, sleepMs: 200 } });
      }
      const t0 = Date.now();
      queue.work('test.echo', handler, { concurrency: 2 });
      await settle(queue);
      const elapsed = Date.now() - t0;
      // THEN all ran, never more than 2 at once, and the pair-wise run took at least 3 × 200 ms
      expect(rec.calls.map((c) => c.value).sort()).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5']);
      expect(rec.maxRunning).toBe(2);
      expect(elapsed).toBeGreaterThanOrEqual(580);
    });

    it('lists jobs that failed for good with their reason, newest first, paged', async () => {
      // GIVEN a permanent failure, then a job that uses up its attempts, then a success
      const queue = await setup();
      const { handler } = makeRecorder();
      queue.work('test.echo', handler, { concurrency: 1 });
      await queue.enqueue({ name: 'test.echo', jobId: 'echo:perm', data: { value: 'p', permanent: true } });
      await settle(queue);
      await queue.enqueue({ name: 'test.echo', jobId: 'echo:tired', data: { value: 't', failTimes: 99 } });
      await settle(queue);
      await queue.enqueue({ name: 'test.echo', jobId: 'echo:fine', data: { value: 'f' } });
      await settle(queue);
      // THEN both failures are listed under their own ids, newest first, with data and reason
      const failed = await queue.listFailed('test.echo');
      expect(failed.map((f) => f.jobId)).toEqual(['echo:tired', 'echo:perm']);
      expect(failed[0]).toMatchObject({ data: { value: 't' }, attemptsMade: ATTEMPTS, failedReason: 'transient failure 3' });
      expect(failed[1]?.attemptsMade).toBe(1);
      expect(failed[1]?.failedReason).toContain('bad input p');
      // AND start/end page the list
      expect((await queue.listFailed('test.echo', 1, 1)).map((f) => f.jobId)).toEqual(['echo:perm']);
      // WHEN a failed id is enqueued again and succeeds THEN it leaves the failed list
      await queue.enqueue({ name: 'test.echo', jobId: 'echo:perm', data: { value: 'p2' } });
      await settle(queue);
      expect((await queue.listFailed('test.echo')).map((f) => f.jobId)).toEqual(['echo:tired']);
    });

    it('counts the workers of a name and answers ping while open', async () => {
      // GIVEN a queue with no worker THEN it counts none and answers ping
      const queue = await setup();
      expect(await queue.workerCount('test.echo')).toBe(0);
      await queue.ping();
      // WHEN a worker is registered THEN it is counted (BullMQ: once its connection is named)
      const { handler } = makeRecorder();
      queue.work('test.echo', handler, { concurrency: 2 });
      const deadline = Date.now() + 5000;
      let n = await queue.workerCount('test.echo');
      while (n !== 1 && Date.now() < deadline) {
        await sleep(50);
        n = await queue.workerCount('test.echo');
      }
      expect(n).toBe(1);
      // WHEN the queue is closed THEN ping rejects
      await queue.close(2000);
      await expect(queue.ping()).rejects.toThrow(/closed/);
    });

    it('close() waits for an active job to finish', async () => {
      // GIVEN a job that is running for 400 ms
      const queue = await setup();
      const { rec, handler } = makeRecorder();
      queue.work('test.echo', handler, { concurrency: 1 });
      await queue.enqueue({ name: 'test.echo', jobId: 'echo:slow', data: { value: 's', sleepMs: 400 } });
      await waitFor(() => rec.calls.length === 1, 5000, 'job to start');
      // WHEN the queue is closed THEN close resolves only after the handler returned
      await queue.close(5000);
      expect(rec.calls[0]?.end).toBeDefined();
      expect(rec.running).toBe(0);
    });
  });
}
