import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { HarborRegistry, HarborReplication } from "../../../../constructs/providers/harbor";
import { problemPaths, synthJson, validationErrorOf } from "../helpers";

describe("HarborRegistry", () => {
  test("synthesizes the endpoint with the secret as an expression and exposes registryId", () => {
    const json = synthJson((stack) => {
      const secret = new TerraformVariable(stack, "peer_secret", { type: "string", sensitive: true });
      const peer = new HarborRegistry(stack, "peer", {
        providerName: "harbor",
        name: "backup",
        endpointUrl: "https://harbor-backup.example.com",
        accessId: "robot$replicator",
        accessSecret: secret.stringValue,
        insecure: false,
      });
      new HarborReplication(stack, "push", { name: "push", action: "push", registryId: peer.registryId });
    });
    expect(json.resource.harbor_registry.peer).toEqual({
      provider_name: "harbor",
      name: "backup",
      endpoint_url: "https://harbor-backup.example.com",
      access_id: "robot$replicator",
      access_secret: "${var.peer_secret}",
      insecure: false,
    });
    expect(json.resource.harbor_replication.push.registry_id).toBe("${harbor_registry.peer.registry_id}");
  });

  test("fails on an unknown provider name, a bad URL and a literal secret", () => {
    const error = validationErrorOf(
      (stack) =>
        new HarborRegistry(stack, "peer", {
          providerName: "Harbor",
          name: "backup",
          endpointUrl: "harbor-backup",
          accessSecret: "s3cret",
        }),
    );
    expect(problemPaths(error)).toEqual([
      "s/peer: providerName",
      "s/peer: endpointUrl",
      "s/peer: accessSecret",
    ]);
    expect(error.message).not.toContain("s3cret");
  });
});

/** The smallest valid push policy. */
const PUSH = { name: "r", action: "push", registryId: 1 };

describe("HarborReplication", () => {
  test("synthesizes filters as a list of blocks, one filter type each", () => {
    const json = synthJson(
      (stack) =>
        new HarborReplication(stack, "push", {
          name: "push-to-backup",
          action: "push",
          registryId: 1,
          schedule: "event_based",
          deletion: true,
          override: true,
          destNamespaceReplace: -1,
          speed: -1,
          filters: [
            { name: "library/**" },
            { tag: "v*", decoration: "excludes" },
            { resource: "image" },
            { labels: ["gold"] },
          ],
        }),
    );
    expect(json.resource.harbor_replication.push).toEqual({
      name: "push-to-backup",
      action: "push",
      registry_id: 1,
      schedule: "event_based",
      deletion: true,
      override: true,
      dest_namespace_replace: -1,
      speed: -1,
      filters: [
        { name: "library/**" },
        { tag: "v*", decoration: "excludes" },
        { resource: "image" },
        { labels: ["gold"] },
      ],
    });
  });

  test("HCL output writes each filter as its own block", () => {
    const stack = new TerraformStack(Testing.app(), "hcl");
    new HarborReplication(stack, "push", {
      ...PUSH,
      filters: [{ name: "library/**" }, { resource: "image" }],
    });
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toMatch(/resource "harbor_replication" "push" {/);
    expect(hcl).toMatch(/filters\s*{\s*name\s*=\s*"library\/\*\*"\s*}/);
    expect(hcl).toMatch(/filters\s*{\s*resource\s*=\s*"image"\s*}/);
    expect(hcl).toMatch(/registry_id\s*=\s*1/);
  });

  test("accepts a 6-field cron pull", () => {
    const json = synthJson(
      (stack) =>
        new HarborReplication(stack, "pull", {
          name: "pull",
          action: "pull",
          registryId: 1,
          schedule: "0 */10 * * * *",
        }),
    );
    expect(json.resource.harbor_replication.pull.schedule).toBe("0 */10 * * * *");
  });

  test("fails on a 5-field cron with the corrected form in the message", () => {
    const error = validationErrorOf(
      (stack) =>
        new HarborReplication(stack, "push", {
          name: "p",
          action: "pull",
          registryId: 1,
          schedule: "*/5 * * * *",
        }),
    );
    expect(error.message).toContain(
      's/push: schedule: "*/5 * * * *" is not valid: a 6-field cron with seconds first (sec min hour dom mon dow); did you mean "0 */5 * * * *"?',
    );
  });

  test("fails on an unknown action and on deletion without event_based", () => {
    const error = validationErrorOf(
      (stack) =>
        new HarborReplication(stack, "r", {
          name: "r",
          action: "sync",
          registryId: 1,
          schedule: "0 0 * * * *",
          deletion: true,
        }),
    );
    expect(problemPaths(error)).toEqual(["s/r: action", "s/r: deletion"]);
    expect(error.message).toContain('s/r: action: "sync" is not valid: one of "push" or "pull"');
  });

  test("fails on deletion with the default manual trigger", () => {
    const error = validationErrorOf(
      (stack) => new HarborReplication(stack, "r", { ...PUSH, deletion: true }),
    );
    expect(error.message).toContain('(schedule is "manual")');
  });

  test("fails on filter blocks with two types, a bad resource and a stray decoration", () => {
    const error = validationErrorOf(
      (stack) =>
        new HarborReplication(stack, "r", {
          ...PUSH,
          filters: [
            { name: "a/**", tag: "v1" },
            { resource: "helm" },
            { name: "b/**", decoration: "excludes" },
            {},
          ],
        }),
    );
    expect(problemPaths(error)).toEqual([
      "s/r: filters[0]",
      "s/r: filters[1].resource",
      "s/r: filters[2].decoration",
      "s/r: filters[3]",
    ]);
  });

  test("fails on flattening and speed outside the allowed values", () => {
    const error = validationErrorOf(
      (stack) =>
        new HarborReplication(stack, "r", {
          ...PUSH,
          destNamespaceReplace: 4,
          speed: 0,
        }),
    );
    expect(problemPaths(error)).toEqual(["s/r: destNamespaceReplace", "s/r: speed"]);
  });

  test("skips checks of values Terraform decides", () => {
    expect(() =>
      synthJson((stack) => {
        const schedule = new TerraformVariable(stack, "schedule", { type: "string" });
        new HarborReplication(stack, "r", {
          ...PUSH,
          schedule: schedule.stringValue,
          deletion: true,
        });
      }),
    ).not.toThrow();
  });
});
