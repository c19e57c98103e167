import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { App, Testing } from "cdktf";
import { HarborPlatformConfig } from "../../config/platform-config";
import { exampleConfig } from "../../main";
import { buildHarborApp, HarborStacks } from "../../stacks/app";
import { errorAnnotations, IN_MEMORY_OUTDIR, resourceBody, TfJson } from "../constructs/synth-helpers";

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };

function build(
  config: HarborPlatformConfig = exampleConfig,
  outdir = IN_MEMORY_OUTDIR,
): { app: App; stacks: HarborStacks } {
  const app = Testing.app({ outdir });
  return { app, stacks: buildHarborApp(app, config) };
}

function synth(stack: HarborStacks["platform"]["primary"]): TfJson {
  return JSON.parse(Testing.synth(stack));
}

function countByType(json: TfJson): Record<string, number> {
  return Object.fromEntries(
    Object.entries(json.resource as Record<string, object>).map(([type, resources]) => [
      type,
      Object.keys(resources).length,
    ]),
  );
}

/** Every file under `dir` with its bytes, keyed by relative path. */
function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (path: string) => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full), readFileSync(full));
    }
  };
  walk(dir);
  return files;
}

/** Synthesizes the whole app as `cdktf synth` does (cross-stack outputs exist only then) and reads a stack back. */
function synthApp(app: App): (stackName: string) => TfJson {
  app.synth();
  return (stackName) =>
    JSON.parse(readFileSync(join(app.outdir, "stacks", stackName, "cdk.tf.json"), "utf8"));
}

/**
 * Every namespaced resource and data source of a platform stack (`metadata.namespace`, or a Helm
 * release's `namespace`) as `<address>: <how it is ordered after the site's namespace resource>`.
 */
function namespaceOrdering(json: TfJson, site: string): string[] {
  const namespace = `kubernetes_namespace_v1.namespace_${site}`;
  const lines: string[] = [];
  const blocks = [
    ...Object.entries(json.resource as Record<string, Record<string, TfJson>>),
    ...Object.entries((json.data ?? {}) as Record<string, Record<string, TfJson>>).map(
      ([type, sources]) => [`data.${type}`, sources] as const,
    ),
  ];
  for (const [type, resources] of blocks) {
    for (const [name, body] of Object.entries(resources)) {
      const metadata = Array.isArray(body.metadata) ? body.metadata[0] : body.metadata;
      const value = type === "helm_release" ? body.namespace : metadata?.namespace;
      if (value === undefined) continue;
      const how = JSON.stringify(value).includes(`\${${namespace}.`)
        ? "references"
        : ((body.depends_on as string[] | undefined) ?? []).includes(namespace)
          ? "depends on"
          : `neither (${JSON.stringify(value)})`;
      lines.push(`${type}.${name}: ${how}`);
    }
  }
  return lines.sort();
}

