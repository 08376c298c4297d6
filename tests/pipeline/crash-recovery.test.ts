/**
 * Crash and restart lose and duplicate nothing: the embedded server (a real child process) is
 * killed with SIGKILL in the middle of rasterizing a 30-page scan, started again on the same
 * DATA_DIR, and the file still ends with exactly 30 pages, each page index once, each page in
 * exactly one document position.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeScanJpeg, makeScannerPdf } from '../fixtures/bad-inputs.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';

const PAGES = 30;

describe('crash recovery (embedded, child process)', () => {
  let dataDir: string;
  let server: ChildServer | null = null;
  afterAll(async () => {
    await server?.kill();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('SIGKILL mid-rasterize, restart: every page exactly once', async () => {
    // GIVEN a running embedded server and a 30-page scanner PDF
    dataDir = await mkdtemp(path.join(tmpdir(), 'ced-crash-'));
    const admin = `ced_${randomBytes(16).toString('hex')}`;
    const env = { DATA_DIR: dataDir, PORT: '0', BOOTSTRAP_ADMIN_TOKEN: admin, OCR_ENABLED: 'false', JOB_BACKOFF_MS: '200' };
    server = await startChildServer('all', env);
    const jpegs = await Promise.all(Array.from({ length: 4 }, (_, i) => makeScanJpeg(150, `P${i}`)));
    const pdf = Buffer.from(await makeScannerPdf(Array.from({ length: PAGES }, (_, i) => jpegs[i % 4]!)));
    const call = (url: string, p: string, init: RequestInit = {}) =>
      fetch(`${url}/api/v1${p}`, { ...init, headers: { authorization: `Bearer ${admin}`, ...(init.headers ?? {}) } });

    const up = await call(server.url!, '/ingest', { method: 'POST', body: new Uint8Array(pdf), headers: { 'x-filename': 'batch.pdf' } });
    expect(up.status).toBe(201);
    const { fileId } = (await up.json()) as { fileId: string };

    // WHEN it is killed after some pages exist but before all do
    let seen = 0;
    for (let i = 0; i < 600; i++) {
      const f = (await (await call(server.url!, `/files/${fileId}`)).json()) as { progress: { pagesRecognized: number; pagesPending: number } };
      seen = f.progress.pagesRecognized + f.progress.pagesPending;
      if (seen >= 5) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await server.kill('SIGKILL');
    expect(seen).toBeGreaterThanOrEqual(5);
    expect(seen).toBeLessThan(PAGES);

    // THEN after a restart the file completes with every page exactly once
    server = await startChildServer('all', env);
    type FileView = { status: string; pageCount: number; documents: string[] };
    let file: FileView | null = null;
    for (let i = 0; i < 1200; i++) {
      file = (await (await call(server.url!, `/files/${fileId}`)).json()) as FileView;
      if (file && ['done', 'needs_review', 'failed'].includes(file.status)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (process.env.TEST_LOG === "1") console.log(server.output());
    expect(file?.status).not.toBe("failed");
    expect(file?.pageCount).toBe(PAGES);
    const pages = (await (await call(server.url!, `/files/${fileId}/pages`)).json()) as { items: Array<{ pageIndex: number; documentId: string | null }> };
    expect(pages.items.map((p) => p.pageIndex)).toEqual(Array.from({ length: PAGES }, (_, i) => i + 1));
    expect(pages.items.every((p) => p.documentId !== null)).toBe(true);
    expect(new Set(pages.items.map((p) => p.documentId)).size).toBe(file!.documents.length);
  });
});
