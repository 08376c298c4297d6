// Why this exists: the npm registry this project installs from (a mirror) serves only the
// linux-x64 builds of platform-specific optional packages (rollup, msgpackr-extract, ...).
// `npm install` then leaves those optional dependencies out of package-lock.json, and
// `npm ci` refuses the lock as "out of sync". We add a lock entry for every missing optional
// platform package with its os/cpu(/libc) fields, so `npm ci` sees a complete lock and skips
// them on this platform exactly as it would with a complete registry.
// Run after any `npm install` that changes the lock: `node scripts/lock-fill-optional.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const pkgs = lock.packages;

/** Guess os/cpu/libc from a platform package name such as rollup-linux-arm-musleabihf. */
function platformOf(name) {
  const base = name.split('/').pop();
  const osList = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openbsd', 'netbsd', 'openharmony', 'sunos', 'aix'];
  const cpus = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el', 'wasm32'];
  const parts = base.split('-');
  const os = osList.find((o) => parts.includes(o));
  const cpu = cpus.find((c) => parts.includes(c));
  const libc = parts.some((p) => p.startsWith('musl')) ? 'musl' : (os === 'linux' && parts.some((p) => p.startsWith('gnu')) ? 'glibc' : undefined);
  return { os, cpu, libc };
}

let added = 0;
for (const [path, entry] of Object.entries(pkgs)) {
  const optional = entry.optionalDependencies ?? {};
  for (const [dep, range] of Object.entries(optional)) {
    const here = `${path ? path + '/' : ''}node_modules/${dep}`;
    const hoisted = `node_modules/${dep}`;
    if (pkgs[here] || pkgs[hoisted]) continue;
    const version = String(range).replace(/^[\^~=]/, '');
    if (!/^\d+\.\d+\.\d+/.test(version)) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (!os && !cpu) continue; // not a platform package: leave it to npm
    const fill = { version, optional: true };
    if (entry.dev) fill.dev = true;
    if (cpu) fill.cpu = [cpu];
    if (os) fill.os = [os];
    if (libc) fill.libc = [libc];
    pkgs[hoisted] = fill;
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
console.log(`lock-fill-optional: added ${added} platform entries`);
