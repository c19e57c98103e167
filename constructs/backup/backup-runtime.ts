/**
 * The site backup as it runs in the CronJob: real clients for Harbor's API and for ECS (signed
 * RPC calls, credentials from ACK RRSA), settings from the environment, JSON log lines on stdout.
 * The decisions live in `backup-job.ts`; this file only talks HTTP.
 *
 * Like `backup-job.ts` it runs unchanged under Node's type stripping (node >= 22.18) and uses
 * only Node's built-ins: no npm install in the pod, no build step, nothing to pull but the Node
 * image. The construct mounts both files from a ConfigMap and rewrites the one relative import
 * to its `.ts` form.
 */
import { createHmac, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { BackupError, DEFAULT_BACKUP_TIMING, backupTags, describeRef, runSiteBackup } from "./backup-job";
import type {
  BackupRef,
  BackupSettings,
  BackupStatus,
  BackupSummary,
  CloudSnapshotApi,
  HarborAdminApi,
  SnapshotMode,
  SnapshotRequest,
} from "./backup-job";

const REQUEST_TIMEOUT_MS = 20_000;

/** RFC 3986 percent-encoding as Alibaba Cloud's RPC signature requires it. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Signature v1 of an RPC request: HMAC-SHA1 over the sorted, encoded parameters. */
export function signRpc(
  method: string,
  params: Readonly<Record<string, string>>,
  accessKeySecret: string,
): string {
  const canonical = Object.keys(params)
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key])}`)
    .join("&");
  const stringToSign = `${method}&${percentEncode("/")}&${percentEncode(canonical)}`;
  return createHmac("sha1", `${accessKeySecret}&`).update(stringToSign).digest("base64");
}

export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

export type CredentialSource = () => Promise<Credentials>;

/** Error codes worth another attempt: throttling, transient service state, idempotent replays. */
const RETRYABLE_CODES =
  /^(Throttling|ServiceUnavailable|InternalError|UnknownError|LastTokenProcessing|IdempotentProcessing|OperationConflict|IncorrectDiskStatus|IncorrectInstanceStatus)/;

/** A POST to an Alibaba Cloud RPC endpoint (ECS, STS), signed unless `credentials` is null. */
export async function callRpc(
  endpoint: string,
  version: string,
  action: string,
  params: Readonly<Record<string, string>>,
  credentials: Credentials | null,
): Promise<Record<string, unknown>> {
  const all: Record<string, string> = {
    Action: action,
    Format: "JSON",
    Version: version,
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    SignatureNonce: randomUUID(),
    ...params,
  };
  if (credentials) {
    all.AccessKeyId = credentials.accessKeyId;
    all.SignatureMethod = "HMAC-SHA1";
    all.SignatureVersion = "1.0";
    if (credentials.securityToken) all.SecurityToken = credentials.securityToken;
    all.Signature = signRpc("POST", all, credentials.accessKeySecret);
  }
  const body = Object.entries(all)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join("&");
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new BackupError(`${action}: ${error instanceof Error ? error.message : String(error)}`, true);
  }
  const text = await response.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new BackupError(
      `${action}: HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`,
      response.status >= 500,
    );
  }
  if (!response.ok || typeof json.Code === "string") {
    const code = typeof json.Code === "string" ? json.Code : `HTTP${response.status}`;
    const retryable = response.status >= 500 || response.status === 429 || RETRYABLE_CODES.test(code);
    throw new BackupError(`${action}: ${code}: ${String(json.Message ?? text.slice(0, 200))}`, retryable);
  }
  return json;
}

/**
 * Credentials of the pod's RAM role through ACK RRSA: the projected service-account token
 * (audience `sts.aliyuncs.com`) is exchanged with STS `AssumeRoleWithOIDC`, an anonymous call.
 * Cached until five minutes before they expire; the token file is re-read on every exchange
 * because the kubelet rotates it.
 */
export function oidcCredentials(options: {
  readonly stsEndpoint: string;
  readonly roleArn: string;
  readonly oidcProviderArn: string;
  readonly tokenFile: string;
  readonly sessionName: string;
}): CredentialSource {
  let cached: { credentials: Credentials; refreshAt: number } | undefined;
  return async () => {
    if (cached && Date.now() < cached.refreshAt) return cached.credentials;
    const token = (await readFile(options.tokenFile, "utf8")).trim();
    const response = await callRpc(
      options.stsEndpoint,
      "2015-04-01",
      "AssumeRoleWithOIDC",
      {
        RoleArn: options.roleArn,
        OIDCProviderArn: options.oidcProviderArn,
        OIDCToken: token,
        RoleSessionName: options.sessionName,
        DurationSeconds: "3600",
      },
      null,
    );
    const c = response.Credentials as Record<string, string> | undefined;
    if (!c?.AccessKeyId || !c.AccessKeySecret)
      throw new BackupError("AssumeRoleWithOIDC: no Credentials in the response");
    const expires = Date.parse(c.Expiration ?? "") || Date.now() + 3_600_000;
    cached = {
      credentials: {
        accessKeyId: c.AccessKeyId,
        accessKeySecret: c.AccessKeySecret,
        securityToken: c.SecurityToken,
      },
      refreshAt: expires - 5 * 60_000,
    };
    return cached.credentials;
  };
}

function tagParams(tags: Readonly<Record<string, string>>): Record<string, string> {
  const params: Record<string, string> = {};
  Object.entries(tags).forEach(([key, value], i) => {
    params[`Tag.${i + 1}.Key`] = key;
    params[`Tag.${i + 1}.Value`] = value;
  });
  return params;
}

type Json = Record<string, unknown>;
const list = (value: unknown, key: string): Json[] => {
  const inner = (value as Json | undefined)?.[key];
  return Array.isArray(inner) ? (inner as Json[]) : [];
};
const text = (value: unknown): string => (typeof value === "string" ? value : "");
const state = (value: unknown): BackupStatus["state"] =>
  value === "accomplished" || value === "failed" ? value : "progressing";
/** ECS answers tags as `{Key, Value}` or, in older APIs, `{TagKey, TagValue}`. */
const tagValue = (tags: Json[], key: string): string => {
  const tag = tags.find((t) => t.Key === key || t.TagKey === key);
  return text(tag?.Value ?? tag?.TagValue);
};

/** ECS snapshot-consistent groups and snapshots of one region. */
export class EcsSnapshots implements CloudSnapshotApi {
  private readonly endpoint: string;
  private readonly region: string;
  private readonly credentials: CredentialSource;

  constructor(endpoint: string, region: string, credentials: CredentialSource) {
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = credentials;
  }

  private async call(action: string, params: Record<string, string>): Promise<Json> {
    return callRpc(this.endpoint, "2014-05-26", action, params, await this.credentials());
  }

  async createSnapshotGroup(diskIds: readonly string[], request: SnapshotRequest): Promise<string> {
    const params: Record<string, string> = {
      RegionId: this.region,
      Name: request.name,
      Description: request.description,
      ClientToken: request.clientToken,
      ...tagParams(request.tags),
    };
    diskIds.forEach((id, i) => (params[`DiskId.${i + 1}`] = id));
    const id = text((await this.call("CreateSnapshotGroup", params)).SnapshotGroupId);
    if (!id) throw new BackupError("CreateSnapshotGroup: no SnapshotGroupId in the response");
    return id;
  }

  async createSnapshot(diskId: string, request: SnapshotRequest): Promise<string> {
    const response = await this.call("CreateSnapshot", {
      DiskId: diskId,
      SnapshotName: request.name,
      Description: request.description,
      ClientToken: request.clientToken,
      ...tagParams(request.tags),
    });
    const id = text(response.SnapshotId);
    if (!id) throw new BackupError("CreateSnapshot: no SnapshotId in the response");
    return id;
  }

  async describeBackup(ref: BackupRef): Promise<BackupStatus> {
    if (ref.kind === "group") {
      const response = await this.call("DescribeSnapshotGroups", {
        RegionId: this.region,
        "SnapshotGroupId.1": ref.id,
      });
      const group = list(response.SnapshotGroups, "SnapshotGroup")[0];
      if (!group) throw new BackupError(`snapshot group ${ref.id} not found`);
      return {
        state: state(group.Status),
        snapshots: list(group.Snapshots, "Snapshot").map((s) => ({
          diskId: text(s.SourceDiskId),
          snapshotId: text(s.SnapshotId),
        })),
      };
    }
    const response = await this.call("DescribeSnapshots", {
      RegionId: this.region,
      SnapshotIds: JSON.stringify(ref.ids),
      MaxResults: "100",
    });
    const snapshots = list(response.Snapshots, "Snapshot");
    const states = snapshots.map((s) => state(s.Status));
    return {
      state: states.includes("failed")
        ? "failed"
        : states.length === ref.ids.length && states.every((s) => s === "accomplished")
          ? "accomplished"
          : "progressing",
      snapshots: snapshots.map((s) => ({ diskId: text(s.SourceDiskId), snapshotId: text(s.SnapshotId) })),
    };
  }

  async listBackups(tags: Readonly<Record<string, string>>): Promise<readonly BackupSummary[]> {
    const summaries: BackupSummary[] = [];
    for await (const group of this.pages("DescribeSnapshotGroups", tags, "SnapshotGroups", "SnapshotGroup")) {
      summaries.push({
        ref: { kind: "group", id: text(group.SnapshotGroupId) },
        createdAt: Date.parse(text(group.CreationTime)),
        state: state(group.Status),
      });
    }
    const runs = new Map<string, { ids: string[]; createdAt: number; states: BackupStatus["state"][] }>();
    for await (const snapshot of this.pages("DescribeSnapshots", tags, "Snapshots", "Snapshot")) {
      const runId = tagValue(list(snapshot.Tags, "Tag"), "harbor-cdktf-run");
      if (!runId) continue;
      const run = runs.get(runId) ?? { ids: [], createdAt: Infinity, states: [] };
      run.ids.push(text(snapshot.SnapshotId));
      run.createdAt = Math.min(run.createdAt, Date.parse(text(snapshot.CreationTime)));
      run.states.push(state(snapshot.Status));
      runs.set(runId, run);
    }
    for (const [runId, run] of runs) {
      summaries.push({
        ref: { kind: "snapshots", runId, ids: run.ids },
        createdAt: run.createdAt,
        state: run.states.includes("failed")
          ? "failed"
          : run.states.every((s) => s === "accomplished")
            ? "accomplished"
            : "progressing",
      });
    }
    return summaries;
  }

  async deleteBackup(ref: BackupRef): Promise<void> {
    if (ref.kind === "group") {
      await this.call("DeleteSnapshotGroup", { RegionId: this.region, SnapshotGroupId: ref.id });
      return;
    }
    for (const id of ref.ids) await this.call("DeleteSnapshot", { SnapshotId: id });
  }

  private async *pages(action: string, tags: Readonly<Record<string, string>>, outer: string, inner: string) {
    let nextToken = "";
    for (let page = 0; page < 100; page++) {
      const params: Record<string, string> = { RegionId: this.region, MaxResults: "100", ...tagParams(tags) };
      if (nextToken) params.NextToken = nextToken;
      const response = await this.call(action, params);
      yield* list(response[outer], inner);
      nextToken = text(response.NextToken);
      if (!nextToken) return;
    }
  }
}

/** Harbor's admin API over HTTP with basic auth (no session cookie, so no CSRF token needed). */
export class HarborApi implements HarborAdminApi {
  private readonly baseUrl: string;
  private readonly authorization: string;

  constructor(baseUrl: string, username: string, password: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: this.authorization,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new BackupError(
        `Harbor ${method} ${path}: ${error instanceof Error ? error.message : String(error)}`,
        true,
      );
    }
    const content = await response.text();
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 429;
      throw new BackupError(
        `Harbor ${method} ${path}: HTTP ${response.status} ${content.slice(0, 200)}`,
        retryable,
      );
    }
    return content ? JSON.parse(content) : undefined;
  }

  async isReadOnly(): Promise<boolean> {
    const config = (await this.request("GET", "/api/v2.0/configurations")) as Json;
    const flag = (config.read_only as Json | undefined)?.value;
    if (typeof flag !== "boolean") throw new BackupError("Harbor configurations have no read_only.value");
    return flag;
  }

  async setReadOnly(readOnly: boolean): Promise<void> {
    await this.request("PUT", "/api/v2.0/configurations", { read_only: readOnly });
  }

  async isGarbageCollectionRunning(): Promise<boolean> {
    const history = await this.request("GET", "/api/v2.0/system/gc?page=1&page_size=1&sort=-creation_time");
    const latest = Array.isArray(history) ? (history[0] as Json | undefined) : undefined;
    return ["Pending", "Running", "Scheduled"].includes(text(latest?.job_status));
  }
}

/** The settings of a run from the CronJob's environment; throws naming every missing variable. */
export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): BackupSettings {
  const missing = ["BACKUP_SITE", "BACKUP_RUN_ID", "BACKUP_DISKS"].filter((name) => !env[name]);
  if (missing.length > 0) throw new BackupError(`missing environment: ${missing.join(", ")}`);
  const disks = (env.BACKUP_DISKS as string).split(",").map((entry) => {
    const [component, diskId] = entry.split("=").map((s) => s.trim());
    return { component, diskId };
  });
  const number = (name: string, fallback: number) => (env[name] === undefined ? fallback : Number(env[name]));
  return {
    site: env.BACKUP_SITE as string,
    runId: env.BACKUP_RUN_ID as string,
    disks,
    mode: (env.BACKUP_MODE ?? "group") as SnapshotMode,
    retentionDays: number("BACKUP_RETENTION_DAYS", 14),
    drainSeconds: number("BACKUP_DRAIN_SECONDS", DEFAULT_BACKUP_TIMING.drainSeconds),
    maxReadOnlySeconds: number("BACKUP_MAX_READ_ONLY_SECONDS", DEFAULT_BACKUP_TIMING.maxReadOnlySeconds),
    gcWaitSeconds: number("BACKUP_GC_WAIT_SECONDS", DEFAULT_BACKUP_TIMING.gcWaitSeconds),
    verifyTimeoutSeconds: number("BACKUP_VERIFY_TIMEOUT_SECONDS", DEFAULT_BACKUP_TIMING.verifyTimeoutSeconds),
    pollIntervalSeconds: number("BACKUP_POLL_INTERVAL_SECONDS", DEFAULT_BACKUP_TIMING.pollIntervalSeconds),
    retry: DEFAULT_BACKUP_TIMING.retry,
    leaveReadOnlyRetry: DEFAULT_BACKUP_TIMING.leaveReadOnlyRetry,
  };
}

/** Credentials from RRSA when its variables are set, else from an access key pair. */
export function credentialsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  region: string,
): CredentialSource {
  const roleArn = env.ALIBABA_CLOUD_ROLE_ARN;
  const providerArn = env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN;
  const tokenFile = env.ALIBABA_CLOUD_OIDC_TOKEN_FILE;
  if (roleArn || providerArn || tokenFile) {
    if (!roleArn || !providerArn || !tokenFile) {
      throw new BackupError(
        "RRSA needs ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE together",
      );
    }
    return oidcCredentials({
      stsEndpoint: env.ALIBABA_CLOUD_STS_ENDPOINT ?? `https://sts-vpc.${region}.aliyuncs.com`,
      roleArn,
      oidcProviderArn: providerArn,
      tokenFile,
      sessionName: env.ALIBABA_CLOUD_ROLE_SESSION_NAME ?? "harbor-site-backup",
    });
  }
  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!accessKeyId || !accessKeySecret) {
    throw new BackupError(
      "no cloud credentials: set the RRSA variables or ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET",
    );
  }
  return async () => ({ accessKeyId, accessKeySecret });
}

