/**
 * The fast path to the node (issue: supervisors see a form's effect within ~2 s of upload).
 * Called from the OCR stage with the header-band pass of a page, before the full-page OCR:
 * when the band alone is conclusive — a form title matched, a case number read with good
 * confidence, classification confidence at or above the review threshold — the page gets a
 * provisional event for its case and the case is re-located. Full-page OCR and assembly then
 * write the real document and event, which supersede the provisional one (see
 * storage/provisional.repo.ts), and `locate` runs again, so a wrong fast guess lives only
 * until the page is fully read.
 *
 * The header band rarely holds the document's date (forms date at the foot). Scanning happens
 * the day a paper is produced (the 中间库 practice), so the scan day stands in, marked
 * `date_source = scan_day`, until the full text gives the real date.
 */
import type { PageClassification } from '../classifier/index.ts';
import type { HeaderPass } from './page-recognizer.ts';
import { upsertCase } from '../storage/cases.repo.ts';
import { getFile } from '../storage/files.repo.ts';
import type { PageRow } from '../storage/pages.repo.ts';
import { upsertProvisionalEvent } from '../storage/provisional.repo.ts';
import { registerLookup, registration } from '../storage/register.repo.ts';
import { shanghaiDate } from '../classifier/dates.ts';
import { classifyPageWithCodes } from './split-classify.ts';
import type { StageContext, StageDeps } from './stage-types.ts';

/** Minimum case-number confidence for the fast path without a register (look-alike repairs lower it). */
export const FAST_CASE_NUMBER_CONFIDENCE = 0.9;

/**
 * Whether a header band's classification may place the page now. `registered` is null when
 * no register is loaded, else whether the case number is in it. A registered number needs only
 * the confidence assembly files at (`reviewConfidence`): the register confirms what a
 * province glyph taken from the court's name or a lost 号 leave in doubt, so the band may
 * place what the full page would file. An unregistered one never fires while a register is
 * loaded (it would show supervisors a case that does not exist until the page is fully read).
 */
export function bandIsConclusive(c: PageClassification, reviewConfidence: number, registered: boolean | null): boolean {
  if (!c.titleMatch || c.isCover || !c.caseNumber || c.confidence < reviewConfidence || registered === false) return false;
  return c.caseNumber.confidence >= (registered ? reviewConfidence : FAST_CASE_NUMBER_CONFIDENCE);
}

/** Returns the case id it placed the page in, or null when the header was not conclusive. */
export async function fastLocate(deps: StageDeps, page: PageRow, header: HeaderPass, ctx: StageContext): Promise<number | null> {
  const c = classifyPageWithCodes({ text: header.headerText, lines: header.lines, codes: header.codes }, deps.rules);
  // Ask the database only when some answer of the register could make the band conclusive.
  const number = c.caseNumber?.canonical;
  if (!number || ![true, null].some((r) => bandIsConclusive(c, deps.reviewConfidence, r))) return null;
  if (!bandIsConclusive(c, deps.reviewConfidence, await registration(registerLookup(deps.db), number))) return null;
  const file = await getFile(deps.db, page.fileId);
  if (!file) return null;
  const row = await upsertCase(deps.db, number);
  await upsertProvisionalEvent(deps.db, {
    pageId: page.id,
    caseId: row.id,
    formType: c.formType,
    eventDate: c.date ?? shanghaiDate(file.receivedAt),
    dateSource: c.date ? 'header' : 'scan_day',
    // Same scale as assembled events (received µs + position), so scan order is preserved.
    scanSeq: file.receivedAt.getTime() * 1000 + page.pageIndex,
    fields: Object.fromEntries(Object.entries(c.fields)),
    reasons: ['header band', ...c.reasons],
  });
  deps.log.info('fast path: header band placed page', { pageId: page.id, caseNumber: row.caseNumber, formType: c.formType });
  await ctx.emit({ name: 'locate', data: { caseId: row.id }, jobId: `locate:${row.id}:page:${page.id}` });
  return row.id;
}
