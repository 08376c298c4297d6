/**
 * Every sentence the agent shows a person, in Simplified Chinese (clerks, the default) and
 * English (`--lang en`, for IT staff).
 *
 * Owns wording only; imports nothing. Messages are templates with `{name}` placeholders so
 * the two languages stay side by side and a missing translation fails to compile.
 */

export type Lang = 'zh' | 'en';

const M = {
  uploaded: { zh: '✔ {name}：已上传（{size}，文件编号 {fileId}）{moved}', en: '✔ {name}: uploaded ({size}, file {fileId}){moved}' },
  existing: {
    zh: '✔ {name}：服务器已有相同文件（文件编号 {fileId}），未重复上传{moved}',
    en: '✔ {name}: the server already holds this content (file {fileId}), not sent again{moved}',
  },
  movedTo: { zh: '，已移至 {dest}', en: ', moved to {dest}' },
  deleted: { zh: '，已从扫描文件夹删除', en: ', deleted from the hot folder' },
  rejected: { zh: '✖ {name}：服务器拒收：{reason}{moved}', en: '✖ {name}: refused by the server: {reason}{moved}' },
  retry: { zh: '… {name}：{error}；{seconds} 秒后重试（第 {n} 次）', en: '… {name}: {error}; retrying in {seconds} s (attempt {n})' },
  changed: { zh: '… {name}：文件在上传前被修改，重新等待写入完成', en: '… {name}: changed before upload, waiting for it to settle again' },
  unreadable: {
    zh: '! {name}：无法读取文件（{error}），稍后重试；请检查文件权限或扫描仪是否仍占用该文件',
    en: '! {name}: cannot read the file ({error}); will retry; check permissions or whether the scanner still holds it',
  },
  vanished: { zh: '! {name}：文件在上传前被移走或删除，未上传', en: '! {name}: moved or deleted before upload, not sent' },
  gaveUp: { zh: '✖ {name}：重试 {n} 次后仍未上传：{error}', en: '✖ {name}: not uploaded after {n} attempts: {error}' },
  sendSummary: {
    zh: '共 {total} 个文件：成功 {ok}（其中服务器已有 {existing}），拒收 {rejected}，未上传 {failed}',
    en: '{total} files: {ok} delivered ({existing} already on the server), {rejected} refused, {failed} not sent',
  },
  started: {
    zh: '扫描代理已启动：监视 {folder}，服务器 {server}（{who}，角色 {role}），已完成的文件移至 {done}',
    en: 'Scanner agent started: watching {folder}, server {server} ({who}, role {role}), finished files go to {done}',
  },
  resumed: { zh: '从日志恢复 {count} 个未完成的文件，继续处理', en: 'Resuming {count} unfinished files from the journal' },
  stopped: { zh: '扫描代理已停止。', en: 'Scanner agent stopped.' },
  waiting: {
    zh: '无法连接服务器 {server}：{error}；{seconds} 秒后重试（--wait）',
    en: 'Cannot reach server {server}: {error}; retrying in {seconds} s (--wait)',
  },
  badToken: {
    zh: '令牌无效或已被吊销（服务器 {server} 返回 HTTP {status}）。请检查 --token 或令牌文件。',
    en: 'The token is invalid or revoked (server {server} answered HTTP {status}). Check --token or the token file.',
  },
  badRole: {
    zh: '该令牌的角色“{role}”无权上传文件，请使用工作站（station）令牌。',
    en: 'The token has role "{role}", which may not upload; use a station token.',
  },
  unreachable: {
    zh: '无法连接服务器 {server}：{error}。请检查 --server 地址和网络；加 --wait 可等待服务器就绪。',
    en: 'Cannot reach server {server}: {error}. Check --server and the network; add --wait to keep trying.',
  },
  locked: {
    zh: '另一个扫描代理正在处理此文件夹（进程 {pid}，主机 {host}，启动于 {startedAt}），本次不启动。',
    en: 'Another scanner agent is handling this folder (pid {pid} on {host}, since {startedAt}); not starting.',
  },
  noFolder: { zh: '监视文件夹不存在或不是文件夹：{folder}', en: 'Hot folder does not exist or is not a folder: {folder}' },
  noFiles: { zh: '没有要上传的文件。', en: 'No files to send.' },
  notAFile: { zh: '不是文件，已跳过：{path}', en: 'Not a file, skipped: {path}' },
  usage: { zh: '用法错误：{detail}', en: 'Usage error: {detail}' },
  authPaused: {
    zh: '服务器拒绝了令牌（HTTP {status}），暂停上传，{seconds} 秒后再试；文件保留在待上传队列中',
    en: 'The server refused the token (HTTP {status}); pausing uploads for {seconds} s; files stay queued',
  },
  statusTitle: { zh: '扫描代理状态（{folder}）', en: 'Scanner agent status ({folder})' },
  statusRunning: { zh: '  运行中：是（进程 {pid}，启动于 {startedAt}）', en: '  Running: yes (pid {pid}, since {startedAt})' },
  statusNotRunning: { zh: '  运行中：否', en: '  Running: no' },
  statusCounts: {
    zh: '  待上传：{pending}　上传中：{uploading}　今日完成：{doneToday}　已拒收：{rejected}（今日 {rejectedToday}）',
    en: '  Pending: {pending}  Uploading: {uploading}  Done today: {doneToday}  Rejected: {rejected} ({rejectedToday} today)',
  },
  statusLastError: { zh: '  最近错误：{at} {name}：{error}', en: '  Last error: {at} {name}: {error}' },
  statusNoError: { zh: '  最近错误：无', en: '  Last error: none' },
  statusPendingItem: { zh: '    · {name}（{size}，已尝试 {attempts} 次）{error}', en: '    · {name} ({size}, {attempts} attempts) {error}' },
  statusNoJournal: { zh: '  此文件夹尚无扫描代理记录（状态目录 {dir}）', en: '  No agent journal for this folder yet (state folder {dir})' },
} as const satisfies Record<string, Record<Lang, string>>;

