/**
 * Offline tesseract language data.
 *
 * Owns: assembling one `langPath` directory with the LSTM-only `4.0.0_best_int` models of
 * `eng` and `chi_sim` from the @tesseract.js-data packages (they live in two package folders,
 * and tesseract.js takes one directory), and the worker options that keep tesseract.js from
 * ever downloading or caching (field notes: it only downloads when langPath is unset; with
 * cacheMethod other than 'none' it writes an uncompressed copy to the cwd and later prefers it).
 * Must not import the classifier, storage, queue or api.
 */
import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Default languages: `chi_sim` alone. Measured on rendered 200 dpi scans (skew 1.5°, seal,
 * JPEG q60, noise 0.2–0.5; 8 pages): CER 0.010–0.086 with chi_sim vs 0.042–0.183 with
 * eng+chi_sim, and ~35 % faster — with English loaded, noisy CJK lines came out as Latin junk
 * ("BE SRT AS FEE"). chi_sim's own model reads Latin and digits (company names, IBAN-like
 * account numbers, e-mail, 身份证号): on a Latin-heavy form CER was 0.014 vs 0.000 clean and
 * 0.025 vs 0.021 noisy. Use {@link OCR_LANGS_WITH_ENGLISH} for mostly-English documents.
 */
export const OCR_LANGS = 'chi_sim';

/**
 * Both models. Order matters: with best_int models `'chi_sim+eng'` printed "Failed loading
 * language" and silently dropped English; `'eng+chi_sim'` loads both (field notes).
 */
export const OCR_LANGS_WITH_ENGLISH = 'eng+chi_sim';

const MODELS = [
  { pkg: '@tesseract.js-data/eng', file: 'eng.traineddata.gz' },
  { pkg: '@tesseract.js-data/chi_sim', file: 'chi_sim.traineddata.gz' },
] as const;

/** Absolute path of a packaged LSTM-only model file. */
export function packagedModelPath(pkg: string, file: string): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), '4.0.0_best_int', file);
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch {
    return undefined;
  }
}

/**
 * Ensure `<dataDir>/tessdata` holds `eng.traineddata.gz` and `chi_sim.traineddata.gz` (both, so
 * either language setting works offline; copies,
 * not symlinks, so the folder survives a node_modules reinstall and works on any file system)
 * and return its absolute path. Idempotent and safe to call from several processes: a file is
 * copied to a unique temp name and renamed into place, and skipped when the size matches.
 * Throws when a packaged model is missing (never falls back to downloading).
 */
export async function ensureLangData(dataDir: string): Promise<string> {
  const dir = path.resolve(dataDir, 'tessdata');
  await mkdir(dir, { recursive: true });
  for (const m of MODELS) {
    const src = packagedModelPath(m.pkg, m.file);
    const srcSize = await sizeOf(src);
    if (srcSize === undefined) throw new Error(`OCR language model missing: ${src} (is ${m.pkg} installed?)`);
    const dest = path.join(dir, m.file);
    if ((await sizeOf(dest)) === srcSize) continue;
    const tmp = `${dest}.${process.pid}.${Date.now()}.tmp`;
    await copyFile(src, tmp);
    await rename(tmp, dest);
  }
  return dir;
}

/**
 * tesseract.js worker options for offline use with {@link ensureLangData}'s directory.
 * `cachePath` points into the same folder so nothing is ever written to the cwd.
 */
export function offlineWorkerOptions(langPath: string): {
  langPath: string;
  cachePath: string;
  cacheMethod: 'none';
  gzip: true;
} {
  return { langPath, cachePath: langPath, cacheMethod: 'none', gzip: true };
}
