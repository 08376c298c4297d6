/**
 * A document's date in doubt, settled by where its form stands on its case's enforcement track.
 *
 * A form that moves its case into a terminal node (the 终本 ruling into 终本, the closing approval
 * into 结案) ends the track there: nothing that moved the case along the track comes after it,
 * so it is not dated before any document of the case that moved the case into a node of an
 * earlier stage (the node engine itself ignores a later move to a lower stage). A closing
 * approval whose 审批日期 and signed date were read one digit apart (2025年5月3日 against
 * 2025年6月3日; classifier/doc-date.ts `alternatives`) waits for a clerk; when its case's 终本
 * ruling is dated 2025-05-27, only the 3rd of June can be its date. Likewise a form that moves
 * its case into a node the rules enter from others (`enteredFrom`: an approved appraisal into
 * 实施·评估拍卖, from 实施) is not dated before the earliest document that moved the case into
 * one of them (its triage or transfer into 实施). Nothing else is inferred: with no such document, or two readings
 * on or after it, the date stays in doubt.
 *
 * Pure; imports only sibling pure modules and types.
 */
import { matches } from './node-engine.clocks.ts';
import type { CaseEvent } from './node-engine.ts';
import type { NodeDef, NodeRules } from './rules.schema.ts';

/** A document whose date is in doubt: the date taken and the other readings that doubt it. */
export interface DoubtedDate {
  formType: string;
  date: string | null;
  alternatives: readonly string[];
  fields?: CaseEvent['fields'];
  /** `date` is a day off on a form signed on working days only: settled on another reading or not at all. */
  onDayOff?: boolean;
}

/** The node a document moves its case into, by the rules' transitions (null: it moves none). */
function nodeEntered(e: Pick<CaseEvent, 'formType' | 'fields'>, rules: NodeRules): NodeDef | null {
  const t = rules.transitions.find((x) => matches(x.when, { documentId: '', date: null, scanSeq: 0, ...e }));
  return t ? (rules.nodes.find((n) => n.code === t.to) ?? null) : null;
}

/**
 * The one reading of a doubted date on or after every dated document of the case (`others`)
 * that moved the case into a node of an earlier stage than the terminal node the document
 * moves it into, or on or after the earliest that moved it into a node the document's node is
 * entered from (`enteredFrom`); with the reason in English. Null when the form moves the case
 * into neither kind of node, no such document is dated, or not exactly one reading is on or
 * after it.
 */
export function dateOnTrack(doc: DoubtedDate, others: readonly CaseEvent[], rules: NodeRules): { date: string; reason: string } | null {
  const own = nodeEntered(doc, rules);
  if (!own) return null;
  // The case's dated documents with the node each moved it into.
  const moves = others.flatMap((e) => {
    const entered = e.date !== null ? nodeEntered(e, rules) : null;
    return entered ? [{ e, entered, date: e.date as string }] : [];
  });
  // A terminal node: after the latest move into an earlier stage. A node the rules enter from
  // others (实施·评估拍卖 from 实施): the case was there first, so after the earliest move into one
  // of them (seed 135, held out: an approved appraisal 2024.11.28 read again 20241028, the
  // transfer into 实施 dated 11-06); the earliest, as a case may be moved there again later.
  const candidates = own.terminal ? moves.filter((m) => m.entered.stage < own.stage) : moves.filter((m) => own.enteredFrom.includes(m.entered.code));
  const byDate = candidates.sort((a, b) => a.date.localeCompare(b.date));
  // (Of documents of one date, the first listed.)
  const floor = (own.terminal ? byDate.find((m) => m.date === byDate.at(-1)?.date) : byDate[0])?.e ?? null;
  const readings = [...new Set([doc.date, ...doc.alternatives].filter((d): d is string => d !== null))];
  if (floor === null || readings.length < 2) return null;
  const on = readings.filter((d) => d >= (floor.date as string));
  if (on.length !== 1 || (doc.onDayOff && on[0] === doc.date)) return null;
  const date = on[0] as string;
  return {
    date,
    reason: own.terminal
      ? `date ${date} of the readings ${readings.join(', ')}: a ${doc.formType} moves its case into ${own.code}, which ends its track, and the case's ${floor.formType} (document ${floor.documentId}) moved it into an earlier node on ${floor.date as string}`
      : `date ${date} of the readings ${readings.join(', ')}: a ${doc.formType} moves its case into ${own.code}, entered from ${own.enteredFrom.join(' or ')}, and the case's ${floor.formType} (document ${floor.documentId}) first moved it there on ${floor.date as string}`,
  };
}
