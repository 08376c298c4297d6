/**
 * The page viewer: one page image at a time with thumbnails of its document, zoom, next/prev
 * by keyboard (←/→, PageUp/PageDown, +/−, 0), the OCR text beside it, and the hits of a phrase
 * drawn over the image from the OCR word boxes (and marked in the text). Images come through
 * the authorised blob cache; the next page is prefetched so paging forward is instant. Owns no data loading beyond a page's image and text.
 */
import { api, imageUrl } from '../api.ts';
import { announce, fill, h, highlighted, message, typingInField } from '../dom.ts';
import { findRanges, matchWords, mergeLineBoxes } from '../match.ts';
import type { PageText } from '../types.ts';

export interface ViewerPage {
  pageId: string;
  imageUrl: string;
  textUrl: string;
  /** Index of its document in the viewer's document order. */
  docIndex: number;
  /** 1-based page number within the document. */
  numberInDoc: number;
  docPageCount: number;
  /** e.g. 财产查控移送表（2024年3月5日） */
  docLabel: string;
}

export interface Viewer {
  el: HTMLElement;
  show(index: number): void;
  setQuery(q: string): void;
  destroy(): void;
}

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];
const texts = new Map<string, Promise<PageText>>();

function textOf(p: ViewerPage): Promise<PageText> {
  let t = texts.get(p.pageId);
  if (!t) {
    t = api<PageText>(p.textUrl.replace(/^\/api\/v1/, ''));
    t.catch(() => texts.delete(p.pageId));
    texts.set(p.pageId, t);
  }
  return t;
}

