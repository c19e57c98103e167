/**
 * The backup job's real runtime in a real Node process: the pod's script files (as the
 * construct renders them into the ConfigMap), talking HTTP to a fake Harbor, a fake STS and a
 * fake ECS on 127.0.0.1. The fakes check what the real services check: basic auth, the RPC
 * signature with the STS-issued secret, the security token, the OIDC token.
 *
 * Node here is 20, without type stripping, so the files are transpiled by TypeScript (which
 * also proves they only use erasable syntax) before they run.
 */
import { ChildProcess, spawn } from "child_process";
import { createHmac } from "crypto";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { percentEncode, signRpc } from "../../../constructs/backup/backup-runtime";
import { BACKUP_ENTRY_FILE, backupScriptFiles } from "../../../constructs/backup/site-backup";

const ACCESS_KEY_SECRET = "sts-secret-for-test";
const OIDC_TOKEN = "eyJ.projected-service-account-token.sig";

interface World {
  readOnly: boolean;
  gcStatus: string;
  events: string[];
  failCreateWith?: { status: number; code: string };
  stsCalls: number;
}

/** Independent of `signRpc`: the documented algorithm, written out again. */
function expectedSignature(params: Record<string, string>): string {
  const canonical = Object.keys(params)
    .filter((k) => k !== "Signature")
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join("&");
  return createHmac("sha1", `${ACCESS_KEY_SECRET}&`)
    .update(`POST&%2F&${percentEncode(canonical)}`)
    .digest("base64");
}

function startFakes(world: World): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(json));
      };
      const url = req.url ?? "";
      if (url.startsWith("/harbor/")) {
        if (req.headers.authorization !== `Basic ${Buffer.from("admin:harbor-pw").toString("base64")}`) {
          return send(401, { errors: [{ code: "UNAUTHORIZED" }] });
        }
        if (req.method === "GET" && url === "/harbor/api/v2.0/configurations") {
          return send(200, { read_only: { value: world.readOnly, editable: true } });
        }
        if (req.method === "PUT" && url === "/harbor/api/v2.0/configurations") {
          world.readOnly = (JSON.parse(body) as { read_only: boolean }).read_only;
          world.events.push(`harbor read_only=${world.readOnly}`);
          return send(200, {});
        }
        if (req.method === "GET" && url.startsWith("/harbor/api/v2.0/system/gc?")) {
          return send(200, [{ id: 9, job_status: world.gcStatus }]);
        }
        return send(404, {});
      }
      const params = Object.fromEntries(new URLSearchParams(body));
      if (url === "/sts") {
        world.stsCalls++;
        if (params.Action !== "AssumeRoleWithOIDC" || params.OIDCToken !== OIDC_TOKEN || params.Signature) {
          return send(400, { Code: "InvalidParameter", Message: "bad OIDC exchange" });
        }
        return send(200, {
          Credentials: {
            AccessKeyId: "STS.key",
            AccessKeySecret: ACCESS_KEY_SECRET,
            SecurityToken: "sts-token",
            Expiration: new Date(Date.now() + 3600_000).toISOString(),
          },
        });
      }
      if (url === "/ecs") {
        if (params.Signature !== expectedSignature(params) || params.SecurityToken !== "sts-token") {
          return send(400, { Code: "SignatureDoesNotMatch", Message: "signature" });
        }
        world.events.push(`ecs ${params.Action} read_only=${world.readOnly}`);
        if (params.Action === "CreateSnapshotGroup") {
          if (world.failCreateWith) {
            return send(world.failCreateWith.status, { Code: world.failCreateWith.code, Message: "no" });
          }
          expect([params["DiskId.1"], params["DiskId.2"], params["Tag.2.Value"]]).toEqual([
            "d-registry",
            "d-database",
            "hz-h",
          ]);
          return send(200, { SnapshotGroupId: "ssg-1" });
        }
        if (params.Action === "DescribeSnapshotGroups" && params["SnapshotGroupId.1"] === "ssg-1") {
          return send(200, {
            SnapshotGroups: {
              SnapshotGroup: [
                {
                  SnapshotGroupId: "ssg-1",
                  Status: "accomplished",
                  Snapshots: {
                    Snapshot: [
                      { SnapshotId: "s-1", SourceDiskId: "d-registry" },
                      { SnapshotId: "s-2", SourceDiskId: "d-database" },
                    ],
                  },
                },
              ],
            },
          });
        }
        if (params.Action === "DescribeSnapshotGroups") {
          return send(200, {
            SnapshotGroups: {
              SnapshotGroup: [
                { SnapshotGroupId: "ssg-1", Status: "accomplished", CreationTime: new Date().toISOString() },
                { SnapshotGroupId: "ssg-old", Status: "accomplished", CreationTime: "2020-01-01T00:00:00Z" },
              ],
            },
          });
        }
        if (params.Action === "DescribeSnapshots") return send(200, { Snapshots: { Snapshot: [] } });
        if (params.Action === "DeleteSnapshotGroup") return send(200, {});
      }
      send(404, { Code: "NotFound" });
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Writes the ConfigMap's files, transpiled to .mjs, into a fresh directory. */
function writeScripts(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "backup-runtime-"));
  for (const [name, content] of Object.entries(backupScriptFiles())) {
    if (!name.endsWith(".ts")) continue;
    const js = ts.transpileModule(content, {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    }).outputText;
    fs.writeFileSync(
      path.join(dir, name.replace(/\.ts$/, ".mjs")),
      js.replace(/(["']\.\/[^"']+)\.ts(["'])/g, "$1.mjs$2"),
    );
  }
  fs.writeFileSync(path.join(dir, "token"), OIDC_TOKEN);
  return dir;
}

