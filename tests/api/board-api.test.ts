/**
 * The command-centre board routes (`/board/summary`, `/board/cases`) on both legs: counts per
 * node × status × team, the team taken from the latest 承办人 (null when none), filters by
 * node / team / status, most urgent first, keyset paging that never repeats or skips, and the
 * supervisor-only roles. Documents are seeded through saveAssembly and located by the real
 * node engine (no OCR).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDocuments, type SeedDocument } from '../helpers/seed-documents.ts';
import { legs, startTestServer, type TestServer } from '../helpers/test-runtime.ts';

type Doc = SeedDocument;
const seed = seedDocuments;

const cn = (n: number) => `（2024）苏0205执${n}号`;
interface BoardCase {
  caseNumber: string;
  status: string;
  dueAt: string;
  team: string | null;
  node: { code: string; name: string };
  warnings: Array<{ message: string }>;
}

for (const leg of legs('board api')) {
  describe(`command-centre board api [${leg}]`, () => {
    let server: TestServer;
    let supervisor: string;
    const get = async <T>(p: string, token = supervisor) => {
      const res = await server.api(p, { token });
      return { status: res.status, body: (await res.json()) as T };
    };

    beforeAll(async () => {
      server = await startTestServer(leg, { OCR_ENABLED: 'false' });
      supervisor = await server.token('supervisor');
      // GIVEN 3 cases referred to 查控 by 李明 (one later re-referred by 王芳), 2 triaged to 快执
      // by 王芳, and 2 filed cases that never got a handler — all long overdue
      const referral = (n: number, date: string, handler: string): Doc => ({ formType: 'search_referral', caseNumber: cn(n), docDate: date, fields: { handler: { value: handler } } });
      const filing = (n: number, date: string): Doc => ({ formType: 'filing_approval', caseNumber: cn(n), docDate: date });
      await seed(server, [filing(1, '2024-01-02'), referral(1, '2024-01-03', '李明')]);
      await seed(server, [filing(2, '2024-01-05'), referral(2, '2024-01-06', '李明')]);
      await seed(server, [filing(3, '2024-01-08'), referral(3, '2024-01-09', '李明')]);
      await seed(server, [referral(3, '2024-01-10', '王芳')]);
      for (const n of [4, 5]) {
        await seed(server, [
          filing(n, '2024-02-01'),
          referral(n, '2024-02-02', '王芳'),
          { formType: 'triage_sheet', caseNumber: cn(n), docDate: `2024-02-0${n}`, fields: { triageResult: { value: 'fast_track' } } },
        ]);
      }
      await seed(server, [filing(6, '2024-03-01')]);
      await seed(server, [filing(7, '2024-03-02')]);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('is for supervisors (and admins) only', async () => {
      const judge = await server.token('judge');
      expect((await get('/board/summary', judge)).status).toBe(403);
      expect((await get('/board/cases', await server.token('clerk'))).status).toBe(403);
      expect((await get('/board/cases', await server.token('admin'))).status).toBe(200);
      expect((await server.api('/board/summary', { token: 'not-a-valid-token' })).status).toBe(401);
    });

    it('counts cases per node, status and team, the team being the latest 承办人', async () => {
      const { body } = await get<{ items: Array<{ node: string; status: string; team: string | null; count: number }> }>('/board/summary');
      const count = (node: string, team: string | null) => body.items.filter((i) => i.node === node && i.team === team).reduce((a, i) => a + i.count, 0);
      // case 3 was re-referred by 王芳: the latest handler wins
      expect(count('search_control', '李明')).toBe(2);
      expect(count('search_control', '王芳')).toBe(1);
      expect(count('fast_track', '王芳')).toBe(2);
      expect(count('filed', null)).toBe(2);
      expect(body.items.reduce((a, i) => a + i.count, 0)).toBe(7);
    });

    it('lists due-soon and overdue cases most urgent first, filtered by node, team and status', async () => {
      const all = (await get<{ items: BoardCase[] }>('/board/cases')).body.items;
      expect(all).toHaveLength(7);
      expect(all.every((c) => c.status === 'overdue' || c.status === 'due_soon')).toBe(true);
      expect(all.map((c) => c.dueAt)).toEqual([...all.map((c) => c.dueAt)].sort());
      const fast = (await get<{ items: BoardCase[] }>('/board/cases?node=fast_track')).body.items;
      expect(fast.map((c) => c.caseNumber).sort()).toEqual([cn(4), cn(5)]);
      expect(fast[0]).toMatchObject({ team: '王芳', node: { code: 'fast_track', name: '快执' } });
      expect(fast[0]!.warnings[0]!.message).toContain('快执');
      const wang = (await get<{ items: BoardCase[] }>(`/board/cases?team=${encodeURIComponent('王芳')}`)).body.items;
      expect(wang.map((c) => c.caseNumber).sort()).toEqual([cn(3), cn(4), cn(5)]);
      const none = (await get<{ items: BoardCase[] }>('/board/cases?team=')).body.items;
      expect(none.map((c) => [c.caseNumber, c.team])).toEqual([[cn(6), null], [cn(7), null]]);
      expect((await get<{ items: BoardCase[] }>('/board/cases?status=due_soon')).body.items).toEqual([]);
      expect((await get('/board/cases?status=on_time')).status).toBe(400);
      expect((await get('/board/cases?node=DROP%20TABLE')).status).toBe(400);
    });

    it('pages with a cursor that never repeats or skips a case', async () => {
      const seen: string[] = [];
      let cursor = '';
      for (let i = 0; i < 10; i++) {
        const { body } = await get<{ items: BoardCase[]; next: string | null }>(`/board/cases?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...body.items.map((c) => c.caseNumber));
        if (!body.next) break;
        cursor = body.next;
      }
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
      expect((await get('/board/cases?cursor=bogus')).status).toBe(400);
    });
  });
}
