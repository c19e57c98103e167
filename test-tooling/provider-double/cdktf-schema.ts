import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type {
  AttributeSchema,
  BlockSchema,
  NestedBlockSchema,
  ProviderSchemaDocument,
  ResourceSchema,
  TypeConstraint,
} from "./schema";

/**
 * Derives a provider schema from an installed prebuilt cdktf binding package
 * (`@cdktf/provider-kubernetes`, `-helm`, `-random`, `-tls`). The generator that wrote
 * those packages recorded the provider schema in the TypeScript it emitted (embedded in
 * each module's inline source map):
 *
 * - every attribute of every resource and nested object gets a comment
 *   `// <name> - computed: <bool>, optional: <bool>, required: <bool>`;
 * - every configurable attribute has an entry in a `...ToHclTerraform` function with
 *   `isBlock`, `type` (`simple`/`list`/`set`/`map`/`struct`) and `storageClassType`
 *   (`string`, `stringList`, `<Struct>List`, ...), and `listMapperHcl(fn, isBlock)` says
 *   whether a collection of objects is a block or a nested attribute;
 * - computed-only attributes are getters (`getStringAttribute('uid')`, ...) or complex
 *   lists (`new FooList(this, "status", false)`, the flag meaning "wraps a set").
 *
 * What the packages do not carry (ForceNew, defaults, sensitivity, validation) comes from
 * the hand-written table in `force-new.ts`.
 */

interface HclEntry {
  readonly name: string;
  readonly value: string;
  readonly isBlock: boolean;
  readonly kind: string;
  readonly storage: string;
}

interface MemberComment {
  readonly name: string;
  readonly computed: boolean;
  readonly optional: boolean;
  readonly required: boolean;
  readonly declaration: string;
}

interface ClassModel {
  readonly name: string;
  readonly base: string;
  readonly body: string;
  readonly members: MemberComment[];
}

interface SourceModel {
  /** struct name → camelCase field → optional */
  readonly interfaces: Map<string, Map<string, boolean>>;
  /** struct name → entries of its `...ToHclTerraform` function */
  readonly hclByStruct: Map<string, HclEntry[]>;
  /** `fooToHclTerraform` → struct name */
  readonly structByFunction: Map<string, string>;
  readonly classes: Map<string, ClassModel>;
}

export class CdktfSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CdktfSchemaError";
  }
}

/** Reads the TypeScript the generator wrote, from the inline source map of a compiled module. */
export function embeddedTypeScript(javascript: string, file: string): string {
  const match = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(javascript);
  if (!match) throw new CdktfSchemaError(`${file}: no inline source map with the generated TypeScript`);
  const map = JSON.parse(Buffer.from(match[1], "base64").toString("utf8")) as { sourcesContent?: string[] };
  const source = map.sourcesContent?.[0];
  if (!source) throw new CdktfSchemaError(`${file}: the source map carries no sourcesContent`);
  return source;
}

function moduleSources(moduleDir: string): string[] {
  const files = [join(moduleDir, "index.js")];
  const structsDir = join(moduleDir, "index-structs");
  if (existsSync(structsDir)) {
    for (const file of readdirSync(structsDir).sort()) {
      if (/^structs\d+\.js$/.test(file)) files.push(join(structsDir, file));
    }
  }
  return files.map((file) => embeddedTypeScript(readFileSync(file, "utf8"), file));
}

const DECLARATION = /^export (interface|function|class) (\w+)/gm;
const HCL_ENTRY =
  /^\s+(\w+): \{\s*value: ([\s\S]*?),\s*isBlock: (true|false),\s*type: "(\w+)",\s*storageClassType: "(\w+)",\s*\}/gm;
const MEMBER_COMMENT =
  /^ {2}\/\/ (\w+) - computed: (true|false), optional: (true|false), required: (true|false)\n((?:.*\n){1,3})/gm;

function parseHclEntries(body: string): HclEntry[] {
  const entries: HclEntry[] = [];
  for (const match of body.matchAll(HCL_ENTRY)) {
    entries.push({
      name: match[1],
      value: match[2],
      isBlock: match[3] === "true",
      kind: match[4],
      storage: match[5],
    });
  }
  return entries;
}

