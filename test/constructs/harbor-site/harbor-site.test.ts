import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { parse } from "yaml";
import { STATEFUL_RESOURCE_TYPES } from "../../../constructs/guardrails/stateful";
import {
  HarborImageStorage,
  HarborOssStorageOptions,
} from "../../../constructs/harbor-site/harbor-image-storage";
import { HarborSite, HarborSiteProps } from "../../../constructs/harbor-site/harbor-site";
import {
  addresses,
  errorAnnotations,
  newStack,
  resourceBody,
  synthJson,
  TfJson,
  validationErrorOf,
} from "../synth-helpers";

type SiteProps = Omit<HarborSiteProps, "tokenSigningKeyPem" | "tokenCertificatePem">;

const DISKS: HarborSiteProps["disks"] = {
  registry: { sizeGiB: 500 },
  database: { sizeGiB: 40 },
  redis: { sizeGiB: 20, performanceLevel: "PL0" },
  jobLog: { sizeGiB: 20, performanceLevel: "PL0" },
  trivy: { sizeGiB: 20, performanceLevel: "PL0" },
};

const PROPS: SiteProps = {
  siteName: "hz-h",
  zone: "cn-hangzhou-h",
  externalUrl: "https://registry.example.com",
  disks: DISKS,
};

/** A site in a stack whose token key comes from sensitive variables, as from another stack. */
function buildSite(
  overrides: Partial<HarborSiteProps> = {},
  scope?: (stack: TerraformStack) => Construct,
  id = "harbor",
) {
  const { stack } = newStack();
  const key = new TerraformVariable(stack, "token_key", { sensitive: true });
  const cert = new TerraformVariable(stack, "token_cert", {});
  const site = new HarborSite(scope ? scope(stack) : stack, id, {
    ...PROPS,
    tokenSigningKeyPem: key.stringValue,
    tokenCertificatePem: cert.stringValue,
    ...overrides,
  });
  return { stack, site, json: synthJson(stack) as TfJson };
}

function releaseValues(json: TfJson): TfJson {
  const release = resourceBody(json, "helm_release", "release_hz-h");
  expect(release.values).toHaveLength(1);
  return parse(release.values[0]);
}

const COMPONENT_SLUGS = ["registry", "database", "redis", "job-log", "trivy"];

