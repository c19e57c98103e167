/**
 * Renders the Helm values of one Harbor site from typed input. Pure: no cdktf, no I/O, no clock,
 * no randomness, so the same input always gives the same values and `cdktf diff` stays empty on a
 * second run. Secrets never pass through here: the values only name Kubernetes secrets that the
 * HarborSite construct creates (or the user provides), so the rendered document is safe to print.
 *
 * Every key emitted exists in the chart's values.yaml (test/constructs/harbor-site/
 * values-conformance.test.ts checks it for a matrix of inputs).
 */
import { DISK_COMPONENTS, DiskComponent } from "../../config/platform-config";
import { ProblemList } from "../lib/validation";
import {
  CHART_CLAIM_PATHS,
  HARBOR_SERVICE_HTTP_PORT,
  HARBOR_SERVICE_NAME,
  REGISTRY_CREDENTIALS_USERNAME,
  SECRET_KEYS,
  ZONE_LABEL,
} from "./harbor-chart";

/** Where the registry keeps image blobs. */
export type ImageStorageValuesInput =
  | { readonly type: "disk" }
  | {
      readonly type: "oss";
      readonly bucket: string;
      /** Alibaba Cloud region of the bucket, e.g. `cn-hangzhou` (rendered as the driver's `oss-cn-hangzhou`). */
      readonly region: string;
      /** AccessKey id; may be a Terraform reference (it is not a secret, the chart writes it into a ConfigMap). */
      readonly accessKeyId: string;
      /** Secret in the site namespace with the key `REGISTRY_STORAGE_OSS_ACCESSKEYSECRET`. */
      readonly accessKeySecretName: string;
      /** Reach OSS through the region's internal (VPC) endpoint. */
      readonly internalEndpoint: boolean;
    };

/** Trivy scanner settings. */
export interface TrivyValuesInput {
  /** Run the Trivy scanner. */
  readonly enabled: boolean;
  /**
   * OCI repositories of the vulnerability DB, in order of preference (a mirror the cluster can
   * reach). Empty keeps the chart's mirror.gcr.io / ghcr.io defaults.
   */
  readonly dbRepositories: readonly string[];
  /** Same for the Java DB. Empty keeps the chart defaults. */
  readonly javaDbRepositories: readonly string[];
  /**
   * Air-gapped: never download the DBs (they must be placed on the Trivy disk) and never call
   * out while scanning.
   */
  readonly offline: boolean;
}

/** The secrets the chart is pointed at, all in the release namespace. */
export interface HarborSecretRefs {
  /** Holds secretKey, secret, CSRF_KEY, JOBSERVICE_SECRET, REGISTRY_HTTP_SECRET, REGISTRY_PASSWD, REGISTRY_HTPASSWD. */
  readonly internal: string;
  /** Holds the initial admin password. */
  readonly adminPassword: string;
  /** Key of the admin password inside `adminPassword`. */
  readonly adminPasswordKey: string;
  /** TLS secret (`tls.key`, `tls.crt`) with the token signing key shared by both sites. */
  readonly tokenKey: string;
}

/** Input of {@link renderHarborValues}: one site, every value explicit. */
export interface HarborValuesInput {
  /** `https://<gateway hostname>`: scheme of the token realm, links in the UI, CSRF origin. */
  readonly externalUrl: string;
  /** Zone every Harbor pod is pinned to: the zone of the site's disks. */
  readonly zone: string;
  /** PersistentVolumeClaim per component; `registry` only with disk image storage. */
  readonly claims: Readonly<Partial<Record<DiskComponent, string>>>;
  /** The secrets the chart reads its credentials from (`HarborSecrets.refs`). */
  readonly secrets: HarborSecretRefs;
  /** Where the registry keeps image blobs. */
  readonly imageStorage: ImageStorageValuesInput;
  /** Trivy scanner settings. */
  readonly trivy: TrivyValuesInput;
  /** Listen on IPv6 in the chart's nginx and portal; only for clusters with IPv6 on their nodes. */
  readonly ipv6Enabled: boolean;
  /** Expose Prometheus metrics (port 8001, `/metrics`) on core, registry, jobservice and the exporter. */
  readonly metricsEnabled: boolean;
  /** Create a prometheus-operator ServiceMonitor; needs the monitoring.coreos.com CRDs. */
  readonly serviceMonitorEnabled: boolean;
}

/** A values document: nested maps of YAML scalars and lists. */
export interface HarborValues {
  readonly [key: string]: unknown;
}

