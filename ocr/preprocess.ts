/**
 * Page-image preprocessing before OCR (sharp + small pixel loops), at the scan's native
 * resolution.
 *
 * Owns: decoding (and rejecting undecodable images as PermanentError('image_corrupt')),
 * EXIF auto-orientation, red-seal suppression, grey conversion, optional contrast
 * normalisation and binarisation, skew estimation and deskew, and blank-page detection. Each
 * step is a switch because each was measured against rendered fixtures (see the bench and the
 * report in DEFAULT_PREPROCESS): keep only what pays. Output is a PGM for tesseract.
 * Must not import the classifier, storage, queue or api.
 */
import sharp from 'sharp';
import type { Metadata } from 'sharp';
import { PermanentError } from '../errors.ts';
import { encodePgm } from './pgm.ts';
import { sealMask, whitenInMask, type SealMask } from './seal.ts';
import { darkRatio, downscale, estimateSkew } from './skew.ts';

export interface PreprocessOptions {
  /** Scan resolution (for the ~100 dpi analysis copy). */
  dpi: number;
  /**
   * 'red-channel': use the red channel as grey — red seal ink turns near-white while black
   * text stays black (free: one sharp channel op). 'none': luma grey.
   */
  seal?: 'red-channel' | 'none';
  /** Stretch contrast (sharp normalise). */
  normalise?: boolean;
  /** Median filter window (3 = 3x3) against sensor noise; false = none. */
  median?: number | false;
  /** Gaussian blur sigma against sensor noise; false = none. */
  blur?: number | false;
  /** Deskew when |estimated skew| exceeds this many degrees; false = estimate only. */
  deskewAbove?: number | false;
  /** Binarise at this grey level (0–255); false = keep grey (field notes: thresholding hurt). */
  threshold?: number | false;
  /**
   * Inside the blocks that hold the seal's red ink (ocr/seal.ts), pixels at or above this grey
   * level become paper white; darker ones keep their grey (the strokes' anti-aliasing). The
   * red channel leaves a seal as a light grey ring and star over the date line, which
   * tesseract still read as strokes; false = keep every grey.
   */
  whiten?: number | false;
}

/**
 * Defaults chosen by measurement: mean CER over 8 rendered pages (4 degraded sealed skewed
 * scans, 4 clean sealed pages), tesseract.js chi_sim, psm 3, real dpi:
 *   file as delivered 0.173 · luma grey 0.182 · red channel 0.046 · luma+deskew 0.161 ·
 *   **red+deskew 0.031** · +normalise 0.155 (it stretches the faint seal back in) ·
 *   +threshold 140 0.036 · +median 3 0.031 (+250 ms) · +blur 0.7 0.035.
 * Deskew alone was neutral for skews ≤ 1.2° but cut CER from 0.26–0.41 to 0.02–0.14 at 3–4.5°.
 * Cost at 200 dpi: ~100–170 ms a page (decode + red channel ~60, analysis ~50, deskew ~120).
 * whiten 175 around the seal (ocr/seal.ts): of 20 bench pages whose seal-covered date had been
 * lost, 12 read right against 3 without whitening; a global clip at 205 gave 11, at 175 13, but
 * a global clip thinned strokes away from the seal too (a 7 in a clean table, the full-width
 * bracket of 案号 lines). Seal blocks: red − max(green, blue) > 20 on 1% of a ~4 mm block,
 * grown by two blocks.
 */
export const DEFAULT_PREPROCESS: Omit<PreprocessOptions, 'dpi'> = {
  seal: 'red-channel',
  normalise: false,
  median: false,
  blur: false,
  deskewAbove: 0.5,
  threshold: false,
  whiten: 175,
};

export interface PreprocessedPage {
  /** Binary PGM of the processed page, ready for tesseract. */
  image: Buffer;
  /** Raw grey pixels (width*height) of the same page. */
  gray: Buffer;
  width: number;
  height: number;
  /** Estimated skew of the input, degrees clockwise (0 when not estimated). */
  skewDeg: number;
  /** True when the page was rotated by -skewDeg. */
  deskewed: boolean;
  flags: { blank: boolean };
  /** Share of dark pixels on the analysis copy (blank when below BLANK_DARK_RATIO). */
  darkRatio: number;
  /** Blocks of the page found holding seal-red ink (0 on grey scans or without a seal). */
  sealBlocks: number;
  /** Milliseconds per step, for benches and logs. */
  timings: Record<string, number>;
}

/**
 * Dark-pixel share under which a page counts as blank. Measured on the ~100 dpi copy: blank
 * noisy scans (noise 0.5, speckles) ≈ 0.0000–0.0002; a page with one 12 pt line ≈ 0.002.
 */
export const BLANK_DARK_RATIO = 0.0008;

/**
 * Grey level and share for the second blank test: faint or blurred print (a low-contrast
 * scan) averages to greys above the dark threshold on the analysis copy, so two content pages
 * of bench:accuracy were taken for blank (dark share 0.0005–0.0007). Measured on its corpus:
 * share of pixels below 170 on blank pages ≤ 0.00065 (noise 0.58), on low-contrast or blurred
 * content pages ≥ 0.0055. A page is blank only when both shares are below their limits.
 */
