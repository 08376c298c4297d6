/**
 * The court's case register on both legs (embedded; PostgreSQL + BullMQ + S3): the admin
 * import route (roles, rejected entries, upsert), and the real assemble stage checking the
 * case numbers it reads against the register in the database. Pages carry stored OCR text
 * (OCR disabled): what is tested is the check, not the reading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastLocate } from '../../ingest/fast-path.ts';
import { liveProvisionalEventsOfCase } from '../../storage/provisional.repo.ts';
import { assembleTexts, pendingFile } from '../helpers/seed-documents.ts';
import { legs, startTestServer, type TestServer } from '../helpers/test-runtime.ts';

const CASE = '（2025）赣0727执8577号';
const DECOY = '（2025）赣0727执8517号';

const triage = (caseLine: string, party: string, respondent = '浙江同创新材料股份有限公司'): string =>
  ['繁简分流表', caseLine, `申请执行人：${party}`, `被执行人：${respondent}`, '分流意见：快执', '分流理由：案情简单', '2025年6月18日'].join('\n');

for (const leg of legs('case register')) {
  describe(`case register [${leg}]`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(leg, { OCR_ENABLED: 'false' });
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('reads nothing against an empty register: a misread province is filed as read, and a clerk’s number is not questioned', async () => {
      const [doc] = await assembleTexts(server, [triage('案号：(2025)闽0727执8577号', '杨丽华')]);
      expect(doc).toMatchObject({ caseNumber: '（2025）闽0727执8577号', status: 'filed' });
      const res = await server.api(`/documents/${doc!.id}`, { method: 'PATCH', token: await server.token('clerk'), headers: { 'content-type': 'application/json' }, body: JSON.stringify({ caseNumber: '(2025)闽0727执8578号' }) });
      expect(await res.json()).toMatchObject({ caseNumber: '（2025）闽0727执8578号', warnings: [] });
    });

    it('imports the register (admin only), reporting entries it cannot read', async () => {
      const body = {
        cases: [
          { caseNumber: '(2025)赣0727执8577号', applicant: '杨丽华', respondent: '浙江同创新材料股份有限公司', filedOn: '2025-06-10', team: '快执团队' },
          { caseNumber: DECOY, applicant: '张伟', respondent: '无锡某某建材有限公司' },
          { caseNumber: '（2025）民初1号' },
          { caseNumber: CASE, filedOn: '10/06/2025' },
        ],
      };
      const post = (token?: string) =>
        server.api('/admin/register', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, ...(token ? { token } : {}) });
      expect((await post(await server.token('clerk'))).status).toBe(403);
      const res = await post();
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        written: 2,
        rejected: [
          { index: 2, caseNumber: '（2025）民初1号', message: '案号无法解析' },
          { index: 3, caseNumber: CASE, message: expect.stringContaining('YYYY-MM-DD') },
        ],
        size: 2,
      });
      // Upsert: the same batch again changes nothing in size.
      expect(await (await post()).json()).toMatchObject({ written: 2, size: 2 });
      expect(await (await server.api('/admin/register')).json()).toEqual({ size: 2 });
    });

    it('files a one-glyph misread under the registered case whose party the page names, and sends doubtful readings to a clerk', async () => {
      const docs = await assembleTexts(server, [
        // 闽 for 赣, 杨丽华 named: the registered case, no clerk needed
        triage('案号：(2025)闽0727执8577号', '杨丽华'),
        // 8578 is not registered; 8577 is one slip away but no party confirms it: proposed, reviewed
        triage('案号：(2025)赣0727执8578号', '王某某', '李某某'),
        // the province glyph unreadable (散): the only registered reading of the digits
        triage('案号：(2025)散0727执8577号', '杨丽华'),
        // registered, and its party named: kept
        triage(`案号：${CASE}`, '杨丽华'),
      ]);
      expect(docs.map((d) => [d.caseNumber, d.status, d.reviewCodes])).toEqual([
        [CASE, 'filed', []],
        [CASE, 'needs_review', ['case_number_unknown']],
        [CASE, 'filed', []],
        [CASE, 'filed', []],
      ]);
      expect(docs[0]!.reasons.join('\n')).toMatch(/（2025）闽0727执8577号 is not registered; （2025）赣0727执8577号, one OCR slip away, is, and its party 杨丽华 is named/);
      expect(docs[1]!.reasons.join('\n')).toMatch(/proposed, to be confirmed/);
      expect(docs[2]!.reasons.join('\n')).toMatch(/province glyph unreadable; （2025）赣0727执8577号 is the only registered reading/);
      // Neither unregistered reading became a case of its own (the 闽 case is the empty-register test's).
      const lookup = async (n: string) => ((await (await server.api(`/cases/${encodeURIComponent(n)}`)).json()) as { error?: { code: string } }).error?.code;
      expect(await lookup('（2025）赣0727执8578号')).toBe('case_not_found');
      expect(await lookup(CASE)).toBeUndefined();
    });

    it('reads a year whose last digit came out as a glyph from the register when the page names a party', async () => {
      const docs = await assembleTexts(server, [triage('案号：(202省赣0727执8577号', '杨丽华'), triage('案号：(202省赣0727执8577号', '王某某', '李某某')]);
      expect(docs.map((d) => [d.caseNumber, d.status, d.reviewCodes])).toEqual([
        [CASE, 'filed', []],
        [CASE, 'needs_review', ['case_number_unknown']],
      ]);
      expect(docs[0]!.reasons.join('\n')).toMatch(/year unreadable; （2025）赣0727执8577号 is the only registered reading, 杨丽华 and 浙江同创新材料股份有限公司 named/);
    });

    it('asks a clerk about a form dated before the registered filing day of its case', async () => {
      // the register (imported above) has the case filed on 2025-06-10
      const [early] = await assembleTexts(server, [triage(`案号：${CASE}`, '杨丽华').replace('2025年6月18日', '2025年6月9日')]);
      expect(early).toMatchObject({ caseNumber: CASE, status: 'needs_review', reviewCodes: ['case_date_mismatch'] });
      expect(early!.reasons.join('\n')).toMatch(/before its case （2025）赣0727执8577号 was filed \(2025-06-10 in the register\)/);
    });

    it('lets the header band place a registered number read through a repaired province glyph, and no unregistered number', async () => {
      const band = (caseLine: string) => ({ headerText: ['江西省龙南市人民法院', '繁简分流表', caseLine].join('\n'), lines: [], codes: [] });
      const { pages } = await pendingFile(server, 3);
      const emitted: string[] = [];
      const ctx = { attempt: 1, emit: async (j: { name: string }) => void emitted.push(j.name) };
      // 莹 for 赣, taken from the court's name (confidence 0.8, below the 0.9 an unconfirmed band needs): registered, so placed
      const placed = await fastLocate(server.rt.stageDeps, pages[0]!, band('案号：（2025）莹0727执8577号'), ctx);
      // read cleanly but not registered: not placed while a register is loaded
      const unregistered = await fastLocate(server.rt.stageDeps, pages[1]!, band('案号：（2025）赣0727执8578号'), ctx);
      // 闽 contradicts the court's 江西 (confidence 0.5): not placed even though 赣… is registered
      const contradicted = await fastLocate(server.rt.stageDeps, pages[2]!, band('案号：（2025）闽0727执8577号'), ctx);
      expect([placed !== null, unregistered, contradicted]).toEqual([true, null, null]);
      expect(emitted).toEqual(['locate']);
      const events = await liveProvisionalEventsOfCase(server.rt.database.db, placed!);
      expect(events.filter((e) => e.pageId === pages[0]!.id)).toMatchObject([{ formType: 'triage_sheet' }]);
    });

    it('keeps a clerk’s case number the register does not hold, and warns in the reply', async () => {
      const [doc] = await assembleTexts(server, [triage('案号：', '杨丽华')]);
      expect(doc).toMatchObject({ status: 'needs_review', reviewCodes: ['case_number_missing'] });
      const patch = async (caseNumber: string) => {
        const res = await server.api(`/documents/${doc!.id}`, { method: 'PATCH', token: await server.token('clerk'), headers: { 'content-type': 'application/json' }, body: JSON.stringify({ caseNumber }) });
        expect(res.status).toBe(200);
        return (await res.json()) as { caseNumber: string; status: string; warnings: Array<{ code: string; message: string }> };
      };
      // a typo (8578 for 8577): applied, with a warning a clerk can read
      const typo = await patch('(2025)赣0727执8578号');
      expect(typo).toMatchObject({ caseNumber: '（2025）赣0727执8578号', status: 'filed', warnings: [{ code: 'case_number_unregistered' }] });
      expect(typo.warnings[0]!.message).toBe('案号 （2025）赣0727执8578号 不在本院立案登记中，请核对');
      // the registered number: no warning
      expect(await patch(CASE)).toMatchObject({ caseNumber: CASE, status: 'filed', warnings: [] });
    });

    it('files a legacy number with one misread glyph in its court code under the registered case whose party is named', async () => {
      const legacy = '（2014）朝法执字第3626号';
      const res = await server.api('/admin/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cases: [{ caseNumber: legacy, applicant: '孙美玲', respondent: '北京中鑫投资管理有限公司' }, { caseNumber: '（2014）龙法执字第3626号', applicant: '王某某', respondent: '李某某' }] }) });
      expect(res.status).toBe(200);
      const sheet = (caseLine: string, party: string) => ['案款发放审批表', caseLine, `领款人：${party}`, '金额：800元', '审批意见：同意发放', '2014年9月24日'].join('\n');
      const docs = await assembleTexts(server, [sheet('案号：(2014)旨法执字第3626号', '孙美玲'), sheet('案号：(2014)旨法执字第3626号', '张三')]);
      // 旨法 is one glyph from 朝法 and from 龙法: the named party decides, and without one a clerk does
      expect(docs.map((d) => [d.caseNumber, d.status, d.reviewCodes])).toEqual([
        [legacy, 'filed', []],
        ['（2014）旨法执字第3626号', 'needs_review', ['case_number_unknown']],
      ]);
      expect(docs[0]!.reasons.join('\n')).toMatch(/（2014）旨法执字第3626号 is not registered; （2014）朝法执字第3626号, one OCR slip away, is, and its party 孙美玲 is named/);
    });

    it('sends a registered number to a clerk when only a neighbouring case’s party is named', async () => {
      const [doc] = await assembleTexts(server, [triage(`案号：${CASE}`, '张伟', '无锡某某建材有限公司')]);
      expect(doc).toMatchObject({ caseNumber: CASE, status: 'needs_review', reviewCodes: ['case_party_mismatch'] });
      expect(doc!.reasons.join('\n')).toMatch(new RegExp(`${DECOY}, one OCR slip away, names (张伟|无锡某某建材有限公司)`));
    });
  });
}
