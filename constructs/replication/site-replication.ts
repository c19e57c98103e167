import { Token } from "cdktf";
import { Construct } from "constructs";
import { HarborProvider, HarborRegistry, HarborReplication, HarborRobotAccount } from "../providers/harbor";
import { systemRobotAccount } from "../policy/robot-account";
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
   * Secret of the replicator robot, as a Terraform expression (a `random_password` result shared
   * by both sites, or a sensitive variable). The robot created here gets it, and this site's
   * endpoint logs in to the peer with it, so both halves must be given the same value.
   */
  readonly replicatorSecret: string;
}

/**
 * One site's half of a replication pair: an endpoint for the peer (reached on its pinned https
 * hostname), a push rule that copies every push to the peer at once, a scheduled pull rule that
 * brings back what the peer received while this site was down, and the `replicator` robot the
 * peer logs in as. The other site gets the mirror image (see {@link HarborReplicationPair}).
 *
 * @example
 * new SiteReplication(primaryConfigStack, "replication", {
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
  /** The login the peer's endpoint uses on this site, `robot$replicator`. */
  readonly replicatorLogin: string;
  /** Escape hatch: the endpoint for the peer. */
  readonly peerEndpoint: HarborRegistry;
  /** Escape hatch: the event-based push rule. */
  readonly pushRule: HarborReplication;
  /** Escape hatch: the scheduled compensation pull rule. */
  readonly pullRule: HarborReplication;
  /** Escape hatch: the robot the peer logs in as. */
  readonly replicator: HarborRobotAccount;

  constructor(scope: Construct, id: string, props: SiteReplicationProps) {
    super(scope, id);
    const problems = replicationProblems(this.node.path, [props.site, props.peer], props);
    if (!Token.isUnresolved(props.replicatorSecret)) {
      problems.add(
        `${this.node.path}: replicatorSecret`,
        typeof props.replicatorSecret === "string"
          ? `(a literal of ${props.replicatorSecret.length} characters)`
          : props.replicatorSecret,
        "a Terraform expression (random_password result or sensitive variable): a literal would be written to cdk.tf.json",
      );
    }
    problems.throwIfAny(`invalid SiteReplication ${this.node.path}`);

    this.plan = planSiteReplication(props.site, props.peer, props);
    const { provider } = props;
    this.replicator = systemRobotAccount(
      this,
      "replicator",
      provider,
      this.plan.replicator,
      props.replicatorSecret,
    );
    this.replicatorLogin = this.plan.endpoint.accessId;
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
    });
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
  return new HarborReplication(scope, id, {
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
}
