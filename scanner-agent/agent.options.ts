/**
 * Configuration of the agent from the command line, environment variables and a JSON config
 * file (in that order of precedence), validated once, with every problem listed.
 *
 * Owns option names, defaults and validation; the only reader of `process.env` in the agent is
 * the CLI, which passes `env` in. Imports node built-ins and agent helpers. Each option `--foo-bar`
 * is also `SCANNER_AGENT_FOO_BAR` in the environment and `"foo-bar"` (or `"fooBar"`) in the file.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { parseDuration } from './backoff.retry.ts';
import type { Lang } from './messages.i18n.ts';

export type Command = 'watch' | 'send' | 'status' | 'help' | 'version';

export interface AgentConfig {
  command: Command;
  /** Hot folder (`watch`, `status`). */
  folder?: string;
  /** Files or folders to upload (`send`). */
  files: string[];
  server?: string;
  token?: string;
  station: string;
  stateDir?: string;
  doneDir?: string;
  rejectedDir?: string;
  onDone: 'move' | 'delete';
  concurrency: number;
  stabilityMs: number;
  poll: boolean;
  pollIntervalMs: number;
  batch: string | null;
  lang: Lang;
  json: boolean;
  wait: boolean;
  quiet: boolean;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  authPauseMs: number;
  progressMinBytes: number;
  logMaxBytes: number;
  logFiles: number;
}

type Kind = 'string' | 'boolean' | 'int' | 'duration' | 'bytes';
interface Spec {
  kind: Kind;
  help: string;
  choices?: readonly string[];
  short?: string;
}

/** Every option; `help` is shown by `scanner-agent --help` (Chinese, English in brackets). */
export const OPTIONS: Record<string, Spec> = {
  server: { kind: 'string', help: '服务器地址 (server base URL), 如 http://10.1.2.3:8080' },
  token: { kind: 'string', help: '工作站令牌 (station token)' },
  'token-file': { kind: 'string', help: '从文件读取令牌 (read the token from a file; keeps it out of `ps`)' },
  station: { kind: 'string', help: '工作站名称，默认主机名 (station name; default: host name)' },
  'state-dir': { kind: 'string', help: '日志与状态目录，默认 <文件夹>/.scanner-agent (journal + logs)' },
  'done-dir': { kind: 'string', help: '已上传文件目录，默认 <文件夹>/done' },
  'rejected-dir': { kind: 'string', help: '拒收文件目录，默认 <文件夹>/rejected' },
  'on-done': { kind: 'string', choices: ['move', 'delete'], help: '上传成功后 move（默认）或 delete' },
  concurrency: { kind: 'int', help: '同时上传的文件数，默认 2' },
  stability: { kind: 'duration', help: '文件大小和时间不变多久才上传，默认 5s (stability delay)' },
  poll: { kind: 'boolean', help: '轮询模式，用于 SMB/NFS 共享文件夹 (polling mode)' },
  'poll-interval': { kind: 'duration', help: '全盘扫描间隔，默认 2s（轮询）/ 10s (full rescan interval)' },
  batch: { kind: 'string', help: '批次号，作为 X-Batch-Id 发送 (groups one scan session)' },
  lang: { kind: 'string', choices: ['zh', 'en'], help: '输出语言 zh（默认）或 en' },
  json: { kind: 'boolean', help: '以 JSON 行输出，供程序读取 (JSON lines output)' },
  wait: { kind: 'boolean', help: '启动时服务器不可达则持续等待 (keep retrying at start)' },
  quiet: { kind: 'boolean', short: 'q', help: '不输出逐个文件的信息 (no per-file lines)' },
  'max-attempts': { kind: 'int', help: 'send 每个文件最多尝试次数，默认 8 (watch 模式无限重试)' },
  'retry-base': { kind: 'duration', help: '重试基础间隔，默认 1s' },
  'retry-max': { kind: 'duration', help: '重试最长间隔，默认 60s' },
  'connect-timeout': { kind: 'duration', help: '连接超时，默认 10s' },
  'idle-timeout': { kind: 'duration', help: '无数据传输超时，默认 60s (stall detection)' },
  'auth-pause': { kind: 'duration', help: '令牌被拒后暂停多久，默认 60s' },
  'progress-min': { kind: 'bytes', help: '显示进度条的最小文件大小，默认 5MB' },
  'log-max': { kind: 'bytes', help: '日志文件轮换大小，默认 5MB' },
  'log-files': { kind: 'int', help: '保留的旧日志文件数，默认 5' },
  config: { kind: 'string', help: 'JSON 配置文件 (config file)' },
  help: { kind: 'boolean', short: 'h', help: '显示帮助' },
  version: { kind: 'boolean', help: '显示版本' },
};

