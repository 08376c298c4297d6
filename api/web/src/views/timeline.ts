/**
 * A case's node timeline as a judge or supervisor reads it: each node with its dates, whether
 * its time limit was kept, and the document it rests on (a button that opens that document
 * when the dossier is shown); the running clocks; the warnings (a 终本 with missing
 * prerequisites names them); and the 终本 checklist. Rendering only: the data is `GET /cases/…`.
 */
import { badge, fmtDate, h, statusBadge } from '../dom.ts';
import { formName } from '../labels.ts';
import type { Basis, CaseView } from '../types.ts';

/** Opens the basis document in the viewer; null when the dossier is not available (supervisor). */
export type OpenDocument = ((documentId: string) => void) | null;

function basisView(b: Basis | undefined, open: OpenDocument, known: (id: string) => boolean): HTMLElement | string {
  if (!b) return '—';
  const name = formName(b.formType);
  if (b.documentId.startsWith('page:')) return h('span', {}, `${name}（快速识别，整份文件仍在处理）`);
  if (open && known(b.documentId)) {
    return h('button', { type: 'button', class: 'link-button', onclick: () => open(b.documentId), 'aria-label': `打开依据文书：${name}` }, name);
  }
  return name;
}

export function renderTimeline(c: CaseView, open: OpenDocument, known: (id: string) => boolean): HTMLElement {
  const root = h('div', { class: 'timeline' });
  const labelOf = new Map(c.checklist.map((i) => [i.item, i.label]));

  // Warnings first: they are what needs attention.
  if (c.warnings.length > 0) {
    root.append(
      h('h3', {}, `预警（${c.warnings.length}）`),
      h(
        'ul',
        { class: 'warnings' },
        ...c.warnings.map((w) =>
          h(
            'li',
            { class: `warning warning-${w.status ?? 'overdue'}` },
            w.status ? statusBadge(w.status) : badge('bad', '核查'),
            ' ',
            w.message,
            w.missing && w.missing.length > 0
              ? h('div', { class: 'missing' }, '缺少：', w.missing.map((m) => labelOf.get(m) ?? formName(m)).join('、'))
              : null,
          ),
        ),
      ),
    );
  }

  const steps = h('ol', { class: 'steps' });
  for (const s of c.history) {
    steps.append(
      h(
        'li',
        { class: 'step' },
        h('div', { class: 'step-head' }, h('strong', {}, s.name), ' ', statusBadge(s.status)),
        h('div', { class: 'small' }, `${fmtDate(s.enteredAt)} 进入，${fmtDate(s.leftAt)} 离开`, s.dueAt ? `（期限 ${fmtDate(s.dueAt)}）` : ''),
        h('div', { class: 'small' }, '依据：', basisView(s.basis, open, known)),
      ),
    );
  }
  if (c.node?.code) {
    steps.append(
      h(
        'li',
        { class: 'step step-current', 'aria-current': 'step' },
        h('div', { class: 'step-head' }, h('strong', {}, c.node.name ?? c.node.code), ' ', badge('info', '当前节点'), ' ', statusBadge(c.node.status)),
        h('div', { class: 'small' }, `${fmtDate(c.node.enteredAt)} 进入`, c.node.dueAt ? `，应于 ${fmtDate(c.node.dueAt)} 前完成` : '，无节点期限'),
        h('div', { class: 'small' }, '依据：', basisView(c.node.basis, open, known)),
      ),
    );
  }
  root.append(h('h3', {}, '节点历程'), c.history.length || c.node?.code ? steps : h('p', { class: 'muted' }, '尚无节点记录。'));

  if (c.clocks.length > 0) {
    root.append(
      h('h3', {}, '期限'),
      h(
        'ul',
        { class: 'clocks' },
        ...c.clocks.map((k) => h('li', {}, h('span', {}, k.label), ' ', statusBadge(k.status), h('div', { class: 'small muted' }, `自 ${fmtDate(k.startedAt)} 起，至 ${fmtDate(k.dueAt)}`))),
      ),
    );
  }

  if (c.checklist.length > 0) {
    root.append(
      h('h3', {}, '终本核查清单'),
      h(
        'ul',
        { class: 'checklist' },
        ...c.checklist.map((i) =>
          h(
            'li',
            { class: i.done ? 'done' : 'todo' },
            i.done ? badge('ok', '✓ 已具备') : i.required ? badge('bad', '✗ 缺少') : badge('muted', '— 视情况'),
            ' ',
            i.label,
            i.basis ? h('span', { class: 'small muted' }, `（${fmtDate(i.basis.date)}）`) : null,
          ),
        ),
      ),
    );
  }
  return root;
}
