import { TerraformResource } from "cdktf";

/**
 * Terraform resource types that hold or protect data: destroying or replacing one loses images,
 * the database or the claim on a disk. The guard requires `prevent_destroy` on all of them.
 * A Harbor project holds the images pushed to it: deleting one loses them (Harbor refuses only
 * while it still has repositories), and a re-created one gets a new id, its retention rules and
 * webhooks re-created with it.
 */
export const STATEFUL_RESOURCE_TYPES: readonly string[] = [
  "alicloud_ecs_disk",
  "alicloud_oss_bucket",
  "kubernetes_persistent_volume_v1",
  "kubernetes_persistent_volume_claim_v1",
  "kubernetes_namespace_v1",
  "helm_release",
  "harbor_project",
];

/** Options of {@link markStateful}. */
export interface StatefulMarkOptions {
  /** Short name for messages and opt-outs, e.g. `disk/registry`. */
  readonly name: string;
  /**
   * Let Terraform destroy it (no prevent_destroy, PV reclaim policy not enforced). Only for a
   * resource the user named explicitly in an `allowDestroy` prop.
   * @default false
   */
  readonly allowDestroy?: boolean;
}

interface StatefulMark {
  readonly name: string;
  readonly allowDestroy: boolean;
}

const marks = new WeakMap<TerraformResource, StatefulMark>();

/**
 * Declares `resource` stateful: sets `lifecycle.preventDestroy` (keeping other lifecycle settings)
 * unless destroying it was explicitly allowed, and records the name the guard reports it by.
 */
export function markStateful(resource: TerraformResource, options: StatefulMarkOptions): void {
  const allowDestroy = options.allowDestroy ?? false;
  resource.lifecycle = { ...(resource.lifecycle ?? {}), preventDestroy: !allowDestroy };
  marks.set(resource, { name: options.name, allowDestroy });
}

/** The mark set by {@link markStateful}, if any. */
export function statefulMarkOf(resource: TerraformResource): StatefulMark | undefined {
  return marks.get(resource);
}
