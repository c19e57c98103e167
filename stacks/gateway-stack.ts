import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { GatewayConfig, SiteConfig, SiteRole, StateBackendConfig } from "../config/platform-config";
import { configureStateBackend } from "./backend";
import { kubernetesProviders } from "./kubernetes-providers";

export interface GatewayStackProps {
  readonly region: string;
  readonly gateway: GatewayConfig;
  readonly sites: Readonly<Record<SiteRole, SiteConfig>>;
  readonly stateBackend?: StateBackendConfig;
}

/** The nginx failover gateway in front of both sites. */
export class GatewayStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: GatewayStackProps) {
    super(scope, id);
    configureStateBackend(this, id, props.region, props.stateBackend);
    kubernetesProviders(this, props.gateway.kubernetes, { helm: false });
  }
}
