import { createHash } from "node:crypto";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { TerraformResource, TerraformVariable, Token } from "cdktf";
import { Construct } from "constructs";
import { pinAddress } from "../guardrails/stable-address";
import { ProblemList } from "../lib/validation";
import { NginxGatewayConfigProps, ResolvedGatewaySettings, resolveGatewaySettings } from "./gateway-settings";
import { HEALTH_PATH, POD_RUNTIME_LAYOUT, renderResolvedNginxConfig } from "./render-nginx-config";
import { POD_CONFIG_DIR, POD_START_SCRIPT_PATHS, renderResolvedStartScript } from "./render-start-script";
import { terraformLiterals } from "../lib/terraform-literal";

/** The default gateway image: a pinned patch release of the non-root nginx (OSS ≥ 1.22 works). */
export const DEFAULT_GATEWAY_IMAGE = "nginxinc/nginx-unprivileged:1.28.3-alpine";

/**
 * Where the gateway's TLS certificate comes from. Private keys never appear in the synthesized
 * configuration: either a Kubernetes secret that already exists, or sensitive Terraform variables.
 *
 * @example
 * GatewayTls.fromExistingSecret("registry-example-com-tls");
 * GatewayTls.fromVariables(
 *   new TerraformVariable(stack, "gateway_tls_crt", { type: "string", sensitive: true }),
 *   new TerraformVariable(stack, "gateway_tls_key", { type: "string", sensitive: true }),
 * );
 */
export class GatewayTls {
  /** A `kubernetes.io/tls` secret in the gateway namespace, managed elsewhere (e.g. cert-manager). */
  static fromExistingSecret(secretName: string): GatewayTls {
    return new GatewayTls(secretName, undefined, undefined);
  }

  /** PEM certificate chain and private key from sensitive variables; the construct creates the secret. */
  static fromVariables(certificate: TerraformVariable, privateKey: TerraformVariable): GatewayTls {
    return new GatewayTls(undefined, certificate, privateKey);
  }

  private constructor(
    readonly existingSecretName: string | undefined,
    readonly certificate: TerraformVariable | undefined,
    readonly privateKey: TerraformVariable | undefined,
  ) {}
}

/**
 * Props of {@link NginxFailoverGateway}: the nginx behaviour ({@link NginxGatewayConfigProps}) plus
 * how it runs on Kubernetes.
 */
export interface NginxFailoverGatewayProps extends NginxGatewayConfigProps {
  /**
   * Namespace the gateway runs in (it must exist). Pass the namespace resource's
   * `metadata.name` to have every gateway object created after it.
   */
  readonly namespace: string;

  /** Certificate for the main hostname and every pinned site hostname. */
  readonly tls: GatewayTls;

  /**
   * Name of the Kubernetes objects (ConfigMap, Deployment, Service, PDB, created Secret).
   *
   * @default "harbor-gateway"
   */
  readonly name?: string;

  /**
   * Gateway pods; at least 2, spread across zones.
   *
   * @default 2
   */
  readonly replicas?: number;

  /**
   * Container image: an nginx that runs as a non-root user (uid 101), version 1.22 or later, with
   * `/bin/sh`, `sed` and `cmp` (the start script). Pin a digest for reproducible rollouts, e.g.
   * `nginxinc/nginx-unprivileged:1.28.3-alpine@sha256:<digest>` (the digest `docker pull` or
   * `crane digest` prints for that tag).
   *
   * @default "nginxinc/nginx-unprivileged:1.28.3-alpine"
   */
  readonly image?: string;

  /**
   * CPU request of each pod; nginx uses `workerProcesses` cores at most.
   *
   * @default "500m"
   */
  readonly cpuRequest?: string;

  /**
   * Memory request and limit of each pod.
   *
   * @default "256Mi"
   */
  readonly memory?: string;

  /**
   * Annotations for the Alibaba Cloud load balancer the Service gets (CCM annotations, keys
   * `service.beta.kubernetes.io/alibaba-cloud-loadbalancer-*`), e.g. spec, address type, an existing
   * SLB id, health checks.
   *
   * @default - none: the cloud controller's defaults
   */
  readonly loadBalancerAnnotations?: Record<string, string>;

