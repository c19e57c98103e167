import { TerraformStack, TerraformVariable } from "cdktf";
import * as alicloud from "../../../constructs/providers/alicloud";
import * as harbor from "../../../constructs/providers/harbor";

/**
 * One fully populated instance of every binding: each optional field set to a valid value, so
 * that the synthesized block shows every attribute the binding can write. The conformance tests
 * check these blocks against the reference schemas, and check that together they cover every
 * settable schema attribute.
 */

function secret(stack: TerraformStack, name: string): string {
  return new TerraformVariable(stack, name, { type: "string", sensitive: true }).stringValue;
}

export interface FullExample {
  /** Builds the instance (and anything it references) in `stack`. */
  readonly build: (stack: TerraformStack) => void;
}

/** Keyed by the exported class name. */
export const FULL_EXAMPLES: Readonly<Record<string, FullExample>> = {
  AlicloudProvider: {
    build: (stack) =>
      new alicloud.AlicloudProvider(stack, "alicloud", {
        region: "cn-hangzhou",
        alias: "hangzhou",
        accessKey: secret(stack, "alicloud_access_key"),
        secretKey: secret(stack, "alicloud_secret_key"),
        securityToken: secret(stack, "alicloud_security_token"),
        profile: "default",
        sharedCredentialsFile: "~/.aliyun/config.json",
        ecsRoleName: "terraform",
        credentialsUri: "http://127.0.0.1:8080/credentials",
        assumeRole: {
          roleArn: "acs:ram::123456789012:role/terraform",
          sessionName: "cdktf",
          policy: "{}",
          sessionExpiration: 3600,
          externalId: "abc",
        },
        assumeRoleWithOidc: {
          oidcProviderArn: "acs:ram::123456789012:oidc-provider/ack-rrsa-c1",
          roleArn: "acs:ram::123456789012:role/terraform",
          oidcTokenFile: "/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token",
          roleSessionName: "cdktf",
          policy: "{}",
          sessionExpiration: 3600,
        },
        accountId: "123456789012",
        accountType: "Domestic",
        protocol: "HTTPS",
        clientReadTimeout: 60000,
        clientConnectTimeout: 60000,
        maxRetryTimeout: 300,
        sourceIp: "10.0.0.1",
        secureTransport: "true",
        skipRegionValidation: false,
        configurationSource: "harbor-cdktf",
        signVersion: { oss: "v4", sls: "v1" },
        features: { ecsInstance: { replaceOnImageUpdate: false } },
      }),
  },
  EcsDisk: {
    build: (stack) =>
      new alicloud.EcsDisk(stack, "disk", {
        zoneId: "cn-hangzhou-h",
        size: 500,
        category: "cloud_essd",
        performanceLevel: "PL1",
        encrypted: true,
        kmsKeyId: "key-1",
        encryptAlgorithm: "aes-256",
        snapshotId: "s-1",
        deleteAutoSnapshot: false,
        deleteWithInstance: false,
        diskName: "harbor-registry",
        description: "Harbor registry data",
        tags: { app: "harbor" },
        resourceGroupId: "rg-1",
        paymentType: "PayAsYouGo",
        instanceId: "i-1",
        multiAttach: "Disabled",
        storageSetId: "ss-1",
        storageSetPartitionNumber: 1,
        advancedFeatures: "none",
        type: "online",
        dryRun: false,
        lifecycle: { preventDestroy: true, ignoreChanges: ["tags"] },
      }),
  },
  // provisionedIops and burstingEnabled exist only for cloud_auto, so they get their own disk.
  EcsDiskCloudAuto: {
    build: (stack) =>
      new alicloud.EcsDisk(stack, "auto-disk", {
        zoneId: "cn-hangzhou-h",
        size: 100,
        category: "cloud_auto",
        provisionedIops: 3000,
        burstingEnabled: true,
      }),
  },
  EcsAutoSnapshotPolicy: {
    build: (stack) =>
      new alicloud.EcsAutoSnapshotPolicy(stack, "policy", {
        repeatWeekdays: ["1", "3", "5"],
        timePoints: ["3", "15"],
        retentionDays: 14,
        autoSnapshotPolicyName: "harbor-daily",
        enableCrossRegionCopy: true,
        targetCopyRegions: ["cn-shanghai"],
        copiedSnapshotsRetentionDays: 7,
        copyEncryptionConfiguration: { encrypted: true, kmsKeyId: "key-1" },
        resourceGroupId: "rg-1",
        tags: { app: "harbor" },
      }),
  },
  EcsAutoSnapshotPolicyAttachment: {
    build: (stack) => {
      const disk = new alicloud.EcsDisk(stack, "attached-disk", { zoneId: "cn-hangzhou-h", size: 20 });
      const policy = new alicloud.EcsAutoSnapshotPolicy(stack, "attached-policy", {
        repeatWeekdays: ["7"],
        timePoints: ["0"],
        retentionDays: -1,
      });
      new alicloud.EcsAutoSnapshotPolicyAttachment(stack, "attachment", {
        autoSnapshotPolicyId: policy.id,
        diskId: disk.id,
      });
    },
  },
  OssBucket: {
    build: (stack) =>
      new alicloud.OssBucket(stack, "bucket", {
        bucket: "acme-harbor-images",
        storageClass: "Standard",
        redundancyType: "ZRS",
        lifecycleRuleAllowSameActionOverlap: false,
        forceDestroy: false,
        tags: { app: "harbor" },
        resourceGroupId: "rg-1",
        policy: "{}",
        serverSideEncryptionRule: { sseAlgorithm: "KMS", kmsMasterKeyId: "key-1", kmsDataEncryption: "SM4" },
        versioning: { status: "Enabled" },
        lifecycleRule: [
          {
            enabled: true,
            id: "rule-1",
            prefix: "docker/",
            tags: { tier: "cold" },
            expiration: [{ days: 365 }, { expiredObjectDeleteMarker: true }],
            transitions: [
              { storageClass: "IA", days: 30, isAccessTime: true, returnToStdWhenVisit: true },
              { storageClass: "Archive", createdBeforeDate: "2030-01-01" },
            ],
            abortMultipartUpload: [{ days: 7 }, { createdBeforeDate: "2030-01-01" }],
            noncurrentVersionExpiration: [{ days: 90 }],
            noncurrentVersionTransition: [
              { days: 30, storageClass: "IA", isAccessTime: false, returnToStdWhenVisit: false },
            ],
            filter: {
              objectSizeGreaterThan: 1,
              objectSizeLessThan: 1048576,
              not: { prefix: "docker/keep/", tag: { key: "keep", value: "true" } },
            },
          },
          { enabled: false, expiration: [{ date: "2030-01-01" }, { createdBeforeDate: "2029-01-01" }] },
        ],
        refererConfig: { referers: ["https://registry.example.com"], allowEmpty: false },
        corsRule: [
          {
            allowedMethods: ["GET"],
            allowedOrigins: ["https://registry.example.com"],
            allowedHeaders: ["*"],
            exposeHeaders: ["ETag"],
            maxAgeSeconds: 600,
          },
        ],
        website: { indexDocument: "index.html", errorDocument: "404.html" },
        logging: { targetBucket: "acme-logs", targetPrefix: "oss/" },
        transferAcceleration: { enabled: false },
        accessMonitor: { status: "Enabled" },
        lifecycle: { preventDestroy: true },
      }),
  },
  OssBucketAcl: {
    build: (stack) =>
      new alicloud.OssBucketAcl(stack, "acl", { bucket: "acme-harbor-images", acl: "private" }),
  },
  OssBucketVersioning: {
    build: (stack) =>
      new alicloud.OssBucketVersioning(stack, "versioning", {
        bucket: "acme-harbor-images",
        status: "Enabled",
      }),
  },
  OssBucketServerSideEncryption: {
    build: (stack) =>
      new alicloud.OssBucketServerSideEncryption(stack, "sse", {
        bucket: "acme-harbor-images",
        sseAlgorithm: "KMS",
        kmsMasterKeyId: "key-1",
        kmsDataEncryption: "SM4",
      }),
  },
  OssBucketPublicAccessBlock: {
    build: (stack) =>
      new alicloud.OssBucketPublicAccessBlock(stack, "pab", {
        bucket: "acme-harbor-images",
        blockPublicAccess: true,
      }),
  },
  HarborProvider: {
    build: (stack) =>
      new harbor.HarborProvider(stack, "harbor", {
        url: "https://harbor-hz-h.registry.example.com",
        alias: "primary",
        username: "admin",
        password: secret(stack, "harbor_password"),
        bearerToken: secret(stack, "harbor_bearer_token"),
        insecure: false,
        apiVersion: 2,
        robotPrefix: "robot$",
        headers: { "X-Forwarded-Proto": "https" },
      }),
  },
  HarborRegistry: {
    build: (stack) =>
      new harbor.HarborRegistry(stack, "registry", {
        providerName: "harbor",
        name: "backup",
        endpointUrl: "https://harbor-hz-i.registry.example.com",
        description: "the backup site",
        accessId: "robot$replicator",
        accessSecret: secret(stack, "replicator_secret"),
        insecure: false,
        caCertificate: "-----BEGIN CERTIFICATE-----",
      }),
  },
  HarborReplication: {
    build: (stack) =>
      new harbor.HarborReplication(stack, "replication", {
        name: "push-to-backup",
        action: "push",
        registryId: 2,
        schedule: "event_based",
        enabled: true,
        deletion: true,
        description: "event-driven push",
        destNamespace: "mirror",
        destNamespaceReplace: 1,
        override: true,
        copyByChunk: false,
        singleActiveReplication: true,
        speed: -1,
        executeOnChanged: false,
        filters: [
          { name: "library/**" },
          { tag: "v*", decoration: "matches" },
          { labels: ["gold"], decoration: "excludes" },
          { resource: "image" },
        ],
      }),
  },
  HarborProject: {
    build: (stack) =>
      new harbor.HarborProject(stack, "project", {
        name: "dockerhub-proxy",
        registryId: 3,
        public: false,
        vulnerabilityScanning: true,
        vulnerabilityScanner: "Trivy",
        storageQuota: 100,
        cveAllowlist: ["CVE-2023-1234"],
        enableContentTrust: false,
        enableContentTrustCosign: false,
        forceDestroy: false,
        autoSbomGeneration: true,
        deploymentSecurity: "critical",
        proxySpeedKb: -1,
        proxyCacheLocalOnNotFound: true,
        lifecycle: { preventDestroy: true },
      }),
  },
  HarborRobotAccount: {
    build: (stack) =>
      new harbor.HarborRobotAccount(stack, "robot", {
        name: "replicator",
        level: "system",
        description: "replication from the peer site",
        disable: false,
        duration: -1,
        secret: secret(stack, "robot_secret"),
        permissions: [
          {
            kind: "project",
            namespace: "*",
            access: [
              { action: "pull", resource: "repository", effect: "allow" },
              { action: "push", resource: "repository" },
            ],
          },
          { kind: "system", namespace: "/", access: [{ action: "list", resource: "project" }] },
        ],
      }),
  },
  HarborGarbageCollection: {
    build: (stack) =>
      new harbor.HarborGarbageCollection(stack, "gc", {
        schedule: "0 0 3 * * 6",
        deleteUntagged: true,
        workers: 2,
      }),
  },
  HarborPurgeAuditLog: {
    build: (stack) =>
      new harbor.HarborPurgeAuditLog(stack, "purge", {
        schedule: "Daily",
        auditRetentionHour: 720,
        includeOperations: "create,delete,pull",
        includeEventTypes: "create_artifact,delete_artifact,pull_artifact",
      }),
  },
  HarborProjectMemberUser: {
    build: (stack) =>
      new harbor.HarborProjectMemberUser(stack, "member-user", {
        projectId: "/projects/1",
        userName: "ci",
        role: "developer",
      }),
  },
  HarborProjectMemberGroup: {
    build: (stack) =>
      new harbor.HarborProjectMemberGroup(stack, "member-group", {
        projectId: "/projects/1",
        role: "maintainer",
        type: "ldap",
        groupName: "platform",
        groupId: 4,
        ldapGroupDn: "cn=platform,ou=groups,dc=example,dc=com",
      }),
  },
  HarborRetentionPolicy: {
    build: (stack) =>
      new harbor.HarborRetentionPolicy(stack, "retention", {
        scope: "/projects/1",
        schedule: "Weekly",
        rule: [
          {
            mostRecentlyPushed: 10,
            repoMatching: "**",
            tagMatching: "**",
            untaggedArtifacts: true,
            disabled: false,
          },
          { mostRecentlyPulled: 5, repoExcluding: "tmp/**", tagExcluding: "latest" },
          { nDaysSinceLastPull: 30, repoMatching: "**", tagMatching: "**" },
          { nDaysSinceLastPush: 30, repoMatching: "**", tagMatching: "**" },
          { alwaysRetain: true, repoMatching: "**", tagMatching: "{latest,stable}" },
        ],
      }),
  },
  HarborInterrogationServices: {
    build: (stack) =>
      new harbor.HarborInterrogationServices(stack, "scan-all", {
        vulnerabilityScanPolicy: "Daily",
        defaultScanner: "Trivy",
      }),
  },
  HarborProjectWebhook: {
    build: (stack) =>
      new harbor.HarborProjectWebhook(stack, "webhook", {
        name: "alerts",
        projectId: "/projects/1",
        address: "https://alerts.example.com/harbor",
        eventsTypes: ["REPLICATION", "SCANNING_FAILED", "QUOTA_WARNING"],
        notifyType: "http",
        description: "alerting",
        enabled: true,
        authHeader: secret(stack, "webhook_auth"),
        skipCertVerify: false,
        payloadFormat: "CloudEvents",
      }),
  },
  HarborConfigSystem: {
    build: (stack) =>
      new harbor.HarborConfigSystem(stack, "system", {
        projectCreationRestriction: "adminonly",
        readOnly: false,
        robotTokenExpiration: 30,
        tokenExpiration: 30,
        sessionTimeout: 60,
        robotNamePrefix: "robot$",
        scannerSkipUpdatePulltime: false,
        storagePerProject: -1,
        auditLogForwardEndpoint: "syslog.example.com:514",
        skipAuditLogDatabase: false,
        notificationEnable: true,
        disabledAuditLogEventTypes: "pull_artifact",
        bannerMessage: {
          message: "maintenance",
          closable: true,
          type: "warning",
          fromDate: "01/01/2030",
          toDate: "01/02/2030",
        },
      }),
  },
};

/** Builds every full example into one stack. */
export function buildAllFullExamples(stack: TerraformStack): void {
  for (const example of Object.values(FULL_EXAMPLES)) example.build(stack);
}
