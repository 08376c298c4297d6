/**
 * The S3 side of production mode, against s3rver: a clear error at start through the real
 * entry point,
 * multipart streaming of large originals, and presigned page-image URLs (302 after auth and
 * audit) signed for the public endpoint browsers use. Needs no PostgreSQL or Redis: the
 * runtime runs PGlite + S3 + the in-process queue here.
 *
 * Limit of the stand-in: s3rver 3.7 checks the access key id of every request but does not
 * verify SigV4 signatures ("unimplemented" in its source) and serves anonymous GETs. So a wrong
 * access key is rejected here; a wrong secret key or a forged presigned URL is not. MinIO and S3
 * reject both (`SignatureDoesNotMatch`, which the adapter reports as rejected credentials too).
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../storage/db.ts';
import { createMinioBlobStore, MINIO_PART_SIZE } from '../../storage/minio.blob-store.ts';
import { startChildServer } from '../helpers/child-server.ts';
import { startS3rver, S3RVER_KEY, type TestS3 } from '../helpers/s3rver.ts';
import { ingest, startTestServer, waitForFile, type TestServer } from '../helpers/test-runtime.ts';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/samples');

/** GET `url` from 127.0.0.1 with the URL's own Host header (as a browser would send it). */
function getVia127(url: string): Promise<{ status: number; body: Buffer }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: u.port, path: `${u.pathname}${u.search}`, headers: { host: u.host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

describe('S3 in production mode (s3rver)', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startS3rver();
  });
  afterAll(async () => {
    await s3?.close();
  });

  it('start fails at once with a clear message when the S3 credentials are wrong', async () => {
    // GIVEN s3rver and an access key it does not know
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ced-s3-creds-'));
    try {
      // WHEN the real entry point starts
      const err = await startChildServer('all', {
        DATA_DIR: dataDir, PORT: '0', OCR_ENABLED: 'false',
        S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'court-dossier', S3_ACCESS_KEY: 'NOT-A-KEY', S3_SECRET_KEY: S3RVER_KEY,
      }, 60_000).then(
        () => null,
        (e: unknown) => e as Error,
      );
      // THEN it exits with 1 before listening, naming bucket, endpoint and the credential problem, no stack trace
      expect(err).toBeInstanceOf(Error);
      const msg = (err as Error).message;
      expect(msg).toMatch(/server exited with 1 before starting/);
      expect(msg).toContain(`error: S3 bucket "court-dossier" at ${s3.endpoint} is not usable: credentials rejected, check the access key and secret key (`);
      expect(msg).toMatch(/\((InvalidAccessKeyId|AccessDenied): /);
      expect(msg).not.toMatch(/^\s+at /m);
      expect(msg).not.toContain('listening on');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('names the bucket problem when S3_BUCKET is not a valid bucket name', async () => {
    // GIVEN a bucket name S3 forbids (capitals, underscore) WHEN the store boots THEN it says so
    await expect(
      createMinioBlobStore({ endPoint: '127.0.0.1', port: s3.port, useSSL: false, accessKey: S3RVER_KEY, secretKey: S3RVER_KEY, bucket: 'Court_Dossier', client: s3.client() }),
    ).rejects.toThrow(`S3 bucket "Court_Dossier" at ${s3.endpoint} is not usable: Invalid bucket name: Court_Dossier`);
  });

  it('uploads a large original as a streamed multipart upload, a small one as one PUT', async () => {
    // GIVEN the adapter on a client whose multipart calls are counted
    const client = s3.client();
    const calls = { initiate: 0, parts: 0 };
    const initiate = client.initiateNewMultipartUpload.bind(client);
    const request = client.makeRequestAsyncOmit.bind(client);
    client.initiateNewMultipartUpload = async (...a: Parameters<typeof initiate>) => (calls.initiate++, initiate(...a));
    // Parts go up as `PUT ?partNumber=…&uploadId=…` through this one request method.
    client.makeRequestAsyncOmit = async (...a: Parameters<typeof request>) => {
      if (/partNumber=/.test(String(a[0].query ?? ''))) calls.parts++;
      return request(...a);
    };
    const bucket = `mp-${randomBytes(4).toString('hex')}`;
    const store = await createMinioBlobStore({ endPoint: '127.0.0.1', port: s3.port, useSSL: false, accessKey: S3RVER_KEY, secretKey: S3RVER_KEY, bucket, client });
    // WHEN 2.5 parts' worth of bytes arrive as a stream of 64 KiB chunks
    const big = randomBytes(Math.floor(MINIO_PART_SIZE * 2.5));
    const chunks = Array.from({ length: Math.ceil(big.length / 65536) }, (_, i) => big.subarray(i * 65536, (i + 1) * 65536));
    const res = await store.putStream('originals', Readable.from(chunks), { maxBytes: big.length });
    // THEN one multipart upload of 3 parts carried it, and the stored object is byte-identical
    expect(calls).toEqual({ initiate: 1, parts: 3 });
    expect((await store.get(res.key)).equals(big)).toBe(true);
    // WHEN a small file arrives THEN no multipart upload is started
    await store.putStream('originals', Readable.from([randomBytes(100_000)]), { maxBytes: 1 << 20 });
    expect(calls).toEqual({ initiate: 1, parts: 3 });
  });

  describe('presigned page images (S3_PRESIGN=true)', () => {
    let server: TestServer;
    let pageId: string;
    const bucket = `presign-${randomBytes(4).toString('hex')}`;

    beforeAll(async () => {
      // The runtime builds its own S3 store from the config (small uploads need no test tweak).
      server = await startTestServer('embedded', {
        OCR_ENABLED: 'false',
        S3_ENDPOINT: s3.endpoint, S3_BUCKET: bucket, S3_ACCESS_KEY: S3RVER_KEY, S3_SECRET_KEY: S3RVER_KEY,
        S3_PRESIGN: 'true', S3_PUBLIC_ENDPOINT: `http://localhost:${s3.port}`,
      });
      const up = await ingest(server, await readFile(path.join(SAMPLES, 'execution-notice-clean.png')), { filename: 'notice.png' });
      expect(up.status).toBe(201);
      await waitForFile(server, String(up.json.fileId), 60_000);
      const pages = (await (await server.api(`/files/${String(up.json.fileId)}/pages`)).json()) as { items: Array<{ pageId: string }> };
      pageId = pages.items[0]!.pageId;
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('answers 302 to a URL signed for the public endpoint, only after auth, and audits the view', async () => {
      // GIVEN a stored page WHEN no token or a station token asks THEN no URL leaks
      const url = `${server.url}/api/v1/pages/${pageId}/image`;
      expect((await fetch(url, { redirect: 'manual' })).status).toBe(401);
      expect((await fetch(url, { redirect: 'manual', headers: { authorization: `Bearer ${await server.token('station')}` } })).status).toBe(403);
      // WHEN a judge asks THEN a 302 to the public endpoint, valid for 5 minutes
      const res = await fetch(url, { redirect: 'manual', headers: { authorization: `Bearer ${await server.token('judge')}` } });
      expect(res.status).toBe(302);
      const location = res.headers.get('location')!;
      const signed = new URL(location);
      expect(signed.host).toBe(`localhost:${s3.port}`);
      expect(signed.pathname).toMatch(new RegExp(`^/${bucket}/pages/[0-9a-f-]{36}/1\\.(png|jpg)$`));
      expect(signed.searchParams.get('X-Amz-Expires')).toBe('300');
      expect(signed.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      // THEN the view is audited before the redirect
      const audits = await queryRows<{ action: string; role: string }>(
        server.rt.database.db,
        sql`SELECT action, role FROM audit_log WHERE target = ${pageId} AND action = 'page.image'`,
      );
      expect(audits).toEqual([{ action: 'page.image', role: 'judge' }]);
      // AND the URL serves the page image byte for byte, straight from the store
      const page = (await queryRows<{ image_key: string }>(server.rt.database.db, sql`SELECT image_key FROM pages WHERE id = ${pageId}`))[0]!;
      const direct = await getVia127(location);
      expect(direct.status).toBe(200);
      expect(direct.body.equals(await server.rt.blobs.get(page.image_key))).toBe(true);
      // AND it is a SigV4 query signature for the configured key and region (s3rver, which
      // serves anonymous GETs and skips SigV4 checks, cannot prove more; see the header)
      expect(signed.searchParams.get('X-Amz-Credential')).toMatch(/^S3RVER\/\d{8}\/us-east-1\/s3\/aws4_request$/);
      expect(signed.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    });

    it('thumbnails redirect too', async () => {
      // GIVEN the same page WHEN a clerk asks for its thumbnail THEN a signed 302 that serves a JPEG
      const res = await fetch(`${server.url}/api/v1/pages/${pageId}/thumbnail`, { redirect: 'manual', headers: { authorization: `Bearer ${await server.token('clerk')}` } });
      expect(res.status).toBe(302);
      const direct = await getVia127(res.headers.get('location')!);
      expect(direct.status).toBe(200);
      expect(direct.body.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    });
  });
});
