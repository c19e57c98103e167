import { randomBytes } from "node:crypto";
import { sendSlowBody } from "./scripted-sites";
import { servedBy, UPLOAD_LOCATION, retryLabTest } from "./retry-lab";

jest.setTimeout(60000);

/**
 * Retry semantics of the gateway (real nginx, scripted sites). Opening an upload session: retried when bodiless, streamed and never retried with a body.
 */
describe("retry semantics of the gateway (real nginx, scripted sites)", () => {
  describe("opening an upload session", () => {
    const UPLOADS = "/v2/lab/app/blobs/uploads/";

    retryLabTest(
      "retries a POST without a body on the backup after the primary timed out, and marks the session",
      async (lab) => {
        const { primary: p, backup: b } = await lab.sites(
          (r) => (r.method === "POST" ? { delayMs: 5000, headers: UPLOAD_LOCATION } : {}),
          () => ({ headers: UPLOAD_LOCATION }),
        );
        await lab.startGateway(p.address, b.address);
        const response = await lab.request("POST", UPLOADS, "");
        expect(response.status).toBe(202);
        expect(servedBy(response)).toBe("backup");
        expect(response.headers.location).toBe("/v2/lab/app/blobs/uploads/backup.3f0c1e2a-session");
      },
    );

    retryLabTest(
      "streams a POST with a body to the site: it arrives before the client finished, and never touches the disk",
      async (lab) => {
        const { primary: p, backup: b } = await lab.sites(() => ({ headers: UPLOAD_LOCATION }));
        const gw = await lab.startGateway(p.address, b.address);
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
        expect(gw.errorLog()).not.toContain("buffered to a temporary file");
      },
    );

    retryLabTest(
      "fails a control: the same upload through a buffering location is held on disk until complete (the check can fail)",
      async (lab) => {
        const { primary: p, backup: b } = await lab.sites(() => ({ headers: UPLOAD_LOCATION }));
        const buffering = (config: string) => {
          const edited = config.replace(
            /(location @upload_start_streamed \{[^}]*?)proxy_request_buffering off;/,
            "$1proxy_request_buffering on;",
          );
          expect(edited).not.toBe(config);
          return edited;
        };
        const gw = await lab.startGateway(p.address, b.address, {}, buffering);
        const upload = await sendSlowBody(gw, "POST", `${UPLOADS}?digest=sha256:00`, {
          totalBytes: 4 * 1024 * 1024,
          chunks: 32,
          spreadMs: 1200,
        });
        expect(gw.errorLog()).toContain("a client request body is buffered to a temporary file");
        expect(upload.clientDoneAtMs).toBeGreaterThan(0);
        const received = p.requests.find((r) => r.method === "POST");
        expect(received?.headersAtMs).toBeGreaterThanOrEqual(upload.clientDoneAtMs - 50);
      },
    );

    retryLabTest(
      "fails a POST with a body that the primary dropped, without replaying it on the backup",
      async (lab) => {
        const { primary: p, backup: b } = await lab.sites((r) => (r.method === "POST" ? { drop: true } : {}));
        await lab.startGateway(p.address, b.address);
        const response = await lab.request("POST", `${UPLOADS}?digest=sha256:00`, randomBytes(256 * 1024));
        expect(response.status).toBe(502);
        expect(p.count("POST")).toBe(1);
        expect(b.count("POST")).toBe(0);
      },
    );
  });
});
