import { Token } from "cdktf";
import { Construct } from "constructs";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { Release } from "@cdktf/provider-helm/lib/release";
import { DISK_CATEGORIES, DISK_COMPONENTS, DiskComponent } from "../../config/platform-config";
import { pinAddress } from "../guardrails/stable-address";
import { markStateful } from "../guardrails/stateful";
import { StatefulResourceGuard } from "../guardrails/stateful-resource-guard";
import { pinZone } from "../guardrails/zone";
import { checkDiskSpec } from "../lib/disk-limits";
import { isDnsLabel } from "../lib/naming";
import { ProblemList } from "../lib/validation";
import { checkSecretIsExpression } from "../providers/typed-resource";
import { DiskSnapshotPolicy } from "../retained-disk/disk-snapshot-policy";
import {
  isZoneId,
  RETAINED_DISK_PARTS,
  RetainedDisk,
  RetainedDiskProps,
} from "../retained-disk/retained-disk";
import {
  componentSlug,
  HARBOR_CHART,
  HARBOR_RELEASE_NAME,
  HARBOR_SERVICE_HTTP_PORT,
  HARBOR_SERVICE_NAME,
  harborClaimName,
  harborVolumeName,
} from "./harbor-chart";
import { HarborImageStorage } from "./harbor-image-storage";
import { HarborSecrets } from "./harbor-secrets";
import {
  HarborValues,
  harborValuesProblems,
  HarborValuesInput,
  renderHarborValues,
  requiredDiskComponents,
  SENSITIVE_VALUE_PATHS,
} from "./render-harbor-values";

/**
 * One component's disk: the disk props of {@link RetainedDiskProps}, documented there (the site
 * supplies the site name, zone, namespace and component).
 */
export interface HarborDiskOptions extends Pick<
  RetainedDiskProps,
  "sizeGiB" | "category" | "performanceLevel" | "encrypted" | "kmsKeyId" | "snapshotId"
> {}

/** Disks of a site: every component, except `registry` when blobs live in OSS. */
export type HarborSiteDisks = Readonly<Partial<Record<DiskComponent, HarborDiskOptions>>>;

/** Props of {@link HarborSite}. */
export interface HarborSiteProps {
  /** Site name (DNS label, at most 20 chars), e.g. `hz-h`: part of resource names, tags and addresses. */
  readonly siteName: string;
  /** Zone of the site's disks; every Harbor pod is pinned to it. **Replaces the disks** if changed. */
  readonly zone: string;
  /** `https://<gateway hostname>`: Harbor's externalURL, the same on both sites. */
  readonly externalUrl: string;
  /** Disk per component. */
  readonly disks: HarborSiteDisks;
  /** PEM key both sites sign registry tokens with: a Terraform reference (e.g. the shared stack's), never a literal. */
  readonly tokenSigningKeyPem: string;
  /** PEM certificate of the token key (the chart requires it beside the key): a Terraform reference. */
  readonly tokenCertificatePem: string;
  /**
   * Namespace of the release, created and kept by this construct.
   * @default `harbor-<siteName>`
   */
  readonly namespace?: string;
  /**
   * Extra labels of the namespace.
   * @default {}
   */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /**
   * Where image blobs live.
   * @default HarborImageStorage.disk()
   */
  readonly imageStorage?: HarborImageStorage;
  /**
   * Snapshot policy of the site's disks.
   * @default - a policy of the site: daily at 02:00 UTC+8, kept 7 days
   */
  readonly snapshotPolicy?: DiskSnapshotPolicy;
  /**
   * Existing secret in the namespace with the admin password under `HARBOR_ADMIN_PASSWORD`. It
   * must exist before the release is installed, and it stays the source of truth: keep it
   * current when the password changes (it is read back for `adminPassword`).
   * @default - a generated password (24 characters) in the secret `harbor-admin-password`
   */
  readonly adminPasswordSecretName?: string;
  /**
   * The admin password Harbor has now, once someone changed it after the first start: a Terraform
   * expression such as a sensitive variable (empty means the generated password). The admin
   * secret then holds it, so `adminPassword` and everything reading the secret (a backup job)
   * follow the change; Harbor itself only reads that secret on its first start. Not with
   * `adminPasswordSecretName`.
   * @default - the generated initial password
   */
  readonly currentAdminPassword?: string;
  /**
   * Run the Trivy scanner.
   * @default true
   */
  readonly trivyEnabled?: boolean;
  /**
   * OCI repositories of the Trivy vulnerability DB, in order of preference: a mirror for clusters
   * that cannot reach mirror.gcr.io or ghcr.io (e.g. mainland China).
   * @default - the chart's mirror.gcr.io and ghcr.io repositories
   */
  readonly trivyDbRepositories?: readonly string[];
  /**
   * OCI repositories of the Trivy Java DB.
   * @default - the chart's mirror.gcr.io and ghcr.io repositories
   */
  readonly trivyJavaDbRepositories?: readonly string[];
  /**
   * Air-gapped Trivy: never download DBs (place them on the Trivy disk) and scan without calling out.
   * @default false
   */
  readonly trivyOffline?: boolean;
  /**
   * Listen on IPv6 too; only for clusters whose nodes have IPv6 (nginx crashes otherwise).
   * @default false
   */
  readonly ipv6Enabled?: boolean;
  /**
   * Prometheus metrics on port 8001 of core, registry, jobservice and the exporter.
   * @default true
   */
  readonly metricsEnabled?: boolean;
  /**
   * A prometheus-operator ServiceMonitor for the metrics (needs its CRDs).
   * @default false
   */
  readonly serviceMonitorEnabled?: boolean;
  /**
   * How long an install or upgrade may take until every pod is ready.
   * @default 1200
   */
  readonly releaseTimeoutSec?: number;
  /**
   * Stateful resources Terraform may destroy, by name: `namespace`, `release`, and
   * `disk/<component>`, `volume/<component>`, `claim/<component>` with the component as in
   * Kubernetes names (`registry`, `database`, `redis`, `job-log`, `trivy`). Everything else
   * keeps prevent_destroy, and the guard fails synth if that protection goes missing.
   * @default []
   */
  readonly allowDestroy?: readonly string[];
}

