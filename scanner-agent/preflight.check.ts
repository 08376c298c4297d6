/**
 * Start-up check shared by `watch` and `send`: is the server reachable and does it accept our
 * token for uploading? Refuse to start with a clear message otherwise, or (with `--wait`)
 * keep trying until the server answers.
 *
 * Owns only this decision; imports agent modules. A wrong token is never waited out: it will
 * not fix itself, and an agent silently retrying with it would look like it works.
 */
import { backoffDelay, sleep, type BackoffPolicy } from './backoff.retry.ts';
import { INGEST_ROLES, type WhoamiReply } from './contract.ts';
import { EXIT, type ExitCode } from './exit.codes.ts';
import type { IngestClient } from './ingest.client.ts';
import { describeError, t, type Lang } from './messages.i18n.ts';
import type { Logger } from './rotating.log.ts';

export type PreflightResult =
  | { ok: true; who: WhoamiReply }
  | { ok: false; exitCode: ExitCode; code: string; message: string };

export interface PreflightOptions {
  server: string;
  wait: boolean;
  lang: Lang;
  backoff: BackoffPolicy;
  log: Logger;
  /** Called before each wait with the human message (printed by the caller). */
  onWaiting?: (message: string, event: Record<string, unknown>) => void;
  signal?: AbortSignal;
}

export async function preflight(client: IngestClient, o: PreflightOptions): Promise<PreflightResult> {
  for (let attempt = 1; ; attempt++) {
    const r = await client.whoami(o.signal);
    if (r.kind === 'ok') {
      if (!INGEST_ROLES.includes(r.body.role)) {
        o.log.error('token_role_cannot_ingest', { role: r.body.role });
        return { ok: false, exitCode: EXIT.badToken, code: 'role_cannot_ingest', message: t(o.lang, 'badRole', { role: r.body.role }) };
      }
      o.log.info('server_ok', { server: o.server, name: r.body.name, role: r.body.role });
      return { ok: true, who: r.body };
    }
    if (r.kind === 'aborted') return { ok: false, exitCode: EXIT.unreachable, code: 'aborted', message: 'aborted' };
    if (r.kind === 'http_error' && (r.status === 401 || r.status === 403)) {
      o.log.error('token_refused', { server: o.server, status: r.status, code: r.code });
      return { ok: false, exitCode: EXIT.badToken, code: 'token_refused', message: t(o.lang, 'badToken', { server: o.server, status: r.status }) };
    }
    // Anything else (refused, timeout, 5xx while the server boots, a proxy's 502) is "not reachable yet".
    const error = r.kind === 'http_error' ? describeError(o.lang, `http_${r.status}`) : describeError(o.lang, r.code, r.kind === 'network_error' ? r.message : undefined);
    o.log.warn('server_unreachable', { server: o.server, attempt, outcome: r });
    if (!o.wait) {
      return { ok: false, exitCode: EXIT.unreachable, code: 'server_unreachable', message: t(o.lang, 'unreachable', { server: o.server, error }) };
    }
    const delay = backoffDelay(attempt, o.backoff);
    o.onWaiting?.(t(o.lang, 'waiting', { server: o.server, error, seconds: Math.ceil(delay / 1000) }), {
      event: 'waiting_for_server',
      server: o.server,
      error,
      delayMs: delay,
    });
    await sleep(delay, o.signal);
    if (o.signal?.aborted) return { ok: false, exitCode: EXIT.unreachable, code: 'aborted', message: 'aborted' };
  }
}
