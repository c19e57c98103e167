import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { PolicyConfig, SiteConfig, SiteRole, StateBackendConfig } from "../config/platform-config";
import { HarborProvider } from "../constructs/providers/harbor";
import {
  HarborReplicationPair,
  SiteReplication,
  repositoryFilterForProjects,
} from "../constructs/replication";
import { configureStateBackend } from "./backend";
import { siteHarborProvider } from "./harbor-config-stack";

export interface HarborReplicationStackProps {
  readonly region: string;
  readonly role: SiteRole;
  /** The site this stack configures. */
  readonly site: SiteConfig;
  /** The other site: endpoint target, push destination and pull source. */
  readonly peer: SiteConfig;
  readonly policy: PolicyConfig;
  readonly stateBackend?: StateBackendConfig;
  /** Secret of the peer's replicator robot: the shared stack's generated secret, a Terraform expression. */
  readonly replicatorSecret: string;
  /** The site's current Harbor admin password: the platform stack's `adminPassword`. */
  readonly adminPassword: string;
}

/**
 * One site's half of the replication pair: the endpoint for the peer on the peer's pinned https
 * hostname, the event-based push rule and the scheduled compensation pull rule, for the declared
 * projects. Applied after both sites' configuration stacks: Harbor logs in to the peer as the
 * replicator when it creates the endpoint, and replication needs the projects on both sides.
 */
export class HarborReplicationStack extends TerraformStack {
  /** The Harbor provider of this site. */
  readonly harbor: HarborProvider;
  /** This site's half of the replication pair. */
  readonly replication: SiteReplication;

  constructor(scope: Construct, id: string, props: HarborReplicationStackProps) {
    super(scope, id);
    configureStateBackend(this, id, props.region, props.stateBackend);
    const { site, peer, policy } = props;
    this.harbor = siteHarborProvider(this, site, props.adminPassword);
    this.replication = HarborReplicationPair.forSite(this, "replication", {
      site: { name: site.name, url: `https://${site.hostname}`, provider: this.harbor },
      peer: { name: peer.name, url: `https://${peer.hostname}` },
      replicatorSecret: props.replicatorSecret,
      repositoryFilter: repositoryFilterForProjects(policy.projects.map((project) => project.name)),
      compensationSchedule: policy.replicationCompensationSchedule,
      replicateDeletions: policy.replicateDeletions,
    });
  }
}
