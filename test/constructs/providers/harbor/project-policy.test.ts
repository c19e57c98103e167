import { TerraformVariable } from "cdktf";
import {
  HarborConfigSystem,
  HarborInterrogationServices,
  HarborProject,
  HarborProjectMemberGroup,
  HarborProjectMemberUser,
  HarborProjectWebhook,
  HarborRetentionPolicy,
} from "../../../../constructs/providers/harbor";
import { problemPaths, synthJson, validationErrorOf } from "../helpers";

describe("project members", () => {
  test("take the project's path id and synthesize user and group members", () => {
    const json = synthJson((stack) => {
      const project = new HarborProject(stack, "library", { name: "library" });
      new HarborProjectMemberUser(stack, "ci", { projectId: project.id, userName: "ci", role: "developer" });
      new HarborProjectMemberGroup(stack, "platform", {
        projectId: project.id,
        groupName: "platform",
        type: "oidc",
        role: "projectadmin",
      });
    });
    expect(json.resource.harbor_project_member_user.ci).toEqual({
      project_id: "${harbor_project.library.id}",
      user_name: "ci",
      role: "developer",
    });
    expect(json.resource.harbor_project_member_group.platform).toEqual({
      project_id: "${harbor_project.library.id}",
      group_name: "platform",
      type: "oidc",
      role: "projectadmin",
    });
  });

  test("fail on a numeric project id, suggesting the path form, and on an unknown role", () => {
    const error = validationErrorOf(
      (stack) => new HarborProjectMemberUser(stack, "m", { projectId: "3", userName: "ci", role: "admin" }),
    );
    expect(problemPaths(error)).toEqual(["s/m: projectId", "s/m: role"]);
    expect(error.message).toContain(
      's/m: projectId: "3" is not valid: a project path "/projects/<n>" (pass harborProject.id, not projectId); did you mean "/projects/3"?',
    );
  });

  test("fail on a group without name or id and with an unknown type", () => {
    const error = validationErrorOf(
      (stack) =>
        new HarborProjectMemberGroup(stack, "g", { projectId: "/projects/1", type: "ad", role: "guest" }),
    );
    expect(problemPaths(error)).toEqual(["s/g: type", "s/g: groupName"]);
  });
});

describe("HarborRetentionPolicy", () => {
  test("synthesizes the scope and the rule blocks", () => {
    const json = synthJson((stack) => {
      const project = new HarborProject(stack, "library", { name: "library" });
      new HarborRetentionPolicy(stack, "retention", {
        scope: project.id,
        schedule: "Daily",
        rule: [
          { mostRecentlyPushed: 10, repoMatching: "**", tagMatching: "**", untaggedArtifacts: false },
          { alwaysRetain: true, repoMatching: "**", tagMatching: "{latest,stable}" },
        ],
      });
    });
    expect(json.resource.harbor_retention_policy.retention).toEqual({
      scope: "${harbor_project.library.id}",
      schedule: "Daily",
      rule: [
        { most_recently_pushed: 10, repo_matching: "**", tag_matching: "**", untagged_artifacts: false },
        { always_retain: true, repo_matching: "**", tag_matching: "{latest,stable}" },
      ],
    });
  });

  test("fails on a numeric scope, a lowercase preset and rules that Harbor's CustomizeDiff rejects", () => {
    const error = validationErrorOf(
      (stack) =>
        new HarborRetentionPolicy(stack, "r", {
          scope: "7",
          schedule: "daily",
          rule: [
            {
              mostRecentlyPushed: 10,
              nDaysSinceLastPull: 7,
              repoMatching: "**",
              repoExcluding: "tmp/**",
              tagMatching: "**",
            },
            { alwaysRetain: true, repoMatching: "**", mostRecentlyPulled: 0 },
          ],
        }),
    );
    expect(problemPaths(error)).toEqual([
      "s/r: scope",
      "s/r: schedule",
      "s/r: rule[0]",
      "s/r: rule[0]",
      "s/r: rule[1]",
      "s/r: rule[1]",
      "s/r: rule[1].mostRecentlyPulled",
    ]);
  });

  test("fails on no rules and on more than 15", () => {
    const rule = { alwaysRetain: true, repoMatching: "**", tagMatching: "**" };
    expect(
      problemPaths(
        validationErrorOf((s) => new HarborRetentionPolicy(s, "r", { scope: "/projects/1", rule: [] })),
      ),
    ).toEqual(["s/r: rule"]);
    expect(
      problemPaths(
        validationErrorOf(
          (s) => new HarborRetentionPolicy(s, "r", { scope: "/projects/1", rule: Array(16).fill(rule) }),
        ),
      ),
    ).toEqual(["s/r: rule"]);
  });
});

