/**
 * The change guard's decision: compare the synthesized base and head of a pull request, stack by
 * stack, and say what Terraform would do to each resource — and whether a stateful resource
 * would be destroyed, replaced or disrupted without someone having named it explicitly.
 *
 * Offline by design: it reads configuration only, so it cannot see drift or computed values. A
 * changed ForceNew argument counts as a replacement even when its new value is a reference
 * (`${...}`) that might resolve to the same thing; the guard errs on the side of stopping.
 */
import { AppSnapshot, ResourceSnapshot, StackSnapshot } from "./synth-output";
import { ChangedValue, STATEFUL_TYPES, assessInPlace, describe, forceNewPaths } from "./provider-rules";

export type ChangeAction = "create" | "update" | "replace" | "delete" | "move";

export interface ResourceChange {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly action: ChangeAction;
  /** A disk, volume, claim, namespace, Harbor release, bucket, or anything with prevent_destroy. */
  readonly stateful: boolean;
  /** One line per changed argument or reason, for the report. */
  readonly details: readonly string[];
  /** Why this change needs an explicit opt-in; undefined when it is safe. */
  readonly danger?: string;
  /** True when `danger` is set and the change was named with --allow-destroy. */
  readonly optedIn: boolean;
  /** For a move (moved block) or a suspected rename: the other address, `stack/address`. */
  readonly counterpart?: string;
}

export interface GuardResult {
  readonly changes: readonly ResourceChange[];
  readonly stacksAdded: readonly string[];
  readonly stacksRemoved: readonly string[];
  /** Dangerous changes nobody opted in to: the guard fails when this is not empty. */
  readonly blocked: readonly ResourceChange[];
  /** Opt-ins that matched no dangerous change (typos, or stale PR descriptions). */
  readonly unusedOptIns: readonly string[];
}

export interface GuardOptions {
  /** `stack/address` of dangerous changes the author accepts, e.g. `registry-hz-h-platform/alicloud_ecs_disk.disk-registry`. */
  readonly allowDestroy?: readonly string[];
}

/** Compares two synthesized apps; pure. */
export function compareApps(base: AppSnapshot, head: AppSnapshot, options: GuardOptions = {}): GuardResult {
  const allow = new Set((options.allowDestroy ?? []).map((entry) => entry.trim()).filter(Boolean));
  const changes: ResourceChange[] = [];
  const stackNames = [...new Set([...base.keys(), ...head.keys()])].sort();
  const empty: StackSnapshot = { name: "", resources: new Map(), moved: [] };

  const pending: { deletes: PendingChange[]; creates: PendingChange[] } = { deletes: [], creates: [] };
  for (const name of stackNames) {
    const before = base.get(name) ?? { ...empty, name };
    const after = head.get(name) ?? { ...empty, name };
    compareStack(before, after, changes, pending, {
      stackRemoved: !head.has(name),
      stackAdded: !base.has(name),
    });
  }
  pairRenames(pending);
  for (const item of [...pending.deletes, ...pending.creates]) changes.push(item.finish());

  const used = new Set<string>();
  const final = changes.map((change) => {
    const key = `${change.stack}/${change.address}`;
    if (change.danger && allow.has(key)) {
      used.add(key);
      return { ...change, optedIn: true };
    }
    return change;
  });
  final.sort((a, b) => a.stack.localeCompare(b.stack) || a.address.localeCompare(b.address));
  return {
    changes: final,
    stacksAdded: stackNames.filter((n) => !base.has(n)),
    stacksRemoved: stackNames.filter((n) => !head.has(n)),
    blocked: final.filter((c) => c.danger !== undefined && !c.optedIn),
    unusedOptIns: [...allow].filter((key) => !used.has(key)).sort(),
  };
}

interface PendingChange {
  readonly stack: string;
  readonly resource: ResourceSnapshot;
  counterpart?: string;
  finish(): ResourceChange;
}

