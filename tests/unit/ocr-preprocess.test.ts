import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isPermanentError } from '../../errors.ts';
import { BLANK_DARK_RATIO, DEFAULT_PREPROCESS, preprocessPage } from '../../ocr/preprocess.ts';
import { decodePgm } from '../../ocr/pgm.ts';
import { searchReferralSpec, triageSheetSpec } from '../fixtures/form-specs.ts';
import { renderFormPage } from '../fixtures/render-form.ts';
import { degradeAndEncode } from '../fixtures/scan-degrade.ts';

describe('preprocessPage', () => {
  it.each([
    { skew: 1.2, dpi: 200 as const },
    { skew: -2.5, dpi: 200 as const },
    { skew: 0.7, dpi: 300 as const },
  ])('estimates a skew of $skew° at $dpi dpi within ±0.5° and deskews', async ({ skew, dpi }) => {
    // GIVEN a degraded, sealed scan whose content was rotated by `skew` degrees
    const page = await renderFormPage(triageSheetSpec(), { dpi, skewDeg: skew, noise: 0.4, jpegQuality: 60, seal: true });
    // WHEN it is preprocessed
    const r = await preprocessPage(page.jpeg!, { dpi });
    // THEN the estimate is close, the page was straightened, and its size is unchanged
    expect(Math.abs(r.skewDeg - skew)).toBeLessThanOrEqual(0.5);
    expect(r.deskewed).toBe(Math.abs(r.skewDeg) > 0.5);
    expect(r.flags.blank).toBe(false);
    expect([r.width, r.height]).toEqual([page.width, page.height]);
    const pgm = decodePgm(r.image);
    expect(pgm).toMatchObject({ width: page.width, height: page.height });
  });

  it('leaves a straight page alone', async () => {
    const page = await renderFormPage(searchReferralSpec(), { dpi: 200 });
    const r = await preprocessPage(page.png, { dpi: 200 });
    expect(Math.abs(r.skewDeg)).toBeLessThanOrEqual(0.2);
    expect(r.deskewed).toBe(false);
  });

  it('suppresses red seal ink but keeps black text', async () => {
    // GIVEN a straight page with a red seal whose star sits over the date line
    const page = await renderFormPage(searchReferralSpec(), { dpi: 200, seal: true });
    // WHEN preprocessed with and without seal suppression
    const red = await preprocessPage(page.png, { dpi: 200, seal: 'red-channel' });
    const luma = await preprocessPage(page.png, { dpi: 200, seal: 'none' });
    // THEN inside the seal (centre ≈ x 1203, y 1814 at 200 dpi) far fewer pixels stay inked
    // (< 180: seal ink is mid-grey in luma, near-white in the red channel),
    const darkIn = (gray: Buffer, x0: number, y0: number, x1: number, y1: number): number => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (gray[y * page.width + x]! < 180) n++;
      return n;
    };
    const sealRed = darkIn(red.gray, 1050, 1660, 1360, 1980);
    const sealLuma = darkIn(luma.gray, 1050, 1660, 1360, 1980);
    expect(sealRed).toBeLessThan(sealLuma * 0.5);
    // AND the title (black, no seal) is as dark in both
    const titleRed = darkIn(red.gray, 400, 300, 1250, 420);
    expect(titleRed).toBeGreaterThan(1000);
    expect(Math.abs(titleRed - darkIn(luma.gray, 400, 300, 1250, 420))).toBeLessThan(titleRed * 0.05);
  });


  it('whitens what the red channel leaves of the seal, only around the seal, and keeps the strokes grey', async () => {
    // GIVEN a degraded, low-contrast page with the seal over the date line
    const page = await renderFormPage(searchReferralSpec(), { dpi: 200, seal: true, noise: 0.3, jpegQuality: 60 });
    // WHEN preprocessed with the default whitening level and with whitening off
    const level = DEFAULT_PREPROCESS.whiten as number;
    const on = await preprocessPage(page.jpeg!, { dpi: 200 });
    const off = await preprocessPage(page.jpeg!, { dpi: 200, whiten: false });
    const count = (gray: Buffer, test: (v: number) => boolean, x0 = 1050, y0 = 1660, x1 = 1360, y1 = 1980): number => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (test(gray[y * page.width + x]!)) n++;
      return n;
    };
    // THEN the seal's light-grey ring and star are gone (they were there without whitening)
    const light = (v: number): boolean => v >= level && v < 250;
    expect(count(off.gray, light)).toBeGreaterThan(2000);
    expect(count(on.gray, light)).toBe(0);
    // AND strokes keep their grey levels (anti-aliasing), the title as dark as before
    expect(count(on.gray, (v) => v > 60 && v < level, 400, 300, 1250, 420)).toBeGreaterThan(100);
    expect(count(on.gray, (v) => v < level, 400, 300, 1250, 420)).toBe(count(off.gray, (v) => v < level, 400, 300, 1250, 420));
    // AND away from the seal nothing is whitened (a global clip thinned a 7 into nothing)
    expect(count(on.gray, light, 400, 300, 1250, 420)).toBe(count(off.gray, light, 400, 300, 1250, 420));
    expect(count(on.gray, light, 400, 300, 1250, 420)).toBeGreaterThan(0);
    expect(on.sealBlocks).toBeGreaterThan(10);
  });
  it('flags a blank noisy scan as blank, and a page with one short line as not blank', async () => {
    // GIVEN an empty A4 page at 200 dpi with heavy sensor noise and dust speckles
    const width = 1654;
    const height = 2339;
    const white = Buffer.alloc(width * height * 4, 255);
    const blank = await degradeAndEncode(white, width, height, 200, { noise: 0.7, seed: 3, jpegQuality: 50 });
    // AND a page whose only print is its title and an empty 案号 line
    const sparse = await renderFormPage({ title: '送达回证', caseNumber: '', fields: [] }, { dpi: 200, noise: 0.5, jpegQuality: 50 });
    // WHEN both are preprocessed
    const b = await preprocessPage(blank.jpeg!, { dpi: 200 });
    const s = await preprocessPage(sparse.jpeg!, { dpi: 200 });
    // THEN only the empty page is blank
    expect(b.flags.blank).toBe(true);
    expect(b.skewDeg).toBe(0);
    expect(s.flags.blank).toBe(false);
  });

  it('keeps a faint, blurred content page (grey print on grey paper) out of the blanks', async () => {
    // GIVEN a form page and an empty noisy page, both printed faint (0..255 → 115..230) and blurred
    const page = await renderFormPage(searchReferralSpec(), { dpi: 200, noise: 0.3, jpegQuality: 70 });
    const faint = (img: Buffer) => sharp(img).linear(0.45, 115).blur(1.4).jpeg({ quality: 70 }).toBuffer();
    const white = await degradeAndEncode(Buffer.alloc(1654 * 2339 * 4, 255), 1654, 2339, 200, { noise: 0.6, seed: 5, jpegQuality: 60 });
    const content = await preprocessPage(await faint(page.jpeg!), { dpi: 200 });
    const empty = await preprocessPage(await faint(white.jpeg!), { dpi: 200 });
    // THEN only the empty page is blank, although the faint page has few pixels below the dark threshold
    expect(content.darkRatio).toBeLessThan(BLANK_DARK_RATIO);
    expect(content.flags.blank).toBe(false);
    expect(empty.flags.blank).toBe(true);
  });

  it('reads grey and EXIF-rotated input', async () => {
    // GIVEN a grey PNG stored sideways with EXIF orientation 6 (rotate 90° clockwise to view)
    const page = await renderFormPage(searchReferralSpec(), { dpi: 200 });
    const sideways = await sharp(page.png).greyscale().rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    // WHEN preprocessed
    const r = await preprocessPage(sideways, { dpi: 200 });
    // THEN it comes out upright (portrait) and not blank
    expect([r.width, r.height]).toEqual([page.width, page.height]);
    expect(r.flags.blank).toBe(false);
    expect(Math.abs(r.skewDeg)).toBeLessThanOrEqual(0.2);
  });

  it('rejects an undecodable image as PermanentError image_corrupt', async () => {
    const err = await preprocessPage(Buffer.from('definitely not an image'), { dpi: 200 }).catch((e: unknown) => e);
    expect(isPermanentError(err)).toBe(true);
    expect((err as { code: string }).code).toBe('image_corrupt');
    // A truncated JPEG (header only) is corrupt too.
    const page = await renderFormPage(searchReferralSpec(), { dpi: 200, jpegQuality: 60 });
    const truncated = page.jpeg!.subarray(0, 2000);
    const err2 = await preprocessPage(truncated, { dpi: 200 }).catch((e: unknown) => e);
    expect((err2 as { code?: string }).code).toBe('image_corrupt');
  });
});
