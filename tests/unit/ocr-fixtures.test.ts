/**
 * The fixture renderer and scan wrappers (tests/fixtures/) that OCR and pipeline tests rely on.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { searchReferralSpec, triageSheetSpec } from '../fixtures/form-specs.ts';
import { A4_POINTS, pagesToPdf, pagesToTiff, vectorPdf } from '../fixtures/make-scan.ts';
import { SAMPLES_DIR } from '../fixtures/render-fixtures.ts';
import type { SampleTruth } from '../fixtures/render-fixtures.ts';
import { renderFormPage } from '../fixtures/render-form.ts';
import { renderVectorPdf } from '../fixtures/vector-pdf.ts';

describe('renderFormPage', () => {
  it('renders an A4 page at the dpi with ground truth in reading order', async () => {
    const page = await renderFormPage(searchReferralSpec(), { dpi: 200, seal: true });
    expect([page.width, page.height]).toEqual([1654, 2339]);
    const meta = await sharp(page.png).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([1654, 2339, 'png']);
    const lines = page.groundTruth.split('\n');
    expect(lines.slice(0, 3)).toEqual(['江苏省无锡市锡山区人民法院', '财产查控移送表', '案号：（2024）苏0205执1234号']);
    expect(lines).toContain('被执行人张建国');
    expect(lines.at(-1)).toBe('2024年3月5日');
    // Seal text is not ground truth.
    expect(page.groundTruth).not.toContain('执行专用章');
    expect(page.groundTruth).not.toMatch(/[\u4e00-\u9fff] [\u4e00-\u9fff]/u);
  });

  it('is deterministic and emits a JPEG when asked', async () => {
    const opts = { dpi: 200, skewDeg: 1, noise: 0.4, jpegQuality: 60 } as const;
    const a = await renderFormPage(triageSheetSpec(), opts);
    const b = await renderFormPage(triageSheetSpec(), opts);
    expect(a.jpeg?.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(a.jpeg!.equals(b.jpeg!)).toBe(true);
    const c = await renderFormPage(triageSheetSpec(), { ...opts, seed: 99 });
    expect(c.jpeg!.equals(a.jpeg!)).toBe(false);
    expect((await sharp(a.jpeg!).metadata()).density).toBe(200);
  });

  it('draws a red seal only when asked', async () => {
    const redPixels = async (png: Buffer): Promise<number> => {
      const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      let n = 0;
      for (let i = 0; i < data.length; i += info.channels) if (data[i]! > 150 && data[i + 1]! < 120 && data[i + 2]! < 120) n++;
      return n;
    };
    const spec = { ...searchReferralSpec(), seal: false };
    expect(await redPixels((await renderFormPage(spec, { dpi: 200 })).png)).toBe(0);
    expect(await redPixels((await renderFormPage(spec, { dpi: 200, seal: true })).png)).toBeGreaterThan(5000);
  });
});

describe('scan wrappers', () => {
  it('pagesToPdf: one A4 page per image, JPEG embedded byte-for-byte', async () => {
    // GIVEN two scanner JPEGs
    const a = await renderFormPage(searchReferralSpec(), { dpi: 200, noise: 0.2, jpegQuality: 50 });
    const b = await renderFormPage(triageSheetSpec(), { dpi: 200, noise: 0.2, jpegQuality: 50 });
    // WHEN wrapped in a PDF
    const pdf = await pagesToPdf([a.jpeg!, b.jpeg!], 200);
    // THEN it has two A4 pages, each holding one DCT image equal to the original JPEG
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(2);
    const { width, height } = doc.getPage(0).getSize();
    expect(width).toBeCloseTo(A4_POINTS.width, 1);
    expect(height).toBeCloseTo(A4_POINTS.height, 1);
    const images = doc.context
      .enumerateIndirectObjects()
      .map(([, obj]) => obj)
      .filter((obj): obj is PDFRawStream => obj instanceof PDFRawStream && obj.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
    expect(images).toHaveLength(2);
    expect(images.some((img) => Buffer.from(img.contents).equals(a.jpeg!))).toBe(true);
    expect(images.some((img) => Buffer.from(img.contents).equals(b.jpeg!))).toBe(true);
  });

  it('pagesToTiff: a multi-page TIFF whose pages sharp can read one by one', async () => {
    const a = await renderFormPage(searchReferralSpec(), { dpi: 200 });
    const b = await renderFormPage(triageSheetSpec(), { dpi: 200 });
    const tiff = await pagesToTiff([a.png, b.png], 200, { compression: 'lzw' });
    const meta = await sharp(tiff).metadata();
    expect(meta.format).toBe('tiff');
    expect(meta.pages).toBe(2);
    expect(Math.round(meta.density ?? 0)).toBe(200);
    const p2 = await sharp(tiff, { page: 1 }).metadata();
    expect([p2.width, p2.height]).toEqual([1654, 2339]);
    await expect(pagesToTiff([a.png, (await renderFormPage(triageSheetSpec(), { dpi: 300 })).png], 200)).rejects.toThrow(
      /same pixel size/,
    );
  });

  it('vectorPdf: real text that pdfjs extracts as the ground truth', async () => {
    // GIVEN a vector PDF of a form
    const { pdf, groundTruth } = await renderVectorPdf(searchReferralSpec());
    expect((await vectorPdf(searchReferralSpec())).equals(pdf)).toBe(true);
    // WHEN pdfjs extracts its text
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
    const content = await (await doc.getPage(1)).getTextContent();
    const text = content.items.map((i) => ('str' in i ? i.str : '')).join('');
    await doc.destroy();
    // THEN it is the printed text (whitespace aside), and the file is small (font subset)
    expect(text.replace(/\s/g, '')).toBe(groundTruth.replace(/\s/g, ''));
    expect(pdf.length).toBeLessThan(60_000);
  });
});

describe('committed samples (npm run fixtures)', () => {
  it('exist, are small, and carry truth files', () => {
    const files = readdirSync(SAMPLES_DIR).filter((f) => !f.endsWith('.truth.json'));
    expect(files.sort()).toEqual([
      'execution-notice-clean.png',
      'search-referral-scan.jpg',
      'search-referral-scan.pdf',
      'search-referral-vector.pdf',
      'triage-notice-2p.tif',
    ]);
    let total = 0;
    for (const f of files) {
      const size = statSync(path.join(SAMPLES_DIR, f)).size;
      total += size;
      expect(size, f).toBeLessThan(300 * 1024);
      const truth = JSON.parse(readFileSync(path.join(SAMPLES_DIR, `${f}.truth.json`), 'utf8')) as SampleTruth;
      expect(truth.caseNumber).toMatch(/^（\d{4}）.+号$/u);
      expect(truth.text).toContain(truth.title);
    }
    expect(total).toBeLessThan(1.5 * 1024 * 1024);
    const tif = JSON.parse(readFileSync(path.join(SAMPLES_DIR, 'triage-notice-2p.tif.truth.json'), 'utf8')) as SampleTruth;
    expect(tif.pages?.map((p) => p.title)).toEqual(['繁简分流表', '执行通知书']);
  });
});
