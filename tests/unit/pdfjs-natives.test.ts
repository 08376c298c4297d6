/**
 * pdf.js's bundled core-js polyfills replace JSON.stringify, JSON.parse, Array#push and
 * Function#toString process-wide, which made every JSON response and jsonb row of the API several
 * times slower (found by the scale bench). ingest/pdfjs.ts puts the natives back; this checks
 * they stay native after a real PDF is opened and rendered through the rasterizer.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';

// Captured before anything loads pdf.js (the rasterizer is imported dynamically below). core-js
// makes its replacements print as "[native code]", so identity is the only honest check.
const natives = [JSON.stringify, JSON.parse, Array.prototype.push, Function.prototype.toString];
const current = () => [JSON.stringify, JSON.parse, Array.prototype.push, Function.prototype.toString];

describe('pdf.js leaves the natives alone', () => {
  it('JSON.stringify, JSON.parse, Array#push and Function#toString stay native after rendering a PDF', async () => {
    // GIVEN a vector PDF (no embedded scan image, so pdf.js renders it on its main-thread worker)
    const doc = await PDFDocument.create();
    const page = doc.addPage([200, 200]);
    page.drawText('native', { x: 20, y: 100, size: 24, font: await doc.embedFont(StandardFonts.Helvetica) });
    const dir = await mkdtemp(join(tmpdir(), 'pdfjs-natives-'));
    const file = join(dir, 'vector.pdf');
    await writeFile(file, await doc.save());
    try {
      // WHEN the rasterizer opens and renders it
      const { openScan } = await import('../../ingest/rasterize.ts');
      const scan = await openScan(file);
      try {
        await scan.renderPage(0);
      } finally {
        await scan.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // THEN the builtins are still V8's own
    expect(current().map((fn, i) => fn === natives[i])).toEqual([true, true, true, true]);
  });
});
