/**
 * The Prometheus Operator objects of one site's monitoring, as plain Kubernetes manifests (no
 * cdktf): a ServiceMonitor for Harbor's metrics, Probes for the blackbox exporter, the
 * PrometheusRule and an AlertmanagerConfig routing the site's alerts to DingTalk, Slack or a
 * webhook. They are installed through a tiny Helm chart that renders each object only when the
 * cluster serves its kind, so nothing here needs the CRDs at plan time.
 *
 * Also the blackbox exporter's modules: `/api/v2.0/health` answers HTTP 200 even when Harbor is
 * unhealthy, so the health module fails on the JSON body, not on the status code.
 */
import { AlertRuleGroup, PROBES } from "./alert-rules";

export type KubernetesObject = Readonly<Record<string, unknown>>;

/** Where Alertmanager sends a site's alerts. Secrets are referenced, never inlined. */
export interface AlertReceivers {
  /** In-cluster URL of the DingTalk relay's target, e.g. `http://harbor-dingtalk.<ns>.svc:8060/dingtalk/harbor/send`. */
  readonly dingtalkRelayUrl?: string;
  /** Secret (name, key) holding the Slack incoming-webhook URL. */
  readonly slackUrlSecret?: { readonly name: string; readonly key: string };
  /** Secret (name, key) holding a generic webhook URL (Alertmanager's webhook payload). */
  readonly webhookUrlSecret?: { readonly name: string; readonly key: string };
}

export interface MonitoringManifestsInput {
  readonly namespace: string;
  readonly site: string;
  /** Helm release name of the site's Harbor (`release` label of its Services). */
  readonly harborReleaseName: string;
  /** In-cluster base URL of the site's Harbor, e.g. `http://harbor.<ns>.svc.cluster.local`. */
  readonly harborServiceUrl: string;
  /** `host:port` of the blackbox exporter. */
  readonly blackboxAddress: string;
  /** The site's own hostname on the gateway (https). */
  readonly siteHostname: string;
  /** The gateway's main hostname; set on the one site that carries the gateway probe. */
  readonly gatewayHostname?: string;
  readonly ruleGroups: readonly AlertRuleGroup[];
  readonly receivers: AlertReceivers;
  /** Labels on every object, e.g. the `release` label a kube-prometheus-stack selects on. */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Scrape and probe interval.
   * @default "30s"
   */
  readonly interval?: string;
}

/** The modules of the blackbox exporter's configuration file. */
export function blackboxModules(): Record<string, unknown> {
  const http = (extra: Record<string, unknown>) => ({
    valid_status_codes: [200],
    preferred_ip_protocol: "ip4",
    ...extra,
  });
  return {
    modules: {
      harbor_ping: {
        prober: "http",
        timeout: "5s",
        http: http({ fail_if_body_not_matches_regexp: ["Pong"] }),
      },
      harbor_ping_tls: {
        prober: "http",
        timeout: "10s",
        http: http({ fail_if_not_ssl: true, fail_if_body_not_matches_regexp: ["Pong"] }),
      },
      harbor_health: {
        prober: "http",
        timeout: "10s",
        http: http({
          // Overall and per-component statuses are "healthy" or "unhealthy"; any unhealthy
          // component makes the overall status unhealthy (src/controller/health/controller.go).
          fail_if_body_matches_regexp: ['"status":\\s*"unhealthy"'],
          fail_if_body_not_matches_regexp: ['"status":\\s*"healthy"'],
        }),
      },
    },
  };
}

export function renderMonitoringObjects(input: MonitoringManifestsInput): KubernetesObject[] {
  const labels = {
    "app.kubernetes.io/part-of": "harbor-cdktf",
    "harbor-cdktf/site": input.site,
    ...input.labels,
  };
  const meta = (name: string) => ({ name, namespace: input.namespace, labels });
  const interval = input.interval ?? "30s";
  const probe = (name: string, module: string, targets: string[]): KubernetesObject => ({
    apiVersion: "monitoring.coreos.com/v1",
    kind: "Probe",
    metadata: meta(`harbor-probe-${name}`),
    spec: {
      jobName: `harbor-probe-${name}`,
      interval,
      module,
      prober: { url: input.blackboxAddress, scheme: "http", path: "/probe" },
      targets: {
        staticConfig: {
          static: targets,
          labels: { namespace: input.namespace, site: input.site, probe: name },
        },
      },
    },
  });

  const objects: KubernetesObject[] = [
    {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: meta("harbor-metrics"),
      spec: {
        // The same selection as the chart's own ServiceMonitor (templates/metrics/metrics-svcmon.yaml):
        // the core, registry, jobservice and exporter Services with a `http-metrics` port.
        selector: { matchLabels: { release: input.harborReleaseName, app: "harbor" } },
        namespaceSelector: { matchNames: [input.namespace] },
        endpoints: [{ port: "http-metrics", path: "/metrics", interval, honorLabels: true }],
      },
    },
    probe(PROBES.ping, "harbor_ping", [`${input.harborServiceUrl}/api/v2.0/ping`]),
    probe(PROBES.health, "harbor_health", [`${input.harborServiceUrl}/api/v2.0/health`]),
    probe(PROBES.route, "harbor_ping_tls", [`https://${input.siteHostname}/api/v2.0/ping`]),
  ];
  if (input.gatewayHostname) {
    objects.push(
      probe(PROBES.gateway, "harbor_ping_tls", [`https://${input.gatewayHostname}/api/v2.0/ping`]),
    );
  }
  objects.push({
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: meta("harbor-alerts"),
    spec: { groups: input.ruleGroups },
  });

  const { dingtalkRelayUrl, slackUrlSecret, webhookUrlSecret } = input.receivers;
  const receiver: Record<string, unknown> = { name: "harbor" };
  const webhooks: Record<string, unknown>[] = [];
  if (dingtalkRelayUrl) webhooks.push({ url: dingtalkRelayUrl, sendResolved: true });
  if (webhookUrlSecret) webhooks.push({ urlSecret: webhookUrlSecret, sendResolved: true });
  if (webhooks.length > 0) receiver.webhookConfigs = webhooks;
  if (slackUrlSecret) {
    receiver.slackConfigs = [
      {
        apiURL: slackUrlSecret,
        sendResolved: true,
        title: "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.site }})",
        text: "{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\n{{ end }}",
      },
    ];
  }
  if (webhooks.length > 0 || slackUrlSecret) {
    objects.push({
      apiVersion: "monitoring.coreos.com/v1alpha1",
      kind: "AlertmanagerConfig",
      metadata: meta("harbor-alerts"),
      spec: {
        // The operator adds a `namespace="<this namespace>"` matcher: only this site's alerts.
        route: {
          receiver: "harbor",
          groupBy: ["alertname", "site"],
          groupWait: "30s",
          groupInterval: "5m",
          repeatInterval: "4h",
          matchers: [{ name: "site", value: input.site, matchType: "=" }],
        },
        receivers: [receiver],
      },
    });
  }
  return objects;
}

/**
 * The rules as a plain Prometheus rule file, for a Prometheus without the operator
 * (`rule_files:`); same content as the PrometheusRule.
 */
export function ruleFile(groups: readonly AlertRuleGroup[]): { groups: readonly AlertRuleGroup[] } {
  return { groups };
}
