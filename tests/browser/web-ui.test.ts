/**
 * The web UI in a real browser (Debian's Chromium via playwright-core) against the embedded
 * server with real OCR: a scanned batch is uploaded through the API as a station would, then
 * people use the UI — a clerk watches intake process it live, a judge opens the dossier by a
 * non-canonical case number, pages with the keyboard and finds a phrase highlighted on the page
 * image, a clerk fixes a needs_review document and sees the case's node move, a supervisor
 * reads the board and drills down; station and role limits are checked. Screenshots go to
 * tests/artifacts/browser. One leg (embedded): the UI does not depend on the storage mode.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from '../../api/routes/web.route.ts';
import { executionNoticeSpec, searchReferralSpec, triageSheetSpec } from '../fixtures/form-specs.ts';
import { pagesToPdf } from '../fixtures/make-scan.ts';
import { renderFormPage } from '../fixtures/render-form.ts';
import { ingest, startTestServer, type TestServer } from '../helpers/test-runtime.ts';
import { seedBoardCases } from './board-seed.ts';
import { browserSkipReason, ensureWebBuild, get, launchBrowser, shot, signIn, type TestBrowser } from './browser.ts';

const A = '（2024）苏0205执1234号';

const SCAN = { dpi: 200, jpegQuality: 85, seal: true } as const;
const skip = browserSkipReason();

describe.skipIf(skip !== null)('web UI in Chromium', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let fastCount = 0;
  let tokens: Record<'station' | 'clerk' | 'judge' | 'supervisor' | 'admin', string>;
  const t0 = Date.now();

  beforeAll(async () => {
    // GIVEN a batch as scanner stations send it: case A's 查控移送表 + 执行通知书, a 繁简分流表
    // whose case number line is empty (→ needs_review), and a corrupt PDF (→ failed)
    const serverP = startTestServer('embedded', { OCR_ENABLED: 'true', OCR_CONCURRENCY: '1' });
    const browserP = launchBrowser();
    const [built, referral, notice, triage] = await Promise.all([
      ensureWebBuild(),
      renderFormPage(searchReferralSpec(A, '2024年3月5日'), SCAN),
      renderFormPage(executionNoticeSpec(A, '2024年3月6日'), SCAN),
      renderFormPage({ ...triageSheetSpec(A, '2024年3月8日'), caseNumber: '' }, SCAN),
    ]);
    server = await serverP;
    browser = await browserP;
    tokens = {
      station: await server.token('station'),
      clerk: await server.token('clerk'),
      judge: await server.token('judge'),
      supervisor: await server.token('supervisor'),
      admin: await server.token('admin'),
    };
    const uploads = [
      ingest(server, await pagesToPdf([referral.jpeg!, notice.jpeg!], 200), { filename: '一楼扫描仪-0001.pdf' }),
      ingest(server, await pagesToPdf([triage.jpeg!], 200), { filename: '一楼扫描仪-0002.pdf' }),
      ingest(server, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048), Buffer.from('\n%%EOF\n')]), { filename: '损坏的扫描件.pdf' }),
    ];
    for (const u of await Promise.all(uploads)) expect([201, 415, 422]).toContain(u.status);
    // AND 55 more cases for the board, seeded without OCR while the batch is being read
    const t = Date.now();
    fastCount = await seedBoardCases(server, 55);
    console.log(`[browser] seeded 55 board cases in ${Date.now() - t} ms`);
    console.log(`[browser] web bundle ${built}; server, uploads and Chromium ready in ${Date.now() - t0} ms`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    console.log(`[browser] suite took ${Date.now() - t0} ms`);
  });

  it('serves the app with the right cache headers, and explains a missing build instead of failing', async () => {
    const index = await get(`${server.url}/dossier/${encodeURIComponent(A)}`);
    expect(index.status).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index.body)?.[1];
    expect(asset).toBeDefined();
    expect((await get(`${server.url}${asset}`)).headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
    expect((await get(`${server.url}/assets/missing-123.js`)).status).toBe(404);
    // API paths never fall back to the app page
    expect(JSON.parse((await get(`${server.url}/api/nope`)).body)).toMatchObject({ error: { code: 'not_found' } });
    expect((await get(`${server.url}/api/v1/nope`)).headers['content-type']).toContain('application/json');
    // WHEN the build is missing THEN the UI path answers 503 with the command to run
    const empty = await mkdtemp(path.join(tmpdir(), 'ced-noweb-'));
    const app = express().use(webRoutes({ root: empty }));
    const bare: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const res = await get(`http://127.0.0.1:${(bare.address() as { port: number }).port}/board`);
      expect(res.status).toBe(503);
      expect(res.body).toContain('npm run build:web');
    } finally {
      bare.close();
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('refuses a station token at sign-in', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, tokens.station);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('扫描站令牌');
    expect(await page.evaluate(() => sessionStorage.getItem('ced.token'))).toBeNull();
    await shot(page, '01-station-refused');
    await page.close();
  });

  it('shows a clerk the files received today, updating live until each is processed, failures in Chinese', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, tokens.clerk);
    await page.waitForURL('**/intake');
    // The token is kept in the tab's session, never in the URL
    expect(page.url()).not.toContain(tokens.clerk);
    expect(await page.evaluate(() => sessionStorage.getItem('ced.token'))).toBe(tokens.clerk);
    await expect.poll(() => page.locator('tr[data-status]').count()).toBe(3);
    await shot(page, '02-intake-processing');
    // THEN without any reload the rows reach their final states (processing happens meanwhile)
    await page.locator('tr[data-status="done"]').waitFor({ timeout: 120_000 });
    await page.locator('tr[data-status="needs_review"]').waitFor({ timeout: 60_000 });
    const failed = page.locator('tr[data-status="failed"]');
    await expect.poll(() => failed.textContent()).toContain('PDF 文件已损坏');
    await expect.poll(() => page.locator('.summary').textContent()).toContain('今日共接收 3 个文件');
    await shot(page, '03-intake-done');
    console.log(`[browser] batch processed (seen in the intake view) after ${Date.now() - t0} ms`);
    await page.close();
  });

  it('opens the dossier by a non-canonical case number and pages through it with the keyboard', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, tokens.judge);
    await page.waitForURL('**/dossier');
    await page.getByLabel('案号或当事人').fill('(2024)苏0205执1234');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toBe(A);
    expect(decodeURIComponent(page.url())).toContain(`/dossier/${A}`);
    const header = page.locator('.case-header');
    await expect.poll(() => header.textContent()).toContain('查控');
    expect(await header.locator('.badge').first().textContent()).toBe('超期');
    expect(await page.locator('.volume h2').allTextContents()).toEqual(['正卷（1 份）', '副卷（1 份）']);
    const indicator = page.locator('.page-indicator');
    await expect.poll(() => indicator.textContent()).toContain('全卷第 1 / 2 页');
    await page.locator('.page-frame:not(.is-loading)').waitFor();
    await shot(page, '04-dossier');
    // WHEN the judge presses → THEN the next page (the 副卷's 查控移送表) shows with its OCR text
    await page.locator('.stage').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => indicator.textContent()).toContain('全卷第 2 / 2 页');
    await expect.poll(() => page.locator('.ocr-text').textContent()).toContain('查控事项');
    await page.keyboard.press('+');
    expect(await page.locator('.zoom-label').textContent()).toBe('125%');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => indicator.textContent()).toContain('全卷第 1 / 2 页');
    // The timeline: history with its basis document, clocks, warnings, the 终本 checklist
    await page.getByRole('tab', { name: '节点与期限' }).click();
    const timeline = page.locator('.timeline');
    expect(await timeline.textContent()).toMatch(/立案[\s\S]*依据：财产查控移送表/);
    expect(await timeline.textContent()).toContain('6个月执行期限');
    expect(await timeline.locator('.warnings').textContent()).toContain('已超期');
    expect(await timeline.locator('.checklist').textContent()).toContain('限制消费令');
    await shot(page, '05-dossier-timeline');
    // A judge has no board and no token administration
    const nav = await page.locator('.nav-list a').allTextContents();
    expect(nav).toEqual(['卷宗', '全文检索']);
    await page.goto(`${server.url}/board`);
    await expect.poll(() => page.locator('main').textContent()).toContain('当前角色无权使用此功能');
    await page.close();
  });

  it('finds a phrase by full-text search and highlights it on the page image from the word boxes', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, tokens.judge, '/search');
    await page.getByLabel('检索词').fill('银行存款');
    await page.keyboard.press('Enter');
    const hit = page.locator('a.hit-link', { hasText: A }).first();
    await hit.waitFor();
    expect(await page.locator('.search-results tbody tr').first().textContent()).toContain('财产查控移送表');
    expect(await page.locator('.search-results mark').first().textContent()).toBe('银行存款');
    await shot(page, '06-search-results');
    await hit.click();
    const box = page.locator('.hit-box').first();
    await box.waitFor({ state: 'visible' });
    // THEN the box sits inside the page image and the OCR text marks the phrase too
    const [b, img] = [await box.boundingBox(), await page.locator('.page-image').boundingBox()];
    expect(b && img && b.width > 4 && b.x >= img.x && b.y >= img.y && b.x + b.width <= img.x + img.width).toBe(true);
    expect(await page.locator('.ocr-text mark').first().textContent()).toBe('银行存款');
    expect(await page.locator('.hit-info').textContent()).toMatch(/本页 \d+ 处/);
    expect(await box.getAttribute('data-words')).toContain('银行');
    await shot(page, '07-search-highlight');
    await page.close();
  });

  it('lets a clerk fix a needs_review document and shows the case node moving', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, tokens.clerk, '/review');
    const editor = page.locator('.editor');
    await editor.waitFor();
    expect(await editor.locator('[data-guess="formType"]').textContent()).toContain('繁简分流表');
    expect(await editor.locator('.editor-head').textContent()).toContain('未识别到案号');
    await page.locator('.review-image[src^="blob:"]').waitFor();
    await shot(page, '08-review');
    // WHEN the clerk types the case number (another spelling) and saves
    await page.getByLabel('案号', { exact: true }).fill('〔2024〕苏0205执1234');
    await page.getByRole('button', { name: '保存更正并归档' }).click();
    // THEN the outcome names the node before and after: 查控 → 快执
    const change = page.locator('.node-change');
    await change.waitFor();
    expect(await change.textContent()).toMatch(/查控[\s\S]*→[\s\S]*快执/);
    await shot(page, '09-review-fixed');
    const c = (await (await server.api(`/cases/${encodeURIComponent(A)}`, { token: tokens.judge })).json()) as { node: { code: string } };
    expect(c.node.code).toBe('fast_track');
    await page.close();
  });

  it('lets a clerk merge a document into another and split it off again', async () => {
    const dossier = async () =>
      ((await (await server.api(`/cases/${encodeURIComponent(A)}/dossier`, { token: tokens.judge })).json()) as { documents: Array<{ documentId: string; formType: string; pageCount: number }> }).documents;
    const before = await dossier();
    const notice = before.find((d) => d.formType === 'execution_notice')!;
    const referral = before.find((d) => d.formType === 'search_referral')!;
    const page = await browser.newPage();
    await signIn(page, server.url, tokens.clerk, `/review?doc=${notice.documentId}`);
    // WHEN the clerk merges the 执行通知书 into the 查控移送表 of the same scanned file
    await page.getByLabel('目标文书').selectOption(referral.documentId);
    await page.getByRole('button', { name: '合并…' }).click();
    await page.getByRole('button', { name: '确认合并' }).click();
    await expect.poll(() => page.locator('.result-banner').textContent()).toContain('现共 2 页');
    let docs = await dossier();
    expect(docs.map((d) => [d.formType, d.pageCount]).sort()).toEqual([['search_referral', 2], ['triage_sheet', 1]]);
    // AND THEN splits it again from page 2: the page is re-read as an 执行通知书
    await page.goto(`${server.url}/review?doc=${referral.documentId}`);
    await page.getByRole('button', { name: '从第 2 页起拆分为新文书' }).click();
    await expect.poll(() => page.locator('.result-banner').textContent()).toContain('新文书“执行通知书”');
    await shot(page, '10-review-split');
    docs = await dossier();
    expect(docs.map((d) => [d.formType, d.pageCount]).sort()).toEqual([['execution_notice', 1], ['search_referral', 1], ['triage_sheet', 1]]);
    await page.close();
  });

  it('shows a supervisor the board by node and team, paginated and filterable, with drill-down to the case', async () => {
    // GIVEN the 55 seeded cases: 3 due soon in 快执, the rest overdue in 快执 / 实施 / 查控,
    // handled by 张伟, 王芳, 赵强 or nobody; and case A, overdue in 快执, handled by 李明
    const page: Page = await browser.newPage();
    await signIn(page, server.url, tokens.supervisor);
    await page.waitForURL('**/board');
    await expect.poll(() => page.locator('.kpi-due_soon strong').textContent()).toBe('3');
    const counts = page.locator('table.counts').first();
    expect(await counts.textContent()).toMatch(/快执[\s\S]*实施[\s\S]*/);
    const teams = await page.locator('.team-box').textContent();
    for (const name of ['李明', '张伟', '王芳', '赵强', '未分配']) expect(teams).toContain(name);
    const pager = page.locator('.pager-info');
    await expect.poll(() => pager.textContent()).toBe('第 1 页 / 共 2 页（共 56 件）');
    expect(await page.locator('.board-table tbody tr').count()).toBe(50);
    await shot(page, '11-board');
    // WHEN paging on THEN case A (due 2024-04-22, later than the seeded 2023 cases) is there
    await page.getByRole('button', { name: '下一页 ›' }).click();
    await expect.poll(() => pager.textContent()).toContain('第 2 页');
    const row = page.locator('.board-table tbody tr', { hasText: A });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/快执[\s\S]*超期[\s\S]*李明/);
    // WHEN filtered to 快执 THEN the URL carries the filter and the count follows it
    await page.getByLabel('节点').selectOption('fast_track');
    await page.waitForURL('**/board?node=fast_track');
    await expect.poll(() => pager.textContent()).toBe(`第 1 页 / 共 1 页（共 ${fastCount} 件）`);
    expect(await page.locator('.board-table tbody tr').count()).toBe(fastCount);
    expect(await page.locator('.board-table tbody tr').last().textContent()).toContain('临期');
    await shot(page, '12-board-filtered');
    await row.getByRole('link', { name: A }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(A);
    await expect.poll(() => page.locator('.timeline').textContent()).toContain('快执');
    expect(await page.locator('.doc-list').count()).toBe(0);
    expect(await page.getByRole('link', { name: '‹ 返回指挥中心' }).getAttribute('href')).toBe('/board?node=fast_track');
    await shot(page, '13-board-drilldown');
    // The admin sees every screen
    const admin = await browser.newPage();
    await signIn(admin, server.url, tokens.admin);
    await admin.locator('.nav-list').waitFor();
    expect(await admin.locator('.nav-list a').allTextContents()).toEqual(['卷宗', '全文检索', '今日接收', '审核队列', '指挥中心', '令牌管理']);
    await Promise.all([page.close(), admin.close()]);
  });

  it('ran every screen without a script error, a CSP violation or a failed request', () => {
    expect(browser.errors).toEqual([]);
  });
});
