/**
 * The BlobStore contract suite: every adapter (fs, minio/S3) runs exactly these tests, so the
 * embedded and server deployments behave the same. It imports only the port and vitest; the
 * adapter under test comes in through `makeStore`.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashStream, type BlobStore } from '../../storage/blob-store.ts';

export interface BlobStoreFixture {
  store: BlobStore;
  cleanup: () => Promise<void>;
  /**
   * Every entry the backing storage holds, temporary ones included (fs: files under the root;
   * S3: every object in the bucket). Lets the suite prove failed writes leave nothing behind.
   */
  entries?: () => Promise<string[]>;
}

const MiB = 1024 * 1024;
const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** Deterministic chunk `i` of a generated stream: cheap to recompute, different per position. */
function chunkAt(i: number, size: number, salt: number): Buffer {
  const buf = Buffer.alloc(size, (i * 31 + salt) & 0xff);
  buf.writeUInt32BE(i, 0);
  buf.writeUInt32BE(salt, 4);
  return buf;
}

/**
 * A stream of `total` bytes produced chunk by chunk on demand (never held in memory as a
 * whole), its precomputed sha256, and how many bytes the consumer actually pulled.
 */
function generatedStream(total: number, salt: number, onChunk?: (produced: number) => void, chunkSize = MiB) {
  const chunks = Math.ceil(total / chunkSize);
  const sizeOf = (i: number) => Math.min(chunkSize, total - i * chunkSize);
  const h = createHash('sha256');
  for (let i = 0; i < chunks; i++) h.update(chunkAt(i, sizeOf(i), salt));
  let next = 0;
  let produced = 0;
  const stream = new Readable({
    read() {
      if (next >= chunks) {
        this.push(null);
        return;
      }
      const c = chunkAt(next, sizeOf(next), salt);
      next++;
      produced += c.length;
      onChunk?.(produced);
      this.push(c);
    },
  });
  return { stream, sha256: h.digest('hex'), produced: () => produced };
}

/** A stream that yields between chunks, so concurrent uploads really interleave. */
function slowStream(data: Buffer, pieces: number): Readable {
  const step = Math.ceil(data.length / pieces);
  return Readable.from(
    (async function* () {
      for (let off = 0; off < data.length; off += step) {
        await new Promise((r) => setImmediate(r));
        yield data.subarray(off, off + step);
      }
    })(),
  );
}

/**
 * A full garbage collection, for measuring live memory. `--expose-gc` can be switched on at
 * run time and `gc` then taken from a fresh context (the trick jest's leak detector uses).
 */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Bytes held by live Buffers/ArrayBuffers (outside the JS heap) after a full GC. */
function liveBufferBytes(gc: () => void): number {
  gc();
  return process.memoryUsage().arrayBuffers;
}

async function rejectionOf(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the promise to reject, it resolved');
}

