/**
 * Starts the REAL e-dossier server (embedded mode) as a child process for agent tests and
 * benches: `node --import tsx main.ts start all` with a temp DATA_DIR, a free loopback port,
 * a bootstrap admin token and OCR off. Stop = SIGKILL (a crash, the harshest case); start
 * again = same data and port. The agent never imports this; only its tests do, over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT, tempDir } from './agent.harness.ts';
import type { ScenarioServer } from './agent.scenarios.ts';

export const MAIN_TS = join(REPO_ROOT, 'main.ts');

/** Why the real server cannot be used here, or null when it can. */
export function realServerUnavailable(): string | null {
  return existsSync(MAIN_TS) ? null : `${MAIN_TS} does not exist yet`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RealServer extends ScenarioServer {
  adminToken: string;
  dataDir: string;
  /** Server stdout/stderr so far (for failure messages). */
  output(): string;
}

export async function startRealServer(opts: { bootTimeoutMs?: number } = {}): Promise<RealServer> {
  const dataDir = tempDir('real-server');
  const port = await freePort();
  const adminToken = `test-admin-${randomBytes(16).toString('hex')}`;
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let text = '';

  async function start(): Promise<void> {
    const proc = spawn(process.execPath, ['--import', 'tsx', MAIN_TS, 'start', 'all'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', BOOTSTRAP_ADMIN_TOKEN: adminToken, OCR_ENABLED: 'false', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start within ${opts.bootTimeoutMs ?? 90_000} ms:\n${text}`)), opts.bootTimeoutMs ?? 90_000);
      const onData = (c: Buffer): void => {
        text += c.toString();
        if (text.includes(`listening on ${url}`)) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before listening:\n${text}`));
      });
    });
  }

  async function stop(): Promise<void> {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGKILL');
    await exited;
  }

  const api = async (path: string, init: RequestInit = {}, token = adminToken): Promise<Response> =>
    fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });

  await start();
  const created = await api('/api/v1/admin/tokens', { method: 'POST', body: JSON.stringify({ role: 'station', name: 'agent-test-station' }) });
  if (created.status !== 201) throw new Error(`creating a station token failed: ${created.status} ${await created.text()}`);
  const stationToken = ((await created.json()) as { token: string }).token;

  return {
    url,
    adminToken,
    stationToken,
    dataDir,
    output: () => text,
    async lookup(sha256) {
      const r = await api(`/api/v1/ingest/${sha256}`);
      if (r.status === 404) return null;
      if (r.status !== 200) throw new Error(`lookup ${sha256}: HTTP ${r.status}`);
      return (await r.json()) as { fileId: string; sha256: string };
    },
    async file(fileId) {
      const r = await api(`/api/v1/files/${encodeURIComponent(fileId)}`);
      if (r.status === 404) return null;
      if (r.status !== 200) throw new Error(`file ${fileId}: HTTP ${r.status}`);
      return (await r.json()) as { fileId: string; sha256: string; filename: string };
    },
    async allShas() {
      const shas: string[] = [];
      let cursor: string | null = null;
      do {
        const r = await api(`/api/v1/files?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        if (r.status !== 200) throw new Error(`list files: HTTP ${r.status}`);
        const page = (await r.json()) as { items: { sha256: string }[]; next: string | null };
        shas.push(...page.items.map((i) => i.sha256));
        cursor = page.next;
      } while (cursor);
      return shas;
    },
    stop,
    start,
    close: stop,
  };
}
