import {
  describePlan,
  prepareMirror,
  requireTerraform,
  startSharedDoubles,
  synthToDir,
  TerraformWorkspace,
  type PlanOutcome,
  type PreparedMirror,
  type SharedDoubles,
  type StackJson,
} from "../../../test-tooling/terraform-harness";
import { buildFixtureApp, FIXTURE_STACKS, type FixtureOptions } from "./fixture-app";

/**
 * Real Terraform against the provider doubles on a small fixture app: the doubles and
 * the harness are under test here, the project's own stacks in example-app.test.ts.
 * The platform stack's apply runs with doubles Terraform starts itself (installed from
 * the filesystem mirror, mutual TLS, as with real providers); every other command shares
 * long-running doubles, which is how the other Terraform-backed tests run.
 */

jest.setTimeout(120_000);

const DISK = "alicloud_ecs_disk.registry-disk";
const VOLUME = "kubernetes_persistent_volume_v1.registry-volume";
const platformJson = (options: FixtureOptions): StackJson =>
  synthToDir((app) => buildFixtureApp(app, options)).stacks.get(FIXTURE_STACKS.platform)!.json;

function actionsOf(outcome: PlanOutcome): Record<string, string> {
  return Object.fromEntries(
    outcome.changes.filter((c) => c.action !== "noop").map((c) => [c.address, c.action]),
  );
}

let mirror: PreparedMirror;
let shared: SharedDoubles | undefined;

beforeAll(async () => {
  requireTerraform();
  mirror = prepareMirror();
  shared = await startSharedDoubles(mirror);
});

afterAll(async () => {
  await shared?.stop();
});

