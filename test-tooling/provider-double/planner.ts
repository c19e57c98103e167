import { createHash } from "node:crypto";
import {
  fromJson,
  isObjectValue,
  UNKNOWN,
  UnknownValue,
  type ObjectValue,
  type Value,
} from "./msgpack-codec";
import {
  attributeType,
  impliedType,
  nestedBlockType,
  type AttributeSchema,
  type BlockSchema,
  type NestedAttributeObject,
  type NestedBlockSchema,
  type ResourceSchema,
  type TypeConstraint,
} from "./schema";
import { canonical, valuesEqual } from "./values";

/**
 * Generic plan semantics of an SDK-style provider, driven by nothing but the schema:
 * computed values are unknown until apply, `force_new` changes ask Terraform for a
 * replacement, `default`s are planned for unset arguments, `allowed` values and
 * `conflicts_with` are checked in validate. Pure functions over decoded values.
 */

export type PathStep = { readonly attribute: string } | { readonly key: string } | { readonly index: number };
export type AttributePath = readonly PathStep[];

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly path?: AttributePath;
}

export interface PlannedChange {
  readonly planned: Value;
  /** Paths whose change forces replacement; Terraform compares prior and planned there again itself. */
  readonly requiresReplace: readonly AttributePath[];
}

/** Renders a path the way Terraform prints it: `spec[0].claim_ref.name`. */
export function formatPath(path: AttributePath): string {
  return path
    .map((step, index) => {
      if ("attribute" in step) return index === 0 ? step.attribute : `.${step.attribute}`;
      if ("key" in step) return `[${JSON.stringify(step.key)}]`;
      return `[${step.index}]`;
    })
    .join("");
}

// ---------------------------------------------------------------------------------------------
// validate
// ---------------------------------------------------------------------------------------------

/** Checks what Terraform core does not: `allowed` values and `conflicts_with`. */
export function validateConfig(block: BlockSchema, config: Value): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if (isObjectValue(config))
    validateObject(block.attributes ?? {}, block.block_types ?? {}, config, [], diagnostics);
  return diagnostics;
}

function validateObject(
  attributes: { readonly [name: string]: AttributeSchema },
  blocks: { readonly [name: string]: NestedBlockSchema },
  config: ObjectValue,
  path: AttributePath,
  diagnostics: Diagnostic[],
): void {
  for (const [name, attribute] of Object.entries(attributes)) {
    const value = config[name] ?? null;
    const attributePath = [...path, { attribute: name }];
    if (value === null) continue;
    if (attribute.allowed && !(value instanceof UnknownValue)) {
      const allowed = attribute.allowed;
      if (!allowed.some((candidate) => canonical(candidate as Value) === canonical(value))) {
        diagnostics.push({
          severity: "error",
          summary: `expected ${formatPath(attributePath)} to be one of ${JSON.stringify(allowed)}, got ${canonical(value)}`,
          path: attributePath,
        });
      }
    }
    for (const other of attribute.conflicts_with ?? []) {
      if ((config[other] ?? null) !== null) {
        diagnostics.push({
          severity: "error",
          summary: `"${formatPath(attributePath)}": conflicts with ${other}`,
          path: attributePath,
        });
      }
    }
    if (attribute.nested_type) {
      forEachElement(attribute.nested_type.nesting_mode, value, attributePath, (element, elementPath) =>
        validateObject(attribute.nested_type!.attributes, {}, element, elementPath, diagnostics),
      );
    }
  }
  for (const [name, nested] of Object.entries(blocks)) {
    const value = config[name] ?? null;
    forEachElement(nested.nesting_mode, value, [...path, { attribute: name }], (element, elementPath) =>
      validateObject(
        nested.block.attributes ?? {},
        nested.block.block_types ?? {},
        element,
        elementPath,
        diagnostics,
      ),
    );
  }
}

