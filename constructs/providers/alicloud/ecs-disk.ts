import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import { checkDiskSpec } from "../../lib/disk-limits";
import { checkLength, checkOneOf } from "../../lib/value-checks";
import { tf } from "../attributes";
import { ConfigProblems, known, ResourceAttributes, TypedResource } from "../typed-resource";
import { ALICLOUD_PROVIDER } from "./provider";

/**
 * Config of {@link EcsDisk} (`alicloud_ecs_disk`). Arguments marked **ForceNew** replace the
 * disk, and its data, when they change: decide them once and keep `lifecycle.preventDestroy`.
 */
export interface EcsDiskConfig extends TerraformMetaArguments {
  /** Zone of the disk, e.g. `cn-hangzhou-h`; it attaches only to nodes in that zone. **ForceNew**. @default - the zone of `instanceId` */
  readonly zoneId?: string;
  /**
   * Size in GiB, within the category's limits (e.g. cloud_essd PL1 20–65536). Growing resizes in
   * place; shrinking fails at apply.
   * @default - the snapshot's size when `snapshotId` is set
   */
  readonly size?: number;
  /**
   * `cloud`, `cloud_efficiency`, `cloud_essd`, `cloud_ssd`, `cloud_auto`, `cloud_essd_entry`,
   * `elastic_ephemeral_disk_standard` or `elastic_ephemeral_disk_premium`. Changed in place.
   * @default "cloud_efficiency" (provider default, not ESSD)
   */
  readonly category?: string;
  /** `PL0`..`PL3`; only for `cloud_essd` (ignored otherwise). Changed in place. @default - "PL1" (the ECS default for ESSD) */
  readonly performanceLevel?: string;
  /** Provisioned IOPS; only for `cloud_auto`. @default - none */
  readonly provisionedIops?: number;
  /** Performance bursting; only for `cloud_auto`. @default - off */
  readonly burstingEnabled?: boolean;
  /** Encrypt the disk. **ForceNew**. @default false */
  readonly encrypted?: boolean;
  /** KMS key for encryption; needs `encrypted: true`. **ForceNew**. @default - the service key */
  readonly kmsKeyId?: string;
  /** Encryption algorithm, sent on create only. @default - AES-256 */
  readonly encryptAlgorithm?: string;
  /** Create the disk from this snapshot. **ForceNew**. @default - an empty disk */
  readonly snapshotId?: string;
  /** Delete the disk's automatic snapshots when the disk is released. @default false */
  readonly deleteAutoSnapshot?: boolean;
  /**
   * Release the disk together with the instance it is attached to. Set it to `false` explicitly on
   * data disks: the attribute is computed, and only an explicit value makes Terraform put it back
   * if anything (a node pool scale-in) flips it.
   * @default - keeps the cloud's value
   */
  readonly deleteWithInstance?: boolean;
  /** Name: 2–128 characters, starting with a letter. @default - none */
  readonly diskName?: string;
  /** Description: 2–256 characters, not starting with http:// or https://. @default - none */
  readonly description?: string;
  /** Tags. Tags added outside Terraform (e.g. by the CSI plugin) show as drift. @default - none */
  readonly tags?: { [key: string]: string };
  /** Resource group; changed in place. @default - the account's default group */
  readonly resourceGroupId?: string;
  /** `PayAsYouGo` or `Subscription`; ACK mounts only pay-as-you-go disks. @default - "PayAsYouGo" */
  readonly paymentType?: string;
  /** Instance a subscription disk is attached to at creation. Leave unset for CSI-attached disks. @default - computed from the live disk */
  readonly instanceId?: string;
  /** `Enabled` or `Disabled`: attach to several instances (ESSD only). **ForceNew**. @default "Disabled" */
  readonly multiAttach?: string;
  /** Storage set to place the disk in. **ForceNew**. @default - none */
  readonly storageSetId?: string;
  /** Partition of the storage set. **ForceNew**. @default - none */
  readonly storageSetPartitionNumber?: number;
  /** Advanced features, sent on create only. @default - none */
  readonly advancedFeatures?: string;
  /** Resize mode: `online` for an attached disk, `offline` needs an instance restart. @default - "offline" (API default) */
  readonly type?: string;
  /** Dry-run spec changes (ModifyDiskSpec). @default false */
  readonly dryRun?: boolean;
}

