/**
 * The typed configuration of one Harbor deployment: a region, two sites that replicate to each
 * other, the gateway in front of them and the registry policy applied to both. `main.ts` holds an
 * example; `validateConfig` checks one before anything is synthesized.
 *
 * This module imports nothing from cdktf or from the constructs: it is plain data.
 */

/** The two roles a site can play behind the gateway. */
export const SITE_ROLES = ["primary", "backup"] as const;
export type SiteRole = (typeof SITE_ROLES)[number];

/**
 * Harbor's stateful components, each on its own retained cloud disk. `jobLog` is the jobservice's
 * job log volume (chart key `persistence.persistentVolumeClaim.jobservice.jobLog`).
 */
export const DISK_COMPONENTS = ["registry", "database", "redis", "jobLog", "trivy"] as const;
/** One of Harbor's stateful components: `registry`, `database`, `redis`, `jobLog` or `trivy`. */
export type DiskComponent = (typeof DISK_COMPONENTS)[number];

/** Alibaba Cloud disk categories this project accepts for Harbor data (attachable by the disk CSI driver). */
export const DISK_CATEGORIES = [
  "cloud_essd",
  "cloud_ssd",
  "cloud_efficiency",
  "cloud_auto",
  "cloud_essd_entry",
] as const;
/** An ECS disk category the disk CSI driver attaches, e.g. `cloud_essd`. */
export type DiskCategory = (typeof DISK_CATEGORIES)[number];

export const ESSD_PERFORMANCE_LEVELS = ["PL0", "PL1", "PL2", "PL3"] as const;
/** Performance level of an ESSD (`cloud_essd`): PL0 to PL3, each with its own size range and IOPS. */
export type EssdPerformanceLevel = (typeof ESSD_PERFORMANCE_LEVELS)[number];

/** One component's disk. */
export interface DiskConfig {
  /** Size in GiB. Disks only grow: a smaller size fails at apply. */
  readonly sizeGiB: number;
  /**
   * Disk category.
   * @default "cloud_essd"
   */
  readonly category?: DiskCategory;
  /**
   * ESSD performance level; only with category `cloud_essd`.
   * @default "PL1" for cloud_essd
   */
  readonly performanceLevel?: EssdPerformanceLevel;
  /**
   * Create the disk from this snapshot (restore). Changing it later would replace the disk, which
   * `prevent_destroy` refuses.
   * @default - an empty disk
   */
  readonly snapshotId?: string;
  /**
   * Encrypt the disk at rest (ECS service key). Changing it later would replace the disk, which
   * `prevent_destroy` refuses.
   * @default true
   */
  readonly encrypted?: boolean;
}

/**
 * A site's disks: one per stateful component. `registry` holds image blobs, so it is required
 * with disk image storage and must be left out with OSS (the chart would never mount it).
 */
export type SiteDisksConfig = Readonly<Record<Exclude<DiskComponent, "registry">, DiskConfig>> & {
  readonly registry?: DiskConfig;
};

/** Settings of a site's Harbor release beyond storage. */
export interface SiteHarborConfig {
  /**
   * Existing secret in the site namespace with the admin password under `HARBOR_ADMIN_PASSWORD`;
   * it must exist before the release is installed, and it stays the source of truth: keep it
   * current when the password changes (the config stacks and the backup job read it).
   * @default - a generated password in the secret `harbor-admin-password`; after a change in
   * Harbor, the platform stack's sensitive variable `harbor_<site>_admin_password` rewrites it
   */
  readonly adminPasswordSecretName?: string;
  /**
   * OCI repositories of Trivy's vulnerability DB, in order of preference, for clusters that cannot
   * reach mirror.gcr.io or ghcr.io (e.g. `registry.cn-hangzhou.aliyuncs.com/acme/trivy-db`).
   * @default - the chart's defaults
   */
  readonly trivyDbRepositories?: readonly string[];
  /**
   * Same for Trivy's Java DB.
   * @default - the chart's defaults
   */
  readonly trivyJavaDbRepositories?: readonly string[];
  /**
   * Air-gapped Trivy: no DB downloads (place the DBs on the Trivy disk), no calls out while scanning.
   * @default false
   */
  readonly trivyOffline?: boolean;
  /**
   * Listen on IPv6 as well; only for clusters whose nodes have IPv6.
   * @default false
   */
  readonly ipv6Enabled?: boolean;
}

