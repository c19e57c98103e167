import { Testing, TerraformStack, TerraformVariable } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { parse } from "yaml";
import { Construct } from "constructs";
import { HarborAlerting, HarborAlertingProps } from "../../../constructs/alerting/harbor-alerting";
import { StatefulResourceGuard } from "../../../constructs/guardrails/stateful-resource-guard";
import { ValidationError } from "../../../constructs/lib/validation";

const BASE: Omit<HarborAlertingProps, "dingtalk" | "slackWebhookUrl"> = {
  namespace: "harbor-hz-h",
  site: "hz-h",
  role: "primary",
  siteHostname: "harbor-hz-h.registry.example.com",
  gatewayHostname: "registry.example.com",
  backupCronJobName: "harbor-site-backup",
  monitoringLabels: { release: "kube-prometheus-stack" },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized JSON
type Json = any;

function synth(extra: (stack: TerraformStack) => Partial<HarborAlertingProps> = () => ({})): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, "stack");
  new KubernetesProvider(stack, "kubernetes", {});
  new HelmProvider(stack, "helm", {});
  new HarborAlerting(stack, "alerting", { ...BASE, ...extra(stack) });
  return JSON.parse(Testing.synth(stack));
}

function withReceivers(stack: TerraformStack): Partial<HarborAlertingProps> {
  const variable = (name: string) => new TerraformVariable(stack, name, { type: "string", sensitive: true });
  return {
    dingtalk: {
      webhookUrl: variable("dingtalk_webhook_url").stringValue,
      secret: variable("dingtalk_secret").stringValue,
    },
    slackWebhookUrl: variable("slack_webhook_url").stringValue,
  };
}

function byName(json: Json, type: string, name: string): Json {
  const found = Object.values(json.resource[type] ?? {}).find(
    (r: Json) => r.metadata?.name === name || r.name === name,
  );
  if (!found) throw new Error(`no ${type} named ${name}`);
  return found;
}

function monitoringObjects(json: Json): Json[] {
  const release = byName(json, "helm_release", "harbor-monitoring");
  return JSON.parse(release.values[0]).objects;
}

