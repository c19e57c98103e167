import { readFileSync } from "fs";
import { join } from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { HarborPlatformConfig, SiteRole } from "../../config/platform-config";
import { ValidationError } from "../../constructs/lib/validation";
import { exampleConfig } from "../../main";
import { HarborStacks, buildHarborApp } from "../../stacks/app";
import { HarborConfigStack } from "../../stacks/harbor-config-stack";
import { checkStackConformance, formatViolations } from "../../test-tooling/schema-conformance";

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */
type Blocks = Record<string, Record<string, any>>;

const primary = exampleConfig.sites.primary;
const backup = exampleConfig.sites.backup;

function build(config: HarborPlatformConfig = exampleConfig): { app: App; stacks: HarborStacks } {
  const app = Testing.app();
  return { app, stacks: buildHarborApp(app, config) };
}

/**
 * Synthesizes the whole app (cross-stack references become remote-state lookups only then) and
 * returns the `cdk.tf.json` cdktf wrote for each stack.
 */
function synthAll(app: App): (stack: TerraformStack) => any {
  app.synth();
  return (stack) =>
    JSON.parse(readFileSync(join(app.outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8"));
}

/**
 * The `harbor_*` resources (those whose address matches `address`, when given), without cdktf's
 * `//` metadata (which names the stack and is not part of the configuration).
 */
function harborBlocks(json: any, address?: RegExp): Blocks {
  const result: Blocks = {};
  for (const [type, resources] of Object.entries<Record<string, any>>(json.resource)) {
    if (!type.startsWith("harbor_")) continue;
    for (const [key, { "//": _metadata, ...block }] of Object.entries(resources)) {
      if (address === undefined || address.test(`${type}.${key}`)) (result[type] ??= {})[key] = block;
    }
  }
  return result;
}

/** The replicator robot of a site's configuration stack, at its pinned address. */
function replicatorOf(json: any, site: string): any {
  return harborBlocks(json, new RegExp(`^harbor_robot_account\\.robot_${site}_replicator$`))
    .harbor_robot_account;
}

/** Blocks with the site's name taken out of every address and reference, so two sites compare. */
function withoutSite(blocks: Blocks, site: string): Blocks {
  return JSON.parse(JSON.stringify(blocks).split(`_${site}`).join("_<site>"));
}

/** A whole synthesized stack without cdktf's `//` metadata, at any depth. */
function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "//")
      .map(([key, inner]) => [key, withoutMetadata(inner)]),
  );
}

/**
 * Swaps every mention of the two sites in one pass: pinned URLs, names (which also appear in
 * provider aliases, stack names and rule names) and their underscore form in variable names.
 */
