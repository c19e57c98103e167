import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";
import { join } from "node:path";
import * as protobuf from "protobufjs";

/**
 * Protobuf descriptors of the RPCs the double serves, and gRPC service definitions built
 * from them. The bundled double starts from descriptors compiled to JSON when the mirror
 * is prepared (`compileDescriptors`); unbundled code (unit tests) parses the `.proto`
 * files. Field names keep the proto's snake_case.
 */

export const PROTO_FILES = ["tfplugin6.proto", "go-plugin.proto", "health.proto"];

declare global {
  // Set by the bundle's banner: the descriptors as `protobuf.Root#toJSON()`.
  var __providerDoubleDescriptors: protobuf.INamespace | undefined;
}

let root: protobuf.Root | undefined;

/** Parses the `.proto` files into the JSON form the bundle embeds. */
export function compileDescriptors(protoDir = join(__dirname, "proto")): protobuf.INamespace {
  const parsed = new protobuf.Root();
  parsed.loadSync(
    PROTO_FILES.map((file) => join(protoDir, file)),
    { keepCase: true },
  );
  return parsed.toJSON();
}

export function descriptorRoot(): protobuf.Root {
  if (!root) {
    const embedded = globalThis.__providerDoubleDescriptors;
    root = protobuf.Root.fromJSON(embedded ?? compileDescriptors());
  }
  return root;
}

const DECODE_OPTIONS: protobuf.IConversionOptions = {
  longs: Number,
  enums: String,
  defaults: false,
  oneofs: false,
};

function serializerFor(type: protobuf.Type): (message: object) => Buffer {
  return (message) =>
    Buffer.isBuffer(message)
      ? message
      : Buffer.from(type.encode(type.fromObject(message as Record<string, unknown>)).finish());
}

function deserializerFor(type: protobuf.Type): (bytes: Buffer) => object {
  return (bytes) => type.toObject(type.decode(bytes), DECODE_OPTIONS);
}

/**
 * A gRPC service definition for `service` (e.g. `tfplugin6.Provider`). A handler may
 * answer with an already encoded `Buffer` (the double does so for its large schema).
 */
export function serviceDefinition(serviceName: string): ServiceDefinition {
  const service = descriptorRoot().lookupService(serviceName);
  const definition: Record<string, MethodDefinition<object, object>> = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const requestType = method.resolvedRequestType!;
    const responseType = method.resolvedResponseType!;
    definition[method.name] = {
      path: `/${serviceName}/${method.name}`,
      requestStream: Boolean(method.requestStream),
      responseStream: Boolean(method.responseStream),
      requestSerialize: serializerFor(requestType),
      requestDeserialize: deserializerFor(requestType),
      responseSerialize: serializerFor(responseType),
      responseDeserialize: deserializerFor(responseType),
      originalName: method.name,
    };
  }
  return definition;
}

/** Encodes one message by its full name, e.g. `tfplugin6.GetProviderSchema.Response`. */
export function encodeMessage(typeName: string, message: object): Buffer {
  const type = descriptorRoot().lookupType(typeName);
  return Buffer.from(type.encode(type.fromObject(message as Record<string, unknown>)).finish());
}

export function decodeMessage(typeName: string, bytes: Uint8Array): Record<string, unknown> {
  const type = descriptorRoot().lookupType(typeName);
  return type.toObject(type.decode(bytes), DECODE_OPTIONS);
}
