import {
  DefaultTokenResolver,
  Lazy,
  StringConcat,
  TerraformMetaArguments,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Token,
  Tokenization,
} from "cdktf";
import { Construct, IConstruct } from "constructs";
import { ProblemList } from "../lib/validation";
import { AttributeFields, AttributeMap, structToHcl, structToTerraform } from "./attributes";

/** Where a hand-written binding comes from: written into `required_providers` by cdktf. */
export interface ProviderIdentity {
  /** Local name and prefix of every resource type, e.g. `alicloud`. */
  readonly name: string;
  /** Registry source address, e.g. `aliyun/alicloud`. */
  readonly source: string;
  /** Version constraint, e.g. `~> 1.289`. */
  readonly versionConstraint: string;
}

/** The attribute table of a resource config: every field except the Terraform meta-arguments. */
export type ResourceAttributes<Config> = AttributeMap<Omit<Config, keyof TerraformMetaArguments>>;

/**
 * Base of every hand-written resource binding: passes the meta-arguments to cdktf and synthesizes
 * the attributes (JSON and HCL) from the subclass's attribute table. Subclasses add the typed
 * config interface, the computed-attribute getters and their validation.
 */
export abstract class TypedResource<Config extends TerraformMetaArguments> extends TerraformResource {
  private readonly attributeFields: AttributeFields;
  private readonly attributeValues: Readonly<Record<string, unknown>>;

  protected constructor(
    scope: Construct,
    id: string,
    resourceType: string,
    provider: ProviderIdentity,
    config: Config,
    attributes: ResourceAttributes<Config>,
  ) {
    super(scope, id, {
      terraformResourceType: resourceType,
      terraformGeneratorMetadata: {
        providerName: provider.name,
        providerVersionConstraint: provider.versionConstraint,
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
      provisioners: config.provisioners,
      connection: config.connection,
    });
    this.attributeFields = attributes;
    this.attributeValues = config as unknown as Readonly<Record<string, unknown>>;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return structToTerraform(this.attributeFields, this.attributeValues);
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return structToHcl(this.attributeFields, this.attributeValues);
  }
}

/**
 * Base of the two provider bindings: a settable `alias` (cdktf requires an accessor pair, a plain
 * field fails to type-check) and attributes synthesized from an attribute table.
 */
export abstract class TypedProvider<Config extends { readonly alias?: string }> extends TerraformProvider {
  private providerAlias?: string;
  private readonly attributeFields: AttributeFields;
  private readonly attributeValues: Readonly<Record<string, unknown>>;

  protected constructor(
    scope: Construct,
    id: string,
    provider: ProviderIdentity,
    config: Config,
    attributes: AttributeMap<Omit<Config, "alias">>,
    alias: string | undefined,
  ) {
    super(scope, id, {
      terraformResourceType: provider.name,
      terraformGeneratorMetadata: {
        providerName: provider.name,
        providerVersionConstraint: provider.versionConstraint,
      },
      terraformProviderSource: provider.source,
    });
    this.providerAlias = alias;
    this.attributeFields = attributes;
    this.attributeValues = config as unknown as Readonly<Record<string, unknown>>;
  }

  override get alias(): string | undefined {
    return this.providerAlias;
  }

  override set alias(value: string | undefined) {
    this.providerAlias = value;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return this.preserveMapKeys(structToTerraform(this.attributeFields, this.attributeValues), (value) =>
      Lazy.anyValue({ produce: () => value }),
    );
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return this.preserveMapKeys(structToHcl(this.attributeFields, this.attributeValues), (attribute) => {
      const hcl = attribute as { readonly value: unknown };
      return { ...hcl, value: Lazy.anyValue({ produce: () => hcl.value }) };
    });
  }

  /**
   * cdktf snake-cases every key of a provider block, map keys included (`X-Forwarded-Proto` would
   * become `x_forwarded_proto`); a lazy value is resolved after that step and keeps its keys.
   */
  private preserveMapKeys(
    attributes: Record<string, unknown>,
    wrap: (attribute: unknown) => unknown,
  ): Record<string, unknown> {
    const out = { ...attributes };
    for (const spec of Object.values(this.attributeFields)) {
      if (spec.kind === "stringMap" && out[spec.name] !== undefined) out[spec.name] = wrap(out[spec.name]);
    }
    return out;
  }
}

/**
 * Problems of one construct's config: paths read `<construct path>: <field>`, and the error thrown
 * names the resource type, so a message points at exactly one line of the user's code.
 */
export class ConfigProblems extends ProblemList {
  constructor(
    private readonly construct: IConstruct,
    private readonly resourceType: string,
  ) {
    super();
  }

  /** Error path of a config field, e.g. `harbor-primary-config/replication/push: schedule`. */
  at(field: string): string {
    return `${this.construct.node.path}: ${field}`;
  }

  /** Throws one ValidationError with every problem found, if any. */
  throwIfInvalid(): void {
    this.throwIfAny(`invalid ${this.resourceType} ${this.construct.node.path}`);
  }
}

/**
 * The value when it is known at synth time, `undefined` for cdktf tokens (references to other
 * resources, variables): those are decided by Terraform and cannot be checked here.
 */
export function known<T>(value: T | undefined): T | undefined {
  return value === undefined || Token.isUnresolved(value) ? undefined : value;
}

/** The list when it and all its elements are known at synth time, else `undefined`. */
export function knownList<T>(list: readonly T[] | undefined): readonly T[] | undefined {
  if (list === undefined || Token.isUnresolved(list)) return undefined;
  return list.some((element) => Token.isUnresolved(element)) ? undefined : list;
}

/** Stands in for a secret in error messages: says what was given without printing it. */
class RedactedLiteral {
  constructor(private readonly length: number) {}
  toJSON(): undefined {
    return undefined;
  }
  toString(): string {
    return `a literal string of ${this.length} characters (redacted)`;
  }
}

/**
 * Secrets must reach `cdk.tf.json` as Terraform expressions (a sensitive `TerraformVariable`, a
 * `random_password` result, another resource's secret attribute), never as literal text, which
 * would be committed with the synthesized JSON and shown in plans.
 */
export function checkSecretIsExpression(
  problems: ProblemList,
  path: string,
  value: string | undefined,
  source = "a sensitive TerraformVariable or a generated secret (random_password, robot account secret)",
): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  problems.add(path, new RedactedLiteral(value.length), `a Terraform expression such as ${source}`);
}

/** Whether a Terraform expression reads `var.<name>` (also inside a function call). */
function referencesVariable(expression: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\w.])var\\.${escaped}(?![\\w-])`).test(expression);
}

/**
 * When `value` references a `TerraformVariable` of the same stack, that variable must be
 * `sensitive: true`, or Terraform prints the secret in every plan. Checked at synth, because the
 * reference is only known once tokens resolve.
 */
export function requireSensitiveVariables(
  construct: IConstruct,
  path: string,
  value: string | undefined,
): void {
  if (value === undefined || !Token.isUnresolved(value)) return;
  construct.node.addValidation({
    validate: () => {
      const stack = TerraformStack.of(construct);
      const expression = String(
        Tokenization.resolve(value, {
          scope: construct,
          resolver: new DefaultTokenResolver(new StringConcat()),
        }),
      );
      return stack.node
        .findAll()
        .filter((node): node is TerraformVariable => node instanceof TerraformVariable && !node.sensitive)
        .filter((variable) => referencesVariable(expression, variable.friendlyUniqueId))
        .map(
          (variable) =>
            `${path}: variable ${JSON.stringify(variable.friendlyUniqueId)} carries a secret and must be declared with sensitive: true`,
        );
    },
  });
}
