/**
 * The review queue (`/review?doc=`): documents in `needs_review`, oldest first, each with the
 * machine's guess and why it needs a clerk; the selected one opens in the editor. After a
 * correction the outcome is shown in words, including the case's node before and after (the
 * server re-ran the node engine before answering), and the queue reloads.
 */
import { api, ApiError, enc } from '../api.ts';
import { fill, fmtDate, h, message, statusBadge } from '../dom.ts';
import { formName } from '../labels.ts';
import { navigate, type RouteCtx } from '../router.ts';
import type { CaseView, Dossier, DocumentView, FileView } from '../types.ts';
import { renderEditor } from './review-editor.ts';

async function caseOrNull(caseNumber: string | null): Promise<CaseView | null> {
  if (!caseNumber) return null;
  try {
    return await api<CaseView>(`/cases/${enc(caseNumber)}`);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return null;
    throw err;
  }
}

function nodeText(c: CaseView | null): Node {
  if (!c?.node?.code) return h('span', {}, '（尚无节点）');
  return h('span', {}, `${c.node.name ?? c.node.code}`, ' ', statusBadge(c.node.status));
}

/** Documents a clerk may merge this one into: same file, same case, and the rest of the queue. */
async function mergeCandidates(doc: DocumentView, queue: DocumentView[]): Promise<DocumentView[]> {
  const byId = new Map(queue.map((d) => [d.documentId, d]));
  const file = await api<FileView>(`/files/${doc.fileId}`).catch(() => null);
  const sameFile = (file?.documents ?? []).filter((id) => !byId.has(id)).slice(0, 20);
  for (const d of await Promise.all(sameFile.map((id) => api<DocumentView>(`/documents/${id}`).catch(() => null)))) if (d) byId.set(d.documentId, d);
  if (doc.caseNumber) {
    const dossier = await api<Dossier>(`/cases/${enc(doc.caseNumber)}/dossier`).catch(() => null);
    for (const d of dossier?.documents ?? []) {
      if (!byId.has(d.documentId)) {
        byId.set(d.documentId, {
          ...d,
          fileId: d.pages[0]?.source.fileId ?? '',
          caseNumber: dossier!.caseNumber,
          status: 'filed',
          reasons: [],
          review: [],
          corrections: {},
          pages: d.pages.map((p) => ({ pageId: p.pageId, number: p.number, imageUrl: p.imageUrl, thumbnailUrl: p.imageUrl.replace(/\/image$/, '/thumbnail') })),
          updatedAt: null,
        });
      }
    }
  }
  byId.delete(doc.documentId);
  return [...byId.values()];
}

/** The outcome of the last action, shown once by the next render of the screen. */
let flash: HTMLElement | null = null;

