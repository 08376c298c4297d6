/**
 * Readers for the deploy files, used by compose.test.ts: Compose variable interpolation (as
 * `docker compose` does it, for the forms the file uses), a small Dockerfile parser (stages,
 * instructions, exec-form arrays), and the import graph of the server from main.ts (which files
 * and packages the runtime image must contain). Test-only; imports node built-ins only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `$$`. */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, name?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
    if (m === '$$') return '$';
    if (bare) return env[bare] ?? '';
    const v = env[name!];
    const unset = v === undefined || (colon === ':' && v === '');
    if (op === '-') return unset ? arg! : v!;
    if (op === '?') {
      if (unset) throw new Error(`required variable ${name} is missing a value: ${arg}`);
      return v!;
    }
    return v ?? '';
  });
}

/** Interpolate every string in a parsed Compose document (keys stay as written). */
export function interpolateAll<T>(doc: T, env: Record<string, string | undefined>): T {
  if (typeof doc === 'string') return interpolate(doc, env) as T;
  if (Array.isArray(doc)) return doc.map((d) => interpolateAll(d, env)) as T;
  if (doc && typeof doc === 'object') return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, interpolateAll(v, env)])) as T;
  return doc;
}

export interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile → stages of instructions (line continuations joined, comments dropped). */
export function parseDockerfile(text: string): { stages: Array<{ from: string; name: string | null; steps: Instruction[] }>; preamble: Instruction[] } {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const preamble: Instruction[] = [];
  const stages: Array<{ from: string; name: string | null; steps: Instruction[] }> = [];
  for (const line of logical) {
    const m = /^([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const ins = { op: m[1]!.toUpperCase(), args: m[2]!.replace(/\s+/g, ' ').trim() };
    if (ins.op === 'FROM') {
      const f = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      stages.push({ from: f?.[1] ?? ins.args, name: f?.[2] ?? null, steps: [] });
    } else if (stages.length === 0) preamble.push(ins);
    else stages.at(-1)!.steps.push(ins);
  }
  return { stages, preamble };
}

/** The JSON array of an exec-form instruction (`CMD ["a", "b"]`), or null for shell form. */
export function execForm(args: string): string[] | null {
  const m = /^(?:--\S+\s+)*(\[.*\])$/.exec(args);
  if (!m) return null;
  try {
    const a = JSON.parse(m[1]!) as unknown;
    return Array.isArray(a) && a.every((x) => typeof x === 'string') ? a : null;
  } catch {
    return null;
  }
}

const IMPORT_RE = /(?:^|\n)\s*import\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|(?:^|\n)\s*export\s+(type\s+)?[^'";]*?\s+from\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/**
 * Every file reachable from `entry` through relative runtime imports (type-only imports are
 * erased at run time and skipped), and every bare package specifier they import.
 */
export function importGraph(root: string, entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (rel: string) => {
    if (files.has(rel)) return;
    files.add(rel);
    const src = readFileSync(path.join(root, rel), 'utf8');
    for (const m of src.matchAll(IMPORT_RE)) {
      const typeOnly = Boolean(m[1] || m[3]);
      const spec = m[2] ?? m[4] ?? m[5]!;
      if (typeOnly) continue;
      if (spec.startsWith('.')) visit(path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec)));
      else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  visit(entry);
  return { files, packages };
}

/** Does a .dockerignore pattern list exclude `rel` (top-level names and simple globs)? */
export function dockerIgnored(patterns: string[], rel: string): boolean {
  const first = rel.split('/')[0]!;
  return patterns.some((p) => {
    const re = new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    return re.test(rel) || re.test(first);
  });
}
