/**
 * Classification for a clerk's regrouping of pages (split/merge from the review UI): reads
 * the pages' stored OCR and runs the same pure classifier as the `assemble` stage, without
 * splitting further. Owns no writes; storage/restructure.repo.ts applies the result.
 */
import { getPage, getPageOcr } from '../storage/pages.repo.ts';
import type { DocumentDraft } from '../storage/restructure.repo.ts';
import { registerLookup } from '../storage/register.repo.ts';
import { checkWithRegister } from './register-check.ts';
import { classifyAsOneDocument } from './split-classify.ts';
import type { StageDeps } from './stage-types.ts';

export async function classifyPageGroup(deps: Pick<StageDeps, 'db' | 'rules' | 'reviewConfidence' | 'today' | 'calendar'>, pageIds: string[], caseHint: string | null): Promise<DocumentDraft> {
  const pages = await Promise.all(
    pageIds.map(async (id) => {
      const p = await getPage(deps.db, id);
      return {
        pageId: id,
        text: p?.text ?? '',
        lines: (await getPageOcr(deps.db, id))?.lines ?? [],
        blank: Boolean(p?.flags.blank),
        codes: p?.flags.codes ?? [],
        headerText: p?.headerText ?? null,
        failed: false, // a page the clerk put into a document stays in it, readable or not
      };
    }),
  );
  const draft = classifyAsOneDocument(pages, { rules: deps.rules, caseHint, reviewConfidence: deps.reviewConfidence, scanDay: deps.today(), calendar: deps.calendar });
  const [checked] = await checkWithRegister(registerLookup(deps.db), [draft], (id) => pages.find((p) => p.pageId === id)?.text ?? '');
  return { ...(checked ?? draft), pageIds };
}
