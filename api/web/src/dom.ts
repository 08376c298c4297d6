/**
 * A tiny DOM toolkit instead of a framework: `h()` builds elements (text always goes in as
 * text, never as HTML, so OCR text and file names cannot inject markup), plus small shared
 * widgets: status badges (colour + words), messages, the live announcer and date formatting.
 */
import { STATUS_LABELS } from './labels.ts';
import type { LimitStatus } from './types.ts';

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** `h('button', {class: 'x', onclick: fn}, '文字')`. Attributes named on* become listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, ...children);
  return el;
}

export function append(el: Element, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
}

/** Replace all children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

/** Status as colour AND text (never colour alone). */
export function statusBadge(status: LimitStatus | string | null | undefined): HTMLElement {
  const s = status ?? 'unknown';
  return h('span', { class: `badge badge-${s}` }, STATUS_LABELS[s] ?? s);
}

/** A badge with a given tone and text. */
export function badge(tone: 'ok' | 'warn' | 'bad' | 'info' | 'muted', text: string): HTMLElement {
  return h('span', { class: `badge tone-${tone}` }, text);
}

export function message(kind: 'error' | 'info' | 'success', text: string): HTMLElement {
  return h('p', { class: `msg msg-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** Announce to screen readers (one polite live region for the whole app). */
export function announce(text: string): void {
  const el = document.getElementById('announcer');
  if (!el) return;
  el.textContent = '';
  window.setTimeout(() => (el.textContent = text), 30);
}

/** `2024-03-05` → `2024年3月5日`; null → —. */
export function fmtDate(d: string | null | undefined): string {
  if (!d) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : d;
}

/** ISO timestamp (+08:00) → `HH:MM:SS` (Beijing time as the server wrote it). */
export function fmtTime(ts: string | null | undefined): string {
  if (!ts) return '—';
  const m = /T(\d{2}:\d{2}:\d{2})/.exec(ts);
  return m ? m[1]! : ts;
}

/** Today's date in Beijing time, `YYYY-MM-DD` (what the server's +08:00 timestamps start with). */
export function todayShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** Split `text` around the given [start, end) ranges, wrapping hits in <mark>. */
export function highlighted(text: string, ranges: Array<[number, number]>): Node[] {
  const out: Node[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s > at) out.push(document.createTextNode(text.slice(at, s)));
    out.push(h('mark', {}, text.slice(s, e)));
    at = e;
  }
  if (at < text.length) out.push(document.createTextNode(text.slice(at)));
  return out;
}

/** Is the keyboard focus in a text field (then single-key shortcuts must not fire)? */
export function typingInField(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName);
}
