/**
 * The logic of a consistent Harbor site backup, free of any cloud or HTTP code: the CronJob's
 * runtime (`backup-runtime.ts`) injects real clients, the tests inject fakes.
 *
 * Why this order (the rest of the file is the how):
 * 1. Wait until no garbage collection runs. GC deletes a blob from storage before it deletes its
 *    database row, so a snapshot in between would restore rows pointing at missing blobs. Harbor's
 *    read-only mode also makes a running GC fail, so the two must not overlap.
 * 2. Put Harbor in read-only mode and wait a few seconds for requests already past the read-only
 *    check to finish. A push writes the registry first and the database last (the manifest row is
 *    recorded after the registry accepted it), so once no write request runs, the database only
 *    references blobs the registry has. Pulls keep working.
 * 3. Snapshot all of the site's disks in one ECS snapshot-consistent group: one instant for every
 *    disk, so no order question between database and registry remains. Disks that cannot join a
 *    group (not ESSD-series) are snapshotted one by one, database first: with writes stopped the
 *    order does not matter, and if a write slipped through, a database older than the registry
 *    only leaves unreferenced blobs (garbage the next GC removes), never references to missing
 *    ones. (Dumping the database *after* the registry snapshot — Harbor's other suggestion — is
 *    the unsafe order for pushes; we never depend on it.)
 * 4. Keep read-only mode until ECS lists a snapshot of every disk: by then the moment the
 *    snapshots capture has certainly passed (it is the moment of the call, but nothing here
 *    depends on that). Then leave read-only mode in a `finally`, with more retries than any
 *    other call, whatever happened — unless Harbor was already read-only before we started (an
 *    operator's maintenance), which we leave as we found it.
 * 5. Only then wait for the snapshots to finish uploading, check that every disk is in the
 *    backup, and delete backups older than the retention period — never the newest complete one.
 *
 * This file is run unchanged by Node's type stripping inside the CronJob (node >= 22.18): it
 * uses only erasable TypeScript syntax and imports nothing.
 */

/** One disk of the site, in the order sequential snapshots are taken. */
export interface SiteDisk {
  /** Harbor component, e.g. `database`. */
  readonly component: string;
  /** ECS disk id, `d-...`. */
  readonly diskId: string;
}

/** `group`: one snapshot-consistent group (ESSD-series disks only); `sequential`: one snapshot per disk. */
export type SnapshotMode = "group" | "sequential";

