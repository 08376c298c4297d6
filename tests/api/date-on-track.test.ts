/**
 * A document waiting for a clerk only for its date, settled by its case's track (ingest/
 * date-on-track.ts, run by the locate stage), on both legs: whichever of the two papers is
 * scanned first, the closing approval is filed with the reading on or after its case's 终本
 * ruling, the case reaches 结案 on that day, and it leaves the review queue. Documents are
 * stored through saveAssembly, as the assemble stage stores them (no OCR here).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateCase } from '../../ingest/locate.stage.ts';
import { getCaseByNumber } from '../../storage/cases.repo.ts';
import { getDocument } from '../../storage/documents.repo.ts';
import { assembleTexts, seedFile, type DocSpec } from '../helpers/seed-documents.ts';
import { legs, startTestServer, type TestServer } from '../helpers/test-runtime.ts';

const FIRST = '（2024）粤0304执5744号';
const LATER = '（2024）粤0304执5745号';
const BOTH_AFTER = '（2024）粤0304执5746号';
const READ = '（2024）粤0304执5747号';
const CHAIN = '（2024）粤0304执5748号';

const track = (caseNumber: string): DocSpec[] => [
  { formType: 'filing_approval', caseNumber, docDate: '2024-01-08' },
  { formType: 'triage_sheet', caseNumber, docDate: '2024-01-15', fields: { triageResult: { value: 'fast_track' } } },
  { formType: 'termination_ruling', caseNumber, docDate: '2024-07-25' },
];
/** A closing approval whose 审批日期 read 2024-07-02 and its signed line 2024-07-29. */
const closing = (caseNumber: string, date = '2024-07-02', other = '2024-07-29'): DocSpec => ({
  formType: 'closing_approval', caseNumber, docDate: date, status: 'needs_review', reviewCodes: ['ocr_low_confidence'],
  fields: { closingDate: { value: date, confidence: 0.4, reason: 'label 审批日期 at line 7' }, closingMethod: { value: 'termination_of_current' } },
  reasons: [`date field ${date} and the dated line 10 (${other}) differ by one digit: one is misread`],
  dateDoubt: { alternatives: [other] },
});

