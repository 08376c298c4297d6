/**
 * Scanner fast path: when a PDF page is exactly one image drawn over the whole page, return
 * that image's own bytes (JPEG as is, Flate-compressed raw pixels as PNG) instead of
 * rendering — byte-exact and ~100× cheaper than pdf.js. Owns the pdf-lib object inspection
 * and the per-image decisions. Must not import pdfjs (rendering belongs to rasterize-pdf.ts)
 * or anything outside ingest/ except errors.ts. Every "not sure" returns `null` and the
 * caller renders instead; the only thing it throws is `image_too_large`.
 */
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFStream, decodePDFRawStream } from 'pdf-lib';
import type { PDFDocument, PDFObject } from 'pdf-lib';
import sharp from 'sharp';
import { PermanentError } from '../errors.ts';
import { findSingleImageUse } from './rasterize-pdf-content.ts';
import type { RasterPage } from './rasterize.ts';

const N = (name: string): PDFName => PDFName.of(name);

function numberOf(dict: PDFDict, key: string): number | undefined {
  const v = dict.lookup(N(key));
  return v instanceof PDFNumber ? v.asNumber() : undefined;
}

/** Colour components of an image colour space we can hand to sharp as is, else null. */
function componentsOf(doc: PDFDocument, cs: PDFObject | undefined): 1 | 3 | null {
  if (cs === N('DeviceGray') || cs === N('CalGray')) return 1;
  if (cs === N('DeviceRGB') || cs === N('CalRGB')) return 3;
  if (cs instanceof PDFArray && cs.size() >= 2) {
    const family = cs.lookup(0);
    if (family === N('CalGray')) return 1;
    if (family === N('CalRGB')) return 3;
    const icc = doc.context.lookup(cs.get(1));
    if (family === N('ICCBased') && icc instanceof PDFStream) {
      const n = numberOf(icc.dict, 'N');
      return n === 1 ? 1 : n === 3 ? 3 : null; // CMYK (N=4) JPEGs are often inverted: render
    }
  }
  return null;
}

/** The image's single filter name, `''` when unfiltered, `null` for filter chains. */
function singleFilter(dict: PDFDict): string | null {
  const f = dict.lookup(N('Filter'));
  if (f === undefined) return '';
  const name = f instanceof PDFArray ? (f.size() === 1 ? f.lookup(0) : null) : f;
  return name instanceof PDFName ? name.decodeText() : null;
}

/** Decoded bytes of the page's content stream(s), or null when a filter is unsupported. */
function pageContent(doc: PDFDocument, index0: number): Uint8Array | null {
  const contents = doc.getPage(index0).node.Contents();
  const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  const parts: Uint8Array[] = [];
  for (const ref of refs) {
    const stream = doc.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) return null;
    parts.push(decodePDFRawStream(stream).decode(), new Uint8Array([0x0a]));
  }
  return Buffer.concat(parts);
}

/** Walks XObjects (into forms, 3 levels deep) and returns the largest image's pixel count. */
export function largestImagePixels(doc: PDFDocument, index0: number): number {
  let largest = 0;
  const seen = new Set<PDFObject>();
  const visit = (resources: PDFDict | undefined, depth: number): void => {
    const xobjects = resources?.lookupMaybe(N('XObject'), PDFDict);
    if (!xobjects || depth > 3) return;
    for (const [, ref] of xobjects.entries()) {
      const x = doc.context.lookup(ref);
      if (!(x instanceof PDFStream) || seen.has(x)) continue;
      seen.add(x);
      const subtype = x.dict.lookup(N('Subtype'));
      if (subtype === N('Image')) {
        largest = Math.max(largest, (numberOf(x.dict, 'Width') ?? 0) * (numberOf(x.dict, 'Height') ?? 0));
      } else if (subtype === N('Form')) {
        visit(x.dict.lookupMaybe(N('Resources'), PDFDict), depth + 1);
      }
    }
  };
  visit(doc.getPage(index0).node.Resources(), 0);
  return largest;
}

/** Expands 1-bit grey rows (0 = black) to 8-bit grey. */
function expandBits(packed: Uint8Array, width: number, height: number): Buffer {
  const stride = Math.ceil(width / 8);
  const out = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((packed[y * stride + (x >> 3)]! >> (7 - (x & 7))) & 1) out[y * width + x] = 255;
    }
  }
  return out;
}