/** Bounded exponential backoff: delays initialDelayMs, 2x, 4x, ... capped at maxDelayMs. */
export interface RetryPolicy {
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export interface BackupSettings {
  /** Site name, e.g. `hz-h`: tags and names the backups. */
  readonly site: string;
  /** Unique per scheduled run (the Kubernetes Job name): idempotency token and backup name. */
  readonly runId: string;
  readonly disks: readonly SiteDisk[];
  readonly mode: SnapshotMode;
  /** Backups of this site older than this are deleted after a successful run. */
  readonly retentionDays: number;
  /** Seconds to let in-flight write requests finish after read-only mode is on. */
  readonly drainSeconds: number;
  /** Upper bound of the read-only window; snapshot attempts stop when it is reached. */
  readonly maxReadOnlySeconds: number;
  /** How long to wait for a running garbage collection before giving up on this run. */
  readonly gcWaitSeconds: number;
  /** How long to wait for the snapshots to reach "accomplished". */
  readonly verifyTimeoutSeconds: number;
  readonly pollIntervalSeconds: number;
  readonly retry: RetryPolicy;
  /** Leaving read-only mode gets more patience than anything else. */
  readonly leaveReadOnlyRetry: RetryPolicy;
}

export const DEFAULT_BACKUP_TIMING = {
  drainSeconds: 5,
  maxReadOnlySeconds: 120,
  gcWaitSeconds: 1800,
  verifyTimeoutSeconds: 2700,
  pollIntervalSeconds: 15,
  retry: { attempts: 5, initialDelayMs: 1000, maxDelayMs: 15000 },
  leaveReadOnlyRetry: { attempts: 12, initialDelayMs: 1000, maxDelayMs: 30000 },
} as const;

/** Harbor's admin API, as far as a backup needs it. */
export interface HarborAdminApi {
  /** `GET /api/v2.0/configurations` → `read_only.value`. */
  isReadOnly(): Promise<boolean>;
  /** `PUT /api/v2.0/configurations {"read_only": ...}` (allowed in read-only mode). */
  setReadOnly(readOnly: boolean): Promise<void>;
  /** Whether the newest `GET /api/v2.0/system/gc` entry is pending or running. */
  isGarbageCollectionRunning(): Promise<boolean>;
}

/** A backup in the cloud: one snapshot group, or the snapshots of one sequential run. */
export type BackupRef =
  | { readonly kind: "group"; readonly id: string }
  | { readonly kind: "snapshots"; readonly runId: string; readonly ids: readonly string[] };

export interface BackupStatus {
  readonly state: "progressing" | "accomplished" | "failed";
  readonly snapshots: readonly { readonly diskId: string; readonly snapshotId: string }[];
}

export interface BackupSummary {
  readonly ref: BackupRef;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly state: BackupStatus["state"];
}

export interface SnapshotRequest {
  readonly name: string;
  readonly description: string;
  /** Makes a retried create return the first attempt's result instead of a second backup. */
  readonly clientToken: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** ECS snapshot calls, as far as a backup needs them. */
export interface CloudSnapshotApi {
  /** `CreateSnapshotGroup` with `DiskId.N`: returns the group id (`ssg-...`). */
  createSnapshotGroup(diskIds: readonly string[], request: SnapshotRequest): Promise<string>;
  /** `CreateSnapshot`: returns the snapshot id (`s-...`). */
  createSnapshot(diskId: string, request: SnapshotRequest): Promise<string>;
  describeBackup(ref: BackupRef): Promise<BackupStatus>;
  /** Backups carrying all of `tags`. */
  listBackups(tags: Readonly<Record<string, string>>): Promise<readonly BackupSummary[]>;
  deleteBackup(ref: BackupRef): Promise<void>;
}

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export type BackupLog = (event: string, fields?: Readonly<Record<string, unknown>>) => void;

export interface BackupDependencies {
  readonly harbor: HarborAdminApi;
  readonly snapshots: CloudSnapshotApi;
  readonly clock: Clock;
  readonly log: BackupLog;
  /** Aborted on SIGTERM: the job stops waiting, and still leaves read-only mode. */
  readonly signal?: AbortSignal;
}

export interface BackupResult {
  readonly backup: BackupRef;
  readonly snapshots: BackupStatus["snapshots"];
  /** How long Harbor refused writes because of us (0 if it was read-only already). */
  readonly readOnlyMs: number;
  readonly pruned: readonly BackupRef[];
  /** Backups that should have been pruned but could not be; the run still counts as failed. */
  readonly pruneFailures: readonly string[];
}

/** Tags every backup of a site carries; retention only ever touches backups with these. */
export function backupTags(site: string): Record<string, string> {
  return { "harbor-cdktf-backup": "site", "harbor-cdktf-site": site };
}

/** An error the clients raise; only `retryable` ones are retried. */
export class BackupError extends Error {
  readonly retryable: boolean;
  constructor(message: string, retryable = false) {
    super(message);
    this.name = "BackupError";
    this.retryable = retryable;
  }
}

/** Problems with the settings, each as "field: value is not valid: expected". */
export function backupSettingsProblems(settings: BackupSettings): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, field: string, value: unknown, expected: string) => {
    if (!ok) problems.push(`${field}: ${JSON.stringify(value)} is not valid: ${expected}`);
  };
  check(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(settings.site), "site", settings.site, "a DNS label");
  check(
    /^[A-Za-z0-9][-A-Za-z0-9_.]{0,63}$/.test(settings.runId),
    "runId",
    settings.runId,
    "1-64 letters, digits, '-', '_' or '.'",
  );
  check(
    settings.disks.length >= 1 && settings.disks.length <= 16,
    "disks",
    settings.disks.length,
    "1 to 16 disks (the limit of one snapshot-consistent group)",
  );
  for (const disk of settings.disks) {
    check(
      /^d-[a-z0-9]+$/.test(disk.diskId),
      `disks.${disk.component}`,
      disk.diskId,
      "an ECS disk id such as d-bp1...",
    );
  }
  const ids = settings.disks.map((d) => d.diskId);
  check(new Set(ids).size === ids.length, "disks", ids, "distinct disk ids");
  check(
    settings.mode === "group" || settings.mode === "sequential",
    "mode",
    settings.mode,
    "group or sequential",
  );
  check(
    Number.isInteger(settings.retentionDays) && settings.retentionDays >= 1,
    "retentionDays",
    settings.retentionDays,
    "a whole number of days >= 1",
  );
  for (const field of [
    "drainSeconds",
    "maxReadOnlySeconds",
    "gcWaitSeconds",
    "verifyTimeoutSeconds",
  ] as const) {
    check(
      Number.isFinite(settings[field]) && settings[field] >= 0,
      field,
      settings[field],
      "a number of seconds >= 0",
    );
  }
  check(
    settings.pollIntervalSeconds > 0,
    "pollIntervalSeconds",
    settings.pollIntervalSeconds,
    "a number of seconds > 0",
  );
  check(
    settings.maxReadOnlySeconds > settings.drainSeconds,
    "maxReadOnlySeconds",
    settings.maxReadOnlySeconds,
    `more than drainSeconds (${settings.drainSeconds})`,
  );
  for (const [field, policy] of [
    ["retry", settings.retry],
    ["leaveReadOnlyRetry", settings.leaveReadOnlyRetry],
  ] as const) {
    check(
      Number.isInteger(policy.attempts) && policy.attempts >= 1,
      `${field}.attempts`,
      policy.attempts,
      "an integer >= 1",
    );
    check(
      policy.initialDelayMs >= 0 && policy.maxDelayMs >= policy.initialDelayMs,
      `${field}.maxDelayMs`,
      policy.maxDelayMs,
      "at least initialDelayMs",
    );
  }
  return problems;
}