export const BLANK_GREY_LEVEL = 170;
export const BLANK_GREY_RATIO = 0.002;

/** Preprocess one page image (PNG/JPEG/TIFF page/WebP). Throws PermanentError('image_corrupt'). */
export async function preprocessPage(image: Buffer, opts: PreprocessOptions): Promise<PreprocessedPage> {
  const o = { ...DEFAULT_PREPROCESS, ...opts };
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = Math.round((now - t) * 10) / 10;
    t = now;
  };

  let meta: Metadata;
  try {
    meta = await sharp(image).metadata();
  } catch (err) {
    throw new PermanentError('image_corrupt', `图像无法解码：${(err as Error).message}`);
  }
  // autoOrient applies EXIF orientation before anything else.
  const colour = (meta.channels ?? 1) >= 3 && meta.space !== 'b-w';
  const whiten = o.whiten !== false && o.whiten !== undefined ? o.whiten : null;
  let gray: Buffer;
  let width: number;
  let height: number;
  let seal: SealMask | null = null;
  try {
    if (o.seal === 'red-channel' && colour && whiten !== null) {
      // The colour pixels are needed to find the seal; the red channel is taken from them.
      const out = await sharp(image, { failOn: 'error' }).autoOrient().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
      if (out.info.channels !== 3) throw new Error(`expected 3 channels, got ${out.info.channels}`);
      width = out.info.width;
      height = out.info.height;
      gray = Buffer.allocUnsafe(width * height);
      for (let i = 0, j = 0; i < gray.length; i++, j += 3) gray[i] = out.data[j]!;
      seal = sealMask(out.data, width, height, opts.dpi || 200);
    } else {
      const pipeline = sharp(image, { failOn: 'error' }).autoOrient();
      const out = await (o.seal === 'red-channel' && colour ? pipeline.extractChannel('red') : pipeline.greyscale()).raw().toBuffer({ resolveWithObject: true });
      if (out.info.channels !== 1) throw new Error(`expected 1 channel, got ${out.info.channels}`);
      gray = out.data;
      width = out.info.width;
      height = out.info.height;
    }
  } catch (err) {
    throw new PermanentError('image_corrupt', `图像无法解码：${(err as Error).message}`);
  }
  lap('decodeGray');
  let sealBlocks = 0;
  if (seal && whiten !== null && seal.sealBlocks > 0) {
    whitenInMask(gray, width, height, seal, whiten);
    sealBlocks = seal.sealBlocks;
    lap('whitenSeal');
  }

  // Filters run as a second pipeline on the grey pixels: sharp orders operations itself, and
  // chained after extractChannel they were applied to the colour image (normalise undid the
  // seal suppression: CER 0.16 instead of 0.03 — measured).
  if (o.median || o.blur || o.normalise) {
    let f = sharp(gray, { raw: { width, height, channels: 1 } });
    if (o.median) f = f.median(o.median);
    if (o.blur) f = f.blur(o.blur);
    if (o.normalise) f = f.normalise();
    gray = await f.extractChannel(0).raw().toBuffer();
    lap('filters');
  }

  const small = downscale({ gray, width, height }, Math.round((opts.dpi || 200) / 100));
  const ratio = darkRatio(small);
  const blank = ratio < BLANK_DARK_RATIO && darkRatio(small, BLANK_GREY_LEVEL) < BLANK_GREY_RATIO;
  lap('analyse');

  let skewDeg = 0;
  let deskewed = false;
  if (!blank) {
    skewDeg = estimateSkew(small);
    lap('estimateSkew');
    const deskewAbove = o.deskewAbove ?? 0.5;
    if (deskewAbove !== false && Math.abs(skewDeg) > deskewAbove) {
      gray = await rotateKeepSize(gray, width, height, -skewDeg);
      deskewed = true;
      lap('deskew');
    }
  }


  if (o.threshold !== false) {
    const th = o.threshold ?? 128;
    for (let i = 0; i < gray.length; i++) gray[i] = gray[i]! < th ? 0 : 255;
    lap('threshold');
  }

  const pgm = encodePgm(gray, width, height);
  lap('encode');
  return { image: pgm, gray, width, height, skewDeg, deskewed, flags: { blank }, darkRatio: ratio, sealBlocks, timings };
}

/** Rotate grey pixels about the centre, fill with white, and crop back to the same size. */
async function rotateKeepSize(gray: Buffer, width: number, height: number, deg: number): Promise<Buffer> {
  const rotated = await sharp(gray, { raw: { width, height, channels: 1 } })
    .rotate(deg, { background: { r: 255, g: 255, b: 255 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width: rw, height: rh } = rotated.info;
  const left = Math.max(0, Math.floor((rw - width) / 2));
  const top = Math.max(0, Math.floor((rh - height) / 2));
  return sharp(rotated.data, { raw: { width: rw, height: rh, channels: rotated.info.channels } })
    .extract({ left, top, width: Math.min(width, rw), height: Math.min(height, rh) })
    .extractChannel(0)
    .raw()
    .toBuffer();
}
