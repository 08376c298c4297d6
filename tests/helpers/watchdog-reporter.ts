/**
 * A vitest reporter that names what is still running long after it should have ended.
 *
 * Every test and hook has a timeout (vitest.config.ts), but a timeout is a timer in the test's
 * own process: a file whose process stops answering (its event loop blocked, or the process
 * wedged) never times out, and the run waits on it until CI kills the whole job without a word
 * on where it stood. This reporter lives in vitest's main process, which stays responsive, and
 * every minute prints each test file that has run longer than `WATCHDOG_FILE_MINUTES` (default
 * 10; the slowest file takes under a minute on a quiet machine), with the tests in it that
 * started and have not ended, so a stuck run says where it is stuck. (A process whose event
 * loop is blocked may not have reported the test it is in: the file is then all it can name.)
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';

const MINUTE = 60_000;

export default class WatchdogReporter implements Reporter {
  private readonly modules = new Map<string, { since: number; warned: number }>();
  private readonly cases = new Map<string, { module: string; name: string; since: number }>();
  private timer: NodeJS.Timeout | null = null;
  private readonly limitMs = Number(process.env.WATCHDOG_FILE_MINUTES ?? 10) * MINUTE;

  onTestRunStart(): void {
    this.timer = setInterval(() => this.check(), MINUTE);
    this.timer.unref();
  }

  onTestModuleStart(m: TestModule): void {
    this.modules.set(m.moduleId, { since: Date.now(), warned: 0 });
  }

  onTestModuleEnd(m: TestModule): void {
    this.modules.delete(m.moduleId);
  }

  onTestCaseReady(t: TestCase): void {
    this.cases.set(t.id, { module: t.module.moduleId, name: t.fullName, since: Date.now() });
  }

  onTestCaseResult(t: TestCase): void {
    this.cases.delete(t.id);
  }

  onTestRunEnd(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Prints the overdue files; the interval calls it each minute (public for its test). */
  check(now = Date.now()): void {
    for (const [id, m] of this.modules) {
      const minutes = Math.floor((now - m.since) / MINUTE);
      if (now - m.since < this.limitMs || minutes === m.warned) continue;
      m.warned = minutes;
      const open = [...this.cases.values()].filter((c) => c.module === id);
      const where = open.length > 0 ? open.map((c) => `"${c.name}" (started ${Math.floor((now - c.since) / MINUTE)} min ago)`).join('; ') : 'no test reported as started (a hook, the file loading, or a process too busy to report)';
      process.stderr.write(`[watchdog] ${id} has run ${minutes} min; still open: ${where}\n`);
    }
  }
}
