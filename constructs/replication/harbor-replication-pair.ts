import { Construct } from "constructs";
import { HarborProvider } from "../providers/harbor";
import { ReplicationIdentity } from "./replication-identity";
import { ReplicationOptions, ReplicationSite, replicationProblems } from "./replication-plan";
import { SiteReplication } from "./site-replication";

/** One site of a {@link HarborReplicationPair}: where it is reached, and the provider managing it. */
export interface HarborReplicationPairSite extends ReplicationSite {
  /** The Harbor provider of this site. */
  readonly provider: HarborProvider;
}

/** Props of {@link HarborReplicationPair}. */
export interface HarborReplicationPairProps extends ReplicationOptions {
  /** The two sites; each gets an endpoint for the other, both rule kinds and a replicator robot. */
  readonly sites: readonly [HarborReplicationPairSite, HarborReplicationPairSite];
  /**
   * Secret of the `replicator` robot on both sites, as a Terraform expression (e.g. a
   * `random_password` result). One secret for both: each site's endpoint logs in to the other.
   */
  readonly replicatorSecret: string;
}

/**
 * Mutual replication between two Harbor sites: on each site an endpoint for the other (its pinned
 * https hostname, never the failover hostname), a push rule on every push event, a compensation
 * pull rule on a cron, and the `replicator` robot the other site logs in as. Both halves are
 * rendered from one spec with the sites swapped, so they mirror each other by construction.
 *
 * Use it when both sites' providers live in one stack: each endpoint waits for the peer's robot.
 * With one stack per site and phase (as `stacks/` does), create {@link ReplicationIdentity} on
 * each site first, then {@link HarborReplicationPair.forSite} on each site with the same options.
 *
 * @example
 * new HarborReplicationPair(stack, "replication", {
 *   sites: [
 *     { name: "hz-h", url: "https://harbor-hz-h.registry.example.com", provider: primaryHarbor },
 *     { name: "hz-i", url: "https://harbor-hz-i.registry.example.com", provider: backupHarbor },
 *   ],
 *   replicatorSecret: replicatorPassword.result,
 *   repositoryFilter: "{library,ci}/**",
 *   compensationSchedule: "0 *\/10 * * * *",
 * });
 */
export class HarborReplicationPair extends Construct {
  /**
   * The links of the pair that live on `site` (endpoint for `peer`, push and pull rule), for
   * deployments with one stack per site. Give both sites' calls the same options and secret.
   */
  static forSite(
    scope: Construct,
    id: string,
    props: ReplicationOptions & {
      readonly site: HarborReplicationPairSite;
      readonly peer: ReplicationSite;
      readonly replicatorSecret: string;
      readonly peerIdentity?: ReplicationIdentity;
    },
  ): SiteReplication {
    const { site, ...rest } = props;
    return new SiteReplication(scope, id, {
      ...rest,
      provider: site.provider,
      site: { name: site.name, url: site.url },
    });
  }

  /** The replicator robots, in the order of `sites`. */
  readonly identities: readonly [ReplicationIdentity, ReplicationIdentity];
  /** The two halves, in the order of `sites`. */
  readonly halves: readonly [SiteReplication, SiteReplication];

  constructor(scope: Construct, id: string, props: HarborReplicationPairProps) {
    super(scope, id);
    const [a, b] = props.sites;
    replicationProblems(this.node.path, [a, b], props).throwIfAny(
      `invalid HarborReplicationPair ${this.node.path}`,
    );
    const { sites: _sites, replicatorSecret, ...options } = props;
    const identity = (site: HarborReplicationPairSite) =>
      new ReplicationIdentity(this, `${site.name}-identity`, {
        provider: site.provider,
        secret: replicatorSecret,
        replicatorRobotName: options.replicatorRobotName,
        replicateDeletions: options.replicateDeletions,
      });
    this.identities = [identity(a), identity(b)];
    this.halves = [
      HarborReplicationPair.forSite(this, a.name, {
        ...options,
        replicatorSecret,
        site: a,
        peer: b,
        peerIdentity: this.identities[1],
      }),
      HarborReplicationPair.forSite(this, b.name, {
        ...options,
        replicatorSecret,
        site: b,
        peer: a,
        peerIdentity: this.identities[0],
      }),
    ];
  }
}
