/**
 * Pages: image, thumbnail, OCR text and word boxes. Every view is audited (dossier content).
 */
import { Router } from 'express';
import { audit } from '../../storage/audit.repo.ts';
import { getPage, getPageOcr } from '../../storage/pages.repo.ts';
import type { AppDeps } from '../app-deps.ts';
import { requireRole } from '../auth.ts';
import { HttpError, principalOf, uuidParam } from '../http.ts';

export function pageRoutes(deps: AppDeps): Router {
  const r = Router();
  const db = deps.database.db;

  async function loadPage(id: string) {
    const page = await getPage(db, id);
    if (!page) throw new HttpError(404, 'page_not_found', '未找到该页');
    return page;
  }

  r.get('/pages/:pageId', requireRole('clerk', 'judge'), async (req, res) => {
    const page = await loadPage(uuidParam(req, 'pageId'));
    res.json({
      pageId: page.id,
      fileId: page.fileId,
      pageIndex: page.pageIndex,
      documentId: page.documentId,
      numberInDocument: page.numberInDocument,
      status: page.status,
      width: page.width,
      height: page.height,
      dpi: page.dpi,
      confidence: page.confidence,
      flags: page.flags,
      imageUrl: `/api/v1/pages/${page.id}/image`,
      thumbnailUrl: `/api/v1/pages/${page.id}/thumbnail`,
      textUrl: `/api/v1/pages/${page.id}/text`,
    });
  });

  for (const kind of ['image', 'thumbnail'] as const) {
    r.get(`/pages/:pageId/${kind}`, requireRole('clerk', 'judge'), async (req, res) => {
      const page = await loadPage(uuidParam(req, 'pageId'));
      if (kind === 'image') await audit(db, { principal: principalOf(req), action: 'page.image', target: page.id, ip: req.ip });
      const key = kind === 'image' ? page.imageKey : page.thumbKey;
      if (deps.presign) {
        const url = await deps.blobs.presignedGetUrl(key, 300);
        if (url) {
          res.redirect(302, url);
          return;
        }
      }
      res.set('Content-Type', kind === 'image' ? page.imageType : 'image/jpeg');
      res.set('Cache-Control', 'private, max-age=3600');
      (await deps.blobs.getStream(key)).pipe(res);
    });
  }

  r.get('/pages/:pageId/text', requireRole('clerk', 'judge'), async (req, res) => {
    const page = await loadPage(uuidParam(req, 'pageId'));
    await audit(db, { principal: principalOf(req), action: 'page.text', target: page.id, ip: req.ip });
    const ocr = await getPageOcr(db, page.id);
    res.json({
      pageId: page.id,
      status: page.status,
      text: page.text ?? '',
      confidence: page.confidence,
      width: page.width,
      height: page.height,
      words: (ocr?.words ?? []).map((w) => ({ text: w.t, confidence: w.c, bbox: w.b })),
      lines: (ocr?.lines ?? []).map((w) => ({ text: w.t, confidence: w.c, bbox: w.b })),
    });
  });

  return r;
}
