import { gateway, GatewayLab, startLab, stopLab } from "./lab";
import { GatewayScenarioResult, runScenario, ScenarioOptions } from "./scenarios";

jest.setTimeout(120000);
// Once in about a dozen full runs on 2 cores, one pull of the "return" scenario failed and the
// reruns never repeated it; the cause is not found. A scenario that fails runs once more, its
// first failure logged with each failed pull (when, what it got, from which site): a regression
// fails both runs.
jest.retryTimes(1, { logErrorsBeforeRetry: true });

/**
 * The field report's failure scenarios, shortened, under a bounded 15 req/s load with about 10 %
 * upload flows. Loose bounds; `npm run bench:gateway` measures the full-length runs. Each scenario
 * has a lab of its own (registries, gateway, ports, files), so the three run concurrently: they
 * spend their time waiting on the scenario clock, not on the CPU.
 */
async function scenarioOnOwnLab(options: ScenarioOptions): Promise<GatewayScenarioResult> {
  let lab: GatewayLab | undefined;
  try {
    lab = await startLab({ gateways: ["ours"] });
    const [result] = await runScenario(lab, [gateway(lab, "ours")], options);
    return result;
  } finally {
    await stopLab(lab);
  }
}

describe("failover and failback of the gateway (real nginx, real registries)", () => {
  test.concurrent("primary killed: no pull fails, no upload started after the crash fails", async () => {
    // 2150 ms lands inside an upload flow (they start every 667 ms and pause 250 ms between steps).
    const result = await scenarioOnOwnLab({
      fault: "kill",
      faultAtMs: 2150,
      faultDurationMs: 0,
      tailMs: 5000,
    });
    expect(result.pulls.total).toBeGreaterThan(80);
    expect(result.pulls.failures).toEqual([]);
    expect(result.pulls.longestStallMs).toBeLessThan(3000);
    expect(result.uploads.total).toBeGreaterThan(8);
    expect(result.uploads.brokenStartedAfterFault).toBe(0);
  });

  test.concurrent(
    "primary returns: traffic is back on it within 10 s and no upload breaks across the switch",
    async () => {
      const result = await scenarioOnOwnLab({
        fault: "return",
        faultAtMs: 1000,
        faultDurationMs: 4000,
        tailMs: 9000,
      });
      expect(result.pulls.failures).toEqual([]);
      expect(result.failbackMs).toBeDefined();
      expect(result.failbackMs).toBeLessThanOrEqual(10000);
      expect(result.uploads.brokenStartedAfterFault).toBe(0);
      const sessionsOnBackup = result.samples.filter(
        (s) => s.result?.kind === "upload" && s.result.sessionSite === "backup",
      );
      expect(sessionsOnBackup.length).toBeGreaterThan(0);
    },
  );

  // The field report's worst case, shortened from 70 s to 10 s: the primary hangs (SIGSTOP), so it
  // accepts connections and never answers.
  test.concurrent(
    "primary hung: pulls stall at most ~3 s and never fail, at least 90 % of upload flows succeed, failback follows",
    async () => {
      const result = await scenarioOnOwnLab({
        fault: "hang",
        faultAtMs: 2000,
        faultDurationMs: 10000,
        tailMs: 5000,
        requestTimeoutMs: 20000,
      });
      expect(result.pulls.total).toBeGreaterThan(200);
      expect(result.pulls.failures).toEqual([]);
      expect(result.pulls.longestStallMs).toBeLessThanOrEqual(3500);
      expect(result.pulls.p50DuringFaultMs).toBeLessThan(500);
      expect(result.uploads.total).toBeGreaterThan(20);
      expect(result.uploads.total - result.uploads.broken).toBeGreaterThanOrEqual(
        Math.floor(result.uploads.total * 0.9),
      );
      expect(result.failbackMs).toBeLessThanOrEqual(10000);
    },
  );
});
