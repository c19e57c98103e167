import { App, Testing } from "cdktf";
import { parse } from "yaml";
import { HarborPlatformConfig } from "../../config/platform-config";
import { exampleConfig } from "../../main";
import { buildHarborApp } from "../../stacks/app";
import { errorAnnotations, TfJson } from "../constructs/synth-helpers";

function synthPlatforms(config: HarborPlatformConfig = exampleConfig): {
  primary: TfJson;
  backup: TfJson;
  app: App;
} {
  const app = Testing.app();
  const stacks = buildHarborApp(app, config);
  return {
    app,
    primary: JSON.parse(Testing.synth(stacks.platform.primary)),
    backup: JSON.parse(Testing.synth(stacks.platform.backup)),
  };
}

function only(json: TfJson, type: string): TfJson {
  const resources = Object.values((json.resource as Record<string, Record<string, TfJson>>)[type] ?? {});
  expect(resources).toHaveLength(1);
  return resources[0];
}

function monitoringKinds(json: TfJson): string[] {
  const releases = (json.resource as Record<string, Record<string, TfJson>>).helm_release;
  const values = (releases[Object.keys(releases).find((k) => k.startsWith("monitoring_"))!] as TfJson)
    .values as string[];
  return (JSON.parse(values[0]).objects as { kind: string; metadata: { name: string } }[]).map(
    (o) => `${o.kind}/${o.metadata.name}`,
  );
}

describe("site operations in the example app", () => {
  const { primary, backup, app } = synthPlatforms();

  test("each platform stack backs up all five disks of its site in one snapshot group", () => {
    for (const [json, site] of [
      [primary, "hz-h"],
      [backup, "hz-i"],
    ] as const) {
      const cron = only(json, "kubernetes_cron_job_v1");
      // A reference to the site's namespace: created after it on a first apply.
      expect(cron.metadata).toMatchObject({
        name: "harbor-site-backup",
        namespace: `\${kubernetes_namespace_v1.namespace_${site}.metadata[0].name}`,
      });
      expect(cron.spec).toMatchObject({ schedule: "30 2 * * *" });
      const env = Object.fromEntries(
        (cron.spec.job_template.spec.template.spec.container[0].env as TfJson[]).map((e) => [
          e.name,
          e.value ?? e.value_from,
        ]),
      );
      expect(env.BACKUP_MODE).toBe("group");
      expect(env.BACKUP_RETENTION_DAYS).toBe("14");
      expect(
        String(env.BACKUP_DISKS)
          .split(",")
          .map((d) => d.split("=")[0]),
      ).toEqual(["registry", "database", "redis", "job-log", "trivy"]);
      expect(env.BACKUP_DISKS).toContain(`registry=\${alicloud_ecs_disk.disk_${site}_registry.id}`);
      expect(env.HARBOR_PASSWORD).toEqual({
        secret_key_ref: { name: "harbor-admin-password", key: "HARBOR_ADMIN_PASSWORD" },
      });
    }
  });

  test("the backup role and the DingTalk robot come from variables; the RAM policy is an output", () => {
    expect(Object.keys(primary.variable as object).sort()).toEqual([
      "dingtalk_webhook_secret",
      "dingtalk_webhook_url",
      // The site's current admin password (platform-stack.test.ts), not an operations variable.
      "harbor_hz_h_admin_password",
      "hz_h_backup_role_arn",
      "rrsa_oidc_provider_arn",
    ]);
    expect((primary.variable as TfJson).dingtalk_webhook_url).toMatchObject({
      sensitive: true,
      type: "string",
    });
    expect((primary.variable as TfJson).dingtalk_webhook_secret).toMatchObject({
      sensitive: true,
      default: "",
    });
    const outputs = primary.output as TfJson;
    expect(outputs.backup_service_account.value).toBe(
      "system:serviceaccount:${kubernetes_namespace_v1.namespace_hz-h.metadata[0].name}:harbor-site-backup",
    );
    expect(outputs.backup_ram_policy.value).toContain("ecs:CreateSnapshotGroup");
    expect(outputs.backup_ram_policy.value).toContain(
      "acs:ecs:cn-hangzhou:*:disk/${alicloud_ecs_disk.disk_hz-h_database.id}",
    );
  });

  test("the primary carries the gateway probe and alerts, the backup site does not", () => {
    expect(monitoringKinds(primary)).toContain("Probe/harbor-probe-gateway");
    expect(monitoringKinds(backup)).not.toContain("Probe/harbor-probe-gateway");
    expect(monitoringKinds(backup)).toContain("AlertmanagerConfig/harbor-alerts");
  });

  test("the monitoring release holds no data: pinned address, explicitly not prevent_destroy", () => {
    const releases = primary.resource as Record<string, Record<string, TfJson>>;
    expect(releases.helm_release["monitoring_hz-h"].lifecycle).toEqual({ prevent_destroy: false });
    expect(releases.helm_release["release_hz-h"].lifecycle).toMatchObject({ prevent_destroy: true });
    expect(errorAnnotations(app)).toEqual([]);
  });

  test("without DingTalk and Slack: no relay, no webhook variables, no AlertmanagerConfig", () => {
    const { primary: quiet } = synthPlatforms({
      ...exampleConfig,
      alerting: { volumeUsageAlertPercent: 90 },
    });
    expect(Object.keys(quiet.variable as object).sort()).toEqual([
      "harbor_hz_h_admin_password",
      "hz_h_backup_role_arn",
      "rrsa_oidc_provider_arn",
    ]);
    expect(monitoringKinds(quiet)).not.toContain("AlertmanagerConfig/harbor-alerts");
    const maps = Object.values(
      (quiet.resource as Record<string, Record<string, TfJson>>).kubernetes_config_map_v1,
    );
    const ruleFile = maps.find((m) => m.metadata.name === "harbor-alert-rules")?.data["harbor-alerts.yaml"];
    const rules = (
      parse(ruleFile) as { groups: { rules: { alert: string; expr: string }[] }[] }
    ).groups.flatMap((g) => g.rules);
    expect(rules.find((r) => r.alert === "HarborVolumeFilling")?.expr).toMatch(/ > 90$/);
  });
});
