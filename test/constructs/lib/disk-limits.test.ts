import { checkDiskSpec, diskSizeProblem, diskSizeRange } from "../../../constructs/lib/disk-limits";
import { formatProblem, ProblemList } from "../../../constructs/lib/validation";

function problemsOf(spec: Parameters<typeof checkDiskSpec>[2]): string[] {
  const problems = new ProblemList();
  checkDiskSpec(problems, "disk.", spec);
  return problems.problems.map(formatProblem);
}

describe("diskSizeRange", () => {
  test.each([
    ["cloud_essd", "PL0", 1, 65536],
    ["cloud_essd", "PL1", 20, 65536],
    ["cloud_essd", "PL2", 461, 65536],
    ["cloud_essd", "PL3", 1261, 65536],
    ["cloud_essd", undefined, 20, 65536],
    ["cloud_efficiency", undefined, 20, 32768],
    ["cloud_ssd", undefined, 20, 32768],
    ["cloud_auto", undefined, 1, 65536],
    ["cloud_essd_entry", undefined, 10, 32768],
    ["cloud", undefined, 5, 2000],
    ["elastic_ephemeral_disk_standard", undefined, 64, 8192],
  ])("%s %s: %d-%d GiB", (category, level, min, max) => {
    expect(diskSizeRange(category, level)).toEqual({ minGiB: min, maxGiB: max });
  });

  test("is undefined for an unknown category or level", () => {
    expect(diskSizeRange("cloud_regional_disk_auto")).toBeUndefined();
    expect(diskSizeRange("cloud_essd", "PL4")).toBeUndefined();
  });
});

describe("diskSizeProblem", () => {
  test("accepts the bounds and rejects one past them, fractions and non-numbers", () => {
    expect(diskSizeProblem("cloud_essd", "PL2", 461)).toBeUndefined();
    expect(diskSizeProblem("cloud_essd", "PL2", 65536)).toBeUndefined();
    expect(diskSizeProblem("cloud_essd", "PL2", 460)).toBe(
      "a whole number of GiB from 461 to 65536 for cloud_essd PL2",
    );
    expect(diskSizeProblem("cloud", undefined, 2001)).toBe("a whole number of GiB from 5 to 2000 for cloud");
    expect(diskSizeProblem("cloud_ssd", undefined, 20.5)).toBeDefined();
    expect(diskSizeProblem("cloud_ssd", undefined, "20")).toBeDefined();
    expect(diskSizeProblem("magnetic", undefined, 20)).toBe(
      "a size for a known disk category (magnetic is not one)",
    );
  });
});

describe("checkDiskSpec", () => {
  test("accepts a valid ESSD and a bare size (provider default category)", () => {
    expect(problemsOf({ category: "cloud_essd", performanceLevel: "PL0", sizeGiB: 1 })).toEqual([]);
    expect(problemsOf({ sizeGiB: 20 })).toEqual([]);
    expect(
      problemsOf({ category: "cloud_auto", sizeGiB: 1, provisionedIops: 1000, burstingEnabled: true }),
    ).toEqual([]);
  });

  test("fails on a size below the default category's minimum: cloud_efficiency, not ESSD", () => {
    expect(problemsOf({ sizeGiB: 10 })).toEqual([
      "disk.sizeGiB: 10 is not valid: a whole number of GiB from 20 to 32768 for cloud_efficiency",
    ]);
  });

  test("fails on an unknown category without checking the size against it", () => {
    expect(problemsOf({ category: "ssd", sizeGiB: 1 })).toEqual([
      'disk.category: "ssd" is not valid: one of "cloud", "cloud_efficiency", "cloud_essd", "cloud_ssd", "cloud_auto", "cloud_essd_entry", "elastic_ephemeral_disk_standard" or "elastic_ephemeral_disk_premium"',
    ]);
  });

  test("fails on a performance level for a category that ignores it, and cloud_auto-only options", () => {
    expect(
      problemsOf({ category: "cloud_ssd", performanceLevel: "PL1", provisionedIops: 100, sizeGiB: 20 }),
    ).toEqual([
      'disk.performanceLevel: "PL1" is not valid: only with category "cloud_essd" (category is "cloud_ssd")',
      'disk.provisionedIops: 100 is not valid: only with category "cloud_auto" (category is "cloud_ssd")',
    ]);
  });

  test("uses the caller's field names", () => {
    const problems = new ProblemList();
    checkDiskSpec(
      problems,
      "s/d: ",
      { sizeGiB: 1 },
      {
        category: "category",
        performanceLevel: "performance_level",
        sizeGiB: "size",
        provisionedIops: "provisioned_iops",
        burstingEnabled: "bursting_enabled",
      },
    );
    expect(problems.problems.map((p) => p.path)).toEqual(["s/d: size"]);
  });
});
