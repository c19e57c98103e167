/**
 * The public API of harbor-cdktf: what another cdktf app may import. Every name here is a contract
 * (test/reuse/public-api.test.ts lists them); anything not exported here is internal and may change.
 * The folder indexes (`./gateway`, `./policy`, ...) are the project's own wiring, not this API.
 *
 * - L2 constructs with their props, enum-like classes and the types of their public properties;
 * - the pure renderers behind them (`renderHarborValues`, `renderNginxConfig`, `planReplicationPair`,
 *   `planRegistryPolicy`), for previews, tests and deployments outside Kubernetes;
 * - the guardrails, for users' own stateful constructs;
 * - the hand-written L1 bindings as the namespaces `alicloud` and `harbor`, as aws-cdk-lib exports
 *   `aws_s3`: the L2 props take a `harbor.HarborProvider`, and a stack of disks needs an
 *   `alicloud.AlicloudProvider`, so one entry point is enough, and the L1 names cannot collide
 *   with the L2 names. Both barrels are small hand-written files; the prebuilt providers
 *   (kubernetes, helm, random, tls) are not re-exported: import them by deep path.
 *
 * Loading this module loads only deep paths of the prebuilt providers, never the
 * `@cdktf/provider-kubernetes` barrel (+1.3 s and +190 MB per process); the API test checks it.
 */

// Validation errors every construct throws on invalid props, with every problem at once.
export { ValidationError } from "./lib/validation";
export type { Problem } from "./lib/validation";

// Disk vocabulary of RetainedDisk and HarborSite.
export type { DiskCategory, DiskComponent, EssdPerformanceLevel } from "../config/platform-config";

// Data safety: the guard and the helpers our constructs use, for users' own stateful constructs.
export {
  markStateful,
  pinAddress,
  pinZone,
  STATEFUL_RESOURCE_TYPES,
  StatefulResourceGuard,
  ZONE_LABEL,
} from "./guardrails";
export type { StatefulMarkOptions } from "./guardrails";

// Retained cloud disks.
export {
  DiskSnapshotPolicy,
  RETAINED_DISK_FS_TYPES,
  RETAINED_DISK_PARTS,
  RetainedDisk,
} from "./retained-disk";
export type {
  DiskSnapshotPolicyProps,
  RetainedDiskFsType,
  RetainedDiskPart,
  RetainedDiskProps,
} from "./retained-disk";

// A Harbor site, its secrets and its Helm values.
export {
  HARBOR_CHART,
  HARBOR_RELEASE_NAME,
  HARBOR_SERVICE_HTTP_PORT,
  HARBOR_SERVICE_NAME,
  harborClaimName,
  HarborImageStorage,
  HarborSecrets,
  HarborSite,
  renderHarborValues,
  requiredDiskComponents,
  SENSITIVE_VALUE_PATHS,
} from "./harbor-site";
export type {
  HarborDiskOptions,
  HarborOssStorageOptions,
  HarborSecretRefs,
  HarborSecretsProps,
  HarborSiteDisks,
  HarborSiteProps,
  HarborValues,
  HarborValuesInput,
  ImageStorageValuesInput,
  TrivyValuesInput,
} from "./harbor-site";

// The nginx failover gateway and its configuration renderer.
export {
  GATEWAY_DEFAULTS,
  GatewayTls,
  harborServiceUpstream,
  HEALTH_PATH,
  NginxFailoverGateway,
  POD_RUNTIME_LAYOUT,
  renderNginxConfig,
} from "./gateway";
export type {
  GatewaySite,
  NginxFailoverGatewayProps,
  NginxGatewayConfigProps,
  NginxRuntimeLayout,
  ResolvedGatewaySettings,
  ResolvedGatewaySite,
} from "./gateway";

// Replication between the two sites.
export {
  DEFAULT_COMPENSATION_SCHEDULE,
  DEFAULT_REPLICATOR_ROBOT_NAME,
  HarborReplicationPair,
  planReplicationPair,
  ReplicationIdentity,
  repositoryFilterForProjects,
  SiteReplication,
} from "./replication";
export type {
  HarborReplicationPairProps,
  HarborReplicationPairSite,
  RegistryEndpointSpec,
  ReplicationFilterSpec,
  ReplicationIdentityProps,
  ReplicationOptions,
  ReplicationResourceType,
  ReplicationRuleSpec,
  ReplicationSite,
  SiteReplicationPlan,
  SiteReplicationProps,
  TagFilterDecoration,
} from "./replication";

// Day-2 registry policy and the robot secrets both sites share.
export {
  DEFAULT_AUDIT_LOG_EVENT_TYPES,
  DEFAULT_AUDIT_LOG_RETENTION_HOURS,
  DEFAULT_GARBAGE_COLLECTION_SCHEDULE,
  DEFAULT_WEBHOOK_EVENT_TYPES,
  planRegistryPolicy,
  RegistryPolicy,
  RobotSecrets,
} from "./policy";
export type {
  AuditLogEventType,
  DeploymentSecurityLevel,
  ProjectOptions,
  ProjectSpec,
  RegistryPolicyOptions,
  RegistryPolicyPlan,
  RegistryPolicyProps,
  RetentionRuleOptions,
  RetentionRuleSpec,
  RobotAccountOptions,
  RobotSecretsProps,
  WebhookEventType,
  WebhookSpec,
} from "./policy";
export type { RobotAccessSpec, RobotAccountSpec, RobotPermissionSpec } from "./lib/harbor-robot";

// Day-2 operations: alerting and the consistent site backup.
export { HarborAlerting, renderHarborAlertRules } from "./alerting";
export type {
  AlertRule,
  AlertRuleGroup,
  DingTalkRobot,
  HarborAlertingProps,
  HarborAlertRulesInput,
} from "./alerting";
export { BackupCredentials, SiteBackup } from "./backup";
export type { SiteBackupDisk, SiteBackupProps, SnapshotMode } from "./backup";

// Hand-written L1 bindings (escape hatches, and the providers the L2 constructs need).
export * as alicloud from "./providers/alicloud";
export * as harbor from "./providers/harbor";