/**
 * One Harbor site on Alibaba Cloud Kubernetes whose data survives pods, nodes, `helm uninstall`,
 * `cdktf destroy` and refactors:
 * - a namespace (prevent_destroy);
 * - a {@link RetainedDisk} per component (registry, database, redis, job logs, Trivy): an ECS disk
 *   with automatic snapshots, a static PersistentVolume (Retain) and its claim, all in the site's zone;
 * - the credentials Harbor needs, generated once by Terraform ({@link HarborSecrets}), and the
 *   token signing key shared with the other site;
 * - a `helm_release` of the pinned chart (harbor 1.19.1, Harbor 2.15.1) whose values come from
 *   {@link renderHarborValues}: every component on its existing claim, pods pinned to the zone,
 *   plain HTTP on the ClusterIP Service `harbor` port 80 behind the TLS gateway.
 *
 * No data directory is made world-writable: the chart runs redis and PostgreSQL as 999 and the
 * other components as 10000 with a matching pod fsGroup, and the kubelet hands each disk to that
 * group because our PersistentVolumes declare fsType and ReadWriteOnce (the disk CSI driver's
 * default fsGroupPolicy `ReadWriteOnceWithFSType`). This replaces the field report's
 * `chmod 777 /data/*` for Redis.
 *
 * Terraform addresses of the stateful resources derive from `siteName` (e.g.
 * `kubernetes_namespace_v1.namespace_hz-h`, `alicloud_ecs_disk.disk_hz-h_registry`), not from the
 * construct path: renaming this construct or moving it changes no address.
 *
 * @stateful
 * @example
 * const site = new HarborSite(stack, "harbor", {
 *   siteName: "hz-h",
 *   zone: "cn-hangzhou-h",
 *   externalUrl: "https://registry.example.com",
 *   tokenSigningKeyPem: shared.tokenSigningKeyPem,
 *   tokenCertificatePem: shared.tokenCertificatePem,
 *   disks: {
 *     registry: { sizeGiB: 500 },
 *     database: { sizeGiB: 40 },
 *     redis: { sizeGiB: 20, performanceLevel: "PL0" },
 *     jobLog: { sizeGiB: 20, performanceLevel: "PL0" },
 *     trivy: { sizeGiB: 20, performanceLevel: "PL0" },
 *   },
 * });
 * site.upstream; // "harbor.harbor-hz-h.svc.cluster.local:80", for the gateway
 */
export class HarborSite extends Construct {
  /** The namespace (escape hatch). */
  readonly namespaceResource: NamespaceV1;
  /** The Helm release (escape hatch). */
  readonly release: Release;
  /** The retained disk of each component that has one. */
  readonly disks: Readonly<Partial<Record<DiskComponent, RetainedDisk>>>;
  /** Generated credentials and the secrets holding them. */
  readonly secrets: HarborSecrets;
  /** Snapshot policy of the site's disks. */
  readonly snapshotPolicy: DiskSnapshotPolicy;
  /** The values given to the chart (no secrets in them). */
  readonly values: HarborValues;

