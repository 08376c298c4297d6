/**
 * Drizzle table definitions mirroring storage/migrations/*.sql (the SQL files are the source of
 * truth for DDL; this file gives typed queries). Imports only drizzle-orm.
 */
import {
  bigint,
  bigserial,
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const tokens = pgTable('tokens', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  role: text('role').notNull().$type<Role>(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: ts('created_at').notNull().defaultNow(),
  revokedAt: ts('revoked_at'),
});

export type Role = 'station' | 'clerk' | 'judge' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['station', 'clerk', 'judge', 'supervisor', 'admin'];

export type FileStatus = 'received' | 'processing' | 'done' | 'needs_review' | 'failed';
export type FileStage = 'received' | 'rasterized' | 'recognized' | 'assembled';

export const scanFiles = pgTable('scan_files', {
  id: uuid('id').primaryKey(),
  sha256: text('sha256').notNull().unique(),
  filename: text('filename').notNull(),
  contentType: text('content_type'),
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
  blobKey: text('blob_key').notNull(),
  station: text('station'),
  batchId: text('batch_id'),
  caseHint: text('case_hint'),
  status: text('status').notNull().$type<FileStatus>(),
  stage: text('stage').notNull().$type<FileStage>().default('received'),
  pageCount: integer('page_count'),
  errorCode: text('error_code'),
  errorMessage: text('error_message'),
  receivedAt: ts('received_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const cases = pgTable('cases', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  caseNumber: text('case_number').notNull().unique(),
  originalCaseNumber: text('original_case_number'),
  parties: text('parties').notNull().default(''),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** The court's case register (migration 0004); parties separated by 、 in applicant/respondent. */
export const caseRegister = pgTable('case_register', {
  caseNumber: text('case_number').primaryKey(),
  filedOn: date('filed_on', { mode: 'string' }),
  applicant: text('applicant').notNull().default(''),
  respondent: text('respondent').notNull().default(''),
  judge: text('judge').notNull().default(''),
  team: text('team').notNull().default(''),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export type DocumentStatus = 'classified' | 'filed' | 'needs_review';

/** The readings of a document's date other than the one taken, when only they hold it for a clerk. */
export interface DateDoubt {
  alternatives: string[];
  /** The date taken is a day off on a form signed on working days only: the case's track may settle on another reading, not on it. */
  onDayOff?: boolean;
}

export const documents = pgTable('documents', {
  id: uuid('id').primaryKey(),
  fileId: uuid('file_id').notNull(),
  seqInFile: integer('seq_in_file').notNull(),
  caseId: bigint('case_id', { mode: 'number' }),
  caseNumber: text('case_number'),
  formType: text('form_type').notNull().default('other'),
  title: text('title'),
  docDate: date('doc_date', { mode: 'string' }),
  volume: text('volume').notNull().$type<'main' | 'secondary'>().default('main'),
  confidence: real('confidence').notNull().default(0),
  fields: jsonb('fields').notNull().$type<Record<string, unknown>>().default({}),
  reasons: jsonb('reasons').notNull().$type<string[]>().default([]),
  status: text('status').notNull().$type<DocumentStatus>(),
  reviewCodes: jsonb('review_codes').notNull().$type<string[]>().default([]),
  /** While the document waits for a clerk only for its date: the other readings of it (migration 0005). */
  dateDoubt: jsonb('date_doubt').$type<DateDoubt | null>(),
  corrections: jsonb('corrections').notNull().$type<Record<string, unknown>>().default({}),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export type PageStatus = 'pending' | 'recognized' | 'failed';

export interface PageFlags {
  blank?: boolean;
  lowConfidence?: boolean;
  skewDeg?: number;
  duplicateOf?: string;
  /** OCR was disabled when this page was processed. */
  ocrSkipped?: boolean;
  /** Payloads of QR codes found on the page (cover sheets carry the case number). */
  codes?: string[];
  /** The signing-date line in the text is a second reading (ocr/date-line.ts), not the full-page pass's. */
  dateLineReread?: boolean;
  /** The signing date the full page read was read again and replaced, or doubted (its line carries `alt`), ocr/date-line.ts. */
  dateLineChecked?: 'replaced' | 'doubted';
  /** Lines that decide the case's node whose value the full page lost, read again and taken (ocr/decision-line.ts). */
  decisionLinesReread?: number;
}

export const pages = pgTable('pages', {
  id: uuid('id').primaryKey(),
  fileId: uuid('file_id').notNull(),
  pageIndex: integer('page_index').notNull(),
  status: text('status').notNull().$type<PageStatus>(),
  imageKey: text('image_key').notNull(),
  imageType: text('image_type').notNull(),
  thumbKey: text('thumb_key').notNull(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  dpi: integer('dpi').notNull(),
  extracted: boolean('extracted').notNull().default(false),
  text: text('text'),
  headerText: text('header_text'),
  confidence: real('confidence'),
  flags: jsonb('flags').notNull().$type<PageFlags>().default({}),
  errorCode: text('error_code'),
  ocrMs: integer('ocr_ms'),
  documentId: uuid('document_id'),
  numberInDocument: integer('number_in_document'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** A word or line: text, confidence 0–100, box [x0,y0,x1,y1] in page-image pixels. */
export interface OcrBox {
  t: string;
  c: number;
  b: [number, number, number, number];
  /** Other readings of the line that contradict `t` (a signing date read again, ocr/date-line.ts). */
  alt?: string[];
}

export const pageOcr = pgTable('page_ocr', {
  pageId: uuid('page_id').primaryKey(),
  words: jsonb('words').notNull().$type<OcrBox[]>(),
  lines: jsonb('lines').notNull().$type<OcrBox[]>(),
});

export const caseEvents = pgTable('case_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  caseId: bigint('case_id', { mode: 'number' }).notNull(),
  documentId: uuid('document_id').notNull().unique(),
  formType: text('form_type').notNull(),
  eventDate: date('event_date', { mode: 'string' }),
  scanSeq: bigint('scan_seq', { mode: 'number' }).notNull(),
  fields: jsonb('fields').notNull().$type<Record<string, unknown>>().default({}),
  source: text('source').notNull().$type<'machine' | 'correction'>().default('machine'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Fast-path events from a page's header band, read only until the page's file is assembled. */
export const provisionalEvents = pgTable('provisional_events', {
  pageId: uuid('page_id').primaryKey(),
  caseId: bigint('case_id', { mode: 'number' }).notNull(),
  formType: text('form_type').notNull(),
  eventDate: date('event_date', { mode: 'string' }),
  dateSource: text('date_source').notNull().$type<'header' | 'scan_day'>(),
  scanSeq: bigint('scan_seq', { mode: 'number' }).notNull(),
  fields: jsonb('fields').notNull().$type<Record<string, unknown>>().default({}),
  reasons: jsonb('reasons').notNull().$type<string[]>().default([]),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const nodeSnapshots = pgTable('node_snapshots', {
  caseId: bigint('case_id', { mode: 'number' }).primaryKey(),
  caseNumber: text('case_number').notNull(),
  nodeCode: text('node_code').notNull(),
  status: text('status').notNull(),
  dueAt: date('due_at', { mode: 'string' }),
  result: jsonb('result').notNull().$type<Record<string, unknown>>(),
  fingerprint: text('fingerprint').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const nodeChanges = pgTable('node_changes', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  caseId: bigint('case_id', { mode: 'number' }).notNull(),
  caseNumber: text('case_number').notNull(),
  node: jsonb('node').notNull().$type<Record<string, unknown>>(),
  warnings: jsonb('warnings').notNull().$type<unknown[]>(),
  changedAt: ts('changed_at').notNull().defaultNow(),
});

export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull().defaultNow(),
  tokenId: bigint('token_id', { mode: 'number' }),
  actor: text('actor'),
  role: text('role'),
  action: text('action').notNull(),
  target: text('target'),
  detail: jsonb('detail').notNull().$type<Record<string, unknown>>().default({}),
  ip: text('ip'),
});