/** How Terraform reaches a Kubernetes cluster. Credentials stay in the kubeconfig, never in our output. */
export interface KubernetesConnection {
  /** Path of the kubeconfig file (e.g. `~/.kube/config`). */
  readonly kubeconfigPath: string;
  /**
   * Context inside the kubeconfig.
   * @default - the kubeconfig's current context
   */
  readonly kubeContext?: string;
}

/** Where a site keeps image blobs. */
export type ImageStorageConfig =
  | { readonly type: "disk" }
  | {
      readonly type: "oss";
      /** Existing or new OSS bucket name (3–63 chars, lowercase, digits, hyphens). */
      readonly bucket: string;
      /**
       * Create the bucket in the site's platform stack (retained by prevent_destroy).
       * @default false - the bucket exists already
       */
      readonly createBucket?: boolean;
      /**
       * Use the region's internal (VPC) OSS endpoint.
       * @default true
       */
      readonly internalEndpoint?: boolean;
      /**
       * Name of an existing Kubernetes secret in the site namespace holding
       * `REGISTRY_STORAGE_OSS_ACCESSKEYSECRET`, for a key managed outside Terraform (a secret
       * manager; the key then never enters Terraform state). It must exist before the first apply
       * installs the release, in the namespace the platform stack creates: apply the namespace
       * alone first (`terraform apply -target=kubernetes_namespace_v1.namespace_<site>` in
       * `cdktf.out/stacks/<name>-<site>-platform`), create the secret, then deploy.
       * The AccessKey id always comes from the variable `<site>_oss_access_key_id` (`-` → `_`, and
       * `site_` in front of a name starting with a digit, e.g. `hz_h_oss_access_key_id`).
       * @default - the platform stack creates the secret `harbor-oss-access-key` from the sensitive
       * variable `<site>_oss_access_key_secret`, before the release
       */
      readonly existingSecretName?: string;
    };

/** One Harbor site: a namespace of the cluster pinned to one zone, with its own disks. */
export interface SiteConfig {
  /** Short DNS label naming the site, e.g. `hz-h`. Used in stack names, namespaces and tags. */
  readonly name: string;
  /** Zone of the site's disks and pods, e.g. `cn-hangzhou-h`. Cloud disks attach only within their zone. */
  readonly zone: string;
  /** The cluster the site runs in. */
  readonly kubernetes: KubernetesConnection;
  /**
   * Namespace of the site's Harbor release.
   * @default `harbor-<name>`
   */
  readonly namespace?: string;
  /**
   * The site's own hostname on the gateway, pinned to this site only (never fails over). Replication
   * from the peer and this site's Harbor Terraform provider use `https://<hostname>`.
   */
  readonly hostname: string;
  /**
   * `host:port` where the gateway reaches this site's Harbor over plain HTTP.
   * @default `harbor.<namespace>.svc.cluster.local:80` (same cluster as the gateway)
   */
  readonly upstream?: string;
  /** Disk per stateful component; `registry` only with disk image storage. */
  readonly disks: SiteDisksConfig;
  /**
   * Where image blobs live.
   * @default { type: "disk" } - on the registry disk
   */
  readonly imageStorage?: ImageStorageConfig;
  /**
   * Harbor release settings.
   * @default - generated admin password, Trivy with the chart's DB sources, IPv4 only
   */
  readonly harbor?: SiteHarborConfig;
}

