import * as path from "path";
import { compareApps, GuardResult, ResourceChange } from "../../scripts/guard/compare";
import { renderReport } from "../../scripts/guard/report";
import { loadSynthOutput, snapshotStack } from "../../scripts/guard/synth-output";

const FIXTURES = path.join(__dirname, "..", "fixtures", "guard");
const PRIMARY = "registry-hz-h-platform";
const base = loadSynthOutput(path.join(FIXTURES, "base"));

function guard(fixture: string, allowDestroy: string[] = []): GuardResult {
  return compareApps(base, loadSynthOutput(path.join(FIXTURES, fixture)), { allowDestroy });
}

function change(result: GuardResult, stack: string, address: string): ResourceChange {
  const found = result.changes.find((c) => c.stack === stack && c.address === address);
  if (!found)
    throw new Error(`no change for ${stack}/${address} in ${JSON.stringify(result.changes, null, 1)}`);
  return found;
}

describe("change guard on generated secrets and keys", () => {
  // A robot secret and the token key, both kept by prevent_destroy, with one argument changed.
  const app = (length: number, algorithm: string) =>
    new Map([
      [
        "registry-shared",
        snapshotStack("registry-shared", {
          resource: {
            random_password: {
              robot_secret_ci: { length, special: false, lifecycle: { prevent_destroy: true } },
            },
            tls_private_key: { token_key: { algorithm, lifecycle: { prevent_destroy: true } } },
          },
        }),
      ],
    ]);

  test("blocks what the random and tls providers replace: a new secret, a new token key", () => {
    const result = compareApps(app(32, "RSA"), app(40, "ECDSA"));
    expect(result.changes.map((c) => [c.address, c.action, c.details])).toEqual([
      ["random_password.robot_secret_ci", "replace", ["length: 32 → 40 forces replacement"]],
      ["tls_private_key.token_key", "replace", ['algorithm: "RSA" → "ECDSA" forces replacement']],
    ]);
    expect(result.blocked.map((c) => c.address)).toEqual([
      "random_password.robot_secret_ci",
      "tls_private_key.token_key",
    ]);
  });
});