/** Delay before retry number `retry` (1-based): exponential, capped. */
export function backoffDelayMs(policy: RetryPolicy, retry: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retry - 1));
}

/**
 * Calls `operation` until it succeeds, the attempts run out, the error is not retryable, the
 * deadline (epoch ms) would pass during the next wait, or the signal aborts.
 */
export async function withRetries<T>(
  what: string,
  operation: () => Promise<T>,
  policy: RetryPolicy,
  deps: Pick<BackupDependencies, "clock" | "log" | "signal">,
  deadline?: number,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const retryable = (error as { retryable?: unknown }).retryable === true;
      const delay = backoffDelayMs(policy, attempt);
      const outOfTime = deadline !== undefined && deps.clock.now() + delay > deadline;
      if (!retryable || attempt >= policy.attempts || outOfTime || deps.signal?.aborted) {
        deps.log("gave_up", { what, attempt, error: messageOf(error), retryable, outOfTime });
        throw error;
      }
      deps.log("retrying", { what, attempt, delayMs: delay, error: messageOf(error) });
      await deps.clock.sleep(delay, deps.signal);
    }
  }
}

/** Runs one backup of a site. Throws when the backup (or leaving read-only mode) failed. */
export async function runSiteBackup(
  settings: BackupSettings,
  deps: BackupDependencies,
): Promise<BackupResult> {
  const problems = backupSettingsProblems(settings);
  if (problems.length > 0) throw new BackupError(`invalid backup settings:\n  - ${problems.join("\n  - ")}`);
  const { harbor, clock, log } = deps;
  const retry = <T>(what: string, op: () => Promise<T>) => withRetries(what, op, settings.retry, deps);

  await waitForGarbageCollection(settings, deps);

  const wasReadOnly = await retry("read the read-only flag", () => harbor.isReadOnly());
  if (wasReadOnly) log("already_read_only", { note: "left read-only as found" });

  let backup: BackupRef | undefined;
  let enteredAt: number | undefined;
  let readOnlyMs = 0;
  let failure: unknown;
  try {
    if (!wasReadOnly) {
      // Set before the call: a request that times out may still have switched Harbor over.
      enteredAt = clock.now();
      await retry("enter read-only mode", () => harbor.setReadOnly(true));
      log("read_only_on", {});
    }
    const deadline = clock.now() + settings.maxReadOnlySeconds * 1000;
    await clock.sleep(settings.drainSeconds * 1000, deps.signal);
    backup = await takeSnapshots(settings, deps, deadline);
    await waitUntilListed(settings, backup, deps, deadline);
  } catch (error) {
    failure = error;
  } finally {
    if (enteredAt !== undefined) {
      try {
        await withRetries(
          "leave read-only mode",
          () => harbor.setReadOnly(false),
          settings.leaveReadOnlyRetry,
          {
            ...deps,
            signal: undefined, // leaving read-only mode is never cut short
          },
        );
        readOnlyMs = clock.now() - enteredAt;
        log("read_only_off", { readOnlyMs });
      } catch (error) {
        log("harbor_left_read_only", { error: messageOf(error) });
        failure = new BackupError(
          `Harbor is still read-only: leaving read-only mode failed (${messageOf(error)})` +
            (failure ? `; the backup had failed before: ${messageOf(failure)}` : ""),
        );
      }
    }
  }
  if (failure) throw failure;
  const taken = backup as BackupRef;

  const status = await verify(settings, taken, deps);
  const { pruned, pruneFailures } = await prune(settings, taken, deps);
  log("backup_done", {
    backup: describeRef(taken),
    readOnlyMs,
    pruned: pruned.length,
    pruneFailures: pruneFailures.length,
  });
  return { backup: taken, snapshots: status.snapshots, readOnlyMs, pruned, pruneFailures };
}