describe("real terraform against the provider doubles: fixture stacks", () => {
  let workspace: TerraformWorkspace;
  const scenarios: Record<string, Promise<PlanOutcome>> = {};

  beforeAll(async () => {
    workspace = new TerraformWorkspace(
      synthToDir((app) => buildFixtureApp(app)),
      { mirror, shared },
    );
    await workspace.init();
  });

  afterAll(() => workspace?.dispose());

  it("validates every stack", async () => {
    const results = await Promise.all(
      workspace.stackNames.map(async (stack) => ({ stack, ...(await workspace.validate(stack)) })),
    );
    expect(results).toEqual(workspace.stackNames.map((stack) => ({ stack, valid: true, diagnostics: [] })));
  });

  it("applies the stacks in dependency order, the platform with doubles Terraform installs from the mirror and starts over mutual TLS", async () => {
    expect(workspace.levels()).toEqual([[FIXTURE_STACKS.platform], [FIXTURE_STACKS.config]]);
    workspace.useSharedDoubles(undefined);
    const platform = await workspace.apply(FIXTURE_STACKS.platform);
    workspace.useSharedDoubles(shared);
    const config = await workspace.apply(FIXTURE_STACKS.config);
    expect(
      [platform, config].map((outcome) => [outcome.stack, outcome.summary, outcome.diagnostics]),
    ).toEqual([
      [FIXTURE_STACKS.platform, { add: 4, change: 0, remove: 0, import: 0 }, []],
      [FIXTURE_STACKS.config, { add: 1, change: 0, remove: 0, import: 0 }, []],
    ]);

    // Plan every scenario now, in parallel, against the applied state; the tests below
    // assert one each.
    const variant = (options: FixtureOptions) =>
      workspace.planVariant(FIXTURE_STACKS.platform, platformJson(options));
    scenarios.zone = variant({ zoneId: "cn-hangzhou-i" });
    scenarios.encryption = variant({ encrypted: true });
    scenarios.category = variant({ category: "cloud_ssd" });
    scenarios.grown = variant({ sizeGiB: 200 });
    scenarios.renamed = variant({ diskConstructId: "data-disk" });
    scenarios.moved = variant({ diskConstructId: "data-disk", movedFromOriginalId: true });
    scenarios.removed = workspace.planVariant(FIXTURE_STACKS.platform, (json) => {
      delete json.resource.alicloud_ecs_disk;
      delete json.resource.kubernetes_persistent_volume_v1;
      for (const name of Object.keys(json.output))
        if (name.includes("alicloud_ecs_disk")) delete json.output[name];
    });
    // The escape hatch a careless change could take: no prevent_destroy on the disk and its volume.
    scenarios.unguarded = workspace.planVariant(FIXTURE_STACKS.platform, (json) => {
      const disk = json.resource.alicloud_ecs_disk["registry-disk"];
      delete disk.lifecycle;
      delete json.resource.kubernetes_persistent_volume_v1["registry-volume"].lifecycle;
      disk.zone_id = "cn-hangzhou-i";
    });
    for (const scenario of Object.values(scenarios)) scenario.catch(() => undefined);
  });

  it("resolves the cross-stack reference from the platform state into the config stack", () => {
    const diskId = workspace.stateResources(FIXTURE_STACKS.platform).get(DISK)!.id;
    expect(diskId).toMatch(/^alicloud_ecs_disk-/);
    expect(workspace.stateOutputs(FIXTURE_STACKS.config)).toEqual({ "registry-disk-id": diskId });
  });

  it("plans no changes on a second plan of every stack (nothing churns between runs)", async () => {
    const outcomes = await Promise.all(workspace.stackNames.map((stack) => workspace.plan(stack)));
    expect(outcomes.map((outcome) => [outcome.stack, outcome.result.code, describePlan(outcome)])).toEqual(
      workspace.stackNames.map((stack) => [stack, 0, "no changes"]),
    );
  });

  it("fails to plan a disk moved to another zone: Instance cannot be destroyed", async () => {
    const outcome = await scenarios.zone;
    expect(outcome.succeeded).toBe(false);
    expect(outcome.errors).toEqual(["Instance cannot be destroyed"]);
    expect(actionsOf(outcome)[DISK]).toBe("replace");
  });

  it("fails to plan a disk whose encryption changed: Instance cannot be destroyed", async () => {
    const outcome = await scenarios.encryption;
    expect(outcome.errors).toEqual(["Instance cannot be destroyed"]);
  });

  it("updates a disk whose category changed in place, as the provider modifies the disk spec", async () => {
    const outcome = await scenarios.category;
    expect(outcome.succeeded).toBe(true);
    expect(actionsOf(outcome)).toEqual({ [DISK]: "update" });
  });

  it("updates a grown disk in place, and its volume with it", async () => {
    const outcome = await scenarios.grown;
    expect(outcome.succeeded).toBe(true);
    expect(actionsOf(outcome)).toEqual({ [DISK]: "update", [VOLUME]: "update" });
  });

  it("fails to plan a renamed disk construct without a moved block", async () => {
    const outcome = await scenarios.renamed;
    expect(outcome.errors).toEqual(["Instance cannot be destroyed"]);
    expect(actionsOf(outcome)).toMatchObject({ [DISK]: "delete", "alicloud_ecs_disk.data-disk": "create" });
  });

  it("moves a renamed disk construct that carries a moved block, replacing nothing", async () => {
    const outcome = await scenarios.moved;
    expect(outcome.succeeded).toBe(true);
    expect(outcome.changes.filter((change) => change.action !== "noop")).toEqual([
      expect.objectContaining({
        address: "alicloud_ecs_disk.data-disk",
        previousAddress: DISK,
        action: "move",
      }),
    ]);
  });

  it("plans to destroy a disk whose resource block is gone: prevent_destroy only guards blocks still configured", async () => {
    const outcome = await scenarios.removed;
    expect(outcome.succeeded).toBe(true);
    expect(actionsOf(outcome)).toEqual({ [DISK]: "delete", [VOLUME]: "delete" });
  });

  it("plans a destroy once prevent_destroy is removed: the refusals above come from the guard", async () => {
    const outcome = await scenarios.unguarded;
    expect(outcome.succeeded).toBe(true);
    expect(outcome.errors).toEqual([]);
    // The volume points at the disk id, so replacing the disk replaces its volume too.
    expect(actionsOf(outcome)).toEqual({ [DISK]: "replace", [VOLUME]: "replace" });
    expect(outcome.summary).toMatchObject({ add: 2, remove: 2 });
  });
});

describe("real terraform against the provider doubles: state paths relative to each stack", () => {
  let workspace: TerraformWorkspace;

  beforeAll(async () => {
    workspace = new TerraformWorkspace(
      synthToDir((app) => buildFixtureApp(app, { statePaths: "relative" })),
      { mirror, shared },
    );
    await workspace.init();
  });

  afterAll(() => workspace?.dispose());

  it("fails to resolve a cross-stack reference: each stack reads the other's state from its own directory", async () => {
    await workspace.apply(FIXTURE_STACKS.platform);
    const outcome = await workspace.plan(FIXTURE_STACKS.config);
    expect(outcome.succeeded).toBe(false);
    expect(outcome.errors).toEqual(["Unable to find remote state"]);
  });
});