  /** Site name, as given. */
  readonly siteName: string;
  /** Zone of the site's disks and pods. */
  readonly zone: string;
  /** Namespace of the release. */
  readonly namespace: string;
  /** Harbor's externalURL. */
  readonly externalUrl: string;
  /** Where image blobs live. */
  readonly imageStorage: HarborImageStorage;
  /**
   * The admin password as the admin secret holds it, a sensitive reference for the site's Harbor
   * provider: the generated initial password, or `currentAdminPassword` once that is set (or the
   * existing secret's value).
   */
  readonly adminPassword: string;
  /** In-cluster `host:port` of Harbor's HTTP Service, the gateway's upstream for this site. */
  readonly upstream: string;

  constructor(scope: Construct, id: string, props: HarborSiteProps) {
    super(scope, id);
    this.siteName = props.siteName;
    this.zone = props.zone;
    this.namespace = props.namespace ?? `harbor-${props.siteName}`;
    this.externalUrl = props.externalUrl;
    this.imageStorage = props.imageStorage ?? HarborImageStorage.disk();
    this.upstream = `${HARBOR_SERVICE_NAME}.${this.namespace}.svc.cluster.local:${HARBOR_SERVICE_HTTP_PORT}`;
    const allowDestroy = new Set(props.allowDestroy ?? []);
    const required = requiredDiskComponents(this.imageStorage.type);

    // Everything the renderer needs except secret names is known now: validate it all at once.
    const valuesInput = (claims: HarborValuesInput["claims"], secrets: HarborValuesInput["secrets"]) => ({
      externalUrl: props.externalUrl,
      zone: props.zone,
      claims,
      secrets,
      imageStorage: this.imageStorage.values,
      trivy: {
        enabled: props.trivyEnabled ?? true,
        dbRepositories: props.trivyDbRepositories ?? [],
        javaDbRepositories: props.trivyJavaDbRepositories ?? [],
        offline: props.trivyOffline ?? false,
      },
      ipv6Enabled: props.ipv6Enabled ?? false,
      metricsEnabled: props.metricsEnabled ?? true,
      serviceMonitorEnabled: props.serviceMonitorEnabled ?? false,
    });
    // Claims Harbor mounts: the components the storage type needs (a kept registry disk next to OSS
    // storage is not mounted).
    const claimNames = Object.fromEntries(
      required.filter((c) => props.disks?.[c] !== undefined).map((c) => [c, harborClaimName(c)]),
    );
    this.validate(props, required, valuesInput(claimNames, placeholderSecretRefs()));

    pinZone(this, props.zone);
    StatefulResourceGuard.applyTo(this);

    this.namespaceResource = new NamespaceV1(this, "namespace", {
      metadata: {
        name: this.namespace,
        labels: {
          ...(props.namespaceLabels ?? {}),
          "app.kubernetes.io/part-of": "harbor-cdktf",
          "harbor-cdktf/site": props.siteName,
          // Harbor's pods need nothing privileged; warn where they would not meet "restricted".
          "pod-security.kubernetes.io/enforce": "baseline",
          "pod-security.kubernetes.io/warn": "restricted",
        },
      },
    });
    pinAddress(this.namespaceResource, `namespace_${props.siteName}`);
    markStateful(this.namespaceResource, { name: "namespace", allowDestroy: allowDestroy.has("namespace") });
    // A reference, not the literal name: everything in the namespace is created after it.
    const namespaceRef = this.namespaceResource.metadata.name;

    this.secrets = new HarborSecrets(this, "secrets", {
      siteName: props.siteName,
      namespace: namespaceRef,
      tokenSigningKeyPem: props.tokenSigningKeyPem,
      tokenCertificatePem: props.tokenCertificatePem,
      adminPasswordSecretName: props.adminPasswordSecretName,
      currentAdminPassword: props.currentAdminPassword,
      ossAccessKeySecret: this.imageStorage.ossAccessKeySecret?.value,
    });
    this.adminPassword = this.secrets.adminPassword;

    this.snapshotPolicy =
      props.snapshotPolicy ??
      new DiskSnapshotPolicy(this, "snapshot-policy", { policyName: `harbor-${props.siteName}-daily` });

    const disks: Partial<Record<DiskComponent, RetainedDisk>> = {};
    // Every disk given is created, also a registry disk next to OSS storage, which Harbor does not
    // mount: dropping it from the props is what deletes a disk, never a change of storage type.
    for (const component of DISK_COMPONENTS.filter((c) => props.disks[c] !== undefined)) {
      const disk = props.disks[component] as HarborDiskOptions;
      const slug = componentSlug(component);
      disks[component] = new RetainedDisk(this, `disk-${slug}`, {
        siteName: props.siteName,
        component: slug,
        zone: props.zone,
        namespace: namespaceRef,
        sizeGiB: disk.sizeGiB,
        category: disk.category,
        performanceLevel: disk.performanceLevel,
        encrypted: disk.encrypted,
        kmsKeyId: disk.kmsKeyId,
        snapshotId: disk.snapshotId,
        snapshotPolicy: this.snapshotPolicy,
        volumeName: harborVolumeName(props.siteName, component),
        claimName: harborClaimName(component),
        labels: { "app.kubernetes.io/part-of": "harbor-cdktf", "harbor-cdktf/component": slug },
        allowDestroy: RETAINED_DISK_PARTS.filter((part) => allowDestroy.has(`${part}/${slug}`)),
      });
    }
    this.disks = disks;

    this.values = renderHarborValues(valuesInput(claimNames, this.secrets.refs));
    this.release = new Release(this, "release", {
      name: HARBOR_RELEASE_NAME,
      namespace: namespaceRef,
      repository: HARBOR_CHART.repository,
      chart: HARBOR_CHART.name,
      version: HARBOR_CHART.version,
      // JSON is YAML: Helm reads it as values, and it is rendered and re-read (by the stateful
      // guard) in a fraction of what a YAML serializer costs on every synth.
      values: [JSON.stringify(this.values, null, 2)],
      setSensitive: [{ name: SENSITIVE_VALUE_PATHS.databasePassword, value: this.secrets.databasePassword }],
      createNamespace: false,
      // Report success only once every pod is ready, so a broken upgrade fails the apply.
      wait: true,
      timeout: props.releaseTimeoutSec ?? 1200,
      // No atomic rollback: on a first install it would uninstall the release after a timeout
      // (a slow first image pull), and on an upgrade it could roll the database schema back under
      // a migrated database. A failed release stays for inspection and the next apply upgrades it.
      atomic: false,
      cleanupOnFail: false,
      maxHistory: 10,
      // Claims bound and secrets present before any pod starts: otherwise pods sit Pending or in
      // CreateContainerConfigError until the wait times out.
      dependsOn: [...Object.values(disks).map((disk) => disk.claim), ...this.secrets.secrets],
    });
    pinAddress(this.release, `release_${props.siteName}`);
    markStateful(this.release, { name: "release", allowDestroy: allowDestroy.has("release") });
  }