export type ParseResult = { ok: true; config: AgentConfig } | { ok: false; errors: string[]; lang: Lang };

/** Parse `argv` (without `node script`) and `env` into a validated config. */
export function parseConfig(argv: string[], env: Record<string, string | undefined>): ParseResult {
  const errors: string[] = [];
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        Object.entries(OPTIONS).map(([k, s]) => [k, { type: s.kind === 'boolean' ? 'boolean' : 'string', ...(s.short ? { short: s.short } : {}) }]),
      ) as Record<string, { type: 'string' | 'boolean'; short?: string }>,
    });
  } catch (err) {
    return { ok: false, errors: [(err as Error).message], lang: langGuess(argv, env) };
  }
  const cli = parsed.values as Record<string, string | boolean | undefined>;
  const fromEnv = (name: string): string | undefined => env[`SCANNER_AGENT_${name.toUpperCase().replace(/-/g, '_')}`];

  let file: Record<string, unknown> = {};
  const configPath = (cli.config as string | undefined) ?? fromEnv('config');
  if (configPath) {
    try {
      const raw = JSON.parse(readFileSync(configPath, 'utf8')) as unknown;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('not a JSON object');
      file = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), v]));
      for (const k of Object.keys(file)) if (!(k in OPTIONS)) errors.push(`config ${configPath}: unknown key "${k}"`);
    } catch (err) {
      errors.push(`config ${configPath}: ${(err as Error).message}`);
    }
  }

  /** Raw value of an option: CLI, then env, then config file. */
  function raw(name: string): string | boolean | undefined {
    if (cli[name] !== undefined) return cli[name];
    const e = fromEnv(name);
    if (e !== undefined && e !== '') return OPTIONS[name]?.kind === 'boolean' ? /^(1|true|yes|on)$/i.test(e) : e;
    const f = file[name];
    if (f === undefined || f === null) return undefined;
    return typeof f === 'boolean' ? f : String(f);
  }
  function str(name: string): string | undefined {
    const v = raw(name);
    if (v === undefined) return undefined;
    if (typeof v === 'boolean') {
      errors.push(`--${name}: expects a value`);
      return undefined;
    }
    const choices = OPTIONS[name]?.choices;
    if (choices && !choices.includes(v)) errors.push(`--${name}: "${v}" is not one of ${choices.join(', ')}`);
    return v;
  }
  function bool(name: string): boolean {
    const v = raw(name);
    return v === true || (typeof v === 'string' && /^(1|true|yes|on)$/i.test(v));
  }
  function num(name: string, def: number, min: number): number {
    const v = str(name);
    if (v === undefined) return def;
    const kind = OPTIONS[name]?.kind;
    const n = kind === 'duration' ? parseDuration(v) : kind === 'bytes' ? parseBytes(v) : /^\d+$/.test(v.trim()) ? Number(v) : Number.NaN;
    if (!Number.isFinite(n) || n < min) {
      errors.push(`--${name}: "${v}" is not a valid ${kind === 'int' ? 'number' : kind} (minimum ${min})`);
      return def;
    }
    return n;
  }

  const [cmd, ...rest] = parsed.positionals;
  let command: Command = cmd === 'watch' || cmd === 'send' || cmd === 'status' ? cmd : 'help';
  if (cli.help) command = 'help';
  else if (cli.version) command = 'version';
  else if (cmd !== undefined && command === 'help' && cmd !== 'help') errors.push(`unknown command "${cmd}" (watch, send, status)`);

  let token = str('token');
  const tokenFile = str('token-file');
  if (!token && tokenFile) {
    try {
      token = readFileSync(tokenFile, 'utf8').trim();
    } catch (err) {
      errors.push(`--token-file: ${(err as Error).message}`);
    }
  }
  const server = str('server');
  if (server !== undefined) {
    try {
      const u = new URL(server);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') errors.push(`--server: "${server}" must be an http:// or https:// URL`);
    } catch {
      errors.push(`--server: "${server}" is not a URL`);
    }
  }
  const poll = bool('poll');
  const config: AgentConfig = {
    command,
    folder: command === 'watch' || command === 'status' ? rest[0] : undefined,
    files: command === 'send' ? rest : [],
    server,
    token,
    station: str('station') ?? hostname(),
    stateDir: str('state-dir'),
    doneDir: str('done-dir'),
    rejectedDir: str('rejected-dir'),
    onDone: (str('on-done') as 'move' | 'delete' | undefined) ?? 'move',
    concurrency: num('concurrency', 2, 1),
    stabilityMs: num('stability', 5000, 0),
    poll,
    pollIntervalMs: num('poll-interval', poll ? 2000 : 10_000, 100),
    batch: str('batch') ?? null,
    lang: (str('lang') as Lang | undefined) ?? 'zh',
    json: bool('json'),
    wait: bool('wait'),
    quiet: bool('quiet'),
    maxAttempts: num('max-attempts', 8, 1),
    retryBaseMs: num('retry-base', 1000, 1),
    retryMaxMs: num('retry-max', 60_000, 1),
    connectTimeoutMs: num('connect-timeout', 10_000, 1),
    idleTimeoutMs: num('idle-timeout', 60_000, 1),
    authPauseMs: num('auth-pause', 60_000, 1),
    progressMinBytes: num('progress-min', 5 * 1024 * 1024, 0),
    logMaxBytes: num('log-max', 5 * 1024 * 1024, 1024),
    logFiles: num('log-files', 5, 1),
  };
  if (command === 'watch' || command === 'send') {
    if (!config.server) errors.push('--server (or SCANNER_AGENT_SERVER) is required');
    if (!config.token) errors.push('--token, --token-file (or SCANNER_AGENT_TOKEN) is required');
  }
  if (command === 'watch' && !config.folder) errors.push('watch needs a folder: scanner-agent watch <folder>');
  if (command === 'status' && !config.folder && !config.stateDir) errors.push('status needs a folder or --state-dir');
  if (command === 'send' && config.files.length === 0) errors.push('send needs at least one file');
  if (config.batch !== null && !/^[\w.:-]{1,128}$/.test(config.batch)) errors.push('--batch: use letters, digits and . _ : - (at most 128)');
  return errors.length ? { ok: false, errors, lang: config.lang } : { ok: true, config };
}

