/**
 * QR payloads on a page: case number from the code, cover-sheet detection, payload formats.
 */
import { describe, expect, it } from 'vitest';
import { applyPageCodes, classifyPage, loadRules } from '../../../classifier/index.ts';

const rules = loadRules();
const cover = { code: 'cover_sheet', name: '扫描分隔页' };

describe('applyPageCodes', () => {
  it('a QR-only page becomes a cover sheet with the case number of its code', () => {
    // GIVEN a page with no text and a QR code holding a case number in a half-width spelling
    const c = applyPageCodes(classifyPage({ text: '' }, rules), ['(2024)苏0205执1234号'], '', cover);
    // THEN it is a cover sheet of that case, with the reason stated
    expect(c).toMatchObject({ isCover: true, formType: 'cover_sheet', caseNumber: { canonical: '（2024）苏0205执1234号', confidence: 1 } });
    expect(c.reasons.join(' ')).toMatch(/QR code 1 holds case number/);
  });

  it('reads key=value payloads of label printers', () => {
    const c = applyPageCodes(classifyPage({ text: '' }, rules), ['批次=0012;案号=（2024）苏0205执恢9号'], '', cover);
    expect(c.caseNumber?.canonical).toBe('（2024）苏0205执恢9号');
  });

  it('a titled form keeps its form type; the code only fixes the case number OCR misread', () => {
    const text = '江苏省无锡市锡山区人民法院\n繁简分流表\n案号：（2024）苏0205执1Z34号\n分流意见：快执';
    const c = applyPageCodes(classifyPage({ text }, rules), ['（2024）苏0205执1234号'], text, cover);
    expect(c).toMatchObject({ formType: 'triage_sheet', isCover: false, caseNumber: { canonical: '（2024）苏0205执1234号' } });
  });

  it('ignores codes that are not case numbers, and a long untitled page is not a cover sheet', () => {
    const page = classifyPage({ text: '' }, rules);
    expect(applyPageCodes(page, ['https://example.org/x'], '', cover)).toBe(page);
    const long = '本院'.repeat(100);
    const c = applyPageCodes(classifyPage({ text: long }, rules), ['（2024）苏0205执1234号'], long, cover);
    expect(c.isCover).toBe(false);
    expect(c.caseNumber?.canonical).toBe('（2024）苏0205执1234号');
  });
});
