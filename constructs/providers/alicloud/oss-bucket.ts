import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import { checkOssBucketName } from "../../lib/oss-bucket-name";
import { checkOneOf } from "../../lib/value-checks";
import { ProblemList } from "../../lib/validation";
import { tf } from "../attributes";
import { ConfigProblems, known, knownList, ResourceAttributes, TypedResource } from "../typed-resource";
import { ALICLOUD_PROVIDER } from "./provider";

export const OSS_STORAGE_CLASSES = ["Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive"] as const;
export const OSS_SSE_ALGORITHMS = ["AES256", "KMS", "SM4"] as const;
export const OSS_VERSIONING_STATUSES = ["Enabled", "Suspended"] as const;

/** `server_side_encryption_rule`: default encryption of new objects. */
export interface OssBucketServerSideEncryptionRule {
  /** `AES256`, `KMS` or `SM4`. */
  readonly sseAlgorithm: string;
  /** KMS key id; only with `KMS`. @default - the OSS-managed KMS key */
  readonly kmsMasterKeyId?: string;
  /** `SM4` to encrypt data keys with SM4; only with `KMS`. @default - AES256 */
  readonly kmsDataEncryption?: string;
}

/** `versioning`. Once enabled, versioning can only be suspended, never turned off. */
export interface OssBucketVersioningBlock {
  /** `Enabled` or `Suspended`. */
  readonly status: string;
}

/** `expiration`: when current objects expire. Set exactly one field. */
export interface OssBucketLifecycleRuleExpiration {
  /** Expire on this date, `YYYY-MM-DD`. @default - unset */
  readonly date?: string;
  /** Expire objects last modified before this date, `YYYY-MM-DD`. @default - unset */
  readonly createdBeforeDate?: string;
  /** Expire this many days after the last modification. @default - unset */
  readonly days?: number;
  /** Remove delete markers that have no noncurrent versions left. @default - unset */
  readonly expiredObjectDeleteMarker?: boolean;
}

/** `transitions`: move current objects to a colder storage class. */
export interface OssBucketLifecycleRuleTransition {
  /** Target storage class: `Standard`, `IA`, `Archive`, `ColdArchive` or `DeepColdArchive`. */
  readonly storageClass: string;
  /** Transition objects last modified before this date. @default - unset */
  readonly createdBeforeDate?: string;
  /** Transition this many days after the last modification (or access). @default - unset */
  readonly days?: number;
  /** Count `days` from the last access instead of the last modification. @default false */
  readonly isAccessTime?: boolean;
  /** Move objects back to Standard when they are accessed. @default false */
  readonly returnToStdWhenVisit?: boolean;
}

/** `abort_multipart_upload`: clean up unfinished multipart uploads. */
export interface OssBucketLifecycleRuleAbortMultipartUpload {
  /** Abort uploads started before this date. @default - unset */
  readonly createdBeforeDate?: string;
  /** Abort uploads this many days after they started. @default - unset */
  readonly days?: number;
}

/** `noncurrent_version_expiration`. */
export interface OssBucketLifecycleRuleNoncurrentVersionExpiration {
  /** Delete noncurrent versions this many days after they became noncurrent. */
  readonly days: number;
}

/** `noncurrent_version_transition`. */
export interface OssBucketLifecycleRuleNoncurrentVersionTransition {
  /** Days after the version became noncurrent. */
  readonly days: number;
  /** Target storage class. */
  readonly storageClass: string;
  /** Count from the last access. @default false */
  readonly isAccessTime?: boolean;
  /** Move back to Standard on access. @default false */
  readonly returnToStdWhenVisit?: boolean;
}

/** `filter.not.tag`. */
export interface OssBucketLifecycleRuleFilterNotTag {
  readonly key: string;
  readonly value: string;
}

/** `filter.not`: objects excluded from the rule. */
export interface OssBucketLifecycleRuleFilterNot {
  /** Key prefix to exclude. @default - none */
  readonly prefix?: string;
  /** Tag to exclude. @default - none */
  readonly tag?: OssBucketLifecycleRuleFilterNotTag;
}

