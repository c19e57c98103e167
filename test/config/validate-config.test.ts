import { HarborPlatformConfig } from "../../config/platform-config";
import { collectConfigProblems, validateConfig } from "../../config/validate-config";
import { ValidationError } from "../../constructs/lib/validation";
import { exampleConfig } from "../../main";

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };

/** A deep copy of the example that a test may break in one place. */
function exampleCopy(): Mutable<HarborPlatformConfig> {
  return structuredClone(exampleConfig) as Mutable<HarborPlatformConfig>;
}

function problemsOf(config: unknown): { path: string; value: unknown; expected: string }[] {
  return [...collectConfigProblems(config as HarborPlatformConfig).problems];
}

describe("validateConfig", () => {
  test("accepts the example configuration", () => {
    expect(problemsOf(exampleConfig)).toEqual([]);
    expect(() => validateConfig(exampleConfig)).not.toThrow();
  });

  // Each row breaks the example in one way and names the one problem it must report.
  const mistakes: [string, (c: Mutable<HarborPlatformConfig>) => void, string, unknown, RegExp][] = [
    ["an upper-case deployment name", (c) => (c.name = "Registry"), "name", "Registry", /DNS label/],
    [
      "an unknown region",
      (c) => (c.region = "cn-atlantis"),
      "region",
      "cn-atlantis",
      /known region .*cn-hangzhou.*extraZones/,
    ],
    [
      "a zone outside the region",
      (c) => (c.sites.backup.zone = "cn-hangzhou-z"),
      "sites.backup.zone",
      "cn-hangzhou-z",
      /region cn-hangzhou's zones: cn-hangzhou-b/,
    ],
    [
      "both sites in one zone",
      (c) => (c.sites.backup.zone = "cn-hangzhou-h"),
      "sites.backup.zone",
      "cn-hangzhou-h",
      /different from sites.primary.zone/,
    ],
    [
      "both sites with one name",
      (c) => Object.assign(c.sites.backup, { name: "hz-h", namespace: "harbor-backup" }),
      "sites.backup.name",
      "hz-h",
      /different from sites.primary.name/,
    ],
    [
      "a site name with an underscore",
      (c) => (c.sites.primary.name = "hz_h"),
      "sites.primary.name",
      "hz_h",
      /DNS label/,
    ],
    [
      "a disk below its category's minimum",
      (c) => (c.sites.primary.disks.database.sizeGiB = 10),
      "sites.primary.disks.database.sizeGiB",
      10,
      /from 20 to 65536 for cloud_essd PL1/,
    ],
    [
      "a fractional disk size",
      (c) => (c.sites.backup.disks.redis.sizeGiB = 20.5),
      "sites.backup.disks.redis.sizeGiB",
      20.5,
      /whole number of GiB/,
    ],
    [
      "an unknown disk category",
      (c) => ((c.sites.primary.disks.registry as { category: string }).category = "cloud_magnetic"),
      "sites.primary.disks.registry.category",
      "cloud_magnetic",
      /one of cloud_essd, cloud_ssd/,
    ],
    [
      "a performance level on a non-ESSD disk",
      (c) => Object.assign(c.sites.primary.disks.trivy, { category: "cloud_ssd", performanceLevel: "PL1" }),
      "sites.primary.disks.trivy.performanceLevel",
      "PL1",
      /only with category cloud_essd/,
    ],
    [
      "a component without a disk",
      (c) => delete (c.sites.backup.disks as Partial<typeof c.sites.backup.disks>).redis,
      "sites.backup.disks.redis",
      undefined,
      /redis needs persistent storage/,
    ],
    [
      "a malformed snapshot id",
      (c) => (c.sites.primary.disks.registry!.snapshotId = "snap-1"),
      "sites.primary.disks.registry.snapshotId",
      "snap-1",
      /snapshot id/,
    ],
    [
      "an empty kubeconfig path",
      (c) => (c.gateway.kubernetes.kubeconfigPath = " "),
      "gateway.kubernetes.kubeconfigPath",
      " ",
      /kubeconfig file/,
    ],
    [
      "a site hostname that is not a FQDN",
      (c) => (c.sites.primary.hostname = "harbor"),
      "sites.primary.hostname",
      "harbor",
      /fully qualified DNS name/,
    ],
    [
      "a site hostname equal to the gateway's",
      (c) => (c.sites.backup.hostname = "registry.example.com"),
      "sites.backup.hostname",
      "registry.example.com",
      /different from gateway.hostname/,
    ],
    [
      "an upstream without a port",
      (c) => (c.sites.backup.upstream = "harbor.harbor-hz-i.svc"),
      "sites.backup.upstream",
      "harbor.harbor-hz-i.svc",
      /host:port/,
    ],
    [
      "a single gateway replica",
      (c) => (c.gateway.replicas = 1),
      "gateway.replicas",
      1,
      /single point of failure/,
    ],
    [
      "an unknown TLS source",
      (c) => ((c.gateway.tls as { source: string }).source = "literal"),
      "gateway.tls.source",
      "literal",
      /existingSecret or variables/,
    ],
    [
      "an upper-case project name",
      (c) => (c.policy.projects[0].name = "Library"),
      "policy.projects[0].name",
      "Library",
      /lowercase/,
    ],
    [
      "a duplicate project",
      (c) => c.policy.projects.push({ name: "library" }),
      "policy.projects[3].name",
      "library",
      /not used by another project/,
    ],
    [
      "a zero storage quota",
      (c) => (c.policy.projects[0].storageQuotaGiB = 0),
      "policy.projects[0].storageQuotaGiB",
      0,
      /-1 for unlimited/,
    ],
    [
      "a robot for an undeclared project",
      (c) => (c.policy.robotAccounts![0].projects = ["ci", "infra"]),
      "policy.robotAccounts[0].projects[1]",
      "infra",
      /declared in policy.projects \(library, ci, charts\)/,
    ],
    [
      "a 5-field GC cron",
      (c) => (c.policy.garbageCollectionSchedule = "0 3 * * 6"),
      "policy.garbageCollectionSchedule",
      "0 3 * * 6",
      /did you mean "0 0 3 \* \* 6"/,
    ],
    [
      "a lower-case schedule preset",
      (c) => (c.policy.scanAllSchedule = "daily"),
      "policy.scanAllSchedule",
      "daily",
      /exactly "Daily"/,
    ],
    [
      "a preset written as a cron",
      (c) => (c.policy.garbageCollectionSchedule = "0 0 0 * * *"),
      "policy.garbageCollectionSchedule",
      "0 0 0 * * *",
      /"Daily": Harbor stores this cron as that preset/,
    ],
    [
      "a 5-field compensation cron",
      (c) => (c.policy.replicationCompensationSchedule = "*/10 * * * *"),
      "policy.replicationCompensationSchedule",
      "*/10 * * * *",
      /did you mean "0 \*\/10 \* \* \* \*"/,
    ],
    [
      "a negative audit retention",
      (c) => (c.policy.auditLogRetentionHours = -5),
      "policy.auditLogRetentionHours",
      -5,
      /hours from 1/,
    ],
    [
      "a volume alert at 100 %",
      (c) => (c.alerting!.volumeUsageAlertPercent = 100),
      "alerting.volumeUsageAlertPercent",
      100,
      /from 1 to 99/,
    ],
    [
      "a 6-field backup cron",
      (c) => (c.backup!.schedule = "0 30 2 * * *"),
      "backup.schedule",
      "0 30 2 * * *",
      /5-field Kubernetes CronJob/,
    ],
    [
      "an OSS backend without a lock table",
      (c) =>
        (c.stateBackend = {
          type: "oss",
          bucket: "tf-state",
          tablestoreEndpoint: "https://lock.cn-hangzhou.ots.aliyuncs.com",
          tablestoreTable: "",
        }),
      "stateBackend.tablestoreTable",
      "",
      /LockID/,
    ],
    [
      "an OSS image bucket with upper case",
      (c) => {
        c.sites.primary.imageStorage = { type: "oss", bucket: "Harbor_Blobs", existingSecretName: "oss" };
        delete c.sites.primary.disks.registry;
      },
      "sites.primary.imageStorage.bucket",
      "Harbor_Blobs",
      /OSS bucket name/,
    ],
    [
      "an OSS existingSecretName that is no secret name",
      (c) => {
        c.sites.primary.imageStorage = {
          type: "oss",
          bucket: "harbor-blobs",
          existingSecretName: "OSS Keys",
        };
        delete c.sites.primary.disks.registry;
      },
      "sites.primary.imageStorage.existingSecretName",
      "OSS Keys",
      /Kubernetes secret name/,
    ],
    // Site storage and Harbor release settings (issue 4).
    [
      "no registry disk with disk image storage",
      (c) => delete c.sites.primary.disks.registry,
      "sites.primary.disks.registry",
      undefined,
      /registry needs persistent storage/,
    ],
    [
      "a non-boolean disk encryption flag",
      (c) => ((c.sites.primary.disks.trivy as { encrypted: unknown }).encrypted = "yes"),
      "sites.primary.disks.trivy.encrypted",
      "yes",
      /true or false/,
    ],
    [
      "Trivy mirrors on an offline Trivy",
      (c) =>
        (c.sites.primary.harbor = {
          trivyOffline: true,
          trivyDbRepositories: ["mirror.example.com/trivy-db"],
        }),
      "sites.primary.harbor.trivyDbRepositories",
      ["mirror.example.com/trivy-db"],
      /offline Trivy never downloads/,
    ],
    [
      "a Trivy mirror given as a URL",
      (c) =>
        (c.sites.primary.harbor = { trivyJavaDbRepositories: ["https://mirror.example.com/trivy-java-db"] }),
      "sites.primary.harbor.trivyJavaDbRepositories",
      ["https://mirror.example.com/trivy-java-db"],
      /without a scheme/,
    ],
    [
      "a snapshot hour in UTC notation",
      (c) => (c.diskSnapshots = { hoursUtc8: [24] }),
      "diskSnapshots.hoursUtc8",
      [24],
      /from 0 to 23 \(UTC\+8\)/,
    ],
    [
      "a snapshot retention of zero days",
      (c) => (c.diskSnapshots = { retentionDays: 0 }),
      "diskSnapshots.retentionDays",
      0,
      /keep forever/,
    ],
  ];

  test.each(mistakes)(
    "fails on %s, naming the field, value and what is allowed",
    (_what, breakIt, path, value, expected) => {
      const config = exampleCopy();
      breakIt(config);
      const problems = problemsOf(config);
      expect(problems).toHaveLength(1);
      expect(problems[0].path).toBe(path);
      expect(problems[0].value).toEqual(value);
      expect(problems[0].expected).toMatch(expected);
    },
  );

  test("fails with every problem at once, one line each", () => {
    const config = exampleCopy();
    config.sites.backup.zone = "cn-hangzhou-z";
    config.sites.primary.disks.database.sizeGiB = 10;
    config.policy.projects[0].name = "Library";
    let thrown: unknown;
    try {
      validateConfig(config);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    const message = (thrown as ValidationError).message;
    expect(message).toMatch(/^invalid Harbor platform configuration: 3 problems\n/);
    expect(message).toContain(
      '  - sites.backup.zone: "cn-hangzhou-z" is not valid: one of region cn-hangzhou\'s zones',
    );
    expect(message).toContain(
      "  - sites.primary.disks.database.sizeGiB: 10 is not valid: a whole number of GiB from 20 to 65536",
    );
    expect(message).toContain('  - policy.projects[0].name: "Library" is not valid:');
  });

  test("fails on missing sections instead of crashing", () => {
    const problems = problemsOf({ name: "registry", region: "cn-hangzhou" });
    expect(problems.map((p) => p.path)).toEqual(["sites", "gateway", "policy"]);
  });

  test("accepts OSS image storage without existingSecretName: the platform stack creates the secret", () => {
    const config = exampleCopy();
    config.sites.backup.imageStorage = { type: "oss", bucket: "harbor-blobs-hz-i" };
    delete config.sites.backup.disks.registry;
    expect(problemsOf(config)).toEqual([]);
  });

  test("accepts a zone of a region outside the table when extraZones declares it", () => {
    const config = exampleCopy();
    config.region = "cn-wulanchabu";
    config.extraZones = ["cn-wulanchabu-a", "cn-wulanchabu-b"];
    config.sites.primary.zone = "cn-wulanchabu-a";
    config.sites.backup.zone = "cn-wulanchabu-b";
    expect(problemsOf(config)).toEqual([]);
  });
});
