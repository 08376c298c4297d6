/**
 * The command-centre board (`/board?status=&node=&team=`) for supervisors: how many cases sit
 * at each node and how many of them are due soon or overdue, the same by team (承办人), and
 * the list of due-soon / overdue cases, most urgent first, filtered and paginated (keyset
 * cursors, so page 500 costs what page 1 costs), each case opening its case view.
 * Data: `GET /board/summary` (counts) and `GET /board/cases` (the list).
 */
import { api, enc } from '../api.ts';
import { fill, fmtDate, h, message, statusBadge } from '../dom.ts';
import { NODE_ORDER, nodeName, STATUS_LABELS } from '../labels.ts';
import { navigate, type RouteCtx } from '../router.ts';
import type { BoardCase, BoardCount } from '../types.ts';

const PAGE_SIZE = 50;
/** The board's last URL (filters), for the way back from a drill-down. */
export const BOARD_URL_KEY = 'ced.board.url';
const UNASSIGNED = '未分配';
const WARN = ['due_soon', 'overdue'] as const;

interface Filter {
  status: '' | 'due_soon' | 'overdue';
  node: string;
  /** null: any team; '': unassigned; else a 承办人. */
  team: string | null;
}

function filterUrl(f: Filter): string {
  const q = new URLSearchParams();
  if (f.status) q.set('status', f.status);
  if (f.node) q.set('node', f.node);
  if (f.team !== null) q.set('team', f.team);
  const s = q.toString();
  return `/board${s ? `?${s}` : ''}`;
}

function countsTable(caption: string, rowHead: string, rows: Array<{ key: string; label: string; counts: Record<string, number> }>, cols: string[], pick: (key: string, status: string) => void): HTMLElement {
  return h(
    'table',
    { class: 'table counts' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, rowHead), ...cols.map((c) => h('th', { scope: 'col', class: 'num' }, c === 'total' ? '合计' : STATUS_LABELS[c] ?? c)))),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, r.label),
          ...cols.map((c) => {
            const n = r.counts[c] ?? 0;
            const clickable = n > 0 && (WARN as readonly string[]).includes(c);
            return h(
              'td',
              { class: `num${clickable ? ` cell-${c}` : ''}` },
              clickable ? h('button', { type: 'button', class: 'link-button', 'aria-label': `${r.label}：${STATUS_LABELS[c]} ${n} 件，查看`, onclick: () => pick(r.key, c) }, n.toLocaleString('zh-CN')) : n.toLocaleString('zh-CN'),
            );
          }),
        ),
      ),
    ),
  );
}

