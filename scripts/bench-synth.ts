/**
 * Synth benchmark: the example app against a floor app that only declares the same providers with
 * one resource each, both run the way `cdktf synth` runs them (a fresh `ts-node --swc` process),
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

function timeSynth(entry: string, outdir: string): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["-r", "ts-node/register", entry], {
    cwd: repoRoot,
    env: { ...process.env, TS_NODE_SWC: "true", CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`synth of ${entry} failed (exit ${run.status}):\n${run.stderr}`);
  return seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const workDir = mkdtempSync(join(tmpdir(), "bench-synth-"));
try {
  const timings = { example: [] as number[], floor: [] as number[] };
  // One warm-up of each fills the swc and filesystem caches, then the two alternate so that
  // machine noise falls on both equally.
  timeSynth("main.ts", join(workDir, "warm-example"));
  timeSynth("scripts/bench/floor-app.ts", join(workDir, "warm-floor"));
  for (let i = 0; i < runs; i++) {
    timings.example.push(timeSynth("main.ts", join(workDir, `example-${i}`)));
    timings.floor.push(timeSynth("scripts/bench/floor-app.ts", join(workDir, `floor-${i}`)));
  }
  const example = median(timings.example);
  const floor = median(timings.floor);
  const ratio = example / floor;
  const row = (name: string, values: number[]) =>
    `| ${name.padEnd(8)} | ${median(values).toFixed(3)} | ${Math.min(...values).toFixed(3)} | ${Math.max(...values).toFixed(3)} |`;
  console.log(`synth benchmark, ${runs} runs each (seconds, fresh ts-node --swc process per run)`);
  console.log("| app      | median | min   | max   |");
  console.log("|----------|--------|-------|-------|");
  console.log(row("example", timings.example));
  console.log(row("floor", timings.floor));
  console.log(
    `ratio example/floor (median): ${ratio.toFixed(2)} (target <= 1.30) ${ratio <= 1.3 ? "OK" : "OVER TARGET"}`,
  );
  process.exitCode = ratio <= 1.3 ? 0 : 1;
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
