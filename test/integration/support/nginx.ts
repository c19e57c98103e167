import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { GiveUp, ManagedProcess, ProcessGroup, waitFor } from "./processes";
import { connectOnce } from "./net";

const execFileAsync = promisify(execFile);

export const NGINX_BINARY = process.env.NGINX_BINARY ?? "/usr/sbin/nginx";

/** A private nginx prefix: config, pid, temp, sockets and logs all below one temp directory. */
export interface NginxPrefix {
  readonly dir: string;
  readonly configFile: string;
  readonly tempDir: string;
  readonly runDir: string;
  readonly accessLog: string;
  readonly errorLogFile: string;
  readonly pidFile: string;
}

export function createNginxPrefix(parent = tmpdir(), label = "nginx"): NginxPrefix {
  const dir = mkdtempSync(join(parent, `${label}-`));
  const tempDir = join(dir, "temp");
  const runDir = join(dir, "run");
  for (const sub of [tempDir, runDir]) mkdirSync(sub, { recursive: true });
  return {
    dir,
    configFile: join(dir, "nginx.conf"),
    tempDir,
    runDir,
    accessLog: join(dir, "access.log"),
    errorLogFile: join(dir, "nginx.out"),
    pidFile: join(dir, "nginx.pid"),
  };
}

/**
 * Foreground, private prefix. Under root (CI containers) the workers would drop to "nobody" and lose
 * access to the temp dir and the unix sockets the master created; keeping them on the master's user
 * is what happens in the non-root gateway pod anyway.
 */
function nginxArgs(prefix: NginxPrefix): string[] {
  const globals = process.getuid?.() === 0 ? "daemon off; user root;" : "daemon off;";
  return ["-p", prefix.dir, "-c", prefix.configFile, "-e", "stderr", "-g", globals];
}

/** `nginx -t` on a config text; resolves with nginx's own verdict (ok plus its output). */
export async function testNginxConfig(
  configText: string,
  prefix: NginxPrefix = createNginxPrefix(),
): Promise<{ ok: boolean; output: string }> {
  writeFileSync(prefix.configFile, configText);
  try {
    const { stdout, stderr } = await execFileAsync(NGINX_BINARY, ["-t", ...nginxArgs(prefix)]);
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failure.stdout ?? ""}${failure.stderr ?? ""}` };
  }
}

export interface GatewayStartOptions {
  /** Runs the start script under this command, e.g. `["unshare", "--mount", "--", "sh", "-c", ...]`. */
  readonly wrap?: (scriptFile: string, scriptArgs: readonly string[]) => { command: string; args: string[] };
}

/**
 * Starts the gateway as its pod does: the rendered config at `prefix.configFile` (the template the
 * script reads) and the rendered start script, which runs nginx in the foreground with the same
 * options as {@link startNginx}. The script execs nginx, so the returned PID is nginx's master.
 */
export async function startGatewayNginx(
  group: ProcessGroup,
  prefix: NginxPrefix,
  configText: string,
  scriptText: string,
  readyPort: number,
  name = "nginx-gateway",
  options: GatewayStartOptions = {},
): Promise<ManagedProcess> {
  writeFileSync(prefix.configFile, configText);
  const scriptFile = join(prefix.dir, "start.sh");
  writeFileSync(scriptFile, scriptText);
  const scriptArgs = nginxArgs(prefix).filter((_, i, all) => all[i] !== "-c" && all[i - 1] !== "-c");
  const run = options.wrap?.(scriptFile, scriptArgs) ?? {
    command: "/bin/sh",
    args: [scriptFile, ...scriptArgs],
  };
  const proc = group.start({ name, command: run.command, args: run.args, logFile: prefix.errorLogFile });
  // The script's `nginx -t` binds and listens on the same port for a moment before the real nginx
  // starts: a connection accepted then is reset when it exits. Only the master (this PID, after
  // exec) writes its PID into the pid file, after opening its sockets; `nginx -t` leaves it empty.
  await waitFor(
    `${name} (pid ${proc.pid}) on port ${readyPort}`,
    async () => {
      if (proc.hasExited()) throw new GiveUp(`${name} exited: ${proc.output()}`);
      return masterRunning(prefix, proc.pid) && connectOnce(readyPort);
    },
    10000,
    5,
  );
  return proc;
}

function masterRunning(prefix: NginxPrefix, pid: number): boolean {
  return existsSync(prefix.pidFile) && readFileSync(prefix.pidFile, "utf8").trim() === String(pid);
}

/**
 * Starts nginx in the foreground (`daemon off`) with the given config and waits until `readyPort`
 * on 127.0.0.1 accepts connections. The master's PID is the process to stop.
 */
export async function startNginx(
  group: ProcessGroup,
  prefix: NginxPrefix,
  configText: string,
  readyPort: number,
  name = "nginx",
): Promise<ManagedProcess> {
  writeFileSync(prefix.configFile, configText);
  const proc = group.start({
    name,
    command: NGINX_BINARY,
    args: nginxArgs(prefix),
    logFile: prefix.errorLogFile,
  });
  await waitFor(`${name} on port ${readyPort}`, async () => {
    if (proc.hasExited()) throw new GiveUp(`${name} exited: ${proc.output()}`);
    return connectOnce(readyPort);
  });
  return proc;
}