/** `filter`: narrows the objects a rule applies to. */
export interface OssBucketLifecycleRuleFilter {
  /** Only objects larger than this many bytes. @default - no lower bound */
  readonly objectSizeGreaterThan?: number;
  /** Only objects smaller than this many bytes. @default - no upper bound */
  readonly objectSizeLessThan?: number;
  /** Exclusions. @default - none */
  readonly not?: OssBucketLifecycleRuleFilterNot;
}

/** `lifecycle_rule`: each rule needs at least one action block. */
export interface OssBucketLifecycleRule {
  /** Whether the rule is active. */
  readonly enabled: boolean;
  /** Rule id, at most 255 characters. @default - generated */
  readonly id?: string;
  /** Object key prefix. @default "" (the whole bucket) */
  readonly prefix?: string;
  /** Only objects with these tags. @default - none */
  readonly tags?: { [key: string]: string };
  /** Expiration of current objects. @default - none */
  readonly expiration?: OssBucketLifecycleRuleExpiration[];
  /** Storage class transitions of current objects. @default - none */
  readonly transitions?: OssBucketLifecycleRuleTransition[];
  /** Cleanup of unfinished multipart uploads. @default - none */
  readonly abortMultipartUpload?: OssBucketLifecycleRuleAbortMultipartUpload[];
  /** Expiration of noncurrent versions. @default - none */
  readonly noncurrentVersionExpiration?: OssBucketLifecycleRuleNoncurrentVersionExpiration[];
  /** Transitions of noncurrent versions. @default - none */
  readonly noncurrentVersionTransition?: OssBucketLifecycleRuleNoncurrentVersionTransition[];
  /** Object size and exclusion filter. @default - none */
  readonly filter?: OssBucketLifecycleRuleFilter;
}

/** `referer_config`: hotlink protection. */
export interface OssBucketRefererConfig {
  /** Allowed Referer headers. */
  readonly referers: string[];
  /** Allow requests without a Referer. @default - OSS default */
  readonly allowEmpty?: boolean;
}

/** `cors_rule`. */
export interface OssBucketCorsRule {
  readonly allowedMethods: string[];
  readonly allowedOrigins: string[];
  /** @default - none */
  readonly allowedHeaders?: string[];
  /** @default - none */
  readonly exposeHeaders?: string[];
  /** Preflight cache time in seconds. @default - none */
  readonly maxAgeSeconds?: number;
}

/** `website`: static website hosting. */
export interface OssBucketWebsite {
  readonly indexDocument: string;
  /** @default - none */
  readonly errorDocument?: string;
}

/** `logging`: access logs written to another bucket. */
export interface OssBucketLogging {
  readonly targetBucket: string;
  /** @default - none */
  readonly targetPrefix?: string;
}

/** `transfer_acceleration`. */
export interface OssBucketTransferAcceleration {
  readonly enabled: boolean;
}

/** `access_monitor`: needed by access-time lifecycle rules. */
export interface OssBucketAccessMonitor {
  /** `Enabled` or `Disabled`. @default - OSS default */
  readonly status?: string;
}

/**
 * Config of {@link OssBucket} (`alicloud_oss_bucket`). The deprecated `acl` and
 * `logging_isenable` arguments are not offered: use {@link OssBucketAcl} and `logging`.
 */
