/**
 * s3rver on loopback for tests. s3rver stands in for MinIO, which cannot be installed on these
 * machines. TEST ONLY: s3rver does not implement listing multipart uploads (`GET ?uploads`),
 * which the minio client calls before a multipart upload, so the test client's `findUploadId`
 * is overridden; real S3/MinIO implement it and production code never does this.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'minio';
import { createMinioClient } from '../../storage/minio.blob-store.ts';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverCtor = new (opts: { address: string; port: number; silent: boolean; directory: string }) => S3rverInstance;
const requireCjs = createRequire(import.meta.url);
const S3rver = requireCjs('s3rver') as S3rverCtor;

interface S3rverObject {
  bucket: string;
  key: string;
  content: Buffer | Readable;
  metadata: unknown;
}
interface FilesystemStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: unknown, md5: string): Promise<void>;
  putObject(object: S3rverObject): Promise<{ size: number; md5: string }>;
}

/*
 * TEST ONLY: s3rver 3.7's FilesystemStore.putObject answers before the object file is written
 * (it resolves on `writeStream.end(buffer)`, not on 'finish'), so a HEAD right after a PUT can
 * see 0 bytes — real S3 and MinIO read after write. Seen once in a CI run (the blob-store
 * contract's stat right after a put read size 0), not reproduced in 2,000 local put+stat pairs:
 * it needs the file's write to lag its truncating open under load. Replaced by a put that
 * writes a temporary file, waits for it and renames it into place.
 */
const store = (requireCjs('s3rver/lib/stores/filesystem.js') as { prototype: FilesystemStore }).prototype;
store.putObject = async function putObject(this: FilesystemStore, object: S3rverObject) {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  await mkdir(path.dirname(objectPath), { recursive: true });
  const tmp = `${objectPath}.${randomUUID()}.tmp`;
  const md5 = createHash('md5');
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      md5.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content, count, createWriteStream(tmp));
    await rename(tmp, objectPath);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  const digest = md5.digest('hex');
  await this.putMetadata(object.bucket, object.key, object.metadata, digest);
  return { size, md5: digest };
};

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
