/**
 * The real server as a child process (`node --import tsx main.ts start <role>`), for crash
 * tests: it can be killed with SIGKILL mid-work and started again on the same DATA_DIR.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ChildServer {
  proc: ChildProcess;
  url: string | null;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Start and wait until it prints `listening on …` (role all/api) or `started` (worker). */
export async function startChildServer(role: 'all' | 'api' | 'worker', env: Record<string, string>, timeoutMs = 60_000): Promise<ChildServer> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'main.ts'), 'start', role], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      } else if (role === 'worker' && / INFO started /.test(out)) {
        clearTimeout(timer);
        resolve(null);
      }
    };
    proc.stdout!.on('data', check);
    proc.stderr!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before starting:\n${out}`));
    });
  });
  return {
    proc,
    url,
    output: () => out,
    kill: (signal = 'SIGKILL') =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill(signal);
      }),
  };
}
