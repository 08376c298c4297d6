/**
 * QR codes on a page (cover sheets and court-printed forms carry the case number in one).
 *
 * Owns: decoding with jsQR on a grey copy scaled to {@link QR_SCAN_WIDTH}. Pass the
 * preprocessed page (a PGM): decoding a 300 dpi PNG again costs ~600 ms, the PGM ~20 ms.
 * Measured on a 2480×3508 page with a 2 cm code: jsQR ~90–130 ms at this width, ~55–140 ms
 * on a page without a code. Returns payloads; what they mean is the classifier's business.
 * Must not import the classifier, storage, queue or api.
 */
import jsQRModule from 'jsqr';
import sharp from 'sharp';
import { decodePgm } from './pgm.ts';

// jsqr is CommonJS with an ESM-style `export default` in its types: under NodeNext the default
// import is the module object, whose `default` is the function.
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;

/** Width of the analysis copy (A4 at ~120 dpi: a 2 cm code keeps ≥ 3.5 px per module). */
export const QR_SCAN_WIDTH = 1000;

/** Decode the QR code jsQR finds on the page (jsQR reports at most one; cover sheets hold one). */
export async function decodeQrCodes(image: Buffer): Promise<string[]> {
  const pgm = decodePgm(image);
  const input = pgm ? sharp(pgm.gray, { raw: { width: pgm.width, height: pgm.height, channels: 1 } }) : sharp(image, { failOn: 'none' }).rotate();
  const { data, info } = await input.resize({ width: QR_SCAN_WIDTH, withoutEnlargement: true }).greyscale().raw().toBuffer({ resolveWithObject: true });
  // jsQR wants RGBA; expand the grey channel (cheap next to the decode itself).
  const rgba = new Uint8ClampedArray(info.width * info.height * 4);
  for (let i = 0, j = 0; i < data.length; i += info.channels, j += 4) {
    const v = data[i]!;
    rgba[j] = v;
    rgba[j + 1] = v;
    rgba[j + 2] = v;
    rgba[j + 3] = 255;
  }
  const found = jsQR(rgba, info.width, info.height, { inversionAttempts: 'dontInvert' });
  return found && found.data.trim() ? [found.data.trim()] : [];
}
