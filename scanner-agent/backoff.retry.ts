/**
 * Retry timing: exponential backoff with jitter, an abortable sleep, duration parsing.
 *
 * Owns only arithmetic and timers; imports nothing. Jitter (a random
 * delay between half and all of the exponential cap) spreads the retries of many stations that lost the
 * server at the same moment, so they do not all hit it again at once when it comes back.
 */

/** Backoff parameters, in milliseconds. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before retry number `attempt` (1 = first retry): uniformly random in
 * `[cap/2, cap]` where `cap = min(maxMs, baseMs * 2^(attempt-1))`. Half the cap is kept as a
 * floor so a retry never fires immediately after a failure ("equal jitter").
 * `random` is injectable for tests.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exp = Math.min(30, Math.max(0, attempt - 1));
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** exp);
  return Math.round(cap / 2 + random() * (cap / 2));
}

/** Sleep `ms`, resolving early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Parse a duration: `500`, `500ms`, `5s`, `2m`, `1h` → milliseconds; NaN when malformed. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'ms').toLowerCase();
  const factor = unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1;
  return Math.round(n * factor);
}
