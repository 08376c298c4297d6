/**
 * The pipeline runner: the one place that knows the stage order, registers each stage with the
 * job queue, enqueues follow-ups the stages emit, and settles rows when a job gives up.
 *
 *   ingest ─▶ rasterize ─(per page)▶ ocr ─(file complete)▶ assemble ─(per case)▶ locate
 *   scheduler (daily slot, claimed in the database) ─▶ reevaluate ─▶ locate every case
 *
 * Errors are never swallowed: a stage error is rethrown to the queue so retries work; only
 * when the queue will not retry again (PermanentError, or the last attempt) is the row marked
 * `failed` with its reason code, so nothing hangs in `processing` forever.
 */
import { isPermanentError, REASON_CODES, type ReasonCode } from '../errors.ts';
import { failFile, listUnfinishedFiles } from '../storage/files.repo.ts';
import { failPage, getPage, pagesOfFile } from '../storage/pages.repo.ts';
import { assembleFile } from './assemble.stage.ts';
import type { JobName, JobPayloads, JobQueue, JobSpec } from './job-queue.ts';
import { emitAssembleWhenComplete, recognizePage } from './ocr.stage.ts';
import { locateCase } from './locate.stage.ts';
import { rasterizeFile } from './rasterize.stage.ts';
import { reevaluateAll } from './reevaluate.stage.ts';
import type { StageContext, StageDeps } from './stage-types.ts';

export type PipelineJob = Exclude<JobName, 'test.echo'>;

interface StageDef<N extends PipelineJob> {
  run: (deps: StageDeps, data: JobPayloads[N], ctx: StageContext) => Promise<void>;
  /** Settle the row when the job will not be retried again. */
  giveUp: (deps: StageDeps, data: JobPayloads[N], code: ReasonCode, message: string, ctx: StageContext) => Promise<void>;
}

/** Stage order and handlers, as data. A missing stage fails to compile. */
export const STAGES: { [N in PipelineJob]: StageDef<N> } = {
  rasterize: {
    run: (deps, d, ctx) => rasterizeFile(deps, d.fileId, ctx),
    giveUp: (deps, d, code, message) => failFile(deps.db, d.fileId, code, message),
  },
  ocr: {
    run: (deps, d, ctx) => recognizePage(deps, d.pageId, ctx),
    giveUp: async (deps, d, code, _message, ctx) => {
      await failPage(deps.db, d.pageId, code);
      const page = await getPage(deps.db, d.pageId);
      if (page) await emitAssembleWhenComplete(deps, page.fileId, ctx);
    },
  },
  assemble: {
    run: (deps, d, ctx) => assembleFile(deps, d.fileId, ctx),
    giveUp: (deps, d, code, message) => failFile(deps.db, d.fileId, code, message),
  },
  locate: {
    run: async (deps, d, ctx) => {
      await locateCase(deps, d.caseId, ctx);
    },
    // Nothing to settle: the next change or the daily re-evaluation locates the case again.
    giveUp: async () => {},
  },
  reevaluate: {
    run: async (deps, d, ctx) => {
      await reevaluateAll(deps, d.slot, ctx);
    },
    giveUp: async () => {},
  },
};

export interface PipelineOptions {
  attempts: number;
  concurrency: { [N in PipelineJob]: number };
}

/** Register every stage's handler on `queue` (worker role). */
export function startPipelineWorkers(deps: StageDeps, queue: JobQueue, opts: PipelineOptions): void {
  for (const name of Object.keys(STAGES) as PipelineJob[]) {
    registerStage(deps, queue, name, opts);
  }
}

function registerStage<N extends PipelineJob>(deps: StageDeps, queue: JobQueue, name: N, opts: PipelineOptions): void {
  const def = STAGES[name] as StageDef<N>;
  queue.work(
    name,
    async (data, job) => {
      const ctx: StageContext = { attempt: job.attempt, emit: (spec: JobSpec) => queue.enqueue(spec) };
      const started = Date.now();
      try {
        await def.run(deps, data, ctx);
        deps.log.debug('stage done', { stage: name, jobId: job.jobId, ms: Date.now() - started });
      } catch (err) {
        const permanent = isPermanentError(err);
        const last = permanent || job.attempt >= opts.attempts;
        deps.log.warn('stage failed', { stage: name, jobId: job.jobId, attempt: job.attempt, permanent, last, error: err as Error });
        if (last) {
          const code: ReasonCode = permanent ? err.code : 'processing_error';
          const message = permanent ? err.message : `${REASON_CODES.processing_error}（${(err as Error).message}）`;
          await def.giveUp(deps, data, code, message, ctx);
        }
        throw err;
      }
    },
    { concurrency: opts.concurrency[name] },
  );
}

/**
 * Recovery sweep: re-enqueue every file and page not in a terminal state. Safe to run any
 * time (job ids deduplicate, stages are idempotent); runs at worker start and periodically.
 */
export async function recoverUnfinished(deps: StageDeps, queue: JobQueue): Promise<number> {
  let n = 0;
  for (const file of await listUnfinishedFiles(deps.db)) {
    if (file.stage === 'received') {
      await queue.enqueue({ name: 'rasterize', data: { fileId: file.id }, jobId: `rasterize:${file.id}` });
      n++;
      continue;
    }
    const pending = (await pagesOfFile(deps.db, file.id)).filter((p) => p.status === 'pending');
    for (const p of pending) await queue.enqueue({ name: 'ocr', data: { pageId: p.id }, jobId: `ocr:${p.id}` });
    if (pending.length === 0) await queue.enqueue({ name: 'assemble', data: { fileId: file.id }, jobId: `assemble:${file.id}` });
    n++;
  }
  return n;
}

/** Enqueue the first stage for a newly accepted file. */
export async function enqueueNewFile(queue: JobQueue, fileId: string): Promise<void> {
  await queue.enqueue({ name: 'rasterize', data: { fileId }, jobId: `rasterize:${fileId}` });
}

