import * as fs from "fs";
import * as path from "path";
import { checkHarborProjectPath, checkStorageQuotaGiB } from "../../constructs/lib/harbor-rules";
import { checkHarborJobSchedule, checkReplicationSchedule } from "../../constructs/lib/harbor-schedule";
import { ProblemList } from "../../constructs/lib/validation";
import {
  AttributeSchema,
  BlockSchema,
  loadProviderSchemas,
  NestedBlockSchema,
  ProviderSchema,
  TypeExpression,
} from "./schemas";
import { constraintAdmits, nextMajor } from "./version-constraint";

/**
 * Checks the `alicloud_*` and `harbor_*` parts of a synthesized `cdk.tf.json` against the
 * transcribed provider schemas, the way Terraform and the provider would: unknown arguments,
 * wrong types, missing required arguments, computed-only or removed arguments that are set,
 * nested-block shapes and counts, values outside an enumeration, and `required_providers`. It is
 * stricter than Terraform in one way: a value of the wrong JSON type is reported even when
 * Terraform would convert it (a number given for a string), because it means a binding maps a
 * field wrongly. A `${...}` expression is accepted wherever a value is, since Terraform decides it.
 *
 * On top of the schema, it applies the value rules the providers do not check but that break
 * deployments (drifting Harbor schedules, numeric project ids where a path is needed).
 */

export type ViolationKind =
  | "unknown-resource-type"
  | "unknown-argument"
  | "wrong-type"
  | "missing-required"
  | "computed-only"
  | "removed-argument"
  | "deprecated-argument"
  | "write-only-argument"
  | "conflicting-arguments"
  | "bad-block"
  | "block-count"
  | "not-allowed"
  | "value-rule"
  | "required-providers"
  | "unknown-provider-alias";

export interface Violation {
  /** Stack name, when checked through {@link checkSynthDir}. */
  readonly stack?: string;
  /** `harbor_replication.push`, `provider.harbor[0]`, `terraform.required_providers.alicloud`. */
  readonly address: string;
  /** Attribute path inside the block, e.g. `filters[1].resource`; empty for the block itself. */
  readonly path: string;
  readonly kind: ViolationKind;
  readonly message: string;
}

/** Keys Terraform handles itself on a resource (`timeouts` is checked separately). */
const RESOURCE_META_ARGUMENTS = new Set([
  "timeouts",
  "//",
  "count",
  "for_each",
  "depends_on",
  "provider",
  "lifecycle",
  "provisioner",
  "connection",
]);

const PROVIDER_META_ARGUMENTS = new Set(["//", "alias", "version"]);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

function describeType(type: TypeExpression): string {
  return typeof type === "string" ? type : `${type[0]}(${describeType(type[1])})`;
}

function describeJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Why `value` does not have `type`, or undefined when it does (expressions always do). */
function typeProblem(type: TypeExpression, value: unknown): string | undefined {
  if (value === null || isExpression(value)) return undefined;
  const wrong = `expected ${describeType(type)}, got ${describeJson(value)}`;
  if (typeof type === "string") {
    switch (type) {
      case "string":
        return typeof value === "string" ? undefined : wrong;
      case "number":
        // Every transcribed number is a Go TypeInt: a fraction fails in the provider.
        return typeof value === "number" && Number.isInteger(value) ? undefined : wrong;
      case "bool":
        return typeof value === "boolean" ? undefined : wrong;
      default:
        return undefined;
    }
  }
  const [collection, element] = type;
  if (collection === "list" || collection === "set") {
    if (!Array.isArray(value)) return wrong;
    const bad = value.findIndex((item) => typeProblem(element, item) !== undefined);
    return bad < 0 ? undefined : `element ${bad}: ${typeProblem(element, value[bad])}`;
  }
  if (collection === "map") {
    if (!isObject(value)) return wrong;
    const bad = Object.entries(value).find(([, item]) => typeProblem(element, item) !== undefined);
    return bad ? `key ${JSON.stringify(bad[0])}: ${typeProblem(element, bad[1])}` : undefined;
  }
  return undefined;
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

class BlockChecker {
  readonly violations: Violation[] = [];

  constructor(private readonly address: string) {}

  add(path: string, kind: ViolationKind, message: string): void {
    this.violations.push({ address: this.address, path, kind, message });
  }

  block(schema: BlockSchema, value: Json, prefix: string, metaArguments?: ReadonlySet<string>): void {
    const at = (name: string) => (prefix ? `${prefix}.${name}` : name);
    for (const [name, item] of Object.entries(value)) {
      if (metaArguments?.has(name)) continue;
      if (name === "dynamic" && isObject(item)) {
        this.dynamicBlocks(schema, item, prefix);
        continue;
      }
      const attribute = schema.attributes[name];
      const nested = schema.blockTypes[name];
      if (attribute) this.attribute(attribute, item, at(name));
      else if (nested) this.nestedBlock(nested, item, at(name));
      else if (schema.opaque) {
        if (typeof item !== "string")
          this.add(at(name), "wrong-type", `expected string, got ${describeJson(item)}`);
      } else {
        const hint =
          snakeCase(name) !== name && snakeCase(name) in schema.attributes
            ? `; did you mean "${snakeCase(name)}"?`
            : "";
        this.add(at(name), "unknown-argument", `unknown argument ${JSON.stringify(name)}${hint}`);
      }
    }
    for (const [name, attribute] of Object.entries(schema.attributes)) {
      if (attribute.required && (value[name] === undefined || value[name] === null)) {
        this.add(at(name), "missing-required", `required argument ${JSON.stringify(name)} is missing`);
      }
      if (value[name] === undefined) continue;
      for (const other of attribute.conflictsWith) {
        if (value[other] !== undefined) {
          this.add(
            at(name),
            "conflicting-arguments",
            `${JSON.stringify(name)} conflicts with ${JSON.stringify(other)}`,
          );
        }
      }
    }
    for (const [name, nested] of Object.entries(schema.blockTypes)) {
      const dynamic = isObject(value.dynamic) && value.dynamic[name] !== undefined;
      if (nested.minItems > 0 && value[name] === undefined && !dynamic) {
        this.add(
          at(name),
          "block-count",
          `at least ${nested.minItems} ${JSON.stringify(name)} block(s) required, got none`,
        );
      }
    }
  }

  private attribute(schema: AttributeSchema, value: unknown, at: string): void {
    if (schema.removed) {
      this.add(at, "removed-argument", `removed from the provider: ${schema.removed}`);
      return;
    }
    if (schema.computed && !schema.optional && !schema.required) {
      this.add(at, "computed-only", "computed by the provider; it cannot be set");
      return;
    }
    if (schema.writeOnly) {
      this.add(
        at,
        "write-only-argument",
        "write-only arguments need Terraform >= 1.11; we support >= 1.5 and OpenTofu",
      );
    }
    if (schema.deprecated) this.add(at, "deprecated-argument", `deprecated: ${schema.deprecated}`);
    const problem = typeProblem(schema.type, value);
    if (problem) {
      this.add(at, "wrong-type", problem);
      return;
    }
    if (
      schema.allowed &&
      typeof value === "string" &&
      !isExpression(value) &&
      !schema.allowed.includes(value)
    ) {
      this.add(
        at,
        "not-allowed",
        `${describeJson(value)} is not one of ${schema.allowed.map((v) => JSON.stringify(v)).join(", ")}`,
      );
    }
  }

  private nestedBlock(schema: NestedBlockSchema, value: unknown, at: string): void {
    if (isExpression(value)) {
      this.add(at, "bad-block", "a block cannot be an expression (use a dynamic block)");
      return;
    }
    const items = Array.isArray(value) ? value : [value];
    const bad = items.findIndex((item) => !isObject(item));
    if (bad >= 0) {
      this.add(
        at,
        "bad-block",
        `expected a block (an object or a list of objects), got ${describeJson(value)}`,
      );
      return;
    }
    if (items.length < schema.minItems || (schema.maxItems !== undefined && items.length > schema.maxItems)) {
      const range =
        schema.maxItems === undefined
          ? `at least ${schema.minItems}`
          : `${schema.minItems} to ${schema.maxItems}`;
      this.add(at, "block-count", `${range} block(s) allowed, got ${items.length}`);
    }
    items.forEach((item, index) => this.block(schema.block, item as Json, `${at}[${index}]`));
  }

  private dynamicBlocks(schema: BlockSchema, dynamic: Json, prefix: string): void {
    for (const [name, spec] of Object.entries(dynamic)) {
      const at = prefix ? `${prefix}.dynamic.${name}` : `dynamic.${name}`;
      const nested = schema.blockTypes[name];
      if (!nested) this.add(at, "unknown-argument", `unknown block type ${JSON.stringify(name)}`);
      else if (isObject(spec) && isObject(spec.content))
        this.block(nested.block, spec.content, `${at}.content`);
    }
  }
}

type Rule<T> = (problems: ProblemList, path: string, value: T) => unknown;

/** Value rules per `<resource type>.<attribute>`, applied to literal values only. */
const STRING_RULES: Readonly<Record<string, Rule<string>>> = {
  "harbor_garbage_collection.schedule": checkHarborJobSchedule,
  "harbor_purge_audit_log.schedule": checkHarborJobSchedule,
  "harbor_interrogation_services.vulnerability_scan_policy": checkHarborJobSchedule,
  "harbor_tasks.vulnerability_scan_policy": checkHarborJobSchedule,
  "harbor_retention_policy.schedule": checkHarborJobSchedule,
  "harbor_replication.schedule": checkReplicationSchedule,
  "harbor_retention_policy.scope": checkHarborProjectPath,
  "harbor_project_member_user.project_id": checkHarborProjectPath,
  "harbor_project_member_group.project_id": checkHarborProjectPath,
  "harbor_project_webhook.project_id": checkHarborProjectPath,
  "harbor_immutable_tag_rule.project_id": checkHarborProjectPath,
};

const NUMBER_RULES: Readonly<Record<string, Rule<number>>> = {
  "harbor_project.storage_quota": checkStorageQuotaGiB,
  "harbor_config_system.storage_per_project": checkStorageQuotaGiB,
};

function applyValueRules(checker: BlockChecker, type: string, value: Json): void {
  const problems = new ProblemList();
  for (const [attribute, item] of Object.entries(value)) {
    const key = `${type}.${attribute}`;
    if (typeof item === "string" && !isExpression(item)) STRING_RULES[key]?.(problems, attribute, item);
    if (typeof item === "number") NUMBER_RULES[key]?.(problems, attribute, item);
  }
  if (type === "harbor_replication" && value.deletion === true && value.schedule !== "event_based") {
    problems.add(
      "deletion",
      true,
      'true only with schedule "event_based"; Harbor ignores it otherwise and the plan never settles',
    );
  }
  for (const problem of problems.problems) checker.add(problem.path, "value-rule", problem.expected);
}

function checkRequiredProvider(schema: ProviderSchema, terraform: Json, violations: Violation[]): void {
  const address = `terraform.required_providers.${schema.name}`;
  const entry = isObject(terraform.required_providers)
    ? terraform.required_providers[schema.name]
    : undefined;
  const add = (message: string) =>
    violations.push({ address, path: "", kind: "required-providers", message });
  if (!isObject(entry)) {
    add(`missing: add { source = "${schema.source}", version = "<constraint>" }`);
    return;
  }
  const source = String(entry.source ?? "").replace(/^registry\.terraform\.io\//, "");
  if (source !== schema.source)
    add(`source ${describeJson(entry.source)} is not ${JSON.stringify(schema.source)}`);
  const version = typeof entry.version === "string" ? entry.version : undefined;
  if (!version) {
    add("no version constraint: any future major version could be installed");
  } else if (!constraintAdmits(version, schema.version)) {
    add(
      `version ${JSON.stringify(version)} does not admit ${schema.version}, the version the schema was transcribed from`,
    );
  } else if (constraintAdmits(version, nextMajor(schema.version))) {
    add(`version ${JSON.stringify(version)} admits the next major version ${nextMajor(schema.version)}`);
  }
}

/**
 * Every violation in one synthesized stack (the parsed `cdk.tf.json`). Only `alicloud` and
 * `harbor` providers and `alicloud_*` / `harbor_*` resources and data sources are checked.
 */
export function checkStackConformance(stackJson: unknown, schemas = loadProviderSchemas()): Violation[] {
  const stack = isObject(stackJson) ? stackJson : {};
  const violations: Violation[] = [];
  const providerBlocks = isObject(stack.provider) ? stack.provider : {};
  const resources = isObject(stack.resource) ? stack.resource : {};
  const dataSources = isObject(stack.data) ? stack.data : {};
  const terraform = isObject(stack.terraform) ? stack.terraform : {};

  for (const schema of schemas) {
    const prefix = `${schema.name}_`;
    const used =
      providerBlocks[schema.name] !== undefined ||
      Object.keys(resources).some((type) => type.startsWith(prefix)) ||
      Object.keys(dataSources).some((type) => type.startsWith(prefix));
    if (!used) continue;
    checkRequiredProvider(schema, terraform, violations);

    const configured = providerBlocks[schema.name];
    const blocks = configured === undefined ? [] : Array.isArray(configured) ? configured : [configured];
    const aliases = new Set<string>();
    blocks.forEach((block, index) => {
      const checker = new BlockChecker(`provider.${schema.name}[${index}]`);
      if (!isObject(block)) checker.add("", "bad-block", `expected an object, got ${describeJson(block)}`);
      else {
        if (typeof block.alias === "string") aliases.add(block.alias);
        checker.block(schema.provider, block, "", PROVIDER_META_ARGUMENTS);
      }
      violations.push(...checker.violations);
    });

    for (const [type, instances] of Object.entries(resources)) {
      if (!type.startsWith(prefix)) continue;
      const resourceSchema = schema.resources[type];
      for (const [name, value] of Object.entries(isObject(instances) ? instances : {})) {
        const checker = new BlockChecker(`${type}.${name}`);
        if (!resourceSchema) {
          checker.add("", "unknown-resource-type", `no ${type} in the ${schema.source} schema`);
        } else if (!isObject(value)) {
          checker.add("", "bad-block", `expected an object, got ${describeJson(value)}`);
        } else {
          checker.block(resourceSchema.block, value, "", RESOURCE_META_ARGUMENTS);
          checkTimeouts(checker, resourceSchema.timeouts, value.timeouts);
          applyValueRules(checker, type, value);
          const provider = value.provider;
          if (typeof provider === "string" && !isExpression(provider)) {
            const alias = provider.startsWith(`${schema.name}.`)
              ? provider.slice(schema.name.length + 1)
              : undefined;
            if (alias !== undefined && !aliases.has(alias)) {
              checker.add(
                "provider",
                "unknown-provider-alias",
                `no ${schema.name} provider with alias ${JSON.stringify(alias)} in this stack`,
              );
            }
          }
        }
        violations.push(...checker.violations);
      }
    }

    for (const type of Object.keys(dataSources)) {
      if (type.startsWith(prefix)) {
        violations.push({
          address: `data.${type}`,
          path: "",
          kind: "unknown-resource-type",
          message: "no data source schemas are transcribed; add one to the reference before using it",
        });
      }
    }
  }
  return violations;
}

function checkTimeouts(checker: BlockChecker, operations: readonly string[], timeouts: unknown): void {
  if (timeouts === undefined) return;
  if (operations.length === 0) {
    checker.add("timeouts", "unknown-argument", "this resource has no timeouts block");
    return;
  }
  if (!isObject(timeouts)) {
    checker.add("timeouts", "bad-block", `expected an object, got ${describeJson(timeouts)}`);
    return;
  }
  for (const [operation, value] of Object.entries(timeouts)) {
    if (!operations.includes(operation)) {
      checker.add(`timeouts.${operation}`, "unknown-argument", `timeouts here are ${operations.join(", ")}`);
    } else if (typeof value !== "string") {
      checker.add(
        `timeouts.${operation}`,
        "wrong-type",
        `expected a duration string like "10m", got ${describeJson(value)}`,
      );
    }
  }
}

/** Every violation in every stack of a synth output directory (`cdktf.out`). */
export function checkSynthDir(cdktfOutDir: string, schemas = loadProviderSchemas()): Violation[] {
  const stacksDir = path.join(cdktfOutDir, "stacks");
  if (!fs.existsSync(stacksDir)) throw new Error(`no stacks directory in ${cdktfOutDir}; run a synth first`);
  return fs
    .readdirSync(stacksDir)
    .sort()
    .flatMap((stack) => {
      const file = path.join(stacksDir, stack, "cdk.tf.json");
      if (!fs.existsSync(file)) return [];
      return checkStackConformance(JSON.parse(fs.readFileSync(file, "utf8")), schemas).map((violation) => ({
        stack,
        ...violation,
      }));
    });
}

/** One line per violation, for test failure messages. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations
    .map(
      (v) =>
        `${v.stack ? `${v.stack}: ` : ""}${v.address}${v.path ? ` ${v.path}` : ""}: ${v.message} [${v.kind}]`,
    )
    .join("\n");
}
