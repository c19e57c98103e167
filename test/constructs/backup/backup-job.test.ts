import {
  BackupDependencies,
  BackupError,
  BackupRef,
  BackupSettings,
  BackupStatus,
  BackupSummary,
  DEFAULT_BACKUP_TIMING,
  backoffDelayMs,
  backupSettingsProblems,
  runSiteBackup,
  sequentialOrder,
} from "../../../constructs/backup/backup-job";

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 25, 2, 30);

const SETTINGS: BackupSettings = {
  site: "hz-h",
  runId: "harbor-backup-hz-h-29400510",
  disks: [
    { component: "registry", diskId: "d-registry" },
    { component: "database", diskId: "d-database" },
    { component: "redis", diskId: "d-redis" },
  ],
  mode: "group",
  retentionDays: 14,
  ...DEFAULT_BACKUP_TIMING,
};

/** Virtual time: sleeping advances the clock at once, and is recorded. */
class FakeClock {
  time = START;
  sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new Error("aborted");
    this.sleeps.push(ms);
    this.time += ms;
    this.onSleep?.(ms);
    if (signal?.aborted) throw new Error("aborted");
  }
  onSleep?: (ms: number) => void;
}

type Script = (call: number) => unknown;

/** Harbor and ECS fakes sharing one call log, so tests can assert the order of everything. */
class World {
  calls: string[] = [];
  readOnly = false;
  gcRunningPolls = 0;
  clock = new FakeClock();
  backups: (BackupSummary & { status: BackupStatus })[] = [];
  scripts: Record<string, Script> = {};
  counts: Record<string, number> = {};
  tokens: string[] = [];
  nextId = 1;

  private step(name: string): void {
    this.calls.push(name);
    const n = (this.counts[name] = (this.counts[name] ?? 0) + 1);
    const outcome = this.scripts[name]?.(n);
    if (outcome instanceof Error) throw outcome;
  }

  deps(signal?: AbortSignal): BackupDependencies {
    return {
      clock: this.clock,
      log: () => undefined,
      signal,
      harbor: {
        isReadOnly: async () => {
          this.step("harbor.isReadOnly");
          return this.readOnly;
        },
        setReadOnly: async (value) => {
          this.step(`harbor.setReadOnly(${value})`);
          this.readOnly = value;
        },
        isGarbageCollectionRunning: async () => {
          this.step("harbor.isGarbageCollectionRunning");
          return this.gcRunningPolls-- > 0;
        },
      },
      snapshots: {
        createSnapshotGroup: async (diskIds, request) => {
          this.step("ecs.createSnapshotGroup");
          this.tokens.push(request.clientToken);
          expect(this.readOnly).toBe(true);
          const ref: BackupRef = { kind: "group", id: `ssg-${this.nextId++}` };
          this.backups.push({
            ref,
            createdAt: this.clock.now(),
            state: "accomplished",
            status: {
              state: "accomplished",
              snapshots: diskIds.map((diskId, i) => ({ diskId, snapshotId: `s-${i}` })),
            },
          });
          return ref.id;
        },
        createSnapshot: async (diskId, request) => {
          this.step(`ecs.createSnapshot(${diskId})`);
          this.tokens.push(request.clientToken);
          expect(this.readOnly).toBe(true);
          return `s-${diskId}`;
        },
        describeBackup: async (ref) => {
          this.step("ecs.describeBackup");
          const found = this.backups.find((b) => JSON.stringify(b.ref) === JSON.stringify(ref));
          if (found) return found.status;
          const ids = ref.kind === "snapshots" ? ref.ids : [];
          return {
            state: "accomplished",
            snapshots: ids.map((id) => ({ diskId: id.replace(/^s-/, ""), snapshotId: id })),
          };
        },
        listBackups: async () => {
          this.step("ecs.listBackups");
          return this.backups;
        },
        deleteBackup: async (ref) => {
          this.step(`ecs.deleteBackup(${ref.kind === "group" ? ref.id : ref.ids.join(",")})`);
          this.backups = this.backups.filter((b) => JSON.stringify(b.ref) !== JSON.stringify(ref));
        },
      },
    };
  }
}

const retryable = (message: string) => new BackupError(message, true);

