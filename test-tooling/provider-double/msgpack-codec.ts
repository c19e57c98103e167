import { decode, encode, ExtData } from "@msgpack/msgpack";
import type { TypeConstraint } from "./schema";

/**
 * Values of Terraform's type system as the double handles them, and their wire forms
 * (`DynamicValue`, hashicorp/terraform docs/plugin-protocol/object-wire-format.md):
 * null is nil, an unknown value is any msgpack extension (Terraform sends type 0, or 12
 * with refinements), objects carry every attribute of their type, sets are arrays and a
 * `dynamic` value travels as `[type JSON bytes, value]`.
 */

/** The one unknown value: a placeholder for what only apply decides. */
export class UnknownValue {
  static readonly instance = new UnknownValue();
  private constructor() {}
  toJSON(): string {
    return "(known after apply)";
  }
}
export const UNKNOWN = UnknownValue.instance;

/** A value of type `dynamic` together with the concrete type it travels with. */
export class DynamicPayload {
  constructor(
    readonly type: TypeConstraint,
    readonly value: Value,
  ) {}
}

export type Value = null | UnknownValue | DynamicPayload | string | number | boolean | Value[] | ObjectValue;
export interface ObjectValue {
  [key: string]: Value;
}

export function isUnknown(value: Value | undefined): value is UnknownValue {
  return value === UNKNOWN;
}

export function isObjectValue(value: Value | undefined): value is ObjectValue {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof UnknownValue) &&
    !(value instanceof DynamicPayload)
  );
}

/** The protobuf `DynamicValue` message as grpc hands it over. */
export interface DynamicValueMessage {
  msgpack?: Uint8Array | null;
  json?: Uint8Array | null;
}

const EMPTY = new Uint8Array(0);

export class CodecError extends Error {
  constructor(path: string, message: string) {
    super(`${path || "(root)"}: ${message}`);
    this.name = "CodecError";
  }
}

/** Decodes a `DynamicValue` (msgpack preferred, JSON as fallback) against `type`. */
export function decodeDynamicValue(
  message: DynamicValueMessage | null | undefined,
  type: TypeConstraint,
): Value {
  if (message?.msgpack && message.msgpack.length > 0) return decodeMsgpack(message.msgpack, type);
  if (message?.json && message.json.length > 0) {
    return fromJson(JSON.parse(Buffer.from(message.json).toString("utf8")), type);
  }
  return null;
}

export function encodeDynamicValue(value: Value, type: TypeConstraint): { msgpack: Uint8Array } {
  return { msgpack: encodeMsgpack(value, type) };
}

export function decodeMsgpack(bytes: Uint8Array, type: TypeConstraint): Value {
  return fromWire(decode(bytes), type, "");
}

export function encodeMsgpack(value: Value, type: TypeConstraint): Uint8Array {
  return encode(toWire(value, type, ""));
}

/** Reads a value from its JSON form (state files, `RawState.json`), filling absent attributes with null. */
export function fromJson(json: unknown, type: TypeConstraint): Value {
  return fromWire(json, type, "");
}

function describe(raw: unknown): string {
  if (raw instanceof Uint8Array) return "binary";
  if (Array.isArray(raw)) return "array";
  return raw === null ? "null" : typeof raw;
}

function fromWire(raw: unknown, type: TypeConstraint, path: string): Value {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof ExtData) return UNKNOWN;
  if (type === "dynamic") {
    if (!Array.isArray(raw) || raw.length !== 2) {
      // JSON state stores a dynamic value as its plain JSON: keep it untyped.
      return new DynamicPayload("dynamic", jsonToUntyped(raw));
    }
    const [typeBytes, inner] = raw as [unknown, unknown];
    const text =
      typeBytes instanceof Uint8Array ? Buffer.from(typeBytes).toString("utf8") : String(typeBytes);
    const concrete = JSON.parse(text) as TypeConstraint;
    return new DynamicPayload(concrete, fromWire(inner, concrete, path));
  }
  if (typeof type === "string") {
    switch (type) {
      case "string":
        if (typeof raw === "string") return raw;
        if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
        break;
      case "number":
        if (typeof raw === "number") return raw;
        if (typeof raw === "bigint") return Number(raw);
        if (typeof raw === "string" && raw.trim() !== "" && !Number.isNaN(Number(raw))) return Number(raw);
        break;
      case "bool":
        if (typeof raw === "boolean") return raw;
        if (raw === "true" || raw === "false") return raw === "true";
        break;
    }
    throw new CodecError(path, `expected ${type}, got ${describe(raw)}`);
  }
  const [kind, argument] = type;
  switch (kind) {
    case "list":
    case "set":
      if (!Array.isArray(raw)) throw new CodecError(path, `expected ${kind}, got ${describe(raw)}`);
      return raw.map((element, index) => fromWire(element, argument, `${path}[${index}]`));
    case "tuple":
      if (!Array.isArray(raw)) throw new CodecError(path, `expected tuple, got ${describe(raw)}`);
      return argument.map((elementType, index) => fromWire(raw[index], elementType, `${path}[${index}]`));
    case "map": {
      if (!isPlainRecord(raw)) throw new CodecError(path, `expected map, got ${describe(raw)}`);
      const result: ObjectValue = {};
      for (const [key, element] of entriesOf(raw))
        result[key] = fromWire(element, argument, `${path}["${key}"]`);
      return result;
    }
    case "object": {
      if (!isPlainRecord(raw)) throw new CodecError(path, `expected object, got ${describe(raw)}`);
      const result: ObjectValue = {};
      const given = new Map(entriesOf(raw));
      for (const [name, memberType] of Object.entries(argument)) {
        result[name] = fromWire(given.get(name), memberType, path ? `${path}.${name}` : name);
      }
      return result;
    }
  }
}

