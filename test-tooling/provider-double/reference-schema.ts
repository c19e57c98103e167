import type {
  AttributeSchema,
  BlockSchema,
  NestedBlockSchema,
  ProviderSchemaDocument,
  ResourceSchema,
  TypeConstraint,
} from "./schema";
import { isValidName } from "./schema";

/**
 * Reads the hand-transcribed provider schemas in `shared/reference/`
 * (`terraform-provider-{alicloud,harbor}-schema.json`) into the double's schema model.
 * They follow `terraform providers schema -json` plus notes; normalising means keeping
 * the facts Terraform and the planner act on and adding what the SDK adds implicitly.
 */

interface ReferenceAttribute {
  type?: TypeConstraint;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  write_only?: boolean;
  deprecated?: boolean | string;
  force_new?: boolean;
  default?: unknown;
  allowed?: unknown[] | null;
  conflicts_with?: string[];
  removed?: string;
}

interface ReferenceBlock {
  attributes?: Record<string, ReferenceAttribute>;
  block_types?: Record<
    string,
    {
      nesting_mode: NestedBlockSchema["nesting_mode"];
      block: ReferenceBlock;
      min_items?: number;
      max_items?: number;
    }
  >;
}

interface ReferenceDocument {
  provider: { source: string; version: string; block: ReferenceBlock };
  resource_schemas: Record<
    string,
    { version?: number; block: ReferenceBlock; facts?: { timeouts?: object } }
  >;
  data_source_schemas?: Record<string, { version?: number; block: ReferenceBlock }>;
}

/** Notes about entries the normaliser had to leave out, for the tool's report. */
export interface NormaliseResult {
  readonly document: ProviderSchemaDocument;
  readonly skipped: readonly string[];
}

export function normaliseReferenceSchema(raw: unknown): NormaliseResult {
  const reference = raw as ReferenceDocument;
  if (!reference?.provider?.source || !reference.provider.version || !reference.resource_schemas) {
    throw new Error(
      "not a reference provider schema: provider.source, provider.version and resource_schemas are required",
    );
  }
  const skipped: string[] = [];
  const resources: Record<string, ResourceSchema> = {};
  for (const [typeName, resource] of Object.entries(reference.resource_schemas)) {
    const block = normaliseBlock(resource.block, typeName, skipped);
    const attributes = { ...block.attributes };
    // helper/schema gives every resource an optional+computed `id` (CoreConfigSchema); some
    // transcriptions list it as computed only.
    attributes.id = { type: "string", optional: true, computed: true };
    const blockTypes = { ...block.block_types };
    const timeouts = resource.facts?.timeouts;
    // helper/schema adds a single `timeouts` block with one attribute per declared timeout.
    if (timeouts && typeof timeouts === "object" && !blockTypes.timeouts) {
      const timeoutAttributes: Record<string, AttributeSchema> = {};
      for (const name of Object.keys(timeouts)) timeoutAttributes[name] = { type: "string", optional: true };
      blockTypes.timeouts = { nesting_mode: "single", block: { attributes: timeoutAttributes } };
    }
    resources[typeName] = { version: resource.version ?? 0, block: { attributes, block_types: blockTypes } };
  }
  const dataSources: Record<string, ResourceSchema> = {};
  for (const [typeName, dataSource] of Object.entries(reference.data_source_schemas ?? {})) {
    dataSources[typeName] = {
      version: dataSource.version ?? 0,
      block: normaliseBlock(dataSource.block, typeName, skipped),
    };
  }
  return {
    document: {
      provider: {
        source: reference.provider.source,
        version: reference.provider.version,
        block: normaliseBlock(reference.provider.block, "provider", skipped),
      },
      resource_schemas: resources,
      data_source_schemas: dataSources,
    },
    skipped,
  };
}

function normaliseBlock(block: ReferenceBlock | undefined, path: string, skipped: string[]): BlockSchema {
  const attributes: Record<string, AttributeSchema> = {};
  for (const [name, attribute] of Object.entries(block?.attributes ?? {})) {
    if (!isValidName(name)) {
      skipped.push(`${path}.${name}: not an attribute name`);
      continue;
    }
    if (attribute.removed) {
      // A removed field makes the real provider fail when it is set; leaving it out of the
      // schema makes Terraform fail the same way ("Unsupported argument").
      skipped.push(`${path}.${name}: removed from the provider`);
      continue;
    }
    if (attribute.type === undefined) {
      skipped.push(`${path}.${name}: no type`);
      continue;
    }
    const normalised: { -readonly [K in keyof AttributeSchema]: AttributeSchema[K] } = {
      type: attribute.type,
    };
    if (attribute.required) normalised.required = true;
    else if (attribute.optional) normalised.optional = true;
    if (attribute.computed) normalised.computed = true;
    if (!attribute.required && !attribute.optional && !attribute.computed) normalised.optional = true;
    if (attribute.sensitive) normalised.sensitive = true;
    if (attribute.write_only) normalised.write_only = true;
    if (attribute.deprecated) normalised.deprecated = true;
    if (attribute.force_new) normalised.force_new = true;
    if (attribute.default !== undefined && attribute.default !== null) normalised.default = attribute.default;
    if (Array.isArray(attribute.allowed) && attribute.allowed.length > 0)
      normalised.allowed = attribute.allowed;
    if (Array.isArray(attribute.conflicts_with)) normalised.conflicts_with = attribute.conflicts_with;
    attributes[name] = normalised;
  }
  const blockTypes: Record<string, NestedBlockSchema> = {};
  for (const [name, nested] of Object.entries(block?.block_types ?? {})) {
    const normalised: { -readonly [K in keyof NestedBlockSchema]: NestedBlockSchema[K] } = {
      nesting_mode: nested.nesting_mode,
      block: normaliseBlock(nested.block, `${path}.${name}`, skipped),
    };
    if (nested.min_items) normalised.min_items = nested.min_items;
    if (nested.max_items) normalised.max_items = nested.max_items;
    blockTypes[name] = normalised;
  }
  return { attributes, block_types: blockTypes };
}
