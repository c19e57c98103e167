import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NginxGatewayConfigProps } from "../../../constructs/gateway/gateway-settings";
import { renderNginxConfig } from "../../../constructs/gateway/render-nginx-config";
import { generateSelfSignedCert, TlsFiles } from "../support/certs";
import { createNginxPrefix, testNginxConfig } from "../support/nginx";
import { renderFieldReportConfig } from "./baseline-configs";
import { layoutFor, ourGatewayProps } from "./lab";

// nginx -t resolves upstream names, so the matrix uses addresses that resolve on any machine.
const matrix: Record<string, NginxGatewayConfigProps> = {
  defaults: ourGatewayProps("127.0.0.1:5001", "127.0.0.1:5002"),
  "no pinned hostnames": {
    hostname: "registry.test",
    primary: { name: "primary", upstream: "127.0.0.1:5001" },
    backup: { name: "backup", upstream: "127.0.0.1:5002" },
  },
  "one pinned hostname, hyphenated site names, localhost and IPv6 upstreams": {
    hostname: "registry.test",
    primary: { name: "hz-a", upstream: "localhost:5001", hostname: "hz-a.registry.test" },
    backup: { name: "hz-b", upstream: "[::1]:5002" },
  },
  "every tunable at its lowest": {
    ...ourGatewayProps("127.0.0.1:5001", "127.0.0.1:5002"),
    connectTimeoutSec: 1,
    pullReadTimeoutSec: 1,
    apiReadTimeoutSec: 1,
    uploadTimeoutSec: 1,
    failoverTimeoutSec: 3,
    maxFails: 1,
    failTimeoutSec: 1,
    upstreamKeepaliveConnections: 1,
    workerProcesses: 1,
    workerConnections: 64,
    hstsMaxAgeSec: 0,
  },
  "every tunable at its highest": {
    ...ourGatewayProps("127.0.0.1:5001", "127.0.0.1:5002"),
    connectTimeoutSec: 75,
    pullReadTimeoutSec: 300,
    apiReadTimeoutSec: 3600,
    uploadTimeoutSec: 86400,
    failoverTimeoutSec: 3600,
    maxFails: 100,
    failTimeoutSec: 3600,
    upstreamKeepaliveConnections: 1024,
    workerProcesses: 64,
    workerConnections: 65536,
    hstsMaxAgeSec: 63072000,
  },
};

describe("nginx -t on rendered configs", () => {
  let root: string;
  let tls: TlsFiles;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "gateway-nginx-t-"));
    tls = generateSelfSignedCert(root, { dnsNames: ["registry.test"] });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function layout() {
    const prefix = createNginxPrefix(root);
    return { prefix, layout: layoutFor(prefix, 18443, 18080, tls) };
  }

  test.each(Object.entries(matrix))("accepts %s", async (_name, props) => {
    const { prefix, layout: l } = layout();
    const verdict = await testNginxConfig(renderNginxConfig(props, l), prefix);
    expect(verdict.output).toContain("test is successful");
    expect(verdict.ok).toBe(true);
  });

  test("fails a rendered config with one directive broken (the check can fail)", async () => {
    const { prefix, layout: l } = layout();
    const broken = renderNginxConfig(matrix.defaults, l).replace(
      "proxy_next_upstream_tries 2;",
      "proxy_next_upstream_tries two;",
    );
    const verdict = await testNginxConfig(broken, prefix);
    expect(verdict.ok).toBe(false);
    expect(verdict.output).toMatch(/\[emerg\].*proxy_next_upstream_tries/);
  });

  test("passes the field report's config as written too (its failure shows only at handshake time)", async () => {
    const { prefix, layout: l } = layout();
    const verdict = await testNginxConfig(
      renderFieldReportConfig({ primary: "127.0.0.1:5001", backup: "127.0.0.1:5002" }, l, false),
      prefix,
    );
    expect(verdict.ok).toBe(true);
  });
});
