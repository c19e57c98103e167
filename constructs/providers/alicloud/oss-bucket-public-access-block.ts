import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import { tf } from "../attributes";
import { ResourceAttributes, TypedResource } from "../typed-resource";
import { ALICLOUD_PROVIDER } from "./provider";

/** Config of {@link OssBucketPublicAccessBlock} (`alicloud_oss_bucket_public_access_block`). */
export interface OssBucketPublicAccessBlockConfig extends TerraformMetaArguments {
  /** Bucket name (`OssBucket.bucket`). **ForceNew**. */
  readonly bucket: string;
  /** Block every public ACL and policy on the bucket. */
  readonly blockPublicAccess: boolean;
}

const ATTRIBUTES: ResourceAttributes<OssBucketPublicAccessBlockConfig> = {
  bucket: tf.string("bucket"),
  blockPublicAccess: tf.boolean("block_public_access"),
};

/**
 * Blocks public access to a bucket (`alicloud_oss_bucket_public_access_block`).
 *
 * @example
 * new OssBucketPublicAccessBlock(stack, "state-bucket-private", { bucket: bucket.bucket, blockPublicAccess: true });
 */
export class OssBucketPublicAccessBlock extends TypedResource<OssBucketPublicAccessBlockConfig> {
  static readonly tfResourceType = "alicloud_oss_bucket_public_access_block";

  constructor(scope: Construct, id: string, config: OssBucketPublicAccessBlockConfig) {
    super(scope, id, OssBucketPublicAccessBlock.tfResourceType, ALICLOUD_PROVIDER, config, ATTRIBUTES);
  }

  get id(): string {
    return this.getStringAttribute("id");
  }
}
