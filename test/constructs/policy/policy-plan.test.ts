import {
  DEFAULT_AUDIT_LOG_EVENT_TYPES,
  DEFAULT_WEBHOOK_EVENT_TYPES,
  RegistryPolicyOptions,
  ciRobotAccess,
  planRegistryPolicy,
  policyProblems,
} from "../../../constructs/policy/policy-plan";

/** Stands in for cdktf's Token.isUnresolved: a value that looks like a Terraform expression. */
const isExpression = (value: unknown) => typeof value === "string" && value.startsWith("${");
const SECRET = "${random_password.robot-ci.result}";

const base: RegistryPolicyOptions = {
  projects: [{ name: "library", public: true }, { name: "ci" }],
  robotAccounts: [{ name: "ci-pusher", projects: ["ci"], push: true, secret: SECRET }],
};

function problemsOf(options: Partial<RegistryPolicyOptions>) {
  return policyProblems("policy", { ...base, ...options }, isExpression).problems;
}

describe("planRegistryPolicy", () => {
  test("fills project defaults: private, unlimited, scanned on push, no retention, no webhook", () => {
    const plan = planRegistryPolicy({ projects: [{ name: "ci" }] });
    expect(plan.projects).toEqual([
      {
        name: "ci",
        public: false,
        storageQuotaGiB: -1,
        vulnerabilityScanning: true,
        deploymentSecurity: undefined,
        retention: undefined,
        webhook: undefined,
      },
    ]);
  });

  test("renders the system schedules with their defaults", () => {
    const plan = planRegistryPolicy({ projects: [] });
    expect(plan.garbageCollection).toEqual({ schedule: "0 0 3 * * 6", deleteUntagged: true, workers: 1 });
    expect(plan.auditLogPurge).toEqual({
      schedule: "Daily",
      retentionHours: 720,
      eventTypes: DEFAULT_AUDIT_LOG_EVENT_TYPES,
    });
    expect(plan.scanAll).toEqual({ schedule: "Daily" });
  });

  test("renders retention rules with one repository and one tag field each", () => {
    const plan = planRegistryPolicy({
      projects: [
        {
          name: "ci",
          retentionRules: [
            { retainMostRecentlyPushed: 20 },
            { retainAlways: true, tagsMatching: "{release-*,stable}", repositoriesExcluding: "ci/tmp/**" },
          ],
          retentionSchedule: "Weekly",
        },
      ],
    });
    expect(plan.projects[0].retention).toEqual({
      schedule: "Weekly",
      rules: [
        expect.objectContaining({
          mostRecentlyPushed: 20,
          repoMatching: "**",
          tagMatching: "**",
          untaggedArtifacts: true,
        }),
        expect.objectContaining({
          alwaysRetain: true,
          repoMatching: undefined,
          repoExcluding: "ci/tmp/**",
          tagMatching: "{release-*,stable}",
        }),
      ],
    });
  });

  test("gives every project the same alert webhook with verified certificates", () => {
    const plan = planRegistryPolicy({ ...base, webhookAddress: "https://relay.example.com/harbor" });
    for (const project of plan.projects) {
      expect(project.webhook).toEqual({
        name: "alerts",
        address: "https://relay.example.com/harbor",
        eventTypes: DEFAULT_WEBHOOK_EVENT_TYPES,
        notifyType: "http",
        skipCertVerify: false,
      });
    }
  });

  test("gives CI robots pull on each of their projects, and push only when asked", () => {
    const plan = planRegistryPolicy({
      ...base,
      robotAccounts: [
        { name: "ci-pusher", projects: ["ci", "library"], push: true, secret: SECRET },
        { name: "deployer", projects: ["library"], secret: SECRET },
      ],
    });
    expect(plan.robots[0].permissions).toEqual([
      { kind: "project", namespace: "ci", access: ciRobotAccess(true) },
      { kind: "project", namespace: "library", access: ciRobotAccess(true) },
    ]);
    expect(plan.robots[1].permissions).toEqual([
      { kind: "project", namespace: "library", access: [{ resource: "repository", action: "pull" }] },
    ]);
    expect(ciRobotAccess(true)).toEqual([
      { resource: "repository", action: "pull" },
      { resource: "repository", action: "push" },
    ]);
  });

  test("renders the same plan for the same options (both sites get identical policy)", () => {
    expect(planRegistryPolicy(base)).toEqual(planRegistryPolicy(structuredClone(base)));
  });
});

