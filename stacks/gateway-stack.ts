import { Construct } from "constructs";
import { TerraformStack, TerraformVariable } from "cdktf";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { GatewayConfig, SiteConfig, SiteRole, StateBackendConfig } from "../config/platform-config";
import { siteNamespace, siteUpstream } from "../config/validate-config";
import { GatewaySite, GatewayTls, NginxFailoverGateway } from "../constructs/gateway";
import { markStateful, pinAddress, StatefulResourceGuard } from "../constructs/guardrails";
import { configureStateBackend } from "./backend";
import { kubernetesProviders } from "./kubernetes-providers";

export interface GatewayStackProps {
  readonly region: string;
  readonly gateway: GatewayConfig;
  readonly sites: Readonly<Record<SiteRole, SiteConfig>>;
  readonly stateBackend?: StateBackendConfig;
}

/** Default namespace of the gateway. */
export const DEFAULT_GATEWAY_NAMESPACE = "harbor-gateway";

/** The nginx failover gateway in front of both sites, in its own namespace. */
export class GatewayStack extends TerraformStack {
  readonly gateway: NginxFailoverGateway;
  readonly namespace: NamespaceV1;

  constructor(scope: Construct, id: string, props: GatewayStackProps) {
    super(scope, id);
    configureStateBackend(this, id, props.region, props.stateBackend);
    kubernetesProviders(this, props.gateway.kubernetes, { helm: false });
    StatefulResourceGuard.applyTo(this);

    this.namespace = new NamespaceV1(this, "namespace", {
      metadata: {
        name: props.gateway.namespace ?? DEFAULT_GATEWAY_NAMESPACE,
        labels: {
          "app.kubernetes.io/part-of": "harbor-cdktf",
          "pod-security.kubernetes.io/enforce": "restricted",
        },
      },
    });
    pinAddress(this.namespace, "namespace_gateway");
    // It may hold secrets managed elsewhere (the TLS certificate): deleting it must be deliberate.
    markStateful(this.namespace, { name: "namespace" });

    const tlsConfig = props.gateway.tls;
    const tls =
      tlsConfig.source === "existingSecret"
        ? GatewayTls.fromExistingSecret(tlsConfig.secretName)
        : GatewayTls.fromVariables(
            new TerraformVariable(this, "gateway_tls_cert", {
              type: "string",
              sensitive: true,
              description: "PEM certificate chain for the gateway hostname and both site hostnames",
            }),
            new TerraformVariable(this, "gateway_tls_key", {
              type: "string",
              sensitive: true,
              description: "PEM private key of gateway_tls_cert",
            }),
          );
    const site = (role: SiteRole): GatewaySite => {
      const config = props.sites[role];
      return {
        name: config.name,
        namespace: siteNamespace(config),
        upstream: siteUpstream(config),
        hostname: config.hostname,
      };
    };

    this.gateway = new NginxFailoverGateway(this, "gateway", {
      namespace: this.namespace.metadata.name,
      hostname: props.gateway.hostname,
      primary: site("primary"),
      backup: site("backup"),
      tls,
      replicas: props.gateway.replicas,
      loadBalancerAnnotations: props.gateway.loadBalancerAnnotations
        ? { ...props.gateway.loadBalancerAnnotations }
        : undefined,
    });
  }
}
