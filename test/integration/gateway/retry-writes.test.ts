import { randomBytes } from "node:crypto";
import { ReceivedRequest, Reaction } from "./scripted-sites";
import { MANIFEST, manifestBody, servedBy, retryLabTest } from "./retry-lab";

jest.setTimeout(60000);

const REFUSING_ADDRESS = "127.0.0.1:1";

/**
 * Retry semantics of the gateway (real nginx, scripted sites). What the gateway must never replay on the backup: writes that reached the primary.
 */
describe("retry semantics of the gateway (real nginx, scripted sites)", () => {
  describe("writes", () => {
    const slowWrites = (r: ReceivedRequest): Reaction =>
      r.method === "PUT" || r.method === "DELETE" ? { delayMs: 5000 } : {};

    retryLabTest(
      "fails a manifest PUT that reached a slow primary with 504 and never replays it on the backup",
      async (lab) => {
        const { primary: p, backup: b } = await lab.sites(slowWrites);
        await lab.startGateway(p.address, b.address, { apiReadTimeoutSec: 3 });
        const response = await lab.request("PUT", MANIFEST, manifestBody);
        expect(response.status).toBe(504);
        expect(p.count("PUT")).toBe(1);
        expect(b.count("PUT")).toBe(0);
      },
    );

    retryLabTest(
      "fails a DELETE that reached a slow primary with 504 and never replays it on the backup",
      async (lab) => {
        const { primary: p, backup: b } = await lab.sites(slowWrites);
        await lab.startGateway(p.address, b.address, { apiReadTimeoutSec: 3 });
        const response = await lab.request("DELETE", MANIFEST);
        expect(response.status).toBe(504);
        expect(p.count("DELETE")).toBe(1);
        expect(b.count("DELETE")).toBe(0);
      },
    );

    retryLabTest(
      "does not replay Harbor API writes either: a slow project update stays on the primary",
      async (lab) => {
        const { primary: p, backup: b } = await lab.sites(slowWrites);
        await lab.startGateway(p.address, b.address, { apiReadTimeoutSec: 3 });
        const response = await lab.request("PUT", "/api/v2.0/projects/7", '{"metadata":{"public":"true"}}');
        expect(response.status).toBe(504);
        expect(b.count("PUT")).toBe(0);
      },
    );

    retryLabTest(
      "fails an API POST whose connection the primary dropped after reading it, without resending it",
      async (lab) => {
        const { primary: p, backup: b } = await lab.sites((r) => (r.method === "POST" ? { drop: true } : {}));
        await lab.startGateway(p.address, b.address);
        const response = await lab.request("POST", "/api/v2.0/projects", '{"project_name":"team"}');
        expect(response.status).toBe(502);
        expect(p.count("POST")).toBe(1);
        expect(b.count("POST")).toBe(0);
      },
    );

    retryLabTest(
      "resends a PUT or DELETE whose connection the primary dropped without an answer (documented limit)",
      async (lab) => {
        const { primary: p, backup: b } = await lab.sites((r) =>
          r.method === "PUT" || r.method === "DELETE" ? { drop: true } : {},
        );
        await lab.startGateway(p.address, b.address);
        const put = await lab.request("PUT", MANIFEST, manifestBody);
        expect(servedBy(put)).toBe("backup");
        const deleted = await lab.request("DELETE", MANIFEST);
        expect(servedBy(deleted)).toBe("backup");
        expect(p.count("PUT") + p.count("DELETE")).toBe(2);
      },
    );

    retryLabTest(
      "passes a 502/503/504 answered by the primary's own proxy through, without retrying the write",
      async (lab) => {
        const { primary: p, backup: b } = await lab.sites((r) => (r.method === "PUT" ? { status: 504 } : {}));
        await lab.startGateway(p.address, b.address);
        const response = await lab.request("PUT", MANIFEST, manifestBody);
        expect(response.status).toBe(504);
        expect(servedBy(response)).toBe("primary");
        expect(b.count("PUT")).toBe(0);
      },
    );

    retryLabTest(
      "moves writes to the backup, body intact, when the primary refuses connections",
      async (lab) => {
        const backup = await lab.backupSite();
        // Port 1: privileged, so no test process listens there and every connect is refused (a
        // "free" port could be taken by a parallel test between the check and the connect).
        await lab.startGateway(REFUSING_ADDRESS, backup.address);
        const body = randomBytes(1024 * 1024);
        const put = await lab.request("PUT", MANIFEST, body);
        expect(put.status).toBe(201);
        expect(servedBy(put)).toBe("backup");
        expect(backup.requests.find((r) => r.method === "PUT")?.bodyBytes).toBe(body.length);
        const deleted = await lab.request("DELETE", MANIFEST);
        expect(deleted.status).toBe(202);
        expect(servedBy(deleted)).toBe("backup");
      },
    );

    retryLabTest(
      "fails a control: the write policy before this fix replays the slow PUT on the backup (the check can fail)",
      async (lab) => {
        const { primary: p, backup: b } = await lab.sites(slowWrites);
        const previousPolicy = (config: string) => {
          const edited = config.replace(
            /location @write \{[^}]*\}/,
            [
              "location @write {",
              "proxy_pass http://harbor_failover;",
              "proxy_request_buffering on;",
              "proxy_read_timeout 3s;",
              "proxy_next_upstream error timeout invalid_header http_502 http_503 http_504;",
              "proxy_next_upstream_tries 2;",
              "proxy_next_upstream_timeout 10s;",
              "}",
            ].join("\n"),
          );
          expect(edited).not.toBe(config);
          return edited;
        };
        await lab.startGateway(p.address, b.address, { apiReadTimeoutSec: 3 }, previousPolicy);
        const response = await lab.request("PUT", MANIFEST, manifestBody);
        expect(servedBy(response)).toBe("backup");
        expect(b.count("PUT")).toBe(1);
      },
    );
  });
});
