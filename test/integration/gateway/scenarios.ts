import { randomBytes } from "node:crypto";
import { httpRequest, HttpResponse } from "../support/http";
import { LoadSample, runBoundedLoad } from "../support/load";
import { killProcess, pauseProcess, resumeProcess, waitFor } from "../support/processes";
import { REGISTRY_ID_HEADER, restartRegistry } from "../support/registry";
import { sha256Digest } from "../support/registry-client";
import { GatewayLab, LabGateway, servedBy } from "./lab";

/**
 * The field report's failure scenarios, run against real gateways and registries:
 * - kill: the primary registry is SIGKILLed and stays down;
 * - hang: the primary is SIGSTOPped (connections accepted, nothing answered), then SIGCONTed;
 * - return: the primary is killed, then started again on the same storage (failback).
 */
export type FaultKind = "kill" | "hang" | "return";

export interface ScenarioOptions {
  readonly fault: FaultKind;
  /** When the fault starts, from the start of the load. */
  readonly faultAtMs: number;
  /** hang: how long the primary stays frozen; return: how long it stays down. */
  readonly faultDurationMs: number;
  /** Load continues this long after the fault ends (kill: after it starts). */
  readonly tailMs: number;
  /** Operations per second per gateway (the field report measured 15). */
  readonly ratePerSec?: number;
  /** Every n-th operation is an upload flow instead of a pull (10 = about 10 %). */
  readonly uploadEvery?: number;
  /** Pause between the steps of an upload flow, as a client streaming a layer would have. */
  readonly uploadStepPauseMs?: number;
  /** Client deadline per request. */
  readonly requestTimeoutMs?: number;
}

export interface PullRecord {
  readonly kind: "pull";
  readonly status: number;
  readonly servedBy?: string;
}

export interface UploadRecord {
  readonly kind: "upload";
  /** The step that failed and what it got, e.g. "PUT 404"; absent when the flow succeeded. */
  readonly failure?: string;
  readonly sessionSite?: string;
}

export type OperationRecord = PullRecord | UploadRecord;

export interface GatewayScenarioResult {
  readonly gateway: string;
  readonly fault: FaultKind;
  readonly pulls: {
    readonly total: number;
    readonly failed: number;
    /** The slowest pull of the run. */
    readonly longestStallMs: number;
    /** Median latency of the pulls started while the fault lasted. */
    readonly p50DuringFaultMs: number;
    /** One-second slots after the fault began in which no pull started in that slot succeeded within 1 s. */
    readonly outageSec: number;
    /** Each failed pull: when it started (ms from the fault), what it got, which site answered. */
    readonly failures: readonly string[];
  };
  readonly uploads: {
    readonly total: number;
    readonly broken: number;
    /** Broken flows that started after the fault began (in-flight ones may be lost to a crash). */
    readonly brokenStartedAfterFault: number;
    readonly failures: readonly string[];
  };
  /** ms from the primary being back until the first pull it served; undefined when it never did. */
  readonly failbackMs?: number;
  readonly samples: readonly LoadSample<OperationRecord>[];
  readonly faultStartMs: number;
  readonly faultEndMs?: number;
}

/**
 * Where the next upload step goes. Only the path and query of the Location are used, on the
 * gateway's own origin: the field report's config forwards `Host $host`, which drops the lab's
 * high port (harmless on 443), and this keeps the comparison about routing, not about ports.
 */
