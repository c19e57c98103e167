import { waitFor } from "../support/processes";
import { MANIFEST, manifestBody, servedBy, retryLabTest } from "./retry-lab";

jest.setTimeout(60000);

/**
 * Retry semantics of the gateway (real nginx, scripted sites). A slow but healthy primary stays in rotation; a failing one leaves it and comes back.
 */
describe("retry semantics of the gateway (real nginx, scripted sites)", () => {
  describe("a slow but healthy primary", () => {
    const TAGS = "/v2/lab/app/tags/list";

    retryLabTest("keeps a listing that takes longer than pullReadTimeoutSec on the primary", async (lab) => {
      const { primary: p, backup: b } = await lab.sites((r) => (r.url === TAGS ? { delayMs: 3000 } : {}));
      await lab.startGateway(p.address, b.address);
      const response = await lab.request("GET", TAGS);
      expect(response.status).toBe(200);
      expect(servedBy(response)).toBe("primary");
      expect(b.requests).toHaveLength(0);
    });

    retryLabTest(
      "answers one slow pull from the backup, and keeps the primary in rotation for the next",
      async (lab) => {
        let slowOnes = 1;
        const { primary: p, backup: b } = await lab.sites((r) =>
          r.url === MANIFEST && slowOnes-- > 0 ? { delayMs: 3000 } : {},
        );
        await lab.startGateway(p.address, b.address);
        const started = Date.now();
        const slow = await lab.request("GET", MANIFEST);
        expect(servedBy(slow)).toBe("backup");
        expect(Date.now() - started).toBeLessThan(3000);
        expect(servedBy(await lab.request("GET", MANIFEST))).toBe("primary");
      },
    );

    retryLabTest(
      "fails a control: with maxFails 1 that one slow pull takes the primary out for every request",
      async (lab) => {
        let slowOnes = 1;
        const { primary: p, backup: b } = await lab.sites((r) =>
          r.url === MANIFEST && slowOnes-- > 0 ? { delayMs: 3000 } : {},
        );
        await lab.startGateway(p.address, b.address, { maxFails: 1 });
        expect(servedBy(await lab.request("GET", MANIFEST))).toBe("backup");
        expect(servedBy(await lab.request("PUT", MANIFEST, manifestBody))).toBe("backup");
        expect(p.count("PUT")).toBe(0);
      },
    );

    retryLabTest(
      "takes the primary out after maxFails slow pulls in a row, and probes it back after failTimeoutSec",
      async (lab) => {
        // The shortest timings the props allow, so the wait for failTimeoutSec stays short.
        const props = { pullReadTimeoutSec: 1, failTimeoutSec: 2 };
        let slowOnes = 3;
        const { primary: p, backup: b } = await lab.sites((r) =>
          r.url === MANIFEST && slowOnes-- > 0 ? { delayMs: 2000 } : {},
        );
        await lab.startGateway(p.address, b.address, props);
        for (let i = 0; i < 3; i++) expect(servedBy(await lab.request("GET", MANIFEST))).toBe("backup");
        const skipped = Date.now();
        const direct = await lab.request("GET", MANIFEST);
        expect(servedBy(direct)).toBe("backup");
        expect(Date.now() - skipped).toBeLessThan(1000);
        expect(p.count("GET")).toBe(3);
        await waitFor(
          "the primary back in rotation",
          async () => servedBy(await lab.request("GET", MANIFEST)) === "primary",
          props.failTimeoutSec * 1000 + 3000,
          250,
        );
      },
    );
  });
});