describe("site backup job", () => {
  test("group mode: GC check, read-only on, drain, one snapshot group, read-only off, verify, prune", async () => {
    const world = new World();
    const result = await runSiteBackup(SETTINGS, world.deps());
    expect(world.calls).toEqual([
      "harbor.isGarbageCollectionRunning",
      "harbor.isReadOnly",
      "harbor.setReadOnly(true)",
      "ecs.createSnapshotGroup",
      "ecs.describeBackup",
      "harbor.setReadOnly(false)",
      "ecs.describeBackup",
      "ecs.listBackups",
    ]);
    expect(world.clock.sleeps).toEqual([5000]);
    expect(result.backup).toEqual({ kind: "group", id: "ssg-1" });
    expect(result.snapshots.map((s) => s.diskId)).toEqual(["d-registry", "d-database", "d-redis"]);
    expect(result.readOnlyMs).toBe(5000);
    expect(world.readOnly).toBe(false);
  });

  test("fails, and still leaves read-only mode, when the snapshot cannot be created", async () => {
    const world = new World();
    world.scripts["ecs.createSnapshotGroup"] = () => new BackupError("InvalidDiskCategory.NotSupported");
    await expect(runSiteBackup(SETTINGS, world.deps())).rejects.toThrow("InvalidDiskCategory.NotSupported");
    expect(world.calls.slice(-2)).toEqual(["ecs.createSnapshotGroup", "harbor.setReadOnly(false)"]);
    expect(world.readOnly).toBe(false);
  });

  test("retries a throttled snapshot call with growing delays and the same idempotency token", async () => {
    const world = new World();
    world.scripts["ecs.createSnapshotGroup"] = (n) => (n <= 2 ? retryable("Throttling.User") : undefined);
    await runSiteBackup(SETTINGS, world.deps());
    expect(world.clock.sleeps).toEqual([5000, 1000, 2000]);
    expect(world.counts["ecs.createSnapshotGroup"]).toBe(3);
    expect(new Set(world.tokens)).toEqual(new Set(["hz-h-harbor-backup-hz-h-29400510"]));
  });

  test("fails when the read-only window would exceed its bound, and leaves read-only mode", async () => {
    const world = new World();
    world.scripts["ecs.createSnapshotGroup"] = () => retryable("ServiceUnavailable");
    const settings = {
      ...SETTINGS,
      maxReadOnlySeconds: 20,
      retry: { attempts: 50, initialDelayMs: 1000, maxDelayMs: 8000 },
    };
    await expect(runSiteBackup(settings, world.deps())).rejects.toThrow("ServiceUnavailable");
    // drain 5s, then waits of 1, 2, 4 and 8 s reach the 20 s bound; a 6th attempt would exceed it
    expect(world.clock.sleeps).toEqual([5000, 1000, 2000, 4000, 8000]);
    expect(world.counts["ecs.createSnapshotGroup"]).toBe(5);
    expect(world.calls.at(-1)).toBe("harbor.setReadOnly(false)");
    expect(world.readOnly).toBe(false);
  });

  test("leaving read-only mode gets its own, longer retry budget", async () => {
    const world = new World();
    world.scripts["harbor.setReadOnly(false)"] = (n) => (n <= 6 ? retryable("502 Bad Gateway") : undefined);
    await runSiteBackup(SETTINGS, world.deps());
    expect(world.counts["harbor.setReadOnly(false)"]).toBe(7);
    expect(world.readOnly).toBe(false);
  });

  test("fails loudly when Harbor cannot be taken out of read-only mode", async () => {
    const world = new World();
    world.scripts["harbor.setReadOnly(false)"] = () => new BackupError("401 Unauthorized");
    await expect(runSiteBackup(SETTINGS, world.deps())).rejects.toThrow(
      "Harbor is still read-only: leaving read-only mode failed (401 Unauthorized)",
    );
    // The snapshot itself is good and is kept.
    expect(world.backups).toHaveLength(1);
  });

  test("reports both problems when the snapshot and leaving read-only mode fail", async () => {
    const world = new World();
    world.scripts["ecs.createSnapshotGroup"] = () => new BackupError("Forbidden.RAM");
    world.scripts["harbor.setReadOnly(false)"] = () => new BackupError("connection refused");
    await expect(runSiteBackup(SETTINGS, world.deps())).rejects.toThrow(
      /still read-only.*connection refused.*the backup had failed before: Forbidden\.RAM/,
    );
  });

  test("a Harbor that was read-only already is backed up and left read-only", async () => {
    const world = new World();
    world.readOnly = true;
    const result = await runSiteBackup(SETTINGS, world.deps());
    expect(world.calls.filter((c) => c.startsWith("harbor.setReadOnly"))).toEqual([]);
    expect(world.readOnly).toBe(true);
    expect(result.readOnlyMs).toBe(0);
  });

  test("waits for a running garbage collection before touching anything", async () => {
    const world = new World();
    world.gcRunningPolls = 2;
    await runSiteBackup(SETTINGS, world.deps());
    expect(world.calls.slice(0, 4)).toEqual([
      "harbor.isGarbageCollectionRunning",
      "harbor.isGarbageCollectionRunning",
      "harbor.isGarbageCollectionRunning",
      "harbor.isReadOnly",
    ]);
    expect(world.clock.sleeps.slice(0, 2)).toEqual([15000, 15000]);
  });

  test("fails without entering read-only mode when garbage collection does not finish in time", async () => {
    const world = new World();
    world.gcRunningPolls = 1000;
    await expect(runSiteBackup({ ...SETTINGS, gcWaitSeconds: 60 }, world.deps())).rejects.toThrow(
      "garbage collection still running after 60s",
    );
    expect(world.calls.every((c) => c === "harbor.isGarbageCollectionRunning")).toBe(true);
    // polls at 0, 15, 30, 45 and 60 s; another wait would pass the 60 s bound
    expect(world.counts["harbor.isGarbageCollectionRunning"]).toBe(5);
  });

  test("fails on SIGTERM during the drain without a snapshot, and still leaves read-only mode", async () => {
    const world = new World();
    const controller = new AbortController();
    world.clock.onSleep = (ms) => {
      if (ms === 5000) controller.abort();
    };
    await expect(runSiteBackup(SETTINGS, world.deps(controller.signal))).rejects.toThrow("aborted");
    expect(world.calls).not.toContain("ecs.createSnapshotGroup");
    expect(world.calls.at(-1)).toBe("harbor.setReadOnly(false)");
    expect(world.readOnly).toBe(false);
  });

  test("sequential mode snapshots the database first, then the registry, all while read-only", async () => {
    const world = new World();
    const result = await runSiteBackup({ ...SETTINGS, mode: "sequential" }, world.deps());
    expect(world.calls.slice(2, 8)).toEqual([
      "harbor.setReadOnly(true)",
      "ecs.createSnapshot(d-database)",
      "ecs.createSnapshot(d-registry)",
      "ecs.createSnapshot(d-redis)",
      "ecs.describeBackup",
      "harbor.setReadOnly(false)",
    ]);
    expect(result.backup).toEqual({
      kind: "snapshots",
      runId: SETTINGS.runId,
      ids: ["s-d-database", "s-d-registry", "s-d-redis"],
    });
  });

  test("fails in sequential mode when one disk cannot be snapshotted, deleting the partial set", async () => {
    const world = new World();
    world.scripts["ecs.createSnapshot(d-registry)"] = () => new BackupError("IncorrectDiskStatus");
    await expect(runSiteBackup({ ...SETTINGS, mode: "sequential" }, world.deps())).rejects.toThrow(
      "IncorrectDiskStatus",
    );
    expect(world.calls.slice(3)).toEqual([
      "ecs.createSnapshot(d-database)",
      "ecs.createSnapshot(d-registry)",
      "ecs.deleteBackup(s-d-database)",
      "harbor.setReadOnly(false)",
    ]);
  });

  test("stays read-only until ECS lists a snapshot of every disk, but not past its bound", async () => {
    const late = new World();
    const deps = late.deps();
    const describe = deps.snapshots.describeBackup;
    let calls = 0;
    deps.snapshots.describeBackup = async (ref) => {
      const status = await describe(ref);
      return ++calls <= 2 ? { state: "progressing", snapshots: [] } : status;
    };
    await runSiteBackup(SETTINGS, deps);
    // drain, then two 2 s polls while the group is not listed yet
    expect(late.clock.sleeps.slice(0, 3)).toEqual([5000, 2000, 2000]);
    expect(late.calls.indexOf("harbor.setReadOnly(false)")).toBeGreaterThan(
      late.calls.indexOf("ecs.createSnapshotGroup"),
    );

    const never = new World();
    const neverDeps = never.deps();
    let seen = 0;
    const realDescribe = neverDeps.snapshots.describeBackup;
    neverDeps.snapshots.describeBackup = async (ref) => {
      // never listed while read-only; complete afterwards
      return never.readOnly
        ? { state: "progressing", snapshots: [] }
        : realDescribe(ref).then((s) => (seen++, s));
    };
    const result = await runSiteBackup({ ...SETTINGS, maxReadOnlySeconds: 20 }, neverDeps);
    // drain 5 s, then 2 s polls (at 5, 7, ... 19 s) until the next one would pass the 20 s bound
    expect(result.readOnlyMs).toBe(19_000);
    expect(never.readOnly).toBe(false);
    expect(seen).toBeGreaterThan(0);
  });

  test("fails verification when ECS reports the backup failed or a disk is missing", async () => {
    const failed = new World();
    failed.scripts["ecs.describeBackup"] = () => undefined;
    const deps = failed.deps();
    deps.snapshots.describeBackup = async () => ({ state: "failed", snapshots: [] });
    await expect(runSiteBackup(SETTINGS, deps)).rejects.toThrow("backup ssg-1 failed in ECS");

    const partial = new World();
    const partialDeps = partial.deps();
    partialDeps.snapshots.describeBackup = async () => ({
      state: "accomplished",
      snapshots: [{ diskId: "d-registry", snapshotId: "s-1" }],
    });
    await expect(runSiteBackup(SETTINGS, partialDeps)).rejects.toThrow(
      "backup ssg-1 lacks the disks of database, redis",
    );
    expect(partial.readOnly).toBe(false);
  });

  test("fails when the snapshots do not finish before the verification timeout", async () => {
    const world = new World();
    const deps = world.deps();
    deps.snapshots.describeBackup = async () => ({ state: "progressing", snapshots: [] });
    await expect(runSiteBackup({ ...SETTINGS, verifyTimeoutSeconds: 60 }, deps)).rejects.toThrow(
      "backup ssg-1 still progressing after 60s",
    );
  });

  test("prunes backups past retention, but never the newest complete one or one in progress", async () => {
    const world = new World();
    const old = (id: string, ageDays: number, state: BackupSummary["state"] = "accomplished") => ({
      ref: { kind: "group" as const, id },
      createdAt: START - ageDays * DAY,
      state,
      status: { state, snapshots: [] },
    });
    world.backups = [
      old("ssg-old-a", 30),
      old("ssg-old-b", 20),
      old("ssg-recent", 3),
      old("ssg-stuck", 40, "progressing"),
    ];
    world.nextId = 100;
    const result = await runSiteBackup(SETTINGS, world.deps());
    expect(result.pruned).toEqual([
      { kind: "group", id: "ssg-old-a" },
      { kind: "group", id: "ssg-old-b" },
    ]);
    expect(world.backups.map((b) => (b.ref as { id: string }).id)).toEqual([
      "ssg-recent",
      "ssg-stuck",
      "ssg-100",
    ]);

    // If every complete backup is old (the schedule was broken), the newest of them survives.
    const lonely = new World();
    lonely.backups = [old("ssg-a", 30), old("ssg-b", 25)];
    const deps = lonely.deps();
    deps.snapshots.createSnapshotGroup = async () => "ssg-new";
    deps.snapshots.describeBackup = async () => ({
      state: "accomplished",
      snapshots: SETTINGS.disks.map((d) => ({ diskId: d.diskId, snapshotId: "s" })),
    });
    await runSiteBackup(SETTINGS, deps);
    expect(lonely.backups.map((b) => (b.ref as { id: string }).id)).toEqual(["ssg-b"]);
  });

  test("a prune failure is reported, the backup result still stands", async () => {
    const world = new World();
    world.backups = [
      {
        ref: { kind: "group", id: "ssg-old" },
        createdAt: START - 30 * DAY,
        state: "accomplished",
        status: { state: "accomplished", snapshots: [] },
      },
    ];
    world.nextId = 7;
    world.scripts["ecs.deleteBackup(ssg-old)"] = () => new BackupError("Forbidden");
    const result = await runSiteBackup(SETTINGS, world.deps());
    expect(result.backup).toEqual({ kind: "group", id: "ssg-7" });
    expect(result.pruneFailures).toEqual(["ssg-old: Forbidden"]);
  });
});

