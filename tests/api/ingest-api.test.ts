/**
 * The ingest and file routes of contract v1, on both legs (embedded; PostgreSQL + BullMQ + S3),
 * with OCR disabled so the suite stays fast: auth and roles, idempotent upload, checksum
 * verification, size limit, type sniffing, and that rejected originals are kept and visible.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, legs, startTestServer, waitForFile, type TestServer } from '../helpers/test-runtime.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

for (const leg of legs('ingest api')) {
  describe(`ingest api [${leg}]`, () => {
    let server: TestServer;
    let png: Buffer;

    beforeAll(async () => {
      server = await startTestServer(leg, { OCR_ENABLED: 'false', MAX_UPLOAD_MB: '1' });
      png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#ffffff' } })
        .composite([{ input: Buffer.from('<svg width="400" height="300"><rect x="50" y="50" width="200" height="40" fill="#000"/></svg>') }])
        .png()
        .toBuffer();
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('rejects requests without a valid token (401) and roles that may not use a route (403)', async () => {
      expect((await fetch(`${server.url}/api/v1/files`)).status).toBe(401);
      expect((await server.api('/files', { token: 'ced_not-a-real-token-at-all' })).status).toBe(401);
      const station = await server.token('station');
      const res = await server.api('/files', { token: station });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
      expect((await server.api('/admin/tokens', { token: await server.token('judge') })).status).toBe(403);
      const who = await server.api('/whoami', { token: station });
      expect(await who.json()).toMatchObject({ role: 'station' });
    });

    it('stores an upload, answers 201 then 200 with the same fileId for the same bytes', async () => {
      // GIVEN a PNG WHEN uploaded twice THEN one file, the second answer is 200 with the same id
      const first = await ingest(server, png, { filename: '扫描 001.png', sha256: sha(png) });
      expect(first.status).toBe(201);
      expect(first.json).toMatchObject({ sha256: sha(png), status: 'received' });
      const second = await ingest(server, png, { filename: 'again.png' });
      expect(second.status).toBe(200);
      expect(second.json.fileId).toBe(first.json.fileId);
      const held = await server.api(`/ingest/${sha(png)}`, { token: await server.token('station') });
      expect(await held.json()).toMatchObject({ fileId: first.json.fileId });
      const file = await waitForFile(server, String(first.json.fileId));
      expect(file).toMatchObject({ filename: '扫描 001.png', sha256: sha(png), pageCount: 1 });
      expect(['done', 'needs_review']).toContain(file.status);
      const original = await server.api(`/files/${String(first.json.fileId)}/original`);
      expect(Buffer.from(await original.arrayBuffer()).equals(png)).toBe(true);
    });

    it('serves the page image and thumbnail of a processed file', async () => {
      const up = await ingest(server, png, { filename: 'p.png' });
      const pages = (await (await server.api(`/files/${String(up.json.fileId)}/pages`)).json()) as { items: Array<{ pageId: string }> };
      expect(pages.items).toHaveLength(1);
      const img = await server.api(`/pages/${pages.items[0]!.pageId}/image`);
      expect(img.status).toBe(200);
      const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
      expect([meta.width, meta.height]).toEqual([400, 300]);
      const thumb = await server.api(`/pages/${pages.items[0]!.pageId}/thumbnail`);
      expect(thumb.headers.get('content-type')).toBe('image/jpeg');
      expect((await server.api(`/pages/${pages.items[0]!.pageId}/image`, { token: await server.token('station') })).status).toBe(403);
    });

    it('verifies X-Content-SHA256 and keeps nothing on mismatch', async () => {
      const body = Buffer.concat([png, Buffer.from('x')]);
      const res = await ingest(server, body, { sha256: sha(Buffer.from('something else')) });
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({ error: { code: 'checksum_mismatch' } });
      expect((await server.api(`/ingest/${sha(body)}`)).status).toBe(404);
    });

    it('refuses files over the configured limit with 413', async () => {
      const big = Buffer.alloc(1024 * 1024 + 10, 7);
      const res = await ingest(server, big);
      expect(res.status).toBe(413);
      expect(res.json).toMatchObject({ error: { code: 'file_too_large' } });
    });

    it('sniffs the type from the bytes: HTML named .pdf is 415 but kept, visible and retrievable', async () => {
      const html = Buffer.from('<!doctype html><html><body>not a scan</body></html>');
      const res = await ingest(server, html, { filename: 'scan.pdf' });
      expect(res.status).toBe(415);
      expect(res.json).toMatchObject({ error: { code: 'unsupported_type' }, fileId: expect.any(String) });
      const file = (await (await server.api(`/files/${String(res.json.fileId)}`)).json()) as Record<string, unknown>;
      expect(file).toMatchObject({ status: 'failed', error: { code: 'unsupported_type' } });
      const original = await server.api(`/files/${String(res.json.fileId)}/original`);
      expect(Buffer.from(await original.arrayBuffer()).toString()).toBe(html.toString());
    });

    it('a zero-byte upload is 422 empty_file and listed as failed', async () => {
      const res = await ingest(server, Buffer.alloc(0), { filename: 'empty.pdf' });
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({ error: { code: 'empty_file' } });
      const list = (await (await server.api('/files?status=failed&limit=50')).json()) as { items: Array<{ fileId: string }> };
      expect(list.items.map((f) => f.fileId)).toContain(res.json.fileId);
    });

    it('never lets a path parameter reach storage unchecked', async () => {
      for (const p of ['/files/..%2F..%2Fetc%2Fpasswd', '/pages/..%2Fx/image', '/files/1%20or%201=1']) {
        const res = await server.api(p);
        expect(res.status).toBe(404);
      }
    });

    it('pages through the file list with a cursor without repeats', async () => {
      // GIVEN at least five stored files WHEN listed two at a time THEN each appears exactly once
      for (const n of [1, 2]) {
        const distinct = await sharp({ create: { width: 50 + n, height: 50, channels: 3, background: '#fff' } }).png().toBuffer();
        expect((await ingest(server, distinct, { filename: `d${n}.png` })).status).toBe(201);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = cursor ? `&cursor=${cursor}` : '';
        const body = (await (await server.api(`/files?limit=2${q}`)).json()) as { items: Array<{ fileId: string }>; next: string | null };
        seen.push(...body.items.map((f) => f.fileId));
        cursor = body.next;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBeGreaterThanOrEqual(5);
    });

    it('lets an admin issue a station token that can upload but not read', async () => {
      const res = await server.api('/admin/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'station', name: '一楼扫描仪' }),
      });
      expect(res.status).toBe(201);
      const { token } = (await res.json()) as { token: string };
      const who = await server.api('/whoami', { token });
      expect(await who.json()).toEqual({ name: '一楼扫描仪', role: 'station' });
      expect((await server.api('/files', { token })).status).toBe(403);
    });
  });
}
