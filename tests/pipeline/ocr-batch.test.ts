/**
 * The whole pipeline with real OCR, through the HTTP API, on both legs: one scanned batch
 * (image-only PDF, as scanners write them) holding a QR cover sheet, three forms of two cases
 * (degraded, sealed, skewed) and a blank separator page. Asserts the split, the form types,
 * case numbers, titles and dates read by tesseract.js, the node placed from them, the blank
 * page kept as a page but in no document, and that the header-band fast path placed the case
 * before the file was assembled (its provisional basis shows in the change feed).
 */
import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pagesToPdf } from '../fixtures/make-scan.ts';
import { executionNoticeSpec, searchReferralSpec, triageSheetSpec } from '../fixtures/form-specs.ts';
import { renderFormPage } from '../fixtures/render-form.ts';
import { ingest, legs, startTestServer, waitForFile, type TestServer } from '../helpers/test-runtime.ts';

const A = '（2024）苏0205执1234号';
const B = '（2024）苏0205执88号';
const DPI = 200;
const A4_200 = { width: 1654, height: 2339 };

/** A separator sheet a court prints before a case's papers: only a QR code with the case number. */
async function qrCoverSheet(caseNumber: string): Promise<Buffer> {
  const qr = await QRCode.toBuffer(caseNumber, { errorCorrectionLevel: 'M', margin: 2, width: 260 });
  return sharp({ create: { ...A4_200, channels: 3, background: '#fdfdfb' } })
    .composite([{ input: qr, left: 697, top: 600 }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

async function blankSheet(): Promise<Buffer> {
  return sharp({ create: { ...A4_200, channels: 3, background: '#fbfbf8' } }).jpeg({ quality: 85 }).toBuffer();
}

async function batch(): Promise<Buffer> {
  const scan = { dpi: DPI, noise: 0.35, jpegQuality: 80, seal: true } as const;
  const referral = await renderFormPage(searchReferralSpec(A, '2024年3月5日'), { ...scan, skewDeg: 1.2 });
  const triage = await renderFormPage(triageSheetSpec(A, '2024年3月8日'), { ...scan, skewDeg: -0.8 });
  const notice = await renderFormPage(executionNoticeSpec(B, '2024年3月6日'), scan);
  return pagesToPdf([await qrCoverSheet(A), referral.jpeg!, triage.jpeg!, await blankSheet(), notice.jpeg!], DPI);
}

interface DossierDoc {
  documentId: string;
  formType: string;
  title: string;
  date: string | null;
  pages: Array<{ pageId: string; source: { fileId: string; pageIndex: number } }>;
}

for (const leg of legs('ocr batch pipeline')) {
  describe(`scanned batch → OCR → split → classify → node [${leg}]`, () => {
    let server: TestServer;
    let fileId: string;
    let file: Record<string, unknown>;
    let uploadedAt: number;

    beforeAll(async () => {
      server = await startTestServer(leg, { OCR_ENABLED: 'true', OCR_CONCURRENCY: '1' });
      const pdf = await batch();
      uploadedAt = Date.now();
      const res = await ingest(server, pdf, { filename: '一楼扫描仪-批次0001.pdf' });
      expect(res.status).toBe(201);
      fileId = String(res.json.fileId);
      file = await waitForFile(server, fileId, 240_000);
      console.log(`[pipeline ${leg}] 5-page batch done in ${Date.now() - uploadedAt} ms`);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('splits the batch into cover sheet + three documents and keeps the blank page out of them', async () => {
      expect(file.status).toBe('done');
      expect((file.documents as string[]).length).toBe(4);
      const pages = (await (await server.api(`/files/${fileId}/pages`)).json()) as { items: Array<{ pageIndex: number; flags: { blank?: boolean; codes?: string[] }; documentId: string | null }> };
      expect(pages.items.map((p) => p.pageIndex)).toEqual([1, 2, 3, 4, 5]);
      expect(pages.items[0]!.flags.codes).toEqual([A]);
      expect(pages.items[3]!.flags.blank).toBe(true);
      expect(pages.items[3]!.documentId).toBeNull();
      expect(pages.items.filter((p) => p.documentId !== null)).toHaveLength(4);
    });

    it('reads form types, titles, case numbers and dates from the OCR text', async () => {
      const judge = await server.token('judge');
      const a = (await (await server.api(`/cases/${encodeURIComponent('(2024)苏0205执1234号')}/dossier`, { token: judge })).json()) as { caseNumber: string; documents: DossierDoc[] };
      expect(a.caseNumber).toBe(A);
      // the QR-only cover sheet is a document of case A (its number came from the code)
      expect(a.documents.filter((d) => d.formType === 'cover_sheet').map((d) => d.pages[0]!.source.pageIndex)).toEqual([1]);
      const forms = a.documents.filter((d) => d.formType !== 'cover_sheet');
      expect(forms.map((d) => [d.formType, d.title, d.date])).toEqual([
        ['search_referral', '财产查控移送表', '2024-03-05'],
        ['triage_sheet', '繁简分流表', '2024-03-08'],
      ]);
      expect(forms.map((d) => d.pages[0]!.source)).toEqual([
        { fileId, pageIndex: 2 },
        { fileId, pageIndex: 3 },
      ]);
      const b = (await (await server.api(`/cases/${encodeURIComponent(B)}/dossier`, { token: judge })).json()) as { documents: DossierDoc[] };
      expect(b.documents.map((d) => [d.formType, d.date, d.pages[0]!.source.pageIndex])).toEqual([['execution_notice', '2024-03-06', 5]]);
    });

    it('places case A at 快执 from the triage sheet, with the triage sheet as basis', async () => {
      const judge = await server.token('judge');
      const body = (await (await server.api(`/cases/${encodeURIComponent(A)}`, { token: judge })).json()) as { node: { code: string; enteredAt: string; basis: { documentId: string; formType: string } } };
      expect(body.node).toMatchObject({ code: 'fast_track', enteredAt: '2024-03-08', basis: { formType: 'triage_sheet' } });
      expect(body.node.basis.documentId).not.toMatch(/^page:/);
    });

    it('names the warnings of both cases: A past its 快执 limit and without 执行通知书, B never searched', async () => {
      const judge = await server.token('judge');
      type View = { history: Array<{ code: string; basis: { formType: string } }>; warnings: Array<{ code: string; status?: string; message: string }> };
      const a = (await (await server.api(`/cases/${encodeURIComponent(A)}`, { token: judge })).json()) as View;
      // the QR cover sheet is not a legal act: filing is inferred from the search referral
      expect(a.history.map((h) => [h.code, h.basis.formType])).toEqual([
        ['filed', 'search_referral'],
        ['search_control', 'search_referral'],
      ]);
      expect(a.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['node_limit', 'execution_notice_within_limit', 'close_within_limit']));
      expect(a.warnings.find((w) => w.code === 'node_limit')!.message).toMatch(/快执/);
      const b = (await (await server.api(`/cases/${encodeURIComponent(B)}`, { token: judge })).json()) as View & { node: { code: string } };
      expect(b.node.code).toBe('filed');
      expect(b.warnings.find((w) => w.code === 'node_limit')!.message).toMatch(/24小时内启动网络查控/);
    });

    it('the header-band fast path placed case A before the file was assembled', async () => {
      const supervisor = await server.token('supervisor');
      const feed = (await (await server.api('/nodes?limit=100', { token: supervisor })).json()) as {
        items: Array<{ caseNumber: string; node: { code: string; basis?: { documentId: string } }; changedAt: string }>;
      };
      const forA = feed.items.filter((i) => i.caseNumber === A);
      const provisional = forA.find((i) => i.node.basis?.documentId.startsWith('page:'));
      expect(provisional, JSON.stringify(forA.map((i) => i.node))).toBeDefined();
      const final = forA[forA.length - 1]!;
      expect(final.node.basis?.documentId).not.toMatch(/^page:/);
      const fastMs = Date.parse(provisional!.changedAt) - uploadedAt;
      console.log(`[pipeline ${leg}] upload → first node of case A (fast path): ${fastMs} ms; upload → final node: ${Date.parse(final.changedAt) - uploadedAt} ms`);
      expect(Date.parse(provisional!.changedAt)).toBeLessThan(Date.parse(final.changedAt));
    });

    it('reprocessing re-reads the documents and keeps a clerk correction, with no duplicate rows', async () => {
      // GIVEN a clerk corrected the execution notice's date
      const clerk = await server.token('clerk');
      const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const judge = await server.token('judge');
      const b = (await (await server.api(`/cases/${encodeURIComponent(B)}/dossier`, { token: judge })).json()) as { documents: DossierDoc[] };
      const noticeId = b.documents[0]!.documentId;
      expect((await server.api(`/documents/${noticeId}`, { method: 'PATCH', token: clerk, ...json({ date: '2024-03-07' }) })).status).toBe(200);
      const count = async (sql: string) => ((await server.rt.database.db.execute(sql as never)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
      const before = { docs: await count(`SELECT count(*)::int AS n FROM documents`), ocr: await count(`SELECT count(*)::int AS n FROM page_ocr`), events: await count(`SELECT count(*)::int AS n FROM case_events`) };

      // WHEN the file is reprocessed (a file still in flight is refused) and finishes again
      const res = await server.api(`/files/${fileId}/reprocess`, { method: 'POST', token: clerk });
      expect(res.status).toBe(202);
      expect((await server.api(`/files/${fileId}/reprocess`, { method: 'POST', token: clerk })).status).toBe(409);
      const again = await waitForFile(server, fileId, 240_000);

      // THEN the same documents exist, re-read, and the corrected date stands
      expect(again.status).toBe('done');
      expect(again.documents).toEqual(file.documents);
      const after = { docs: await count(`SELECT count(*)::int AS n FROM documents`), ocr: await count(`SELECT count(*)::int AS n FROM page_ocr`), events: await count(`SELECT count(*)::int AS n FROM case_events`) };
      expect(after).toEqual(before);
      const notice = (await (await server.api(`/documents/${noticeId}`, { token: clerk })).json()) as { date: string; formType: string; reasons: string[] };
      expect(notice).toMatchObject({ date: '2024-03-07', formType: 'execution_notice' });
      expect(notice.reasons.join(' ')).toMatch(/corrected values kept: date/);
      const a = (await (await server.api(`/cases/${encodeURIComponent(A)}`, { token: judge })).json()) as { node: { code: string } };
      expect(a.node.code).toBe('fast_track');
    });
  });
}
