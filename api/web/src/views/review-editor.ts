/**
 * The clerk's editor for one document: its page images (thumbnails, a large view, "split from
 * this page"), what the machine guessed and why (reasons in Chinese), and the correction form
 * (form type, case number, date, volume, the form's fields) plus merge into another document.
 * Every change goes through the API (`PATCH /documents/{id}`, `POST …/split`, `POST …/merge`),
 * which audits it and re-runs the node engine; the caller shows the outcome.
 */
import { ApiError, imageUrl } from '../api.ts';
import { badge, fill, fmtDate, h, message } from '../dom.ts';
import { DOC_STATUS, fieldLabel, fieldsOf, FORM_TYPES, formName, valueLabel, VOLUME_LABELS } from '../labels.ts';
import { reasonZh } from '../reasons-zh.ts';
import type { DocumentView } from '../types.ts';

export interface EditorActions {
  /** Save a correction (only the changed properties). */
  save(body: Record<string, unknown>): Promise<void>;
  split(atPageId: string): Promise<void>;
  merge(intoDocumentId: string): Promise<void>;
}

/** A field's value as stored: a machine record `{value, …}` or a plain value. */
function plain(v: unknown): unknown {
  return v !== null && typeof v === 'object' && 'value' in (v as object) ? (v as { value: unknown }).value : v;
}

function errorText(err: unknown): string {
  return err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err);
}

function pagesPane(doc: DocumentView, actions: EditorActions, status: HTMLElement): HTMLElement {
  const big = h('img', { class: 'review-image', alt: '' });
  const bigBox = h('div', { class: 'review-stage', tabindex: '0', 'aria-label': '页面图像（可滚动）' }, big);
  const thumbs = h('ol', { class: 'review-thumbs', 'aria-label': '本文书各页' });
  const showPage = (i: number) => {
    const p = doc.pages[i];
    if (!p) return;
    big.alt = `${formName(doc.formType)} 第 ${i + 1} 页`;
    void imageUrl(p.imageUrl).then((u) => (big.src = u), () => fill(bigBox, message('error', '图像加载失败')));
    thumbs.querySelectorAll('button.thumb').forEach((b, k) => b.setAttribute('aria-current', String(k === i)));
  };
  doc.pages.forEach((p, i) => {
    const t = h('img', { alt: '' });
    void imageUrl(p.thumbnailUrl).then((u) => (t.src = u), () => undefined);
    const split =
      i > 0
        ? h('button', {
            type: 'button',
            class: 'small-button',
            'aria-label': `从第 ${i + 1} 页起拆分为新文书`,
            onclick: (e: Event) => {
              (e.currentTarget as HTMLButtonElement).disabled = true;
              fill(status, message('info', `正在从第 ${i + 1} 页拆分…`));
              actions.split(p.pageId).catch((err: unknown) => fill(status, message('error', `拆分失败：${errorText(err)}`)));
            },
          }, '从此页拆分')
        : null;
    thumbs.append(h('li', {}, h('button', { type: 'button', class: 'thumb', 'aria-label': `第 ${i + 1} 页`, onclick: () => showPage(i) }, t, h('span', {}, `第 ${i + 1} 页`)), split));
  });
  showPage(0);
  return h('section', { class: 'review-pages', 'aria-label': '页面' }, thumbs, bigBox);
}