function runJob(dir: string, port: number, extraEnv: Record<string, string> = {}) {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(dir, BACKUP_ENTRY_FILE.replace(/\.ts$/, ".mjs"))],
    {
      env: {
        PATH: process.env.PATH,
        HARBOR_URL: `http://127.0.0.1:${port}/harbor`,
        HARBOR_USERNAME: "admin",
        HARBOR_PASSWORD: "harbor-pw",
        ALIBABA_CLOUD_REGION: "cn-hangzhou",
        ALIBABA_CLOUD_ECS_ENDPOINT: `http://127.0.0.1:${port}/ecs`,
        ALIBABA_CLOUD_STS_ENDPOINT: `http://127.0.0.1:${port}/sts`,
        ALIBABA_CLOUD_ROLE_ARN: "acs:ram::1234567890123456:role/harbor-site-backup",
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c123",
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: path.join(dir, "token"),
        BACKUP_SITE: "hz-h",
        BACKUP_RUN_ID: "harbor-backup-29400510",
        BACKUP_DISKS: "registry=d-registry,database=d-database",
        BACKUP_MODE: "group",
        BACKUP_RETENTION_DAYS: "14",
        BACKUP_DRAIN_SECONDS: "0.2",
        BACKUP_POLL_INTERVAL_SECONDS: "0.1",
        ...extraEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => (stdout += d));
  child.stderr?.on("data", (d) => (stderr += d));
  const done = new Promise<{ code: number | null; events: Record<string, unknown>[]; stderr: string }>(
    (resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`backup job did not finish in 20s\n${stdout}\n${stderr}`));
      }, 20_000);
      child.on("exit", (code) => {
        clearTimeout(timer);
        const events = stdout
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>);
        resolve({ code, events, stderr });
      });
    },
  );
  return { child, done };
}