for (const leg of legs('date on track')) {
  describe(`a date in doubt settled by its case's track [${leg}]`, () => {
    let server: TestServer;
    let clerk: string;
    let judge: string;
    const node = async (cn: string) => ((await (await server.api(`/cases/${encodeURIComponent(cn)}`, { token: judge })).json()) as { node: { code: string; enteredAt: string } }).node;
    const reviewIds = async () => ((await (await server.api('/review?limit=100', { token: clerk })).json()) as { items: Array<{ id?: string; documentId?: string }> }).items.map((i) => i.id ?? i.documentId);

    beforeAll(async () => {
      server = await startTestServer(leg, { OCR_ENABLED: 'false' });
      [clerk, judge] = await Promise.all([server.token('clerk'), server.token('judge')]);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('files a closing approval scanned after its ruling with the reading on or after the ruling', async () => {
      await seedFile(server, track(FIRST));
      expect(await node(FIRST)).toMatchObject({ code: 'terminated', enteredAt: '2024-07-25' });
      // WHEN the closing approval arrives, its date in doubt
      const [id] = await seedFile(server, [closing(FIRST)]);
      // THEN it is filed on the 29th, not the 2nd, and the case is concluded that day
      const doc = await getDocument(server.rt.database.db, id!);
      expect(doc).toMatchObject({ status: 'filed', docDate: '2024-07-29', reviewCodes: [], dateDoubt: null });
      expect(doc!.reasons.at(-1)).toMatch(/date 2024-07-29 of the readings 2024-07-02, 2024-07-29: .*termination_ruling .* on 2024-07-25/);
      expect((doc!.fields.closingDate as { value: string; reason: string })).toMatchObject({ value: '2024-07-29', reason: expect.stringMatching(/read 2024-07-02, 2024-07-29 as the case's track bears out/) });
      expect(await node(FIRST)).toMatchObject({ code: 'concluded', enteredAt: '2024-07-29' });
      expect(await reviewIds()).not.toContain(id);
    });

    it('files it when the ruling that settles it is scanned after it, and not before', async () => {
      // GIVEN the closing approval scanned before anything else of its case: it waits
      const [id] = await seedFile(server, [closing(LATER)]);
      expect(await getDocument(server.rt.database.db, id!)).toMatchObject({ status: 'needs_review', caseId: null, dateDoubt: { alternatives: ['2024-07-29'] } });
      expect(await reviewIds()).toContain(id);
      // WHEN the filing approval arrives, nothing settles it yet (the 2nd and the 29th are both after it)
      await seedFile(server, track(LATER).slice(0, 1));
      expect(await getDocument(server.rt.database.db, id!)).toMatchObject({ status: 'needs_review' });
      // WHEN the triage sheet and the ruling arrive, THEN it is filed on the 29th
      await seedFile(server, track(LATER).slice(1));
      expect(await getDocument(server.rt.database.db, id!)).toMatchObject({ status: 'filed', docDate: '2024-07-29' });
      expect(await node(LATER)).toMatchObject({ code: 'concluded', enteredAt: '2024-07-29' });
    });

    it('stores the readings of a date in doubt from the real assemble stage, and its case settles them', async () => {
      await seedFile(server, track(READ));
      // GIVEN the OCR text of a closing approval whose 审批日期 reads June and its signed line July
      const text = ['广东省深圳市福田区人民法院', '结案审批表', '案号: (2024)粤0304执5747号', '申请执行人|李秀英', '被执行人深圳市金星电子科技有限公司', '结案方式终结本次执行程序', '审批日期| 2024年6月29日', '审批意见同意结案', '广东省深圳市福田区人民法院', '2024年7月29日'].join('\n');
      // WHEN the assemble stage reads it (and the locate stage runs for its case, as the stage emits)
      const [doc] = await assembleTexts(server, [text]);
      expect(doc).toMatchObject({ formType: 'closing_approval', caseNumber: READ, status: 'needs_review', reviewCodes: ['ocr_low_confidence'], docDate: '2024-06-29', dateDoubt: { alternatives: ['2024-07-29'] } });
      await locateCase(server.rt.stageDeps, (await getCaseByNumber(server.rt.database.db, READ))!.id);
      // THEN only July stands on or after the ruling of 07-25
      expect(await getDocument(server.rt.database.db, doc!.id)).toMatchObject({ status: 'filed', docDate: '2024-07-29' });
      expect(await node(READ)).toMatchObject({ code: 'concluded', enteredAt: '2024-07-29' });
    });

    it('files two doubted papers when the later-scanned one settles the other, in one locate run', async () => {
      // GIVEN a case on the fast track since 07-10
      await seedFile(server, [track(CHAIN)[0]!, { ...track(CHAIN)[1]!, docDate: '2024-07-10' }]);
      // WHEN one file brings a closing approval read 07-12 or 07-29 (both after the triage
      // sheet: nothing settles it yet) and, after it, a 终本 ruling read 07-05 or 07-25
      const ruling: DocSpec = {
        formType: 'termination_ruling', caseNumber: CHAIN, docDate: '2024-07-05', status: 'needs_review', reviewCodes: ['ocr_low_confidence'],
        reasons: ['the signed date was read 2024-07-05 and 2024-07-25'], dateDoubt: { alternatives: ['2024-07-25'] },
      };
      const [closingId, rulingId] = await seedFile(server, [closing(CHAIN, '2024-07-12', '2024-07-29'), ruling]);
      // THEN the ruling is filed on the 25th (the only reading after the triage sheet), and
      // with it the closing approval on the 29th (the only reading after the ruling)
      expect(await getDocument(server.rt.database.db, rulingId!)).toMatchObject({ status: 'filed', docDate: '2024-07-25' });
      expect(await getDocument(server.rt.database.db, closingId!)).toMatchObject({ status: 'filed', docDate: '2024-07-29' });
      expect(await node(CHAIN)).toMatchObject({ code: 'concluded', enteredAt: '2024-07-29' });
    });

    it('leaves to a clerk a date both of whose readings fall after the ruling', async () => {
      await seedFile(server, track(BOTH_AFTER));
      const [id] = await seedFile(server, [closing(BOTH_AFTER, '2024-08-10', '2024-08-16')]);
      expect(await getDocument(server.rt.database.db, id!)).toMatchObject({ status: 'needs_review', docDate: '2024-08-10', dateDoubt: { alternatives: ['2024-08-16'] } });
      expect(await node(BOTH_AFTER)).toMatchObject({ code: 'terminated' });
      expect(await reviewIds()).toContain(id);
      // and the clerk is shown the other reading to choose
      const view = (await (await server.api(`/documents/${id}`, { token: clerk })).json()) as { date: string; otherDateReadings: string[] };
      expect(view).toMatchObject({ date: '2024-08-10', otherDateReadings: ['2024-08-16'] });
    });
  });
}