function forEachElement(
  mode: NestedBlockSchema["nesting_mode"],
  value: Value,
  path: AttributePath,
  visit: (element: ObjectValue, path: AttributePath) => void,
): void {
  if (value === null || value instanceof UnknownValue) return;
  if (mode === "single" || mode === "group") {
    if (isObjectValue(value)) visit(value, path);
  } else if (mode === "map") {
    if (isObjectValue(value)) {
      for (const [key, element] of Object.entries(value)) {
        if (isObjectValue(element)) visit(element, [...path, { key }]);
      }
    }
  } else if (Array.isArray(value)) {
    // Set elements have no address of their own; diagnostics point at the set.
    value.forEach((element, index) => {
      if (isObjectValue(element)) visit(element, mode === "set" ? path : [...path, { index }]);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// plan
// ---------------------------------------------------------------------------------------------

/**
 * Plans a resource change from Terraform's prior state, proposed new state (config
 * merged with prior for computed attributes) and raw config.
 */
export function planResourceChange(
  schema: ResourceSchema,
  prior: Value,
  proposed: Value,
  config: Value,
): PlannedChange {
  if (proposed === null || !isObjectValue(proposed)) return { planned: null, requiresReplace: [] };
  const priorObject = isObjectValue(prior) ? prior : null;
  const planned = planBlock(schema.block, priorObject, proposed, isObjectValue(config) ? config : null);
  const requiresReplace: AttributePath[] = [];
  if (priorObject) collectReplacements(schema.block, priorObject, planned, [], requiresReplace);
  return { planned, requiresReplace };
}

function planBlock(
  block: BlockSchema,
  prior: ObjectValue | null,
  proposed: ObjectValue,
  config: ObjectValue | null,
): ObjectValue {
  const planned: ObjectValue = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    planned[name] = planAttribute(
      attribute,
      prior,
      proposed[name] ?? null,
      config ? (config[name] ?? null) : null,
      name,
    );
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    planned[name] = planNestedBlock(nested, prior ? (prior[name] ?? null) : null, proposed[name] ?? null);
  }
  return planned;
}

function planAttribute(
  attribute: AttributeSchema,
  priorObject: ObjectValue | null,
  proposed: Value,
  config: Value,
  name: string,
): Value {
  if (attribute.write_only) return null;
  if (config === null) {
    if (attribute.default !== undefined && attribute.default !== null) {
      return fromJson(attribute.default, attributeType(attribute));
    }
    if (attribute.computed) return priorObject ? (priorObject[name] ?? null) : UNKNOWN;
    return null;
  }
  if (attribute.nested_type && !(proposed instanceof UnknownValue)) {
    const prior = priorObject ? (priorObject[name] ?? null) : null;
    return planNestedAttribute(attribute.nested_type, prior, proposed);
  }
  return proposed;
}

function planNestedAttribute(nested: NestedAttributeObject, prior: Value, proposed: Value): Value {
  const block: BlockSchema = { attributes: nested.attributes };
  return planCollection(nested.nesting_mode, block, prior, proposed);
}

function planNestedBlock(nested: NestedBlockSchema, prior: Value, proposed: Value): Value {
  return planCollection(nested.nesting_mode, nested.block, prior, proposed);
}

/**
 * Plans each element of a nested block or nested attribute against its prior
 * counterpart: by index for lists, by key for maps, by content for sets (an element
 * with no counterpart is new, so its computed values are unknown).
 */
function planCollection(
  mode: NestedBlockSchema["nesting_mode"],
  block: BlockSchema,
  prior: Value,
  proposed: Value,
): Value {
  if (proposed === null || proposed instanceof UnknownValue) return proposed;
  const planElement = (element: Value, priorElement: Value): Value =>
    isObjectValue(element)
      ? planBlock(block, isObjectValue(priorElement) ? priorElement : null, element, element)
      : element;
  switch (mode) {
    case "single":
    case "group":
      return planElement(proposed, prior);
    case "list":
      if (!Array.isArray(proposed)) return proposed;
      return proposed.map((element, index) =>
        planElement(element, Array.isArray(prior) ? (prior[index] ?? null) : null),
      );
    case "map": {
      if (!isObjectValue(proposed)) return proposed;
      const planned: ObjectValue = {};
      for (const [key, element] of Object.entries(proposed)) {
        planned[key] = planElement(element, isObjectValue(prior) ? (prior[key] ?? null) : null);
      }
      return planned;
    }
    case "set": {
      if (!Array.isArray(proposed)) return proposed;
      const candidates = Array.isArray(prior) ? [...prior] : [];
      return proposed.map((element) => {
        const index = candidates.findIndex((candidate) => sameConfiguredContent(block, element, candidate));
        const counterpart = index >= 0 ? candidates.splice(index, 1)[0] : null;
        return planElement(element, counterpart);
      });
    }
  }
}

/** Whether a set element as configured is the prior element (computed values and defaults aside). */
function sameConfiguredContent(block: BlockSchema, configured: Value, prior: Value): boolean {
  if (!isObjectValue(configured) || !isObjectValue(prior)) return false;
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const value = configured[name] ?? null;
    if (value === null && (attribute.computed || attribute.default !== undefined)) continue;
    if (!valuesEqual(attributeType(attribute), value, prior[name] ?? null)) return false;
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    if (!valuesEqual(nestedBlockType(nested), configured[name] ?? null, prior[name] ?? null)) {
      const planned = planNestedBlock(nested, prior[name] ?? null, configured[name] ?? null);
      if (!valuesEqual(nestedBlockType(nested), planned, prior[name] ?? null)) return false;
    }
  }
  return true;
}

function collectReplacements(
  block: BlockSchema,
  prior: ObjectValue | null,
  planned: ObjectValue | null,
  path: AttributePath,
  into: AttributePath[],
): void {
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const before = prior ? (prior[name] ?? null) : null;
    const after = planned ? (planned[name] ?? null) : null;
    const attributePath = [...path, { attribute: name }];
    if (attribute.force_new) {
      if (!valuesEqual(attributeType(attribute), before, after)) into.push(attributePath);
    } else if (attribute.nested_type) {
      collectCollectionReplacements(
        attribute.nested_type.nesting_mode,
        { attributes: attribute.nested_type.attributes },
        before,
        after,
        attributePath,
        into,
      );
    }
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const before = prior ? (prior[name] ?? null) : null;
    const after = planned ? (planned[name] ?? null) : null;
    const blockPath = [...path, { attribute: name }];
    if (nested.force_new) {
      if (!valuesEqual(nestedBlockType(nested), before, after)) into.push(blockPath);
    } else {
      collectCollectionReplacements(nested.nesting_mode, nested.block, before, after, blockPath, into);
    }
  }
}

function collectCollectionReplacements(
  mode: NestedBlockSchema["nesting_mode"],
  block: BlockSchema,
  before: Value,
  after: Value,
  path: AttributePath,
  into: AttributePath[],
): void {
  if (!hasForceNew(block)) return;
  const asObject = (value: Value): ObjectValue | null => (isObjectValue(value) ? value : null);
  switch (mode) {
    case "single":
    case "group":
      collectReplacements(block, asObject(before), asObject(after), path, into);
      return;
    case "list": {
      const length = Math.max(
        Array.isArray(before) ? before.length : 0,
        Array.isArray(after) ? after.length : 0,
      );
      if (after instanceof UnknownValue) {
        into.push(path);
        return;
      }
      for (let index = 0; index < length; index++) {
        const priorElement = Array.isArray(before) ? (before[index] ?? null) : null;
        const plannedElement = Array.isArray(after) ? (after[index] ?? null) : null;
        collectReplacements(
          block,
          asObject(priorElement),
          asObject(plannedElement),
          [...path, { index }],
          into,
        );
      }
      return;
    }
    case "map": {
      const keys = new Set([
        ...Object.keys(isObjectValue(before) ? before : {}),
        ...Object.keys(isObjectValue(after) ? after : {}),
      ]);
      for (const key of keys) {
        const priorElement = isObjectValue(before) ? (before[key] ?? null) : null;
        const plannedElement = isObjectValue(after) ? (after[key] ?? null) : null;
        collectReplacements(
          block,
          asObject(priorElement),
          asObject(plannedElement),
          [...path, { key }],
          into,
        );
      }
      return;
    }
    case "set": {
      // Set elements cannot be addressed: a changed force-new member replaces by the whole set.
      const project = (value: Value): string[] =>
        Array.isArray(value)
          ? value.map((element) => canonical(forceNewProjection(block, element))).sort()
          : [];
      const left = project(before);
      const right = project(after);
      if (after instanceof UnknownValue || left.join("\n") !== right.join("\n")) into.push(path);
      return;
    }
  }
}

function hasForceNew(block: BlockSchema): boolean {
  return (
    Object.values(block.attributes ?? {}).some(
      (attribute) =>
        attribute.force_new ||
        (attribute.nested_type && hasForceNew({ attributes: attribute.nested_type.attributes })),
    ) ||
    Object.values(block.block_types ?? {}).some((nested) => nested.force_new || hasForceNew(nested.block))
  );
}

function forceNewProjection(block: BlockSchema, value: Value): Value {
  if (!isObjectValue(value)) return value;
  const projection: ObjectValue = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    if (attribute.force_new) projection[name] = value[name] ?? null;
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const member = value[name] ?? null;
    if (nested.force_new) projection[name] = member;
    else if (hasForceNew(nested.block)) {
      projection[name] = Array.isArray(member)
        ? member.map((element) => forceNewProjection(nested.block, element))
        : forceNewProjection(nested.block, member);
    }
  }
  return projection;
}

