/**
 * openScan against real files: every bad input ends in the right PermanentError quickly and
 * without allocating the decoded size; scanner PDFs take the extraction fast path byte for
 * byte; vector pages render through pdf.js at renderDpi; images keep their bytes and DPI.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PDFDocument, StandardFonts, TextRenderingMode, concatTransformationMatrix, degrees, drawObject,
  popGraphicsState, pushGraphicsState, rgb, setTextRenderingMode,
} from 'pdf-lib';
import sharp from 'sharp';
import type { Region } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPermanentError } from '../../errors.ts';
import type { ReasonCode } from '../../errors.ts';
import { estimateImageDpi } from '../../ingest/rasterize-image.ts';
import { findSingleImageUse } from '../../ingest/rasterize-pdf-content.ts';
import { openScan } from '../../ingest/rasterize.ts';
import type { RasterLimits, RasterPage } from '../../ingest/rasterize.ts';
import * as fx from '../fixtures/bad-inputs.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rasterize-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Opens and renders every page; returns the PermanentError code (or the odd error) and time. */
async function failureOf(path: string, limits?: Partial<RasterLimits>): Promise<{ code: unknown; ms: number }> {
  const t0 = performance.now();
  try {
    const doc = await openScan(path, limits);
    try {
      for (let i = 0; i < doc.pageCount; i++) await doc.renderPage(i);
    } finally {
      await doc.close();
    }
    return { code: 'no error', ms: performance.now() - t0 };
  } catch (err) {
    return { code: isPermanentError(err) ? err.code : err, ms: performance.now() - t0 };
  }
}

async function renderAll(path: string, limits?: Partial<RasterLimits>): Promise<RasterPage[]> {
  const doc = await openScan(path, limits);
  try {
    const pages: RasterPage[] = [];
    for (let i = 0; i < doc.pageCount; i++) pages.push(await doc.renderPage(i));
    return pages;
  } finally {
    await doc.close();
  }
}

async function grey(image: Buffer, region?: Region): Promise<{ min: number; mean: number }> {
  // stats() reads the input, not the pipeline: materialise the crop first.
  const cropped = region ? await sharp(image).extract(region).png().toBuffer() : image;
  const { channels } = await sharp(await sharp(cropped).greyscale().png().toBuffer()).stats();
  return { min: channels[0]!.min, mean: channels[0]!.mean };
}

async function pdfWith(name: string, build: (doc: PDFDocument) => Promise<void>): Promise<string> {
  const doc = await PDFDocument.create();
  await build(doc);
  const path = join(dir, name);
  await writeFile(path, await doc.save());
  return path;
}

