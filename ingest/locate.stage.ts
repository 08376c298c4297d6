/**
 * Stage `locate`: re-run the node engine (classifier/locateNode, pure) over a case's dated
 * events (plus the live fast-path events of pages still being read; documents waiting only for
 * a date these events settle are filed first, ingest/date-on-track.ts) and store the result as
 * the case's snapshot; the change feed gets a row only when the
 * node, its warnings or its clocks changed. Idempotent: running it twice writes one change.
 */
import { locateNode, type CaseEvent, type LimitStatus, type NodeResult } from '../classifier/index.ts';
import { eventsOfCase, getCase, writeSnapshot } from '../storage/cases.repo.ts';
import { liveProvisionalEventsOfCase } from '../storage/provisional.repo.ts';
import { settleDatesOnTrack } from './date-on-track.ts';
import { sql } from 'drizzle-orm';
import type { Db } from '../storage/db.ts';
import type { StageContext, StageDeps } from './stage-types.ts';

/** Advisory lock class of `locate` (the second key is the case id). */
const LOCATE_LOCK = 7_301_003;

const RANK: Record<LimitStatus, number> = { on_time: 0, due_soon: 1, overdue: 2 };

/** The case's most urgent status and due date over its node and its running deadline clocks. */
export function urgencyOf(result: NodeResult): { status: LimitStatus; dueAt: string | null } {
  let status: LimitStatus = result.node?.status ?? 'on_time';
  let dueAt: string | null = result.node?.dueAt ?? null;
  for (const c of result.clocks) {
    if (RANK[c.status] > RANK[status] || (RANK[c.status] === RANK[status] && c.status !== 'on_time' && (dueAt === null || c.dueAt < dueAt))) {
      status = c.status;
      dueAt = c.dueAt;
    }
  }
  return { status, dueAt };
}

/** The node as the contract shows it (`GET /cases`, `/nodes`). */
export function contractNode(result: NodeResult): Record<string, unknown> {
  const n = result.node;
  if (!n) return { code: null };
  return { code: n.code, name: n.name, enteredAt: n.enteredAt, dueAt: n.dueAt, status: n.status, basis: n.basis };
}

export async function locateCase(deps: StageDeps, caseId: number, _ctx?: StageContext): Promise<boolean> {
  // Read the events and write the snapshot under one per-case lock, so two runs for one case
  // (an assembled file, a correction, the daily re-evaluation, another worker) cannot
  // interleave and leave the older reading as the snapshot: the later run sees every event
  // committed before it took the lock.
  return deps.db.transaction(async (txn) => {
    const db = txn as unknown as Db;
    await db.execute(sql`SELECT pg_advisory_xact_lock(${LOCATE_LOCK}, (${caseId} % 2147483647)::int)`);
    return locateLocked(deps, db, caseId);
  });
}

async function locateLocked(deps: StageDeps, db: Db, caseId: number): Promise<boolean> {
  const row = await getCase(db, caseId);
  if (!row) return false;
  const events: CaseEvent[] = (await eventsOfCase(db, caseId)).map((e) => ({
    documentId: e.documentId,
    formType: e.formType,
    date: e.eventDate,
    scanSeq: e.scanSeq,
    fields: e.fields as CaseEvent['fields'],
  }));
  // Documents waiting only for their date that these events settle are filed first, and count.
  await settleDatesOnTrack(db, caseId, row.caseNumber, events, deps.rules.nodes);
  // Fast-path events of pages still being read; `page:<id>` marks the basis as provisional.
  for (const e of await liveProvisionalEventsOfCase(db, caseId)) {
    events.push({ documentId: `page:${e.pageId}`, formType: e.formType, date: e.eventDate, scanSeq: e.scanSeq, fields: e.fields as CaseEvent['fields'] });
  }
  // Cover/separator sheets carry a case number but no legal act or date: they must not stand
  // in as the case's earliest document (the engine's inferred filing date).
  const covers = new Set(deps.rules.forms.forms.filter((f) => f.isCover).map((f) => f.code));
  const result = locateNode(events.filter((e) => !covers.has(e.formType)), deps.rules.nodes, deps.calendar, deps.today());
  const { status, dueAt } = urgencyOf(result);
  return writeSnapshot(db, {
    caseId,
    caseNumber: row.caseNumber,
    nodeCode: result.node?.code ?? 'filed',
    status,
    dueAt,
    result: result as unknown as Record<string, unknown>,
    node: contractNode(result),
    warnings: result.warnings,
    clocks: result.clocks.map((c) => ({ code: c.code, dueAt: c.dueAt, status: c.status })),
  });
}
