import {
  checkCopiedSnapshotRetentionDays,
  checkSnapshotRetentionDays,
  checkSnapshotTimePoints,
  checkSnapshotWeekdays,
} from "../../../constructs/lib/snapshot-schedule";
import { ProblemList } from "../../../constructs/lib/validation";

function paths(check: (problems: ProblemList) => void): string[] {
  const problems = new ProblemList();
  check(problems);
  return problems.problems.map((p) => p.path);
}

describe("snapshot schedule rules", () => {
  test("accept every weekday, every hour and the retention bounds", () => {
    expect(paths((p) => checkSnapshotWeekdays(p, "w", ["1", "2", "3", "4", "5", "6", "7"]))).toEqual([]);
    expect(
      paths((p) =>
        checkSnapshotTimePoints(
          p,
          "t",
          Array.from({ length: 24 }, (_, h) => String(h)),
        ),
      ),
    ).toEqual([]);
    for (const days of [-1, 1, 65536])
      expect(paths((p) => checkSnapshotRetentionDays(p, "r", days))).toEqual([]);
    expect(paths((p) => checkCopiedSnapshotRetentionDays(p, "c", 65535))).toEqual([]);
    expect(paths((p) => checkSnapshotRetentionDays(p, "r", undefined))).toEqual([]);
  });

  test("fail on weekdays outside 1-7, names, empty lists and duplicates", () => {
    expect(paths((p) => checkSnapshotWeekdays(p, "w", ["0", "8", "Mon", "1", "1"]))).toEqual([
      "w[0]",
      "w[1]",
      "w[2]",
      "w",
    ]);
    expect(paths((p) => checkSnapshotWeekdays(p, "w", []))).toEqual(["w"]);
  });

  test("fail on hours outside 0-23, zero-padded hours and more than 24 entries", () => {
    expect(paths((p) => checkSnapshotTimePoints(p, "t", ["24", "03", "-1"]))).toEqual([
      "t[0]",
      "t[1]",
      "t[2]",
    ]);
    expect(paths((p) => checkSnapshotTimePoints(p, "t", Array(25).fill("1")))).toEqual(["t"]);
  });

  test("fail on retention 0, -2, fractions and one past the maximum", () => {
    for (const days of [0, -2, 1.5, 65537])
      expect(paths((p) => checkSnapshotRetentionDays(p, "r", days))).toEqual(["r"]);
    expect(paths((p) => checkCopiedSnapshotRetentionDays(p, "c", 65536))).toEqual(["c"]);
  });
});
