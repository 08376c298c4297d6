/**
 * Runs the BlobStore contract against both adapters, plus a few adapter-specific checks.
 *
 * The S3 leg runs the minio adapter against s3rver, started here on 127.0.0.1 with a free
 * port and a temp directory. s3rver stands in for MinIO because MinIO cannot be installed on
 * these machines; it needs no external service, so this leg always runs (also in CI).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'minio';
import { createFsBlobStore } from '../../storage/fs.blob-store.ts';
import { createMinioBlobStore, createMinioClient, parseS3Endpoint } from '../../storage/minio.blob-store.ts';
import { runBlobStoreContract } from './blob-store.contract.ts';

/** s3rver ships no type declarations; this is the part of its API the test uses. */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverCtor = new (opts: { address: string; port: number; silent: boolean; directory: string }) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverCtor;

/** s3rver's built-in account. */
const S3RVER_KEY = 'S3RVER';

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

runBlobStoreContract('fs', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'blob-fs-'));
  const root = path.join(dir, 'objects');
  return {
    store: createFsBlobStore(root),
    cleanup: () => rm(dir, { recursive: true, force: true }),
    entries: () => listFiles(root),
  };
});

describe('fs adapter specifics', () => {
  it('rejects keys that only differ by path normalisation, returns no presigned URL', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blob-fs-'));
    try {
      const store = createFsBlobStore(dir);
      for (const key of ['a//b', 'a/./b', 'a/']) {
        await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(/invalid blob key/);
      }
      await store.put('a/b', Buffer.from('x'));
      expect(await store.presignedGetUrl('a/b', 60)).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ping names the directory when it cannot write there', async () => {
    // GIVEN a root path that is a regular file WHEN pinged THEN the error names the path
    const dir = await mkdtemp(path.join(tmpdir(), 'blob-fs-'));
    try {
      const file = path.join(dir, 'not-a-dir');
      await writeFile(file, 'x');
      await expect(createFsBlobStore(file).ping()).rejects.toThrow(`blob store directory ${file} is not writable`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('minio adapter on s3rver', () => {
  let server: S3rverInstance;
  let dir: string;
  let port: number;

  /**
   * A client for s3rver. TEST ONLY: s3rver does not implement listing multipart uploads
   * (`GET ?uploads`), which the minio client calls before every multipart upload; real
   * S3/MinIO do, so production code never overrides `findUploadId`.
   */
  function s3rverClient(accessKey = S3RVER_KEY, secretKey = S3RVER_KEY, p = port): Client {
    const client = createMinioClient({ endPoint: '127.0.0.1', port: p, useSSL: false, accessKey, secretKey });
    client.findUploadId = async () => undefined;
    return client;
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 's3rver-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
    port = (await server.run()).port;
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  runBlobStoreContract('minio (s3rver)', async () => {
    const bucket = `test-${randomUUID().slice(0, 8)}`;
    const client = s3rverClient();
    const store = await createMinioBlobStore({
      endPoint: '127.0.0.1', port, useSSL: false, accessKey: S3RVER_KEY, secretKey: S3RVER_KEY, bucket, client,
    });
    return {
      store,
      // The whole s3rver directory goes in afterAll; a fresh bucket per test isolates them.
      cleanup: async () => undefined,
      entries: async () => {
        const names: string[] = [];
        for await (const item of client.listObjectsV2(bucket, '', true)) if (item.name) names.push(item.name);
        return names.sort();
      },
    };
  });

  it('creates a missing bucket and reuses an existing one', async () => {
    const bucket = `boot-${randomUUID().slice(0, 8)}`;
    const client = s3rverClient();
    const opts = { endPoint: '127.0.0.1', port, useSSL: false, accessKey: S3RVER_KEY, secretKey: S3RVER_KEY, bucket, client };
    expect(await client.bucketExists(bucket)).toBe(false);
    await createMinioBlobStore(opts);
    expect(await client.bucketExists(bucket)).toBe(true);
    await expect(createMinioBlobStore(opts)).resolves.toBeDefined();
  });

  it('fails at boot naming bucket and endpoint when the credentials are wrong', async () => {
    const client = s3rverClient('WRONG', 'WRONG');
    const err = await createMinioBlobStore({
      endPoint: '127.0.0.1', port, useSSL: false, accessKey: 'WRONG', secretKey: 'WRONG', bucket: 'creds-check', client,
    }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`S3 bucket "creds-check" at http://127.0.0.1:${port}`);
    expect((err as Error).message).toMatch(/credentials rejected/);
  });

  it('fails at boot naming the endpoint when nothing listens there', async () => {
    // GIVEN a port that was free a moment ago (s3rver on port 0, then closed)
    const probeDir = await mkdtemp(path.join(tmpdir(), 's3rver-'));
    const probe = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: probeDir });
    const deadPort = (await probe.run()).port;
    await probe.close();
    await rm(probeDir, { recursive: true, force: true });
    const err = await createMinioBlobStore({
      endPoint: '127.0.0.1', port: deadPort, useSSL: false, accessKey: S3RVER_KEY, secretKey: S3RVER_KEY, bucket: 'x-bucket',
    }).catch((e: unknown) => e as Error);
    expect((err as Error).message).toContain(`S3 bucket "x-bucket" at http://127.0.0.1:${deadPort} is not usable: endpoint unreachable`);
  });

  it('parseS3Endpoint turns S3_ENDPOINT into client options', () => {
    expect(parseS3Endpoint('http://127.0.0.1:9000')).toEqual({ endPoint: '127.0.0.1', port: 9000, useSSL: false });
    expect(parseS3Endpoint('https://oss.court.example')).toEqual({ endPoint: 'oss.court.example', port: 443, useSSL: true });
    expect(parseS3Endpoint('http://minio/')).toEqual({ endPoint: 'minio', port: 80, useSSL: false });
    expect(parseS3Endpoint('http://[::1]:9000')).toEqual({ endPoint: '::1', port: 9000, useSSL: false });
    expect(() => parseS3Endpoint('ftp://files:21')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseS3Endpoint('127.0.0.1:9000')).toThrow(/not a URL/);
    expect(() => parseS3Endpoint('not a url')).toThrow(/not a URL/);
    expect(() => parseS3Endpoint('http://minio:9000/bucket')).toThrow(/scheme:\/\/host/);
  });
});
