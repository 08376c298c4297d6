/**
 * Single-instance lock on a state folder: two agents on one hot folder would race on the
 * journal and could upload a file twice, so the second one refuses to start.
 *
 * Owns `agent.lock` (JSON: pid, host, start time); imports only node built-ins. A lock left
 * by a process that no longer exists (after `kill -9` or a power cut) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

export const LOCK_FILE = 'agent.lock';

/** The lock holder if the lock file names a live process on this host, else null. */
export function readLiveLock(stateDir: string): LockInfo | null {
  let info: LockInfo;
  try {
    info = JSON.parse(readFileSync(join(stateDir, LOCK_FILE), 'utf8')) as LockInfo;
  } catch {
    return null;
  }
  if (info.host !== hostname()) return info; // another machine on a shared folder: assume alive
  return isAlive(info.pid) ? info : null;
}

/**
 * Take the lock or return the live holder. On success returns a release function.
 */
export function acquireLock(stateDir: string): { ok: true; release: () => void } | { ok: false; holder: LockInfo } {
  const path = join(stateDir, LOCK_FILE);
  for (let tries = 0; tries < 3; tries++) {
    try {
      const fd = openSync(path, 'wx');
      const info: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      return {
        ok: true,
        release: () => {
          const holder = readLiveLock(stateDir);
          if (holder?.pid === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLiveLock(stateDir);
      if (holder && holder.pid !== process.pid) return { ok: false, holder };
      rmSync(path, { force: true }); // stale (dead pid) or unreadable: take it over
    }
  }
  throw new Error(`cannot take lock ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
