import * as grpc from "@grpc/grpc-js";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeMsgpack, encodeMsgpack, UNKNOWN } from "../../../test-tooling/provider-double/msgpack-codec";
import { serviceDefinition } from "../../../test-tooling/provider-double/protocol";
import { impliedType, type ProviderSchemaDocument } from "../../../test-tooling/provider-double/schema";
import {
  checkLaunchEnvironment,
  HandshakeError,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  startProviderDouble,
  type RunningDouble,
} from "../../../test-tooling/provider-double/server";
import { generateSelfSignedCert } from "../../../test-tooling/self-signed-cert";

const document: ProviderSchemaDocument = {
  provider: {
    source: "example/widgets",
    version: "1.0.0",
    block: { attributes: { region: { type: "string", optional: true } } },
  },
  resource_schemas: {
    widget: {
      version: 0,
      block: {
        attributes: {
          id: { type: "string", optional: true, computed: true },
          name: { type: "string", required: true, force_new: true },
          size: { type: "number", optional: true, allowed: [1, 2] },
        },
      },
    },
  },
  data_source_schemas: {},
};
const widgetType = impliedType(document.resource_schemas.widget.block);

// Loosely typed on purpose: the generic client is driven by the descriptors, not by generated stubs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Client = grpc.Client & Record<string, any>;

function call<T>(client: Client, method: string, request: object): Promise<T> {
  return new Promise((resolve, reject) =>
    client[method](request, (error: grpc.ServiceError | null, response: T) =>
      error ? reject(error) : resolve(response),
    ),
  );
}

function certificate(dir: string, name: string): { cert: string; key: string } {
  generateSelfSignedCert({
    keyFile: join(dir, `${name}.key`),
    certFile: join(dir, `${name}.pem`),
    dnsNames: ["localhost"],
    days: 1,
  });
  return {
    cert: readFileSync(join(dir, `${name}.pem`), "utf8"),
    key: readFileSync(join(dir, `${name}.key`), "utf8"),
  };
}

