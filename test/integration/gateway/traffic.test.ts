import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as https from "node:https";
import { httpRequest } from "../support/http";
import { writeOciLayout } from "../support/oci-layout";
import { killProcess, waitFor } from "../support/processes";
import { restartRegistry } from "../support/registry";
import { sha256Digest } from "../support/registry-client";
import { skopeoCopy } from "../support/skopeo";
import {
  BACKUP_HOSTNAME,
  gateway,
  GatewayLab,
  LabGateway,
  MAIN_HOSTNAME,
  PRIMARY_HOSTNAME,
  servedBy,
  startLab,
  stopLab,
} from "./lab";

jest.setTimeout(120000);

/** HEAD of a blob directly on one registry, bypassing the gateway. */
async function blobSizeOn(address: string, repository: string, digest: string): Promise<number | undefined> {
  const response = await httpRequest(`http://${address}/v2/${repository}/blobs/${digest}`, {
    method: "HEAD",
    timeoutMs: 5000,
  });
  return response.status === 200 ? Number(response.headers["content-length"]) : undefined;
}

/** A request to the gateway for a given hostname (SNI and Host), as a client resolving that name would send. */
function requestAs(gw: LabGateway, hostname: string, path: string, agent: https.Agent) {
  return httpRequest(`https://${hostname}:${gw.port}${path}`, { agent, timeoutMs: 5000 });
}

