import { describe, expect, it } from 'vitest';
import { sealMask, whitenInMask } from '../../ocr/seal.ts';

/** A 200 dpi test image: white paper, a red square (the seal) at the right, black and light-grey strokes. */
function page(): { rgb: Buffer; gray: Buffer; width: number; height: number } {
  const width = 600;
  const height = 300;
  const rgb = Buffer.alloc(width * height * 3, 250);
  const set = (x: number, y: number, c: [number, number, number]) => rgb.set(c, (y * width + x) * 3);
  for (let y = 100; y < 200; y++) for (let x = 400; x < 500; x++) if ((x + y) % 3 === 0) set(x, y, [215, 70, 70]); // seal ink
  for (let y = 140; y < 150; y++) for (let x = 50; x < 550; x++) set(x, y, [20, 20, 20]); // a black line across both
  for (let y = 150; y < 152; y++) for (let x = 50; x < 550; x++) set(x, y, [190, 190, 190]); // its light anti-aliased edge
  const gray = Buffer.alloc(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = rgb[i * 3]!; // the red channel
  return { rgb, gray, width, height };
}

describe('seal whitening', () => {
  it('finds the blocks holding seal-red ink and whitens light greys only around them', () => {
    const { rgb, gray, width, height } = page();
    const m = sealMask(rgb, width, height, 200);
    expect(m.block).toBe(33);
    expect(m.sealBlocks).toBeGreaterThanOrEqual(9);
    const at = (x: number, y: number) => m.cells[Math.floor(y / m.block) * m.cols + Math.floor(x / m.block)];
    expect(at(450, 150)).toBe(1);
    expect(at(100, 150)).toBe(0);
    const changed = whitenInMask(gray, width, height, m, 175);
    expect(changed).toBeGreaterThan(0);
    // seal ink (red channel 215) and the light edge near the seal are white; far from it the edge stays
    expect(gray[150 * width + 451]).toBe(255);
    expect(gray[150 * width + 100]).toBe(190);
    // black print stays black everywhere
    expect(gray[145 * width + 450]).toBe(20);
    expect(gray[145 * width + 100]).toBe(20);
  });

  it('finds no seal on black-and-grey print', () => {
    const width = 200;
    const height = 200;
    const rgb = Buffer.alloc(width * height * 3, 240);
    for (let i = 0; i < rgb.length; i += 7) rgb[i] = 60;
    expect(sealMask(rgb, width, height, 200).sealBlocks).toBe(0);
  });
});