/**
 * Chart value paths that take a sensitive value through the release's `set_sensitive` list
 * instead of the values document (so the plan shows the document and hides only these).
 */
export const SENSITIVE_VALUE_PATHS = {
  /**
   * Superuser password of the internal PostgreSQL. The chart default is the well-known
   * "changeit", readable by anything that can reach the database Service.
   */
  databasePassword: "database.internal.password",
} as const;

/** Components that need a disk for the given image storage. */
export function requiredDiskComponents(
  imageStorage: ImageStorageValuesInput["type"],
): readonly DiskComponent[] {
  return imageStorage === "oss" ? DISK_COMPONENTS.filter((c) => c !== "registry") : DISK_COMPONENTS;
}

/** Chart components (values sections) whose pods must run in the site's zone. */
const POD_SECTIONS: readonly (readonly string[])[] = [
  ["nginx"],
  ["portal"],
  ["core"],
  ["jobservice"],
  ["registry"],
  ["trivy"],
  ["exporter"],
  ["database", "internal"],
  ["redis", "internal"],
];

/**
 * Problems of an input, each named by its field. `renderHarborValues` throws them; HarborSite
 * reports them under its own construct path.
 */
export function harborValuesProblems(input: HarborValuesInput, pathPrefix = ""): ProblemList {
  const problems = new ProblemList();
  const at = (field: string) => `${pathPrefix}${field}`;
  if (!isHttpsOrigin(input.externalUrl)) {
    problems.add(
      at("externalUrl"),
      input.externalUrl,
      "https://<gateway hostname> with no path: the token realm takes its scheme from it",
    );
  }
  if (typeof input.zone !== "string" || input.zone.trim() === "") {
    problems.add(at("zone"), input.zone, "the zone of the site's disks, e.g. cn-hangzhou-h");
  }
  const required = requiredDiskComponents(input.imageStorage.type);
  for (const component of DISK_COMPONENTS) {
    const claim = input.claims[component];
    if (required.includes(component) && !claim) {
      problems.add(
        at(`claims.${component}`),
        claim,
        `a PersistentVolumeClaim: Harbor's ${component} needs persistent storage`,
      );
    } else if (!required.includes(component) && claim) {
      problems.add(
        at(`claims.${component}`),
        claim,
        "no claim: with OSS image storage the registry keeps blobs in the bucket",
      );
    }
  }
  if (
    input.trivy.offline &&
    (input.trivy.dbRepositories.length > 0 || input.trivy.javaDbRepositories.length > 0)
  ) {
    problems.add(
      at("trivy.dbRepositories"),
      input.trivy.dbRepositories,
      "no repositories when trivy is offline: an offline scanner never downloads its DB",
    );
  }
  return problems;
}

/**
 * The Helm values of one Harbor site.
 *
 * @example
 * const values = renderHarborValues({
 *   externalUrl: "https://registry.example.com",
 *   zone: "cn-hangzhou-h",
 *   claims: { registry: "harbor-registry", jobLog: "harbor-job-log", database: "harbor-database",
 *             redis: "harbor-redis", trivy: "harbor-trivy" },
 *   secrets: { internal: "harbor-internal", adminPassword: "harbor-admin-password",
 *              adminPasswordKey: "HARBOR_ADMIN_PASSWORD", tokenKey: "harbor-token-key" },
 *   imageStorage: { type: "disk" },
 *   trivy: { enabled: true, dbRepositories: [], javaDbRepositories: [], offline: false },
 *   ipv6Enabled: false, metricsEnabled: true, serviceMonitorEnabled: false,
 * });
 * @throws ValidationError naming every bad field
 */