describe("policyProblems", () => {
  test("accepts a complete valid policy", () => {
    expect(
      problemsOf({
        projects: [
          {
            name: "ci.builds_2-x",
            storageQuotaGiB: 200,
            deploymentSecurity: "critical",
            retentionRules: [{ retainPushedWithinDays: 30, tagsExcluding: "keep-*" }],
            retentionSchedule: "0 30 4 * * *",
          },
        ],
        robotAccounts: [{ name: "ci", projects: ["ci.builds_2-x"], secret: SECRET }],
        garbageCollectionSchedule: "Weekly",
        garbageCollectionWorkers: 10,
        auditLogRetentionHours: 24,
        auditLogPurgeEventTypes: ["pull_artifact"],
        scanAllSchedule: "0 0 1 * * *",
        webhookAddress: "${var.harbor_webhook_url}",
        webhookEventTypes: ["REPLICATION"],
      }),
    ).toEqual([]);
  });

  test.each([
    ["uppercase", "Library"],
    ["a leading separator", "-ci"],
    ["a trailing separator", "ci-"],
    ["two separators in a row", "a..b"],
    ["no characters", ""],
    ["256 characters", "x".repeat(256)],
    ["a slash", "ci/dev"],
  ])("fails on a project name with %s, as Harbor does", (_rule, name) => {
    const problems = problemsOf({ projects: [{ name }], robotAccounts: [] });
    expect(problems).toEqual([expect.objectContaining({ path: "policy: projects[0].name", value: name })]);
  });

  test("fails on a duplicate project name", () => {
    const problems = problemsOf({ projects: [{ name: "ci" }, { name: "ci" }], robotAccounts: [] });
    expect(problems.map((p) => p.path)).toEqual(["policy: projects[1].name"]);
  });

  test.each([0, -2, 1.5])("fails on storage quota %p GiB", (quota) => {
    const problems = problemsOf({ projects: [{ name: "ci", storageQuotaGiB: quota }], robotAccounts: [] });
    expect(problems).toEqual([
      expect.objectContaining({
        path: "policy: projects[0].storageQuotaGiB",
        expected: expect.stringContaining("-1"),
      }),
    ]);
  });

  test("fails on an unknown deployment security level", () => {
    const [problem] = problemsOf({
      projects: [{ name: "ci", deploymentSecurity: "severe" as "high" }],
      robotAccounts: [],
    });
    expect(problem.path).toBe("policy: projects[0].deploymentSecurity");
  });

  test("fails on a retention rule with no retain criterion or two of them", () => {
    const problems = problemsOf({
      projects: [
        {
          name: "ci",
          retentionRules: [{ tagsMatching: "**" }, { retainMostRecentlyPushed: 5, retainAlways: true }],
        },
      ],
      robotAccounts: [],
    });
    expect(problems.map((p) => p.path)).toEqual([
      "policy: projects[0].retentionRules[0]",
      "policy: projects[0].retentionRules[1]",
    ]);
    expect(problems[1].value).toEqual({ retainMostRecentlyPushed: 5, retainAlways: true });
  });

  test("fails on a retention rule with both matching and excluding patterns", () => {
    const problems = problemsOf({
      projects: [
        {
          name: "ci",
          retentionRules: [
            { retainMostRecentlyPushed: 5, repositoriesMatching: "a/**", repositoriesExcluding: "b/**" },
            { retainMostRecentlyPushed: 5, tagsMatching: "v*", tagsExcluding: "dev" },
          ],
        },
      ],
      robotAccounts: [],
    });
    expect(problems.map((p) => p.path)).toEqual([
      "policy: projects[0].retentionRules[0].repositoriesExcluding",
      "policy: projects[0].retentionRules[1].tagsExcluding",
    ]);
  });

  test("fails on a retention count below 1, too many rules and a schedule without rules", () => {
    const problems = problemsOf({
      projects: [
        { name: "a", retentionRules: [{ retainMostRecentlyPushed: 0 }] },
        { name: "b", retentionRules: Array.from({ length: 16 }, () => ({ retainAlways: true })) },
        { name: "c", retentionSchedule: "Daily" },
      ],
      robotAccounts: [],
    });
    expect(problems.map((p) => p.path)).toEqual([
      "policy: projects[0].retentionRules[0].retainMostRecentlyPushed",
      "policy: projects[1].retentionRules",
      "policy: projects[2].retentionSchedule",
    ]);
  });

  test("fails on a drifting preset cron, a lowercase preset and a 5-field cron", () => {
    const problems = problemsOf({
      garbageCollectionSchedule: "0 0 0 * * *",
      scanAllSchedule: "daily",
      auditLogPurgeSchedule: "0 3 * * *",
    });
    expect(problems).toEqual([
      expect.objectContaining({
        path: "policy: garbageCollectionSchedule",
        expected: expect.stringContaining('"Daily"'),
      }),
      expect.objectContaining({
        path: "policy: auditLogPurgeSchedule",
        expected: expect.stringContaining('"0 0 3 * * *"'),
      }),
      expect.objectContaining({
        path: "policy: scanAllSchedule",
        expected: expect.stringContaining('"Daily"'),
      }),
    ]);
  });

  test.each([0, 11, 2.5])("fails on %p garbage collection workers", (workers) => {
    const [problem] = problemsOf({ garbageCollectionWorkers: workers });
    expect(problem).toMatchObject({ path: "policy: garbageCollectionWorkers", value: workers });
  });

  test("fails on audit retention hours and event types Harbor does not know", () => {
    const problems = problemsOf({
      auditLogRetentionHours: 0,
      auditLogPurgeEventTypes: ["pull_artifact", "login" as "other"],
    });
    expect(problems.map((p) => p.path)).toEqual([
      "policy: auditLogRetentionHours",
      "policy: auditLogPurgeEventTypes[1]",
    ]);
  });

  test("fails on robot names Harbor rejects and duplicates", () => {
    const problems = problemsOf({
      robotAccounts: [
        { name: "ci+pusher", projects: ["ci"], secret: SECRET },
        { name: "ci", projects: ["ci"], secret: SECRET },
        { name: "ci", projects: ["ci"], secret: SECRET },
      ],
    });
    expect(problems.map((p) => p.path)).toEqual([
      "policy: robotAccounts[0].name",
      "policy: robotAccounts[2].name",
    ]);
  });

  test("fails on a robot for a project the policy does not declare, or for none", () => {
    const problems = problemsOf({
      robotAccounts: [
        { name: "a", projects: ["ci", "other"], secret: SECRET },
        { name: "b", projects: [], secret: SECRET },
      ],
    });
    expect(problems).toEqual([
      expect.objectContaining({
        path: "policy: robotAccounts[0].projects[1]",
        expected: expect.stringContaining("fails every token after a failover"),
      }),
      expect.objectContaining({ path: "policy: robotAccounts[1].projects" }),
    ]);
  });

  test("fails on a literal robot secret without printing it", () => {
    const problems = problemsOf({
      robotAccounts: [{ name: "ci", projects: ["ci"], secret: "Sup3rSecretValue" }],
    });
    expect(problems).toEqual([expect.objectContaining({ path: "policy: robotAccounts[0].secret" })]);
    expect(JSON.stringify(problems)).not.toContain("Sup3rSecretValue");
  });

  test.each(["http://relay.example.com/hook", "relay.example.com", "https://"])(
    "fails on webhook address %p",
    (address) => {
      const [problem] = problemsOf({ webhookAddress: address });
      expect(problem).toMatchObject({
        path: "policy: webhookAddress",
        expected: expect.stringContaining("https"),
      });
    },
  );

  test("fails on unknown or duplicate webhook events, and events without an address", () => {
    expect(
      problemsOf({
        webhookAddress: "https://r.example.com",
        webhookEventTypes: ["PUSH", "REPLICATION"] as never,
      }),
    ).toEqual([expect.objectContaining({ path: "policy: webhookEventTypes[0]" })]);
    expect(
      problemsOf({
        webhookAddress: "https://r.example.com",
        webhookEventTypes: ["REPLICATION", "REPLICATION"],
      }),
    ).toEqual([
      expect.objectContaining({ path: "policy: webhookEventTypes", expected: "a list without duplicates" }),
    ]);
    expect(problemsOf({ webhookEventTypes: ["REPLICATION"] })).toEqual([
      expect.objectContaining({
        path: "policy: webhookEventTypes",
        expected: "only together with webhookAddress",
      }),
    ]);
  });
});
