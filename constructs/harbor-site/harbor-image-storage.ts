import { HARBOR_SECRET_NAMES } from "./harbor-chart";
import { ImageStorageValuesInput } from "./render-harbor-values";

/**
 * Options of {@link HarborImageStorage.oss}: an existing bucket and the credentials to reach it.
 * Give the AccessKey secret either as a value (`accessKeySecret`) or as an existing Kubernetes
 * secret (`accessKeySecretName`), exactly one.
 */
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
  /**
   * The AccessKey secret as a Terraform expression (a sensitive variable), never a literal. The
   * site stores it in the Secret `harbor-oss-access-key` of its namespace, created before the
   * release: the chart reads it through an optional reference, so a registry started without it
   * would run without the key. Not with `accessKeySecretName`.
   * @default - `accessKeySecretName` is required instead
   */
  readonly accessKeySecret?: string;
  /**
   * Existing secret in the site namespace holding `REGISTRY_STORAGE_OSS_ACCESSKEYSECRET`, for a key
   * managed outside Terraform (it then never enters Terraform state). It must exist before the
   * release is installed: when the site creates the namespace, create the namespace first (a
   * targeted apply), then the secret, then apply the rest. Not with `accessKeySecret`.
   * @default - `accessKeySecret` is required instead
   */
  readonly accessKeySecretName?: string;
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
 *   accessKeySecret: ossAccessKeySecret.stringValue, // a sensitive TerraformVariable
 * });
 */
export class HarborImageStorage {
  /** Blobs on the site's retained registry disk. */
  static disk(): HarborImageStorage {
    return new HarborImageStorage({ type: "disk" }, undefined);
  }

  /** Blobs in an OSS bucket; the site then needs no registry disk. */
  static oss(options: HarborOssStorageOptions): HarborImageStorage {
    return new HarborImageStorage(
      {
        type: "oss",
        bucket: options.bucket,
        region: options.region,
        accessKeyId: options.accessKeyId,
        // Checked by the site that uses it (exactly one of the two), with the site's path.
        accessKeySecretName:
          options.accessKeySecretName ??
          (options.accessKeySecret === undefined ? "" : HARBOR_SECRET_NAMES.ossAccessKey),
        internalEndpoint: options.internalEndpoint ?? true,
      },
      { value: options.accessKeySecret, existingName: options.accessKeySecretName },
    );
  }

  private constructor(
    /** The renderer's view of this storage. */
    readonly values: ImageStorageValuesInput,
    /**
     * OSS only: the AccessKey secret as given to {@link HarborImageStorage.oss}, its value (which
     * the site stores in its own Secret) or the name of an existing secret.
     */
    readonly ossAccessKeySecret: { readonly value?: string; readonly existingName?: string } | undefined,
  ) {}

  /** `disk` or `oss`. */
  get type(): ImageStorageValuesInput["type"] {
    return this.values.type;
  }
}
