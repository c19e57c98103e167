import {
  dependencyLevels,
  describePlan,
  parsePlanOutput,
  relocateLocalState,
  requireTerraform,
  TerraformMissingError,
} from "../../../test-tooling/terraform-harness";

const line = (message: object): string => JSON.stringify(message);

describe("plan output", () => {
  const stdout = [
    "not json",
    line({ type: "version", terraform: "1.11.4" }),
    line({
      type: "planned_change",
      change: {
        resource: { addr: "alicloud_ecs_disk.registry", resource_type: "alicloud_ecs_disk" },
        action: "replace",
        reason: "cannot_update",
      },
    }),
    line({
      type: "planned_change",
      change: {
        resource: { addr: "kubernetes_namespace_v1.site", resource_type: "kubernetes_namespace_v1" },
        previous_resource: { addr: "kubernetes_namespace_v1.harbor" },
        action: "move",
      },
    }),
    line({ type: "change_summary", changes: { add: 1, change: 0, remove: 1, import: 0, operation: "plan" } }),
    line({
      type: "diagnostic",
      diagnostic: {
        severity: "error",
        summary: "Instance cannot be destroyed",
        detail: "Resource ... has lifecycle.prevent_destroy set",
        address: "alicloud_ecs_disk.registry",
      },
    }),
  ].join("\n");

  it("reads Terraform's decisions per resource", () => {
    const report = parsePlanOutput(stdout);
    expect(report.changes).toEqual([
      {
        address: "alicloud_ecs_disk.registry",
        resourceType: "alicloud_ecs_disk",
        action: "replace",
        reason: "cannot_update",
      },
      {
        address: "kubernetes_namespace_v1.site",
        resourceType: "kubernetes_namespace_v1",
        action: "move",
        previousAddress: "kubernetes_namespace_v1.harbor",
      },
    ]);
    expect(report.summary).toEqual({ add: 1, change: 0, remove: 1, import: 0 });
    expect(report.diagnostics).toEqual([
      expect.objectContaining({
        severity: "error",
        summary: "Instance cannot be destroyed",
        address: "alicloud_ecs_disk.registry",
      }),
    ]);
  });

  it("describes a plan one decision per line", () => {
    expect(describePlan(parsePlanOutput(stdout))).toBe(
      [
        "replace alicloud_ecs_disk.registry [cannot_update]",
        "move kubernetes_namespace_v1.site (from kubernetes_namespace_v1.harbor)",
        "error: Instance cannot be destroyed (alicloud_ecs_disk.registry)",
      ].join("\n"),
    );
    expect(describePlan(parsePlanOutput(""))).toBe("no changes");
  });
});

describe("stack layout", () => {
  it("orders stacks by their dependencies, independent ones together", () => {
    const stacks = new Map([
      ["config-a", { dependencies: ["platform-a"] }],
      ["platform-a", { dependencies: ["shared"] }],
      ["platform-b", { dependencies: ["shared"] }],
      ["shared", { dependencies: [] }],
      ["gateway", { dependencies: [] }],
    ]);
    expect(dependencyLevels(stacks)).toEqual([
      ["gateway", "shared"],
      ["platform-a", "platform-b"],
      ["config-a"],
    ]);
  });

  it("fails on a dependency cycle", () => {
    expect(() =>
      dependencyLevels(
        new Map([
          ["a", { dependencies: ["b"] }],
          ["b", { dependencies: ["a"] }],
        ]),
      ),
    ).toThrow("stack dependencies form a cycle");
  });

  it("moves cdktf's absolute default state paths into the workspace and leaves relative ones", () => {
    const json = {
      terraform: { backend: { local: { path: "/repo/terraform.platform.tfstate" } } },
      data: {
        terraform_remote_state: {
          shared: { backend: "local", config: { path: "/repo/terraform.shared.tfstate" } },
          other: { backend: "local", config: { path: "terraform.other.tfstate" } },
          remote: { backend: "oss", config: { bucket: "b" } },
        },
      },
    };
    const relocated = relocateLocalState(json, "/repo", "/tmp/ws");
    expect(relocated.terraform.backend.local.path).toBe("/tmp/ws/terraform.platform.tfstate");
    expect(relocated.data.terraform_remote_state.shared.config.path).toBe("/tmp/ws/terraform.shared.tfstate");
    expect(relocated.data.terraform_remote_state.other.config.path).toBe("terraform.other.tfstate");
    expect(relocated.data.terraform_remote_state.remote.config).toEqual({ bucket: "b" });
    expect(json.terraform.backend.local.path).toBe("/repo/terraform.platform.tfstate");
  });
});

describe("terraform on PATH", () => {
  it("reports the installed version", () => {
    expect(requireTerraform()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("fails loudly, never skips, when terraform is missing", () => {
    const env = { ...process.env, PATH: "/nonexistent", TERRAFORM_BINARY: undefined };
    expect(() => requireTerraform(env)).toThrow(TerraformMissingError);
    expect(() => requireTerraform(env)).toThrow(
      "the Terraform CLI is required for the Terraform-backed tests",
    );
  });
});
