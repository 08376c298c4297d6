/**
 * The issue-4 scenarios against the REAL server in embedded mode (PGlite, filesystem store,
 * OCR off), spawned as a child process on loopback: many files, a file still being written,
 * the same file twice, the server killed mid-upload and restarted, the agent killed with
 * SIGKILL mid-upload, and a fault-injecting TCP proxy. Skips (with the reason printed) only
 * while /work/main/main.ts does not exist.
 */
import { runAgentScenarios } from './agent.scenarios.ts';
import { realServerUnavailable, startRealServer } from './real-server.harness.ts';

const unavailable = realServerUnavailable();
if (unavailable) console.log(`[agent-real-server] skipped: ${unavailable}`);

runAgentScenarios('the real server (embedded mode)', () => startRealServer(), { skip: unavailable ?? undefined });
