import { HarborValuesInput } from "../../../constructs/harbor-site/render-harbor-values";

/** A valid disk-storage input; tests override one field at a time. */
export function diskSiteInput(overrides: Partial<HarborValuesInput> = {}): HarborValuesInput {
  return {
    externalUrl: "https://registry.example.com",
    zone: "cn-hangzhou-h",
    claims: {
      registry: "harbor-registry",
      jobLog: "harbor-job-log",
      database: "harbor-database",
      redis: "harbor-redis",
      trivy: "harbor-trivy",
    },
    secrets: {
      internal: "harbor-internal",
      adminPassword: "harbor-admin-password",
      adminPasswordKey: "HARBOR_ADMIN_PASSWORD",
      tokenKey: "harbor-token-key",
    },
    imageStorage: { type: "disk" },
    trivy: { enabled: true, dbRepositories: [], javaDbRepositories: [], offline: false },
    ipv6Enabled: false,
    metricsEnabled: true,
    serviceMonitorEnabled: false,
    ...overrides,
  };
}

/** The same site with image blobs in OSS (no registry claim). */
export function ossSiteInput(overrides: Partial<HarborValuesInput> = {}): HarborValuesInput {
  const { registry: _registry, ...claims } = diskSiteInput().claims;
  return diskSiteInput({
    claims,
    imageStorage: {
      type: "oss",
      bucket: "acme-harbor-hz-h",
      region: "cn-hangzhou",
      accessKeyId: "${var.hz_h_oss_access_key_id}",
      accessKeySecretName: "harbor-oss",
      internalEndpoint: true,
    },
    ...overrides,
  });
}