describe("provider double gRPC server (mutual TLS, as Terraform connects)", () => {
  let dir: string;
  let running: RunningDouble;
  let server: { cert: string; key: string };
  let terraformClient: { cert: string; key: string };
  let provider: Client;
  let health: Client;
  let controller: Client;
  let shutdowns = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "double-tls-"));
    server = certificate(dir, "server");
    terraformClient = certificate(dir, "terraform");
    running = await startProviderDouble({
      document,
      tls: { certificatePem: server.cert, privateKeyPem: server.key },
      env: {
        [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
        PLUGIN_PROTOCOL_VERSIONS: "5,6",
        PLUGIN_CLIENT_CERT: terraformClient.cert,
      },
      onShutdown: () => shutdowns++,
    });
    const credentials = grpc.credentials.createSsl(
      Buffer.from(server.cert),
      Buffer.from(terraformClient.key),
      Buffer.from(terraformClient.cert),
    );
    provider = connect("tfplugin6.Provider", credentials);
    health = connect("grpc.health.v1.Health", credentials);
    controller = connect("plugin.GRPCController", credentials);
  });

  // Terraform verifies the server as "localhost" (go-plugin client.go sets ServerName).
  function connect(service: string, credentials: grpc.ChannelCredentials): Client {
    const Constructor = grpc.makeGenericClientConstructor(serviceDefinition(service), service);
    return new Constructor(running.address, credentials, {
      "grpc.ssl_target_name_override": "localhost",
    }) as Client;
  }

  it("fails to serve a client without the certificate Terraform announced", async () => {
    const stranger = certificate(dir, "stranger");
    const client = connect(
      "grpc.health.v1.Health",
      grpc.credentials.createSsl(
        Buffer.from(server.cert),
        Buffer.from(stranger.key),
        Buffer.from(stranger.cert),
      ),
    );
    try {
      await expect(call(client, "Check", { service: "plugin" })).rejects.toMatchObject({
        code: grpc.status.UNAVAILABLE,
      });
    } finally {
      client.close();
    }
  });

  afterAll(async () => {
    for (const client of [provider, health, controller]) client?.close();
    await running?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints the go-plugin handshake with the server certificate as unpadded base64 DER", () => {
    const [core, app, network, address, protocol, cert] = running.handshake.split("|");
    expect([core, app, network, protocol]).toEqual(["1", "6", "tcp", "grpc"]);
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(cert).not.toMatch(/=$/);
    expect(Buffer.from(cert, "base64").equals(new X509Certificate(server.cert).raw)).toBe(true);
  });

  it("answers go-plugin's health check for the plugin service", async () => {
    await expect(call(health, "Check", { service: "plugin" })).resolves.toEqual({ status: "SERVING" });
  });

  it("serves the schema with the capability that lets Terraform cache it", async () => {
    const response = await call<{
      resource_schemas: Record<
        string,
        { block: { attributes: { name: string; type: Buffer; force_new?: unknown }[] } }
      >;
      server_capabilities: { get_provider_schema_optional: boolean };
    }>(provider, "GetProviderSchema", {});
    expect(response.server_capabilities.get_provider_schema_optional).toBe(true);
    const attributes = response.resource_schemas.widget.block.attributes;
    expect(attributes.map((attribute) => attribute.name)).toEqual(["id", "name", "size"]);
    expect(JSON.parse(attributes[1].type.toString())).toBe("string");
  });

  it("plans a create over the wire with unknown computed values", async () => {
    const config = encodeMsgpack({ id: null, name: "a", size: 1 }, widgetType);
    const response = await call<{ planned_state: { msgpack: Buffer }; legacy_type_system: boolean }>(
      provider,
      "PlanResourceChange",
      {
        type_name: "widget",
        prior_state: { msgpack: encodeMsgpack(null, widgetType) },
        proposed_new_state: { msgpack: config },
        config: { msgpack: config },
      },
    );
    expect(response.legacy_type_system).toBe(true);
    expect(decodeMsgpack(response.planned_state.msgpack, widgetType)).toEqual({
      id: UNKNOWN,
      name: "a",
      size: 1,
    });
  });

  it("reports replacement paths for a force-new change", async () => {
    const prior = encodeMsgpack({ id: "w-1", name: "a", size: 1 }, widgetType);
    const next = encodeMsgpack({ id: "w-1", name: "b", size: 1 }, widgetType);
    const response = await call<{ requires_replace: { steps: { attribute_name: string }[] }[] }>(
      provider,
      "PlanResourceChange",
      {
        type_name: "widget",
        prior_state: { msgpack: prior },
        proposed_new_state: { msgpack: next },
        config: { msgpack: encodeMsgpack({ id: null, name: "b", size: 1 }, widgetType) },
      },
    );
    expect(response.requires_replace).toEqual([{ steps: [{ attribute_name: "name" }] }]);
  });

  it("fails validation with a diagnostic naming the attribute", async () => {
    const response = await call<{ diagnostics: { severity: string; summary: string; attribute: unknown }[] }>(
      provider,
      "ValidateResourceConfig",
      { type_name: "widget", config: { msgpack: encodeMsgpack({ name: "a", size: 7 }, widgetType) } },
    );
    expect(response.diagnostics).toEqual([
      {
        severity: "ERROR",
        summary: "expected size to be one of [1,2], got 7",
        attribute: { steps: [{ attribute_name: "size" }] },
      },
    ]);
  });

  it("fails with a diagnostic, not a crash, for a resource type it does not serve", async () => {
    const response = await call<{ diagnostics: { summary: string }[] }>(provider, "ReadResource", {
      type_name: "gadget",
    });
    expect(response.diagnostics[0].summary).toBe(
      'the provider double for example/widgets has no resource type "gadget"',
    );
  });

  it("shuts down when go-plugin's controller asks", async () => {
    await expect(call(controller, "Shutdown", {})).resolves.toEqual({});
    // The server stops gracefully first (up to 500 ms while clients stay connected), then calls back.
    const deadline = Date.now() + 5000;
    while (shutdowns === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(shutdowns).toBe(1);
  });
});

describe("launch environment", () => {
  it("fails without Terraform's magic cookie, as a plugin run by hand does", () => {
    expect(() => checkLaunchEnvironment({})).toThrow(HandshakeError);
    expect(() => checkLaunchEnvironment({})).toThrow("not meant to be executed directly");
  });

  it("fails when Terraform does not offer protocol 6", () => {
    expect(() =>
      checkLaunchEnvironment({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: "5" }),
    ).toThrow('the provider double speaks plugin protocol 6; Terraform offered ["5"]');
  });
});
