/**
 * The published OpenAPI 3.1 document (`GET /api/v1/openapi.json`). Contract v1 routes are a
 * promise to other systems: extend, never break. Kept by hand beside the routes.
 */
const err = { $ref: '#/components/schemas/Error' };
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const errors = {
  '401': { description: '无效或缺少令牌', ...json(err) },
  '403': { description: '角色无权使用', ...json(err) },
};
const id = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
const cn = () => ({ name: 'caseNumber', in: 'path', required: true, schema: { type: 'string' }, description: 'percent-encoded; any accepted spelling' });

export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Court e-dossier API', version: '1.0.0', description: '执行案件电子卷宗：扫描接收、OCR、文书识别、节点监管' },
  servers: [{ url: '/api/v1' }],
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
      },
      File: {
        type: 'object',
        required: ['fileId', 'sha256', 'filename', 'status', 'documents', 'error', 'receivedAt', 'updatedAt'],
        properties: {
          fileId: { type: 'string', format: 'uuid' },
          sha256: { type: 'string' },
          filename: { type: 'string' },
          status: { enum: ['received', 'processing', 'done', 'needs_review', 'failed'] },
          stage: { enum: ['received', 'rasterized', 'recognized', 'assembled'] },
          pageCount: { type: ['integer', 'null'] },
          progress: { type: 'object' },
          documents: { type: 'array', items: { type: 'string' } },
          error: { oneOf: [{ type: 'null' }, { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } }] },
          receivedAt: { type: 'string', format: 'date-time' },
          updatedAt: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
  paths: {
    '/health': { get: { summary: 'Liveness', security: [], responses: { '200': { description: 'ok' } } } },
    '/ready': { get: { summary: 'Readiness: database, object store and queue backend (Redis in BullMQ mode), 5 s each', security: [], responses: { '200': { description: '{ok: true, checks}' }, '503': { description: '{ok: false, checks} naming what failed' } } } },
    '/metrics': {
      servers: [{ url: '/' }],
      get: {
        summary: 'Prometheus metrics (text exposition): HTTP requests, queue depth and workers per queue, files by status, process; Bearer METRICS_TOKEN or an admin token',
        responses: { '200': { description: 'text/plain; version=0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } }, ...errors },
      },
    },
    '/whoami': { get: { summary: 'The caller’s token name and role', responses: { '200': { description: 'ok' }, ...errors } } },
    '/ingest': {
      post: {
        summary: 'Upload a scanned file (streamed body); roles station, clerk, admin',
        parameters: [
          { name: 'X-Filename', in: 'header', schema: { type: 'string' }, description: 'percent-encoded UTF-8' },
          { name: 'X-Content-SHA256', in: 'header', schema: { type: 'string' } },
          { name: 'X-Batch-Id', in: 'header', schema: { type: 'string' } },
          { name: 'X-Case-Number', in: 'header', schema: { type: 'string' }, description: 'percent-encoded hint' },
        ],
        requestBody: {
          required: true,
          content: Object.fromEntries(['application/pdf', 'image/tiff', 'image/jpeg', 'image/png'].map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
        },
        responses: {
          '201': { description: 'stored, processing starts', ...json({ type: 'object', properties: { fileId: { type: 'string' }, sha256: { type: 'string' }, status: { const: 'received' } } }) },
          '200': { description: 'same content already stored (idempotent by sha256)' },
          '413': { description: 'file_too_large', ...json(err) },
          '415': { description: 'unsupported_type (sniffed from the bytes); the file is kept as failed', ...json(err) },
          '422': { description: 'checksum_mismatch or empty_file', ...json(err) },
          ...errors,
        },
      },
    },
    '/ingest/{sha256}': {
      get: {
        summary: 'Does the server hold this content? (scanner agents skip re-uploads)',
        parameters: [{ name: 'sha256', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'held' }, '404': { description: 'not held', ...json(err) }, ...errors },
      },
    },
    '/files': { get: { summary: 'Received files, newest first (cursor paging)', parameters: [{ name: 'status', in: 'query', schema: { type: 'string' } }, { name: 'cursor', in: 'query', schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { type: 'integer' } }], responses: { '200': { description: '{items, next}' }, ...errors } } },
    '/files/{fileId}': { get: { summary: 'Processing state and result of one file', parameters: [id('fileId')], responses: { '200': { description: 'file', ...json({ $ref: '#/components/schemas/File' }) }, '404': { description: 'file_not_found', ...json(err) }, ...errors } } },
    '/files/{fileId}/pages': { get: { summary: 'Pages of a file with status and flags', parameters: [id('fileId')], responses: { '200': { description: '{items}' }, ...errors } } },
    '/files/{fileId}/reprocess': { post: { summary: 'OCR and classify a finished file again; documents keep their pages and clerk corrections (clerk; audited)', parameters: [id('fileId')], responses: { '202': { description: '{fileId, status, pages}' }, '409': { description: 'file_in_progress', ...json(err) }, ...errors } } },
    '/files/{fileId}/original': { get: { summary: 'The original bytes (audited)', parameters: [id('fileId')], responses: { '200': { description: 'bytes' }, ...errors } } },
    '/pages/{pageId}': { get: { summary: 'Page metadata', parameters: [id('pageId')], responses: { '200': { description: 'page' }, ...errors } } },
    '/pages/{pageId}/image': { get: { summary: 'Page image (audited)', parameters: [id('pageId')], responses: { '200': { description: 'image/jpeg or image/png' }, '302': { description: 'presigned object-store URL' }, ...errors } } },
    '/pages/{pageId}/thumbnail': { get: { summary: 'Thumbnail', parameters: [id('pageId')], responses: { '200': { description: 'image/jpeg' }, ...errors } } },
    '/pages/{pageId}/text': { get: { summary: 'OCR text, words and lines with boxes (audited)', parameters: [id('pageId')], responses: { '200': { description: 'text' }, ...errors } } },
    '/cases/{caseNumber}': { get: { summary: 'Node, history, clocks and warnings of a case (any accepted spelling, percent-encoded)', parameters: [cn()], responses: { '200': { description: 'case' }, '404': { description: 'case_not_found', ...json(err) }, ...errors } } },
    '/cases/{caseNumber}/dossier': { get: { summary: 'Documents and pages in dossier order (audited)', parameters: [cn()], responses: { '200': { description: '{caseNumber, documents}' }, '404': { description: 'case_not_found', ...json(err) }, ...errors } } },
    '/cases': { get: { summary: 'Cases by party name (?party=)', parameters: [{ name: 'party', in: 'query', schema: { type: 'string' } }], responses: { '200': { description: '{items}' }, ...errors } } },
    '/nodes': { get: { summary: 'Change feed of nodes and warnings (cursor never skips or repeats)', parameters: [{ name: 'since', in: 'query', schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { type: 'integer' } }], responses: { '200': { description: '{items, next}' }, ...errors } } },
    '/warnings': { get: { summary: 'Cases due soon or overdue, most urgent first', parameters: [{ name: 'status', in: 'query', schema: { enum: ['due_soon', 'overdue'] } }, { name: 'cursor', in: 'query', schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { type: 'integer' } }], responses: { '200': { description: '{items, next}' }, ...errors } } },
    '/search': { get: { summary: 'Full-text search over OCR text (?q=)', parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string' } }], responses: { '200': { description: '{items}' }, ...errors } } },
    '/review': { get: { summary: 'Documents waiting for a clerk (cursor paging)', responses: { '200': { description: '{items, next}' }, ...errors } } },
    '/board/summary': { get: { summary: 'Command-centre board (supervisor): case counts per node × status × team; team = latest 承办人 on record, null when none (cached ≤ 5 s)', responses: { '200': { description: '{items: [{node, status, team, count}], generatedAt}' }, ...errors } } },
    '/board/cases': {
      get: {
        summary: 'Command-centre board (supervisor): due-soon / overdue cases, most urgent first, filtered by node and team, keyset-paginated',
        parameters: [
          { name: 'status', in: 'query', schema: { enum: ['due_soon', 'overdue'] } },
          { name: 'node', in: 'query', schema: { type: 'string' }, description: 'node code, e.g. fast_track' },
          { name: 'team', in: 'query', schema: { type: 'string' }, description: 'a 承办人 name; empty = cases with none (未分配)' },
          { name: 'cursor', in: 'query', schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } },
        ],
        responses: { '200': { description: '{items: [{caseNumber, status, dueAt, team, node, warnings}], next}' }, '400': { description: 'bad_request, bad_cursor', ...json(err) }, ...errors },
      },
    },
    '/documents/{documentId}': {
      get: { summary: 'One document with machine reasons and pages', parameters: [id('documentId')], responses: { '200': { description: 'document' }, '404': { description: 'document_not_found', ...json(err) }, ...errors } },
      patch: { summary: 'Correct form type, case number, date, fields or volume (clerk; audited; re-runs the node engine)', parameters: [id('documentId')], responses: { '200': { description: 'document, plus warnings: [{code, message}] (case_number_unregistered when a register is loaded and does not hold the corrected case number; the correction is applied all the same)' }, '400': { description: 'bad_request, unknown_form_type, invalid_case_number, invalid_date', ...json(err) }, ...errors } },
    },
    '/documents/{documentId}/split': { post: { summary: 'Split at a page: pages from atPageId on become a new, re-classified document (clerk; audited)', parameters: [id('documentId')], requestBody: { required: true, ...json({ type: 'object', required: ['atPageId'], properties: { atPageId: { type: 'string', format: 'uuid' } } }) }, responses: { '201': { description: '{documentId, document}' }, '400': { description: 'page_not_in_document, split_at_first_page', ...json(err) }, '409': { description: 'document_changed', ...json(err) }, ...errors } } },
    '/documents/{documentId}/merge': { post: { summary: 'Append all pages to another document and remove this one (clerk; audited)', parameters: [id('documentId')], requestBody: { required: true, ...json({ type: 'object', required: ['intoDocumentId'], properties: { intoDocumentId: { type: 'string', format: 'uuid' } } }) }, responses: { '200': { description: '{documentId, document}' }, '400': { description: 'merge_into_self', ...json(err) }, ...errors } } },
    '/admin/tokens': {
      get: { summary: 'List tokens (admin)', responses: { '200': { description: '{items}' }, ...errors } },
      post: { summary: 'Create a token (admin); the secret is returned once', responses: { '201': { description: '{id, token, role, name}' }, ...errors } },
    },
    '/admin/queues': {
      get: {
        summary: 'Queues (admin): waiting/active/delayed/failed/completed and workers per queue; with ?failed=<queue> the failed jobs of that queue with their error, newest first',
        parameters: [
          { name: 'failed', in: 'query', schema: { enum: ['rasterize', 'ocr', 'assemble', 'locate', 'reevaluate'] } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
          { name: 'cursor', in: 'query', schema: { type: 'string' } },
        ],
        responses: {
          '200': { description: '{queues: [{name, waiting, active, delayed, failed, completed, workers}]} or {queue, items: [{jobId, data, attemptsMade, error, failedAt}], next}' },
          '400': { description: 'unknown_queue, bad_request, bad_cursor', ...json(err) },
          ...errors,
        },
      },
    },
    '/admin/register': {
      get: { summary: 'Size of the court’s case register (admin)', responses: { '200': { description: '{size}' }, ...errors } },
      post: {
        summary:
          'Import a batch of the court’s case register (立案登记; admin; audited): upserted by case number. Once it holds a case, every case number the pipeline reads is checked against it: an unregistered reading goes to review (case_number_unknown) unless one registered number one OCR slip away has a party the document names',
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['cases'],
            properties: {
              cases: {
                type: 'array',
                minItems: 1,
                maxItems: 2000,
                items: {
                  type: 'object',
                  required: ['caseNumber'],
                  properties: { caseNumber: { type: 'string' }, filedOn: { type: 'string', format: 'date' }, applicant: { type: 'string' }, respondent: { type: 'string' }, judge: { type: 'string' }, team: { type: 'string' } },
                },
              },
            },
          }),
        },
        responses: { '200': { description: '{written, rejected: [{index, caseNumber, message}], size}' }, '400': { description: 'bad_request', ...json(err) }, ...errors },
      },
    },
    '/admin/tokens/{id}': { delete: { summary: 'Revoke a token (admin)', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: { '204': { description: 'revoked' }, ...errors } } },
  },
} as const;
