/** What the HTTP layer needs from the runtime; built once in runtime.ts. */
import type { Logger } from '../log.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import type { Database } from '../storage/db.ts';
import type { JobQueue } from '../ingest/job-queue.ts';
import type { DocumentDraft } from '../storage/restructure.repo.ts';

export interface AppDeps {
  database: Database;
  blobs: BlobStore;
  queue: JobQueue;
  log: Logger;
  maxUploadBytes: number;
  /** Presigned page-image URLs instead of streaming through the API (S3 only). */
  presign: boolean;
  /** Bearer secret that may read `/metrics` (besides admin tokens); null: admin tokens only. */
  metricsToken?: string | null;
  /** Form codes of the loaded rules (corrections must name one). */
  formTypes: string[];
  /** Re-run the node engine for a case now (corrections show their effect in the reply). */
  locate(caseId: number): Promise<void>;
  /** Classify pages a clerk grouped into one document (split/merge), with the rules loaded. */
  classifyPages(pageIds: string[], caseHint: string | null): Promise<DocumentDraft>;
}