describe("HarborInterrogationServices", () => {
  test("synthesizes the scan-all schedule", () => {
    const json = synthJson(
      (stack) =>
        new HarborInterrogationServices(stack, "scan", {
          vulnerabilityScanPolicy: "Daily",
          defaultScanner: "Trivy",
        }),
    );
    expect(json.resource.harbor_interrogation_services.scan).toEqual({
      vulnerability_scan_policy: "Daily",
      default_scanner: "Trivy",
    });
  });

  test("fails on the docs' Monthly, which is not a preset", () => {
    const error = validationErrorOf(
      (s) => new HarborInterrogationServices(s, "scan", { vulnerabilityScanPolicy: "Monthly" }),
    );
    expect(error.message).toContain('s/scan: vulnerabilityScanPolicy: "Monthly" is not valid:');
    expect(error.message).toContain('did you mean "0 0 0 1 * *"?');
  });
});

describe("HarborProjectWebhook", () => {
  test("synthesizes events and the auth header as an expression", () => {
    const json = synthJson((stack) => {
      const token = new TerraformVariable(stack, "webhook_auth", { type: "string", sensitive: true });
      new HarborProjectWebhook(stack, "alerts", {
        name: "alerts",
        projectId: "/projects/1",
        address: "https://alerts.example.com/harbor",
        eventsTypes: ["REPLICATION", "SCANNING_FAILED"],
        notifyType: "http",
        authHeader: token.stringValue,
        skipCertVerify: false,
        payloadFormat: "CloudEvents",
      });
    });
    expect(json.resource.harbor_project_webhook.alerts).toEqual({
      name: "alerts",
      project_id: "/projects/1",
      address: "https://alerts.example.com/harbor",
      events_types: ["REPLICATION", "SCANNING_FAILED"],
      notify_type: "http",
      auth_header: "${var.webhook_auth}",
      skip_cert_verify: false,
      payload_format: "CloudEvents",
    });
  });

  test("fails on an unknown event, notify type, payload format, address and a literal auth header", () => {
    const error = validationErrorOf(
      (stack) =>
        new HarborProjectWebhook(stack, "w", {
          name: "w",
          projectId: "/projects/1",
          address: "alerts.example.com",
          eventsTypes: ["PUSH_ARTIFACT", "SCAN_FAILED"],
          notifyType: "email",
          payloadFormat: "json",
          authHeader: "Bearer abc",
        }),
    );
    expect(problemPaths(error)).toEqual([
      "s/w: address",
      "s/w: eventsTypes[1]",
      "s/w: notifyType",
      "s/w: payloadFormat",
      "s/w: authHeader",
    ]);
  });
});

describe("HarborConfigSystem", () => {
  test("synthesizes settings and the banner block", () => {
    const json = synthJson(
      (stack) =>
        new HarborConfigSystem(stack, "system", {
          projectCreationRestriction: "adminonly",
          robotTokenExpiration: 30,
          storagePerProject: 100,
          notificationEnable: true,
          bannerMessage: {
            message: "maintenance on Saturday",
            type: "warning",
            fromDate: "01/02/2030",
            toDate: "01/03/2030",
          },
        }),
    );
    expect(json.resource.harbor_config_system.system).toEqual({
      project_creation_restriction: "adminonly",
      robot_token_expiration: 30,
      storage_per_project: 100,
      notification_enable: true,
      banner_message: [
        {
          message: "maintenance on Saturday",
          type: "warning",
          from_date: "01/02/2030",
          to_date: "01/03/2030",
        },
      ],
    });
  });

  test("fails on bad values", () => {
    const error = validationErrorOf(
      (stack) =>
        new HarborConfigSystem(stack, "c", {
          projectCreationRestriction: "admins",
          storagePerProject: 0,
          sessionTimeout: 0,
          bannerMessage: { message: "m", type: "error", fromDate: "2030-01-02" },
        }),
    );
    expect(problemPaths(error)).toEqual([
      "s/c: projectCreationRestriction",
      "s/c: storagePerProject",
      "s/c: sessionTimeout",
      "s/c: bannerMessage.type",
      "s/c: bannerMessage.fromDate",
    ]);
  });
});