/** `5MB`, `512k`, `1G`, `1048576` → bytes (binary units); NaN when malformed. */
export function parseBytes(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(text);
  if (!m) return Number.NaN;
  const pow = ['', 'k', 'm', 'g', 't'].indexOf((m[2] ?? '').toLowerCase());
  return Math.round(Number(m[1]) * 1024 ** pow);
}

function langGuess(argv: string[], env: Record<string, string | undefined>): Lang {
  const i = argv.indexOf('--lang');
  const v = i >= 0 ? argv[i + 1] : (argv.find((a) => a.startsWith('--lang='))?.slice(7) ?? env.SCANNER_AGENT_LANG);
  return v === 'en' ? 'en' : 'zh';
}

/** The `--help` text. */
export function helpText(): string {
  const lines = [
    '扫描代理 scanner-agent：把扫描仪放入文件夹的文件可靠地上传到电子卷宗系统',
    '',
    '用法 (usage):',
    '  scanner-agent watch <文件夹> --server URL --token T [--station 名称] [选项]',
    '  scanner-agent send <文件或文件夹…> --server URL --token T [--batch ID] [选项]',
    '  scanner-agent status <文件夹> [--json]',
    '',
    '选项 (options):',
  ];
  for (const [name, s] of Object.entries(OPTIONS)) {
    const flag = `${s.short ? `-${s.short}, ` : '    '}--${name}${s.kind === 'boolean' ? '' : ' <值>'}`;
    lines.push(`  ${flag.padEnd(28)} ${s.help}`);
  }
  lines.push('', '退出码 (exit codes): 见 README.md —— 0 成功, 2 用法错误, 3 令牌无效, 4 服务器不可达, 5 有文件被拒收, 6 有文件未上传, 7 已有代理在运行');
  return lines.join('\n');
}
