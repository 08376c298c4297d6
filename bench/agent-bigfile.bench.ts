/**
 * Big-file bench of the scanner agent: a 300 MB scan (size via `--mb`) uploaded by the agent
 * running as its own process, printing the agent's peak RSS (budget: ~150 MB) and throughput.
 *
 *   npx tsx bench/agent-bigfile.bench.ts [--mb 300] [--server real|double]
 *
 * Runs `send` and `watch` through `node --import tsx scanner-agent/cli.ts` (how the tests run
 * it) and `send` through the esbuild bundle (how it ships). Against the real server (embedded
 * mode, spawned) when /work/main/main.ts exists, else the contract double. Exit 1 if any peak
 * RSS is over budget or an upload did not arrive intact.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { listFiles, parseEvents, removeTempDirs, REPO_ROOT, spawnAgent, tempDir, waitFor, writeScan } from '../scanner-agent/tests/agent.harness.ts';
import { startContractDouble } from '../scanner-agent/tests/contract-double.server.ts';
import { realServerUnavailable, startRealServer } from '../scanner-agent/tests/real-server.harness.ts';

const BUDGET_MB = 150;
const { values } = parseArgs({ options: { mb: { type: 'string', default: '300' }, server: { type: 'string' } } });
const sizeMb = Number(values.mb);
const useReal = values.server ? values.server === 'real' : realServerUnavailable() === null;

interface Server {
  url: string;
  token: string;
  lookup(sha: string): Promise<boolean>;
  close(): Promise<void>;
}

async function startServer(): Promise<Server> {
  if (useReal) {
    const s = await startRealServer();
    return { url: s.url, token: s.stationToken, lookup: async (sha) => (await s.lookup(sha)) !== null, close: () => s.close() };
  }
  const d = await startContractDouble({ dir: tempDir('bench-double') });
  d.addToken('bench', 'station');
  return { url: d.url, token: 'bench', lookup: async (sha) => d.files().some((f) => f.sha256 === sha), close: () => d.stop() };
}

interface Row {
  run: string;
  ok: boolean;
  seconds: number;
  peakMb: number;
}

async function main(): Promise<void> {
  const server = await startServer();
  const rows: Row[] = [];
  const work = tempDir('bench');
  console.log(`agent big-file bench: ${sizeMb} MB per file, server = ${useReal ? 'real (embedded mode)' : 'contract double'}`);
  try {
    // 1. send via tsx
    {
      const file = join(work, 'send-tsx.pdf');
      const sha = await writeScan(file, sizeMb * 1024 * 1024);
      const t0 = Date.now();
      const run = spawnAgent(['send', file, '--server', server.url, '--token', server.token, '--json']);
      const { code } = await run.exit;
      const summary = parseEvents(run.output()).find((e) => e.event === 'summary');
      rows.push({ run: 'send (tsx)', ok: code === 0 && (await server.lookup(sha)), seconds: (Date.now() - t0) / 1000, peakMb: Number(summary?.peakRssBytes) / 2 ** 20 });
      rmSync(file, { force: true });
    }
    // 2. watch via tsx: the hot-folder path, from drop to done/
    {
      const root = tempDir('bench-hot');
      const sha = await writeScan(join(root, '.incoming'), sizeMb * 1024 * 1024);
      const t0 = Date.now();
      const run = spawnAgent(['watch', root, '--server', server.url, '--token', server.token, '--json', '--stability', '500ms']);
      await waitFor('agent started', () => run.output().includes('"event":"started"'), 30_000);
      execFileSync('mv', [join(root, '.incoming'), join(root, 'big-scan.pdf')]); // appear at once, like a scanner's rename
      await waitFor('file in done/', () => listFiles(join(root, 'done')).length === 1, 600_000, 200);
      const seconds = (Date.now() - t0) / 1000;
      run.child.kill('SIGTERM');
      const { code } = await run.exit;
      const stopped = parseEvents(run.output()).find((e) => e.event === 'stopped');
      rows.push({ run: 'watch (tsx)', ok: code === 0 && (await server.lookup(sha)), seconds, peakMb: Number(stopped?.peakRssBytes) / 2 ** 20 });
    }
    // 3. send via the esbuild bundle (what `npm run build:agent` ships)
    {
      const bundle = join(work, 'scanner-agent.mjs');
      execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'esbuild'), [join(REPO_ROOT, 'scanner-agent', 'cli.ts'), '--bundle', '--platform=node', '--target=node20', '--format=esm', `--outfile=${bundle}`, '--log-level=warning']);
      const file = join(work, 'send-bundle.pdf');
      const sha = await writeScan(file, sizeMb * 1024 * 1024);
      const t0 = Date.now();
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, [bundle, 'send', file, '--server', server.url, '--token', server.token, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      const summary = parseEvents(out).find((e) => e.event === 'summary');
      rows.push({ run: 'send (bundle)', ok: code === 0 && (await server.lookup(sha)), seconds: (Date.now() - t0) / 1000, peakMb: Number(summary?.peakRssBytes) / 2 ** 20 });
      rmSync(file, { force: true });
    }
  } finally {
    await server.close();
    removeTempDirs(); // the work folder, the server's data folder, the hot folder
  }
  console.log('run             ok    seconds   MB/s   peak RSS (MB)');
  for (const r of rows) {
    console.log(`${r.run.padEnd(15)} ${String(r.ok).padEnd(5)} ${r.seconds.toFixed(1).padStart(7)} ${(sizeMb / r.seconds).toFixed(0).padStart(6)}   ${r.peakMb.toFixed(1)}`);
  }
  const bad = rows.filter((r) => !r.ok || !(r.peakMb < BUDGET_MB));
  if (bad.length) {
    console.log(`FAIL: ${bad.map((r) => r.run).join(', ')} (budget ${BUDGET_MB} MB)`);
    process.exitCode = 1;
  } else console.log(`OK: every peak RSS under ${BUDGET_MB} MB`);
}

await main();
