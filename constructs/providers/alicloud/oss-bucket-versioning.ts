import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import { checkOneOf } from "../../lib/value-checks";
import { tf } from "../attributes";
import { ConfigProblems, known, ResourceAttributes, TypedResource } from "../typed-resource";
import { ALICLOUD_PROVIDER } from "./provider";
import { OSS_VERSIONING_STATUSES } from "./oss-bucket";

/** Config of {@link OssBucketVersioning} (`alicloud_oss_bucket_versioning`). */
export interface OssBucketVersioningConfig extends TerraformMetaArguments {
  /** Bucket name (`OssBucket.bucket`). **ForceNew**. */
  readonly bucket: string;
  /** `Enabled` or `Suspended`; a versioned bucket can never return to unversioned. @default - the bucket's current state */
  readonly status?: string;
}

const ATTRIBUTES: ResourceAttributes<OssBucketVersioningConfig> = {
  bucket: tf.string("bucket"),
  status: tf.string("status"),
};

/**
 * Versioning of a bucket (`alicloud_oss_bucket_versioning`). Do not also set `versioning` on the
 * bucket; add it to the bucket's `lifecycle.ignoreChanges`. Destroying it leaves versioning on.
 *
 * @example
 * new OssBucketVersioning(stack, "state-bucket-versioning", { bucket: bucket.bucket, status: "Enabled" });
 */
export class OssBucketVersioning extends TypedResource<OssBucketVersioningConfig> {
  static readonly tfResourceType = "alicloud_oss_bucket_versioning";

  constructor(scope: Construct, id: string, config: OssBucketVersioningConfig) {
    super(scope, id, OssBucketVersioning.tfResourceType, ALICLOUD_PROVIDER, config, ATTRIBUTES);
    const problems = new ConfigProblems(this, OssBucketVersioning.tfResourceType);
    checkOneOf(problems, problems.at("status"), known(config.status), OSS_VERSIONING_STATUSES);
    problems.throwIfInvalid();
  }

  get id(): string {
    return this.getStringAttribute("id");
  }
}
