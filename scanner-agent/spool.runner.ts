/**
 * The spool: takes stable files from the watcher, hashes and journals them, delivers them with
 * retries, and moves them to done/ or rejected/ — in that order, each step journaled first.
 *
 * Owns scheduling (a small due-time queue worked by `concurrency` slots), retry timing and the
 * shared pause when the server is down or refuses the token. It relies on the journal for
 * durability, the delivery step for the reply rules and the finisher for moves; it imports
 * only node built-ins and agent modules. Invariant: a file leaves the hot folder only after an
 * acknowledgement whose sha256 equals ours was journaled, or a permanent refusal was.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { backoffDelay, type BackoffPolicy } from './backoff.retry.ts';
import { caseNumberHint } from './case-number.hint.ts';
import { attemptDelivery, type AttemptResult, type HashedFile } from './delivery.step.ts';
import { sha256File } from './file.hash.ts';
import type { IngestClient } from './ingest.client.ts';
import { isTerminal, type Journal, type JournalEntry } from './journal.store.ts';
import { describeError, formatBytes, t, type Lang } from './messages.i18n.ts';
import type { Reporter } from './progress.output.ts';
import type { Logger } from './rotating.log.ts';
import { createFinisher } from './spool.finish.ts';

export interface SpoolOptions {
  root: string;
  doneDir: string;
  rejectedDir: string;
  /** After acknowledgement: move to doneDir (default) or delete. */
  onDone: 'move' | 'delete';
  concurrency: number;
  batchId: string | null;
  station?: string;
  backoff: BackoffPolicy;
  /** Pause after a 401/403 before trying again (the token may be re-issued meanwhile). */
  authPauseMs: number;
  lang: Lang;
}

export interface SpoolDeps {
  opts: SpoolOptions;
  journal: Journal;
  client: IngestClient;
  log: Logger;
  reporter: Reporter;
}

export interface Spool {
  /** Queue every unfinished journal entry (call once, before the watcher starts). */
  recover(): number;
  /** The watcher found `relPath` stable with this size and mtime. */
  offer(relPath: string, st: { size: number; mtimeMs: number }): void;
  /** True while the spool owns `relPath` (hashing, queued, uploading, moving). */
  isBusy(relPath: string): boolean;
  stats(): { queued: number; inFlight: number; hashing: number };
  /** Abort in-flight work (it resumes from the journal next start) and wait for slots to drain. */
  stop(): Promise<void>;
}

type Task =
  | { key: string; kind: 'new'; relPath: string; size: number; mtimeMs: number; dueAt: number }
  | { key: string; kind: 'entry'; id: string; dueAt: number; afterNetworkError?: boolean };

