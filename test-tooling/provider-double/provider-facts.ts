import type { AttributeSchema, BlockSchema, NestedBlockSchema, ProviderSchemaDocument } from "./schema";
import { PROVIDER_FACTS, type ProviderFact } from "../../scripts/guard/provider-facts";

/** The table lives with the change guard, its other reader; the doubles apply it to their schemas. */
export { PROVIDER_FACTS, type ProviderFact };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Where a fact path ends: an attribute or a nested block of some block. */
function resolve(
  block: BlockSchema,
  segments: readonly string[],
): { attribute: Mutable<AttributeSchema> } | { nested: Mutable<NestedBlockSchema> } | undefined {
  const [head, ...rest] = segments;
  const attribute = block.attributes?.[head];
  const nested = block.block_types?.[head];
  if (rest.length === 0) {
    if (attribute) return { attribute: attribute as Mutable<AttributeSchema> };
    if (nested) return { nested: nested as Mutable<NestedBlockSchema> };
    return undefined;
  }
  if (nested) return resolve(nested.block, rest);
  if (attribute?.nested_type) return resolve({ attributes: attribute.nested_type.attributes }, rest);
  return undefined;
}

/**
 * Returns a copy of `document` with the facts applied. Throws when a fact names a path
 * the derived schema does not have: the table and the installed package disagree.
 */
export function applyProviderFacts(
  document: ProviderSchemaDocument,
  facts: { readonly [resourceType: string]: readonly ProviderFact[] } = PROVIDER_FACTS,
): ProviderSchemaDocument {
  const copy = JSON.parse(JSON.stringify(document)) as ProviderSchemaDocument;
  for (const [resourceType, entries] of Object.entries(facts)) {
    const resource = copy.resource_schemas[resourceType];
    if (!resource) continue;
    for (const fact of entries) {
      const target = resolve(resource.block, fact.path.split("."));
      if (!target) {
        throw new Error(
          `provider fact ${resourceType}.${fact.path} (${fact.source}) names no attribute or block`,
        );
      }
      if ("nested" in target) {
        if (fact.forceNew) target.nested.force_new = true;
        continue;
      }
      if (fact.forceNew) target.attribute.force_new = true;
      if (fact.sensitive) target.attribute.sensitive = true;
      if (fact.default !== undefined) target.attribute.default = fact.default;
    }
  }
  return copy;
}

/** Resource types among `used` that belong to a provider with facts but have no entry. */
export function missingFacts(
  used: Iterable<string>,
  providerPrefixes: readonly string[] = ["kubernetes_", "helm_", "random_", "tls_"],
): string[] {
  return [...new Set(used)]
    .filter((type) => providerPrefixes.some((prefix) => type.startsWith(prefix)) && !PROVIDER_FACTS[type])
    .sort();
}