export function createViewer(pages: ViewerPage[], opts: { start: number; query: string; onPageChange(p: ViewerPage): void }): Viewer {
  let index = Math.max(0, Math.min(opts.start, pages.length - 1));
  let zoom = 2; // index into ZOOMS: 1 = fit width
  let query = opts.query;
  let seq = 0;
  let current: PageText | null = null;
  let imageReady = false;

  const btn = (label: string, text: string, onclick: () => void, keys: string) =>
    h('button', { type: 'button', 'aria-label': label, title: `${label}（${keys}）`, 'aria-keyshortcuts': keys, onclick: () => onclick() }, text);
  const prev = btn('上一页', '‹ 上一页', () => go(index - 1), 'ArrowLeft');
  const next = btn('下一页', '下一页 ›', () => go(index + 1), 'ArrowRight');
  const indicator = h('span', { class: 'page-indicator', 'aria-live': 'polite' });
  const zoomLabel = h('span', { class: 'zoom-label' });
  const findInput = h('input', { id: 'viewer-find', type: 'search', placeholder: '页内查找', value: query, size: 10 });
  findInput.addEventListener('input', () => setQuery(findInput.value));
  const hitInfo = h('span', { class: 'hit-info', 'aria-live': 'polite' });
  const toolbar = h(
    'div',
    { class: 'viewer-toolbar', role: 'toolbar', 'aria-label': '翻页与缩放' },
    prev,
    indicator,
    next,
    h('span', { class: 'sep' }),
    btn('缩小', '−', () => setZoom(zoom - 1), '-'),
    zoomLabel,
    btn('放大', '+', () => setZoom(zoom + 1), '+'),
    btn('适合宽度', '适合宽度', () => setZoom(2), '0'),
    h('span', { class: 'sep' }),
    h('label', { for: 'viewer-find', class: 'visually-hidden' }, '在本页图像上高亮的词语'),
    findInput,
    hitInfo,
  );
  const thumbs = h('div', { class: 'thumbs', role: 'list', 'aria-label': '本文书各页缩略图' });
  const img = h('img', { class: 'page-image', alt: '' });
  const overlay = h('div', { class: 'hit-layer', 'aria-hidden': 'true' });
  const frame = h('div', { class: 'page-frame' }, img, overlay);
  const loading = h('p', { class: 'stage-status muted' }, '正在加载图像…');
  const stage = h('div', { class: 'stage', tabindex: '0', 'aria-label': '页面图像（可滚动）' }, loading, frame);
  const textBody = h('div', { class: 'ocr-text', tabindex: '0', 'aria-label': '本页识别文字' });
  const textMeta = h('p', { class: 'muted small' });
  const aside = h('aside', { class: 'ocr-panel', 'aria-label': '识别文字' }, h('h2', {}, '识别文字'), textMeta, textBody);
  const el = h(
    'section',
    { class: 'viewer', 'aria-label': '页面阅览' },
    toolbar,
    h('div', { class: 'viewer-main' }, h('div', { class: 'viewer-left' }, thumbs, stage), aside),
    h('p', { class: 'hint small' }, '键盘：← / → 或 PageUp / PageDown 翻页，+ / − 缩放，0 适合宽度。'),
  );

  function setZoom(z: number): void {
    zoom = Math.max(0, Math.min(ZOOMS.length - 1, z));
    frame.style.setProperty('--zoom', String(ZOOMS[zoom]));
    zoomLabel.textContent = `${Math.round(ZOOMS[zoom]! * 100)}%`;
  }

  function renderThumbs(): void {
    const cur = pages[index]!;
    const own = pages.map((p, i) => ({ p, i })).filter((x) => x.p.docIndex === cur.docIndex);
    fill(
      thumbs,
      ...own.map(({ p, i }) => {
        const t = h('img', { alt: '' });
        void imageUrl(p.imageUrl.replace(/\/image$/, '/thumbnail')).then((u) => (t.src = u), () => undefined);
        return h(
          'div',
          { role: 'listitem' },
          h('button', { type: 'button', class: 'thumb', 'aria-label': `第 ${p.numberInDoc} 页`, 'aria-current': i === index ? 'true' : null, onclick: () => go(i) }, t, h('span', {}, String(p.numberInDoc))),
        );
      }),
    );
  }

  /** The OCR text of the shown page, with the phrase marked. */
  function renderText(): void {
    if (!current) return;
    const ranges = query.trim() ? findRanges(current.text, query) : [];
    fill(textBody, ...(ranges.length ? highlighted(current.text, ranges) : [current.text || '（本页没有识别出文字）']));
  }

  /** Boxes over the image where the phrase's words are (only once the image is shown). */
  function renderOverlay(): void {
    overlay.replaceChildren();
    const q = query.trim();
    if (!current || !imageReady || !q) {
      hitInfo.textContent = '';
      return;
    }
    const t = current;
    const groups = matchWords(t.words.map((w) => w.text), q);
    const W = t.width || img.naturalWidth || 1;
    const H = t.height || img.naturalHeight || 1;
    for (const g of groups) {
      const words = g.map((wi) => t.words[wi]!);
      for (const [x0, y0, x1, y1] of mergeLineBoxes(words.map((w) => w.bbox))) {
        const box = h('div', { class: 'hit-box', 'data-words': words.map((w) => w.text).join('') });
        box.style.left = `${(x0 / W) * 100}%`;
        box.style.top = `${(y0 / H) * 100}%`;
        box.style.width = `${((x1 - x0) / W) * 100}%`;
        box.style.height = `${((y1 - y0) / H) * 100}%`;
        overlay.append(box);
      }
    }
    hitInfo.textContent = groups.length ? `本页 ${groups.length} 处` : '本页未找到';
    overlay.querySelector('.hit-box')?.scrollIntoView({ block: 'center', inline: 'nearest' });
  }

  function show(i: number): void {
    if (pages.length === 0) return;
    index = Math.max(0, Math.min(i, pages.length - 1));
    const p = pages[index]!;
    const mySeq = ++seq;
    current = null;
    imageReady = false;
    indicator.textContent = `${p.docLabel} · 第 ${p.numberInDoc} / ${p.docPageCount} 页（全卷第 ${index + 1} / ${pages.length} 页）`;
    prev.disabled = index === 0;
    next.disabled = index === pages.length - 1;
    img.alt = `${p.docLabel} 第 ${p.numberInDoc} 页`;
    loading.hidden = false;
    loading.textContent = '正在加载图像…';
    frame.classList.add('is-loading');
    overlay.replaceChildren();
    textMeta.textContent = '';
    fill(textBody, h('span', { class: 'muted' }, '正在加载文字…'));
    renderThumbs();
    opts.onPageChange(p);
    void imageUrl(p.imageUrl).then(
      async (u) => {
        if (mySeq !== seq) return;
        img.src = u;
        await img.decode().catch(() => undefined);
        if (mySeq !== seq) return;
        loading.hidden = true;
        frame.classList.remove('is-loading');
        imageReady = true;
        renderOverlay();
      },
      () => {
        if (mySeq === seq) loading.textContent = '图像加载失败，请重试。';
      },
    );
    void textOf(p).then(
      (t) => {
        if (mySeq !== seq) return;
        current = t;
        textMeta.textContent = t.status === 'recognized' ? `识别可信度 ${Math.round(t.confidence ?? 0)}%` : '本页尚未完成识别';
        renderText();
        renderOverlay();
      },
      (err: Error) => mySeq === seq && fill(textBody, message('error', `文字加载失败：${err.message}`)),
    );
    // Prefetch the next page so the next key press shows it at once. Only the next one: page
    // reads are audited, and the audit should not list pages nobody was about to read.
    const following = pages[index + 1];
    if (following) {
      void imageUrl(following.imageUrl).catch(() => undefined);
      void textOf(following).catch(() => undefined);
    }
  }

  function go(i: number): void {
    if (i < 0 || i >= pages.length || i === index) return;
    show(i);
    announce(indicator.textContent ?? '');
  }

  function setQuery(q: string): void {
    query = q;
    if (findInput.value !== q) findInput.value = q;
    renderText();
    renderOverlay();
  }

  function onKey(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey || typingInField(e)) return;
    if ((e.target as HTMLElement | null)?.closest('[role="tablist"]')) return;
    const k = e.key;
    if (k === 'ArrowRight' || k === 'PageDown') go(index + 1);
    else if (k === 'ArrowLeft' || k === 'PageUp') go(index - 1);
    else if (k === '+' || k === '=') setZoom(zoom + 1);
    else if (k === '-' || k === '_') setZoom(zoom - 1);
    else if (k === '0') setZoom(2);
    else return;
    e.preventDefault();
  }

  document.addEventListener('keydown', onKey);
  setZoom(zoom);
  if (pages.length === 0) fill(stage, message('info', '本卷宗还没有页面。'));
  else show(index);

  return {
    el,
    show: (i) => go(i),
    setQuery,
    destroy: () => document.removeEventListener('keydown', onKey),
  };
}
