import { App } from "cdktf";
import { HarborPlatformConfig, SiteConfig } from "./config/platform-config";
import { validateConfig } from "./config/validate-config";
import { ValidationError } from "./constructs/lib/validation";
import { buildHarborApp } from "./stacks/app";

/**
 * Both sites hold the same data (they replicate each other), so they get the same disks: encrypted
 * ESSD, PL1 where Harbor writes most (blobs, PostgreSQL), PL0 for Redis, job logs and Trivy's cache.
 */
function siteDisks(): SiteConfig["disks"] {
  // A new object per site: a copy of the configuration (structuredClone) keeps shared objects
  // shared, and a change to one site's disks must not change the other's.
  return {
    registry: { sizeGiB: 500, category: "cloud_essd", performanceLevel: "PL1" },
    database: { sizeGiB: 40, category: "cloud_essd", performanceLevel: "PL1" },
    redis: { sizeGiB: 20, category: "cloud_essd", performanceLevel: "PL0" },
    jobLog: { sizeGiB: 20, category: "cloud_essd", performanceLevel: "PL0" },
    trivy: { sizeGiB: 20, category: "cloud_essd", performanceLevel: "PL0" },
  };
}

/**
 * The example deployment `cdktf synth` builds: one regional ACK cluster in Hangzhou, the primary
 * site in zone H, the backup in zone I, the gateway spread over both. Copy it, change the names,
 * hosts, zones and sizes, and deploy (README: "Deploying for real").
 */
export const exampleConfig: HarborPlatformConfig = {
  name: "registry",
  region: "cn-hangzhou",
  sites: {
    primary: {
      name: "hz-h",
      zone: "cn-hangzhou-h",
      kubernetes: { kubeconfigPath: "~/.kube/config", kubeContext: "ack-hangzhou" },
      hostname: "harbor-hz-h.registry.example.com",
      disks: siteDisks(),
    },
    backup: {
      name: "hz-i",
      zone: "cn-hangzhou-i",
      kubernetes: { kubeconfigPath: "~/.kube/config", kubeContext: "ack-hangzhou" },
      hostname: "harbor-hz-i.registry.example.com",
      disks: siteDisks(),
    },
  },
  gateway: {
    hostname: "registry.example.com",
    kubernetes: { kubeconfigPath: "~/.kube/config", kubeContext: "ack-hangzhou" },
    tls: { source: "existingSecret", secretName: "registry-example-com-tls" },
    replicas: 2,
    loadBalancerAnnotations: {
      "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "internet",
      "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec": "slb.s2.small",
    },
  },
  policy: {
    projects: [
      { name: "library", public: true, storageQuotaGiB: 100, scanOnPush: true },
      {
        name: "ci",
        storageQuotaGiB: 200,
        scanOnPush: true,
        preventVulnerableImagesFrom: "critical",
        retainMostRecentlyPushed: 20,
      },
      { name: "charts", storageQuotaGiB: 10, scanOnPush: false },
    ],
    robotAccounts: [{ name: "ci-pusher", projects: ["ci", "charts"], push: true }],
    garbageCollectionSchedule: "0 0 3 * * 6",
    scanAllSchedule: "Daily",
    auditLogRetentionHours: 720,
    replicationCompensationSchedule: "0 */10 * * * *",
    webhook: { events: ["REPLICATION", "SCANNING_FAILED", "QUOTA_WARNING", "QUOTA_EXCEED"] },
  },
  alerting: { dingtalk: true, slack: false, volumeUsageAlertPercent: 80 },
  backup: { schedule: "30 2 * * *", retentionDays: 14 },
  stateBackend: { type: "local" },
};

/** Synthesizes the example; a bad configuration prints its problems and exits 1, without a stack trace. */
export function main(config: HarborPlatformConfig = exampleConfig): void {
  try {
    // Before `new App()`, which creates the output directory: bad input leaves nothing behind.
    validateConfig(config);
    const app = new App();
    buildHarborApp(app, config);
    app.synth();
  } catch (error) {
    if (error instanceof ValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

if (require.main === module) {
  main();
}
