import { ImageStorageValuesInput } from "./render-harbor-values";

/** Options of {@link HarborImageStorage.oss}: an existing bucket and the credentials to reach it. */
export interface HarborOssStorageOptions {
  /** Existing bucket (3–63 lowercase letters, digits and '-'). */
  readonly bucket: string;
  /** Region of the bucket, e.g. `cn-hangzhou`. */
  readonly region: string;
  /**
   * AccessKey id of a RAM user allowed to use the bucket. Not a secret (the chart writes it into
   * the registry ConfigMap), usually a TerraformVariable reference.
   */
  readonly accessKeyId: string;
  /** Secret in the site namespace holding `REGISTRY_STORAGE_OSS_ACCESSKEYSECRET`. */
  readonly accessKeySecretName: string;
  /**
   * Use the region's internal (VPC) endpoint.
   * @default true
   */
  readonly internalEndpoint?: boolean;
}

/**
 * Where a Harbor site keeps image blobs: on its registry disk (default) or in an OSS bucket.
 *
 * @example
 * HarborImageStorage.oss({
 *   bucket: "acme-harbor-hz-h",
 *   region: "cn-hangzhou",
 *   accessKeyId: ossAccessKeyId.stringValue,
 *   accessKeySecretName: "harbor-oss",
 * });
 */
export class HarborImageStorage {
  /** Blobs on the site's retained registry disk. */
  static disk(): HarborImageStorage {
    return new HarborImageStorage({ type: "disk" });
  }

  /** Blobs in an OSS bucket; the site then needs no registry disk. */
  static oss(options: HarborOssStorageOptions): HarborImageStorage {
    return new HarborImageStorage({
      type: "oss",
      bucket: options.bucket,
      region: options.region,
      accessKeyId: options.accessKeyId,
      accessKeySecretName: options.accessKeySecretName,
      internalEndpoint: options.internalEndpoint ?? true,
    });
  }

  private constructor(
    /** The renderer's view of this storage. */
    readonly values: ImageStorageValuesInput,
  ) {}

  /** `disk` or `oss`. */
  get type(): ImageStorageValuesInput["type"] {
    return this.values.type;
  }
}