describe("backup settings and helpers", () => {
  test("fails with every settings problem at once", () => {
    expect(
      backupSettingsProblems({
        ...SETTINGS,
        site: "HZ",
        disks: [
          { component: "registry", diskId: "vol-1" },
          { component: "database", diskId: "vol-1" },
        ],
        retentionDays: 0,
        maxReadOnlySeconds: 2,
      }),
    ).toEqual([
      'site: "HZ" is not valid: a DNS label',
      'disks.registry: "vol-1" is not valid: an ECS disk id such as d-bp1...',
      'disks.database: "vol-1" is not valid: an ECS disk id such as d-bp1...',
      'disks: ["vol-1","vol-1"] is not valid: distinct disk ids',
      "retentionDays: 0 is not valid: a whole number of days >= 1",
      "maxReadOnlySeconds: 2 is not valid: more than drainSeconds (5)",
    ]);
  });

  test("fails to run with invalid settings before calling anything", async () => {
    const world = new World();
    await expect(runSiteBackup({ ...SETTINGS, disks: [] }, world.deps())).rejects.toThrow(
      "disks: 0 is not valid: 1 to 16 disks",
    );
    expect(world.calls).toEqual([]);
  });

  test("backoff doubles and is capped", () => {
    const policy = { attempts: 10, initialDelayMs: 500, maxDelayMs: 3000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(policy, n))).toEqual([500, 1000, 2000, 3000, 3000]);
  });

  test("sequential order: database, registry, then the rest as given", () => {
    const order = sequentialOrder([
      { component: "trivy", diskId: "d-1" },
      { component: "registry", diskId: "d-2" },
      { component: "redis", diskId: "d-3" },
      { component: "database", diskId: "d-4" },
    ]).map((d) => d.component);
    expect(order).toEqual(["database", "registry", "trivy", "redis"]);
  });
});
