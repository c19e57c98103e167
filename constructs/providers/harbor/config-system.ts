import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import {
  checkStorageQuotaGiB,
  HARBOR_BANNER_TYPES,
  HARBOR_PROJECT_CREATION_RESTRICTIONS,
} from "../../lib/harbor-rules";
import { checkOneOf, checkWholeNumberAtLeast } from "../../lib/value-checks";
import { tf } from "../attributes";
import { ConfigProblems, known, ResourceAttributes, TypedResource } from "../typed-resource";
import { HARBOR_PROVIDER } from "./provider";

/** `banner_message`: a message shown at the top of Harbor's UI. */
export interface HarborConfigSystemBannerMessage {
  readonly message: string;
  /** @default false */
  readonly closable?: boolean;
  /** `success`, `info`, `warning` or `danger`. @default "info" */
  readonly type?: string;
  /** First day shown, `MM/DD/YYYY`. @default "" (now) */
  readonly fromDate?: string;
  /** Last day shown, `MM/DD/YYYY`. @default "" (no end) */
  readonly toDate?: string;
}

/**
 * Config of {@link HarborConfigSystem} (`harbor_config_system`). Every field is written on each
 * apply, defaults included: settings left out here are reset to the provider's defaults.
 */
export interface HarborConfigSystemConfig extends TerraformMetaArguments {
  /** `adminonly` or `everyone`. @default "adminonly" */
  readonly projectCreationRestriction?: string;
  /** Put the registry in read-only mode. @default false */
  readonly readOnly?: boolean;
  /** Robot token lifetime in days. @default 30 */
  readonly robotTokenExpiration?: number;
  /** Token service token lifetime in minutes. @default 30 */
  readonly tokenExpiration?: number;
  /** UI session timeout in minutes. @default 60 */
  readonly sessionTimeout?: number;
  /** @default "robot$" */
  readonly robotNamePrefix?: string;
  /** Do not update pull time when the scanner pulls (Harbor >= 2.8). @default false */
  readonly scannerSkipUpdatePulltime?: boolean;
  /** Default quota of new projects in GiB; -1 unlimited. @default -1 */
  readonly storagePerProject?: number;
  /** Syslog endpoint `host:port` to forward audit logs to. @default "" */
  readonly auditLogForwardEndpoint?: string;
  /** Keep audit logs only in the forward endpoint. @default false */
  readonly skipAuditLogDatabase?: boolean;
  /** Global webhook switch; false silently disables every project webhook. @default true */
  readonly notificationEnable?: boolean;
  /** Comma list of audit event types not to record, e.g. `create_artifact,pull_artifact`. @default - none */
  readonly disabledAuditLogEventTypes?: string;
  /** UI banner. @default - none */
  readonly bannerMessage?: HarborConfigSystemBannerMessage;
}

const ATTRIBUTES: ResourceAttributes<HarborConfigSystemConfig> = {
  projectCreationRestriction: tf.string("project_creation_restriction"),
  readOnly: tf.boolean("read_only"),
  robotTokenExpiration: tf.number("robot_token_expiration"),
  tokenExpiration: tf.number("token_expiration"),
  sessionTimeout: tf.number("session_timeout"),
  robotNamePrefix: tf.string("robot_name_prefix"),
  scannerSkipUpdatePulltime: tf.boolean("scanner_skip_update_pulltime"),
  storagePerProject: tf.number("storage_per_project"),
  auditLogForwardEndpoint: tf.string("audit_log_forward_endpoint"),
  skipAuditLogDatabase: tf.boolean("skip_audit_log_database"),
  notificationEnable: tf.boolean("notification_enable"),
  disabledAuditLogEventTypes: tf.string("disabled_audit_log_event_types"),
  bannerMessage: tf.block<HarborConfigSystemBannerMessage>("banner_message", {
    message: tf.string("message"),
    closable: tf.boolean("closable"),
    type: tf.string("type"),
    fromDate: tf.string("from_date"),
    toDate: tf.string("to_date"),
  }),
};

/**
 * System settings of one Harbor site (`harbor_config_system`, a singleton; destroy is a no-op).
 *
 * @example
 * new HarborConfigSystem(stack, "system", {
 *   provider: primary, projectCreationRestriction: "adminonly", robotTokenExpiration: 30, storagePerProject: 100,
 * });
 */
export class HarborConfigSystem extends TypedResource<HarborConfigSystemConfig> {
  static readonly tfResourceType = "harbor_config_system";

  constructor(scope: Construct, id: string, config: HarborConfigSystemConfig) {
    super(scope, id, HarborConfigSystem.tfResourceType, HARBOR_PROVIDER, config, ATTRIBUTES);
    const problems = new ConfigProblems(this, HarborConfigSystem.tfResourceType);
    checkOneOf(
      problems,
      problems.at("projectCreationRestriction"),
      known(config.projectCreationRestriction),
      HARBOR_PROJECT_CREATION_RESTRICTIONS,
    );
    checkStorageQuotaGiB(problems, problems.at("storagePerProject"), known(config.storagePerProject));
    for (const field of ["robotTokenExpiration", "tokenExpiration", "sessionTimeout"] as const) {
      checkWholeNumberAtLeast(problems, problems.at(field), known(config[field]), 1);
    }
    const banner = known(config.bannerMessage);
    if (banner) {
      checkOneOf(problems, problems.at("bannerMessage.type"), known(banner.type), HARBOR_BANNER_TYPES);
      for (const field of ["fromDate", "toDate"] as const) {
        const date = known(banner[field]);
        problems.check(
          date === undefined || date === "" || /^(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])\/\d{4}$/.test(date),
          problems.at(`bannerMessage.${field}`),
          date,
          "a date as MM/DD/YYYY",
        );
      }
    }
    problems.throwIfInvalid();
  }

  /** Always `configuration/system`. */
  get id(): string {
    return this.getStringAttribute("id");
  }
}