function parseSources(sources: readonly string[]): SourceModel {
  const model: SourceModel = {
    interfaces: new Map(),
    hclByStruct: new Map(),
    structByFunction: new Map(),
    classes: new Map(),
  };
  for (const source of sources) {
    const starts = [...source.matchAll(DECLARATION)];
    starts.forEach((match, index) => {
      const end = index + 1 < starts.length ? starts[index + 1].index : source.length;
      const text = source.slice(match.index, end);
      const [, kind, name] = match;
      if (kind === "interface") {
        const fields = new Map<string, boolean>();
        for (const field of text.matchAll(/^ {2}readonly (\w+)(\??):/gm))
          fields.set(field[1], field[2] === "?");
        model.interfaces.set(name, fields);
      } else if (kind === "function" && name.endsWith("ToHclTerraform")) {
        const parameter = /\(struct\?: ([^)]*)\)/.exec(text);
        const structName = parameter?.[1]
          .split("|")
          .map((part) => part.trim())
          .find((part) => !part.startsWith("cdktf.") && !part.endsWith("OutputReference"));
        if (structName) {
          model.structByFunction.set(name, structName);
          model.hclByStruct.set(structName, parseHclEntries(text));
        }
      } else if (kind === "class") {
        const base = /^export class \w+ extends ([\w.]+)/.exec(text)?.[1] ?? "";
        const members: MemberComment[] = [];
        for (const member of text.matchAll(MEMBER_COMMENT)) {
          members.push({
            name: member[1],
            computed: member[2] === "true",
            optional: member[3] === "true",
            required: member[4] === "true",
            declaration: member[5],
          });
        }
        model.classes.set(name, { name, base, body: text, members });
      }
    });
  }
  return model;
}

const PRIMITIVES: Record<string, TypeConstraint> = {
  string: "string",
  number: "number",
  boolean: "bool",
  any: "dynamic",
  String: "string",
  Number: "number",
  Boolean: "bool",
  Any: "dynamic",
};

/** `stringList` + kind `set` → `["set","string"]`; `numberMap` → `["map","number"]`. */
function primitiveStorageType(storage: string, kind: string): TypeConstraint | undefined {
  const match = /^(string|number|boolean|any|String|Number|Boolean|Any)((?:List|Map)*)$/.exec(storage);
  if (!match) return undefined;
  let type = PRIMITIVES[match[1]];
  const wrappers = match[2].match(/List|Map/g) ?? [];
  wrappers.forEach((wrapper, index) => {
    const outermost = index === wrappers.length - 1;
    if (wrapper === "Map") type = ["map", type];
    else type = [outermost && kind === "set" ? "set" : "list", type];
  });
  return type;
}

const GETTER_TYPES: Record<string, TypeConstraint> = {
  getStringAttribute: "string",
  getNumberAttribute: "number",
  getBooleanAttribute: "bool",
  getListAttribute: ["list", "string"],
  getNumberListAttribute: ["list", "number"],
  getStringMapAttribute: ["map", "string"],
  getNumberMapAttribute: ["map", "number"],
  getBooleanMapAttribute: ["map", "bool"],
  getAnyMapAttribute: ["map", "dynamic"],
  interpolationForAttribute: "dynamic",
};

class Deriver {
  constructor(
    private readonly model: SourceModel,
    private readonly file: string,
    /** Framework-style packages pass `false` to `listMapperHcl` for objects: nested attributes, not blocks. */
    private readonly nestedAttributes: boolean,
  ) {}

