import { Annotations, Aspects, IAspect, TerraformResource, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { hasStableAddress } from "./stable-address";
import { STATEFUL_RESOURCE_TYPES, statefulMarkOf } from "./stateful";
import { pinnedZoneOf, ZONE_LABEL } from "./zone";

/**
 * Fails synth when a stack could lose data:
 * - a stateful resource (see {@link STATEFUL_RESOURCE_TYPES}) without `prevent_destroy`;
 * - a PersistentVolume whose reclaim policy is not `Retain` (deleting the claim would delete the disk);
 * - a stateful resource whose Terraform address follows the construct path (a rename would
 *   replace it; see stable-address.ts);
 * - under a zone-pinned scope (a Harbor site): a disk, PersistentVolume or pod nodeSelector in
 *   another zone than the site's (the disk could never attach).
 *
 * It reads each resource's synthesized JSON, escape-hatch overrides included, so it also catches
 * a `addOverride("lifecycle.prevent_destroy", false)` made after construction. A resource whose
 * owner was told `allowDestroy` for it (see `markStateful`) is exempt from the first two checks.
 *
 * Errors are Annotations: `cdktf synth` lists all of them and fails.
 *
 * @example
 * StatefulResourceGuard.applyTo(stack);
 */
export class StatefulResourceGuard implements IAspect {
  private static readonly guarded = new WeakSet<TerraformStack>();

  /** Adds the guard to the stack of `scope`, once per stack. */
  static applyTo(scope: IConstruct): void {
    const stack = TerraformStack.of(scope);
    if (StatefulResourceGuard.guarded.has(stack)) return;
    StatefulResourceGuard.guarded.add(stack);
    Aspects.of(stack).add(new StatefulResourceGuard());
  }

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    for (const message of resourceProblems(node)) Annotations.of(node).addError(message);
  }
}

/** What is wrong with one resource; empty when nothing is. */
export function resourceProblems(resource: TerraformResource): string[] {
  const type = resource.terraformResourceType;
  // Rendering a resource's JSON is the expensive part: skip the ones nothing here inspects.
  if (!STATEFUL_RESOURCE_TYPES.includes(type) && !ZONED_RESOURCE_TYPES.includes(type)) return [];
  const body = synthesizedBody(resource);
  const mark = statefulMarkOf(resource);
  const label = `${type} ${JSON.stringify(mark?.name ?? resource.node.id)}`;
  const problems: string[] = [];

  if (STATEFUL_RESOURCE_TYPES.includes(type)) {
    const lifecycle = body.lifecycle as { prevent_destroy?: unknown } | undefined;
    if (!mark?.allowDestroy && lifecycle?.prevent_destroy !== true) {
      problems.push(
        `${label} has no lifecycle.prevent_destroy: a destroy or replacement would delete its data; ` +
          `keep prevent_destroy, or name it in the owner's allowDestroy to opt out explicitly`,
      );
    }
    if (!hasStableAddress(resource)) {
      problems.push(
        `${label} is addressed by its construct path (${type}.${resource.friendlyUniqueId}): renaming or moving ` +
          `a parent construct would replace it; pin its address with pinAddress()`,
      );
    }
  }

  if (type === "kubernetes_persistent_volume_v1" && !mark?.allowDestroy) {
    const policy = first(body.spec)?.persistent_volume_reclaim_policy;
    if (policy !== "Retain") {
      problems.push(
        `${label} has reclaim policy ${JSON.stringify(policy ?? "Delete (the default)")}: deleting its claim ` +
          `would delete the disk; set persistentVolumeReclaimPolicy "Retain"`,
      );
    }
  }

  const pin = pinnedZoneOf(resource);
  if (pin) {
    for (const zone of zonesOf(type, body)) {
      if (zone !== pin.zone) {
        problems.push(
          `${label} is in zone ${JSON.stringify(zone)} but ${pin.scope.node.path} is pinned to ` +
            `${JSON.stringify(pin.zone)}: a cloud disk attaches only to nodes of its own zone`,
        );
      }
    }
    if (type === "kubernetes_persistent_volume_v1" && zonesOf(type, body).length === 0) {
      problems.push(
        `${label} has no node affinity on ${ZONE_LABEL}: pods using it could be scheduled in a zone ` +
          `where the disk cannot attach; pin it to ${JSON.stringify(pin.zone)}`,
      );
    }
  }
  return problems;
}

type Json = Record<string, unknown>;

/** Resource types whose zone the guard reads (see `zonesOf`). */
const ZONED_RESOURCE_TYPES: readonly string[] = [
  "alicloud_ecs_disk",
  "kubernetes_persistent_volume_v1",
  "helm_release",
];

function synthesizedBody(resource: TerraformResource): Json {
  const resources = resource.toTerraform().resource as Record<string, Record<string, Json>> | undefined;
  return resources?.[resource.terraformResourceType]?.[resource.friendlyUniqueId] ?? {};
}

/** The zones a resource's JSON places it in (only literal values: references are decided later). */
function zonesOf(type: string, body: Json): string[] {
  switch (type) {
    case "alicloud_ecs_disk":
      return typeof body.zone_id === "string" ? [body.zone_id] : [];
    case "kubernetes_persistent_volume_v1":
      return persistentVolumeZones(body);
    case "helm_release":
      return releaseZones(body);
    default:
      return [];
  }
}

function persistentVolumeZones(body: Json): string[] {
  const affinity = first(first(body.spec)?.node_affinity) as Json | undefined;
  const required = first(affinity?.required) as Json | undefined;
  const terms = asList(required?.node_selector_term);
  return terms.flatMap((term) =>
    asList((term as Json).match_expressions)
      .map((expression) => expression as Json)
      .filter((expression) => expression.key === ZONE_LABEL && expression.operator === "In")
      .flatMap((expression) => asList(expression.values).filter((v): v is string => typeof v === "string")),
  );
}

function releaseZones(body: Json): string[] {
  const zones: string[] = [];
  for (const document of asList(body.values)) {
    if (typeof document !== "string") continue;
    collectNodeSelectorZones(parseValues(document), zones);
  }
  return zones;
}

/** Values documents are JSON when HarborSite renders them; YAML from elsewhere loads the parser on demand. */
function parseValues(document: string): unknown {
  try {
    return JSON.parse(document);
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for hand-written YAML values
    return (require("yaml") as typeof import("yaml")).parse(document);
  }
}

function collectNodeSelectorZones(node: unknown, zones: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((child) => collectNodeSelectorZones(child, zones));
    return;
  }
  if (typeof node !== "object" || node === null) return;
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === "nodeSelector" && typeof value === "object" && value !== null) {
      const zone = (value as Json)[ZONE_LABEL];
      if (typeof zone === "string") zones.push(zone);
    } else {
      collectNodeSelectorZones(value, zones);
    }
  }
}

function first(value: unknown): Json | undefined {
  if (Array.isArray(value)) return value[0] as Json | undefined;
  return typeof value === "object" && value !== null ? (value as Json) : undefined;
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}
