import { spawn, type ChildProcess } from "node:child_process";
import type { PreparedMirror } from "../provider-double/mirror";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../provider-double/server";

/**
 * One long-running double per provider, shared by every Terraform command of a test
 * file through `TF_REATTACH_PROVIDERS` (Terraform's documented way to use a provider it
 * did not start; `Test: true` tells it not to stop the provider either). Terraform
 * otherwise starts each provider two or three times per command, and those starts are
 * most of a command's time against doubles. The doubles are the mirror's own launchers,
 * started without `PLUGIN_CLIENT_CERT` (plain gRPC on loopback; the launched path keeps
 * mutual TLS), and stopped by their PIDs.
 */

export interface SharedDoubles {
  /** Environment that makes Terraform attach to these doubles instead of starting its own. */
  readonly env: Readonly<Record<string, string>>;
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

function handshakeOf(child: ChildProcess, name: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(
      () => reject(new Error(`the ${name} double printed no handshake within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const newline = buffered.indexOf("\n");
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(buffered.slice(0, newline).trim());
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${name} double exited (${code}) before its handshake`));
    });
  });
}

/** Starts one double for every provider in the mirror (or those named in `sources`). */
export async function startSharedDoubles(
  mirror: PreparedMirror,
  options: { readonly sources?: readonly string[]; readonly timeoutMs?: number } = {},
): Promise<SharedDoubles> {
  const providers = mirror.providers.filter(
    (provider) => !options.sources || options.sources.includes(provider.source),
  );
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
              return resolve();
            child.once("exit", () => resolve());
            process.kill(child.pid, "SIGKILL");
          }),
      ),
    );
  };
  try {
    const reattach: Record<string, unknown> = {};
    await Promise.all(
      providers.map(async (provider) => {
        const child = spawn(provider.launcher, [], {
          env: { ...process.env, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: "6" },
          stdio: ["ignore", "pipe", "inherit"],
        });
        children.push(child);
        const [, protocolVersion, network, address] = (
          await handshakeOf(child, provider.source, options.timeoutMs ?? 30_000)
        ).split("|");
        reattach[`registry.terraform.io/${provider.source}`] = {
          Protocol: "grpc",
          ProtocolVersion: Number(protocolVersion),
          Pid: child.pid,
          Test: true,
          Addr: { Network: network, String: address },
        };
      }),
    );
    return {
      env: { TF_REATTACH_PROVIDERS: JSON.stringify(reattach) },
      pids: children.map((child) => child.pid!),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
