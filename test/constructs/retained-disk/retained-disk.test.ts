import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { StatefulResourceGuard } from "../../../constructs/guardrails/stateful-resource-guard";
import { DiskSnapshotPolicy } from "../../../constructs/retained-disk/disk-snapshot-policy";
import { RetainedDisk, RetainedDiskProps } from "../../../constructs/retained-disk/retained-disk";
import {
  addresses,
  errorAnnotations,
  newStack,
  resourceBody,
  synthJson,
  TfJson,
  validationErrorOf,
} from "../synth-helpers";

const PROPS: RetainedDiskProps = {
  siteName: "hz-h",
  component: "registry",
  zone: "cn-hangzhou-h",
  namespace: "harbor-hz-h",
  sizeGiB: 500,
};

function synthDisk(overrides: Partial<RetainedDiskProps> = {}): { json: TfJson; stack: TerraformStack } {
  const { stack } = newStack();
  new RetainedDisk(stack, "registry-disk", { ...PROPS, ...overrides });
  StatefulResourceGuard.applyTo(stack);
  return { json: synthJson(stack), stack };
}

describe("RetainedDisk", () => {
  describe("the ECS disk", () => {
    test("is an encrypted ESSD PL1 in the given zone that is never released with an instance", () => {
      const disk = resourceBody(synthDisk().json, "alicloud_ecs_disk", "disk_hz-h_registry");
      expect(disk).toMatchObject({
        zone_id: "cn-hangzhou-h",
        size: 500,
        category: "cloud_essd",
        performance_level: "PL1",
        encrypted: true,
        delete_with_instance: false,
        delete_auto_snapshot: false,
        payment_type: "PayAsYouGo",
        type: "online",
        disk_name: "hz-h-registry",
      });
      expect(disk.snapshot_id).toBeUndefined();
    });

    test("is tagged with its site and component", () => {
      const disk = resourceBody(
        synthDisk({ tags: { "cost-center": "platform" } }).json,
        "alicloud_ecs_disk",
        "disk_hz-h_registry",
      );
      expect(disk.tags).toEqual({
        "cost-center": "platform",
        "harbor-cdktf/site": "hz-h",
        "harbor-cdktf/component": "registry",
      });
    });

    test("has prevent_destroy and ignores the tag the CSI plugin adds", () => {
      const disk = resourceBody(synthDisk().json, "alicloud_ecs_disk", "disk_hz-h_registry");
      expect(disk.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['tags["k8s.aliyun.com"]'] });
    });

    test("takes category, level, encryption key and restore snapshot from props", () => {
      const disk = resourceBody(
        synthDisk({
          category: "cloud_essd",
          performanceLevel: "PL2",
          sizeGiB: 500,
          kmsKeyId: "key-hzz12345",
          snapshotId: "s-bp1234567890abcdef",
        }).json,
        "alicloud_ecs_disk",
        "disk_hz-h_registry",
      );
      expect(disk).toMatchObject({
        performance_level: "PL2",
        kms_key_id: "key-hzz12345",
        snapshot_id: "s-bp1234567890abcdef",
      });
    });

    test("sends no performance level for other categories", () => {
      const disk = resourceBody(
        synthDisk({ category: "cloud_auto", sizeGiB: 40 }).json,
        "alicloud_ecs_disk",
        "disk_hz-h_registry",
      );
      expect(disk.category).toBe("cloud_auto");
      expect(disk.performance_level).toBeUndefined();
    });
  });

  describe("snapshots", () => {
    test("attach the disk to its own daily policy kept 7 days by default", () => {
      const { json } = synthDisk();
      expect(
        resourceBody(json, "alicloud_ecs_auto_snapshot_policy_attachment", "snapshots_hz-h_registry"),
      ).toEqual({
        auto_snapshot_policy_id:
          "${alicloud_ecs_auto_snapshot_policy.snapshot-policy_disk-hz-h-registry-daily.id}",
        disk_id: "${alicloud_ecs_disk.disk_hz-h_registry.id}",
      });
      expect(
        resourceBody(json, "alicloud_ecs_auto_snapshot_policy", "snapshot-policy_disk-hz-h-registry-daily"),
      ).toMatchObject({
        repeat_weekdays: ["1", "2", "3", "4", "5", "6", "7"],
        time_points: ["2"],
        retention_days: 7,
      });
    });

    test("attach the disk to a given policy without creating another", () => {
      const { stack } = newStack();
      const policy = new DiskSnapshotPolicy(stack, "snapshots", {
        policyName: "site-daily",
        retentionDays: 30,
      });
      new RetainedDisk(stack, "disk", { ...PROPS, snapshotPolicy: policy });
      const json = synthJson(stack);
      expect(Object.keys(json.resource.alicloud_ecs_auto_snapshot_policy)).toEqual([
        "snapshot-policy_site-daily",
      ]);
      expect(
        resourceBody(json, "alicloud_ecs_auto_snapshot_policy_attachment", "snapshots_hz-h_registry")
          .auto_snapshot_policy_id,
      ).toBe("${alicloud_ecs_auto_snapshot_policy.snapshot-policy_site-daily.id}");
    });
  });

  describe("the PersistentVolume", () => {
    test("is statically provisioned for the disk CSI driver on exactly this disk", () => {
      const spec = resourceBody(synthDisk().json, "kubernetes_persistent_volume_v1", "pv_hz-h_registry")
        .spec[0];
      expect(spec.persistent_volume_source).toEqual({
        csi: {
          driver: "diskplugin.csi.alibabacloud.com",
          volume_handle: "${alicloud_ecs_disk.disk_hz-h_registry.id}",
          fs_type: "ext4",
        },
      });
      expect(spec.capacity).toEqual({ storage: "500Gi" });
      expect(spec.access_modes).toEqual(["ReadWriteOnce"]);
    });

    test("retains the disk when released and is reserved for its one claim", () => {
      const pv = resourceBody(synthDisk().json, "kubernetes_persistent_volume_v1", "pv_hz-h_registry");
      expect(pv.spec[0].persistent_volume_reclaim_policy).toBe("Retain");
      expect(pv.spec[0].claim_ref).toEqual({ name: "registry-data", namespace: "harbor-hz-h" });
      expect(pv.spec[0].storage_class_name).toBe("harbor-cdktf-static");
      expect(pv.metadata.name).toBe("hz-h-registry");
      expect(pv.lifecycle).toEqual({ prevent_destroy: true });
    });

    test("may only be used on nodes of the disk's zone", () => {
      const pv = resourceBody(
        synthDisk({ zone: "cn-hangzhou-i" }).json,
        "kubernetes_persistent_volume_v1",
        "pv_hz-h_registry",
      );
      expect(pv.spec[0].node_affinity).toEqual({
        required: {
          node_selector_term: [
            {
              match_expressions: [
                { key: "topology.kubernetes.io/zone", operator: "In", values: ["cn-hangzhou-i"] },
              ],
            },
          ],
        },
      });
    });

    test("uses the filesystem asked for", () => {
      const pv = resourceBody(
        synthDisk({ fsType: "xfs" }).json,
        "kubernetes_persistent_volume_v1",
        "pv_hz-h_registry",
      );
      expect(pv.spec[0].persistent_volume_source.csi.fs_type).toBe("xfs");
    });
  });

  describe("the PersistentVolumeClaim", () => {
    test("binds exactly its volume, with no dynamic provisioning", () => {
      const claim = resourceBody(
        synthDisk().json,
        "kubernetes_persistent_volume_claim_v1",
        "pvc_hz-h_registry",
      );
      expect(claim.metadata).toEqual({ name: "registry-data", namespace: "harbor-hz-h" });
      expect(claim.spec).toEqual({
        access_modes: ["ReadWriteOnce"],
        storage_class_name: "harbor-cdktf-static",
        volume_name: "hz-h-registry",
        resources: { requests: { storage: "500Gi" } },
      });
      expect(claim.wait_until_bound).toBe(true);
      expect(claim.depends_on).toEqual(["kubernetes_persistent_volume_v1.pv_hz-h_registry"]);
    });

    test("has prevent_destroy and keeps its first request when the disk grows", () => {
      const claim = resourceBody(
        synthDisk().json,
        "kubernetes_persistent_volume_claim_v1",
        "pvc_hz-h_registry",
      );
      expect(claim.lifecycle).toEqual({
        prevent_destroy: true,
        ignore_changes: ["spec[0].resources[0].requests"],
      });
    });

    test("takes the names given", () => {
      const json = synthDisk({ claimName: "harbor-registry", volumeName: "harbor-hz-h-registry" }).json;
      expect(
        resourceBody(json, "kubernetes_persistent_volume_claim_v1", "pvc_hz-h_registry").spec.volume_name,
      ).toBe("harbor-hz-h-registry");
      expect(
        resourceBody(json, "kubernetes_persistent_volume_v1", "pv_hz-h_registry").spec[0].claim_ref.name,
      ).toBe("harbor-registry");
    });
  });

  test("passes the stateful-resource guard", () => {
    const { stack } = synthDisk();
    expect(errorAnnotations(stack)).toEqual([]);
  });

  test("lets Terraform destroy only the parts named in allowDestroy", () => {
    const { json, stack } = synthDisk({ allowDestroy: ["disk"] });
    expect(resourceBody(json, "alicloud_ecs_disk", "disk_hz-h_registry").lifecycle.prevent_destroy).toBe(
      false,
    );
    expect(
      resourceBody(json, "kubernetes_persistent_volume_v1", "pv_hz-h_registry").lifecycle.prevent_destroy,
    ).toBe(true);
    expect(errorAnnotations(stack)).toEqual([]);
  });

  test("keeps its Terraform addresses when its construct id or parent changes", () => {
    const before = newStack();
    new RetainedDisk(before.stack, "registry-disk", PROPS);
    const after = newStack();
    new RetainedDisk(new Construct(after.stack, "refactored"), "renamed-disk", PROPS);
    const beforeAddresses = addresses(synthJson(before.stack));
    expect(beforeAddresses).toContain("alicloud_ecs_disk.disk_hz-h_registry");
    expect(addresses(synthJson(after.stack))).toEqual(beforeAddresses);
  });

  describe("fails with one clear problem", () => {
    test("fails on a region given as the zone", () => {
      const error = validationErrorOf(() => synthDisk({ zone: "cn-hangzhou" }));
      expect(error.problems).toEqual([
        {
          path: "stack/registry-disk: zone",
          value: "cn-hangzhou",
          expected: "a zone id such as cn-hangzhou-h (a zone, not a region)",
        },
      ]);
    });

    test("fails on a disk too small for its category", () => {
      const error = validationErrorOf(() => synthDisk({ sizeGiB: 10 }));
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatchObject({ path: "stack/registry-disk: sizeGiB", value: 10 });
      expect(error.problems[0].expected).toContain(
        "a whole number of GiB from 20 to 65536 for cloud_essd PL1",
      );
      expect(error.message).toMatch(/^invalid RetainedDisk stack\/registry-disk: 1 problem/);
    });

    test("fails on an unknown category", () => {
      const error = validationErrorOf(() => synthDisk({ category: "cloud_magnetic" as never }));
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatchObject({
        path: "stack/registry-disk: category",
        value: "cloud_magnetic",
      });
      expect(error.problems[0].expected).toContain("cloud_essd, cloud_ssd");
    });

    test("fails on a category the CSI driver must not get (ephemeral disks are released with the node)", () => {
      const error = validationErrorOf(() =>
        synthDisk({ category: "elastic_ephemeral_disk_standard" as never }),
      );
      expect(error.problems.map((p) => p.path)).toEqual(["stack/registry-disk: category"]);
    });

    test("fails on a performance level outside ESSD", () => {
      const error = validationErrorOf(() =>
        synthDisk({ category: "cloud_ssd", performanceLevel: "PL1", sizeGiB: 40 }),
      );
      expect(error.problems.map((p) => p.path)).toEqual(["stack/registry-disk: performanceLevel"]);
    });

    test("fails on a KMS key for an unencrypted disk", () => {
      const error = validationErrorOf(() => synthDisk({ encrypted: false, kmsKeyId: "key-1" }));
      expect(error.problems.map((p) => p.path)).toEqual(["stack/registry-disk: kmsKeyId"]);
    });

    test("fails on a malformed snapshot id and an unknown allowDestroy part, together", () => {
      const error = validationErrorOf(() =>
        synthDisk({ snapshotId: "snap-1", allowDestroy: ["everything" as never] }),
      );
      expect(error.problems.map((p) => p.path)).toEqual([
        "stack/registry-disk: snapshotId",
        "stack/registry-disk: allowDestroy",
      ]);
    });

    test("fails on two disks of the same site and component in one stack", () => {
      const { stack } = newStack();
      new RetainedDisk(stack, "a", PROPS);
      const error = validationErrorOf(() => new RetainedDisk(stack, "b", PROPS));
      expect(error.problems[0].expected).toContain("not already taken by stack/a/disk");
    });
  });
});
