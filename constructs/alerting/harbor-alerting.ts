import * as path from "path";
import { Construct } from "constructs";
import { AssetType, Fn, ITerraformDependable, Op, TerraformAsset, Token } from "cdktf";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { DataKubernetesResources } from "@cdktf/provider-kubernetes/lib/data-kubernetes-resources";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Release } from "@cdktf/provider-helm/lib/release";
import { stringify } from "yaml";
import { pinAddress, pinnedById } from "../guardrails/stable-address";
import { markStateful } from "../guardrails/stateful";
import { isDnsLabel, isHostname } from "../lib/naming";
import { terraformLiteral, terraformLiterals } from "../lib/terraform-literal";
import { ProblemList } from "../lib/validation";
import { AlertRuleGroup, renderHarborAlertRules } from "./alert-rules";
import { AlertReceivers, blackboxModules, renderMonitoringObjects } from "./monitoring-manifests";

/** A DingTalk custom robot. Both values are secrets: pass sensitive variables, never literals. */
export interface DingTalkRobot {
  /** `https://oapi.dingtalk.com/robot/send?access_token=...` */
  readonly webhookUrl: string;
  /**
   * The robot's signing secret (`SEC...`, "加签"); an empty string means no signing.
   * @default - no signing (the robot must then allow keywords or an IP allowlist)
   */
  readonly secret?: string;
}

/** Props of {@link HarborAlerting}. */
export interface HarborAlertingProps {
  /**
   * Namespace of the site's Harbor release; every object of this construct goes there. The
   * literal name: it is rendered into the alert rules and probe targets. When the namespace is
   * created in the same apply, also give its resource in `dependsOn`.
   */
  readonly namespace: string;
  /**
   * What every object of this construct is created after, typically the namespace resource (e.g.
   * `harborSite.namespaceResource`): without it, a first apply creates the objects in parallel
   * with their namespace and fails on `namespaces "…" not found`.
   * @default - no ordering beyond the references in the props
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Site name, e.g. `hz-h`. */
  readonly site: string;
  /** `primary` or `backup`. */
  readonly role: string;
  /** The site's own hostname on the gateway (probed over https). */
  readonly siteHostname: string;
  /**
   * The gateway's main hostname. Give it on exactly one site (the primary): that site then
   * probes the main hostname and carries the gateway alerts (down, serving from backup).
   * @default - no gateway probe on this site
   */
  readonly gatewayHostname?: string;
  /**
   * Helm release name of the site's Harbor (`release` label of its metrics Services).
   * @default "harbor"
   */
  readonly harborReleaseName?: string;
  /**
   * In-cluster base URL of the site's Harbor.
   * @default `http://harbor.<namespace>.svc.cluster.local`
   */
  readonly harborServiceUrl?: string;
  /**
   * Alert when a volume is fuller than this percentage.
   * @default 80
   */
  readonly volumeUsagePercent?: number;
  /**
   * Name of the site's backup CronJob, for the backup alerts.
   * @default - no backup alerts
   */
  readonly backupCronJobName?: string;
  /**
   * Send alerts to a DingTalk robot, through a `prometheus-webhook-dingtalk` relay in the
   * namespace (Alertmanager has no DingTalk receiver).
   * @default - no DingTalk
   */
  readonly dingtalk?: DingTalkRobot;
  /**
   * Slack incoming-webhook URL (a secret: pass a sensitive variable).
   * @default - no Slack
   */
  readonly slackWebhookUrl?: string;
  /**
   * A generic webhook receiving Alertmanager's JSON payload (a secret: pass a sensitive variable).
   * @default - no webhook
   */
  readonly webhookUrl?: string;
  /**
   * Labels on the Prometheus Operator objects, e.g. `{ release: "kube-prometheus-stack" }` when
   * the Prometheus and Alertmanager resources select on it.
   * @default {}
   */
  readonly monitoringLabels?: Readonly<Record<string, string>>;
  /**
   * Base URL of the runbook (docs/operations.md as rendered by your Git host).
   * @default - alerts name the runbook section by path only
   */
  readonly runbookBaseUrl?: string;
  /**
   * Image of the blackbox exporter.
   * @default "quay.io/prometheus/blackbox-exporter:v0.25.0"
   */
  readonly blackboxImage?: string;
  /**
   * Image of the DingTalk relay.
   * @default "docker.io/timonwong/prometheus-webhook-dingtalk:v2.1.0"
   */
  readonly dingtalkRelayImage?: string;
}

