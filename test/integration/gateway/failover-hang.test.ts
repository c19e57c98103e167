import { gateway, GatewayLab, startLab, stopLab } from "./lab";
import { runScenario } from "./scenarios";

jest.setTimeout(120000);

/**
 * The field report's worst case, shortened from 70 s to 10 s: the primary hangs (SIGSTOP), so it
 * accepts connections and never answers. Same bounded load as the other scenarios.
 */
describe("failover when the primary hangs", () => {
  let lab: GatewayLab;

  beforeAll(async () => {
    lab = await startLab({ gateways: ["ours"] });
  });
  afterAll(() => stopLab(lab));

  test("primary hung: pulls stall at most ~3 s and never fail, at least 90 % of upload flows succeed, failback follows", async () => {
    const [result] = await runScenario(lab, [gateway(lab, "ours")], {
      fault: "hang",
      faultAtMs: 2000,
      faultDurationMs: 10000,
      tailMs: 5000,
      requestTimeoutMs: 20000,
    });
    expect(result.pulls.total).toBeGreaterThan(200);
    expect(result.pulls.failed).toBe(0);
    expect(result.pulls.longestStallMs).toBeLessThanOrEqual(3500);
    expect(result.pulls.p50DuringFaultMs).toBeLessThan(500);
    expect(result.uploads.total).toBeGreaterThan(20);
    expect(result.uploads.total - result.uploads.broken).toBeGreaterThanOrEqual(
      Math.floor(result.uploads.total * 0.9),
    );
    expect(result.failbackMs).toBeLessThanOrEqual(10000);
  });
});
