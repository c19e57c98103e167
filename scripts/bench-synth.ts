/**
 * Synth benchmark: the example app against a floor app that only declares the same providers with
 * one resource each. Both run exactly as `cdktf synth` runs the app (cdktf.json's `app` command, with
 * only the entry file swapped for the floor), each in a fresh process, alternating, several
 * repetitions each. Prints medians of wall and CPU time and the ratios; the target is on CPU time
 * (ratio <= 1.3), which other load on the machine disturbs far less than wall time.
 *
 *   npm run bench:synth [-- --runs 11]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const TARGET_RATIO = 1.3;
const FLOOR_ENTRY = "scripts/bench/floor-app.ts";

const repoRoot = resolve(__dirname, "..");
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 11;
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer, got ${runs}`);

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

const { nodeArgs, entry: exampleEntry } = appCommand();

function timeSynth(entry: string, outdir: string): Sample {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["-r", "./scripts/bench/report-cpu.js", ...nodeArgs, entry], {
    cwd: repoRoot,
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  const wallSec = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = /bench-cpu-ms (\d+(?:\.\d+)?)/.exec(run.stderr);
  if (run.status !== 0 || !cpu)
    throw new Error(`synth of ${entry} failed (exit ${run.status}):\n${run.stderr}`);
  return { wallSec, cpuSec: Number(cpu[1]) / 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const workDir = mkdtempSync(join(tmpdir(), "bench-synth-"));
try {
  const samples = { example: [] as Sample[], floor: [] as Sample[] };
  // One warm-up of each fills the loader's compile cache and the filesystem cache; then the two
  // alternate so that machine noise falls on both equally.
  timeSynth(exampleEntry, join(workDir, "warm-example"));
  timeSynth(FLOOR_ENTRY, join(workDir, "warm-floor"));
  for (let i = 0; i < runs; i++) {
    samples.example.push(timeSynth(exampleEntry, join(workDir, `example-${i}`)));
    samples.floor.push(timeSynth(FLOOR_ENTRY, join(workDir, `floor-${i}`)));
  }
  const stat = (app: keyof typeof samples, field: keyof Sample) => median(samples[app].map((s) => s[field]));
  const row = (app: keyof typeof samples) =>
    `| ${app.padEnd(7)} | ${stat(app, "wallSec").toFixed(3).padStart(9)} | ${stat(app, "cpuSec").toFixed(3).padStart(8)} |`;
  const wallRatio = stat("example", "wallSec") / stat("floor", "wallSec");
  const cpuRatio = stat("example", "cpuSec") / stat("floor", "cpuSec");
  console.log(`synth benchmark: ${runs} runs each, alternating, a fresh process per run; medians`);
  console.log(`app command (cdktf.json): node ${[...nodeArgs, "<entry>"].join(" ")}`);
  console.log("| app     | wall (s)  | CPU (s)  |");
  console.log("|---------|-----------|----------|");
  console.log(row("example"));
  console.log(row("floor"));
  console.log(`ratio example/floor: wall ${wallRatio.toFixed(2)} (informative), CPU ${cpuRatio.toFixed(2)}`);
  console.log(
    `${cpuRatio <= TARGET_RATIO ? "OK" : "OVER"}: CPU ratio ${cpuRatio.toFixed(2)} ${cpuRatio <= TARGET_RATIO ? "<=" : ">"} target ${TARGET_RATIO.toFixed(2)}`,
  );
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
