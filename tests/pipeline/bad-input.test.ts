/**
 * Bad input through the real pipeline (both legs): every file gets a stable reason code, no
 * crash, no hung job, and the original stays retrievable. OCR is disabled here: every case
 * fails before OCR, and the blank-page case lives in the OCR pipeline suite.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  writeCorruptPng,
  writeElfAsPdf,
  writeEncryptedPdf,
  writeExeAsPdf,
  writeHugeHeaderPng,
  writeManyPagesPdf,
  writePngBomb,
  writeTruncatedJpeg,
  writeTruncatedPdf,
  writeGarbagePdf,
} from '../fixtures/bad-inputs.ts';
import { ingest, legs, startTestServer, waitForFile, type TestServer } from '../helpers/test-runtime.ts';

const CASES: Array<{ name: string; make: (dir: string) => Promise<string>; http: number; status: string; code: string }> = [
  { name: 'truncated PDF', make: writeTruncatedPdf, http: 201, status: 'failed', code: 'pdf_corrupt' },
  { name: 'garbage after a PDF header', make: writeGarbagePdf, http: 201, status: 'failed', code: 'pdf_corrupt' },
  { name: 'encrypted PDF', make: (d) => writeEncryptedPdf(d), http: 201, status: 'failed', code: 'pdf_encrypted' },
  { name: 'ELF binary renamed .pdf', make: writeElfAsPdf, http: 415, status: 'failed', code: 'unsupported_type' },
  { name: 'EXE renamed .pdf', make: writeExeAsPdf, http: 415, status: 'failed', code: 'unsupported_type' },
  { name: 'PNG decompression bomb', make: (d) => writePngBomb(d), http: 201, status: 'failed', code: 'image_too_large' },
  { name: '30000×30000 image', make: writeHugeHeaderPng, http: 201, status: 'failed', code: 'image_too_large' },
  { name: 'corrupt PNG', make: writeCorruptPng, http: 201, status: 'failed', code: 'image_corrupt' },
  { name: 'truncated JPEG', make: writeTruncatedJpeg, http: 201, status: 'failed', code: 'image_corrupt' },
  { name: 'PDF with 2,000 pages', make: (d) => writeManyPagesPdf(d, 2000), http: 201, status: 'failed', code: 'too_many_pages' },
];

for (const leg of legs('bad input pipeline')) {
  describe(`bad input [${leg}]`, () => {
    let server: TestServer;
    let dir: string;

    beforeAll(async () => {
      server = await startTestServer(leg, { OCR_ENABLED: 'false' });
      dir = await mkdtemp(path.join(tmpdir(), 'bad-'));
    });
    afterAll(async () => {
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    for (const c of CASES) {
      it(`${c.name} → ${c.status} / ${c.code}, original kept`, async () => {
        // GIVEN a bad file WHEN a station uploads it THEN the file ends with a stable reason code
        const filePath = await c.make(dir);
        const bytes = await readFile(filePath);
        const res = await ingest(server, bytes, { filename: path.basename(filePath) });
        expect(res.status).toBe(c.http);
        const fileId = String(res.json.fileId);
        const file = await waitForFile(server, fileId, 60_000);
        expect(file).toMatchObject({ status: c.status, error: { code: c.code, message: expect.any(String) } });
        const original = await server.api(`/files/${fileId}/original`);
        expect(original.status).toBe(200);
        expect(Buffer.from(await original.arrayBuffer()).equals(bytes)).toBe(true);
      });
    }

    it('the server still processes a good file after all of that', async () => {
      const { makeScanJpeg } = await import('../fixtures/bad-inputs.ts');
      const res = await ingest(server, await makeScanJpeg(200, 'OK'), { filename: 'ok.jpg' });
      expect(res.status).toBe(201);
      const file = await waitForFile(server, String(res.json.fileId));
      expect(file.status).not.toBe('failed');
      expect(file.pageCount).toBe(1);
    });
  });
}
