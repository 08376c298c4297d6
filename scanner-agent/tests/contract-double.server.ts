/**
 * CONTRACT DOUBLE — not the real server. A small HTTP server implementing only the ingest
 * contract the agent codes against (`/work/shared/api-contract.md`, Ingest; plus `whoami`,
 * `GET /api/v1/ingest/{sha256}` and `GET /api/v1/files/{fileId}`), for fast agent tests and for
 * faults the real server cannot be asked to produce (forced 5xx/422, tiny size limit).
 *
 * It behaves like the real one where it matters to the agent: streams the body to disk while
 * hashing, verifies `X-Content-SHA256` (422), sniffs the type from the bytes (415), enforces a
 * size limit (413), is idempotent by sha256 (200 + same fileId) and only answers after the
 * file is stored. Imports node built-ins only.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';

export interface StoredFile {
  fileId: string;
  sha256: string;
  filename: string;
  size: number;
  caseNumber: string | null;
  batchId: string | null;
  station: string | null;
  receivedAt: string;
  /** `failed` for content refused at intake (kept, as the real server does). */
  status: 'received' | 'failed';
}

export interface DoubleFaults {
  /** Answer the next N ingest POSTs with this status (after reading the body). */
  failNext: number;
  failStatus: number;
  failCode: string;
  /** Cut the connection of the next ingest POST after this many body bytes (once). */
  cutAfterBytes: number | null;
}

export interface ContractDouble {
  url: string;
  port: number;
  /** Stored files in arrival order (one per distinct sha256). */
  files(): StoredFile[];
  /** Ingest POSTs seen per sha256 header value (completed or not). */
  posts: Map<string, number>;
  /** Completed POST bodies (for "every byte counted" checks). */
  completedPosts: () => number;
  faults: DoubleFaults;
  addToken(token: string, role: string, name?: string): void;
  /** Stop listening and cut every open connection (a crashed server). */
  stop(): Promise<void>;
  /** Listen again on the same port with the same stored files. */
  start(): Promise<void>;
}

const SNIFF: [string, (b: Buffer) => boolean][] = [
  ['application/pdf', (b) => b.subarray(0, 5).toString('latin1') === '%PDF-'],
  ['image/png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/tiff', (b) => ['49492a00', '4d4d002a'].includes(b.subarray(0, 4).toString('hex'))],
];

