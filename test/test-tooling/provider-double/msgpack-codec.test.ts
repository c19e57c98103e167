import { decode, encode, ExtData } from "@msgpack/msgpack";
import {
  CodecError,
  decodeDynamicValue,
  decodeMsgpack,
  DynamicPayload,
  encodeMsgpack,
  fromJson,
  UNKNOWN,
} from "../../../test-tooling/provider-double/msgpack-codec";
import type { TypeConstraint } from "../../../test-tooling/provider-double/schema";

const diskType: TypeConstraint = [
  "object",
  {
    id: "string",
    size: "number",
    encrypted: "bool",
    tags: ["map", "string"],
    mount_options: ["set", "string"],
    spec: ["list", ["object", { name: "string", replicas: "number" }]],
  },
];

describe("msgpack codec", () => {
  it("round-trips every primitive, collection and nested object of a schema type", () => {
    const value = {
      id: "d-123",
      size: 100,
      encrypted: true,
      tags: { app: "harbor", tier: "data" },
      mount_options: ["noatime", "ro"],
      spec: [{ name: "a", replicas: 2 }],
    };
    expect(decodeMsgpack(encodeMsgpack(value, diskType), diskType)).toEqual(value);
  });

  it("encodes every attribute of an object, absent ones as nil, because Terraform rejects partial objects", () => {
    const wire = decode(encodeMsgpack({ id: "d-1" }, diskType)) as Record<string, unknown>;
    expect(Object.keys(wire).sort()).toEqual(["encrypted", "id", "mount_options", "size", "spec", "tags"]);
    expect(wire.size).toBeNull();
    expect(wire.spec).toBeNull();
  });

  it("encodes an unknown value as msgpack extension type 0", () => {
    const wire = decode(encodeMsgpack({ id: UNKNOWN }, diskType)) as Record<string, unknown>;
    expect(wire.id).toBeInstanceOf(ExtData);
    expect((wire.id as ExtData).type).toBe(0);
  });

  it("reads any extension as unknown, including refined unknowns (type 12)", () => {
    const refined = new ExtData(12, encode({ 1: false }));
    const bytes = encode({
      id: new ExtData(0, new Uint8Array()),
      size: refined,
      spec: [{ name: new ExtData(5, new Uint8Array()) }],
    });
    const value = decodeMsgpack(bytes, diskType) as Record<string, unknown>;
    expect(value.id).toBe(UNKNOWN);
    expect(value.size).toBe(UNKNOWN);
    expect((value.spec as Record<string, unknown>[])[0]).toEqual({ name: UNKNOWN, replicas: null });
  });

  it("reads numbers Terraform sends as strings (large mantissas) as numbers", () => {
    expect(decodeMsgpack(encode("1073741824"), "number")).toBe(1073741824);
  });

  it("round-trips a dynamic value with the type it travels with", () => {
    const payload = new DynamicPayload(["object", { replicas: "number" }], { replicas: 3 });
    const wire = decode(encodeMsgpack(payload, "dynamic")) as [Uint8Array, unknown];
    expect(JSON.parse(Buffer.from(wire[0]).toString())).toEqual(["object", { replicas: "number" }]);
    expect(decodeMsgpack(encodeMsgpack(payload, "dynamic"), "dynamic")).toEqual(payload);
  });

  it("falls back to the JSON encoding when msgpack is empty, filling absent attributes", () => {
    const json = Buffer.from(JSON.stringify({ id: "d-9", size: 20 }));
    expect(decodeDynamicValue({ msgpack: new Uint8Array(), json }, diskType)).toEqual({
      id: "d-9",
      size: 20,
      encrypted: null,
      tags: null,
      mount_options: null,
      spec: null,
    });
  });

  it("treats a missing DynamicValue as null", () => {
    expect(decodeDynamicValue(undefined, diskType)).toBeNull();
  });

  it("reads state JSON that lacks attributes added to the schema since", () => {
    expect(fromJson({ spec: [{ name: "x" }] }, diskType)).toMatchObject({
      spec: [{ name: "x", replicas: null }],
    });
  });

  it("fails with the attribute path when a value does not fit the type", () => {
    expect(() => decodeMsgpack(encode({ spec: [{ replicas: true }] }), diskType)).toThrow(CodecError);
    expect(() => decodeMsgpack(encode({ spec: [{ replicas: true }] }), diskType)).toThrow("spec[0].replicas");
    expect(() => encodeMsgpack({ size: "many" }, diskType)).toThrow("size: cannot encode string as number");
  });
});
