/**
 * Synth benchmark: the example app against a floor app that only declares the same providers with
 * one resource each, and a control, the shape app: the example's stacks, provider blocks and
 * element counts filled with the floor's plain resources. All run exactly as `cdktf synth` runs
 * the app (cdktf.json's `app` command, with only the entry file swapped), each in a fresh process,
 * taking turns, several repetitions each. Prints medians of wall and CPU time and the ratios; the
 * target is example/floor on CPU time (<= 1.3), which other load on the machine disturbs far less
 * than wall time. shape/floor is what cdktf charges for the example's structure alone.
 * `--phases` then also splits both apps' CPU time by phase (scripts/bench/synth-phases.ts).
 *
 *   npm run bench:synth [-- --runs 11] [--phases]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const TARGET_RATIO = 1.3;
const FLOOR_ENTRY = "scripts/bench/floor-app.ts";
/** The example's stacks, providers and element counts with the floor's plain resources. */
const SHAPE_ENTRY = "scripts/bench/shape-app.ts";

const repoRoot = resolve(__dirname, "..");
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 11;
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer, got ${runs}`);
const withPhases = process.argv.includes("--phases");

/** cdktf.json's app command, split into node's arguments and the entry file. */
function appCommand(): { nodeArgs: string[]; entry: string } {
  const { app } = JSON.parse(readFileSync(join(repoRoot, "cdktf.json"), "utf8")) as { app: string };
  const words = app.trim().split(/\s+/);
  const entry = words[words.length - 1];
  if (words[0] !== "node" || !entry.endsWith(".ts")) {
    throw new Error(
      `cdktf.json app must be "node [options] <entry>.ts" for this benchmark, got ${JSON.stringify(app)}`,
    );
  }
  return { nodeArgs: words.slice(1, -1), entry };
}

interface Sample {
  readonly wallSec: number;
  readonly cpuSec: number;
}

type Phases = Record<string, number>;

const { nodeArgs, entry: exampleEntry } = appCommand();

function runNode(args: string[], outdir: string): { wallSec: number; stderr: string } {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  const wallSec = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`node ${args.join(" ")} failed (exit ${run.status}):\n${run.stderr}`);
  return { wallSec, stderr: run.stderr };
}

function timeSynth(entry: string, outdir: string): Sample {
  const { wallSec, stderr } = runNode(["-r", "./scripts/bench/report-cpu.js", ...nodeArgs, entry], outdir);
  const cpu = /bench-cpu-ms (\d+(?:\.\d+)?)/.exec(stderr);
  if (!cpu) throw new Error(`synth of ${entry} reported no CPU time:\n${stderr}`);
  return { wallSec, cpuSec: Number(cpu[1]) / 1000 };
}

/** CPU milliseconds per phase of one synth of `entry`, measured inside the process. */
function synthPhases(entry: string, outdir: string): Phases {
  const { stderr } = runNode([...nodeArgs, "scripts/bench/synth-phases.ts", entry], outdir);
  const phases = /bench-phases (\{.*\})/.exec(stderr);
  if (!phases) throw new Error(`synth of ${entry} reported no phases:\n${stderr}`);
  return JSON.parse(phases[1]) as Phases;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const APPS = ["example", "shape", "floor"] as const;
type AppName = (typeof APPS)[number];

function printRatio(workDir: string): void {
  const entries: Record<AppName, string> = { example: exampleEntry, shape: SHAPE_ENTRY, floor: FLOOR_ENTRY };
  const samples: Record<AppName, Sample[]> = { example: [], shape: [], floor: [] };
  // One warm-up of each fills the loader's compile cache and the filesystem cache; then the apps
  // take turns so that machine noise falls on all of them equally.
  for (const app of APPS) timeSynth(entries[app], join(workDir, `warm-${app}`));
  for (let i = 0; i < runs; i++)
    for (const app of APPS) samples[app].push(timeSynth(entries[app], join(workDir, `${app}-${i}`)));
  const stat = (app: AppName, field: keyof Sample) => median(samples[app].map((s) => s[field]));
  const row = (app: AppName) =>
    `| ${app.padEnd(7)} | ${stat(app, "wallSec").toFixed(3).padStart(9)} | ${stat(app, "cpuSec").toFixed(3).padStart(8)} |`;
  const ratio = (a: AppName, b: AppName, field: keyof Sample) => stat(a, field) / stat(b, field);
  const cpuRatio = ratio("example", "floor", "cpuSec");
  console.log(`synth benchmark: ${runs} runs each, taking turns, a fresh process per run; medians`);
  console.log(`app command (cdktf.json): node ${[...nodeArgs, "<entry>"].join(" ")}`);
  console.log("| app     | wall (s)  | CPU (s)  |");
  console.log("|---------|-----------|----------|");
  for (const app of APPS) console.log(row(app));
  console.log(
    `ratio example/floor: wall ${ratio("example", "floor", "wallSec").toFixed(2)} (informative), CPU ${cpuRatio.toFixed(2)}`,
  );
  console.log(
    `control: shape/floor CPU ${ratio("shape", "floor", "cpuSec").toFixed(2)} (what cdktf charges for the example's stacks, providers and element count alone), example/shape CPU ${ratio("example", "shape", "cpuSec").toFixed(2)} (the content of our constructs)`,
  );
  const ok = cpuRatio <= TARGET_RATIO;
  console.log(
    `${ok ? "OK" : "OVER"}: CPU ratio ${cpuRatio.toFixed(2)} ${ok ? "<=" : ">"} target ${TARGET_RATIO.toFixed(2)}`,
  );
}

function printPhases(workDir: string): void {
  const samples = { example: [] as Phases[], floor: [] as Phases[] };
  for (let i = 0; i < runs; i++) {
    samples.example.push(synthPhases(exampleEntry, join(workDir, `phases-example-${i}`)));
    samples.floor.push(synthPhases(FLOOR_ENTRY, join(workDir, `phases-floor-${i}`)));
  }
  const phaseMs = (app: keyof typeof samples, phase: string) => median(samples[app].map((s) => s[phase]));
  console.log("");
  console.log(`CPU by phase (ms; medians of ${runs} more runs each, measured inside the process):`);
  console.log("| phase                  | example |   floor | example - floor |");
  console.log("|------------------------|---------|---------|-----------------|");
  for (const phase of Object.keys(samples.example[0])) {
    const cells = [phaseMs("example", phase), phaseMs("floor", phase)];
    cells.push(cells[0] - cells[1]);
    const [example, floor, difference] = cells.map((ms) => ms.toFixed(0));
    console.log(
      `| ${phase.padEnd(22)} | ${example.padStart(7)} | ${floor.padStart(7)} | ${difference.padStart(15)} |`,
    );
  }
}

const workDir = mkdtempSync(join(tmpdir(), "bench-synth-"));
try {
  printRatio(workDir);
  if (withPhases) printPhases(workDir);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
