import { randomBytes } from "node:crypto";
import { httpRequest, HttpResponse } from "../support/http";
import { freePort } from "../support/ports";
import { waitFor } from "../support/processes";
import { REGISTRY_ID_HEADER } from "../support/registry";
import {
  Reaction,
  ReceivedRequest,
  ScriptedGateway,
  ScriptedSite,
  sendSlowBody,
  startScriptedGateway,
} from "./scripted-sites";

jest.setTimeout(60000);

/**
 * What the gateway retries on the backup, and what it must not, with real nginx running our config
 * in front of two scripted sites that count every request. One fresh gateway per test: the
 * primary's failure count is state that must not leak from one test into the next.
 */
describe("retry semantics of the gateway (real nginx, scripted sites)", () => {
  let primary: ScriptedSite | undefined;
  let backup: ScriptedSite | undefined;
  let gw: ScriptedGateway | undefined;

  afterEach(async () => {
    await gw?.stop();
    await primary?.close();
    await backup?.close();
    gw = primary = backup = undefined;
  });

  const answering = (): Reaction => ({});
  const UPLOAD_LOCATION = { location: "/v2/lab/app/blobs/uploads/3f0c1e2a-session" };

  async function sites(primaryScript: (r: ReceivedRequest) => Reaction, backupScript = answering) {
    primary = await ScriptedSite.start("primary", primaryScript);
    backup = await ScriptedSite.start("backup", backupScript);
    return { primary, backup };
  }

  function request(method: string, path: string, body?: Buffer | string): Promise<HttpResponse> {
    const gateway = gw as ScriptedGateway;
    return httpRequest(`${gateway.baseUrl}${path}`, { agent: gateway.agent, method, body, timeoutMs: 20000 });
  }

  const servedBy = (response: HttpResponse) => response.headers[REGISTRY_ID_HEADER];
  const MANIFEST = "/v2/lab/app/manifests/v1";
  const manifestBody = Buffer.from(JSON.stringify({ schemaVersion: 2, layers: [] }));

  describe("writes", () => {
    const slowWrites = (r: ReceivedRequest): Reaction =>
      r.method === "PUT" || r.method === "DELETE" ? { delayMs: 5000 } : {};

    test("fails a manifest PUT that reached a slow primary with 504 and never replays it on the backup", async () => {
      const { primary: p, backup: b } = await sites(slowWrites);
      gw = await startScriptedGateway(p.address, b.address, { apiReadTimeoutSec: 3 });
      const response = await request("PUT", MANIFEST, manifestBody);
      expect(response.status).toBe(504);
      expect(p.count("PUT")).toBe(1);
      expect(b.count("PUT")).toBe(0);
    });

    test("fails a DELETE that reached a slow primary with 504 and never replays it on the backup", async () => {
      const { primary: p, backup: b } = await sites(slowWrites);
      gw = await startScriptedGateway(p.address, b.address, { apiReadTimeoutSec: 3 });
      const response = await request("DELETE", MANIFEST);
      expect(response.status).toBe(504);
      expect(p.count("DELETE")).toBe(1);
      expect(b.count("DELETE")).toBe(0);
    });

    test("does not replay Harbor API writes either: a slow project update stays on the primary", async () => {
      const { primary: p, backup: b } = await sites(slowWrites);
      gw = await startScriptedGateway(p.address, b.address, { apiReadTimeoutSec: 3 });
      const response = await request("PUT", "/api/v2.0/projects/7", '{"metadata":{"public":"true"}}');
      expect(response.status).toBe(504);
      expect(b.count("PUT")).toBe(0);
    });

    test("fails an API POST whose connection the primary dropped after reading it, without resending it", async () => {
      const { primary: p, backup: b } = await sites((r) => (r.method === "POST" ? { drop: true } : {}));
      gw = await startScriptedGateway(p.address, b.address);
      const response = await request("POST", "/api/v2.0/projects", '{"project_name":"team"}');
      expect(response.status).toBe(502);
      expect(p.count("POST")).toBe(1);
      expect(b.count("POST")).toBe(0);
    });

    test("resends a PUT or DELETE whose connection the primary dropped without an answer (documented limit)", async () => {
      const { primary: p, backup: b } = await sites((r) =>
        r.method === "PUT" || r.method === "DELETE" ? { drop: true } : {},
      );
      gw = await startScriptedGateway(p.address, b.address);
      const put = await request("PUT", MANIFEST, manifestBody);
      expect(servedBy(put)).toBe("backup");
      const deleted = await request("DELETE", MANIFEST);
      expect(servedBy(deleted)).toBe("backup");
      expect(p.count("PUT") + p.count("DELETE")).toBe(2);
    });

    test("passes a 502/503/504 answered by the primary's own proxy through, without retrying the write", async () => {
      const { primary: p, backup: b } = await sites((r) => (r.method === "PUT" ? { status: 504 } : {}));
      gw = await startScriptedGateway(p.address, b.address);
      const response = await request("PUT", MANIFEST, manifestBody);
      expect(response.status).toBe(504);
      expect(servedBy(response)).toBe("primary");
      expect(b.count("PUT")).toBe(0);
    });

    test("moves writes to the backup, body intact, when the primary refuses connections", async () => {
      backup = await ScriptedSite.start("backup", answering);
      gw = await startScriptedGateway(`127.0.0.1:${await freePort()}`, backup.address);
      const body = randomBytes(1024 * 1024);
      const put = await request("PUT", MANIFEST, body);
      expect(put.status).toBe(201);
      expect(servedBy(put)).toBe("backup");
      expect(backup.requests.find((r) => r.method === "PUT")?.bodyBytes).toBe(body.length);
      const deleted = await request("DELETE", MANIFEST);
      expect(deleted.status).toBe(202);
      expect(servedBy(deleted)).toBe("backup");
    });

    test("fails a control: the write policy before this fix replays the slow PUT on the backup (the check can fail)", async () => {
      const { primary: p, backup: b } = await sites(slowWrites);
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
      gw = await startScriptedGateway(p.address, b.address, { apiReadTimeoutSec: 3 }, previousPolicy);
      const response = await request("PUT", MANIFEST, manifestBody);
      expect(servedBy(response)).toBe("backup");
      expect(b.count("PUT")).toBe(1);
    });
  });

  describe("a slow but healthy primary", () => {
    const TAGS = "/v2/lab/app/tags/list";

    test("keeps a listing that takes longer than pullReadTimeoutSec on the primary", async () => {
      const { primary: p, backup: b } = await sites((r) => (r.url === TAGS ? { delayMs: 3000 } : {}));
      gw = await startScriptedGateway(p.address, b.address);
      const response = await request("GET", TAGS);
      expect(response.status).toBe(200);
      expect(servedBy(response)).toBe("primary");
      expect(b.requests).toHaveLength(0);
    });

    test("answers one slow pull from the backup, and keeps the primary in rotation for the next", async () => {
      let slowOnes = 1;
      const { primary: p, backup: b } = await sites((r) =>
        r.url === MANIFEST && slowOnes-- > 0 ? { delayMs: 3000 } : {},
      );
      gw = await startScriptedGateway(p.address, b.address);
      const started = Date.now();
      const slow = await request("GET", MANIFEST);
      expect(servedBy(slow)).toBe("backup");
      expect(Date.now() - started).toBeLessThan(3000);
      expect(servedBy(await request("GET", MANIFEST))).toBe("primary");
    });

    test("fails a control: with maxFails 1 that one slow pull takes the primary out for every request", async () => {
      let slowOnes = 1;
      const { primary: p, backup: b } = await sites((r) =>
        r.url === MANIFEST && slowOnes-- > 0 ? { delayMs: 3000 } : {},
      );
      gw = await startScriptedGateway(p.address, b.address, { maxFails: 1 });
      expect(servedBy(await request("GET", MANIFEST))).toBe("backup");
      expect(servedBy(await request("PUT", MANIFEST, manifestBody))).toBe("backup");
      expect(p.count("PUT")).toBe(0);
    });

    test("takes the primary out after maxFails slow pulls in a row, and probes it back after failTimeoutSec", async () => {
      let slowOnes = 3;
      const { primary: p, backup: b } = await sites((r) =>
        r.url === MANIFEST && slowOnes-- > 0 ? { delayMs: 3000 } : {},
      );
      gw = await startScriptedGateway(p.address, b.address);
      for (let i = 0; i < 3; i++) expect(servedBy(await request("GET", MANIFEST))).toBe("backup");
      const skipped = Date.now();
      const direct = await request("GET", MANIFEST);
      expect(servedBy(direct)).toBe("backup");
      expect(Date.now() - skipped).toBeLessThan(1000);
      expect(p.count("GET")).toBe(3);
      await waitFor(
        "the primary back in rotation",
        async () => servedBy(await request("GET", MANIFEST)) === "primary",
        8000,
        250,
      );
    });
  });

  describe("opening an upload session", () => {
    const UPLOADS = "/v2/lab/app/blobs/uploads/";

    test("retries a POST without a body on the backup after the primary timed out, and marks the session", async () => {
      const { primary: p, backup: b } = await sites(
        (r) => (r.method === "POST" ? { delayMs: 5000, headers: UPLOAD_LOCATION } : {}),
        () => ({ headers: UPLOAD_LOCATION }),
      );
      gw = await startScriptedGateway(p.address, b.address);
      const response = await request("POST", UPLOADS, "");
      expect(response.status).toBe(202);
      expect(servedBy(response)).toBe("backup");
      expect(response.headers.location).toBe("/v2/lab/app/blobs/uploads/backup.3f0c1e2a-session");
    });

    test("streams a POST with a body to the site: it arrives before the client finished, and never touches the disk", async () => {
      const { primary: p, backup: b } = await sites(() => ({ headers: UPLOAD_LOCATION }));
      gw = await startScriptedGateway(p.address, b.address);
      const totalBytes = 4 * 1024 * 1024;
      const upload = await sendSlowBody(gw, "POST", `${UPLOADS}?digest=sha256:00`, {
        totalBytes,
        chunks: 32,
        spreadMs: 1200,
      });
      expect(upload.status).toBe(202);
      expect(upload.headers.location).toBe("/v2/lab/app/blobs/uploads/primary.3f0c1e2a-session");
      expect(upload.clientDoneAtMs).toBeGreaterThan(0);
      const received = p.requests.find((r) => r.method === "POST");
      expect(received?.bodyBytes).toBe(totalBytes);
      expect(received?.headersAtMs).toBeLessThan(upload.clientDoneAtMs - 500);
      expect((gw as ScriptedGateway).errorLog()).not.toContain("buffered to a temporary file");
    });

    test("fails a control: the same upload through a buffering location is held on disk until complete (the check can fail)", async () => {
      const { primary: p, backup: b } = await sites(() => ({ headers: UPLOAD_LOCATION }));
      const buffering = (config: string) => {
        const edited = config.replace(
          /(location @upload_start_streamed \{[^}]*?)proxy_request_buffering off;/,
          "$1proxy_request_buffering on;",
        );
        expect(edited).not.toBe(config);
        return edited;
      };
      gw = await startScriptedGateway(p.address, b.address, {}, buffering);
      const upload = await sendSlowBody(gw, "POST", `${UPLOADS}?digest=sha256:00`, {
        totalBytes: 4 * 1024 * 1024,
        chunks: 32,
        spreadMs: 1200,
      });
      expect((gw as ScriptedGateway).errorLog()).toContain(
        "a client request body is buffered to a temporary file",
      );
      expect(upload.clientDoneAtMs).toBeGreaterThan(0);
      const received = p.requests.find((r) => r.method === "POST");
      expect(received?.headersAtMs).toBeGreaterThanOrEqual(upload.clientDoneAtMs - 50);
    });

    test("fails a POST with a body that the primary dropped, without replaying it on the backup", async () => {
      const { primary: p, backup: b } = await sites((r) => (r.method === "POST" ? { drop: true } : {}));
      gw = await startScriptedGateway(p.address, b.address);
      const response = await request("POST", `${UPLOADS}?digest=sha256:00`, randomBytes(256 * 1024));
      expect(response.status).toBe(502);
      expect(p.count("POST")).toBe(1);
      expect(b.count("POST")).toBe(0);
    });
  });
});