/** The API groups whose appearance re-renders the monitoring release. */
const MONITORING_API_SERVICES = ["v1.monitoring.coreos.com", "v1alpha1.monitoring.coreos.com"] as const;

const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: "65534",
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

/**
 * Alerting for one Harbor site: Harbor's metrics scraped, blackbox probes of its API (in the
 * cluster and through the gateway), the alert rules, and the notification path to DingTalk,
 * Slack or a webhook.
 *
 * Planning never needs the Prometheus Operator's CRDs: `kubernetes_manifest` would (it asks the
 * API server for the kind's schema at plan time and fails when the CRD is missing), so the
 * operator objects are installed by a small local Helm chart whose template renders each object
 * only when the cluster serves its kind. Two `kubernetes_resources` reads of the monitoring API
 * services feed a release value, so the release upgrades itself — and creates the objects —
 * on the first apply after the CRDs appear. Everything else is plain Kubernetes objects.
 *
 * That release holds no data: it is declared expendable (no `prevent_destroy`, accepted by
 * {@link StatefulResourceGuard}) at the fixed address `helm_release.monitoring_<site>`, so the
 * construct goes into a guarded stack as it is.
 *
 * @example
 * new HarborAlerting(this, "alerting", {
 *   namespace: "harbor-hz-h",
 *   site: "hz-h",
 *   role: "primary",
 *   siteHostname: "harbor-hz-h.registry.example.com",
 *   gatewayHostname: "registry.example.com",
 *   dingtalk: { webhookUrl: dingtalkUrl.stringValue, secret: dingtalkSecret.stringValue },
 * });
 */
export class HarborAlerting extends Construct {
  /** The site's alert rules, as rendered by {@link renderHarborAlertRules}. */
  readonly ruleGroups: readonly AlertRuleGroup[];
  /** Where the blackbox exporter listens, `host:port`. */
  readonly blackboxAddress: string;
  /** Escape hatch: the Helm release carrying the Prometheus Operator objects. */
  readonly monitoringRelease: Release;
  /** Addresses from the site and the construct id, not the construct path (a refactor keeps them). */
  private readonly pin: ReturnType<typeof pinnedById>;

