import {
  checkHarborJobSchedule,
  checkReplicationDeletion,
  checkReplicationSchedule,
  harborCronProblem,
} from "../../../constructs/lib/harbor-schedule";
import { formatProblem, ProblemList } from "../../../constructs/lib/validation";

function replicationMessage(schedule: string): string | undefined {
  const problems = new ProblemList();
  checkReplicationSchedule(problems, "harbor-primary-config/replication/push: schedule", schedule);
  return problems.problems.map(formatProblem)[0];
}

function jobMessage(schedule: string): string | undefined {
  const problems = new ProblemList();
  checkHarborJobSchedule(problems, "gc: schedule", schedule);
  return problems.problems.map(formatProblem)[0];
}

describe("harborCronProblem", () => {
  test.each([
    "0 */5 * * * *",
    "0 0 2 * * *",
    "0 30 2 * * 1-5",
    "0 0 0 1 JAN ?",
    "0 0,30 8-18 * * MON-FRI",
    "0 0 0 * * 6",
  ])("accepts %s", (cron) => expect(harborCronProblem(cron)).toBeUndefined());

  test("suggests the 6-field form for a 5-field cron", () => {
    expect(harborCronProblem("*/5 * * * *")).toEqual({ suggestion: "0 */5 * * * *" });
  });

  test("rejects non-zero seconds, which Harbor's scheduler refuses, with the corrected form", () => {
    expect(harborCronProblem("*/30 * * * * *")).toEqual({
      reason: 'Harbor requires the seconds field to be "0"',
      suggestion: "0 * * * * *",
    });
  });

  test.each([
    ["0 61 * * * *", "minutes"],
    ["0 0 24 * * *", "hours"],
    ["0 0 0 0 * *", "day-of-month"],
    ["0 0 0 * 13 *", "month"],
    ["0 0 0 * * 7", "day-of-week"],
    ["0 0 0 * * MON-FUN", "day-of-week"],
    ["0 */0 * * * *", "minutes"],
    ["0 5-1 * * * *", "minutes"],
    ["0 L * * * *", "minutes"],
  ])("names the bad field of %s", (cron, field) => {
    expect(harborCronProblem(cron)?.reason).toContain(`the ${field} field`);
  });

  test("rejects the wrong number of fields", () => {
    expect(harborCronProblem("0 0 0 * * * 2030")?.reason).toContain("it has 7 fields");
    expect(harborCronProblem("0 0")?.reason).toContain("it has 2 fields");
  });
});

describe("checkReplicationSchedule", () => {
  test.each(["manual", "event_based", "0 0 */2 * * *"])("accepts %s", (schedule) => {
    expect(replicationMessage(schedule)).toBeUndefined();
  });

  test("fails on a 5-field cron and shows the corrected form", () => {
    expect(replicationMessage("*/5 * * * *")).toBe(
      'harbor-primary-config/replication/push: schedule: "*/5 * * * *" is not valid: a 6-field cron with seconds first (sec min hour dom mon dow); did you mean "0 */5 * * * *"?',
    );
  });

  test("fails on a misspelt trigger and suggests the right one", () => {
    expect(replicationMessage("Event-Based")).toContain('did you mean "event_based"?');
    expect(replicationMessage("MANUAL")).toContain('did you mean "manual"?');
  });

  test("fails on every-minute replication, which Harbor rejects", () => {
    expect(replicationMessage("0 * * * * *")).toContain('Harbor rejects "*" in the minutes field');
  });

  test("fails on extra spaces between fields and shows the normalized form", () => {
    expect(replicationMessage("0  */10 * * * *")).toContain(
      'separate the fields with single spaces; did you mean "0 */10 * * * *"?',
    );
  });

  test("fails on words that are not a trigger", () => {
    expect(replicationMessage("on push")).toContain(
      'is not valid: "manual", "event_based" or a 6-field cron',
    );
    expect(replicationMessage("")).toContain('is not valid: "manual", "event_based" or a 6-field cron');
  });
});

describe("checkReplicationDeletion", () => {
  test("accepts deletion with event_based and no deletion with anything", () => {
    const problems = new ProblemList();
    checkReplicationDeletion(problems, "d", true, "event_based");
    checkReplicationDeletion(problems, "d", false, "0 0 * * * *");
    checkReplicationDeletion(problems, "d", undefined, undefined);
    expect(problems.isEmpty).toBe(true);
  });

  test("fails on deletion with a cron or the default manual trigger", () => {
    const problems = new ProblemList();
    checkReplicationDeletion(problems, "pull: deletion", true, "0 0 * * * *");
    checkReplicationDeletion(problems, "manual: deletion", true, undefined);
    expect(problems.problems.map(formatProblem)).toEqual([
      'pull: deletion: true is not valid: true only with schedule "event_based" (schedule is "0 0 * * * *"); Harbor ignores it otherwise and the plan never settles',
      'manual: deletion: true is not valid: true only with schedule "event_based" (schedule is "manual"); Harbor ignores it otherwise and the plan never settles',
    ]);
  });
});

describe("checkHarborJobSchedule", () => {
  test.each(["Hourly", "Daily", "Weekly", "0 30 2 * * *", "0 0 0 * * 1"])("accepts %s", (schedule) => {
    expect(jobMessage(schedule)).toBeUndefined();
  });

  test("fails on a lowercase preset, which drifts forever", () => {
    expect(jobMessage("daily")).toBe(
      'gc: schedule: "daily" is not valid: exactly "Daily": the provider reads presets back capitalised, so "daily" drifts on every plan',
    );
  });

  test.each([
    ["0 0 0 * * *", "Daily"],
    ["0 0 * * * *", "Hourly"],
    ["0 0 0 * * 0", "Weekly"],
  ])("fails on the preset cron %s and suggests %s", (cron, preset) => {
    expect(jobMessage(cron)).toContain(
      `is not valid: "${preset}": Harbor stores this cron as that preset, so the cron drifts on every plan`,
    );
  });

  test("fails on a 5-field cron and suggests the 6-field form, or the preset it amounts to", () => {
    expect(jobMessage("30 2 * * *")).toContain('did you mean "0 30 2 * * *"?');
    expect(jobMessage("0 0 * * *")).toContain('did you mean "Daily"?');
  });

  test("fails on Monthly, None and empty", () => {
    expect(jobMessage("Monthly")).toContain('"Monthly" is not a Harbor preset; did you mean "0 0 0 1 * *"?');
    expect(jobMessage("None")).toContain(
      "to have no schedule, leave the resource (or the optional field) out",
    );
    expect(jobMessage("")).toContain("to have no schedule");
  });

  test("fails on a malformed cron naming the field", () => {
    expect(jobMessage("0 0 25 * * *")).toContain('the hours field "25" is not within 0-23');
  });
});
