import { TerraformMetaArguments } from "cdktf";
import { Construct } from "constructs";
import {
  checkHarborProjectPath,
  HARBOR_WEBHOOK_EVENT_TYPES,
  HARBOR_WEBHOOK_NOTIFY_TYPES,
  HARBOR_WEBHOOK_PAYLOAD_FORMATS,
} from "../../lib/harbor-rules";
import { checkHttpUrl, checkOneOf } from "../../lib/value-checks";
import { tf } from "../attributes";
import {
  checkSecretIsExpression,
  ConfigProblems,
  known,
  knownList,
  requireSensitiveVariables,
  ResourceAttributes,
  TypedResource,
} from "../typed-resource";
import { HARBOR_PROVIDER } from "./provider";

/** Config of {@link HarborProjectWebhook} (`harbor_project_webhook`). */
export interface HarborProjectWebhookConfig extends TerraformMetaArguments {
  /** Webhook name. **ForceNew**. */
  readonly name: string;
  /** The project's path id (`HarborProject.id`, `/projects/<n>`): the create URL is built from it. */
  readonly projectId: string;
  /** Target URL. */
  readonly address: string;
  /**
   * Events: `PUSH_ARTIFACT`, `PULL_ARTIFACT`, `DELETE_ARTIFACT`, `QUOTA_EXCEED`, `QUOTA_WARNING`,
   * `REPLICATION`, `SCANNING_FAILED`, `SCANNING_COMPLETED`, `TAG_RETENTION`.
   */
  readonly eventsTypes: string[];
  /** `http` or `slack`. */
  readonly notifyType: string;
  /** @default "" */
  readonly description?: string;
  /** @default true */
  readonly enabled?: boolean;
  /**
   * `Authorization` header value sent to the target, as a Terraform expression: the provider does
   * not mark it sensitive, so a literal would show in every plan.
   * @default - none
   */
  readonly authHeader?: string;
  /** Skip TLS verification of the target. The provider defaults to true; set false for HTTPS targets. @default true */
  readonly skipCertVerify?: boolean;
  /** `Default` or `CloudEvents`. @default "Default" */
  readonly payloadFormat?: string;
}

const ATTRIBUTES: ResourceAttributes<HarborProjectWebhookConfig> = {
  name: tf.string("name"),
  projectId: tf.string("project_id"),
  address: tf.string("address"),
  eventsTypes: tf.stringList("events_types"),
  notifyType: tf.string("notify_type"),
  description: tf.string("description"),
  enabled: tf.boolean("enabled"),
  authHeader: tf.string("auth_header"),
  skipCertVerify: tf.boolean("skip_cert_verify"),
  payloadFormat: tf.string("payload_format"),
};

/**
 * A project webhook (`harbor_project_webhook`), e.g. to alert on failed replications or scans.
 * Webhooks only fire while the system config's `notificationEnable` is true.
 *
 * @example
 * new HarborProjectWebhook(stack, "alerts", {
 *   provider: primary, projectId: library.id, name: "alerts", notifyType: "http",
 *   address: "https://alerts.example.com/harbor", eventsTypes: ["REPLICATION", "SCANNING_FAILED", "QUOTA_WARNING"],
 *   skipCertVerify: false,
 * });
 */
export class HarborProjectWebhook extends TypedResource<HarborProjectWebhookConfig> {
  static readonly tfResourceType = "harbor_project_webhook";

  constructor(scope: Construct, id: string, config: HarborProjectWebhookConfig) {
    super(scope, id, HarborProjectWebhook.tfResourceType, HARBOR_PROVIDER, config, ATTRIBUTES);
    const problems = new ConfigProblems(this, HarborProjectWebhook.tfResourceType);
    checkHarborProjectPath(problems, problems.at("projectId"), known(config.projectId));
    checkHttpUrl(problems, problems.at("address"), known(config.address));
    const events = knownList(config.eventsTypes);
    if (events) {
      problems.check(events.length >= 1, problems.at("eventsTypes"), events, "at least one event type");
      events.forEach((event, index) =>
        checkOneOf(problems, problems.at(`eventsTypes[${index}]`), event, HARBOR_WEBHOOK_EVENT_TYPES),
      );
    }
    checkOneOf(problems, problems.at("notifyType"), known(config.notifyType), HARBOR_WEBHOOK_NOTIFY_TYPES);
    checkOneOf(
      problems,
      problems.at("payloadFormat"),
      known(config.payloadFormat),
      HARBOR_WEBHOOK_PAYLOAD_FORMATS,
    );
    checkSecretIsExpression(problems, problems.at("authHeader"), config.authHeader);
    requireSensitiveVariables(this, problems.at("authHeader"), config.authHeader);
    problems.throwIfInvalid();
  }

  /** `/projects/<p>/webhook/policies/<n>`. */
  get id(): string {
    return this.getStringAttribute("id");
  }
}
