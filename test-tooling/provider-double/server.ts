import * as grpc from "@grpc/grpc-js";
import { X509Certificate } from "node:crypto";
import { ProviderDoubleService } from "./provider-service";
import { encodeMessage, serviceDefinition } from "./protocol";
import type { ProviderSchemaDocument } from "./schema";

/**
 * The go-plugin side of the double (hashicorp/go-plugin v1.6.0 client.go, server.go):
 * Terraform starts the plugin with a magic cookie and the protocol versions it speaks,
 * reads one handshake line from stdout (`1|6|tcp|127.0.0.1:PORT|grpc|CERT`) and talks
 * gRPC over mutual TLS: it trusts exactly the certificate in the handshake and presents
 * its own client certificate, passed in `PLUGIN_CLIENT_CERT`.
 */

export const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
export const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
const CORE_PROTOCOL_VERSION = 1;
const APP_PROTOCOL_VERSION = 6;

export interface ServerTls {
  /** PEM certificate with SAN `localhost`, sent in the handshake. */
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export interface ServeOptions {
  readonly document: ProviderSchemaDocument;
  /** The GetProviderSchema response, already encoded (the mirror writes it next to the schema). */
  readonly encodedSchemaResponse?: Buffer;
  /** Required when Terraform asks for TLS (it does unless `TF_DISABLE_PLUGIN_TLS` is set). */
  readonly tls?: ServerTls;
  readonly env?: NodeJS.ProcessEnv;
  /** Where the handshake line goes; stdout for Terraform. */
  readonly writeHandshake?: (line: string) => void;
  /** Called after `GRPCController/Shutdown`; exits the process by default. */
  readonly onShutdown?: () => void;
}

export interface RunningDouble {
  readonly server: grpc.Server;
  readonly address: string;
  readonly handshake: string;
  stop(): Promise<void>;
}

export class HandshakeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HandshakeError";
  }
}

/** Checks the environment Terraform launches a plugin with. */
export function checkLaunchEnvironment(env: NodeJS.ProcessEnv): void {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    throw new HandshakeError(
      "This binary is a plugin (a Terraform provider double). It is not meant to be executed directly: Terraform starts it.",
    );
  }
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? "").split(",").map((version) => version.trim());
  if (!offered.includes(String(APP_PROTOCOL_VERSION))) {
    throw new HandshakeError(
      `the provider double speaks plugin protocol ${APP_PROTOCOL_VERSION}; Terraform offered ${JSON.stringify(offered)}`,
    );
  }
}

function certificateDerBase64(pem: string): string {
  // go-plugin decodes the certificate with base64.RawStdEncoding: no padding.
  return new X509Certificate(pem).raw.toString("base64").replace(/=+$/, "");
}

type Handler = (call: { request: Record<string, unknown> }, callback: grpc.sendUnaryData<object>) => void;

function unary(handle: (request: Record<string, unknown>) => object): Handler {
  return (call, callback) => {
    try {
      callback(null, handle(call.request));
    } catch (error) {
      callback({
        code: grpc.status.INTERNAL,
        details: error instanceof Error ? error.message : String(error),
      });
    }
  };
}

/** Starts the gRPC server, binds a loopback port and returns the handshake line to print. */
export async function startProviderDouble(options: ServeOptions): Promise<RunningDouble> {
  const env = options.env ?? process.env;
  const service = new ProviderDoubleService(options.document);
  let encodedSchema = options.encodedSchemaResponse;
  const server = new grpc.Server({
    "grpc.max_receive_message_length": -1,
    "grpc.max_send_message_length": -1,
  });

  server.addService(serviceDefinition("tfplugin6.Provider"), {
    GetProviderSchema: unary(() => {
      encodedSchema ??= encodeMessage("tfplugin6.GetProviderSchema.Response", service.getProviderSchema());
      return encodedSchema;
    }),
    ValidateProviderConfig: unary((request) => service.validateProviderConfig(request)),
    ValidateResourceConfig: unary((request) => service.validateResourceConfig(request)),
    ValidateDataResourceConfig: unary((request) => service.validateDataResourceConfig(request)),
    UpgradeResourceState: unary((request) => service.upgradeResourceState(request)),
    ConfigureProvider: unary(() => service.configureProvider()),
    ReadResource: unary((request) => service.readResource(request)),
    PlanResourceChange: unary((request) => service.planResourceChange(request)),
    ApplyResourceChange: unary((request) => service.applyResourceChange(request)),
    ReadDataSource: unary((request) => service.readDataSource(request)),
    StopProvider: unary(() => service.stopProvider()),
  });

  server.addService(serviceDefinition("grpc.health.v1.Health"), {
    Check: unary(() => ({ status: "SERVING" })),
  });

  // The broker stream stays open for the plugin's lifetime; the double never brokers.
  const openStreams = new Set<grpc.ServerDuplexStream<object, object>>();
  server.addService(serviceDefinition("plugin.GRPCBroker"), {
    StartStream: (stream: grpc.ServerDuplexStream<object, object>) => {
      openStreams.add(stream);
      stream.on("data", () => undefined);
      stream.on("error", () => openStreams.delete(stream));
      stream.on("end", () => openStreams.delete(stream));
    },
  });

  // Nothing is mirrored: diagnostics of the double go to stderr, which Terraform logs.
  server.addService(serviceDefinition("plugin.GRPCStdio"), {
    StreamStdio: (stream: grpc.ServerWritableStream<object, object>) => stream.end(),
  });

  let stopping: Promise<void> | undefined;
  // Graceful, so the reply to Shutdown reaches Terraform; forced if a call lingers.
  const stop = (): Promise<void> =>
    (stopping ??= new Promise<void>((resolve) => {
      for (const stream of openStreams) stream.end();
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 500);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    }));

  server.addService(serviceDefinition("plugin.GRPCController"), {
    Shutdown: unary(() => {
      setImmediate(() => {
        void stop().then(() => (options.onShutdown ?? (() => process.exit(0)))());
      });
      return {};
    }),
  });

  const clientCertificate = env.PLUGIN_CLIENT_CERT;
  let credentials: grpc.ServerCredentials;
  if (clientCertificate) {
    if (!options.tls)
      throw new HandshakeError("Terraform asked for mutual TLS but the double has no certificate");
    credentials = grpc.ServerCredentials.createSsl(
      Buffer.from(clientCertificate),
      [
        {
          private_key: Buffer.from(options.tls.privateKeyPem),
          cert_chain: Buffer.from(options.tls.certificatePem),
        },
      ],
      true,
    );
  } else {
    credentials = grpc.ServerCredentials.createInsecure();
  }

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", credentials, (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    ),
  );
  const address = `127.0.0.1:${port}`;
  const fields = [String(CORE_PROTOCOL_VERSION), String(APP_PROTOCOL_VERSION), "tcp", address, "grpc"];
  if (clientCertificate && options.tls) fields.push(certificateDerBase64(options.tls.certificatePem));
  const handshake = fields.join("|");
  options.writeHandshake?.(`${handshake}\n`);
  return { server, address, handshake, stop };
}
