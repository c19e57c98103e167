import { Construct } from "constructs";
import { TerraformStack, TerraformVariable } from "cdktf";
import { DataKubernetesNamespaceV1 } from "@cdktf/provider-kubernetes/lib/data-kubernetes-namespace-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import {
  GatewayConfig,
  SiteConfig,
  SiteRole,
  StateBackendConfig,
  siteNamespace,
  siteUpstream,
} from "../config/platform-config";
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

/**
 * The nginx failover gateway in front of both sites, in its own namespace. With the certificate
 * from sensitive variables the stack creates the namespace and the TLS secret in it. With an
 * existing secret the namespace must already exist, since the secret lives in it (created with it
 * by whoever issues the certificate, e.g. cert-manager): the stack reads the namespace with a data
 * source and creates only the gateway's own objects in it.
 */
export class GatewayStack extends TerraformStack {
  readonly gateway: NginxFailoverGateway;
  /** The gateway namespace the stack creates; undefined when it reads an existing one. */
  readonly namespace?: NamespaceV1;
  /** The existing gateway namespace the stack reads (TLS from an existing secret). */
  readonly existingNamespace?: DataKubernetesNamespaceV1;

  constructor(scope: Construct, id: string, props: GatewayStackProps) {
    super(scope, id);
    configureStateBackend(this, id, props.region, props.stateBackend);
    kubernetesProviders(this, props.gateway.kubernetes, { helm: false });
    StatefulResourceGuard.applyTo(this);

    const namespaceName = props.gateway.namespace ?? DEFAULT_GATEWAY_NAMESPACE;
    const tlsConfig = props.gateway.tls;
    let gatewayNamespace: string;
    if (tlsConfig.source === "existingSecret") {
      this.existingNamespace = new DataKubernetesNamespaceV1(this, "namespace", {
        metadata: { name: namespaceName },
      });
      gatewayNamespace = this.existingNamespace.metadata.name;
    } else {
      this.namespace = new NamespaceV1(this, "namespace", {
        metadata: {
          name: namespaceName,
          labels: {
            "app.kubernetes.io/part-of": "harbor-cdktf",
            "pod-security.kubernetes.io/enforce": "restricted",
          },
        },
      });
      pinAddress(this.namespace, "namespace_gateway");
      // It holds the TLS secret (and whatever else an operator put there): deleting it must be deliberate.
      markStateful(this.namespace, { name: "namespace" });
      gatewayNamespace = this.namespace.metadata.name;
    }

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
      namespace: gatewayNamespace,
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