describe("change guard on fixtures", () => {
  test("the base compared with itself has no changes", () => {
    const result = compareApps(base, base);
    expect(result.changes).toEqual([]);
    expect(result.blocked).toEqual([]);
  });

  test("a disk resized up is an allowed in-place update of the disk, PV and PVC", () => {
    const result = guard("disk-resize-up");
    expect(result.blocked).toEqual([]);
    expect(result.changes.map((c) => [c.address, c.action])).toEqual([
      ["alicloud_ecs_disk.disk-registry", "update"],
      ["kubernetes_persistent_volume_claim_v1.disk-registry-pvc", "update"],
      ["kubernetes_persistent_volume_v1.disk-registry-pv", "update"],
    ]);
    expect(change(result, PRIMARY, "alicloud_ecs_disk.disk-registry").details).toEqual([
      "size 500 → 800 GiB: grown in place by ResizeDisk",
    ]);
    expect(
      change(result, PRIMARY, "kubernetes_persistent_volume_claim_v1.disk-registry-pvc").details,
    ).toEqual(['storage request "500Gi" → "800Gi": expanded in place']);
  });

  test("fails on a zone change: the disk is replaced, and so is nothing else silently", () => {
    const result = guard("disk-zone-change");
    const disk = change(result, PRIMARY, "alicloud_ecs_disk.disk-registry");
    expect(disk).toMatchObject({ action: "replace", stateful: true, optedIn: false });
    expect(disk.details).toEqual(['zone_id: "cn-hangzhou-h" → "cn-hangzhou-j" forces replacement']);
    // The PV's node affinity is not ForceNew: an in-place update, but the stack is still blocked.
    expect(change(result, PRIMARY, "kubernetes_persistent_volume_v1.disk-registry-pv").action).toBe("update");
    expect(result.blocked.map((c) => c.address)).toEqual(["alicloud_ecs_disk.disk-registry"]);
  });

  test("fails on a category change although the provider changes it in place", () => {
    const result = guard("disk-category-change");
    const disk = change(result, PRIMARY, "alicloud_ecs_disk.disk-database");
    expect(disk.action).toBe("update");
    expect(disk.danger).toBe("disruptive in-place change");
    expect(disk.details[0]).toMatch(
      /^category "cloud_essd" → "cloud_auto": changed in place by ModifyDiskSpec/,
    );
    expect(result.blocked).toHaveLength(1);
  });

  test("fails on a renamed construct: delete and create, with a rename hint", () => {
    const result = guard("renamed-construct");
    const removed = change(result, PRIMARY, "alicloud_ecs_disk.disk-registry");
    const added = change(result, PRIMARY, "alicloud_ecs_disk.disks_registry_disk_3F2A9C1B");
    expect(removed).toMatchObject({ action: "delete", danger: "destroyed by a rename" });
    expect(removed.counterpart).toBe(`${PRIMARY}/alicloud_ecs_disk.disks_registry_disk_3F2A9C1B`);
    expect(removed.details[1]).toMatch(/moved block/);
    expect(added.action).toBe("create");
    expect(added.danger).toBeUndefined();
    // The references to the disk changed too; the PV source is ForceNew, so the PV is replaced.
    expect(change(result, PRIMARY, "kubernetes_persistent_volume_v1.disk-registry-pv").action).toBe(
      "replace",
    );
    const attachment = change(
      result,
      PRIMARY,
      "alicloud_ecs_auto_snapshot_policy_attachment.disk-registry-snapshots",
    );
    expect(attachment).toMatchObject({ action: "replace", stateful: false });
    expect(attachment.danger).toBeUndefined();
    expect(result.blocked.map((c) => c.address).sort()).toEqual([
      "alicloud_ecs_disk.disk-registry",
      "kubernetes_persistent_volume_v1.disk-registry-pv",
    ]);
  });

  test("a renamed construct with a moved block keeps its state: a move, not a destroy", () => {
    const result = guard("renamed-construct-moved");
    const moved = change(result, PRIMARY, "alicloud_ecs_disk.disks_registry_disk_3F2A9C1B");
    expect(moved).toMatchObject({ action: "move", danger: undefined });
    expect(moved.counterpart).toBe(`${PRIMARY}/alicloud_ecs_disk.disk-registry`);
    // References that only follow the moved block point at the same disk: no change there.
    expect(result.changes.map((c) => c.address)).toEqual(["alicloud_ecs_disk.disks_registry_disk_3F2A9C1B"]);
    expect(result.blocked).toEqual([]);
  });

  test("fails on a removed site: every resource of its stack, stateful ones blocked", () => {
    const result = guard("removed-site");
    expect(result.stacksRemoved).toEqual(["registry-hz-i-platform"]);
    const removed = result.changes.filter((c) => c.stack === "registry-hz-i-platform");
    expect(removed.every((c) => c.action === "delete")).toBe(true);
    expect(removed).toHaveLength(11);
    const blocked = result.blocked.map((c) => c.address).sort();
    expect(blocked).toEqual([
      "alicloud_ecs_disk.disk-database",
      "alicloud_ecs_disk.disk-registry",
      "helm_release.harbor",
      "kubernetes_namespace_v1.namespace",
      "kubernetes_persistent_volume_claim_v1.disk-database-pvc",
      "kubernetes_persistent_volume_claim_v1.disk-registry-pvc",
      "kubernetes_persistent_volume_v1.disk-database-pv",
      "kubernetes_persistent_volume_v1.disk-registry-pv",
    ]);
    expect(change(result, "registry-gateway", "kubernetes_config_map_v1.nginx-config").action).toBe("update");
    expect(removed[0].details[0]).toMatch(/stack registry-hz-i-platform is no longer in the app/);
  });

  test("fails on a shrinking claim (re-created by the provider) and on removed protection", () => {
    const result = guard("pvc-shrink-unprotect");
    const pvc = change(result, PRIMARY, "kubernetes_persistent_volume_claim_v1.disk-database-pvc");
    expect(pvc.action).toBe("replace");
    expect(pvc.details).toEqual([
      'storage request shrinks "40Gi" → "20Gi": the provider re-creates the claim',
    ]);
    const release = change(result, PRIMARY, "helm_release.harbor");
    expect(release.action).toBe("update");
    expect(release.danger).toBe("disruptive in-place change");
    expect(release.details).toContain("lifecycle.prevent_destroy true → false");
  });

  test("an opt-in naming the resource lets a dangerous change pass, others stay blocked", () => {
    const result = guard("removed-site", [
      "registry-hz-i-platform/alicloud_ecs_disk.disk-registry",
      "registry-hz-i-platform/alicloud_ecs_disk.does-not-exist",
    ]);
    expect(change(result, "registry-hz-i-platform", "alicloud_ecs_disk.disk-registry").optedIn).toBe(true);
    expect(result.blocked).toHaveLength(7);
    expect(result.unusedOptIns).toEqual(["registry-hz-i-platform/alicloud_ecs_disk.does-not-exist"]);
  });

  test("the text report has a table per stack and names the opt-in to use", () => {
    const report = renderReport(guard("disk-zone-change"), "text");
    expect(report).toContain("registry-hz-h-platform\n  ACTION   ADDRESS");
    expect(report).toMatch(/replace\s+alicloud_ecs_disk\.disk-registry\s+yes\s+BLOCKED/);
    expect(report).toContain("Summary: 0 added, 1 changed, 1 replaced, 0 removed, 0 moved; 1 blocked");
    expect(report).toContain("--allow-destroy registry-hz-h-platform/alicloud_ecs_disk.disk-registry");
  });

  test("the markdown report escapes table cells", () => {
    const report = renderReport(guard("disk-category-change"), "markdown");
    expect(report).toContain("| update | `alicloud_ecs_disk.disk-database` | yes | BLOCKED |");
    expect(report).toContain(
      "**Summary:** 0 added, 1 changed, 0 replaced, 0 removed, 0 moved; **1 blocked**",
    );
  });
});

