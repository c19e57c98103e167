import { gateway, GatewayLab, startLab, stopLab } from "./lab";
import { GatewayScenarioResult, runScenario } from "./scenarios";

jest.setTimeout(120000);

/**
 * The field report's crash and return scenarios, shortened, under a bounded 15 req/s load with about
 * 10 % upload flows. Loose bounds; `npm run bench:gateway` measures the full-length runs.
 */
describe("failover when the primary crashes, and failback when it returns", () => {
  let lab: GatewayLab;

  beforeAll(async () => {
    lab = await startLab({ gateways: ["ours"] });
  });
  afterAll(() => stopLab(lab));

  test("primary killed: no pull fails, no upload started after the crash fails", async () => {
    // 2150 ms lands inside an upload flow (they start every 667 ms and pause 250 ms between steps).
    const [result]: GatewayScenarioResult[] = await runScenario(lab, [gateway(lab, "ours")], {
      fault: "kill",
      faultAtMs: 2150,
      faultDurationMs: 0,
      tailMs: 5000,
    });
    expect(result.pulls.total).toBeGreaterThan(80);
    expect(result.pulls.failed).toBe(0);
    expect(result.pulls.longestStallMs).toBeLessThan(3000);
    expect(result.uploads.total).toBeGreaterThan(8);
    expect(result.uploads.brokenStartedAfterFault).toBe(0);
  });

  test("primary returns: traffic is back on it within 10 s and no upload breaks across the switch", async () => {
    const [result] = await runScenario(lab, [gateway(lab, "ours")], {
      fault: "return",
      faultAtMs: 1000,
      faultDurationMs: 4000,
      tailMs: 9000,
    });
    expect(result.pulls.failed).toBe(0);
    expect(result.failbackMs).toBeDefined();
    expect(result.failbackMs).toBeLessThanOrEqual(10000);
    expect(result.uploads.brokenStartedAfterFault).toBe(0);
    const sessionsOnBackup = result.samples.filter(
      (s) => s.result?.kind === "upload" && s.result.sessionSite === "backup",
    );
    expect(sessionsOnBackup.length).toBeGreaterThan(0);
  });
});
