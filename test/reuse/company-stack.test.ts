import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import {
  alicloud,
  HarborSite,
  HarborSiteProps,
  STATEFUL_RESOURCE_TYPES,
  ValidationError,
} from "../../constructs";
import { checkSynthDir, formatViolations } from "../../test-tooling/schema-conformance";
import { TfJson } from "../constructs/synth-helpers";
import { ACME, AcmeAppOptions, AcmeStacks, buildAcmeApp } from "./company-app";

/**
 * The public API from a user's side: a second cdktf app (company-app.ts) that knows nothing but
 * `constructs/index.ts`, synthesized in full as `cdktf synth` does (validations and the stateful
 * guard run; cross-stack references resolve only in a whole-app synth), then read back from the
 * files a user's Terraform would get.
 */

const STACKS = ["acme-gitlab-data", "acme-registry-platform", "acme-registry-config"] as const;
type StackName = (typeof STACKS)[number];

interface SynthesizedApp {
  readonly outdir: string;
  readonly stacks: AcmeStacks;
  readonly json: Readonly<Record<StackName, TfJson>>;
}

const outdirs: string[] = [];

/** `Testing.fullSynth`, with its temporary directory removed after the tests. */
function fullSynth(stack: TerraformStack): string {
  const dir = Testing.fullSynth(stack);
  outdirs.push(dir);
  return dir;
}

function synthAcme(options: AcmeAppOptions = {}): SynthesizedApp {
  const outdir = mkdtempSync(join(tmpdir(), "acme-app-"));
  outdirs.push(outdir);
  const app = Testing.app({ outdir });
  const stacks = buildAcmeApp(app, options);
  app.synth();
  const json = Object.fromEntries(STACKS.map((name) => [name, readStack(outdir, name)])) as Record<
    StackName,
    TfJson
  >;
  return { outdir, stacks, json };
}

function readStack(outdir: string, name: string): TfJson {
  return JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
}

function resourcesOf(json: TfJson, type: string): Record<string, TfJson> {
  return json.resource?.[type] ?? {};
}

/** Every `[address, body]` of the given types across all stacks of the app. */
function allResources(app: SynthesizedApp, types: readonly string[]): [string, TfJson][] {
  return STACKS.flatMap((stack) =>
    types.flatMap((type) =>
      Object.entries(resourcesOf(app.json[stack], type)).map(
        ([name, body]) => [`${stack}:${type}.${name}`, body] as [string, TfJson],
      ),
    ),
  );
}

/** Every string value in a JSON document, with its path. */
function stringsOf(value: unknown, path = ""): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringsOf(item, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => stringsOf(item, path ? `${path}.${key}` : key));
  }
  return [];
}