export function renderHarborValues(input: HarborValuesInput): HarborValues {
  harborValuesProblems(input).throwIfAny("invalid Harbor values input");

  const values: Record<string, unknown> = {
    // The gateway terminates TLS and forwards Host and X-Forwarded-Proto; Harbor sees plain HTTP
    // on its ClusterIP Service. externalURL must still be the public https URL: the token realm
    // takes its scheme from it (reference/notes-harbor-auth.md §1).
    expose: {
      type: "clusterIP",
      tls: { enabled: false },
      clusterIP: { name: HARBOR_SERVICE_NAME, ports: { httpPort: HARBOR_SERVICE_HTTP_PORT } },
    },
    externalURL: input.externalUrl,
    persistence: renderPersistence(input),
    existingSecretAdminPassword: input.secrets.adminPassword,
    existingSecretAdminPasswordKey: input.secrets.adminPasswordKey,
    existingSecretSecretKey: input.secrets.internal,
    ipFamily: { ipv6: { enabled: input.ipv6Enabled }, ipv4: { enabled: true } },
    // The registry and jobservice Deployments mount ReadWriteOnce disks: a rolling update would
    // start the new pod while the old one still holds the disk ("Multi-Attach error"). Set from
    // the first install: switching an existing release fails (harbor-helm #2288).
    updateStrategy: { type: "Recreate" },
    metrics: {
      enabled: input.metricsEnabled,
      serviceMonitor: { enabled: input.metricsEnabled && input.serviceMonitorEnabled },
    },
    core: {
      existingSecret: input.secrets.internal,
      existingXsrfSecret: input.secrets.internal,
      existingXsrfSecretKey: SECRET_KEYS.xsrfKey,
      // The same signing key on both sites: a token issued by one is accepted by the other after
      // a failover, and the key no longer changes on every helm upgrade (the chart's genCA default).
      secretName: input.secrets.tokenKey,
    },
    jobservice: {
      existingSecret: input.secrets.internal,
      existingSecretKey: SECRET_KEYS.jobserviceSecret,
    },
    registry: {
      existingSecret: input.secrets.internal,
      existingSecretKey: SECRET_KEYS.registryHttpSecret,
      // Upload Location headers stay correct even if a hop between client and registry loses
      // X-Forwarded-Proto (harbor-helm #132/#174); every current client resolves relative URLs.
      relativeurls: true,
      credentials: {
        username: REGISTRY_CREDENTIALS_USERNAME,
        existingSecret: input.secrets.internal,
      },
    },
    trivy: renderTrivy(input.trivy),
    database: { type: "internal" },
    redis: { type: "internal" },
  };

  // Cloud disks attach only to nodes of their own zone: every pod that may mount one (and, for
  // locality, every other Harbor pod) runs there.
  for (const section of POD_SECTIONS) {
    setPath(values, [...section, "nodeSelector"], { [ZONE_LABEL]: input.zone });
  }
  return values;
}

function renderPersistence(input: HarborValuesInput): Record<string, unknown> {
  const persistentVolumeClaim: Record<string, unknown> = {};
  for (const component of requiredDiskComponents(input.imageStorage.type)) {
    // existingClaim: the chart creates no PVC and no volumeClaimTemplate, so neither `helm
    // uninstall` nor a chart change can delete the claim; Terraform owns it, with prevent_destroy.
    setPath(
      persistentVolumeClaim,
      [...CHART_CLAIM_PATHS[component].slice(2), "existingClaim"],
      input.claims[component],
    );
  }
  return {
    enabled: true,
    // Only affects PVCs the chart creates itself (none here); kept so that a reader of the values
    // never wonders whether uninstall deletes data.
    resourcePolicy: "keep",
    persistentVolumeClaim,
    imageChartStorage: renderImageStorage(input.imageStorage),
  };
}

function renderImageStorage(storage: ImageStorageValuesInput): Record<string, unknown> {
  if (storage.type === "disk") {
    return { type: "filesystem", filesystem: { rootdirectory: "/storage" } };
  }
  return {
    type: "oss",
    // Blobs flow through Harbor and the gateway instead of redirecting clients to OSS: an
    // internal endpoint is unreachable from outside the VPC, and the gateway's failover and
    // authentication then apply to blob downloads as well.
    disableredirect: true,
    oss: {
      accesskeyid: storage.accessKeyId,
      // The distribution OSS driver wants the OSS region id, `oss-<region>` (its docs:
      // "for example oss-cn-beijing"); with `internal` it derives `oss-<region>-internal.aliyuncs.com`.
      region: `oss-${storage.region}`,
      bucket: storage.bucket,
      existingSecret: storage.accessKeySecretName,
      // The template emits `internal` only when truthy; public endpoints are the driver default.
      ...(storage.internalEndpoint ? { internal: true } : {}),
    },
  };
}

function renderTrivy(trivy: TrivyValuesInput): Record<string, unknown> {
  if (!trivy.enabled) return { enabled: false };
  const values: Record<string, unknown> = { enabled: true };
  if (trivy.dbRepositories.length > 0) values.dbRepository = [...trivy.dbRepositories];
  if (trivy.javaDbRepositories.length > 0) values.javaDBRepository = [...trivy.javaDbRepositories];
  if (trivy.offline) {
    values.skipUpdate = true;
    values.skipJavaDBUpdate = true;
    values.offlineScan = true;
  }
  return values;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== "object" || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

function isHttpsOrigin(value: unknown): boolean {
  if (typeof value !== "string") return false;
  return /^https:\/\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?$/.test(value);
}