  private validate(
    props: HarborSiteProps,
    required: readonly DiskComponent[],
    valuesInput: HarborValuesInput,
  ): void {
    const problems = new ProblemList();
    const at = (field: string) => `${this.node.path}: ${field}`;
    problems.check(
      typeof props.siteName === "string" && isDnsLabel(props.siteName, 20),
      at("siteName"),
      props.siteName,
      "a DNS label of at most 20 chars: lowercase letters, digits and '-'",
    );
    problems.check(
      typeof props.zone === "string" && isZoneId(props.zone),
      at("zone"),
      props.zone,
      "a zone id such as cn-hangzhou-h (a zone, not a region)",
    );
    problems.check(
      isDnsLabel(this.namespace),
      at("namespace"),
      props.namespace,
      "a Kubernetes namespace name (DNS label, at most 63 chars)",
    );

    if (typeof props.disks !== "object" || props.disks === null) {
      problems.add(at("disks"), props.disks, `a disk for each of ${required.join(", ")}`);
    } else {
      for (const component of DISK_COMPONENTS) {
        const disk = props.disks[component];
        if (required.includes(component) && disk === undefined) {
          problems.add(
            at(`disks.${component}`),
            disk,
            `a disk ({ sizeGiB, category? }): Harbor's ${component} needs persistent storage`,
          );
        } else if (disk !== undefined) {
          checkDisk(problems, at(`disks.${component}.`), disk);
        }
      }
      for (const key of Object.keys(props.disks)) {
        if (!(DISK_COMPONENTS as readonly string[]).includes(key)) {
          problems.add(at(`disks.${key}`), key, `a Harbor component, one of ${DISK_COMPONENTS.join(", ")}`);
        }
      }
    }

    // externalUrl, trivy: the renderer's own checks (claims were checked above per disk).
    for (const problem of harborValuesProblems(valuesInput, `${this.node.path}: `).problems) {
      if (!problem.path.includes(": claims.")) problems.add(problem.path, problem.value, problem.expected);
    }

    checkSecretIsExpression(
      problems,
      at("tokenSigningKeyPem"),
      props.tokenSigningKeyPem,
      "a reference to the shared stack's tls_private_key",
    );
    checkSecretIsExpression(
      problems,
      at("tokenCertificatePem"),
      props.tokenCertificatePem,
      "a reference to the shared stack's certificate",
    );
    if (props.adminPasswordSecretName !== undefined) {
      problems.check(
        isDnsLabel(props.adminPasswordSecretName, 253),
        at("adminPasswordSecretName"),
        props.adminPasswordSecretName,
        "a Kubernetes secret name",
      );
    }
    const oss = this.imageStorage.ossAccessKeySecret;
    if (oss !== undefined) {
      const given = [oss.value, oss.existingName].filter((v) => v !== undefined).length;
      problems.check(
        given === 1,
        at("imageStorage"),
        given === 0 ? "(neither)" : "(both)",
        "exactly one of accessKeySecret (a sensitive variable; the site stores it) and accessKeySecretName (an existing secret)",
      );
      checkSecretIsExpression(
        problems,
        at("imageStorage.accessKeySecret"),
        oss.value,
        "a sensitive TerraformVariable",
      );
      if (oss.existingName !== undefined && !Token.isUnresolved(oss.existingName)) {
        problems.check(
          isDnsLabel(oss.existingName, 253),
          at("imageStorage.accessKeySecretName"),
          oss.existingName,
          "a Kubernetes secret name",
        );
      }
    }
    checkSecretIsExpression(
      problems,
      at("currentAdminPassword"),
      props.currentAdminPassword,
      "a sensitive TerraformVariable",
    );
    if (props.currentAdminPassword !== undefined && props.adminPasswordSecretName !== undefined) {
      problems.add(
        at("currentAdminPassword"),
        "(given with adminPasswordSecretName)",
        "either currentAdminPassword or adminPasswordSecretName: the existing secret is the source of truth, update it instead",
      );
    }
    const timeout = props.releaseTimeoutSec;
    problems.check(
      timeout === undefined || (Number.isInteger(timeout) && timeout >= 300 && timeout <= 7200),
      at("releaseTimeoutSec"),
      timeout,
      "a whole number of seconds from 300 to 7200 (a first install pulls every image)",
    );
    const destroyable = allowDestroyNames(required);
    for (const name of props.allowDestroy ?? []) {
      problems.check(
        destroyable.includes(name),
        at("allowDestroy"),
        name,
        `one of ${destroyable.join(", ")}`,
      );
    }
    problems.throwIfAny(`invalid HarborSite ${this.node.path}`);
  }
}

