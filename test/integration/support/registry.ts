import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GiveUp, ManagedProcess, ProcessGroup, startProcess, waitFor } from "./processes";
import { httpRequest } from "./http";

export const REGISTRY_BINARY = process.env.REGISTRY_BINARY ?? "/usr/bin/docker-registry";

/** Response header each test registry adds, so a client sees which instance answered. */
export const REGISTRY_ID_HEADER = "x-test-registry";

export interface TestRegistry {
  readonly id: string;
  readonly port: number;
  readonly address: string;
  readonly dir: string;
  /** The running process; replaced by `restart`. */
  process: ManagedProcess;
}

function writeConfig(dir: string, id: string, port: number): string {
  const storage = join(dir, "storage");
  mkdirSync(storage, { recursive: true });
  const configFile = join(dir, "config.yml");
  writeFileSync(
    configFile,
    [
      "version: 0.1",
      "log:",
      "  level: warn",
      "  accesslog:",
      "    disabled: true",
      "storage:",
      "  filesystem:",
      `    rootdirectory: ${storage}`,
      "  delete:",
      "    enabled: true",
      "  maintenance:",
      "    uploadpurging:",
      "      enabled: false",
      "http:",
      `  addr: 127.0.0.1:${port}`,
      // Fixed secret: upload state (the signed _state parameter) stays valid across a restart.
      `  secret: test-secret-${id}`,
      "  headers:",
      `    X-Test-Registry: [${id}]`,
      "",
    ].join("\n"),
  );
  return configFile;
}

function launch(group: ProcessGroup, registry: Omit<TestRegistry, "process">): ManagedProcess {
  return group.add(
    startProcess({
      name: `registry-${registry.id}`,
      command: REGISTRY_BINARY,
      args: ["serve", join(registry.dir, "config.yml")],
      logFile: join(registry.dir, "registry.log"),
    }),
  );
}

async function waitReady(registry: TestRegistry): Promise<void> {
  await waitFor(`registry ${registry.id} on ${registry.address}`, async () => {
    if (registry.process.hasExited())
      throw new GiveUp(`registry ${registry.id} exited: ${registry.process.output()}`);
    const response = await httpRequest(`http://${registry.address}/v2/`, { timeoutMs: 1000 });
    return response.status === 200;
  });
}

/**
 * Starts a CNCF distribution registry (Debian's docker-registry) on 127.0.0.1:`port` with
 * filesystem storage in `dir`, deletes enabled and no auth.
 */
export async function startRegistry(
  group: ProcessGroup,
  dir: string,
  id: string,
  port: number,
): Promise<TestRegistry> {
  mkdirSync(dir, { recursive: true });
  writeConfig(dir, id, port);
  const base = { id, port, address: `127.0.0.1:${port}`, dir };
  const registry: TestRegistry = { ...base, process: launch(group, base) };
  await waitReady(registry);
  return registry;
}

/** Starts the registry again on the same port and storage (after it was killed). */
export async function restartRegistry(group: ProcessGroup, registry: TestRegistry): Promise<void> {
  registry.process = launch(group, registry);
  await waitReady(registry);
}
