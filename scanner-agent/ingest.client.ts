/**
 * HTTP client for the ingest contract: `whoami`, existence check by sha256, streamed upload.
 *
 * Owns the wire: headers, timeouts, body streaming and turning replies into outcomes. It never
 * decides what to do with an outcome (retry, reject): that is the delivery step's job. Imports
 * only node built-ins and the agent's contract file. Uploads stream the file from disk with
 * backpressure (`pipe`), so memory stays flat for any file size; `Expect: 100-continue` lets the
 * server refuse (401, 413) before a large body is sent.
 */
import { createReadStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { IngestReply, WhoamiReply } from './contract.ts';
import { HEADERS, ROUTES, contentTypeFor, isErrorReply, isIngestReply } from './contract.ts';

/** What one HTTP exchange came to. */
export type CallOutcome<T> =
  | { kind: 'ok'; status: number; body: T }
  | { kind: 'http_error'; status: number; code: string; message: string; retryAfterMs?: number }
  | { kind: 'network_error'; code: string; message: string }
  | { kind: 'local_error'; code: string; message: string }
  | { kind: 'aborted' };

export interface IngestClientOptions {
  /** Base URL, e.g. `http://10.0.0.5:8080`. */
  server: string;
  token: string;
  station?: string;
  /** Max time to open a TCP connection (default 10 s). */
  connectTimeoutMs?: number;
  /** Max time without any byte moving either way (default 60 s); catches stalled links. */
  idleTimeoutMs?: number;
  /** Parallel connections kept alive (default 4). */
  maxSockets?: number;
  userAgent?: string;
}

export interface UploadRequest {
  path: string;
  size: number;
  sha256: string;
  /** Name sent in `X-Filename` (percent-encoded here). */
  filename: string;
  caseNumber?: string | null;
  batchId?: string | null;
  onProgress?: (sentBytes: number) => void;
  signal?: AbortSignal;
}

export interface IngestClient {
  whoami(signal?: AbortSignal): Promise<CallOutcome<WhoamiReply>>;
  /** `ok` when the server holds this content; `http_error` 404 when it does not. */
  lookup(sha256: string, signal?: AbortSignal): Promise<CallOutcome<IngestReply>>;
  upload(req: UploadRequest): Promise<CallOutcome<IngestReply>>;
  close(): void;
}

const MAX_REPLY_BYTES = 256 * 1024;

export function createIngestClient(opts: IngestClientOptions): IngestClient {
  const base = new URL(opts.server.endsWith('/') ? opts.server : `${opts.server}/`);
  const isHttps = base.protocol === 'https:';
  const mod = isHttps ? https : http;
  const agent = new mod.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 4 });
  const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 60_000;
  const commonHeaders: Record<string, string> = {
    authorization: `Bearer ${opts.token}`,
    'user-agent': opts.userAgent ?? 'court-scanner-agent/0.1',
    accept: 'application/json',
  };
  if (opts.station) commonHeaders[HEADERS.station] = encodeURIComponent(opts.station);

  function url(path: string): URL {
    return new URL(path.replace(/^\//, ''), base);
  }

  /**
   * One request. `body` (if any) is started by `sendBody(req)`; the reply is read whole (it is
   * small JSON). Settles exactly once; a reply that arrives before the body is done (an early
   * 401/413) still counts as the outcome.
   */
  function exchange<T>(
    method: string,
    path: string,
    headers: Record<string, string | number>,
    parse: (status: number, json: unknown) => CallOutcome<T>,
    signal: AbortSignal | undefined,
    sendBody?: (req: http.ClientRequest, fail: (o: CallOutcome<T>) => void) => void,
  ): Promise<CallOutcome<T>> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve({ kind: 'aborted' });
      let settled = false;
      let connectTimer: NodeJS.Timeout | undefined;
      const req = mod.request(url(path), { method, headers: { ...commonHeaders, ...headers }, agent, timeout: idleTimeoutMs });
      const onAbort = (): void => {
        finish({ kind: 'aborted' });
        req.destroy();
      };
      function finish(o: CallOutcome<T>): void {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        signal?.removeEventListener('abort', onAbort);
        resolve(o);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('socket', (sock) => {
        if (!sock.connecting) return;
        connectTimer = setTimeout(() => req.destroy(codeError('ECONNTIMEOUT', `connect timeout after ${connectTimeoutMs} ms`)), connectTimeoutMs);
        sock.once('connect', () => clearTimeout(connectTimer));
      });
      req.on('timeout', () => req.destroy(codeError('ETIMEDOUT', `no data for ${idleTimeoutMs} ms`)));
      req.on('error', (err) => finish(networkError(err)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let len = 0;
        res.on('data', (c: Buffer) => {
          len += c.length;
          if (len <= MAX_REPLY_BYTES) chunks.push(c);
        });
        res.on('error', (err) => finish(networkError(err)));
        res.on('aborted', () => finish(networkError(codeError('ECONNRESET', 'reply cut off'))));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            json = null;
          }
          const status = res.statusCode ?? 0;
          const retryAfter = Number(res.headers['retry-after']);
          const o = parse(status, json);
          if (o.kind === 'http_error' && Number.isFinite(retryAfter)) o.retryAfterMs = retryAfter * 1000;
          finish(o);
          // An early reply leaves the body half-sent: the connection cannot be reused.
          if (!req.writableFinished) req.destroy();
        });
      });
      if (sendBody) sendBody(req, finish);
      else req.end();
    });
  }

  return {
    whoami(signal) {
      return exchange<WhoamiReply>('GET', ROUTES.whoami, {}, (status, json) => {
        if (status === 200 && typeof json === 'object' && json !== null && 'role' in json) {
          return { kind: 'ok', status, body: json as WhoamiReply };
        }
        return httpError(status, json);
      }, signal);
    },

    lookup(sha256, signal) {
      return exchange<IngestReply>('GET', ROUTES.ingestBySha(sha256), {}, parseIngest, signal);
    },

    upload(u) {
      const headers: Record<string, string | number> = {
        'content-type': contentTypeFor(u.filename),
        'content-length': u.size,
        expect: '100-continue',
        [HEADERS.filename]: encodeURIComponent(u.filename),
        [HEADERS.sha256]: u.sha256,
      };
      if (u.caseNumber) headers[HEADERS.caseNumber] = encodeURIComponent(u.caseNumber);
      if (u.batchId) headers[HEADERS.batchId] = u.batchId;
      return exchange<IngestReply>('POST', ROUTES.ingest, headers, parseIngest, u.signal, (req, fail) => {
        let started = false;
        // Servers that ignore `Expect` never send 100 Continue: start anyway after a second.
        const fallback = setTimeout(start, 1000);
        req.on('continue', start);
        req.on('response', () => clearTimeout(fallback));
        req.on('close', () => clearTimeout(fallback));
        req.flushHeaders();
        function start(): void {
          clearTimeout(fallback);
          if (started || req.destroyed) return;
          started = true;
          let sent = 0;
          const src = createReadStream(u.path, { highWaterMark: 256 * 1024 });
          src.on('data', (c) => {
            sent += c.length;
            u.onProgress?.(sent);
          });
          src.on('error', (err) => {
            fail({ kind: 'local_error', code: (err as NodeJS.ErrnoException).code ?? 'EIO', message: err.message });
            req.destroy();
          });
          req.on('close', () => src.destroy());
          src.pipe(req);
        }
      });
    },

    close() {
      agent.destroy();
    },
  };
}

function parseIngest(status: number, json: unknown): CallOutcome<IngestReply> {
  if ((status === 200 || status === 201) && isIngestReply(json)) {
    return { kind: 'ok', status, body: { ...json, fileId: String(json.fileId), sha256: json.sha256.toLowerCase() } };
  }
  return httpError(status, json);
}

function httpError<T>(status: number, json: unknown): CallOutcome<T> {
  if (isErrorReply(json)) return { kind: 'http_error', status, code: json.error.code, message: json.error.message };
  return { kind: 'http_error', status, code: `http_${status}`, message: `HTTP ${status}` };
}

function networkError<T>(err: unknown): CallOutcome<T> {
  const e = err as NodeJS.ErrnoException;
  return { kind: 'network_error', code: e.code ?? 'ENETWORK', message: e.message ?? String(err) };
}

function codeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