describe("HarborSite", () => {
  test("synthesizes disks, snapshot attachments, volumes, claims, namespace, secrets and the release", () => {
    const { json } = buildSite();
    expect(addresses(json)).toEqual(
      [
        "alicloud_ecs_auto_snapshot_policy.snapshot-policy_harbor-hz-h-daily",
        ...COMPONENT_SLUGS.flatMap((c) => [
          `alicloud_ecs_auto_snapshot_policy_attachment.snapshots_hz-h_${c}`,
          `alicloud_ecs_disk.disk_hz-h_${c}`,
          `kubernetes_persistent_volume_claim_v1.pvc_hz-h_${c}`,
          `kubernetes_persistent_volume_v1.pv_hz-h_${c}`,
        ]),
        "helm_release.release_hz-h",
        "kubernetes_namespace_v1.namespace_hz-h",
        "kubernetes_secret_v1.secret_hz-h_admin-password",
        "kubernetes_secret_v1.secret_hz-h_internal",
        "kubernetes_secret_v1.secret_hz-h_token-key",
        ...[
          "admin-password",
          "core-secret",
          "database-password",
          "jobservice-secret",
          "registry-http-secret",
          "registry-password",
          "secret-key",
          "xsrf-key",
        ].map((p) => `random_password.password_hz-h_${p}`),
      ].sort(),
    );
  });

  test("puts every stateful resource under prevent_destroy and passes the guard", () => {
    const { json, stack } = buildSite();
    const stateful = addresses(json, STATEFUL_RESOURCE_TYPES);
    expect(stateful).toHaveLength(5 * 3 + 2);
    for (const address of stateful) {
      const [type, name] = address.split(".");
      expect({ address, lifecycle: resourceBody(json, type, name).lifecycle }).toMatchObject({
        lifecycle: { prevent_destroy: true },
      });
    }
    expect(errorAnnotations(stack)).toEqual([]);
  });

  test("creates the namespace with site labels and pod security", () => {
    const namespace = resourceBody(
      buildSite({ namespaceLabels: { team: "platform" } }).json,
      "kubernetes_namespace_v1",
      "namespace_hz-h",
    );
    expect(namespace.metadata).toEqual({
      name: "harbor-hz-h",
      labels: {
        team: "platform",
        "app.kubernetes.io/part-of": "harbor-cdktf",
        "harbor-cdktf/site": "hz-h",
        "pod-security.kubernetes.io/enforce": "baseline",
        "pod-security.kubernetes.io/warn": "restricted",
      },
    });
  });

  describe("the release", () => {
    test("installs the pinned chart into the namespace without atomic rollback", () => {
      const release = resourceBody(buildSite().json, "helm_release", "release_hz-h");
      expect(release).toMatchObject({
        name: "harbor",
        namespace: "${kubernetes_namespace_v1.namespace_hz-h.metadata[0].name}",
        repository: "https://helm.goharbor.io",
        chart: "harbor",
        version: "1.19.1",
        create_namespace: false,
        wait: true,
        timeout: 1200,
        atomic: false,
        cleanup_on_fail: false,
        max_history: 10,
        lifecycle: { prevent_destroy: true },
      });
    });

    test("waits for every claim and secret", () => {
      const release = resourceBody(buildSite().json, "helm_release", "release_hz-h");
      expect([...release.depends_on].sort()).toEqual(
        [
          ...COMPONENT_SLUGS.map((c) => `kubernetes_persistent_volume_claim_v1.pvc_hz-h_${c}`),
          "kubernetes_secret_v1.secret_hz-h_admin-password",
          "kubernetes_secret_v1.secret_hz-h_internal",
          "kubernetes_secret_v1.secret_hz-h_token-key",
        ].sort(),
      );
    });

    test("mounts each component's own claim, the one bound to its retained volume", () => {
      const { json } = buildSite();
      const claims = releaseValues(json).persistence.persistentVolumeClaim;
      const claimOf: Record<string, string> = {
        registry: claims.registry.existingClaim,
        database: claims.database.existingClaim,
        redis: claims.redis.existingClaim,
        "job-log": claims.jobservice.jobLog.existingClaim,
        trivy: claims.trivy.existingClaim,
      };
      for (const slug of COMPONENT_SLUGS) {
        const pvc = resourceBody(json, "kubernetes_persistent_volume_claim_v1", `pvc_hz-h_${slug}`);
        expect(pvc.metadata.name).toBe(claimOf[slug]);
        expect(pvc.metadata.namespace).toBe("${kubernetes_namespace_v1.namespace_hz-h.metadata[0].name}");
        const pv = resourceBody(json, "kubernetes_persistent_volume_v1", `pv_hz-h_${slug}`);
        expect(pvc.spec.volume_name).toBe(pv.metadata.name);
        expect(pv.spec[0].claim_ref.name).toBe(claimOf[slug]);
      }
    });

    test("pins pods to the zone of the disks and volumes", () => {
      const { json } = buildSite({ zone: "cn-hangzhou-k" });
      const values = releaseValues(json);
      const selector = { "topology.kubernetes.io/zone": "cn-hangzhou-k" };
      expect(values.core.nodeSelector).toEqual(selector);
      expect(values.database.internal.nodeSelector).toEqual(selector);
      expect(values.redis.internal.nodeSelector).toEqual(selector);
      for (const slug of COMPONENT_SLUGS) {
        expect(resourceBody(json, "alicloud_ecs_disk", `disk_hz-h_${slug}`).zone_id).toBe("cn-hangzhou-k");
        expect(
          resourceBody(json, "kubernetes_persistent_volume_v1", `pv_hz-h_${slug}`).spec[0].node_affinity
            .required.node_selector_term[0].match_expressions[0],
        ).toEqual({ key: "topology.kubernetes.io/zone", operator: "In", values: ["cn-hangzhou-k"] });
      }
    });

    test("serves plain HTTP on the ClusterIP Service behind the gateway's https URL", () => {
      const { json, site } = buildSite();
      const values = releaseValues(json);
      expect(values.externalURL).toBe("https://registry.example.com");
      expect(values.expose).toEqual({
        type: "clusterIP",
        tls: { enabled: false },
        clusterIP: { name: "harbor", ports: { httpPort: 80 } },
      });
      expect(site.upstream).toBe("harbor.harbor-hz-h.svc.cluster.local:80");
    });

    test("recreates RWO pods, keeps resources, turns metrics and Trivy on and IPv6 off", () => {
      const values = releaseValues(buildSite().json);
      expect(values.updateStrategy).toEqual({ type: "Recreate" });
      expect(values.persistence.resourcePolicy).toBe("keep");
      expect(values.metrics.enabled).toBe(true);
      expect(values.trivy.enabled).toBe(true);
      expect(values.ipFamily.ipv6.enabled).toBe(false);
    });

    test("sets the database password from Terraform state, outside the values document", () => {
      const release = resourceBody(buildSite().json, "helm_release", "release_hz-h");
      expect(release.set_sensitive).toEqual([
        {
          name: "database.internal.password",
          value: "${random_password.password_hz-h_database-password.result}",
        },
      ]);
      expect(release.values[0]).not.toContain("password_hz-h");
    });

    test("passes Trivy mirrors, offline scanning and IPv6 through", () => {
      const mirrored = releaseValues(
        buildSite({ trivyDbRepositories: ["mirror.example.com/trivy-db"], ipv6Enabled: true }).json,
      );
      expect(mirrored.trivy.dbRepository).toEqual(["mirror.example.com/trivy-db"]);
      expect(mirrored.ipFamily.ipv6.enabled).toBe(true);
      const offline = releaseValues(buildSite({ trivyOffline: true }).json);
      expect(offline.trivy).toMatchObject({ skipUpdate: true, skipJavaDBUpdate: true, offlineScan: true });
    });
  });

  describe("secrets", () => {
    test("generates every credential with the length Harbor requires, without special characters", () => {
      const { json } = buildSite();
      const lengthOf = (purpose: string) => resourceBody(json, "random_password", `password_hz-h_${purpose}`);
      for (const [purpose, length] of [
        ["secret-key", 16],
        ["core-secret", 16],
        ["jobservice-secret", 16],
        ["registry-http-secret", 16],
        ["xsrf-key", 32],
      ] as const) {
        expect({ purpose, ...lengthOf(purpose) }).toMatchObject({ purpose, length, special: false });
      }
      expect(lengthOf("admin-password")).toMatchObject({
        length: 24,
        min_upper: 1,
        min_lower: 1,
        min_numeric: 1,
      });
    });

    test("protects the secrets bound to stored data from replacement", () => {
      const { json } = buildSite();
      for (const purpose of ["secret-key", "database-password", "admin-password"]) {
        expect(resourceBody(json, "random_password", `password_hz-h_${purpose}`).lifecycle).toEqual({
          prevent_destroy: true,
        });
      }
    });

    test("holds the keys the chart's existingSecret values read, all as Terraform references", () => {
      const { json } = buildSite();
      const internal = resourceBody(json, "kubernetes_secret_v1", "secret_hz-h_internal");
      expect(internal.metadata.name).toBe("harbor-internal");
      expect(internal.data).toEqual({
        secretKey: "${random_password.password_hz-h_secret-key.result}",
        secret: "${random_password.password_hz-h_core-secret.result}",
        CSRF_KEY: "${random_password.password_hz-h_xsrf-key.result}",
        JOBSERVICE_SECRET: "${random_password.password_hz-h_jobservice-secret.result}",
        REGISTRY_HTTP_SECRET: "${random_password.password_hz-h_registry-http-secret.result}",
        REGISTRY_PASSWD: "${random_password.password_hz-h_registry-password.result}",
        // bcrypt_hash is computed once at creation and kept in state: no diff on the next plan.
        REGISTRY_HTPASSWD:
          "harbor_registry_user:${random_password.password_hz-h_registry-password.bcrypt_hash}",
      });
      const values = releaseValues(json);
      expect(values.existingSecretSecretKey).toBe("harbor-internal");
      expect(values.registry.credentials).toEqual({
        username: "harbor_registry_user",
        existingSecret: "harbor-internal",
      });
    });

    test("gives the shared token key to core through a TLS secret", () => {
      const { json } = buildSite();
      const token = resourceBody(json, "kubernetes_secret_v1", "secret_hz-h_token-key");
      expect(token).toMatchObject({
        type: "kubernetes.io/tls",
        metadata: { name: "harbor-token-key" },
        data: { "tls.key": "${var.token_key}", "tls.crt": "${var.token_cert}" },
      });
      expect(releaseValues(json).core.secretName).toBe("harbor-token-key");
    });

    test("writes no literal secret into the synthesized JSON", () => {
      const { json } = buildSite();
      for (const secret of Object.values(json.resource.kubernetes_secret_v1) as TfJson[]) {
        for (const value of Object.values(secret.data) as string[]) {
          expect(value).toMatch(/\$\{(random_password|var)\.[^}]+\}$/);
        }
      }
    });

    test("reads an existing admin password secret instead of generating one", () => {
      const { json, site } = buildSite({ adminPasswordSecretName: "harbor-admin" });
      expect(json.resource.random_password["password_hz-h_admin-password"]).toBeUndefined();
      expect(json.resource.kubernetes_secret_v1["secret_hz-h_admin-password"]).toBeUndefined();
      const values = releaseValues(json);
      expect(values.existingSecretAdminPassword).toBe("harbor-admin");
      expect(values.existingSecretAdminPasswordKey).toBe("HARBOR_ADMIN_PASSWORD");
      const [data] = Object.values(json.data.kubernetes_secret_v1) as TfJson[];
      expect(data.metadata.name).toBe("harbor-admin");
      expect(site.adminPassword).toMatch(/TOKEN/);
    });

    test("keeps the admin secret at the current password once it is given; adminPassword reads the secret", () => {
      const { stack } = newStack();
      const current = new TerraformVariable(stack, "harbor_hz_h_admin_password", {
        type: "string",
        sensitive: true,
        default: "",
      });
      const key = new TerraformVariable(stack, "token_key", { sensitive: true });
      const site = new HarborSite(stack, "harbor", {
        ...PROPS,
        tokenSigningKeyPem: key.stringValue,
        tokenCertificatePem: key.stringValue,
        currentAdminPassword: current.stringValue,
      });
      new TerraformOutput(stack, "admin_password", { value: site.adminPassword, sensitive: true });
      const json = synthJson(stack) as TfJson;
      expect(resourceBody(json, "kubernetes_secret_v1", "secret_hz-h_admin-password").data).toEqual({
        HARBOR_ADMIN_PASSWORD:
          "${coalesce(var.harbor_hz_h_admin_password, random_password.password_hz-h_admin-password.result)}",
      });
      // Still generated and kept: it is the password while the variable is empty.
      expect(resourceBody(json, "random_password", "password_hz-h_admin-password").lifecycle).toEqual({
        prevent_destroy: true,
      });
      expect(json.output.admin_password.value).toBe(
        "${kubernetes_secret_v1.secret_hz-h_admin-password.data.HARBOR_ADMIN_PASSWORD}",
      );
      // The chart reads the secret by name only: a new password changes nothing in the release.
      expect(releaseValues(json).existingSecretAdminPassword).toBe("harbor-admin-password");
      expect(JSON.stringify(resourceBody(json, "helm_release", "release_hz-h"))).not.toContain(
        "harbor_hz_h_admin_password",
      );
    });
  });

  describe("OSS image storage", () => {
    type OssSecret = Pick<HarborOssStorageOptions, "accessKeySecret" | "accessKeySecretName">;
    function ossSite(secret: (stack: TerraformStack) => OssSecret) {
      const { stack } = newStack();
      const accessKeyId = new TerraformVariable(stack, "hz_h_oss_access_key_id", { type: "string" });
      const key = new TerraformVariable(stack, "token_key", { sensitive: true });
      const { registry: _registry, ...disks } = DISKS;
      new HarborSite(stack, "harbor", {
        ...PROPS,
        disks,
        tokenSigningKeyPem: key.stringValue,
        tokenCertificatePem: key.stringValue,
        imageStorage: HarborImageStorage.oss({
          bucket: "acme-harbor-hz-h",
          region: "cn-hangzhou",
          accessKeyId: accessKeyId.stringValue,
          ...secret(stack),
        }),
      });
      return synthJson(stack) as TfJson;
    }
    const fromVariable = (stack: TerraformStack): OssSecret => ({
      accessKeySecret: new TerraformVariable(stack, "hz_h_oss_access_key_secret", {
        type: "string",
        sensitive: true,
      }).stringValue,
    });

    test("creates no registry disk and points the registry at the bucket", () => {
      const json = ossSite(() => ({ accessKeySecretName: "harbor-oss" }));
      expect(addresses(json, ["alicloud_ecs_disk"])).toEqual(
        ["database", "job-log", "redis", "trivy"].map((c) => `alicloud_ecs_disk.disk_hz-h_${c}`),
      );
      const storage = releaseValues(json).persistence.imageChartStorage;
      expect(storage).toEqual({
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
      // An existing secret is the user's: the site creates none.
      expect(json.resource.kubernetes_secret_v1["secret_hz-h_oss-access-key"]).toBeUndefined();
    });

    test("stores a given AccessKey secret in its own Secret, created after the namespace and before the release", () => {
      const json = ossSite(fromVariable);
      expect(resourceBody(json, "kubernetes_secret_v1", "secret_hz-h_oss-access-key")).toEqual({
        metadata: {
          name: "harbor-oss-access-key",
          namespace: "${kubernetes_namespace_v1.namespace_hz-h.metadata[0].name}",
        },
        type: "Opaque",
        data: { REGISTRY_STORAGE_OSS_ACCESSKEYSECRET: "${var.hz_h_oss_access_key_secret}" },
      });
      const release = resourceBody(json, "helm_release", "release_hz-h");
      expect(release.depends_on).toContain("kubernetes_secret_v1.secret_hz-h_oss-access-key");
      expect(releaseValues(json).persistence.imageChartStorage.oss.existingSecret).toBe(
        "harbor-oss-access-key",
      );
    });

    test("fails with neither or both of accessKeySecret and accessKeySecretName, or a literal key", () => {
      const problemsWith = (secret: (stack: TerraformStack) => OssSecret) =>
        validationErrorOf(() => ossSite(secret)).problems.map((p) => [p.path, p.value]);
      expect(problemsWith(() => ({}))).toEqual([["stack/harbor: imageStorage", "(neither)"]]);
      expect(
        problemsWith((stack) => ({ ...fromVariable(stack), accessKeySecretName: "harbor-oss" })),
      ).toEqual([["stack/harbor: imageStorage", "(both)"]]);
      const literal = validationErrorOf(() => ossSite(() => ({ accessKeySecret: "LTAI-secret-value" })));
      expect(literal.problems.map((p) => p.path)).toEqual(["stack/harbor: imageStorage.accessKeySecret"]);
      expect(literal.message).not.toContain("LTAI-secret-value");
    });
  });

  test("keeps every Terraform address when the construct is renamed or moved", () => {
    const before = buildSite({}, undefined, "harbor");
    const after = buildSite({}, (stack) => new Construct(stack, "sites"), "primary-site");
    expect(addresses(after.json)).toEqual(addresses(before.json));
    expect(addresses(before.json, STATEFUL_RESOURCE_TYPES)).toContain("alicloud_ecs_disk.disk_hz-h_registry");
  });

  test("synthesizes the same JSON twice", () => {
    expect(JSON.stringify(buildSite().json)).toBe(JSON.stringify(buildSite().json));
  });

  test("lets Terraform destroy exactly the resources named in allowDestroy", () => {
    const { json, stack } = buildSite({ allowDestroy: ["disk/registry", "namespace"] });
    expect(resourceBody(json, "alicloud_ecs_disk", "disk_hz-h_registry").lifecycle.prevent_destroy).toBe(
      false,
    );
    expect(resourceBody(json, "kubernetes_namespace_v1", "namespace_hz-h").lifecycle.prevent_destroy).toBe(
      false,
    );
    expect(resourceBody(json, "alicloud_ecs_disk", "disk_hz-h_trivy").lifecycle.prevent_destroy).toBe(true);
    expect(
      resourceBody(json, "kubernetes_persistent_volume_v1", "pv_hz-h_registry").lifecycle.prevent_destroy,
    ).toBe(true);
    expect(errorAnnotations(stack)).toEqual([]);
  });

  test("fails the guard when a disk is moved to another zone through the escape hatch", () => {
    const { stack } = newStack();
    const key = new TerraformVariable(stack, "token_key", { sensitive: true });
    const site = new HarborSite(stack, "harbor", {
      ...PROPS,
      tokenSigningKeyPem: key.stringValue,
      tokenCertificatePem: key.stringValue,
    });
    site.disks.redis!.disk.addOverride("zone_id", "cn-hangzhou-i");
    synthJson(stack);
    expect(errorAnnotations(stack)).toEqual([
      {
        path: "stack/harbor/disk-redis/disk",
        message: expect.stringContaining(
          'is in zone "cn-hangzhou-i" but stack/harbor is pinned to "cn-hangzhou-h"',
        ),
      },
    ]);
  });

  describe("fails with one clear problem", () => {
    function problemsOf(overrides: Partial<HarborSiteProps>) {
      return validationErrorOf(() => buildSite(overrides)).problems;
    }

    test("fails on a component without storage", () => {
      const { trivy: _trivy, ...disks } = DISKS;
      expect(problemsOf({ disks })).toEqual([
        {
          path: "stack/harbor: disks.trivy",
          value: undefined,
          expected: "a disk ({ sizeGiB, category? }): Harbor's trivy needs persistent storage",
        },
      ]);
    });

    test("fails on a region given as the zone", () => {
      expect(problemsOf({ zone: "cn-hangzhou" })).toEqual([
        {
          path: "stack/harbor: zone",
          value: "cn-hangzhou",
          expected: "a zone id such as cn-hangzhou-h (a zone, not a region)",
        },
      ]);
    });

    test("fails on a disk too small for its category", () => {
      const problems = problemsOf({ disks: { ...DISKS, database: { sizeGiB: 10 } } });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ path: "stack/harbor: disks.database.sizeGiB", value: 10 });
      expect(problems[0].expected).toContain("a whole number of GiB from 20 to 65536 for cloud_essd PL1");
    });

    test("fails on an unknown disk category", () => {
      const problems = problemsOf({
        disks: { ...DISKS, redis: { sizeGiB: 20, category: "cloud_magnetic" as never } },
      });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        path: "stack/harbor: disks.redis.category",
        value: "cloud_magnetic",
      });
    });

    test("keeps a registry disk next to OSS storage, retained and not mounted", () => {
      const { stack } = newStack();
      const key = new TerraformVariable(stack, "token_key", { sensitive: true });
      new HarborSite(stack, "harbor", {
        ...PROPS,
        disks: DISKS,
        tokenSigningKeyPem: key.stringValue,
        tokenCertificatePem: key.stringValue,
        imageStorage: HarborImageStorage.oss({
          bucket: "acme-harbor-hz-h",
          region: "cn-hangzhou",
          accessKeyId: new TerraformVariable(stack, "oss_key_id", { type: "string" }).stringValue,
          accessKeySecretName: "harbor-oss",
        }),
      });
      const json = synthJson(stack) as TfJson;
      const disk = json.resource.alicloud_ecs_disk["disk_hz-h_registry"];
      expect(disk.lifecycle).toMatchObject({ prevent_destroy: true });
      expect(Object.keys(json.resource.kubernetes_persistent_volume_claim_v1)).toContain("pvc_hz-h_registry");
      const persistence = releaseValues(json).persistence;
      expect(persistence.persistentVolumeClaim.registry).toBeUndefined();
      expect(persistence.imageChartStorage.type).toBe("oss");
    });

    test("fails on a literal token key, without printing it", () => {
      const { stack } = newStack();
      const error = validationErrorOf(
        () =>
          new HarborSite(stack, "harbor", {
            ...PROPS,
            tokenSigningKeyPem:
              "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
            tokenCertificatePem: new TerraformVariable(stack, "cert", {}).stringValue,
          }),
      );
      expect(error.problems.map((p) => p.path)).toEqual(["stack/harbor: tokenSigningKeyPem"]);
      expect(error.message).not.toContain("MIIE");
    });

    test("fails on a current admin password given as a literal, or next to an existing secret", () => {
      const literal = validationErrorOf(() => buildSite({ currentAdminPassword: "Harbor12345" }));
      expect(literal.problems).toEqual([
        {
          path: "stack/harbor: currentAdminPassword",
          value: expect.anything(),
          expected: "a Terraform expression such as a sensitive TerraformVariable",
        },
      ]);
      expect(literal.message).not.toContain("Harbor12345");
      const { stack } = newStack();
      const current = new TerraformVariable(stack, "admin_password", { type: "string", sensitive: true });
      const key = new TerraformVariable(stack, "token_key", { sensitive: true });
      const error = validationErrorOf(
        () =>
          new HarborSite(stack, "harbor", {
            ...PROPS,
            tokenSigningKeyPem: key.stringValue,
            tokenCertificatePem: key.stringValue,
            adminPasswordSecretName: "harbor-admin",
            currentAdminPassword: current.stringValue,
          }),
      );
      expect(error.problems).toEqual([
        expect.objectContaining({
          path: "stack/harbor: currentAdminPassword",
          expected: expect.stringContaining("the existing secret is the source of truth"),
        }),
      ]);
    });

    test("fails on an http externalUrl", () => {
      expect(problemsOf({ externalUrl: "http://registry.example.com" }).map((p) => p.path)).toEqual([
        "stack/harbor: externalUrl",
      ]);
    });

    test("fails on an allowDestroy name that names nothing, listing the names it accepts", () => {
      const problems = problemsOf({ allowDestroy: ["disk/joblog"] });
      expect(problems).toHaveLength(1);
      expect(problems[0].expected).toContain("disk/job-log");
    });

    test("fails on several problems at once, one line each", () => {
      const error = validationErrorOf(() =>
        buildSite({ zone: "cn-hangzhou", externalUrl: "registry.example.com" }),
      );
      expect(error.message).toMatch(
        /^invalid HarborSite stack\/harbor: 2 problems\n {2}- stack\/harbor: zone/,
      );
    });
  });
});
