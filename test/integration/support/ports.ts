import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/** Ports handed to each jest worker; workers never share one. */
const PORTS_PER_WORKER = 400;
/** Lowest port used, well above the well-known and registered services a machine may run. */
const LOWEST_PORT = 12000;

/** The kernel's ephemeral range: the source ports of outgoing connections come from it. */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/);
    return [Number(low), Number(high)];
  } catch {
    return [32768, 60999];
  }
}

/**
 * The block of ports of this jest worker, below the ephemeral range. A port the kernel picked
 * (`listen(0)`) and released could be taken again, before the process under test binds it, by the
 * source port of any outgoing connection; the load tests open hundreds. Ports below the ephemeral
 * range are only ever taken by someone asking for them by number.
 */
function workerBlock(): { first: number; size: number } | undefined {
  const [ephemeralLow] = ephemeralRange();
  const blocks = Math.floor((ephemeralLow - LOWEST_PORT) / PORTS_PER_WORKER);
  if (blocks < 1) return undefined;
  const worker = Number(process.env.JEST_WORKER_ID ?? "1") - 1;
  return { first: LOWEST_PORT + (worker % blocks) * PORTS_PER_WORKER, size: PORTS_PER_WORKER };
}

let next = 0;

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(undefined));
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const bound = typeof address === "object" && address !== null ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A TCP port on 127.0.0.1 that is free now and, in the usual case, stays free until the caller's
 * process binds it: the next port of this worker's block that accepts a listener. Falls back to a
 * kernel-picked port where the ephemeral range leaves no room below it.
 */
export async function freePort(): Promise<number> {
  const block = workerBlock();
  if (block) {
    for (let tries = 0; tries < block.size; tries++) {
      const port = block.first + (next++ % block.size);
      if ((await tryListen(port)) === port) return port;
    }
  }
  const port = await tryListen(0);
  if (port === undefined) throw new Error("no free port on 127.0.0.1");
  return port;
}

export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
