/**
 * A TCP proxy the tests control, placed between the agent and the server to inject network
 * faults: connection resets (RST) and stalls after a given number of upstream bytes, refused
 * connections, a black hole, and a bandwidth limit (to keep an upload in flight long enough to
 * kill something in the middle of it). Imports node built-ins only.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'refuse' | 'blackhole';

export interface FaultPlan {
  kind: 'reset' | 'stall';
  /** Trigger once this many more client→server bytes (over all connections) have passed. */
  afterBytes: number;
}

export interface FaultProxy {
  url: string;
  port: number;
  mode: ProxyMode;
  /** Queue faults; each fires once, in order. */
  plan(...faults: FaultPlan[]): void;
  /** Limit client→server bandwidth per connection (bytes/s); null = unlimited. */
  throttle(bytesPerSec: number | null): void;
  /** Client→server bytes forwarded so far. */
  upstreamBytes(): number;
  /** Faults fired so far. */
  fired(): FaultPlan[];
  /** RST every open connection now. */
  resetAll(): void;
  close(): Promise<void>;
}

interface Conn {
  client: net.Socket;
  upstream: net.Socket;
  stalled: boolean;
}

export async function startFaultProxy(target: { host?: string; port: number }): Promise<FaultProxy> {
  const host = target.host ?? '127.0.0.1';
  const conns = new Set<Conn>();
  const queue: FaultPlan[] = [];
  const firedList: FaultPlan[] = [];
  let armedAt = 0;
  let total = 0;
  let rate: number | null = null;
  let mode: ProxyMode = 'pass';

  function kill(c: Conn): void {
    c.client.resetAndDestroy();
    c.upstream.destroy();
    conns.delete(c);
  }

  const all = new Set<net.Socket>();
  const server = net.createServer((client) => {
    all.add(client);
    client.on('close', () => all.delete(client));
    client.on('error', () => undefined);
    if (mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'blackhole') {
      client.resume(); // swallow bytes, never answer
      return;
    }
    const upstream = net.connect({ host, port: target.port });
    upstream.on('error', () => client.destroy());
    const c: Conn = { client, upstream, stalled: false };
    conns.add(c);
    let waitDrain = false;
    let waitRate = false;
    const maybeResume = (): void => {
      if (!waitDrain && !waitRate && !client.destroyed) client.resume();
    };
    client.on('data', (chunk: Buffer) => {
      if (c.stalled) return; // a dead link: bytes vanish
      total += chunk.length;
      const next = queue[0];
      if (next && total - armedAt >= next.afterBytes) {
        queue.shift();
        firedList.push(next);
        armedAt = total;
        if (next.kind === 'reset') return kill(c);
        c.stalled = true;
        return;
      }
      if (!upstream.write(chunk)) {
        waitDrain = true;
        client.pause();
        upstream.once('drain', () => {
          waitDrain = false;
          maybeResume();
        });
      }
      if (rate) {
        waitRate = true;
        client.pause();
        setTimeout(() => {
          waitRate = false;
          maybeResume();
        }, (chunk.length / rate) * 1000);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!c.stalled) client.write(chunk);
    });
    client.on('close', () => {
      upstream.destroy();
      conns.delete(c);
    });
    upstream.on('close', () => {
      if (!c.stalled) client.destroy();
      conns.delete(c);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get mode() {
      return mode;
    },
    set mode(m: ProxyMode) {
      mode = m;
    },
    plan(...faults) {
      if (queue.length === 0) armedAt = total;
      queue.push(...faults);
    },
    throttle(bytesPerSec) {
      rate = bytesPerSec;
    },
    upstreamBytes: () => total,
    fired: () => [...firedList],
    resetAll() {
      for (const c of [...conns]) kill(c);
    },
    close() {
      for (const c of [...conns]) kill(c);
      for (const s of all) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
