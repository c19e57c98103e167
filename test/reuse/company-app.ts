/**
 * A company's own cdktf app, written the way a user of harbor-cdktf would write it: it imports only
 * the public entry point (`constructs/index.ts`), cdktf and the prebuilt providers by deep path
 * (company-stack.test.ts checks the imports). It is not our deployment: other names, region, zones,
 * namespaces and sizes, one site on OSS, a disk for a workload that is not Harbor, both Harbor
 * providers in one stack, and everything nested in the company's own constructs.
 */
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { SelfSignedCert } from "@cdktf/provider-tls/lib/self-signed-cert";
import {
  alicloud,
  BackupCredentials,
  DiskSnapshotPolicy,
  GatewayTls,
  harbor,
  HarborAlerting,
  HarborImageStorage,
  HarborReplicationPair,
  HarborSite,
  HarborSiteDisks,
  markStateful,
  NginxFailoverGateway,
  pinAddress,
  RegistryPolicy,
  RegistryPolicyOptions,
  RetainedDisk,
  RobotSecrets,
  SiteBackup,
  StatefulResourceGuard,
} from "../../constructs";

export const ACME = {
  region: "cn-shanghai",
  kubeconfig: { configPath: "~/.kube/acme", configContext: "ack-shanghai-prod" },
  gatewayHostname: "cr.acme.example",
  sites: [
    { name: "sh-b", zone: "cn-shanghai-b", hostname: "cr-b.acme.example", namespace: "acme-harbor-b" },
    { name: "sh-e", zone: "cn-shanghai-e", hostname: "cr-e.acme.example", namespace: "acme-harbor-e" },
  ],
  policy: {
    projects: [
      { name: "base-images", public: true, storageQuotaGiB: 50 },
      {
        name: "services",
        storageQuotaGiB: 400,
        deploymentSecurity: "high",
        retentionRules: [{ retainMostRecentlyPushed: 30 }, { retainAlways: true, tagsMatching: "release-*" }],
      },
    ],
    garbageCollectionSchedule: "0 30 4 * * 0",
    auditLogRetentionHours: 24 * 90,
  },
  ciRobot: "deployer",
} as const;

export interface AcmeAppOptions {
  /**
   * Id of the company construct everything is nested in; changing it moves every construct, which
   * must not change a single stateful address.
   * @default "acme"
   */
  readonly wrapperId?: string;
}

export interface AcmeStacks {
  readonly gitlabData: TerraformStack;
  readonly platform: TerraformStack;
  readonly config: TerraformStack;
  readonly sites: readonly [HarborSite, HarborSite];
  readonly gitalyDisk: RetainedDisk;
  readonly gateway: NginxFailoverGateway;
  readonly alerting: readonly [HarborAlerting, HarborAlerting];
  readonly backup: SiteBackup;
  readonly replication: HarborReplicationPair;
  readonly policies: readonly [RegistryPolicy, RegistryPolicy];
}

function kubernetesAndHelm(stack: TerraformStack): void {
  new KubernetesProvider(stack, "kubernetes", ACME.kubeconfig);
  new HelmProvider(stack, "helm", { kubernetes: ACME.kubeconfig });
}