/** Names `allowDestroy` accepts for a site with these disk components. */
export function allowDestroyNames(components: readonly DiskComponent[]): string[] {
  return [
    "namespace",
    "release",
    ...components.flatMap((c) => RETAINED_DISK_PARTS.map((part) => `${part}/${componentSlug(c)}`)),
  ];
}

function checkDisk(problems: ProblemList, prefix: string, disk: HarborDiskOptions): void {
  if (typeof disk !== "object" || disk === null) {
    problems.add(prefix.slice(0, -1), disk, "a disk ({ sizeGiB, category?, performanceLevel? })");
    return;
  }
  const category = disk.category ?? "cloud_essd";
  const categoryOk = problems.check(
    (DISK_CATEGORIES as readonly string[]).includes(category),
    `${prefix}category`,
    disk.category,
    `one of ${DISK_CATEGORIES.join(", ")} (categories the disk CSI driver attaches)`,
  );
  const sizeOk = problems.check(
    typeof disk.sizeGiB === "number",
    `${prefix}sizeGiB`,
    disk.sizeGiB,
    "a size in GiB",
  );
  if (categoryOk && sizeOk) {
    checkDiskSpec(problems, prefix, {
      category,
      performanceLevel: disk.performanceLevel,
      sizeGiB: disk.sizeGiB,
    });
  }
  if (disk.snapshotId !== undefined && !Token.isUnresolved(disk.snapshotId)) {
    problems.check(
      /^s-[a-z0-9]+$/.test(disk.snapshotId),
      `${prefix}snapshotId`,
      disk.snapshotId,
      "an ECS snapshot id such as s-bp1234567890abcdef",
    );
  }
}

/** Secret names are fixed; validation only needs any well-formed value. */
function placeholderSecretRefs(): HarborValuesInput["secrets"] {
  return { internal: "-", adminPassword: "-", adminPasswordKey: "-", tokenKey: "-" };
}
