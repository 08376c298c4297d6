/**
 * The issue-4 scenarios against the CONTRACT DOUBLE (tests/contract-double.server.ts): fast,
 * always runs, and can list every stored sha256, so "exactly once" is checked exactly.
 */
import { tempDir } from './agent.harness.ts';
import { startContractDouble, type ContractDouble } from './contract-double.server.ts';
import { runAgentScenarios, type ScenarioServer } from './agent.scenarios.ts';

runAgentScenarios('the contract double', async (): Promise<ScenarioServer> => {
  const double: ContractDouble = await startContractDouble({ dir: tempDir('double') });
  double.addToken('station-token', 'station', 'test-station');
  return {
    url: double.url,
    stationToken: 'station-token',
    async lookup(sha) {
      const f = double.files().find((x) => x.sha256 === sha);
      return f ? { fileId: f.fileId, sha256: f.sha256 } : null;
    },
    async file(fileId) {
      return double.files().find((x) => x.fileId === fileId) ?? null;
    },
    allShas: async () => double.files().map((f) => f.sha256),
    stop: () => double.stop(),
    start: () => double.start(),
    close: () => double.stop(),
  };
});
