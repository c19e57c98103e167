import { Testing } from "cdktf";
import { exampleConfig } from "../../main";
import { buildHarborApp } from "../../stacks/app";
import {
  BackupSnapshots,
  parseBackupDisks,
  planRestore,
  snapshotGroupFromDescribe,
} from "../../scripts/restore/restore-plan";

const COMPONENTS = ["registry", "database", "redis", "job-log", "trivy"];
const DISKS = COMPONENTS.map((component, i) => ({ component, diskId: `d-bp1${i}` }));

function primaryStack(): unknown {
  const app = Testing.app();
  return JSON.parse(Testing.synth(buildHarborApp(app, exampleConfig).platform.primary));
}

function describeResponse(status = "accomplished", disks = DISKS): unknown {
  return {
    RequestId: "r",
    SnapshotGroups: {
      SnapshotGroup: [
        {
          SnapshotGroupId: "ssg-bp1backup",
          Status: status,
          CreationTime: "2026-11-24T18:30:05Z",
          Snapshots: {
            Snapshot: disks.map((d, i) => ({ SnapshotId: `s-bp1snap${i}`, SourceDiskId: d.diskId })),
          },
        },
      ],
    },
  };
}

describe("restore plan", () => {
  const stack = primaryStack();

  test("one snapshot per disk from the one backup, keyed as the configuration names the disks", () => {
    const plan = planRestore(snapshotGroupFromDescribe(describeResponse()), DISKS, stack);
    expect(plan.backup).toBe("ssg-bp1backup");
    expect(plan.snapshotIds).toEqual({
      registry: "s-bp1snap0",
      database: "s-bp1snap1",
      redis: "s-bp1snap2",
      jobLog: "s-bp1snap3",
      trivy: "s-bp1snap4",
    });
  });

  test("Terraform forgets the disks, their snapshot attachments, volumes and claims; the cluster deletes the objects", () => {
    const plan = planRestore(snapshotGroupFromDescribe(describeResponse()), DISKS, stack);
    expect(plan.forget.disks).toEqual(COMPONENTS.map((c) => `alicloud_ecs_disk.disk_hz-h_${c}`).sort());
    expect(plan.forget.snapshotAttachments).toHaveLength(5);
    expect(plan.forget.volumes).toEqual(
      COMPONENTS.map((c) => `kubernetes_persistent_volume_v1.pv_hz-h_${c}`).sort(),
    );
    expect(plan.forget.claims).toEqual(
      COMPONENTS.map((c) => `kubernetes_persistent_volume_claim_v1.pvc_hz-h_${c}`).sort(),
    );
    expect(plan.kubernetesObjects).toContain("pvc/harbor-hz-h/harbor-registry");
    expect(plan.kubernetesObjects).toContain("pv/harbor-hz-h-job-log");
    // Nothing of the release, the namespace or the other site is touched.
    expect(JSON.stringify(plan)).not.toMatch(/helm_release|kubernetes_namespace_v1|hz-i/);
  });

  test("fails on a backup that is not complete, lacks a disk, or holds another site's disk", () => {
    const partial: BackupSnapshots = {
      id: "ssg-x",
      state: "progressing",
      snapshots: [
        { snapshotId: "s-1", diskId: "d-bp10" },
        { snapshotId: "s-9", diskId: "d-other" },
      ],
    };
    expect(() => planRestore(partial, DISKS, stack)).toThrow(
      [
        "cannot restore from ssg-x:",
        '  - backup ssg-x is "progressing", not "accomplished": its snapshots are incomplete',
        "  - backup ssg-x has no snapshot of database (d-bp11)",
        "  - backup ssg-x has no snapshot of redis (d-bp12)",
        "  - backup ssg-x has no snapshot of job-log (d-bp13)",
        "  - backup ssg-x has no snapshot of trivy (d-bp14)",
        "  - backup ssg-x holds s-9 of d-other, which is not a disk of this site",
      ].join("\n"),
    );
  });

  test("fails on a response with several groups, and on disk lists that are not BACKUP_DISKS", () => {
    const two = describeResponse() as { SnapshotGroups: { SnapshotGroup: unknown[] } };
    two.SnapshotGroups.SnapshotGroup.push(two.SnapshotGroups.SnapshotGroup[0]);
    expect(() => snapshotGroupFromDescribe(two)).toThrow("2 snapshot groups in the response: ask for one");
    expect(parseBackupDisks("registry=d-bp1a, database=d-bp1b")).toEqual([
      { component: "registry", diskId: "d-bp1a" },
      { component: "database", diskId: "d-bp1b" },
    ]);
    expect(() => parseBackupDisks("registry:d-1")).toThrow(
      'disk entry "registry:d-1" is not <component>=d-…',
    );
  });
});
