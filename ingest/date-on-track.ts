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
 * the next is settled by. Returns how many were filed.
 */
export async function settleDatesOnTrack(db: Db, caseId: number, caseNumber: string, events: CaseEvent[], nodes: NodeRules): Promise<number> {
  let filed = 0;
  for (const doc of await dateDoubtedOfCase(db, caseNumber)) {
    const fields = doc.fields as CaseEvent['fields'];
    const settled = dateOnTrack({ formType: doc.formType, date: doc.docDate, alternatives: doc.dateDoubt?.alternatives ?? [], ...(fields ? { fields } : {}) }, events, nodes);
    if (!settled) continue;
    const dated = settled.date === doc.docDate ? doc.fields : redated(doc.fields, doc.docDate, settled.date, "the case's track");
    const scanSeq = scanSeqOfDocument(doc);
    if (!(await fileSettledDate(db, doc, caseId, { date: settled.date, fields: dated, reason: settled.reason, scanSeq }))) continue;
    events.push({ documentId: doc.id, formType: doc.formType, date: settled.date, scanSeq, fields: dated as CaseEvent['fields'] });
    filed += 1;
  }
  return filed;
}
