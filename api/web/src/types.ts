/**
 * Shapes of the `/api/v1` responses the UI reads (only the fields it uses). Kept by hand beside
 * the routes in api/routes; the server is the authority, these are the UI's expectations.
 */
export type Role = 'station' | 'clerk' | 'judge' | 'supervisor' | 'admin';
export type LimitStatus = 'on_time' | 'due_soon' | 'overdue';

export interface WhoAmI {
  name: string;
  role: Role;
}

export interface Basis {
  documentId: string;
  formType: string;
}

export interface NodeView {
  code: string | null;
  name?: string;
  enteredAt?: string;
  dueAt?: string | null;
  status?: LimitStatus;
  basis?: Basis;
}

export interface CaseView {
  caseNumber: string;
  originalCaseNumber: string | null;
  parties: string[];
  node: NodeView | null;
  history: Array<{ code: string; name: string; enteredAt: string; leftAt: string; dueAt: string | null; status: LimitStatus; basis: Basis }>;
  clocks: Array<{ code: string; label: string; startedAt: string; dueAt: string; status: LimitStatus; basis?: Basis }>;
  warnings: Array<{ code: string; message: string; status?: LimitStatus; dueAt?: string; missing?: string[]; basis?: Basis }>;
  checklist: Array<{ item: string; label: string; required: boolean; done: boolean; basis?: Basis & { date: string } }>;
  documentCount: number;
  updatedAt: string | null;
}

export interface DossierPage {
  pageId: string;
  number: number;
  imageUrl: string;
  textUrl: string;
  source: { fileId: string; pageIndex: number };
}

export interface DossierDocument {
  documentId: string;
  formType: string;
  title: string | null;
  date: string | null;
  volume: 'main' | 'secondary';
  pageCount: number;
  confidence: number;
  fields: Record<string, unknown>;
  corrected: boolean;
  pages: DossierPage[];
}

export interface Dossier {
  caseNumber: string;
  documents: DossierDocument[];
}

export interface OcrBoxView {
  text: string;
  confidence: number;
  bbox: [number, number, number, number];
}

export interface PageText {
  pageId: string;
  status: string;
  text: string;
  confidence: number | null;
  width: number;
  height: number;
  words: OcrBoxView[];
  lines: OcrBoxView[];
}

export interface SearchHit {
  caseNumber: string | null;
  documentId: string | null;
  formType: string | null;
  pageId: string;
  number: number | null;
  snippet: string;
}

export interface FileView {
  fileId: string;
  filename: string;
  station: string | null;
  status: 'received' | 'processing' | 'done' | 'needs_review' | 'failed';
  stage: string;
  pageCount: number | null;
  documents: string[];
  error: { code: string; message: string } | null;
  /** Only on `GET /files/{id}`. */
  progress?: { pagesRecognized: number; pagesFailed: number; pagesPending: number };
  receivedAt: string;
  updatedAt: string;
}

/** A document as clerks see it (`GET /documents/{id}`, `/review`). Field values are machine records or plain values. */
export interface DocumentView {
  documentId: string;
  fileId: string;
  caseNumber: string | null;
  formType: string;
  title: string | null;
  date: string | null;
  /** The other readings of the date, while only the date holds the document for a clerk. */
  otherDateReadings?: string[];
  volume: 'main' | 'secondary';
  status: 'classified' | 'filed' | 'needs_review';
  confidence: number;
  fields: Record<string, unknown>;
  reasons: string[];
  review: Array<{ code: string; message: string }>;
  corrections: Record<string, unknown>;
  pages: Array<{ pageId: string; number: number | null; imageUrl: string; thumbnailUrl: string }>;
  updatedAt: string | null;
}

export interface BoardCount {
  node: string;
  status: LimitStatus;
  team: string | null;
  count: number;
}

export interface BoardCase {
  caseNumber: string;
  status: LimitStatus;
  dueAt: string | null;
  team: string | null;
  node: { code: string; name: string | null; enteredAt: string | null; dueAt: string | null; status: LimitStatus | null };
  warnings: Array<{ code: string; message: string; status: LimitStatus | null }>;
}

export interface TokenView {
  id: number;
  name: string;
  role: Role;
  createdAt: string | null;
  revokedAt: string | null;
}
