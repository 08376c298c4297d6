/**
 * The dossier screen (`/dossier/{caseNumber}?page=&doc=&q=`): find a case by number (any
 * spelling the server accepts) or by party name; then the case header (node, entry date, due
 * date, status in colour and words), a side panel with the document list in dossier order
 * split 正卷 / 副卷 and the node timeline, and the page viewer. Supervisors see the header and
 * timeline only (the dossier's content is for judges and clerks).
 */
import { api, ApiError, enc } from '../api.ts';
import { fill, fmtDate, h, message, statusBadge } from '../dom.ts';
import { formName, nodeName, VOLUME_LABELS } from '../labels.ts';
import { navigate, type RouteCtx } from '../router.ts';
import type { CaseView, Dossier, DossierDocument } from '../types.ts';
import { BOARD_URL_KEY } from './board.ts';
import { renderTimeline } from './timeline.ts';
import { createViewer, type Viewer, type ViewerPage } from './viewer.ts';

/** Does the input look like a case number rather than a name? (a year or a 执 type code) */
function looksLikeCaseNumber(v: string): boolean {
  return /\d{4}/.test(v) || /[（(〔[].*[)）〕\]]/.test(v) || /执/.test(v);
}

function lookupForm(initial: string, onParty: (name: string) => void): HTMLElement {
  const input = h('input', { id: 'case-lookup', type: 'search', value: initial, required: true, autocomplete: 'off', 'aria-describedby': 'case-lookup-help', size: 28 });
  const form = h(
    'form',
    { class: 'lookup', role: 'search', 'aria-label': '打开卷宗' },
    h('label', { for: 'case-lookup' }, '案号或当事人'),
    input,
    h('button', { type: 'submit', class: 'primary' }, '打开'),
    h('span', { id: 'case-lookup-help', class: 'hint small' }, '案号可用任何写法，如 (2024)苏0205执1234号；也可输入当事人名称。'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = input.value.trim();
    if (!v) return;
    if (looksLikeCaseNumber(v)) navigate(`/dossier/${enc(v)}`);
    else onParty(v);
  });
  return form;
}

async function partyResults(box: HTMLElement, name: string): Promise<void> {
  fill(box, message('info', `正在按当事人“${name}”查找…`));
  try {
    const res = await api<{ items: Array<{ caseNumber: string; parties: string[]; node: string | null; status: string | null }> }>(`/cases?party=${enc(name)}`);
    if (res.items.length === 0) {
      fill(box, message('info', `没有当事人包含“${name}”的案件。`));
      return;
    }
    fill(
      box,
      h('h2', {}, `当事人“${name}”的案件（${res.items.length}）`),
      h(
        'ul',
        { class: 'party-results' },
        ...res.items.map((c) =>
          h('li', {}, h('a', { href: `/dossier/${enc(c.caseNumber)}` }, c.caseNumber), ' ', h('span', { class: 'muted' }, c.parties.join('、')), ' ', nodeName(c.node), ' ', statusBadge(c.status)),
        ),
      ),
    );
  } catch (err) {
    fill(box, message('error', err instanceof Error ? err.message : '查找失败'));
  }
}

function caseHeader(c: CaseView): HTMLElement {
  const n = c.node;
  const fact = (label: string, value: Node | string) => h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, value));
  return h(
    'header',
    { class: 'case-header' },
    h('div', { class: 'case-title' }, h('h1', { tabindex: '-1' }, c.caseNumber), c.parties.length ? h('p', { class: 'muted' }, `当事人：${c.parties.join('、')}`) : null),
    h(
      'dl',
      { class: 'facts' },
      fact('当前节点', h('span', { class: 'node-name' }, n?.name ?? nodeName(n?.code))),
      fact('状态', statusBadge(n?.status)),
      fact('进入日期', fmtDate(n?.enteredAt)),
      fact('到期日期', n?.dueAt ? fmtDate(n.dueAt) : '无期限'),
      fact('文书', `${c.documentCount} 份`),
      c.originalCaseNumber ? fact('原案号', h('a', { href: `/dossier/${enc(c.originalCaseNumber)}` }, c.originalCaseNumber)) : null,
    ),
  );
}

function docLabel(d: DossierDocument): string {
  const name = formName(d.formType);
  const title = d.title && d.title !== name ? `：${d.title}` : '';
  return `${name}${title}${d.date ? `（${fmtDate(d.date)}）` : ''}`;
}