export function reviewView(ctx: RouteCtx): void {
  const list = h('div', { class: 'queue', role: 'region', 'aria-label': '待审核文书' });
  const result = h('div', { class: 'result-banner', role: 'status', 'aria-live': 'polite' });
  const editorBox = h('div', { class: 'editor-box' });
  ctx.main.append(h('div', { class: 'page review' }, h('h1', { tabindex: '-1' }, '审核队列'), result, h('div', { class: 'review-layout' }, list, editorBox)));
  const selected = ctx.query.get('doc');
  if (flash) {
    result.append(flash);
    flash = null;
  }

  async function load(selectId: string | null): Promise<void> {
    fill(list, message('info', '正在加载审核队列…'));
    let queue: DocumentView[];
    try {
      queue = (await api<{ items: DocumentView[]; next: string | null }>('/review?limit=100')).items;
    } catch (err) {
      fill(list, message('error', err instanceof Error ? err.message : '加载失败'));
      return;
    }
    const items = queue.map((d) =>
      h(
        'li',
        {},
        h(
          'a',
          { href: `/review?doc=${d.documentId}`, class: 'queue-item', 'aria-current': d.documentId === selectId ? 'true' : null },
          h('strong', {}, formName(d.formType)),
          h('span', { class: 'small' }, d.caseNumber ?? '无案号', ' · ', fmtDate(d.date), ' · ', `${d.pages.length} 页`),
          h('span', { class: 'small warn-text' }, d.review.map((r) => r.message).join('；') || '需要人工核对'),
        ),
      ),
    );
    fill(list, h('h2', {}, `待审核（${queue.length}）`), queue.length ? h('ol', { class: 'queue-list' }, ...items) : message('success', '审核队列已清空，没有待处理的文书。'));
    const id = selectId ?? queue[0]?.documentId ?? null;
    if (!id) {
      fill(editorBox);
      return;
    }
    let doc = queue.find((d) => d.documentId === id) ?? null;
    if (!doc) doc = await api<DocumentView>(`/documents/${id}`).catch(() => null);
    if (!doc) {
      fill(editorBox, message('error', '该文书不存在（可能已被合并）。'));
      return;
    }
    await open(doc, queue);
  }

  async function open(doc: DocumentView, queue: DocumentView[]): Promise<void> {
    const status = h('div', { class: 'editor-status', role: 'status', 'aria-live': 'polite' });
    const candidates = await mergeCandidates(doc, queue);
    const after = async (text: string, caseBefore: CaseView | null, caseNumber: string | null, nextId: string | null, warnings: string[] = []) => {
      const caseAfter = await caseOrNull(caseNumber);
      flash = h(
          'div',
          { class: warnings.length ? 'msg msg-warn' : 'msg msg-success' },
          h('p', {}, text),
          ...warnings.map((w) => h('p', { class: 'save-warning' }, w)),
          caseAfter
            ? h(
                'p',
                { class: 'node-change' },
                `案件 `,
                h('a', { href: `/dossier/${enc(caseAfter.caseNumber)}` }, caseAfter.caseNumber),
                ' 的节点：',
                nodeText(caseBefore),
                ' → ',
                nodeText(caseAfter),
              )
            : null,
        );
      navigate(nextId ? `/review?doc=${nextId}` : '/review', { replace: true });
    };
    fill(
      editorBox,
      status,
      renderEditor(doc, candidates, {
        save: async (body) => {
          const target = typeof body.caseNumber === 'string' ? body.caseNumber : doc.caseNumber;
          const before = await caseOrNull(target);
          const updated = await api<DocumentView & { warnings?: Array<{ message: string }> }>(`/documents/${doc.documentId}`, { method: 'PATCH', body });
          const stillOpen = updated.status === 'needs_review';
          await after(
            stillOpen ? `已保存“${formName(updated.formType)}”的更正，但仍需补录：${updated.review.map((r) => r.message).join('；')}` : `已更正并归档：${formName(updated.formType)}，归入 ${updated.caseNumber}。`,
            before,
            updated.caseNumber,
            stillOpen ? updated.documentId : null,
            (updated.warnings ?? []).map((w) => w.message),
          );
        },
        split: async (atPageId) => {
          const before = await caseOrNull(doc.caseNumber);
          const res = await api<{ documentId: string; document?: DocumentView }>(`/documents/${doc.documentId}/split`, { method: 'POST', body: { atPageId } });
          const created = res.document ?? (await api<DocumentView>(`/documents/${res.documentId}`));
          await after(`已拆分：新文书“${formName(created.formType)}”（${created.pages.length} 页）${created.caseNumber ? `，归入 ${created.caseNumber}` : '，尚无案号'}。`, before, doc.caseNumber, doc.documentId);
        },
        merge: async (intoDocumentId) => {
          const into = candidates.find((c) => c.documentId === intoDocumentId);
          const before = await caseOrNull(into?.caseNumber ?? doc.caseNumber);
          const res = await api<{ documentId: string; document?: DocumentView }>(`/documents/${doc.documentId}/merge`, { method: 'POST', body: { intoDocumentId } });
          const merged = res.document ?? (await api<DocumentView>(`/documents/${res.documentId}`));
          await after(`已合并到“${formName(merged.formType)}”，现共 ${merged.pages.length} 页。`, before, merged.caseNumber, merged.status === 'needs_review' ? merged.documentId : null);
        },
      }, status),
    );
  }

  void load(selected);
}
