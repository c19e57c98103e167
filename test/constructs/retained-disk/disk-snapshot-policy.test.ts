import { DiskSnapshotPolicy } from "../../../constructs/retained-disk/disk-snapshot-policy";
import { newStack, resourceBody, synthJson, validationErrorOf } from "../synth-helpers";

describe("DiskSnapshotPolicy", () => {
  test("snapshots daily at 02:00 UTC+8 and keeps them 7 days by default", () => {
    const { stack } = newStack();
    const policy = new DiskSnapshotPolicy(stack, "snapshots", { policyName: "harbor-hz-h-daily" });
    expect(
      resourceBody(
        synthJson(stack),
        "alicloud_ecs_auto_snapshot_policy",
        "snapshot-policy_harbor-hz-h-daily",
      ),
    ).toEqual({
      auto_snapshot_policy_name: "harbor-hz-h-daily",
      repeat_weekdays: ["1", "2", "3", "4", "5", "6", "7"],
      time_points: ["2"],
      retention_days: 7,
    });
    expect(policy.retentionDays).toBe(7);
    expect(policy.policyId).toMatch(/TOKEN/);
  });

  test("takes retention, hours, weekdays and tags", () => {
    const { stack } = newStack();
    new DiskSnapshotPolicy(stack, "snapshots", {
      policyName: "weekly",
      retentionDays: -1,
      hoursUtc8: [1, 13],
      weekdays: [6],
      tags: { team: "platform" },
    });
    expect(
      resourceBody(synthJson(stack), "alicloud_ecs_auto_snapshot_policy", "snapshot-policy_weekly"),
    ).toMatchObject({
      repeat_weekdays: ["6"],
      time_points: ["1", "13"],
      retention_days: -1,
      tags: { team: "platform" },
    });
  });

  test("fails on an hour past 23, a weekday 0 and a zero retention, all at once", () => {
    const { stack } = newStack();
    const error = validationErrorOf(
      () =>
        new DiskSnapshotPolicy(stack, "snapshots", {
          policyName: "daily",
          retentionDays: 0,
          hoursUtc8: [24],
          weekdays: [0],
        }),
    );
    expect(error.problems.map((p) => p.path)).toEqual([
      "stack/snapshots: retentionDays",
      "stack/snapshots: hoursUtc8[0]",
      "stack/snapshots: weekdays[0]",
    ]);
  });

  test("fails on a policy name ECS rejects", () => {
    const { stack } = newStack();
    const error = validationErrorOf(
      () => new DiskSnapshotPolicy(stack, "snapshots", { policyName: "1-daily" }),
    );
    expect(error.problems.map((p) => p.path)).toEqual(["stack/snapshots: policyName"]);
  });
});
