/**
 * `scanner-agent send <files…>`: one-off upload of files or folders, with the same existence
 * check, streaming, retries and reply rules as the hot folder, but no journal and no moves:
 * the files stay where they are and the exit code says what happened.
 *
 * Owns the one-shot loop and its summary; imports node built-ins and agent modules only.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { AgentConfig } from './agent.options.ts';
import { backoffDelay, sleep } from './backoff.retry.ts';
import { caseNumberHint } from './case-number.hint.ts';
import { refuse, type CommandIO } from './command.io.ts';
import { attemptDelivery, type HashedFile } from './delivery.step.ts';
import { EXIT } from './exit.codes.ts';
import { sha256File } from './file.hash.ts';
import { isIgnoredName } from './hot-folder.watcher.ts';
import { createIngestClient, type IngestClient } from './ingest.client.ts';
import { describeError, formatBytes, t, type Lang } from './messages.i18n.ts';
import { preflight } from './preflight.check.ts';
import { createReporter, type Reporter } from './progress.output.ts';
import { nullLogger } from './rotating.log.ts';

type Outcome = 'created' | 'existing' | 'rejected' | 'failed';

export async function runSend(cfg: AgentConfig, io: CommandIO): Promise<number> {
  const reporter = createReporter({ json: cfg.json, out: io.stdout, progressMinBytes: cfg.progressMinBytes, quiet: cfg.quiet });
  const { files, missing } = await expand(cfg.files);
  for (const p of missing) reporter.emit(t(cfg.lang, 'notAFile', { path: p }), { event: 'skipped', file: p });
  if (files.length === 0) {
    reporter.close();
    return refuse(io, cfg, EXIT.usage, 'no_files', t(cfg.lang, 'noFiles'));
  }
  const client = createIngestClient({
    server: cfg.server ?? '',
    token: cfg.token ?? '',
    station: cfg.station,
    connectTimeoutMs: cfg.connectTimeoutMs,
    idleTimeoutMs: cfg.idleTimeoutMs,
    maxSockets: cfg.concurrency + 1,
  });
  try {
    const check = await preflight(client, {
      server: cfg.server ?? '',
      wait: cfg.wait,
      lang: cfg.lang,
      backoff: { baseMs: cfg.retryBaseMs, maxMs: cfg.retryMaxMs },
      log: nullLogger(),
      signal: io.signal,
      onWaiting: (text, event) => reporter.emit(text, event),
    });
    if (!check.ok) return refuse(io, cfg, check.exitCode, check.code, check.message);

    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length && !io.signal.aborted) {
        const path = files[next++] as string;
        outcomes.push(await sendOne(client, cfg, reporter, path, io.signal));
      }
    };
    await Promise.all(Array.from({ length: Math.min(cfg.concurrency, files.length) }, worker));

    const count = (o: Outcome): number => outcomes.filter((x) => x === o).length;
    const failed = count('failed') + missing.length + (files.length - outcomes.length);
    const summary = {
      total: files.length + missing.length,
      ok: count('created') + count('existing'),
      existing: count('existing'),
      rejected: count('rejected'),
      failed,
    };
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    reporter.emit(t(cfg.lang, 'sendSummary', summary), { event: 'summary', ...summary, peakRssBytes });
    if (failed > 0) return EXIT.notSent;
    if (summary.rejected > 0) return EXIT.rejected;
    return EXIT.ok;
  } finally {
    client.close();
    reporter.close();
  }
}

async function sendOne(client: IngestClient, cfg: AgentConfig, reporter: Reporter, path: string, signal: AbortSignal): Promise<Outcome> {
  const lang: Lang = cfg.lang;
  const name = basename(path);
  let file: HashedFile | null = null;
  let checksumFailures = 0;
  let last = { code: 'not_attempted', message: '' };
  for (let attempt = 1; attempt <= cfg.maxAttempts && !signal.aborted; attempt++) {
    if (!file) file = await hashed(path, cfg);
    if (!file) return fail('vanished', '');
    const result = await attemptDelivery(client, file, {
      signal,
      checksumFailures,
      onProgress: (sent) => reporter.progress(path, name, sent, file?.size ?? 0),
    });
    reporter.progressEnd(path);
    switch (result.kind) {
      case 'acked': {
        const key = result.serverStatus === 'created' ? 'uploaded' : 'existing';
        reporter.emit(t(lang, key, { name, size: formatBytes(file.size), fileId: result.fileId, moved: '' }), {
          event: 'uploaded',
          file: path,
          size: file.size,
          sha256: file.sha256,
          fileId: result.fileId,
          serverStatus: result.serverStatus,
          caseNumber: file.caseNumber,
          batchId: file.batchId,
        });
        return result.serverStatus;
      }
      case 'rejected':
        reporter.emit(t(lang, 'rejected', { name, reason: describeError(lang, result.code, result.message), moved: '' }), {
          event: 'rejected',
          file: path,
          code: result.code,
          message: result.message,
          sha256: file.sha256,
        });
        return 'rejected';
      case 'changed':
        file = null; // rehash the new content on the next attempt
        last = { code: 'changed', message: 'file changed while sending' };
        continue;
      case 'vanished':
        return fail('vanished', '');
      case 'aborted':
        return fail('aborted', '');
      case 'retry': {
        if (result.checksum) checksumFailures++;
        last = { code: result.code, message: result.message };
        if (attempt >= cfg.maxAttempts) break;
        let delay = backoffDelay(attempt, { baseMs: cfg.retryBaseMs, maxMs: cfg.retryMaxMs });
        if (result.retryAfterMs) delay = Math.max(delay, Math.min(result.retryAfterMs, cfg.retryMaxMs * 5));
        const error = describeError(lang, result.code, result.message);
        reporter.emit(t(lang, 'retry', { name, error, seconds: Math.ceil(delay / 1000), n: attempt + 1 }), {
          event: 'retry',
          file: path,
          attempt,
          code: result.code,
          message: result.message,
          delayMs: delay,
        });
        await sleep(delay, signal);
      }
    }
  }
  return fail(last.code, last.message);

  function fail(code: string, message: string): Outcome {
    const text = code === 'vanished' ? t(lang, 'vanished', { name }) : t(lang, 'gaveUp', { name, n: cfg.maxAttempts, error: describeError(lang, code, message) });
    reporter.emit(text, { event: 'failed', file: path, code, message });
    return 'failed';
  }
}

async function hashed(path: string, cfg: AgentConfig): Promise<HashedFile | null> {
  try {
    const st = await stat(path);
    const h = await sha256File(path);
    const after = await stat(path);
    if (after.size !== st.size || after.mtimeMs !== st.mtimeMs || h.size !== st.size) return null;
    return {
      absPath: path,
      filename: basename(path),
      size: st.size,
      mtimeMs: st.mtimeMs,
      sha256: h.sha256,
      caseNumber: caseNumberHint(`${basename(dirname(path))}/${basename(path)}`),
      batchId: cfg.batch,
    };
  } catch {
    return null;
  }
}

/** Arguments → files (folders walked recursively, hidden/temp names skipped), and the missing ones. */
async function expand(args: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  async function walk(dir: string): Promise<void> {
    for (const it of await readdir(dir, { withFileTypes: true })) {
      if (isIgnoredName(it.name)) continue;
      const p = join(dir, it.name);
      if (it.isDirectory()) await walk(p);
      else if (it.isFile() && !seen.has(p)) {
        seen.add(p);
        files.push(p);
      }
    }
  }
  for (const arg of args) {
    const p = resolve(arg);
    const st = await stat(p).catch(() => null);
    if (st?.isDirectory()) await walk(p);
    else if (st?.isFile()) {
      if (!seen.has(p)) {
        seen.add(p);
        files.push(p);
      }
    } else missing.push(arg);
  }
  return { files, missing };
}