export function boardView(ctx: RouteCtx): void {
  const f: Filter = {
    status: (['due_soon', 'overdue'].includes(ctx.query.get('status') ?? '') ? ctx.query.get('status') : '') as Filter['status'],
    node: ctx.query.get('node') ?? '',
    team: ctx.query.get('team'),
  };
  sessionStorage.setItem(BOARD_URL_KEY, `${location.pathname}${location.search}`);
  const kpis = h('div', { class: 'kpis' });
  const summaryBox = h('div', { class: 'board-summary' });
  const filters = h('form', { class: 'filters', 'aria-label': '筛选' });
  const listBox = h('div', { class: 'board-list' });
  ctx.main.append(
    h(
      'div',
      { class: 'page board' },
      h('h1', { tabindex: '-1' }, '指挥中心 · 节点监管'),
      kpis,
      h('div', { class: 'board-layout' }, summaryBox, h('section', { class: 'board-main', 'aria-labelledby': 'list-title' }, h('h2', { id: 'list-title' }, '临期与超期案件'), filters, listBox)),
    ),
  );
  const go = (next: Partial<Filter>) => navigate(filterUrl({ ...f, ...next }));

  let total = 0;
  void api<{ items: BoardCount[]; generatedAt: string }>('/board/summary').then(
    (s) => {
      const byNode = new Map<string, Record<string, number>>();
      const byTeam = new Map<string, Record<string, number>>();
      const sums: Record<string, number> = {};
      for (const c of s.items) {
        const n = byNode.get(c.node) ?? {};
        n[c.status] = (n[c.status] ?? 0) + c.count;
        n.total = (n.total ?? 0) + c.count;
        byNode.set(c.node, n);
        sums[c.status] = (sums[c.status] ?? 0) + c.count;
        if ((WARN as readonly string[]).includes(c.status)) {
          const key = c.team ?? '';
          const t = byTeam.get(key) ?? {};
          t[c.status] = (t[c.status] ?? 0) + c.count;
          byTeam.set(key, t);
          if ((!f.status || f.status === c.status) && (!f.node || f.node === c.node) && (f.team === null || f.team === key)) total += c.count;
        }
      }
      fill(
        kpis,
        h('div', { class: 'kpi kpi-overdue' }, h('span', { class: 'kpi-label' }, '超期'), h('strong', {}, (sums.overdue ?? 0).toLocaleString('zh-CN')), ' 件'),
        h('div', { class: 'kpi kpi-due_soon' }, h('span', { class: 'kpi-label' }, '临期'), h('strong', {}, (sums.due_soon ?? 0).toLocaleString('zh-CN')), ' 件'),
        h('div', { class: 'kpi' }, h('span', { class: 'kpi-label' }, '全部案件'), h('strong', {}, s.items.reduce((a, c) => a + c.count, 0).toLocaleString('zh-CN')), ' 件'),
        h('p', { class: 'muted small' }, `统计时间 ${s.generatedAt.slice(11, 19)}`),
      );
      const nodes = [...NODE_ORDER.filter((n) => byNode.has(n)), ...[...byNode.keys()].filter((n) => !NODE_ORDER.includes(n))];
      const teams = [...byTeam.entries()].sort((a, b) => (b[1].overdue ?? 0) - (a[1].overdue ?? 0) || (b[1].due_soon ?? 0) - (a[1].due_soon ?? 0));
      fill(
        summaryBox,
        countsTable('各节点案件数', '节点', nodes.map((n) => ({ key: n, label: nodeName(n), counts: byNode.get(n)! })), ['on_time', 'due_soon', 'overdue', 'total'], (node, status) => go({ node, status: status as Filter['status'], team: null })),
        h('div', { class: 'team-box' }, countsTable('按承办人（团队）临期 / 超期', '承办人', teams.map(([t, c]) => ({ key: t, label: t || UNASSIGNED, counts: c })), ['due_soon', 'overdue'], (team, status) => go({ team, status: status as Filter['status'], node: '' }))),
        h('p', { class: 'hint small' }, '承办人取自案件最近一份载明承办人的文书（如财产查控移送表）；没有的记为“未分配”。'),
      );
      const teamSelect = filters.querySelector<HTMLSelectElement>('#filter-team');
      if (teamSelect) for (const [t] of teams) if (t && !teamSelect.querySelector(`option[value="${CSS.escape(t)}"]`)) teamSelect.append(h('option', { value: t, selected: f.team === t }, t));
      pageInfo();
    },
    (err: Error) => fill(summaryBox, message('error', `统计加载失败：${err.message}`)),
  );

  // Filters apply as soon as they change (each is a real <select> with a label).
  const sel = (id: string, label: string, options: Array<[string, string]>, value: string, onChange: (v: string) => void) => {
    const s = h('select', { id }, ...options.map(([v, l]) => h('option', { value: v, selected: v === value }, l)));
    s.addEventListener('change', () => onChange(s.value));
    return h('div', { class: 'field' }, h('label', { for: id }, label), s);
  };
  const teamValue = f.team === null ? '*' : f.team === '' ? '-' : f.team;
  const teamOptions: Array<[string, string]> = [['*', '全部'], ['-', UNASSIGNED]];
  if (f.team) teamOptions.push([f.team, f.team]);
  fill(
    filters,
    sel('filter-status', '状态', [['', '临期和超期'], ['overdue', '仅超期'], ['due_soon', '仅临期']], f.status, (v) => go({ status: v as Filter['status'] })),
    sel('filter-node', '节点', [['', '全部节点'], ...NODE_ORDER.map((n): [string, string] => [n, nodeName(n)])], f.node, (v) => go({ node: v })),
    sel('filter-team', '承办人', teamOptions, teamValue, (v) => go({ team: v === '*' ? null : v === '-' ? '' : v })),
    f.status || f.node || f.team !== null ? h('a', { href: '/board', class: 'clear' }, '清除筛选') : null,
  );
  filters.addEventListener('submit', (e) => e.preventDefault());

  const cursors: Array<string | null> = [null];
  const pageLine = h('p', { class: 'pager-info', role: 'status' });
  const pageInfo = () => {
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    pageLine.textContent = `第 ${cursors.length} 页 / 共 ${pages.toLocaleString('zh-CN')} 页（共 ${total.toLocaleString('zh-CN')} 件）`;
  };

  async function loadPage(): Promise<void> {
    const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (f.status) q.set('status', f.status);
    if (f.node) q.set('node', f.node);
    if (f.team !== null) q.set('team', f.team);
    const cursor = cursors[cursors.length - 1];
    if (cursor) q.set('cursor', cursor);
    fill(listBox, message('info', '正在加载…'));
    let res: { items: BoardCase[]; next: string | null };
    try {
      res = await api(`/board/cases?${q.toString()}`);
    } catch (err) {
      fill(listBox, message('error', err instanceof Error ? err.message : '加载失败'));
      return;
    }
    const prev = h('button', { type: 'button', disabled: cursors.length === 1, onclick: () => (cursors.pop(), void loadPage()) }, '‹ 上一页');
    const next = h('button', { type: 'button', disabled: !res.next, onclick: () => (cursors.push(res.next), void loadPage()) }, '下一页 ›');
    pageInfo();
    fill(
      listBox,
      res.items.length === 0
        ? message('success', '没有符合条件的临期或超期案件。')
        : h(
            'table',
            { class: 'table board-table' },
            h('caption', { class: 'visually-hidden' }, '临期与超期案件，最紧急的在前'),
            h('thead', {}, h('tr', {}, ...['案号', '节点', '进入日期', '到期日', '状态', '承办人', '预警'].map((t) => h('th', { scope: 'col' }, t)))),
            h(
              'tbody',
              {},
              ...res.items.map((c) =>
                h(
                  'tr',
                  {},
                  h('td', {}, h('a', { href: `/dossier/${enc(c.caseNumber)}` }, c.caseNumber)),
                  h('td', {}, c.node.name ?? nodeName(c.node.code)),
                  h('td', { class: 'num' }, fmtDate(c.node.enteredAt)),
                  h('td', { class: 'num' }, fmtDate(c.dueAt)),
                  h('td', {}, statusBadge(c.status)),
                  h('td', {}, c.team ?? h('span', { class: 'muted' }, UNASSIGNED)),
                  h('td', { class: 'small' }, c.warnings[0]?.message ?? '—', c.warnings.length > 1 ? h('span', { class: 'muted' }, ` 等 ${c.warnings.length} 项`) : null),
                ),
              ),
            ),
          ),
      h('div', { class: 'pager' }, prev, pageLine, next),
    );
  }
  void loadPage();
}
