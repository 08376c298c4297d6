/**
 * The last step of a file's life in the spool: out of the hot folder into done/ (or deleted)
 * after an acknowledgement, or into rejected/ with a `.reason.txt` after a permanent refusal.
 *
 * Owns the journaled move protocol: the destination is journaled (`moving` / `rejecting`)
 * before anything touches the disk and `done` / `rejected` only after, so a crash at any point
 * is finished on the next start without losing or duplicating a file. Imports node built-ins
 * and agent modules; called only by the spool runner.
 */
import { existsSync, statSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { basename, isAbsolute, join, relative } from 'node:path';
import { backoffDelay } from './backoff.retry.ts';
import { moveFile, reasonText, uniqueDest, writeFileAtomic } from './file.mover.ts';
import type { JournalEntry } from './journal.store.ts';
import { describeError, formatBytes, t } from './messages.i18n.ts';
import type { SpoolDeps } from './spool.runner.ts';

export interface Finisher {
  /** Journal a permanent refusal (`rejecting` with its destination). */
  startReject(e: JournalEntry, code: string, message: string): void;
  /** Drive an `acked`, `moving` or `rejecting` entry to its end; on I/O errors reschedule. */
  finish(e: JournalEntry): Promise<void>;
}

export function createFinisher(deps: SpoolDeps & { schedule: (id: string, delayMs: number) => void }): Finisher {
  const { opts, journal, log, reporter, schedule } = deps;
  const lang = opts.lang;
  const failures = new Map<string, number>();
  const now = (): string => new Date().toISOString();
  const src = (e: JournalEntry): string => join(opts.root, e.relPath);
  const shown = (p: string): string => {
    const rel = relative(opts.root, p);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : p;
  };

  /** Journal where an acknowledged file goes; false when there is nothing to move. */
  function prepareDone(e: JournalEntry): boolean {
    let st;
    try {
      st = statSync(src(e));
    } catch {
      st = null;
    }
    if (!st || st.size !== e.size || st.mtimeMs !== e.mtimeMs) {
      // Gone, or rewritten after upload: the server has what we hashed; a rewritten file is a
      // new file and the watcher will pick it up as such.
      journal.append({ op: 'done', id: e.id, at: now() });
      log.warn(st ? 'changed_after_ack' : 'missing_after_ack', { file: e.relPath, fileId: e.fileId });
      reportDone(e, null, false);
      return false;
    }
    const dest = opts.onDone === 'delete' ? null : uniqueDest(opts.doneDir, e.relPath);
    journal.append({ op: 'moving', id: e.id, dest, at: now() });
    return true;
  }

  /** Move (or delete) the source to `e.dest`, tolerating a half-finished earlier run. */
  async function place(e: JournalEntry, baseDir: string, reject: boolean): Promise<string | null> {
    const from = src(e);
    let dest = e.dest ?? null;
    if (dest === null) {
      await unlink(from).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      return null;
    }
    if (!existsSync(from)) {
      if (!existsSync(dest)) log.warn('source_gone_before_move', { file: e.relPath, dest });
      return dest;
    }
    if (existsSync(dest)) {
      if (statSync(dest).size === e.size) {
        await unlink(from); // a cross-device copy finished before a crash; only the unlink was left
        return dest;
      }
      dest = uniqueDest(baseDir, e.relPath);
      if (reject) {
        journal.append({ op: 'rejecting', id: e.id, dest, code: e.reject?.code ?? 'unknown', message: e.reject?.message ?? '', at: now() });
      } else {
        journal.append({ op: 'moving', id: e.id, dest, at: now() });
      }
    }
    await moveFile(from, dest);
    return dest;
  }

  function reportDone(e: JournalEntry, dest: string | null, moved: boolean): void {
    const movedText = moved ? (dest ? t(lang, 'movedTo', { dest: shown(dest) }) : t(lang, 'deleted')) : '';
    const key = e.serverStatus === 'created' ? 'uploaded' : 'existing';
    reporter.emit(t(lang, key, { name: e.relPath, size: formatBytes(e.size), fileId: e.fileId ?? '?', moved: movedText }), {
      event: 'uploaded',
      file: e.relPath,
      size: e.size,
      sha256: e.sha256,
      fileId: e.fileId,
      serverStatus: e.serverStatus,
      dest,
      caseNumber: e.caseNumber,
      batchId: e.batchId,
    });
  }

  return {
    startReject(e, code, message) {
      const dest = uniqueDest(opts.rejectedDir, e.relPath);
      journal.append({ op: 'rejecting', id: e.id, dest, code, message, at: now() });
      log.warn('rejected_by_server', { file: e.relPath, code, message, sha256: e.sha256, dest });
    },

    async finish(e) {
      try {
        if (e.state === 'acked' && !prepareDone(e)) return;
        if (e.state === 'moving') {
          const dest = await place(e, opts.doneDir, false);
          journal.append({ op: 'done', id: e.id, at: now() });
          log.info('done', { file: e.relPath, dest, fileId: e.fileId });
          reportDone(e, dest, true);
        } else if (e.state === 'rejecting' && e.dest) {
          const code = e.reject?.code ?? 'unknown';
          const serverMessage = e.reject?.message ?? '';
          const reason = describeError('zh', code, serverMessage);
          const text = reasonText({ filename: basename(e.relPath), relPath: e.relPath, reason, serverMessage, code, sha256: e.sha256, station: opts.station, at: new Date() });
          const planned = e.dest;
          await writeFileAtomic(`${planned}.reason.txt`, text);
          const dest = await place(e, opts.rejectedDir, true);
          // The move may have picked a new name: keep the reason file next to the file.
          if (dest && dest !== planned) {
            await writeFileAtomic(`${dest}.reason.txt`, text);
            await unlink(`${planned}.reason.txt`).catch(() => undefined);
          }
          journal.append({ op: 'rejected', id: e.id, at: now() });
          const shownReason = describeError(lang, code, serverMessage);
          reporter.emit(t(lang, 'rejected', { name: e.relPath, reason: shownReason, moved: dest ? t(lang, 'movedTo', { dest: shown(dest) }) : '' }), {
            event: 'rejected',
            file: e.relPath,
            code,
            message: serverMessage,
            sha256: e.sha256,
            dest,
            reasonFile: dest ? `${dest}.reason.txt` : null,
          });
        }
        failures.delete(e.id);
      } catch (err) {
        const n = (failures.get(e.id) ?? 0) + 1;
        failures.set(e.id, n);
        log.error('move_failed', { file: e.relPath, dest: e.dest, err, attempt: n });
        schedule(e.id, backoffDelay(n, opts.backoff));
      }
    },
  };
}
