/**
 * sniffType: the type comes from magic bytes only; renamed web pages and executables are
 * refused, and PDF's "up to 1024 bytes of junk before %PDF-" rule holds at its boundary.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SNIFF_HEAD_BYTES, sniffType } from '../../ingest/sniff.ts';

const bytes = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('sniffType', () => {
  it.each([
    ['PDF', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 'application/pdf'],
    ['little-endian TIFF', bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'image/tiff'],
    ['big-endian TIFF', bytes([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), 'image/tiff'],
    ['BigTIFF', bytes([0x49, 0x49, 0x2b, 0x00, 8, 0, 0, 0]), 'image/tiff'],
    ['JPEG (JFIF)', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16]), 'image/jpeg'],
    ['JPEG (Exif)', bytes([0xff, 0xd8, 0xff, 0xe1, 0, 16]), 'image/jpeg'],
    ['PNG', bytes(PNG_SIG, [0, 0, 0, 13]), 'image/png'],
  ])('recognises %s', (_label, head, type) => {
    expect(sniffType(head)).toBe(type);
  });

  it.each([
    ['zero bytes', Buffer.alloc(0)],
    ['HTML page', bytes('<!DOCTYPE html>\n<html><body>login</body></html>')],
    ['HTML with leading whitespace', bytes('\n\n  <html>')],
    ['ELF executable', bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])],
    ['Windows PE executable', bytes('MZ\x90\x00\x03\x00')],
    ['ZIP / DOCX', bytes([0x50, 0x4b, 0x03, 0x04])],
    ['GIF', bytes('GIF89a')],
    ['half a JPEG signature', bytes([0xff, 0xd8])],
    ['half a PNG signature', bytes(PNG_SIG.slice(0, 4))],
    ['"%PDF" without the dash', bytes('%PDF1.7')],
  ])('refuses %s', (_label, head) => {
    expect(sniffType(head)).toBeNull();
  });

  it('accepts up to 1024 bytes of junk before %PDF-, not 1025', () => {
    expect(sniffType(bytes(Buffer.alloc(1024, 0x20).toString('latin1'), '%PDF-1.4'))).toBe('application/pdf');
    expect(sniffType(bytes(Buffer.alloc(1025, 0x20).toString('latin1'), '%PDF-1.4'))).toBeNull();
    expect(SNIFF_HEAD_BYTES).toBeGreaterThanOrEqual(1024 + 5);
  });

  it('never throws and only answers one of the five values, for any bytes', () => {
    const answers = new Set([null, 'application/pdf', 'image/tiff', 'image/jpeg', 'image/png']);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (arr) => answers.has(sniffType(Buffer.from(arr)))),
      { numRuns: 500 },
    );
  });

  it('keeps the verdict of a signature whatever follows it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (tail) => {
        const t = Buffer.from(tail);
        return (
          sniffType(Buffer.concat([bytes(PNG_SIG), t])) === 'image/png' &&
          sniffType(Buffer.concat([bytes([0xff, 0xd8, 0xff]), t])) === 'image/jpeg' &&
          sniffType(Buffer.concat([bytes('%PDF-'), t])) === 'application/pdf'
        );
      }),
    );
  });
});
