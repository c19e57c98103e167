/**
 * The Harbor chart we deploy and the names our resources and the chart agree on. Pure data: the
 * values renderer, the HarborSite construct and other teams' code (alerts on PVC names, the
 * gateway's upstream) import these instead of repeating strings.
 */
import { DiskComponent } from "../../config/platform-config";

/**
 * The pinned chart: goharbor/harbor-helm v1.19.1 ships Harbor 2.15.1. Bumping it is a reviewed
 * change (the values conformance test reads `reference/harbor-helm-values.yaml` of this version).
 */
export const HARBOR_CHART = {
  repository: "https://helm.goharbor.io",
  name: "harbor",
  version: "1.19.1",
  appVersion: "2.15.1",
} as const;

/**
 * Helm release name. It contains "harbor", so the chart's fullname is exactly `harbor` and the
 * Service the gateway reaches is `harbor.<namespace>.svc` (chart `_helpers.tpl` `harbor.fullname`).
 */
export const HARBOR_RELEASE_NAME = "harbor";

/** Name of the chart's ClusterIP Service (`expose.clusterIP.name`), port 80. */
export const HARBOR_SERVICE_NAME = "harbor";
/** Plain-HTTP port of that Service; TLS ends at the gateway. */
export const HARBOR_SERVICE_HTTP_PORT = 80;

/** Zone label of pods and PersistentVolumes; see guardrails/zone.ts for the choice. */
export { ZONE_LABEL } from "../guardrails/zone";

/** Registry user in the htpasswd file; core and jobservice log in to the registry with it. */
export const REGISTRY_CREDENTIALS_USERNAME = "harbor_registry_user";

/**
 * Key names the chart reads from the secrets we hand it (verified in harbor-helm v1.19.1
 * `templates/core/core-dpl.yaml`, `core-secret.yaml`, `jobservice/jobservice-dpl.yaml`,
 * `registry/registry-dpl.yaml`).
 */
export const SECRET_KEYS = {
  /** `existingSecretAdminPassword`: key named by `existingSecretAdminPasswordKey`. */
  adminPassword: "HARBOR_ADMIN_PASSWORD",
  /** `existingSecretSecretKey`: fixed key `secretKey` (16 chars; encrypts stored credentials). */
  secretKey: "secretKey",
  /** `core.existingSecret`: fixed key `secret`. */
  coreSecret: "secret",
  /** `core.existingXsrfSecret`: key named by `core.existingXsrfSecretKey`. */
  xsrfKey: "CSRF_KEY",
  /** `jobservice.existingSecret`: key named by `jobservice.existingSecretKey`. */
  jobserviceSecret: "JOBSERVICE_SECRET",
  /** `registry.existingSecret`: key named by `registry.existingSecretKey`. */
  registryHttpSecret: "REGISTRY_HTTP_SECRET",
  /** `registry.credentials.existingSecret`: fixed keys. */
  registryPassword: "REGISTRY_PASSWD",
  registryHtpasswd: "REGISTRY_HTPASSWD",
  /** `core.secretName`: a TLS secret; core mounts only `tls.key` as its token signing key. */
  tokenKey: "tls.key",
  tokenCertificate: "tls.crt",
  /**
   * `persistence.imageChartStorage.oss.existingSecret`: fixed key, read by the registry through an
   * `optional: true` secretKeyRef (`templates/registry/registry-dpl.yaml`).
   */
  ossAccessKeySecret: "REGISTRY_STORAGE_OSS_ACCESSKEYSECRET",
} as const;

/** Names of the Kubernetes secrets HarborSite creates in the site namespace. */
export const HARBOR_SECRET_NAMES = {
  /** secretKey, core, jobservice, registry HTTP secrets, XSRF key and registry credentials. */
  internal: "harbor-internal",
  /** The generated initial admin password. */
  adminPassword: "harbor-admin-password",
  /** The token signing key pair shared by both sites. */
  tokenKey: "harbor-token-key",
  /** The OSS AccessKey secret, when the site is given its value (`HarborImageStorage.oss`). */
  ossAccessKey: "harbor-oss-access-key",
} as const;

/** Chart value path of each component's PersistentVolumeClaim settings. */
export const CHART_CLAIM_PATHS: Readonly<Record<DiskComponent, readonly string[]>> = {
  registry: ["persistence", "persistentVolumeClaim", "registry"],
  jobLog: ["persistence", "persistentVolumeClaim", "jobservice", "jobLog"],
  database: ["persistence", "persistentVolumeClaim", "database"],
  redis: ["persistence", "persistentVolumeClaim", "redis"],
  trivy: ["persistence", "persistentVolumeClaim", "trivy"],
};

/** DNS-label form of a component, for Kubernetes object names and disk tags. */
export function componentSlug(component: DiskComponent): string {
  return component === "jobLog" ? "job-log" : component;
}

/** The PersistentVolumeClaim HarborSite creates for a component in the site namespace, e.g. `harbor-job-log`. */
export function harborClaimName(component: DiskComponent): string {
  return `harbor-${componentSlug(component)}`;
}

/**
 * The cluster-scoped PersistentVolume of a component. It carries the site name because two sites
 * may share one cluster, e.g. `harbor-hz-h-registry`.
 */
export function harborVolumeName(siteName: string, component: DiskComponent): string {
  return `harbor-${siteName}-${componentSlug(component)}`;
}
