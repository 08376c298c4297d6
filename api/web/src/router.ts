/**
 * Client-side routing over the History API (the server answers every non-API path with the
 * app): screens are registered with the roles that may open them; navigating runs the previous
 * screen's cleanup (timers, key handlers), checks the role, renders, and moves focus to the new
 * heading so keyboard and screen-reader users land on the content.
 */
import { h, message } from './dom.ts';
import type { Role, WhoAmI } from './types.ts';

export interface RouteCtx {
  main: HTMLElement;
  /** Path segments after the screen's prefix, decoded. */
  params: string[];
  query: URLSearchParams;
  me: WhoAmI;
}

export type Cleanup = () => void;
export type View = (ctx: RouteCtx) => void | Cleanup | Promise<void | Cleanup>;

export interface Screen {
  path: string;
  label: string;
  /** Roles admitted besides admin (admin may open every screen). */
  roles: Role[];
  /** Shown in the navigation for these roles (default: all admitted roles). */
  navRoles?: Role[];
  view: View;
}

const screens: Screen[] = [];
let cleanup: Cleanup | null = null;
let renderSeq = 0;
let state: { main: HTMLElement; me: WhoAmI; onChange: (path: string) => void } | null = null;

export function register(...s: Screen[]): void {
  screens.push(...s);
}

export function allowed(s: Screen, role: Role): boolean {
  return role === 'admin' || s.roles.includes(role);
}

export function navScreens(role: Role): Screen[] {
  return screens.filter((s) => role === 'admin' || (s.navRoles ?? s.roles).includes(role));
}

export function defaultPath(role: Role): string {
  return { judge: '/dossier', clerk: '/intake', supervisor: '/board', admin: '/dossier', station: '/' }[role];
}

function match(pathname: string): { screen: Screen; params: string[] } | null {
  for (const s of screens) {
    if (pathname === s.path || pathname.startsWith(`${s.path}/`)) {
      const rest = pathname.slice(s.path.length).split('/').filter(Boolean);
      return { screen: s, params: rest.map((p) => decodeURIComponent(p)) };
    }
  }
  return null;
}

/** Start routing inside `main` for the signed-in user. */
export function startRouter(main: HTMLElement, me: WhoAmI, onChange: (path: string) => void): void {
  state = { main, me, onChange };
  window.onpopstate = () => void render(false);
  void render(false);
}

export function stopRouter(): void {
  cleanup?.();
  cleanup = null;
  state = null;
  window.onpopstate = null;
}

/** Go to an in-app URL (path + query). `replace` rewrites the current history entry. */
export function navigate(url: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  void render(!opts.replace);
}

/** Same-origin links inside the app navigate without a page load. */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener('click', (e) => {
    const a = (e.target as HTMLElement).closest('a');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.target) return;
    const href = a.getAttribute('href') ?? '';
    if (!href.startsWith('/') || href.startsWith('/api/')) return;
    e.preventDefault();
    navigate(href);
  });
}

async function render(focus: boolean): Promise<void> {
  if (!state) return;
  const { main, me, onChange } = state;
  const seq = ++renderSeq;
  cleanup?.();
  cleanup = null;
  let pathname = location.pathname;
  if (pathname === '/' || pathname === '') {
    pathname = defaultPath(me.role);
    history.replaceState(null, '', pathname);
  }
  onChange(pathname);
  main.replaceChildren();
  const m = match(pathname);
  if (!m) {
    document.title = '页面不存在 · 电子卷宗系统';
    main.append(h('h1', { tabindex: '-1' }, '页面不存在'), message('error', '没有这个页面。请从上方导航进入。'));
    return;
  }
  document.title = `${m.screen.label} · 电子卷宗系统`;
  if (!allowed(m.screen, me.role)) {
    main.append(h('h1', { tabindex: '-1' }, m.screen.label), message('error', '当前角色无权使用此功能。'));
    return;
  }
  const out = await m.screen.view({ main, params: m.params, query: new URLSearchParams(location.search), me });
  if (seq !== renderSeq) {
    // Navigated away while this view was loading: undo it at once.
    if (typeof out === 'function') out();
    return;
  }
  if (typeof out === 'function') cleanup = out;
  if (focus) main.querySelector<HTMLElement>('h1')?.focus();
}
