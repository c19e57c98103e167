/**
 * Gateway benchmark: the field report's nginx config and ours, in the same run, in front of the same
 * two real registries (Debian's docker-registry) on 127.0.0.1, under the same bounded load
 * (15 req/s per gateway, ~10 % upload flows), with the same faults injected once for both:
 * primary killed, primary hung 70 s (SIGSTOP), primary killed and returning. Then 10 MB blob GET
 * throughput of ours against a bare TLS proxy_pass nginx. Prints one Markdown table.
 *
 *   npm run bench:gateway                  # full length (about 4 minutes)
 *   BENCH_GATEWAY_QUICK=1 npm run bench:gateway   # short faults, for a smoke run
 */
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { sha256Digest } from "../test/integration/support/registry-client";
import { createNginxPrefix, startNginx } from "../test/integration/support/nginx";
import { freePorts } from "../test/integration/support/ports";
import { acceptedTlsVersions } from "../test/integration/support/tls-probe";
import { renderFieldReportConfig } from "../test/integration/gateway/baseline-configs";
import {
  gateway,
  GatewayLab,
  layoutFor,
  MAIN_HOSTNAME,
  startLab,
  stopLab,
} from "../test/integration/gateway/lab";
import {
  GatewayScenarioResult,
  measureBlobThroughput,
  runScenario,
  ScenarioOptions,
} from "../test/integration/gateway/scenarios";

const quick = process.env.BENCH_GATEWAY_QUICK === "1";
const seconds = (ms: number | undefined): string =>
  ms === undefined ? "never" : `${(ms / 1000).toFixed(1)} s`;
const mark = (ok: boolean): string => (ok ? "yes" : "**no**");

/** The "failed pulls" row of a scenario: both gateways' counts, ours against the target of none. */
function failedPullsRow(
  scenario: string,
  result: { readonly field: GatewayScenarioResult; readonly ours: GatewayScenarioResult },
): string[] {
  const failed = (r: GatewayScenarioResult) => `${r.pulls.failed}/${r.pulls.total}`;
  return [
    scenario,
    "failed pulls",
    failed(result.field),
    failed(result.ours),
    "0",
    mark(result.ours.pulls.failed === 0),
  ];
}

const HANG_MS = quick ? 12000 : 70000;
/** Flows start every 667 ms and pause 250 ms between steps: this offset lands inside one. */
const KILL_AT_MS = 4150;

const scenarios: Record<"kill" | "hang" | "return", ScenarioOptions> = {
  kill: { fault: "kill", faultAtMs: KILL_AT_MS, faultDurationMs: 0, tailMs: quick ? 6000 : 20000 },
  hang: {
    fault: "hang",
    faultAtMs: 4000,
    faultDurationMs: HANG_MS,
    tailMs: quick ? 6000 : 20000,
    // Longer than the field report's implicit 60 s proxy_read_timeout, so its stalls are measured, not cut.
    requestTimeoutMs: 90000,
  },
  return: {
    fault: "return",
    faultAtMs: 4000,
    faultDurationMs: quick ? 5000 : 15000,
    tailMs: quick ? 12000 : 35000,
  },
};

async function fieldReportAsWrittenTls(lab: GatewayLab): Promise<string[]> {
  const [port, httpPort] = await freePorts(2);
  const prefix = createNginxPrefix(lab.root, "nginx-field-as-written");
  const layout = layoutFor(prefix, port, httpPort, lab.tls);
  const config = renderFieldReportConfig(
    { primary: lab.primary.address, backup: lab.backup.address },
    layout,
    false,
  );
  await startNginx(lab.group, prefix, config, port, "nginx-field-as-written");
  return acceptedTlsVersions(port, MAIN_HOSTNAME);
}

function uploadsOk(r: GatewayScenarioResult): string {
  return `${r.uploads.total - r.uploads.broken}/${r.uploads.total}`;
}

function brokenDetail(r: GatewayScenarioResult): string {
  if (r.uploads.broken === 0) return "0";
  const counts = new Map<string, number>();
  for (const failure of r.uploads.failures) counts.set(failure, (counts.get(failure) ?? 0) + 1);
  return `${r.uploads.broken} (${[...counts].map(([f, n]) => `${n}× ${f}`).join(", ")})`;
}

/** Keeps every nginx and registry log of the run, since the lab's temp dir is removed at the end. */
function keepLogs(lab: GatewayLab): string {
  const dir = join(process.cwd(), ".cache", "bench-gateway");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const gw of Object.values(lab.gateways)) {
    if (!gw) continue;
    copyFileSync(gw.prefix.errorLogFile, join(dir, `nginx-${gw.kind}.log`));
    copyFileSync(gw.prefix.accessLog, join(dir, `nginx-${gw.kind}-access.log`));
  }
  for (const registry of [lab.primary, lab.backup]) {
    copyFileSync(join(registry.dir, "registry.log"), join(dir, `registry-${registry.id}.log`));
  }
  return dir;
}

