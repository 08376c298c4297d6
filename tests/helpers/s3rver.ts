/**
 * s3rver on loopback for tests. s3rver stands in for MinIO, which cannot be installed on these
 * machines. TEST ONLY: s3rver does not implement listing multipart uploads (`GET ?uploads`),
 * which the minio client calls before a multipart upload, so the test client's `findUploadId`
 * is overridden; real S3/MinIO implement it and production code never does this.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from 'minio';
import { createMinioClient } from '../../storage/minio.blob-store.ts';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverCtor = new (opts: { address: string; port: number; silent: boolean; directory: string }) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverCtor;

/** s3rver's built-in account. */
export const S3RVER_KEY = 'S3RVER';

export interface TestS3 {
  port: number;
  endpoint: string;
  client(accessKey?: string, secretKey?: string): Client;
  close(): Promise<void>;
}

export async function startS3rver(): Promise<TestS3> {
  const dir = await mkdtemp(path.join(tmpdir(), 's3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const port = (await server.run()).port;
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    client(accessKey = S3RVER_KEY, secretKey = S3RVER_KEY) {
      const c = createMinioClient({ endPoint: '127.0.0.1', port, useSSL: false, accessKey, secretKey });
      c.findUploadId = async () => undefined;
      return c;
    },
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