async function waitForGarbageCollection(settings: BackupSettings, deps: BackupDependencies): Promise<void> {
  const deadline = deps.clock.now() + settings.gcWaitSeconds * 1000;
  for (;;) {
    const running = await withRetries(
      "check garbage collection",
      () => deps.harbor.isGarbageCollectionRunning(),
      settings.retry,
      deps,
    );
    if (!running) return;
    if (deps.clock.now() + settings.pollIntervalSeconds * 1000 > deadline) {
      throw new BackupError(
        `garbage collection still running after ${settings.gcWaitSeconds}s: no backup this run ` +
          "(a snapshot during GC can capture rows whose blobs are already deleted)",
      );
    }
    deps.log("waiting_for_gc", {});
    await deps.clock.sleep(settings.pollIntervalSeconds * 1000, deps.signal);
  }
}

async function takeSnapshots(
  settings: BackupSettings,
  deps: BackupDependencies,
  deadline: number,
): Promise<BackupRef> {
  const tags = { ...backupTags(settings.site), "harbor-cdktf-run": settings.runId };
  const name = `harbor-${settings.site}-${settings.runId}`.slice(0, 128);
  const description = `Harbor site ${settings.site}, all disks while read-only (${settings.runId})`;
  if (settings.mode === "group") {
    const id = await withRetries(
      "create snapshot group",
      () =>
        deps.snapshots.createSnapshotGroup(
          settings.disks.map((d) => d.diskId),
          { name, description, clientToken: `${settings.site}-${settings.runId}`.slice(0, 64), tags },
        ),
      settings.retry,
      deps,
      deadline,
    );
    deps.log("snapshot_group_created", { id, disks: settings.disks.length });
    return { kind: "group", id };
  }
  const ids: string[] = [];
  try {
    for (const disk of sequentialOrder(settings.disks)) {
      const id = await withRetries(
        `snapshot ${disk.component}`,
        () =>
          deps.snapshots.createSnapshot(disk.diskId, {
            name: `${name}-${disk.component}`.slice(0, 128),
            description,
            clientToken: `${settings.site}-${settings.runId}-${disk.component}`.slice(0, 64),
            tags: { ...tags, "harbor-cdktf-component": disk.component },
          }),
        settings.retry,
        deps,
        deadline,
      );
      ids.push(id);
      deps.log("snapshot_created", { component: disk.component, id });
    }
  } catch (error) {
    if (ids.length > 0) await discardPartial({ kind: "snapshots", runId: settings.runId, ids }, deps);
    throw error;
  }
  return { kind: "snapshots", runId: settings.runId, ids };
}

/**
 * Polls until the backup lists a snapshot of every disk, at most until the read-only deadline;
 * past it, read-only mode ends anyway (the snapshots were requested while it held) with a note.
 */
async function waitUntilListed(
  settings: BackupSettings,
  backup: BackupRef,
  deps: BackupDependencies,
  deadline: number,
): Promise<void> {
  for (;;) {
    const status = await withRetries(
      "describe new backup",
      () => deps.snapshots.describeBackup(backup),
      settings.retry,
      deps,
      deadline,
    );
    const listed = new Set(status.snapshots.map((s) => s.diskId));
    if (settings.disks.every((d) => listed.has(d.diskId)) || status.state === "failed") return;
    if (deps.clock.now() + LISTING_POLL_MS > deadline) {
      deps.log("snapshots_not_listed_yet", {
        backup: describeRef(backup),
        note: "leaving read-only mode anyway",
      });
      return;
    }
    await deps.clock.sleep(LISTING_POLL_MS, deps.signal);
  }
}

/** Short: Harbor is read-only while we wait for the listing. */
const LISTING_POLL_MS = 2000;