function swapSites(value: unknown): unknown {
  const underscored = (name: string) => name.replace(/-/g, "_");
  const swaps = new Map([
    [`https://${primary.hostname}`, `https://${backup.hostname}`],
    [`https://${backup.hostname}`, `https://${primary.hostname}`],
    [primary.name, backup.name],
    [backup.name, primary.name],
    [underscored(primary.name), underscored(backup.name)],
    [underscored(backup.name), underscored(primary.name)],
  ]);
  const keys = [...swaps.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(keys.map((key) => key.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|"), "g");
  return JSON.parse(JSON.stringify(value).replace(pattern, (match) => swaps.get(match) ?? match));
}

function withoutProvider(blocks: Blocks): Blocks {
  return Object.fromEntries(
    Object.entries(blocks).map(([type, resources]) => [
      type,
      Object.fromEntries(
        Object.entries(resources).map(([key, { provider: _provider, ...rest }]) => [key, rest]),
      ),
    ]),
  );
}

/** Each replication rule of a site's stack as an edge: who copies from whom, how. */
function replicationEdges(json: any, site: string) {
  const endpoints = json.resource.harbor_registry;
  const peerOf = (registryRef: string) => {
    const key = /^\$\{harbor_registry\.([^.]+)\.registry_id\}$/.exec(registryRef)?.[1] ?? "";
    const url = endpoints[key]?.endpoint_url as string;
    return url === `https://${primary.hostname}`
      ? primary.name
      : url === `https://${backup.hostname}`
        ? backup.name
        : url;
  };
  return Object.values<any>(json.resource.harbor_replication).map((rule) => {
    const peer = peerOf(rule.registry_id);
    return rule.action === "push"
      ? { from: site, to: peer, action: "push", trigger: rule.schedule }
      : { from: peer, to: site, action: "pull", trigger: rule.schedule };
  });
}

describe("Harbor configuration and replication stacks, built from the example configuration", () => {
  const { app, stacks } = build();
  const synth = synthAll(app);
  const config: Record<SiteRole, any> = {
    primary: synth(stacks.harborConfig.primary),
    backup: synth(stacks.harborConfig.backup),
  };
  const replication: Record<SiteRole, any> = {
    primary: synth(stacks.harborReplication.primary),
    backup: synth(stacks.harborReplication.backup),
  };
  const sites = [
    ["primary", primary],
    ["backup", backup],
  ] as const;

  test("configure each site through its own provider at its pinned hostname, verifying TLS", () => {
    for (const [role, site] of sites) {
      const platform = `registry-${site.name}-platform`;
      for (const json of [config[role], replication[role]]) {
        expect(json.provider.harbor).toEqual([
          {
            alias: site.name,
            url: `https://${site.hostname}`,
            username: "admin",
            // Exactly what the site's admin secret holds, read from the platform stack's state:
            // one value, given once (harbor_<site>_admin_password of the platform stack).
            password: `\${data.terraform_remote_state.cross-stack-reference-input-${platform}.outputs.cross-stack-output-kubernetes_secret_v1secret_${site.name}_admin-passworddataHARBOR_ADMIN_PASSWORD}`,
            insecure: false,
          },
        ]);
        expect(json.variable?.[`harbor_${site.name.replace(/-/g, "_")}_admin_password`]).toBeUndefined();
        const providers = new Set(
          Object.values<Record<string, any>>(json.resource).flatMap((blocks) =>
            Object.values(blocks).map((block) => block.provider),
          ),
        );
        expect([...providers]).toEqual([`harbor.${site.name}`]);
      }
    }
  });

  test("replicate in both directions with both rule kinds", () => {
    const edges = [
      ...replicationEdges(replication.primary, primary.name),
      ...replicationEdges(replication.backup, backup.name),
    ];
    const cron = exampleConfig.policy.replicationCompensationSchedule;
    expect(edges).toEqual(
      expect.arrayContaining([
        { from: primary.name, to: backup.name, action: "push", trigger: "event_based" },
        { from: backup.name, to: primary.name, action: "pull", trigger: cron },
        { from: backup.name, to: primary.name, action: "push", trigger: "event_based" },
        { from: primary.name, to: backup.name, action: "pull", trigger: cron },
      ]),
    );
    expect(edges).toHaveLength(4);
  });

  test("point each endpoint at the peer's pinned hostname, never at the failover hostname", () => {
    const urls = (role: SiteRole) =>
      Object.values<any>(replication[role].resource.harbor_registry).map((endpoint) => endpoint.endpoint_url);
    expect(urls("primary")).toEqual([`https://${backup.hostname}`]);
    expect(urls("backup")).toEqual([`https://${primary.hostname}`]);
    expect([...urls("primary"), ...urls("backup")]).not.toContain(
      `https://${exampleConfig.gateway.hostname}`,
    );
  });

  test("log each endpoint in as the replicator the other site's configuration creates, with its secret", () => {
    for (const [here, there] of [
      ["primary", "backup"],
      ["backup", "primary"],
    ] as const) {
      const [endpoint] = Object.values<any>(replication[here].resource.harbor_registry);
      const robots = Object.values<any>(replicatorOf(config[there], exampleConfig.sites[there].name));
      expect(robots).toHaveLength(1);
      expect(endpoint.access_id).toBe(`robot$${robots[0].name}`);
      expect(endpoint.access_secret).toBe(robots[0].secret);
      expect(endpoint.access_secret).toMatch(
        /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-registry-shared\.outputs\./,
      );
    }
  });

  test("parity: the replication blocks of one site are the other's with the sites swapped", () => {
    const onPrimary = harborBlocks(replication.primary);
    const onBackup = harborBlocks(replication.backup);
    expect(Object.keys(onPrimary).sort()).toEqual(["harbor_registry", "harbor_replication"]);
    expect(swapSites(onPrimary)).toEqual(onBackup);
    expect(swapSites(onBackup)).toEqual(onPrimary);
    expect(onPrimary).not.toEqual(onBackup);
  });

  test("parity: the configuration blocks of both sites are identical apart from the provider and the site in their addresses", () => {
    const onPrimary = withoutSite(harborBlocks(config.primary), primary.name);
    const onBackup = withoutSite(harborBlocks(config.backup), backup.name);
    expect(Object.keys(onPrimary).sort()).toEqual([
      "harbor_garbage_collection",
      "harbor_interrogation_services",
      "harbor_project",
      "harbor_project_webhook",
      "harbor_purge_audit_log",
      "harbor_retention_policy",
      "harbor_robot_account",
    ]);
    expect(withoutProvider(onPrimary)).toEqual(withoutProvider(onBackup));
    expect(onPrimary).not.toEqual(onBackup);
  });

  test("parity: each whole stack of one site is the other site's with the sites swapped", () => {
    for (const kind of [config, replication]) {
      expect(swapSites(withoutMetadata(kind.primary))).toEqual(withoutMetadata(kind.backup));
    }
  });

  test("create every declared project and robot, and the replicator, on both sites", () => {
    for (const role of ["primary", "backup"] as const) {
      const blocks = harborBlocks(config[role]);
      expect(
        Object.values<any>(blocks.harbor_project)
          .map((project) => project.name)
          .sort(),
      ).toEqual(exampleConfig.policy.projects.map((project) => project.name).sort());
      expect(
        Object.values<any>(blocks.harbor_robot_account)
          .map((robot) => robot.name)
          .sort(),
      ).toEqual(
        [...(exampleConfig.policy.robotAccounts ?? []).map((robot) => robot.name), "replicator"].sort(),
      );
    }
  });

  test("replicate exactly the declared projects", () => {
    for (const role of ["primary", "backup"] as const) {
      for (const rule of Object.values<any>(replication[role].resource.harbor_replication)) {
        expect(rule.filters).toEqual([{ name: "{library,ci,charts}/**" }]);
      }
    }
  });

  test("expose each CI robot's secret only as a sensitive output, the same on both sites", () => {
    for (const role of ["primary", "backup"] as const) {
      expect(config[role].output).toEqual({
        robot_ci_pusher_secret: {
          description: "Secret of robot$ci-pusher, the same on both sites",
          sensitive: true,
          value: expect.stringMatching(
            /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-registry-shared\./,
          ),
        },
      });
      expect(replication[role].output).toBeUndefined();
    }
    expect(config.primary.output.robot_ci_pusher_secret.value).toBe(
      config.backup.output.robot_ci_pusher_secret.value,
    );
  });

  test("generate each robot secret once, in the shared stack", () => {
    const shared = synth(stacks.shared);
    // Addressed by robot name and kept: a refactor of the shared stack never regenerates a login.
    expect(Object.keys(shared.resource.random_password).sort()).toEqual([
      "robot_secret_ci-pusher",
      "robot_secret_replicator",
    ]);
    for (const password of Object.values<any>(shared.resource.random_password)) {
      expect(password.lifecycle).toEqual({ prevent_destroy: true });
    }
    for (const output of Object.values<any>(shared.output)) expect(output.sensitive).toBe(true);
  });

  test("keep every project at an address from its site and name, with prevent_destroy", () => {
    for (const [role, site] of sites) {
      const projects = config[role].resource.harbor_project;
      expect(Object.keys(projects).sort()).toEqual(
        exampleConfig.policy.projects.map((project) => `project_${site.name}_${project.name}`).sort(),
      );
      for (const project of Object.values<any>(projects)) {
        expect(project.lifecycle).toEqual({ prevent_destroy: true });
      }
    }
  });

  test("read the webhook address from a sensitive variable that Terraform checks for https", () => {
    expect(config.primary.variable.harbor_webhook_url).toEqual({
      type: "string",
      sensitive: true,
      nullable: false,
      description: expect.any(String),
      validation: [
        {
          condition: '${startswith(var.harbor_webhook_url, "https://")}',
          error_message: expect.stringContaining("https"),
        },
      ],
    });
    for (const webhook of Object.values<any>(config.primary.resource.harbor_project_webhook)) {
      expect(webhook.address).toBe("${var.harbor_webhook_url}");
    }
  });

  test("apply the gateway after both platforms, configuration after the site's platform and the gateway, replication after both configurations", () => {
    const ids = (stack: TerraformStack) => stack.dependencies.map((dependency) => dependency.node.id).sort();
    // nginx resolves both sites' Services when it starts: both releases come first.
    expect(ids(stacks.gateway)).toEqual(
      [stacks.platform.primary, stacks.platform.backup].map((stack) => stack.node.id).sort(),
    );
    for (const role of ["primary", "backup"] as const) {
      expect(ids(stacks.harborConfig[role])).toEqual(
        [stacks.platform[role], stacks.gateway, stacks.shared].map((stack) => stack.node.id).sort(),
      );
      expect(ids(stacks.harborReplication[role])).toEqual(
        [stacks.harborConfig.primary, stacks.harborConfig.backup, stacks.platform[role], stacks.shared]
          .map((stack) => stack.node.id)
          .sort(),
      );
    }
  });
});

describe("Harbor configuration stack variations", () => {
  test("without a webhook section declares no webhook variable and no webhooks", () => {
    const { app, stacks } = build({
      ...exampleConfig,
      policy: { ...exampleConfig.policy, webhook: undefined },
    });
    const json = synthAll(app)(stacks.harborConfig.backup);
    expect(json.variable?.harbor_webhook_url).toBeUndefined();
    expect(json.resource.harbor_project_webhook).toBeUndefined();
  });

  test("every variation's harbor_* blocks conform to the provider schema", () => {
    for (const policy of [
      { ...exampleConfig.policy, webhook: undefined, robotAccounts: undefined },
      { ...exampleConfig.policy, replicateDeletions: true, webhook: {} },
    ]) {
      const { app, stacks } = build({ ...exampleConfig, policy });
      const synth = synthAll(app);
      for (const stack of [
        ...Object.values(stacks.harborConfig),
        ...Object.values(stacks.harborReplication),
      ]) {
        expect(formatViolations(checkStackConformance(synth(stack)))).toBe("");
      }
    }
  });

  test("replicateDeletions reaches both push rules and both replicators' permissions", () => {
    const { app, stacks } = build({
      ...exampleConfig,
      policy: {
        ...exampleConfig.policy,
        replicateDeletions: true,
        replicationCompensationSchedule: "0 */3 * * * *",
      },
    });
    const synth = synthAll(app);
    for (const role of ["primary", "backup"] as const) {
      const rules = Object.values<any>(synth(stacks.harborReplication[role]).resource.harbor_replication);
      expect(rules.map((rule) => [rule.action, rule.schedule, rule.deletion]).sort()).toEqual([
        ["pull", "0 */3 * * * *", false],
        ["push", "event_based", true],
      ]);
      const [replicator] = Object.values<any>(
        replicatorOf(synth(stacks.harborConfig[role]), exampleConfig.sites[role].name),
      );
      expect(replicator.permissions[1].access).toContainEqual({
        resource: "artifact",
        action: "delete",
        effect: "allow",
      });
    }
  });

  test("fails synth when a project loses prevent_destroy through an escape hatch (the guard)", () => {
    const { app, stacks } = build();
    stacks.harborConfig.primary.registryPolicy.projects.ci.addOverride("lifecycle.prevent_destroy", false);
    expect(() => app.synth()).toThrow(/harbor_project "project\/ci" has no lifecycle\.prevent_destroy/);
  });

  test("fails on a CI robot named like the replicator", () => {
    const config: HarborPlatformConfig = {
      ...exampleConfig,
      policy: {
        ...exampleConfig.policy,
        robotAccounts: [{ name: "replicator", projects: ["ci"], push: true }],
      },
    };
    let error: unknown;
    try {
      build(config);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      expect.objectContaining({ path: "policy.robotAccounts[0].name", value: "replicator" }),
    ]);
  });

  test("fails on CI robots whose secret outputs would collide", () => {
    const config: HarborPlatformConfig = {
      ...exampleConfig,
      policy: {
        ...exampleConfig.policy,
        robotAccounts: [
          { name: "ci.pusher", projects: ["ci"] },
          { name: "ci-pusher", projects: ["ci"] },
        ],
      },
    };
    expect(() => build(config)).toThrow(/robot_ci_pusher_secret/);
  });

  test("fails when the shared stack has no secret for a robot", () => {
    expect(
      () =>
        new HarborConfigStack(Testing.app(), "registry-hz-h-config", {
          region: exampleConfig.region,
          role: "primary",
          site: primary,
          policy: exampleConfig.policy,
          robotSecrets: {},
          adminPassword: "${var.harbor_hz_h_admin_password}",
        }),
    ).toThrow(/robotSecrets\.replicator.*\n.*robotSecrets\.ci-pusher/);
  });
});
