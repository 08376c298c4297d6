/**
 * Minimal HTTP load tools for the scale bench: keep-alive GETs over node:http (lighter than
 * fetch, so the client steals less of the 2 cores from the API it measures), sequential latency
 * samples, a fixed-duration closed-loop throughput run, and percentile helpers. Bench only.
 */
import { seededRandom } from '../tests/fixtures/scan-degrade.ts';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface HttpResult {
  status: number;
  ms: number;
  bytes: number;
}

export function createClient(baseUrl: string, token: string, maxSockets = 64) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const get = (pathname: string): Promise<HttpResult> =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.get(`${baseUrl}/api/v1${pathname}`, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        let bytes = 0;
        res.on('data', (d: Buffer) => (bytes += d.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, bytes }));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  return { get, close: () => agent.destroy() };
}

export type Client = ReturnType<typeof createClient>;

/** One request at a time over `paths`; returns each latency. Throws on a non-200. */
export async function sequentialLatencies(client: Client, paths: string[]): Promise<number[]> {
  const out: number[] = [];
  for (const p of paths) {
    const r = await client.get(p);
    if (r.status !== 200) throw new Error(`GET ${p} → ${r.status}`);
    out.push(r.ms);
  }
  return out;
}

/** `concurrency` clients loop for `durationMs`, each request's path from `next()`. */
export async function throughput(
  client: Client,
  concurrency: number,
  durationMs: number,
  next: () => string,
): Promise<{ requests: number; rps: number; errors: number; latencies: number[]; meanBytes: number }> {
  const until = performance.now() + durationMs;
  const t0 = performance.now();
  let requests = 0;
  let errors = 0;
  let bytes = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const r = await client.get(next()).catch(() => ({ status: 0, ms: 0, bytes: 0 }));
        requests++;
        bytes += r.bytes;
        if (r.status !== 200) errors++;
        else latencies.push(r.ms);
      }
    }),
  );
  const elapsed = performance.now() - t0;
  return { requests, rps: (requests / elapsed) * 1000, errors, latencies, meanBytes: requests ? bytes / requests : 0 };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Deterministic PRNG (mulberry32, shared with the fixtures) so runs sample the same cases. */
export const prng = seededRandom;

/** Render rows as an aligned text table (first row is the header). */
export function table(rows: Array<Array<string | number>>): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) => '| ' + r.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join(' | ') + ' |';
  const sep = '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|';
  return [line(cells[0]!), sep, ...cells.slice(1).map(line)].join('\n');
}
