import { Testing, TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { BackupCredentials, SiteBackup, SiteBackupProps } from "../../../constructs/backup/site-backup";
import { ValidationError } from "../../../constructs/lib/validation";

const RRSA = BackupCredentials.rrsa({
  roleArn: "acs:ram::1234567890123456:role/harbor-backup-hz-h",
  oidcProviderArn: "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c0123",
});

const PROPS: SiteBackupProps = {
  namespace: "harbor-hz-h",
  site: "hz-h",
  region: "cn-hangzhou",
  disks: [
    { component: "registry", diskId: "d-bp1registry", category: "cloud_essd" },
    { component: "database", diskId: "d-bp1database", category: "cloud_essd" },
    { component: "redis", diskId: "d-bp1redis", category: "cloud_auto" },
  ],
  credentials: RRSA,
  adminPasswordSecretName: "harbor-admin-password",
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized JSON
function synth(props: SiteBackupProps = PROPS): any {
  const app = Testing.app();
  const stack = new TerraformStack(app, "stack");
  new KubernetesProvider(stack, "kubernetes", {});
  new SiteBackup(stack, "backup", props);
  return JSON.parse(Testing.synth(stack));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized JSON
function only(json: any, type: string): any {
  const resources = Object.values(json.resource[type] ?? {});
  expect(resources).toHaveLength(1);
  return resources[0];
}

describe("SiteBackup", () => {
  test("a CronJob that never overlaps itself, in the site's time zone, one retry, bounded runtime", () => {
    const cron = only(synth(), "kubernetes_cron_job_v1");
    expect(cron.metadata).toMatchObject({ name: "harbor-site-backup", namespace: "harbor-hz-h" });
    expect(cron.spec).toMatchObject({
      schedule: "30 2 * * *",
      timezone: "Asia/Shanghai",
      concurrency_policy: "Forbid",
      starting_deadline_seconds: 3600,
    });
    expect(cron.spec.job_template.spec).toMatchObject({ backoff_limit: 1, active_deadline_seconds: 5400 });
    const pod = cron.spec.job_template.spec.template.spec;
    expect(pod).toMatchObject({
      service_account_name: "harbor-site-backup",
      automount_service_account_token: false,
      restart_policy: "Never",
      termination_grace_period_seconds: 90,
    });
    expect(pod.security_context).toMatchObject({ run_as_non_root: true, run_as_user: "1000" });
    expect(pod.container[0].security_context).toEqual({
      allow_privilege_escalation: false,
      read_only_root_filesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(pod.container[0].command).toEqual(["node", "/opt/harbor-site-backup/run-backup.ts"]);
    expect(pod.container[0].image).toBe("docker.io/library/node:24.12.0-alpine");
  });

  test("the job gets its disks, mode, run id and Harbor password from the right places", () => {
    const cron = only(synth(), "kubernetes_cron_job_v1");
    const env = Object.fromEntries(
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized JSON
      cron.spec.job_template.spec.template.spec.container[0].env.map((e: any) => [
        e.name,
        e.value ?? e.value_from,
      ]),
    );
    expect(env).toMatchObject({
      BACKUP_SITE: "hz-h",
      BACKUP_DISKS: "registry=d-bp1registry,database=d-bp1database,redis=d-bp1redis",
      BACKUP_MODE: "group",
      BACKUP_RETENTION_DAYS: "14",
      HARBOR_URL: "http://harbor.harbor-hz-h.svc.cluster.local",
      BACKUP_RUN_ID: { field_ref: { field_path: "metadata.labels['job-name']" } },
      HARBOR_PASSWORD: { secret_key_ref: { name: "harbor-admin-password", key: "HARBOR_ADMIN_PASSWORD" } },
      ALIBABA_CLOUD_ROLE_ARN: "acs:ram::1234567890123456:role/harbor-backup-hz-h",
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: "/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token",
      ALIBABA_CLOUD_ECS_ENDPOINT: "https://ecs-vpc.cn-hangzhou.aliyuncs.com",
      ALIBABA_CLOUD_STS_ENDPOINT: "https://sts-vpc.cn-hangzhou.aliyuncs.com",
    });
    expect(JSON.stringify(cron)).not.toContain("ACCESS_KEY");
  });

  test("RRSA: a projected token for sts.aliyuncs.com, and no Kubernetes API token at all", () => {
    const json = synth();
    const pod = only(json, "kubernetes_cron_job_v1").spec.job_template.spec.template.spec;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized JSON
    const token = pod.volume.find((v: any) => v.name === "rrsa-token");
    expect(token.projected).toEqual([
      {
        sources: [
          {
            service_account_token: { path: "token", audience: "sts.aliyuncs.com", expiration_seconds: 3600 },
          },
        ],
      },
    ]);
    expect(only(json, "kubernetes_service_account_v1").automount_service_account_token).toBe(false);
  });

  test("the ConfigMap carries the job's files with .ts imports, so Node runs them as they are", () => {
    const data = only(synth(), "kubernetes_config_map_v1").data;
    expect(Object.keys(data).sort()).toEqual([
      "backup-job.ts",
      "backup-runtime.ts",
      "package.json",
      "run-backup.ts",
    ]);
    expect(data["backup-runtime.ts"]).toContain('from "./backup-job.ts"');
    expect(data["backup-runtime.ts"]).not.toContain('from "./backup-job"');
    expect(data["run-backup.ts"]).toContain('import { main } from "./backup-runtime.ts"');
  });

  test("synthesis is deterministic", () => {
    expect(JSON.stringify(synth())).toBe(JSON.stringify(synth()));
  });

  test("sequential snapshots when a disk cannot join a snapshot-consistent group", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "stack");
    const backup = new SiteBackup(stack, "backup", {
      ...PROPS,
      disks: [...PROPS.disks, { component: "trivy", diskId: "d-bp1trivy", category: "cloud_efficiency" }],
    });
    expect(backup.mode).toBe("sequential");
    expect(backup.serviceAccountSubject).toBe("system:serviceaccount:harbor-hz-h:harbor-site-backup");
  });

  test("an access key secret instead of RRSA", () => {
    const cron = only(
      synth({ ...PROPS, credentials: BackupCredentials.accessKeySecret("backup-access-key") }),
      "kubernetes_cron_job_v1",
    );
    const pod = cron.spec.job_template.spec.template.spec;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized JSON
    const env = pod.container[0].env.filter((e: any) => e.name.startsWith("ALIBABA_CLOUD_ACCESS"));
    expect(env).toEqual([
      {
        name: "ALIBABA_CLOUD_ACCESS_KEY_ID",
        value_from: { secret_key_ref: { name: "backup-access-key", key: "ALIBABA_CLOUD_ACCESS_KEY_ID" } },
      },
      {
        name: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        value_from: { secret_key_ref: { name: "backup-access-key", key: "ALIBABA_CLOUD_ACCESS_KEY_SECRET" } },
      },
    ]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized JSON
    expect(pod.volume.map((v: any) => v.name)).toEqual(["scripts"]);
  });

  test("fails with every bad prop at once, each with its path and value", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "stack");
    let error: unknown;
    try {
      new SiteBackup(stack, "backup", {
        ...PROPS,
        schedule: "0 30 2 * * *",
        retentionDays: 0,
        disks: [
          { component: "registry", diskId: "vol-1", category: "cloud_essd" },
          { component: "registry", diskId: "d-2", category: "cloud_essd" },
        ],
        credentials: BackupCredentials.rrsa({
          roleArn: "harbor-backup",
          oidcProviderArn: RRSA.oidcProviderArn as string,
        }),
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.path)).toEqual([
      "stack/backup: disks",
      "stack/backup: disks.registry.diskId",
      "stack/backup: schedule",
      "stack/backup: retentionDays",
      "stack/backup: credentials.roleArn",
    ]);
  });

  test("the RAM policy allows snapshots of exactly the site's disks", () => {
    const policy = SiteBackup.ramPolicy("cn-hangzhou", ["d-1", "d-2"]) as {
      Statement: { Action: string[]; Resource: string[] }[];
    };
    expect(policy.Statement[0]).toEqual({
      Effect: "Allow",
      Action: ["ecs:CreateSnapshotGroup", "ecs:CreateSnapshot"],
      Resource: [
        "acs:ecs:cn-hangzhou:*:disk/d-1",
        "acs:ecs:cn-hangzhou:*:disk/d-2",
        "acs:ecs:cn-hangzhou:*:snapshot/*",
        "acs:ecs:cn-hangzhou:*:snapshotgroup/*",
      ],
    });
    const actions = policy.Statement.flatMap((s) => s.Action).sort();
    expect(actions).toEqual([
      "ecs:CreateSnapshot",
      "ecs:CreateSnapshotGroup",
      "ecs:DeleteSnapshot",
      "ecs:DeleteSnapshotGroup",
      "ecs:DescribeSnapshotGroups",
      "ecs:DescribeSnapshots",
      "ecs:TagResources",
    ]);
  });
});
