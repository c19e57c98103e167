import * as fs from "fs";
import * as path from "path";
import * as rules from "../../constructs/lib/harbor-rules";

/**
 * The transcribed provider schemas in `../shared/reference/`, normalized to one shape. Those files
 * follow `terraform providers schema -json` with a few extra keys (`allowed`, `deprecated`,
 * `removed`, `write_only`, `conflicts_with`, `facts.timeouts`); we keep the ones a conformance
 * check needs.
 */

export type TypeExpression = string | readonly [string, TypeExpression];

export interface AttributeSchema {
  readonly type: TypeExpression;
  readonly required: boolean;
  readonly optional: boolean;
  readonly computed: boolean;
  /** Enumerated values, from the schema's `allowed` or our description-derived table. */
  readonly allowed?: readonly string[];
  readonly deprecated?: string;
  readonly removed?: string;
  readonly writeOnly: boolean;
  readonly conflictsWith: readonly string[];
}

export interface NestedBlockSchema {
  readonly nestingMode: "list" | "set" | "single";
  readonly block: BlockSchema;
  readonly minItems: number;
  readonly maxItems?: number;
}

export interface BlockSchema {
  readonly attributes: Readonly<Record<string, AttributeSchema>>;
  readonly blockTypes: Readonly<Record<string, NestedBlockSchema>>;
  /** A block whose attributes were not transcribed (e.g. alicloud `endpoints`): any string attribute passes. */
  readonly opaque: boolean;
}

export interface ResourceSchema {
  readonly block: BlockSchema;
  /** Operations of the `timeouts` block, when the resource has one. */
  readonly timeouts: readonly string[];
}

export interface ProviderSchema {
  /** Local name, also the resource type prefix: `alicloud`, `harbor`. */
  readonly name: string;
  /** Registry source, e.g. `aliyun/alicloud`. */
  readonly source: string;
  /** The version the schema was transcribed from, e.g. `1.289.0`. */
  readonly version: string;
  readonly provider: BlockSchema;
  readonly resources: Readonly<Record<string, ResourceSchema>>;
}

/**
 * Enumerations the Harbor schema file records only in prose: enforced by a provider ValidateFunc,
 * or by Harbor at apply. The values are the bindings' own lists in constructs/lib/harbor-rules.ts;
 * the tests check each value against the description it comes from, so the bindings' lists cannot
 * silently disagree with the reference.
 */
export const HARBOR_DESCRIBED_ENUMERATIONS: Readonly<Record<string, readonly string[]>> = {
  "harbor_registry.provider_name": rules.HARBOR_REGISTRY_PROVIDER_NAMES,
  "harbor_replication.action": rules.HARBOR_REPLICATION_ACTIONS,
  "harbor_replication.filters.decoration": rules.HARBOR_FILTER_DECORATIONS,
  "harbor_replication.filters.resource": rules.HARBOR_REPLICATION_RESOURCES,
  "harbor_project.deployment_security": rules.HARBOR_DEPLOYMENT_SECURITY_LEVELS,
  "harbor_project_member_user.role": rules.HARBOR_MEMBER_ROLES,
  "harbor_project_member_group.role": rules.HARBOR_MEMBER_ROLES,
  "harbor_project_member_group.type": rules.HARBOR_GROUP_TYPES,
  "harbor_robot_account.level": rules.HARBOR_ROBOT_LEVELS,
  "harbor_robot_account.permissions.kind": rules.HARBOR_PERMISSION_KINDS,
  "harbor_robot_account.permissions.access.effect": rules.HARBOR_ACCESS_EFFECTS,
  "harbor_project_webhook.notify_type": rules.HARBOR_WEBHOOK_NOTIFY_TYPES,
  "harbor_project_webhook.payload_format": rules.HARBOR_WEBHOOK_PAYLOAD_FORMATS,
  "harbor_config_system.project_creation_restriction": rules.HARBOR_PROJECT_CREATION_RESTRICTIONS,
  "harbor_config_system.banner_message.type": rules.HARBOR_BANNER_TYPES,
};

