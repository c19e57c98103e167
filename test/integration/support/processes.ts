import { ChildProcess, spawn } from "node:child_process";
import { openSync, closeSync, readFileSync } from "node:fs";

/** A process started by a test, addressed only by its PID. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  readonly hasExited: () => boolean;
  /** stdout and stderr so far (both go to one log file). */
  readonly output: () => string;
}

export interface StartOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** stdout and stderr are appended here, so a failure can be diagnosed after the fact. */
  readonly logFile: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Starts a long-running process with its output in a log file. The caller owns its PID and must
 * stop it with `stopProcess` (typically through a `ProcessGroup` in `afterAll`/`finally`).
 */
export function startProcess(options: StartOptions): ManagedProcess {
  const fd = openSync(options.logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  if (child.pid === undefined) throw new Error(`could not start ${options.name} (${options.command})`);
  let exitedFlag = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => {
      exitedFlag = true;
      resolve(code ?? signal ?? "unknown");
    });
    child.once("error", () => {
      exitedFlag = true;
      resolve("spawn-error");
    });
  });
  return {
    name: options.name,
    pid: child.pid,
    exited,
    hasExited: () => exitedFlag,
    output: () => {
      try {
        return readFileSync(options.logFile, "utf8");
      } catch {
        return "";
      }
    },
  };
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** SIGTERM (after SIGCONT, in case it was paused), then SIGKILL if it is still there after `graceMs`. */
export async function stopProcess(proc: ManagedProcess, graceMs = 3000): Promise<void> {
  if (proc.hasExited()) return;
  signal(proc.pid, "SIGCONT");
  signal(proc.pid, "SIGTERM");
  if ((await withTimeout(proc.exited, graceMs)) === "timeout") {
    signal(proc.pid, "SIGKILL");
    await withTimeout(proc.exited, graceMs);
  }
}

/** Kills at once, like a crash. */
export async function killProcess(proc: ManagedProcess): Promise<void> {
  signal(proc.pid, "SIGKILL");
  await withTimeout(proc.exited, 5000);
}

/** Freezes the process: its sockets keep accepting connections, nothing is answered. */
export function pauseProcess(proc: ManagedProcess): void {
  signal(proc.pid, "SIGSTOP");
}

export function resumeProcess(proc: ManagedProcess): void {
  signal(proc.pid, "SIGCONT");
}

/** Every process a test file started; `stopAll` in `afterAll` stops them by PID, also after a failure. */
export class ProcessGroup {
  private readonly processes: ManagedProcess[] = [];

  add(proc: ManagedProcess): ManagedProcess {
    this.processes.push(proc);
    return proc;
  }

  start(options: StartOptions): ManagedProcess {
    return this.add(startProcess(options));
  }

  async stopAll(): Promise<void> {
    const running = this.processes.splice(0);
    await Promise.all(running.map((proc) => stopProcess(proc)));
  }
}

/** Thrown by a `waitFor` probe to stop waiting at once (e.g. the process being waited for has exited). */
export class GiveUp extends Error {}

/**
 * Polls `probe` every `intervalMs` until it returns true; throws with `what` after `timeoutMs`.
 * Errors from the probe mean "not yet", except `GiveUp`, which ends the wait.
 */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 10000,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
