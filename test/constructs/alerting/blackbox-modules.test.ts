/**
 * The blackbox exporter's modules run by the real exporter (Debian's prometheus-blackbox-exporter)
 * against a fake Harbor on 127.0.0.1 that answers like Harbor does: `/api/v2.0/ping` → `Pong`,
 * `/api/v2.0/health` → HTTP 200 with a JSON status, healthy or not.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { blackboxModules } from "../../../constructs/alerting/monitoring-manifests";

const HEALTHY = {
  components: [
    { name: "core", status: "healthy" },
    { name: "database", status: "healthy" },
    { name: "redis", status: "healthy" },
  ],
  status: "healthy",
};
const UNHEALTHY = {
  components: [
    { name: "core", status: "healthy" },
    {
      error: 'dial tcp: lookup harbor-redis: no such host ("status":"healthy")',
      name: "redis",
      status: "unhealthy",
    },
  ],
  status: "unhealthy",
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function get(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return response.text();
}

describe("blackbox modules against a Harbor-like endpoint", () => {
  let harbor: http.Server;
  let harborPort: number;
  let exporter: ChildProcess | undefined;
  let exporterPort: number;
  let dir: string;
  let healthBody: unknown = HEALTHY;
  let healthStatus = 200;

  beforeAll(async () => {
    harbor = http.createServer((req, res) => {
      if (req.url === "/api/v2.0/ping") {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("Pong");
      } else if (req.url === "/api/v2.0/health") {
        res.writeHead(healthStatus, { "content-type": "application/json" });
        res.end(JSON.stringify(healthBody));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => harbor.listen(0, "127.0.0.1", resolve));
    harborPort = (harbor.address() as net.AddressInfo).port;

    dir = fs.mkdtempSync(path.join(os.tmpdir(), "blackbox-"));
    fs.writeFileSync(path.join(dir, "blackbox.yml"), stringify(blackboxModules()));
    exporterPort = await freePort();
    exporter = spawn(
      "prometheus-blackbox-exporter",
      [`--config.file=${path.join(dir, "blackbox.yml")}`, `--web.listen-address=127.0.0.1:${exporterPort}`],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    exporter.stderr?.on("data", (d) => (stderr += d));
    exporter.on("error", (error) => {
      stderr += `${error.message}: apt-get install -y prometheus-blackbox-exporter`;
    });
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        await get(`http://127.0.0.1:${exporterPort}/-/healthy`);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`blackbox exporter did not start within 5s: ${stderr}`);
  });

  afterAll(async () => {
    if (exporter?.pid) process.kill(exporter.pid, "SIGTERM");
    await new Promise((resolve) => harbor.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function probe(module: string, target: string): Promise<number> {
    const metrics = await get(
      `http://127.0.0.1:${exporterPort}/probe?module=${module}&target=${encodeURIComponent(target)}`,
    );
    const match = /^probe_success (\d)$/m.exec(metrics);
    if (!match) throw new Error(`no probe_success in:\n${metrics}`);
    return Number(match[1]);
  }

  test("health passes when Harbor reports healthy", async () => {
    healthBody = HEALTHY;
    healthStatus = 200;
    expect(await probe("harbor_health", `http://127.0.0.1:${harborPort}/api/v2.0/health`)).toBe(1);
  });

  test("fails the health probe on HTTP 200 with status unhealthy", async () => {
    healthBody = UNHEALTHY;
    healthStatus = 200;
    expect(await probe("harbor_health", `http://127.0.0.1:${harborPort}/api/v2.0/health`)).toBe(0);
  });

  test("fails the health probe on an error status", async () => {
    healthBody = HEALTHY;
    healthStatus = 503;
    expect(await probe("harbor_health", `http://127.0.0.1:${harborPort}/api/v2.0/health`)).toBe(0);
  });

  test("ping passes on Pong, fails on a path that is not Harbor's", async () => {
    expect(await probe("harbor_ping", `http://127.0.0.1:${harborPort}/api/v2.0/ping`)).toBe(1);
    expect(await probe("harbor_ping", `http://127.0.0.1:${harborPort}/nothing`)).toBe(0);
  });

  test("fails the TLS ping on plain HTTP", async () => {
    expect(await probe("harbor_ping_tls", `http://127.0.0.1:${harborPort}/api/v2.0/ping`)).toBe(0);
  });
});
