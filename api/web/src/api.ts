/**
 * The UI's only door to the server: JSON calls to `/api/v1` with the bearer token, and page
 * images fetched with the token and handed to <img> as blob: URLs (an <img src> cannot send an
 * Authorization header). The token lives in sessionStorage only: it dies with the tab and
 * never appears in a URL. Errors keep the server's code and Chinese message.
 */
const TOKEN_KEY = 'ced.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  images.clear();
}

/** Called when the server rejects the token (revoked, expired): the shell shows the sign-in. */
let onUnauthorized: (message: string) => void = () => undefined;
export function setUnauthorizedHandler(fn: (message: string) => void): void {
  onUnauthorized = fn;
}

async function errorOf(res: Response): Promise<ApiError> {
  let code = `http_${res.status}`;
  let message = `服务器返回错误（${res.status}）`;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.code) code = body.error.code;
    if (body.error?.message) message = body.error.message;
  } catch {
    // not JSON (a proxy's error page): keep the generic message
  }
  return new ApiError(res.status, code, message);
}

async function send(path: string, init: RequestInit & { token?: string }): Promise<Response> {
  const token = init.token ?? getToken();
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { ...init, headers, credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试');
  }
  if (res.status === 401 && !init.token) {
    const err = await errorOf(res);
    onUnauthorized(err.message);
    throw err;
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

/** GET (or another method with a JSON body) and parse the JSON reply. */
export async function api<T>(path: string, opts: { method?: string; body?: unknown; token?: string } = {}): Promise<T> {
  const init: RequestInit & { token?: string } = { method: opts.method ?? 'GET', token: opts.token };
  if (opts.body !== undefined) {
    init.body = JSON.stringify(opts.body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  const res = await send(path, init);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** `/api/v1/...` URLs as the server hands them out → the path after `/api/v1`. */
function apiPath(url: string): string {
  return url.startsWith('/api/v1') ? url.slice('/api/v1'.length) : url;
}

/** Object URLs of fetched images, newest last; old ones are revoked to bound memory. */
const images = new Map<string, Promise<string>>();
const MAX_IMAGES = 80;

/**
 * A blob: URL for an image route (cached per URL for the session, so going back to a page or
 * a thumbnail is instant; the next page is prefetched the same way).
 */
export function imageUrl(url: string): Promise<string> {
  const hit = images.get(url);
  if (hit) {
    images.delete(url);
    images.set(url, hit);
    return hit;
  }
  const p = send(apiPath(url), { method: 'GET' })
    .then((res) => res.blob())
    .then((blob) => URL.createObjectURL(blob));
  p.catch(() => images.delete(url));
  images.set(url, p);
  while (images.size > MAX_IMAGES) {
    const [oldest, op] = images.entries().next().value as [string, Promise<string>];
    images.delete(oldest);
    void op.then((u) => URL.revokeObjectURL(u), () => undefined);
  }
  return p;
}

export const enc = encodeURIComponent;
