/**
 * Wire contract between the scanner agent and the e-dossier server (API contract v1, "Ingest").
 *
 * This file owns the agent's copy of the shared contract types: route paths, header names and
 * reply shapes, written from `/work/shared/api-contract.md`. It must import nothing: the agent
 * is packaged alone and depends on nothing from the server code.
 */

/** Routes the agent calls, relative to the server base URL. */
export const ROUTES = {
  ingest: '/api/v1/ingest',
  /** `GET` → 200 {@link IngestReply} when the server already holds this content, 404 otherwise. */
  ingestBySha: (sha256: string) => `/api/v1/ingest/${sha256}`,
  whoami: '/api/v1/whoami',
  file: (fileId: string) => `/api/v1/files/${encodeURIComponent(fileId)}`,
} as const;

/** Request headers of `POST /api/v1/ingest`. Values of name headers are percent-encoded UTF-8. */
export const HEADERS = {
  filename: 'x-filename',
  sha256: 'x-content-sha256',
  batchId: 'x-batch-id',
  caseNumber: 'x-case-number',
  /** Extension (ignored by servers that do not know it): which station sent the file. */
  station: 'x-station',
} as const;

/** Reply of `POST /api/v1/ingest` (201 new, 200 already held) and `GET /api/v1/ingest/{sha256}`. */
export interface IngestReply {
  fileId: string;
  /** Lower-case hex SHA-256 of the stored content. */
  sha256: string;
  status: string;
}

/** Reply of `GET /api/v1/whoami`. */
export interface WhoamiReply {
  name: string;
  role: 'station' | 'clerk' | 'judge' | 'supervisor' | 'admin' | string;
}

/** Every error reply of the API. */
export interface ErrorReply {
  error: { code: string; message: string };
}

/** Roles that may call `POST /api/v1/ingest`. */
export const INGEST_ROLES: readonly string[] = ['station', 'clerk', 'admin'];

/** Error codes the server uses for a file it refuses for good. */
export type PermanentRejectCode = 'file_too_large' | 'unsupported_type' | 'checksum_mismatch' | 'empty_file' | string;

/** Content types the server accepts; it sniffs the bytes, so this is only a courtesy header. */
export function contentTypeFor(filename: string): string {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  switch (ext) {
    case 'pdf':
      return 'application/pdf';
    case 'tif':
    case 'tiff':
      return 'image/tiff';
    case 'jpg':
    case 'jpeg':
      return 'image/jpeg';
    case 'png':
      return 'image/png';
    default:
      return 'application/octet-stream';
  }
}

/** Type guard for {@link ErrorReply}. */
export function isErrorReply(v: unknown): v is ErrorReply {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = (v as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string';
}

/** Type guard for {@link IngestReply}. */
export function isIngestReply(v: unknown): v is IngestReply {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (typeof r.fileId === 'string' || typeof r.fileId === 'number') && typeof r.sha256 === 'string';
}