/** Where the gateway's TLS certificate comes from. Never a literal key in configuration. */
export type GatewayTlsConfig =
  /**
   * A `kubernetes.io/tls` secret that already exists in the gateway namespace, so that namespace
   * must exist before the gateway stack is deployed (create both, e.g. with cert-manager); the stack
   * reads the namespace and does not manage it. The private key never enters Terraform state.
   */
  | { readonly source: "existingSecret"; readonly secretName: string }
  /**
   * PEM certificate and key given as the sensitive Terraform variables `gateway_tls_cert`/`gateway_tls_key`;
   * the gateway stack creates the gateway namespace and the secret in it (the key is then in its state).
   */
  | { readonly source: "variables" };

export interface GatewayConfig {
  /** The public registry hostname clients use, e.g. `registry.example.com`. */
  readonly hostname: string;
  /** The cluster the gateway runs in. */
  readonly kubernetes: KubernetesConnection;
  /**
   * Namespace of the gateway.
   * @default "harbor-gateway"
   */
  readonly namespace?: string;
  /** TLS certificate source; it must cover the hostname and both sites' hostnames. */
  readonly tls: GatewayTlsConfig;
  /**
   * Gateway pods, spread across zones.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Annotations for the LoadBalancer Service (Alibaba Cloud SLB/CLB settings).
   * @default {}
   */
  readonly loadBalancerAnnotations?: Readonly<Record<string, string>>;
}

/** Project visibility and limits, created identically on both sites. */
export interface ProjectPolicyConfig {
  /** Harbor project name: lowercase `[a-z0-9._-]`, 1–255 chars, starting with a letter or digit. */
  readonly name: string;
  /**
   * @default false
   */
  readonly public?: boolean;
  /**
   * Storage quota in GiB; -1 is unlimited.
   * @default -1
   */
  readonly storageQuotaGiB?: number;
  /**
   * Scan images on push.
   * @default true
   */
  readonly scanOnPush?: boolean;
  /**
   * Block pulls of images with vulnerabilities at or above this severity.
   * @default - no threshold
   */
  readonly preventVulnerableImagesFrom?: "low" | "medium" | "high" | "critical";
  /**
   * Keep only the most recently pushed N artifacts per repository.
   * @default - no retention policy
   */
  readonly retainMostRecentlyPushed?: number;
}

/** A CI robot account, present on both sites with the same name and secret. */
export interface RobotAccountConfig {
  /** Short robot name (Harbor stores `robot$<name>`). */
  readonly name: string;
  /** Projects it may push to and pull from. */
  readonly projects: readonly string[];
  /**
   * May push, not only pull.
   * @default false
   */
  readonly push?: boolean;
}

/** Day-2 policy, applied identically to both sites. */
export interface PolicyConfig {
  readonly projects: readonly ProjectPolicyConfig[];
  /**
   * Robot accounts for CI.
   * @default []
   */
  readonly robotAccounts?: readonly RobotAccountConfig[];
  /**
   * Garbage collection schedule: `Hourly`, `Daily`, `Weekly` or a 6-field cron (seconds first).
   * @default "0 0 3 * * 6" - Saturdays 03:00
   */
  readonly garbageCollectionSchedule?: string;
  /**
   * Vulnerability scan of all artifacts.
   * @default "Daily"
   */
  readonly scanAllSchedule?: string;
  /**
   * Audit log entries older than this many hours are purged.
   * @default 720 (30 days)
   */
  readonly auditLogRetentionHours?: number;
  /**
   * Replication compensation (pull) schedule, 6-field cron with seconds first.
   * @default - every ten minutes, at second 0 of minutes 0, 10, 20, ...
   */
  readonly replicationCompensationSchedule?: string;
  /**
   * Replicate deletions along with the event-driven push rule.
   * @default false
   */
  readonly replicateDeletions?: boolean;
  /**
   * Project webhooks for alerting, on both sites. The address is the sensitive Terraform variable
   * `harbor_webhook_url` (an https URL, e.g. an alert relay; it may carry a token).
   * @default - no project webhooks
   */
  readonly webhook?: PolicyWebhookConfig;
}