describe("backup runtime in a real process", () => {
  let server: http.Server;
  let port: number;
  let dir: string;
  const world: World = { readOnly: false, gcStatus: "Success", events: [], stsCalls: 0 };

  beforeAll(async () => {
    dir = writeScripts();
    server = await startFakes(world);
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    Object.assign(world, {
      readOnly: false,
      gcStatus: "Success",
      events: [],
      failCreateWith: undefined,
      stsCalls: 0,
    });
  });

  test("backs up with the snapshot group taken inside the read-only window, then prunes", async () => {
    const { done } = runJob(dir, port);
    const { code, events, stderr } = await done;
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(world.events).toEqual([
      "harbor read_only=true",
      "ecs CreateSnapshotGroup read_only=true",
      "ecs DescribeSnapshotGroups read_only=true",
      "harbor read_only=false",
      "ecs DescribeSnapshotGroups read_only=false",
      "ecs DescribeSnapshotGroups read_only=false",
      "ecs DescribeSnapshots read_only=false",
      "ecs DeleteSnapshotGroup read_only=false",
    ]);
    expect(world.stsCalls).toBe(1);
    const result = events.find((e) => e.event === "backup_result");
    expect(result).toMatchObject({ backup: "ssg-1", pruned: ["ssg-old"], pruneFailures: [] });
  });

  test("fails with exit 1 when ECS refuses the snapshot, and Harbor is writable again", async () => {
    world.failCreateWith = { status: 403, code: "Forbidden.RAM" };
    const { code, events } = await runJob(dir, port).done;
    expect(code).toBe(1);
    expect(world.readOnly).toBe(false);
    expect(world.events.at(-1)).toBe("harbor read_only=false");
    expect(events.at(-1)).toMatchObject({ event: "backup_failed" });
    expect(String(events.at(-1)?.error)).toContain("CreateSnapshotGroup: Forbidden.RAM");
  });

  test("fails with exit 1 on SIGTERM during the drain, leaving read-only mode first", async () => {
    const { child, done } = runJob(dir, port, {
      BACKUP_DRAIN_SECONDS: "30",
      BACKUP_MAX_READ_ONLY_SECONDS: "60",
    });
    const deadline = Date.now() + 10_000;
    while (!world.readOnly && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(world.readOnly).toBe(true);
    child.kill("SIGTERM");
    const { code, events } = await done;
    expect(code).toBe(1);
    expect(world.readOnly).toBe(false);
    expect(world.events).toEqual(["harbor read_only=true", "harbor read_only=false"]);
    expect(events.map((e) => e.event)).toContain("signal");
  });

  test("fails with exit 1, touching nothing, when RRSA is half configured", async () => {
    const { code, events } = await runJob(dir, port, { ALIBABA_CLOUD_OIDC_PROVIDER_ARN: "" }).done;
    expect(code).toBe(1);
    expect(world.events).toEqual([]);
    expect(String(events.at(-1)?.error)).toContain("RRSA needs ALIBABA_CLOUD_ROLE_ARN");
  });
});

describe("RPC signature", () => {
  test("matches the worked example of Alibaba Cloud's signature documentation", () => {
    const params = {
      AccessKeyId: "testid",
      Action: "DescribeRegions",
      Format: "XML",
      SignatureMethod: "HMAC-SHA1",
      SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
      SignatureVersion: "1.0",
      Timestamp: "2016-02-23T12:46:24Z",
      Version: "2014-05-26",
    };
    expect(signRpc("GET", params, "testsecret")).toBe("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  });

  test("percent-encodes what encodeURIComponent leaves alone", () => {
    expect(percentEncode("a b*c~d!'()")).toBe("a%20b%2Ac~d%21%27%28%29");
  });
});

describe("pod script files", () => {
  test("use only erasable TypeScript and import nothing but each other and node: built-ins", () => {
    const files = backupScriptFiles();
    expect(Object.keys(files).sort()).toEqual([
      "backup-job.ts",
      "backup-runtime.ts",
      "package.json",
      "run-backup.ts",
    ]);
    expect(JSON.parse(files["package.json"])).toEqual({ private: true, type: "module" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "backup-erasable-"));
    try {
      for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
      const program = ts.createProgram(
        Object.keys(files)
          .filter((n) => n.endsWith(".ts"))
          .map((n) => path.join(dir, n)),
        {
          erasableSyntaxOnly: true,
          verbatimModuleSyntax: true,
          allowImportingTsExtensions: true,
          noEmit: true,
          strict: true,
          skipLibCheck: true,
          module: ts.ModuleKind.NodeNext,
          moduleResolution: ts.ModuleResolutionKind.NodeNext,
          target: ts.ScriptTarget.ES2022,
          lib: ["lib.es2022.d.ts"],
          types: ["node"],
          typeRoots: [path.resolve(__dirname, "../../../node_modules/@types")],
        },
      );
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      expect(diagnostics).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
