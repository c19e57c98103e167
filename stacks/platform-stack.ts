import { Construct } from "constructs";
import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import {
  AlertingConfig,
  BackupConfig,
  DiskSnapshotConfig,
  SiteConfig,
  SiteRole,
  siteNamespace,
  StateBackendConfig,
} from "../config/platform-config";
import { pinAddress } from "../constructs/guardrails/stable-address";
import { markStateful } from "../constructs/guardrails/stateful";
import { StatefulResourceGuard } from "../constructs/guardrails/stateful-resource-guard";
import { HarborImageStorage } from "../constructs/harbor-site/harbor-image-storage";
import { HarborSite } from "../constructs/harbor-site/harbor-site";
import { OssBucket } from "../constructs/providers/alicloud/oss-bucket";
import { AlicloudProvider } from "../constructs/providers/alicloud/provider";
import { DiskSnapshotPolicy } from "../constructs/retained-disk/disk-snapshot-policy";
import { configureStateBackend } from "./backend";
import { kubernetesProviders } from "./kubernetes-providers";
import { addSiteOperations } from "./site-operations";
import { adminPasswordVariableName, siteVariableName } from "./variable-names";

export interface PlatformStackProps {
  readonly deploymentName: string;
  readonly region: string;
  readonly role: SiteRole;
  readonly site: SiteConfig;
  /** `https://<gateway hostname>`: Harbor's externalURL on both sites. */
  readonly externalUrl: string;
  /** Shared token signing key (PEM), a cross-stack reference to the shared stack. */
  readonly tokenSigningKeyPem: string;
  /** Certificate of the shared token key (PEM). */
  readonly tokenCertificatePem: string;
  /** @default - daily at 02:00 UTC+8, kept 7 days */
  readonly diskSnapshots?: DiskSnapshotConfig;
  /** Alert receivers and thresholds (stacks/site-operations.ts). @default - rules only */
  readonly alerting?: AlertingConfig;
  /** The scheduled consistent site backup (stacks/site-operations.ts). @default - daily, kept 14 days */
  readonly backup?: BackupConfig;
  readonly stateBackend?: StateBackendConfig;
}

/**
 * One Harbor site's infrastructure: the site's retained disks with their snapshot policy, its
 * namespace, secrets and the Harbor release (a {@link HarborSite}), and the OSS bucket when the
 * site stores blobs there and the configuration asks to create it.
 *
 * Every stateful resource is guarded ({@link StatefulResourceGuard}): `cdktf destroy` of this
 * stack is refused by prevent_destroy, by design.
 */
export class PlatformStack extends TerraformStack {
  readonly site: HarborSite;
  /**
   * The site's current Harbor admin password as its admin secret holds it, a sensitive reference.
   * The site's config and replication stacks pass it to their Harbor provider; cdktf turns that
   * into a sensitive output of this stack and a remote-state lookup there.
   */
  readonly adminPassword: string;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { site } = props;
    configureStateBackend(this, id, props.region, props.stateBackend);
    kubernetesProviders(this, site.kubernetes, { helm: true });
    // Always explicit: an unset region silently falls back to cn-beijing (notes-alicloud.md §1).
    new AlicloudProvider(this, "alicloud", { region: props.region });
    new RandomProvider(this, "random");
    StatefulResourceGuard.applyTo(this);

    const snapshotPolicy = new DiskSnapshotPolicy(this, "disk-snapshots", {
      policyName: `${props.deploymentName}-${site.name}-daily`,
      retentionDays: props.diskSnapshots?.retentionDays,
      hoursUtc8: props.diskSnapshots?.hoursUtc8,
      tags: { "harbor-cdktf/site": site.name },
    });

    this.site = new HarborSite(this, "harbor", {
      siteName: site.name,
      zone: site.zone,
      namespace: siteNamespace(site),
      externalUrl: props.externalUrl,
      tokenSigningKeyPem: props.tokenSigningKeyPem,
      tokenCertificatePem: props.tokenCertificatePem,
      disks: site.disks,
      imageStorage: this.imageStorage(props),
      snapshotPolicy,
      namespaceLabels: { "harbor-cdktf/role": props.role },
      adminPasswordSecretName: site.harbor?.adminPasswordSecretName,
      currentAdminPassword: this.currentAdminPassword(site),
      trivyDbRepositories: site.harbor?.trivyDbRepositories,
      trivyJavaDbRepositories: site.harbor?.trivyJavaDbRepositories,
      trivyOffline: site.harbor?.trivyOffline,
      ipv6Enabled: site.harbor?.ipv6Enabled,
    });
    this.adminPassword = this.site.adminPassword;
    addSiteOperations(this, {
      ...props,
      harbor: this.site,
      gatewayHostname: new URL(props.externalUrl).hostname,
    });

    new TerraformOutput(this, "admin_password", {
      value: this.adminPassword,
      sensitive: true,
      description: `current admin password of Harbor site ${site.name}, as its admin secret holds it (cdktf output / terraform output -raw)`,
    });
    new TerraformOutput(this, "upstream", {
      value: this.site.upstream,
      description: "in-cluster host:port of the site's Harbor HTTP Service",
    });
  }

  /**
   * The one place a changed admin password is given: the admin secret, the backup job reading it
   * and (through this stack's output) the config and replication stacks all follow it. None with
   * an existing admin secret, which is the source of truth itself.
   */
  private currentAdminPassword(site: SiteConfig): string | undefined {
    if (site.harbor?.adminPasswordSecretName !== undefined) return undefined;
    return new TerraformVariable(this, adminPasswordVariableName(site), {
      type: "string",
      sensitive: true,
      nullable: false,
      default: "",
      description: `current admin password of Harbor site ${site.name} once changed in Harbor (https://${site.hostname}); empty: the generated initial password`,
    }).stringValue;
  }

  private imageStorage(props: PlatformStackProps): HarborImageStorage {
    const storage = props.site.imageStorage;
    if (storage === undefined || storage.type === "disk") return HarborImageStorage.disk();
    const accessKeyId = new TerraformVariable(this, siteVariableName(props.site, "oss_access_key_id"), {
      type: "string",
      description: `AccessKey id of the RAM user that writes site ${props.site.name}'s image blobs to OSS`,
    });
    // Stored by the site in a Secret of its namespace, created before the release: the chart's
    // reference to it is optional, so a registry started without it runs without the key.
    const accessKeySecret =
      storage.existingSecretName === undefined
        ? new TerraformVariable(this, siteVariableName(props.site, "oss_access_key_secret"), {
            type: "string",
            sensitive: true,
            nullable: false,
            description: `AccessKey secret of ${siteVariableName(props.site, "oss_access_key_id")}`,
          }).stringValue
        : undefined;
    if (storage.createBucket) {
      const bucket = new OssBucket(this, "image-bucket", {
        bucket: storage.bucket,
        storageClass: "Standard",
        serverSideEncryptionRule: { sseAlgorithm: "AES256" },
        // A bucket with images in it is never emptied by Terraform.
        forceDestroy: false,
        tags: { "harbor-cdktf/site": props.site.name, "harbor-cdktf/component": "registry" },
      });
      pinAddress(bucket, `bucket_${props.site.name}_images`);
      markStateful(bucket, { name: "bucket/images" });
    }
    return HarborImageStorage.oss({
      bucket: storage.bucket,
      region: props.region,
      accessKeyId: accessKeyId.stringValue,
      accessKeySecret,
      accessKeySecretName: storage.existingSecretName,
      internalEndpoint: storage.internalEndpoint,
    });
  }
}
