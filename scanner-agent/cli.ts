#!/usr/bin/env node
/**
 * Entry point of `scanner-agent` (watch | send | status). Wires the process (argv, env,
 * stdout, signals, exit code) to the commands; nothing else lives here.
 *
 * Imports node built-ins and agent modules only — never server code — so it bundles alone
 * (`npm run build:agent` → one JS file).
 */
import { helpText, parseConfig } from './agent.options.ts';
import type { CommandIO } from './command.io.ts';
import { EXIT } from './exit.codes.ts';
import { t } from './messages.i18n.ts';
import { runSend } from './send.command.ts';
import { runStatus } from './status.command.ts';
import { AGENT_VERSION, runWatch } from './watch.command.ts';

/** Run the CLI with `argv` (without `node script`); resolves to the exit code. */
export async function main(argv: string[], env: Record<string, string | undefined>, io: CommandIO): Promise<number> {
  const parsed = parseConfig(argv, env);
  if (!parsed.ok) {
    io.stderr.write(parsed.errors.map((e) => t(parsed.lang, 'usage', { detail: e })).join('\n') + '\n\n' + helpText() + '\n');
    return EXIT.usage;
  }
  const cfg = parsed.config;
  switch (cfg.command) {
    case 'help':
      io.stdout.write(helpText() + '\n');
      return EXIT.ok;
    case 'version':
      io.stdout.write(`scanner-agent ${AGENT_VERSION}\n`);
      return EXIT.ok;
    case 'status':
      return runStatus(cfg, io);
    case 'send':
      return runSend(cfg, io);
    case 'watch':
      return runWatch(cfg, io);
  }
}

function isEntryPoint(): boolean {
  const arg = process.argv[1] ?? '';
  return /(^|[\\/])(cli\.(ts|js|mjs|cjs)|scanner-agent(\.m?js)?)$/.test(arg);
}

if (isEntryPoint()) {
  const stop = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    // First signal: finish cleanly (journal stays consistent either way). Second: leave now.
    if (++signals > 1) process.exit(130);
    process.stderr.write(`\n${sig}\n`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  main(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr, signal: stop.signal })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((err: unknown) => {
      process.stderr.write(`scanner-agent: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT.internal;
    });
}
