/**
 * `scanner-agent status <folder>`: the queue as the journal records it — pending, uploading,
 * done today, rejected, the last error — and whether an agent is running on the folder.
 *
 * Owns the summary only; reads the journal without opening it for writing, so it is safe
 * while the agent runs. Imports node built-ins and agent modules.
 */
import type { AgentConfig } from './agent.options.ts';
import type { CommandIO } from './command.io.ts';
import { EXIT } from './exit.codes.ts';
import { localDay } from './file.mover.ts';
import { readLiveLock } from './instance.lock.ts';
import { isTerminal, readJournal, type JournalEntry } from './journal.store.ts';
import { describeError, formatBytes, t } from './messages.i18n.ts';
import { agentDirs } from './watch.command.ts';

/** Machine form of `status --json`. */
export interface AgentStatus {
  folder: string;
  stateDir: string;
  running: boolean;
  pid: number | null;
  startedAt: string | null;
  pending: number;
  uploading: number;
  doneToday: number;
  rejected: number;
  rejectedToday: number;
  lastError: { at: string; file: string; code: string; message: string } | null;
  pendingFiles: { file: string; size: number; attempts: number; state: string; lastError: { code: string; message: string; at: string } | null }[];
}

/** Summarise journal entries (pure; `now` injectable for tests). */
export function summarize(entries: JournalEntry[], running: boolean, now = new Date()): Omit<AgentStatus, 'folder' | 'stateDir' | 'running' | 'pid' | 'startedAt'> {
  const today = localDay(now);
  const dayOf = (iso: string | undefined): string => (iso ? localDay(new Date(iso)) : '');
  const active = entries.filter((e) => !isTerminal(e.state));
  // "Uploading" = an attempt started after the last error (or the file is being moved),
  // which only means something while an agent runs.
  const inProgress = (e: JournalEntry): boolean =>
    running && (e.state !== 'queued' || (e.lastAttemptAt !== undefined && (!e.lastError || e.lastError.at < e.lastAttemptAt)));
  let lastError: AgentStatus['lastError'] = null;
  for (const e of entries) {
    if (e.lastError && (!lastError || e.lastError.at > lastError.at)) lastError = { ...e.lastError, file: e.relPath };
  }
  const rejected = entries.filter((e) => e.state === 'rejected');
  return {
    pending: active.filter((e) => !inProgress(e)).length,
    uploading: active.filter(inProgress).length,
    doneToday: entries.filter((e) => e.state === 'done' && dayOf(e.finishedAt) === today).length,
    rejected: rejected.length,
    rejectedToday: rejected.filter((e) => dayOf(e.finishedAt) === today).length,
    lastError,
    pendingFiles: active.map((e) => ({ file: e.relPath, size: e.size, attempts: e.attempts, state: e.state, lastError: e.lastError ?? null })),
  };
}

export function runStatus(cfg: AgentConfig, io: CommandIO): number {
  const { root, stateDir } = agentDirs(cfg);
  const lock = readLiveLock(stateDir);
  const entries = readJournal(stateDir);
  const status: AgentStatus = {
    folder: root,
    stateDir,
    running: lock !== null,
    pid: lock?.pid ?? null,
    startedAt: lock?.startedAt ?? null,
    ...summarize(entries, lock !== null),
  };
  if (cfg.json) {
    io.stdout.write(JSON.stringify(status, null, 2) + '\n');
    return EXIT.ok;
  }
  const L = cfg.lang;
  const out: string[] = [t(L, 'statusTitle', { folder: root })];
  out.push(lock ? t(L, 'statusRunning', { pid: lock.pid, startedAt: lock.startedAt }) : t(L, 'statusNotRunning'));
  if (entries.length === 0) out.push(t(L, 'statusNoJournal', { dir: stateDir }));
  const { pending, uploading, doneToday, rejected, rejectedToday } = status;
  out.push(t(L, 'statusCounts', { pending, uploading, doneToday, rejected, rejectedToday }));
  const le = status.lastError;
  out.push(le ? t(L, 'statusLastError', { at: le.at, name: le.file, error: describeError(L, le.code, le.message) }) : t(L, 'statusNoError'));
  for (const p of status.pendingFiles.slice(0, 20)) {
    const error = p.lastError ? describeError(L, p.lastError.code, p.lastError.message) : '';
    out.push(t(L, 'statusPendingItem', { name: p.file, size: formatBytes(p.size), attempts: p.attempts, error }));
  }
  if (status.pendingFiles.length > 20) out.push(`    … +${status.pendingFiles.length - 20}`);
  io.stdout.write(out.join('\n') + '\n');
  return EXIT.ok;
}
