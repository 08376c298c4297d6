/**
 * The review screen for a document held only for its date, in Chromium: the machine's other
 * reading of the date is offered beside the date box, one click puts it there, and saving files
 * the document on that date. Embedded server, OCR off: the document comes from stored OCR text
 * through the real assemble stage (a closing approval whose 审批日期 and signed line were read
 * a digit apart, with nothing in its case to settle which).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from '../../storage/documents.repo.ts';
import { assembleTexts } from '../helpers/seed-documents.ts';
import { startTestServer, type TestServer } from '../helpers/test-runtime.ts';
import { browserSkipReason, ensureWebBuild, launchBrowser, shot, signIn, type TestBrowser } from './browser.ts';

const CASE = '（2024）粤0304执5748号';
const skip = browserSkipReason();

describe.skipIf(skip !== null)('review screen, a date read two ways (Chromium)', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let docId: string;

  beforeAll(async () => {
    const [s, b] = await Promise.all([startTestServer('embedded', { OCR_ENABLED: 'false' }), launchBrowser(), ensureWebBuild()]);
    server = s;
    browser = b;
    const text = ['广东省深圳市福田区人民法院', '结案审批表', '案号: (2024)粤0304执5748号', '申请执行人|李秀英', '被执行人深圳市金星电子科技有限公司', '结案方式终结本次执行程序', '审批日期| 2024年6月29日', '审批意见同意结案', '广东省深圳市福田区人民法院', '2024年7月29日'].join('\n');
    const [doc] = await assembleTexts(server, [text]);
    expect(doc).toMatchObject({ status: 'needs_review', docDate: '2024-06-29', dateDoubt: { alternatives: ['2024-07-29'] } });
    docId = doc!.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('offers the other reading of the date, and files the document on it when the clerk takes it', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, await server.token('clerk'), '/review');
    await page.locator('.editor').waitFor();
    const date = page.getByLabel('日期', { exact: true });
    expect(await date.inputValue()).toBe('2024-06-29');
    // WHEN the clerk, paper in hand, clicks the other reading and saves
    const other = page.locator('button.date-reading');
    expect(await other.count()).toBe(1);
    await other.click();
    expect(await date.inputValue()).toBe('2024-07-29');
    // and the form's own date field (结案日期) with it
    expect(await page.getByLabel('结案日期', { exact: true }).inputValue()).toBe('2024-07-29');
    await shot(page, '21-review-date-reading');
    await page.getByRole('button', { name: '保存更正并归档' }).click();
    await page.locator('.msg-success, .msg-warn').first().waitFor();
    // THEN the document is filed under its case on the 29th of July
    const filed = await getDocument(server.rt.database.db, docId);
    expect(filed).toMatchObject({ status: 'filed', caseNumber: CASE, docDate: '2024-07-29' });
    expect((filed!.fields.closingDate as { value: string }).value).toBe('2024-07-29');
    await page.close();
  });
});