  /**
   * `Local` keeps the client's source IP (for the access log and for Harbor's audit log) and sends
   * load-balancer traffic only to nodes running a gateway pod; `Cluster` spreads over all nodes.
   *
   * @default "Local"
   */
  readonly externalTrafficPolicy?: string;

  /**
   * Node label that names the zone, for spreading the pods.
   *
   * @default "topology.kubernetes.io/zone"
   */
  readonly zoneTopologyKey?: string;
}

const LB_ANNOTATION_PREFIX = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-";
const TLS_DIR = "/etc/nginx/tls";
const NON_ROOT_UID = "101";
const CHECKSUM_ANNOTATION = "harbor-cdktf.io/nginx-config-sha256";
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi)?$/;
// Nothing but the pid file, the running config copy and unix sockets lands in /tmp: no request or
// response body is ever buffered to disk. The limit is a backstop against a node disk filling up.
const TMP_SIZE_LIMIT = "64Mi";

/**
 * The nginx failover gateway in front of a primary and a backup Harbor site, on Kubernetes:
 * a ConfigMap with the rendered `nginx.conf` ({@link renderNginxConfig}) and the script that
 * starts it, the TLS secret (or a
 * reference to an existing one), a non-root Deployment (≥ 2 replicas across zones, health probes,
 * a config checksum so a config change rolls the pods), a LoadBalancer Service with Alibaba Cloud
 * SLB annotations, and a PodDisruptionBudget.
 *
 * @example
 * new NginxFailoverGateway(stack, "gateway", {
 *   namespace: "harbor-gateway",
 *   hostname: "registry.example.com",
 *   primary: { name: "primary", namespace: "harbor-primary", hostname: "primary.registry.example.com" },
 *   backup: { name: "backup", namespace: "harbor-backup", hostname: "backup.registry.example.com" },
 *   tls: GatewayTls.fromExistingSecret("registry-example-com-tls"),
 *   loadBalancerAnnotations: {
 *     "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "internet",
 *   },
 * });
 */
export class NginxFailoverGateway extends Construct {
  /** The validated nginx settings, every default applied. */
  readonly settings: ResolvedGatewaySettings;
  /** The rendered nginx.conf. */
  readonly nginxConfig: string;
  /** The rendered start script the container runs (nginx despite a site name that does not resolve). */
  readonly startScript: string;
  /**
   * sha256 of {@link nginxConfig} and {@link startScript}; a pod-template annotation, so a change of
   * either rolls the pods.
   */
  readonly configChecksum: string;
  /** Name of the Kubernetes objects. */
  readonly name: string;
  /** Namespace the gateway runs in. */
  readonly namespace: string;
  /** Gateway pods. */
  readonly replicas: number;
  /** Container image of the pods. */
  readonly image: string;
  /** Name of the TLS secret the pods mount. */
  readonly tlsSecretName: string;

  /** Escape hatch: the ConfigMap holding nginx.conf. */
  readonly configMap: ConfigMapV1;
  /** Escape hatch: the TLS secret, when created from variables (none for an existing secret). */
  readonly tlsSecret?: SecretV1;
  /** Escape hatch: the nginx Deployment. */
  readonly deployment: DeploymentV1;
  /** Escape hatch: the LoadBalancer Service (its load balancer's address is what DNS points at). */
  readonly service: ServiceV1;
  /** Escape hatch: the PodDisruptionBudget. */
  readonly podDisruptionBudget: PodDisruptionBudgetV1;

