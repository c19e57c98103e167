import {
  OssBucket,
  OssBucketAcl,
  OssBucketPublicAccessBlock,
  OssBucketServerSideEncryption,
  OssBucketVersioning,
} from "../../../../constructs/providers/alicloud";
import { problemPaths, synthJson, validationErrorOf } from "../helpers";

describe("OssBucket", () => {
  test("synthesizes MaxItems-1 blocks as one-element lists and repeated blocks as lists", () => {
    const json = synthJson(
      (stack) =>
        new OssBucket(stack, "state", {
          bucket: "acme-harbor-tfstate",
          storageClass: "Standard",
          redundancyType: "ZRS",
          forceDestroy: false,
          serverSideEncryptionRule: { sseAlgorithm: "KMS", kmsDataEncryption: "SM4" },
          versioning: { status: "Enabled" },
          lifecycleRule: [
            {
              id: "old-versions",
              enabled: true,
              noncurrentVersionExpiration: [{ days: 90 }],
              abortMultipartUpload: [{ days: 7 }],
              filter: { objectSizeGreaterThan: 1, not: { prefix: "keep/", tag: { key: "k", value: "v" } } },
            },
          ],
          lifecycle: { preventDestroy: true },
        }),
    );
    expect(json.resource.alicloud_oss_bucket.state).toEqual({
      bucket: "acme-harbor-tfstate",
      storage_class: "Standard",
      redundancy_type: "ZRS",
      force_destroy: false,
      server_side_encryption_rule: [{ sse_algorithm: "KMS", kms_data_encryption: "SM4" }],
      versioning: [{ status: "Enabled" }],
      lifecycle_rule: [
        {
          id: "old-versions",
          enabled: true,
          noncurrent_version_expiration: [{ days: 90 }],
          abort_multipart_upload: [{ days: 7 }],
          filter: [
            { object_size_greater_than: 1, not: [{ prefix: "keep/", tag: [{ key: "k", value: "v" }] }] },
          ],
        },
      ],
      lifecycle: { prevent_destroy: true },
    });
  });

  test("exposes endpoints as references", () => {
    const json = synthJson((stack) => {
      const bucket = new OssBucket(stack, "b", { bucket: "acme-images" });
      new OssBucketAcl(stack, "acl", { bucket: bucket.bucket, acl: "private" });
      new OssBucketAcl(stack, "acl2", { bucket: bucket.intranetEndpoint, acl: "private" });
    });
    expect(json.resource.alicloud_oss_bucket_acl.acl.bucket).toBe("${alicloud_oss_bucket.b.bucket}");
    expect(json.resource.alicloud_oss_bucket_acl.acl2.bucket).toBe(
      "${alicloud_oss_bucket.b.intranet_endpoint}",
    );
  });

  test("fails on a bucket name OSS rejects", () => {
    for (const name of ["Acme", "ab", "-acme", "acme_state", "a".repeat(64)]) {
      const error = validationErrorOf((stack) => new OssBucket(stack, "b", { bucket: name }));
      expect(problemPaths(error)).toEqual(["s/b: bucket"]);
    }
  });

  test("fails on bad enumerations, KMS options without KMS and too many tags", () => {
    const tags = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, "v"]));
    const error = validationErrorOf(
      (stack) =>
        new OssBucket(stack, "b", {
          storageClass: "Cold",
          redundancyType: "GRS",
          tags,
          serverSideEncryptionRule: { sseAlgorithm: "AES256", kmsMasterKeyId: "key" },
          versioning: { status: "Disabled" },
          accessMonitor: { status: "On" },
        }),
    );
    expect(problemPaths(error)).toEqual([
      "s/b: storageClass",
      "s/b: redundancyType",
      "s/b: tags",
      "s/b: serverSideEncryptionRule.kmsMasterKeyId",
      "s/b: versioning.status",
      "s/b: accessMonitor.status",
    ]);
  });

  test("fails on a lifecycle rule without an action and an expiration with two conditions", () => {
    const error = validationErrorOf(
      (stack) =>
        new OssBucket(stack, "b", {
          lifecycleRule: [
            { enabled: true, prefix: "tmp/" },
            {
              enabled: true,
              expiration: [{ days: 1, date: "2030-01-01" }],
              transitions: [{ storageClass: "Glacier", days: 3 }],
            },
          ],
        }),
    );
    expect(problemPaths(error)).toEqual([
      "s/b: lifecycleRule[0]",
      "s/b: lifecycleRule[1].expiration[0]",
      "s/b: lifecycleRule[1].transitions[0].storageClass",
    ]);
  });
});

describe("split OSS bucket resources", () => {
  test("synthesize their own resource types", () => {
    const json = synthJson((stack) => {
      new OssBucketAcl(stack, "acl", { bucket: "acme-images", acl: "private" });
      new OssBucketVersioning(stack, "versioning", { bucket: "acme-images", status: "Enabled" });
      new OssBucketServerSideEncryption(stack, "sse", { bucket: "acme-images", sseAlgorithm: "AES256" });
      new OssBucketPublicAccessBlock(stack, "pab", { bucket: "acme-images", blockPublicAccess: true });
    });
    expect(json.resource.alicloud_oss_bucket_acl.acl).toEqual({ bucket: "acme-images", acl: "private" });
    expect(json.resource.alicloud_oss_bucket_versioning.versioning).toEqual({
      bucket: "acme-images",
      status: "Enabled",
    });
    expect(json.resource.alicloud_oss_bucket_server_side_encryption.sse).toEqual({
      bucket: "acme-images",
      sse_algorithm: "AES256",
    });
    expect(json.resource.alicloud_oss_bucket_public_access_block.pab).toEqual({
      bucket: "acme-images",
      block_public_access: true,
    });
  });

  test("fail on values outside their enumerations", () => {
    expect(
      problemPaths(validationErrorOf((s) => new OssBucketAcl(s, "a", { bucket: "b", acl: "public" }))),
    ).toEqual(["s/a: acl"]);
    expect(
      problemPaths(
        validationErrorOf((s) => new OssBucketVersioning(s, "v", { bucket: "b", status: "Disabled" })),
      ),
    ).toEqual(["s/v: status"]);
    expect(
      problemPaths(
        validationErrorOf(
          (s) =>
            new OssBucketServerSideEncryption(s, "e", {
              bucket: "b",
              sseAlgorithm: "SM4",
              kmsDataEncryption: "SM4",
            }),
        ),
      ),
    ).toEqual(["s/e: kmsDataEncryption"]);
  });
});
