/**
 * Search: `GET /search?q=` over OCR text (Chinese bigrams; 2+ characters) → pages with their
 * case number, document and page number and a snippet; `GET /cases?party=` by party name.
 */
import { sql } from 'drizzle-orm';
import { Router } from 'express';
import { queryRows } from '../../storage/db.ts';
import { searchQuery } from '../../storage/search-text.ts';
import type { AppDeps } from '../app-deps.ts';
import { requireRole } from '../auth.ts';
import { HttpError } from '../http.ts';

function snippet(text: string, q: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const needle = q.replace(/\s+/g, '');
  const at = flat.replace(/ /g, '').indexOf(needle);
  if (at < 0) return flat.slice(0, 80);
  // Map the position in the space-free text back to the spaced text (roughly is fine for a snippet).
  return flat.replace(/ /g, '').slice(Math.max(0, at - 30), at + needle.length + 30);
}

export function searchRoutes(deps: AppDeps): Router {
  const r = Router();
  const db = deps.database.db;

  r.get('/search', requireRole('judge', 'clerk'), async (req, res) => {
    const q = String(req.query.q ?? '').trim().slice(0, 100);
    const tsq = searchQuery(q);
    if (!tsq || q.replace(/\s/g, '').length < 2) throw new HttpError(400, 'query_too_short', '请输入至少两个字');
    const limit = Math.min(Math.max(Number(req.query.limit ?? 20) || 20, 1), 100);
    const offset = Math.min(Math.max(Number(req.query.offset ?? 0) || 0, 0), 10_000);
    // The bigram index narrows candidates; the exact substring check removes bigram false hits.
    const needle = `%${q.replace(/\s+/g, '').replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const rows = await queryRows<{ page_id: string; document_id: string | null; number: number | null; case_number: string | null; form_type: string | null; text: string; page_index: number; file_id: string }>(
      db,
      sql`SELECT p.id AS page_id, p.document_id, p.number_in_document AS number, d.case_number, d.form_type, p.text, p.page_index, p.file_id
          FROM pages p LEFT JOIN documents d ON d.id = p.document_id
          WHERE p.search_bigrams @@ to_tsquery('simple', ${tsq})
            AND regexp_replace(p.text, '\\s', '', 'g') LIKE ${needle}
          ORDER BY d.case_number NULLS LAST, p.document_id, p.number_in_document
          LIMIT ${limit + 1} OFFSET ${offset}`,
    );
    res.json({
      items: rows.slice(0, limit).map((r) => ({
        caseNumber: r.case_number,
        documentId: r.document_id,
        formType: r.form_type,
        pageId: r.page_id,
        number: r.number,
        source: { fileId: r.file_id, pageIndex: r.page_index },
        snippet: snippet(r.text, q),
      })),
      nextOffset: rows.length > limit ? offset + limit : null,
    });
  });

  r.get('/cases', requireRole('judge', 'clerk', 'supervisor'), async (req, res) => {
    const party = String(req.query.party ?? '').trim().slice(0, 60);
    if (party.length < 2) throw new HttpError(400, 'query_too_short', '请输入至少两个字的当事人名称');
    const like = `%${party.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const rows = await queryRows<{ case_number: string; parties: string; node_code: string | null; status: string | null }>(
      db,
      sql`SELECT c.case_number, c.parties, s.node_code, s.status FROM cases c LEFT JOIN node_snapshots s ON s.case_id = c.id
          WHERE c.parties ILIKE ${like} ORDER BY c.case_number LIMIT 100`,
    );
    res.json({ items: rows.map((r) => ({ caseNumber: r.case_number, parties: r.parties.split('\n'), node: r.node_code, status: r.status })) });
  });

  return r;
}