/**
 * The page's scan image taken directly, or `null` when the page must be rendered.
 *
 * Takes the fast path only when ALL hold: no /Rotate, no annotations, the content paints exactly
 * one image XObject (see {@link findSingleImageUse}) with an axis-aligned CTM that covers the
 * crop box (±1 % or 2 pt), no soft mask / mask / decode array, and the image is either
 * DCTDecode (grey/RGB; header checked with sharp, size must match, no EXIF rotation) or
 * FlateDecode without predictor at 8 bits grey/RGB or 1 bit grey.
 *
 * @throws PermanentError('image_too_large') when the image has more than `maxPixels` pixels.
 */
export async function extractPageImage(doc: PDFDocument, index0: number, maxPixels: number): Promise<RasterPage | null> {
  const page = doc.getPage(index0);
  if (page.getRotation().angle % 360 !== 0) return null;
  const annots = page.node.lookup(N('Annots'));
  if (annots instanceof PDFArray && annots.size() > 0) return null;

  const content = pageContent(doc, index0);
  const use = content && findSingleImageUse(content);
  if (!use) return null;
  const xobject = page.node.Resources()?.lookupMaybe(N('XObject'), PDFDict)?.lookup(N(use.name));
  if (!(xobject instanceof PDFRawStream)) return null;
  const dict = xobject.dict;
  if (dict.lookup(N('Subtype')) !== N('Image')) return null;
  if (dict.has(N('SMask')) || dict.has(N('Mask')) || dict.has(N('Decode')) || dict.has(N('ImageMask'))) return null;
  const width = numberOf(dict, 'Width');
  const height = numberOf(dict, 'Height');
  if (!width || !height || !Number.isInteger(width) || !Number.isInteger(height)) return null;
  if (width * height > maxPixels) {
    throw new PermanentError('image_too_large', `PDF 第 ${index0 + 1} 页图像 ${width}×${height} 像素，超过上限 ${maxPixels}`);
  }

  const [a, b, c, d, e, f] = use.ctm;
  const box = page.getCropBox();
  const tol = Math.max(2, 0.01 * Math.max(box.width, box.height));
  const covers =
    Math.abs(b) < 1e-6 && Math.abs(c) < 1e-6 && a > 0 && d > 0 &&
    Math.abs(e - box.x) <= tol && Math.abs(f - box.y) <= tol &&
    Math.abs(a - box.width) <= tol && Math.abs(d - box.height) <= tol;
  if (!covers) return null;
  const dpi = Math.round((width / (a / 72) + height / (d / 72)) / 2);

  const components = componentsOf(doc, dict.lookup(N('ColorSpace')));
  const bits = numberOf(dict, 'BitsPerComponent');
  const filter = singleFilter(dict);
  if (components === null) return null;

  if (filter === 'DCTDecode') {
    const image = Buffer.from(xobject.contents.buffer, xobject.contents.byteOffset, xobject.contents.byteLength);
    const meta = await sharp(image, { limitInputPixels: false }).metadata().catch(() => null);
    if (meta?.format !== 'jpeg' || meta.width !== width || meta.height !== height) return null;
    if ((meta.orientation ?? 1) !== 1) return null; // viewers ignore EXIF in PDFs; consumers would not
    return { image, format: 'jpeg', width, height, dpi, extracted: true };
  }

  if (filter === 'FlateDecode') {
    const parms = dict.lookupMaybe(N('DecodeParms'), PDFDict);
    if ((parms && (numberOf(parms, 'Predictor') ?? 1) > 1) || !(bits === 8 || (bits === 1 && components === 1))) return null;
    const expected = Math.ceil((width * components * bits) / 8) * height;
    let raw: Buffer;
    try {
      raw = inflateSync(xobject.contents, { maxOutputLength: expected + 1 });
    } catch {
      return null; // damaged or longer than declared: let pdf.js do what viewers do
    }
    if (raw.length < expected) return null;
    const pixels = bits === 1 ? expandBits(raw, width, height) : raw.subarray(0, expected);
    const image = await sharp(pixels, { raw: { width, height, channels: components } })
      .toColourspace(components === 1 ? 'b-w' : 'srgb') // else sharp widens grey to RGB
      .png()
      .toBuffer();
    return { image, format: 'png', width, height, dpi, extracted: true };
  }
  return null; // JBIG2, CCITT, JPX, LZW, chains: render with pdf.js
}
