/**
 * Moving finished files out of the hot folder: into done/ or rejected/ (dated sub-folders,
 * the original sub-folder path kept, never overwriting), and the clerk's `.reason.txt`.
 *
 * Owns file-system moves only; imports node built-ins and the message helpers. A move is a
 * rename when source and target share a file system, else copy + fsync + unlink (so a crash
 * leaves at worst two copies, never none).
 */
import { constants, existsSync } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, unlink } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { syncDir } from './journal.store.ts';

/** `YYYY-MM-DD` in local time (the clerk's day, not UTC's). */
export function localDay(d = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * A path under `baseDir/<day>/<relPath>` that does not exist yet: `scan.pdf`, then
 * `scan (2).pdf`, `scan (3).pdf`, …
 */
export function uniqueDest(baseDir: string, relPath: string, day = localDay()): string {
  const first = join(baseDir, day, ...relPath.split('/'));
  if (!existsSync(first) && !existsSync(`${first}.reason.txt`)) return first;
  const ext = extname(first);
  const stem = first.slice(0, first.length - ext.length);
  for (let i = 2; ; i++) {
    const candidate = `${stem} (${i})${ext}`;
    if (!existsSync(candidate) && !existsSync(`${candidate}.reason.txt`)) return candidate;
  }
}

/**
 * Move `src` to `dest` (creating folders); never overwrites an existing `dest`. Across file
 * systems the copy goes to a temp name first, so `dest` only ever appears complete: finding
 * both `src` and `dest` after a crash means the copy finished and only the unlink is left.
 */
export async function moveFile(src: string, dest: string): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  if (existsSync(dest)) throw Object.assign(new Error(`target exists: ${dest}`), { code: 'EEXIST' });
  try {
    await rename(src, dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    const tmp = `${dest}.${process.pid}.partial`;
    await copyFile(src, tmp, constants.COPYFILE_EXCL);
    const fh = await open(tmp, 'r+');
    await fh.sync();
    await fh.close();
    await rename(tmp, dest);
    await unlink(src);
  }
  syncDir(dirname(dest));
  syncDir(dirname(src));
}

/** Write `text` to `path` atomically (temp file, fsync, rename). */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path).catch(async (err: unknown) => {
    await rm(tmp, { force: true });
    throw err;
  });
}

/** What a clerk needs to know about a refused file, in Chinese (with the code for IT staff). */
export function reasonText(r: {
  filename: string;
  relPath: string;
  reason: string;
  serverMessage: string;
  code: string;
  sha256: string;
  station?: string;
  at: Date;
}): string {
  const lines = [
    `文件：${r.filename}`,
    `原位置：扫描文件夹/${r.relPath}`,
    `拒收原因：${r.reason}`,
    `服务器说明：${r.serverMessage || '（无）'}`,
    `处理建议：请检查原件后重新扫描为 PDF、TIFF、JPEG 或 PNG 文件；如仍被拒收，请联系系统管理员。`,
    `时间：${localDay(r.at)} ${r.at.toTimeString().slice(0, 8)}`,
    `错误代码：${r.code}`,
    `SHA-256：${r.sha256}`,
  ];
  if (r.station) lines.push(`工作站：${r.station}`);
  // BOM + CRLF: opens correctly in every Windows Notepad, also the old ones that assume GBK.
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
