/**
 * Entry point: the session (token in sessionStorage, role from `GET /whoami`), the sign-in
 * screen, and the shell (header, role-aware navigation, main area, live announcer) around the
 * routed screens. A station token is refused here: stations only upload.
 */
import './style.css';
import { api, ApiError, getToken, setToken, setUnauthorizedHandler } from './api.ts';
import { h, message } from './dom.ts';
import { ROLE_LABELS } from './labels.ts';
import { interceptLinks, navScreens, register, startRouter, stopRouter } from './router.ts';
import type { WhoAmI } from './types.ts';
import { boardView } from './views/board.ts';
import { dossierView } from './views/dossier.ts';
import { intakeView } from './views/intake.ts';
import { reviewView } from './views/review.ts';
import { searchView } from './views/search.ts';
import { tokensView } from './views/tokens.ts';

register(
  { path: '/dossier', label: '卷宗', roles: ['judge', 'clerk', 'supervisor'], navRoles: ['judge', 'clerk'], view: dossierView },
  { path: '/search', label: '全文检索', roles: ['judge', 'clerk'], view: searchView },
  { path: '/intake', label: '今日接收', roles: ['clerk'], view: intakeView },
  { path: '/review', label: '审核队列', roles: ['clerk'], view: reviewView },
  { path: '/board', label: '指挥中心', roles: ['supervisor'], view: boardView },
  { path: '/tokens', label: '令牌管理', roles: [], view: tokensView },
);

const app = document.getElementById('app')!;

function showLogin(notice?: { kind: 'error' | 'info'; text: string }): void {
  stopRouter();
  document.title = '登录 · 电子卷宗系统';
  // No `name` and method=post: even if a script failed, the browser could not put the token in a URL.
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false', 'aria-describedby': 'token-help' });
  const status = h('div', { class: 'login-status' });
  if (notice) status.append(message(notice.kind, notice.text));
  const button = h('button', { type: 'submit', class: 'primary' }, '登录');
  const form = h(
    'form',
    { class: 'login-form', method: 'post', action: '/', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, '电子卷宗系统'),
    h('p', { class: 'muted' }, '执行案件电子卷宗 · 扫描接收、卷宗阅览、节点监管'),
    h('label', { for: 'token' }, '访问令牌'),
    input,
    h('p', { id: 'token-help', class: 'hint' }, '请输入管理员发放给您的访问令牌。令牌只保存在本浏览器标签页中，关闭标签页即退出。'),
    button,
    status,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    button.disabled = true;
    status.replaceChildren(message('info', '正在验证令牌…'));
    api<WhoAmI>('/whoami', { token })
      .then((me) => {
        if (me.role === 'station') {
          status.replaceChildren(message('error', '这是扫描站令牌，只能用于上传扫描文件，不能登录本系统。请使用法官、书记员、督办或管理员令牌。'));
          return;
        }
        setToken(token);
        input.value = '';
        showShell(me);
      })
      .catch((err: unknown) => {
        const text = err instanceof ApiError && err.status === 401 ? '令牌无效或已被吊销，请核对后重试。' : err instanceof ApiError ? err.message : '登录失败，请稍后重试。';
        status.replaceChildren(message('error', text));
      })
      .finally(() => (button.disabled = false));
  });
  app.replaceChildren(h('main', { id: 'main', class: 'login-page', tabindex: '-1' }, form));
  input.focus();
}

function showShell(me: WhoAmI): void {
  const nav = h('ul', { class: 'nav-list' });
  const links = navScreens(me.role).map((s) => {
    const a = h('a', { href: s.path }, s.label);
    nav.append(h('li', {}, a));
    return { path: s.path, a };
  });
  const logout = h('button', { type: 'button', class: 'link-button' }, '退出');
  logout.addEventListener('click', () => {
    setToken(null);
    history.pushState(null, '', '/');
    showLogin({ kind: 'info', text: '已退出。' });
  });
  const main = h('main', { id: 'main', tabindex: '-1' });
  const header = h(
    'header',
    { class: 'app-header' },
    h('a', { class: 'brand', href: '/' }, '电子卷宗'),
    h('nav', { 'aria-label': '主导航' }, nav),
    h('div', { class: 'who' }, h('span', {}, `${me.name}（${ROLE_LABELS[me.role]}）`), logout),
  );
  const announcer = h('div', { id: 'announcer', class: 'visually-hidden', 'aria-live': 'polite', role: 'status' });
  app.replaceChildren(header, main, announcer);
  interceptLinks(app);
  startRouter(main, me, (path) => {
    for (const l of links) {
      if (path === l.path || path.startsWith(`${l.path}/`)) l.a.setAttribute('aria-current', 'page');
      else l.a.removeAttribute('aria-current');
    }
  });
}

setUnauthorizedHandler((msg) => {
  setToken(null);
  showLogin({ kind: 'error', text: `登录已失效：${msg}` });
});

async function boot(): Promise<void> {
  const token = getToken();
  if (!token) {
    showLogin();
    return;
  }
  try {
    const me = await api<WhoAmI>('/whoami');
    if (me.role === 'station') {
      setToken(null);
      showLogin({ kind: 'error', text: '扫描站令牌不能登录本系统。' });
      return;
    }
    showShell(me);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) showLogin({ kind: 'error', text: err instanceof Error ? err.message : '无法连接服务器' });
  }
}

void boot();
