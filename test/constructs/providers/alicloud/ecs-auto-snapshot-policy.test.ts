import {
  EcsAutoSnapshotPolicy,
  EcsAutoSnapshotPolicyAttachment,
  EcsDisk,
} from "../../../../constructs/providers/alicloud";
import { problemPaths, synthJson, validationErrorOf } from "../helpers";

const DAILY = { repeatWeekdays: ["1", "2", "3", "4", "5", "6", "7"], timePoints: ["3"], retentionDays: 14 };

describe("EcsAutoSnapshotPolicy", () => {
  test("synthesizes lists of strings, the retention and the copy encryption block", () => {
    const json = synthJson(
      (stack) =>
        new EcsAutoSnapshotPolicy(stack, "daily", {
          ...DAILY,
          autoSnapshotPolicyName: "harbor-daily",
          enableCrossRegionCopy: true,
          targetCopyRegions: ["cn-shanghai"],
          copiedSnapshotsRetentionDays: -1,
          copyEncryptionConfiguration: { encrypted: true },
          tags: { owner: "platform" },
        }),
    );
    expect(json.resource.alicloud_ecs_auto_snapshot_policy.daily).toEqual({
      repeat_weekdays: ["1", "2", "3", "4", "5", "6", "7"],
      time_points: ["3"],
      retention_days: 14,
      auto_snapshot_policy_name: "harbor-daily",
      enable_cross_region_copy: true,
      target_copy_regions: ["cn-shanghai"],
      copied_snapshots_retention_days: -1,
      copy_encryption_configuration: [{ encrypted: true }],
      tags: { owner: "platform" },
    });
  });

  test("accepts -1 (keep forever)", () => {
    expect(() =>
      synthJson((stack) => new EcsAutoSnapshotPolicy(stack, "p", { ...DAILY, retentionDays: -1 })),
    ).not.toThrow();
  });

  test("fails on weekday 0, hour 24, a zero-padded hour and retention 0, each with its index", () => {
    const error = validationErrorOf(
      (stack) =>
        new EcsAutoSnapshotPolicy(stack, "p", {
          repeatWeekdays: ["0", "1"],
          timePoints: ["24", "03"],
          retentionDays: 0,
        }),
    );
    expect(problemPaths(error)).toEqual([
      "s/p: repeatWeekdays[0]",
      "s/p: timePoints[0]",
      "s/p: timePoints[1]",
      "s/p: retentionDays",
    ]);
    expect(error.message).toContain(
      's/p: repeatWeekdays[0]: "0" is not valid: a weekday from "1" (Monday) to "7" (Sunday)',
    );
    expect(error.message).toContain(
      "s/p: retentionDays: 0 is not valid: -1 (keep forever) or an integer from 1 to 65536 days",
    );
  });

  test("fails on empty lists, duplicates and two copy regions", () => {
    const error = validationErrorOf(
      (stack) =>
        new EcsAutoSnapshotPolicy(stack, "p", {
          repeatWeekdays: [],
          timePoints: ["1", "1"],
          retentionDays: 7,
          targetCopyRegions: ["cn-shanghai", "cn-beijing"],
          enableCrossRegionCopy: false,
        }),
    );
    expect(problemPaths(error)).toEqual([
      "s/p: repeatWeekdays",
      "s/p: timePoints",
      "s/p: targetCopyRegions",
      "s/p: enableCrossRegionCopy",
    ]);
  });
});

describe("EcsAutoSnapshotPolicyAttachment", () => {
  test("references the policy and the disk by id", () => {
    const json = synthJson((stack) => {
      const disk = new EcsDisk(stack, "disk", { zoneId: "cn-hangzhou-h", size: 20 });
      const policy = new EcsAutoSnapshotPolicy(stack, "policy", DAILY);
      new EcsAutoSnapshotPolicyAttachment(stack, "attach", {
        autoSnapshotPolicyId: policy.id,
        diskId: disk.id,
      });
    });
    expect(json.resource.alicloud_ecs_auto_snapshot_policy_attachment.attach).toEqual({
      auto_snapshot_policy_id: "${alicloud_ecs_auto_snapshot_policy.policy.id}",
      disk_id: "${alicloud_ecs_disk.disk.id}",
    });
  });
});
