import {
  booleanToHclTerraform,
  booleanToTerraform,
  canInspect,
  hashMapper,
  hashMapperHcl,
  listMapper,
  listMapperHcl,
  numberToHclTerraform,
  numberToTerraform,
  stringToHclTerraform,
  stringToTerraform,
  Tokenization,
} from "cdktf";

/**
 * Declarative attribute tables for the hand-written bindings. Each resource lists, for every
 * camelCase config field, the exact Terraform attribute name and its type; the JSON and HCL
 * synthesis (the `synthesizeAttributes` / `synthesizeHclAttributes` boilerplate that cdktf's
 * generator would write out per class) is derived from that table, so ~20 classes cannot drift
 * apart in how they map values.
 */

type ScalarKind = "string" | "number" | "boolean" | "stringList" | "stringSet" | "stringMap";

/**
 * `block`: one object in TypeScript, a one-element block list in Terraform (MaxItems 1 blocks).
 * `blockList` / `blockSet`: an array of objects (repeated blocks).
 */
type BlockKind = "block" | "blockList" | "blockSet";

export interface ScalarAttribute {
  readonly kind: ScalarKind;
  /** Terraform attribute name (snake_case, exactly as in the provider schema). */
  readonly name: string;
}

export interface BlockAttribute {
  readonly kind: BlockKind;
  readonly name: string;
  readonly fields: AttributeFields;
}

export type AttributeSpec = ScalarAttribute | BlockAttribute;

export interface AttributeFields {
  readonly [field: string]: AttributeSpec;
}

/**
 * A table that maps **every** field of `T` (optional ones included) to its Terraform attribute:
 * adding a config field without mapping it is a compile error.
 */
export type AttributeMap<T> = { readonly [K in keyof Required<T>]: AttributeSpec };

/** Constructors for table entries: `tf.string("zone_id")`, `tf.block("versioning", {...})`. */
export const tf = {
  string: (name: string): ScalarAttribute => ({ kind: "string", name }),
  number: (name: string): ScalarAttribute => ({ kind: "number", name }),
  boolean: (name: string): ScalarAttribute => ({ kind: "boolean", name }),
  stringList: (name: string): ScalarAttribute => ({ kind: "stringList", name }),
  stringSet: (name: string): ScalarAttribute => ({ kind: "stringSet", name }),
  stringMap: (name: string): ScalarAttribute => ({ kind: "stringMap", name }),
  block: <T>(name: string, fields: AttributeMap<T>): BlockAttribute => ({ kind: "block", name, fields }),
  blockList: <T>(name: string, fields: AttributeMap<T>): BlockAttribute => ({
    kind: "blockList",
    name,
    fields,
  }),
  blockSet: <T>(name: string, fields: AttributeMap<T>): BlockAttribute => ({
    kind: "blockSet",
    name,
    fields,
  }),
};

type Values = Readonly<Record<string, unknown>>;

function isPassThrough(value: unknown): boolean {
  return !canInspect(value) || Tokenization.isResolvable(value);
}

function valueToTerraform(spec: AttributeSpec, value: unknown): unknown {
  switch (spec.kind) {
    case "string":
      return stringToTerraform(value);
    case "number":
      return numberToTerraform(value);
    case "boolean":
      return booleanToTerraform(value);
    case "stringList":
    case "stringSet":
      return listMapper(stringToTerraform, false)(value);
    case "stringMap":
      return hashMapper(stringToTerraform)(value);
    case "block":
      if (value === undefined || isPassThrough(value)) return value;
      return [structToTerraform(spec.fields, value as Values)];
    case "blockList":
    case "blockSet":
      return listMapper((element: unknown) => structToTerraform(spec.fields, element as Values), true)(value);
  }
}

/** Terraform JSON attributes of `values` under `fields`; unset fields are left out. */
export function structToTerraform(fields: AttributeFields, values: Values): Record<string, unknown> {
  if (isPassThrough(values)) return values as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(fields)) {
    const converted = valueToTerraform(spec, values[field]);
    if (converted !== undefined) out[spec.name] = converted;
  }
  return out;
}

interface HclAttribute {
  readonly value: unknown;
  readonly isBlock: boolean;
  readonly type: "simple" | "list" | "set" | "map";
  readonly storageClassType: string;
}

function valueToHcl(spec: AttributeSpec, value: unknown): HclAttribute {
  const struct = (element: unknown) => structToHcl((spec as BlockAttribute).fields, element as Values);
  switch (spec.kind) {
    case "string":
      return {
        value: stringToHclTerraform(value),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      };
    case "number":
      return {
        value: numberToHclTerraform(value),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      };
    case "boolean":
      return {
        value: booleanToHclTerraform(value),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      };
    case "stringList":
    case "stringSet":
      return {
        value: listMapperHcl(stringToHclTerraform, false)(value),
        isBlock: false,
        type: spec.kind === "stringSet" ? "set" : "list",
        storageClassType: "stringList",
      };
    case "stringMap":
      return {
        value: hashMapperHcl(stringToHclTerraform)(value),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      };
    case "block":
      return {
        value: value === undefined || isPassThrough(value) ? value : listMapperHcl(struct, true)([value]),
        isBlock: true,
        type: "list",
        storageClassType: `${spec.name}List`,
      };
    case "blockList":
    case "blockSet":
      return {
        value: listMapperHcl(struct, true)(value),
        isBlock: true,
        type: spec.kind === "blockSet" ? "set" : "list",
        storageClassType: `${spec.name}List`,
      };
  }
}

/** The HCL synthesis form of `values` under `fields` (what cdktf's `synthesizeHclAttributes` returns). */
export function structToHcl(fields: AttributeFields, values: Values): Record<string, unknown> {
  if (isPassThrough(values)) return values as Record<string, unknown>;
  const out: Record<string, HclAttribute> = {};
  for (const [field, spec] of Object.entries(fields)) {
    const attribute = valueToHcl(spec, values[field]);
    if (attribute.value !== undefined) out[spec.name] = attribute;
  }
  return out;
}
