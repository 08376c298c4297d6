/**
 * Intake (`/intake`): the files received today (Beijing time) and what became of each, kept
 * live by polling `GET /files` every few seconds (no refresh button needed; polling pauses
 * while the tab is hidden). Failures show their reason in plain Chinese; files that need a
 * clerk link to the review queue.
 */
import { api, enc } from '../api.ts';
import { badge, fill, fmtTime, h, message, todayShanghai } from '../dom.ts';
import { FILE_STAGE, FILE_STATUS, reasonText } from '../labels.ts';
import type { RouteCtx } from '../router.ts';
import type { FileView } from '../types.ts';

export const INTAKE_POLL_MS = 3000;
const PAGE = 200;
const MAX_PAGES = 10;

/** Today's files, newest first (pages through `/files` until yesterday's first file). */
async function filesOfToday(): Promise<{ items: FileView[]; truncated: boolean }> {
  const today = todayShanghai();
  const items: FileView[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const res: { items: FileView[]; next: string | null } = await api(`/files?limit=${PAGE}${cursor ? `&cursor=${enc(cursor)}` : ''}`);
    for (const f of res.items) {
      if (f.receivedAt.slice(0, 10) !== today) return { items, truncated: false };
      items.push(f);
    }
    if (!res.next) return { items, truncated: false };
    cursor = res.next;
  }
  return { items, truncated: true };
}

function row(f: FileView): HTMLElement {
  const st = FILE_STATUS[f.status] ?? { label: f.status, tone: 'muted' as const };
  let detail: Node | string = '';
  if (f.status === 'failed') detail = h('span', { class: 'reason' }, reasonText(f.error?.code ?? 'processing_error', f.error?.message));
  else if (f.status === 'needs_review') {
    detail = h(
      'span',
      {},
      f.error ? reasonText(f.error.code, f.error.message) : '部分文书需要人工核对',
      ' ',
      h('a', { href: `/review${f.documents[0] ? `?doc=${enc(f.documents[0])}` : ''}` }, '去审核'),
    );
  } else if (f.status === 'received' || f.status === 'processing') {
    const p = f.progress;
    const pages = p && f.pageCount ? `（已识别 ${p.pagesRecognized} / ${f.pageCount} 页）` : '';
    detail = `${FILE_STAGE[f.stage] ?? f.stage}${pages}`;
  }
  else if (f.status === 'done') detail = `已组成 ${f.documents.length} 份文书`;
  return h(
    'tr',
    { 'data-file': f.fileId, 'data-status': f.status },
    h('td', { class: 'time' }, fmtTime(f.receivedAt)),
    h('td', { class: 'filename' }, f.filename),
    h('td', {}, f.station ?? '—'),
    h('td', { class: 'num' }, f.pageCount ?? '—'),
    h('td', {}, badge(st.tone, st.label)),
    h('td', {}, detail),
  );
}

export function intakeView(ctx: RouteCtx): () => void {
  const summary = h('div', { class: 'summary', role: 'status', 'aria-live': 'polite' });
  const updated = h('p', { class: 'muted small' });
  const body = h('div', {});
  const reviewLink = h('p', {});
  ctx.main.append(
    h(
      'div',
      { class: 'page' },
      h('h1', { tabindex: '-1' }, '今日接收'),
      h('p', { class: 'hint' }, `扫描站上传的文件会自动出现在这里，每 ${INTAKE_POLL_MS / 1000} 秒自动更新，无需刷新。`),
      summary,
      reviewLink,
      updated,
      body,
    ),
  );
  // Rows are updated in place (keyed by file): a row that did not change keeps its DOM node, so
  // keyboard focus on a link in the table survives the polling.
  const tbody = h('tbody', {});
  const table = h(
    'table',
    { class: 'table intake-table' },
    h('caption', { class: 'visually-hidden' }, '今日接收的文件'),
    h('thead', {}, h('tr', {}, ...['接收时间', '文件名', '扫描站', '页数', '状态', '说明'].map((t) => h('th', { scope: 'col' }, t)))),
    tbody,
  );
  const extra = h('div', {});
  fill(body, extra, table);
  const rendered = new Map<string, { sig: string; tr: HTMLElement }>();
  function renderRows(items: FileView[]): void {
    const keep = new Set<string>();
    items.forEach((f, i) => {
      keep.add(f.fileId);
      const sig = JSON.stringify([f.status, f.stage, f.pageCount, f.documents, f.error?.code, f.progress?.pagesRecognized]);
      let r = rendered.get(f.fileId);
      if (!r || r.sig !== sig) {
        const tr = row(f);
        if (r) r.tr.replaceWith(tr);
        r = { sig, tr };
        rendered.set(f.fileId, r);
      }
      if (tbody.children[i] !== r.tr) tbody.insertBefore(r.tr, tbody.children[i] ?? null);
    });
    for (const [id, r] of rendered) {
      if (!keep.has(id)) {
        r.tr.remove();
        rendered.delete(id);
      }
    }
  }
  let timer: number | undefined;
  let stopped = false;
  let lastSummary = '';

  async function tick(): Promise<void> {
    if (stopped) return;
    if (!document.hidden) {
      try {
        const [{ items, truncated }, review] = await Promise.all([filesOfToday(), api<{ items: unknown[]; next: string | null }>('/review?limit=50')]);
        // Page-level progress of the files still in the pipeline (the list omits it; a few at most).
        const running = items.filter((f) => f.status === 'received' || f.status === 'processing').slice(0, 10);
        const progress = await Promise.all(running.map((f) => api<FileView>(`/files/${f.fileId}`).catch(() => null)));
        for (const [i, f] of running.entries()) f.progress = progress[i]?.progress;
        if (stopped) return;
        const count = (s: string) => items.filter((f) => f.status === s).length;
        const text = `今日共接收 ${items.length} 个文件：处理中 ${count('received') + count('processing')}，已完成 ${count('done')}，待审核 ${count('needs_review')}，失败 ${count('failed')}`;
        if (text !== lastSummary) {
          summary.textContent = text;
          lastSummary = text;
        }
        const n = review.items.length;
        fill(reviewLink, n ? h('a', { href: '/review' }, `审核队列中有 ${n}${review.next ? '+' : ''} 份文书等待处理 ›`) : h('span', { class: 'muted' }, '审核队列已清空。'));
        updated.textContent = `最后更新 ${new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date())}`;
        renderRows(items);
        fill(extra, items.length === 0 ? message('info', '今天还没有收到文件。') : null, truncated ? message('info', `今日文件较多，仅显示最新的 ${items.length} 个。`) : null);
        table.hidden = items.length === 0;
      } catch (err) {
        fill(updated, message('error', `更新失败（将自动重试）：${err instanceof Error ? err.message : String(err)}`));
      }
    }
    if (!stopped) timer = window.setTimeout(() => void tick(), INTAKE_POLL_MS);
  }
  void tick();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}
