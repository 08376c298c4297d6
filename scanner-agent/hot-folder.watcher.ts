/**
 * Watches the hot folder recursively and reports each file once it is *stable*: its size and
 * mtime have not changed for `stabilityMs` (scanners write slowly, over SMB even more so).
 *
 * Owns discovery and the stability clock; it never hashes, uploads or moves. Native change
 * events (`fs.watch`, recursive) only make discovery faster: a periodic full scan always runs
 * as the safety net, and is the only source in polling mode (SMB/NFS mounts, where native
 * events are unreliable or absent). Imports node built-ins and the logger type only.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Logger } from './rotating.log.ts';

export interface HotFolderWatcherOptions {
  root: string;
  /** Absolute folders never descended into (done/, rejected/, the state folder). */
  exclude: string[];
  stabilityMs: number;
  /** A 0-byte file must stay empty this long before it counts (scanners create, then fill); default 10× stabilityMs. */
  emptyStabilityMs?: number;
  /** Full rescan interval. */
  pollIntervalMs: number;
  /** True: no native events, scanning only. */
  usePolling: boolean;
  /** Files the spool already owns are not watched. */
  isBusy: (relPath: string) => boolean;
  onStable: (relPath: string, st: { size: number; mtimeMs: number }) => void;
  log: Logger;
}

export interface HotFolderWatcher {
  /** Start; resolves after the first full scan. */
  start(): Promise<void>;
  stop(): void;
  /** Run a full scan now (also used by tests). */
  scan(): Promise<void>;
  /** Files seen but not yet stable. */
  pendingCount(): number;
}

/**
 * Names never picked up: hidden files, temp/partial downloads, OS litter. Scanners and copy
 * tools write under such a name and rename when done; the final name is what we upload.
 */
export function isIgnoredName(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    name.startsWith('.') ||
    name.startsWith('~$') ||
    name.endsWith('~') ||
    /\.(tmp|temp|part|partial|crdownload|download|filepart|swp)$/.test(lower) ||
    lower === 'thumbs.db' ||
    lower === 'desktop.ini' ||
    lower.endsWith('.reason.txt')
  );
}

interface Candidate {
  size: number;
  mtimeMs: number;
  changedAt: number;
}

export function createHotFolderWatcher(opts: HotFolderWatcherOptions): HotFolderWatcher {
  const candidates = new Map<string, Candidate>();
  const excluded = opts.exclude.map((d) => d.replace(/[\\/]+$/, ''));
  const emptyStabilityMs = opts.emptyStabilityMs ?? opts.stabilityMs * 10;
  const tickMs = Math.max(50, Math.min(500, Math.floor(opts.stabilityMs / 4)));
  let native: FSWatcher | null = null;
  let tickTimer: NodeJS.Timeout | undefined;
  let scanTimer: NodeJS.Timeout | undefined;
  let scanning: Promise<void> | null = null;
  let rescanRequested = false;
  let stopped = false;
  let rootReadable = true;

  const toRel = (abs: string): string => relative(opts.root, abs).split(sep).join('/');
  const isExcluded = (abs: string): boolean => excluded.some((d) => abs === d || abs.startsWith(d + sep));

  async function consider(abs: string): Promise<void> {
    const rel = toRel(abs);
    if (candidates.has(rel) || opts.isBusy(rel)) return;
    try {
      const st = await stat(abs);
      if (!st.isFile() || candidates.has(rel) || opts.isBusy(rel)) return;
      candidates.set(rel, { size: st.size, mtimeMs: st.mtimeMs, changedAt: Date.now() });
    } catch {
      // Gone again (a scanner's rename): the final name will be seen.
    }
  }

  async function walk(dir: string): Promise<void> {
    let items;
    try {
      items = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      // A disconnected share fails every scan: log the change of state, not every failure.
      if (dir === opts.root && rootReadable) opts.log.warn('hot_folder_unreadable', { dir, err });
      if (dir === opts.root) rootReadable = false;
      return;
    }
    if (dir === opts.root && !rootReadable) {
      rootReadable = true;
      opts.log.info('hot_folder_readable_again', { dir });
    }
    for (const it of items) {
      if (stopped) return;
      if (isIgnoredName(it.name)) continue;
      const abs = join(dir, it.name);
      if (isExcluded(abs)) continue;
      // Symlinked folders are not followed (loops); symlinked files are read like files.
      if (it.isDirectory()) await walk(abs);
      else if (it.isFile() || it.isSymbolicLink()) await consider(abs);
    }
  }

  function scan(): Promise<void> {
    if (scanning) {
      rescanRequested = true;
      return scanning;
    }
    scanning = (async () => {
      do {
        rescanRequested = false;
        await walk(opts.root);
      } while (rescanRequested && !stopped);
    })().finally(() => {
      scanning = null;
    });
    return scanning;
  }

  let ticking = false;
  async function tick(): Promise<void> {
    if (ticking || stopped) return;
    ticking = true;
    try {
      const now = Date.now();
      for (const [rel, c] of candidates) {
        if (stopped) break;
        let st;
        try {
          st = await stat(join(opts.root, rel));
        } catch {
          candidates.delete(rel);
          continue;
        }
        if (st.size !== c.size || st.mtimeMs !== c.mtimeMs) {
          c.size = st.size;
          c.mtimeMs = st.mtimeMs;
          c.changedAt = now;
          continue;
        }
        const needed = st.size === 0 ? emptyStabilityMs : opts.stabilityMs;
        if (now - c.changedAt >= needed && !opts.isBusy(rel)) {
          candidates.delete(rel);
          opts.onStable(rel, { size: st.size, mtimeMs: st.mtimeMs });
        }
      }
    } finally {
      ticking = false;
    }
  }

  function startNative(): void {
    try {
      native = watch(opts.root, { recursive: true }, (_event, filename) => {
        if (!filename || stopped) return;
        const name = filename.toString();
        const abs = join(opts.root, name);
        if (isExcluded(abs) || name.split(/[\\/]/).some((part) => isIgnoredName(part))) return;
        // A new sub-folder (or a burst of events) is simplest to handle with a scan.
        stat(abs)
          .then((st) => (st.isDirectory() ? scan() : consider(abs)))
          .catch(() => undefined);
      });
      native.on('error', (err) => {
        opts.log.warn('native_watch_failed', { err, fallback: 'polling' });
        native?.close();
        native = null;
      });
    } catch (err) {
      opts.log.warn('native_watch_unavailable', { err, fallback: 'polling' });
      native = null;
    }
  }

  return {
    async start() {
      stopped = false;
      if (!opts.usePolling) startNative();
      await scan();
      tickTimer = setInterval(() => void tick(), tickMs);
      scanTimer = setInterval(() => void scan(), opts.pollIntervalMs);
    },
    stop() {
      stopped = true;
      clearInterval(tickTimer);
      clearInterval(scanTimer);
      native?.close();
      native = null;
    },
    scan,
    pendingCount: () => candidates.size,
  };
}
