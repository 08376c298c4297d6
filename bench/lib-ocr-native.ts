/**
 * The native `tesseract` CLI as a yardstick for our tesseract.js pipeline.
 *
 * Owns: finding (or, when allowed, installing with apt-get) the CLI and running it one page at
 * a time, single-threaded (OMP_THREAD_LIMIT=1), timing each call including process start-up.
 * Bench-only; must not be imported by application code.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface NativeTesseract {
  bin: string;
  version: string;
  langs: string[];
}

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

/**
 * Locate `tesseract`; when missing and `install` is true, run
 * `apt-get install -y tesseract-ocr tesseract-ocr-chi-sim` (printing what it does).
 * Returns undefined when it is not available.
 */
export function findNativeTesseract(install: boolean, log: (s: string) => void = console.log): NativeTesseract | undefined {
  let bin = which('tesseract');
  if (!bin && install) {
    const steps: string[][] = [
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', '--no-install-recommends', 'tesseract-ocr', 'tesseract-ocr-chi-sim'],
    ];
    for (const step of steps) {
      log(`[native] $ ${step.join(' ')}`);
      const r = spawnSync(step[0]!, step.slice(1), {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        encoding: 'utf8',
      });
      if (r.status !== 0) {
        log(`[native] failed (exit ${r.status}): ${(r.stderr ?? '').split('\n').slice(-3).join(' ')}`);
        break;
      }
    }
    bin = which('tesseract');
  }
  if (!bin) return undefined;
  const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
  const langs = execFileSync(bin, ['--list-langs'], { encoding: 'utf8' })
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter(Boolean);
  return { bin, version, langs };
}

/** Run the CLI on one image; returns text and wall ms (start-up included). */
export function runNative(
  native: NativeTesseract,
  image: Buffer,
  ext: string,
  opts: { dpi: number; langs: string; psm?: string; workDir: string; name: string },
): { text: string; ms: number } {
  const file = path.join(opts.workDir, `${opts.name}.${ext}`);
  writeFileSync(file, image);
  const started = performance.now();
  const r = spawnSync(
    native.bin,
    [file, 'stdout', '-l', opts.langs, '--psm', opts.psm ?? '3', '--dpi', String(opts.dpi)],
    { encoding: 'utf8', env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 16 * 1024 * 1024 },
  );
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`tesseract failed: ${r.stderr}`);
  return { text: r.stdout, ms };
}