  /** Builds the block of a resource, data source or provider class. */
  topLevelBlock(className: string, interfaceName: string): BlockSchema {
    const model = this.requireClass(className);
    const body = /synthesizeHclAttributes\(\)[\s\S]*?\n {2}\}\n/.exec(model.body)?.[0] ?? "";
    const entries = parseHclEntries(body).filter((entry) => entry.name !== "alias");
    return this.block(entries, model.members, this.model.interfaces.get(interfaceName), className);
  }

  private requireClass(name: string): ClassModel {
    const model = this.model.classes.get(name);
    if (!model) throw new CdktfSchemaError(`${this.file}: class ${name} not found`);
    return model;
  }

  private block(
    entries: readonly HclEntry[],
    members: readonly MemberComment[],
    fields: Map<string, boolean> | undefined,
    where: string,
  ): BlockSchema {
    const attributes: Record<string, AttributeSchema> = {};
    const blockTypes: Record<string, NestedBlockSchema> = {};
    const comments = new Map(members.map((member) => [member.name, member]));
    for (const entry of entries) {
      const comment = comments.get(entry.name);
      const camel = /(?:struct!?|this)\.(?:_)?(\w+)/.exec(entry.value)?.[1];
      const optionalInInterface = camel !== undefined ? fields?.get(camel) : undefined;
      const required = comment ? comment.required : optionalInInterface === false;
      const computed = comment ? comment.computed : false;
      const flags = { required, optional: !required, computed };
      const primitive = primitiveStorageType(entry.storage, entry.kind);
      if (primitive !== undefined) {
        attributes[entry.name] = attributeFlags(primitive, flags);
        continue;
      }
      const structName = this.structOf(entry, where);
      const nested = this.structBlock(structName, where);
      const mapper = /listMapperHcl\(\w+, (true|false)\)/.exec(entry.value);
      const isNestedAttribute =
        computed || (mapper ? mapper[1] === "false" : entry.kind === "struct" && this.nestedAttributes);
      const nesting = nestingOf(entry.kind);
      if (isNestedAttribute) {
        attributes[entry.name] = {
          nested_type: {
            nesting_mode: nesting === "group" ? "single" : nesting,
            attributes: nested.attributes ?? {},
          },
          ...flagsOnly(flags),
        };
      } else {
        const singleObject = entry.kind === "list" && !mapper;
        blockTypes[entry.name] = {
          nesting_mode: nesting,
          block: nested,
          ...(required && nesting !== "single" ? { min_items: 1 } : {}),
          ...(singleObject ? { max_items: 1 } : {}),
        };
      }
    }
    for (const member of members) {
      if (attributes[member.name] || blockTypes[member.name] || member.name === "alias") continue;
      if (!member.computed) continue;
      attributes[member.name] = attributeFlags(this.computedType(member, where), {
        required: false,
        optional: member.optional,
        computed: true,
      });
    }
    return { attributes, block_types: blockTypes };
  }

  private structOf(entry: HclEntry, where: string): string {
    const functionName = /(?:^|[^.\w])([a-z]\w*ToHclTerraform)\b/.exec(entry.value)?.[1];
    const structName = functionName ? this.model.structByFunction.get(functionName) : undefined;
    if (!structName) {
      throw new CdktfSchemaError(
        `${this.file}: ${where}.${entry.name}: cannot tell the struct of ${entry.value}`,
      );
    }
    return structName;
  }

  /** The block of a nested struct: its HCL entries plus the comments of its output reference class. */
  private structBlock(structName: string, where: string): BlockSchema {
    const entries = this.model.hclByStruct.get(structName) ?? [];
    const reference = this.model.classes.get(`${structName}OutputReference`);
    return this.block(
      entries,
      reference?.members ?? [],
      this.model.interfaces.get(structName),
      `${where}.${structName}`,
    );
  }

  /** The type of a computed-only attribute from its getter or complex field. */
  private computedType(member: MemberComment, where: string): TypeConstraint {
    const declaration = member.declaration;
    const getter = /return (?:cdktf\.Token\.\w+\()?(cdktf\.Fn\.tolist\()?this\.(\w+)\('/.exec(declaration);
    if (getter) {
      const type = GETTER_TYPES[getter[2]];
      if (!type)
        throw new CdktfSchemaError(`${this.file}: ${where}.${member.name}: unknown getter ${getter[2]}`);
      if (getter[1] && Array.isArray(type) && type[0] === "list") return ["set", type[1] as TypeConstraint];
      return type;
    }
    const complex = /private _\w+ = new ([\w.]+)\(this, "\w+"(?:, (true|false))?\)/.exec(declaration);
    if (complex) {
      const className = complex[1].replace(/^cdktf\./, "");
      const builtin = primitiveStorageType(className, "list");
      if (builtin !== undefined && complex[1].startsWith("cdktf.")) return builtin;
      return this.complexClassType(className, complex[2] === "true", where);
    }
    if (/return this\._\w+;/.test(declaration)) {
      throw new CdktfSchemaError(
        `${this.file}: ${where}.${member.name}: computed field without a recognisable class`,
      );
    }
    throw new CdktfSchemaError(
      `${this.file}: ${where}.${member.name}: cannot read the type of ${declaration.trim()}`,
    );
  }

  private complexClassType(className: string, wrapsSet: boolean, where: string): TypeConstraint {
    const model = this.requireClass(className);
    let elementClass: string;
    let wrap: (element: TypeConstraint) => TypeConstraint;
    if (model.base === "cdktf.ComplexList") {
      elementClass = /get\(index: number\): (\w+)/.exec(model.body)?.[1] ?? "";
      wrap = (element) => [wrapsSet ? "set" : "list", element];
    } else if (model.base === "cdktf.ComplexMap") {
      elementClass = /get\(key: string\): (\w+)/.exec(model.body)?.[1] ?? "";
      wrap = (element) => ["map", element];
    } else {
      elementClass = className;
      wrap = (element) => element;
    }
    const structName = elementClass.replace(/OutputReference$/, "");
    const block = this.structBlock(structName, where);
    const members: { [name: string]: TypeConstraint } = {};
    for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
      members[name] = attribute.type ?? nestedObjectType(attribute);
    }
    for (const [name, nested] of Object.entries(block.block_types ?? {})) {
      members[name] = ["list", blockObjectType(nested.block)];
    }
    return wrap(["object", members]);
  }
}

function nestedObjectType(attribute: AttributeSchema): TypeConstraint {
  const nested = attribute.nested_type!;
  const object = blockObjectType({ attributes: nested.attributes });
  return nested.nesting_mode === "single" ? object : [nested.nesting_mode, object];
}

function blockObjectType(block: BlockSchema): TypeConstraint {
  const members: { [name: string]: TypeConstraint } = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    members[name] = attribute.type ?? nestedObjectType(attribute);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const object = blockObjectType(nested.block);
    members[name] =
      nested.nesting_mode === "single" || nested.nesting_mode === "group"
        ? object
        : [nested.nesting_mode, object];
  }
  return ["object", members];
}