describe("guard rules on small stacks", () => {
  const stack = (resource: Record<string, unknown>) =>
    new Map([["s", snapshotStack("s", { resource })]]) as ReturnType<typeof loadSynthOutput>;

  test("ignore_changes hides a ForceNew argument from the guard, as from Terraform", () => {
    const before = stack({
      alicloud_ecs_disk: { d: { zone_id: "a", lifecycle: { ignore_changes: ["zone_id"] } } },
    });
    const after = stack({
      alicloud_ecs_disk: { d: { zone_id: "b", lifecycle: { ignore_changes: ["zone_id"] } } },
    });
    expect(compareApps(before, after).changes).toEqual([]);
  });

  test("fails when a resource of any type marked prevent_destroy is removed", () => {
    const before = stack({
      tls_private_key: { key: { algorithm: "RSA", lifecycle: { prevent_destroy: true } } },
    });
    const result = compareApps(before, stack({}));
    expect(result.blocked.map((c) => c.address)).toEqual(["tls_private_key.key"]);
  });

  test("a replaced resource that is not stateful is reported but not blocked", () => {
    const before = stack({ kubernetes_config_map_v1: { c: { metadata: { name: "a" } } } });
    const after = stack({ kubernetes_config_map_v1: { c: { metadata: { name: "b" } } } });
    const result = compareApps(before, after);
    expect(result.changes[0]).toMatchObject({ action: "replace", stateful: false });
    expect(result.changes[0].danger).toBeUndefined();
    expect(result.blocked).toEqual([]);
  });

  test("a stateful type the code declares expendable (prevent_destroy false) may be replaced", () => {
    const release = (namespace: string) => ({
      helm_release: {
        monitoring: { name: "harbor-monitoring", namespace, lifecycle: { prevent_destroy: false } },
      },
    });
    const result = compareApps(stack(release("a")), stack(release("b")));
    expect(result.changes[0]).toMatchObject({ action: "replace", stateful: false });
    expect(result.blocked).toEqual([]);
    // Without the explicit declaration, a Helm release counts as stateful.
    const unmarked = compareApps(
      stack({ helm_release: { harbor: { name: "harbor", namespace: "a" } } }),
      stack({ helm_release: { harbor: { name: "harbor", namespace: "b" } } }),
    );
    expect(unmarked.blocked.map((c) => c.address)).toEqual(["helm_release.harbor"]);
  });

  test("fails on a disk shrink, which the API rejects at apply", () => {
    const before = stack({ alicloud_ecs_disk: { d: { size: 100 } } });
    const after = stack({ alicloud_ecs_disk: { d: { size: 50 } } });
    const [only] = compareApps(before, after).blocked;
    expect(only.details).toEqual(["size shrinks 100 → 50 GiB: ResizeDisk only grows, the apply fails"]);
  });

  test("blocks given as a one-element list or as an object compare equal", () => {
    const before = stack({ kubernetes_namespace_v1: { n: { metadata: [{ name: "x" }] } } });
    const after = stack({ kubernetes_namespace_v1: { n: { metadata: { name: "x" } } } });
    expect(compareApps(before, after).changes).toEqual([]);
  });
});
