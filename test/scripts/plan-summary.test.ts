import { parseStackPlan, planOrder, renderPlanSummary } from "../../scripts/plan/plan-summary";

// The shape of `cdktf diff <stack> --no-color`: Terraform's lines, prefixed with the stack name.
const OUTPUT = `registry-hz-h-platform  Terraform used the selected providers to generate the following execution
                        plan. Resource actions are indicated with the following symbols:
                          ~ update in-place
                        -/+ destroy and then create replacement

                        Terraform will perform the following actions:

                          # alicloud_ecs_disk.disk_hz-h_registry (harbor/disks/registry/disk) must be replaced
                        -/+ resource "alicloud_ecs_disk" "disk_hz-h_registry" {
                          # kubernetes_config_map_v1.site-alerting_rule-file_625EDA43 (site-alerting/rule-file) will be updated in-place
                          # helm_release.monitoring_hz-h will be destroyed

                        Plan: 1 to add, 1 to change, 2 to destroy.
`;

describe("plan summary", () => {
  test("counts and the addresses to replace or destroy", () => {
    expect(parseStackPlan("registry-hz-h-platform", OUTPUT, 0)).toEqual({
      stack: "registry-hz-h-platform",
      status: "changes",
      add: 1,
      change: 1,
      destroy: 2,
      import: 0,
      replaced: ["alicloud_ecs_disk.disk_hz-h_registry"],
      destroyed: ["helm_release.monitoring_hz-h"],
    });
  });

  test("no changes, imports, and a failed plan with its last lines", () => {
    expect(
      parseStackPlan("s", "s  No changes. Your infrastructure matches the configuration.", 0).status,
    ).toBe("no-changes");
    expect(parseStackPlan("s", "Plan: 2 to import, 0 to add, 0 to change, 0 to destroy.", 0).import).toBe(2);
    const failed = parseStackPlan("s", "a\n\nError: No value for required variable\nb\n", 1);
    expect(failed).toMatchObject({ status: "failed", error: "a\nError: No value for required variable\nb" });
  });

  test("the markdown names the risky addresses and folds the errors", () => {
    const markdown = renderPlanSummary([
      parseStackPlan("registry-hz-h-platform", OUTPUT, 0),
      parseStackPlan("registry-shared", "No changes.", 0),
      parseStackPlan("registry-hz-h-config", "Error: boom", 1),
    ]);
    expect(markdown).toContain(
      "| registry-hz-h-platform | changes | 1 | 1 | 2 | `alicloud_ecs_disk.disk_hz-h_registry` (replace)<br>`helm_release.monitoring_hz-h` (destroy) |",
    );
    expect(markdown).toContain("| registry-shared | no changes | 0 | 0 | 0 | – |");
    expect(markdown).toContain("<details><summary>registry-hz-h-config: why the plan failed</summary>");
  });

  test("stacks in dependency order, ties by name", () => {
    expect(
      planOrder({
        "r-gateway": {},
        "r-hz-h-config": { dependencies: ["r-hz-h-platform", "r-gateway"] },
        "r-hz-h-platform": { dependencies: ["r-shared"] },
        "r-shared": {},
      }),
    ).toEqual(["r-gateway", "r-shared", "r-hz-h-platform", "r-hz-h-config"]);
    expect(() => planOrder({ a: { dependencies: ["b"] }, b: { dependencies: ["a"] } })).toThrow(
      "stack dependency cycle: a → b → a",
    );
  });
});
