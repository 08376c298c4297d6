/**
 * The web UI, served by the API process from the Vite build in `dist/web` (`npm run
 * build:web`): hashed files under `/assets/` are immutable and cached for a year; every other
 * GET that is not an API path gets `index.html` (the single-page app routes on the client),
 * never cached, so a new build is picked up on the next load. The page itself holds no court
 * data and needs no token; everything it shows comes from `/api/v1` with the user's token.
 * When the build is missing the UI path answers 503 with a Chinese explanation instead of
 * failing. Mount it after the API routes.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Response } from 'express';

/** Where `npm run build:web` writes (api/web/vite.config.ts). */
export const WEB_DIST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

const YEAR_S = 365 * 24 * 3600;

/** The bundle loads only its own files; images arrive as blob: URLs made from authorised fetches. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  // Page images may be redirected to presigned object-store URLs (S3_PRESIGN).
  "connect-src 'self' http: https:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>界面尚未构建 · 电子卷宗系统</title></head>
<body style="font-family:sans-serif;max-width:40rem;margin:4rem auto;line-height:1.7;color:#1a1a1a">
<h1>网页界面尚未构建</h1>
<p>服务器正在运行，接口（<code>/api/v1</code>）可以正常使用，但网页界面的文件还没有生成。</p>
<p>请在项目目录运行 <code>npm run build:web</code>，完成后刷新本页。</p>
</body></html>`;

function securityHeaders(res: Response): void {
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Referrer-Policy', 'no-referrer');
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** Static UI with SPA fallback. `root` defaults to {@link WEB_DIST_DIR} (tests point it elsewhere). */
export function webRoutes(opts: { root?: string } = {}): Router {
  const root = opts.root ?? WEB_DIST_DIR;
  const index = path.join(root, 'index.html');
  const r = Router();

  // Content-hashed build output: a changed file gets a new name, so it may be cached forever.
  r.use(
    '/assets',
    express.static(path.join(root, 'assets'), {
      index: false,
      redirect: false,
      immutable: true,
      maxAge: YEAR_S * 1000,
      setHeaders: (res) => securityHeaders(res),
    }),
    (_req, res) => {
      // A missing asset is a 404, never the app page (the browser would try to run HTML as JS).
      res.status(404).type('text/plain; charset=utf-8').send('未找到该文件');
    },
  );

  // Unhashed files at the root (favicon …): short cache; index.html is handled below.
  r.use(
    express.static(root, {
      index: false,
      redirect: false,
      maxAge: 3600 * 1000,
      setHeaders: (res, file) => {
        securityHeaders(res);
        if (file.endsWith('.html')) res.set('Cache-Control', 'no-cache');
      },
    }),
  );

  r.use(async (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path === '/api' || req.path.startsWith('/api/')) {
      next();
      return;
    }
    securityHeaders(res);
    res.set('Cache-Control', 'no-cache');
    if (!(await isFile(index))) {
      res.status(503).type('text/html; charset=utf-8').send(NOT_BUILT_HTML);
      return;
    }
    res.set('Content-Security-Policy', CSP);
    res.sendFile(index, (err) => {
      if (err && !res.headersSent) res.status(503).type('text/html; charset=utf-8').send(NOT_BUILT_HTML);
    });
  });

  return r;
}
