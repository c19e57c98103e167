import { App } from "cdktf";
import { HarborPlatformConfig, SITE_ROLES, SiteRole } from "../config/platform-config";
import { validateConfig } from "../config/validate-config";
import { DEFAULT_REPLICATOR_ROBOT_NAME } from "../constructs/replication/replication-plan";
import { GatewayStack } from "./gateway-stack";
import { HarborConfigStack, robotNamesOf } from "./harbor-config-stack";
import { HarborReplicationStack } from "./harbor-replication-stack";
import { PlatformStack } from "./platform-stack";
import { SharedStack } from "./shared-stack";

export interface HarborStacks {
  readonly shared: SharedStack;
  readonly platform: Readonly<Record<SiteRole, PlatformStack>>;
  readonly harborConfig: Readonly<Record<SiteRole, HarborConfigStack>>;
  readonly harborReplication: Readonly<Record<SiteRole, HarborReplicationStack>>;
  readonly gateway: GatewayStack;
}

/**
 * Stack names, a contract: each is the key of the stack's state, so renaming one orphans its state.
 */
export function stackNames(config: Pick<HarborPlatformConfig, "name" | "sites">) {
  return {
    shared: `${config.name}-shared`,
    gateway: `${config.name}-gateway`,
    platform: (role: SiteRole) => `${config.name}-${config.sites[role].name}-platform`,
    harborConfig: (role: SiteRole) => `${config.name}-${config.sites[role].name}-config`,
    harborReplication: (role: SiteRole) => `${config.name}-${config.sites[role].name}-replication`,
  };
}

/**
 * Builds every stack of one deployment into `app`. The configuration is validated first, so a bad
 * configuration fails with the complete list of problems before any construct exists.
 */
export function buildHarborApp(app: App, config: HarborPlatformConfig): HarborStacks {
  validateConfig(config);
  const names = stackNames(config);
  const common = { region: config.region, stateBackend: config.stateBackend };
  const externalUrl = `https://${config.gateway.hostname}`;

  const robotNames = robotNamesOf(config.policy);
  const shared = new SharedStack(app, names.shared, { ...common, deploymentName: config.name, robotNames });
  const robotSecrets = Object.fromEntries(
    robotNames.map((name) => [name, shared.robotSecrets.secretOf(name)]),
  );
  const platform = {} as Record<SiteRole, PlatformStack>;
  const harborConfig = {} as Record<SiteRole, HarborConfigStack>;
  for (const role of SITE_ROLES) {
    const site = config.sites[role];
    platform[role] = new PlatformStack(app, names.platform(role), {
      ...common,
      deploymentName: config.name,
      role,
      site,
      externalUrl,
      tokenSigningKeyPem: shared.tokenSigningKeyPem,
      tokenCertificatePem: shared.tokenCertificatePem,
      diskSnapshots: config.diskSnapshots,
      alerting: config.alerting,
      backup: config.backup,
    });
    harborConfig[role] = new HarborConfigStack(app, names.harborConfig(role), {
      ...common,
      role,
      site,
      policy: config.policy,
      robotSecrets,
      adminPassword: platform[role].adminPassword,
    });
    harborConfig[role].addDependency(platform[role]);
  }
  const gateway = new GatewayStack(app, names.gateway, {
    ...common,
    gateway: config.gateway,
    sites: config.sites,
  });
  for (const role of SITE_ROLES) {
    // nginx resolves each site's `harbor` Service when it starts (static upstream servers): a
    // gateway applied before a site's release would crash-loop on `host not found in upstream`.
    gateway.addDependency(platform[role]);
    // The Harbor providers reach each site through its pinned hostname on the gateway.
    harborConfig[role].addDependency(gateway);
  }

  // Replication comes last: each endpoint is health-checked with the peer's replicator login at
  // creation, and pushes need the peer's projects, so both sites' configuration comes first.
  const harborReplication = {} as Record<SiteRole, HarborReplicationStack>;
  for (const role of SITE_ROLES) {
    const peerRole = role === "primary" ? "backup" : "primary";
    harborReplication[role] = new HarborReplicationStack(app, names.harborReplication(role), {
      ...common,
      role,
      site: config.sites[role],
      peer: config.sites[peerRole],
      policy: config.policy,
      replicatorSecret: robotSecrets[DEFAULT_REPLICATOR_ROBOT_NAME],
      adminPassword: platform[role].adminPassword,
    });
    harborReplication[role].addDependency(harborConfig[role]);
    harborReplication[role].addDependency(harborConfig[peerRole]);
  }
  return { shared, platform, harborConfig, harborReplication, gateway };
}
