/**
 * Unit tests of the agent's pure and local parts: journal replay/compaction, case-number
 * hints, option precedence, backoff, sizes and durations, the progress bar, log rotation,
 * destination naming, ignored names, status summaries and native vs polling discovery.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBytes, parseConfig } from '../agent.options.ts';
import { backoffDelay, parseDuration } from '../backoff.retry.ts';
import { caseNumberHint, caseNumberInName } from '../case-number.hint.ts';
import { uniqueDest } from '../file.mover.ts';
import { isIgnoredName } from '../hot-folder.watcher.ts';
import { JOURNAL_FILE, openJournal, readJournal, replayJournal, type JournalEntry } from '../journal.store.ts';
import { describeError, t } from '../messages.i18n.ts';
import { displayWidth, renderBar } from '../progress.output.ts';
import { createRotatingLog } from '../rotating.log.ts';
import { summarize } from '../status.command.ts';
import { startContractDouble } from './contract-double.server.ts';
import { fastArgs, listFiles, removeTempDirs, runInProcess, tempDir, waitFor, writeScan } from './agent.harness.ts';

afterAll(removeTempDirs);

const entry = (over: Partial<JournalEntry> = {}): JournalEntry => ({
  id: 'e1',
  relPath: 'a.pdf',
  size: 10,
  mtimeMs: 1,
  sha256: 'a'.repeat(64),
  caseNumber: null,
  batchId: null,
  addedAt: new Date().toISOString(),
  state: 'queued',
  attempts: 0,
  ...over,
});

describe('journal', () => {
  it('replays records in order and skips a torn last line', () => {
    const text = [
      JSON.stringify({ op: 'add', e: entry() }),
      JSON.stringify({ op: 'attempt', id: 'e1', at: '2026-01-01T00:00:00Z' }),
      JSON.stringify({ op: 'ack', id: 'e1', fileId: 'f1', serverStatus: 'created', at: '2026-01-01T00:00:01Z' }),
      '{"op":"moving","id":"e1","de',
    ].join('\n');
    const { entries, badLines } = replayJournal(text);
    expect(badLines).toBe(1);
    expect(entries.get('e1')).toMatchObject({ state: 'acked', attempts: 1, fileId: 'f1' });
  });

  it('survives reopen: compaction drops the torn line and old finished entries, keeps active ones', () => {
    // GIVEN a journal with an old finished entry, an active one, and a torn tail (power cut)
    const dir = tempDir('journal');
    const old = new Date(Date.now() - 10 * 24 * 3600_000).toISOString();
    const j = openJournal(dir);
    j.append({ op: 'add', e: entry({ id: 'old', relPath: 'old.pdf', addedAt: old }) });
    j.append({ op: 'done', id: 'old', at: old });
    j.append({ op: 'add', e: entry({ id: 'live', relPath: 'live.pdf' }) });
    j.close();
    writeFileSync(join(dir, JOURNAL_FILE), readFileSync(join(dir, JOURNAL_FILE), 'utf8') + '{"op":"attem');
    // WHEN it is opened again
    const again = openJournal(dir);
    // THEN the active entry is indexed by path and the rest is gone; new appends parse fine
    expect(again.badLines).toBe(1);
    expect(again.entries().map((e) => e.id)).toEqual(['live']);
    expect(again.activeByPath('live.pdf')?.id).toBe('live');
    again.append({ op: 'superseded', id: 'live', at: new Date().toISOString() });
    expect(again.activeByPath('live.pdf')).toBeUndefined();
    again.close();
    expect(readJournal(dir).map((e) => e.state)).toEqual(['superseded']);
    expect(readFileSync(join(dir, JOURNAL_FILE), 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });
});

describe('case-number hints', () => {
  it.each([
    ['（2024）苏0205执1234号', '（2024）苏0205执1234号'],
    ['(2024)苏0205执恢12号 立案材料', '（2024）苏0205执恢12号'],
    ['2024苏0205执1234', '（2024）苏0205执1234号'],
    ['（2012）曲中法执字第66号', '（2012）曲中法执字第66号'],
    ['〔2009〕锡法执字第123号', '（2009）锡法执字第123号'],
    ['（２０２４）苏０２０５执１２３４号', '（2024）苏0205执1234号'],
    ['scan_20240315_0001', null],
    ['发票2024年3月', null],
  ])('%s → %s', (name, want) => {
    expect(caseNumberInName(name)).toBe(want);
  });

  it('prefers the file name over the enclosing folder, and uses the folder otherwise', () => {
    expect(caseNumberHint('（2024）苏0205执1号/（2024）苏0205执2号.pdf')).toBe('（2024）苏0205执2号');
    expect(caseNumberHint('（2024）苏0205执1号/page-001.pdf')).toBe('（2024）苏0205执1号');
    expect(caseNumberHint('misc/page-001.pdf')).toBeNull();
  });
});

describe('options', () => {
  it('takes CLI over environment over config file, and lists every problem', () => {
    const dir = tempDir('opts');
    const cfgPath = join(dir, 'agent.json');
    writeFileSync(cfgPath, JSON.stringify({ server: 'http://file:1', station: 'from-file', stabilityMs: undefined, concurrency: 5, lang: 'en' }));
    const r = parseConfig(['watch', dir, '--config', cfgPath, '--station', 'from-cli'], { SCANNER_AGENT_SERVER: 'http://env:2', SCANNER_AGENT_TOKEN: 'tok' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({ server: 'http://env:2', station: 'from-cli', concurrency: 5, lang: 'en', token: 'tok', stabilityMs: 5000, pollIntervalMs: 10_000 });
    const bad = parseConfig(['watch', '--server', 'ftp://x', '--concurrency', '0', '--stability', 'soon'], {});
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.join('\n')).toMatch(/--server.*http/);
    expect(bad.errors.join('\n')).toMatch(/--concurrency/);
    expect(bad.errors.join('\n')).toMatch(/--stability/);
    expect(bad.errors.join('\n')).toMatch(/token/);
    expect(bad.errors.join('\n')).toMatch(/folder/);
  });

  it('reads the token from --token-file and parses sizes and durations', () => {
    const dir = tempDir('tokfile');
    writeFileSync(join(dir, 'token'), 'secret-token\n');
    const r = parseConfig(['send', 'a.pdf', '--server', 'http://h:1', '--token-file', join(dir, 'token'), '--poll'], {});
    expect(r.ok && r.config.token).toBe('secret-token');
    expect(r.ok && r.config.pollIntervalMs).toBe(2000);
    expect(parseBytes('5MB')).toBe(5 * 1024 * 1024);
    expect(parseBytes('512k')).toBe(512 * 1024);
    expect(Number.isNaN(parseBytes('lots'))).toBe(true);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('250')).toBe(250);
  });
});

describe('backoff', () => {
  it('grows exponentially, stays within [cap/2, cap] and never exceeds the maximum', () => {
    const p = { baseMs: 1000, maxMs: 60_000 };
    expect(backoffDelay(1, p, () => 0)).toBe(500);
    expect(backoffDelay(1, p, () => 1)).toBe(1000);
    expect(backoffDelay(4, p, () => 1)).toBe(8000);
    expect(backoffDelay(50, p, () => 1)).toBe(60_000);
    expect(backoffDelay(50, p, () => 0)).toBe(30_000);
  });
});

describe('output', () => {
  it('draws a bounded progress bar and counts CJK as double width', () => {
    expect(displayWidth('扫描a')).toBe(5);
    const line = renderBar({ name: '（2024）苏0205执1234号-很长的文件名.pdf', sent: 50 * 1024 * 1024, total: 100 * 1024 * 1024, startedAt: 0 }, 80, 10_000);
    expect(line).toContain(' 50%');
    expect(line).toContain('50 MB/100 MB');
    expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });

  it('describes errors for people in both languages', () => {
    expect(describeError('zh', 'ECONNREFUSED')).toContain('服务器拒绝连接');
    expect(describeError('en', 'http_503')).toBe('server error (HTTP 503)');
    expect(describeError('zh', 'some_new_code', '服务器说明')).toBe('服务器说明');
    expect(t('en', 'retry', { name: 'a.pdf', error: 'x', seconds: 2, n: 3 })).toBe('… a.pdf: x; retrying in 2 s (attempt 3)');
  });
});

describe('files and folders', () => {
  it('rotates the log file by size and keeps N old files', () => {
    const dir = tempDir('log');
    const log = createRotatingLog({ dir, maxBytes: 2000, keep: 2 });
    for (let i = 0; i < 100; i++) log.info('line', { i, pad: 'x'.repeat(50) });
    log.close();
    expect(listFiles(dir)).toEqual(['agent.log', 'agent.log.1', 'agent.log.2']);
    expect(readFileSync(join(dir, 'agent.log'), 'utf8')).toContain('"i":99');
  });

  it('never overwrites in done/: picks "name (2).ext"', async () => {
    const dir = tempDir('dest');
    const first = uniqueDest(dir, 'sub/a.pdf', '2026-01-02');
    expect(first).toBe(join(dir, '2026-01-02', 'sub', 'a.pdf'));
    await writeScan(first, 10);
    expect(uniqueDest(dir, 'sub/a.pdf', '2026-01-02')).toBe(join(dir, '2026-01-02', 'sub', 'a (2).pdf'));
  });

  it('ignores temp, hidden and partial names', () => {
    for (const n of ['.hidden.pdf', 'scan.pdf.part', 'scan.tmp', '~$doc.docx', 'Thumbs.db', 'x.crdownload']) expect(isIgnoredName(n)).toBe(true);
    for (const n of ['scan.pdf', 'IMG_0001.JPG', '（2024）苏0205执1号.tif']) expect(isIgnoredName(n)).toBe(false);
  });

  it('summarises the journal for status', () => {
    const now = new Date();
    const s = summarize(
      [
        entry({ id: '1', state: 'done', finishedAt: now.toISOString() }),
        entry({ id: '2', state: 'rejected', finishedAt: now.toISOString() }),
        entry({ id: '3', state: 'queued', attempts: 2, lastAttemptAt: '2026-01-01T00:00:02Z', lastError: { code: 'ECONNREFUSED', message: 'x', at: '2026-01-01T00:00:03Z' } }),
        entry({ id: '4', state: 'queued', attempts: 1, lastAttemptAt: '2026-01-01T00:00:05Z' }),
      ],
      true,
      now,
    );
    expect(s).toMatchObject({ pending: 1, uploading: 1, doneToday: 1, rejected: 1, rejectedToday: 1 });
    expect(s.lastError).toMatchObject({ code: 'ECONNREFUSED', file: 'a.pdf' });
  });
});

describe('discovery modes', () => {
  it('native events find a file in a new sub-folder long before the next full scan; --poll works without them', async () => {
    const double = await startContractDouble({ dir: tempDir('modes-double') });
    double.addToken('tok', 'station');
    try {
      // GIVEN native mode with a 60 s rescan interval: only fs.watch can find the file quickly
      const nativeRoot = tempDir('native');
      const native = runInProcess(['watch', nativeRoot, '--server', double.url, '--token', 'tok', ...fastArgs(['--poll-interval', '60s'])]);
      await native.ready;
      await writeScan(join(nativeRoot, 'new-folder', 'n.pdf'), 5000);
      await waitFor('native pickup', () => listFiles(join(nativeRoot, 'done')).length === 1, 5000);
      expect(await native.stop()).toBe(0);
      // AND polling mode (SMB/NFS) finds it by scanning alone
      const pollRoot = tempDir('poll');
      const polled = runInProcess(['watch', pollRoot, '--server', double.url, '--token', 'tok', '--poll', ...fastArgs(['--poll-interval', '200ms'])]);
      await polled.ready;
      await writeScan(join(pollRoot, 'p.pdf'), 5000);
      await waitFor('poll pickup', () => listFiles(join(pollRoot, 'done')).length === 1, 5000);
      expect(await polled.stop()).toBe(0);
      expect(existsSync(join(pollRoot, '.scanner-agent', 'logs', 'agent.log'))).toBe(true);
    } finally {
      await double.stop();
    }
  });
});
