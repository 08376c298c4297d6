/**
 * Process exit codes of `scanner-agent` (documented in README.md; scripts rely on them).
 * Imports nothing.
 */
export const EXIT = {
  /** Everything asked for is done (send: every file acknowledged; watch: stopped by a signal). */
  ok: 0,
  /** Unexpected internal error (see the log). */
  internal: 1,
  /** Bad command line, config file or folder. */
  usage: 2,
  /** The server refused the token (401/403) or its role may not upload. */
  badToken: 3,
  /** The server could not be reached at start (without `--wait`). */
  unreachable: 4,
  /** send: at least one file was refused for good (and none is left unsent). */
  rejected: 5,
  /** send: at least one file could not be delivered after all retries; try again. */
  notSent: 6,
  /** watch: another agent already runs on this folder. */
  locked: 7,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