function guessPane(doc: DocumentView): HTMLElement {
  const fields = Object.entries(doc.fields).filter(([k]) => k !== 'caseNumber');
  return h(
    'section',
    { class: 'guess', 'aria-labelledby': 'guess-title' },
    h('h3', { id: 'guess-title' }, '机器识别结果与依据'),
    h(
      'dl',
      { class: 'kv' },
      h('dt', {}, '文书类型'),
      h('dd', { 'data-guess': 'formType' }, formName(doc.formType), doc.title && doc.title !== formName(doc.formType) ? `（标题：${doc.title}）` : ''),
      h('dt', {}, '案号'),
      h('dd', {}, doc.caseNumber ?? h('span', { class: 'muted' }, '未识别')),
      h('dt', {}, '日期'),
      h('dd', {}, fmtDate(doc.date)),
      h('dt', {}, '卷别'),
      h('dd', {}, VOLUME_LABELS[doc.volume] ?? doc.volume),
      h('dt', {}, '可信度'),
      h('dd', {}, `${Math.round(doc.confidence * 100)}%`),
      ...fields.flatMap(([k, v]) => [h('dt', {}, fieldLabel(k)), h('dd', {}, valueLabel(plain(v), k))]),
    ),
    h('h4', {}, '识别依据'),
    h('ul', { class: 'reasons small' }, ...doc.reasons.map((r) => h('li', { title: r }, reasonZh(r)))),
  );
}

/** One button per other reading of the document's date (审批日期 and the signed line read apart): a click takes it (`pick`). */
function otherReadings(doc: DocumentView, pick: (date: string) => void): HTMLElement[] {
  return (doc.otherDateReadings ?? []).map((d) => {
    const b = h('button', { type: 'button', class: 'small date-reading', title: '机器读出的另一个日期' }, `另一读法：${fmtDate(d)}`);
    b.addEventListener('click', () => pick(d));
    return b;
  });
}

function correctionForm(doc: DocumentView, actions: EditorActions, status: HTMLElement): HTMLElement {
  const id = (s: string) => `fix-${s}`;
  const formType = h('select', { id: id('form') }, ...FORM_TYPES.map(([code, name]) => h('option', { value: code, selected: code === doc.formType }, name)));
  const caseNumber = h('input', { id: id('case'), type: 'text', value: doc.caseNumber ?? '', placeholder: '如 (2024)苏0205执1234号', autocomplete: 'off', size: 26 });
  const date = h('input', { id: id('date'), type: 'date', value: doc.date ?? '' });
  const volume = h('select', { id: id('volume') }, ...(['main', 'secondary'] as const).map((v) => h('option', { value: v, selected: v === doc.volume }, VOLUME_LABELS[v])));
  const fieldBox = h('fieldset', { class: 'fields' });
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const renderFields = () => {
    inputs.clear();
    const defs = fieldsOf(formType.value);
    fill(fieldBox, h('legend', {}, `${formName(formType.value)}的字段`));
    if (defs.length === 0) fieldBox.append(h('p', { class: 'muted small' }, '此类文书没有需要填写的字段。'));
    for (const f of defs) {
      const cur = plain(doc.fields[f.name]);
      const el = f.options
        ? h('select', { id: id(`f-${f.name}`) }, h('option', { value: '' }, '（未填）'), ...f.options.map(([v, l]) => h('option', { value: v, selected: String(cur ?? '') === v }, l)))
        : h('input', { id: id(`f-${f.name}`), type: f.type === 'date' ? 'date' : 'text', value: cur === null || cur === undefined ? '' : String(cur) });
      el.dataset.initial = cur === null || cur === undefined ? '' : String(cur);
      inputs.set(f.name, el);
      fieldBox.append(h('div', { class: 'field' }, h('label', { for: el.id }, f.label), el));
    }
  };
  formType.addEventListener('change', renderFields);
  renderFields();
  const submit = h('button', { type: 'submit', class: 'primary' }, doc.status === 'needs_review' ? '保存更正并归档' : '保存更正');
  const form = h(
    'form',
    { class: 'fix-form', 'aria-labelledby': 'fix-title' },
    h('h3', { id: 'fix-title' }, '人工更正'),
    h('div', { class: 'field' }, h('label', { for: formType.id }, '文书类型'), formType),
    h('div', { class: 'field' }, h('label', { for: caseNumber.id }, '案号'), caseNumber),
    h(
      'div',
      { class: 'field' },
      h('label', { for: date.id }, '日期'),
      date,
      // The date box, and each date field that held the date taken (结案日期 is the form's date).
      ...otherReadings(doc, (d) => {
        date.value = d;
        for (const el of inputs.values()) if (el instanceof HTMLInputElement && el.type === 'date' && el.dataset.initial === doc.date) el.value = d;
      }),
    ),
    h('div', { class: 'field' }, h('label', { for: volume.id }, '卷别'), volume),
    fieldBox,
    h('p', { class: 'hint small' }, '只提交改动的内容；不改动直接保存即确认机器识别结果。更正会记入审计日志，并重新计算案件节点。'),
    submit,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    if (formType.value !== doc.formType) body.formType = formType.value;
    if (caseNumber.value.trim() && caseNumber.value.trim() !== (doc.caseNumber ?? '')) body.caseNumber = caseNumber.value.trim();
    if (date.value !== (doc.date ?? '')) body.date = date.value || null;
    if (volume.value !== doc.volume) body.volume = volume.value;
    const fields: Record<string, string | null> = {};
    for (const [name, el] of inputs) if (el.value !== el.dataset.initial) fields[name] = el.value || null;
    if (Object.keys(fields).length) body.fields = fields;
    submit.disabled = true;
    fill(status, message('info', '正在保存…'));
    actions
      .save(body)
      .catch((err: unknown) => fill(status, message('error', `保存失败：${errorText(err)}`)))
      .finally(() => (submit.disabled = false));
  });
  return form;
}