  constructor(scope: Construct, id: string, props: HarborAlertingProps) {
    super(scope, id);
    validate(this.node.path, props);
    this.pin = pinnedById(`alerting_${props.site}`);
    const pin = this.pin;
    const ns = props.namespace;
    const labels = (name: string) => ({
      "app.kubernetes.io/name": name,
      "app.kubernetes.io/part-of": "harbor-cdktf",
      "harbor-cdktf/site": props.site,
    });
    const meta = (name: string) => ({ name, namespace: ns, labels: labels(name) });
    // Resources only: a dependency would defer the API-service reads to apply time (unknown at plan).
    const dependsOn = props.dependsOn ? [...props.dependsOn] : undefined;

    this.ruleGroups = renderHarborAlertRules({
      site: props.site,
      role: props.role,
      namespace: ns,
      volumeUsagePercent: props.volumeUsagePercent,
      backupCronJobName: props.backupCronJobName,
      includeGatewayRules: props.gatewayHostname !== undefined,
      runbookBaseUrl: props.runbookBaseUrl,
    });
    // For a Prometheus without the operator: mount this file and list it under rule_files.
    pin(
      new ConfigMapV1(this, "rule-file", {
        dependsOn,
        metadata: meta("harbor-alert-rules"),
        data: terraformLiterals({ "harbor-alerts.yaml": stringify({ groups: this.ruleGroups }) }),
      }),
    );

    const blackbox = "harbor-blackbox";
    this.blackboxAddress = `${blackbox}.${ns}.svc:9115`;
    const blackboxConfig = pin(
      new ConfigMapV1(this, "blackbox-config", {
        dependsOn,
        metadata: meta(blackbox),
        data: terraformLiterals({ "blackbox.yml": stringify(blackboxModules()) }),
      }),
    );
    pin(
      new DeploymentV1(this, "blackbox", {
        dependsOn,
        metadata: meta(blackbox),
        spec: {
          replicas: "1",
          selector: { matchLabels: labels(blackbox) },
          template: {
            metadata: { labels: labels(blackbox) },
            spec: {
              automountServiceAccountToken: false,
              container: [
                {
                  name: "blackbox-exporter",
                  image: props.blackboxImage ?? "quay.io/prometheus/blackbox-exporter:v0.25.0",
                  args: ["--config.file=/etc/blackbox/blackbox.yml"],
                  port: [{ name: "http", containerPort: 9115 }],
                  readinessProbe: { httpGet: { path: "/-/healthy", port: "9115" } },
                  resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
                  securityContext: RESTRICTED_CONTAINER,
                  volumeMount: [{ name: "config", mountPath: "/etc/blackbox", readOnly: true }],
                },
              ],
              volume: [{ name: "config", configMap: { name: blackboxConfig.metadata.name } }],
            },
          },
        },
      }),
    );
    pin(
      new ServiceV1(this, "blackbox-service", {
        dependsOn,
        metadata: meta(blackbox),
        spec: { selector: labels(blackbox), port: [{ name: "http", port: 9115, targetPort: "9115" }] },
      }),
    );

    const receivers: { -readonly [K in keyof AlertReceivers]: AlertReceivers[K] } = {};
    if (props.dingtalk) receivers.dingtalkRelayUrl = this.dingtalkRelay(props, meta, labels, dependsOn);
    if (props.slackWebhookUrl !== undefined) {
      pin(
        new SecretV1(this, "slack-secret", {
          dependsOn,
          metadata: meta("harbor-alert-slack"),
          data: { url: props.slackWebhookUrl },
        }),
      );
      receivers.slackUrlSecret = { name: "harbor-alert-slack", key: "url" };
    }
    if (props.webhookUrl !== undefined) {
      pin(
        new SecretV1(this, "webhook-secret", {
          dependsOn,
          metadata: meta("harbor-alert-webhook"),
          data: { url: props.webhookUrl },
        }),
      );
      receivers.webhookUrlSecret = { name: "harbor-alert-webhook", key: "url" };
    }

    const objects = renderMonitoringObjects({
      namespace: ns,
      site: props.site,
      harborReleaseName: props.harborReleaseName ?? "harbor",
      harborServiceUrl: props.harborServiceUrl ?? `http://harbor.${ns}.svc.cluster.local`,
      blackboxAddress: this.blackboxAddress,
      siteHostname: props.siteHostname,
      gatewayHostname: props.gatewayHostname,
      ruleGroups: this.ruleGroups,
      receivers,
      labels: props.monitoringLabels,
    });
    const servedApis = MONITORING_API_SERVICES.map(
      (name) =>
        new DataKubernetesResources(this, `served-${name.split(".")[0]}`, {
          apiVersion: "apiregistration.k8s.io/v1",
          kind: "APIService",
          fieldSelector: `metadata.name=${name}`,
        }),
    );
    const chart = new TerraformAsset(this, "monitoring-chart", {
      path: path.join(__dirname, "monitoring-chart"),
      type: AssetType.DIRECTORY,
    });
    this.monitoringRelease = new Release(this, "monitoring-release", {
      dependsOn,
      name: "harbor-monitoring",
      namespace: ns,
      chart: chart.path,
      values: [terraformLiteral(JSON.stringify({ objects }))],
      // Counts of served monitoring API versions: when the CRDs are installed they change, the
      // plan shows an upgrade, and the template now renders the objects.
      set: servedApis.map((data, i) => ({
        name: `servedApis.${MONITORING_API_SERVICES[i].split(".")[0]}`,
        value: Token.asString(Fn.lengthOf(data.getAnyMapAttribute("objects"))),
        type: "string",
      })),
      atomic: true,
      timeout: 120,
    });
    // Prometheus Operator objects only, no data: declared expendable (no prevent_destroy), so a
    // stack guarded by StatefulResourceGuard (every stack with a HarborSite) accepts it and the PR
    // guard lets it be replaced. Its address is pinned all the same, to the site it watches.
    pinAddress(this.monitoringRelease, `monitoring_${props.site}`);
    markStateful(this.monitoringRelease, { name: "release/monitoring", allowDestroy: true });
  }

