import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { PolicyConfig, SiteConfig, SiteRole, StateBackendConfig } from "../config/platform-config";
import { configureStateBackend } from "./backend";

export interface HarborConfigStackProps {
  readonly region: string;
  readonly role: SiteRole;
  /** The site this stack configures. */
  readonly site: SiteConfig;
  /** The other site: replication endpoint target and source of the compensation pull. */
  readonly peer: SiteConfig;
  readonly policy: PolicyConfig;
  readonly stateBackend?: StateBackendConfig;
}

/**
 * One site's Harbor configuration through the Harbor API: its half of the replication pair and
 * the registry policy. Applied after the site's platform stack.
 */
export class HarborConfigStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: HarborConfigStackProps) {
    super(scope, id);
    configureStateBackend(this, id, props.region, props.stateBackend);
  }
}
