/**
 * `npm run plan` for real: a small cdktf app, the real cdktf CLI and Terraform, providers served
 * by the provider doubles (test-tooling/provider-double), so Terraform's own plan output is what
 * the summary parses.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { prepareMirror } from "../../../test-tooling/provider-double/mirror";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const TS_NODE = path.join(REPO_ROOT, "node_modules", ".bin", "ts-node");

const APP = `
const { App, TerraformStack, TerraformVariable } = require("cdktf");
const { RandomProvider } = require("@cdktf/provider-random/lib/provider");
const { Password } = require("@cdktf/provider-random/lib/password");
const app = new App();
const stack = new TerraformStack(app, "demo");
new RandomProvider(stack, "random", {});
new Password(stack, "pw", { length: Number(process.env.PW_LENGTH || 16) });
if (process.env.NEEDS_VARIABLE) new TerraformVariable(stack, "unset_secret", { type: "string" });
app.synth();
`;

describe("npm run plan against real Terraform", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-summary-"));
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    fs.writeFileSync(
      path.join(dir, "cdktf.json"),
      JSON.stringify({ language: "typescript", app: "node main.js" }),
    );
    fs.writeFileSync(path.join(dir, "main.js"), APP);
    env = { ...process.env, ...prepareMirror({ repoRoot: REPO_ROOT }).env, CI: "true", FORCE_COLOR: "0" };
    const deploy = spawnSync(
      path.join(dir, "node_modules", ".bin", "cdktf"),
      ["deploy", "demo", "--auto-approve", "--skip-provider-lock", "--no-color"],
      { cwd: dir, env, encoding: "utf8", timeout: 120_000 },
    );
    expect({ status: deploy.status, out: deploy.status === 0 ? "" : deploy.stdout + deploy.stderr }).toEqual({
      status: 0,
      out: "",
    });
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function plan(extraEnv: Record<string, string>) {
    return spawnSync(TS_NODE, ["--swc", path.join(REPO_ROOT, "scripts", "plan.ts"), "--output", "plan.md"], {
      cwd: dir,
      env: { ...env, ...extraEnv },
      encoding: "utf8",
      timeout: 120_000,
    });
  }

  test("a ForceNew change shows as a replacement in the summary", () => {
    const result = plan({ PW_LENGTH: "20" });
    expect(result.status).toBe(0);
    const summary = fs.readFileSync(path.join(dir, "plan.md"), "utf8");
    expect(summary).toContain("| demo | changes | 1 | 0 | 1 | `random_password.pw` (replace) |");
  });

  test("no change after the deploy is reported as such", () => {
    const result = plan({});
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, "plan.md"), "utf8")).toContain(
      "| demo | no changes | 0 | 0 | 0 | – |",
    );
  });

  test("fails with exit 1 when a stack cannot be planned, and says why", () => {
    const result = plan({ NEEDS_VARIABLE: "1" });
    expect(result.status).toBe(1);
    const summary = fs.readFileSync(path.join(dir, "plan.md"), "utf8");
    expect(summary).toContain("| demo | **failed** |");
    expect(summary).toMatch(/<details><summary>demo: why the plan failed<\/summary>[\s\S]*unset_secret/);
  });
});
