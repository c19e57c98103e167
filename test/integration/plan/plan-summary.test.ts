/**
 * `npm run plan` for real: a small cdktf app synthesized by its cdktf.json command and real
 * Terraform for init and plan, providers served by the provider doubles (test-tooling/provider-double), so
 * Terraform's own plan output is what the summary parses.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthesizeCheckout } from "../../../scripts/guard/synthesize";
import { runPlan } from "../../../scripts/plan";
import {
  prepareMirror,
  requireTerraform,
  runTerraformOk,
  startSharedDoubles,
  type SharedDoubles,
} from "../../../test-tooling/terraform-harness";

jest.setTimeout(120_000);

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
/** What `npm run <script>` runs (package.json): node with the project's TypeScript loader. */
const SCRIPT_RUNNER = [process.execPath, "-r", path.join(REPO_ROOT, "tools", "register-ts.js")] as const;

const APP = `
const { App, TerraformStack, TerraformVariable } = require("cdktf");
const { RandomProvider } = require("@cdktf/provider-random/lib/provider");
const { Password } = require("@cdktf/provider-random/lib/password");
const app = new App();
for (const name of ["demo", "other"]) {
  const stack = new TerraformStack(app, name);
  new RandomProvider(stack, "random", {});
  new Password(stack, "pw", { length: Number(process.env.PW_LENGTH || 16) });
  if (process.env.NEEDS_VARIABLE && name === "demo") new TerraformVariable(stack, "unset_secret", { type: "string" });
}
app.synth();
`;

describe("npm run plan against real Terraform", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let doubles: SharedDoubles | undefined;

  /** The app's own synth (what cdktf synth runs), for the runs that pass --skip-synth. */
  function synth(extraEnv: Record<string, string> = {}) {
    synthesizeCheckout(dir, path.join(dir, "cdktf.out"), { ...env, ...extraEnv });
  }

  /** Runs the plan in this process: its exit code, what it printed, and its summary file. */
  async function plan(argv: string[], extraEnv: Record<string, string> = {}) {
    let log = "";
    let progress = "";
    const code = await runPlan(argv, {
      cwd: dir,
      env: { ...env, ...extraEnv },
      log: (text) => (log += text),
      progress: (text) => (progress += text),
    });
    const summaryFile = path.join(dir, "plan.md");
    return {
      code,
      log,
      progress,
      summary: fs.existsSync(summaryFile) ? fs.readFileSync(summaryFile, "utf8") : "",
    };
  }

  beforeAll(async () => {
    requireTerraform();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-summary-"));
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    fs.writeFileSync(
      path.join(dir, "cdktf.json"),
      JSON.stringify({ language: "typescript", app: "node main.js" }),
    );
    fs.writeFileSync(path.join(dir, "main.js"), APP);
    const mirror = prepareMirror({ repoRoot: REPO_ROOT });
    // One random double for every Terraform command of this file (TF_REATTACH_PROVIDERS).
    doubles = await startSharedDoubles(mirror, { sources: ["hashicorp/random"] });
    env = { ...process.env, ...mirror.env, ...doubles.env, CI: "true", FORCE_COLOR: "0" };
    // Deployed state for both stacks, as after `cdktf deploy`.
    synth();
    for (const stack of ["demo", "other"]) {
      const stackDir = path.join(dir, "cdktf.out", "stacks", stack);
      const options = { mirror, env: doubles.env };
      await runTerraformOk(stackDir, ["init", "-input=false", "-no-color"], options);
      await runTerraformOk(stackDir, ["apply", "-input=false", "-no-color", "-auto-approve"], options);
    }
  });

  afterAll(async () => {
    await doubles?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => fs.rmSync(path.join(dir, "plan.md"), { force: true }));

  test("npm run plan: synthesizes the app, plans every stack, and a ForceNew change shows as a replacement", () => {
    const result = spawnSync(
      SCRIPT_RUNNER[0],
      [...SCRIPT_RUNNER.slice(1), path.join(REPO_ROOT, "scripts", "plan.ts"), "--output", "plan.md"],
      {
        cwd: dir,
        env: { ...env, PW_LENGTH: "20" },
        encoding: "utf8",
        timeout: 120_000,
      },
    );
    expect({ status: result.status, stderr: result.status === 0 ? "" : result.stderr }).toEqual({
      status: 0,
      stderr: "",
    });
    const summary = fs.readFileSync(path.join(dir, "plan.md"), "utf8");
    expect(summary).toContain("| demo | changes | 1 | 0 | 1 | `random_password.pw` (replace) |");
    expect(summary).toContain("| other | changes | 1 | 0 | 1 | `random_password.pw` (replace) |");
    // No saved plan in the stacks' directories: it would hold every sensitive value in plain text.
    for (const stack of ["demo", "other"])
      expect(fs.readdirSync(path.join(dir, "cdktf.out", "stacks", stack))).not.toContain("plan");
    // Terraform's own words reach the log, stack by stack.
    expect(result.stdout).toMatch(/=== demo\n[\s\S]*random_password\.pw must be replaced[\s\S]*=== other\n/);
  });

  test("no change after the deploy is reported as such, for each stack", async () => {
    synth();
    const result = await plan(["--skip-synth", "--output", "plan.md", "--parallel", "2"]);
    expect(result.code).toBe(0);
    expect(result.summary).toContain("| demo | no changes | 0 | 0 | 0 | – |");
    expect(result.summary).toContain("| other | no changes | 0 | 0 | 0 | – |");
  });

  test("--stack plans only the stacks it matches", async () => {
    synth({ PW_LENGTH: "24" });
    const result = await plan(["--skip-synth", "--output", "plan.md", "--stack", "oth*"]);
    expect(result.code).toBe(0);
    expect(result.summary).toContain("| other | changes |");
    expect(result.summary).not.toContain("| demo |");
  });

  test("fails with exit 1 when a stack cannot be planned, says why, and still plans the others", async () => {
    synth({ NEEDS_VARIABLE: "1" });
    const result = await plan(["--skip-synth", "--output", "plan.md"]);
    expect(result.code).toBe(1);
    expect(result.summary).toContain("| demo | **failed** |");
    expect(result.summary).toContain("| other | no changes |");
    expect(result.summary).toMatch(
      /<details><summary>demo: why the plan failed<\/summary>[\s\S]*unset_secret/,
    );
  });

  test("--skip-synth without a synthesized app says what to do", async () => {
    fs.rmSync(path.join(dir, "cdktf.out"), { recursive: true, force: true });
    const result = await plan(["--skip-synth"]);
    expect(result.code).toBe(1);
    expect(result.progress).toMatch(
      /cdktf\.out\/manifest\.json not found; run cdktf synth first or drop --skip-synth/,
    );
  });

  test("refuses a bad --parallel, naming the value and what is allowed", async () => {
    await expect(plan(["--parallel", "0"])).rejects.toThrow(
      '--parallel: "0" is not a whole number of at least 1',
    );
  });
});
