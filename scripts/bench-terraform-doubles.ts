/**
 * Provider-double benchmark, all figures measured in this run:
 *
 * 1. start of one double until its go-plugin handshake, against `node -e 0` (the floor any Node
 *    executable pays);
 * 2. `terraform plan` of the fixture platform stack (3 providers, applied state) with doubles
 *    Terraform starts itself (the mirror, mutual TLS) against shared doubles
 *    (`TF_REATTACH_PROVIDERS`).
 *
 *   npm run bench:doubles [-- --runs 7]
 */
import { spawn } from "node:child_process";
import {
  prepareMirror,
  requireTerraform,
  startSharedDoubles,
  synthToDir,
  TerraformWorkspace,
} from "../test-tooling/terraform-harness";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../test-tooling/provider-double/server";
import { buildFixtureApp, FIXTURE_STACKS } from "../test/integration/terraform/fixture-app";

const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Milliseconds from spawn to the first line on stdout; the process is then killed by its PID. */
function timeToFirstLine(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      env: { ...process.env, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: "6" },
      stdio: ["ignore", "pipe", "ignore"],
    });
    child.stdout.once("data", () => {
      resolve(Number(process.hrtime.bigint() - started) / 1e6);
      if (child.pid !== undefined) process.kill(child.pid, "SIGKILL");
    });
    child.once("error", reject);
  });
}

async function main(): Promise<void> {
  console.log(`terraform ${requireTerraform()}, node ${process.version}, ${runs} runs each, medians`);
  let started = Date.now();
  const mirror = prepareMirror();
  console.log(`mirror ready in ${Date.now() - started} ms (${mirror.root})`);

  const launcher = mirror.providers.find((provider) => provider.source === "hashicorp/kubernetes")!.launcher;
  const startTimes = { floor: [] as number[], double: [] as number[] };
  for (let i = 0; i < runs; i++) {
    startTimes.floor.push(await timeToFirstLine(process.execPath, ["-e", "console.log(0)"]));
    startTimes.double.push(await timeToFirstLine(launcher, []));
  }
  const floor = median(startTimes.floor);
  const double = median(startTimes.double);
  console.log("| start                          | median ms |");
  console.log("|--------------------------------|-----------|");
  console.log(`| node -e (floor)                | ${floor.toFixed(0).padStart(9)} |`);
  console.log(`| kubernetes double to handshake | ${double.toFixed(0).padStart(9)} |`);
  console.log(`ratio double/floor: ${(double / floor).toFixed(2)}`);

  const shared = await startSharedDoubles(mirror);
  const workspace = new TerraformWorkspace(
    synthToDir((app) => buildFixtureApp(app)),
    { mirror, shared },
  );
  try {
    started = Date.now();
    await workspace.init([FIXTURE_STACKS.platform]);
    console.log(`init of one stack: ${Date.now() - started} ms`);
    await workspace.apply(FIXTURE_STACKS.platform);
    const planTimes = { launched: [] as number[], shared: [] as number[] };
    for (let i = 0; i < runs; i++) {
      workspace.useSharedDoubles(undefined);
      planTimes.launched.push((await workspace.plan(FIXTURE_STACKS.platform)).result.durationMs);
      workspace.useSharedDoubles(shared);
      planTimes.shared.push((await workspace.plan(FIXTURE_STACKS.platform)).result.durationMs);
    }
    const launched = median(planTimes.launched);
    const attached = median(planTimes.shared);
    console.log("| terraform plan, fixture platform stack (3 providers) | median ms |");
    console.log("|------------------------------------------------------|-----------|");
    console.log(
      `| doubles started by Terraform (mirror, mutual TLS)    | ${launched.toFixed(0).padStart(9)} |`,
    );
    console.log(
      `| shared doubles (TF_REATTACH_PROVIDERS)               | ${attached.toFixed(0).padStart(9)} |`,
    );
    console.log(`ratio launched/shared: ${(launched / attached).toFixed(1)}`);
  } finally {
    workspace.dispose();
    await shared.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
