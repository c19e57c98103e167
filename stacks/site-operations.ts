import { Fn, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { AlertingConfig, BackupConfig, SiteConfig, SiteRole } from "../config/platform-config";
import { HarborAlerting } from "../constructs/alerting/harbor-alerting";
import { BackupCredentials, SiteBackup } from "../constructs/backup/site-backup";
import { HARBOR_RELEASE_NAME } from "../constructs/harbor-site/harbor-chart";
import { HarborSite } from "../constructs/harbor-site/harbor-site";
import { siteVariableName } from "./variable-names";

export interface SiteOperationsProps {
  readonly role: SiteRole;
  readonly site: SiteConfig;
  readonly region: string;
  /** The site's Harbor, whose disks, namespace and admin secret the backup and the alerts use. */
  readonly harbor: HarborSite;
  /** The gateway's main hostname; the primary site probes it and carries the gateway alerts. */
  readonly gatewayHostname: string;
  /** @default - no receivers; the rules still exist */
  readonly alerting?: AlertingConfig;
  /** @default - daily at 02:30 Asia/Shanghai, kept 14 days */
  readonly backup?: BackupConfig;
}

export interface SiteOperations {
  readonly alerting: HarborAlerting;
  readonly backup: SiteBackup;
}

/**
 * Day-2 operations of one site, added to its platform stack: alerting (metrics, probes, rules,
 * DingTalk/Slack) and the scheduled consistent backup. Secrets and the backup's RAM role arrive
 * as Terraform variables of the stack:
 *
 * | variable | when | what |
 * |---|---|---|
 * | `dingtalk_webhook_url` (sensitive) | `alerting.dingtalk` | the robot's webhook URL with its access token |
 * | `dingtalk_webhook_secret` (sensitive, default "") | `alerting.dingtalk` | the robot's signing secret, if it signs |
 * | `slack_webhook_url` (sensitive) | `alerting.slack` | Slack incoming webhook |
 * | `<site>_backup_role_arn` ({@link siteVariableName}, e.g. `hz_h_backup_role_arn`) | always | RAM role the backup job assumes through RRSA |
 * | `rrsa_oidc_provider_arn` | always | the cluster's RRSA OIDC provider |
 *
 * The stack outputs `backup_ram_policy` (the least-privilege policy of that role, naming this
 * site's disks) and `backup_service_account` (the subject its trust policy must allow).
 */
export function addSiteOperations(scope: Construct, props: SiteOperationsProps): SiteOperations {
  const stack = TerraformStack.of(scope);
  const { site, harbor } = props;
  // Everything here lives in the site's namespace, which the same apply creates: a reference (or,
  // where the name must be literal, a dependency) orders each object after it.
  const namespaceRef = harbor.namespaceResource.metadata.name;
  const sensitive = (name: string, description: string, defaultValue?: string) => {
    const variable = new TerraformVariable(stack, name, {
      type: "string",
      sensitive: true,
      description,
      default: defaultValue,
    });
    return variable.stringValue;
  };

  const backup = new SiteBackup(scope, "site-backup", {
    namespace: namespaceRef,
    site: site.name,
    region: props.region,
    disks: Object.values(harbor.disks).map((disk) => ({
      component: disk.component,
      diskId: disk.diskId,
      category: disk.category,
    })),
    credentials: BackupCredentials.rrsa({
      roleArn: new TerraformVariable(stack, siteVariableName(site, "backup_role_arn"), {
        type: "string",
        description: `RAM role the backup job of site ${site.name} assumes through ACK RRSA (output backup_ram_policy lists its permissions)`,
      }).stringValue,
      oidcProviderArn: new TerraformVariable(stack, "rrsa_oidc_provider_arn", {
        type: "string",
        description:
          "ARN of the cluster's RRSA OIDC provider, acs:ram::<account>:oidc-provider/ack-rrsa-<cluster id>",
      }).stringValue,
    }),
    adminPasswordSecretName: harbor.secrets.refs.adminPassword,
    adminPasswordSecretKey: harbor.secrets.refs.adminPasswordKey,
    schedule: props.backup?.schedule,
    retentionDays: props.backup?.retentionDays,
  });
  new TerraformOutput(stack, "backup_ram_policy", {
    value: Fn.jsonencode(
      SiteBackup.ramPolicy(
        props.region,
        Object.values(harbor.disks).map((disk) => disk.diskId),
      ),
    ),
    description: `least-privilege RAM policy of the role in ${siteVariableName(site, "backup_role_arn")}`,
  });
  new TerraformOutput(stack, "backup_service_account", {
    value: backup.serviceAccountSubject,
    description: "the subject (oidc:sub) the backup role's trust policy must allow",
  });

  const alertingConfig = props.alerting ?? {};
  const alerting = new HarborAlerting(scope, "site-alerting", {
    // Literal: the alert rules and probes name it.
    namespace: harbor.namespace,
    dependsOn: [harbor.namespaceResource],
    site: site.name,
    role: props.role,
    siteHostname: site.hostname,
    gatewayHostname: props.role === "primary" ? props.gatewayHostname : undefined,
    harborReleaseName: HARBOR_RELEASE_NAME,
    volumeUsagePercent: alertingConfig.volumeUsageAlertPercent,
    backupCronJobName: backup.name,
    dingtalk: alertingConfig.dingtalk
      ? {
          webhookUrl: sensitive("dingtalk_webhook_url", "DingTalk robot webhook URL (with access_token)"),
          secret: sensitive(
            "dingtalk_webhook_secret",
            "DingTalk robot signing secret (SEC...), empty if unsigned",
            "",
          ),
        }
      : undefined,
    slackWebhookUrl: alertingConfig.slack
      ? sensitive("slack_webhook_url", "Slack incoming webhook URL")
      : undefined,
  });
  return { alerting, backup };
}