// ---------------------------------------------------------------------------------------------
// apply, read, upgrade
// ---------------------------------------------------------------------------------------------

/**
 * Applies a planned change: destroy yields null, create and update yield the planned
 * state with every unknown replaced by a placeholder derived from the resource's known
 * values (so two runs of the same configuration produce the same state).
 */
export function applyResourceChange(typeName: string, schema: ResourceSchema, planned: Value): Value {
  if (planned === null) return null;
  const seed = `${typeName}\n${canonical(planned)}`;
  return settleBlock(schema.block, planned, seed, typeName);
}

/** Reads a data source: its computed results become placeholders at once. */
export function readDataSource(typeName: string, schema: ResourceSchema, config: Value): Value {
  if (!isObjectValue(config)) return config;
  const planned = planBlock(schema.block, null, config, config);
  return settleBlock(schema.block, planned, `${typeName}\n${canonical(config)}`, typeName);
}

/** Reads state stored as JSON by any earlier version of the double into the current schema. */
export function upgradeResourceState(schema: ResourceSchema, rawJson: string): Value {
  return fromJson(JSON.parse(rawJson), impliedType(schema.block));
}

function settleBlock(block: BlockSchema, value: Value, seed: string, ownerName: string): Value {
  if (!isObjectValue(value)) return value;
  const settled: ObjectValue = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const member = value[name] ?? null;
    if (attribute.write_only) settled[name] = null;
    else if (attribute.nested_type && !(member instanceof UnknownValue)) {
      settled[name] = settleCollection(
        attribute.nested_type.nesting_mode,
        { attributes: attribute.nested_type.attributes },
        member,
        `${seed}/${name}`,
        name,
      );
    } else settled[name] = settleValue(attributeType(attribute), member, `${seed}/${name}`, name, ownerName);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    settled[name] = settleCollection(
      nested.nesting_mode,
      nested.block,
      value[name] ?? null,
      `${seed}/${name}`,
      name,
    );
  }
  return settled;
}