  private dingtalkRelay(
    props: HarborAlertingProps,
    meta: (name: string) => { name: string; namespace: string; labels: Record<string, string> },
    labels: (name: string) => Record<string, string>,
    dependsOn: ITerraformDependable[] | undefined,
  ): string {
    const robot = props.dingtalk as DingTalkRobot;
    const name = "harbor-dingtalk";
    const target = (secret: boolean) =>
      Fn.jsonencode({
        targets: {
          harbor: secret ? { url: robot.webhookUrl, secret: robot.secret } : { url: robot.webhookUrl },
        },
      });
    // JSON is YAML, so the relay reads it as its config.yml; the URL never appears in cdk.tf.json.
    // cdktf renders falsy literal operands ("" or 0) of Op.* as `undefined`, so test for >= 1.
    const config =
      robot.secret === undefined
        ? target(false)
        : Fn.conditional(Op.gte(Fn.lengthOf(robot.secret), 1), target(true), target(false));
    const secret = this.pin(
      new SecretV1(this, "dingtalk-config", {
        dependsOn,
        metadata: meta(name),
        data: { "config.yml": Token.asString(config) },
      }),
    );
    this.pin(
      new DeploymentV1(this, "dingtalk-relay", {
        dependsOn,
        metadata: meta(name),
        spec: {
          replicas: "1",
          selector: { matchLabels: labels(name) },
          template: {
            metadata: { labels: labels(name) },
            spec: {
              automountServiceAccountToken: false,
              container: [
                {
                  name: "relay",
                  image: props.dingtalkRelayImage ?? "docker.io/timonwong/prometheus-webhook-dingtalk:v2.1.0",
                  args: ["--config.file=/etc/dingtalk/config.yml", "--web.listen-address=:8060"],
                  port: [{ name: "http", containerPort: 8060 }],
                  resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
                  securityContext: RESTRICTED_CONTAINER,
                  volumeMount: [{ name: "config", mountPath: "/etc/dingtalk", readOnly: true }],
                },
              ],
              volume: [{ name: "config", secret: { secretName: secret.metadata.name } }],
            },
          },
        },
      }),
    );
    this.pin(
      new ServiceV1(this, "dingtalk-service", {
        dependsOn,
        metadata: meta(name),
        spec: { selector: labels(name), port: [{ name: "http", port: 8060, targetPort: "8060" }] },
      }),
    );
    return `http://${name}.${props.namespace}.svc:8060/dingtalk/harbor/send`;
  }
}

function validate(constructPath: string, props: HarborAlertingProps): void {
  const problems = new ProblemList();
  const at = (prop: string) => `${constructPath}: ${prop}`;
  problems.check(isDnsLabel(props.namespace), at("namespace"), props.namespace, "a DNS label");
  problems.check(isDnsLabel(props.site, 20), at("site"), props.site, "a DNS label of at most 20 chars");
  problems.check(
    isHostname(props.siteHostname),
    at("siteHostname"),
    props.siteHostname,
    "a fully qualified DNS name",
  );
  if (props.gatewayHostname !== undefined) {
    problems.check(
      isHostname(props.gatewayHostname),
      at("gatewayHostname"),
      props.gatewayHostname,
      "a fully qualified DNS name",
    );
  }
  const percent = props.volumeUsagePercent;
  if (percent !== undefined) {
    problems.check(
      percent >= 1 && percent <= 99,
      at("volumeUsagePercent"),
      percent,
      "a percentage from 1 to 99",
    );
  }
  for (const [field, value] of [
    ["dingtalk.webhookUrl", props.dingtalk?.webhookUrl],
    ["dingtalk.secret", props.dingtalk?.secret],
    ["slackWebhookUrl", props.slackWebhookUrl],
    ["webhookUrl", props.webhookUrl],
  ] as const) {
    // A literal would land in cdk.tf.json and in git: webhook URLs carry their token.
    if (value !== undefined && value !== "" && !Token.isUnresolved(value)) {
      problems.add(
        at(field),
        "(literal value hidden)",
        "a reference to a sensitive variable or secret, not a literal",
      );
    }
  }
  problems.throwIfAny("invalid HarborAlerting");
}
