import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NginxGatewayConfigProps } from "../../../constructs/gateway/gateway-settings";
import { NginxRuntimeLayout, renderNginxConfig } from "../../../constructs/gateway/render-nginx-config";
import { generateSelfSignedCert, TlsFiles } from "../support/certs";
import { httpRequest } from "../support/http";
import { renderStartScript, StartScriptPaths } from "../../../constructs/gateway/render-start-script";
import { createNginxPrefix, NginxPrefix, startGatewayNginx, startNginx } from "../support/nginx";
import { freePorts } from "../support/ports";
import { ManagedProcess, ProcessGroup } from "../support/processes";
import { buildTestImage, pushImage, TestImage } from "../support/registry-client";
import { startRegistry, TestRegistry } from "../support/registry";
import { renderBareTlsProxyConfig, renderFieldReportConfig } from "./baseline-configs";

/** The gateways a lab can run side by side in front of the same two registries. */
export type GatewayKind = "ours" | "field-report" | "bare-proxy";

export const MAIN_HOSTNAME = "registry.test";
export const PRIMARY_HOSTNAME = "primary.registry.test";
export const BACKUP_HOSTNAME = "backup.registry.test";

export interface LabGateway {
  readonly kind: GatewayKind;
  readonly port: number;
  readonly httpPort: number;
  readonly baseUrl: string;
  readonly agent: https.Agent;
  readonly prefix: NginxPrefix;
  readonly config: string;
  readonly process: ManagedProcess;
}

/** Two registries (primary, backup) holding the same image, and gateways in front of them. */
export interface GatewayLab {
  readonly root: string;
  readonly tls: TlsFiles;
  readonly group: ProcessGroup;
  readonly primary: TestRegistry;
  readonly backup: TestRegistry;
  readonly image: TestImage;
  readonly gateways: Partial<Record<GatewayKind, LabGateway>>;
}

export interface LabOptions {
  readonly gateways: readonly GatewayKind[];
  /** Overrides of our gateway's props (sites and hostname are the lab's). */
  readonly props?: Partial<NginxGatewayConfigProps>;
  /** Extra layer of this size in the seeded image, e.g. for throughput runs. */
  readonly largeLayerBytes?: number;
}

export function layoutFor(
  prefix: NginxPrefix,
  httpsPort: number,
  httpPort: number,
  tls: TlsFiles,
): NginxRuntimeLayout {
  return {
    httpsListen: `127.0.0.1:${httpsPort}`,
    httpListen: `127.0.0.1:${httpPort}`,
    pidFile: prefix.pidFile,
    tempDir: prefix.tempDir,
    runDir: prefix.runDir,
    accessLog: prefix.accessLog,
    errorLog: "stderr",
    tlsCertificateFile: tls.certFile,
    tlsCertificateKeyFile: tls.keyFile,
  };
}

/** Where the lab's start script finds the rendered config: the prefix's config file. */
export function startScriptPathsFor(prefix: NginxPrefix): StartScriptPaths {
  return { templateFile: prefix.configFile };
}

export function ourGatewayProps(
  primary: string,
  backup: string,
  overrides: Partial<NginxGatewayConfigProps> = {},
): NginxGatewayConfigProps {
  return {
    hostname: MAIN_HOSTNAME,
    primary: { name: "primary", upstream: primary, hostname: PRIMARY_HOSTNAME },
    backup: { name: "backup", upstream: backup, hostname: BACKUP_HOSTNAME },
    ...overrides,
  };
}

/** A keepalive agent that trusts the lab's certificate; the field report's gateway only speaks TLS 1.0. */
export function agentFor(kind: GatewayKind, tls: TlsFiles): https.Agent {
  const ca = readFileSync(tls.certFile);
  const tls10 =
    kind === "field-report" ? { minVersion: "TLSv1" as const, ciphers: "DEFAULT:@SECLEVEL=0" } : {};
  return new https.Agent({ keepAlive: true, maxSockets: 256, ca, ...tls10 });
}

