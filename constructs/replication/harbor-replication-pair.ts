import { Construct } from "constructs";
import { HarborProvider } from "../providers/harbor";
import { ReplicationOptions, ReplicationSite, replicationProblems } from "./replication-plan";
import { SiteReplication } from "./site-replication";

/** One site of a {@link HarborReplicationPair}: where it is reached, and the provider managing it. */
export interface HarborReplicationPairSite extends ReplicationSite {
  /** The Harbor provider of this site. */
  readonly provider: HarborProvider;
}

/** Props of {@link HarborReplicationPair}. */
export interface HarborReplicationPairProps extends ReplicationOptions {
  /** The two sites; each gets an endpoint for the other and both rule kinds. */
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
 * Use it when both sites' providers live in one stack. With one configuration stack per site (as
 * `stacks/harbor-config-stack.ts` does), call {@link HarborReplicationPair.forSite} in each stack
 * with the same options: it creates exactly the half that `new HarborReplicationPair` would create
 * on that site.
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
   * The half of the pair that lives on `site` (pointing at `peer`), for deployments with one stack
   * per site. Give both sites' calls the same options and secret.
   */
  static forSite(
    scope: Construct,
    id: string,
    props: ReplicationOptions & {
      readonly site: HarborReplicationPairSite;
      readonly peer: ReplicationSite;
      readonly replicatorSecret: string;
    },
  ): SiteReplication {
    const { site, ...rest } = props;
    return new SiteReplication(scope, id, {
      ...rest,
      provider: site.provider,
      site: { name: site.name, url: site.url },
    });
  }

  /** The two halves, in the order of `sites`; each is named after its site. */
  readonly halves: readonly [SiteReplication, SiteReplication];

  constructor(scope: Construct, id: string, props: HarborReplicationPairProps) {
    super(scope, id);
    const [a, b] = props.sites;
    replicationProblems(this.node.path, [a, b], props).throwIfAny(
      `invalid HarborReplicationPair ${this.node.path}`,
    );
    const { sites: _sites, ...options } = props;
    this.halves = [
      HarborReplicationPair.forSite(this, a.name, { ...options, site: a, peer: b }),
      HarborReplicationPair.forSite(this, b.name, { ...options, site: b, peer: a }),
    ];
  }
}