describe("platform stacks of the example", () => {
  const { app } = build(exampleConfig, mkdtempSync(join(tmpdir(), "harbor-example-")));
  const stackJson = synthApp(app);
  const primary = stackJson("registry-hz-h-platform");
  const backup = stackJson("registry-hz-i-platform");
  afterAll(() => rmSync(app.outdir, { recursive: true, force: true }));

  test.each([
    ["primary", primary],
    ["backup", backup],
  ])(
    "the %s stack has disks, snapshot attachments, volumes, claims, namespace, secrets and the release",
    (_role, json) => {
      expect(countByType(json)).toEqual({
        alicloud_ecs_auto_snapshot_policy: 1,
        alicloud_ecs_auto_snapshot_policy_attachment: 5,
        alicloud_ecs_disk: 5,
        kubernetes_persistent_volume_v1: 5,
        kubernetes_persistent_volume_claim_v1: 5,
        kubernetes_namespace_v1: 1,
        kubernetes_secret_v1: 4,
        random_password: 8,
        helm_release: 2,
        // Site operations (stacks/site-operations.ts): the backup CronJob with its scripts and
        // service account; alerting's blackbox exporter, DingTalk relay (the example enables
        // DingTalk) with its config secret, rule file and the monitoring release.
        kubernetes_cron_job_v1: 1,
        kubernetes_service_account_v1: 1,
        kubernetes_deployment_v1: 2,
        kubernetes_service_v1: 2,
        kubernetes_config_map_v1: 3,
      });
    },
  );

  test("each site's disks, volumes and pods are in its own zone", () => {
    for (const [json, site, zone] of [
      [primary, "hz-h", "cn-hangzhou-h"],
      [backup, "hz-i", "cn-hangzhou-i"],
    ] as const) {
      for (const disk of Object.values(json.resource.alicloud_ecs_disk) as TfJson[])
        expect(disk.zone_id).toBe(zone);
      for (const pv of Object.values(json.resource.kubernetes_persistent_volume_v1) as TfJson[]) {
        expect(pv.spec[0].node_affinity.required.node_selector_term[0].match_expressions[0].values).toEqual([
          zone,
        ]);
      }
      const values = JSON.parse(resourceBody(json, "helm_release", `release_${site}`).values[0]);
      for (const component of ["core", "jobservice", "portal", "exporter", "trivy"]) {
        expect(values[component].nodeSelector).toEqual({ "topology.kubernetes.io/zone": zone });
      }
    }
  });

  test("configures the alicloud provider with the region and the cluster from the site's kubeconfig", () => {
    expect(primary.provider.alicloud).toEqual([{ region: "cn-hangzhou" }]);
    expect(primary.provider.kubernetes).toEqual([
      { config_path: "~/.kube/config", config_context: "ack-hangzhou" },
    ]);
    expect(primary.provider.random).toEqual([{}]);
    expect(primary.terraform.required_providers.alicloud).toEqual({
      source: "aliyun/alicloud",
      version: "~> 1.289",
    });
  });

  test("sizes the disks from the configuration", () => {
    expect(resourceBody(primary, "alicloud_ecs_disk", "disk_hz-h_registry")).toMatchObject({
      size: 500,
      performance_level: "PL1",
    });
    expect(resourceBody(primary, "alicloud_ecs_disk", "disk_hz-h_redis")).toMatchObject({
      size: 20,
      performance_level: "PL0",
    });
    expect(resourceBody(primary, "alicloud_ecs_disk", "disk_hz-h_job-log").tags).toMatchObject({
      "harbor-cdktf/site": "hz-h",
      "harbor-cdktf/component": "job-log",
    });
  });

  test("attaches every disk to the site's daily snapshot policy", () => {
    expect(Object.keys(primary.resource.alicloud_ecs_auto_snapshot_policy)).toEqual([
      "snapshot-policy_registry-hz-h-daily",
    ]);
    for (const attachment of Object.values(
      primary.resource.alicloud_ecs_auto_snapshot_policy_attachment,
    ) as TfJson[]) {
      expect(attachment.auto_snapshot_policy_id).toBe(
        "${alicloud_ecs_auto_snapshot_policy.snapshot-policy_registry-hz-h-daily.id}",
      );
    }
  });

  test("both sites sign tokens with the one key of the shared stack, read from its state", () => {
    const shared = stackJson("registry-shared");
    expect(resourceBody(shared, "tls_private_key", "token-signing-key").lifecycle).toEqual({
      prevent_destroy: true,
    });
    const keyOutputs = Object.entries(shared.output as Record<string, TfJson>).filter(([, output]) =>
      String(output.value).includes("tls_private_key.token-signing-key.private_key_pem"),
    );
    expect(keyOutputs).toHaveLength(1);
    const [outputName, output] = keyOutputs[0];
    expect(output.sensitive).toBe(true);
    for (const [json, site] of [
      [primary, "hz-h"],
      [backup, "hz-i"],
    ] as const) {
      const secret = resourceBody(json, "kubernetes_secret_v1", `secret_${site}_token-key`);
      expect(secret.data["tls.key"]).toBe(
        `\${data.terraform_remote_state.cross-stack-reference-input-registry-shared.outputs.${outputName}}`,
      );
      expect(json.data.terraform_remote_state["cross-stack-reference-input-registry-shared"].config).toEqual({
        path: "../../../terraform.registry-shared.tfstate",
      });
    }
  });

  test("one sensitive variable per site drives the admin secret, and the output is what the secret holds", () => {
    for (const [json, site] of [
      [primary, "hz-h"],
      [backup, "hz-i"],
    ] as const) {
      const variable = `harbor_${site.replace(/-/g, "_")}_admin_password`;
      // Empty by default: the generated initial password until an operator changes it in Harbor.
      expect(json.variable[variable]).toEqual({
        type: "string",
        sensitive: true,
        nullable: false,
        default: "",
        description: expect.stringContaining("empty: the generated initial password"),
      });
      const secret = resourceBody(json, "kubernetes_secret_v1", `secret_${site}_admin-password`);
      expect(secret.data).toEqual({
        HARBOR_ADMIN_PASSWORD: `\${coalesce(var.${variable}, random_password.password_${site}_admin-password.result)}`,
      });
      // The release reads the same secret, by name only: a changed password upgrades nothing.
      const values = JSON.parse(resourceBody(json, "helm_release", `release_${site}`).values[0]);
      expect(values).toMatchObject({
        existingSecretAdminPassword: "harbor-admin-password",
        existingSecretAdminPasswordKey: "HARBOR_ADMIN_PASSWORD",
      });
      expect(JSON.stringify(resourceBody(json, "helm_release", `release_${site}`))).not.toContain(variable);
      expect(json.output.admin_password).toMatchObject({
        sensitive: true,
        value: `\${kubernetes_secret_v1.secret_${site}_admin-password.data.HARBOR_ADMIN_PASSWORD}`,
      });
    }
  });

  test("exposes the admin password only as a sensitive output", () => {
    expect(primary.output.admin_password).toMatchObject({
      sensitive: true,
      value: "${kubernetes_secret_v1.secret_hz-h_admin-password.data.HARBOR_ADMIN_PASSWORD}",
    });
    expect(primary.output.upstream.value).toBe("harbor.harbor-hz-h.svc.cluster.local:80");
  });

  test("leaves no guard error in any stack (app.synth would have thrown)", () => {
    expect(errorAnnotations(app)).toEqual([]);
  });

  test("creates every namespaced object after the site's namespace (a first apply would race it)", () => {
    for (const [json, site] of [
      [primary, "hz-h"],
      [backup, "hz-i"],
    ] as const) {
      const ordering = namespaceOrdering(json, site);
      expect(ordering.filter((line) => line.includes(": neither"))).toEqual([]);
      // Not vacuous: every Kubernetes object and release except the cluster-scoped ones is listed.
      const clusterScoped = ["kubernetes_namespace_v1", "kubernetes_persistent_volume_v1"];
      const inCluster = Object.entries(json.resource as Record<string, object>)
        .filter(([type]) => /^(kubernetes|helm)_/.test(type) && !clusterScoped.includes(type))
        .flatMap(([type, resources]) => Object.keys(resources).map((name) => `${type}.${name}`));
      expect(ordering.map((line) => line.split(": ")[0])).toEqual(inCluster.sort());
      expect(ordering.length).toBeGreaterThanOrEqual(15);
    }
  });
});