function follow(gw: LabGateway, location: string): URL {
  const target = new URL(location, gw.baseUrl);
  return new URL(`${target.pathname}${target.search}`, gw.baseUrl);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function registryId(response: HttpResponse): string | undefined {
  const header = response.headers[REGISTRY_ID_HEADER];
  return typeof header === "string" ? header : undefined;
}

async function pull(gw: LabGateway, lab: GatewayLab, index: number, timeoutMs: number) {
  const { repository } = lab.image;
  const path =
    index % 2 === 0
      ? `/v2/${repository}/manifests/${lab.image.tag}`
      : `/v2/${repository}/blobs/${sha256Digest(lab.image.layers[0])}`;
  const response = await httpRequest(`${gw.baseUrl}${path}`, {
    agent: gw.agent,
    timeoutMs,
    headers: { accept: "application/vnd.oci.image.manifest.v1+json" },
  });
  const record: PullRecord = { kind: "pull", status: response.status, servedBy: registryId(response) };
  return { ok: response.status === 200, result: record };
}

async function uploadFlow(gw: LabGateway, index: number, pauseMs: number, timeoutMs: number) {
  const blob = Buffer.concat([Buffer.from(`flow-${index}-`), randomBytes(32 * 1024)]);
  const repository = "lab/uploads";
  const common = { agent: gw.agent, timeoutMs };
  const fail = (step: string, response: HttpResponse, sessionSite?: string) => ({
    ok: false,
    result: { kind: "upload" as const, failure: `${step} ${response.status}`, sessionSite },
  });
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw new Error(`${name} ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const opened = await step("POST", () =>
    httpRequest(`${gw.baseUrl}/v2/${repository}/blobs/uploads/`, { ...common, method: "POST", body: "" }),
  );
  if (opened.status !== 202 || !opened.headers.location) return fail("POST", opened);
  const sessionSite = registryId(opened);
  await sleep(pauseMs);
  const patched = await step("PATCH", () =>
    httpRequest(follow(gw, opened.headers.location as string).toString(), {
      ...common,
      method: "PATCH",
      headers: { "content-type": "application/octet-stream" },
      body: blob,
    }),
  );
  if (patched.status !== 202 || !patched.headers.location) return fail("PATCH", patched, sessionSite);
  await sleep(pauseMs);
  const commitUrl = follow(gw, patched.headers.location);
  commitUrl.searchParams.set("digest", sha256Digest(blob));
  const committed = await step("PUT", () =>
    httpRequest(commitUrl.toString(), { ...common, method: "PUT", body: "" }),
  );
  if (committed.status !== 201) return fail("PUT", committed, sessionSite);
  return { ok: true, result: { kind: "upload" as const, sessionSite } };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function summarize(
  gateway: string,
  fault: FaultKind,
  uploadEvery: number,
  samples: LoadSample<OperationRecord>[],
  faultStartMs: number,
  faultEndMs: number | undefined,
  recoveredAtMs: number | undefined,
): GatewayScenarioResult {
  const pulls = samples.filter((s) => s.index % uploadEvery !== 0);
  const uploads = samples.filter((s) => s.index % uploadEvery === 0);
  const latency = (s: LoadSample<OperationRecord>): number => s.endMs - s.startMs;
  const faultWindowEnd = faultEndMs ?? Number.POSITIVE_INFINITY;
  const duringFault = pulls.filter((s) => s.startMs >= faultStartMs && s.startMs < faultWindowEnd);
  const slots = new Map<number, boolean>();
  for (const s of pulls.filter((p) => p.startMs >= faultStartMs)) {
    const slot = Math.floor((s.startMs - faultStartMs) / 1000);
    slots.set(slot, (slots.get(slot) ?? false) || (s.ok && latency(s) <= 1000));
  }
  const broken = uploads.filter((s) => !s.ok);
  let failbackMs: number | undefined;
  if (recoveredAtMs !== undefined) {
    const servedByPrimary = pulls.filter(
      (s) =>
        s.ok && s.startMs >= recoveredAtMs && (s.result as PullRecord | undefined)?.servedBy === "primary",
    );
    if (servedByPrimary.length > 0)
      failbackMs = Math.min(...servedByPrimary.map((s) => s.endMs)) - recoveredAtMs;
  }
  return {
    gateway,
    fault,
    pulls: {
      total: pulls.length,
      failed: pulls.filter((s) => !s.ok).length,
      longestStallMs: Math.max(0, ...pulls.map(latency)),
      p50DuringFaultMs: median(duringFault.map(latency)),
      outageSec: [...slots.values()].filter((ok) => !ok).length,
      failures: pulls
        .filter((s) => !s.ok)
        .map((s) => {
          const record = s.result as PullRecord | undefined;
          const outcome = record ? `status ${record.status} from ${record.servedBy ?? "no site"}` : s.error;
          return `pull ${s.index} at ${s.startMs - faultStartMs} ms from the fault, ${latency(s)} ms: ${outcome}`;
        }),
    },
    uploads: {
      total: uploads.length,
      broken: broken.length,
      brokenStartedAfterFault: broken.filter((s) => s.startMs >= faultStartMs).length,
      failures: broken.map((s) => (s.result as UploadRecord | undefined)?.failure ?? s.error ?? "unknown"),
    },
    failbackMs,
    samples,
    faultStartMs,
    faultEndMs,
  };
}

/**
 * Runs one fault scenario with the same load through every given gateway at once (they share the
 * registries, so they see the very same fault), then restores the primary and waits until every
 * gateway serves from it again, so scenarios can run back to back.
 */
export async function runScenario(
  lab: GatewayLab,
  gateways: readonly LabGateway[],
  options: ScenarioOptions,
): Promise<GatewayScenarioResult[]> {
  const rate = options.ratePerSec ?? 15;
  const uploadEvery = options.uploadEvery ?? 10;
  const pauseMs = options.uploadStepPauseMs ?? 250;
  const timeoutMs = options.requestTimeoutMs ?? 30000;
  const durationMs =
    options.fault === "kill"
      ? options.faultAtMs + options.tailMs
      : options.faultAtMs + options.faultDurationMs + options.tailMs;

  const started = Date.now();
  const now = (): number => Date.now() - started;
  let faultStartMs = Number.NaN;
  let faultEndMs: number | undefined;
  let recoveredAtMs: number | undefined;

  const faultTimeline = (async () => {
    await sleep(options.faultAtMs);
    faultStartMs = now();
    if (options.fault === "hang") {
      pauseProcess(lab.primary.process);
      await sleep(options.faultDurationMs);
      resumeProcess(lab.primary.process);
      faultEndMs = now();
      recoveredAtMs = faultEndMs;
      return;
    }
    await killProcess(lab.primary.process);
    if (options.fault === "return") {
      await sleep(options.faultDurationMs);
      faultEndMs = now();
      await restartRegistry(lab.group, lab.primary);
      recoveredAtMs = now();
    }
  })();

  const perGateway = await Promise.all(
    gateways.map((gw) =>
      runBoundedLoad<OperationRecord>({
        ratePerSec: rate,
        durationMs,
        maxOperations: Math.ceil((durationMs / 1000) * rate) + 1,
        operation: (index) =>
          index % uploadEvery === 0
            ? uploadFlow(gw, index, pauseMs, timeoutMs)
            : pull(gw, lab, index, timeoutMs),
      }),
    ),
  );
  await faultTimeline;
  const results = perGateway.map((samples, i) =>
    summarize(gateways[i].kind, options.fault, uploadEvery, samples, faultStartMs, faultEndMs, recoveredAtMs),
  );
  await restorePrimary(lab, gateways);
  return results;
}

/** Brings the primary back (resume or restart) and waits until each gateway serves from it. */
export async function restorePrimary(
  lab: GatewayLab,
  gateways: readonly LabGateway[],
  timeoutMs = 45000,
): Promise<void> {
  resumeProcess(lab.primary.process);
  if (lab.primary.process.hasExited()) await restartRegistry(lab.group, lab.primary);
  for (const gw of gateways) {
    await waitFor(
      `${gw.kind} gateway to serve from the primary again`,
      async () => (await servedBy(gw)) === "primary",
      timeoutMs,
      250,
    );
  }
}

export interface ThroughputResult {
  readonly gateway: string;
  /** Total bytes over total time (10^6 bytes per second) across all of this gateway's downloads. */
  readonly MBps: number;
  readonly downloads: number;
}

/**
 * GETs of one blob through each gateway, one download at a time, the gateways' order rotating
 * every round: drift in machine load (CPU frequency, neighbours) hits every gateway alike, which
 * matters more on a small machine than the number of downloads.
 */
export async function measureBlobThroughput(
  lab: GatewayLab,
  gateways: readonly LabGateway[],
  options: { readonly digest: string; readonly expectedBytes: number; readonly rounds: number },
): Promise<ThroughputResult[]> {
  const totals = gateways.map(() => ({ bytes: 0, ns: 0n, downloads: 0 }));
  const path = `/v2/${lab.image.repository}/blobs/${options.digest}`;
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < gateways.length; k++) {
      const i = (round + k) % gateways.length;
      const gw = gateways[i];
      const started = process.hrtime.bigint();
      const response = await httpRequest(`${gw.baseUrl}${path}`, {
        agent: gw.agent,
        discardBody: true,
        timeoutMs: 60000,
      });
      totals[i].ns += process.hrtime.bigint() - started;
      if (response.status !== 200 || response.bodyBytes !== options.expectedBytes) {
        throw new Error(`${gw.kind}: blob GET returned ${response.status} with ${response.bodyBytes} bytes`);
      }
      totals[i].bytes += response.bodyBytes;
      totals[i].downloads += 1;
    }
  }
  return gateways.map((gw, i) => ({
    gateway: gw.kind,
    MBps: totals[i].bytes / 1e6 / (Number(totals[i].ns) / 1e9),
    downloads: totals[i].downloads,
  }));
}
