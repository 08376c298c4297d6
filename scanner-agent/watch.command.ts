/**
 * `scanner-agent watch <folder>`: the unattended mode. Takes the folder's lock, checks the
 * server and token, replays the journal, resumes unfinished files, then watches the folder
 * until stopped (SIGINT/SIGTERM), finishing cleanly so the next start resumes exactly there.
 *
 * Owns the wiring of one agent run; imports node built-ins and agent modules only.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AgentConfig } from './agent.options.ts';
import { refuse, type CommandIO } from './command.io.ts';
import { EXIT } from './exit.codes.ts';
import { createHotFolderWatcher } from './hot-folder.watcher.ts';
import { createIngestClient } from './ingest.client.ts';
import { acquireLock } from './instance.lock.ts';
import { openJournal } from './journal.store.ts';
import { t } from './messages.i18n.ts';
import { preflight } from './preflight.check.ts';
import { createReporter } from './progress.output.ts';
import { createRotatingLog } from './rotating.log.ts';
import { createSpool } from './spool.runner.ts';

/** Folders derived from the config: state (journal, logs, lock), done/ and rejected/. */
export function agentDirs(cfg: Pick<AgentConfig, 'folder' | 'stateDir' | 'doneDir' | 'rejectedDir'>): {
  root: string;
  stateDir: string;
  doneDir: string;
  rejectedDir: string;
} {
  const root = resolve(cfg.folder ?? '.');
  return {
    root,
    stateDir: resolve(cfg.stateDir ?? join(root, '.scanner-agent')),
    doneDir: resolve(cfg.doneDir ?? join(root, 'done')),
    rejectedDir: resolve(cfg.rejectedDir ?? join(root, 'rejected')),
  };
}

export async function runWatch(cfg: AgentConfig, io: CommandIO): Promise<number> {
  const { root, stateDir, doneDir, rejectedDir } = agentDirs(cfg);
  try {
    if (!statSync(root).isDirectory()) throw new Error('not a directory');
  } catch {
    return refuse(io, cfg, EXIT.usage, 'no_folder', t(cfg.lang, 'noFolder', { folder: root }));
  }
  mkdirSync(stateDir, { recursive: true });
  const lock = acquireLock(stateDir);
  if (!lock.ok) {
    return refuse(io, cfg, EXIT.locked, 'locked', t(cfg.lang, 'locked', { ...lock.holder }));
  }
  const log = createRotatingLog({ dir: join(stateDir, 'logs'), maxBytes: cfg.logMaxBytes, keep: cfg.logFiles });
  const reporter = createReporter({ json: cfg.json, out: io.stdout, progressMinBytes: cfg.progressMinBytes, quiet: cfg.quiet });
  const client = createIngestClient({
    server: cfg.server ?? '',
    token: cfg.token ?? '',
    station: cfg.station,
    connectTimeoutMs: cfg.connectTimeoutMs,
    idleTimeoutMs: cfg.idleTimeoutMs,
    maxSockets: cfg.concurrency + 1,
  });
  const backoff = { baseMs: cfg.retryBaseMs, maxMs: cfg.retryMaxMs };
  log.info('agent_start', { pid: process.pid, root, stateDir, server: cfg.server, station: cfg.station, version: AGENT_VERSION });

  const cleanup = (): void => {
    client.close();
    reporter.close();
    log.close();
    lock.release();
  };

  const check = await preflight(client, {
    server: cfg.server ?? '',
    wait: cfg.wait,
    lang: cfg.lang,
    backoff,
    log,
    signal: io.signal,
    onWaiting: (text, event) => reporter.emit(text, event),
  });
  if (!check.ok) {
    cleanup();
    if (io.signal.aborted) return EXIT.ok;
    return refuse(io, cfg, check.exitCode, check.code, check.message);
  }

  const journal = openJournal(stateDir);
  if (journal.badLines > 0) log.warn('journal_torn_lines_skipped', { count: journal.badLines });
  const spool = createSpool({
    journal,
    client,
    log,
    reporter,
    opts: {
      root,
      doneDir,
      rejectedDir,
      onDone: cfg.onDone,
      concurrency: cfg.concurrency,
      batchId: cfg.batch,
      station: cfg.station,
      backoff,
      authPauseMs: cfg.authPauseMs,
      lang: cfg.lang,
    },
  });
  const resumed = spool.recover();
  if (resumed > 0) reporter.emit(t(cfg.lang, 'resumed', { count: resumed }), { event: 'resumed', count: resumed });

  const watcher = createHotFolderWatcher({
    root,
    exclude: [doneDir, rejectedDir, stateDir],
    stabilityMs: cfg.stabilityMs,
    pollIntervalMs: cfg.pollIntervalMs,
    usePolling: cfg.poll,
    isBusy: spool.isBusy,
    onStable: spool.offer,
    log,
  });
  await watcher.start();
  reporter.emit(
    t(cfg.lang, 'started', { folder: root, server: cfg.server ?? '', who: check.who.name, role: check.who.role, done: cfg.onDone === 'delete' ? '-' : doneDir }),
    { event: 'started', folder: root, server: cfg.server, station: cfg.station, who: check.who, doneDir, rejectedDir, stateDir, pid: process.pid },
  );
  io.onReady?.();

  await new Promise<void>((res) => {
    if (io.signal.aborted) return res();
    io.signal.addEventListener('abort', () => res(), { once: true });
  });

  watcher.stop();
  await spool.stop();
  journal.close();
  log.info('agent_stop', { pid: process.pid });
  reporter.emit(t(cfg.lang, 'stopped'), { event: 'stopped', peakRssBytes: process.resourceUsage().maxRSS * 1024 });
  cleanup();
  return EXIT.ok;
}

export const AGENT_VERSION = '0.1.0';