describe("platform stack options", () => {
  function configWith(change: (config: Mutable<HarborPlatformConfig>) => void): HarborPlatformConfig {
    const config = structuredClone(exampleConfig) as Mutable<HarborPlatformConfig>;
    change(config);
    return config;
  }

  test("keeps snapshots as long as the configuration says", () => {
    const { stacks } = build(configWith((c) => (c.diskSnapshots = { retentionDays: 30, hoursUtc8: [3] })));
    const policy = resourceBody(
      synth(stacks.platform.backup),
      "alicloud_ecs_auto_snapshot_policy",
      "snapshot-policy_registry-hz-i-daily",
    );
    expect(policy).toMatchObject({ retention_days: 30, time_points: ["3"] });
  });

  test("stores blobs in a new, retained OSS bucket without a registry disk, with the key in its own secret", () => {
    const { stacks } = build(
      configWith((c) => {
        c.sites.primary.imageStorage = { type: "oss", bucket: "acme-harbor-hz-h", createBucket: true };
        delete c.sites.primary.disks.registry;
      }),
    );
    const json = synth(stacks.platform.primary);
    expect(json.resource.alicloud_ecs_disk["disk_hz-h_registry"]).toBeUndefined();
    expect(resourceBody(json, "alicloud_oss_bucket", "bucket_hz-h_images")).toMatchObject({
      bucket: "acme-harbor-hz-h",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    // Terraform- and shell-safe names (TF_VAR_hz_h_oss_access_key_secret).
    expect(json.variable.hz_h_oss_access_key_id).toMatchObject({ type: "string" });
    expect(json.variable.hz_h_oss_access_key_secret).toMatchObject({
      type: "string",
      sensitive: true,
      nullable: false,
    });
    // The stack creates the secret itself, in the namespace it creates, before the release.
    const secret = resourceBody(json, "kubernetes_secret_v1", "secret_hz-h_oss-access-key");
    expect(secret).toMatchObject({
      metadata: {
        name: "harbor-oss-access-key",
        namespace: "${kubernetes_namespace_v1.namespace_hz-h.metadata[0].name}",
      },
      data: { REGISTRY_STORAGE_OSS_ACCESSKEYSECRET: "${var.hz_h_oss_access_key_secret}" },
    });
    const release = resourceBody(json, "helm_release", "release_hz-h");
    expect(release.depends_on).toContain("kubernetes_secret_v1.secret_hz-h_oss-access-key");
    const values = JSON.parse(release.values[0]);
    expect(values.persistence.imageChartStorage.oss).toMatchObject({
      accesskeyid: "${var.hz_h_oss_access_key_id}",
      existingSecret: "harbor-oss-access-key",
    });
  });

  test("uses an existing OSS key secret when one is named, and asks for no key variable", () => {
    const { stacks } = build(
      configWith((c) => {
        c.sites.primary.imageStorage = {
          type: "oss",
          bucket: "acme-harbor-hz-h",
          existingSecretName: "oss-keys",
        };
        delete c.sites.primary.disks.registry;
      }),
    );
    const json = synth(stacks.platform.primary);
    expect(json.variable.hz_h_oss_access_key_id).toBeDefined();
    expect(json.variable.hz_h_oss_access_key_secret).toBeUndefined();
    expect(json.resource.kubernetes_secret_v1["secret_hz-h_oss-access-key"]).toBeUndefined();
    const values = JSON.parse(resourceBody(json, "helm_release", "release_hz-h").values[0]);
    expect(values.persistence.imageChartStorage.oss.existingSecret).toBe("oss-keys");
  });

  test("names the variables of a site whose name starts with a digit as valid Terraform identifiers", () => {
    const { stacks } = build(
      configWith((c) => {
        c.sites.primary.name = "1a";
        c.sites.primary.imageStorage = { type: "oss", bucket: "acme-harbor-1a" };
        delete c.sites.primary.disks.registry;
      }),
    );
    const json = synth(stacks.platform.primary);
    const identifier = /^[A-Za-z_][A-Za-z0-9_-]*$/;
    expect(Object.keys(json.variable).sort()).toEqual([
      "dingtalk_webhook_secret",
      "dingtalk_webhook_url",
      "harbor_1a_admin_password",
      "rrsa_oidc_provider_arn",
      "site_1a_backup_role_arn",
      "site_1a_oss_access_key_id",
      "site_1a_oss_access_key_secret",
    ]);
    for (const name of Object.keys(json.variable)) expect(name).toMatch(identifier);
  });

  test("orders the objects of Slack alerting and an existing admin secret after the namespace too", () => {
    const { stacks } = build(
      configWith((c) => {
        c.alerting = { slack: true };
        c.sites.backup.harbor = { adminPasswordSecretName: "harbor-admin" };
      }),
    );
    const ordering = namespaceOrdering(synth(stacks.platform.backup), "hz-i");
    expect(ordering).toContain("kubernetes_secret_v1.alerting_hz-i_slack-secret: depends on");
    expect(ordering).toContainEqual(
      expect.stringMatching(/^data\.kubernetes_secret_v1\..*existing-admin-password.*: references$/),
    );
    expect(ordering.filter((line) => line.includes(": neither"))).toEqual([]);
  });

  test("passes the site's Harbor settings to the release", () => {
    const { stacks } = build(
      configWith(
        (c) => (c.sites.backup.harbor = { trivyOffline: true, adminPasswordSecretName: "harbor-admin" }),
      ),
    );
    const values = JSON.parse(
      resourceBody(synth(stacks.platform.backup), "helm_release", "release_hz-i").values[0],
    );
    expect(values.trivy.offlineScan).toBe(true);
    expect(values.existingSecretAdminPassword).toBe("harbor-admin");
  });

  test("with an existing admin secret declares no password variable: that secret is the source of truth", () => {
    const { stacks } = build(
      configWith((c) => (c.sites.backup.harbor = { adminPasswordSecretName: "harbor-admin" })),
    );
    const json = synth(stacks.platform.backup);
    expect(json.variable.harbor_hz_i_admin_password).toBeUndefined();
    expect(json.resource.kubernetes_secret_v1["secret_hz-i_admin-password"]).toBeUndefined();
    const [sourceName] = Object.keys(json.data.kubernetes_secret_v1);
    expect(json.data.kubernetes_secret_v1[sourceName].metadata.name).toBe("harbor-admin");
    expect(json.output.admin_password.value).toBe(
      `\${data.kubernetes_secret_v1.${sourceName}.data["HARBOR_ADMIN_PASSWORD"]}`,
    );
  });
});

describe("synthesis", () => {
  let dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs = [];
  });

  test("gives byte-identical output when run twice (no randomness or time at synth)", () => {
    const outputs = [0, 1].map(() => {
      const outdir = mkdtempSync(join(tmpdir(), "harbor-synth-"));
      dirs.push(outdir);
      const app = new App({ outdir, skipValidation: false });
      buildHarborApp(app, exampleConfig);
      app.synth();
      return readTree(outdir);
    });
    expect([...outputs[0].keys()].sort()).toEqual([...outputs[1].keys()].sort());
    expect([...outputs[0].keys()]).toContain(join("stacks", "registry-hz-h-platform", "cdk.tf.json"));
    for (const [path, bytes] of outputs[0]) {
      expect({ path, same: bytes.equals(outputs[1].get(path)!) }).toEqual({ path, same: true });
    }
  });
});