const ATTRIBUTES: ResourceAttributes<EcsDiskConfig> = {
  zoneId: tf.string("zone_id"),
  size: tf.number("size"),
  category: tf.string("category"),
  performanceLevel: tf.string("performance_level"),
  provisionedIops: tf.number("provisioned_iops"),
  burstingEnabled: tf.boolean("bursting_enabled"),
  encrypted: tf.boolean("encrypted"),
  kmsKeyId: tf.string("kms_key_id"),
  encryptAlgorithm: tf.string("encrypt_algorithm"),
  snapshotId: tf.string("snapshot_id"),
  deleteAutoSnapshot: tf.boolean("delete_auto_snapshot"),
  deleteWithInstance: tf.boolean("delete_with_instance"),
  diskName: tf.string("disk_name"),
  description: tf.string("description"),
  tags: tf.stringMap("tags"),
  resourceGroupId: tf.string("resource_group_id"),
  paymentType: tf.string("payment_type"),
  instanceId: tf.string("instance_id"),
  multiAttach: tf.string("multi_attach"),
  storageSetId: tf.string("storage_set_id"),
  storageSetPartitionNumber: tf.number("storage_set_partition_number"),
  advancedFeatures: tf.string("advanced_features"),
  type: tf.string("type"),
  dryRun: tf.boolean("dry_run"),
};

/**
 * An ECS block storage disk (`alicloud_ecs_disk`).
 *
 * @stateful the disk holds data; keep `lifecycle: { preventDestroy: true }`.
 * @example
 * const disk = new EcsDisk(stack, "registry-disk", {
 *   zoneId: "cn-hangzhou-h",
 *   category: "cloud_essd",
 *   performanceLevel: "PL1",
 *   size: 200,
 *   deleteWithInstance: false,
 *   lifecycle: { preventDestroy: true },
 * });
 * disk.id; // "d-..." at apply time
 */
export class EcsDisk extends TypedResource<EcsDiskConfig> {
  static readonly tfResourceType = "alicloud_ecs_disk";

  constructor(scope: Construct, id: string, config: EcsDiskConfig) {
    super(scope, id, EcsDisk.tfResourceType, ALICLOUD_PROVIDER, config, ATTRIBUTES);
    const problems = new ConfigProblems(this, EcsDisk.tfResourceType);
    checkDiskSpec(
      problems,
      `${this.node.path}: `,
      {
        category: known(config.category),
        performanceLevel: known(config.performanceLevel),
        sizeGiB: known(config.size),
        provisionedIops: known(config.provisionedIops),
        burstingEnabled: known(config.burstingEnabled),
      },
      {
        category: "category",
        performanceLevel: "performanceLevel",
        sizeGiB: "size",
        provisionedIops: "provisionedIops",
        burstingEnabled: "burstingEnabled",
      },
    );
    problems.check(
      config.zoneId !== undefined || config.instanceId !== undefined,
      problems.at("zoneId"),
      config.zoneId,
      "a zone id such as cn-hangzhou-h (or an instanceId to take the zone from)",
    );
    problems.check(
      config.size !== undefined || config.snapshotId !== undefined,
      problems.at("size"),
      config.size,
      "a size in GiB (it may be omitted only when snapshotId is set)",
    );
    problems.check(
      config.kmsKeyId === undefined || (config.encrypted !== undefined && config.encrypted !== false),
      problems.at("kmsKeyId"),
      config.kmsKeyId,
      "only with encrypted: true",
    );
    checkOneOf(problems, problems.at("paymentType"), known(config.paymentType), [
      "PayAsYouGo",
      "Subscription",
    ]);
    checkOneOf(problems, problems.at("type"), known(config.type), ["offline", "online"]);
    if (
      checkOneOf(problems, problems.at("multiAttach"), known(config.multiAttach), ["Enabled", "Disabled"])
    ) {
      problems.check(
        known(config.multiAttach) !== "Enabled" || known(config.category) === "cloud_essd",
        problems.at("multiAttach"),
        config.multiAttach,
        'only "Disabled" unless category is "cloud_essd"',
      );
    }
    const diskName = known(config.diskName);
    problems.check(
      diskName === undefined || /^[A-Za-z\u4e00-\u9fa5][\w\u4e00-\u9fa5:.-]{1,127}$/.test(diskName),
      problems.at("diskName"),
      diskName,
      "2 to 128 characters starting with a letter; letters, digits, ':', '_', '.' and '-'",
    );
    const description = known(config.description);
    if (checkLength(problems, problems.at("description"), description, 2, 256)) {
      problems.check(
        description === undefined || !/^https?:\/\//.test(description),
        problems.at("description"),
        description,
        "text that does not start with http:// or https://",
      );
    }
    problems.throwIfInvalid();
  }

  /** Disk id (`d-…`). */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /** The zone the disk lives in. */
  get zoneId(): string {
    return this.getStringAttribute("zone_id");
  }

  /** Size in GiB as the cloud reports it. */
  get size(): number {
    return this.getNumberAttribute("size");
  }

  /** Creation time. */
  get createTime(): string {
    return this.getStringAttribute("create_time");
  }

  /** Region of the disk. */
  get regionId(): string {
    return this.getStringAttribute("region_id");
  }

  /** Status, e.g. `Available` or `In_use`. */
  get status(): string {
    return this.getStringAttribute("status");
  }
}
