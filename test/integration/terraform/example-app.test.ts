import { App } from "cdktf";
import type { HarborPlatformConfig } from "../../../config/platform-config";
import { exampleConfig } from "../../../main";
import { buildHarborApp, stackNames } from "../../../stacks/app";
import {
  describePlan,
  missingFacts,
  synthToDir,
  TerraformWorkspace,
  type PlanOutcome,
  type StackJson,
  openSharedWorkspace,
} from "../../../test-tooling/terraform-harness";

/**
 * The example app's stacks through real Terraform (provider doubles for every provider):
 * the whole deployment applies in dependency order without a warning, with its
 * cross-stack references resolved, a second plan finds nothing to change, and the
 * changes that would lose data are refused by Terraform itself.
 */

jest.setTimeout(120_000);

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };

/** A deep, writable copy of the example configuration for one scenario. */
function exampleCopy(): Mutable<HarborPlatformConfig> {
  return structuredClone(exampleConfig) as Mutable<HarborPlatformConfig>;
}

const names = stackNames(exampleConfig);
const PRIMARY_PLATFORM = names.platform("primary");
const BACKUP_PLATFORM = names.platform("backup");

/** Values for the stacks' input variables (secrets an operator passes with TF_VAR_*). */
const VARIABLES: Readonly<Record<string, string>> = {
  // Optional (the generated password when empty): set here as after a change in Harbor's UI.
  harbor_hz_h_admin_password: "test-admin-password-hz-h",
  harbor_hz_i_admin_password: "test-admin-password-hz-i",
  harbor_webhook_url: "https://hooks.example.com/harbor",
  // Declared only once a site stores its blobs in OSS (the toOss scenario).
  hz_h_oss_access_key_id: "test-access-key-id",
  hz_h_oss_access_key_secret: "test-access-key-secret",
  // Site operations (ops): DingTalk robot of the example, the backup jobs' RAM roles via RRSA.
  dingtalk_webhook_url: "https://oapi.dingtalk.com/robot/send?access_token=test",
  dingtalk_webhook_secret: "SECtest",
  hz_h_backup_role_arn: "acs:ram::1234567890123456:role/harbor-backup-hz-h",
  hz_i_backup_role_arn: "acs:ram::1234567890123456:role/harbor-backup-hz-i",
  rrsa_oidc_provider_arn: "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c0123",
};

const synthOf = (config: HarborPlatformConfig) => synthToDir((app: App) => buildHarborApp(app, config));
const stackOf = (config: HarborPlatformConfig, stack: string): StackJson =>
  synthOf(config).stacks.get(stack)!.json;

function actionsOf(outcome: PlanOutcome): Record<string, string> {
  return Object.fromEntries(
    outcome.changes.filter((c) => c.action !== "noop").map((c) => [c.address, c.action]),
  );
}

const byStack = (a: { stack: string }, b: { stack: string }) => a.stack.localeCompare(b.stack);
const byAddress = (a: { address: string }, b: { address: string }) => a.address.localeCompare(b.address);

/** Addresses of a stack's resources of one type. */
function addressesOf(json: StackJson, type: string): string[] {
  return Object.keys(json.resource?.[type] ?? {}).map((name) => `${type}.${name}`);
}

