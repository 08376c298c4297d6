/**
 * Skew estimation and blank-page measurement on grey pixels.
 *
 * Owns: a projection-profile skew estimator (the angle whose row histogram of dark pixels is
 * most "peaky" — text lines and table rules line up) on a ~100 dpi box-downscaled copy, and
 * the dark-pixel ratio used for blank detection. Pure pixel code, no sharp, no I/O.
 */

export interface GrayImage {
  gray: Buffer;
  width: number;
  height: number;
}

/** Box-average downscale by an integer factor (cheap, and it averages away sensor noise). */
export function downscale(img: GrayImage, factor: number): GrayImage {
  const f = Math.max(1, Math.floor(factor));
  if (f === 1) return img;
  const width = Math.floor(img.width / f);
  const height = Math.floor(img.height / f);
  const out = Buffer.allocUnsafe(width * height);
  const area = f * f;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < f; dy++) {
        let o = (y * f + dy) * img.width + x * f;
        for (let dx = 0; dx < f; dx++) sum += img.gray[o++]!;
      }
      out[y * width + x] = Math.round(sum / area);
    }
  }
  return { gray: out, width, height };
}

/** Dark-pixel threshold: well below paper, above the greys a 3-px speckle averages to. */
const DARK = 110;

/** Coordinates of dark pixels, ignoring a margin (scanner borders and edge shadows). */
function darkPoints(img: GrayImage, marginFrac: number): { xs: Int32Array; ys: Int32Array; n: number } {
  const mx = Math.floor(img.width * marginFrac);
  const my = Math.floor(img.height * marginFrac);
  let n = 0;
  const cap = img.width * img.height;
  const xs = new Int32Array(cap);
  const ys = new Int32Array(cap);
  for (let y = my; y < img.height - my; y++) {
    const row = y * img.width;
    for (let x = mx; x < img.width - mx; x++) {
      if (img.gray[row + x]! < DARK) {
        xs[n] = x;
        ys[n] = y;
        n++;
      }
    }
  }
  return { xs, ys, n };
}

/** Share of pixels darker than `dark` in the page (a 3 % margin excluded); a blank scan is ~0. Counts only: no coordinates kept. */
export function darkRatio(img: GrayImage, dark = DARK): number {
  const mx = Math.floor(img.width * 0.03);
  const my = Math.floor(img.height * 0.03);
  let n = 0;
  for (let y = my; y < img.height - my; y++) {
    const row = y * img.width;
    for (let x = mx; x < img.width - mx; x++) if (img.gray[row + x]! < dark) n++;
  }
  return n / ((img.width * 0.94) * (img.height * 0.94));
}

function profileScore(xs: Int32Array, ys: Int32Array, n: number, height: number, width: number, deg: number): number {
  // Rows after rotating by -deg: y' = y - (x - cx) * tan(deg). Offset keeps indices positive.
  const t = Math.tan((deg * Math.PI) / 180);
  const cx = width / 2;
  const pad = Math.ceil(Math.abs(t) * width) + 1;
  const bins = new Int32Array(height + 2 * pad);
  for (let i = 0; i < n; i++) {
    bins[Math.round(ys[i]! - (xs[i]! - cx) * t) + pad]!++;
  }
  let score = 0;
  for (let i = 0; i < bins.length; i++) score += bins[i]! * bins[i]!;
  return score;
}

/**
 * Estimate the page's skew in degrees, clockwise positive (the angle the content was rotated
 * by; deskew by rotating -skew). Searches ±maxDeg coarse (0.5°), then refines to 0.05°.
 * Returns 0 when there is too little ink to tell.
 */
export function estimateSkew(img: GrayImage, maxDeg = 5): number {
  const { xs, ys, n } = darkPoints(img, 0.03);
  if (n < 200) return 0;
  let best = 0;
  let bestScore = -1;
  const search = (from: number, to: number, step: number): void => {
    for (let d = from; d <= to + 1e-9; d += step) {
      const s = profileScore(xs, ys, n, img.height, img.width, d);
      if (s > bestScore) {
        bestScore = s;
        best = d;
      }
    }
  };
  search(-maxDeg, maxDeg, 0.5);
  const coarse = best;
  search(coarse - 0.5, coarse + 0.5, 0.1);
  const mid = best;
  search(mid - 0.1, mid + 0.1, 0.025);
  return Math.round(best * 1000) / 1000;
}