export async function startContractDouble(opts: { dir: string; maxBytes?: number; port?: number }): Promise<ContractDouble> {
  const objects = join(opts.dir, 'objects');
  mkdirSync(objects, { recursive: true });
  const maxBytes = opts.maxBytes ?? 1024 * 1024 * 1024;
  const tokens = new Map<string, { role: string; name: string }>();
  const bySha = new Map<string, StoredFile>();
  const byId = new Map<string, StoredFile>();
  const posts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const faults: DoubleFaults = { failNext: 0, failStatus: 503, failCode: 'unavailable', cutAfterBytes: null };
  let completed = 0;
  let seq = 0;
  let fileSeq = 0;

  const json = (res: http.ServerResponse, status: number, body: unknown): void => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', connection: status >= 400 ? 'close' : 'keep-alive' });
    res.end(JSON.stringify(body));
  };
  const err = (res: http.ServerResponse, status: number, code: string, message: string): void => json(res, status, { error: { code, message } });

  function auth(req: http.IncomingMessage): { role: string; name: string } | null {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    return m ? (tokens.get(m[1] ?? '') ?? null) : null;
  }

  function ingest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const declared = String(req.headers['x-content-sha256'] ?? '').toLowerCase();
    posts.set(declared, (posts.get(declared) ?? 0) + 1);
    const tmp = join(objects, `.tmp-${++seq}`);
    const out = createWriteStream(tmp);
    out.on('error', () => undefined); // a write in flight when the upload is abandoned
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let failed = false;
    const cut = faults.cutAfterBytes;
    if (cut !== null) faults.cutAfterBytes = null;
    const abandon = (): void => {
      failed = true;
      out.destroy();
      void rm(tmp, { force: true });
    };
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (head.length < 16) head = Buffer.concat([head, c.subarray(0, 16)]);
      if (cut !== null && size >= cut) {
        abandon();
        req.socket.destroy();
        return;
      }
      if (size > maxBytes) {
        abandon();
        err(res, 413, 'file_too_large', '文件超过大小上限');
        req.socket.end();
        return;
      }
      hash.update(c);
      if (!out.write(c)) {
        req.pause();
        out.once('drain', () => req.resume());
      }
    });
    req.on('aborted', abandon);
    req.on('error', abandon);
    req.on('end', () => {
      if (failed) return;
      out.end(async () => {
        completed++;
        const sha = hash.digest('hex');
        const fail = async (status: number, code: string, message: string): Promise<void> => {
          await rm(tmp, { force: true });
          err(res, status, code, message);
        };
        if (faults.failNext > 0) {
          faults.failNext--;
          return fail(faults.failStatus, faults.failCode, 'injected fault');
        }
        if (declared && declared !== sha) return fail(422, 'checksum_mismatch', '文件校验值不一致，传输可能出错，请重新发送');
        // Like the real server, refused content is kept as a `failed` row (lookup → 200 failed).
        const refusal =
          size === 0
            ? ({ status: 422, code: 'empty_file', message: '文件为空（0 字节）' } as const)
            : !SNIFF.some(([, test]) => test(head))
              ? ({ status: 415, code: 'unsupported_type', message: '不支持的文件类型（仅支持 PDF、TIFF、JPEG、PNG）' } as const)
              : null;
        const existing = bySha.get(sha);
        if (existing) {
          await rm(tmp, { force: true });
          if (refusal) return err(res, refusal.status, refusal.code, refusal.message);
          return json(res, 200, { fileId: existing.fileId, sha256: sha, status: existing.status });
        }
        const fileId = `f${++fileSeq}`;
        await rename(tmp, join(objects, sha));
        const raced = bySha.get(sha); // the same content finished concurrently: one record only
        if (raced) return json(res, 200, { fileId: raced.fileId, sha256: sha, status: raced.status });
        const dec = (h: string | string[] | undefined): string | null => (typeof h === 'string' ? decodeURIComponent(h) : null);
        const file: StoredFile = {
          fileId,
          sha256: sha,
          filename: dec(req.headers['x-filename']) ?? 'unnamed',
          size,
          caseNumber: dec(req.headers['x-case-number']),
          batchId: dec(req.headers['x-batch-id']),
          station: dec(req.headers['x-station']),
          receivedAt: new Date().toISOString(),
          status: refusal ? 'failed' : 'received',
        };
        bySha.set(sha, file);
        byId.set(file.fileId, file);
        if (refusal) return err(res, refusal.status, refusal.code, refusal.message);
        json(res, 201, { fileId: file.fileId, sha256: sha, status: 'received' });
      });
    });
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const who = auth(req);
    if (!who) {
      req.resume();
      return err(res, 401, 'unauthorized', '令牌无效');
    }
    if (req.method === 'GET' && url.pathname === '/api/v1/whoami') return json(res, 200, who);
    if (req.method === 'POST' && url.pathname === '/api/v1/ingest') {
      if (!['station', 'clerk', 'admin'].includes(who.role)) {
        req.resume();
        return err(res, 403, 'forbidden', '无权限');
      }
      return ingest(req, res);
    }
    const bySh = /^\/api\/v1\/ingest\/([0-9a-f]{64})$/.exec(url.pathname);
    if (req.method === 'GET' && bySh) {
      const f = bySha.get(bySh[1] ?? '');
      return f ? json(res, 200, { fileId: f.fileId, sha256: f.sha256, status: f.status }) : err(res, 404, 'not_found', '无此文件');
    }
    const byFile = /^\/api\/v1\/files\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && byFile) {
      const f = byId.get(decodeURIComponent(byFile[1] ?? ''));
      return f ? json(res, 200, { ...f, documents: [], error: null, updatedAt: f.receivedAt }) : err(res, 404, 'not_found', '无此文件');
    }
    req.resume();
    err(res, 404, 'not_found', 'no such route');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  let port = opts.port ?? 0;
  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    files: () => [...bySha.values()],
    posts,
    completedPosts: () => completed,
    faults,
    addToken(token, role, name = role) {
      tokens.set(token, { role, name });
    },
    stop() {
      return new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
    start: listen,
  };
}
