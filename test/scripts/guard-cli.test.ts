/**
 * The guard as users run it: a real git repository, a real cdktf app synthesized twice (the base
 * ref in a temporary worktree, the head from the working tree), the real CLI process.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** What `npm run <script>` runs (package.json): node with the project's TypeScript loader. */
const SCRIPT_RUNNER = [process.execPath, "-r", path.join(REPO_ROOT, "tools", "register-ts.js")] as const;
const GUARD = path.join(REPO_ROOT, "scripts", "guard.ts");

function app(storage: string, namespace: string): string {
  return `
const { App, TerraformStack } = require("cdktf");
const { KubernetesProvider } = require("@cdktf/provider-kubernetes/lib/provider");
const { NamespaceV1 } = require("@cdktf/provider-kubernetes/lib/namespace-v1");
const { PersistentVolumeClaimV1 } = require("@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1");
const app = new App();
const stack = new TerraformStack(app, "demo-platform");
new KubernetesProvider(stack, "kubernetes", {});
new NamespaceV1(stack, "namespace", { metadata: { name: "${namespace}" }, lifecycle: { preventDestroy: true } });
new PersistentVolumeClaimV1(stack, "claim", {
  metadata: { name: "data", namespace: "${namespace}" },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "${storage}" } } },
  lifecycle: { preventDestroy: true },
});
app.synth();
`;
}

function run(cwd: string, command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 60_000 });
  if (result.error) throw result.error;
  return result;
}

describe("guard CLI on a git repository", () => {
  let repo: string;

  beforeAll(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), "guard-cli-"));
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
    fs.writeFileSync(
      path.join(repo, "cdktf.json"),
      JSON.stringify({ language: "typescript", app: "node main.js" }),
    );
    fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\ncdktf.out\n");
    fs.writeFileSync(path.join(repo, "main.js"), app("10Gi", "harbor-a"));
    for (const args of [
      ["init", "-q", "-b", "main"],
      ["add", "."],
      ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "base"],
    ]) {
      expect(run(repo, "git", args).status).toBe(0);
    }
  });

  afterAll(() => {
    fs.rmSync(repo, { recursive: true, force: true });
  });

  test("a claim that grows passes with exit 0", () => {
    fs.writeFileSync(path.join(repo, "main.js"), app("20Gi", "harbor-a"));
    const result = run(repo, SCRIPT_RUNNER[0], [...SCRIPT_RUNNER.slice(1), GUARD, "--base", "main"]);
    expect(result.stderr).toContain("guard: synthesizing base main");
    expect(result.stdout).toMatch(/update\s+kubernetes_persistent_volume_claim_v1\.claim\s+yes\s+ok/);
    expect(result.status).toBe(0);
  });

  test("fails with exit 1 on a renamed namespace, and passes once it is named", () => {
    fs.writeFileSync(path.join(repo, "main.js"), app("10Gi", "harbor-b"));
    const blocked = run(repo, SCRIPT_RUNNER[0], [
      ...SCRIPT_RUNNER.slice(1),
      GUARD,
      "--base",
      "main",
      "--format",
      "json",
    ]);
    expect(blocked.status).toBe(1);
    const report = JSON.parse(blocked.stdout) as { blocked: { address: string; action: string }[] };
    expect(report.blocked.map((c) => [c.address, c.action])).toEqual([
      ["kubernetes_namespace_v1.namespace", "replace"],
      ["kubernetes_persistent_volume_claim_v1.claim", "replace"],
    ]);

    fs.writeFileSync(
      path.join(repo, "pr-body.md"),
      "allow-destroy: demo-platform/kubernetes_namespace_v1.namespace\n" +
        "allow-destroy: demo-platform/kubernetes_persistent_volume_claim_v1.claim\n",
    );
    const allowed = run(repo, SCRIPT_RUNNER[0], [
      ...SCRIPT_RUNNER.slice(1),
      GUARD,
      "--base",
      "main",
      "--allow-destroy-from",
      "pr-body.md",
    ]);
    expect(allowed.stdout).toContain("ALLOWED (opt-in)");
    expect(allowed.status).toBe(0);
  });

  test("leaves no worktree behind and does not touch the working tree", () => {
    const worktrees = run(repo, "git", ["worktree", "list", "--porcelain"]).stdout;
    expect(worktrees.match(/^worktree /gm)).toHaveLength(1);
    expect(fs.existsSync(path.join(repo, "cdktf.out"))).toBe(false);
  });

  test("fails with exit 2 on a ref that does not exist", () => {
    const result = run(repo, SCRIPT_RUNNER[0], [...SCRIPT_RUNNER.slice(1), GUARD, "--base", "no-such-ref"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/guard: git rev-parse --verify no-such-ref\^\{commit\} failed/);
  });
});
