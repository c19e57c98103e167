import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import { checkCommaList, HARBOR_PURGE_EVENT_TYPES, HARBOR_PURGE_OPERATIONS } from "../../lib/harbor-rules";
import { checkHarborJobSchedule } from "../../lib/harbor-schedule";
import { checkWholeNumberAtLeast } from "../../lib/value-checks";
import { ConfigProblems, known, ResourceAttributes, TypedResource } from "../typed-resource";
import { tf } from "../attributes";
import { HARBOR_PROVIDER } from "./provider";

/**
 * Config of {@link HarborPurgeAuditLog} (`harbor_purge_audit_log`). Set `includeEventTypes`
 * (Harbor >= 2.13) or the older `includeOperations`.
 */
export interface HarborPurgeAuditLogConfig extends TerraformMetaArguments {
  /** Exactly `Hourly`, `Daily`, `Weekly`, or a non-preset 6-field cron (seconds first, seconds 0). */
  readonly schedule: string;
  /** Purge audit-log rows older than this many hours. */
  readonly auditRetentionHour: number;
  /** Comma list of `create`, `pull`, `delete` (Harbor < 2.13). @default - unset */
  readonly includeOperations?: string;
  /**
   * Comma list of `create`, `push`, `pull`, `delete`, `create_artifact`, `delete_artifact`,
   * `pull_artifact`, `other` (Harbor >= 2.13).
   * @default - unset
   */
  readonly includeEventTypes?: string;
}

const ATTRIBUTES: ResourceAttributes<HarborPurgeAuditLogConfig> = {
  schedule: tf.string("schedule"),
  auditRetentionHour: tf.number("audit_retention_hour"),
  includeOperations: tf.string("include_operations"),
  includeEventTypes: tf.string("include_event_types"),
};

/**
 * The audit-log purge schedule of one Harbor site (`harbor_purge_audit_log`, a singleton).
 *
 * @example
 * new HarborPurgeAuditLog(stack, "purge-audit", {
 *   provider: primary, schedule: "Daily", auditRetentionHour: 24 * 90, includeEventTypes: "create,delete,pull",
 * });
 */
export class HarborPurgeAuditLog extends TypedResource<HarborPurgeAuditLogConfig> {
  static readonly tfResourceType = "harbor_purge_audit_log";

  constructor(scope: Construct, id: string, config: HarborPurgeAuditLogConfig) {
    super(scope, id, HarborPurgeAuditLog.tfResourceType, HARBOR_PROVIDER, config, ATTRIBUTES);
    const problems = new ConfigProblems(this, HarborPurgeAuditLog.tfResourceType);
    checkHarborJobSchedule(problems, problems.at("schedule"), known(config.schedule));
    checkWholeNumberAtLeast(
      problems,
      problems.at("auditRetentionHour"),
      known(config.auditRetentionHour),
      1,
      "hours",
    );
    problems.check(
      config.includeOperations !== undefined || config.includeEventTypes !== undefined,
      problems.at("includeEventTypes"),
      config.includeEventTypes,
      "a comma list of event types to purge (or includeOperations on Harbor < 2.13); the provider requires one of them",
    );
    checkCommaList(
      problems,
      problems.at("includeOperations"),
      known(config.includeOperations),
      HARBOR_PURGE_OPERATIONS,
    );
    checkCommaList(
      problems,
      problems.at("includeEventTypes"),
      known(config.includeEventTypes),
      HARBOR_PURGE_EVENT_TYPES,
    );
    problems.throwIfInvalid();
  }

  /** Always `/system/purgeaudit/schedule`. */
  get id(): string {
    return this.getStringAttribute("id");
  }
}
