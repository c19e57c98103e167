import { Construct } from "constructs";
import { pinAddress } from "../guardrails/stable-address";
import { harborObjectAddress } from "../lib/naming";
import { HarborProvider, HarborRegistry, HarborReplication } from "../providers/harbor";
import { ReplicationIdentity, checkSecretExpression } from "./replication-identity";
import {
  ReplicationOptions,
  ReplicationRuleSpec,
  ReplicationSite,
  SiteReplicationPlan,
  planSiteReplication,
  replicationProblems,
} from "./replication-plan";

/** Props of {@link SiteReplication}: the pair's spec, seen from one site. */
export interface SiteReplicationProps extends ReplicationOptions {
  /** The Harbor provider of `site`: everything is created on this site. */
  readonly provider: HarborProvider;
  /** The site this half lives on. */
  readonly site: ReplicationSite;
  /** The other site: target of the push rule, source of the pull rule. */
  readonly peer: ReplicationSite;
  /**
   * Secret of the peer's replicator robot, as a Terraform expression (a `random_password` result
   * shared by both sites, or a sensitive variable). This site's endpoint logs in to the peer with it.
   */
  readonly replicatorSecret: string;
  /**
   * The peer's replicator, when it is created in the same Terraform configuration: the endpoint
   * then waits for it (Harbor logs in to the peer when the endpoint is created).
   * @default - the peer's replicator is created by a stack applied before this one
   */
  readonly peerIdentity?: ReplicationIdentity;
}

/**
 * One site's half of a replication pair: an endpoint for the peer (reached on its pinned https
 * hostname), a push rule that copies every push to the peer at once, and a scheduled pull rule
 * that brings back what the peer received while this site was down. The peer holds the mirror
 * image (see {@link HarborReplicationPair}); the `replicator` robot this endpoint logs in as is a
 * {@link ReplicationIdentity} on the peer and must exist before this half is applied.
 *
 * Addresses come from the objects' identity, not the construct path: the provider's alias (this
 * site) and the peer or rule name, e.g. `harbor_registry.endpoint_hz-h_hz-i`,
 * `harbor_replication.replication_hz-h_push-to-hz-i`, `replication_hz-h_pull-from-hz-i`.
 *
 * @example
 * new SiteReplication(primaryReplicationStack, "replication", {
 *   provider: primaryHarbor,
 *   site: { name: "hz-h", url: "https://harbor-hz-h.registry.example.com" },
 *   peer: { name: "hz-i", url: "https://harbor-hz-i.registry.example.com" },
 *   replicatorSecret: replicatorSecretFromSharedStack,
 *   repositoryFilter: "{library,ci}/**",
 * });
 */
export class SiteReplication extends Construct {
  /** Everything this half creates, as plain data. */
  readonly plan: SiteReplicationPlan;
  /** Escape hatch: the endpoint for the peer. */
  readonly peerEndpoint: HarborRegistry;
  /** Escape hatch: the event-based push rule. */
  readonly pushRule: HarborReplication;
  /** Escape hatch: the scheduled compensation pull rule. */
  readonly pullRule: HarborReplication;

  constructor(scope: Construct, id: string, props: SiteReplicationProps) {
    super(scope, id);
    const problems = replicationProblems(this.node.path, [props.site, props.peer], props);
    checkSecretExpression(problems, `${this.node.path}: replicatorSecret`, props.replicatorSecret);
    problems.throwIfAny(`invalid SiteReplication ${this.node.path}`);

    this.plan = planSiteReplication(props.site, props.peer, props);
    const { provider } = props;
    const endpoint = this.plan.endpoint;
    this.peerEndpoint = new HarborRegistry(this, "peer-endpoint", {
      provider,
      providerName: endpoint.providerName,
      name: endpoint.name,
      description: endpoint.description,
      endpointUrl: endpoint.url,
      accessId: endpoint.accessId,
      accessSecret: props.replicatorSecret,
      insecure: endpoint.insecure,
      dependsOn: props.peerIdentity ? [props.peerIdentity.robot] : undefined,
    });
    pinAddress(this.peerEndpoint, harborObjectAddress("endpoint", provider.alias, props.peer.name));
    this.pushRule = replicationRule(this, "push", provider, this.peerEndpoint, this.plan.push);
    this.pullRule = replicationRule(this, "pull", provider, this.peerEndpoint, this.plan.pull);
  }
}

function replicationRule(
  scope: Construct,
  id: string,
  provider: HarborProvider,
  endpoint: HarborRegistry,
  rule: ReplicationRuleSpec,
): HarborReplication {
  const replication = new HarborReplication(scope, id, {
    provider,
    name: rule.name,
    description: rule.description,
    action: rule.action,
    registryId: endpoint.registryId,
    schedule: rule.schedule,
    deletion: rule.deletion,
    override: rule.override,
    speed: rule.speedKbps,
    singleActiveReplication: rule.singleActiveReplication,
    enabled: true,
    filters: rule.filters.map((filter) => ({ ...filter })),
  });
  pinAddress(replication, harborObjectAddress("replication", provider.alias, rule.name));
  return replication;
}
