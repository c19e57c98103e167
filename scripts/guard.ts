/**
 * The offline change guard: `npm run guard -- --base origin/main`.
 *
 * Synthesizes the pull request's base (in a temporary git worktree) and head (the working tree),
 * compares them stack by stack, prints what would be added, changed, replaced and removed, and
 * exits 1 when a stateful resource would be destroyed, replaced or disrupted without an explicit
 * `--allow-destroy <stack>/<address>`. Needs no cloud, cluster or Terraform: it runs before
 * anyone can `cdktf diff`, and it still holds when the real plan cannot run.
 *
 * Exit codes: 0 nothing dangerous, 1 blocked changes, 2 usage or synthesis error.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { compareApps } from "./guard/compare";
import { GuardCliOptions, USAGE, UsageError, parseGuardArgs } from "./guard/options";
import { renderReport } from "./guard/report";
import { loadSynthOutput } from "./guard/synth-output";
import { repositoryRoot, synthesizeCheckout, synthesizeRef } from "./guard/synthesize";

export function runGuard(argv: readonly string[], cwd = process.cwd()): number {
  let options: GuardCliOptions;
  try {
    options = parseGuardArgs(argv, process.env, (file) => fs.readFileSync(path.resolve(cwd, file), "utf8"));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(error.message ? `guard: ${error.message}\n\n${USAGE}` : USAGE);
      return 2;
    }
    throw error;
  }

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-guard-"));
  try {
    const baseDir = options.baseDir ? path.resolve(cwd, options.baseDir) : path.join(scratch, "base");
    const headDir = options.headDir ? path.resolve(cwd, options.headDir) : path.join(scratch, "head");
    if (options.base) {
      process.stderr.write(`guard: synthesizing base ${options.base}\n`);
      synthesizeRef(repositoryRoot(cwd), options.base, baseDir);
    }
    if (!options.headDir) {
      process.stderr.write("guard: synthesizing the working tree\n");
      synthesizeCheckout(cwd, headDir);
    }
    const result = compareApps(loadSynthOutput(baseDir), loadSynthOutput(headDir), {
      allowDestroy: options.allowDestroy,
    });
    const report = renderReport(result, options.format);
    process.stdout.write(report);
    if (options.output) fs.writeFileSync(path.resolve(cwd, options.output), report);
    return result.blocked.length > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`guard: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  process.exitCode = runGuard(process.argv.slice(2));
}
