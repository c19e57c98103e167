import { TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { HarborProvider } from "../../../constructs/providers/harbor";
import {
  HarborReplicationPair,
  ReplicationIdentity,
  SiteReplication,
  SiteReplicationProps,
} from "../../../constructs/replication";
import { checkStackConformance, formatViolations } from "../../../test-tooling/schema-conformance";
import { newStack, problemPaths, synthJson, validationErrorOf } from "../providers/helpers";

const primary = { name: "hz-h", url: "https://harbor-hz-h.registry.example.com" };
const backup = { name: "hz-i", url: "https://harbor-hz-i.registry.example.com" };

/** A site half in `stack`, with the provider, secret variable and defaults a test does not care about. */
function siteHalf(stack: TerraformStack, props: Partial<SiteReplicationProps> = {}): SiteReplication {
  const provider = new HarborProvider(stack, "harbor", { alias: "hz-h", url: primary.url });
  const secret = new TerraformVariable(stack, "replicator_secret", { type: "string", sensitive: true });
  return new SiteReplication(stack, "replication", {
    provider,
    site: primary,
    peer: backup,
    replicatorSecret: secret.stringValue,
    ...props,
  });
}

/** Every block of one resource type, sorted by `name` (synth orders them by construct id). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function only(json: any, type: string): any[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return Object.values<any>(json.resource[type] ?? {}).sort((a, b) =>
    String(a.name).localeCompare(String(b.name)),
  );
}

describe("SiteReplication", () => {
  const json = synthJson((stack) => siteHalf(stack, { repositoryFilter: "{library,ci}/**" }));

  test("creates an endpoint for the peer on its pinned https hostname, logging in as the replicator", () => {
    expect(only(json, "harbor_registry")).toEqual([
      {
        provider: "harbor.hz-h",
        provider_name: "harbor",
        name: "hz-i",
        description: expect.any(String),
        endpoint_url: "https://harbor-hz-i.registry.example.com",
        access_id: "robot$replicator",
        access_secret: "${var.replicator_secret}",
        insecure: false,
      },
    ]);
  });

  test("creates an event-based push and a scheduled pull, both against that endpoint", () => {
    const rules = only(json, "harbor_replication");
    const endpointRef = "${harbor_registry.endpoint_hz-h_hz-i.registry_id}";
    expect(rules).toEqual([
      expect.objectContaining({
        name: "pull-from-hz-i",
        action: "pull",
        schedule: "0 */10 * * * *",
        registry_id: endpointRef,
        override: false,
        deletion: false,
        single_active_replication: true,
        filters: [{ name: "{library,ci}/**" }],
      }),
      expect.objectContaining({
        name: "push-to-hz-i",
        action: "push",
        schedule: "event_based",
        registry_id: endpointRef,
        override: true,
        deletion: false,
        filters: [{ name: "{library,ci}/**" }],
      }),
    ]);
  });

  test("creates no robot: the replicator it logs in as lives on the peer", () => {
    expect(json.resource.harbor_robot_account).toBeUndefined();
    expect(only(json, "harbor_registry")[0].depends_on).toBeUndefined();
  });

  test("exposes the plan", () => {
    const half = siteHalf(newStack());
    expect(half.plan.push.name).toBe("push-to-hz-i");
    expect(half.plan.endpoint.accessId).toBe("robot$replicator");
  });

  test("fails on a literal replicator secret without printing it", () => {
    const error = validationErrorOf((stack) => siteHalf(stack, { replicatorSecret: "Abcdefgh12345678" }));
    expect(problemPaths(error)).toEqual(["s/replication: replicatorSecret"]);
    expect(error.message).not.toContain("Abcdefgh12345678");
  });

  test("fails on a plain-http peer, a 5-field compensation cron and deletions with a scheduled push", () => {
    const error = validationErrorOf((stack) =>
      siteHalf(stack, {
        peer: { name: "hz-i", url: "http://harbor.harbor-hz-i.svc.cluster.local" },
        compensationSchedule: "*/5 * * * *",
        pushSchedule: "0 0 * * * *",
        replicateDeletions: true,
      }),
    );
    expect(problemPaths(error)).toEqual([
      "s/replication: sites[1].url",
      "s/replication: replicateDeletions",
      "s/replication: compensationSchedule",
    ]);
    expect(error.message).toContain('did you mean "0 */5 * * * *"?');
  });
});

