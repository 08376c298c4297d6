import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// design.md convention 5: the classifier is a pure core. This test reads its import lines.
const DIR = join(import.meta.dirname, '../../../classifier');

describe('classifier import boundary', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

  it.each(files)('%s imports only zod, siblings, the errors type, and node: only in the loader', (file) => {
    const src = readFileSync(join(DIR, file), 'utf8');
    const specs = [...src.matchAll(/^(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)].map((m) => ({ typeOnly: Boolean(m[2]), spec: m[3] as string }));
    expect(src, `${file}: no dynamic imports`).not.toMatch(/\brequire\(|\bimport\(/);
    for (const { typeOnly, spec } of specs) {
      if (spec === 'zod' || spec.startsWith('./')) continue;
      if (spec === '../errors.ts') {
        expect(typeOnly, `${file}: errors.ts may only be imported as a type`).toBe(true);
        continue;
      }
      if (spec.startsWith('node:')) {
        expect(file, `${file} imports ${spec}`).toBe('rules.loader.ts');
        continue;
      }
      throw new Error(`${file} imports ${spec}`);
    }
  });
});