export interface OssBucketConfig extends TerraformMetaArguments {
  /**
   * Bucket name, global across all accounts, 3–63 lowercase letters, digits and hyphens. **ForceNew**.
   * @default - a random `tf-oss-bucket-…` name chosen by the provider
   */
  readonly bucket?: string;
  /** `Standard`, `IA`, `Archive`, `ColdArchive` or `DeepColdArchive`. **ForceNew**. @default "Standard" */
  readonly storageClass?: string;
  /** `LRS` (one zone) or `ZRS` (zone-redundant). **ForceNew**. @default "LRS" */
  readonly redundancyType?: string;
  /** Allow lifecycle rules with overlapping prefixes and the same action. @default false */
  readonly lifecycleRuleAllowSameActionOverlap?: boolean;
  /** Delete every object on destroy (unrecoverable). Keep false for state and registry data. @default false */
  readonly forceDestroy?: boolean;
  /** Tags, at most 10. @default - none */
  readonly tags?: { [key: string]: string };
  /** Resource group. @default - the account's default group */
  readonly resourceGroupId?: string;
  /** Bucket policy JSON. @default - none */
  readonly policy?: string;
  /** Default server-side encryption. @default - none */
  readonly serverSideEncryptionRule?: OssBucketServerSideEncryptionRule;
  /** Versioning; or manage it with {@link OssBucketVersioning} and ignore this attribute. @default - unversioned */
  readonly versioning?: OssBucketVersioningBlock;
  /** Lifecycle rules, at most 1000. @default - none */
  readonly lifecycleRule?: OssBucketLifecycleRule[];
  /** Hotlink protection. @default - none */
  readonly refererConfig?: OssBucketRefererConfig;
  /** CORS rules, at most 10. @default - none */
  readonly corsRule?: OssBucketCorsRule[];
  /** Static website hosting. @default - none */
  readonly website?: OssBucketWebsite;
  /** Access logging. @default - none */
  readonly logging?: OssBucketLogging;
  /** Transfer acceleration. @default - off */
  readonly transferAcceleration?: OssBucketTransferAcceleration;
  /** Access tracking. @default - OSS default */
  readonly accessMonitor?: OssBucketAccessMonitor;
}

const ATTRIBUTES: ResourceAttributes<OssBucketConfig> = {
  bucket: tf.string("bucket"),
  storageClass: tf.string("storage_class"),
  redundancyType: tf.string("redundancy_type"),
  lifecycleRuleAllowSameActionOverlap: tf.boolean("lifecycle_rule_allow_same_action_overlap"),
  forceDestroy: tf.boolean("force_destroy"),
  tags: tf.stringMap("tags"),
  resourceGroupId: tf.string("resource_group_id"),
  policy: tf.string("policy"),
  serverSideEncryptionRule: tf.block<OssBucketServerSideEncryptionRule>("server_side_encryption_rule", {
    sseAlgorithm: tf.string("sse_algorithm"),
    kmsMasterKeyId: tf.string("kms_master_key_id"),
    kmsDataEncryption: tf.string("kms_data_encryption"),
  }),
  versioning: tf.block<OssBucketVersioningBlock>("versioning", { status: tf.string("status") }),
  lifecycleRule: tf.blockList<OssBucketLifecycleRule>("lifecycle_rule", {
    enabled: tf.boolean("enabled"),
    id: tf.string("id"),
    prefix: tf.string("prefix"),
    tags: tf.stringMap("tags"),
    expiration: tf.blockSet<OssBucketLifecycleRuleExpiration>("expiration", {
      date: tf.string("date"),
      createdBeforeDate: tf.string("created_before_date"),
      days: tf.number("days"),
      expiredObjectDeleteMarker: tf.boolean("expired_object_delete_marker"),
    }),
    transitions: tf.blockSet<OssBucketLifecycleRuleTransition>("transitions", {
      storageClass: tf.string("storage_class"),
      createdBeforeDate: tf.string("created_before_date"),
      days: tf.number("days"),
      isAccessTime: tf.boolean("is_access_time"),
      returnToStdWhenVisit: tf.boolean("return_to_std_when_visit"),
    }),
    abortMultipartUpload: tf.blockSet<OssBucketLifecycleRuleAbortMultipartUpload>("abort_multipart_upload", {
      createdBeforeDate: tf.string("created_before_date"),
      days: tf.number("days"),
    }),
    noncurrentVersionExpiration: tf.blockSet<OssBucketLifecycleRuleNoncurrentVersionExpiration>(
      "noncurrent_version_expiration",
      { days: tf.number("days") },
    ),
    noncurrentVersionTransition: tf.blockSet<OssBucketLifecycleRuleNoncurrentVersionTransition>(
      "noncurrent_version_transition",
      {
        days: tf.number("days"),
        storageClass: tf.string("storage_class"),
        isAccessTime: tf.boolean("is_access_time"),
        returnToStdWhenVisit: tf.boolean("return_to_std_when_visit"),
      },
    ),
    filter: tf.block<OssBucketLifecycleRuleFilter>("filter", {
      objectSizeGreaterThan: tf.number("object_size_greater_than"),
      objectSizeLessThan: tf.number("object_size_less_than"),
      not: tf.block<OssBucketLifecycleRuleFilterNot>("not", {
        prefix: tf.string("prefix"),
        tag: tf.block<OssBucketLifecycleRuleFilterNotTag>("tag", {
          key: tf.string("key"),
          value: tf.string("value"),
        }),
      }),
    }),
  }),
  refererConfig: tf.block<OssBucketRefererConfig>("referer_config", {
    referers: tf.stringList("referers"),
    allowEmpty: tf.boolean("allow_empty"),
  }),
  corsRule: tf.blockList<OssBucketCorsRule>("cors_rule", {
    allowedMethods: tf.stringList("allowed_methods"),
    allowedOrigins: tf.stringList("allowed_origins"),
    allowedHeaders: tf.stringList("allowed_headers"),
    exposeHeaders: tf.stringList("expose_headers"),
    maxAgeSeconds: tf.number("max_age_seconds"),
  }),
  website: tf.block<OssBucketWebsite>("website", {
    indexDocument: tf.string("index_document"),
    errorDocument: tf.string("error_document"),
  }),
  logging: tf.block<OssBucketLogging>("logging", {
    targetBucket: tf.string("target_bucket"),
    targetPrefix: tf.string("target_prefix"),
  }),
  transferAcceleration: tf.block<OssBucketTransferAcceleration>("transfer_acceleration", {
    enabled: tf.boolean("enabled"),
  }),
  accessMonitor: tf.block<OssBucketAccessMonitor>("access_monitor", { status: tf.string("status") }),
};

