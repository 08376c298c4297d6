/**
 * Cases for the command-centre board in the browser test, seeded without OCR (one old scanned
 * file, so today's intake view does not list it).
 */
import { seedDocuments, type SeedDocument } from '../helpers/seed-documents.ts';
import type { TestServer } from '../helpers/test-runtime.ts';

function shanghaiDaysAgo(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * `n` cases, seeded as one file received two days ago: i < 3 entered 快执 42 days ago (45-day
 * limit → due soon); the rest were filed in 2023 and sit overdue in 快执, 实施 or 查控, handled
 * by 张伟, 王芳, 赵强 or nobody. Returns how many cases are in 快执, counting the test's case A.
 */
export async function seedBoardCases(server: TestServer, n: number): Promise<number> {
  let fast = 1; // case A
  const all: SeedDocument[] = [];
  for (let i = 0; i < n; i++) {
    const caseNumber = `（2023）苏0205执${3000 + i}号`;
    const handler = ['张伟', '王芳', '赵强', null][i % 4];
    const kind = i < 3 ? 0 : i % 3;
    const day = (k: number) => (i < 3 ? shanghaiDaysAgo(44 - k) : `2023-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + k + (i % 20)).padStart(2, '0')}`);
    const docs: SeedDocument[] = [
      { formType: 'filing_approval', caseNumber, docDate: day(0) },
      { formType: 'execution_notice', caseNumber, docDate: day(1) },
    ];
    if (handler) docs.push({ formType: 'search_referral', caseNumber, docDate: day(1), fields: { handler: { value: handler } } });
    if (kind !== 2 || !handler) docs.push({ formType: 'triage_sheet', caseNumber, docDate: day(2), fields: { triageResult: { value: kind === 1 ? 'implementation' : 'fast_track' } } });
    if (kind === 0 || (kind === 2 && !handler)) fast += 1;
    all.push(...docs);
  }
  await seedDocuments(server, all);
  // Received the day before yesterday: today's intake shows only the test's own uploads.
  await server.rt.database.db.execute(`UPDATE scan_files SET received_at = now() - interval '2 days' WHERE filename = 'seed.pdf'` as never);
  return fast;
}
