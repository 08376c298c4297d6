/**
 * Stage `reevaluate`: time passes and a node becomes `due_soon` or `overdue` without any new
 * document, so every case is re-located once per slot (a day in Asia/Shanghai, plus start-up).
 * The slot is claimed in the database first: however many schedulers fire, one run per slot.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../storage/db.ts';
import { caseIdsAfter } from '../storage/cases.repo.ts';
import { locateCase } from './locate.stage.ts';
import type { StageContext, StageDeps } from './stage-types.ts';

const BATCH = 500;

/** Claim `slot` for this process; false if another process already did. */
export async function claimSlot(deps: Pick<StageDeps, 'db'>, slot: string, by: string): Promise<boolean> {
  const rows = await queryRows<{ slot: string }>(
    deps.db,
    sql`INSERT INTO scheduler_slots (slot, claimed_by) VALUES (${slot}, ${by}) ON CONFLICT (slot) DO NOTHING RETURNING slot`,
  );
  return rows.length > 0;
}

/** Re-locate every case; returns how many changed. */
export async function reevaluateAll(deps: StageDeps, slot: string, _ctx?: StageContext): Promise<number> {
  let after = 0;
  let changed = 0;
  for (;;) {
    const ids = await caseIdsAfter(deps.db, after, BATCH);
    if (ids.length === 0) break;
    for (const id of ids) if (await locateCase(deps, id)) changed++;
    after = ids[ids.length - 1]!;
  }
  deps.log.info('re-evaluated case statuses', { slot, changed });
  return changed;
}

