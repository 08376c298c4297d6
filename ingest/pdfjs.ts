/**
 * pdf.js (legacy build, the one that runs on Node 20) loaded without slowing down the rest of
 * the process. Both of its bundles carry core-js polyfills that replace native builtins
 * process-wide: JSON.stringify, JSON.parse, Array.prototype.push and Function.prototype.toString
 * (core-js wants JSON.rawJSON / JSON.parse source access, which Node 20 lacks). Measured:
 * JSON.stringify ~4× and Array#push ~3× slower, in every process that imports the pipeline —
 * the API's JSON responses and pg's jsonb parsing included.
 *
 * So: load the main bundle and the worker bundle (pdf.js runs its "worker" on the main thread in
 * Node and would otherwise import it, and polyfill again, at the first getDocument), hand the
 * worker to pdf.js via `globalThis.pdfjsWorker`, then put the natives back. pdf.js itself only
 * stringifies/parses plain data and never uses JSON.rawJSON. Imports nothing of ours.
 */
const natives = {
  stringify: JSON.stringify,
  parse: JSON.parse,
  push: Array.prototype.push,
  toString: Function.prototype.toString,
};

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
// The worker bundle ships no type declarations; pdf.js only reads its WorkerMessageHandler.
const WORKER_MODULE = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = (await import(WORKER_MODULE)) as unknown;

JSON.stringify = natives.stringify;
JSON.parse = natives.parse;
Array.prototype.push = natives.push;
Function.prototype.toString = natives.toString;

export const { getDocument, VerbosityLevel } = pdfjs;
