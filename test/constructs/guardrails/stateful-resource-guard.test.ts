import { Testing } from "cdktf";
import { Construct } from "constructs";
import { stringify } from "yaml";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { Release } from "@cdktf/provider-helm/lib/release";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { AlicloudProvider } from "../../../constructs/providers/alicloud/provider";
import { pinAddress } from "../../../constructs/guardrails/stable-address";
import { markStateful } from "../../../constructs/guardrails/stateful";
import { StatefulResourceGuard } from "../../../constructs/guardrails/stateful-resource-guard";
import { pinZone } from "../../../constructs/guardrails/zone";
import { RetainedDisk, RetainedDiskProps } from "../../../constructs/retained-disk/retained-disk";
import { errorAnnotations, newStack, synthJson, validationErrorOf } from "../synth-helpers";

const DISK: RetainedDiskProps = {
  siteName: "hz-h",
  component: "redis",
  zone: "cn-hangzhou-h",
  namespace: "harbor-hz-h",
  sizeGiB: 20,
};

/** A guarded stack with one zone-pinned site scope. */
function guardedSite(zone = "cn-hangzhou-h") {
  const { app, stack } = newStack();
  const site = new Construct(stack, "site");
  pinZone(site, zone);
  StatefulResourceGuard.applyTo(stack);
  return { app, stack, site };
}

