/**
 * Test helpers for the agent: temp folders, scan-like files, waiting, running the agent
 * in-process or as a child process (`node --import tsx scanner-agent/cli.ts …`), and the
 * "nothing unaccounted for" check of a hot folder. Imports node built-ins and the agent CLI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../cli.ts';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const made: string[] = [];

/** A fresh temp folder, removed by {@link removeTempDirs}. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `agent-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Remove every folder {@link tempDir} made in this process (call from `afterAll`). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Write a file that sniffs as a PDF (`%PDF-` header, then random bytes); returns its sha256. */
export async function writeScan(path: string, size: number): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const hash = createHash('sha256');
  const fh = await open(path, 'w');
  try {
    const header = Buffer.from('%PDF-1.4\n');
    let written = 0;
    while (written < size) {
      const n = Math.min(4 * 1024 * 1024, size - written);
      const chunk = written === 0 ? Buffer.concat([header, randomBytes(Math.max(0, n - header.length))]).subarray(0, n) : randomBytes(n);
      await fh.write(chunk);
      hash.update(chunk);
      written += n;
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 20_000, stepMs = 50): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
}

/** Every regular file under `dir` (relative, `/`-separated), skipping the named top-level folders. */
export function listFiles(dir: string, skipTop: string[] = []): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let items;
    try {
      items = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const it of items) {
      const p = join(d, it.name);
      const rel = relative(dir, p).split(sep).join('/');
      if (d === dir && skipTop.includes(it.name)) continue;
      if (it.isDirectory()) walk(p);
      else out.push(rel);
    }
  };
  walk(dir);
  return out.sort();
}

/** Files still in the hot folder itself (not done/, rejected/ or the state folder). */
export function leftInHotFolder(root: string): string[] {
  return listFiles(root, ['done', 'rejected', '.scanner-agent']);
}

/** sha256 → count over every file in done/ (recursively). */
export function doneShas(root: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const rel of listFiles(join(root, 'done'))) {
    const sha = sha256Of(join(root, 'done', rel));
    m.set(sha, (m.get(sha) ?? 0) + 1);
  }
  return m;
}

/** Standard fast settings for tests (short stability, fast retries, short idle timeout). */
export function fastArgs(extra: string[] = []): string[] {
  return ['--stability', '300ms', '--poll-interval', '300ms', '--retry-base', '100ms', '--retry-max', '800ms', '--idle-timeout', '2s', '--connect-timeout', '1s', '--auth-pause', '500ms', ...extra];
}

export interface InProcessRun {
  done: Promise<number>;
  ready: Promise<void>;
  output(): string;
  /** JSON events printed so far (with `--json`). */
  events(): Record<string, unknown>[];
  stop(): Promise<number>;
}

/** Run the CLI in this process (fast); stdout/stderr are captured. */
export function runInProcess(argv: string[]): InProcessRun {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let text = '';
  stdout.on('data', (c: Buffer) => (text += c.toString()));
  stderr.on('data', (c: Buffer) => (text += c.toString()));
  const stop = new AbortController();
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  const done = main(argv, {}, { stdout, stderr, signal: stop.signal, onReady });
  const readyOrExit = Promise.race([ready, done.then((code) => Promise.reject(new Error(`agent exited ${code}: ${text}`)))]);
  readyOrExit.catch(() => undefined); // only an error for callers that await `ready`
  return {
    done,
    ready: readyOrExit,
    output: () => text,
    events: () => parseEvents(text),
    stop() {
      stop.abort();
      return done;
    },
  };
}

export function parseEvents(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        return {};
      }
    });
}

export interface ChildRun {
  child: ChildProcess;
  output(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Run the CLI as a child process, as an operator would (`node --import tsx scanner-agent/cli.ts`). */
export function spawnAgent(argv: string[], env: Record<string, string> = {}): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scanner-agent', 'cli.ts'), ...argv], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => text, exit };
}

export function fileSize(path: string): number {
  return statSync(path).size;
}
