import { ProblemList } from "./validation";
import { checkUnlimitedOrRange } from "./value-checks";

/**
 * Rules of an ECS automatic snapshot policy (`alicloud_ecs_auto_snapshot_policy`). The provider
 * passes these values to the API unchecked, so a typo fails at apply; the ranges are from the
 * provider docs (notes-alicloud.md §3).
 */

/** `"1"`..`"7"`, 1 = Monday. */
export function checkSnapshotWeekdays(
  problems: ProblemList,
  path: string,
  weekdays: readonly string[],
): void {
  if (!problems.check(weekdays.length >= 1, path, weekdays, "at least one weekday")) return;
  weekdays.forEach((day, index) => {
    problems.check(
      /^[1-7]$/.test(day),
      `${path}[${index}]`,
      day,
      'a weekday from "1" (Monday) to "7" (Sunday)',
    );
  });
  problems.check(new Set(weekdays).size === weekdays.length, path, weekdays, "each weekday at most once");
}

/** `"0"`..`"23"`: hours of the day in UTC+8 (China Standard Time), not UTC. */
export function checkSnapshotTimePoints(problems: ProblemList, path: string, hours: readonly string[]): void {
  if (!problems.check(hours.length >= 1 && hours.length <= 24, path, hours, "1 to 24 hours of the day"))
    return;
  hours.forEach((hour, index) => {
    problems.check(
      /^(?:[0-9]|1[0-9]|2[0-3])$/.test(hour),
      `${path}[${index}]`,
      hour,
      'an hour from "0" to "23" (UTC+8), without leading zeros',
    );
  });
  problems.check(new Set(hours).size === hours.length, path, hours, "each hour at most once");
}

/** Days to keep automatic snapshots: -1 keeps them forever. */
export function checkSnapshotRetentionDays(
  problems: ProblemList,
  path: string,
  days: number | undefined,
): void {
  checkUnlimitedOrRange(problems, path, days, 1, 65536, "keep forever", "days");
}

/** Days to keep cross-region copies: -1 keeps them forever; the maximum is one less than for local snapshots. */
export function checkCopiedSnapshotRetentionDays(
  problems: ProblemList,
  path: string,
  days: number | undefined,
): void {
  checkUnlimitedOrRange(problems, path, days, 1, 65535, "keep forever", "days");
}
