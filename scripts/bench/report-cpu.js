// Preloaded into each benchmarked synth: reports the process's own CPU time on exit, a figure
// that other load on the machine disturbs far less than wall time.
"use strict";
process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\nbench-cpu-ms ${((user + system) / 1000).toFixed(1)}\n`);
});
