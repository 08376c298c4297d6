/**
 * Seed classified documents without OCR: one scanned file of one-page documents stored through
 * saveAssembly (the call the assemble stage makes), then each touched case located by the real
 * node engine. For API and browser tests that need many cases in given nodes quickly. Or
 * pages with stored OCR text, assembled by the real stage (what is tested is then the reading
 * of the text, not the OCR).
 */
import { randomUUID } from 'node:crypto';
import { assembleFile } from '../../ingest/assemble.stage.ts';
import { locateCase } from '../../ingest/locate.stage.ts';
import { documentsOfFile, saveAssembly, type MachineDocument } from '../../storage/documents.repo.ts';
import { insertFileIfNew } from '../../storage/files.repo.ts';
import { insertPageIfNew, saveRecognition } from '../../storage/pages.repo.ts';
import type { TestServer } from './test-runtime.ts';

export interface SeedDocument {
  formType: string;
  caseNumber: string;
  /** YYYY-MM-DD */
  docDate: string;
  /** Machine fields, e.g. `{ handler: { value: '李明' } }`. */
  fields?: Record<string, unknown>;
}

export async function seedDocuments(server: TestServer, docs: SeedDocument[]): Promise<void> {
  const db = server.rt.database.db;
  const fileId = randomUUID();
  await insertFileIfNew(db, { id: fileId, sha256: randomUUID().replace(/-/g, '').padEnd(64, '0'), filename: 'seed.pdf', contentType: 'application/pdf', sizeBytes: 1, blobKey: 'originals/seed', status: 'processing' });
  // saveAssembly moves a rasterized file on (compare-and-set), as after the rasterize stage
  await db.execute(`UPDATE scan_files SET stage = 'rasterized' WHERE id = '${fileId}'` as never);
  const machine: MachineDocument[] = [];
  for (const [i, d] of docs.entries()) {
    const page = await insertPageIfNew(db, { id: randomUUID(), fileId, pageIndex: i + 1, status: 'pending', imageKey: 'seed', imageType: 'image/png', thumbKey: 'seed', width: 10, height: 10, dpi: 300 });
    await saveRecognition(db, page.id, { text: d.formType, headerText: null, confidence: 90, flags: {}, ocrMs: 1, words: [], lines: [] });
    machine.push({ id: randomUUID(), seqInFile: i + 1, pageIds: [page.id], title: null, volume: 'main', confidence: 0.95, reasons: ['seeded'], status: 'classified', reviewCodes: [], fields: d.fields ?? {}, ...d });
  }
  const caseIds = await saveAssembly(db, fileId, machine, { status: 'done', errorCode: null, errorMessage: null, scanSeqBase: Date.now() * 1000 });
  for (const id of caseIds ?? []) await locateCase(server.rt.stageDeps, id);
}

/** A file of `n` pages waiting for OCR (stored rows only). */
export async function pendingFile(server: TestServer, n: number) {
  const db = server.rt.database.db;
  const fileId = randomUUID();
  await insertFileIfNew(db, { id: fileId, sha256: randomUUID().replace(/-/g, '').padEnd(64, '0'), filename: 'register.pdf', contentType: 'application/pdf', sizeBytes: 1, blobKey: 'originals/x', status: 'processing' });
  await db.execute(`UPDATE scan_files SET stage = 'rasterized' WHERE id = '${fileId}'` as never);
  const pages = [];
  for (let i = 0; i < n; i++) pages.push(await insertPageIfNew(db, { id: randomUUID(), fileId, pageIndex: i + 1, status: 'pending', imageKey: 'x', imageType: 'image/png', thumbKey: 'x', width: 10, height: 10, dpi: 300 }));
  return { fileId, pages };
}

/** A scanned file whose pages hold `texts` as their OCR, assembled by the real stage; its documents. */
export async function assembleTexts(server: TestServer, texts: string[]) {
  const db = server.rt.database.db;
  const { fileId, pages } = await pendingFile(server, texts.length);
  for (const [i, text] of texts.entries()) {
    await saveRecognition(db, pages[i]!.id, { text, headerText: null, confidence: 90, flags: {}, ocrMs: 1, words: [], lines: [] });
  }
  await assembleFile(server.rt.stageDeps, fileId, { attempt: 1, emit: async () => undefined });
  return documentsOfFile(db, fileId);
}

/** A machine document to store, one page per text (`text`, or the form type as the page's text). */
export type DocSpec = Partial<MachineDocument> & { formType: string; text?: string; pageTexts?: string[] };

/**
 * Store one file of documents as the assemble stage would (saveAssembly: classified ones filed
 * into their cases, the rest waiting for a clerk), and locate the cases it touched. Returns
 * the documents' ids.
 */
export async function seedFile(server: TestServer, docs: DocSpec[]): Promise<string[]> {
  const db = server.rt.database.db;
  const fileId = randomUUID();
  await insertFileIfNew(db, { id: fileId, sha256: randomUUID().replace(/-/g, '').padEnd(64, '0'), filename: 'seed.pdf', contentType: 'application/pdf', sizeBytes: 1, blobKey: 'originals/x', status: 'processing' });
  await db.execute(`UPDATE scan_files SET stage = 'rasterized' WHERE id = '${fileId}'` as never);
  const machine: MachineDocument[] = [];
  let pageIndex = 0;
  for (const [i, d] of docs.entries()) {
    const pageIds: string[] = [];
    for (const text of d.pageTexts ?? [d.text ?? d.formType]) {
      pageIndex += 1;
      const page = await insertPageIfNew(db, { id: randomUUID(), fileId, pageIndex, status: 'pending', imageKey: `pages/${fileId}/${pageIndex}.png`, imageType: 'image/png', thumbKey: 't', width: 10, height: 10, dpi: 300 });
      await saveRecognition(db, page.id, { text, headerText: null, confidence: 90, flags: {}, ocrMs: 1, words: [], lines: [] });
      pageIds.push(page.id);
    }
    const { pageTexts: _unused, ...rest } = d;
    machine.push({
      id: randomUUID(), seqInFile: i + 1, pageIds, caseNumber: null, title: null, docDate: null, volume: 'main', confidence: 0.95,
      fields: {}, reasons: ['seeded'], status: 'classified', reviewCodes: [], ...rest,
    });
  }
  const review = machine.find((m) => m.status === 'needs_review');
  const caseIds = await saveAssembly(db, fileId, machine, {
    status: review ? 'needs_review' : 'done',
    errorCode: review?.reviewCodes[0] ?? null,
    errorMessage: review ? 'review' : null,
    scanSeqBase: Date.now() * 1000,
  });
  for (const id of caseIds ?? []) await locateCase(server.rt.stageDeps, id);
  return machine.map((m) => m.id);
}