async function main(): Promise<void> {
  const started = Date.now();
  let lab: GatewayLab | undefined;
  const stop = async (): Promise<void> => {
    await stopLab(lab);
    lab = undefined;
  };
  process.once("SIGINT", () => void stop().then(() => process.exit(130)));
  try {
    lab = await startLab({ gateways: ["ours", "field-report", "bare-proxy"], largeLayerBytes: 10_000_000 });
    const ours = gateway(lab, "ours");
    const field = gateway(lab, "field-report");
    const bare = gateway(lab, "bare-proxy");

    const tls = {
      ours: await acceptedTlsVersions(ours.port, MAIN_HOSTNAME),
      fieldAdapted: await acceptedTlsVersions(field.port, MAIN_HOSTNAME),
      fieldAsWritten: await fieldReportAsWrittenTls(lab),
    };

    const results: Partial<
      Record<keyof typeof scenarios, { field: GatewayScenarioResult; ours: GatewayScenarioResult }>
    > = {};
    for (const name of ["kill", "hang", "return"] as const) {
      process.stderr.write(`scenario ${name}...\n`);
      const [oursResult, fieldResult] = await runScenario(lab, [ours, field], scenarios[name]);
      results[name] = { ours: oursResult, field: fieldResult };
    }

    process.stderr.write("throughput...\n");
    const big = lab.image.layers[1];
    const [oursThroughput, bareThroughput] = await measureBlobThroughput(lab, [ours, bare], {
      digest: sha256Digest(big),
      expectedBytes: big.length,
      rounds: quick ? 30 : 150,
    });
    const ratio = oursThroughput.MBps / bareThroughput.MBps;

    const kill = results.kill as { field: GatewayScenarioResult; ours: GatewayScenarioResult };
    const hang = results.hang as { field: GatewayScenarioResult; ours: GatewayScenarioResult };
    const back = results.return as { field: GatewayScenarioResult; ours: GatewayScenarioResult };
    const hangLabel = `primary hung ${HANG_MS / 1000} s`;
    const rows: string[][] = [
      ["scenario", "measure", "field report's config", "ours", "target", "met"],
      [
        "TLS",
        "protocols that complete a handshake",
        `as written: ${tls.fieldAsWritten.join(", ") || "none"}; adapted: ${tls.fieldAdapted.join(", ") || "none"}`,
        tls.ours.join(", "),
        "TLSv1.2, TLSv1.3 only",
        mark(tls.ours.join(",") === "TLSv1.2,TLSv1.3"),
      ],
      failedPullsRow("primary killed", kill),
      [
        "primary killed",
        "broken upload flows: started after the crash / all",
        `${kill.field.uploads.brokenStartedAfterFault} / ${brokenDetail(kill.field)}`,
        `${kill.ours.uploads.brokenStartedAfterFault} / ${brokenDetail(kill.ours)}`,
        "0 started after the crash",
        mark(kill.ours.uploads.brokenStartedAfterFault === 0),
      ],
      [
        hangLabel,
        "longest pull stall",
        seconds(hang.field.pulls.longestStallMs),
        seconds(hang.ours.pulls.longestStallMs),
        "≤ 3 s",
        mark(hang.ours.pulls.longestStallMs <= 3000),
      ],
      failedPullsRow(hangLabel, hang),
      [
        hangLabel,
        "p50 pull latency while hung",
        seconds(hang.field.pulls.p50DuringFaultMs),
        seconds(hang.ours.pulls.p50DuringFaultMs),
        "—",
        "",
      ],
      [
        hangLabel,
        "outage: 1-s slots with no pull served within 1 s",
        `${hang.field.pulls.outageSec} s`,
        `${hang.ours.pulls.outageSec} s`,
        "—",
        "",
      ],
      [
        hangLabel,
        "upload flows that succeeded",
        `${uploadsOk(hang.field)} (broken: ${brokenDetail(hang.field)})`,
        `${uploadsOk(hang.ours)} (broken: ${brokenDetail(hang.ours)})`,
        "≥ 95 %",
        mark(hang.ours.uploads.total - hang.ours.uploads.broken >= 0.95 * hang.ours.uploads.total),
      ],
      [
        "primary returns",
        "back on the primary after",
        seconds(back.field.failbackMs),
        seconds(back.ours.failbackMs),
        "≤ 10 s",
        mark(back.ours.failbackMs !== undefined && back.ours.failbackMs <= 10000),
      ],
      [
        "primary returns",
        "broken upload flows started after the crash",
        brokenDetail({
          ...back.field,
          uploads: { ...back.field.uploads, broken: back.field.uploads.brokenStartedAfterFault },
        }),
        brokenDetail({
          ...back.ours,
          uploads: { ...back.ours.uploads, broken: back.ours.uploads.brokenStartedAfterFault },
        }),
        "0",
        mark(back.ours.uploads.brokenStartedAfterFault === 0),
      ],
      failedPullsRow("primary returns", back),
      [
        "10 MB blob GET",
        `throughput over ${oursThroughput.downloads} interleaved GETs each; bare TLS proxy_pass in the same run`,
        `bare: ${bareThroughput.MBps.toFixed(0)} MB/s`,
        `${oursThroughput.MBps.toFixed(0)} MB/s = ${ratio.toFixed(2)} × bare`,
        "≥ 0.9 × bare",
        mark(ratio >= 0.9),
      ],
    ];
    const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
    const line = (row: string[]): string =>
      `| ${row.map((cell, col) => cell.padEnd(widths[col])).join(" | ")} |`;
    const output = [line(rows[0]), line(widths.map((w) => "-".repeat(w))), ...rows.slice(1).map(line)];
    process.stdout.write(`${output.join("\n")}\n\n`);
    process.stdout.write(
      `15 req/s per gateway, every 10th operation an upload flow (POST, PATCH 32 KiB, PUT, 250 ms apart); ` +
        `both gateways under load at once, faults injected once for both. nginx ${"1.22"} (Debian), docker-registry, 2 workers each. ` +
        `Run took ${((Date.now() - started) / 1000).toFixed(0)} s${quick ? " (QUICK mode: shortened faults)" : ""}.\n`,
    );
  } finally {
    if (lab) process.stderr.write(`logs kept in ${keepLogs(lab)}\n`);
    await stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
