/**
 * Token administration (`/tokens`, admin only): list the tokens, issue one for a role (the
 * secret is shown once, here, and never again), revoke one. Uses `/admin/tokens`.
 */
import { api } from '../api.ts';
import { fill, fmtDate, h, message } from '../dom.ts';
import { ROLE_LABELS } from '../labels.ts';
import type { RouteCtx } from '../router.ts';
import type { Role, TokenView } from '../types.ts';

export function tokensView(ctx: RouteCtx): void {
  const listBox = h('div', {});
  const created = h('div', { role: 'status', 'aria-live': 'polite' });
  const role = h('select', { id: 'token-role' }, ...(Object.keys(ROLE_LABELS) as Role[]).map((r) => h('option', { value: r, selected: r === 'station' }, ROLE_LABELS[r])));
  const name = h('input', { id: 'token-name', type: 'text', required: true, maxlength: 100, placeholder: '如：一楼扫描仪、张法官', size: 24 });
  const form = h(
    'form',
    { class: 'lookup', 'aria-label': '发放令牌' },
    h('label', { for: 'token-role' }, '角色'),
    role,
    h('label', { for: 'token-name' }, '名称'),
    name,
    h('button', { type: 'submit', class: 'primary' }, '发放令牌'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void api<{ id: number; token: string; role: Role; name: string }>('/admin/tokens', { method: 'POST', body: { role: role.value, name: name.value.trim() } }).then(
      (t) => {
        const secret = h('code', { class: 'secret' }, t.token);
        fill(created, h('div', { class: 'msg msg-success' }, h('p', {}, `已为“${t.name}”（${ROLE_LABELS[t.role]}）发放令牌。令牌只显示这一次，请立即交给使用人：`), secret));
        name.value = '';
        void load();
      },
      (err: Error) => fill(created, message('error', err.message)),
    );
  });
  ctx.main.append(h('div', { class: 'page' }, h('h1', { tabindex: '-1' }, '令牌管理'), form, created, listBox));

  async function load(): Promise<void> {
    try {
      const res = await api<{ items: TokenView[] }>('/admin/tokens');
      fill(
        listBox,
        h(
          'table',
          { class: 'table' },
          h('caption', { class: 'visually-hidden' }, '已发放的令牌'),
          h('thead', {}, h('tr', {}, ...['编号', '名称', '角色', '发放日期', '状态', ''].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            {},
            ...res.items.map((t) =>
              h(
                'tr',
                {},
                h('td', { class: 'num' }, t.id),
                h('td', {}, t.name),
                h('td', {}, ROLE_LABELS[t.role] ?? t.role),
                h('td', {}, fmtDate(t.createdAt)),
                h('td', {}, t.revokedAt ? `已吊销（${fmtDate(t.revokedAt)}）` : '有效'),
                h(
                  'td',
                  {},
                  t.revokedAt
                    ? null
                    : h('button', {
                        type: 'button',
                        class: 'danger small-button',
                        'aria-label': `吊销令牌 ${t.id}（${t.name}）`,
                        onclick: () => void api(`/admin/tokens/${t.id}`, { method: 'DELETE' }).then(load, (err: Error) => fill(created, message('error', err.message))),
                      }, '吊销'),
                ),
              ),
            ),
          ),
        ),
      );
    } catch (err) {
      fill(listBox, message('error', err instanceof Error ? err.message : '加载失败'));
    }
  }
  void load();
}
