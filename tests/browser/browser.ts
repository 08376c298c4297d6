/**
 * Browser-test plumbing: Debian's Chromium driven by playwright-core (no downloaded browser),
 * a fresh user-data dir per run, a fontconfig that adds the Noto Sans SC files from the dev
 * dependencies (the machine has no Chinese system font, and screenshots of tofu boxes prove
 * nothing), the web bundle built with vite's API when missing or older than its sources, and
 * screenshots saved under tests/artifacts/browser (kept by CI). Test-only; imports the app
 * only for the bundle's location.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import http, { type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { WEB_DIST_DIR } from '../../api/routes/web.route.ts';
import { sansRegularTtfPath } from '../fixtures/fonts.ts';
import { IN_CI } from '../helpers/services.ts';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB_SRC = path.join(ROOT, 'api/web');
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts/browser');

/** Null when the suite can run; else why it is skipped (printed). Throws in CI: it must run there. */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM)) return null;
  if (IN_CI) throw new Error(`${CHROMIUM} is missing with CI=true (.ci/run installs it)`);
  const reason = `${CHROMIUM} is not installed (apt-get install chromium); browser tests skipped`;
  console.warn(`[skip] web UI browser tests: ${reason}`);
  return reason;
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? await newestMtime(p) : (await stat(p)).mtimeMs);
  }
  return newest;
}

/** Build dist/web with vite's API unless an up-to-date build is there. Returns what it did. */
export async function ensureWebBuild(): Promise<'built' | 'fresh'> {
  const index = path.join(WEB_DIST_DIR, 'index.html');
  if (existsSync(index) && (await stat(index)).mtimeMs >= (await newestMtime(WEB_SRC))) return 'fresh';
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB_SRC, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  if (!existsSync(index)) throw new Error(`vite build did not write ${index}`);
  return 'built';
}

export interface TestBrowser {
  context: BrowserContext;
  /** Script errors and console errors (CSP violations, failed requests) of every page so far. */
  errors: string[];
  /** A new tab (its own sessionStorage, so its own signed-in user). */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ced-chromium-'));
  const fonts = path.dirname(path.dirname(sansRegularTtfPath()));
  const fontsConf = path.join(dir, 'fonts.conf');
  await writeFile(
    fontsConf,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${path.join(fonts, '400Regular')}</dir>
  <dir>${path.join(fonts, '700Bold')}</dir>
  <cachedir>${path.join(dir, 'fontconfig-cache')}</cachedir>
</fontconfig>
`,
  );
  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync', '--lang=zh-CN'],
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    env: { ...process.env, FONTCONFIG_FILE: fontsConf, LANG: 'zh_CN.UTF-8', LANGUAGE: 'zh_CN' },
  });
  context.setDefaultTimeout(15_000);
  const errors: string[] = [];
  context.on('page', (page) => {
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
    });
  });
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    context,
    errors,
    newPage: () => context.newPage(),
    async close() {
      await context.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Save a full-viewport screenshot as tests/artifacts/browser/<name>.png. */
export async function shot(page: Page, name: string): Promise<string> {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Sign in through the form, as a person would. */
export async function signIn(page: Page, baseUrl: string, token: string, pathname = '/'): Promise<void> {
  await page.goto(`${baseUrl}${pathname}`);
  await page.getByLabel('访问令牌').fill(token);
  await page.getByRole('button', { name: '登录' }).click();
}

/**
 * GET on a fresh connection. The server shares this process: PGlite work can stall the event
 * loop past the keep-alive timeout, and a pooled fetch then races the server closing its socket.
 */
export function get(url: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

