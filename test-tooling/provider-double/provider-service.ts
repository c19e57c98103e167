import {
  decodeDynamicValue,
  encodeDynamicValue,
  type DynamicValueMessage,
  type Value,
} from "./msgpack-codec";
import {
  applyResourceChange,
  planResourceChange,
  readDataSource,
  upgradeResourceState,
  validateConfig,
  type AttributePath,
  type Diagnostic,
} from "./planner";
import {
  impliedType,
  lookupSchema,
  type AttributeSchema,
  type BlockSchema,
  type NestedBlockSchema,
  type ProviderSchemaDocument,
  type ResourceSchema,
} from "./schema";

/**
 * The tfplugin6 `Provider` service of the double, as plain request → response functions
 * over protobuf objects (snake_case fields, as the protobuf layer hands them over). The
 * gRPC server is a thin shell around this class; unit tests call it directly.
 */

interface ProtoDiagnostic {
  severity: "ERROR" | "WARNING";
  summary: string;
  detail?: string;
  attribute?: { steps: ProtoStep[] };
}
type ProtoStep = { attribute_name: string } | { element_key_string: string } | { element_key_int: number };

type Request = Record<string, unknown> & {
  type_name?: string;
  config?: DynamicValueMessage;
  prior_state?: DynamicValueMessage;
  proposed_new_state?: DynamicValueMessage;
  planned_state?: DynamicValueMessage;
  current_state?: DynamicValueMessage;
  prior_private?: Uint8Array;
  planned_private?: Uint8Array;
  private?: Uint8Array;
  raw_state?: { json?: Uint8Array; flatmap?: Record<string, string> };
};
type Response = Record<string, unknown>;

const NESTING = { single: "SINGLE", list: "LIST", set: "SET", map: "MAP", group: "GROUP" } as const;

function toProtoPath(path: AttributePath): { steps: ProtoStep[] } {
  return {
    steps: path.map((step) => {
      if ("attribute" in step) return { attribute_name: step.attribute };
      if ("key" in step) return { element_key_string: step.key };
      return { element_key_int: step.index };
    }),
  };
}

function toProtoDiagnostic(diagnostic: Diagnostic): ProtoDiagnostic {
  return {
    severity: diagnostic.severity === "error" ? "ERROR" : "WARNING",
    summary: diagnostic.summary,
    ...(diagnostic.detail ? { detail: diagnostic.detail } : {}),
    ...(diagnostic.path && diagnostic.path.length > 0 ? { attribute: toProtoPath(diagnostic.path) } : {}),
  };
}

function errorDiagnostic(summary: string, detail?: string): ProtoDiagnostic {
  return { severity: "ERROR", summary, ...(detail ? { detail } : {}) };
}

function protoAttribute(name: string, attribute: AttributeSchema): Record<string, unknown> {
  const message: Record<string, unknown> = {
    name,
    required: Boolean(attribute.required),
    optional: Boolean(attribute.optional),
    computed: Boolean(attribute.computed),
    sensitive: Boolean(attribute.sensitive),
    deprecated: Boolean(attribute.deprecated),
    write_only: Boolean(attribute.write_only),
  };
  if (attribute.nested_type) {
    message.nested_type = {
      nesting: NESTING[attribute.nested_type.nesting_mode],
      attributes: Object.entries(attribute.nested_type.attributes).map(([member, schema]) =>
        protoAttribute(member, schema),
      ),
    };
  } else {
    message.type = Buffer.from(JSON.stringify(attribute.type));
  }
  return message;
}

function protoBlock(block: BlockSchema): Record<string, unknown> {
  return {
    attributes: Object.entries(block.attributes ?? {}).map(([name, attribute]) =>
      protoAttribute(name, attribute),
    ),
    block_types: Object.entries(block.block_types ?? {}).map(
      ([name, nested]: [string, NestedBlockSchema]) => ({
        type_name: name,
        block: protoBlock(nested.block),
        nesting: NESTING[nested.nesting_mode],
        min_items: nested.min_items ?? 0,
        max_items: nested.max_items ?? 0,
      }),
    ),
    deprecated: Boolean(block.deprecated),
  };
}

function protoSchema(schema: ResourceSchema): Record<string, unknown> {
  return { version: schema.version ?? 0, block: protoBlock(schema.block) };
}

export class ProviderDoubleService {
  constructor(readonly document: ProviderSchemaDocument) {}

