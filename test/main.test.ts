import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repoRoot = resolve(__dirname, "..");

/** Runs `main(<config expression>)` in a fresh process, as `cdktf synth` would run main.ts. */
function runMain(configExpression: string, outdir: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const script = `
    const { main, exampleConfig } = require("./main");
    const config = structuredClone(exampleConfig);
    ${configExpression}
    main(config);
  `;
  return spawnSync(process.execPath, ["-r", "./tools/register-ts.js", "-e", script], {
    cwd: repoRoot,
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", ...extraEnv },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("main", () => {
  let workDir: string;
  beforeEach(() => (workDir = mkdtempSync(join(tmpdir(), "harbor-main-"))));
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  test("synthesizes one cdk.tf.json per stack for the example, with no Terraform installed", () => {
    const outdir = join(workDir, "out");
    // Only node on the PATH (cdktf copies assets with it): nothing in a synth may need Terraform,
    // as cdktf's own moved blocks would (they run `terraform version`; ours are plain elements).
    const bin = join(workDir, "bin");
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, "node"));
    const run = runMain("", outdir, { PATH: bin });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    const stacks = readdirSync(join(outdir, "stacks")).sort();
    expect(stacks).toEqual([
      "registry-gateway",
      "registry-hz-h-config",
      "registry-hz-h-platform",
      "registry-hz-h-replication",
      "registry-hz-i-config",
      "registry-hz-i-platform",
      "registry-hz-i-replication",
      "registry-shared",
    ]);
    for (const stack of stacks) {
      const json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
      expect(json.terraform.backend.local.path).toBe(`../../../terraform.${stack}.tfstate`);
    }
    const gateway = JSON.parse(
      readFileSync(join(outdir, "stacks", "registry-gateway", "cdk.tf.json"), "utf8"),
    );
    expect(gateway.moved).toContainEqual({
      from: expect.stringMatching(/^kubernetes_service_v1\.gateway_service_/),
      to: "kubernetes_service_v1.gateway_harbor-gateway",
    });
  });

  test("fails on a bad configuration with every problem listed, exit 1, no stack trace and no output", () => {
    const outdir = join(workDir, "out");
    const run = runMain(
      `config.sites.backup.zone = "cn-hangzhou-z";
       config.sites.primary.disks.redis.category = "cloud_magnetic";
       config.policy.garbageCollectionSchedule = "0 3 * * 6";`,
      outdir,
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("invalid Harbor platform configuration: 3 problems");
    expect(run.stderr).toContain('sites.backup.zone: "cn-hangzhou-z" is not valid');
    expect(run.stderr).toContain('sites.primary.disks.redis.category: "cloud_magnetic" is not valid');
    expect(run.stderr).toContain('did you mean "0 0 3 * * 6"?');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(outdir)).toBe(false);
  });
});
