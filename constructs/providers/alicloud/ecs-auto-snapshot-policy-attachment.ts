import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import { tf } from "../attributes";
import { ResourceAttributes, TypedResource } from "../typed-resource";
import { ALICLOUD_PROVIDER } from "./provider";

/** Config of {@link EcsAutoSnapshotPolicyAttachment} (`alicloud_ecs_auto_snapshot_policy_attachment`). */
export interface EcsAutoSnapshotPolicyAttachmentConfig extends TerraformMetaArguments {
  /** The policy to apply (`EcsAutoSnapshotPolicy.id`). **ForceNew**. */
  readonly autoSnapshotPolicyId: string;
  /** The disk to snapshot (`EcsDisk.id`). **ForceNew**. */
  readonly diskId: string;
}

const ATTRIBUTES: ResourceAttributes<EcsAutoSnapshotPolicyAttachmentConfig> = {
  autoSnapshotPolicyId: tf.string("auto_snapshot_policy_id"),
  diskId: tf.string("disk_id"),
};

/**
 * Applies an automatic snapshot policy to one disk
 * (`alicloud_ecs_auto_snapshot_policy_attachment`). Destroying it cancels the policy on the disk;
 * existing snapshots stay.
 *
 * @example
 * new EcsAutoSnapshotPolicyAttachment(stack, "registry-disk-snapshots", {
 *   autoSnapshotPolicyId: policy.id,
 *   diskId: disk.id,
 * });
 */
export class EcsAutoSnapshotPolicyAttachment extends TypedResource<EcsAutoSnapshotPolicyAttachmentConfig> {
  static readonly tfResourceType = "alicloud_ecs_auto_snapshot_policy_attachment";

  constructor(scope: Construct, id: string, config: EcsAutoSnapshotPolicyAttachmentConfig) {
    super(scope, id, EcsAutoSnapshotPolicyAttachment.tfResourceType, ALICLOUD_PROVIDER, config, ATTRIBUTES);
  }

  /** `<policy id>:<disk id>`. */
  get id(): string {
    return this.getStringAttribute("id");
  }

  get regionId(): string {
    return this.getStringAttribute("region_id");
  }
}