export function dossierView(ctx: RouteCtx): () => void {
  const root = h('div', { class: 'dossier' });
  ctx.main.append(root);
  let viewer: Viewer | null = null;
  const raw = ctx.params[0] ?? '';
  const results = h('div', { class: 'party-box' });
  const lookup = lookupForm(raw, (name) => void partyResults(results, name));

  if (!raw) {
    fill(root, h('h1', { tabindex: '-1' }, '打开卷宗'), lookup, results, h('p', { class: 'muted' }, '也可以', h('a', { href: '/search' }, '全文检索'), '卷宗中的文字。'));
    return () => undefined;
  }

  const status = h('div', {}, message('info', `正在打开 ${raw} …`));
  // Supervisors arrive here from the board: offer the way back to the same filtered page.
  const back = ctx.me.role === 'supervisor' ? h('a', { class: 'back-link', href: sessionStorage.getItem(BOARD_URL_KEY) ?? '/board' }, '‹ 返回指挥中心') : null;
  fill(root, back, lookup, status);
  const canReadDossier = ctx.me.role !== 'supervisor';

  void (async () => {
    let c: CaseView;
    let d: Dossier | null = null;
    try {
      c = await api<CaseView>(`/cases/${enc(raw)}`);
      if (canReadDossier) d = await api<Dossier>(`/cases/${enc(raw)}/dossier`);
    } catch (err) {
      fill(status, h('h1', { tabindex: '-1' }, '未找到卷宗'), message('error', err instanceof ApiError ? err.message : '打开失败'));
      if (err instanceof ApiError && err.code === 'case_not_found' && !looksLikeCaseNumber(raw)) void partyResults(results, raw);
      status.append(results);
      return;
    }
    if (!root.isConnected) return;
    if (c.caseNumber !== raw) history.replaceState(null, '', `/dossier/${enc(c.caseNumber)}${location.search}`);
    document.title = `${c.caseNumber} · 卷宗 · 电子卷宗系统`;

    const docs = d ? [...d.documents.filter((x) => x.volume !== 'secondary'), ...d.documents.filter((x) => x.volume === 'secondary')] : [];
    const pages: ViewerPage[] = docs.flatMap((doc, docIndex) =>
      doc.pages.map((p, i) => ({ pageId: p.pageId, imageUrl: p.imageUrl, textUrl: p.textUrl, docIndex, numberInDoc: i + 1, docPageCount: doc.pages.length, docLabel: docLabel(doc) })),
    );
    const known = (id: string) => docs.some((x) => x.documentId === id);
    const docButtons = new Map<string, HTMLButtonElement>();
    const openDoc = (id: string) => {
      const i = pages.findIndex((p) => docs[p.docIndex]!.documentId === id);
      if (i >= 0) viewer?.show(i);
    };

    // Side panel: tabs 卷宗目录 / 节点与期限.
    const list = h('div', { class: 'doc-list' });
    for (const vol of ['main', 'secondary'] as const) {
      const own = docs.filter((x) => (x.volume === 'secondary' ? 'secondary' : 'main') === vol);
      const ol = h('ol', { class: 'docs' });
      for (const doc of own) {
        const b = h(
          'button',
          { type: 'button', class: 'doc', onclick: () => openDoc(doc.documentId) },
          h('span', { class: 'doc-name' }, formName(doc.formType)),
          doc.title && doc.title !== formName(doc.formType) ? h('span', { class: 'doc-title' }, doc.title) : null,
          h('span', { class: 'doc-meta' }, `${fmtDate(doc.date)} · ${doc.pageCount} 页`, doc.corrected ? ' · 已人工更正' : ''),
        );
        docButtons.set(doc.documentId, b);
        ol.append(h('li', {}, b));
      }
      list.append(h('section', { class: 'volume', 'aria-label': VOLUME_LABELS[vol] }, h('h2', {}, `${VOLUME_LABELS[vol]}（${own.length} 份）`), own.length ? ol : h('p', { class: 'muted small' }, '无')));
    }
    const timeline = renderTimeline(c, d ? openDoc : null, known);
    const tabs = [
      { id: 'tab-docs', label: '卷宗目录', panel: list },
      { id: 'tab-timeline', label: '节点与期限', panel: timeline },
    ].filter((t) => d || t.id === 'tab-timeline');
    const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': '卷宗信息' });
    const panels = h('div', { class: 'tab-panels' });
    const select = (id: string) => {
      for (const t of tabs) {
        const on = t.id === id;
        const tab = document.getElementById(t.id);
        tab?.setAttribute('aria-selected', String(on));
        tab?.setAttribute('tabindex', on ? '0' : '-1');
        t.panel.hidden = !on;
      }
    };
    for (const t of tabs) {
      t.panel.id = `${t.id}-panel`;
      t.panel.setAttribute('role', 'tabpanel');
      t.panel.setAttribute('aria-labelledby', t.id);
      tablist.append(h('button', { type: 'button', role: 'tab', id: t.id, 'aria-controls': t.panel.id, onclick: () => select(t.id) }, t.label));
      panels.append(t.panel);
    }
    // Tabs pattern: ←/→ move between tabs (the viewer ignores keys inside the tablist).
    tablist.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const i = tabs.findIndex((t) => t.id === (e.target as HTMLElement).id);
      const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
      if (!next) return;
      select(next.id);
      document.getElementById(next.id)?.focus();
      e.preventDefault();
    });
    const side = h('div', { class: 'side' }, tablist, panels);

    fill(root, back, lookup, caseHeader(c));
    if (!d) {
      root.append(h('div', { class: 'dossier-body no-viewer' }, side), message('info', '督办角色可查看节点与期限；卷宗文书内容由法官、书记员查阅。'));
      select('tab-timeline');
      return;
    }
    const q = ctx.query.get('q') ?? '';
    const startPage = ctx.query.get('page');
    const startDoc = ctx.query.get('doc');
    let start = startPage ? pages.findIndex((p) => p.pageId === startPage) : -1;
    if (start < 0 && startDoc) start = pages.findIndex((p) => docs[p.docIndex]!.documentId === startDoc);
    viewer = createViewer(pages, {
      start: Math.max(0, start),
      query: q,
      onPageChange: (p) => {
        for (const [id, b] of docButtons) b.setAttribute('aria-current', String(id === docs[p.docIndex]!.documentId));
        const url = new URL(location.href);
        url.searchParams.set('page', p.pageId);
        url.searchParams.delete('doc');
        history.replaceState(null, '', `${url.pathname}${url.search}`);
      },
    });
    root.append(h('div', { class: 'dossier-body' }, side, viewer.el));
    select('tab-docs');
  })();

  return () => viewer?.destroy();
}