describe('bad inputs → PermanentError code, each in < 5 s', () => {
  const cases: Array<[string, ReasonCode, (d: string) => Promise<string>, Partial<RasterLimits>?]> = [
    ['zero-byte file', 'empty_file', fx.writeZeroByte],
    ['HTML renamed .pdf', 'unsupported_type', fx.writeHtmlAsPdf],
    ['ELF renamed .pdf', 'unsupported_type', fx.writeElfAsPdf],
    ['EXE renamed .pdf', 'unsupported_type', fx.writeExeAsPdf],
    ['PDF cut in half', 'pdf_corrupt', fx.writeTruncatedPdf],
    ['PDF header + garbage', 'pdf_corrupt', fx.writeGarbagePdf],
    ['password-protected PDF', 'pdf_encrypted', (d) => fx.writeEncryptedPdf(d, true)],
    ['2,000-page PDF', 'too_many_pages', fx.writeManyPagesPdf],
    ['PNG declaring 30000×30000', 'image_too_large', fx.writeHugeHeaderPng],
    ['JPEG declaring 30000×30000', 'image_too_large', fx.writeHugeHeaderJpeg],
    ['truncated JPEG', 'image_corrupt', fx.writeTruncatedJpeg],
    ['PNG with garbage IDAT', 'image_corrupt', fx.writeCorruptPng],
    ['3-page TIFF over maxPages 2', 'too_many_pages', (d) => fx.writeMultiPageTiff(d, 3), { maxPages: 2 }],
    ['vector page whose render exceeds maxPixels', 'image_too_large', (d) => fx.writeVectorPdf(d), { maxPixels: 1_000_000 }],
  ];
  it.each(cases)('%s → %s', async (_label, code, make, limits) => {
    const path = await make(dir);
    const { code: got, ms } = await failureOf(path, limits);
    expect(got).toBe(code);
    expect(ms).toBeLessThan(5_000);
  });

  it('rejects a PNG decompression bomb from its header, without decoding it', async () => {
    // GIVEN a valid 20000×20000 PNG (~50 KB on disk, 400 MB+ decoded)
    const path = await fx.writePngBomb(dir);
    const rssBefore = process.memoryUsage().rss;
    // WHEN it is opened with the default 100 MP limit
    const { code, ms } = await failureOf(path);
    // THEN it fails fast as image_too_large and memory barely moves
    expect(code).toBe('image_too_large');
    expect(ms).toBeLessThan(1_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(500 * 2 ** 20);
  });

  it('rejects a scanner page whose embedded image exceeds maxPixels', async () => {
    const path = join(dir, 'big-scan.pdf');
    await writeFile(path, await fx.makeScannerPdf([await fx.makeScanJpeg(200)])); // 1654×2339
    expect((await failureOf(path, { maxPixels: 3_000_000 })).code).toBe('image_too_large');
  });

  it('a render that outlives renderTimeoutMs becomes pdf_corrupt saying it timed out', async () => {
    const doc = await openScan(await fx.writeVectorPdf(dir), { renderTimeoutMs: 1 });
    const err: unknown = await doc.renderPage(0).then(() => null, (e: unknown) => e);
    await doc.close();
    expect(isPermanentError(err) && err.code).toBe('pdf_corrupt');
    expect((err as Error).message).toContain('超时');
  });
});

describe('PDF pages', () => {
  it('scanner PDF: takes the fast path and returns the embedded JPEGs byte for byte', async () => {
    // GIVEN a 3-page PDF made of 200 dpi JPEG scans drawn over A4 pages
    const jpegs = await Promise.all([1, 2, 3].map((n) => fx.makeScanJpeg(200, `PAGE ${n}`)));
    const path = join(dir, 'scanner.pdf');
    await writeFile(path, await fx.makeScannerPdf(jpegs));
    // WHEN every page is produced
    const t0 = performance.now();
    const pages = await renderAll(path);
    const perPage = (performance.now() - t0) / pages.length;
    // THEN each page is the original JPEG, unchanged, with the scan's DPI
    expect(pages.map((p) => p.image.equals(jpegs[pages.indexOf(p)]!))).toEqual([true, true, true]);
    for (const p of pages) expect(p).toMatchObject({ format: 'jpeg', width: 1654, height: 2339, dpi: 200, extracted: true });
    console.log(`scanner PDF fast path: ${perPage.toFixed(1)} ms/page (incl. open)`);
  });

  it.each([
    [300, 2480, 3508],
    [200, 1654, 2339],
  ])('vector PDF renders via pdf.js at %i dpi to %i×%i with dark text near the top', async (dpi, width, height) => {
    const path = await fx.writeVectorPdf(dir);
    const t0 = performance.now();
    const [page] = await renderAll(path, { renderDpi: dpi });
    console.log(`vector page render at ${dpi} dpi: ${(performance.now() - t0).toFixed(0)} ms (incl. open)`);
    expect(page).toMatchObject({ format: 'png', width, height, dpi, extracted: false });
    // 'Case 2024' sits 122 pt below the top edge: dark there, white in the lower half.
    expect((await grey(page!.image, { left: 0, top: 0, width, height: Math.round(height * 0.2) })).min).toBeLessThan(64);
    expect((await grey(page!.image, { left: 0, top: height >> 1, width, height: height - (height >> 1) })).min).toBe(255);
  });

  it('a PDF encrypted with an owner password only is rendered (never its ciphertext extracted)', async () => {
    const [page] = await renderAll(await fx.writeEncryptedPdf(dir, false));
    expect(page).toMatchObject({ format: 'png', extracted: false });
    expect((await grey(page!.image)).min).toBeLessThan(64);
  });

  it('keeps the fast path under an invisible OCR text layer, leaves it for visible marks and rotation', async () => {
    // GIVEN the same scan as three pages: + invisible text (Tr 3), + a visible stamp, rotated 90°
    const jpeg = await fx.makeScanJpeg(150);
    const path = await pdfWith('variants.pdf', async (doc) => {
      const image = await doc.embedJpg(jpeg);
      const font = await doc.embedFont(StandardFonts.Helvetica);
      const full = { x: 0, y: 0, width: fx.A4_PT.width, height: fx.A4_PT.height };
      const ocrLayer = doc.addPage([fx.A4_PT.width, fx.A4_PT.height]);
      ocrLayer.drawImage(image, full);
      ocrLayer.pushOperators(setTextRenderingMode(TextRenderingMode.Invisible));
      ocrLayer.drawText('Case 2024', { x: 72, y: 700, size: 12, font });
      const stamped = doc.addPage([fx.A4_PT.width, fx.A4_PT.height]);
      stamped.drawImage(image, full);
      stamped.drawRectangle({ x: 400, y: 100, width: 80, height: 80, color: rgb(0.9, 0.1, 0.1) });
      const rotated = doc.addPage([fx.A4_PT.width, fx.A4_PT.height]);
      rotated.drawImage(image, full);
      rotated.setRotation(degrees(90));
    });
    // WHEN rendered at 100 dpi THEN only the first is extracted; the rotated one is landscape
    const [ocrLayer, stamped, rotated] = await renderAll(path, { renderDpi: 100 });
    expect(ocrLayer).toMatchObject({ extracted: true, format: 'jpeg', dpi: 150 });
    expect(ocrLayer!.image.equals(jpeg)).toBe(true);
    expect(stamped).toMatchObject({ extracted: false, format: 'png', width: 827, height: 1169, dpi: 100 });
    expect(rotated).toMatchObject({ extracted: false, width: 1169, height: 827 });
  });

  it('extracts Flate-compressed RGB and 1-bit grey scans losslessly as PNG', async () => {
    // GIVEN an RGB gradient (pdf-lib stores PNGs as Flate RGB) and a 1-bit half-black image
    const rgbRaw = Buffer.alloc(300 * 400 * 3, 0).map((_, i) => (i * 7) & 255);
    const rgbPng = await sharp(rgbRaw, { raw: { width: 300, height: 400, channels: 3 } }).png().toBuffer();
    const bits = Buffer.alloc(8 * 32, 0).map((_, i) => (i % 8 < 4 ? 0x00 : 0xff)); // 64×32: left black
    const path = await pdfWith('flate.pdf', async (doc) => {
      const image = await doc.embedPng(rgbPng);
      doc.addPage([216, 288]).drawImage(image, { x: 0, y: 0, width: 216, height: 288 }); // 100 dpi
      const ref = doc.context.register(
        doc.context.flateStream(bits, { Type: 'XObject', Subtype: 'Image', Width: 64, Height: 32, ColorSpace: 'DeviceGray', BitsPerComponent: 1 }),
      );
      const page = doc.addPage([64 * 0.36, 32 * 0.36]); // 200 dpi
      const name = page.node.newXObject('Im', ref);
      page.pushOperators(pushGraphicsState(), concatTransformationMatrix(64 * 0.36, 0, 0, 32 * 0.36, 0, 0), drawObject(name), popGraphicsState());
    });
    // WHEN extracted THEN the pixels are exactly the source pixels
    const [rgbPage, bitPage] = await renderAll(path);
    expect(rgbPage).toMatchObject({ format: 'png', width: 300, height: 400, dpi: 100, extracted: true });
    expect((await sharp(rgbPage!.image).raw().toBuffer()).equals(rgbRaw)).toBe(true);
    expect(bitPage).toMatchObject({ format: 'png', width: 64, height: 32, dpi: 200, extracted: true });
    expect((await sharp(bitPage!.image).metadata()).channels).toBe(1);
    const px = await sharp(bitPage!.image).extractChannel(0).raw().toBuffer();
    expect([px[0], px[31], px[32], px[63], px[64 * 31 + 63]]).toEqual([0, 0, 255, 255, 255]);
  });

  it('serves pages in any order and concurrently; rejects bad indexes; close is idempotent', async () => {
    const path = join(dir, 'order.pdf');
    const jpegs = await Promise.all([1, 2, 3].map((n) => fx.makeScanJpeg(100, `P${n}`)));
    await writeFile(path, await fx.makeScannerPdf(jpegs));
    const doc = await openScan(path);
    const pages = await Promise.all([2, 0, 1].map((i) => doc.renderPage(i)));
    expect(pages.map((p) => jpegs.findIndex((j) => j.equals(p.image)))).toEqual([2, 0, 1]);
    await expect(doc.renderPage(3)).rejects.toThrow(RangeError);
    await expect(doc.renderPage(-1)).rejects.toThrow(RangeError);
    await doc.close();
    await doc.close();
    await expect(doc.renderPage(0)).rejects.toThrow(/closed/);
  });
});

describe('image files', () => {
  it('multi-page TIFF yields every page as PNG with the TIFF density', async () => {
    const pages = await renderAll(await fx.writeMultiPageTiff(dir, 3, 200));
    expect(pages).toHaveLength(3);
    for (const p of pages) expect(p).toMatchObject({ format: 'png', width: 400, height: 566, dpi: 200 });
    const means = await Promise.all(pages.map(async (p) => Math.round((await grey(p.image)).mean)));
    expect(means).toEqual([0, 40, 80]);
  });

  it('a bilevel G4 TIFF page stays one grey channel (not widened to RGB) with its 300 dpi', async () => {
    const [page] = await renderAll(await fx.writeG4Tiff(dir));
    expect(page).toMatchObject({ format: 'png', width: 2480, height: 3508, dpi: 300, extracted: false });
    expect((await sharp(page!.image).metadata()).channels).toBe(1);
    expect((await grey(page!.image, { left: 400, top: 400, width: 1600, height: 80 })).mean).toBe(0);
  });

  it.each([
    ['jpeg', 250, 250],
    ['png', 400, 400],
    ['jpeg', 1200, 600], // clamped
    ['png', 120, 150], // clamped
  ] as const)('%s with density %i dpi → dpi %i, original bytes kept', async (format, density, dpi) => {
    const path = await fx.writeImageWithDensity(dir, format, density);
    const [page] = await renderAll(path);
    expect(page).toMatchObject({ format, dpi, extracted: true, width: 620, height: 877 });
    expect(page!.image.equals(await readFile(path))).toBe(true);
  });

  it('a blank A4 page (no density) is accepted as a 300 dpi PNG', async () => {
    const [page] = await renderAll(await fx.writeBlankPage(dir));
    expect(page).toMatchObject({ format: 'png', width: 2480, height: 3508, dpi: 300 });
    expect((await grey(page!.image)).min).toBe(255);
  });

  it('estimateImageDpi believes plausible density, sizes A4 pages, defaults to 300, clamps 150–600', () => {
    expect(estimateImageDpi(300, 100, 100)).toBe(300);
    expect(estimateImageDpi(undefined, 2480, 3508)).toBe(300);
    expect(estimateImageDpi(72, 1654, 2339)).toBe(200); // camera/library default 72 is ignored
    expect(estimateImageDpi(96, 3508, 2480)).toBe(300); // landscape A4
    expect(estimateImageDpi(undefined, 1000, 1000)).toBe(300);
    expect(estimateImageDpi(undefined, 827, 1169)).toBe(150); // 100 dpi A4 → clamped
    expect(estimateImageDpi(2400, 100, 100)).toBe(600);
  });
});

describe('findSingleImageUse (content-stream check for the fast path)', () => {
  const use = (s: string): ReturnType<typeof findSingleImageUse> => findSingleImageUse(Buffer.from(s, 'latin1'));

  it('finds the image and its CTM through q/cm nesting, marked content, comments and gs', () => {
    const found = use('%scanner\nq /GS0 gs 1 0 0 1 0 0 cm /Artifact <</Type /Pagination (a\\)b)>> BDC\n q 595 0 0 842 0 0 cm /Im0 Do Q EMC Q');
    expect(found).toEqual({ name: 'Im0', ctm: [595, 0, 0, 842, 0, 0] });
  });

  it('allows invisible text (3 Tr) and restores the render mode with Q', () => {
    expect(use('q 3 Tr BT /F1 9 Tf 10 10 Td (hidden) Tj [(a) 5 (b)] TJ ET Q q 10 0 0 10 0 0 cm /I Do Q')).not.toBeNull();
    expect(use('q 3 Tr Q BT /F1 9 Tf (shown) Tj ET /I Do')).toBeNull();
  });

  it.each([
    ['visible text', 'BT /F1 9 Tf (x) Tj ET /I Do'],
    ['a path fill', '0 0 10 10 re f /I Do'],
    ['a clip path', '0 0 10 10 re W n /I Do'],
    ['two images', '/I Do /J Do'],
    ['an inline image', 'BI /W 1 /H 1 ID \x00 EI /I Do'],
    ['a shading', '/Sh0 sh /I Do'],
    ['no image at all', 'q Q'],
    ['Q without q', 'Q /I Do'],
    ['cm with a missing operand', '1 0 0 1 0 cm /I Do'],
    ['an unknown operator', 'foo /I Do'],
  ])('declines %s', (_label, content) => {
    expect(use(content)).toBeNull();
  });
});
