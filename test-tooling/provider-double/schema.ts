/**
 * The schema model the provider double serves from: the shape of Terraform's
 * `terraform providers schema -json` for one provider, plus the facts a real provider
 * keeps in code and the double needs to plan like it (`force_new`, `default`, `allowed`,
 * `conflicts_with`). One file of this shape describes one provider.
 */

/** A Terraform type constraint in its JSON form: `"string"`, `["list","string"]`, `["object",{...}]`. */
export type TypeConstraint =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | readonly ["list" | "set" | "map", TypeConstraint]
  | readonly ["object", { readonly [name: string]: TypeConstraint }]
  | readonly ["object", { readonly [name: string]: TypeConstraint }, readonly string[]]
  | readonly ["tuple", readonly TypeConstraint[]];

export interface AttributeSchema {
  /** Absent when `nested_type` describes the value. */
  readonly type?: TypeConstraint;
  readonly nested_type?: NestedAttributeObject;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly write_only?: boolean;
  readonly deprecated?: boolean;
  readonly description?: string;
  /** A change of this value replaces the resource (SDK `ForceNew`, framework `RequiresReplace`). */
  readonly force_new?: boolean;
  /** Planned when the configuration leaves the attribute null. */
  readonly default?: unknown;
  /** The only values `validate` accepts (SDK `validation.StringInSlice`). */
  readonly allowed?: readonly unknown[];
  /** Sibling attributes that must not be set together with this one. */
  readonly conflicts_with?: readonly string[];
}

export type NestingMode = "single" | "list" | "set" | "map" | "group";

export interface NestedAttributeObject {
  readonly nesting_mode: Exclude<NestingMode, "group">;
  readonly attributes: { readonly [name: string]: AttributeSchema };
}

export interface BlockSchema {
  readonly attributes?: { readonly [name: string]: AttributeSchema };
  readonly block_types?: { readonly [name: string]: NestedBlockSchema };
  readonly description?: string;
  readonly deprecated?: boolean;
}

export interface NestedBlockSchema {
  readonly nesting_mode: NestingMode;
  readonly block: BlockSchema;
  readonly min_items?: number;
  readonly max_items?: number;
  /** The whole block is replaced-on-change (SDK `ForceNew` on a `TypeList` of `Resource`). */
  readonly force_new?: boolean;
}

export interface ResourceSchema {
  readonly version?: number;
  readonly block: BlockSchema;
}

export interface ProviderSchemaDocument {
  readonly provider: {
    /** Registry source without host, e.g. `aliyun/alicloud`. */
    readonly source: string;
    /** The exact version the filesystem mirror offers. */
    readonly version: string;
    readonly block: BlockSchema;
  };
  readonly resource_schemas: { readonly [type: string]: ResourceSchema };
  readonly data_source_schemas: { readonly [type: string]: ResourceSchema };
}

const ATTRIBUTE_NAME = /^[a-z_][a-z0-9_]*$/;

/** Whether a name can be a Terraform attribute or block name. */
export function isValidName(name: string): boolean {
  return ATTRIBUTE_NAME.test(name);
}

export function nestedAttributeType(nested: NestedAttributeObject): TypeConstraint {
  const objectType = objectTypeOf(nested.attributes, {});
  switch (nested.nesting_mode) {
    case "single":
      return objectType;
    case "list":
    case "set":
    case "map":
      return [nested.nesting_mode, objectType];
  }
}

export function attributeType(attribute: AttributeSchema): TypeConstraint {
  if (attribute.nested_type) return nestedAttributeType(attribute.nested_type);
  if (attribute.type === undefined) throw new Error("attribute has neither type nor nested_type");
  return attribute.type;
}

export function nestedBlockType(nested: NestedBlockSchema): TypeConstraint {
  const objectType = impliedType(nested.block);
  switch (nested.nesting_mode) {
    case "single":
    case "group":
      return objectType;
    case "list":
    case "set":
    case "map":
      return [nested.nesting_mode, objectType];
  }
}

function objectTypeOf(
  attributes: { readonly [name: string]: AttributeSchema },
  blocks: { readonly [name: string]: NestedBlockSchema },
): TypeConstraint {
  const members: { [name: string]: TypeConstraint } = {};
  for (const [name, attribute] of Object.entries(attributes)) members[name] = attributeType(attribute);
  for (const [name, nested] of Object.entries(blocks)) members[name] = nestedBlockType(nested);
  return ["object", members];
}

/** The object type Terraform derives from a block (`Block.ImpliedType()` in Terraform core). */
export function impliedType(block: BlockSchema): TypeConstraint {
  return objectTypeOf(block.attributes ?? {}, block.block_types ?? {});
}

/** Finds a resource, data source or the provider schema by kind and name. */
export function lookupSchema(
  document: ProviderSchemaDocument,
  kind: "resource" | "data",
  typeName: string,
): ResourceSchema | undefined {
  const table = kind === "resource" ? document.resource_schemas : document.data_source_schemas;
  return Object.prototype.hasOwnProperty.call(table, typeName) ? table[typeName] : undefined;
}
