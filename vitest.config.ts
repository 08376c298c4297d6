import { defineConfig } from 'vitest/config';

// Suites run in separate forks; OCR-heavy suites are slow, so timeouts are generous.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'scanner-agent/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // The watchdog names any test file still running long after it should have ended.
    reporters: ['default', './tests/helpers/watchdog-reporter.ts'],
  },
});
