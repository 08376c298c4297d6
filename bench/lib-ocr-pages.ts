/**
 * The OCR bench's page set: rendered forms, alternating degraded scans and clean pages.
 *
 * Owns: which pages the OCR bench (and anyone comparing OCR numbers) runs on, so numbers are
 * comparable across runs. Deterministic (seeded). Imports only the test fixture renderer.
 */
import {
  executionNoticeSpec,
  propertyReportOrderSpec,
  searchReferralSpec,
  triageSheetSpec,
} from '../tests/fixtures/form-specs.ts';
import { renderFormPage } from '../tests/fixtures/render-form.ts';
import type { FormSpec, RenderOptions } from '../tests/fixtures/render-form.ts';

export interface BenchPage {
  name: string;
  /** The file as a scanner/system would deliver it (JPEG for scans, PNG for clean pages). */
  image: Buffer;
  ext: 'jpg' | 'png';
  dpi: number;
  truth: string;
  title: string;
  caseNumber: string;
  kind: 'degraded' | 'clean';
}

const SPECS: Array<(cn?: string) => FormSpec> = [
  searchReferralSpec,
  triageSheetSpec,
  executionNoticeSpec,
  propertyReportOrderSpec,
];

const CASE_NUMBERS = ['（2024）苏0205执1234号', '（2023）苏0281执恢56号', '（2024）苏02执保789号', '（2022）苏0205执3001号'];

/** Degraded variants cycle through these scanner conditions. */
const DEGRADED: RenderOptions[] = [
  { dpi: 200, skewDeg: 1.2, noise: 0.5, jpegQuality: 50, seal: true },
  { dpi: 200, skewDeg: -2.0, noise: 0.4, jpegQuality: 60, seal: true, font: 'serif' },
  { dpi: 300, skewDeg: 0.8, noise: 0.3, jpegQuality: 70, seal: true },
];

/** Render `n` bench pages: even indexes degraded scans, odd indexes clean 300/200 dpi pages. */
export async function renderBenchPages(n: number): Promise<BenchPage[]> {
  const pages: BenchPage[] = [];
  for (let i = 0; i < n; i++) {
    const spec = SPECS[i % SPECS.length]!(CASE_NUMBERS[i % CASE_NUMBERS.length]);
    const degraded = i % 2 === 0;
    const opts: RenderOptions = degraded
      ? { ...DEGRADED[(i / 2) % DEGRADED.length]!, seed: 1000 + i }
      : { dpi: i % 4 === 1 ? 300 : 200, seal: true };
    const r = await renderFormPage(spec, opts);
    pages.push({
      name: `${String(i + 1).padStart(2, '0')}-${spec.title}-${degraded ? 'scan' : 'clean'}-${opts.dpi}`,
      image: r.jpeg ?? r.png,
      ext: r.jpeg ? 'jpg' : 'png',
      dpi: opts.dpi,
      truth: r.groundTruth,
      title: spec.title,
      caseNumber: spec.caseNumber,
      kind: degraded ? 'degraded' : 'clean',
    });
  }
  return pages;
}
