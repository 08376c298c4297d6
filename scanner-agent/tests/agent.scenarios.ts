/**
 * The end-to-end scenarios of issue 4, written once and run against any server that speaks the
 * ingest contract: the contract double (fast, always) and the real server (embedded mode,
 * `agent-real-server.test.ts`). After each scenario: every file is on the server exactly once,
 * checksums match, and the hot folder holds nothing unaccounted for.
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../file.mover.ts';
import { readJournal } from '../journal.store.ts';
import { startFaultProxy } from './fault-proxy.ts';
import { doneShas, fastArgs, leftInHotFolder, listFiles, removeTempDirs, runInProcess, spawnAgent, tempDir, waitFor, writeScan } from './agent.harness.ts';

/** What a scenario needs from a server under test. */
export interface ScenarioServer {
  url: string;
  stationToken: string;
  /** `GET /api/v1/ingest/{sha256}`: the file record if the server holds this content. */
  lookup(sha256: string): Promise<{ fileId: string; sha256: string } | null>;
  /** `GET /api/v1/files/{fileId}`. */
  file(fileId: string): Promise<{ fileId: string; sha256: string; filename: string; caseNumber?: string | null } | null>;
  /** Every sha256 the server holds, when it can tell (the double); null otherwise. */
  allShas(): Promise<string[] | null>;
  /** Stop the server as a crash/outage would, and start it again on the same port and data. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Check the outcome: `expected` maps each original relPath to its sha256. Every file must be
 * in done/ with its bytes, nothing left in the hot folder or rejected/, every distinct content
 * on the server exactly once with a matching checksum, and no other new content on the server.
 */
export async function verifyDelivered(server: ScenarioServer, root: string, expected: Map<string, string>, shasBefore: string[] | null, forbidden: string[] = []): Promise<void> {
  expect(leftInHotFolder(root)).toEqual([]);
  expect(listFiles(join(root, 'rejected'))).toEqual([]);
  const wantCounts = new Map<string, number>();
  for (const sha of expected.values()) wantCounts.set(sha, (wantCounts.get(sha) ?? 0) + 1);
  expect(doneShas(root)).toEqual(wantCounts);
  const fileIds = new Set<string>();
  for (const sha of wantCounts.keys()) {
    const found = await server.lookup(sha);
    expect(found, `server holds ${sha}`).not.toBeNull();
    const rec = await server.file(found?.fileId ?? '');
    expect(rec?.sha256).toBe(sha);
    fileIds.add(found?.fileId ?? '');
  }
  expect(fileIds.size).toBe(wantCounts.size); // one file record per distinct content
  for (const sha of forbidden) expect(await server.lookup(sha), `server must not hold partial ${sha}`).toBeNull();
  const after = await server.allShas();
  if (after && shasBefore) {
    const added = after.filter((s) => !shasBefore.includes(s)).sort();
    expect(added).toEqual([...wantCounts.keys()].sort());
  }
  const journal = readJournal(join(root, '.scanner-agent'));
  expect(journal.filter((e) => !['done', 'rejected'].includes(e.state)).map((e) => `${e.relPath}:${e.state}`)).toEqual([]);
}

export function runAgentScenarios(label: string, makeServer: () => Promise<ScenarioServer>, opts: { skip?: string } = {}): void {
  describe.skipIf(Boolean(opts.skip))(`scanner agent end-to-end against ${label}`, () => {
    let server: ScenarioServer;
    beforeAll(async () => {
      server = await makeServer();
    });
    afterAll(async () => {
      await server?.close();
      removeTempDirs();
    });
    const args = (root: string, url: string, extra: string[] = []): string[] => ['watch', root, '--server', url, '--token', server.stationToken, '--json', ...fastArgs(extra)];

    it('uploads many files dropped at once, in sub-folders, each exactly once', async () => {
      // GIVEN a running agent and 40 files dropped together, some under a case-number folder
      const root = tempDir('many');
      const before = await server.allShas();
      const agent = runInProcess(args(root, server.url, ['--concurrency', '3']));
      await agent.ready;
      const expected = new Map<string, string>();
      for (let i = 0; i < 40; i++) {
        const rel = i % 3 === 0 ? `（2024）苏0205执1234号/scan${i}.pdf` : i % 3 === 1 ? `batch-a/scan${i}.pdf` : `scan${i}.pdf`;
        expected.set(rel, await writeScan(join(root, rel), 10_000 + i * 7_000));
      }
      // WHEN the agent has worked through them
      await waitFor('40 files in done/', () => leftInHotFolder(root).length === 0 && listFiles(join(root, 'done')).length === 40, 40_000);
      expect(await agent.stop()).toBe(0);
      // THEN each is on the server once, checksums match, the folder is clean
      await verifyDelivered(server, root, expected, before);
      const hinted = await server.file((await server.lookup(expected.get('（2024）苏0205执1234号/scan0.pdf') ?? ''))?.fileId ?? '');
      if (hinted && 'caseNumber' in hinted) expect(hinted.caseNumber).toBe('（2024）苏0205执1234号');
    });

    it('waits for a file that is still being written and uploads only its final content', async () => {
      // GIVEN a scanner writing a file in chunks, 150 ms apart (well under the 1 s stability
      // delay, leaving margin for a loaded CI machine stretching the gaps)
      const root = tempDir('slow');
      const before = await server.allShas();
      const agent = runInProcess(args(root, server.url, ['--stability', '1s']));
      await agent.ready;
      const path = join(root, 'slow-scan.pdf');
      const hash = createHash('sha256');
      const partials: string[] = [];
      for (let i = 0; i < 12; i++) {
        const chunk = i === 0 ? Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(40_000, i)]) : Buffer.alloc(40_000, i);
        appendFileSync(path, chunk);
        hash.update(chunk);
        partials.push(hash.copy().digest('hex'));
        await new Promise((r) => setTimeout(r, 150));
      }
      const final = partials.pop() ?? '';
      // WHEN it settles
      await waitFor('slow file done', () => listFiles(join(root, 'done')).length === 1, 20_000);
      expect(await agent.stop()).toBe(0);
      // THEN only the complete content reached the server, never a partial one
      await verifyDelivered(server, root, new Map([['slow-scan.pdf', final]]), before, partials);
    });

    it('uploads the same content copied twice once, and moves both copies to done/', async () => {
      const root = tempDir('twice');
      const before = await server.allShas();
      const sha = await writeScan(join(root, 'original.pdf'), 200_000);
      mkdirSync(join(root, 'copy'), { recursive: true });
      copyFileSync(join(root, 'original.pdf'), join(root, 'copy', 'original.pdf'));
      copyFileSync(join(root, 'original.pdf'), join(root, 'again.pdf'));
      const agent = runInProcess(args(root, server.url));
      await agent.ready;
      await waitFor('three copies done', () => listFiles(join(root, 'done')).length === 3, 20_000);
      expect(await agent.stop()).toBe(0);
      const acks = agent.events().filter((e) => e.event === 'uploaded');
      expect(new Set(acks.map((e) => e.fileId)).size).toBe(1);
      await verifyDelivered(server, root, new Map([['original.pdf', sha], ['copy/original.pdf', sha], ['again.pdf', sha]]), before);
    });

    it('moves refused content to rejected/ with a Chinese reason, also when the same bytes come again', async () => {
      // GIVEN a text file among scans (the server refuses it with 415 and keeps it as a failed row)
      const root = tempDir('refused');
      const memo = `这不是扫描件 ${randomUUID()}`;
      writeFileSync(join(root, 'memo.txt'), memo);
      const good = await writeScan(join(root, 'good.pdf'), 20_000);
      const agent = runInProcess(args(root, server.url));
      await agent.ready;
      await waitFor('first refusal', () => listFiles(join(root, 'rejected')).length === 2 && listFiles(join(root, 'done')).length === 1, 20_000);
      // WHEN the same bytes are dropped again (lookup now says "held, failed")
      writeFileSync(join(root, 'memo.txt'), memo);
      await waitFor('second refusal', () => listFiles(join(root, 'rejected')).length === 4, 20_000);
      expect(await agent.stop()).toBe(0);
      // THEN both copies are in rejected/ with reasons, never in done/
      const day = localDay();
      expect(listFiles(join(root, 'rejected'))).toEqual([`${day}/memo (2).txt`, `${day}/memo (2).txt.reason.txt`, `${day}/memo.txt`, `${day}/memo.txt.reason.txt`]);
      const reason = readFileSync(join(root, 'rejected', day, 'memo (2).txt.reason.txt'), 'utf8');
      expect(reason).toContain('拒收原因：不支持的文件类型');
      expect(reason).toContain('错误代码：unsupported_type');
      expect(listFiles(join(root, 'done'))).toEqual([`${day}/good.pdf`]);
      expect(leftInHotFolder(root)).toEqual([]);
      expect(await server.lookup(good)).not.toBeNull();
    });

    it('survives the server stopping in the middle of an upload and coming back', async () => {
      // GIVEN an upload slowed to ~3 MB/s by the proxy, so it is in flight for seconds
      const root = tempDir('server-down');
      const before = await server.allShas();
      const proxy = await startFaultProxy({ port: Number(new URL(server.url).port) });
      proxy.throttle(3 * 1024 * 1024);
      const agent = runInProcess(args(root, proxy.url));
      await agent.ready;
      const sha = await writeScan(join(root, 'big.pdf'), 6 * 1024 * 1024);
      const small = await writeScan(join(root, 'small.pdf'), 50_000);
      // WHEN the server goes down after 1.5 MB of the body, and comes back a little later
      await waitFor('upload in flight', () => proxy.upstreamBytes() > 1.5 * 1024 * 1024, 20_000, 10);
      await server.stop();
      await new Promise((r) => setTimeout(r, 1000));
      expect(leftInHotFolder(root)).toContain('big.pdf'); // not moved while unacknowledged
      await server.start();
      // THEN the agent retries until both files are acknowledged
      await waitFor('both files done', () => listFiles(join(root, 'done')).length === 2, 60_000);
      expect(await agent.stop()).toBe(0);
      await proxy.close();
      expect(agent.events().some((e) => e.event === 'retry')).toBe(true);
      await verifyDelivered(server, root, new Map([['big.pdf', sha], ['small.pdf', small]]), before);
    });

    it('resumes after the agent is killed with SIGKILL in the middle of an upload', async () => {
      // GIVEN the agent as a child process, uploading a file slowed by the proxy
      const root = tempDir('kill9');
      const before = await server.allShas();
      const proxy = await startFaultProxy({ port: Number(new URL(server.url).port) });
      proxy.throttle(2 * 1024 * 1024);
      const sha = await writeScan(join(root, 'scan-kill.pdf'), 5 * 1024 * 1024);
      const first = spawnAgent(args(root, proxy.url));
      await waitFor('upload in flight', () => proxy.upstreamBytes() > 1024 * 1024, 30_000, 10);
      // WHEN it is killed without warning
      first.child.kill('SIGKILL');
      expect((await first.exit).signal).toBe('SIGKILL');
      const journal = readJournal(join(root, '.scanner-agent'));
      expect(journal.map((e) => e.state)).toEqual(['queued']);
      expect(existsSync(join(root, 'scan-kill.pdf'))).toBe(true);
      proxy.throttle(null);
      // THEN a restarted agent (taking over the stale lock) finishes the job
      const second = spawnAgent(args(root, proxy.url));
      await waitFor('file done after restart', () => listFiles(join(root, 'done')).length === 1, 30_000);
      second.child.kill('SIGTERM');
      expect((await second.exit).code).toBe(0);
      await proxy.close();
      await verifyDelivered(server, root, new Map([['scan-kill.pdf', sha]]), before);
    });

    it('delivers through resets, stalls, refused connections and a black hole', async () => {
      // GIVEN a proxy that resets after 300 KB, stalls after 700 KB more, resets again after 1.2 MB more
      const root = tempDir('faults');
      const before = await server.allShas();
      const proxy = await startFaultProxy({ port: Number(new URL(server.url).port) });
      proxy.plan({ kind: 'reset', afterBytes: 300_000 }, { kind: 'stall', afterBytes: 700_000 }, { kind: 'reset', afterBytes: 1_200_000 });
      const agent = runInProcess(args(root, proxy.url, ['--concurrency', '2']));
      await agent.ready;
      const expected = new Map<string, string>();
      for (let i = 0; i < 5; i++) expected.set(`net${i}.pdf`, await writeScan(join(root, `net${i}.pdf`), 600_000 + i * 1000));
      await waitFor('first wave done', () => listFiles(join(root, 'done')).length === 5, 40_000);
      expect(proxy.fired().length).toBe(3);
      // WHEN the link refuses connections, then swallows them without answering
      proxy.mode = 'refuse';
      proxy.resetAll();
      for (let i = 0; i < 3; i++) expected.set(`late${i}.pdf`, await writeScan(join(root, `late${i}.pdf`), 300_000));
      await new Promise((r) => setTimeout(r, 1200));
      proxy.mode = 'blackhole';
      await new Promise((r) => setTimeout(r, 2500));
      expect(listFiles(join(root, 'done')).length).toBe(5);
      proxy.mode = 'pass';
      // THEN every file still arrives exactly once
      await waitFor('all done', () => listFiles(join(root, 'done')).length === 8, 40_000);
      expect(await agent.stop()).toBe(0);
      await proxy.close();
      await verifyDelivered(server, root, expected, before);
    });
  });
}