describe("ReplicationIdentity", () => {
  function identityIn(stack: TerraformStack, replicateDeletions?: boolean): ReplicationIdentity {
    const provider = new HarborProvider(stack, "harbor", { alias: "hz-i", url: backup.url });
    const secret = new TerraformVariable(stack, "replicator_secret", { type: "string", sensitive: true });
    return new ReplicationIdentity(stack, "identity", {
      provider,
      secret: secret.stringValue,
      replicateDeletions,
    });
  }

  test("creates the replicator system robot with the shared secret, never expiring", () => {
    const [robot] = only(
      synthJson((stack) => identityIn(stack)),
      "harbor_robot_account",
    );
    expect(robot).toMatchObject({
      provider: "harbor.hz-i",
      name: "replicator",
      level: "system",
      duration: -1,
      secret: "${var.replicator_secret}",
    });
    expect(
      robot.permissions.map((p: { kind: string; namespace: string }) => `${p.kind}:${p.namespace}`),
    ).toEqual(["system:/", "project:*"]);
    const actions = robot.permissions[1].access.map(
      (a: { resource: string; action: string }) => `${a.resource}:${a.action}`,
    );
    expect(actions).not.toContain("artifact:delete");
  });

  test("may delete only when deletions replicate", () => {
    const [robot] = only(
      synthJson((stack) => identityIn(stack, true)),
      "harbor_robot_account",
    );
    const actions = robot.permissions[1].access.map(
      (a: { resource: string; action: string }) => `${a.resource}:${a.action}`,
    );
    expect(actions).toEqual(expect.arrayContaining(["repository:delete", "artifact:delete", "tag:delete"]));
  });

  test("exposes its login", () => {
    expect(identityIn(newStack()).login).toBe("robot$replicator");
  });

  test("fails on a literal secret and a robot name Harbor rejects", () => {
    const error = validationErrorOf((stack) => {
      const provider = new HarborProvider(stack, "harbor", { url: backup.url });
      new ReplicationIdentity(stack, "identity", {
        provider,
        secret: "Literal1Secret",
        replicatorRobotName: "Repl",
      });
    });
    expect(problemPaths(error)).toEqual(["s/identity: replicatorRobotName", "s/identity: secret"]);
    expect(error.message).not.toContain("Literal1Secret");
  });
});

