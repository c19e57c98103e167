import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import { checkOneOf } from "../../lib/value-checks";
import { tf } from "../attributes";
import { ConfigProblems, known, ResourceAttributes, TypedResource } from "../typed-resource";
import { ALICLOUD_PROVIDER } from "./provider";
import { OSS_SSE_ALGORITHMS } from "./oss-bucket";

/** Config of {@link OssBucketServerSideEncryption} (`alicloud_oss_bucket_server_side_encryption`). */
export interface OssBucketServerSideEncryptionConfig extends TerraformMetaArguments {
  /** Bucket name (`OssBucket.bucket`). **ForceNew**. */
  readonly bucket: string;
  /** `AES256`, `KMS` or `SM4`. */
  readonly sseAlgorithm: string;
  /** KMS key id; only with `KMS`. @default - the OSS-managed KMS key */
  readonly kmsMasterKeyId?: string;
  /** `SM4`; only with `KMS`. @default - AES256 data keys */
  readonly kmsDataEncryption?: string;
}

const ATTRIBUTES: ResourceAttributes<OssBucketServerSideEncryptionConfig> = {
  bucket: tf.string("bucket"),
  sseAlgorithm: tf.string("sse_algorithm"),
  kmsMasterKeyId: tf.string("kms_master_key_id"),
  kmsDataEncryption: tf.string("kms_data_encryption"),
};

/**
 * Default encryption of a bucket (`alicloud_oss_bucket_server_side_encryption`). Destroying it
 * removes the encryption setting; do not also set `serverSideEncryptionRule` on the bucket.
 *
 * @example
 * new OssBucketServerSideEncryption(stack, "state-bucket-sse", { bucket: bucket.bucket, sseAlgorithm: "AES256" });
 */
export class OssBucketServerSideEncryption extends TypedResource<OssBucketServerSideEncryptionConfig> {
  static readonly tfResourceType = "alicloud_oss_bucket_server_side_encryption";

  constructor(scope: Construct, id: string, config: OssBucketServerSideEncryptionConfig) {
    super(scope, id, OssBucketServerSideEncryption.tfResourceType, ALICLOUD_PROVIDER, config, ATTRIBUTES);
    const problems = new ConfigProblems(this, OssBucketServerSideEncryption.tfResourceType);
    const algorithm = known(config.sseAlgorithm);
    checkOneOf(problems, problems.at("sseAlgorithm"), algorithm, OSS_SSE_ALGORITHMS);
    checkOneOf(problems, problems.at("kmsDataEncryption"), known(config.kmsDataEncryption), ["SM4"]);
    if (algorithm !== undefined && algorithm !== "KMS") {
      for (const field of ["kmsMasterKeyId", "kmsDataEncryption"] as const) {
        problems.check(
          config[field] === undefined,
          problems.at(field),
          config[field],
          'only with sseAlgorithm "KMS"',
        );
      }
    }
    problems.throwIfInvalid();
  }

  get id(): string {
    return this.getStringAttribute("id");
  }
}
