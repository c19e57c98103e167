import { HarborGarbageCollection, HarborPurgeAuditLog } from "../../../../constructs/providers/harbor";
import { problemPaths, synthJson, validationErrorOf } from "../helpers";

describe("HarborGarbageCollection", () => {
  test("synthesizes schedule, untagged deletion and workers", () => {
    const json = synthJson(
      (stack) =>
        new HarborGarbageCollection(stack, "gc", {
          schedule: "0 0 3 * * 6",
          deleteUntagged: true,
          workers: 2,
        }),
    );
    expect(json.resource.harbor_garbage_collection.gc).toEqual({
      schedule: "0 0 3 * * 6",
      delete_untagged: true,
      workers: 2,
    });
  });

  test.each(["Hourly", "Daily", "Weekly"])("accepts the preset %s", (schedule) => {
    expect(() => synthJson((stack) => new HarborGarbageCollection(stack, "gc", { schedule }))).not.toThrow();
  });

  test("fails on a schedule that drifts forever and on workers outside 1-10", () => {
    const error = validationErrorOf(
      (stack) => new HarborGarbageCollection(stack, "gc", { schedule: "weekly", workers: 0 }),
    );
    expect(problemPaths(error)).toEqual(["s/gc: schedule", "s/gc: workers"]);
    expect(error.message).toContain('exactly "Weekly": the provider reads presets back capitalised');
    expect(
      problemPaths(
        validationErrorOf((s) => new HarborGarbageCollection(s, "gc", { schedule: "Daily", workers: 11 })),
      ),
    ).toEqual(["s/gc: workers"]);
  });

  test("fails on a preset cron and a 5-field cron", () => {
    expect(
      validationErrorOf((s) => new HarborGarbageCollection(s, "gc", { schedule: "0 0 0 * * *" })).message,
    ).toContain('"Daily": Harbor stores this cron as that preset');
    expect(
      validationErrorOf((s) => new HarborGarbageCollection(s, "gc", { schedule: "0 3 * * 6" })).message,
    ).toContain('did you mean "0 0 3 * * 6"?');
  });
});

describe("HarborPurgeAuditLog", () => {
  test("synthesizes schedule, retention and event types", () => {
    const json = synthJson(
      (stack) =>
        new HarborPurgeAuditLog(stack, "purge", {
          schedule: "Daily",
          auditRetentionHour: 2160,
          includeEventTypes: "create_artifact,delete_artifact,pull_artifact",
        }),
    );
    expect(json.resource.harbor_purge_audit_log.purge).toEqual({
      schedule: "Daily",
      audit_retention_hour: 2160,
      include_event_types: "create_artifact,delete_artifact,pull_artifact",
    });
  });

  test("fails without operations or event types, and on unknown items, a bad schedule and retention", () => {
    expect(
      problemPaths(
        validationErrorOf(
          (s) => new HarborPurgeAuditLog(s, "p", { schedule: "5 4 * * *", auditRetentionHour: 0 }),
        ),
      ),
    ).toEqual(["s/p: schedule", "s/p: auditRetentionHour", "s/p: includeEventTypes"]);
    expect(
      problemPaths(
        validationErrorOf(
          (s) =>
            new HarborPurgeAuditLog(s, "p", {
              schedule: "Daily",
              auditRetentionHour: 24,
              includeOperations: "create,push",
              includeEventTypes: "create,login",
            }),
        ),
      ),
    ).toEqual(["s/p: includeOperations", "s/p: includeEventTypes"]);
  });
});