/** Database first, then the registry, then the rest in the given order. */
export function sequentialOrder(disks: readonly SiteDisk[]): SiteDisk[] {
  const rank = (d: SiteDisk) => (d.component === "database" ? 0 : d.component === "registry" ? 1 : 2);
  return disks
    .map((disk, index) => ({ disk, index }))
    .sort((a, b) => rank(a.disk) - rank(b.disk) || a.index - b.index)
    .map((entry) => entry.disk);
}

async function discardPartial(ref: BackupRef, deps: BackupDependencies): Promise<void> {
  try {
    await deps.snapshots.deleteBackup(ref);
    deps.log("partial_backup_deleted", { backup: describeRef(ref) });
  } catch (error) {
    deps.log("partial_backup_kept", { backup: describeRef(ref), error: messageOf(error) });
  }
}

async function verify(
  settings: BackupSettings,
  backup: BackupRef,
  deps: BackupDependencies,
): Promise<BackupStatus> {
  const deadline = deps.clock.now() + settings.verifyTimeoutSeconds * 1000;
  for (;;) {
    const status = await withRetries(
      "describe backup",
      () => deps.snapshots.describeBackup(backup),
      settings.retry,
      deps,
    );
    const covered = new Set(status.snapshots.map((s) => s.diskId));
    const missing = settings.disks.filter((d) => !covered.has(d.diskId)).map((d) => d.component);
    if (status.state === "failed") {
      throw new BackupError(`backup ${describeRef(backup)} failed in ECS`);
    }
    if (missing.length > 0 && status.snapshots.length >= settings.disks.length) {
      throw new BackupError(`backup ${describeRef(backup)} lacks the disks of ${missing.join(", ")}`);
    }
    if (status.state === "accomplished") {
      if (missing.length > 0) {
        throw new BackupError(`backup ${describeRef(backup)} lacks the disks of ${missing.join(", ")}`);
      }
      deps.log("backup_verified", { backup: describeRef(backup), snapshots: status.snapshots.length });
      return status;
    }
    if (deps.clock.now() + settings.pollIntervalSeconds * 1000 > deadline) {
      throw new BackupError(
        `backup ${describeRef(backup)} still ${status.state} after ${settings.verifyTimeoutSeconds}s ` +
          "(it exists and may still complete; this run counts as failed)",
      );
    }
    await deps.clock.sleep(settings.pollIntervalSeconds * 1000, deps.signal);
  }
}

/**
 * Deletes this site's backups older than the retention period. The newest accomplished backup
 * is always kept, so a broken schedule can never leave a site without any backup.
 */
async function prune(
  settings: BackupSettings,
  current: BackupRef,
  deps: BackupDependencies,
): Promise<{ pruned: BackupRef[]; pruneFailures: string[] }> {
  const pruned: BackupRef[] = [];
  const pruneFailures: string[] = [];
  let backups: readonly BackupSummary[];
  try {
    backups = await withRetries(
      "list backups",
      () => deps.snapshots.listBackups(backupTags(settings.site)),
      settings.retry,
      deps,
    );
  } catch (error) {
    return { pruned, pruneFailures: [`listing backups failed: ${messageOf(error)}`] };
  }
  const cutoff = deps.clock.now() - settings.retentionDays * 86_400_000;
  const newestComplete = [...backups]
    .filter((b) => b.state === "accomplished")
    .sort((a, b) => b.createdAt - a.createdAt)[0];
  for (const candidate of backups) {
    if (candidate.createdAt >= cutoff) continue;
    if (sameRef(candidate.ref, current) || (newestComplete && sameRef(candidate.ref, newestComplete.ref)))
      continue;
    if (candidate.state === "progressing") continue;
    try {
      await withRetries(
        `delete ${describeRef(candidate.ref)}`,
        () => deps.snapshots.deleteBackup(candidate.ref),
        settings.retry,
        deps,
      );
      pruned.push(candidate.ref);
      deps.log("backup_pruned", {
        backup: describeRef(candidate.ref),
        createdAt: new Date(candidate.createdAt).toISOString(),
      });
    } catch (error) {
      pruneFailures.push(`${describeRef(candidate.ref)}: ${messageOf(error)}`);
    }
  }
  return { pruned, pruneFailures };
}

export function describeRef(ref: BackupRef): string {
  return ref.kind === "group" ? ref.id : `${ref.runId} (${ref.ids.join(", ")})`;
}

function sameRef(a: BackupRef, b: BackupRef): boolean {
  return describeRef(a) === describeRef(b);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