describe("real terraform against the provider doubles: the example app", () => {
  let workspace: TerraformWorkspace;
  let close: (() => Promise<void>) | undefined;
  const scenarios: Record<string, Promise<PlanOutcome>> = {};

  beforeAll(async () => {
    ({ workspace, close } = await openSharedWorkspace(synthOf(exampleConfig), VARIABLES));
  });

  afterAll(() => close?.());

  it("uses only resource types whose replacement rules the doubles know", () => {
    expect(missingFacts(workspace.resourceTypes())).toEqual([]);
  });

  it("has a value for every input variable the stacks require", () => {
    for (const [stack, variables] of workspace.requiredVariables()) {
      for (const variable of variables)
        expect(`${stack}: ${variable}`).toBe(`${stack}: ${VARIABLES[variable] && variable}`);
    }
  });

  it("applies every stack in dependency order without an error or warning, the shared stack before the platforms that read it", async () => {
    const levels = workspace.levels();
    const levelOf = (stack: string) => levels.findIndex((level) => level.includes(stack));
    expect(levelOf(names.shared)).toBeLessThan(levelOf(PRIMARY_PLATFORM));
    expect(levelOf(PRIMARY_PLATFORM)).toBeLessThan(levelOf(names.harborConfig("primary")));
    // The gateway's nginx resolves both sites' Services at start: both platforms come first.
    expect(levelOf(PRIMARY_PLATFORM)).toBeLessThan(levelOf(names.gateway));
    expect(levelOf(BACKUP_PLATFORM)).toBeLessThan(levelOf(names.gateway));
    expect(levelOf(names.gateway)).toBeLessThan(levelOf(names.harborConfig("backup")));

    const outcomes = await workspace.applyAll();
    // Terraform validates each configuration as it applies it: not one error or warning anywhere.
    expect(outcomes.map(({ stack, diagnostics }) => ({ stack, diagnostics })).sort(byStack)).toEqual(
      workspace.stackNames.map((stack) => ({ stack, diagnostics: [] })),
    );
    expect(outcomes.find((outcome) => outcome.stack === PRIMARY_PLATFORM)!.summary!.add).toBeGreaterThan(0);

    // Every scenario is planned now, in parallel, against the applied state; the tests below assert one each.
    const variant = (stack: string, mutate: (config: Mutable<HarborPlatformConfig>) => void) =>
      Promise.resolve().then(() => {
        const config = exampleCopy();
        mutate(config);
        return workspace.planVariant(stack, stackOf(config, stack));
      });
    scenarios.zone = variant(BACKUP_PLATFORM, (config) => (config.sites.backup.zone = "cn-hangzhou-j"));
    scenarios.encryption = variant(
      PRIMARY_PLATFORM,
      (config) => (config.sites.primary.disks.database.encrypted = false),
    );
    scenarios.category = variant(PRIMARY_PLATFORM, (config) => {
      config.sites.primary.disks.redis.category = "cloud_ssd";
      delete config.sites.primary.disks.redis.performanceLevel;
    });
    scenarios.grown = variant(
      PRIMARY_PLATFORM,
      (config) => (config.sites.primary.disks.registry!.sizeGiB = 800),
    );
    const primaryJson = workspace.stackJson(PRIMARY_PLATFORM);
    const registryDisk = addressesOf(primaryJson, "alicloud_ecs_disk").find((address) =>
      address.includes("registry"),
    )!;
    const renamedDisk = "alicloud_ecs_disk.harbor_disk-registry_4F2A9C1B";
    // What an unpinned address would do after a construct rename: the disk under a new address.
    const renamed = (json: StackJson): void => {
      const disks = json.resource.alicloud_ecs_disk;
      const oldName = registryDisk.split(".")[1];
      disks[renamedDisk.split(".")[1]] = disks[oldName];
      delete disks[oldName];
      const serialized = JSON.stringify(json).split(`alicloud_ecs_disk.${oldName}.`).join(`${renamedDisk}.`);
      Object.assign(json, JSON.parse(serialized));
    };
    scenarios.renamed = workspace.planVariant(PRIMARY_PLATFORM, renamed);
    scenarios.moved = workspace.planVariant(PRIMARY_PLATFORM, (json) => {
      renamed(json);
      json.moved = [{ from: registryDisk, to: renamedDisk }];
    });
    scenarios.siteRemovedDestroy = workspace.plan(BACKUP_PLATFORM, { destroy: true });
    // A gateway deployed by a release that addressed its objects by construct path: the state
    // holds them at the moved blocks' `from` addresses.
    scenarios.gatewayFromPathAddresses = workspace.planVariant(
      names.gateway,
      workspace.stackJson(names.gateway),
      {
        prepare: async (terraform) => {
          for (const { from, to } of workspace.stackJson(names.gateway).moved ?? [])
            await terraform(["state", "mv", "-lock=false", to, from]);
        },
      },
    );
    scenarios.toOss = variant(PRIMARY_PLATFORM, (config) => {
      config.sites.primary.imageStorage = { type: "oss", bucket: "acme-harbor-hz-h" };
    });
    scenarios.unguarded = workspace.planVariant(BACKUP_PLATFORM, (json) => {
      for (const type of Object.keys(json.resource)) {
        for (const body of Object.values(json.resource[type] as Record<string, StackJson>))
          delete body.lifecycle;
      }
      for (const disk of Object.values(json.resource.alicloud_ecs_disk as Record<string, StackJson>)) {
        disk.zone_id = "cn-hangzhou-j";
      }
    });
    for (const scenario of Object.values(scenarios)) scenario.catch(() => undefined);
  });

  it("resolves the cross-stack references: both platforms hold the shared stack's token key", () => {
    const sharedOutputs = workspace.stateOutputs(names.shared);
    const keyPem = Object.entries(sharedOutputs).find(([name]) => name.includes("private_key_pem"))?.[1];
    expect(keyPem).toEqual(expect.stringMatching(/^private_key_pem-/));
    for (const platform of [PRIMARY_PLATFORM, BACKUP_PLATFORM]) {
      const secrets = [...workspace.stateResources(platform).entries()].filter(([address]) =>
        address.startsWith("kubernetes_secret_v1."),
      );
      const holders = secrets.filter(([, attributes]) =>
        JSON.stringify(attributes.data).includes(String(keyPem)),
      );
      expect({ platform, holders: holders.length }).toEqual({ platform, holders: 1 });
    }
  });

  it("puts the admin password given once (the platform's variable) into the admin secret and the output the config stacks read", () => {
    for (const [platform, site] of [
      [PRIMARY_PLATFORM, "hz-h"],
      [BACKUP_PLATFORM, "hz-i"],
    ] as const) {
      const expected = VARIABLES[`harbor_${site.replace(/-/g, "_")}_admin_password`];
      const secret = workspace
        .stateResources(platform)
        .get(`kubernetes_secret_v1.secret_${site}_admin-password`);
      expect(secret?.data).toEqual({ HARBOR_ADMIN_PASSWORD: expected });
      const outputs = workspace.stateOutputs(platform);
      expect(outputs.admin_password).toBe(expected);
      // The one output the config and replication stacks' remote-state lookups read.
      const crossStack = Object.entries(outputs).filter(([name]) => name.includes("admin-password"));
      expect(crossStack).toEqual([[expect.stringMatching(/^cross-stack-output-/), expected]]);
    }
  });

  it("plans no changes on a second plan of every stack (nothing churns between runs)", async () => {
    const outcomes = await Promise.all(workspace.stackNames.map((stack) => workspace.plan(stack)));
    expect(outcomes.map((outcome) => [outcome.stack, outcome.result.code, describePlan(outcome)])).toEqual(
      workspace.stackNames.map((stack) => [stack, 0, "no changes"]),
    );
  });

  it("fails to plan a site moved to another zone: Instance cannot be destroyed", async () => {
    const outcome = await scenarios.zone;
    expect(outcome.succeeded).toBe(false);
    expect(new Set(outcome.errors)).toEqual(new Set(["Instance cannot be destroyed"]));
    const replaced = Object.entries(actionsOf(outcome)).filter(([, action]) => action === "replace");
    expect(replaced.map(([address]) => address)).toEqual(
      expect.arrayContaining(addressesOf(workspace.stackJson(BACKUP_PLATFORM), "alicloud_ecs_disk")),
    );
  });

  it("fails to plan a disk whose encryption changed: Instance cannot be destroyed", async () => {
    const outcome = await scenarios.encryption;
    expect(outcome.succeeded).toBe(false);
    expect(new Set(outcome.errors)).toEqual(new Set(["Instance cannot be destroyed"]));
  });

  it("updates a disk whose category changed in place (alicloud modifies the disk spec, no replacement)", async () => {
    const outcome = await scenarios.category;
    expect(outcome.succeeded).toBe(true);
    const actions = Object.values(actionsOf(outcome));
    expect(actions).toContain("update");
    expect(actions).not.toContain("replace");
    expect(actions).not.toContain("delete");
  });

  it("updates a grown disk in place, with its volume and claim", async () => {
    const outcome = await scenarios.grown;
    expect(outcome.succeeded).toBe(true);
    const actions = actionsOf(outcome);
    expect(new Set(Object.values(actions))).toEqual(new Set(["update"]));
    expect(Object.keys(actions).some((address) => address.startsWith("alicloud_ecs_disk."))).toBe(true);
  });

  it("fails to plan a disk whose address changed (a renamed construct without a stable address)", async () => {
    const outcome = await scenarios.renamed;
    expect(outcome.errors).toEqual(["Instance cannot be destroyed"]);
  });

  it("moves a disk whose address changed when a moved block says so, replacing nothing", async () => {
    const outcome = await scenarios.moved;
    expect(outcome.succeeded).toBe(true);
    expect(outcome.changes.filter((change) => change.action !== "noop")).toEqual([
      expect.objectContaining({ action: "move", address: "alicloud_ecs_disk.harbor_disk-registry_4F2A9C1B" }),
    ]);
  });

  it("moves a gateway deployed at construct-path addresses to its pinned ones, re-creating nothing", async () => {
    const moved = (workspace.stackJson(names.gateway).moved ?? []) as { from: string; to: string }[];
    expect(moved.map(({ to }) => to).sort()).toEqual([
      "kubernetes_config_map_v1.gateway_harbor-gateway",
      "kubernetes_deployment_v1.gateway_harbor-gateway",
      "kubernetes_pod_disruption_budget_v1.gateway_harbor-gateway",
      "kubernetes_service_v1.gateway_harbor-gateway",
    ]);
    const outcome = await scenarios.gatewayFromPathAddresses;
    expect(outcome.errors).toEqual([]);
    expect(
      outcome.changes
        .filter((change) => change.action !== "noop")
        .map(({ address, previousAddress, action }) => ({ address, previousAddress, action }))
        .sort(byAddress),
    ).toEqual(
      moved.map(({ from, to }) => ({ address: to, previousAddress: from, action: "move" })).sort(byAddress),
    );
  });

  it("keeps the stacks of a site removed from the configuration out of the next deploy", () => {
    const config = exampleCopy();
    config.sites.backup.name = "hz-k";
    config.sites.backup.hostname = "harbor-hz-k.registry.example.com";
    const stacks = [...synthOf(config).stacks.keys()];
    expect(stacks).not.toContain(BACKUP_PLATFORM);
    expect(stacks).toContain("registry-hz-k-platform");
  });

  it("fails to destroy the platform stack of a removed site (cdktf destroy): Instance cannot be destroyed", async () => {
    const outcome = await scenarios.siteRemovedDestroy;
    expect(outcome.succeeded).toBe(false);
    // Terraform stops the walk at the first guarded instance it reaches.
    expect(new Set(outcome.errors)).toEqual(new Set(["Instance cannot be destroyed"]));
  });

  it("plans a site's switch to OSS image storage, creating the key's secret in the same plan", async () => {
    const outcome = await scenarios.toOss;
    expect(outcome.errors).toEqual([]);
    expect(outcome.succeeded).toBe(true);
    expect(actionsOf(outcome)["kubernetes_secret_v1.secret_hz-h_oss-access-key"]).toBe("create");
  });

  // The configuration keeps the registry disk when blobs move to OSS (it holds the old blobs), so
  // nothing stateful leaves the plan; deleting it takes removing disks.registry, which the PR guard
  // refuses without an explicit opt-in.
  it("deletes nothing when a site switches to OSS image storage: the registry disk is kept", async () => {
    const outcome = await scenarios.toOss;
    const deleted = Object.entries(actionsOf(outcome)).filter(
      ([, action]) => action === "delete" || action === "replace",
    );
    expect(deleted).toEqual([]);
    expect(actionsOf(outcome)["kubernetes_persistent_volume_claim_v1.pvc_hz-h_registry"]).toBeUndefined();
  });

  it("plans destroys once prevent_destroy is removed: the refusals above come from the guard", async () => {
    const outcome = await scenarios.unguarded;
    expect(outcome.succeeded).toBe(true);
    expect(outcome.errors).toEqual([]);
    const actions = actionsOf(outcome);
    for (const disk of addressesOf(workspace.stackJson(BACKUP_PLATFORM), "alicloud_ecs_disk")) {
      expect({ disk, action: actions[disk] }).toEqual({ disk, action: "replace" });
    }
  });
});