export function createSpool(deps: SpoolDeps): Spool {
  const { opts, journal, client, log, reporter } = deps;
  const lang = opts.lang;
  const queue = new Map<string, Task>();
  const hashing = new Set<string>();
  const unreadable = new Set<string>();
  const abort = new AbortController();
  const finisher = createFinisher({ ...deps, schedule: (id, delayMs) => enqueue({ key: id, kind: 'entry', id, dueAt: Date.now() + delayMs }) });
  let inFlight = 0;
  let gateUntil = 0;
  let networkFailures = 0;
  let authPausedUntil = 0;
  let wakeTimer: NodeJS.Timeout | undefined;
  let stopping = false;

  function enqueue(task: Task): void {
    const existing = queue.get(task.key);
    if (existing && existing.dueAt <= task.dueAt) return;
    queue.set(task.key, task);
    pump();
  }

  function pump(): void {
    if (stopping) return;
    clearTimeout(wakeTimer);
    const now = Date.now();
    while (inFlight < opts.concurrency && now >= gateUntil) {
      let best: Task | undefined;
      for (const task of queue.values()) if (task.dueAt <= now && (!best || task.dueAt < best.dueAt)) best = task;
      if (!best) break;
      queue.delete(best.key);
      inFlight++;
      const task = best;
      run(task)
        .catch((err: unknown) => {
          // A bug or a local I/O error: keep the file, retry later, never drop it.
          log.error('task_failed', { task, err });
          enqueue({ ...task, dueAt: Date.now() + opts.backoff.maxMs });
        })
        .finally(() => {
          inFlight--;
          pump();
        });
    }
    let next = Infinity;
    for (const task of queue.values()) next = Math.min(next, task.dueAt);
    if (next !== Infinity && inFlight < opts.concurrency) {
      wakeTimer = setTimeout(pump, Math.max(10, Math.max(next, gateUntil) - now));
    }
  }

  async function run(task: Task): Promise<void> {
    if (task.kind === 'new') {
      const entry = await admit(task);
      if (entry) await deliver(entry);
      return;
    }
    const e = journal.get(task.id);
    if (!e || isTerminal(e.state)) return;
    if (e.state === 'queued') await deliver(e);
    else await finisher.finish(e);
  }

  /** Hash a stable file and take charge of it (journal `add`); null if it changed meanwhile. */
  async function admit(task: Extract<Task, { kind: 'new' }>): Promise<JournalEntry | null> {
    hashing.add(task.relPath);
    try {
      const abs = join(opts.root, task.relPath);
      let readError: NodeJS.ErrnoException | null = null;
      const h = await sha256File(abs, abort.signal).catch((err: NodeJS.ErrnoException) => {
        readError = err;
        return null;
      });
      const st = await stat(abs).catch(() => null);
      if (!h && st && readError && !abort.signal.aborted) {
        // Unreadable (permissions, a scanner still holding a lock): say so once, keep trying.
        const err: NodeJS.ErrnoException = readError;
        log.warn('file_unreadable', { file: task.relPath, err });
        if (!unreadable.has(task.relPath)) {
          unreadable.add(task.relPath);
          reporter.emit(t(lang, 'unreadable', { name: task.relPath, error: err.code ?? err.message }), { event: 'unreadable', file: task.relPath, code: err.code });
        }
        return null;
      }
      if (!h || !st || st.size !== task.size || st.mtimeMs !== task.mtimeMs || h.size !== st.size) {
        log.info('changed_while_hashing', { file: task.relPath });
        return null; // the watcher sees it again and waits for it to settle
      }
      unreadable.delete(task.relPath);
      const e: JournalEntry = {
        id: randomUUID(),
        relPath: task.relPath,
        size: st.size,
        mtimeMs: st.mtimeMs,
        sha256: h.sha256,
        caseNumber: caseNumberHint(task.relPath),
        batchId: opts.batchId,
        addedAt: new Date().toISOString(),
        state: 'queued',
        attempts: 0,
      };
      journal.append({ op: 'add', e });
      log.info('file_queued', { file: e.relPath, size: e.size, sha256: e.sha256, caseNumber: e.caseNumber, id: e.id });
      return journal.get(e.id) ?? null;
    } finally {
      hashing.delete(task.relPath);
    }
  }

  async function deliver(e: JournalEntry): Promise<void> {
    journal.append({ op: 'attempt', id: e.id, at: new Date().toISOString() });
    const file: HashedFile = {
      absPath: join(opts.root, e.relPath),
      filename: basename(e.relPath),
      size: e.size,
      mtimeMs: e.mtimeMs,
      sha256: e.sha256,
      caseNumber: e.caseNumber,
      batchId: e.batchId,
    };
    const result = await attemptDelivery(client, file, {
      signal: abort.signal,
      checksumFailures: e.checksumFailures ?? 0,
      onUploadStart: () => log.info('upload_started', { file: e.relPath, attempt: e.attempts, size: e.size }),
      onProgress: (sent) => reporter.progress(e.id, e.relPath, sent, e.size),
    });
    reporter.progressEnd(e.id);
    await settle(e, result);
  }

  async function settle(e: JournalEntry, result: AttemptResult): Promise<void> {
    const at = new Date().toISOString();
    switch (result.kind) {
      case 'acked':
        journal.append({ op: 'ack', id: e.id, fileId: result.fileId, serverStatus: result.serverStatus, at });
        log.info('acknowledged', { file: e.relPath, fileId: result.fileId, serverStatus: result.serverStatus, sha256: e.sha256 });
        onServerHealthy();
        await finisher.finish(e);
        return;
      case 'rejected':
        onServerHealthy();
        finisher.startReject(e, result.code, result.message);
        await finisher.finish(e);
        return;
      case 'retry':
        return scheduleRetry(e, result);
      case 'changed':
        journal.append({ op: 'superseded', id: e.id, at });
        log.info('changed_before_ack', { file: e.relPath });
        reporter.emit(t(lang, 'changed', { name: e.relPath }), { event: 'changed', file: e.relPath });
        return;
      case 'vanished':
        journal.append({ op: 'vanished', id: e.id, at });
        log.warn('vanished_before_ack', { file: e.relPath, sha256: e.sha256 });
        reporter.emit(t(lang, 'vanished', { name: e.relPath }), { event: 'vanished', file: e.relPath, sha256: e.sha256 });
        return;
      case 'aborted':
        return; // stopping: the journal says queued, the next start resumes it
    }
  }

  function scheduleRetry(e: JournalEntry, r: Extract<AttemptResult, { kind: 'retry' }>): void {
    const now = Date.now();
    journal.append({ op: 'error', id: e.id, code: r.code, message: r.message, at: new Date(now).toISOString(), checksum: r.checksum });
    let delay = backoffDelay(e.attempts, opts.backoff);
    if (r.retryAfterMs) delay = Math.max(delay, Math.min(r.retryAfterMs, opts.backoff.maxMs * 5));
    if (r.network) {
      networkFailures++;
      gateUntil = Math.max(gateUntil, now + backoffDelay(networkFailures, opts.backoff));
    }
    if (r.auth) {
      delay = Math.max(delay, opts.authPauseMs);
      gateUntil = Math.max(gateUntil, now + opts.authPauseMs);
      if (now >= authPausedUntil) {
        authPausedUntil = now + opts.authPauseMs;
        const status = /\d{3}/.exec(r.code)?.[0] ?? r.code;
        reporter.emit(t(lang, 'authPaused', { status, seconds: Math.round(opts.authPauseMs / 1000) }), { event: 'auth_refused', code: r.code, message: r.message });
      }
    }
    log.warn('retry_scheduled', { file: e.relPath, attempt: e.attempts, code: r.code, message: r.message, delayMs: delay });
    // An outage produces one line per file at first, then only every 10th attempt.
    if (e.attempts <= 3 || e.attempts % 10 === 0) {
      const error = describeError(lang, r.code, r.message);
      reporter.emit(t(lang, 'retry', { name: e.relPath, error, seconds: Math.ceil(delay / 1000), n: e.attempts + 1 }), {
        event: 'retry',
        file: e.relPath,
        attempt: e.attempts,
        code: r.code,
        message: r.message,
        delayMs: delay,
      });
    }
    enqueue({ key: e.id, kind: 'entry', id: e.id, dueAt: now + delay, afterNetworkError: r.network });
  }

  /** The server answered: lift the pause and pull forward files that were waiting out an outage. */
  function onServerHealthy(): void {
    if (networkFailures === 0 && gateUntil === 0) return;
    networkFailures = 0;
    gateUntil = 0;
    const now = Date.now();
    for (const task of queue.values()) if (task.kind === 'entry' && task.afterNetworkError) task.dueAt = Math.min(task.dueAt, now);
  }

  return {
    recover() {
      let n = 0;
      for (const e of journal.entries()) {
        if (isTerminal(e.state)) continue;
        enqueue({ key: e.id, kind: 'entry', id: e.id, dueAt: Date.now() });
        n++;
      }
      if (n > 0) log.info('recovered', { count: n });
      return n;
    },
    offer(relPath, st) {
      if (stopping || hashing.has(relPath) || journal.activeByPath(relPath) || queue.has(`new:${relPath}`)) return;
      log.info('file_stable', { file: relPath, size: st.size, sizeText: formatBytes(st.size) });
      enqueue({ key: `new:${relPath}`, kind: 'new', relPath, size: st.size, mtimeMs: st.mtimeMs, dueAt: Date.now() });
    },
    isBusy: (relPath) => hashing.has(relPath) || queue.has(`new:${relPath}`) || journal.activeByPath(relPath) !== undefined,
    stats: () => ({ queued: queue.size, inFlight, hashing: hashing.size }),
    async stop() {
      stopping = true;
      clearTimeout(wakeTimer);
      abort.abort();
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
    },
  };
}
