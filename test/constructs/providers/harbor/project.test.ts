import { TerraformVariable } from "cdktf";
import { HarborProject, HarborRobotAccount } from "../../../../constructs/providers/harbor";
import { problemPaths, synthJson, validationErrorOf } from "../helpers";

describe("HarborProject", () => {
  test("synthesizes the quota in GiB and exposes id and projectId", () => {
    const json = synthJson((stack) => {
      const project = new HarborProject(stack, "library", {
        name: "library",
        public: false,
        vulnerabilityScanning: true,
        storageQuota: 500,
        cveAllowlist: ["CVE-2023-1234"],
        deploymentSecurity: "critical",
        forceDestroy: false,
        lifecycle: { preventDestroy: true },
      });
      new TerraformVariable(stack, "refs", { default: [project.id] });
      new TerraformVariable(stack, "num", { default: project.projectId });
    });
    expect(json.resource.harbor_project.library).toEqual({
      name: "library",
      public: false,
      vulnerability_scanning: true,
      storage_quota: 500,
      cve_allowlist: ["CVE-2023-1234"],
      deployment_security: "critical",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(json.variable.refs.default).toEqual(["${harbor_project.library.id}"]);
    expect(json.variable.num.default).toBe("${harbor_project.library.project_id}");
  });

  test("accepts -1 (unlimited) and a proxy-cache project", () => {
    expect(() =>
      synthJson((stack) => {
        new HarborProject(stack, "a", { name: "a", storageQuota: -1 });
        new HarborProject(stack, "b", {
          name: "dockerhub-proxy",
          registryId: 3,
          proxySpeedKb: 1024,
          proxyCacheLocalOnNotFound: true,
        });
      }),
    ).not.toThrow();
  });

  test.each([0, -2, 1.5])("fails on storage quota %d", (quota) => {
    const error = validationErrorOf(
      (stack) => new HarborProject(stack, "p", { name: "p", storageQuota: quota }),
    );
    expect(error.message).toContain(
      `s/p: storageQuota: ${quota} is not valid: -1 (unlimited) or a whole number of GiB`,
    );
  });

  test("fails on a name Harbor rejects, a bad severity and proxy options without a registry", () => {
    const error = validationErrorOf(
      (stack) =>
        new HarborProject(stack, "p", { name: "My_Project", deploymentSecurity: "severe", proxySpeedKb: 10 }),
    );
    expect(problemPaths(error)).toEqual(["s/p: name", "s/p: deploymentSecurity", "s/p: proxySpeedKb"]);
  });
});

describe("HarborRobotAccount", () => {
  test("synthesizes nested permission and access blocks and exposes fullName and secret", () => {
    const json = synthJson((stack) => {
      const secret = new TerraformVariable(stack, "robot_secret", { type: "string", sensitive: true });
      const robot = new HarborRobotAccount(stack, "replicator", {
        name: "replicator",
        level: "system",
        duration: -1,
        secret: secret.stringValue,
        permissions: [
          {
            kind: "project",
            namespace: "*",
            access: [
              { action: "pull", resource: "repository" },
              { action: "push", resource: "repository", effect: "allow" },
            ],
          },
        ],
      });
      new TerraformVariable(stack, "refs", { default: [robot.fullName, robot.robotId] });
      new TerraformVariable(stack, "secret_ref", { default: robot.secret, sensitive: true });
    });
    expect(json.resource.harbor_robot_account.replicator).toEqual({
      name: "replicator",
      level: "system",
      duration: -1,
      secret: "${var.robot_secret}",
      permissions: [
        {
          kind: "project",
          namespace: "*",
          access: [
            { action: "pull", resource: "repository" },
            { action: "push", resource: "repository", effect: "allow" },
          ],
        },
      ],
    });
    expect(json.variable.refs.default).toEqual([
      "${harbor_robot_account.replicator.full_name}",
      "${harbor_robot_account.replicator.robot_id}",
    ]);
  });

  test("fails on a bad level, an empty permission, a system namespace and an unknown effect", () => {
    const error = validationErrorOf(
      (stack) =>
        new HarborRobotAccount(stack, "r", {
          name: "r",
          level: "global",
          duration: 0,
          secret: "literal",
          permissions: [
            {
              kind: "system",
              namespace: "library",
              access: [{ action: "read", resource: "audit-log", effect: "permit" }],
            },
            { kind: "repo", namespace: "x", access: [] },
          ],
        }),
    );
    expect(problemPaths(error)).toEqual([
      "s/r: level",
      "s/r: duration",
      "s/r: secret",
      "s/r: permissions[0].namespace",
      "s/r: permissions[0].access[0].effect",
      "s/r: permissions[1].kind",
      "s/r: permissions[1].access",
    ]);
  });

  test("fails on no permissions and on a system permission in a project-level robot", () => {
    expect(
      problemPaths(
        validationErrorOf(
          (s) => new HarborRobotAccount(s, "r", { name: "r", level: "system", permissions: [] }),
        ),
      ),
    ).toEqual(["s/r: permissions"]);
    expect(
      problemPaths(
        validationErrorOf(
          (s) =>
            new HarborRobotAccount(s, "r", {
              name: "r",
              level: "project",
              permissions: [
                { kind: "system", namespace: "/", access: [{ action: "list", resource: "project" }] },
              ],
            }),
        ),
      ),
    ).toEqual(["s/r: permissions[0].kind"]);
  });
});
