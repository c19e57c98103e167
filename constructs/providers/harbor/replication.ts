import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import {
  HARBOR_FILTER_DECORATIONS,
  HARBOR_REPLICATION_ACTIONS,
  HARBOR_REPLICATION_RESOURCES,
} from "../../lib/harbor-rules";
import { checkReplicationDeletion, checkReplicationSchedule } from "../../lib/harbor-schedule";
import { checkIntegerRange, checkOneOf, checkUnlimitedOrAtLeast } from "../../lib/value-checks";
import { tf } from "../attributes";
import { ConfigProblems, known, knownList, ResourceAttributes, TypedResource } from "../typed-resource";
import { HARBOR_PROVIDER } from "./provider";

/**
 * One `filters` block. Set exactly one of `name`, `tag`, `labels` or `resource`: if a block sets
 * several, the provider silently keeps only the last. Filters are never read back from Harbor.
 */
export interface HarborReplicationFilter {
  /** Repository name pattern (doublestar), e.g. `library/**`. @default - unset */
  readonly name?: string;
  /** Tag pattern, e.g. `v*` or `{latest,stable}`. @default - unset */
  readonly tag?: string;
  /** Label names; Harbor matches only global (system) labels. @default - unset */
  readonly labels?: string[];
  /** Artifact type: `image`, `artifact` or `chart`. @default - unset */
  readonly resource?: string;
  /** `matches` or `excludes`; only for `tag` and `labels`. @default - "matches" */
  readonly decoration?: string;
}

/** Config of {@link HarborReplication} (`harbor_replication`). */
export interface HarborReplicationConfig extends TerraformMetaArguments {
  /** Policy name. */
  readonly name: string;
  /** `push` (to the registry) or `pull` (from it). **ForceNew**. */
  readonly action: string;
  /** The remote's `HarborRegistry.registryId`. */
  readonly registryId: number;
  /**
   * `manual`, `event_based` (on every push/delete) or a 6-field cron with seconds first and
   * seconds 0, e.g. `0 *\/10 * * * *`.
   * @default "manual"
   */
  readonly schedule?: string;
  /** @default true */
  readonly enabled?: boolean;
  /** Replicate deletions too; only honoured with `schedule: "event_based"`. @default false */
  readonly deletion?: boolean;
  /** Never read back. @default - none */
  readonly description?: string;
  /** Destination project. @default - keep the source path */
  readonly destNamespace?: string;
  /**
   * Flattening of the source path under `destNamespace`: -1 all levels, 0 none, 1–3 that many
   * levels (Harbor's UI default is 1).
   * @default 0
   */
  readonly destNamespaceReplace?: number;
  /** Overwrite artifacts of the same name at the destination. @default true */
  readonly override?: boolean;
  /** Copy blobs in chunks (Harbor to Harbor). @default false */
  readonly copyByChunk?: boolean;
  /** Run at most one execution at a time. @default false */
  readonly singleActiveReplication?: boolean;
  /** Bandwidth cap per execution in Kbps; -1 is unlimited. Never read back. @default -1 */
  readonly speed?: number;
  /** Also start an execution after each create or update (provider-side switch). @default false */
  readonly executeOnChanged?: boolean;
  /** Filters; all must match. @default - replicate everything */
  readonly filters?: HarborReplicationFilter[];
}

const ATTRIBUTES: ResourceAttributes<HarborReplicationConfig> = {
  name: tf.string("name"),
  action: tf.string("action"),
  registryId: tf.number("registry_id"),
  schedule: tf.string("schedule"),
  enabled: tf.boolean("enabled"),
  deletion: tf.boolean("deletion"),
  description: tf.string("description"),
  destNamespace: tf.string("dest_namespace"),
  destNamespaceReplace: tf.number("dest_namespace_replace"),
  override: tf.boolean("override"),
  copyByChunk: tf.boolean("copy_by_chunk"),
  singleActiveReplication: tf.boolean("single_active_replication"),
  speed: tf.number("speed"),
  executeOnChanged: tf.boolean("execute_on_changed"),
  filters: tf.blockSet<HarborReplicationFilter>("filters", {
    name: tf.string("name"),
    tag: tf.string("tag"),
    labels: tf.stringList("labels"),
    resource: tf.string("resource"),
    decoration: tf.string("decoration"),
  }),
};

/**
 * A replication policy (`harbor_replication`).
 *
 * @example
 * // push every new image to the peer at once, and pull back what landed there while we were down
 * new HarborReplication(stack, "push", {
 *   provider: primary, name: "push-to-backup", action: "push", registryId: peer.registryId,
 *   schedule: "event_based", deletion: true, filters: [{ name: "**" }],
 * });
 * new HarborReplication(stack, "pull", {
 *   provider: primary, name: "pull-from-backup", action: "pull", registryId: peer.registryId,
 *   schedule: "0 *\/10 * * * *", override: false, filters: [{ name: "**" }],
 * });
 */
export class HarborReplication extends TypedResource<HarborReplicationConfig> {
  static readonly tfResourceType = "harbor_replication";

  constructor(scope: Construct, id: string, config: HarborReplicationConfig) {
    super(scope, id, HarborReplication.tfResourceType, HARBOR_PROVIDER, config, ATTRIBUTES);
    const problems = new ConfigProblems(this, HarborReplication.tfResourceType);
    checkOneOf(problems, problems.at("action"), known(config.action), HARBOR_REPLICATION_ACTIONS);
    const schedule = known(config.schedule);
    if (
      checkReplicationSchedule(problems, problems.at("schedule"), schedule) &&
      config.schedule === schedule
    ) {
      checkReplicationDeletion(problems, problems.at("deletion"), known(config.deletion), schedule);
    }
    const replace = known(config.destNamespaceReplace);
    checkIntegerRange(problems, problems.at("destNamespaceReplace"), replace, -1, 3);
    checkUnlimitedOrAtLeast(problems, problems.at("speed"), known(config.speed), 1, "unlimited", "Kbps");
    (knownList(config.filters) ?? []).forEach((filter, index) => {
      const at = problems.at(`filters[${index}]`);
      const kinds = (["name", "tag", "labels", "resource"] as const).filter(
        (kind) => filter[kind] !== undefined,
      );
      problems.check(
        kinds.length === 1,
        at,
        filter,
        "exactly one of name, tag, labels or resource per filter block (the provider keeps only the last one set)",
      );
      checkOneOf(problems, `${at}.resource`, known(filter.resource), HARBOR_REPLICATION_RESOURCES);
      if (checkOneOf(problems, `${at}.decoration`, known(filter.decoration), HARBOR_FILTER_DECORATIONS)) {
        problems.check(
          filter.decoration === undefined || filter.tag !== undefined || filter.labels !== undefined,
          `${at}.decoration`,
          filter.decoration,
          "only with a tag or labels filter",
        );
      }
    });
    problems.throwIfInvalid();
  }

  /** `/replication/policies/<n>`. */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /** Numeric policy id. */
  get replicationPolicyId(): number {
    return this.getNumberAttribute("replication_policy_id");
  }
}
