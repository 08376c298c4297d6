/**
 * Durable journal of every file the agent has taken charge of (the spool's memory).
 *
 * Owns the on-disk format and its replay: an append-only JSON-lines file in the state folder,
 * one record per state change, each flushed with fdatasync before the change is acted upon,
 * so the state survives a crash, `kill -9` or a power cut. Opening the journal replays it,
 * then compacts it (snapshot written to a temp file, fsynced, renamed over the old one), which
 * also drops a torn last line left by a power cut and forgets finished entries older than the
 * retention. Imports only node built-ins; knows nothing about HTTP or folders it describes.
 */
import { closeSync, existsSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Life of a file: queued → (acked → moving → done) | (rejecting → rejected) | superseded | vanished. */
export type EntryState = 'queued' | 'acked' | 'moving' | 'done' | 'rejecting' | 'rejected' | 'superseded' | 'vanished';

const TERMINAL: ReadonlySet<EntryState> = new Set(['done', 'rejected', 'superseded', 'vanished']);

/** One file the agent has hashed and taken charge of. */
export interface JournalEntry {
  id: string;
  /** Path relative to the hot folder, `/`-separated. */
  relPath: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  caseNumber: string | null;
  batchId: string | null;
  addedAt: string;
  state: EntryState;
  /** Delivery attempts started (existence check + upload). */
  attempts: number;
  lastAttemptAt?: string;
  lastError?: { code: string; message: string; at: string };
  /** Consecutive 422 checksum_mismatch replies for unchanged content. */
  checksumFailures?: number;
  fileId?: string;
  serverStatus?: 'created' | 'existing';
  ackedAt?: string;
  /** Where the file is (being) moved: done/ or rejected/ path; null when deleted. */
  dest?: string | null;
  reject?: { code: string; message: string };
  finishedAt?: string;
}

/** One line of the journal. */
export type JournalRecord =
  | { op: 'add'; e: JournalEntry }
  | { op: 'snap'; e: JournalEntry }
  | { op: 'attempt'; id: string; at: string }
  | { op: 'error'; id: string; code: string; message: string; at: string; checksum?: boolean }
  | { op: 'ack'; id: string; fileId: string; serverStatus: 'created' | 'existing'; at: string }
  | { op: 'moving'; id: string; dest: string | null; at: string }
  | { op: 'done'; id: string; at: string }
  | { op: 'rejecting'; id: string; dest: string; code: string; message: string; at: string }
  | { op: 'rejected'; id: string; at: string }
  | { op: 'superseded'; id: string; at: string }
  | { op: 'vanished'; id: string; at: string };

export function isTerminal(state: EntryState): boolean {
  return TERMINAL.has(state);
}

/** Apply one record to the replay map (pure apart from mutating `map`). Unknown ids are ignored. */
export function applyRecord(map: Map<string, JournalEntry>, rec: JournalRecord): void {
  if (rec.op === 'add' || rec.op === 'snap') {
    map.set(rec.e.id, { ...rec.e });
    return;
  }
  const e = map.get(rec.id);
  if (!e) return;
  switch (rec.op) {
    case 'attempt':
      e.attempts += 1;
      e.lastAttemptAt = rec.at;
      break;
    case 'error':
      e.lastError = { code: rec.code, message: rec.message, at: rec.at };
      if (rec.checksum) e.checksumFailures = (e.checksumFailures ?? 0) + 1;
      break;
    case 'ack':
      e.state = 'acked';
      e.fileId = rec.fileId;
      e.serverStatus = rec.serverStatus;
      e.ackedAt = rec.at;
      break;
    case 'moving':
      e.state = 'moving';
      e.dest = rec.dest;
      break;
    case 'rejecting':
      e.state = 'rejecting';
      e.dest = rec.dest;
      e.reject = { code: rec.code, message: rec.message };
      break;
    case 'done':
    case 'rejected':
    case 'superseded':
    case 'vanished':
      e.state = rec.op;
      e.finishedAt = rec.at;
      break;
  }
}

/** Parse journal text; lines that do not parse (a torn last line) are counted and skipped. */
export function replayJournal(text: string): { entries: Map<string, JournalEntry>; badLines: number } {
  const entries = new Map<string, JournalEntry>();
  let badLines = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let rec: JournalRecord;
    try {
      rec = JSON.parse(line) as JournalRecord;
    } catch {
      badLines++;
      continue;
    }
    applyRecord(entries, rec);
  }
  return { entries, badLines };
}