const isExpression = (value: unknown) => typeof value === "string" && /^\$\{.+\}$/.test(value);

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe("a company's cdktf app built from the public API", () => {
  let acme: SynthesizedApp;
  beforeAll(() => {
    acme = synthAcme();
  });

  test("imports nothing but the public index, cdktf, constructs and prebuilt providers by deep path", () => {
    const source = readFileSync(join(__dirname, "company-app.ts"), "utf8");
    const specifiers = [...source.matchAll(/^import[^;]*?from "([^"]+)";/gms)].map((match) => match[1]);
    expect(specifiers).toContain("../../constructs");
    const outside = specifiers.filter(
      (specifier) =>
        specifier !== "../../constructs" &&
        specifier !== "cdktf" &&
        specifier !== "constructs" &&
        !/^@cdktf\/provider-(kubernetes|helm|random|tls)\/lib\/[a-z0-9-]+$/.test(specifier),
    );
    expect(outside).toEqual([]);
  });

  test("synthesizes the company's three stacks, nothing else", () => {
    expect(readdirSync(join(acme.outdir, "stacks")).sort()).toEqual([...STACKS].sort());
  });

  describe("a RetainedDisk for a workload that is not Harbor", () => {
    test("keeps the addresses of its own identity, whatever the company's construct tree", () => {
      const json = acme.json["acme-gitlab-data"];
      expect(Object.keys(resourcesOf(json, "alicloud_ecs_disk"))).toEqual(["disk_sh-b_gitaly"]);
      expect(Object.keys(resourcesOf(json, "kubernetes_persistent_volume_v1"))).toEqual(["pv_sh-b_gitaly"]);
      expect(Object.keys(resourcesOf(json, "kubernetes_persistent_volume_claim_v1"))).toEqual([
        "pvc_sh-b_gitaly",
      ]);
      expect(Object.keys(resourcesOf(json, "alicloud_ecs_auto_snapshot_policy_attachment"))).toEqual([
        "snapshots_sh-b_gitaly",
      ]);
    });

    test("is the disk the company asked for: PL2, xfs, its claim name, its tags, in the company's namespace", () => {
      const json = acme.json["acme-gitlab-data"];
      expect(resourcesOf(json, "alicloud_ecs_disk")["disk_sh-b_gitaly"]).toMatchObject({
        zone_id: "cn-shanghai-b",
        size: 500,
        category: "cloud_essd",
        performance_level: "PL2",
        encrypted: true,
        delete_with_instance: false,
        tags: {
          "cost-center": "dev-productivity",
          "harbor-cdktf/site": "sh-b",
          "harbor-cdktf/component": "gitaly",
        },
      });
      const volume = resourcesOf(json, "kubernetes_persistent_volume_v1")["pv_sh-b_gitaly"];
      expect(volume.spec[0].persistent_volume_source.csi).toMatchObject({
        fs_type: "xfs",
        volume_handle: "${alicloud_ecs_disk.disk_sh-b_gitaly.id}",
      });
      expect(volume.spec[0].claim_ref).toEqual({
        name: "repo-data-gitaly-0",
        namespace: "${kubernetes_namespace_v1.namespace_gitlab.metadata[0].name}",
      });
      const claim = resourcesOf(json, "kubernetes_persistent_volume_claim_v1")["pvc_sh-b_gitaly"];
      expect(claim.metadata).toMatchObject({
        name: "repo-data-gitaly-0",
        namespace: "${kubernetes_namespace_v1.namespace_gitlab.metadata[0].name}",
      });
      expect(acme.stacks.gitalyDisk.claimName).toBe("repo-data-gitaly-0");
    });

    test("takes its snapshots from the company's policy instead of creating its own", () => {
      const json = acme.json["acme-gitlab-data"];
      expect(resourcesOf(json, "alicloud_ecs_auto_snapshot_policy")).toEqual({
        "snapshot-policy_gitaly-twice-daily": expect.objectContaining({
          auto_snapshot_policy_name: "gitaly-twice-daily",
          time_points: ["1", "13"],
          retention_days: 30,
        }),
      });
      expect(
        resourcesOf(json, "alicloud_ecs_auto_snapshot_policy_attachment")["snapshots_sh-b_gitaly"],
      ).toMatchObject({
        auto_snapshot_policy_id: "${alicloud_ecs_auto_snapshot_policy.snapshot-policy_gitaly-twice-daily.id}",
        disk_id: "${alicloud_ecs_disk.disk_sh-b_gitaly.id}",
      });
    });
  });

  describe("data safety across the whole app", () => {
    test("every stateful resource carries prevent_destroy, except the monitoring releases HarborAlerting declares expendable", () => {
      const stateful = allResources(acme, STATEFUL_RESOURCE_TYPES);
      // 1 + 9 + 9 disks, volumes and claims, 2 Harbor and 2 monitoring releases, 4 namespaces,
      // 2 Harbor projects on each of the 2 sites.
      expect(stateful).toHaveLength(3 * (1 + 9) + 2 + 2 + 4 + 2 * 2);
      const unprotected = stateful.filter(([, body]) => body.lifecycle?.prevent_destroy !== true);
      expect(unprotected.map(([address]) => address)).toEqual([
        "acme-registry-platform:helm_release.monitoring_sh-b",
        "acme-registry-platform:helm_release.monitoring_sh-e",
      ]);
    });

    test("every PersistentVolume keeps its disk when its claim goes (reclaim policy Retain)", () => {
      const volumes = allResources(acme, ["kubernetes_persistent_volume_v1"]);
      expect(volumes).toHaveLength(10);
      for (const [, body] of volumes) expect(body.spec[0].persistent_volume_reclaim_policy).toBe("Retain");
    });

    test("no stateful address changes when the company renames or moves its wrapping construct", () => {
      const moved = synthAcme({ wrapperId: "platform-team" });
      for (const stack of STACKS) {
        for (const type of STATEFUL_RESOURCE_TYPES) {
          expect([stack, type, Object.keys(resourcesOf(moved.json[stack], type))]).toEqual([
            stack,
            type,
            Object.keys(resourcesOf(acme.json[stack], type)),
          ]);
        }
      }
      // The rename did move the construct paths: the addresses above are stable by design, not by accident.
      expect(moved.stacks.sites[0].node.path).toBe("acme-registry-platform/platform-team/site-b");
    });

    test("writes no secret in plain text: passwords, keys and robot secrets are Terraform expressions", () => {
      const config = acme.json["acme-registry-config"];
      for (const provider of config.provider.harbor) expect(isExpression(provider.password)).toBe(true);
      for (const robot of Object.values(resourcesOf(config, "harbor_robot_account"))) {
        expect(isExpression(robot.secret)).toBe(true);
      }
      for (const endpoint of Object.values(resourcesOf(config, "harbor_registry"))) {
        expect(isExpression(endpoint.access_secret)).toBe(true);
      }
      const platform = acme.json["acme-registry-platform"];
      for (const secret of Object.values(resourcesOf(platform, "kubernetes_secret_v1"))) {
        for (const value of Object.values(secret.data as Record<string, string>)) {
          expect(value).toMatch(/\$\{/);
        }
      }
      const pem = STACKS.flatMap((stack) => stringsOf(acme.json[stack])).filter(([, value]) =>
        value.includes("-----BEGIN"),
      );
      expect(pem).toEqual([]);
    });

    test("synthesizing the same app twice gives byte-identical stacks", () => {
      const again = synthAcme();
      for (const stack of STACKS) {
        expect(readFileSync(join(again.outdir, "stacks", stack, "cdk.tf.json"), "utf8")).toBe(
          readFileSync(join(acme.outdir, "stacks", stack, "cdk.tf.json"), "utf8"),
        );
      }
    });
  });

  describe("two HarborSites with custom props in one stack", () => {
    const releaseValues = (site: string) =>
      JSON.parse(
        resourcesOf(acme.json["acme-registry-platform"], "helm_release")[`release_${site}`].values[0],
      );

    test("each site gets its namespace, zone and timeout", () => {
      const releases = resourcesOf(acme.json["acme-registry-platform"], "helm_release");
      expect(releases["release_sh-b"]).toMatchObject({
        namespace: "${kubernetes_namespace_v1.namespace_sh-b.metadata[0].name}",
        timeout: 1800,
      });
      expect(releases["release_sh-e"].timeout).toBe(1200);
      const namespaces = resourcesOf(acme.json["acme-registry-platform"], "kubernetes_namespace_v1");
      expect(namespaces["namespace_sh-b"].metadata.name).toBe("acme-harbor-b");
      expect(namespaces["namespace_sh-e"].metadata.name).toBe("acme-harbor-e");
      expect(releaseValues("sh-b").core.nodeSelector).toEqual({
        "topology.kubernetes.io/zone": "cn-shanghai-b",
      });
      expect(releaseValues("sh-e").core.nodeSelector).toEqual({
        "topology.kubernetes.io/zone": "cn-shanghai-e",
      });
    });

    test("both sites serve the gateway's URL and sign tokens with the one shared key", () => {
      for (const site of ["sh-b", "sh-e"])
        expect(releaseValues(site).externalURL).toBe("https://cr.acme.example");
      const tokenSecrets = ["sh-b", "sh-e"].map(
        (site) =>
          resourcesOf(acme.json["acme-registry-platform"], "kubernetes_secret_v1")[`secret_${site}_token-key`]
            .data["tls.key"],
      );
      expect(new Set(tokenSecrets).size).toBe(1);
      expect(tokenSecrets[0]).toMatch(/^\$\{tls_private_key\.[^.]+\.private_key_pem\}$/);
    });

    test("the disk site keeps blobs on its registry disk and pulls the Trivy DB from the company mirror", () => {
      const values = releaseValues("sh-b");
      expect(values.persistence.imageChartStorage.type).toBe("filesystem");
      expect(values.persistence.persistentVolumeClaim.registry.existingClaim).toBe("harbor-registry");
      expect(values.trivy.dbRepository).toEqual(["mirror.acme.example/aquasecurity/trivy-db:2"]);
      expect(
        resourcesOf(acme.json["acme-registry-platform"], "alicloud_ecs_disk")["disk_sh-b_registry"].size,
      ).toBe(1000);
    });

    test("the OSS site keeps blobs in the bucket, has no registry disk and no metrics", () => {
      const values = releaseValues("sh-e");
      expect(values.persistence.imageChartStorage).toMatchObject({
        type: "oss",
        oss: {
          bucket: "acme-harbor-sh-e",
          region: "oss-cn-shanghai",
          accesskeyid: "${var.oss_access_key_id}",
          existingSecret: "harbor-oss-access-key",
          internal: true,
        },
      });
      // The key from the company's sensitive variable, in a secret the site creates before the release.
      const keySecret = resourcesOf(acme.json["acme-registry-platform"], "kubernetes_secret_v1")[
        "secret_sh-e_oss-access-key"
      ];
      expect(keySecret.data).toEqual({
        REGISTRY_STORAGE_OSS_ACCESSKEYSECRET: "${var.oss_access_key_secret}",
      });
      expect(acme.json["acme-registry-platform"].variable.oss_access_key_secret).toEqual({
        type: "string",
        sensitive: true,
      });
      expect(values.persistence.persistentVolumeClaim.registry).toBeUndefined();
      expect(values.metrics.enabled).toBe(false);
      expect(
        Object.keys(resourcesOf(acme.json["acme-registry-platform"], "alicloud_ecs_disk")),
      ).not.toContain("disk_sh-e_registry");
      expect(acme.stacks.sites[1].disks.registry).toBeUndefined();
    });
  });

  describe("an NginxFailoverGateway in front of both sites", () => {
    const platform = () => acme.json["acme-registry-platform"];
    /** The gateway's objects of one type (the stack also holds the sites' and the alerting's). */
    const only = (type: string) =>
      Object.values(resourcesOf(platform(), type)).filter((body) =>
        body.metadata.name.startsWith("cr-gateway"),
      );

    test("fails over from the company's primary to its backup on the sites' in-cluster services", () => {
      const [configMap] = only("kubernetes_config_map_v1");
      const conf: string = configMap.data["nginx.conf"];
      expect(conf).toBe(acme.stacks.gateway.nginxConfig);
      const failover = conf.match(/upstream harbor_failover \{[^}]*\}/)?.[0] ?? "";
      expect(failover).toMatch(/server harbor\.acme-harbor-b\.svc\.cluster\.local:80 [^;]*max_fails=3/);
      expect(failover).toMatch(/server harbor\.acme-harbor-e\.svc\.cluster\.local:80 backup[ ;]/);
      for (const hostname of ["cr.acme.example", "cr-b.acme.example", "cr-e.acme.example"]) {
        expect(conf).toMatch(new RegExp(`server_name ${hostname.replace(/\./g, "\\.")};`));
      }
      expect(conf).toMatch(/proxy_read_timeout 3s;/);
    });

    test("runs the company's replica count in its namespace, with the certificate from sensitive variables", () => {
      const [deployment] = only("kubernetes_deployment_v1");
      expect(deployment.metadata).toMatchObject({
        name: "cr-gateway",
        namespace: "${kubernetes_namespace_v1.namespace_acme-registry-gateway.metadata[0].name}",
      });
      expect(deployment.spec.replicas).toBe("3");
      const [secret] = only("kubernetes_secret_v1");
      expect(secret.data).toEqual({
        "tls.crt": "${var.gateway_tls_cert}",
        "tls.key": "${var.gateway_tls_key}",
      });
      expect(platform().variable.gateway_tls_cert).toEqual({ type: "string", sensitive: true });
      expect(platform().variable.gateway_tls_key).toEqual({ type: "string", sensitive: true });
      const [service] = only("kubernetes_service_v1");
      expect(service.metadata.annotations).toEqual({
        "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet",
      });
    });
  });

  describe("HarborAlerting and SiteBackup next to the sites", () => {
    const platform = () => acme.json["acme-registry-platform"];

    test("backs up every disk of the disk site on the company's schedule, with its access key secret", () => {
      const [cronJob] = Object.values(resourcesOf(platform(), "kubernetes_cron_job_v1"));
      expect(cronJob.spec.schedule).toBe("0 3 * * *");
      const container = cronJob.spec.job_template.spec.template.spec.container[0];
      const env = Object.fromEntries(
        (container.env as TfJson[]).map((variable) => [variable.name, variable.value ?? variable.value_from]),
      );
      expect(env.BACKUP_DISKS.split(",").sort()).toEqual(
        ["database", "job-log", "redis", "registry", "trivy"].map(
          (component) => `${component}=\${alicloud_ecs_disk.disk_sh-b_${component}.id}`,
        ),
      );
      expect(env.BACKUP_RETENTION_DAYS).toBe("30");
      expect(env.ALIBABA_CLOUD_ACCESS_KEY_SECRET).toEqual({
        secret_key_ref: { name: "acme-backup-access-key", key: "ALIBABA_CLOUD_ACCESS_KEY_SECRET" },
      });
    });

    test("sends both sites' alerts to the company's Slack from a sensitive variable; only the primary watches the gateway", () => {
      const slackSecrets = Object.values(resourcesOf(platform(), "kubernetes_secret_v1")).filter(
        (secret) => secret.metadata.name === "harbor-alert-slack",
      );
      expect(slackSecrets.map((secret) => [secret.metadata.namespace, secret.data.url])).toEqual([
        ["acme-harbor-b", "${var.slack_webhook_url}"],
        ["acme-harbor-e", "${var.slack_webhook_url}"],
      ]);
      expect(platform().variable.slack_webhook_url).toEqual({ type: "string", sensitive: true });
      const alertNames = (i: number) =>
        acme.stacks.alerting[i].ruleGroups.flatMap((group) => group.rules.map((rule) => rule.alert));
      expect(alertNames(0)).toContain("HarborGatewayDown");
      expect(alertNames(1)).not.toContain("HarborGatewayDown");
      expect(alertNames(0)).toContain("HarborBackupMissing");
    });
  });

  describe("a HarborReplicationPair with two Harbor provider aliases in one stack", () => {
    const config = () => acme.json["acme-registry-config"];

    test("configures one provider per site at its pinned hostname, logging in with the platform stack's password", () => {
      expect(config().provider.harbor).toEqual([
        expect.objectContaining({
          alias: "sh-b",
          url: "https://cr-b.acme.example",
          username: "admin",
          insecure: false,
          password: expect.stringMatching(
            /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-acme-registry-platform\.outputs\.[^}]*sh-b_admin-password[^}]*\}$/,
          ),
        }),
        expect.objectContaining({ alias: "sh-e", url: "https://cr-e.acme.example" }),
      ]);
      const outputs = acme.json["acme-registry-platform"].output;
      expect(Object.values(outputs).every((output) => (output as TfJson).sensitive === true)).toBe(true);
    });

    test("puts every Harbor object on an explicit site provider (there is no default harbor provider)", () => {
      const harborResources = Object.entries(config().resource as Record<string, Record<string, TfJson>>)
        .filter(([type]) => type.startsWith("harbor_"))
        .flatMap(([, resources]) => Object.values(resources));
      expect(harborResources.length).toBeGreaterThan(0);
      const providers = new Set(harborResources.map((resource) => resource.provider));
      expect([...providers].sort()).toEqual(["harbor.sh-b", "harbor.sh-e"]);
    });

    test("gives each site an endpoint for the other that waits for the other's replicator robot", () => {
      const endpoints = Object.values(resourcesOf(config(), "harbor_registry"));
      const robots = resourcesOf(config(), "harbor_robot_account");
      const replicatorOn = (provider: string) =>
        Object.entries(robots).find(
          ([, robot]) => robot.provider === provider && robot.name === "replicator",
        )?.[0];
      for (const [site, peer] of [
        ["sh-b", "sh-e"],
        ["sh-e", "sh-b"],
      ]) {
        const endpoint = endpoints.find((e) => e.provider === `harbor.${site}`);
        expect(endpoint).toMatchObject({
          name: peer,
          endpoint_url: `https://cr-${peer.slice(-1)}.acme.example`,
          access_id: "robot$replicator",
          insecure: false,
        });
        expect(endpoint.depends_on).toEqual([`harbor_robot_account.${replicatorOn(`harbor.${peer}`)}`]);
      }
    });

    test("pushes on every event and pulls back on the company's schedule, filtered to its projects", () => {
      const rules = Object.values(resourcesOf(config(), "harbor_replication"));
      expect(rules).toHaveLength(4);
      const onB = rules.filter((rule) => rule.provider === "harbor.sh-b");
      expect(onB.find((rule) => rule.action === "push")).toMatchObject({
        schedule: "event_based",
        deletion: false,
        filters: [{ name: "{base-images,services}/**" }],
      });
      expect(onB.find((rule) => rule.action === "pull")).toMatchObject({
        schedule: "0 */15 * * * *",
        override: false,
      });
    });
  });

  describe("a RegistryPolicy on each site", () => {
    const config = () => acme.json["acme-registry-config"];
    /** Resources of `type` on one site, without what necessarily differs between sites. */
    const onSite = (type: string, site: string) =>
      Object.values(resourcesOf(config(), type))
        .filter((resource) => resource.provider === `harbor.${site}`)
        .map(({ provider: _provider, "//": _metadata, ...rest }) => rest)
        .sort((a, b) => String(a.name).localeCompare(String(b.name)));

    test("declares the company's projects identically on both sites", () => {
      const projects = onSite("harbor_project", "sh-b");
      expect(projects).toEqual(onSite("harbor_project", "sh-e"));
      expect(projects).toEqual([
        expect.objectContaining({ name: "base-images", public: true, storage_quota: 50 }),
        expect.objectContaining({
          name: "services",
          public: false,
          storage_quota: 400,
          deployment_security: "high",
        }),
      ]);
      expect(onSite("harbor_garbage_collection", "sh-b")).toEqual([
        expect.objectContaining({ schedule: ACME.policy.garbageCollectionSchedule }),
      ]);
    });

    test("gives the CI robot the same generated secret on both sites", () => {
      const deployers = Object.values(resourcesOf(config(), "harbor_robot_account")).filter(
        (robot) => robot.name === ACME.ciRobot,
      );
      expect(deployers).toHaveLength(2);
      expect(deployers[0].secret).toBe(deployers[1].secret);
      expect(deployers[0].secret).toMatch(/^\$\{random_password\.[^.]+\.result\}$/);
      expect(acme.stacks.policies[0].robotLogin(ACME.ciRobot)).toBe("robot$deployer");
    });
  });

  test("conforms to the alicloud and harbor reference schemas", () => {
    expect(formatViolations(checkSynthDir(acme.outdir))).toBe("");
  });
});

