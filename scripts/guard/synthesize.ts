/**
 * Synthesizes an app checkout into a directory of our choosing, the same way `cdktf synth` does:
 * the `app` command of its cdktf.json, run with `CDKTF_OUTDIR` set. The base of a pull request
 * is checked out in a temporary `git worktree` (the working tree is never touched) that borrows
 * the head's `node_modules`, and is removed again even when synthesis fails.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const SYNTH_TIMEOUT_MS = 5 * 60 * 1000;

/** Runs the checkout's cdktf app with its output in `outdir`, in `env` (the caller's by default). */
export function synthesizeCheckout(
  checkout: string,
  outdir: string,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const cdktfJson = path.join(checkout, "cdktf.json");
  if (!fs.existsSync(cdktfJson)) throw new Error(`no cdktf.json in ${checkout}`);
  const app = (JSON.parse(fs.readFileSync(cdktfJson, "utf8")) as { app?: unknown }).app;
  if (typeof app !== "string" || app.trim() === "") throw new Error(`${cdktfJson} has no "app" command`);
  fs.mkdirSync(outdir, { recursive: true });
  const result = spawnSync("sh", ["-c", app], {
    cwd: checkout,
    env: { ...env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
    timeout: SYNTH_TIMEOUT_MS,
  });
  if (result.error || result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
    throw new Error(
      `synthesis of ${checkout} failed (${result.error?.message ?? `exit ${result.status}`}): ${app}\n${output}`,
    );
  }
}

/**
 * Synthesizes `ref` of the repository at `repo` into `outdir` through a temporary worktree.
 * The worktree shares the repository's object store, so this needs no clone and no network.
 */
export function synthesizeRef(repo: string, ref: string, outdir: string): void {
  const commit = git(repo, ["rev-parse", "--verify", `${ref}^{commit}`]).trim();
  const worktree = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-guard-base-"));
  git(repo, ["worktree", "add", "--detach", worktree, commit]);
  try {
    const modules = path.join(repo, "node_modules");
    if (fs.existsSync(modules))
      fs.symlinkSync(fs.realpathSync(modules), path.join(worktree, "node_modules"), "dir");
    synthesizeCheckout(worktree, outdir);
  } finally {
    try {
      git(repo, ["worktree", "remove", "--force", worktree]);
    } finally {
      fs.rmSync(worktree, { recursive: true, force: true });
      git(repo, ["worktree", "prune"]);
    }
  }
}

/** Top directory of the git repository containing `dir`. */
export function repositoryRoot(dir: string): string {
  return git(dir, ["rev-parse", "--show-toplevel"]).trim();
}

function git(cwd: string, args: readonly string[]): string {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (result.error || result.status !== 0) {
    throw new Error(`git ${args.join(" ")} failed: ${(result.stderr || result.error?.message || "").trim()}`);
  }
  return result.stdout;
}
