/**
 * What the agent prints: one summary line per file (human or `--json` lines) and, on a
 * terminal, a live progress bar for each large upload in flight.
 *
 * Owns stdout formatting only; imports node built-ins and the message helpers. All bars share
 * one status line that is redrawn in place (`\r`), and summary lines are printed above it, so
 * concurrent uploads never garble each other. Without a TTY no bars are drawn (logs stay clean);
 * in `--json` mode large files emit a `progress` event at most once a second.
 */
import { formatBytes } from './messages.i18n.ts';

export interface ReporterOptions {
  json: boolean;
  out?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Files at least this large get a progress bar / progress events (default 5 MiB). */
  progressMinBytes?: number;
  /** Suppress human lines (errors still go to the log). */
  quiet?: boolean;
}

export interface Reporter {
  /** One finished-file or status line: `text` for people, `event` for `--json`. */
  emit(text: string, event: Record<string, unknown>): void;
  /** Bytes of upload `key` sent so far. */
  progress(key: string, name: string, sent: number, total: number): void;
  /** Upload `key` finished or stopped: remove its bar. */
  progressEnd(key: string): void;
  close(): void;
}

interface Bar {
  name: string;
  sent: number;
  total: number;
  startedAt: number;
  lastJsonAt: number;
}

export function createReporter(opts: ReporterOptions): Reporter {
  const out = opts.out ?? process.stdout;
  const minBytes = opts.progressMinBytes ?? 5 * 1024 * 1024;
  const tty = !opts.json && Boolean(out.isTTY);
  const bars = new Map<string, Bar>();
  let drawn = false;
  let lastDraw = 0;

  function clearLine(): void {
    if (drawn) out.write('\r\x1b[K');
    drawn = false;
  }

  function draw(force = false): void {
    if (!tty || bars.size === 0) return;
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const width = Math.max(40, (out.columns ?? 100) - 1);
    const each = Math.max(30, Math.floor(width / bars.size) - 2);
    const parts = [...bars.values()].map((b) => renderBar(b, each, now));
    out.write('\r\x1b[K' + truncateToWidth(parts.join('  '), width));
    drawn = true;
  }

  return {
    emit(text, event) {
      if (opts.json) {
        out.write(JSON.stringify({ ts: new Date().toISOString(), ...event }) + '\n');
        return;
      }
      if (opts.quiet) return;
      clearLine();
      out.write(text + '\n');
      draw(true);
    },
    progress(key, name, sent, total) {
      if (total < minBytes) return;
      const now = Date.now();
      let bar = bars.get(key);
      if (!bar) {
        bar = { name, sent, total, startedAt: now, lastJsonAt: 0 };
        bars.set(key, bar);
      }
      bar.sent = sent;
      if (opts.json) {
        if (now - bar.lastJsonAt >= 1000) {
          bar.lastJsonAt = now;
          out.write(JSON.stringify({ ts: new Date(now).toISOString(), event: 'progress', file: name, sentBytes: sent, totalBytes: total }) + '\n');
        }
        return;
      }
      draw();
    },
    progressEnd(key) {
      if (!bars.delete(key)) return;
      if (tty) {
        clearLine();
        draw(true);
      }
    },
    close() {
      bars.clear();
      if (tty) clearLine();
    },
  };
}

/** `name [#####-----]  45% 12 MB/27 MB 5.1 MB/s`, at most `width` columns. */
export function renderBar(b: { name: string; sent: number; total: number; startedAt: number }, width: number, now: number): string {
  const frac = b.total > 0 ? Math.min(1, b.sent / b.total) : 1;
  const pct = `${Math.floor(frac * 100)}`.padStart(3) + '%';
  const secs = Math.max(0.001, (now - b.startedAt) / 1000);
  const tail = ` ${pct} ${formatBytes(b.sent)}/${formatBytes(b.total)} ${formatBytes(Math.round(b.sent / secs))}/s`;
  const cells = Math.max(10, Math.min(30, width - displayWidth(tail) - 14));
  const filled = Math.round(frac * cells);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(cells - filled)}]`;
  const nameRoom = Math.max(6, width - displayWidth(tail) - bar.length - 1);
  return `${truncateToWidth(b.name, nameRoom)} ${bar}${tail}`;
}

/** Terminal columns of `s` (CJK and full-width characters take two). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return w;
}

function truncateToWidth(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let w = 0;
  let res = '';
  for (const ch of s) {
    const cw = isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
    if (w + cw > max - 1) break;
    res += ch;
    w += cw;
  }
  return res + '…';
}

function isWide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
}
