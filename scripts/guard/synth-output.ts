/**
 * Reads a cdktf synth output directory (`cdktf.out/`) into plain snapshots the guard compares:
 * one per stack, each resource keyed by its Terraform address. Only the configuration a user
 * wrote is kept; cdktf's `//` metadata is split off (the construct path is kept for messages).
 */
import * as fs from "fs";
import * as path from "path";

/** One resource as synthesized: its address, configuration and protection. */
export interface ResourceSnapshot {
  /** Terraform resource type, e.g. `alicloud_ecs_disk`. */
  readonly type: string;
  /** Logical name inside the stack, e.g. `disk-registry`. */
  readonly name: string;
  /** `type.name`: what Terraform state is keyed by. */
  readonly address: string;
  /** Construct path that produced it (cdktf metadata), e.g. `registry-hz-h-platform/disks/registry`. */
  readonly constructPath?: string;
  /** Arguments, without `//`, `lifecycle`, `depends_on`, `provider`, `count`, `for_each`. */
  readonly config: Readonly<Record<string, unknown>>;
  /** `lifecycle.prevent_destroy`; undefined when the code leaves it unset. */
  readonly preventDestroy: boolean | undefined;
  /** `lifecycle.ignore_changes`: attribute names, or "all". */
  readonly ignoreChanges: readonly string[] | "all";
}

/** A `moved` block: Terraform moves state from one address to another instead of destroying. */
export interface MovedBlock {
  readonly from: string;
  readonly to: string;
}

export interface StackSnapshot {
  readonly name: string;
  readonly resources: ReadonlyMap<string, ResourceSnapshot>;
  readonly moved: readonly MovedBlock[];
}

/** Every stack of one synthesized app, by stack name. */
export type AppSnapshot = ReadonlyMap<string, StackSnapshot>;

const META_ARGUMENTS = new Set([
  "//",
  "lifecycle",
  "depends_on",
  "provider",
  "count",
  "for_each",
  "connection",
]);

/** Builds a stack snapshot from the parsed `cdk.tf.json` of one stack. */
export function snapshotStack(name: string, document: unknown): StackSnapshot {
  const doc = asRecord(document, `stack ${name}: cdk.tf.json`);
  const resources = new Map<string, ResourceSnapshot>();
  const byType = doc.resource === undefined ? {} : asRecord(doc.resource, `stack ${name}: resource`);
  for (const [type, instances] of Object.entries(byType)) {
    for (const [logicalName, raw] of Object.entries(asRecord(instances, `stack ${name}: resource.${type}`))) {
      const body = asRecord(raw, `stack ${name}: resource.${type}.${logicalName}`);
      const lifecycle = (body.lifecycle ?? {}) as Record<string, unknown>;
      const metadata = ((body["//"] as Record<string, unknown> | undefined)?.metadata ?? {}) as Record<
        string,
        unknown
      >;
      const config: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(body)) {
        if (!META_ARGUMENTS.has(key)) config[key] = value;
      }
      const ignore = lifecycle.ignore_changes;
      const address = `${type}.${logicalName}`;
      resources.set(address, {
        type,
        name: logicalName,
        address,
        constructPath: typeof metadata.path === "string" ? metadata.path : undefined,
        config,
        preventDestroy:
          typeof lifecycle.prevent_destroy === "boolean" ? lifecycle.prevent_destroy : undefined,
        ignoreChanges: ignore === "all" ? "all" : Array.isArray(ignore) ? ignore.map(String) : [],
      });
    }
  }
  const moved = Array.isArray(doc.moved)
    ? doc.moved.map((block) => {
        const { from, to } = asRecord(block, `stack ${name}: moved`);
        return { from: String(from), to: String(to) };
      })
    : [];
  return { name, resources, moved };
}

/**
 * Loads every stack of a synth output directory. Stacks are found through `manifest.json`
 * (what cdktf itself reads), so stale directories of removed stacks are not picked up.
 */
export function loadSynthOutput(outdir: string): AppSnapshot {
  const manifestPath = path.join(outdir, "manifest.json");
  if (!fs.existsSync(manifestPath)) {
    throw new Error(`no cdktf manifest at ${manifestPath}: synthesize first (npx cdktf synth)`);
  }
  const manifest = asRecord(JSON.parse(fs.readFileSync(manifestPath, "utf8")), manifestPath);
  const stacks = new Map<string, StackSnapshot>();
  for (const [name, entry] of Object.entries(asRecord(manifest.stacks ?? {}, `${manifestPath}: stacks`))) {
    const relative = asRecord(entry, `${manifestPath}: stacks.${name}`).synthesizedStackPath;
    const file = path.join(outdir, typeof relative === "string" ? relative : `stacks/${name}/cdk.tf.json`);
    stacks.set(name, snapshotStack(name, JSON.parse(fs.readFileSync(file, "utf8"))));
  }
  return stacks;
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${what}: expected a JSON object`);
  }
  return value as Record<string, unknown>;
}