describe("real traffic through the gateway (nginx, two docker-registry sites, skopeo)", () => {
  let lab: GatewayLab;
  let gw: LabGateway;
  let byName: https.Agent;

  beforeAll(async () => {
    lab = await startLab({ gateways: ["ours"] });
    gw = gateway(lab, "ours");
    // Connect to 127.0.0.1 whatever the hostname, keeping SNI and Host: no resolver changes needed.
    byName = new https.Agent({
      ca: readFileSync(lab.tls.certFile),
      lookup: (_host, options, callback) =>
        (options as { all?: boolean }).all
          ? (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
              { address: "127.0.0.1", family: 4 },
            ])
          : (callback as (e: null, a: string, f: number) => void)(null, "127.0.0.1", 4),
    });
  });

  afterAll(async () => {
    byName?.destroy();
    await stopLab(lab);
  });

  test("skopeo pushes an image through the gateway to the primary and pulls it back", async () => {
    const image = writeOciLayout(join(lab.root, "oci-small"), "v1", [
      randomBytes(256 * 1024),
      randomBytes(4096),
    ]);
    await skopeoCopy(image.reference, `docker://127.0.0.1:${gw.port}/lab/skopeo:v1`, {
      destCertDir: lab.tls.certDir,
    });
    for (const digest of image.layerDigests) {
      expect(await blobSizeOn(lab.primary.address, "lab/skopeo", digest)).toBeGreaterThan(0);
      expect(await blobSizeOn(lab.backup.address, "lab/skopeo", digest)).toBeUndefined();
    }
    const pulledDir = join(lab.root, "oci-pulled");
    await skopeoCopy(`docker://127.0.0.1:${gw.port}/lab/skopeo:v1`, `oci:${pulledDir}:v1`, {
      srcCertDir: lab.tls.certDir,
    });
    const index = JSON.parse(readFileSync(join(pulledDir, "index.json"), "utf8")) as {
      manifests: { digest: string }[];
    };
    expect(index.manifests[0].digest).toBe(image.manifestDigest);
  });

  test("skopeo pushes a 100 MiB layer through the gateway", async () => {
    const size = 100 * 1024 * 1024;
    const image = writeOciLayout(join(lab.root, "oci-large"), "v1", [randomBytes(size)]);
    await skopeoCopy(image.reference, `docker://127.0.0.1:${gw.port}/lab/large:v1`, {
      destCertDir: lab.tls.certDir,
    });
    expect(await blobSizeOn(lab.primary.address, "lab/large", image.layerDigests[0])).toBe(size);
  });

  test("forwards the client's Host and X-Forwarded-Proto https: the registry builds its URLs for the gateway", async () => {
    const opened = await httpRequest(`${gw.baseUrl}/v2/lab/headers/blobs/uploads/`, {
      agent: gw.agent,
      method: "POST",
      body: "",
    });
    expect(opened.status).toBe(202);
    expect(opened.headers.location).toMatch(
      new RegExp(`^https://127\\.0\\.0\\.1:${gw.port}/v2/lab/headers/blobs/uploads/primary\\.`),
    );
  });

  test("streams a POST with a body (monolithic upload) to the registry, which opens a session the gateway marks", async () => {
    const blob = randomBytes(3 * 1024 * 1024);
    const digest = sha256Digest(blob);
    // Several in a row on one keepalive agent: the registry answers before reading the body, and a
    // connection nginx then closes must not be announced as kept alive (the next request would fail).
    const sessions: URL[] = [];
    for (let i = 0; i < 4; i++) {
      const opened = await httpRequest(`${gw.baseUrl}/v2/lab/monolithic/blobs/uploads/?digest=${digest}`, {
        agent: gw.agent,
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: blob,
      });
      // The distribution registry (Harbor's too) ignores a POST body and answers with a session.
      expect(opened.status).toBe(202);
      expect(opened.headers.connection).toBe("close");
      sessions.push(new URL(opened.headers.location as string));
    }
    const session = sessions[3];
    expect(session.pathname).toMatch(/\/uploads\/primary\.[0-9a-f-]{36}$/);
    session.searchParams.set("digest", digest);
    const committed = await httpRequest(session.toString(), { agent: gw.agent, method: "PUT", body: blob });
    expect(committed.status).toBe(201);
    expect(await blobSizeOn(lab.primary.address, "lab/monolithic", digest)).toBe(blob.length);
    expect(readFileSync(gw.prefix.errorLogFile, "utf8")).not.toContain("buffered to a temporary file");
  });

  test("pins each site hostname to its own site; the main hostname serves from the primary", async () => {
    const image = `/v2/${lab.image.repository}/blobs/${sha256Digest(lab.image.layers[0])}`;
    expect((await requestAs(gw, MAIN_HOSTNAME, image, byName)).headers["x-test-registry"]).toBe("primary");
    expect((await requestAs(gw, PRIMARY_HOSTNAME, image, byName)).headers["x-test-registry"]).toBe("primary");
    const backup = await requestAs(gw, BACKUP_HOSTNAME, image, byName);
    expect(backup.status).toBe(200);
    expect(backup.headers["x-test-registry"]).toBe("backup");
  });

  test("keeps an upload on the site that opened it across failover and failback; pinned hostnames never fail over", async () => {
    const blob = randomBytes(64 * 1024);
    const digest = sha256Digest(blob);
    await killProcess(lab.primary.process);
    try {
      // Failover: the session opens on the backup, and the Location says so.
      const opened = await httpRequest(`${gw.baseUrl}/v2/lab/affinity/blobs/uploads/`, {
        agent: gw.agent,
        method: "POST",
        body: "",
      });
      expect(opened.status).toBe(202);
      expect(opened.headers["x-test-registry"]).toBe("backup");
      expect(new URL(opened.headers.location as string).pathname).toMatch(
        /^\/v2\/lab\/affinity\/blobs\/uploads\/backup\.[0-9a-f-]{36}$/,
      );
      const pinnedPrimary = await requestAs(gw, PRIMARY_HOSTNAME, "/v2/", byName);
      expect(pinnedPrimary.status).toBe(502);
      expect((await requestAs(gw, MAIN_HOSTNAME, "/v2/", byName)).headers["x-test-registry"]).toBe("backup");

      // Failback: the primary is back and serves the main hostname again...
      await restartRegistry(lab.group, lab.primary);
      await waitFor("failback to the primary", async () => (await servedBy(gw)) === "primary", 15000, 200);

      // ...while the upload opened during the outage completes on the backup.
      const patched = await httpRequest(opened.headers.location as string, {
        agent: gw.agent,
        method: "PATCH",
        headers: { "content-type": "application/octet-stream" },
        body: blob,
      });
      expect(patched.status).toBe(202);
      expect(patched.headers["x-test-registry"]).toBe("backup");
      expect(new URL(patched.headers.location as string).pathname).toMatch(/\/uploads\/backup\./);
      const commit = new URL(patched.headers.location as string);
      commit.searchParams.set("digest", digest);
      const committed = await httpRequest(commit.toString(), { agent: gw.agent, method: "PUT", body: "" });
      expect(committed.status).toBe(201);
      expect(await blobSizeOn(lab.backup.address, "lab/affinity", digest)).toBe(blob.length);
      expect(await blobSizeOn(lab.primary.address, "lab/affinity", digest)).toBeUndefined();
    } finally {
      if (lab.primary.process.hasExited()) await restartRegistry(lab.group, lab.primary);
    }
  });

  test("fails an upload step for a session no site claims: the failover group gets it and the registry says unknown", async () => {
    const response = await httpRequest(`${gw.baseUrl}/v2/lab/x/blobs/uploads/elsewhere.0000`, {
      agent: gw.agent,
      method: "PATCH",
      body: "x",
    });
    // Unmarked-looking session ids go to the failover group like pre-gateway sessions; the registry rejects them.
    expect(response.status).toBe(404);
    expect(response.headers["x-test-registry"]).toBe("primary");
  });

  test("logs one JSON line per request naming the route and the upstream that served it", () => {
    const lines = readFileSync(gw.prefix.accessLog, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, string>);
    const pinnedBackup = lines.find((l) => l.host === BACKUP_HOSTNAME);
    expect(pinnedBackup).toMatchObject({
      route: "site-backup",
      upstream: "harbor_site_backup",
      upstream_addr: lab.backup.address,
    });
    const commit = lines.find((l) => l.method === "PUT" && l.route === "upload-backup");
    expect(commit).toMatchObject({
      upstream: "harbor_site_backup",
      upstream_addr: lab.backup.address,
      status: 201,
    });
  });
});
