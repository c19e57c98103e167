import { STATEFUL_RESOURCE_TYPES } from "../../../constructs";
import {
  describePlan,
  missingFacts,
  synthToDir,
  TerraformWorkspace,
  type PlanOutcome,
  openSharedWorkspace,
} from "../../../test-tooling/terraform-harness";
import { AcmeAppOptions, buildAcmeApp } from "../../reuse/company-app";

/**
 * The company app built from the public API (test/reuse/company-app.ts) through real Terraform
 * against the provider doubles: it applies without a warning, in dependency order with its cross-stack
 * password resolved, plans nothing on a second run, and a refactor of the company's own construct
 * tree (the wrapper renamed) replaces nothing that holds data and no Harbor object.
 */

jest.setTimeout(120_000);

const VARIABLES: Readonly<Record<string, string>> = {
  gateway_tls_cert: "test-certificate",
  gateway_tls_key: "test-private-key",
  oss_access_key_id: "test-access-key-id",
  oss_access_key_secret: "test-access-key-secret",
  slack_webhook_url: "https://hooks.slack.example/services/test",
};

const synthAcme = (options: AcmeAppOptions = {}) => synthToDir((app) => buildAcmeApp(app, options));

/** Addresses Terraform would act on, with the action, leaving out no-ops. */
function actionsOf(outcome: PlanOutcome): Record<string, string> {
  return Object.fromEntries(
    outcome.changes.filter((c) => c.action !== "noop").map((c) => [c.address, c.action]),
  );
}

describe("real terraform against the provider doubles: a company app built from the public API", () => {
  let workspace: TerraformWorkspace;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ workspace, close } = await openSharedWorkspace(synthAcme(), VARIABLES));
  });

  afterAll(() => close?.());

  it("uses only resource types whose replacement rules the doubles know", () => {
    expect(missingFacts(workspace.resourceTypes())).toEqual([]);
  });

  it("applies every stack without an error or warning, the platform before the config stack that logs in with its password", async () => {
    const levels = workspace.levels();
    const levelOf = (stack: string) => levels.findIndex((level) => level.includes(stack));
    expect(levelOf("acme-registry-platform")).toBeLessThan(levelOf("acme-registry-config"));
    const outcomes = await workspace.applyAll();
    // Terraform validates each configuration as it applies it.
    expect(outcomes.map((outcome) => [outcome.stack, outcome.result.code, outcome.diagnostics])).toEqual(
      expect.arrayContaining(workspace.stackNames.map((stack) => [stack, 0, []])),
    );
    expect(outcomes).toHaveLength(workspace.stackNames.length);
    const adminPasswords = Object.entries(workspace.stateOutputs("acme-registry-platform")).filter(([name]) =>
      name.includes("admin-password"),
    );
    expect(adminPasswords).toHaveLength(2);
  });

  it("plans no changes on a second plan of every stack", async () => {
    const outcomes = await Promise.all(workspace.stackNames.map((stack) => workspace.plan(stack)));
    expect(outcomes.map((outcome) => [outcome.stack, outcome.result.code, describePlan(outcome)])).toEqual(
      workspace.stackNames.map((stack) => [stack, 0, "no changes"]),
    );
  });

  describe("after the company renames its wrapping construct", () => {
    let outcomes: Promise<PlanOutcome[]>;
    let renamed: ReturnType<typeof synthAcme>;
    beforeAll(() => {
      renamed = synthAcme({ wrapperId: "platform-team" });
      outcomes = Promise.all(
        workspace.stackNames.map((stack) => workspace.planVariant(stack, renamed.stacks.get(stack)!.json)),
      );
    });
    /** `<action> <address>` of one stack's plan, for the resources of `type`. */
    const planned = async (stack: string, type: string) => {
      const outcome = (await outcomes).find((o) => o.stack === stack)!;
      return Object.entries(actionsOf(outcome))
        .filter(([address]) => address.startsWith(`${type}.`))
        .map(([address, action]) => `${action} ${address}`);
    };

    it("plans successfully and replaces or deletes nothing stateful", async () => {
      // The alerting chart is a TerraformAsset, stored under a path derived from the construct
      // path: the rename upgrades the (expendable) monitoring releases in place, same chart content.
      const expected: Record<string, string[]> = {
        "acme-registry-platform": [
          "update helm_release.monitoring_sh-b",
          "update helm_release.monitoring_sh-e",
        ],
      };
      for (const outcome of await outcomes) {
        expect({ stack: outcome.stack, errors: outcome.errors }).toEqual({
          stack: outcome.stack,
          errors: [],
        });
        const touched = Object.entries(actionsOf(outcome))
          .filter(([address]) => STATEFUL_RESOURCE_TYPES.includes(address.split(".")[0]))
          .map(([address, action]) => `${action} ${address}`)
          .sort();
        expect({ stack: outcome.stack, touched }).toEqual({
          stack: outcome.stack,
          touched: expected[outcome.stack] ?? [],
        });
      }
    });

    it("changes nothing else: every object is addressed by its own identity, the chart path aside", async () => {
      // Moves from the path addresses earlier versions used find nothing at those addresses here.
      const acted = (await outcomes).flatMap((outcome) =>
        Object.entries(actionsOf(outcome)).map(
          ([address, action]) => `${outcome.stack}: ${action} ${address}`,
        ),
      );
      expect(acted.sort()).toEqual([
        "acme-registry-platform: update helm_release.monitoring_sh-b",
        "acme-registry-platform: update helm_release.monitoring_sh-e",
      ]);
    });

    it("keeps the robot secrets (addressed by robot name: CI and replication logins stay valid)", async () => {
      expect(await planned("acme-registry-config", "random_password")).toEqual([]);
    });

    it("keeps the Harbor projects (Harbor refuses to delete a project that holds repositories)", async () => {
      expect(await planned("acme-registry-config", "harbor_project")).toEqual([]);
    });

    it("keeps every Harbor object: robots, rules, endpoints, webhooks and schedules keep their ids", async () => {
      const outcome = (await outcomes).find((o) => o.stack === "acme-registry-config")!;
      expect(Object.keys(actionsOf(outcome)).filter((address) => address.startsWith("harbor_"))).toEqual([]);
    });

    it("keeps the gateway's objects, its LoadBalancer Service above all (a new one gets a new SLB address)", async () => {
      const json = renamed.stacks.get("acme-registry-platform")!.json;
      const gatewayObjects = Object.entries(json.resource as Record<string, Record<string, unknown>>).flatMap(
        ([type, resources]) =>
          Object.keys(resources)
            .filter((name) => name.startsWith("gateway_"))
            .map((name) => `${type}.${name}`),
      );
      expect(gatewayObjects.sort()).toEqual([
        "kubernetes_config_map_v1.gateway_cr-gateway",
        "kubernetes_deployment_v1.gateway_cr-gateway",
        "kubernetes_pod_disruption_budget_v1.gateway_cr-gateway",
        "kubernetes_secret_v1.gateway_cr-gateway",
        "kubernetes_service_v1.gateway_cr-gateway",
      ]);
      const outcome = (await outcomes).find((o) => o.stack === "acme-registry-platform")!;
      expect(
        outcome.changes.filter((c) => gatewayObjects.includes(c.address) && c.action !== "noop"),
      ).toEqual([]);
    });
  });
});