function checkLifecycleRule(problems: ProblemList, path: string, rule: OssBucketLifecycleRule): void {
  const actions = [
    rule.expiration,
    rule.transitions,
    rule.abortMultipartUpload,
    rule.noncurrentVersionExpiration,
    rule.noncurrentVersionTransition,
  ];
  problems.check(
    actions.some((action) => action !== undefined && (known(action) === undefined || action.length > 0)),
    path,
    rule.id ?? rule.prefix ?? "",
    "a rule with at least one action: expiration, transitions, abortMultipartUpload, noncurrentVersionExpiration or noncurrentVersionTransition",
  );
  problems.check(
    rule.id === undefined || rule.id.length <= 255,
    `${path}.id`,
    rule.id,
    "at most 255 characters",
  );
  (knownList(rule.expiration) ?? []).forEach((expiration, index) => {
    const set = [
      expiration.date,
      expiration.createdBeforeDate,
      expiration.days,
      expiration.expiredObjectDeleteMarker,
    ];
    problems.check(
      set.filter((value) => value !== undefined).length === 1,
      `${path}.expiration[${index}]`,
      expiration,
      "exactly one of date, createdBeforeDate, days or expiredObjectDeleteMarker",
    );
    const date = known(expiration.date);
    problems.check(
      date === undefined || /^\d{4}-\d{2}-\d{2}$/.test(date),
      `${path}.expiration[${index}].date`,
      date,
      "a date as YYYY-MM-DD",
    );
  });
  (knownList(rule.transitions) ?? []).forEach((transition, index) => {
    checkOneOf(
      problems,
      `${path}.transitions[${index}].storageClass`,
      known(transition.storageClass),
      OSS_STORAGE_CLASSES,
    );
  });
  (knownList(rule.noncurrentVersionTransition) ?? []).forEach((transition, index) => {
    checkOneOf(
      problems,
      `${path}.noncurrentVersionTransition[${index}].storageClass`,
      known(transition.storageClass),
      OSS_STORAGE_CLASSES,
    );
  });
}

