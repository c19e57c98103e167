import { TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { RegistryPolicy, RegistryPolicyProps, RobotSecrets } from "../../../constructs/policy";
import { HarborProvider } from "../../../constructs/providers/harbor";
import { checkStackConformance, formatViolations } from "../../../test-tooling/schema-conformance";
import { newStack, problemPaths, synthJson, validationErrorOf } from "../providers/helpers";

/** A policy in `stack` with a provider and a sensitive secret variable; `props` override the defaults. */
function policyIn(stack: TerraformStack, props: Partial<RegistryPolicyProps> = {}): RegistryPolicy {
  const provider = new HarborProvider(stack, "harbor", {
    alias: "hz-h",
    url: "https://harbor-hz-h.example.com",
  });
  const secret = new TerraformVariable(stack, "robot_ci_secret", { type: "string", sensitive: true });
  return new RegistryPolicy(stack, "policy", {
    provider,
    projects: [
      { name: "library", public: true, storageQuotaGiB: 100 },
      {
        name: "ci",
        storageQuotaGiB: 200,
        deploymentSecurity: "critical",
        retentionRules: [{ retainMostRecentlyPushed: 20 }, { retainAlways: true, tagsMatching: "release-*" }],
      },
    ],
    robotAccounts: [{ name: "ci", projects: ["ci", "library"], push: true, secret: secret.stringValue }],
    ...props,
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function blocks(json: any, type: string): Record<string, any> {
  return json.resource[type] ?? {};
}

/** `harbor_project.<address>` (a depends_on entry) or `${harbor_project.<address>.<attribute>}`. */
function projectRef(name: string, attribute?: string): string {
  const address = `harbor_project.project_hz-h_${name}`;
  return attribute ? `\${${address}.${attribute}}` : address;
}

describe("RegistryPolicy", () => {
  const json = synthJson((stack) =>
    policyIn(stack, { webhookAddress: "https://relay.example.com/harbor", garbageCollectionWorkers: 2 }),
  );

  test("creates the projects with visibility, quota in GiB, scan on push and deployment threshold, kept by prevent_destroy", () => {
    expect(blocks(json, "harbor_project")).toEqual({
      "project_hz-h_ci": {
        provider: "harbor.hz-h",
        name: "ci",
        public: false,
        storage_quota: 200,
        vulnerability_scanning: true,
        deployment_security: "critical",
        lifecycle: { prevent_destroy: true },
      },
      "project_hz-h_library": {
        provider: "harbor.hz-h",
        name: "library",
        public: true,
        storage_quota: 100,
        vulnerability_scanning: true,
        lifecycle: { prevent_destroy: true },
      },
    });
  });

  test("addresses every Harbor object by its kind, its site (the provider alias) and its name", () => {
    const addresses = Object.entries<Record<string, unknown>>(json.resource)
      .filter(([type]) => type.startsWith("harbor_"))
      .flatMap(([type, resources]) => Object.keys(resources).map((name) => `${type}.${name}`))
      .sort();
    expect(addresses).toEqual([
      "harbor_garbage_collection.garbage-collection_hz-h",
      "harbor_interrogation_services.scan-all_hz-h",
      "harbor_project.project_hz-h_ci",
      "harbor_project.project_hz-h_library",
      "harbor_project_webhook.webhook_hz-h_ci",
      "harbor_project_webhook.webhook_hz-h_library",
      "harbor_purge_audit_log.purge-audit-log_hz-h",
      "harbor_retention_policy.retention_hz-h_ci",
      "harbor_robot_account.robot_hz-h_ci",
    ]);
  });

  test("keeps every address when the construct is renamed or moved", () => {
    const addresses = (build: (stack: TerraformStack) => void) => {
      const synthesized = synthJson(build);
      return Object.entries<Record<string, unknown>>(synthesized.resource).flatMap(([type, resources]) =>
        Object.keys(resources).map((name) => `${type}.${name}`),
      );
    };
    const options = { webhookAddress: "https://relay.example.com/harbor" };
    const before = addresses((stack) => policyIn(stack, options));
    const after = addresses((stack) => {
      const provider = new HarborProvider(stack, "harbor", {
        alias: "hz-h",
        url: "https://harbor-hz-h.example.com",
      });
      const secret = new TerraformVariable(stack, "robot_ci_secret", { type: "string", sensitive: true });
      new RegistryPolicy(new Construct(stack, "platform-team"), "day-2-policy", {
        provider,
        projects: [
          { name: "library", public: true, storageQuotaGiB: 100 },
          {
            name: "ci",
            storageQuotaGiB: 200,
            deploymentSecurity: "critical",
            retentionRules: [{ retainMostRecentlyPushed: 20 }],
          },
        ],
        robotAccounts: [{ name: "ci", projects: ["ci", "library"], push: true, secret: secret.stringValue }],
        ...options,
      });
    });
    expect(after.sort()).toEqual(before.sort());
  });

  test("addresses a policy on an unaliased provider by kind and name alone; a '.' in a name becomes '__'", () => {
    const synthesized = synthJson((stack) => {
      const provider = new HarborProvider(stack, "harbor", { url: "https://harbor.example.com" });
      new RegistryPolicy(stack, "policy", { provider, projects: [{ name: "team.images" }] });
    });
    expect(Object.keys(synthesized.resource.harbor_project)).toEqual(["project_team__images"]);
    expect(Object.keys(synthesized.resource.harbor_garbage_collection)).toEqual(["garbage-collection"]);
  });

  test("scopes the retention policy to the project's path id, one rule per option", () => {
    expect(Object.values(blocks(json, "harbor_retention_policy"))).toEqual([
      {
        provider: "harbor.hz-h",
        scope: projectRef("ci", "id"),
        schedule: "Daily",
        rule: [
          { most_recently_pushed: 20, repo_matching: "**", tag_matching: "**", untagged_artifacts: true },
          { always_retain: true, repo_matching: "**", tag_matching: "release-*", untagged_artifacts: true },
        ],
      },
    ]);
  });

  test("gives every project an alert webhook that verifies certificates", () => {
    const webhooks = Object.values(blocks(json, "harbor_project_webhook"));
    expect(webhooks.map((webhook) => webhook.project_id).sort()).toEqual([
      projectRef("ci", "id"),
      projectRef("library", "id"),
    ]);
    for (const webhook of webhooks) {
      expect(webhook).toMatchObject({
        address: "https://relay.example.com/harbor",
        events_types: ["REPLICATION", "SCANNING_FAILED", "QUOTA_WARNING", "QUOTA_EXCEED"],
        notify_type: "http",
        skip_cert_verify: false,
      });
    }
  });

  test("creates the CI robot with pull and push per project, its secret, after its projects", () => {
    const [robot] = Object.values(blocks(json, "harbor_robot_account"));
    expect(robot).toMatchObject({
      name: "ci",
      level: "system",
      duration: -1,
      secret: "${var.robot_ci_secret}",
      depends_on: [projectRef("ci"), projectRef("library")],
    });
    expect(robot.permissions).toEqual([
      {
        kind: "project",
        namespace: "ci",
        access: [
          { resource: "repository", action: "pull", effect: "allow" },
          { resource: "repository", action: "push", effect: "allow" },
        ],
      },
      {
        kind: "project",
        namespace: "library",
        access: [
          { resource: "repository", action: "pull", effect: "allow" },
          { resource: "repository", action: "push", effect: "allow" },
        ],
      },
    ]);
  });

  test("sets the system schedules once per site", () => {
    expect(Object.values(blocks(json, "harbor_garbage_collection"))).toEqual([
      { provider: "harbor.hz-h", schedule: "0 0 3 * * 6", delete_untagged: true, workers: 2 },
    ]);
    expect(Object.values(blocks(json, "harbor_purge_audit_log"))).toEqual([
      {
        provider: "harbor.hz-h",
        schedule: "Daily",
        audit_retention_hour: 720,
        include_event_types: "create_artifact,delete_artifact,pull_artifact,other",
      },
    ]);
    expect(Object.values(blocks(json, "harbor_interrogation_services"))).toEqual([
      { provider: "harbor.hz-h", vulnerability_scan_policy: "Daily" },
    ]);
  });

  test("synthesizes every option into blocks that conform to the provider schema", () => {
    const full = synthJson((stack) =>
      policyIn(stack, {
        projects: [
          {
            name: "ci",
            public: false,
            storageQuotaGiB: 50,
            scanOnPush: false,
            deploymentSecurity: "high",
            retentionRules: [
              { retainPulledWithinDays: 7, repositoriesExcluding: "ci/tmp/**", tagsExcluding: "keep-*" },
              { retainMostRecentlyPulled: 3, includeUntagged: false },
            ],
            retentionSchedule: "0 30 4 * * *",
          },
          { name: "library" },
        ],
        garbageCollectionSchedule: "Weekly",
        garbageCollectionDeleteUntagged: false,
        garbageCollectionWorkers: 4,
        auditLogRetentionHours: 48,
        auditLogPurgeSchedule: "0 0 5 * * *",
        auditLogPurgeEventTypes: ["pull_artifact", "other"],
        scanAllSchedule: "Weekly",
        webhookAddress: "https://relay.example.com/harbor",
        webhookEventTypes: ["REPLICATION", "TAG_RETENTION"],
      }),
    );
    expect(formatViolations(checkStackConformance(full))).toBe("");
    expect(formatViolations(checkStackConformance(json))).toBe("");
  });

  test("creates no retention policy and no webhook when none is asked for", () => {
    const plain = synthJson((stack) => policyIn(stack, { projects: [{ name: "ci" }], robotAccounts: [] }));
    expect(plain.resource.harbor_retention_policy).toBeUndefined();
    expect(plain.resource.harbor_project_webhook).toBeUndefined();
    expect(plain.resource.harbor_robot_account).toBeUndefined();
  });

  test("gives the docker login of its robots and refuses unknown ones", () => {
    const policy = policyIn(newStack());
    expect(policy.robotLogin("ci")).toBe("robot$ci");
    expect(() => policy.robotLogin("deployer")).toThrow(
      's/policy: no robot account named "deployer" in this policy',
    );
  });

  test("fails with every problem at once, each under the construct's path", () => {
    const error = validationErrorOf((stack) =>
      policyIn(stack, {
        projects: [{ name: "CI", storageQuotaGiB: 0 }],
        robotAccounts: [],
        garbageCollectionSchedule: "0 3 * * 6",
        webhookAddress: "http://relay.example.com",
      }),
    );
    expect(error.message).toMatch(/^invalid RegistryPolicy s\/policy: 4 problems/);
    expect(problemPaths(error)).toEqual([
      "s/policy: projects[0].name",
      "s/policy: projects[0].storageQuotaGiB",
      "s/policy: garbageCollectionSchedule",
      "s/policy: webhookAddress",
    ]);
  });

  test("fails on a literal robot secret", () => {
    const error = validationErrorOf((stack) =>
      policyIn(stack, { robotAccounts: [{ name: "ci", projects: ["ci"], secret: "Literal1Secret" }] }),
    );
    expect(problemPaths(error)).toEqual(["s/policy: robotAccounts[0].secret"]);
    expect(error.message).not.toContain("Literal1Secret");
  });
});

describe("RobotSecrets", () => {
  const json = synthJson((stack) => {
    new RandomProvider(stack, "random");
    new RobotSecrets(stack, "robot-secrets", { robotNames: ["replicator", "ci", "replicator"] });
  });

  test("generates one secret per robot that always satisfies Harbor's secret rule, kept by prevent_destroy", () => {
    const passwords = json.resource.random_password;
    expect(Object.keys(passwords).sort()).toEqual(["robot_secret_ci", "robot_secret_replicator"]);
    for (const password of Object.values(passwords)) {
      expect(password).toEqual({
        length: 32,
        special: false,
        min_lower: 1,
        min_upper: 1,
        min_numeric: 1,
        lifecycle: { prevent_destroy: true },
      });
    }
  });

  test("keeps every secret's address when the construct is renamed or moved", () => {
    const addressesOf = (build: (stack: TerraformStack) => void) =>
      Object.keys(synthJson(build).resource.random_password).sort();
    const before = addressesOf(
      (stack) => new RobotSecrets(stack, "robot-secrets", { robotNames: ["ci", "ci.images"] }),
    );
    const after = addressesOf(
      (stack) =>
        new RobotSecrets(new Construct(stack, "platform-team"), "shared-logins", {
          robotNames: ["ci", "ci.images"],
        }),
    );
    expect(after).toEqual(before);
    // A '.' is not allowed in an address; its stand-in '__' appears in no Harbor name.
    expect(before).toEqual(["robot_secret_ci", "robot_secret_ci__images"]);
  });

  test("hands out each robot's secret as an expression, and refuses unknown robots", () => {
    const secrets = new RobotSecrets(newStack(), "secrets", { robotNames: ["ci"] });
    expect(secrets.secretOf("ci")).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(() => secrets.secretOf("deployer")).toThrow(
      's/secrets: no secret for robot "deployer"; known robots: ci',
    );
  });

  test("fails on robot names Harbor rejects and on a short secret length", () => {
    const error = validationErrorOf(
      (stack) => new RobotSecrets(stack, "secrets", { robotNames: ["ok", "No+"], lengthChars: 8 }),
    );
    expect(problemPaths(error)).toEqual(["s/secrets: robotNames[1]", "s/secrets: lengthChars"]);
  });
});
