/**
 * File-type sniffing from magic bytes. Owns the decision "which of our four scan formats is
 * this?" and nothing else: the upload's file name and Content-Type are never trusted (a web
 * page or an executable renamed `.pdf` must be refused as `unsupported_type`, not half-parsed).
 * Pure: imports nothing (no node:fs, no sharp, no pdfjs), so the API, the worker and the
 * scanner agent's tests can all use it on the first bytes of a stream.
 */

/** The scan formats the pipeline accepts. */
export type ScanMimeType = 'application/pdf' | 'image/tiff' | 'image/jpeg' | 'image/png';

/**
 * How many leading bytes {@link sniffType} needs to decide every case: the PDF specification
 * lets readers accept up to 1024 bytes of junk before `%PDF-`, plus the 5 signature bytes.
 */
export const SNIFF_HEAD_BYTES = 1029;

/** Readers (Acrobat, pdf.js) tolerate this much junk before the PDF header; so do we. */
const PDF_HEADER_WINDOW = 1024;
const PDF_SIGNATURE = Buffer.from('%PDF-', 'latin1');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function startsWith(head: Buffer, bytes: readonly number[]): boolean {
  if (head.length < bytes.length) return false;
  return bytes.every((b, i) => head[i] === b);
}

/**
 * Type of a scan from its first bytes (pass at least {@link SNIFF_HEAD_BYTES} when available;
 * a shorter head is fine for a shorter file).
 *
 * - `application/pdf`: `%PDF-` starting within the first 1024 bytes.
 * - `image/tiff`: `II*\0` / `MM\0*` (classic TIFF) or `II+\0` / `MM\0+` (BigTIFF, which
 *   libtiff in sharp also reads; large multi-page scans use it).
 * - `image/jpeg`: `FF D8 FF`. `image/png`: the 8-byte PNG signature.
 * - Anything else (HTML, ZIP, ELF/PE executables, zero bytes) → `null`.
 *
 * Only the signature is checked: a file that passes may still be corrupt, which the
 * rasterizer reports as `pdf_corrupt` / `image_corrupt`.
 */
export function sniffType(head: Buffer): ScanMimeType | null {
  if (head.length === 0) return null;
  if (startsWith(head, [...PNG_SIGNATURE])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (
    startsWith(head, [0x49, 0x49, 0x2a, 0x00]) ||
    startsWith(head, [0x4d, 0x4d, 0x00, 0x2a]) ||
    startsWith(head, [0x49, 0x49, 0x2b, 0x00]) ||
    startsWith(head, [0x4d, 0x4d, 0x00, 0x2b])
  ) {
    return 'image/tiff';
  }
  const window = head.subarray(0, PDF_HEADER_WINDOW + PDF_SIGNATURE.length);
  if (window.indexOf(PDF_SIGNATURE) !== -1) return 'application/pdf';
  return null;
}