function nestingOf(kind: string): NestedBlockSchema["nesting_mode"] {
  switch (kind) {
    case "list":
      return "list";
    case "set":
      return "set";
    case "map":
      return "map";
    default:
      return "single";
  }
}

function flagsOnly(flags: {
  required: boolean;
  optional: boolean;
  computed: boolean;
}): Partial<AttributeSchema> {
  if (flags.required) return { required: true };
  if (flags.computed) return flags.optional ? { optional: true, computed: true } : { computed: true };
  return { optional: true };
}

function attributeFlags(
  type: TypeConstraint,
  flags: { required: boolean; optional: boolean; computed: boolean },
): AttributeSchema {
  return { type, ...flagsOnly(flags) };
}

export interface CdktfPackageProvider {
  /** Registry source as Terraform resolves it, e.g. `hashicorp/kubernetes`. */
  readonly source: string;
  /** The exact version cdktf pins in `required_providers`. */
  readonly version: string;
  /** The provider's local name, e.g. `kubernetes`. */
  readonly localName: string;
}

/** Reads the provider source and pinned version from the package's provider class. */
export function readCdktfPackageProvider(packageDir: string): CdktfPackageProvider {
  const file = join(packageDir, "lib", "provider", "index.js");
  const javascript = readFileSync(file, "utf8");
  const version = /providerVersion: '([^']+)'/.exec(javascript)?.[1];
  const source = /terraformProviderSource: '([^']+)'/.exec(javascript)?.[1];
  const localName = /terraformResourceType: '([^']+)'/.exec(javascript)?.[1];
  if (!version || !source || !localName) {
    throw new CdktfSchemaError(
      `${file}: providerVersion, terraformProviderSource or terraformResourceType not found`,
    );
  }
  return { source: source.includes("/") ? source : `hashicorp/${source}`, version, localName };
}

export interface DeriveOptions {
  /** Derive only these resource and data source types (all when absent). */
  readonly types?: ReadonlySet<string>;
}

/** Derives the whole provider schema document from an installed `@cdktf/provider-*` package. */
export function deriveCdktfProviderSchema(
  packageDir: string,
  options: DeriveOptions = {},
): ProviderSchemaDocument {
  const provider = readCdktfPackageProvider(packageDir);
  const libDir = join(packageDir, "lib");
  const resources: Record<string, ResourceSchema> = {};
  const dataSources: Record<string, ResourceSchema> = {};
  let providerBlock: BlockSchema = {};
  const modules = readdirSync(libDir)
    .filter((name) => statSync(join(libDir, name)).isDirectory())
    .sort();
  for (const moduleName of modules) {
    const moduleDir = join(libDir, moduleName);
    if (
      options.types &&
      moduleName !== "provider" &&
      !options.types.has(typeNameOfModule(provider.localName, moduleName))
    ) {
      continue;
    }
    const sources = moduleSources(moduleDir);
    const model = parseSources(sources);
    const nestedAttributes = sources.some((source) =>
      /listMapperHcl\([a-z]\w*ToHclTerraform, false\)/.test(source),
    );
    const deriver = new Deriver(model, moduleDir, nestedAttributes);
    for (const classModel of model.classes.values()) {
      const typeName = /static readonly tfResourceType = "(\w+)"/.exec(classModel.body)?.[1];
      if (!typeName) continue;
      const block = deriver.topLevelBlock(classModel.name, `${classModel.name}Config`);
      if (classModel.base === "cdktf.TerraformResource") resources[typeName] = { version: 0, block };
      else if (classModel.base === "cdktf.TerraformDataSource") dataSources[typeName] = { version: 0, block };
      else if (classModel.base === "cdktf.TerraformProvider") providerBlock = block;
    }
  }
  return {
    provider: { source: provider.source, version: provider.version, block: providerBlock },
    resource_schemas: resources,
    data_source_schemas: dataSources,
  };
}

/** `namespace-v1` → `kubernetes_namespace_v1`; `data-kubernetes-namespace-v1` → `kubernetes_namespace_v1`. */
export function typeNameOfModule(localName: string, moduleName: string): string {
  const withoutData = moduleName.replace(/^data-/, "");
  const snake = withoutData.replace(/-/g, "_");
  if (snake === localName || snake.startsWith(`${localName}_`)) return snake;
  // `string-resource` is random_string: the generator suffixes names that clash with TypeScript.
  return `${localName}_${snake.replace(/_resource$/, "")}`;
}
