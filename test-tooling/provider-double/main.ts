import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ProviderSchemaDocument } from "./schema";
import { checkLaunchEnvironment, HandshakeError, startProviderDouble } from "./server";

/**
 * Entry point of the provider double executable:
 * `node provider-double.js <schema.json> <tls-dir>` where `<tls-dir>` holds
 * `certificate.pem` and `private-key.pem`, and `<schema>.pb` next to the schema, when
 * present, is the pre-encoded schema response (both written by the mirror generator).
 */
export async function main(argv: readonly string[]): Promise<void> {
  const [schemaPath, tlsDir] = argv;
  try {
    checkLaunchEnvironment(process.env);
  } catch (error) {
    if (error instanceof HandshakeError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (!schemaPath || !tlsDir) {
    process.stderr.write("usage: provider-double <schema.json> <tls-dir>\n");
    process.exit(2);
  }
  // go-plugin plugins ignore SIGINT: Terraform owns the interrupt and stops them via RPC.
  process.on("SIGINT", () => undefined);
  // If Terraform dies without stopping its plugins, a double must not outlive it.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 1000).unref();
  const document = JSON.parse(readFileSync(schemaPath, "utf8")) as ProviderSchemaDocument;
  const encodedSchemaPath = schemaPath.replace(/\.json$/, ".pb");
  await startProviderDouble({
    document,
    encodedSchemaResponse: existsSync(encodedSchemaPath) ? readFileSync(encodedSchemaPath) : undefined,
    tls: {
      certificatePem: readFileSync(join(tlsDir, "certificate.pem"), "utf8"),
      privateKeyPem: readFileSync(join(tlsDir, "private-key.pem"), "utf8"),
    },
    writeHandshake: (line) => process.stdout.write(line),
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(
      `provider double failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  });
}