  constructor(scope: Construct, id: string, props: NginxFailoverGatewayProps) {
    super(scope, id);
    const where = this.node.path;
    this.name = props.name ?? "harbor-gateway";
    this.namespace = props.namespace;
    this.replicas = props.replicas ?? 2;
    this.image = props.image ?? DEFAULT_GATEWAY_IMAGE;
    const cpuRequest = props.cpuRequest ?? "500m";
    const memory = props.memory ?? "256Mi";
    const externalTrafficPolicy = props.externalTrafficPolicy ?? "Local";
    const zoneTopologyKey = props.zoneTopologyKey ?? "topology.kubernetes.io/zone";
    const annotations = props.loadBalancerAnnotations ?? {};

    const problems = new ProblemList();
    const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
    problems.check(
      Token.isUnresolved(this.namespace) || dnsLabel.test(this.namespace ?? ""),
      `${where}: namespace`,
      props.namespace,
      "a namespace name (DNS label)",
    );
    problems.check(dnsLabel.test(this.name), `${where}: name`, props.name, "a DNS label");
    problems.check(
      Number.isInteger(this.replicas) && this.replicas >= 2 && this.replicas <= 50,
      `${where}: replicas`,
      props.replicas,
      "an integer from 2 to 50: one gateway pod is a single point of failure",
    );
    problems.check(
      typeof this.image === "string" && /^\S+$/.test(this.image) && this.image.length > 0,
      `${where}: image`,
      props.image,
      "an image reference without spaces",
    );
    problems.check(
      QUANTITY.test(cpuRequest),
      `${where}: cpuRequest`,
      props.cpuRequest,
      "a CPU quantity such as 500m or 1",
    );
    problems.check(
      QUANTITY.test(memory),
      `${where}: memory`,
      props.memory,
      "a memory quantity such as 256Mi",
    );
    problems.check(
      externalTrafficPolicy === "Local" || externalTrafficPolicy === "Cluster",
      `${where}: externalTrafficPolicy`,
      props.externalTrafficPolicy,
      'either "Local" or "Cluster"',
    );
    for (const [key, value] of Object.entries(annotations)) {
      problems.check(
        key.startsWith(LB_ANNOTATION_PREFIX) && key.length > LB_ANNOTATION_PREFIX.length,
        `${where}: loadBalancerAnnotations`,
        key,
        `an annotation key starting with ${LB_ANNOTATION_PREFIX}`,
      );
      problems.check(
        typeof value === "string",
        `${where}: loadBalancerAnnotations["${key}"]`,
        value,
        "a string",
      );
    }
    const tls = props.tls;
    if (!(tls instanceof GatewayTls)) {
      problems.add(
        `${where}: tls`,
        tls,
        "GatewayTls.fromExistingSecret(name) or GatewayTls.fromVariables(cert, key)",
      );
    } else if (tls.existingSecretName !== undefined) {
      problems.check(
        Token.isUnresolved(tls.existingSecretName) ||
          /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(tls.existingSecretName),
        `${where}: tls`,
        tls.existingSecretName,
        "the name of a kubernetes.io/tls secret (DNS subdomain)",
      );
    } else {
      for (const [label, variable] of [
        ["certificate", tls.certificate],
        ["privateKey", tls.privateKey],
      ] as const) {
        problems.check(
          variable?.sensitive === true,
          `${where}: tls.${label}`,
          variable?.node.id,
          "a TerraformVariable declared with sensitive: true, so the PEM never shows in plans or logs",
        );
      }
    }
    let settings: ResolvedGatewaySettings | undefined;
    try {
      settings = resolveGatewaySettings(props, where);
    } catch (error) {
      const nested = (error as { problems?: readonly { path: string; value: unknown; expected: string }[] })
        .problems;
      if (!nested) throw error;
      for (const problem of nested) problems.add(problem.path, problem.value, problem.expected);
    }
    problems.throwIfAny("invalid NginxFailoverGateway props");
    this.settings = settings as ResolvedGatewaySettings;

    this.nginxConfig = renderResolvedNginxConfig(this.settings, POD_RUNTIME_LAYOUT);
    this.startScript = renderResolvedStartScript(this.settings, POD_RUNTIME_LAYOUT, POD_START_SCRIPT_PATHS);
    this.configChecksum = createHash("sha256")
      .update(this.nginxConfig)
      .update(this.startScript)
      .digest("hex");
    const labels = { "app.kubernetes.io/name": "harbor-gateway", "app.kubernetes.io/instance": this.name };
    const metadata = { name: this.name, namespace: this.namespace, labels };

    // Addressed by the Kubernetes objects' own name (the namespace may be an expression), not by
    // the construct path: a refactor of the app around the gateway must not re-create its Service
    // (a new SLB address). The moved blocks carry deployments made while these followed the path.
    const addressId = `gateway_${this.name}`;
    const pin = (resource: TerraformResource) =>
      pinAddress(resource, addressId, { movedFromPathAddress: true });

    this.configMap = new ConfigMapV1(this, "config", {
      metadata,
      // Terraform would read `${...}` in the shell script (and any in nginx.conf) as interpolation.
      data: terraformLiterals({ "nginx.conf": this.nginxConfig, "start.sh": this.startScript }),
    });
    pin(this.configMap);

    if (tls.existingSecretName !== undefined) {
      this.tlsSecretName = tls.existingSecretName;
    } else {
      this.tlsSecretName = `${this.name}-tls`;
      this.tlsSecret = new SecretV1(this, "tls", {
        metadata: { ...metadata, name: this.tlsSecretName },
        type: "kubernetes.io/tls",
        data: {
          "tls.crt": (tls.certificate as TerraformVariable).stringValue,
          "tls.key": (tls.privateKey as TerraformVariable).stringValue,
        },
      });
      pin(this.tlsSecret);
    }

    const probe = (failureThreshold: number) => ({
      httpGet: { path: HEALTH_PATH, port: "8080" },
      periodSeconds: 5,
      timeoutSeconds: 2,
      failureThreshold,
    });
    const spreadOver = (topologyKey: string, weight: number) => ({
      weight,
      podAffinityTerm: { topologyKey, labelSelector: [{ matchLabels: labels }] },
    });

    this.deployment = new DeploymentV1(this, "deployment", {
      metadata,
      spec: {
        replicas: String(this.replicas),
        selector: { matchLabels: labels },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "0", maxSurge: "1" } },
        template: {
          metadata: { labels, annotations: { [CHECKSUM_ANNOTATION]: this.configChecksum } },
          spec: {
            automountServiceAccountToken: false,
            // Long uploads finish while the endpoint is already gone from the load balancer.
            terminationGracePeriodSeconds: 60,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: NON_ROOT_UID,
              runAsGroup: NON_ROOT_UID,
              seccompProfile: { type: "RuntimeDefault" },
            },
            // Preferred, not required: when a zone is lost, its replicas may still start in the other zone.
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  spreadOver(zoneTopologyKey, 100),
                  spreadOver("kubernetes.io/hostname", 50),
                ],
              },
            },
            container: [
              {
                name: "nginx",
                image: this.image,
                // nginx after a check of the sites' names: a site whose Service is gone counts as down.
                command: ["/bin/sh", `${POD_CONFIG_DIR}/start.sh`, "-g", "daemon off;"],
                port: [
                  { name: "https", containerPort: 8443 },
                  { name: "http", containerPort: 8080 },
                ],
                readinessProbe: probe(2),
                livenessProbe: probe(6),
                // nginx quits gracefully on the image's SIGQUIT; first let the endpoint leave the load balancer.
                lifecycle: { preStop: [{ exec: { command: ["sleep", "5"] } }] },
                resources: {
                  requests: { cpu: cpuRequest, memory },
                  limits: { memory },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ["ALL"] },
                },
                volumeMount: [
                  { name: "config", mountPath: POD_CONFIG_DIR, readOnly: true },
                  { name: "tls", mountPath: TLS_DIR, readOnly: true },
                  { name: "tmp", mountPath: "/tmp" },
                ],
              },
            ],
            volume: [
              { name: "config", configMap: { name: this.name } },
              { name: "tls", secret: { secretName: this.tlsSecretName } },
              { name: "tmp", emptyDir: { sizeLimit: TMP_SIZE_LIMIT } },
            ],
          },
        },
      },
      dependsOn: [this.configMap, ...(this.tlsSecret ? [this.tlsSecret] : [])],
    });
    pin(this.deployment);

    this.service = new ServiceV1(this, "service", {
      metadata: { ...metadata, annotations },
      spec: {
        type: "LoadBalancer",
        externalTrafficPolicy,
        selector: labels,
        port: [
          { name: "https", port: 443, targetPort: "8443", protocol: "TCP" },
          { name: "http", port: 80, targetPort: "8080", protocol: "TCP" },
        ],
      },
    });
    pin(this.service);

    this.podDisruptionBudget = new PodDisruptionBudgetV1(this, "pdb", {
      metadata,
      spec: { maxUnavailable: "1", selector: { matchLabels: labels } },
    });
    pin(this.podDisruptionBudget);
  }
}