describe("HarborReplicationPair", () => {
  const json = synthJson((stack) => {
    const secret = new TerraformVariable(stack, "replicator_secret", { type: "string", sensitive: true });
    new HarborReplicationPair(stack, "pair", {
      sites: [
        {
          ...primary,
          provider: new HarborProvider(stack, "harbor-hz-h", { alias: "hz-h", url: primary.url }),
        },
        { ...backup, provider: new HarborProvider(stack, "harbor-hz-i", { alias: "hz-i", url: backup.url }) },
      ],
      replicatorSecret: secret.stringValue,
      replicateDeletions: true,
      tagFilter: "v*",
    });
  });

  test("puts one endpoint, two rules and one replicator on each site, through that site's provider", () => {
    for (const [alias, peerUrl] of [
      ["harbor.hz-h", backup.url],
      ["harbor.hz-i", primary.url],
    ]) {
      const onSite = (type: string) => only(json, type).filter((block) => block.provider === alias);
      expect(onSite("harbor_registry").map((endpoint) => endpoint.endpoint_url)).toEqual([peerUrl]);
      expect(onSite("harbor_replication").map((rule) => `${rule.action}:${rule.schedule}`)).toEqual([
        "pull:0 */10 * * * *",
        "push:event_based",
      ]);
      expect(onSite("harbor_robot_account").map((robot) => robot.name)).toEqual(["replicator"]);
    }
  });

  test("creates each endpoint after the robot it logs in as, on the other site", () => {
    const robots = json.resource.harbor_robot_account;
    const robotOn = (alias: string) => Object.keys(robots).find((key) => robots[key].provider === alias);
    for (const [alias, peerAlias] of [
      ["harbor.hz-h", "harbor.hz-i"],
      ["harbor.hz-i", "harbor.hz-h"],
    ]) {
      const [endpoint] = only(json, "harbor_registry").filter((block) => block.provider === alias);
      expect(endpoint.depends_on).toEqual([`harbor_robot_account.${robotOn(peerAlias)}`]);
    }
  });

  test("synthesizes blocks that conform to the provider schema, with every filter and limit", () => {
    const full = synthJson((stack) => {
      const secret = new TerraformVariable(stack, "replicator_secret", { type: "string", sensitive: true });
      new HarborReplicationPair(stack, "pair", {
        sites: [
          {
            ...primary,
            provider: new HarborProvider(stack, "harbor-hz-h", { alias: "hz-h", url: primary.url }),
          },
          {
            ...backup,
            provider: new HarborProvider(stack, "harbor-hz-i", { alias: "hz-i", url: backup.url }),
          },
        ],
        replicatorSecret: secret.stringValue,
        repositoryFilter: "{library,ci}/**",
        tagFilter: "snapshot-*",
        tagFilterDecoration: "excludes",
        resourceFilter: "image",
        replicateDeletions: true,
        override: true,
        compensationOverride: true,
        speedLimitKbps: 10240,
        compensationSchedule: "0 */5 * * * *",
      });
    });
    expect(formatViolations(checkStackConformance(full))).toBe("");
    expect(formatViolations(checkStackConformance(json))).toBe("");
  });

  test("replicates deletions on both push rules and never on a pull rule", () => {
    const rules = only(json, "harbor_replication");
    expect(rules.map((rule) => [rule.name, rule.deletion])).toEqual([
      ["pull-from-hz-h", false],
      ["pull-from-hz-i", false],
      ["push-to-hz-h", true],
      ["push-to-hz-i", true],
    ]);
  });

  test("forSite creates exactly the links the pair creates on that site", () => {
    const standalone = synthJson((stack) => {
      const secret = new TerraformVariable(stack, "replicator_secret", { type: "string", sensitive: true });
      HarborReplicationPair.forSite(stack, "pair", {
        site: {
          ...backup,
          provider: new HarborProvider(stack, "harbor-hz-i", { alias: "hz-i", url: backup.url }),
        },
        peer: primary,
        replicatorSecret: secret.stringValue,
        replicateDeletions: true,
        tagFilter: "v*",
      });
    });
    const backupHalf = (source: typeof json, type: string) =>
      only(source, type)
        .filter((block) => block.provider === "harbor.hz-i")
        .map(({ registry_id: _ref, depends_on: _after, ...rest }) => rest);
    for (const type of ["harbor_registry", "harbor_replication"]) {
      expect(backupHalf(standalone, type)).toEqual(backupHalf(json, type));
    }
  });

  test("addresses every object by its site (the provider alias) and its peer or name, whatever the construct path", () => {
    const addressesOf = (source: typeof json) =>
      Object.entries<Record<string, unknown>>(source.resource)
        .flatMap(([type, resources]) => Object.keys(resources).map((name) => `${type}.${name}`))
        .sort();
    const expected = [
      "harbor_registry.endpoint_hz-h_hz-i",
      "harbor_registry.endpoint_hz-i_hz-h",
      "harbor_replication.replication_hz-h_pull-from-hz-i",
      "harbor_replication.replication_hz-h_push-to-hz-i",
      "harbor_replication.replication_hz-i_pull-from-hz-h",
      "harbor_replication.replication_hz-i_push-to-hz-h",
      "harbor_robot_account.robot_hz-h_replicator",
      "harbor_robot_account.robot_hz-i_replicator",
    ];
    expect(addressesOf(json)).toEqual(expected);
    const moved = synthJson((stack) => {
      const secret = new TerraformVariable(stack, "replicator_secret", { type: "string", sensitive: true });
      new HarborReplicationPair(new Construct(stack, "platform-team"), "mirror", {
        sites: [
          {
            ...primary,
            provider: new HarborProvider(stack, "harbor-hz-h", { alias: "hz-h", url: primary.url }),
          },
          {
            ...backup,
            provider: new HarborProvider(stack, "harbor-hz-i", { alias: "hz-i", url: backup.url }),
          },
        ],
        replicatorSecret: secret.stringValue,
      });
    });
    expect(addressesOf(moved)).toEqual(expected);
  });

  test("fails once for the pair when both sites share a URL", () => {
    const error = validationErrorOf((stack) => {
      const provider = new HarborProvider(stack, "harbor", { url: primary.url });
      const secret = new TerraformVariable(stack, "secret", { type: "string", sensitive: true });
      new HarborReplicationPair(stack, "pair", {
        sites: [
          { ...primary, provider },
          { name: "hz-i", url: primary.url, provider },
        ],
        replicatorSecret: secret.stringValue,
      });
    });
    expect(error.message).toMatch(/^invalid HarborReplicationPair s\/pair: 1 problem/);
    expect(problemPaths(error)).toEqual(["s/pair: sites[1].url"]);
  });
});
