import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import { checkHarborProjectPath } from "../../lib/harbor-rules";
import { checkHarborJobSchedule } from "../../lib/harbor-schedule";
import { ProblemList } from "../../lib/validation";
import { checkWholeNumberAtLeast } from "../../lib/value-checks";
import { tf } from "../attributes";
import { ConfigProblems, known, knownList, ResourceAttributes, TypedResource } from "../typed-resource";
import { HARBOR_PROVIDER } from "./provider";

/**
 * One retention `rule`: exactly one retain condition (`nDaysSinceLastPull`, `nDaysSinceLastPush`,
 * `mostRecentlyPulled`, `mostRecentlyPushed`, `alwaysRetain`), exactly one repository pattern
 * and exactly one tag pattern. Several patterns are written `{a,b}`.
 */
export interface HarborRetentionPolicyRule {
  /** @default false */
  readonly disabled?: boolean;
  /** Retain artifacts pulled within this many days. @default - unset */
  readonly nDaysSinceLastPull?: number;
  /** Retain artifacts pushed within this many days. @default - unset */
  readonly nDaysSinceLastPush?: number;
  /** Retain the n most recently pulled artifacts. @default - unset */
  readonly mostRecentlyPulled?: number;
  /** Retain the n most recently pushed artifacts. @default - unset */
  readonly mostRecentlyPushed?: number;
  /** Retain everything matched. @default - unset */
  readonly alwaysRetain?: boolean;
  /** Repositories the rule applies to, e.g. `**`. @default - unset */
  readonly repoMatching?: string;
  /** Repositories the rule excludes. @default - unset */
  readonly repoExcluding?: string;
  /** Tags the rule applies to, e.g. `**` or `{latest,stable}`. @default - unset */
  readonly tagMatching?: string;
  /** Tags the rule excludes. @default - unset */
  readonly tagExcluding?: string;
  /** Also apply to untagged artifacts. @default true */
  readonly untaggedArtifacts?: boolean;
}

/** Config of {@link HarborRetentionPolicy} (`harbor_retention_policy`). */
export interface HarborRetentionPolicyConfig extends TerraformMetaArguments {
  /** The project's path id (`HarborProject.id`, `/projects/<n>`), not `projectId`. **ForceNew**. */
  readonly scope: string;
  /** Exactly `Hourly`, `Daily`, `Weekly`, or a non-preset 6-field cron. @default - run manually only */
  readonly schedule?: string;
  /** 1 to 15 rules; an artifact is kept when any rule retains it. */
  readonly rule: HarborRetentionPolicyRule[];
}

const ATTRIBUTES: ResourceAttributes<HarborRetentionPolicyConfig> = {
  scope: tf.string("scope"),
  schedule: tf.string("schedule"),
  rule: tf.blockList<HarborRetentionPolicyRule>("rule", {
    disabled: tf.boolean("disabled"),
    nDaysSinceLastPull: tf.number("n_days_since_last_pull"),
    nDaysSinceLastPush: tf.number("n_days_since_last_push"),
    mostRecentlyPulled: tf.number("most_recently_pulled"),
    mostRecentlyPushed: tf.number("most_recently_pushed"),
    alwaysRetain: tf.boolean("always_retain"),
    repoMatching: tf.string("repo_matching"),
    repoExcluding: tf.string("repo_excluding"),
    tagMatching: tf.string("tag_matching"),
    tagExcluding: tf.string("tag_excluding"),
    untaggedArtifacts: tf.boolean("untagged_artifacts"),
  }),
};

function checkRule(problems: ProblemList, at: string, rule: HarborRetentionPolicyRule): void {
  const retain = (
    [
      "nDaysSinceLastPull",
      "nDaysSinceLastPush",
      "mostRecentlyPulled",
      "mostRecentlyPushed",
      "alwaysRetain",
    ] as const
  ).filter((field) => rule[field] !== undefined);
  problems.check(
    retain.length === 1,
    at,
    retain,
    "exactly one of nDaysSinceLastPull, nDaysSinceLastPush, mostRecentlyPulled, mostRecentlyPushed or alwaysRetain",
  );
  problems.check(
    (rule.repoMatching === undefined) !== (rule.repoExcluding === undefined),
    at,
    { repoMatching: rule.repoMatching, repoExcluding: rule.repoExcluding },
    "exactly one of repoMatching or repoExcluding",
  );
  problems.check(
    (rule.tagMatching === undefined) !== (rule.tagExcluding === undefined),
    at,
    { tagMatching: rule.tagMatching, tagExcluding: rule.tagExcluding },
    "exactly one of tagMatching or tagExcluding",
  );
  for (const field of [
    "nDaysSinceLastPull",
    "nDaysSinceLastPush",
    "mostRecentlyPulled",
    "mostRecentlyPushed",
  ] as const) {
    checkWholeNumberAtLeast(problems, `${at}.${field}`, known(rule[field]), 1);
  }
}

/**
 * The tag-retention policy of one project (`harbor_retention_policy`). Destroying it empties the
 * rules.
 *
 * @example
 * new HarborRetentionPolicy(stack, "library-retention", {
 *   provider: primary, scope: library.id, schedule: "Daily",
 *   rule: [{ mostRecentlyPushed: 10, repoMatching: "**", tagMatching: "**" }],
 * });
 */
export class HarborRetentionPolicy extends TypedResource<HarborRetentionPolicyConfig> {
  static readonly tfResourceType = "harbor_retention_policy";

  constructor(scope: Construct, id: string, config: HarborRetentionPolicyConfig) {
    super(scope, id, HarborRetentionPolicy.tfResourceType, HARBOR_PROVIDER, config, ATTRIBUTES);
    const problems = new ConfigProblems(this, HarborRetentionPolicy.tfResourceType);
    checkHarborProjectPath(problems, problems.at("scope"), known(config.scope));
    checkHarborJobSchedule(problems, problems.at("schedule"), known(config.schedule));
    const rules = knownList(config.rule);
    if (rules) {
      problems.check(
        rules.length >= 1 && rules.length <= 15,
        problems.at("rule"),
        rules.length,
        "1 to 15 rules",
      );
      rules.forEach((rule, index) => checkRule(problems, problems.at(`rule[${index}]`), rule));
    }
    problems.throwIfInvalid();
  }

  /** `/retentions/<n>`. */
  get id(): string {
    return this.getStringAttribute("id");
  }
}
