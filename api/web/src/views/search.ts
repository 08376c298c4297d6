/**
 * Full-text search (`/search?q=&offset=`) over the OCR text of every page the user may read:
 * each hit shows the case number, the document, the page and a snippet with the phrase
 * marked, and opens the dossier at that page with the phrase highlighted on the image.
 */
import { api, enc } from '../api.ts';
import { fill, h, highlighted, message } from '../dom.ts';
import { formName } from '../labels.ts';
import { findRanges } from '../match.ts';
import { navigate, type RouteCtx } from '../router.ts';
import type { SearchHit } from '../types.ts';

export function searchView(ctx: RouteCtx): void {
  const q = (ctx.query.get('q') ?? '').trim();
  const offset = Math.max(0, Number(ctx.query.get('offset') ?? 0) || 0);
  const input = h('input', { id: 'search-q', type: 'search', value: q, required: true, minlength: 2, autocomplete: 'off', size: 30 });
  const form = h(
    'form',
    { class: 'lookup', role: 'search', 'aria-label': '全文检索' },
    h('label', { for: 'search-q' }, '检索词'),
    input,
    h('button', { type: 'submit', class: 'primary' }, '检索'),
    h('span', { class: 'hint small' }, '至少两个字，在所有卷宗页面的识别文字中查找。'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = input.value.trim();
    if (v) navigate(`/search?q=${enc(v)}`);
  });
  const out = h('div', { class: 'search-results' });
  ctx.main.append(h('div', { class: 'page' }, h('h1', { tabindex: '-1' }, '全文检索'), form, out));
  if (!q) {
    input.focus();
    return;
  }
  fill(out, message('info', '正在检索…'));
  void api<{ items: SearchHit[]; nextOffset: number | null }>(`/search?q=${enc(q)}&limit=20&offset=${offset}`).then(
    (res) => {
      if (res.items.length === 0) {
        fill(out, message('info', offset ? '没有更多结果。' : `没有找到“${q}”。`));
        return;
      }
      const rows = res.items.map((hit) => {
        const where = hit.caseNumber
          ? h('a', { href: `/dossier/${enc(hit.caseNumber)}?page=${enc(hit.pageId)}&q=${enc(q)}`, class: 'hit-link' }, hit.caseNumber)
          : h('span', { class: 'muted' }, '未归档（待审核）');
        return h(
          'tr',
          {},
          h('td', {}, where),
          h('td', {}, formName(hit.formType)),
          h('td', { class: 'num' }, hit.number ? `第 ${hit.number} 页` : '—'),
          h('td', { class: 'snippet' }, ...highlighted(hit.snippet, findRanges(hit.snippet, q))),
        );
      });
      const pager = h('div', { class: 'pager' });
      if (offset > 0) pager.append(h('a', { href: `/search?q=${enc(q)}&offset=${Math.max(0, offset - 20)}` }, '‹ 上一页'));
      if (res.nextOffset !== null) pager.append(h('a', { href: `/search?q=${enc(q)}&offset=${res.nextOffset}` }, '下一页 ›'));
      fill(
        out,
        h('p', { role: 'status' }, `“${q}”的检索结果（第 ${offset + 1}–${offset + res.items.length} 条）`),
        h(
          'table',
          { class: 'table' },
          h('caption', { class: 'visually-hidden' }, '检索结果'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '案号'), h('th', { scope: 'col' }, '文书'), h('th', { scope: 'col' }, '页'), h('th', { scope: 'col' }, '摘要'))),
          h('tbody', {}, ...rows),
        ),
        pager,
      );
    },
    (err: Error) => fill(out, message('error', err.message)),
  );
}
