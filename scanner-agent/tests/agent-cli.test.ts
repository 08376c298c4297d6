/**
 * Agent behaviour that needs faults only the CONTRACT DOUBLE can produce on demand (forced
 * 5xx/422/401, a tiny size limit), plus the command surface: exit codes, `send`, `status`,
 * `--json`, `--lang en`, `--wait`, the single-instance lock and journal recovery.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../exit.codes.ts';
import { localDay } from '../file.mover.ts';
import { openJournal, readJournal } from '../journal.store.ts';
import { fastArgs, leftInHotFolder, listFiles, parseEvents, removeTempDirs, runInProcess, sha256Of, spawnAgent, tempDir, waitFor, writeScan } from './agent.harness.ts';
import { startContractDouble, type ContractDouble } from './contract-double.server.ts';

let double: ContractDouble;
const TOKEN = 'station-token';

beforeAll(async () => {
  double = await startContractDouble({ dir: tempDir('cli-double'), maxBytes: 2 * 1024 * 1024 });
  double.addToken(TOKEN, 'station', 'scanner-3F');
  double.addToken('judge-token', 'judge', 'judge');
});
afterAll(async () => {
  await double.stop();
  removeTempDirs();
});

const watchArgs = (root: string, extra: string[] = []): string[] => ['watch', root, '--server', double.url, '--token', TOKEN, '--json', ...fastArgs(extra)];

describe('watch: replies the server gives for good', () => {
  it('moves refused files to rejected/ with a Chinese .reason.txt and keeps going', async () => {
    // GIVEN a text file (415), a file over the 2 MB limit (413) and a good scan
    const root = tempDir('rejects');
    writeFileSync(join(root, 'notes.txt'), '这不是扫描件');
    await writeScan(join(root, 'huge.pdf'), 3 * 1024 * 1024);
    const good = await writeScan(join(root, 'good.pdf'), 100_000);
    const agent = runInProcess(watchArgs(root));
    await agent.ready;
    // WHEN the agent has handled them
    await waitFor('all handled', () => leftInHotFolder(root).length === 0 && listFiles(join(root, 'rejected')).length === 4, 20_000);
    expect(await agent.stop()).toBe(0);
    // THEN the refused ones sit in rejected/<day>/ with reasons a clerk can read
    const day = localDay();
    expect(listFiles(join(root, 'rejected'))).toEqual([`${day}/huge.pdf`, `${day}/huge.pdf.reason.txt`, `${day}/notes.txt`, `${day}/notes.txt.reason.txt`]);
    const reason415 = readFileSync(join(root, 'rejected', day, 'notes.txt.reason.txt'), 'utf8');
    expect(reason415).toContain('拒收原因：不支持的文件类型');
    expect(reason415).toContain('错误代码：unsupported_type');
    expect(readFileSync(join(root, 'rejected', day, 'huge.pdf.reason.txt'), 'utf8')).toContain('文件超过服务器允许的大小上限');
    expect(listFiles(join(root, 'done'))).toEqual([`${day}/good.pdf`]);
    expect(double.files().some((f) => f.sha256 === good)).toBe(true);
    expect(agent.events().filter((e) => e.event === 'rejected').map((e) => e.code).sort()).toEqual(['file_too_large', 'unsupported_type']);
  });

  it('retries 5xx and a single 422, but rejects content that keeps failing its checksum', async () => {
    const root = tempDir('retry422');
    double.faults.failNext = 2;
    double.faults.failStatus = 503;
    double.faults.failCode = 'unavailable';
    const a = await writeScan(join(root, 'a.pdf'), 50_000);
    const agent = runInProcess(watchArgs(root, ['--concurrency', '1']));
    await agent.ready;
    await waitFor('a.pdf done after two 503s', () => listFiles(join(root, 'done')).length === 1, 20_000);
    expect(double.posts.get(a)).toBe(3);
    // GIVEN a 422 once: retried and accepted
    double.faults.failNext = 1;
    double.faults.failStatus = 422;
    double.faults.failCode = 'checksum_mismatch';
    const b = await writeScan(join(root, 'b.pdf'), 50_000);
    await waitFor('b.pdf done after one 422', () => listFiles(join(root, 'done')).length === 2, 20_000);
    expect(double.posts.get(b)).toBe(2);
    // GIVEN a 422 three times for unchanged content: rejected, with the reason
    double.faults.failNext = 3;
    await writeScan(join(root, 'c.pdf'), 50_000);
    await waitFor('c.pdf rejected', () => listFiles(join(root, 'rejected')).length === 2, 20_000);
    expect(await agent.stop()).toBe(0);
    expect(readFileSync(join(root, 'rejected', localDay(), 'c.pdf.reason.txt'), 'utf8')).toContain('checksum_mismatch');
    expect(leftInHotFolder(root)).toEqual([]);
  });

  it('keeps files queued while the token is refused, and sends them once it works again', async () => {
    const root = tempDir('revoked');
    double.addToken('temp-token', 'station', 'temp');
    const agent = runInProcess(['watch', root, '--server', double.url, '--token', 'temp-token', '--json', ...fastArgs()]);
    await agent.ready;
    // WHEN the token is revoked after start and a file arrives
    double.addToken('temp-token', 'revoked', 'temp'); // role that may not ingest → 403
    const sha = await writeScan(join(root, 'while-revoked.pdf'), 30_000);
    await waitFor('auth refusal seen', () => agent.events().some((e) => e.event === 'auth_refused'), 10_000);
    expect(leftInHotFolder(root)).toEqual(['while-revoked.pdf']);
    expect(listFiles(join(root, 'rejected'))).toEqual([]);
    // THEN re-enabling it lets the file through, never rejected
    double.addToken('temp-token', 'station', 'temp');
    await waitFor('file done', () => listFiles(join(root, 'done')).length === 1, 10_000);
    expect(await agent.stop()).toBe(0);
    expect(double.files().filter((f) => f.sha256 === sha).length).toBe(1);
  });

  it('sends the batch id and a case number from the file name, and deletes with --on-done delete', async () => {
    const root = tempDir('hints');
    const sha = await writeScan(join(root, '(2023)苏02执保77号 保全裁定.pdf'), 20_000);
    const agent = runInProcess(watchArgs(root, ['--batch', 'session-42', '--on-done', 'delete', '--station', '三楼扫描仪']));
    await agent.ready;
    await waitFor('file gone', () => leftInHotFolder(root).length === 0, 10_000);
    expect(await agent.stop()).toBe(0);
    const f = double.files().find((x) => x.sha256 === sha);
    expect(f).toMatchObject({ caseNumber: '（2023）苏02执保77号', batchId: 'session-42', filename: '(2023)苏02执保77号 保全裁定.pdf', station: '三楼扫描仪' });
    expect(existsSync(join(root, 'done'))).toBe(false);
  });
});

describe('watch: refusing to start, waiting, single instance, recovery', () => {
  it('refuses a wrong token (exit 3) and a role that may not upload, in Chinese or English', async () => {
    const root = tempDir('badtoken');
    const zh = runInProcess(['watch', root, '--server', double.url, '--token', 'nope']);
    expect(await zh.done).toBe(EXIT.badToken);
    expect(zh.output()).toContain('令牌无效或已被吊销');
    const en = runInProcess(['watch', root, '--server', double.url, '--token', 'nope', '--lang', 'en']);
    expect(await en.done).toBe(EXIT.badToken);
    expect(en.output()).toContain('The token is invalid or revoked');
    const judge = runInProcess(['watch', root, '--server', double.url, '--token', 'judge-token', '--json']);
    expect(await judge.done).toBe(EXIT.badToken);
    expect(parseEvents(judge.output())[0]).toMatchObject({ event: 'error', code: 'role_cannot_ingest', exitCode: 3 });
  });

  it('refuses an unreachable server (exit 4), and with --wait starts once it is up', async () => {
    const root = tempDir('wait');
    const later = await startContractDouble({ dir: tempDir('later') });
    later.addToken(TOKEN, 'station');
    await later.stop();
    const refused = runInProcess(['watch', root, '--server', later.url, '--token', TOKEN, ...fastArgs()]);
    expect(await refused.done).toBe(EXIT.unreachable);
    expect(refused.output()).toContain('无法连接服务器');
    // WHEN started with --wait while the server is down, then the server comes up
    const waiting = runInProcess(['watch', root, '--server', later.url, '--token', TOKEN, '--wait', '--json', ...fastArgs()]);
    await waitFor('waiting message', () => waiting.events().some((e) => e.event === 'waiting_for_server'), 5000);
    await later.start();
    await waiting.ready;
    const sha = await writeScan(join(root, 'after-wait.pdf'), 10_000);
    await waitFor('file done', () => listFiles(join(root, 'done')).length === 1, 10_000);
    expect(await waiting.stop()).toBe(0);
    expect(later.files().map((f) => f.sha256)).toEqual([sha]);
    await later.stop();
  });

  it('refuses to run twice on one folder (exit 7)', async () => {
    const root = tempDir('lock');
    const first = runInProcess(watchArgs(root));
    await first.ready;
    const second = spawnAgent(['watch', root, '--server', double.url, '--token', TOKEN]);
    expect((await second.exit).code).toBe(EXIT.locked);
    expect(second.output()).toContain('另一个扫描代理正在处理此文件夹');
    expect(await first.stop()).toBe(0);
  });

  it('finishes journaled work after a crash without uploading again', async () => {
    // GIVEN a journal left by a crash: one file acknowledged but not moved, one whose move
    // to done/ happened but was not journaled as done
    const root = tempDir('recover');
    const shaA = await writeScan(join(root, 'acked.pdf'), 10_000);
    const shaB = await writeScan(join(root, 'moved.pdf'), 10_000);
    const day = localDay();
    const destB = join(root, 'done', day, 'moved.pdf');
    const st = (p: string): { size: number; mtimeMs: number } => ({ size: statSync(p).size, mtimeMs: statSync(p).mtimeMs });
    const j = openJournal(join(root, '.scanner-agent'));
    const base = { caseNumber: null, batchId: null, addedAt: new Date().toISOString(), state: 'queued' as const, attempts: 1 };
    j.append({ op: 'add', e: { ...base, id: 'A', relPath: 'acked.pdf', sha256: shaA, ...st(join(root, 'acked.pdf')) } });
    j.append({ op: 'ack', id: 'A', fileId: 'f-old-A', serverStatus: 'created', at: new Date().toISOString() });
    j.append({ op: 'add', e: { ...base, id: 'B', relPath: 'moved.pdf', sha256: shaB, ...st(join(root, 'moved.pdf')) } });
    j.append({ op: 'ack', id: 'B', fileId: 'f-old-B', serverStatus: 'created', at: new Date().toISOString() });
    j.append({ op: 'moving', id: 'B', dest: destB, at: new Date().toISOString() });
    j.close();
    mkdirSync(join(root, 'done', day), { recursive: true });
    renameSync(join(root, 'moved.pdf'), destB);
    const postsBefore = double.completedPosts();
    // WHEN the agent starts again
    const agent = runInProcess(watchArgs(root));
    await agent.ready;
    await waitFor('both done', () => readJournal(join(root, '.scanner-agent')).every((e) => e.state === 'done'), 10_000);
    expect(await agent.stop()).toBe(0);
    // THEN both are in done/, nothing was uploaded, and the resume was announced
    expect(listFiles(join(root, 'done'))).toEqual([`${day}/acked.pdf`, `${day}/moved.pdf`]);
    expect(sha256Of(join(root, 'done', day, 'acked.pdf'))).toBe(shaA);
    expect(double.completedPosts()).toBe(postsBefore);
    expect(agent.events().find((e) => e.event === 'resumed')).toMatchObject({ count: 2 });
  });
});

describe('send and status', () => {
  it('send: uploads files and folders, reports JSON, exit 0; exit 5 when one is refused', async () => {
    const dir = tempDir('send');
    const a = await writeScan(join(dir, 'a.pdf'), 30_000);
    const b = await writeScan(join(dir, 'sub', 'b.pdf'), 30_000);
    const ok = runInProcess(['send', join(dir, 'a.pdf'), join(dir, 'sub'), '--server', double.url, '--token', TOKEN, '--json', '--batch', 'b1']);
    expect(await ok.done).toBe(EXIT.ok);
    const ev = ok.events();
    expect(ev.filter((e) => e.event === 'uploaded').map((e) => e.sha256).sort()).toEqual([a, b].sort());
    expect(ev.at(-1)).toMatchObject({ event: 'summary', total: 2, ok: 2, rejected: 0, failed: 0 });
    expect(existsSync(join(dir, 'a.pdf'))).toBe(true); // send never moves files
    // WHEN sent again with one refused file, in English
    writeFileSync(join(dir, 'readme.txt'), 'not a scan');
    const mixed = runInProcess(['send', join(dir, 'a.pdf'), join(dir, 'readme.txt'), '--server', double.url, '--token', TOKEN, '--lang', 'en']);
    expect(await mixed.done).toBe(EXIT.rejected);
    expect(mixed.output()).toContain('already holds this content');
    expect(mixed.output()).toContain('refused by the server: unsupported file type');
    expect(mixed.output()).toContain('2 files: 1 delivered (1 already on the server), 1 refused, 0 not sent');
    // An empty file is refused for good at once (422 empty_file is not a checksum problem)
    writeFileSync(join(dir, 'empty.pdf'), '');
    const empty = runInProcess(['send', join(dir, 'empty.pdf'), '--server', double.url, '--token', TOKEN, '--json']);
    expect(await empty.done).toBe(EXIT.rejected);
    expect(empty.events().find((e) => e.event === 'rejected')).toMatchObject({ code: 'empty_file' });
    expect(double.posts.get(createHash('sha256').update('').digest('hex'))).toBe(1);
  });

  it('send: exit 6 when a file cannot be delivered within --max-attempts', async () => {
    const dir = tempDir('send-fail');
    await writeScan(join(dir, 'x.pdf'), 10_000);
    double.faults.failNext = 10;
    double.faults.failStatus = 500;
    double.faults.failCode = 'internal';
    const run = runInProcess(['send', join(dir, 'x.pdf'), '--server', double.url, '--token', TOKEN, '--max-attempts', '2', '--retry-base', '50ms']);
    expect(await run.done).toBe(EXIT.notSent);
    double.faults.failNext = 0;
    expect(run.output()).toContain('重试 2 次后仍未上传');
    expect(run.output()).toContain('未上传 1');
  });

  it('status: shows pending, done today, rejected and the last error, as text and JSON', async () => {
    const root = tempDir('status');
    await writeScan(join(root, 'ok.pdf'), 10_000);
    writeFileSync(join(root, 'bad.doc'), 'x');
    const agent = runInProcess(watchArgs(root));
    await agent.ready;
    await waitFor('handled', () => leftInHotFolder(root).length === 0, 10_000);
    expect(await agent.stop()).toBe(0);
    const json = runInProcess(['status', root, '--json']);
    expect(await json.done).toBe(0);
    const st = JSON.parse(json.output()) as Record<string, unknown>;
    expect(st).toMatchObject({ running: false, pending: 0, uploading: 0, doneToday: 1, rejected: 1, rejectedToday: 1 });
    const zh = runInProcess(['status', root]);
    await zh.done;
    expect(zh.output()).toContain('今日完成：1');
    expect(zh.output()).toContain('运行中：否');
    const en = runInProcess(['status', root, '--lang', 'en']);
    await en.done;
    expect(en.output()).toContain('Done today: 1');
  });

  it('prints usage errors with exit 2', async () => {
    const run = runInProcess(['watch']);
    expect(await run.done).toBe(EXIT.usage);
    expect(run.output()).toContain('用法错误');
  });
});

describe('memory', () => {
  it('streams a 50 MB file with flat memory (child process peak RSS printed)', async () => {
    // GIVEN a 50 MB scan and a fresh agent process
    const dir = tempDir('rss');
    const sha = await writeScan(join(dir, 'big50.pdf'), 50 * 1024 * 1024);
    const big = await startContractDouble({ dir: tempDir('rss-double') });
    big.addToken(TOKEN, 'station');
    // WHEN it is sent
    const run = spawnAgent(['send', join(dir, 'big50.pdf'), '--server', big.url, '--token', TOKEN, '--json']);
    const { code } = await run.exit;
    await big.stop();
    // THEN it arrived intact and the agent's peak RSS stayed well under the 150 MB budget
    expect(code).toBe(0);
    expect(big.files().map((f) => f.sha256)).toEqual([sha]);
    const summary = parseEvents(run.output()).find((e) => e.event === 'summary');
    const peakMb = Number(summary?.peakRssBytes) / 1024 / 1024;
    console.log(`[agent rss] 50 MB send: peak RSS ${peakMb.toFixed(1)} MB`);
    expect(peakMb).toBeGreaterThan(10);
    expect(peakMb).toBeLessThan(150);
  });
});