describe("the public API's guarantees on a user's mistakes", () => {
  /** A stack with one Harbor site, as small as a user's first try. */
  function siteStack(props: Partial<HarborSiteProps> = {}): { stack: TerraformStack; site: HarborSite } {
    const app = Testing.app({ outdir: mkdtempSync(join(tmpdir(), "acme-mistake-")) });
    outdirs.push(app.outdir);
    const stack = new TerraformStack(app, "mistakes");
    new alicloud.AlicloudProvider(stack, "alicloud", { region: "cn-shanghai" });
    new KubernetesProvider(stack, "kubernetes", ACME.kubeconfig);
    new HelmProvider(stack, "helm", { kubernetes: ACME.kubeconfig });
    new RandomProvider(stack, "random");
    new TlsProvider(stack, "tls");
    const key = new PrivateKey(stack, "token-key", { algorithm: "RSA" });
    const site = new HarborSite(stack, "site", {
      siteName: "sh-b",
      zone: "cn-shanghai-b",
      externalUrl: "https://cr.acme.example",
      tokenSigningKeyPem: key.privateKeyPem,
      tokenCertificatePem: key.publicKeyPem,
      disks: {
        registry: { sizeGiB: 100 },
        database: { sizeGiB: 20 },
        redis: { sizeGiB: 20 },
        jobLog: { sizeGiB: 20 },
        trivy: { sizeGiB: 20 },
      },
      ...props,
    });
    return { stack, site };
  }

  test("fails with one ValidationError from the public index naming every bad prop", () => {
    let error: unknown;
    try {
      siteStack({ zone: "cn-shanghai", externalUrl: "http://cr.acme.example" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((problem) => problem.path)).toEqual([
      "mistakes/site: zone",
      "mistakes/site: externalUrl",
    ]);
  });

  test("fails synth when the company's own namespace in a Harbor site's stack has no prevent_destroy", () => {
    const { stack } = siteStack();
    new NamespaceV1(stack, "tools", { metadata: { name: "tools" } });
    expect(() => fullSynth(stack)).toThrow(
      /kubernetes_namespace_v1 "tools" has no lifecycle\.prevent_destroy/,
    );
  });

  test("fails synth when an escape hatch strips prevent_destroy from a site's release", () => {
    const { stack, site } = siteStack();
    site.release.addOverride("lifecycle.prevent_destroy", false);
    expect(() => fullSynth(stack)).toThrow(/helm_release "release" has no lifecycle\.prevent_destroy/);
  });

  test("lets the user opt out explicitly, by name, with allowDestroy", () => {
    const { stack } = siteStack({ allowDestroy: ["release"] });
    const json = JSON.parse(
      readFileSync(join(fullSynth(stack), "stacks", "mistakes", "cdk.tf.json"), "utf8"),
    );
    expect(json.resource.helm_release["release_sh-b"].lifecycle.prevent_destroy).toBe(false);
    expect(json.resource.kubernetes_namespace_v1["namespace_sh-b"].lifecycle.prevent_destroy).toBe(true);
  });
});
