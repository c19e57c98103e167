/**
 * What the providers do with a changed argument, as far as the guard needs to know: which
 * arguments force a replacement (ForceNew / RequiresReplace), and the few in-place changes that
 * still fail or disrupt a stateful resource. Sources per provider:
 *
 * - alicloud 1.289.0 and goharbor/harbor 3.12: the `force_new` flags of the reference schemas
 *   (shared/reference/terraform-provider-*-schema.json); `test/scripts/guard-provider-rules.test.ts`
 *   checks this table against them.
 * - hashicorp/kubernetes, helm, random and tls: `provider-facts.ts`, each fact with the provider
 *   source file it was read from; the provider doubles plan with the same table.
 *
 * Paths are attribute paths with list indices removed (`spec.persistent_volume_source`), so a
 * block written as an object or as a one-element list matches the same rule.
 */

import { STATEFUL_RESOURCE_TYPES } from "../../constructs/guardrails/stateful";
import { PROVIDER_FACTS } from "./provider-facts";

/** Arguments of the reference-schema providers (alicloud, harbor) that force a replacement. */
const REFERENCE_FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  alicloud_ecs_disk: [
    "zone_id",
    "availability_zone",
    "encrypted",
    "kms_key_id",
    "snapshot_id",
    "multi_attach",
    "storage_set_id",
    "storage_set_partition_number",
  ],
  alicloud_ecs_auto_snapshot_policy: [],
  alicloud_ecs_auto_snapshot_policy_attachment: ["auto_snapshot_policy_id", "disk_id"],
  alicloud_ecs_disk_attachment: ["disk_id", "instance_id", "bootable", "key_pair_name", "password"],
  alicloud_oss_bucket: ["bucket", "storage_class", "redundancy_type"],
  alicloud_oss_bucket_acl: ["bucket"],
  alicloud_oss_bucket_versioning: ["bucket"],
  alicloud_oss_bucket_server_side_encryption: ["bucket"],
  alicloud_oss_bucket_public_access_block: ["bucket"],
  harbor_registry: ["provider_name"],
  harbor_replication: ["action"],
  harbor_garbage_collection: [],
  harbor_purge_audit_log: [],
  harbor_project: ["name", "registry_id"],
  harbor_retention_policy: ["scope"],
  harbor_robot_account: ["name", "level"],
  harbor_user: ["username"],
  harbor_project_member_user: ["project_id", "user_name"],
  harbor_project_member_group: ["project_id", "group_name", "group_id"],
  harbor_interrogation_services: [],
  harbor_config_system: [],
  harbor_config_auth: [],
  harbor_immutable_tag_rule: ["project_id"],
  harbor_label: [],
  harbor_project_webhook: ["name"],
  harbor_preheat_instance: ["name"],
  harbor_config_security: [],
  harbor_group: ["group_name"],
  harbor_tasks: [],
};

/** Arguments whose change makes Terraform destroy and re-create the resource. */
export const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  ...REFERENCE_FORCE_NEW,
  ...Object.fromEntries(
    Object.entries(PROVIDER_FACTS).map(([type, facts]) => [
      type,
      facts.filter((fact) => fact.forceNew).map((fact) => fact.path),
    ]),
  ),
};

/**
 * Kubernetes resources not listed above still replace on a new name or namespace: every
 * kubernetes_* resource uses the same metadata schema.
 */
const KUBERNETES_METADATA_FORCE_NEW = ["metadata.name", "metadata.namespace", "metadata.generate_name"];

/** ForceNew paths of a type; unknown non-kubernetes types have none we know of. */
export function forceNewPaths(type: string): readonly string[] {
  const known = FORCE_NEW[type];
  if (known) return known;
  return type.startsWith("kubernetes_") ? KUBERNETES_METADATA_FORCE_NEW : [];
}

/**
 * Resource types whose destruction loses data or identity: disks, volumes and claims, the
 * namespace holding them, the Harbor release and image buckets — the same list the synth-time
 * guardrail enforces `prevent_destroy` on. Resources of other types count as stateful too when
 * the code protects them with `lifecycle.prevent_destroy`.
 */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set(STATEFUL_RESOURCE_TYPES);

/** An in-place change that is not a replacement but still needs a human to say yes. */
export interface RiskyChange {
  readonly path: string;
  readonly reason: string;
}

/** A changed argument with its old and new value (undefined = absent). */
export interface ChangedValue {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * Checks the in-place changes the providers accept but that can fail or disrupt a stateful
 * resource. Returns a note for changes worth showing even when harmless (a disk growing).
 */
export function assessInPlace(
  type: string,
  change: ChangedValue,
): { readonly risky?: string; readonly forcesReplacement?: string; readonly note?: string } {
  if (type === "alicloud_ecs_disk") {
    if (change.path === "size") {
      const before = Number(change.before);
      const after = Number(change.after);
      if (Number.isFinite(before) && Number.isFinite(after)) {
        if (after < before) {
          return { risky: `size shrinks ${before} → ${after} GiB: ResizeDisk only grows, the apply fails` };
        }
        return { note: `size ${before} → ${after} GiB: grown in place by ResizeDisk` };
      }
      return { note: "size changes to a computed value: grown in place if larger" };
    }
    if (change.path === "category") {
      return {
        risky:
          `category ${describe(change.before)} → ${describe(change.after)}: changed in place by ModifyDiskSpec ` +
          "(not a replacement), but the conversion can fail for the disk's size or instance family, " +
          "runs while Harbor writes to the disk, and cannot always be reversed",
      };
    }
    if (change.path === "performance_level") {
      return { note: `performance level ${describe(change.before)} → ${describe(change.after)}: in place` };
    }
    if (change.path === "delete_with_instance" && change.after !== false) {
      return { risky: "delete_with_instance is no longer false: a node release could delete the disk" };
    }
  }
  if (type === "kubernetes_persistent_volume_claim_v1" && change.path === "spec.resources.requests.storage") {
    const before = parseQuantity(change.before);
    const after = parseQuantity(change.after);
    if (before !== undefined && after !== undefined && after < before) {
      return {
        forcesReplacement: `storage request shrinks ${describe(change.before)} → ${describe(change.after)}: the provider re-creates the claim`,
      };
    }
    return {
      note: `storage request ${describe(change.before)} → ${describe(change.after)}: expanded in place`,
    };
  }
  if (type === "kubernetes_persistent_volume_v1" && change.path === "spec.persistent_volume_reclaim_policy") {
    if (change.after !== "Retain") {
      return { risky: `reclaim policy ${describe(change.after)}: deleting the claim would delete the disk` };
    }
  }
  return {};
}

/** Kubernetes quantity (`20Gi`, `500M`, `1.5Ti`) in bytes; undefined when not a literal quantity. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return undefined;
  const match = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(value.trim());
  if (!match) return undefined;
  const factors: Record<string, number> = {
    "": 1,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
  };
  return Number(match[1]) * factors[match[2] ?? ""];
}

export function describe(value: unknown): string {
  if (value === undefined) return "(unset)";
  return typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value);
}