/** Read a journal without opening it for writing (for `status`, safe while an agent runs). */
export function readJournal(stateDir: string): JournalEntry[] {
  const file = join(stateDir, JOURNAL_FILE);
  if (!existsSync(file)) return [];
  return [...replayJournal(readFileSync(file, 'utf8')).entries.values()];
}

export const JOURNAL_FILE = 'journal.jsonl';

/** An open, writable journal. Single writer: guard it with the instance lock. */
export interface Journal {
  /** Apply `rec` and make it durable (write + fdatasync) before returning. */
  append(rec: JournalRecord): void;
  get(id: string): JournalEntry | undefined;
  /** The non-terminal entry for `relPath`, if any. */
  activeByPath(relPath: string): JournalEntry | undefined;
  /** Every retained entry (active and recently finished). */
  entries(): JournalEntry[];
  /** Rewrite the file as one snapshot line per retained entry (atomic rename). */
  compact(): void;
  /** Lines skipped at open because they did not parse. */
  readonly badLines: number;
  close(): void;
}

export interface JournalOptions {
  /** Finished entries older than this are forgotten at compaction (default 7 days). */
  retainMs?: number;
  /** Compact after this many appended lines (default 5000). */
  compactEvery?: number;
  now?: () => number;
}

/** Open (creating if needed) the journal in `stateDir`, replay and compact it. */
export function openJournal(stateDir: string, opts: JournalOptions = {}): Journal {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, JOURNAL_FILE);
  const retainMs = opts.retainMs ?? 7 * 24 * 3600_000;
  const compactEvery = opts.compactEvery ?? 5000;
  const now = opts.now ?? Date.now;
  const replay = existsSync(file) ? replayJournal(readFileSync(file, 'utf8')) : { entries: new Map(), badLines: 0 };
  const map: Map<string, JournalEntry> = replay.entries;
  let fd = -1;
  let linesSinceCompact = 0;
  // relPath → id of its non-terminal entry, so the watcher's per-file busy check stays O(1).
  const activeIndex = new Map<string, string>();
  function index(e: JournalEntry): void {
    if (!isTerminal(e.state)) activeIndex.set(e.relPath, e.id);
    else if (activeIndex.get(e.relPath) === e.id) activeIndex.delete(e.relPath);
  }

  function compact(): void {
    if (fd >= 0) closeSync(fd);
    const cutoff = now() - retainMs;
    for (const [id, e] of map) {
      if (isTerminal(e.state) && Date.parse(e.finishedAt ?? e.addedAt) < cutoff) map.delete(id);
    }
    const tmp = `${file}.tmp`;
    const tfd = openSync(tmp, 'w');
    const body = [...map.values()].map((e) => JSON.stringify({ op: 'snap', e } satisfies JournalRecord) + '\n').join('');
    if (body) writeSync(tfd, body);
    fsyncSync(tfd);
    closeSync(tfd);
    renameSync(tmp, file);
    syncDir(stateDir);
    fd = openSync(file, 'a');
    linesSinceCompact = 0;
  }

  compact();
  for (const e of map.values()) index(e);

  return {
    badLines: replay.badLines,
    append(rec) {
      // Write first, then apply: memory never runs ahead of what a restart would see.
      writeSync(fd, JSON.stringify(rec) + '\n');
      fdatasyncSync(fd);
      applyRecord(map, rec);
      const e = map.get(rec.op === 'add' || rec.op === 'snap' ? rec.e.id : rec.id);
      if (e) index(e);
      if (++linesSinceCompact >= compactEvery) compact();
    },
    get: (id) => map.get(id),
    activeByPath(relPath) {
      const id = activeIndex.get(relPath);
      return id === undefined ? undefined : map.get(id);
    },
    entries: () => [...map.values()],
    compact,
    close() {
      if (fd >= 0) closeSync(fd);
      fd = -1;
    },
  };
}

/** fsync a directory so a rename in it is durable; not possible on Windows, where it is skipped. */
export function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Some network file systems refuse fsync on directories; the rename itself still happened.
  }
}