function mergePane(doc: DocumentView, candidates: DocumentView[], actions: EditorActions, status: HTMLElement): HTMLElement {
  const others = candidates.filter((c) => c.documentId !== doc.documentId);
  const box = h('section', { class: 'merge', 'aria-labelledby': 'merge-title' }, h('h3', { id: 'merge-title' }, '合并到其他文书'));
  if (others.length === 0) {
    box.append(h('p', { class: 'muted small' }, '没有可合并的文书（同一文件、同一案件或审核队列中的其他文书）。'));
    return box;
  }
  const target = h(
    'select',
    { id: 'merge-target' },
    ...others.map((o) => h('option', { value: o.documentId }, `${formName(o.formType)} · ${o.caseNumber ?? '无案号'} · ${fmtDate(o.date)} · ${o.pages.length} 页`)),
  );
  const confirmBox = h('div', { class: 'confirm' });
  const ask = h('button', { type: 'button' }, '合并…');
  ask.addEventListener('click', () => {
    const chosen = others.find((o) => o.documentId === target.value);
    fill(
      confirmBox,
      h('p', { role: 'alert' }, `本文书的 ${doc.pages.length} 页将追加到“${chosen ? formName(chosen.formType) : ''}”末尾，本文书随即撤销。`),
      h('button', { type: 'button', class: 'danger', onclick: () => {
        fill(status, message('info', '正在合并…'));
        actions.merge(target.value).catch((err: unknown) => fill(status, message('error', `合并失败：${errorText(err)}`)));
      } }, '确认合并'),
      ' ',
      h('button', { type: 'button', onclick: () => fill(confirmBox) }, '取消'),
    );
  });
  box.append(h('div', { class: 'field' }, h('label', { for: 'merge-target' }, '目标文书'), target), ask, confirmBox);
  return box;
}

export function renderEditor(doc: DocumentView, candidates: DocumentView[], actions: EditorActions, status: HTMLElement): HTMLElement {
  return h(
    'article',
    { class: 'editor', 'aria-labelledby': 'editor-title' },
    h(
      'header',
      { class: 'editor-head' },
      h('h2', { id: 'editor-title' }, `${formName(doc.formType)}（${doc.pages.length} 页）`),
      badge(doc.status === 'needs_review' ? 'warn' : 'ok', DOC_STATUS[doc.status] ?? doc.status),
      ...doc.review.map((r) => badge('warn', r.message)),
    ),
    h('div', { class: 'editor-grid' }, pagesPane(doc, actions, status), h('div', { class: 'editor-side' }, correctionForm(doc, actions, status), guessPane(doc), mergePane(doc, candidates, actions, status))),
  );
}
