/**
 * Where the court's red seal (公章) lies on a colour scan, and the whitening of what the red
 * channel leaves of it.
 *
 * The red channel turns seal ink light but not white: a grey ring and star stay over the
 * signing date, the line OCR lost most often (bench:accuracy). Whitening every light grey on
 * the page (a global clip) fixed those dates but thinned strokes everywhere else (a 7 became
 * unreadable on a clean 200 dpi table), so only blocks that hold seal-red pixels, and their
 * neighbours, are whitened. Pure pixel code; no I/O.
 */

/** A pixel is seal ink when red exceeds both green and blue by this much (black and grey print: ~0; blue ink: < 0; a faint seal: 20–40). */
const SEAL_RED_MARGIN = 20;
/** Blocks around a seal block that are whitened too (the seal's faint rim and JPEG halo). */
const SEAL_GROW = 2;
/** Share of seal-red pixels that makes a block part of the seal (the ring's strokes in a ~4 mm block). */
const SEAL_BLOCK_SHARE = 0.01;

export interface SealMask {
  /** Block edge in pixels. */
  block: number;
  cols: number;
  rows: number;
  /** 1 where the block (or a neighbour) holds seal ink. */
  cells: Uint8Array;
  /** Blocks found holding seal ink (before growing). */
  sealBlocks: number;
}

/** Blocks of an RGB (3 channels, row-major) image that hold seal-red ink, grown by SEAL_GROW blocks (`tune`: for probes). */
export function sealMask(rgb: Buffer, width: number, height: number, dpi: number, tune: { margin?: number; share?: number; grow?: number } = {}): SealMask {
  const margin = tune.margin ?? SEAL_RED_MARGIN;
  const grow = tune.grow ?? SEAL_GROW;
  const block = Math.max(8, Math.round(dpi / 6));
  const cols = Math.ceil(width / block);
  const rows = Math.ceil(height / block);
  const counts = new Uint32Array(cols * rows);
  for (let y = 0; y < height; y++) {
    const rowBase = Math.floor(y / block) * cols;
    let i = y * width * 3;
    for (let x = 0; x < width; x++, i += 3) {
      const r = rgb[i]!;
      const g = rgb[i + 1]!;
      const b = rgb[i + 2]!;
      if (r - (g > b ? g : b) > margin) counts[rowBase + Math.floor(x / block)]!++;
    }
  }
  const seal = new Uint8Array(cols * rows);
  const need = block * block * (tune.share ?? SEAL_BLOCK_SHARE);
  let sealBlocks = 0;
  for (let k = 0; k < counts.length; k++) {
    if (counts[k]! < need) continue;
    seal[k] = 1;
    sealBlocks++;
  }
  const cells = new Uint8Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (!seal[r * cols + c]) continue;
      for (let dr = -grow; dr <= grow; dr++) for (let dc = -grow; dc <= grow; dc++) {
        const rr = r + dr;
        const cc = c + dc;
        if (rr >= 0 && rr < rows && cc >= 0 && cc < cols) cells[rr * cols + cc] = 1;
      }
    }
  }
  return { block, cols, rows, cells, sealBlocks };
}

/** Set grey pixels at or above `level` to white inside the mask's blocks; returns how many changed. */
export function whitenInMask(gray: Buffer, width: number, height: number, mask: SealMask, level: number): number {
  let changed = 0;
  for (let y = 0; y < height; y++) {
    const rowBase = Math.floor(y / mask.block) * mask.cols;
    const o = y * width;
    for (let x = 0; x < width; x++) {
      if (!mask.cells[rowBase + Math.floor(x / mask.block)]) continue;
      const v = gray[o + x]!;
      if (v >= level && v !== 255) {
        gray[o + x] = 255;
        changed++;
      }
    }
  }
  return changed;
}