/**
 * Finds `shared/reference` next to the repository: `<repo>/../shared/reference` for the main
 * checkout, or higher up for a worktree nested one level deeper. `HARBOR_CDKTF_REFERENCE_DIR`
 * overrides the search.
 */
export function findReferenceDir(startDir: string = path.resolve(__dirname, "../..")): string {
  const override = process.env.HARBOR_CDKTF_REFERENCE_DIR;
  if (override) return path.resolve(override);
  const tried: string[] = [];
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    const candidate = path.resolve(dir, "../shared/reference");
    tried.push(candidate);
    if (fs.existsSync(path.join(candidate, "terraform-provider-harbor-schema.json"))) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(
    `reference schemas not found; looked in ${tried.join(", ")} (set HARBOR_CDKTF_REFERENCE_DIR)`,
  );
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

function normalizeAttribute(raw: Json, describedEnumeration: readonly string[] | undefined): AttributeSchema {
  const allowed = Array.isArray(raw.allowed) ? (raw.allowed as string[]) : describedEnumeration;
  return {
    type: raw.type as TypeExpression,
    required: raw.required === true,
    optional: raw.optional === true,
    computed: raw.computed === true,
    allowed,
    deprecated: typeof raw.deprecated === "string" ? raw.deprecated : undefined,
    removed: typeof raw.removed === "string" ? raw.removed : undefined,
    writeOnly: raw.write_only === true,
    conflictsWith: Array.isArray(raw.conflicts_with) ? (raw.conflicts_with as string[]) : [],
  };
}

function normalizeBlock(raw: Json, enumerationPrefix: string): BlockSchema {
  const attributes: Record<string, AttributeSchema> = {};
  for (const [rawName, rawAttribute] of Object.entries(asObject(raw.attributes))) {
    // The alicloud file names one key "id (= bucket name)"; the attribute is `id`.
    const name = /^[a-z0-9_]+/.exec(rawName)?.[0] ?? rawName;
    if (attributes[name] && rawName !== name) continue;
    attributes[name] = normalizeAttribute(
      asObject(rawAttribute),
      HARBOR_DESCRIBED_ENUMERATIONS[`${enumerationPrefix}.${name}`],
    );
  }
  const blockTypes: Record<string, NestedBlockSchema> = {};
  for (const [name, rawNested] of Object.entries(asObject(raw.block_types))) {
    const nested = asObject(rawNested);
    blockTypes[name] = {
      nestingMode: (nested.nesting_mode as NestedBlockSchema["nestingMode"]) ?? "list",
      block: normalizeBlock(asObject(nested.block), `${enumerationPrefix}.${name}`),
      minItems: typeof nested.min_items === "number" ? nested.min_items : 0,
      maxItems: typeof nested.max_items === "number" ? nested.max_items : undefined,
    };
  }
  return {
    attributes,
    blockTypes,
    opaque: Object.keys(attributes).length === 0 && Object.keys(blockTypes).length === 0,
  };
}

function normalizeProvider(raw: Json): ProviderSchema {
  const provider = asObject(raw.provider);
  const source = String(provider.source);
  const name = source.split("/")[1];
  const resources: Record<string, ResourceSchema> = {};
  for (const [type, rawResource] of Object.entries(asObject(raw.resource_schemas))) {
    const resource = asObject(rawResource);
    resources[type] = {
      block: normalizeBlock(asObject(resource.block), type),
      timeouts: Object.keys(asObject(asObject(resource.facts).timeouts)),
    };
  }
  return {
    name,
    source,
    version: String(provider.version),
    provider: normalizeBlock(asObject(provider.block), name),
    resources,
  };
}

const cache = new Map<string, readonly ProviderSchema[]>();

/** Both provider schemas, read once per reference directory. */
export function loadProviderSchemas(referenceDir: string = findReferenceDir()): readonly ProviderSchema[] {
  const cached = cache.get(referenceDir);
  if (cached) return cached;
  const schemas = ["terraform-provider-alicloud-schema.json", "terraform-provider-harbor-schema.json"].map(
    (file) => normalizeProvider(JSON.parse(fs.readFileSync(path.join(referenceDir, file), "utf8")) as Json),
  );
  cache.set(referenceDir, schemas);
  return schemas;
}
