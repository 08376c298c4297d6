/**
 * Documents waiting for a clerk only for their date, settled by their case's track: a closing
 * approval whose two readings straddle its case's 终本 ruling can only be dated on the later
 * (classifier/track-date.ts, pure). The papers of a case arrive in any order, so this runs
 * each time the case is located (ingest/locate.stage.ts), inside its lock: a document is filed
 * as soon as the document that settles its date is, whichever was scanned first.
 */
import { dateOnTrack, type CaseEvent, type NodeRules } from '../classifier/index.ts';
import { dateDoubtedOfCase, fileSettledDate, scanSeqOfDocument } from '../storage/documents.repo.ts';
import type { Db } from '../storage/db.ts';
import { redated } from './register-check.ts';

/**
 * File the documents of case `caseId` (number `caseNumber`) whose date in doubt the case's
 * events settle, each with the reading the track leaves. A document filed so joins the events
 * the others are settled by, and the waiting ones are weighed again until none more is filed:
 * a 终本 ruling in doubt may be what settles a closing approval scanned before it (as the
 * accuracy bench's settleOnTrack does). Returns how many were filed.
 */
export async function settleDatesOnTrack(db: Db, caseId: number, caseNumber: string, events: CaseEvent[], nodes: NodeRules): Promise<number> {
  let filed = 0;
  let waiting = await dateDoubtedOfCase(db, caseNumber);
  for (let progress = true; progress && waiting.length > 0; ) {
    progress = false;
    const still: typeof waiting = [];
    for (const doc of waiting) {
      const fields = doc.fields as CaseEvent['fields'];
      const settled = dateOnTrack({ formType: doc.formType, date: doc.docDate, alternatives: doc.dateDoubt?.alternatives ?? [], ...(doc.dateDoubt?.onDayOff ? { onDayOff: true } : {}), ...(fields ? { fields } : {}) }, events, nodes);
      if (!settled) {
        still.push(doc);
        continue;
      }
      const dated = settled.date === doc.docDate ? doc.fields : redated(doc.fields, doc.docDate, settled.date, "the case's track");
      const scanSeq = scanSeqOfDocument(doc);
      // Not filed: a clerk corrected it meanwhile, and it no longer waits.
      if (!(await fileSettledDate(db, doc, caseId, { date: settled.date, fields: dated, reason: settled.reason, scanSeq }))) continue;
      events.push({ documentId: doc.id, formType: doc.formType, date: settled.date, scanSeq, fields: dated as CaseEvent['fields'] });
      filed += 1;
      progress = true;
    }
    waiting = still;
  }
  return filed;
}
