/**
 * What the prebuilt cdktf packages do not record about the providers they wrap:
 * which arguments force a replacement (SDK `ForceNew`, a `CustomizeDiff` calling
 * `diff.ForceNew`, framework `RequiresReplace`), which values are sensitive, and the
 * few defaults worth planning. Written by hand for the resource types this project
 * uses, each entry with the provider source file it was read from (tags: kubernetes
 * v2.38.0, helm v3.1.1, random v3.7.2, tls v4.1.0, the versions the packages pin).
 *
 * One table for two readers: the change guard (`provider-rules.ts`: which changes replace) and
 * the provider doubles (`test-tooling/provider-double/provider-facts.ts` writes these facts into
 * the schemas Terraform plans with). A resource type used by a stack but missing here is
 * reported by the test harness (`missingFacts`), so a new resource type cannot silently plan
 * without its replacement rules.
 */

export interface ProviderFact {
  /** Dotted path through attributes and nested blocks, e.g. `spec.persistent_volume_source`. */
  readonly path: string;
  readonly forceNew?: boolean;
  readonly sensitive?: boolean;
  readonly default?: unknown;
  /** `<repository> <tag> <file>` the fact was read from. */
  readonly source: string;
}

const K8S = "hashicorp/terraform-provider-kubernetes v2.38.0";
const HELM = "hashicorp/terraform-provider-helm v3.1.1 helm/resource_helm_release.go";
const RANDOM = "hashicorp/terraform-provider-random v3.7.2";
const TLS = "hashicorp/terraform-provider-tls v4.1.0";

const METADATA_SOURCE = `${K8S} kubernetes/schema_metadata.go (metadataFields, metadataSchema, namespacedMetadataSchemaIsTemplate)`;

/** `metadata.name` (and `generate_name`, `namespace` where the schema has them) are ForceNew on every kubernetes resource. */
function kubernetesMetadata(options: { namespaced: boolean; generatableName: boolean }): ProviderFact[] {
  const facts: ProviderFact[] = [{ path: "metadata.name", forceNew: true, source: METADATA_SOURCE }];
  if (options.generatableName)
    facts.push({ path: "metadata.generate_name", forceNew: true, source: METADATA_SOURCE });
  if (options.namespaced) facts.push({ path: "metadata.namespace", forceNew: true, source: METADATA_SOURCE });
  return facts;
}

function k8s(file: string, ...paths: string[]): ProviderFact[] {
  return paths.map((path) => ({ path, forceNew: true, source: `${K8S} kubernetes/${file}` }));
}

const RANDOM_STRING_REPLACING = [
  "keepers",
  "length",
  "special",
  "upper",
  "lower",
  "number",
  "numeric",
  "min_numeric",
  "min_upper",
  "min_lower",
  "min_special",
  "override_special",
];
const RANDOM_STRING_DEFAULTS: Record<string, unknown> = {
  special: true,
  upper: true,
  lower: true,
  min_numeric: 0,
  min_upper: 0,
  min_lower: 0,
  min_special: 0,
};

function randomString(file: string, sensitiveResult: boolean): ProviderFact[] {
  const source = `${RANDOM} internal/provider/${file}`;
  return [
    ...RANDOM_STRING_REPLACING.map((path) => ({
      path,
      forceNew: true,
      ...(path in RANDOM_STRING_DEFAULTS ? { default: RANDOM_STRING_DEFAULTS[path] } : {}),
      source,
    })),
    ...(sensitiveResult
      ? [
          { path: "result", sensitive: true, source },
          { path: "bcrypt_hash", sensitive: true, source },
        ]
      : []),
  ];
}

