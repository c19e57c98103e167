import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import { checkOneOf } from "../../lib/value-checks";
import { tf } from "../attributes";
import { ConfigProblems, known, ResourceAttributes, TypedResource } from "../typed-resource";
import { ALICLOUD_PROVIDER } from "./provider";

/** Config of {@link OssBucketAcl} (`alicloud_oss_bucket_acl`). */
export interface OssBucketAclConfig extends TerraformMetaArguments {
  /** Bucket name (`OssBucket.bucket`). **ForceNew**. */
  readonly bucket: string;
  /** `private`, `public-read` or `public-read-write`. */
  readonly acl: string;
}

const ATTRIBUTES: ResourceAttributes<OssBucketAclConfig> = {
  bucket: tf.string("bucket"),
  acl: tf.string("acl"),
};

/**
 * The ACL of a bucket (`alicloud_oss_bucket_acl`, replaces the deprecated `acl` argument of the
 * bucket). Destroying it leaves the ACL as it was.
 *
 * @example
 * new OssBucketAcl(stack, "state-bucket-acl", { bucket: bucket.bucket, acl: "private" });
 */
export class OssBucketAcl extends TypedResource<OssBucketAclConfig> {
  static readonly tfResourceType = "alicloud_oss_bucket_acl";

  constructor(scope: Construct, id: string, config: OssBucketAclConfig) {
    super(scope, id, OssBucketAcl.tfResourceType, ALICLOUD_PROVIDER, config, ATTRIBUTES);
    const problems = new ConfigProblems(this, OssBucketAcl.tfResourceType);
    checkOneOf(problems, problems.at("acl"), known(config.acl), [
      "private",
      "public-read",
      "public-read-write",
    ]);
    problems.throwIfInvalid();
  }

  get id(): string {
    return this.getStringAttribute("id");
  }
}
