import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderNginxConfig } from "../../../constructs/gateway/render-nginx-config";
import { generateSelfSignedCert } from "../support/certs";
import { createNginxPrefix, startNginx } from "../support/nginx";
import { freePorts } from "../support/ports";
import { ProcessGroup } from "../support/processes";
import { tlsHandshake, TlsProtocolFlag } from "../support/tls-probe";
import { renderFieldReportConfig } from "./baseline-configs";
import { layoutFor, MAIN_HOSTNAME, ourGatewayProps } from "./lab";

function handshake(port: number, protocol: TlsProtocolFlag) {
  return tlsHandshake(port, protocol, MAIN_HOSTNAME);
}

describe("TLS offered by the gateway", () => {
  const group = new ProcessGroup();
  let root: string;
  const ports = { ours: 0, fieldAsWritten: 0, fieldAdapted: 0 };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "gateway-tls-"));
    const tls = generateSelfSignedCert(root, { dnsNames: [MAIN_HOSTNAME], ipAddresses: ["127.0.0.1"] });
    const [ours, oursHttp, asWritten, asWrittenHttp, adapted, adaptedHttp] = await freePorts(6);
    Object.assign(ports, { ours, fieldAsWritten: asWritten, fieldAdapted: adapted });
    // No upstream is contacted by a handshake; the addresses only have to parse.
    const upstreams = { primary: "127.0.0.1:9", backup: "127.0.0.1:10" };
    const start = async (
      label: string,
      port: number,
      httpPort: number,
      render: (l: ReturnType<typeof layoutFor>) => string,
    ) => {
      const prefix = createNginxPrefix(root, label);
      await startNginx(group, prefix, render(layoutFor(prefix, port, httpPort, tls)), port, label);
    };
    await start("ours", ours, oursHttp, (l) =>
      renderNginxConfig(ourGatewayProps(upstreams.primary, upstreams.backup), l),
    );
    await start("field-as-written", asWritten, asWrittenHttp, (l) =>
      renderFieldReportConfig(upstreams, l, false),
    );
    await start("field-adapted", adapted, adaptedHttp, (l) => renderFieldReportConfig(upstreams, l, true));
  });

  afterAll(async () => {
    await group.stopAll();
    rmSync(root, { recursive: true, force: true });
  });

  test("refuses TLS 1.0 and TLS 1.1", async () => {
    expect(await handshake(ports.ours, "tls1")).toEqual({ ok: false });
    expect(await handshake(ports.ours, "tls1_1")).toEqual({ ok: false });
  });

  test("accepts TLS 1.2 with a forward-secret AEAD suite, and TLS 1.3", async () => {
    const tls12 = await handshake(ports.ours, "tls1_2");
    expect(tls12).toMatchObject({ ok: true, protocol: "TLSv1.2" });
    expect(tls12.cipher).toMatch(/^ECDHE-.*(GCM|CHACHA20)/);
    expect(await handshake(ports.ours, "tls1_3")).toMatchObject({ ok: true, protocol: "TLSv1.3" });
  });

  test("control: the same probe sees the field report's adapted config accept TLS 1.0 (and nothing newer)", async () => {
    expect(await handshake(ports.fieldAdapted, "tls1")).toMatchObject({ ok: true, protocol: "TLSv1.0" });
    expect(await handshake(ports.fieldAdapted, "tls1_2")).toEqual({ ok: false });
  });

  test("the field report's config as written serves no handshake at all on OpenSSL 3", async () => {
    for (const protocol of ["tls1", "tls1_1", "tls1_2", "tls1_3"] as const) {
      expect(await handshake(ports.fieldAsWritten, protocol)).toEqual({ ok: false });
    }
  });
});
