/**
 * The review UI renders the classifier's English reason lines in Chinese. The lines here are
 * produced by the classifier's own functions, so a reworded reason fails this test instead of
 * reaching clerks in English.
 */
import { describe, expect, it } from 'vitest';
import { reasonZh } from '../../api/web/src/reasons-zh.ts';
import { alternativesBeforeFiling, caseBeside, dateIsFilingDay, datedBeforeFiling, decideWithRegister, filingDayAmongReadings, inheritedNotBorneOut, type RegisteredCase } from '../../classifier/case-register.ts';
import { chooseDocDate } from '../../classifier/doc-date.ts';
import { classifyPage, coverNumbersFromNext, loadRules } from '../../classifier/index.ts';

const CASE = '（2025）赣0727执8577号';
const reg = (...cases: Array<[string, string[]]>): Map<string, RegisteredCase> => new Map(cases.map(([caseNumber, parties]) => [caseNumber, { caseNumber, parties }]));
const page = (line: string, party = '杨丽华') => `繁简分流表\n${line}\n申请执行人：${party}`;

describe('reasonZh', () => {
  it('renders every reason of the register check and the date checks in Chinese', () => {
    const lines = [
      ...decideWithRegister({ read: CASE, text: page(CASE) }, reg([CASE, ['杨丽华']])).reasons,
      ...decideWithRegister({ read: '（2025）闽0727执8577号', text: page('x') }, reg([CASE, ['杨丽华']])).reasons,
      ...decideWithRegister({ read: '（2025）赣0727执8578号', text: page('x', '王某') }, reg([CASE, ['杨丽华']])).reasons,
      ...decideWithRegister({ read: '（2025）赣0727执8578号', text: page('x', '王某') }, reg()).reasons,
      ...decideWithRegister({ read: CASE, text: page(CASE, '张伟') }, reg([CASE, ['杨丽华']], ['（2025）赣0727执8578号', ['张伟']])).reasons,
      ...decideWithRegister({ read: null, text: page('案号：(2025)散0727执8577号') }, reg([CASE, []])).reasons,
      ...decideWithRegister({ read: null, text: page('案号：(2025)散0727执8577号', '王某') }, reg([CASE, ['杨丽华']], ['（2025）苏0727执8577号', ['张伟']])).reasons,
      ...chooseDocDate({ lines: ['二〇三四年九月二日'], fieldDate: null, latest: '2026-06-30' }).reasons,
      ...chooseDocDate({ lines: ['二O三四年七月一日'], fieldDate: null, earliest: '2024-01-01', latest: '2024-07-20' }).reasons.filter((r) => r.includes('scan day')),
      ...chooseDocDate({ lines: ['申请执行人于2024年11月11日申请', '2024年11月1日'], fieldDate: null }).reasons,
      ...chooseDocDate({ lines: ['本院于2024年3月2日立案执行'], fieldDate: null }).reasons,
      ...chooseDocDate({ lines: ['2024年1]月26日'], fieldDate: null }).reasons,
      ...chooseDocDate({ lines: ['审批日期2025年9月1]日', '2025年9月11日'], fieldDate: { name: 'closingDate', value: '2025-09-11' } }).reasons,
      ...chooseDocDate({ lines: ['立案日期2024年9月1a目', '2024年9月13日'], fieldDate: { name: 'filingDate', value: '2024-09-01' } }).reasons,
      ...chooseDocDate({ lines: ['立案日期2024年9月1a目', '2024年10月13日'], fieldDate: { name: 'filingDate', value: '2024-09-01' } }).reasons,
      ...chooseDocDate({ lines: ['查询日期 2024.8.20', '2024.8.26'], fieldDate: { name: 'feedbackDate', value: '2024-08-20' } }).reasons,
      ...chooseDocDate({ lines: ['江西省龙南市人民法院', '人〇二7六年一月一日'], fieldDate: null, earliest: '2025-01-01', latest: '2026-06-30' }).reasons,
      ...chooseDocDate({ lines: ['二@Q二五年二月二日'], fieldDate: null, earliest: '2025-01-01', latest: '2026-06-30' }).reasons,
      ...decideWithRegister({ read: null, text: page('(202省赣0727执8577号') }, reg([CASE, ['杨丽华']])).reasons,
      filingDayAmongReadings({ formType: 'filing_approval', docDate: '2025-03-24', dateAlternatives: ['2025-03-21'] }, { caseNumber: CASE, parties: [], filedOn: '2025-03-21' })?.reason ?? 'missing',
      ...coverNumbersFromNext([{ isCover: true, caseNumber: null, caseNumberLine: '案号: (2025 0727执8577号' }, { isCover: false, caseNumber: CASE }]).flatMap((c) => (c ? [c.reason] : [])),
      ...decideWithRegister({ read: null, text: page('(202省赣0727执8577号', '王某') }, reg([CASE, ['杨丽华']])).reasons,
      ...decideWithRegister({ read: null, text: page('案号：(2025)赣0727风8577呈') }, reg([CASE, ['杨丽华']])).reasons,
      ...decideWithRegister({ read: '（2025）赣0727执8号', text: page('案号：(2025)赣0727执8二5了7殷') }, reg(['（2025）赣0727执5号', ['杨丽华']])).reasons,
      ...decideWithRegister({ read: null, text: page('案号：(2025)赣0727风8577呈', '王某') }, reg([CASE, ['杨丽华']])).reasons,
      ...classifyPage({ text: '江苏省无锡市锡山区人民法院\n案号: (2013)锡山法执字第4573号\n被执行人刘海燕\n执行通知书已发出2013.7.14\n报告财产令已发出' }, loadRules()).reasons.filter((r) => r.includes('in a row')),
      ...chooseDocDate({ lines: ['审批日期20]4.2.15', '2014.9.15'], fieldDate: { name: 'closingDate', value: '2014-02-15' } }).reasons,
      ...chooseDocDate({ lines: ['分流日期2024年3月11日', '2024年3月1日'], fieldDate: { name: 'triageDate', value: '2024-03-11' } }).reasons,
      ...chooseDocDate({ lines: ['分流日期2024年3月1日', '2024年3月11日'], fieldDate: { name: 'triageDate', value: '2024-03-01' } }).reasons,
      ...chooseDocDate({ lines: ['江西省龙南市人民法院', '2024年9月5日'], rereadings: [[], ['2024年8月5日']], fieldDate: null }).reasons,
      ...chooseDocDate({ lines: ['移送日期2024年9月5日', '江西省龙南市人民法院', '2024年9月5日'], rereadings: [[], [], ['2024年8月5日']], fieldDate: null }).reasons.filter((r) => r.includes('read again')),
      datedBeforeFiling({ formType: 'triage_sheet', docDate: '2025-06-08' }, { caseNumber: CASE, parties: [], filedOn: '2025-06-10' }) as string,
      ...classifyPage({ text: '广东省佛山市禅城区人民法院\n此人简分流表\n案呈62 .02 4)四0604仇3216呈\n分流意见 精执' }, loadRules()).reasons.filter((r) => r.startsWith('the 案号 line')),
      ...classifyPage({ text: '(2025)竟0727执9778号\n被执行人:深圳市金辉电子科技有限公司\n本院受理申请执行人何振东申请执行你单位服务合同纠纷一案，责令你单位在收到本令后五日内，如实向本院报告当前以及收到执行通知之日前一年的财产情况。\n江西省龙南市人民法院\n2025年4月29日' }, loadRules()).reasons.filter((r) => r.startsWith('no title recognised, but')),
      ...(caseBeside('原告:杨丽华\n被告:张伟', [CASE], reg([CASE, ['杨丽华', '张伟']]))?.reasons ?? []),
      ...(caseBeside('原告:杨丽华\n被告:张伟', [CASE, '（2025）赣0727执8578号'], reg([CASE, ['杨丽华', '张伟']], ['（2025）赣0727执8578号', ['张伟', '王某']]))?.reasons ?? []),
      inheritedNotBorneOut('申请执行书\n申请执行人:高明辉', { caseNumber: CASE, parties: ['杨丽华', '张伟'] }) as string,
      dateIsFilingDay({ formType: 'filing_approval', docDate: '2025-03-24' }, { caseNumber: CASE, parties: [], filedOn: '2025-03-24' }) as string,
      'its own 案号 line ("案号: (2025)访0411 5执49 2 0号") holds the digits of （2025）沪0115执4920号 in order',
      'its own 案号 line ("案号: (2025)访0411 5执49 2 0号") does not bear the number out: proposed, to be confirmed',
      alternativesBeforeFiling({ formType: 'extension_approval', docDate: '2024-11-21', dateAlternatives: ['2024-01-21'] }, { caseNumber: CASE, parties: [], filedOn: '2024-11-05' }) as string,
      ...chooseDocDate({ lines: ['结案日期 2035-10-13', '2025-10-13'], fieldDate: { name: 'closingDate', value: '2035-10-13' }, earliest: '2025-01-01', latest: '2026-06-30' }).reasons.filter((r) => r.includes('cannot bear')),
      'case number （2025）赣0727执8577号 from the header band (the full page read none)',
      "case number （2025）苏0205执1578号 read on a later page differs from （2025）京0105执8327号, the first page's: the first page's taken, to be confirmed",
      'case number （2025）赣0727执8577号 confirmed by the register: its uncertain reading needs no clerk',
      ...chooseDocDate({ lines: ['移送日期2024.7.20', '2024.7.20'], fieldDate: { name: 'transferDate', value: '2024-07-20' }, workingDaysOnly: true, knowsDaysOff: () => true }).reasons.filter((r) => r.includes('day off')),
    ];
    expect(lines.length).toBeGreaterThanOrEqual(20);
    for (const line of lines) {
      const zh = reasonZh(line);
      expect(zh, line).not.toBe(line);
      expect(zh, line).not.toMatch(/[a-z]{4,}/);
    }
    expect(reasonZh(lines[1]!)).toBe(`识别出的案号 （2025）闽0727执8577号 未登记；相差一字的登记案号 ${CASE} 的当事人 杨丽华 见于文书，按 ${CASE} 归档`);
  });
});
