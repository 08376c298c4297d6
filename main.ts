/**
 * Entry point. `start [all|api|worker]` runs the system (default `all`: embedded, one process);
 * `admin …` runs administrative commands against the configured database.
 *
 *   npm start                                   # embedded: API + workers on 127.0.0.1:8080
 *   npm run admin -- token create --role station --name "一楼扫描仪"
 *   npm run admin -- token list | token revoke <id>
 *   npm run admin -- migrate-storage [--verify]   # DATA_DIR (embedded) → DATABASE_URL + S3_*
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { describeMode, startRuntime, type Role } from './runtime.ts';
import { openPglite, openPostgres, type Database } from './storage/db.ts';
import { ROLES, type Role as TokenRole } from './storage/schema.ts';
import { countAdminTokens, createToken, listTokens, revokeToken } from './storage/tokens.repo.ts';

const USAGE = `usage:
  main.ts start [all|api|worker]
  main.ts admin token create --role <${ROLES.join('|')}> --name <name>
  main.ts admin token list
  main.ts admin token revoke <id>
  main.ts admin migrate-storage [--verify]`;

function lockPath(config: Config): string {
  return path.join(config.dataDir, 'server.pid');
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Embedded PGlite must be opened by one process at a time. */
function assertNoRunningServer(config: Config): void {
  if (config.databaseUrl) return;
  const p = lockPath(config);
  if (!existsSync(p)) return;
  const pid = Number(readFileSync(p, 'utf8'));
  if (pid && pid !== process.pid && pidAlive(pid)) {
    throw new Error(
      `the embedded server (pid ${pid}) is using ${config.dataDir}; stop it first, or use the HTTP admin API ` +
        `(POST /api/v1/admin/tokens with an admin token)`,
    );
  }
}

async function start(config: Config, role: Role): Promise<void> {
  assertNoRunningServer(config);
  const rt = await startRuntime(config, role);
  if (!config.databaseUrl) writeFileSync(lockPath(config), String(process.pid));
  rt.log.info('started', { mode: describeMode(config), dataDir: config.dataDir });
  if (rt.url) {
    if ((await countAdminTokens(rt.database.db)) === 0) {
      const { token } = await createToken(rt.database.db, {
        name: 'admin',
        role: 'admin',
        secret: config.bootstrapAdminToken ?? undefined,
      });
      const shown = config.bootstrapAdminToken ? '(the value of BOOTSTRAP_ADMIN_TOKEN)' : token;
      process.stdout.write(
        `\n首次启动：已创建管理员令牌（只显示这一次，请妥善保存）/ first start: admin token (shown once):\n  ${shown}\n` +
          `发送文件 / send a file:\n  curl -H "Authorization: Bearer <token>" -H "X-Filename: scan.pdf" --data-binary @scan.pdf ${rt.url}/api/v1/ingest\n\n`,
      );
    }
    process.stdout.write(`listening on ${rt.url}\n`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    rt.log.info('shutting down', { signal });
    rt.close()
      .then(() => {
        if (!config.databaseUrl) rmSync(lockPath(config), { force: true });
        process.exit(0);
      })
      .catch((err: Error) => {
        rt.log.error('shutdown failed', { error: err });
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function openDb(config: Config): Promise<Database> {
  assertNoRunningServer(config);
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(path.join(config.dataDir, 'pgdata'));
}

async function admin(config: Config, args: string[]): Promise<void> {
  const [noun, verb, ...rest] = args;
  if (noun === 'migrate-storage') {
    assertNoRunningServer({ ...config, databaseUrl: null }); // the source is the embedded DATA_DIR
    const { runMigrateStorage } = await import('./storage/migrate-storage.ts');
    await runMigrateStorage(config, args.slice(1), (line) => process.stderr.write(`[migrate-storage] ${line}\n`));
    return;
  }
  if (noun !== 'token') throw new UsageError();
  const database = await openDb(config);
  try {
    if (verb === 'create') {
      const { values } = parseArgs({ args: rest, options: { role: { type: 'string' }, name: { type: 'string' } } });
      if (!values.role || !ROLES.includes(values.role as TokenRole) || !values.name) throw new UsageError();
      const { id, token } = await createToken(database.db, { role: values.role as TokenRole, name: values.name });
      process.stdout.write(`${token}\n`);
      process.stderr.write(`token ${id} created for "${values.name}" (role ${values.role}); it is shown only once\n`);
    } else if (verb === 'list') {
      for (const t of await listTokens(database.db)) {
        process.stdout.write(`${t.id}\t${t.role}\t${t.name}\t${t.revokedAt ? 'revoked' : 'active'}\n`);
      }
    } else if (verb === 'revoke') {
      const id = Number(rest[0]);
      if (!Number.isSafeInteger(id)) throw new UsageError();
      if (!(await revokeToken(database.db, id))) throw new Error(`no token ${id}`);
      process.stdout.write(`revoked ${id}\n`);
    } else throw new UsageError();
  } finally {
    await database.close();
  }
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  const config = loadConfig();
  if (command === 'start') {
    const role = (args[0] ?? 'all') as Role;
    if (!['all', 'api', 'worker'].includes(role)) throw new UsageError();
    await start(config, role);
  } else if (command === 'admin') {
    await admin(config, args);
  } else throw new UsageError();
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) process.stderr.write(`${USAGE}\n`);
  else if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`error: ${(err as Error).message}\n`);
  process.exit(err instanceof UsageError ? 64 : 1);
});
