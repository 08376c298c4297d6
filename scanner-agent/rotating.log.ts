/**
 * The agent's log file: JSON lines, rotated by size (`agent.log`, `agent.log.1`, …).
 *
 * Owns log formatting and rotation; imports only node built-ins. Writes are synchronous and
 * unbuffered so the last lines before a crash are on disk; an unattended agent is debugged
 * from this file, so every state change of a file is logged with its path and sha256.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured logger: `event` is a stable snake_case name, `fields` its details. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  close(): void;
}

export interface RotatingLogOptions {
  dir: string;
  /** Default `agent.log`. */
  file?: string;
  /** Rotate when the file would exceed this size (default 5 MiB). */
  maxBytes?: number;
  /** Rotated files kept besides the current one (default 5). */
  keep?: number;
  /** Also mirror lines to this sink (tests, `--verbose`). */
  echo?: (line: string) => void;
}

/** Open (append) the log in `dir`, creating the folder. */
export function createRotatingLog(opts: RotatingLogOptions): Logger {
  mkdirSync(opts.dir, { recursive: true });
  const path = join(opts.dir, opts.file ?? 'agent.log');
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
  const keep = Math.max(1, opts.keep ?? 5);
  let fd = openSync(path, 'a');
  let size = fstatSync(fd).size;

  function rotate(): void {
    closeSync(fd);
    rmSync(`${path}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
    }
    renameSync(path, `${path}.1`);
    fd = openSync(path, 'a');
    size = 0;
  }

  function log(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
    if (fd < 0) return;
    const line = JSON.stringify({ ts: new Date().toISOString(), level, event, ...fields }, errorReplacer) + '\n';
    const bytes = Buffer.byteLength(line);
    try {
      if (size > 0 && size + bytes > maxBytes) rotate();
      writeSync(fd, line);
      size += bytes;
    } catch {
      // A full disk must not stop uploads; the journal (not the log) is what keeps files safe.
    }
    opts.echo?.(line);
  }

  return {
    log,
    info: (e, f) => log('info', e, f),
    warn: (e, f) => log('warn', e, f),
    error: (e, f) => log('error', e, f),
    close() {
      if (fd >= 0) closeSync(fd);
      fd = -1;
    },
  };
}

/** A logger that drops everything (for `send` without a state folder, and unit tests). */
export function nullLogger(): Logger {
  const noop = (): void => undefined;
  return { log: noop, info: noop, warn: noop, error: noop, close: noop };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  return value;
}
