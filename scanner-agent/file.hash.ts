/**
 * Streaming SHA-256 of a file on disk.
 *
 * Owns hashing only; imports node built-ins. Reads in fixed-size chunks so memory stays flat
 * whatever the file size (a 1 GB scan costs one 1 MiB buffer, not 1 GB).
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Lower-case hex SHA-256 of the file at `path` plus the number of bytes read. */
export async function sha256File(path: string, signal?: AbortSignal): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  const fh = await open(path, 'r');
  const buf = Buffer.allocUnsafe(1024 * 1024);
  let size = 0;
  try {
    for (;;) {
      if (signal?.aborted) throw new Error('aborted');
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await fh.close();
  }
  return { sha256: hash.digest('hex'), size };
}