describe("HarborAlerting", () => {
  test("the operator objects go through a local chart, never kubernetes_manifest", () => {
    const json = synth(withReceivers);
    expect(json.resource.kubernetes_manifest).toBeUndefined();
    const release = byName(json, "helm_release", "harbor-monitoring");
    expect(release).toMatchObject({ namespace: "harbor-hz-h", atomic: true });
    expect(release.chart).toMatch(/^assets\/alerting_monitoring-chart_[0-9A-F]+\/[0-9A-F]{32}$/);
    expect(monitoringObjects(json).map((o: Json) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "ServiceMonitor/harbor-metrics",
      "Probe/harbor-probe-ping",
      "Probe/harbor-probe-health",
      "Probe/harbor-probe-route",
      "Probe/harbor-probe-gateway",
      "PrometheusRule/harbor-alerts",
      "AlertmanagerConfig/harbor-alerts",
    ]);
  });

  test("the release re-renders when the monitoring API services appear", () => {
    const json = synth();
    const reads = Object.values(json.data.kubernetes_resources) as Json[];
    expect(reads.map((r) => [r.kind, r.field_selector])).toEqual([
      ["APIService", "metadata.name=v1.monitoring.coreos.com"],
      ["APIService", "metadata.name=v1alpha1.monitoring.coreos.com"],
    ]);
    const release = byName(json, "helm_release", "harbor-monitoring");
    expect(release.set.map((s: Json) => s.name)).toEqual(["servedApis.v1", "servedApis.v1alpha1"]);
    expect(release.set[0].value).toMatch(/^\$\{length\(data\.kubernetes_resources\..+\.objects\)\}$/);
  });

  test("Harbor's metrics are scraped like the chart's own ServiceMonitor would", () => {
    const [monitor] = monitoringObjects(synth());
    expect(monitor.metadata.labels).toMatchObject({ release: "kube-prometheus-stack" });
    expect(monitor.spec).toEqual({
      selector: { matchLabels: { release: "harbor", app: "harbor" } },
      namespaceSelector: { matchNames: ["harbor-hz-h"] },
      endpoints: [{ port: "http-metrics", path: "/metrics", interval: "30s", honorLabels: true }],
    });
  });

  test("probes: in-cluster ping and health, the site hostname and the main hostname over TLS", () => {
    const probes = monitoringObjects(synth()).filter((o: Json) => o.kind === "Probe");
    expect(
      probes.map((p: Json) => [
        p.spec.module,
        p.spec.targets.staticConfig.static[0],
        p.spec.targets.staticConfig.labels.probe,
      ]),
    ).toEqual([
      ["harbor_ping", "http://harbor.harbor-hz-h.svc.cluster.local/api/v2.0/ping", "ping"],
      ["harbor_health", "http://harbor.harbor-hz-h.svc.cluster.local/api/v2.0/health", "health"],
      ["harbor_ping_tls", "https://harbor-hz-h.registry.example.com/api/v2.0/ping", "route"],
      ["harbor_ping_tls", "https://registry.example.com/api/v2.0/ping", "gateway"],
    ]);
    expect(probes[0].spec.prober).toEqual({
      url: "harbor-blackbox.harbor-hz-h.svc:9115",
      scheme: "http",
      path: "/probe",
    });
  });

  test("DingTalk through the relay and Slack natively; webhook URLs stay variables", () => {
    const json = synth(withReceivers);
    const config = monitoringObjects(json).find((o: Json) => o.kind === "AlertmanagerConfig");
    expect(config.spec.route).toMatchObject({
      receiver: "harbor",
      matchers: [{ name: "site", value: "hz-h", matchType: "=" }],
    });
    expect(config.spec.receivers).toEqual([
      {
        name: "harbor",
        webhookConfigs: [
          { url: "http://harbor-dingtalk.harbor-hz-h.svc:8060/dingtalk/harbor/send", sendResolved: true },
        ],
        slackConfigs: [
          expect.objectContaining({ apiURL: { name: "harbor-alert-slack", key: "url" }, sendResolved: true }),
        ],
      },
    ]);
    const dingtalk = byName(json, "kubernetes_secret_v1", "harbor-dingtalk");
    expect(dingtalk.data["config.yml"]).toMatch(
      /^\$\{\(length\(var\.dingtalk_secret\) >= 1\) \? jsonencode\(/,
    );
    expect(dingtalk.data["config.yml"]).toContain("var.dingtalk_webhook_url");
    expect(byName(json, "kubernetes_secret_v1", "harbor-alert-slack").data).toEqual({
      url: "${var.slack_webhook_url}",
    });
    const relay = byName(json, "kubernetes_deployment_v1", "harbor-dingtalk");
    expect(relay.spec.template.spec.container[0].args).toEqual([
      "--config.file=/etc/dingtalk/config.yml",
      "--web.listen-address=:8060",
    ]);
  });

  test("without receivers there is no AlertmanagerConfig and no relay; rules still exist", () => {
    const json = synth(() => ({ gatewayHostname: undefined }));
    const kinds = monitoringObjects(json).map((o: Json) => o.kind);
    expect(kinds).not.toContain("AlertmanagerConfig");
    expect(kinds).toContain("PrometheusRule");
    expect(Object.keys(json.resource.kubernetes_deployment_v1)).toHaveLength(1);
    const rules = parse(
      byName(json, "kubernetes_config_map_v1", "harbor-alert-rules").data["harbor-alerts.yaml"],
    );
    const names = rules.groups.flatMap((g: Json) => g.rules.map((r: Json) => r.alert));
    expect(names).toContain("HarborBackupMissing");
    expect(names).not.toContain("HarborGatewayServingFromBackup");
  });

  test("the blackbox exporter runs unprivileged with its modules from a ConfigMap", () => {
    const json = synth();
    const modules = parse(
      byName(json, "kubernetes_config_map_v1", "harbor-blackbox").data["blackbox.yml"],
    ).modules;
    expect(Object.keys(modules).sort()).toEqual(["harbor_health", "harbor_ping", "harbor_ping_tls"]);
    const container = byName(json, "kubernetes_deployment_v1", "harbor-blackbox").spec.template.spec
      .container[0];
    expect(container.security_context).toMatchObject({
      run_as_non_root: true,
      read_only_root_filesystem: true,
    });
  });

  test("dependsOn orders every object after it; the API-service reads stay plan-time", () => {
    const json = synth((stack) => ({
      ...withReceivers(stack),
      webhookUrl: new TerraformVariable(stack, "webhook_url", { type: "string", sensitive: true })
        .stringValue,
      dependsOn: [new NamespaceV1(stack, "namespace", { metadata: { name: "harbor-hz-h" } })],
    }));
    const objects = Object.entries<Record<string, Json>>(json.resource)
      .filter(([type]) => type !== "kubernetes_namespace_v1")
      .flatMap(([type, resources]) =>
        Object.entries(resources).map(([name, body]) => [`${type}.${name}`, body]),
      );
    // Rule file, blackbox (config, deployment, service), DingTalk relay (secret, deployment,
    // service), Slack and webhook secrets, the monitoring release.
    expect(objects).toHaveLength(10);
    for (const [address, body] of objects) {
      expect({ address, dependsOn: body.depends_on }).toEqual({
        address,
        dependsOn: ["kubernetes_namespace_v1.namespace"],
      });
    }
    for (const source of Object.values<Json>(json.data.kubernetes_resources)) {
      expect(source.depends_on).toBeUndefined();
    }
  });

  test("declares its monitoring release expendable at a pinned address, so a guarded stack accepts it as it is", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "stack");
    new KubernetesProvider(stack, "kubernetes", {});
    new HelmProvider(stack, "helm", {});
    StatefulResourceGuard.applyTo(stack);
    // Nested in a wrapper: the address does not follow the construct path.
    new HarborAlerting(new Construct(stack, "team"), "alerting", BASE);
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.keys(json.resource.helm_release)).toEqual(["monitoring_hz-h"]);
    expect(json.resource.helm_release["monitoring_hz-h"].lifecycle).toEqual({ prevent_destroy: false });
    expect(() => app.synth()).not.toThrow();
  });

  test("fails on a literal webhook URL, which would land in cdk.tf.json", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "stack");
    let error: unknown;
    try {
      new HarborAlerting(stack, "alerting", {
        ...BASE,
        slackWebhookUrl: "https://hooks.slack.com/services/T0/B0/secret",
        volumeUsagePercent: 120,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const message = (error as Error).message;
    expect(message).toContain(
      "stack/alerting: volumeUsagePercent: 120 is not valid: a percentage from 1 to 99",
    );
    expect(message).toContain("stack/alerting: slackWebhookUrl");
    expect(message).not.toContain("hooks.slack.com");
  });
});
