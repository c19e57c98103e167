import { createHash } from "node:crypto";
import { Testing, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import {
  GatewayTls,
  NginxFailoverGateway,
  NginxFailoverGatewayProps,
} from "../../../constructs/gateway/nginx-failover-gateway";
import { renderNginxConfig } from "../../../constructs/gateway/render-nginx-config";
import { renderStartScript } from "../../../constructs/gateway/render-start-script";
import { terraformLiteral } from "../../../constructs/lib/terraform-literal";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const base: Omit<NginxFailoverGatewayProps, "tls"> = {
  namespace: "harbor-gateway",
  hostname: "registry.example.com",
  primary: { name: "primary", namespace: "harbor-primary", hostname: "primary.registry.example.com" },
  backup: { name: "backup", namespace: "harbor-backup", hostname: "backup.registry.example.com" },
};

function synth(build: (stack: TerraformStack) => void): Json {
  return JSON.parse(Testing.synthScope((scope) => build(scope as TerraformStack))) as Json;
}

function only(json: Json, type: string): Json {
  const resources = Object.values((json.resource?.[type] ?? {}) as Json);
  expect(resources).toHaveLength(1);
  return resources[0] as Json;
}

describe("NginxFailoverGateway", () => {
  const json = synth((stack) => {
    new NginxFailoverGateway(stack, "gateway", {
      ...base,
      tls: GatewayTls.fromExistingSecret("registry-tls"),
    });
  });

  test("addresses its objects by their Kubernetes name, whatever the construct tree, with moved blocks from the path addresses", () => {
    const wrapped = (wrapperId: string) =>
      synth((stack) => {
        const team = new Construct(stack, wrapperId);
        new NginxFailoverGateway(team, "gateway", {
          ...base,
          tls: GatewayTls.fromVariables(
            new TerraformVariable(stack, "cert", { sensitive: true }),
            new TerraformVariable(stack, "key", { sensitive: true }),
          ),
        });
      });
    const addresses = (doc: Json) =>
      Object.entries(doc.resource as Json).flatMap(([type, resources]) =>
        Object.keys(resources as Json).map((name) => `${type}.${name}`),
      );
    const before = wrapped("platform");
    const after = wrapped("platform-team");
    expect(addresses(before).sort()).toEqual([
      "kubernetes_config_map_v1.gateway_harbor-gateway",
      "kubernetes_deployment_v1.gateway_harbor-gateway",
      "kubernetes_pod_disruption_budget_v1.gateway_harbor-gateway",
      "kubernetes_secret_v1.gateway_harbor-gateway",
      "kubernetes_service_v1.gateway_harbor-gateway",
    ]);
    expect(addresses(after).sort()).toEqual(addresses(before).sort());
    // Where an earlier release left each object: the address cdktf derives from the construct path.
    expect(before.moved).toContainEqual({
      from: expect.stringMatching(/^kubernetes_service_v1\.platform_gateway_service_[0-9A-F]{8}$/),
      to: "kubernetes_service_v1.gateway_harbor-gateway",
    });
    expect((before.moved as Json[]).map((block) => block.to).sort()).toEqual(addresses(before).sort());
  });

  test("refuses two gateways of one name in a stack (their addresses would collide)", () => {
    expect(() =>
      synth((stack) => {
        for (const [id, namespace] of [
          ["a", "team-a"],
          ["b", "team-b"],
        ])
          new NginxFailoverGateway(stack, id, {
            ...base,
            namespace,
            tls: GatewayTls.fromExistingSecret("tls"),
          });
      }),
    ).toThrow(
      /duplicate stable address[\s\S]*"gateway_harbor-gateway"[\s\S]*give the two objects different names/,
    );
  });

  test("stores the rendered nginx.conf and its start script in a ConfigMap, and runs the script", () => {
    const configMap = only(json, "kubernetes_config_map_v1");
    expect(configMap.metadata).toMatchObject({ name: "harbor-gateway", namespace: "harbor-gateway" });
    // Written for Terraform: `${` escaped as `$${`, which Terraform turns back into the script's text.
    expect(configMap.data["nginx.conf"]).toBe(terraformLiteral(renderNginxConfig(base)));
    expect(configMap.data["start.sh"]).toBe(terraformLiteral(renderStartScript(base)));
    expect(renderStartScript(base)).toContain("${");
    expect(configMap.data["start.sh"]).not.toMatch(/(^|[^$])\$\{/);
    const [container] = only(json, "kubernetes_deployment_v1").spec.template.spec.container;
    expect(container.command).toEqual(["/bin/sh", "/etc/nginx/gateway/start.sh", "-g", "daemon off;"]);
  });

  test("rolls the pods when the config or the script changes: the template carries their sha256", () => {
    const deployment = only(json, "kubernetes_deployment_v1");
    const expected = createHash("sha256")
      .update(renderNginxConfig(base))
      .update(renderStartScript(base))
      .digest("hex");
    expect(deployment.spec.template.metadata.annotations).toEqual({
      "harbor-cdktf.io/nginx-config-sha256": expected,
    });
    const changed = synth((stack) => {
      new NginxFailoverGateway(stack, "gateway", {
        ...base,
        failTimeoutSec: 7,
        tls: GatewayTls.fromExistingSecret("registry-tls"),
      });
    });
    const changedAnnotation = only(changed, "kubernetes_deployment_v1").spec.template.metadata.annotations;
    expect(changedAnnotation["harbor-cdktf.io/nginx-config-sha256"]).not.toBe(expected);
  });

  test("runs two non-root replicas spread across zones, with probes on the health endpoint", () => {
    const deployment = only(json, "kubernetes_deployment_v1");
    expect(deployment.spec.replicas).toBe("2");
    const pod = deployment.spec.template.spec;
    expect(pod.security_context).toMatchObject({ run_as_non_root: true, run_as_user: "101" });
    const terms = pod.affinity.pod_anti_affinity.preferred_during_scheduling_ignored_during_execution;
    expect(terms[0]).toMatchObject({
      weight: 100,
      pod_affinity_term: { topology_key: "topology.kubernetes.io/zone" },
    });
    const [container] = pod.container;
    expect(container.image).toBe("nginxinc/nginx-unprivileged:1.28.3-alpine");
    expect(container.readiness_probe.http_get).toEqual({ path: "/healthz", port: "8080" });
    expect(container.liveness_probe.http_get).toEqual({ path: "/healthz", port: "8080" });
    expect(container.resources.requests).toEqual({ cpu: "500m", memory: "256Mi" });
    expect(container.security_context).toMatchObject({
      read_only_root_filesystem: true,
      allow_privilege_escalation: false,
    });
    expect(container.volume_mount).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ mount_path: "/etc/nginx/tls", name: "tls" }),
        expect.objectContaining({ mount_path: "/tmp", name: "tmp" }),
      ]),
    );
    expect(pod.volume).toEqual(
      expect.arrayContaining([
        { name: "tls", secret: { secret_name: "registry-tls" } },
        // Bodies never touch the disk; the limit only backstops a node's disk.
        { name: "tmp", empty_dir: { size_limit: "64Mi" } },
      ]),
    );
  });

  test("exposes 443 and 80 through a LoadBalancer Service carrying the SLB annotations", () => {
    const annotated = synth((stack) => {
      new NginxFailoverGateway(stack, "gateway", {
        ...base,
        tls: GatewayTls.fromExistingSecret("registry-tls"),
        loadBalancerAnnotations: {
          "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet",
        },
      });
    });
    const service = only(annotated, "kubernetes_service_v1");
    expect(service.metadata.annotations).toEqual({
      "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet",
    });
    expect(service.spec.type).toBe("LoadBalancer");
    expect(service.spec.external_traffic_policy).toBe("Local");
    expect(service.spec.port).toEqual([
      { name: "https", port: 443, target_port: "8443", protocol: "TCP" },
      { name: "http", port: 80, target_port: "8080", protocol: "TCP" },
    ]);
  });

  test("keeps at most one pod down in voluntary disruptions", () => {
    const pdb = only(json, "kubernetes_pod_disruption_budget_v1");
    expect(pdb.spec).toEqual({
      max_unavailable: "1",
      selector: {
        match_labels: {
          "app.kubernetes.io/instance": "harbor-gateway",
          "app.kubernetes.io/name": "harbor-gateway",
        },
      },
    });
  });

  test("references an existing TLS secret without creating one", () => {
    expect(json.resource.kubernetes_secret_v1).toBeUndefined();
  });

  test("creates the TLS secret from sensitive variables, never from literals", () => {
    const fromVars = synth((stack) => {
      const cert = new TerraformVariable(stack, "tls_crt", { type: "string", sensitive: true });
      const key = new TerraformVariable(stack, "tls_key", { type: "string", sensitive: true });
      new NginxFailoverGateway(stack, "gateway", { ...base, tls: GatewayTls.fromVariables(cert, key) });
    });
    const secret = only(fromVars, "kubernetes_secret_v1");
    expect(secret.type).toBe("kubernetes.io/tls");
    expect(secret.data).toEqual({ "tls.crt": "${var.tls_crt}", "tls.key": "${var.tls_key}" });
    const pod = only(fromVars, "kubernetes_deployment_v1").spec.template.spec;
    expect(pod.volume).toEqual(
      expect.arrayContaining([{ name: "tls", secret: { secret_name: "harbor-gateway-tls" } }]),
    );
  });

  test("synthesizes byte-identical output twice", () => {
    const again = synth((stack) => {
      new NginxFailoverGateway(stack, "gateway", {
        ...base,
        tls: GatewayTls.fromExistingSecret("registry-tls"),
      });
    });
    expect(JSON.stringify(again)).toBe(JSON.stringify(json));
  });

  test("exposes the resolved settings", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const gateway = new NginxFailoverGateway(stack, "gateway", {
      ...base,
      replicas: 3,
      tls: GatewayTls.fromExistingSecret("t"),
    });
    expect(gateway.replicas).toBe(3);
    expect(gateway.settings.backup.upstream).toBe("harbor.harbor-backup.svc.cluster.local:80");
    expect(gateway.tlsSecretName).toBe("t");
  });

  test("fails with every bad prop named by construct path", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const plainVar = new TerraformVariable(stack, "plain", { type: "string" });
    expect(
      () =>
        new NginxFailoverGateway(stack, "gateway", {
          ...base,
          replicas: 1,
          memory: "lots",
          externalTrafficPolicy: "Nearest",
          loadBalancerAnnotations: { "alibaba-cloud-loadbalancer-spec": "slb.s1.small" },
          failoverTimeoutSec: 1,
          tls: GatewayTls.fromVariables(plainVar, plainVar),
        }),
    ).toThrow(
      new RegExp(
        [
          "s/gateway: replicas: 1 is not valid: an integer from 2 to 50",
          's/gateway: memory: "lots"',
          's/gateway: externalTrafficPolicy: "Nearest"',
          's/gateway: loadBalancerAnnotations: "alibaba-cloud-loadbalancer-spec" is not valid: an annotation key starting with service\\.beta\\.kubernetes\\.io/alibaba-cloud-loadbalancer-',
          's/gateway: tls\\.certificate: "plain" is not valid: a TerraformVariable declared with sensitive: true',
          "s/gateway: failoverTimeoutSec: 1",
        ].join("[\\s\\S]*"),
      ),
    );
  });
});
