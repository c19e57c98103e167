import "cdktf/lib/testing/adapters/jest";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { EcsDisk } from "../../../../constructs/providers/alicloud";
import { problemPaths, synthJson, validationErrorOf } from "../helpers";

// cdktf's own matchers (toHaveResourceWithProperties), for the one test below that uses them.
Testing.setupJest();

describe("EcsDisk", () => {
  test("synthesizes alicloud_ecs_disk with snake_case attributes and lifecycle", () => {
    const json = synthJson(
      (stack) =>
        new EcsDisk(stack, "registry", {
          zoneId: "cn-hangzhou-h",
          category: "cloud_essd",
          performanceLevel: "PL1",
          size: 200,
          deleteWithInstance: false,
          deleteAutoSnapshot: false,
          diskName: "harbor-registry",
          tags: { "app.kubernetes.io/part-of": "harbor" },
          type: "online",
          lifecycle: { preventDestroy: true, ignoreChanges: ["tags"] },
        }),
    );
    expect(json.resource.alicloud_ecs_disk.registry).toEqual({
      zone_id: "cn-hangzhou-h",
      category: "cloud_essd",
      performance_level: "PL1",
      size: 200,
      delete_with_instance: false,
      delete_auto_snapshot: false,
      disk_name: "harbor-registry",
      tags: { "app.kubernetes.io/part-of": "harbor" },
      type: "online",
      lifecycle: { prevent_destroy: true, ignore_changes: ["tags"] },
    });
  });

  test("works with the cdktf jest matchers through tfResourceType", () => {
    const synthesized = Testing.synthScope(
      (stack) => new EcsDisk(stack, "d", { zoneId: "cn-hangzhou-h", category: "cloud_essd", size: 20 }),
    );
    expect(synthesized).toHaveResourceWithProperties(EcsDisk, { zone_id: "cn-hangzhou-h", size: 20 });
  });

  test("exposes computed attributes as Terraform references", () => {
    const json = synthJson((stack) => {
      const disk = new EcsDisk(stack, "d", { zoneId: "cn-hangzhou-h", size: 20 });
      new TerraformVariable(stack, "refs", {
        default: [disk.id, disk.status, disk.regionId, disk.createTime, disk.zoneId],
      });
      new TerraformVariable(stack, "size", { default: disk.size });
    });
    expect(json.variable.refs.default).toEqual([
      "${alicloud_ecs_disk.d.id}",
      "${alicloud_ecs_disk.d.status}",
      "${alicloud_ecs_disk.d.region_id}",
      "${alicloud_ecs_disk.d.create_time}",
      "${alicloud_ecs_disk.d.zone_id}",
    ]);
    expect(json.variable.size.default).toBe("${alicloud_ecs_disk.d.size}");
  });

  test("accepts unresolved sizes and categories without checking them", () => {
    const json = synthJson((stack) => {
      const size = new TerraformVariable(stack, "size", { type: "number" });
      const category = new TerraformVariable(stack, "category", { type: "string" });
      new EcsDisk(stack, "d", {
        zoneId: "cn-hangzhou-h",
        size: size.numberValue,
        category: category.stringValue,
      });
    });
    expect(json.resource.alicloud_ecs_disk.d.size).toBe("${var.size}");
  });

  test.each([
    ["cloud_essd", "PL0", 1],
    ["cloud_essd", "PL2", 461],
    ["cloud_essd", "PL3", 65536],
    ["cloud_efficiency", undefined, 20],
    ["cloud", undefined, 2000],
    ["cloud_auto", undefined, 1],
    ["elastic_ephemeral_disk_premium", undefined, 64],
  ])("accepts %s %s at %d GiB", (category, performanceLevel, size) => {
    expect(() =>
      synthJson(
        (stack) => new EcsDisk(stack, "d", { zoneId: "cn-hangzhou-h", category, performanceLevel, size }),
      ),
    ).not.toThrow();
  });

  test("fails on a size below the performance level's minimum, naming path, value and range", () => {
    const error = validationErrorOf(
      (stack) =>
        new EcsDisk(stack, "registry", {
          zoneId: "cn-hangzhou-h",
          category: "cloud_essd",
          performanceLevel: "PL2",
          size: 100,
        }),
    );
    expect(error.message).toContain(
      "s/registry: size: 100 is not valid: a whole number of GiB from 461 to 65536 for cloud_essd PL2",
    );
  });

  test("fails on a size below the default category's minimum (cloud_efficiency)", () => {
    const error = validationErrorOf(
      (stack) => new EcsDisk(stack, "d", { zoneId: "cn-hangzhou-h", size: 10 }),
    );
    expect(error.message).toContain(
      "s/d: size: 10 is not valid: a whole number of GiB from 20 to 32768 for cloud_efficiency",
    );
  });

  test("fails on an unknown category, a level on a non-ESSD category and cloud_auto-only options", () => {
    const unknown = validationErrorOf(
      (stack) => new EcsDisk(stack, "d", { zoneId: "z", category: "cloud_regional_disk_auto", size: 20 }),
    );
    expect(unknown.message).toContain(
      's/d: category: "cloud_regional_disk_auto" is not valid: one of "cloud",',
    );
    const mismatched = validationErrorOf(
      (stack) =>
        new EcsDisk(stack, "d", {
          zoneId: "z",
          category: "cloud_ssd",
          performanceLevel: "PL1",
          provisionedIops: 1000,
          burstingEnabled: true,
          size: 20,
        }),
    );
    expect(problemPaths(mismatched)).toEqual([
      "s/d: performanceLevel",
      "s/d: provisionedIops",
      "s/d: burstingEnabled",
    ]);
    expect(mismatched.message).toContain(
      'performanceLevel: "PL1" is not valid: only with category "cloud_essd"',
    );
  });

  test("fails on a bad performance level, payment type, resize type and multi-attach", () => {
    const error = validationErrorOf(
      (stack) =>
        new EcsDisk(stack, "d", {
          zoneId: "z",
          category: "cloud_ssd",
          performanceLevel: "PL4",
          paymentType: "PostPaid",
          type: "hot",
          multiAttach: "Enabled",
          size: 20,
        }),
    );
    expect(problemPaths(error)).toEqual([
      "s/d: performanceLevel",
      "s/d: paymentType",
      "s/d: type",
      "s/d: multiAttach",
    ]);
  });

  test("fails without a zone, without a size and with a KMS key on an unencrypted disk", () => {
    const error = validationErrorOf((stack) => new EcsDisk(stack, "d", { kmsKeyId: "key-1" }));
    expect(problemPaths(error)).toEqual(["s/d: zoneId", "s/d: size", "s/d: kmsKeyId"]);
  });

  test("fails on a disk name or description the API rejects", () => {
    const error = validationErrorOf(
      (stack) =>
        new EcsDisk(stack, "d", {
          zoneId: "z",
          size: 20,
          diskName: "1disk",
          description: "https://example.com",
        }),
    );
    expect(problemPaths(error)).toEqual(["s/d: diskName", "s/d: description"]);
  });

  test("the construct is a TerraformResource of the real type", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const disk = new EcsDisk(stack, "d", { zoneId: "z", size: 20 });
    expect(disk.terraformResourceType).toBe("alicloud_ecs_disk");
    expect(EcsDisk.tfResourceType).toBe("alicloud_ecs_disk");
  });
});
