import { describe, expect, it } from 'vitest';
import { coverNumbersFromNext } from '../../../classifier/cover-number.ts';

const CASE = '（2024）苏0205执1188号';
// seed 35: the cover's 〔〕 and 苏 lost, before the filing papers of its case
const LINE = '案号: (2024 0205执1188号';

describe('coverNumbersFromNext', () => {
  it('files a numberless cover under the number of the document after it when its own 案号 line holds that number\'s digits', () => {
    const out = coverNumbersFromNext([{ isCover: true, caseNumber: null, caseNumberLine: LINE }, { isCover: false, caseNumber: CASE }]);
    expect(out[0]).toMatchObject({ caseNumber: CASE });
    expect(out[0]?.reason).toContain(LINE);
    expect(out[1]).toBeNull();
  });

  it('leaves the cover to a clerk when the digits differ, the line is missing, or no numbered document follows it', () => {
    expect(coverNumbersFromNext([{ isCover: true, caseNumber: null, caseNumberLine: '案号: (2024 0205执1189号' }, { isCover: false, caseNumber: CASE }])[0]).toBeNull();
    expect(coverNumbersFromNext([{ isCover: true, caseNumber: null }, { isCover: false, caseNumber: CASE }])[0]).toBeNull();
    expect(coverNumbersFromNext([{ isCover: true, caseNumber: null, caseNumberLine: LINE }])[0]).toBeNull();
    expect(coverNumbersFromNext([{ isCover: true, caseNumber: null, caseNumberLine: LINE }, { isCover: false, caseNumber: null }, { isCover: false, caseNumber: CASE }])[0]).toBeNull();
    // the next cover's number is not this cover's
    expect(coverNumbersFromNext([{ isCover: true, caseNumber: null, caseNumberLine: LINE }, { isCover: true, caseNumber: CASE }])[0]).toBeNull();
    // a document that is no cover keeps its missing number
    expect(coverNumbersFromNext([{ isCover: false, caseNumber: null, caseNumberLine: LINE }, { isCover: false, caseNumber: CASE }])[0]).toBeNull();
  });
});
