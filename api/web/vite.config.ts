/**
 * Vite build of the web UI: root is this folder (index.html + src/), output goes to
 * `<repo>/dist/web`, which api/routes/web.route.ts serves. Everything is bundled (no CDN);
 * hashed file names under `assets/` let the server cache them for a year.
 * `npm run build:web` runs it; tests call vite's `build()` with this file.
 * In development (`npx vite --config api/web/vite.config.ts`) /api is proxied to the server.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