function settleCollection(
  mode: NestedBlockSchema["nesting_mode"],
  block: BlockSchema,
  value: Value,
  seed: string,
  name: string,
): Value {
  if (value instanceof UnknownValue) return placeholder(["list", impliedType(block)], seed, name, name);
  if (value === null) return null;
  if (mode === "single" || mode === "group") return settleBlock(block, value, seed, name);
  if (mode === "map" && isObjectValue(value)) {
    const settled: ObjectValue = {};
    for (const [key, element] of Object.entries(value))
      settled[key] = settleBlock(block, element, `${seed}[${key}]`, name);
    return settled;
  }
  if (Array.isArray(value))
    return value.map((element, index) => settleBlock(block, element, `${seed}[${index}]`, name));
  return value;
}

function settleValue(
  type: TypeConstraint,
  value: Value,
  seed: string,
  name: string,
  ownerName: string,
): Value {
  if (value instanceof UnknownValue) return placeholder(type, seed, name, ownerName);
  if (value === null || typeof type === "string") return value;
  const [kind, argument] = type;
  if ((kind === "list" || kind === "set") && Array.isArray(value)) {
    return value.map((element, index) =>
      settleValue(argument, element, `${seed}[${index}]`, name, ownerName),
    );
  }
  if (kind === "map" && isObjectValue(value)) {
    const settled: ObjectValue = {};
    for (const [key, element] of Object.entries(value)) {
      settled[key] = settleValue(argument, element, `${seed}[${key}]`, name, ownerName);
    }
    return settled;
  }
  if (kind === "object" && isObjectValue(value)) {
    const settled: ObjectValue = {};
    for (const [member, memberType] of Object.entries(argument)) {
      settled[member] = settleValue(
        memberType,
        value[member] ?? null,
        `${seed}.${member}`,
        member,
        ownerName,
      );
    }
    return settled;
  }
  return value;
}

/** A recognisable, deterministic stand-in for a value only the real provider would know. */
function placeholder(type: TypeConstraint, seed: string, name: string, ownerName: string): Value {
  const digest = createHash("sha256").update(seed).digest("hex");
  if (type === "string")
    return name === "id" ? `${ownerName}-${digest.slice(0, 12)}` : `${name}-${digest.slice(0, 8)}`;
  if (type === "number") return (parseInt(digest.slice(0, 6), 16) % 100000) + 1;
  if (type === "bool") return false;
  if (type === "dynamic") return null;
  const [kind, argument] = type;
  if (kind === "object") {
    const value: ObjectValue = {};
    for (const [member, memberType] of Object.entries(argument)) {
      value[member] = placeholder(memberType, `${seed}.${member}`, member, ownerName);
    }
    return value;
  }
  if (kind === "map") return {};
  return [];
}