/** Which Harbor events every project posts to `harbor_webhook_url`. */
export interface PolicyWebhookConfig {
  /**
   * Harbor event types: REPLICATION, SCANNING_FAILED, SCANNING_COMPLETED, QUOTA_WARNING,
   * QUOTA_EXCEED, PUSH_ARTIFACT, PULL_ARTIFACT, DELETE_ARTIFACT, TAG_RETENTION.
   * @default ["REPLICATION", "SCANNING_FAILED", "QUOTA_WARNING", "QUOTA_EXCEED"]
   */
  readonly events?: readonly string[];
}

/** Alerting destinations. Webhook URLs carry tokens, so they come from sensitive variables. */
export interface AlertingConfig {
  /**
   * Send alerts to a DingTalk robot (URL from the sensitive variable `dingtalk_webhook_url`).
   * @default false
   */
  readonly dingtalk?: boolean;
  /**
   * Send alerts to Slack (URL from the sensitive variable `slack_webhook_url`).
   * @default false
   */
  readonly slack?: boolean;
  /**
   * Alert when a persistent volume is fuller than this percentage.
   * @default 80
   */
  readonly volumeUsageAlertPercent?: number;
}

/** Scheduled, consistent site backups. */
export interface BackupConfig {
  /**
   * Site backup schedule, Kubernetes CronJob syntax (5 fields).
   * @default "30 2 * * *"
   */
  readonly schedule?: string;
  /**
   * Days to keep snapshots.
   * @default 14
   */
  readonly retentionDays?: number;
}

/** The ECS automatic snapshot policy applied to every site disk (crash-consistent, per disk). */
export interface DiskSnapshotConfig {
  /**
   * Days to keep each automatic snapshot; -1 keeps them until deleted by hand.
   * @default 7
   */
  readonly retentionDays?: number;
  /**
   * Hours of the day (0-23, **UTC+8**) to take snapshots at.
   * @default [2]
   */
  readonly hoursUtc8?: readonly number[];
}

/** Terraform state location. */
export type StateBackendConfig =
  | { readonly type: "local" }
  | {
      readonly type: "oss";
      readonly bucket: string;
      /** @default "harbor-cdktf" */
      readonly prefix?: string;
      /** TableStore endpoint for state locking, e.g. `https://tf-lock.cn-hangzhou.ots.aliyuncs.com`. */
      readonly tablestoreEndpoint: string;
      /** TableStore table with a `LockID` String primary key. */
      readonly tablestoreTable: string;
    };

export interface HarborPlatformConfig {
  /** Deployment name, a DNS label; prefixes every stack (e.g. `registry` → `registry-gateway`). */
  readonly name: string;
  /** Alibaba Cloud region of both sites, e.g. `cn-hangzhou`. */
  readonly region: string;
  /**
   * Zones to accept for a region this project's zone table does not know yet.
   * @default - the built-in table
   */
  readonly extraZones?: readonly string[];
  readonly sites: Readonly<Record<SiteRole, SiteConfig>>;
  readonly gateway: GatewayConfig;
  readonly policy: PolicyConfig;
  /** @default - no alert receivers; PrometheusRules are still created */
  readonly alerting?: AlertingConfig;
  /** @default - daily backups kept 14 days */
  readonly backup?: BackupConfig;
  /** @default - daily automatic disk snapshots at 02:00 UTC+8, kept 7 days */
  readonly diskSnapshots?: DiskSnapshotConfig;
  /** @default { type: "local" } */
  readonly stateBackend?: StateBackendConfig;
}

/** The namespace a site's release lives in. */
export function siteNamespace(site: Pick<SiteConfig, "name" | "namespace">): string {
  return site.namespace ?? `harbor-${site.name}`;
}

/** Where the gateway reaches a site: its own `upstream`, or the chart's service in the site namespace. */
export function siteUpstream(site: Pick<SiteConfig, "name" | "namespace" | "upstream">): string {
  return site.upstream ?? `harbor.${siteNamespace(site)}.svc.cluster.local:80`;
}