/** Builds the company's three stacks into `app`. */
export function buildAcmeApp(app: App, options: AcmeAppOptions = {}): AcmeStacks {
  const wrapperId = options.wrapperId ?? "acme";

  // 1. A disk for a workload that is not Harbor: Gitaly's repositories, in the company's own namespace.
  const gitlabData = new TerraformStack(app, "acme-gitlab-data");
  new alicloud.AlicloudProvider(gitlabData, "alicloud", { region: ACME.region });
  new KubernetesProvider(gitlabData, "kubernetes", ACME.kubeconfig);
  StatefulResourceGuard.applyTo(gitlabData);
  const gitlab = new Construct(gitlabData, wrapperId);
  const gitlabNamespace = new NamespaceV1(gitlab, "namespace", { metadata: { name: "gitlab" } });
  // The company's own stateful resource, protected the same way as ours.
  pinAddress(gitlabNamespace, "namespace_gitlab");
  markStateful(gitlabNamespace, { name: "namespace/gitlab" });
  const gitalyDisk = new RetainedDisk(gitlab, "gitaly", {
    siteName: "sh-b",
    component: "gitaly",
    zone: "cn-shanghai-b",
    namespace: gitlabNamespace.metadata.name,
    sizeGiB: 500,
    performanceLevel: "PL2",
    fsType: "xfs",
    claimName: "repo-data-gitaly-0",
    tags: { "cost-center": "dev-productivity" },
    snapshotPolicy: new DiskSnapshotPolicy(gitlab, "snapshots", {
      policyName: "gitaly-twice-daily",
      retentionDays: 30,
      hoursUtc8: [1, 13],
    }),
  });

  // 2. Two Harbor sites and the gateway in one stack of a single regional cluster.
  const platform = new TerraformStack(app, "acme-registry-platform");
  new alicloud.AlicloudProvider(platform, "alicloud", { region: ACME.region });
  kubernetesAndHelm(platform);
  new RandomProvider(platform, "random");
  new TlsProvider(platform, "tls");
  const registry = new Construct(platform, wrapperId);
  const tokenKey = new PrivateKey(registry, "token-key", { algorithm: "RSA", rsaBits: 4096 });
  // A new key would invalidate every token on both sites: keep its address whatever the tree.
  pinAddress(tokenKey, "harbor-token-key");
  const tokenCertificate = new SelfSignedCert(registry, "token-certificate", {
    privateKeyPem: tokenKey.privateKeyPem,
    subject: [{ commonName: "acme-harbor-token" }],
    validityPeriodHours: 87600,
    allowedUses: ["digital_signature"],
  });
  // Its certificate too: a new one (new serial and dates) would roll both sites' token secrets.
  pinAddress(tokenCertificate, "harbor-token-certificate");
  const ossAccessKeyId = new TerraformVariable(platform, "oss_access_key_id", { type: "string" });
  const ossAccessKeySecret = new TerraformVariable(platform, "oss_access_key_secret", {
    type: "string",
    sensitive: true,
  });
  const smallDisks: HarborSiteDisks = {
    database: { sizeGiB: 100 },
    redis: { sizeGiB: 20, performanceLevel: "PL0" },
    jobLog: { sizeGiB: 20, category: "cloud_auto" },
    trivy: { sizeGiB: 40, performanceLevel: "PL0" },
  };
  const [b, e] = ACME.sites;
  const siteB = new HarborSite(registry, "site-b", {
    siteName: b.name,
    zone: b.zone,
    namespace: b.namespace,
    externalUrl: `https://${ACME.gatewayHostname}`,
    tokenSigningKeyPem: tokenKey.privateKeyPem,
    tokenCertificatePem: tokenCertificate.certPem,
    disks: { ...smallDisks, registry: { sizeGiB: 1000, performanceLevel: "PL1" } },
    trivyDbRepositories: ["mirror.acme.example/aquasecurity/trivy-db:2"],
    releaseTimeoutSec: 1800,
  });
  const siteE = new HarborSite(registry, "site-e", {
    siteName: e.name,
    zone: e.zone,
    namespace: e.namespace,
    externalUrl: `https://${ACME.gatewayHostname}`,
    tokenSigningKeyPem: tokenKey.privateKeyPem,
    tokenCertificatePem: tokenCertificate.certPem,
    // Blobs in a bucket: no registry disk for this site.
    imageStorage: HarborImageStorage.oss({
      bucket: "acme-harbor-sh-e",
      region: ACME.region,
      accessKeyId: ossAccessKeyId.stringValue,
      // Stored by the site in its namespace before the release starts the registry.
      accessKeySecret: ossAccessKeySecret.stringValue,
    }),
    disks: smallDisks,
    metricsEnabled: false,
  });
  const gatewayNamespace = new NamespaceV1(registry, "gateway-namespace", {
    metadata: { name: "acme-registry-gateway" },
  });
  // HarborSite guards its whole stack: every namespace in it needs prevent_destroy and a fixed address.
  pinAddress(gatewayNamespace, "namespace_acme-registry-gateway");
  markStateful(gatewayNamespace, { name: "namespace/gateway" });
  const gateway = new NginxFailoverGateway(registry, "gateway", {
    namespace: gatewayNamespace.metadata.name,
    name: "cr-gateway",
    hostname: ACME.gatewayHostname,
    primary: { name: b.name, upstream: siteB.upstream, hostname: b.hostname },
    backup: { name: e.name, upstream: siteE.upstream, hostname: e.hostname },
    tls: GatewayTls.fromVariables(
      new TerraformVariable(platform, "gateway_tls_cert", { type: "string", sensitive: true }),
      new TerraformVariable(platform, "gateway_tls_key", { type: "string", sensitive: true }),
    ),
    replicas: 3,
    pullReadTimeoutSec: 3,
    loadBalancerAnnotations: {
      "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet",
    },
  });

  // Operations: alerts to the company's Slack from both sites (the primary also watches the
  // gateway), and the nightly consistent backup of the disk site.
  const slack = new TerraformVariable(platform, "slack_webhook_url", { type: "string", sensitive: true });
  const alerting = [
    new HarborAlerting(registry, "alerting-b", {
      namespace: siteB.namespace,
      site: b.name,
      role: "primary",
      siteHostname: b.hostname,
      gatewayHostname: ACME.gatewayHostname,
      // The namespace is created in the same apply: every alerting object waits for it.
      dependsOn: [siteB.namespaceResource],
      slackWebhookUrl: slack.stringValue,
      monitoringLabels: { release: "kube-prometheus-stack" },
      backupCronJobName: "harbor-site-backup",
    }),
    new HarborAlerting(registry, "alerting-e", {
      namespace: siteE.namespace,
      site: e.name,
      role: "backup",
      siteHostname: e.hostname,
      dependsOn: [siteE.namespaceResource],
      slackWebhookUrl: slack.stringValue,
      monitoringLabels: { release: "kube-prometheus-stack" },
    }),
  ] as const;
  const backup = new SiteBackup(registry, "backup-b", {
    // A reference: the job's objects are created after the namespace.
    namespace: siteB.namespaceResource.metadata.name,
    site: b.name,
    region: ACME.region,
    disks: Object.values(siteB.disks).map((disk) => ({
      component: disk.component,
      diskId: disk.diskId,
      category: disk.category,
    })),
    credentials: BackupCredentials.accessKeySecret("acme-backup-access-key"),
    adminPasswordSecretName: siteB.secrets.refs.adminPassword,
    schedule: "0 3 * * *",
    retentionDays: 30,
  });

  // 3. Both sites' Harbor configuration in one stack: two provider aliases.
  const config = new TerraformStack(app, "acme-registry-config");
  new RandomProvider(config, "random");
  const harborOf = (site: (typeof ACME.sites)[number], harborSite: HarborSite) =>
    new harbor.HarborProvider(config, `harbor-${site.name}`, {
      alias: site.name,
      url: `https://${site.hostname}`,
      username: "admin",
      // A cross-stack reference: cdktf reads it from the platform stack's state.
      password: harborSite.adminPassword,
    });
  const providers = [harborOf(b, siteB), harborOf(e, siteE)] as const;
  const harborConfig = new Construct(config, wrapperId);
  const secrets = new RobotSecrets(harborConfig, "robot-secrets", {
    robotNames: ["replicator", ACME.ciRobot],
  });
  const replication = new HarborReplicationPair(harborConfig, "replication", {
    sites: [
      { name: b.name, url: `https://${b.hostname}`, provider: providers[0] },
      { name: e.name, url: `https://${e.hostname}`, provider: providers[1] },
    ],
    replicatorSecret: secrets.secretOf("replicator"),
    repositoryFilter: "{base-images,services}/**",
    compensationSchedule: "0 */15 * * * *",
  });
  const policyOptions: RegistryPolicyOptions = {
    ...ACME.policy,
    robotAccounts: [
      { name: ACME.ciRobot, projects: ["services"], push: true, secret: secrets.secretOf(ACME.ciRobot) },
    ],
  };
  const policies = [
    new RegistryPolicy(harborConfig, `policy-${b.name}`, { ...policyOptions, provider: providers[0] }),
    new RegistryPolicy(harborConfig, `policy-${e.name}`, { ...policyOptions, provider: providers[1] }),
  ] as const;

  return {
    gitlabData,
    platform,
    config,
    sites: [siteB, siteE],
    gitalyDisk,
    gateway,
    alerting,
    backup,
    replication,
    policies,
  };
}