function compareStack(
  base: StackSnapshot,
  head: StackSnapshot,
  changes: ResourceChange[],
  pending: { deletes: PendingChange[]; creates: PendingChange[] },
  context: { stackRemoved: boolean; stackAdded: boolean },
): void {
  const movedTo = new Map<string, string>();
  for (const block of head.moved) {
    if (base.resources.has(block.from) && head.resources.has(block.to) && !head.resources.has(block.from)) {
      movedTo.set(block.from, block.to);
    }
  }
  const movedTargets = new Set(movedTo.values());

  for (const [address, before] of base.resources) {
    const target = movedTo.get(address);
    const after = head.resources.get(target ?? address);
    if (!after) {
      const stateful = isStateful(before);
      const reason = context.stackRemoved
        ? `stack ${base.name} is no longer in the app: its state is orphaned and \`cdktf destroy\` would delete it`
        : "removed from the configuration: Terraform destroys it";
      pending.deletes.push({
        stack: base.name,
        resource: before,
        finish() {
          const details = [reason];
          if (this.counterpart) {
            details.push(
              `looks like a rename to ${this.counterpart}: keep the construct id (addresses are derived from it) ` +
                "or add a moved block (resource.moveFromId / moveTo) so Terraform moves the state instead",
            );
          }
          return {
            stack: base.name,
            address,
            type: before.type,
            action: "delete",
            stateful,
            details,
            danger: stateful ? (this.counterpart ? "destroyed by a rename" : "destroyed") : undefined,
            optedIn: false,
            counterpart: this.counterpart,
          };
        },
      });
      continue;
    }
    const change = compareResource(base.name, followMoves(before, movedTo), after, target);
    if (change) changes.push(change);
  }

  for (const [address, after] of head.resources) {
    if (base.resources.has(address) || movedTargets.has(address)) continue;
    pending.creates.push({
      stack: head.name,
      resource: after,
      finish() {
        const details = [context.stackAdded ? `new stack ${head.name}` : "new resource"];
        if (this.counterpart) details.push(`looks like a rename of ${this.counterpart}`);
        return {
          stack: head.name,
          address,
          type: after.type,
          action: "create",
          stateful: isStateful(after),
          details,
          optedIn: false,
          counterpart: this.counterpart,
        };
      },
    });
  }
}