function toWire(value: Value, type: TypeConstraint, path: string): unknown {
  if (value === null) return null;
  if (value instanceof UnknownValue) return new ExtData(0, EMPTY);
  if (type === "dynamic") {
    if (value instanceof DynamicPayload) {
      if (value.type === "dynamic") return toWire(value.value, inferType(value.value), path);
      return [Buffer.from(JSON.stringify(value.type)), toWire(value.value, value.type, path)];
    }
    const inferred = inferType(value);
    return [Buffer.from(JSON.stringify(inferred)), toWire(value, inferred, path)];
  }
  if (value instanceof DynamicPayload) return toWire(value.value, type, path);
  if (typeof type === "string") {
    switch (type) {
      case "string":
        if (typeof value === "string") return value;
        if (typeof value === "number" || typeof value === "boolean") return String(value);
        break;
      case "number":
        if (typeof value === "number") return value;
        if (typeof value === "string" && !Number.isNaN(Number(value))) return Number(value);
        break;
      case "bool":
        if (typeof value === "boolean") return value;
        break;
    }
    throw new CodecError(path, `cannot encode ${describe(value)} as ${type}`);
  }
  const [kind, argument] = type;
  switch (kind) {
    case "list":
    case "set":
      if (!Array.isArray(value)) throw new CodecError(path, `cannot encode ${describe(value)} as ${kind}`);
      return value.map((element, index) => toWire(element, argument, `${path}[${index}]`));
    case "tuple":
      if (!Array.isArray(value)) throw new CodecError(path, `cannot encode ${describe(value)} as tuple`);
      return argument.map((elementType, index) =>
        toWire(value[index] ?? null, elementType, `${path}[${index}]`),
      );
    case "map": {
      if (!isObjectValue(value)) throw new CodecError(path, `cannot encode ${describe(value)} as map`);
      const result: Record<string, unknown> = {};
      for (const [key, element] of Object.entries(value))
        result[key] = toWire(element, argument, `${path}["${key}"]`);
      return result;
    }
    case "object": {
      if (!isObjectValue(value)) throw new CodecError(path, `cannot encode ${describe(value)} as object`);
      const result: Record<string, unknown> = {};
      for (const [name, memberType] of Object.entries(argument)) {
        result[name] = toWire(value[name] ?? null, memberType, path ? `${path}.${name}` : name);
      }
      return result;
    }
  }
}

/** The type a plain value of a `dynamic` attribute travels with when no type is recorded. */
function inferType(value: Value): TypeConstraint {
  if (value === null || value instanceof UnknownValue) return "dynamic";
  if (value instanceof DynamicPayload) return value.type === "dynamic" ? inferType(value.value) : value.type;
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return ["tuple", value.map(inferType)];
  const members: { [name: string]: TypeConstraint } = {};
  for (const [name, member] of Object.entries(value)) members[name] = inferType(member);
  return ["object", members];
}

function jsonToUntyped(raw: unknown): Value {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") return raw;
  if (Array.isArray(raw)) return raw.map(jsonToUntyped);
  if (isPlainRecord(raw)) {
    const result: ObjectValue = {};
    for (const [key, member] of entriesOf(raw)) result[key] = jsonToUntyped(member);
    return result;
  }
  return String(raw);
}

function isPlainRecord(raw: unknown): raw is Record<string, unknown> | Map<unknown, unknown> {
  return (
    raw instanceof Map ||
    (typeof raw === "object" && raw !== null && !Array.isArray(raw) && !(raw instanceof Uint8Array))
  );
}

function entriesOf(raw: Record<string, unknown> | Map<unknown, unknown>): [string, unknown][] {
  if (raw instanceof Map) return [...raw.entries()].map(([key, value]) => [String(key), value]);
  return Object.entries(raw);
}
