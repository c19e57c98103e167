/**
 * The restore of a site from one consistent backup, computed from what the operator has at hand:
 * the backup (ECS `DescribeSnapshotGroups` output, or the snapshots of a sequential run), the
 * site's disks as the backup job knows them (`BACKUP_DISKS`: `registry=d-…,database=d-…`), and
 * the synthesized platform stack. Pure: data in, the plan out; the runbook (docs/operations.md)
 * and `npm run restore-plan` print it.
 *
 * The rules it enforces: every disk of the site comes from the same backup (mixing backups
 * breaks the consistency the backup was taken for), the backup is complete ("accomplished"), and
 * Terraform forgets the old disks, volumes and claims instead of destroying them.
 */
import { DISK_COMPONENTS, DiskComponent } from "../../config/platform-config";
import { componentSlug } from "../../constructs/harbor-site/harbor-chart";

export interface BackupSnapshots {
  /** `ssg-…`, or the run id of a sequential backup. */
  readonly id: string;
  readonly state: string;
  readonly createdAt?: string;
  readonly snapshots: readonly { readonly snapshotId: string; readonly diskId: string }[];
}

export interface DiskOfSite {
  /** Component as the site names its disks (`job-log`). */
  readonly component: string;
  readonly diskId: string;
}

export interface RestorePlan {
  readonly backup: string;
  /** Config edit: `sites.<role>.disks.<key>.snapshotId` per config key (`jobLog`). */
  readonly snapshotIds: Readonly<Partial<Record<DiskComponent, string>>>;
  /** Terraform addresses to `terraform state rm` in the platform stack, per kind. */
  readonly forget: {
    readonly disks: readonly string[];
    readonly snapshotAttachments: readonly string[];
    readonly volumes: readonly string[];
    readonly claims: readonly string[];
  };
  /** Kubernetes objects to delete before the deploy recreates them: `pv/<name>`, `pvc/<namespace>/<name>`. */
  readonly kubernetesObjects: readonly string[];
}

export class RestoreError extends Error {}

/** The first snapshot group of an `aliyun ecs DescribeSnapshotGroups` response. */
export function snapshotGroupFromDescribe(response: unknown): BackupSnapshots {
  const groups = (response as { SnapshotGroups?: { SnapshotGroup?: unknown[] } })?.SnapshotGroups
    ?.SnapshotGroup;
  if (!Array.isArray(groups) || groups.length === 0) {
    throw new RestoreError("no snapshot group in the DescribeSnapshotGroups response");
  }
  if (groups.length > 1) {
    throw new RestoreError(
      `${groups.length} snapshot groups in the response: ask for one (--SnapshotGroupId.1 ssg-…)`,
    );
  }
  const group = groups[0] as {
    SnapshotGroupId?: string;
    Status?: string;
    CreationTime?: string;
    Snapshots?: { Snapshot?: { SnapshotId?: string; SourceDiskId?: string }[] };
  };
  return {
    id: String(group.SnapshotGroupId ?? ""),
    state: String(group.Status ?? ""),
    createdAt: group.CreationTime,
    snapshots: (group.Snapshots?.Snapshot ?? []).map((s) => ({
      snapshotId: String(s.SnapshotId ?? ""),
      diskId: String(s.SourceDiskId ?? ""),
    })),
  };
}

/** `registry=d-1,database=d-2` (the backup job's BACKUP_DISKS) → disks. */
export function parseBackupDisks(text: string): DiskOfSite[] {
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [component, diskId] = entry.split("=").map((s) => s.trim());
      if (!component || !/^d-[a-z0-9]+$/.test(diskId ?? "")) {
        throw new RestoreError(`disk entry ${JSON.stringify(entry)} is not <component>=d-…`);
      }
      return { component, diskId };
    });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON
type Json = any;

/**
 * Builds the restore plan of a site: one snapshot per disk from `backup`, and what Terraform and
 * Kubernetes must forget so that the deploy creates the disks from the snapshots.
 *
 * @throws RestoreError listing every reason the backup cannot restore this site
 */
