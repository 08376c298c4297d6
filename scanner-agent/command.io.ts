/**
 * What a command gets from the process: output streams and a stop signal. The CLI wires these
 * to the real process; tests pass their own, so commands run in-process without globals.
 * Imports nothing but types.
 */
import type { AgentConfig } from './agent.options.ts';
import type { ExitCode } from './exit.codes.ts';

export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  /** Aborts on SIGINT/SIGTERM: the command finishes what is safe and returns. */
  signal: AbortSignal;
  /** watch: called once the agent runs (tests wait for it). */
  onReady?: () => void;
}

/** Print a refusal (stderr for people, a JSON line on stdout for `--json`) and return `exitCode`. */
export function refuse(io: CommandIO, cfg: Pick<AgentConfig, 'json'>, exitCode: ExitCode, code: string, message: string): ExitCode {
  if (cfg.json) io.stdout.write(JSON.stringify({ ts: new Date().toISOString(), event: 'error', code, message, exitCode }) + '\n');
  else io.stderr.write(message + '\n');
  return exitCode;
}