  /** The schema response; `get_provider_schema_optional` lets Terraform cache it across launches. */
  getProviderSchema(): Response {
    const resources: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(this.document.resource_schemas))
      resources[name] = protoSchema(schema);
    const dataSources: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(this.document.data_source_schemas)) {
      dataSources[name] = protoSchema(schema);
    }
    return {
      provider: protoSchema({ version: 0, block: this.document.provider.block }),
      resource_schemas: resources,
      data_source_schemas: dataSources,
      server_capabilities: { get_provider_schema_optional: true },
    };
  }

  validateProviderConfig(request: Request): Response {
    return this.guard(() => {
      const config = decodeDynamicValue(request.config, impliedType(this.document.provider.block));
      return { diagnostics: validateConfig(this.document.provider.block, config).map(toProtoDiagnostic) };
    });
  }

  configureProvider(): Response {
    return { diagnostics: [] };
  }

  validateResourceConfig(request: Request): Response {
    return this.withSchema("resource", request, (schema) => {
      const config = decodeDynamicValue(request.config, impliedType(schema.block));
      return { diagnostics: validateConfig(schema.block, config).map(toProtoDiagnostic) };
    });
  }

  validateDataResourceConfig(request: Request): Response {
    return this.withSchema("data", request, (schema) => {
      const config = decodeDynamicValue(request.config, impliedType(schema.block));
      return { diagnostics: validateConfig(schema.block, config).map(toProtoDiagnostic) };
    });
  }

  upgradeResourceState(request: Request): Response {
    return this.withSchema("resource", request, (schema) => {
      const json = request.raw_state?.json;
      if (!json || json.length === 0) {
        return {
          diagnostics: [errorDiagnostic("the provider double reads JSON state only, not the legacy flatmap")],
        };
      }
      const upgraded = upgradeResourceState(schema, Buffer.from(json).toString("utf8"));
      return { upgraded_state: encodeDynamicValue(upgraded, impliedType(schema.block)) };
    });
  }

  /** No drift: the remote object is exactly what the state says. */
  readResource(request: Request): Response {
    return this.withSchema("resource", request, (schema) => {
      const type = impliedType(schema.block);
      const current = decodeDynamicValue(request.current_state, type);
      return { new_state: encodeDynamicValue(current, type), private: request.private ?? Buffer.alloc(0) };
    });
  }

  planResourceChange(request: Request): Response {
    return this.withSchema("resource", request, (schema) => {
      const type = impliedType(schema.block);
      const prior = decodeDynamicValue(request.prior_state, type);
      const proposed = decodeDynamicValue(request.proposed_new_state, type);
      const config = decodeDynamicValue(request.config, type);
      const { planned, requiresReplace } = planResourceChange(schema, prior, proposed, config);
      return {
        planned_state: encodeDynamicValue(planned, type),
        requires_replace: requiresReplace.map(toProtoPath),
        planned_private: request.prior_private ?? Buffer.alloc(0),
        // As SDKv2 providers do: lets Terraform accept planned defaults for
        // non-computed arguments (it only logs a warning).
        legacy_type_system: true,
      };
    });
  }

  applyResourceChange(request: Request): Response {
    return this.withSchema("resource", request, (schema) => {
      const type = impliedType(schema.block);
      const planned = decodeDynamicValue(request.planned_state, type);
      const newState: Value = applyResourceChange(request.type_name!, schema, planned);
      return {
        new_state: encodeDynamicValue(newState, type),
        private: request.planned_private ?? Buffer.alloc(0),
        legacy_type_system: true,
      };
    });
  }

  readDataSource(request: Request): Response {
    return this.withSchema("data", request, (schema) => {
      const type = impliedType(schema.block);
      const config = decodeDynamicValue(request.config, type);
      return { state: encodeDynamicValue(readDataSource(request.type_name!, schema, config), type) };
    });
  }

  stopProvider(): Response {
    return {};
  }

  private withSchema(
    kind: "resource" | "data",
    request: Request,
    handle: (schema: ResourceSchema) => Response,
  ): Response {
    const typeName = request.type_name ?? "";
    const schema = lookupSchema(this.document, kind, typeName);
    if (!schema) {
      const what = kind === "resource" ? "resource type" : "data source";
      return {
        diagnostics: [
          errorDiagnostic(
            `the provider double for ${this.document.provider.source} has no ${what} ${JSON.stringify(typeName)}`,
          ),
        ],
      };
    }
    return this.guard(() => handle(schema));
  }

  private guard(handle: () => Response): Response {
    try {
      return handle();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { diagnostics: [errorDiagnostic("provider double failed", message)] };
    }
  }
}
