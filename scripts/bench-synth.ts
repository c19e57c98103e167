/**
 * Synth benchmark: the example app against a floor app that only declares the same providers with
 * one resource each, both run the way `cdktf synth` runs them (cdktf.json's app command, a fresh process),
 * alternating, several repetitions each. Prints medians and the ratio (target ≤ 1.3).
 *
 *   npm run bench:synth [-- --runs 7]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repoRoot = resolve(__dirname, "..");
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;

interface Sample {
  readonly wallSec: number;
  readonly cpuSec: number;
}

function timeSynth(entry: string, outdir: string): Sample {
  const started = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    ["-r", "./scripts/bench/report-cpu.js", "-r", "./tools/register-ts.js", entry],
    {
      cwd: repoRoot,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
      encoding: "utf8",
    },
  );
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
  // One warm-up of each fills the compile cache and the filesystem cache, then the two alternate
  // so that machine noise falls on both equally.
  timeSynth("main.ts", join(workDir, "warm-example"));
  timeSynth("scripts/bench/floor-app.ts", join(workDir, "warm-floor"));
  for (let i = 0; i < runs; i++) {
    samples.example.push(timeSynth("main.ts", join(workDir, `example-${i}`)));
    samples.floor.push(timeSynth("scripts/bench/floor-app.ts", join(workDir, `floor-${i}`)));
  }
  const stat = (app: keyof typeof samples, field: keyof Sample) => median(samples[app].map((s) => s[field]));
  const row = (app: keyof typeof samples) =>
    `| ${app.padEnd(7)} | ${stat(app, "wallSec").toFixed(3).padStart(9)} | ${stat(app, "cpuSec").toFixed(3).padStart(8)} |`;
  const wallRatio = stat("example", "wallSec") / stat("floor", "wallSec");
  const cpuRatio = stat("example", "cpuSec") / stat("floor", "cpuSec");
  console.log(
    `synth benchmark: ${runs} runs each, a fresh process per run with cdktf.json's app loader; medians`,
  );
  console.log("| app     | wall (s)  | CPU (s)  |");
  console.log("|---------|-----------|----------|");
  console.log(row("example"));
  console.log(row("floor"));
  console.log(
    `ratio example/floor: wall ${wallRatio.toFixed(2)}, CPU ${cpuRatio.toFixed(2)} (target <= 1.30)`,
  );
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
