/**
 * Real OCR (tesseract.js, offline models) on a rendered, degraded scan. One worker, two pages'
 * worth of recognition plus a header band: keep it that small (≈ 10–20 s on 2 vCPUs).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recognizeHeaderBand } from '../../ocr/header-band.ts';
import { ensureLangData } from '../../ocr/lang-data.ts';
import { createTesseractRecognizer } from '../../ocr/page-recognizer.tesseract.ts';
import { preprocessPage } from '../../ocr/preprocess.ts';
import { createOcrPool } from '../../ocr/tesseract.pool.ts';
import { rereadTitleLine, titleLinesOf } from '../../ocr/title-line.ts';
import type { OcrPool } from '../../ocr/tesseract.pool.ts';
import { cer } from '../../bench/lib-ocr-metrics.ts';
import { searchReferralSpec } from '../fixtures/form-specs.ts';
import { renderFormPage } from '../fixtures/render-form.ts';
import type { RenderedPage } from '../fixtures/render-form.ts';

/** Compare as the classifier will: no whitespace, half-width brackets/colon → full-width. */
function normalise(text: string): string {
  return text.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）').replace(/:/g, '：');
}

const CASE_NUMBER = '（2024）苏0205执1234号';
const TITLE = '财产查控移送表';

let dataDir: string;
let pool: OcrPool;
let scan: RenderedPage;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'ocr-test-'));
  pool = createOcrPool({ langPath: await ensureLangData(dataDir), size: 1 });
  // A degraded, sealed, skewed 200 dpi scan, delivered as the scanner's JPEG.
  scan = await renderFormPage(searchReferralSpec(CASE_NUMBER), {
    dpi: 200,
    skewDeg: 1.5,
    noise: 0.4,
    jpegQuality: 60,
    seal: true,
  });
});

afterAll(async () => {
  await pool?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('OCR on a degraded sealed skewed scan', () => {
  it('reads title and case number exactly in the full page and in the header band', async () => {
    // GIVEN the preprocessed scan (seal suppressed, deskewed)
    const page = await preprocessPage(scan.jpeg!, { dpi: 200 });
    expect(page.deskewed).toBe(true);
    // WHEN the header band and then the full page are recognised
    const header = await recognizeHeaderBand(pool, page.image, 200);
    const full = await pool.recognize(page.image, { dpi: 200, psm: '3' });
    // THEN both contain the exact title and case number after normalisation
    expect(normalise(header.text)).toContain(TITLE);
    expect(normalise(header.text)).toContain(CASE_NUMBER);
    expect(normalise(full.text)).toContain(TITLE);
    expect(normalise(full.text)).toContain(CASE_NUMBER);
    // AND the page as a whole is read well (measured CER 0.010 with chi_sim on this page)
    expect(cer(scan.groundTruth, full.text)).toBeLessThan(0.1);
    // AND words carry boxes inside the page and confidences; header boxes sit in the band
    expect(full.confidence).toBeGreaterThan(60);
    expect(full.words.length).toBeGreaterThan(20);
    for (const w of full.words) {
      expect(w.bbox.x1).toBeLessThanOrEqual(scan.width);
      expect(w.bbox.y1).toBeLessThanOrEqual(scan.height);
      expect(w.bbox.x0).toBeLessThan(w.bbox.x1);
    }
    expect(Math.max(...header.lines.map((l) => l.bbox.y1))).toBeLessThanOrEqual(Math.round(scan.height * 0.2));
    const titleLine = full.lines.find((l) => normalise(l.text).includes(TITLE));
    expect(titleLine?.bbox.y0).toBeLessThan(scan.height * 0.15);
    // AND the single worker was reused
    expect(pool.workerCount).toBe(1);
  });

  it('reads the title line again at a smaller scale, and finds no title on a page of body text', async () => {
    // GIVEN the preprocessed scan and its full-page lines
    const page = await preprocessPage(scan.jpeg!, { dpi: 200 });
    const full = await pool.recognize(page.image, { dpi: 200, psm: '3' });
    // THEN the title is among the title-shaped lines near the top, and its small reading is exact
    expect(titleLinesOf(full.lines, page.height).map((l) => normalise(l.text))).toContain(TITLE);
    const readings = await rereadTitleLine(pool, page.image, full.lines, 200);
    expect(readings.length).toBeGreaterThanOrEqual(1);
    expect(readings.some((t) => normalise(t).includes(TITLE))).toBe(true);
    // AND lines of one height (no title) give no title line
    const body = full.lines.map((l, i) => ({ ...l, bbox: { x0: 10, x1: 500, y0: 100 + 40 * i, y1: 130 + 40 * i } }));
    expect(titleLinesOf(body, page.height)).toEqual([]);
  });

  it('rejects an unreadable image and keeps serving later calls', async () => {
    // GIVEN bytes tesseract cannot read
    const bad = pool.recognize(Buffer.from('not an image at all'), { dpi: 200 });
    // THEN that call rejects (no process crash) and the next call still works
    await expect(bad).rejects.toThrow();
    const white = Buffer.concat([Buffer.from('P5\n120 40\n255\n'), Buffer.alloc(120 * 40, 255)]);
    const r = await pool.recognize(white, { dpi: 200 });
    expect(r.text).toBe('');
    expect(pool.workerCount).toBe(1);
  });

  it('never downloads or caches language data outside langPath', () => {
    const langPath = path.join(dataDir, 'tessdata');
    expect(readdirSync(langPath).sort()).toEqual(['chi_sim.traineddata.gz', 'eng.traineddata.gz']);
    // cacheMethod 'none': no uncompressed copies in the working directory
    expect(existsSync(path.join(process.cwd(), 'chi_sim.traineddata'))).toBe(false);
    expect(existsSync(path.join(process.cwd(), 'eng.traineddata'))).toBe(false);
  });
});

describe('createTesseractRecognizer (the OCR stage adapter)', () => {
  it('returns header text, page text, boxes and flags; blank pages skip OCR', async () => {
    // GIVEN the recognizer the runtime builds
    const recognizer = await createTesseractRecognizer({ dataDir, size: 1 });
    try {
      // WHEN it reads the clean PNG of a page and a blank page
      const clean = await renderFormPage(searchReferralSpec(CASE_NUMBER), { dpi: 200, seal: true });
      const r = await recognizer.recognize(clean.png, 200);
      const white = await sharp({ create: { width: 1654, height: 2339, channels: 3, background: '#fff' } })
        .png()
        .toBuffer();
      const b = await recognizer.recognize(white, 200);
      // THEN the page is read with header text, and the blank page is flagged without OCR
      expect(normalise(r.headerText ?? '')).toContain(CASE_NUMBER);
      expect(normalise(r.text)).toContain(TITLE);
      expect(r.words[0]).toMatchObject({ t: expect.any(String), c: expect.any(Number) });
      expect(r.words[0]!.b).toHaveLength(4);
      expect(r.flags.blank).toBeUndefined();
      expect(b).toMatchObject({ text: '', headerText: null, words: [], flags: { blank: true } });
    } finally {
      await recognizer.close();
    }
  });
});
