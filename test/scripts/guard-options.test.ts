import { optInsFromText, parseGuardArgs, UsageError } from "../../scripts/guard/options";

const noFiles = (file: string): string => {
  throw new Error(`unexpected read of ${file}`);
};

describe("guard options", () => {
  test("--base with repeated opt-ins, env opt-ins first", () => {
    const options = parseGuardArgs(
      [
        "--base",
        "origin/main",
        "--allow-destroy",
        "s/alicloud_ecs_disk.a",
        "--allow-replace",
        "s/helm_release.b",
      ],
      { HARBOR_GUARD_ALLOW_DESTROY: "t/kubernetes_namespace_v1.ns,\n u/alicloud_oss_bucket.images" },
      noFiles,
    );
    expect(options).toEqual({
      base: "origin/main",
      baseDir: undefined,
      headDir: undefined,
      allowDestroy: [
        "t/kubernetes_namespace_v1.ns",
        "u/alicloud_oss_bucket.images",
        "s/alicloud_ecs_disk.a",
        "s/helm_release.b",
      ],
      format: "text",
      output: undefined,
    });
  });

  test("opt-ins from a pull-request description, one per line", () => {
    const body = [
      "Moves the backup site to zone J.",
      "",
      "allow-destroy: registry-hz-i-platform/alicloud_ecs_disk.disk-registry",
      "- allow-destroy: `registry-hz-i-platform/kubernetes_persistent_volume_v1.disk-registry-pv`",
      "We do not allow-destroy: anything else in prose",
    ].join("\r\n");
    expect(optInsFromText(body)).toEqual([
      "registry-hz-i-platform/alicloud_ecs_disk.disk-registry",
      "registry-hz-i-platform/kubernetes_persistent_volume_v1.disk-registry-pv",
    ]);
    const options = parseGuardArgs(["--base-dir", "a", "--allow-destroy-from", "body.md"], {}, () => body);
    expect(options.allowDestroy).toHaveLength(2);
  });

  test("opt-ins from the pull-request description in HARBOR_GUARD_PR_BODY", () => {
    const options = parseGuardArgs(
      ["--base", "origin/main"],
      { HARBOR_GUARD_PR_BODY: "Resize.\nallow-destroy: s/alicloud_ecs_disk.a\n" },
      noFiles,
    );
    expect(options.allowDestroy).toEqual(["s/alicloud_ecs_disk.a"]);
  });

  test("fails without exactly one of --base and --base-dir", () => {
    expect(() => parseGuardArgs([], {}, noFiles)).toThrow(UsageError);
    expect(() => parseGuardArgs(["--base", "a", "--base-dir", "b"], {}, noFiles)).toThrow(
      "give exactly one of --base <git-ref> or --base-dir <synth output>",
    );
  });

  test("fails on an opt-in that is not <stack>/<type>.<name>", () => {
    expect(() =>
      parseGuardArgs(["--base", "a", "--allow-destroy", "alicloud_ecs_disk.a"], {}, noFiles),
    ).toThrow('opt-in "alicloud_ecs_disk.a" is not <stack>/<type>.<name>');
  });

  test("fails on an unknown flag, a missing value and a bad format", () => {
    expect(() => parseGuardArgs(["--base", "a", "--force"], {}, noFiles)).toThrow(
      'unknown argument "--force"',
    );
    expect(() => parseGuardArgs(["--base"], {}, noFiles)).toThrow("--base needs a value");
    expect(() => parseGuardArgs(["--base", "a", "--format", "html"], {}, noFiles)).toThrow(
      "--format html: expected text, markdown or json",
    );
  });
});