export const PROVIDER_FACTS: { readonly [resourceType: string]: readonly ProviderFact[] } = {
  kubernetes_namespace_v1: kubernetesMetadata({ namespaced: false, generatableName: true }),
  kubernetes_persistent_volume_v1: [
    ...kubernetesMetadata({ namespaced: false, generatableName: false }),
    // CustomizeDiff: "Any change to Persistent Volume Source requires a new resource."
    ...k8s(
      "resource_kubernetes_persistent_volume_v1.go",
      "spec.persistent_volume_source",
      "spec.volume_mode",
    ),
  ],
  kubernetes_persistent_volume_claim_v1: [
    ...kubernetesMetadata({ namespaced: true, generatableName: true }),
    // Only resources.requests may change in place (a shrink is forced new by CustomizeDiff, not modelled).
    ...k8s(
      "schema_persistent_volume_claim.go",
      "spec.access_modes",
      "spec.resources.limits",
      "spec.selector",
      "spec.volume_name",
      "spec.storage_class_name",
      "spec.volume_mode",
    ),
  ],
  kubernetes_secret_v1: [
    ...kubernetesMetadata({ namespaced: true, generatableName: true }),
    ...k8s("resource_kubernetes_secret_v1.go", "type"),
    { path: "data", sensitive: true, source: `${K8S} kubernetes/resource_kubernetes_secret_v1.go` },
    { path: "binary_data", sensitive: true, source: `${K8S} kubernetes/resource_kubernetes_secret_v1.go` },
  ],
  kubernetes_config_map_v1: kubernetesMetadata({ namespaced: true, generatableName: true }),
  kubernetes_deployment_v1: [
    ...kubernetesMetadata({ namespaced: true, generatableName: true }),
    ...k8s("resource_kubernetes_deployment_v1.go", "spec.selector"),
  ],
  kubernetes_service_v1: [
    ...kubernetesMetadata({ namespaced: true, generatableName: true }),
    ...k8s(
      "resource_kubernetes_service_v1.go",
      "spec.cluster_ip",
      "spec.cluster_ips",
      "spec.load_balancer_class",
      "spec.health_check_node_port",
    ),
  ],
  kubernetes_pod_disruption_budget_v1: [
    ...kubernetesMetadata({ namespaced: true, generatableName: true }),
    ...k8s("resource_kubernetes_pod_disruption_budget_v1.go", "spec"),
  ],
  kubernetes_service_account_v1: kubernetesMetadata({ namespaced: true, generatableName: true }),
  kubernetes_cron_job_v1: kubernetesMetadata({ namespaced: true, generatableName: true }),
  kubernetes_storage_class_v1: [
    ...kubernetesMetadata({ namespaced: false, generatableName: true }),
    ...k8s(
      "resource_kubernetes_storage_class_v1.go",
      "parameters",
      "storage_provisioner",
      "volume_binding_mode",
      "mount_options",
      "allowed_topologies",
    ),
  ],
  // Data source (ops: HarborAlerting reads the served monitoring APIs); nothing to replace, and
  // `objects` stays an unknown placeholder, as any computed result of a data source here.
  kubernetes_resources: [],
  helm_release: [
    { path: "name", forceNew: true, source: HELM },
    { path: "namespace", forceNew: true, source: HELM },
    { path: "repository_password", sensitive: true, source: HELM },
    { path: "set_sensitive.value", sensitive: true, source: HELM },
  ],
  random_password: randomString("resource_password.go", true),
  random_string: randomString("resource_string.go", false),
  random_id: ["keepers", "byte_length", "prefix"].map((path) => ({
    path,
    forceNew: true,
    source: `${RANDOM} internal/provider/resource_id.go`,
  })),
  tls_private_key: [
    { path: "algorithm", forceNew: true, source: `${TLS} internal/provider/resource_private_key.go` },
    {
      path: "rsa_bits",
      forceNew: true,
      default: 2048,
      source: `${TLS} internal/provider/resource_private_key.go`,
    },
    {
      path: "ecdsa_curve",
      forceNew: true,
      default: "P224",
      source: `${TLS} internal/provider/resource_private_key.go`,
    },
    ...["private_key_pem", "private_key_openssh", "private_key_pem_pkcs8"].map((path) => ({
      path,
      sensitive: true,
      source: `${TLS} internal/provider/resource_private_key.go`,
    })),
  ],
  tls_self_signed_cert: [
    // private_key_pem: requireReplaceIfStateContainsPEMString, i.e. a changed key replaces.
    ...[
      "private_key_pem",
      "validity_period_hours",
      "allowed_uses",
      "dns_names",
      "ip_addresses",
      "uris",
      "is_ca_certificate",
      "set_subject_key_id",
      "set_authority_key_id",
      "subject",
    ].map((path) => ({
      path,
      forceNew: true,
      source: `${TLS} internal/provider/resource_self_signed_cert.go`,
    })),
    {
      path: "private_key_pem",
      sensitive: true,
      source: `${TLS} internal/provider/resource_self_signed_cert.go`,
    },
  ],
};
