import { Testing } from "cdktf";
import { HarborPlatformConfig } from "../../config/platform-config";
import { exampleConfig } from "../../main";
import { buildHarborApp } from "../../stacks/app";
import { errorAnnotations, IN_MEMORY_OUTDIR, TfJson } from "../constructs/synth-helpers";

function gatewayJson(config: HarborPlatformConfig = exampleConfig): TfJson {
  const app = Testing.app({ outdir: IN_MEMORY_OUTDIR });
  const stacks = buildHarborApp(app, config);
  expect(errorAnnotations(stacks.gateway)).toEqual([]);
  return JSON.parse(Testing.synth(stacks.gateway, true));
}

function only(json: TfJson, type: string): TfJson {
  const resources = Object.values(json.resource?.[type] ?? {});
  expect(resources).toHaveLength(1);
  return resources[0];
}

describe("GatewayStack", () => {
  const json = gatewayJson();

  test("reads the existing gateway namespace the TLS secret lives in, and creates no namespace", () => {
    expect(json.resource.kubernetes_namespace_v1).toBeUndefined();
    expect(json.data.kubernetes_namespace_v1.namespace).toEqual({
      metadata: { name: "harbor-gateway" },
    });
    expect(only(json, "kubernetes_deployment_v1").metadata.namespace).toBe(
      "${data.kubernetes_namespace_v1.namespace.metadata[0].name}",
    );
  });

  test("points the failover upstream at both sites' Harbor services and pins their hostnames", () => {
    const conf: string = only(json, "kubernetes_config_map_v1").data["nginx.conf"];
    expect(conf).toContain("server harbor.harbor-hz-h.svc.cluster.local:80 max_fails=3 fail_timeout=5s;");
    expect(conf).toContain("server harbor.harbor-hz-i.svc.cluster.local:80 backup max_fails=0;");
    expect(conf).toContain("server_name registry.example.com;");
    expect(conf).toContain("server_name harbor-hz-h.registry.example.com;");
    expect(conf).toContain("server_name harbor-hz-i.registry.example.com;");
  });

  test("passes the configured replicas, SLB annotations and existing TLS secret", () => {
    const deployment = only(json, "kubernetes_deployment_v1");
    expect(deployment.spec.replicas).toBe("2");
    expect(deployment.spec.template.spec.volume).toEqual(
      expect.arrayContaining([{ name: "tls", secret: { secret_name: "registry-example-com-tls" } }]),
    );
    expect(only(json, "kubernetes_service_v1").metadata.annotations).toEqual(
      exampleConfig.gateway.loadBalancerAnnotations,
    );
    expect(json.resource.kubernetes_secret_v1).toBeUndefined();
  });

  test("takes the certificate from sensitive variables when configured so, creating the namespace for its secret", () => {
    const fromVariables = gatewayJson({
      ...exampleConfig,
      gateway: { ...exampleConfig.gateway, tls: { source: "variables" } },
    });
    expect(fromVariables.variable).toMatchObject({
      gateway_tls_cert: { type: "string", sensitive: true },
      gateway_tls_key: { type: "string", sensitive: true },
    });
    const secret = only(fromVariables, "kubernetes_secret_v1");
    expect(secret.data).toEqual({
      "tls.crt": "${var.gateway_tls_cert}",
      "tls.key": "${var.gateway_tls_key}",
    });
    expect(fromVariables.data).toBeUndefined();
    expect(fromVariables.resource.kubernetes_namespace_v1.namespace_gateway).toMatchObject({
      metadata: { name: "harbor-gateway", labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
      lifecycle: { prevent_destroy: true },
    });
    const inNamespace = "${kubernetes_namespace_v1.namespace_gateway.metadata[0].name}";
    expect(secret.metadata.namespace).toBe(inNamespace);
    expect(only(fromVariables, "kubernetes_deployment_v1").metadata.namespace).toBe(inNamespace);
  });
});
