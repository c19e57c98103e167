import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import { checkHarborJobSchedule } from "../../lib/harbor-schedule";
import { checkIntegerRange } from "../../lib/value-checks";
import { tf } from "../attributes";
import { ConfigProblems, known, ResourceAttributes, TypedResource } from "../typed-resource";
import { HARBOR_PROVIDER } from "./provider";

/** Config of {@link HarborGarbageCollection} (`harbor_garbage_collection`). */
export interface HarborGarbageCollectionConfig extends TerraformMetaArguments {
  /**
   * Exactly `Hourly`, `Daily`, `Weekly`, or a 6-field cron (seconds first, seconds 0) that is not
   * one of the preset crons, e.g. `0 0 3 * * 6` for Saturdays at 03:00.
   */
  readonly schedule: string;
  /** Also delete untagged artifacts. @default false */
  readonly deleteUntagged?: boolean;
  /** Parallel GC workers, 1 to 10. @default 1 */
  readonly workers?: number;
}

const ATTRIBUTES: ResourceAttributes<HarborGarbageCollectionConfig> = {
  schedule: tf.string("schedule"),
  deleteUntagged: tf.boolean("delete_untagged"),
  workers: tf.number("workers"),
};

/**
 * The garbage-collection schedule of one Harbor site (`harbor_garbage_collection`, a singleton:
 * one per provider). Destroying it sets the schedule to none.
 *
 * @example
 * new HarborGarbageCollection(stack, "gc", { provider: primary, schedule: "0 0 3 * * 6", deleteUntagged: true });
 */
export class HarborGarbageCollection extends TypedResource<HarborGarbageCollectionConfig> {
  static readonly tfResourceType = "harbor_garbage_collection";

  constructor(scope: Construct, id: string, config: HarborGarbageCollectionConfig) {
    super(scope, id, HarborGarbageCollection.tfResourceType, HARBOR_PROVIDER, config, ATTRIBUTES);
    const problems = new ConfigProblems(this, HarborGarbageCollection.tfResourceType);
    checkHarborJobSchedule(problems, problems.at("schedule"), known(config.schedule));
    // The provider only rejects < 1; Harbor's API (handler/gc.go validateWorkers) allows at most 10.
    checkIntegerRange(problems, problems.at("workers"), known(config.workers), 1, 10);
    problems.throwIfInvalid();
  }

  /** Always `/system/gc/schedule`. */
  get id(): string {
    return this.getStringAttribute("id");
  }
}
