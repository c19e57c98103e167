/**
 * One synth of an app with its CPU time split by phase, for `npm run bench:synth -- --phases`:
 * where the example's time goes beyond the floor's. Run with the app's loader:
 *
 *   node -r ./tools/register-ts.js scripts/bench/synth-phases.ts <entry.ts>
 *
 * An entry that exports `main()` (main.ts) is synthesized by calling it; any other (the floor)
 * synthesizes as it loads. Module loading is split by whose modules they are, each module counted
 * with its own time only (not that of the modules it requires); `app.synth()` is timed around
 * cdktf's `App.prototype.synth`; what remains is building the constructs (with the validations
 * they run). Writes one line to stderr: `bench-phases <JSON: milliseconds per phase>`.
 */
import Module from "node:module";
import { resolve } from "node:path";

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const startupMs = cpuMs();

const entryFile = resolve(process.argv[2] ?? "");

type LoadPhase = "load cdktf" | "load provider bindings" | "load our modules";

function loadPhaseOf(filename: string): LoadPhase {
  if (filename.includes("/node_modules/@cdktf/provider-")) return "load provider bindings";
  if (filename.includes("/node_modules/")) return "load cdktf"; // cdktf, constructs and their dependencies
  return "load our modules";
}

const loadMs: Record<LoadPhase, number> = {
  "load cdktf": 0,
  "load provider bindings": 0,
  "load our modules": 0,
};
// Module.prototype.load runs once per module file, with its resolved name. The entry's own
// top-level code is the app itself, not loading: it stays in the remainder.
const moduleProto = Module.prototype as unknown as { load(filename: string): void };
const originalLoad = moduleProto.load;
const nestedMs: number[] = [];
moduleProto.load = function timedLoad(filename: string) {
  const started = cpuMs();
  nestedMs.push(0);
  try {
    originalLoad.call(this, filename);
  } finally {
    const total = cpuMs() - started;
    const own = total - (nestedMs.pop() ?? 0);
    if (nestedMs.length > 0) nestedMs[nestedMs.length - 1] += total;
    if (filename !== entryFile) loadMs[loadPhaseOf(filename)] += own;
  }
};

// Loaded here (and so counted in "load cdktf") to time the synth; the app gets the same module.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- must load after the hook above
const { App } = require("cdktf") as typeof import("cdktf");
let synthMs = 0;
const originalSynth = App.prototype.synth;
App.prototype.synth = function timedSynth(this: InstanceType<typeof App>) {
  const started = cpuMs();
  try {
    originalSynth.call(this);
  } finally {
    synthMs += cpuMs() - started;
  }
};

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the entry is an argument
const entry = require(entryFile) as { main?: () => void };
if (typeof entry.main === "function") entry.main();
const totalMs = cpuMs();

const loadTotalMs = Object.values(loadMs).reduce((sum, ms) => sum + ms, 0);
const phases = {
  "node start and loader": startupMs,
  ...loadMs,
  "build constructs": totalMs - startupMs - loadTotalMs - synthMs,
  "app.synth()": synthMs,
  total: totalMs,
};
process.stderr.write(`bench-phases ${JSON.stringify(phases)}\n`);
