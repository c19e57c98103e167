import type { IConstruct } from "constructs";

/**
 * Node label a site's pods and its PersistentVolumes are pinned with. The well-known label is set
 * on every ACK node by the cloud controller and is also reported by the disk CSI plugin; the
 * upstream static-PV examples use it (reference/notes-alicloud.md §6). One key for the pods'
 * nodeSelector and the PVs' nodeAffinity means the scheduler is never given two zone constraints
 * that could disagree (the plugin's private `topology.diskplugin.csi.alibabacloud.com/zone` key
 * appears on a node only once the plugin has registered there).
 */
export const ZONE_LABEL = "topology.kubernetes.io/zone";

const pinnedZones = new WeakMap<IConstruct, string>();

/**
 * Declares that every disk, PersistentVolume and pod (Helm release nodeSelector) under `scope`
 * must be in `zone`: cloud disks attach only to nodes of their own zone.
 */
export function pinZone(scope: IConstruct, zone: string): void {
  pinnedZones.set(scope, zone);
}

/** The zone pinned on the nearest enclosing scope, with that scope. */
export function pinnedZoneOf(construct: IConstruct): { zone: string; scope: IConstruct } | undefined {
  for (const scope of [...construct.node.scopes].reverse()) {
    const zone = pinnedZones.get(scope);
    if (zone !== undefined) return { zone, scope };
  }
  return undefined;
}
