/**
 * `npm run plan -- [--output plan.md] [--stack <glob>] [--parallel <n>] [--skip-synth]`: the plan of
 * every stack of the app, then one summary for the pull request: counts per stack and every
 * address Terraform would replace or destroy.
 *
 * It does what `cdktf diff <stack>` does, for all stacks at once: one synth (cdktf.json's `app`
 * command with `CDKTF_OUTDIR`, as `cdktf synth` and the change guard run it), then in each stack's
 * directory `terraform init` (one stack at a time: the plugin cache is not safe for concurrent
 * installs) and `terraform plan -input=false` (no saved plan, which would write the sensitive
 * values to disk). Without a cdktf CLI start per stack (seconds of CPU each), the stacks plan side
 * by side: a plan only reads state, so their order does not matter, and the output is printed in
 * dependency order all the same.
 *
 * Credentials come from the environment exactly as for `cdktf diff` (README "Deploying for
 * real"); sensitive variables as `TF_VAR_<name>`. Exit code 1 when any stack failed to plan.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { synthesizeCheckout } from "./guard/synthesize";
import { parseStackPlan, planOrder, renderPlanSummary, StackPlan } from "./plan/plan-summary";

const PLAN_TIMEOUT_MS = 20 * 60 * 1000;
const DEFAULT_PARALLEL = 4;
const USAGE = "usage: npm run plan -- [--output <file>] [--stack <glob>] [--parallel <n>] [--skip-synth]";

interface PlanOptions {
  readonly output?: string;
  readonly stackPattern?: RegExp;
  readonly parallel: number;
  readonly skipSynth: boolean;
}

/** Where and with what environment the plan runs (the caller's by default). */
export interface PlanContext {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Receives everything Terraform printed, stack by stack in dependency order. */
  readonly log: (text: string) => void;
  /** Receives progress and errors of the plan itself. */
  readonly progress: (text: string) => void;
}

function parseArgs(argv: readonly string[]): PlanOptions {
  let output: string | undefined;
  let stackPattern: RegExp | undefined;
  let parallel = DEFAULT_PARALLEL;
  let skipSynth = false;
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === "--output" && value) {
      output = value;
      i++;
    } else if (argv[i] === "--stack" && value) {
      stackPattern = new RegExp(`^${value.split("*").map(escapeRegExp).join(".*")}$`);
      i++;
    } else if (argv[i] === "--parallel" && value) {
      parallel = Number(value);
      if (!Number.isInteger(parallel) || parallel < 1)
        throw new Error(`--parallel: ${JSON.stringify(value)} is not a whole number of at least 1; ${USAGE}`);
      i++;
    } else if (argv[i] === "--skip-synth") {
      skipSynth = true;
    } else {
      throw new Error(`unknown argument ${JSON.stringify(argv[i])}; ${USAGE}`);
    }
  }
  return { output, stackPattern, parallel, skipSynth };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

interface CommandResult {
  readonly code: number;
  readonly output: string;
}

/** One command, stdout and stderr interleaved as printed; never rejects (a failure is a result). */
function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<CommandResult>((resolve) => {
    const chunks: Buffer[] = [];
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const timer = setTimeout(() => child.kill("SIGTERM"), PLAN_TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.once("error", (error) => {
      clearTimeout(timer);
      resolve({ code: 127, output: `${command}: ${error.message}\n` });
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString("utf8") });
    });
  });
}

/** The binary cdktf would run (its TERRAFORM_BINARY_NAME setting). */
function terraformBinary(env: NodeJS.ProcessEnv): string {
  return env.TERRAFORM_BINARY_NAME || "terraform";
}

/** `terraform init` in the stack's directory, as `cdktf diff` runs it. */
async function initStack(stackDir: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const init = await run(terraformBinary(env), ["init", "-input=false", "-no-color"], stackDir, env);
  return init.code === 0 ? init : { code: init.code, output: `terraform init failed\n${init.output}` };
}

/** `terraform plan` in the stack's directory, as `cdktf diff` runs it. */
function planStack(stackDir: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  // No -out: a saved plan holds every sensitive value in plain text, and nothing here applies it.
  return run(terraformBinary(env), ["plan", "-input=false", "-no-color"], stackDir, env);
}

/** Runs `work` over `items` with at most `limit` at a time; results in the items' order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

export async function runPlan(argv: readonly string[], context?: Partial<PlanContext>): Promise<number> {
  const {
    cwd,
    env: callerEnv,
    log,
    progress,
  } = {
    cwd: process.cwd(),
    env: process.env,
    log: (text: string) => process.stdout.write(text),
    progress: (text: string) => process.stderr.write(text),
    ...context,
  };
  const options = parseArgs(argv);
  const env = { ...callerEnv, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  const outdir = path.join(cwd, "cdktf.out");
  if (!options.skipSynth) {
    try {
      synthesizeCheckout(cwd, outdir, env);
    } catch (error) {
      progress(`plan: ${(error as Error).message}\n`);
      return 1;
    }
  }
  const manifestFile = path.join(outdir, "manifest.json");
  if (!fs.existsSync(manifestFile)) {
    progress(`plan: ${manifestFile} not found; run cdktf synth first or drop --skip-synth\n`);
    return 1;
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as {
    stacks: Record<string, { workingDirectory: string; dependencies?: string[] }>;
  };
  const stacks = planOrder(manifest.stacks).filter((stack) => options.stackPattern?.test(stack) ?? true);
  progress(`plan: ${stacks.length} stacks, ${options.parallel} at a time\n`);
  const stackDir = (stack: string) => path.join(outdir, manifest.stacks[stack].workingDirectory);
  // One init at a time: Terraform's plugin cache (TF_PLUGIN_CACHE_DIR, common in CI) is not safe for
  // concurrent installs. The plans, which only read, run side by side.
  const inits = new Map<string, CommandResult>();
  for (const stack of stacks) inits.set(stack, await initStack(stackDir(stack), env));
  const results = await mapLimited(stacks, options.parallel, async (stack) => {
    const init = inits.get(stack) as CommandResult;
    return init.code === 0 ? planStack(stackDir(stack), env) : init;
  });
  const plans: StackPlan[] = stacks.map((stack, i) => {
    log(`\n=== ${stack}\n${results[i].output}`);
    return parseStackPlan(stack, results[i].output, results[i].code);
  });
  const summary = renderPlanSummary(plans);
  log(`\n${summary}`);
  if (options.output) fs.writeFileSync(path.resolve(cwd, options.output), summary);
  return plans.some((plan) => plan.status === "failed") ? 1 : 0;
}

if (require.main === module) {
  runPlan(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`plan: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