describe("StatefulResourceGuard", () => {
  test("accepts a retained disk in its site's zone", () => {
    const { stack, site } = guardedSite();
    new RetainedDisk(site, "redis", DISK);
    synthJson(stack);
    expect(errorAnnotations(stack)).toEqual([]);
  });

  test("fails when prevent_destroy is overridden away after construction", () => {
    const { stack, site } = guardedSite();
    const disk = new RetainedDisk(site, "redis", DISK);
    disk.disk.addOverride("lifecycle.prevent_destroy", false);
    synthJson(stack);
    expect(errorAnnotations(stack)).toEqual([
      {
        path: "stack/site/redis/disk",
        message: expect.stringMatching(/^alicloud_ecs_disk "disk\/redis" has no lifecycle\.prevent_destroy/),
      },
    ]);
  });

  test("fails on a PersistentVolume that would delete its disk with the claim", () => {
    const { stack, site } = guardedSite();
    const disk = new RetainedDisk(site, "redis", DISK);
    disk.persistentVolume.addOverride("spec.0.persistent_volume_reclaim_policy", "Delete");
    synthJson(stack);
    const errors = errorAnnotations(stack);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('has reclaim policy "Delete"');
  });

  test("fails on a stateful resource without prevent_destroy whose address follows the construct path", () => {
    const { stack } = guardedSite();
    new NamespaceV1(new Construct(stack, "team"), "namespace", { metadata: { name: "team" } });
    synthJson(stack);
    const errors = errorAnnotations(stack).map((e) => e.message);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^kubernetes_namespace_v1 "namespace" has no lifecycle\.prevent_destroy/);
    expect(errors[1]).toMatch(
      /is addressed by its construct path \(kubernetes_namespace_v1\.team_namespace_[0-9A-F]+\)/,
    );
  });

  test("accepts a protected stateful resource directly under the stack", () => {
    const { stack } = guardedSite();
    new NamespaceV1(stack, "namespace", { metadata: { name: "team" }, lifecycle: { preventDestroy: true } });
    synthJson(stack);
    expect(errorAnnotations(stack)).toEqual([]);
  });

  test("accepts an unprotected resource whose owner allowed its destruction by name", () => {
    const { stack } = guardedSite();
    const namespace = new NamespaceV1(stack, "namespace", { metadata: { name: "scratch" } });
    markStateful(namespace, { name: "namespace", allowDestroy: true });
    synthJson(stack);
    expect(errorAnnotations(stack)).toEqual([]);
  });

  test("fails on a disk and its volume in another zone than the site's", () => {
    const { stack, site } = guardedSite("cn-hangzhou-h");
    new RetainedDisk(site, "redis", { ...DISK, zone: "cn-hangzhou-i" });
    synthJson(stack);
    expect(errorAnnotations(stack)).toEqual([
      {
        path: "stack/site/redis/disk",
        message:
          'alicloud_ecs_disk "disk/redis" is in zone "cn-hangzhou-i" but stack/site is pinned to "cn-hangzhou-h": ' +
          "a cloud disk attaches only to nodes of its own zone",
      },
      {
        path: "stack/site/redis/volume",
        message: expect.stringContaining(
          'kubernetes_persistent_volume_v1 "volume/redis" is in zone "cn-hangzhou-i"',
        ),
      },
    ]);
  });

  test("fails on a PersistentVolume without zone affinity in a pinned site", () => {
    const { stack, site } = guardedSite();
    const disk = new RetainedDisk(site, "redis", DISK);
    disk.persistentVolume.addOverride("spec.0.node_affinity", undefined);
    synthJson(stack);
    expect(errorAnnotations(stack).map((e) => e.message)).toEqual([
      expect.stringContaining("has no node affinity on topology.kubernetes.io/zone"),
    ]);
  });

  test("fails on a Helm release whose pods are pinned to another zone", () => {
    const { stack, site } = guardedSite("cn-hangzhou-h");
    const release = new Release(site, "release", {
      name: "harbor",
      chart: "harbor",
      values: [stringify({ core: { nodeSelector: { "topology.kubernetes.io/zone": "cn-hangzhou-k" } } })],
    });
    pinAddress(release, "release_hz-h");
    markStateful(release, { name: "release" });
    synthJson(stack);
    expect(errorAnnotations(stack).map((e) => e.message)).toEqual([
      expect.stringContaining('helm_release "release" is in zone "cn-hangzhou-k"'),
    ]);
  });

  test("is added once per stack however often it is applied", () => {
    const { stack, site } = guardedSite();
    StatefulResourceGuard.applyTo(site);
    StatefulResourceGuard.applyTo(stack);
    new NamespaceV1(stack, "namespace", { metadata: { name: "team" } });
    synthJson(stack);
    expect(errorAnnotations(stack)).toHaveLength(1);
  });

  test("fails a full synth with the error listed", () => {
    const { stack, site } = guardedSite();
    new AlicloudProvider(stack, "alicloud", { region: "cn-hangzhou" });
    new KubernetesProvider(stack, "kubernetes", {});
    const disk = new RetainedDisk(site, "redis", DISK);
    disk.claim.addOverride("lifecycle.prevent_destroy", false);
    expect(() => Testing.fullSynth(stack)).toThrow(
      /Encountered Annotations with level "ERROR"[\s\S]*kubernetes_persistent_volume_claim_v1 "claim\/redis" has no lifecycle\.prevent_destroy/,
    );
  });
});

describe("pinAddress", () => {
  test("fails on a name Terraform does not accept", () => {
    const { stack } = newStack();
    const namespace = new NamespaceV1(stack, "namespace", { metadata: { name: "a" } });
    const error = validationErrorOf(() => pinAddress(namespace, "1-site"));
    expect(error.problems[0]).toMatchObject({ path: "stack/namespace: logicalId", value: "1-site" });
  });

  test("fails on an address already taken in the stack, naming both constructs", () => {
    const { stack } = newStack();
    pinAddress(new NamespaceV1(stack, "a", { metadata: { name: "a" } }), "namespace_site");
    const error = validationErrorOf(() =>
      pinAddress(new NamespaceV1(stack, "b", { metadata: { name: "b" } }), "namespace_site"),
    );
    expect(error.problems[0].path).toBe("stack/b: logicalId");
    expect(error.problems[0].expected).toContain(
      "not already taken by stack/a (kubernetes_namespace_v1.namespace_site)",
    );
  });
});
