// Container health check (Dockerfile HEALTHCHECK, docker-compose healthcheck). Plain Node, no
// tsx and no dependencies, so a check every 15 s costs a few milliseconds of CPU.
//
//   node scripts/healthcheck.mjs http <url>            # 2xx within 8 s (api: /api/v1/ready)
//   node scripts/healthcheck.mjs tcp <url> [<url>…]    # each host:port accepts a connection
//
// Workers have no HTTP server; `tcp $REDIS_URL $DATABASE_URL` tells Docker whether a worker
// can still reach what it needs (a worker cut off from Redis holds no jobs: BullMQ hands its
// active ones to another worker when their locks expire).
import net from 'node:net';

const TIMEOUT_MS = 8000;
const DEFAULT_PORTS = { 'redis:': 6379, 'rediss:': 6380, 'postgres:': 5432, 'postgresql:': 5432, 'http:': 80, 'https:': 443 };

function fail(msg) {
  process.stderr.write(`unhealthy: ${msg}\n`);
  process.exit(1);
}

async function checkHttp(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) }).catch((err) => fail(`${url}: ${err.message}`));
  if (!res.ok) fail(`${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
}

function checkTcp(raw) {
  let u;
  try {
    u = new URL(raw);
  } catch {
    fail(`not a URL: ${raw}`);
  }
  const port = Number(u.port) || DEFAULT_PORTS[u.protocol];
  if (!port) fail(`no port for ${u.protocol}`);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: TIMEOUT_MS });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => fail(`${host}:${port}: no answer within ${TIMEOUT_MS} ms`));
    socket.once('error', (err) => fail(`${host}:${port}: ${err.message}`));
  });
}

const [mode, ...targets] = process.argv.slice(2);
if (targets.length === 0 || !['http', 'tcp'].includes(mode)) fail('usage: healthcheck.mjs http <url> | tcp <url> [<url>…]');
if (mode === 'http') await checkHttp(targets[0]);
else await Promise.all(targets.map(checkTcp));