/**
 * An OSS bucket (`alicloud_oss_bucket`): Terraform state for the OSS backend, or Harbor's image
 * storage.
 *
 * @stateful keep `lifecycle: { preventDestroy: true }` and `forceDestroy: false`.
 * @example
 * new OssBucket(stack, "state-bucket", {
 *   bucket: "acme-harbor-tfstate",
 *   redundancyType: "ZRS",
 *   serverSideEncryptionRule: { sseAlgorithm: "AES256" },
 *   versioning: { status: "Enabled" },
 *   lifecycle: { preventDestroy: true },
 * });
 */
export class OssBucket extends TypedResource<OssBucketConfig> {
  static readonly tfResourceType = "alicloud_oss_bucket";

  constructor(scope: Construct, id: string, config: OssBucketConfig) {
    super(scope, id, OssBucket.tfResourceType, ALICLOUD_PROVIDER, config, ATTRIBUTES);
    const problems = new ConfigProblems(this, OssBucket.tfResourceType);
    checkOssBucketName(problems, problems.at("bucket"), known(config.bucket));
    checkOneOf(problems, problems.at("storageClass"), known(config.storageClass), OSS_STORAGE_CLASSES);
    checkOneOf(problems, problems.at("redundancyType"), known(config.redundancyType), ["LRS", "ZRS"]);
    const tags = known(config.tags);
    problems.check(
      tags === undefined || Object.keys(tags).length <= 10,
      problems.at("tags"),
      tags,
      "at most 10 tags",
    );

    const sse = known(config.serverSideEncryptionRule);
    if (sse) {
      const algorithm = known(sse.sseAlgorithm);
      checkOneOf(
        problems,
        problems.at("serverSideEncryptionRule.sseAlgorithm"),
        algorithm,
        OSS_SSE_ALGORITHMS,
      );
      if (algorithm !== undefined && algorithm !== "KMS") {
        problems.check(
          sse.kmsMasterKeyId === undefined,
          problems.at("serverSideEncryptionRule.kmsMasterKeyId"),
          sse.kmsMasterKeyId,
          'only with sseAlgorithm "KMS"',
        );
        problems.check(
          sse.kmsDataEncryption === undefined,
          problems.at("serverSideEncryptionRule.kmsDataEncryption"),
          sse.kmsDataEncryption,
          'only with sseAlgorithm "KMS"',
        );
      }
      checkOneOf(
        problems,
        problems.at("serverSideEncryptionRule.kmsDataEncryption"),
        known(sse.kmsDataEncryption),
        ["SM4"],
      );
    }
    checkOneOf(
      problems,
      problems.at("versioning.status"),
      known(config.versioning?.status),
      OSS_VERSIONING_STATUSES,
    );
    checkOneOf(problems, problems.at("accessMonitor.status"), known(config.accessMonitor?.status), [
      "Enabled",
      "Disabled",
    ]);
    const rules = knownList(config.lifecycleRule);
    if (rules) {
      problems.check(rules.length <= 1000, problems.at("lifecycleRule"), rules.length, "at most 1000 rules");
      rules.forEach((rule, index) =>
        checkLifecycleRule(problems, problems.at(`lifecycleRule[${index}]`), rule),
      );
    }
    const cors = knownList(config.corsRule);
    problems.check(
      cors === undefined || cors.length <= 10,
      problems.at("corsRule"),
      cors?.length,
      "at most 10 rules",
    );
    problems.throwIfInvalid();
  }

  /** The bucket name (also the resource id). */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /** The bucket name, including a provider-generated one. */
  get bucket(): string {
    return this.getStringAttribute("bucket");
  }

  /** Public endpoint, e.g. `oss-cn-hangzhou.aliyuncs.com`. */
  get extranetEndpoint(): string {
    return this.getStringAttribute("extranet_endpoint");
  }

  /** VPC endpoint, e.g. `oss-cn-hangzhou-internal.aliyuncs.com`. */
  get intranetEndpoint(): string {
    return this.getStringAttribute("intranet_endpoint");
  }

  /** Region location, e.g. `oss-cn-hangzhou`. */
  get location(): string {
    return this.getStringAttribute("location");
  }

  get owner(): string {
    return this.getStringAttribute("owner");
  }

  get creationDate(): string {
    return this.getStringAttribute("creation_date");
  }
}