export type MessageKey = keyof typeof M;

/** Render message `key` in `lang`, filling `{placeholders}` from `params`. */
export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return M[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

const REASONS: Record<string, Record<Lang, string>> = {
  file_too_large: { zh: '文件超过服务器允许的大小上限', en: 'file is larger than the server accepts' },
  unsupported_type: { zh: '不支持的文件类型（仅支持 PDF、TIFF、JPEG、PNG）', en: 'unsupported file type (PDF, TIFF, JPEG, PNG only)' },
  checksum_mismatch: { zh: '文件校验值多次不一致，传输或磁盘可能有问题', en: 'checksum mismatch, repeatedly' },
  empty_file: { zh: '文件为空（0 字节）', en: 'the file is empty (0 bytes)' },
  ECONNREFUSED: { zh: '服务器拒绝连接（服务未启动？）', en: 'connection refused (server not running?)' },
  ECONNRESET: { zh: '连接被中断', en: 'connection reset' },
  EPIPE: { zh: '连接被中断', en: 'connection broken' },
  ETIMEDOUT: { zh: '网络无响应（超时）', en: 'no response (timeout)' },
  ECONNTIMEOUT: { zh: '连接服务器超时', en: 'connect timeout' },
  ENOTFOUND: { zh: '找不到服务器地址', en: 'server name not found' },
  EAI_AGAIN: { zh: '暂时无法解析服务器地址', en: 'name resolution failed (temporary)' },
  EHOSTUNREACH: { zh: '网络不通', en: 'host unreachable' },
  ENETUNREACH: { zh: '网络不通', en: 'network unreachable' },
};

/** A short, readable description of an error code (server reason code, errno or `http_NNN`). */
export function describeError(lang: Lang, code: string, serverMessage?: string): string {
  const known = REASONS[code];
  if (known) return known[lang];
  const http = /^http_(\d{3})$/.exec(code);
  if (http) {
    const status = Number(http[1]);
    if (status >= 500) return lang === 'zh' ? `服务器内部错误（HTTP ${status}）` : `server error (HTTP ${status})`;
    if (status === 401) return lang === 'zh' ? '令牌无效（HTTP 401）' : 'token refused (HTTP 401)';
    if (status === 403) return lang === 'zh' ? '令牌无上传权限（HTTP 403）' : 'token may not upload (HTTP 403)';
    return lang === 'zh' ? `服务器返回 HTTP ${status}` : `server answered HTTP ${status}`;
  }
  // Server replies carry a zh-CN message of their own; prefer it for codes we do not know.
  if (serverMessage && serverMessage !== code) return lang === 'zh' ? serverMessage : `${code}: ${serverMessage}`;
  return code;
}

/** `12.3 MB` style size for people. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}
