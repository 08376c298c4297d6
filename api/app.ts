/**
 * The Express application: every `/api/v1` route behind token auth, with the contract's error
 * shape. `health` and the OpenAPI document are the only unauthenticated routes (they reveal
 * no court data), besides the web UI's static files (no data either; every screen fetches
 * `/api/v1` with the user's token).
 */
import express from 'express';
import type { AppDeps } from './app-deps.ts';
import { authenticate } from './auth.ts';
import { errorHandler, sendError } from './http.ts';
import { openApiDocument } from './openapi.ts';
import { createMetrics } from './metrics.ts';
import { adminRoutes } from './routes/admin.route.ts';
import { metricsEndpoint, opsRoutes, readiness } from './routes/ops.route.ts';
import { caseRoutes } from './routes/cases.route.ts';
import { documentRoutes } from './routes/documents.route.ts';
import { searchRoutes } from './routes/search.route.ts';
import { fileRoutes } from './routes/files.route.ts';
import { ingestRoutes } from './routes/ingest.route.ts';
import { pageRoutes } from './routes/pages.route.ts';
import { boardRoutes } from './routes/board.route.ts';
import { webRoutes } from './routes/web.route.ts';

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const metrics = createMetrics(deps);
  app.use(metrics.countRequests);

  app.get('/api/v1/health', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/api/v1/ready', readiness(deps));
  app.get('/metrics', ...metricsEndpoint(deps, metrics));
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });

  const api = express.Router();
  api.use(authenticate(deps.database.db));
  // JSON bodies only for JSON routes; /ingest streams its raw body untouched.
  api.use(express.json({ limit: '1mb', type: 'application/json' }));
  api.use(ingestRoutes(deps));
  api.use(fileRoutes(deps));
  api.use(pageRoutes(deps));
  api.use(caseRoutes(deps));
  api.use(documentRoutes(deps));
  api.use(searchRoutes(deps));
  api.use(boardRoutes(deps));
  api.use(adminRoutes(deps));
  api.use(opsRoutes(deps));
  app.use('/api/v1', api);

  app.use('/api', (_req, res) => sendError(res, 404, 'not_found', '接口不存在'));
  // The web UI (dist/web) and its client-side routes: everything that is not an API path.
  app.use(webRoutes());
  app.use(errorHandler(deps.log));
  return app;
}