export function planRestore(
  backup: BackupSnapshots,
  disks: readonly DiskOfSite[],
  platformStack: Json,
): RestorePlan {
  const problems: string[] = [];
  if (backup.state !== "accomplished") {
    problems.push(
      `backup ${backup.id} is ${JSON.stringify(backup.state)}, not "accomplished": its snapshots are incomplete`,
    );
  }
  const snapshotIds: Partial<Record<DiskComponent, string>> = {};
  for (const disk of disks) {
    const key = DISK_COMPONENTS.find((c) => componentSlug(c) === disk.component);
    const snapshot = backup.snapshots.find((s) => s.diskId === disk.diskId);
    if (!key) problems.push(`component ${JSON.stringify(disk.component)} is not one of the site's disks`);
    else if (!snapshot)
      problems.push(`backup ${backup.id} has no snapshot of ${disk.component} (${disk.diskId})`);
    else snapshotIds[key] = snapshot.snapshotId;
  }
  for (const snapshot of backup.snapshots) {
    if (!disks.some((d) => d.diskId === snapshot.diskId)) {
      problems.push(
        `backup ${backup.id} holds ${snapshot.snapshotId} of ${snapshot.diskId}, which is not a disk of this site`,
      );
    }
  }
  if (problems.length > 0)
    throw new RestoreError(`cannot restore from ${backup.id}:\n  - ${problems.join("\n  - ")}`);

  const resources = (platformStack?.resource ?? {}) as Record<string, Record<string, Json>>;
  const components = new Set(disks.map((d) => d.component));
  const diskNames = Object.entries(resources.alicloud_ecs_disk ?? {})
    .filter(([, disk]) => components.has(disk?.tags?.["harbor-cdktf/component"]))
    .map(([name]) => name);
  const refersTo = (value: unknown, names: readonly string[]) =>
    names.some((name) => JSON.stringify(value).includes(`\${alicloud_ecs_disk.${name}.id}`));
  const attachments = Object.entries(resources.alicloud_ecs_auto_snapshot_policy_attachment ?? {})
    .filter(([, a]) => refersTo(a.disk_id, diskNames))
    .map(([name]) => name);
  const volumes = Object.entries(resources.kubernetes_persistent_volume_v1 ?? {}).filter(([, pv]) =>
    refersTo(pv.spec, diskNames),
  );
  const volumeNames = volumes.map(([, pv]) => first(pv.metadata).name as string);
  const claims = Object.entries(resources.kubernetes_persistent_volume_claim_v1 ?? {}).filter(([, pvc]) =>
    volumeNames.includes(first(pvc.spec).volume_name),
  );
  if (diskNames.length !== disks.length) {
    throw new RestoreError(
      `the platform stack has ${diskNames.length} tagged disks for ${disks.length} backed-up components: synthesize the stack of this site`,
    );
  }
  // Claims name their namespace by reference to the namespace resource: resolve it from the JSON.
  const namespaceOf = (pvc: Json) => {
    const namespace = String(first(pvc.metadata).namespace);
    const reference = /^\$\{kubernetes_namespace_v1\.([^.]+)\.metadata\[0\]\.name\}$/.exec(namespace);
    if (!reference) return namespace;
    return String(first(resources.kubernetes_namespace_v1?.[reference[1]]?.metadata)?.name ?? namespace);
  };
  return {
    backup: backup.id,
    snapshotIds,
    forget: {
      disks: diskNames.map((n) => `alicloud_ecs_disk.${n}`).sort(),
      snapshotAttachments: attachments.map((n) => `alicloud_ecs_auto_snapshot_policy_attachment.${n}`).sort(),
      volumes: volumes.map(([n]) => `kubernetes_persistent_volume_v1.${n}`).sort(),
      claims: claims.map(([n]) => `kubernetes_persistent_volume_claim_v1.${n}`).sort(),
    },
    kubernetesObjects: [
      ...claims.map(([, pvc]) => `pvc/${namespaceOf(pvc)}/${first(pvc.metadata).name}`),
      ...volumeNames.map((name) => `pv/${name}`),
    ].sort(),
  };
}

function first(value: Json): Json {
  return Array.isArray(value) ? value[0] : value;
}
