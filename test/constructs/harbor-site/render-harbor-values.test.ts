import {
  renderHarborValues,
  requiredDiskComponents,
} from "../../../constructs/harbor-site/render-harbor-values";
import { ValidationError } from "../../../constructs/lib/validation";
import { diskSiteInput, ossSiteInput } from "./harbor-values-fixtures";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- values are a free-form document
type Doc = any;

function render(input = diskSiteInput()): Doc {
  return renderHarborValues(input);
}

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("renderHarborValues", () => {
  test("exposes plain HTTP on the ClusterIP Service 'harbor' port 80, TLS at the gateway", () => {
    const values = render();
    expect(values.expose).toEqual({
      type: "clusterIP",
      tls: { enabled: false },
      clusterIP: { name: "harbor", ports: { httpPort: 80 } },
    });
    expect(values.externalURL).toBe("https://registry.example.com");
  });

  test("puts every component on its existing claim and keeps resources on uninstall", () => {
    const { persistence } = render();
    expect(persistence.enabled).toBe(true);
    expect(persistence.resourcePolicy).toBe("keep");
    expect(persistence.persistentVolumeClaim).toEqual({
      registry: { existingClaim: "harbor-registry" },
      jobservice: { jobLog: { existingClaim: "harbor-job-log" } },
      database: { existingClaim: "harbor-database" },
      redis: { existingClaim: "harbor-redis" },
      trivy: { existingClaim: "harbor-trivy" },
    });
    expect(persistence.imageChartStorage).toEqual({
      type: "filesystem",
      filesystem: { rootdirectory: "/storage" },
    });
  });

  test("recreates the disk-mounting Deployments instead of rolling them", () => {
    expect(render().updateStrategy).toEqual({ type: "Recreate" });
  });

  test("pins every Harbor pod to the site's zone with the PV's topology label", () => {
    const values = render(diskSiteInput({ zone: "cn-hangzhou-i" }));
    const zoneSelector = { "topology.kubernetes.io/zone": "cn-hangzhou-i" };
    for (const section of [
      values.nginx,
      values.portal,
      values.core,
      values.jobservice,
      values.registry,
      values.trivy,
      values.exporter,
      values.database.internal,
      values.redis.internal,
    ]) {
      expect(section.nodeSelector).toEqual(zoneSelector);
    }
  });

  test("points the chart at existing secrets for every generated credential", () => {
    const values = render();
    expect(values.existingSecretAdminPassword).toBe("harbor-admin-password");
    expect(values.existingSecretAdminPasswordKey).toBe("HARBOR_ADMIN_PASSWORD");
    expect(values.existingSecretSecretKey).toBe("harbor-internal");
    expect(values.core).toMatchObject({
      existingSecret: "harbor-internal",
      existingXsrfSecret: "harbor-internal",
      existingXsrfSecretKey: "CSRF_KEY",
      secretName: "harbor-token-key",
    });
    expect(values.jobservice).toMatchObject({
      existingSecret: "harbor-internal",
      existingSecretKey: "JOBSERVICE_SECRET",
    });
    expect(values.registry).toMatchObject({
      existingSecret: "harbor-internal",
      existingSecretKey: "REGISTRY_HTTP_SECRET",
      credentials: { username: "harbor_registry_user", existingSecret: "harbor-internal" },
    });
  });

  // Each template that generates a value on render (harbor-helm v1.19.1) and the value that turns
  // the generation off; a generated value differs between renders and restarts pods.
  test.each([
    ["core/core-secret.yaml genCA token key", (v: Doc) => v.core.secretName],
    ["core/core-secret.yaml randAlphaNum core secret", (v: Doc) => v.core.existingSecret],
    ["core/core-secret.yaml randAlphaNum CSRF key", (v: Doc) => v.core.existingXsrfSecret],
    ["jobservice/jobservice-secrets.yaml randAlphaNum", (v: Doc) => v.jobservice.existingSecret],
    ["registry/registry-secret.yaml randAlphaNum", (v: Doc) => v.registry.existingSecret],
    ["registry/registry-secret.yaml htpasswd salt", (v: Doc) => v.registry.credentials.existingSecret],
    ["nginx/secret.yaml genCA (TLS off)", (v: Doc) => v.expose.tls.enabled === false],
    ["internal/auto-tls.yaml genCA (internal TLS off)", (v: Doc) => v.internalTLS === undefined],
  ])("leaves the chart nothing to generate: %s", (_template, disabledBy) => {
    for (const input of [diskSiteInput(), ossSiteInput()]) expect(disabledBy(render(input))).toBeTruthy();
  });

  test("never renders a password, key or token value, nor the chart's random-on-render defaults", () => {
    const text = JSON.stringify(render());
    for (const key of [
      "harborAdminPassword",
      '"secretKey"',
      '"secret"',
      "xsrfKey",
      "tokenKey",
      "tokenCert",
      "htpasswdString",
      '"password"',
      "accesskeysecret",
    ]) {
      expect(text).not.toContain(key);
    }
  });

  test("turns metrics on without a ServiceMonitor unless asked", () => {
    expect(render().metrics).toEqual({ enabled: true, serviceMonitor: { enabled: false } });
    expect(render(diskSiteInput({ serviceMonitorEnabled: true })).metrics.serviceMonitor).toEqual({
      enabled: true,
    });
    expect(render(diskSiteInput({ metricsEnabled: false, serviceMonitorEnabled: true })).metrics).toEqual({
      enabled: false,
      serviceMonitor: { enabled: false },
    });
  });

  test("keeps IPv6 off unless asked", () => {
    expect(render().ipFamily).toEqual({ ipv6: { enabled: false }, ipv4: { enabled: true } });
    expect(render(diskSiteInput({ ipv6Enabled: true })).ipFamily.ipv6.enabled).toBe(true);
  });

  test("runs Trivy with the chart's DB sources by default", () => {
    expect(render().trivy).toEqual({
      enabled: true,
      nodeSelector: { "topology.kubernetes.io/zone": "cn-hangzhou-h" },
    });
  });

  test("downloads Trivy DBs from mirrors when given", () => {
    const trivy = render(
      diskSiteInput({
        trivy: {
          enabled: true,
          dbRepositories: ["registry.cn-hangzhou.aliyuncs.com/acme/trivy-db"],
          javaDbRepositories: ["registry.cn-hangzhou.aliyuncs.com/acme/trivy-java-db"],
          offline: false,
        },
      }),
    ).trivy;
    expect(trivy.dbRepository).toEqual(["registry.cn-hangzhou.aliyuncs.com/acme/trivy-db"]);
    expect(trivy.javaDBRepository).toEqual(["registry.cn-hangzhou.aliyuncs.com/acme/trivy-java-db"]);
    expect(trivy.skipUpdate).toBeUndefined();
  });

  test("makes an offline Trivy skip both DB updates and scan without calling out", () => {
    const trivy = render(
      diskSiteInput({ trivy: { enabled: true, dbRepositories: [], javaDbRepositories: [], offline: true } }),
    ).trivy;
    expect(trivy).toMatchObject({ skipUpdate: true, skipJavaDBUpdate: true, offlineScan: true });
  });

  test("stores blobs in OSS through the internal endpoint without a registry claim", () => {
    const { persistence } = render(ossSiteInput());
    expect(persistence.persistentVolumeClaim.registry).toBeUndefined();
    expect(persistence.persistentVolumeClaim.database).toEqual({ existingClaim: "harbor-database" });
    expect(persistence.imageChartStorage).toEqual({
      type: "oss",
      disableredirect: true,
      oss: {
        accesskeyid: "${var.hz_h_oss_access_key_id}",
        region: "oss-cn-hangzhou",
        bucket: "acme-harbor-hz-h",
        existingSecret: "harbor-oss",
        internal: true,
      },
    });
  });

  test("omits the internal flag for a public OSS endpoint (the chart cannot render false)", () => {
    const input = ossSiteInput();
    const storage = { ...input.imageStorage, internalEndpoint: false } as typeof input.imageStorage;
    expect(
      render({ ...input, imageStorage: storage }).persistence.imageChartStorage.oss.internal,
    ).toBeUndefined();
  });

  test("needs a disk for every component, except the registry with OSS", () => {
    expect(requiredDiskComponents("disk")).toEqual(["registry", "database", "redis", "jobLog", "trivy"]);
    expect(requiredDiskComponents("oss")).toEqual(["database", "redis", "jobLog", "trivy"]);
  });

  test("renders the same document for the same input", () => {
    expect(JSON.stringify(render())).toBe(JSON.stringify(render()));
  });

  test("fails with one problem naming a component without storage", () => {
    const { trivy: _trivy, ...claims } = diskSiteInput().claims;
    const error = errorOf(() => renderHarborValues(diskSiteInput({ claims })));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].path).toBe("claims.trivy");
    expect(error.message).toContain("Harbor's trivy needs persistent storage");
  });

  test("fails when a registry claim is given with OSS storage", () => {
    const error = errorOf(() => renderHarborValues(ossSiteInput({ claims: diskSiteInput().claims })));
    expect(error.problems.map((p) => p.path)).toEqual(["claims.registry"]);
  });

  test("fails on an externalUrl that is not an https origin", () => {
    for (const externalUrl of [
      "http://registry.example.com",
      "https://registry.example.com/",
      "registry.example.com",
    ]) {
      const error = errorOf(() => renderHarborValues(diskSiteInput({ externalUrl })));
      expect(error.problems.map((p) => p.path)).toEqual(["externalUrl"]);
    }
  });

  test("fails on mirrors for an offline Trivy", () => {
    const error = errorOf(() =>
      renderHarborValues(
        diskSiteInput({
          trivy: {
            enabled: true,
            dbRepositories: ["mirror/trivy-db"],
            javaDbRepositories: [],
            offline: true,
          },
        }),
      ),
    );
    expect(error.problems.map((p) => p.path)).toEqual(["trivy.dbRepositories"]);
  });
});