function renderFor(
  kind: GatewayKind,
  lab: { primary: TestRegistry; backup: TestRegistry },
  layout: NginxRuntimeLayout,
  options: LabOptions,
): string {
  switch (kind) {
    case "ours":
      return renderNginxConfig(
        ourGatewayProps(lab.primary.address, lab.backup.address, options.props),
        layout,
      );
    case "field-report":
      return renderFieldReportConfig(
        { primary: lab.primary.address, backup: lab.backup.address },
        layout,
        true,
      );
    case "bare-proxy":
      return renderBareTlsProxyConfig(lab.primary.address, layout);
  }
}

export async function startLab(options: LabOptions): Promise<GatewayLab> {
  const root = mkdtempSync(join(tmpdir(), "gateway-lab-"));
  const group = new ProcessGroup();
  try {
    const tls = generateSelfSignedCert(root, {
      dnsNames: [MAIN_HOSTNAME, PRIMARY_HOSTNAME, BACKUP_HOSTNAME],
      ipAddresses: ["127.0.0.1"],
    });
    const [primaryPort, backupPort] = await freePorts(2);
    const [primary, backup] = await Promise.all([
      startRegistry(group, join(root, "registry-primary"), "primary", primaryPort),
      startRegistry(group, join(root, "registry-backup"), "backup", backupPort),
    ]);
    const layers = [randomBytes(48 * 1024)];
    if (options.largeLayerBytes) layers.push(randomBytes(options.largeLayerBytes));
    const image = buildTestImage("lab/app", "v1", layers);
    // Replication's job, done by hand: both sites hold the image before any pull.
    await Promise.all([
      pushImage(`http://${primary.address}`, image),
      pushImage(`http://${backup.address}`, image),
    ]);

    const gateways: Partial<Record<GatewayKind, LabGateway>> = {};
    for (const kind of options.gateways) {
      const [port, httpPort] = await freePorts(2);
      const prefix = createNginxPrefix(root, `nginx-${kind}`);
      const layout = layoutFor(prefix, port, httpPort, tls);
      const config = renderFor(kind, { primary, backup }, layout, options);
      // Ours starts as in the pod, through its start script; the baselines start nginx directly.
      const proc =
        kind === "ours"
          ? await startGatewayNginx(
              group,
              prefix,
              config,
              renderStartScript(
                ourGatewayProps(primary.address, backup.address, options.props),
                layout,
                startScriptPathsFor(prefix),
              ),
              port,
              `nginx-${kind}`,
            )
          : await startNginx(group, prefix, config, port, `nginx-${kind}`);
      gateways[kind] = {
        kind,
        port,
        httpPort,
        baseUrl: `https://127.0.0.1:${port}`,
        agent: agentFor(kind, tls),
        prefix,
        config,
        process: proc,
      };
    }
    return { root, tls, group, primary, backup, image, gateways };
  } catch (error) {
    await group.stopAll();
    throw error;
  }
}

export async function stopLab(lab: GatewayLab | undefined): Promise<void> {
  if (!lab) return;
  for (const gateway of Object.values(lab.gateways)) gateway?.agent.destroy();
  await lab.group.stopAll();
  rmSync(lab.root, { recursive: true, force: true });
}

export function gateway(lab: GatewayLab, kind: GatewayKind): LabGateway {
  const found = lab.gateways[kind];
  if (!found) throw new Error(`the lab runs no ${kind} gateway`);
  return found;
}

/** Which registry answered a request through a gateway (the test registries label their responses). */
export async function servedBy(gatewayUnderTest: LabGateway, path = "/v2/"): Promise<string | undefined> {
  const response = await httpRequest(`${gatewayUnderTest.baseUrl}${path}`, {
    agent: gatewayUnderTest.agent,
    timeoutMs: 5000,
  });
  const header = response.headers["x-test-registry"];
  return typeof header === "string" ? header : undefined;
}
