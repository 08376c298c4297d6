/**
 * The classifier's public API (one barrel). Everything here is pure and deterministic except
 * the loader functions (`loadRules`, `loadCalendarYears`), which read rule and calendar files
 * with node:fs. The classifier imports nothing from storage, queue, api, sharp or tesseract.
 */
export {
  parseCaseNumber,
  findCaseNumbers,
  courtProvinceOf,
  validateCaseNumber,
  PROVINCE_NAMES,
  PROVINCE_CODES,
  MODERN_TYPE_CODES,
  LEGACY_TYPE_CODES,
  type ParsedCaseNumber,
  type FoundCaseNumber,
  type FindCaseNumberOptions,
} from './case-number.ts';
export { findOriginalCaseNumber, linkResumed, type OriginalCaseNumber, type ResumedLink } from './case-number.link.ts';
export { createCalendar, type Calendar } from './calendar.ts';
export { addDays, addMonths, daysBetween, isValidIsoDate, weekday } from './dates.ts';
export {
  classifyPage,
  classifyDocument,
  documentLines,
  type ClassifyInput,
  type ClassifyOptions,
  type CaseNumberHit,
  type PageClassification,
} from './classify.ts';
export { nodeFieldsUnread, reviewReasons, type ReviewThresholds } from './review-reasons.ts';
export { decisionFields, type DecisionField } from './decision-lines.ts';
export { splitDocuments, type SplitPage, type SplitDocument } from './split-documents.ts';
export { coverNumbersFromNext, type CoverNumberInput } from './cover-number.ts';
export { partyNamesOf, partiesAsRegistered } from './party-names.ts';
export { continuesDocument, findUnreadTitle, guessUnreadForm, type UnreadTitle, type UnreadGuess } from './untitled-page.ts';
export { applyPageCodes, COVER_MAX_TEXT_CHARS } from './page-codes.ts';
export { bandCaseNumbers, bandLengthensCutNumber } from './page-case-number.ts';
export { dateOnTrack, type DoubtedDate } from './track-date.ts';
export { extractField, extractFields, pickEnum, type FieldValue } from './fields.ts';
export { findDates, parseDate, parseAmount, parseDuration, parseChineseInteger, type FoundDate } from './field-values.ts';
export { editDistance, similarity, bestSubstringMatch, containsKeyword, matchTitles, type TitleCandidate, type TitleHit } from './fuzzy.ts';
export { normalizeOcrLine, normalizeOcrText, foldForMatch, foldWidth, compact, fixDigitConfusables } from './normalize-text.ts';
export {
  locateNode,
  type CaseEvent,
  type EventFieldValue,
  type NodeResult,
  type NodeState,
  type NodeHistoryEntry,
  type ClockState,
  type CompletedClock,
  type NodeWarning,
  type ChecklistItem,
  type LimitStatus,
  type Basis,
} from './node-engine.ts';
export {
  FormRulesSchema,
  NodeRulesSchema,
  CalendarYearSchema,
  crossCheckRules,
  type Rules,
  type FormRules,
  type FormDef,
  type FieldDef,
  type FieldType,
  type NodeRules,
  type NodeDef,
  type ClockDef,
  type Condition,
  type Duration,
  type CalendarYear,
} from './rules.schema.ts';
export { loadRules, loadCalendarYears, RulesValidationError, DEFAULT_RULE_PATHS, DEFAULT_CALENDAR_DIR } from './rules.loader.ts';
