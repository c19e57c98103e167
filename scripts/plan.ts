/**
 * `npm run plan -- [--output plan.md] [--stack <glob>]`: `cdktf diff` for every stack of the app
 * (the CLI plans one stack per call), in dependency order, then one summary for the pull request:
 * counts per stack and every address Terraform would replace or destroy.
 *
 * Credentials come from the environment exactly as for `cdktf diff` (README "Deploying for
 * real"); sensitive variables as `TF_VAR_<name>`. Exit code 1 when any stack failed to plan.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseStackPlan, planOrder, renderPlanSummary, StackPlan } from "./plan/plan-summary";

const PLAN_TIMEOUT_MS = 20 * 60 * 1000;

interface PlanOptions {
  readonly output?: string;
  readonly stackPattern?: RegExp;
}

function parseArgs(argv: readonly string[]): PlanOptions {
  let output: string | undefined;
  let stackPattern: RegExp | undefined;
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === "--output" && value) {
      output = value;
      i++;
    } else if (argv[i] === "--stack" && value) {
      stackPattern = new RegExp(`^${value.split("*").map(escapeRegExp).join(".*")}$`);
      i++;
    } else {
      throw new Error(
        `unknown argument ${JSON.stringify(argv[i])}; usage: npm run plan -- [--output <file>] [--stack <glob>]`,
      );
    }
  }
  return { output, stackPattern };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function cdktf(cwd: string, args: readonly string[]) {
  const bin = path.join(cwd, "node_modules", ".bin", "cdktf");
  return spawnSync(bin, args, {
    cwd,
    encoding: "utf8",
    timeout: PLAN_TIMEOUT_MS,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", FORCE_COLOR: "0", CI: "true" },
  });
}

export function runPlan(argv: readonly string[], cwd = process.cwd()): number {
  const options = parseArgs(argv);
  const synth = cdktf(cwd, ["synth"]);
  if (synth.status !== 0) {
    process.stderr.write(`plan: cdktf synth failed\n${synth.stdout}${synth.stderr}`);
    return 1;
  }
  const outdir = path.join(cwd, "cdktf.out");
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { dependencies?: string[] }>;
  };
  const plans: StackPlan[] = [];
  for (const stack of planOrder(manifest.stacks)) {
    if (options.stackPattern && !options.stackPattern.test(stack)) continue;
    process.stderr.write(`plan: cdktf diff ${stack}\n`);
    const result = cdktf(cwd, ["diff", stack, "--skip-synth", "--no-color", "--skip-provider-lock"]);
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
    process.stdout.write(output);
    plans.push(parseStackPlan(stack, output, result.status ?? 1));
  }
  const summary = renderPlanSummary(plans);
  process.stdout.write(`\n${summary}`);
  if (options.output) fs.writeFileSync(path.resolve(cwd, options.output), summary);
  return plans.some((plan) => plan.status === "failed") ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = runPlan(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`plan: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