function compareResource(
  stack: string,
  before: ResourceSnapshot,
  after: ResourceSnapshot,
  movedTo: string | undefined,
): ResourceChange | undefined {
  const stateful = isStateful(before) || isStateful(after);
  const details: string[] = [];
  const replacements: string[] = [];
  const risks: string[] = [];

  if (movedTo) details.push(`moved from ${before.address} (moved block): state is kept`);
  if (before.preventDestroy === true && after.preventDestroy !== true) {
    risks.push("prevent_destroy removed: the next change could destroy it without an error");
    details.push("lifecycle.prevent_destroy true → false");
  }

  for (const change of changedValues(before.config, after.config)) {
    const schemaPath = change.path.replace(/#(\d+|count)/g, "");
    if (isIgnored(schemaPath, after.ignoreChanges)) continue;
    const forceNew = forceNewPaths(after.type).find(
      (rule) => schemaPath === rule || schemaPath.startsWith(`${rule}.`),
    );
    const assessed = assessInPlace(after.type, { ...change, path: schemaPath });
    if (forceNew || assessed.forcesReplacement) {
      const why =
        assessed.forcesReplacement ??
        `${change.path}: ${describe(change.before)} → ${describe(change.after)} forces replacement`;
      replacements.push(why);
      details.push(why);
    } else if (assessed.risky) {
      risks.push(assessed.risky);
      details.push(assessed.risky);
    } else {
      details.push(assessed.note ?? `${change.path}: ${describe(change.before)} → ${describe(change.after)}`);
    }
  }

  const changedConfig = details.length > (movedTo ? 1 : 0);
  if (!movedTo && !changedConfig) return undefined;
  const action: ChangeAction = replacements.length > 0 ? "replace" : movedTo ? "move" : "update";
  let danger: string | undefined;
  if (stateful && action === "replace") danger = "replaced (destroyed and re-created empty)";
  else if (stateful && risks.length > 0) danger = "disruptive in-place change";
  return {
    stack,
    address: after.address,
    type: after.type,
    action,
    stateful,
    details,
    danger,
    optedIn: false,
    counterpart: movedTo ? `${stack}/${before.address}` : undefined,
  };
}

/**
 * Rewrites references to moved resources (`${type.old.attr}` → `${type.new.attr}`) so that a
 * reference that only follows a moved block does not count as a changed value: Terraform
 * resolves both to the same object.
 */
function followMoves(resource: ResourceSnapshot, movedTo: ReadonlyMap<string, string>): ResourceSnapshot {
  if (movedTo.size === 0) return resource;
  const rewrite = (value: unknown): unknown => {
    if (typeof value === "string") {
      let text = value;
      for (const [from, to] of movedTo) text = text.split(`\${${from}.`).join(`\${${to}.`);
      return text;
    }
    if (Array.isArray(value)) return value.map(rewrite);
    if (isPlainObject(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    return value;
  };
  return { ...resource, config: rewrite(resource.config) as Record<string, unknown> };
}

/**
 * Pairs each unmatched delete with a create of the same type whose configuration is identical,
 * or whose name-like argument is the same: the signature of a renamed construct id or a
 * resource moved between stacks.
 */
function pairRenames(pending: { deletes: PendingChange[]; creates: PendingChange[] }): void {
  const free = [...pending.creates];
  for (const removed of pending.deletes) {
    const match =
      free.find(
        (c) => c.resource.type === removed.resource.type && sameConfig(c.resource, removed.resource),
      ) ??
      free.find(
        (c) => c.resource.type === removed.resource.type && sameIdentity(c.resource, removed.resource),
      );
    if (!match) continue;
    free.splice(free.indexOf(match), 1);
    removed.counterpart = `${match.stack}/${match.resource.address}`;
    match.counterpart = `${removed.stack}/${removed.resource.address}`;
  }
}

const IDENTITY_PATHS = ["disk_name", "metadata.name", "name", "bucket"];

function sameIdentity(a: ResourceSnapshot, b: ResourceSnapshot): boolean {
  const left = flatten(a.config);
  const right = flatten(b.config);
  return IDENTITY_PATHS.some(
    (p) => left.has(p) && JSON.stringify(left.get(p)) === JSON.stringify(right.get(p)),
  );
}

function sameConfig(a: ResourceSnapshot, b: ResourceSnapshot): boolean {
  return stableJson(a.config) === stableJson(b.config);
}

/**
 * Stateful: protected by prevent_destroy, or of a data-holding type — unless the code declares
 * it expendable with an explicit `prevent_destroy = false` (the guardrails' `allowDestroy`, e.g.
 * the monitoring Helm release, which holds no data), a choice reviewed in the PR that made it.
 */
function isStateful(resource: ResourceSnapshot): boolean {
  return (
    resource.preventDestroy === true ||
    (STATEFUL_TYPES.has(resource.type) && resource.preventDestroy !== false)
  );
}

function isIgnored(path: string, ignore: readonly string[] | "all"): boolean {
  if (ignore === "all") return true;
  return ignore.some((attr) => path === attr || path.startsWith(`${attr}.`));
}

/** Leaf-level differences between two configurations, paths without list indices. */
export function changedValues(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): ChangedValue[] {
  const left = flatten(before);
  const right = flatten(after);
  const paths = [...new Set([...left.keys(), ...right.keys()])].sort();
  return paths
    .filter((p) => stableJson(left.get(p)) !== stableJson(right.get(p)))
    .map((p) => ({ path: p, before: left.get(p), after: right.get(p) }));
}

/**
 * Flattens nested objects into dotted paths. Lists of objects (blocks) are flattened per
 * element with the index dropped from the path, so `metadata: [{name}]` and `metadata: {name}`
 * both give `metadata.name`; a list with several blocks keeps one entry per index suffix so
 * that reordering still shows as a change. Lists of scalars stay whole values.
 */
function flatten(value: unknown, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && prefix) out.set(prefix, {});
    for (const [key, child] of entries) flatten(child, prefix ? `${prefix}.${key}` : key, out);
    return out;
  }
  if (Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) {
    if (value.length === 1) return flatten(value[0], prefix, out);
    value.forEach((child, i) => flatten(child, prefix, new Map()).forEach((v, k) => out.set(`${k}#${i}`, v)));
    out.set(`${prefix}#count`, value.length);
    return out;
  }
  out.set(prefix, value);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stableJson(value: unknown): string {
  if (value === undefined) return "undefined";
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
