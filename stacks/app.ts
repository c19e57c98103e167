import { App } from "cdktf";
import { HarborPlatformConfig, SITE_ROLES, SiteRole } from "../config/platform-config";
import { validateConfig } from "../config/validate-config";
import { GatewayStack } from "./gateway-stack";
import { HarborConfigStack } from "./harbor-config-stack";
import { PlatformStack } from "./platform-stack";
import { SharedStack } from "./shared-stack";

export interface HarborStacks {
  readonly shared: SharedStack;
  readonly platform: Readonly<Record<SiteRole, PlatformStack>>;
  readonly harborConfig: Readonly<Record<SiteRole, HarborConfigStack>>;
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

  const shared = new SharedStack(app, names.shared, { ...common, deploymentName: config.name });
  const platform = {} as Record<SiteRole, PlatformStack>;
  const harborConfig = {} as Record<SiteRole, HarborConfigStack>;
  for (const role of SITE_ROLES) {
    const site = config.sites[role];
    const peer = config.sites[role === "primary" ? "backup" : "primary"];
    platform[role] = new PlatformStack(app, names.platform(role), {
      ...common,
      deploymentName: config.name,
      role,
      site,
      externalUrl,
      tokenSigningKeyPem: shared.tokenSigningKeyPem,
      tokenCertificatePem: shared.tokenCertificatePem,
    });
    harborConfig[role] = new HarborConfigStack(app, names.harborConfig(role), {
      ...common,
      role,
      site,
      peer,
      policy: config.policy,
    });
    harborConfig[role].addDependency(platform[role]);
  }
  const gateway = new GatewayStack(app, names.gateway, {
    ...common,
    gateway: config.gateway,
    sites: config.sites,
  });
  return { shared, platform, harborConfig, gateway };
}
