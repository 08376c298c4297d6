/**
 * The review screen against a loaded case register, in Chromium: a clerk types a case number
 * the court's register does not hold; the correction is saved (the clerk has the paper in
 * hand) and the screen warns in Chinese that the number is not registered. Embedded server,
 * OCR off: the review document comes from stored OCR text through the real assemble stage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleTexts } from '../helpers/seed-documents.ts';
import { startTestServer, type TestServer } from '../helpers/test-runtime.ts';
import { browserSkipReason, ensureWebBuild, launchBrowser, shot, signIn, type TestBrowser } from './browser.ts';

const REGISTERED = '（2025）赣0727执8577号';
const TYPO = '（2025）赣0727执8578号';
const skip = browserSkipReason();

describe.skipIf(skip !== null)('review screen with a case register (Chromium)', () => {
  let server: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    const [s, b] = await Promise.all([startTestServer('embedded', { OCR_ENABLED: 'false' }), launchBrowser(), ensureWebBuild()]);
    server = s;
    browser = b;
    // GIVEN the court's register holds the case, and a triage sheet whose case number line is empty
    const res = await server.api('/admin/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cases: [{ caseNumber: REGISTERED, applicant: '杨丽华', respondent: '浙江同创新材料股份有限公司' }] }) });
    expect(res.status).toBe(200);
    const [doc] = await assembleTexts(server, [['繁简分流表', '案号：', '申请执行人：杨丽华', '分流意见：快执', '分流理由：案情简单', '2025年6月18日'].join('\n')]);
    expect(doc).toMatchObject({ status: 'needs_review', reviewCodes: ['case_number_missing'] });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('saves a clerk’s unregistered case number and warns that the register does not hold it', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, await server.token('clerk'), '/review');
    await page.locator('.editor').waitFor();
    // WHEN the clerk types a number one digit off the registered one, and saves
    await page.getByLabel('案号', { exact: true }).fill('(2025)赣0727执8578号');
    await page.getByRole('button', { name: '保存更正并归档' }).click();
    // THEN the correction is saved and the screen warns, in Chinese
    const warning = page.locator('.msg-warn .save-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toBe(`案号 ${TYPO} 不在本院立案登记中，请核对`);
    await shot(page, '20-review-unregistered');
    const c = (await (await server.api(`/cases/${encodeURIComponent(TYPO)}`)).json()) as { caseNumber?: string };
    expect(c.caseNumber).toBe(TYPO);
    await page.close();
  });
});
