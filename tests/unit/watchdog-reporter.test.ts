import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestCase, TestModule } from 'vitest/node';
import WatchdogReporter from '../helpers/watchdog-reporter.ts';

const mod = (moduleId: string) => ({ moduleId }) as TestModule;
const test = (id: string, moduleId: string, fullName: string) => ({ id, fullName, module: mod(moduleId) }) as TestCase;

describe('watchdog reporter', () => {
  afterEach(() => vi.restoreAllMocks());

  it('names a file running past its limit, and the test in it still open, once a minute', () => {
    const printed: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (printed.push(String(s)), true));
    const t0 = Date.now();
    const w = new WatchdogReporter();
    w.onTestModuleStart(mod('/r/tests/slow.test.ts'));
    w.onTestModuleStart(mod('/r/tests/quick.test.ts'));
    w.onTestCaseReady(test('1', '/r/tests/slow.test.ts', 'suite > reads a page'));
    w.onTestCaseReady(test('2', '/r/tests/slow.test.ts', 'suite > done already'));
    w.onTestCaseResult(test('2', '/r/tests/slow.test.ts', 'suite > done already'));
    w.onTestModuleEnd(mod('/r/tests/quick.test.ts'));
    w.check(t0 + 9 * 60_000);
    expect(printed).toEqual([]);
    w.check(t0 + 11 * 60_000 + 5);
    w.check(t0 + 11 * 60_000 + 30_000); // same minute: said once
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/\[watchdog\] \/r\/tests\/slow\.test\.ts has run 11 min; still open: "suite > reads a page"/);
    expect(printed[0]).not.toMatch(/quick|done already/);
    w.onTestModuleEnd(mod('/r/tests/slow.test.ts'));
    w.check(t0 + 30 * 60_000);
    expect(printed).toHaveLength(1);
  });
});
