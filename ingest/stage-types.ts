/**
 * Shared shapes of pipeline stages. A stage is a plain async function of (deps, payload, ctx)
 * that does its work against the database and blob store and reports follow-up jobs through
 * `ctx.emit`; it never touches the queue (the runner in pipeline.ts does).
 */
import type { Calendar, Rules } from '../classifier/index.ts';
import type { Logger } from '../log.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import type { Db } from '../storage/db.ts';
import type { JobSpec } from './job-queue.ts';
import type { PageRecognizer } from './page-recognizer.ts';

export interface StageDeps {
  db: Db;
  blobs: BlobStore;
  recognizer: PageRecognizer;
  log: Logger;
  tmpDir: string;
  limits: { maxPages: number; maxPixels: number };
  reviewConfidence: number;
  /** Form and node rules (loaded once at start from RULES_DIR or the shipped defaults). */
  rules: Rules;
  calendar: Calendar;
  /** Today in Asia/Shanghai as YYYY-MM-DD (injectable so tests can move time). */
  today(): string;
}

export interface StageContext {
  attempt: number;
  /** Ask the runner to enqueue a follow-up job (deduplicated by its id). */
  emit(spec: JobSpec): Promise<void>;
}