/** Runs the BlobStore contract against the adapter built by `makeStore` (fresh per test). */
export function runBlobStoreContract(name: string, makeStore: () => Promise<BlobStoreFixture>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let fx: BlobStoreFixture;
    let store: BlobStore;

    beforeEach(async () => {
      fx = await makeStore();
      store = fx.store;
    });
    afterEach(async () => {
      await fx.store.close();
      await fx.cleanup();
    });

    async function expectNothingStored(): Promise<void> {
      if (fx.entries) expect(await fx.entries()).toEqual([]);
    }

    it('put/get roundtrip, overwrite, presigned URL or null', async () => {
      const data = Buffer.from('第一页 page 1 \x00\xff binary');
      const info = await store.put('pages/f1/p0001.png', data, 'image/png');
      expect(info).toEqual({ key: 'pages/f1/p0001.png', size: data.length, sha256: sha256(data) });
      expect(Buffer.compare(await store.get('pages/f1/p0001.png'), data)).toBe(0);

      const replaced = Buffer.from('replacement');
      await store.put('pages/f1/p0001.png', replaced);
      expect((await store.get('pages/f1/p0001.png')).toString()).toBe('replacement');

      const url = await store.presignedGetUrl('pages/f1/p0001.png', 60);
      if (url !== null) {
        const res = await fetch(url);
        expect(res.status).toBe(200);
        expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('replacement');
      }
    });

    it('putStream is content-addressed; a second put of the same bytes reports created=false', async () => {
      // GIVEN some bytes WHEN streamed twice THEN both land on `${prefix}/${sha256}`, only the first creates
      const data = Buffer.from('%PDF-1.7 fake scan '.repeat(1000));
      const first = await store.putStream('originals', Readable.from([data]), { maxBytes: 1 * MiB, contentType: 'application/pdf' });
      expect(first).toEqual({ key: `originals/${sha256(data)}`, size: data.length, sha256: sha256(data), created: true });
      const second = await store.putStream('originals', Readable.from([data]), { maxBytes: 1 * MiB });
      expect(second).toEqual({ ...first, created: false });
      expect(Buffer.compare(await store.get(first.key), data)).toBe(0);
      if (fx.entries) expect(await fx.entries()).toEqual([first.key]);
    });

    it('putStream of an empty stream and with the right expectedSha256 succeeds', async () => {
      const empty = await store.putStream('originals', Readable.from([]), { maxBytes: 10 });
      expect(empty).toMatchObject({ size: 0, sha256: sha256(''), created: true });
      expect((await store.get(empty.key)).length).toBe(0);
      const data = Buffer.from('checked');
      const ok = await store.putStream('originals', Readable.from([data]), { maxBytes: 100, expectedSha256: sha256(data) });
      expect(ok.key).toBe(`originals/${sha256(data)}`);
    });

    it('stat, delete and missing keys: null / not_found, deleting twice is fine', async () => {
      await store.put('thumbs/a.jpg', Buffer.from('12345'));
      expect(await store.stat('thumbs/a.jpg')).toEqual({ size: 5 });
      await store.delete('thumbs/a.jpg');
      expect(await store.stat('thumbs/a.jpg')).toBeNull();
      await store.delete('thumbs/a.jpg');
      expect((await rejectionOf(store.get('thumbs/a.jpg'))).code).toBe('not_found');
      expect((await rejectionOf(store.getStream('thumbs/a.jpg'))).code).toBe('not_found');
      expect(await store.stat('never/written')).toBeNull();
    });

    it('maxBytes: rejects with file_too_large, stops reading the source and keeps nothing', async () => {
      // GIVEN a 40 MiB source and a 10 MiB limit (past one S3 part, so an upload is under way)
      // WHEN streamed THEN it fails early and leaves no object, temp file or temp object
      const src = generatedStream(40 * MiB, 7);
      const err = await rejectionOf(store.putStream('originals', src.stream, { maxBytes: 10 * MiB }));
      expect(err.code).toBe('file_too_large');
      expect(src.produced()).toBeLessThan(20 * MiB);
      expect(src.stream.destroyed).toBe(true);
      expect(await store.stat(`originals/${src.sha256}`)).toBeNull();
      await expectNothingStored();

      // Exactly maxBytes is still allowed.
      const exact = Buffer.alloc(1000, 1);
      const ok = await store.putStream('originals', Readable.from([exact]), { maxBytes: 1000 });
      expect(ok.size).toBe(1000);
    });

    it('checksum mismatch rejects with checksum_mismatch and keeps nothing', async () => {
      const data = Buffer.from('bytes that were corrupted in transit');
      const err = await rejectionOf(
        store.putStream('originals', Readable.from([data]), { maxBytes: 1 * MiB, expectedSha256: 'a'.repeat(64) }),
      );
      expect(err.code).toBe('checksum_mismatch');
      expect(await store.stat(`originals/${sha256(data)}`)).toBeNull();
      await expectNothingStored();
    });

    it.each(['../x', '/abs', 'A', 'pages/../../etc/passwd', ''])('rejects the invalid key %j everywhere', async (key) => {
      const calls: Array<() => Promise<unknown>> = [
        () => store.put(key, Buffer.from('x')),
        () => store.get(key),
        () => store.getStream(key),
        () => store.stat(key),
        () => store.delete(key),
        () => store.presignedGetUrl(key, 60),
        () => store.putStream(key, Readable.from([Buffer.from('x')]), { maxBytes: 10 }),
      ];
      for (const call of calls) expect((await rejectionOf(call())).message).toMatch(/invalid blob key/);
      await expectNothingStored();
    });

    it('getStream streams the stored bytes', async () => {
      const data = Buffer.alloc(3 * MiB + 17, 0x5a);
      await store.put('pages/big/p0001.png', data);
      const got = await hashStream(await store.getStream('pages/big/p0001.png'));
      expect(got).toEqual({ sha256: sha256(data), size: data.length });
    });

    it('concurrent putStream of the same content: both succeed, one object remains', async () => {
      // GIVEN two uploads of identical 9 MiB content interleaving WHEN both finish THEN one object, same key
      const data = Buffer.alloc(9 * MiB, 0x42);
      data.write('concurrent', 0);
      const [a, b] = await Promise.all([
        store.putStream('originals', slowStream(data, 12), { maxBytes: 16 * MiB }),
        store.putStream('originals', slowStream(data, 9), { maxBytes: 16 * MiB }),
      ]);
      expect(a.key).toBe(`originals/${sha256(data)}`);
      expect(b.key).toBe(a.key);
      expect(a.created || b.created).toBe(true);
      expect(await store.stat(a.key)).toEqual({ size: data.length });
      expect(await hashStream(await store.getStream(a.key))).toEqual({ sha256: sha256(data), size: data.length });
      if (fx.entries) expect(await fx.entries()).toEqual([a.key]);
    });

    it('a 64 MiB generated stream is stored with the right sha256 and flat memory', async () => {
      // GIVEN a 64 MiB stream generated on demand WHEN stored THEN size/sha256 match, and the
      // live Buffer memory (sampled after a full GC every 8 MiB pulled) does not grow with it
      const total = 64 * MiB;
      const gc = exposeGc();
      const samples: number[] = [];
      const src = generatedStream(total, 64, (produced) => {
        if (produced % (8 * MiB) === 0) samples.push(liveBufferBytes(gc));
      });
      const res = await store.putStream('originals', src.stream, { maxBytes: 128 * MiB });
      const rel = samples.map((b) => ((b - (samples[0] ?? 0)) / MiB).toFixed(0));
      console.log(`[${name}] 64 MiB putStream, live Buffer MiB vs. the first 8 MiB: ${rel.join(', ')}`);
      expect(res).toEqual({ key: `originals/${src.sha256}`, size: total, sha256: src.sha256, created: true });
      expect(await store.stat(res.key)).toEqual({ size: total });
      expect(await hashStream(await store.getStream(res.key))).toEqual({ sha256: src.sha256, size: total });
      // A buffering adapter gains ~40-56 MiB between the first and the last samples; a
      // streaming one may spike (parts in flight) but not in two of the last three samples.
      // Comparing samples with each other, not with a pre-test baseline, ignores memory that
      // earlier tests free late.
      expect(samples).toHaveLength(8);
      const medianOfLast3 = [...samples.slice(-3)].sort((a, b) => a - b)[1] ?? 0;
      expect(medianOfLast3 - Math.min(...samples.slice(0, 3))).toBeLessThan(32 * MiB);
    });

    it('ping succeeds on a healthy store and leaves nothing behind', async () => {
      await store.ping();
      await expectNothingStored();
    });
  });
}