/** Runs one backup from the environment; resolves to the process exit code. */
export async function main(env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const log = (event: string, fields: Readonly<Record<string, unknown>> = {}) =>
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
  const controller = new AbortController();
  const stop = (signal: string) => {
    log("signal", { signal, note: "stopping; read-only mode is still left" });
    controller.abort();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  try {
    const settings = settingsFromEnv(env);
    const region = env.ALIBABA_CLOUD_REGION;
    if (!region) throw new BackupError("missing environment: ALIBABA_CLOUD_REGION");
    const harbor = new HarborApi(
      env.HARBOR_URL ?? "",
      env.HARBOR_USERNAME ?? "admin",
      env.HARBOR_PASSWORD ?? "",
    );
    const snapshots = new EcsSnapshots(
      env.ALIBABA_CLOUD_ECS_ENDPOINT ?? `https://ecs-vpc.${region}.aliyuncs.com`,
      region,
      credentialsFromEnv(env, region),
    );
    log("backup_start", {
      site: settings.site,
      runId: settings.runId,
      mode: settings.mode,
      disks: settings.disks,
      tags: backupTags(settings.site),
    });
    const result = await runSiteBackup(settings, {
      harbor,
      snapshots,
      log,
      signal: controller.signal,
      clock: {
        now: () => Date.now(),
        sleep: (ms, signal) =>
          new Promise<void>((resolve, reject) => {
            if (signal?.aborted) return reject(new BackupError("aborted"));
            const timer = setTimeout(resolve, ms);
            signal?.addEventListener("abort", () => {
              clearTimeout(timer);
              reject(new BackupError("aborted"));
            });
          }),
      },
    });
    log("backup_result", {
      backup: describeRef(result.backup),
      snapshots: result.snapshots,
      readOnlyMs: result.readOnlyMs,
      pruned: result.pruned.map(describeRef),
      pruneFailures: result.pruneFailures,
    });
    return result.pruneFailures.length > 0 ? 1 : 0;
  } catch (error) {
    log("backup_failed", { error: error instanceof Error ? error.message : String(error) });
    return 1;
  }
}
