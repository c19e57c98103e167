import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { SiteConfig, SiteRole, StateBackendConfig } from "../config/platform-config";
import { configureStateBackend } from "./backend";
import { kubernetesProviders } from "./kubernetes-providers";

export interface PlatformStackProps {
  readonly deploymentName: string;
  readonly region: string;
  readonly role: SiteRole;
  readonly site: SiteConfig;
  /** `https://<gateway hostname>`: Harbor's externalURL on both sites. */
  readonly externalUrl: string;
  /** Shared token signing key (PEM), a cross-stack reference to the shared stack. */
  readonly tokenSigningKeyPem: string;
  /** Certificate of the shared token key (PEM). */
  readonly tokenCertificatePem: string;
  readonly stateBackend?: StateBackendConfig;
}

/**
 * One Harbor site's infrastructure: retained disks, namespace, secrets and the Harbor release.
 */
export class PlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    configureStateBackend(this, id, props.region, props.stateBackend);
    kubernetesProviders(this, props.site.kubernetes, { helm: true });
  }
}
