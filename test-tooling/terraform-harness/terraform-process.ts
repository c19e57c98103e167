import { spawn, spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import type { PreparedMirror } from "../provider-double/mirror";
import { parsePlanOutput } from "./plan-output";

/**
 * Runs the real Terraform CLI against the provider doubles: every process gets the
 * mirror's CLI configuration, no colour, no prompts, a time limit, and is killed by its
 * PID if it overruns. Concurrency is capped at the number of cores, since each
 * Terraform command starts a few provider processes of its own.
 */

export class TerraformMissingError extends Error {
  constructor(detail: string) {
    super(
      "the Terraform CLI is required for the Terraform-backed tests and was not found " +
        `(${detail}); install Terraform >= 1.5 and put it on PATH, or set TERRAFORM_BINARY`,
    );
    this.name = "TerraformMissingError";
  }
}

export interface TerraformResult {
  readonly args: readonly string[];
  readonly dir: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export class TerraformCommandError extends Error {
  constructor(readonly result: TerraformResult) {
    super(
      `terraform ${result.args.join(" ")} failed in ${result.dir} (exit ${result.code})\n${explain(result)}`,
    );
    this.name = "TerraformCommandError";
  }
}

/** The errors of a failed command: its diagnostics when it spoke JSON, else the tail of its output. */
function explain(result: TerraformResult): string {
  const diagnostics = parsePlanOutput(result.stdout).diagnostics.filter(
    (diagnostic) => diagnostic.severity === "error",
  );
  if (diagnostics.length > 0) {
    return diagnostics
      .map(
        (diagnostic) =>
          `Error: ${diagnostic.summary}${diagnostic.address ? ` (${diagnostic.address})` : ""}\n  ${diagnostic.detail}`,
      )
      .join("\n");
  }
  return `${result.stderr.trim()}\n${result.stdout.trim()}`.slice(-8000);
}

export function terraformBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.TERRAFORM_BINARY ?? "terraform";
}

/** Returns Terraform's version, or throws {@link TerraformMissingError}: these tests never skip. */
export function requireTerraform(env: NodeJS.ProcessEnv = process.env): string {
  const binary = terraformBinary(env);
  const result = spawnSync(binary, ["version", "-json"], {
    env: { ...env, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
    timeout: 30_000,
  });
  if (result.error) throw new TerraformMissingError(`${binary}: ${result.error.message}`);
  if (result.status !== 0) throw new TerraformMissingError(`${binary} version exited ${result.status}`);
  try {
    return (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
  } catch {
    throw new TerraformMissingError(`${binary} version -json printed no version`);
  }
}

const slots = { free: Math.max(2, availableParallelism()), waiting: [] as (() => void)[] };

async function withSlot<T>(run: () => Promise<T>): Promise<T> {
  if (slots.free === 0) await new Promise<void>((resolve) => slots.waiting.push(resolve));
  else slots.free--;
  try {
    return await run();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

export interface RunOptions {
  readonly mirror: PreparedMirror;
  readonly env?: Readonly<Record<string, string>>;
  /** @default 120000 */
  readonly timeoutMs?: number;
}

/** Environment for Terraform: the caller's, minus anything that would change Terraform's behaviour, plus the mirror's. */
export function terraformEnv(
  mirror: PreparedMirror,
  extra: Readonly<Record<string, string>> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^TF_/.test(key)) env[key] = value;
  }
  return { ...env, ...mirror.env, ...extra };
}

/** Runs `terraform <args>` in `dir`; resolves with the result whatever the exit code. */
export function runTerraform(
  dir: string,
  args: readonly string[],
  options: RunOptions,
): Promise<TerraformResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  return withSlot(
    () =>
      new Promise<TerraformResult>((resolve, reject) => {
        const started = Date.now();
        const child = spawn(terraformBinary(), args, {
          cwd: dir,
          env: terraformEnv(options.mirror, options.env),
          stdio: ["ignore", "pipe", "pipe"],
        });
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
        child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
        const timer = setTimeout(() => {
          if (child.pid !== undefined) process.kill(child.pid, "SIGKILL");
          reject(
            new Error(`terraform ${args.join(" ")} in ${dir} did not finish within ${timeoutMs} ms; killed`),
          );
        }, timeoutMs);
        child.on("error", (error) => {
          clearTimeout(timer);
          reject(new TerraformMissingError(`${terraformBinary()}: ${error.message}`));
        });
        child.on("close", (code) => {
          clearTimeout(timer);
          resolve({
            args,
            dir,
            code: code ?? -1,
            stdout: Buffer.concat(stdout).toString("utf8"),
            stderr: Buffer.concat(stderr).toString("utf8"),
            durationMs: Date.now() - started,
          });
        });
      }),
  );
}

/** Like {@link runTerraform} but throws {@link TerraformCommandError} unless the exit code is allowed. */
export async function runTerraformOk(
  dir: string,
  args: readonly string[],
  options: RunOptions & { readonly okCodes?: readonly number[] },
): Promise<TerraformResult> {
  const result = await runTerraform(dir, args, options);
  if (!(options.okCodes ?? [0]).includes(result.code)) throw new TerraformCommandError(result);
  return result;
}
