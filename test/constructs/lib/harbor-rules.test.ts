import {
  checkCommaList,
  checkHarborProjectName,
  checkHarborProjectPath,
  checkStorageQuotaGiB,
  HARBOR_PURGE_EVENT_TYPES,
} from "../../../constructs/lib/harbor-rules";
import { checkOssBucketName } from "../../../constructs/lib/oss-bucket-name";
import { formatProblem, ProblemList } from "../../../constructs/lib/validation";
import {
  checkHttpUrl,
  checkIntegerRange,
  checkUnlimitedOrAtLeast,
  checkWholeNumberAtLeast,
  describeChoices,
} from "../../../constructs/lib/value-checks";

function messages(check: (problems: ProblemList) => void): string[] {
  const problems = new ProblemList();
  check(problems);
  return problems.problems.map(formatProblem);
}

describe("checkHarborProjectPath", () => {
  test("accepts /projects/<n>", () => {
    expect(messages((p) => checkHarborProjectPath(p, "scope", "/projects/12"))).toEqual([]);
  });

  test("fails on a bare number and suggests the path form", () => {
    expect(messages((p) => checkHarborProjectPath(p, "scope", "12"))).toEqual([
      'scope: "12" is not valid: a project path "/projects/<n>" (pass harborProject.id, not projectId); did you mean "/projects/12"?',
    ]);
  });

  test("fails on a project name or another API path", () => {
    expect(messages((p) => checkHarborProjectPath(p, "scope", "library"))).toHaveLength(1);
    expect(messages((p) => checkHarborProjectPath(p, "scope", "/registries/1"))).toHaveLength(1);
  });
});

describe("checkStorageQuotaGiB", () => {
  test("accepts -1 and whole GiB", () => {
    for (const quota of [-1, 1, 500])
      expect(messages((p) => checkStorageQuotaGiB(p, "q", quota))).toEqual([]);
  });

  test("fails on 0, other negatives and fractions", () => {
    for (const quota of [0, -5, 0.5])
      expect(messages((p) => checkStorageQuotaGiB(p, "q", quota))).toHaveLength(1);
  });
});

describe("checkHarborProjectName", () => {
  test("accepts lowercase names with single separators and fails on others", () => {
    expect(messages((p) => checkHarborProjectName(p, "n", "team-a.images_v2"))).toEqual([]);
    for (const name of ["Team", "a--b", "-a", "a b", ""]) {
      expect(messages((p) => checkHarborProjectName(p, "n", name))).toHaveLength(1);
    }
  });
});

describe("checkCommaList", () => {
  test("accepts known items with or without spaces and fails on unknown ones", () => {
    expect(messages((p) => checkCommaList(p, "e", "create, pull", HARBOR_PURGE_EVENT_TYPES))).toEqual([]);
    expect(messages((p) => checkCommaList(p, "e", "create,login", ["create", "pull"]))).toEqual([
      'e: "create,login" is not valid: a comma-separated list of "create" or "pull"',
    ]);
    expect(messages((p) => checkCommaList(p, "e", "", ["create"]))).toHaveLength(1);
  });
});

describe("value checks", () => {
  test("describeChoices joins with commas and a final or", () => {
    expect(describeChoices(["a"])).toBe('"a"');
    expect(describeChoices(["a", "b", "c"])).toBe('"a", "b" or "c"');
    expect(describeChoices([1, 2])).toBe("1 or 2");
  });

  test("range checks pass undefined and name the bounds", () => {
    expect(messages((p) => checkIntegerRange(p, "x", undefined, 1, 5))).toEqual([]);
    expect(messages((p) => checkIntegerRange(p, "x", 6, 1, 5, "workers"))).toEqual([
      "x: 6 is not valid: an integer from 1 to 5 workers",
    ]);
    expect(messages((p) => checkWholeNumberAtLeast(p, "x", 0, 1, "hours"))).toEqual([
      "x: 0 is not valid: a whole number of hours of at least 1",
    ]);
    expect(messages((p) => checkUnlimitedOrAtLeast(p, "x", -1, 1, "unlimited"))).toEqual([]);
    expect(messages((p) => checkUnlimitedOrAtLeast(p, "x", 0, 1, "unlimited", "Kbps"))).toEqual([
      "x: 0 is not valid: -1 (unlimited) or a whole number of Kbps of at least 1",
    ]);
  });

  test("checkHttpUrl accepts http(s) URLs and fails on others", () => {
    expect(messages((p) => checkHttpUrl(p, "u", "https://harbor.example.com/"))).toEqual([]);
    for (const url of ["harbor.example.com", "ftp://h", "https://h/?a=1", "http://"]) {
      expect(messages((p) => checkHttpUrl(p, "u", url))).toHaveLength(1);
    }
  });
});

describe("checkOssBucketName", () => {
  test("accepts 3-63 lowercase letters, digits and inner hyphens", () => {
    for (const name of ["abc", "acme-harbor-tfstate", "a".repeat(63)]) {
      expect(messages((p) => checkOssBucketName(p, "b", name))).toEqual([]);
    }
  });

  test("fails on uppercase, underscores, edge hyphens and bad lengths", () => {
    for (const name of ["Abc", "a_b", "abc-", "ab", "a".repeat(64)]) {
      expect(messages((p) => checkOssBucketName(p, "b", name))).toHaveLength(1);
    }
  });
});
