/**
 * The restore runbook's Terraform part, run by real Terraform against the provider doubles:
 * with the old disks, volumes and claims forgotten (`terraform state rm`, as restore-plan prints
 * it), a configuration that names one snapshot per disk plans only creations. Without that step
 * the same configuration is refused: snapshot_id is ForceNew and the disks are prevent_destroy.
 */
import { App } from "cdktf";
import { HarborPlatformConfig } from "../../../config/platform-config";
import { exampleConfig } from "../../../main";
import { buildHarborApp } from "../../../stacks/app";
import { planRestore } from "../../../scripts/restore/restore-plan";
import {
  openSharedWorkspace,
  prepareMirror,
  runTerraformOk,
  synthToDir,
  TerraformWorkspace,
  type StackJson,
} from "../../../test-tooling/terraform-harness";

const PRIMARY = "registry-hz-h-platform";
const VARIABLES = {
  dingtalk_webhook_url: "https://oapi.dingtalk.com/robot/send?access_token=test",
  dingtalk_webhook_secret: "",
  hz_h_backup_role_arn: "acs:ram::1234567890123456:role/harbor-backup-hz-h",
  hz_i_backup_role_arn: "acs:ram::1234567890123456:role/harbor-backup-hz-i",
  rrsa_oidc_provider_arn: "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c0123",
};

/** The primary platform stack as `cdktf synth` writes it (cross-stack references included). */
function primaryJson(config: HarborPlatformConfig): StackJson {
  return synthToDir((app: App) => buildHarborApp(app, config)).stacks.get(PRIMARY)!.json;
}

describe("restore of a site from one backup, through real Terraform", () => {
  let workspace: TerraformWorkspace;
  let close: (() => Promise<void>) | undefined;
  let diskIds: Map<string, string>;

  beforeAll(async () => {
    ({ workspace, close } = await openSharedWorkspace(
      synthToDir((app: App) => buildHarborApp(app, exampleConfig)),
      VARIABLES,
      { initStacks: ["registry-shared", PRIMARY] },
    ));
    expect((await workspace.apply("registry-shared")).diagnostics).toEqual([]);
    await workspace.apply(PRIMARY);
    diskIds = new Map(
      [...workspace.stateResources(PRIMARY)]
        .filter(([address]) => address.startsWith("alicloud_ecs_disk."))
        .map(([, values]) => [
          String((values.tags as Record<string, string>)["harbor-cdktf/component"]),
          String(values.id),
        ]),
    );
    expect(diskIds.size).toBe(5);
  }, 120_000);

  afterAll(() => close?.());

  function restoredConfig(snapshotIds: Record<string, string>): HarborPlatformConfig {
    const config = JSON.parse(JSON.stringify(exampleConfig)) as HarborPlatformConfig;
    const disks = config.sites.primary.disks as unknown as Record<string, Record<string, unknown>>;
    for (const [key, snapshotId] of Object.entries(snapshotIds)) disks[key].snapshotId = snapshotId;
    return config;
  }

  test("fails to plan the restore without forgetting the old disks: Instance cannot be destroyed", async () => {
    const ids = { registry: "s-r", database: "s-d", redis: "s-x", jobLog: "s-j", trivy: "s-t" };
    const outcome = await workspace.planVariant(PRIMARY, primaryJson(restoredConfig(ids)));
    expect(outcome.succeeded).toBe(false);
    expect(new Set(outcome.errors)).toEqual(new Set(["Instance cannot be destroyed"]));
  });

  test("after state rm of what restore-plan names, the restore only creates disks, volumes and claims", async () => {
    const disks = [...diskIds].map(([component, diskId]) => ({ component, diskId }));
    const plan = planRestore(
      {
        id: "ssg-bp1backup",
        state: "accomplished",
        snapshots: disks.map((d, i) => ({ diskId: d.diskId, snapshotId: `s-bp1snap${i}` })),
      },
      disks,
      primaryJson(exampleConfig),
    );
    const forget = [
      ...plan.forget.claims,
      ...plan.forget.volumes,
      ...plan.forget.snapshotAttachments,
      ...plan.forget.disks,
    ];
    expect(forget).toHaveLength(20);
    await runTerraformOk(workspace.stackDir(PRIMARY), ["state", "rm", ...forget], {
      mirror: prepareMirror(),
    });

    const outcome = await workspace.planVariant(
      PRIMARY,
      primaryJson(restoredConfig(plan.snapshotIds as Record<string, string>)),
    );
    expect(outcome.errors).toEqual([]);
    const actions = outcome.changes.filter((c) => c.action !== "noop");
    const byAction = (action: string) => actions.filter((c) => c.action === action).map((c) => c.address);
    expect(byAction("create").sort()).toEqual(forget.sort());
    expect(byAction("delete")).toEqual([]);
    expect(byAction("replace")).toEqual([]);
    // The backup job learns the new disk ids; nothing else of the site changes.
    expect(byAction("update")).toEqual([expect.stringMatching(/^kubernetes_cron_job_v1\./)]);
  });
});
