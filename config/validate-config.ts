import { ProblemList } from "../constructs/lib/validation";
import {
  DNS_LABEL_RULE,
  HARBOR_PROJECT_NAME_RULE,
  HOSTNAME_RULE,
  isDnsLabel,
  isHarborProjectName,
  isHostPort,
  isHostname,
} from "../constructs/lib/naming";
import { diskSizeProblem } from "../constructs/lib/disk-limits";
import { cronProblem, harborScheduleProblem } from "../constructs/lib/harbor-schedule";
import {
  DISK_CATEGORIES,
  DISK_COMPONENTS,
  ESSD_PERFORMANCE_LEVELS,
  HarborPlatformConfig,
  SITE_ROLES,
  SiteConfig,
  siteNamespace,
} from "./platform-config";
import { REGION_ZONES, knownRegions } from "./regions";

/**
 * Checks a deployment configuration and reports every problem at once, each with its field path,
 * the bad value and what is allowed. Configurations may come from JSON, so nothing here trusts the
 * static types: a missing section is a problem to report, not a crash.
 *
 * @throws ValidationError listing all problems
 */
export function validateConfig(config: HarborPlatformConfig): void {
  const problems = collectConfigProblems(config);
  problems.throwIfAny("invalid Harbor platform configuration");
}

export function collectConfigProblems(config: HarborPlatformConfig): ProblemList {
  const problems = new ProblemList();
  const raw = config as unknown as Record<string, unknown>;
  if (!isObject(raw)) {
    problems.add("(config)", config, "an object of type HarborPlatformConfig");
    return problems;
  }

  if (problems.check(typeof config.name === "string", "name", config.name, DNS_LABEL_RULE)) {
    problems.check(isDnsLabel(config.name, 30), "name", config.name, `${DNS_LABEL_RULE}, at most 30 chars`);
  }

  const zones = zonesOf(config, problems);
  const sites = isObject(config.sites) ? config.sites : undefined;
  if (!sites) {
    problems.add("sites", config.sites, "an object with a 'primary' and a 'backup' site");
  } else {
    for (const role of SITE_ROLES) {
      if (!isObject(sites[role])) {
        problems.add(
          `sites.${role}`,
          sites[role],
          "a site configuration (name, zone, kubernetes, hostname, disks)",
        );
      } else {
        checkSite(`sites.${role}`, sites[role], zones, config.region, problems);
      }
    }
    for (const key of Object.keys(sites)) {
      if (!(SITE_ROLES as readonly string[]).includes(key)) {
        problems.add(`sites.${key}`, key, `a site role, one of ${SITE_ROLES.join(", ")}`);
      }
    }
    checkSitesApart(config, problems);
  }

  checkGateway(config, problems);
  checkPolicy(config, problems);
  checkOperations(config, problems);
  checkDiskSnapshots(config, problems);
  checkStateBackend(config, problems);
  return problems;
}

function zonesOf(config: HarborPlatformConfig, problems: ProblemList): readonly string[] | undefined {
  const extra = config.extraZones ?? [];
  if (!Array.isArray(extra) || extra.some((z) => typeof z !== "string")) {
    problems.add("extraZones", config.extraZones, "a list of zone ids such as cn-hangzhou-h");
    return undefined;
  }
  const known = REGION_ZONES[config.region];
  if (known) return [...known, ...extra];
  if (extra.length > 0) return extra;
  problems.add(
    "region",
    config.region,
    `a known region (${knownRegions().join(", ")}), or list its zones in extraZones`,
  );
  return undefined;
}

function checkSite(
  path: string,
  site: SiteConfig,
  zones: readonly string[] | undefined,
  region: string,
  problems: ProblemList,
): void {
  if (typeof site.name !== "string" || !isDnsLabel(site.name, 20)) {
    problems.add(`${path}.name`, site.name, `${DNS_LABEL_RULE}, at most 20 chars`);
  }
  if (typeof site.zone !== "string") {
    problems.add(`${path}.zone`, site.zone, "a zone id such as cn-hangzhou-h");
  } else if (zones && !zones.includes(site.zone)) {
    problems.add(`${path}.zone`, site.zone, `one of region ${region}'s zones: ${zones.join(", ")}`);
  }
  checkKubernetes(`${path}.kubernetes`, site.kubernetes, problems);
  if (site.namespace !== undefined && (typeof site.namespace !== "string" || !isDnsLabel(site.namespace))) {
    problems.add(`${path}.namespace`, site.namespace, DNS_LABEL_RULE);
  }
  if (typeof site.hostname !== "string" || !isHostname(site.hostname)) {
    problems.add(`${path}.hostname`, site.hostname, HOSTNAME_RULE);
  }
  if (site.upstream !== undefined && (typeof site.upstream !== "string" || !isHostPort(site.upstream))) {
    problems.add(
      `${path}.upstream`,
      site.upstream,
      "host:port, e.g. harbor.harbor-hz-h.svc.cluster.local:80",
    );
  }
  checkDisks(`${path}.disks`, site, problems);
  checkImageStorage(`${path}.imageStorage`, site, problems);
  checkSiteHarbor(`${path}.harbor`, site.harbor, problems);
}

function checkSiteHarbor(path: string, harbor: unknown, problems: ProblemList): void {
  if (harbor === undefined) return;
  if (!isObject(harbor)) {
    problems.add(path, harbor, "an object of Harbor release settings");
    return;
  }
  const secretName = harbor.adminPasswordSecretName;
  if (secretName !== undefined && (typeof secretName !== "string" || !isDnsLabel(secretName, 253))) {
    problems.add(
      `${path}.adminPasswordSecretName`,
      secretName,
      `a Kubernetes secret name (${DNS_LABEL_RULE})`,
    );
  }
  for (const field of ["trivyDbRepositories", "trivyJavaDbRepositories"] as const) {
    const repositories = harbor[field];
    if (repositories === undefined) continue;
    if (
      !Array.isArray(repositories) ||
      repositories.some((r) => typeof r !== "string" || !/^[a-z0-9][^\s]*$/.test(r) || r.includes("://"))
    ) {
      problems.add(
        `${path}.${field}`,
        repositories,
        "a list of OCI repositories without a scheme, e.g. registry.cn-hangzhou.aliyuncs.com/acme/trivy-db",
      );
    } else if (harbor.trivyOffline === true && repositories.length > 0) {
      problems.add(
        `${path}.${field}`,
        repositories,
        "no repositories with trivyOffline: an offline Trivy never downloads",
      );
    }
  }
  for (const field of ["trivyOffline", "ipv6Enabled"] as const) {
    if (harbor[field] !== undefined && typeof harbor[field] !== "boolean") {
      problems.add(`${path}.${field}`, harbor[field], "true or false");
    }
  }
}

function checkKubernetes(path: string, connection: unknown, problems: ProblemList): void {
  if (!isObject(connection)) {
    problems.add(path, connection, "an object with kubeconfigPath (and optionally kubeContext)");
    return;
  }
  const { kubeconfigPath, kubeContext } = connection as { kubeconfigPath?: unknown; kubeContext?: unknown };
  if (typeof kubeconfigPath !== "string" || kubeconfigPath.trim() === "") {
    problems.add(`${path}.kubeconfigPath`, kubeconfigPath, "the path of a kubeconfig file");
  }
  if (kubeContext !== undefined && (typeof kubeContext !== "string" || kubeContext.trim() === "")) {
    problems.add(`${path}.kubeContext`, kubeContext, "a non-empty context name, or leave it out");
  }
}

function checkDisks(path: string, site: SiteConfig, problems: ProblemList): void {
  if (!isObject(site.disks)) {
    problems.add(path, site.disks, `a disk for each of ${DISK_COMPONENTS.join(", ")}`);
    return;
  }
  // With OSS image storage the registry keeps blobs in the bucket and needs no disk. A registry
  // disk given anyway is kept (not mounted): a site that moves to OSS keeps the disk holding its
  // old blobs until the operator removes it from the configuration, which the PR guard flags.
  const ossStorage = isObject(site.imageStorage) && site.imageStorage.type === "oss";
  for (const component of DISK_COMPONENTS) {
    const disk = site.disks[component];
    const diskPath = `${path}.${component}`;
    if (component === "registry" && ossStorage && disk === undefined) continue;
    if (!isObject(disk)) {
      problems.add(
        diskPath,
        disk,
        `a disk ({ sizeGiB, category? }): Harbor's ${component} needs persistent storage`,
      );
      continue;
    }
    if (disk.encrypted !== undefined && typeof disk.encrypted !== "boolean") {
      problems.add(`${diskPath}.encrypted`, disk.encrypted, "true or false");
    }
    const category = disk.category ?? "cloud_essd";
    if (!(DISK_CATEGORIES as readonly string[]).includes(category)) {
      problems.add(`${diskPath}.category`, disk.category, `one of ${DISK_CATEGORIES.join(", ")}`);
      continue;
    }
    if (disk.performanceLevel !== undefined) {
      if (category !== "cloud_essd") {
        problems.add(
          `${diskPath}.performanceLevel`,
          disk.performanceLevel,
          `only with category cloud_essd (is ${category})`,
        );
        continue;
      }
      if (!(ESSD_PERFORMANCE_LEVELS as readonly string[]).includes(disk.performanceLevel)) {
        problems.add(
          `${diskPath}.performanceLevel`,
          disk.performanceLevel,
          `one of ${ESSD_PERFORMANCE_LEVELS.join(", ")}`,
        );
        continue;
      }
    }
    const level = category === "cloud_essd" ? (disk.performanceLevel ?? "PL1") : undefined;
    const sizeProblem = diskSizeProblem(category, level, disk.sizeGiB);
    if (sizeProblem) problems.add(`${diskPath}.sizeGiB`, disk.sizeGiB, sizeProblem);
    if (
      disk.snapshotId !== undefined &&
      (typeof disk.snapshotId !== "string" || !/^s-[a-z0-9]+$/.test(disk.snapshotId))
    ) {
      problems.add(
        `${diskPath}.snapshotId`,
        disk.snapshotId,
        "an ECS snapshot id such as s-bp1234567890abcdef",
      );
    }
  }
  for (const key of Object.keys(site.disks)) {
    if (!(DISK_COMPONENTS as readonly string[]).includes(key)) {
      problems.add(`${path}.${key}`, key, `a Harbor component, one of ${DISK_COMPONENTS.join(", ")}`);
    }
  }
}

function checkImageStorage(path: string, site: SiteConfig, problems: ProblemList): void {
  const storage = site.imageStorage as unknown;
  if (storage === undefined || (isObject(storage) && storage.type === "disk")) return;
  if (!isObject(storage) || storage.type !== "oss") {
    problems.add(`${path}.type`, isObject(storage) ? storage.type : storage, "disk or oss");
    return;
  }
  if (typeof storage.bucket !== "string" || !/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(storage.bucket)) {
    problems.add(
      `${path}.bucket`,
      storage.bucket,
      "an OSS bucket name: 3-63 lowercase letters, digits and '-'",
    );
  }
  if (
    storage.existingSecretName !== undefined &&
    (typeof storage.existingSecretName !== "string" || !isDnsLabel(storage.existingSecretName, 253))
  ) {
    problems.add(
      `${path}.existingSecretName`,
      storage.existingSecretName,
      `a Kubernetes secret name (${DNS_LABEL_RULE})`,
    );
  }
}

/** The two sites exist to fail independently: different zones, names, namespaces and hostnames. */
function checkSitesApart(config: HarborPlatformConfig, problems: ProblemList): void {
  const { primary, backup } = config.sites;
  if (!isObject(primary) || !isObject(backup)) return;
  if (primary.name === backup.name) {
    problems.add("sites.backup.name", backup.name, "a name different from sites.primary.name");
  }
  if (primary.zone === backup.zone) {
    problems.add(
      "sites.backup.zone",
      backup.zone,
      "a zone different from sites.primary.zone, so one zone outage cannot take both sites",
    );
  }
  const sameCluster =
    primary.kubernetes?.kubeconfigPath === backup.kubernetes?.kubeconfigPath &&
    primary.kubernetes?.kubeContext === backup.kubernetes?.kubeContext;
  if (sameCluster && siteNamespace(primary) === siteNamespace(backup)) {
    problems.add(
      "sites.backup.namespace",
      backup.namespace,
      "a namespace different from the primary's in the same cluster",
    );
  }
}

function checkGateway(config: HarborPlatformConfig, problems: ProblemList): void {
  const gateway = config.gateway;
  if (!isObject(gateway)) {
    problems.add("gateway", gateway, "a gateway configuration (hostname, kubernetes, tls)");
    return;
  }
  if (typeof gateway.hostname !== "string" || !isHostname(gateway.hostname)) {
    problems.add("gateway.hostname", gateway.hostname, HOSTNAME_RULE);
  }
  checkKubernetes("gateway.kubernetes", gateway.kubernetes, problems);
  if (
    gateway.namespace !== undefined &&
    (typeof gateway.namespace !== "string" || !isDnsLabel(gateway.namespace))
  ) {
    problems.add("gateway.namespace", gateway.namespace, DNS_LABEL_RULE);
  }
  const tls = gateway.tls as unknown;
  if (!isObject(tls) || (tls.source !== "existingSecret" && tls.source !== "variables")) {
    problems.add("gateway.tls.source", isObject(tls) ? tls.source : tls, "existingSecret or variables");
  } else if (
    tls.source === "existingSecret" &&
    (typeof tls.secretName !== "string" || !isDnsLabel(tls.secretName, 253))
  ) {
    problems.add(
      "gateway.tls.secretName",
      tls.secretName,
      `the name of a kubernetes.io/tls secret (${DNS_LABEL_RULE})`,
    );
  }
  if (
    gateway.replicas !== undefined &&
    !(Number.isInteger(gateway.replicas) && gateway.replicas >= 2 && gateway.replicas <= 20)
  ) {
    problems.add(
      "gateway.replicas",
      gateway.replicas,
      "an integer from 2 to 20: one gateway pod is a single point of failure",
    );
  }
  for (const [key, value] of Object.entries(gateway.loadBalancerAnnotations ?? {})) {
    if (!/^([a-z0-9.-]+\/)?[A-Za-z0-9][-A-Za-z0-9_.]{0,62}$/.test(key) || typeof value !== "string") {
      problems.add(
        `gateway.loadBalancerAnnotations.${key}`,
        value,
        "a Kubernetes annotation: qualified key, string value",
      );
    }
  }

  if (!isObject(config.sites)) return;
  const seen = new Map<string, string>();
  const hostnames: [string, unknown][] = [
    ["gateway.hostname", gateway.hostname],
    ...SITE_ROLES.map((role): [string, unknown] => [`sites.${role}.hostname`, config.sites[role]?.hostname]),
  ];
  for (const [path, hostname] of hostnames) {
    if (typeof hostname !== "string") continue;
    const first = seen.get(hostname);
    if (first)
      problems.add(
        path,
        hostname,
        `a hostname different from ${first}: each hostname routes to its own target`,
      );
    else seen.set(hostname, path);
  }
}

function checkPolicy(config: HarborPlatformConfig, problems: ProblemList): void {
  const policy = config.policy;
  if (!isObject(policy)) {
    problems.add("policy", policy, "a policy configuration with at least a projects list");
    return;
  }
  const projectNames = new Set<string>();
  if (!Array.isArray(policy.projects)) {
    problems.add("policy.projects", policy.projects, "a list of projects (may be empty)");
  } else {
    policy.projects.forEach((project, i) => {
      const path = `policy.projects[${i}]`;
      if (typeof project?.name !== "string" || !isHarborProjectName(project.name)) {
        problems.add(`${path}.name`, project?.name, HARBOR_PROJECT_NAME_RULE);
      } else if (projectNames.has(project.name)) {
        problems.add(`${path}.name`, project.name, "a project name not used by another project");
      } else {
        projectNames.add(project.name);
      }
      const quota = project?.storageQuotaGiB;
      if (quota !== undefined && !(Number.isInteger(quota) && (quota === -1 || quota >= 1))) {
        problems.add(`${path}.storageQuotaGiB`, quota, "a whole number of GiB >= 1, or -1 for unlimited");
      }
      const keep = project?.retainMostRecentlyPushed;
      if (keep !== undefined && !(Number.isInteger(keep) && keep >= 1)) {
        problems.add(`${path}.retainMostRecentlyPushed`, keep, "a whole number of artifacts >= 1");
      }
    });
  }
  (policy.robotAccounts ?? []).forEach((robot, i) => {
    const path = `policy.robotAccounts[${i}]`;
    if (
      typeof robot?.name !== "string" ||
      !/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(robot.name) ||
      robot.name.length > 64
    ) {
      problems.add(
        `${path}.name`,
        robot?.name,
        "1-64 lowercase letters, digits and '.', '_' or '-' separators",
      );
    }
    if (!Array.isArray(robot?.projects) || robot.projects.length === 0) {
      problems.add(
        `${path}.projects`,
        robot?.projects,
        "a non-empty list of project names from policy.projects",
      );
    } else {
      robot.projects.forEach((name, j) => {
        if (!projectNames.has(name)) {
          problems.add(
            `${path}.projects[${j}]`,
            name,
            `a project declared in policy.projects (${[...projectNames].join(", ") || "none"})`,
          );
        }
      });
    }
  });
  for (const field of ["garbageCollectionSchedule", "scanAllSchedule"] as const) {
    const value = policy[field];
    if (value === undefined) continue;
    const problem = harborScheduleProblem(value);
    if (problem) problems.add(`policy.${field}`, value, problem);
  }
  if (policy.replicationCompensationSchedule !== undefined) {
    const problem = cronProblem(policy.replicationCompensationSchedule);
    if (problem)
      problems.add("policy.replicationCompensationSchedule", policy.replicationCompensationSchedule, problem);
  }
  const hours = policy.auditLogRetentionHours;
  if (hours !== undefined && !(Number.isInteger(hours) && hours >= 1 && hours <= 87600)) {
    problems.add(
      "policy.auditLogRetentionHours",
      hours,
      "a whole number of hours from 1 to 87600 (10 years)",
    );
  }
}

function checkDiskSnapshots(config: HarborPlatformConfig, problems: ProblemList): void {
  const snapshots = config.diskSnapshots as unknown;
  if (snapshots === undefined) return;
  if (!isObject(snapshots)) {
    problems.add("diskSnapshots", snapshots, "an object with retentionDays and/or hoursUtc8");
    return;
  }
  const days = snapshots.retentionDays;
  if (days !== undefined && !(days === -1 || (Number.isInteger(days) && days >= 1 && days <= 65536))) {
    problems.add(
      "diskSnapshots.retentionDays",
      days,
      "-1 (keep forever) or a whole number of days from 1 to 65536",
    );
  }
  const hours = snapshots.hoursUtc8;
  if (
    hours !== undefined &&
    (!Array.isArray(hours) ||
      hours.length === 0 ||
      hours.length > 24 ||
      new Set(hours).size !== hours.length ||
      hours.some((h) => !Number.isInteger(h) || h < 0 || h > 23))
  ) {
    problems.add("diskSnapshots.hoursUtc8", hours, "1 to 24 distinct hours of the day from 0 to 23 (UTC+8)");
  }
}

function checkOperations(config: HarborPlatformConfig, problems: ProblemList): void {
  const percent = config.alerting?.volumeUsageAlertPercent;
  if (percent !== undefined && !(typeof percent === "number" && percent >= 1 && percent <= 99)) {
    problems.add("alerting.volumeUsageAlertPercent", percent, "a percentage from 1 to 99");
  }
  const backup = config.backup;
  if (backup?.schedule !== undefined && !isKubernetesCron(backup.schedule)) {
    problems.add(
      "backup.schedule",
      backup.schedule,
      'a 5-field Kubernetes CronJob schedule (min hour dom mon dow), e.g. "30 2 * * *"',
    );
  }
  const days = backup?.retentionDays;
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 65536)) {
    problems.add("backup.retentionDays", days, "a whole number of days from 1 to 65536");
  }
}

function checkStateBackend(config: HarborPlatformConfig, problems: ProblemList): void {
  const backend = config.stateBackend as unknown;
  if (backend === undefined || (isObject(backend) && backend.type === "local")) return;
  if (!isObject(backend) || backend.type !== "oss") {
    problems.add("stateBackend.type", isObject(backend) ? backend.type : backend, "local or oss");
    return;
  }
  if (typeof backend.bucket !== "string" || !/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(backend.bucket)) {
    problems.add(
      "stateBackend.bucket",
      backend.bucket,
      "an OSS bucket name: 3-63 lowercase letters, digits and '-'",
    );
  }
  if (
    typeof backend.tablestoreEndpoint !== "string" ||
    !/^https:\/\/[a-z0-9.-]+$/.test(backend.tablestoreEndpoint)
  ) {
    problems.add(
      "stateBackend.tablestoreEndpoint",
      backend.tablestoreEndpoint,
      "an https TableStore endpoint: without it state is not locked",
    );
  }
  if (typeof backend.tablestoreTable !== "string" || backend.tablestoreTable.trim() === "") {
    problems.add(
      "stateBackend.tablestoreTable",
      backend.tablestoreTable,
      "the TableStore table with a LockID String primary key",
    );
  }
  const prefix = backend.prefix;
  if (
    prefix !== undefined &&
    (typeof prefix !== "string" || prefix.startsWith("/") || prefix.startsWith("./"))
  ) {
    problems.add("stateBackend.prefix", backend.prefix, "a path prefix that does not start with '/' or './'");
  }
}

function isKubernetesCron(value: unknown): boolean {
  if (typeof value !== "string") return false;
  if (/^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(value)) return true;
  const fields = value.trim().split(/\s+/);
  return fields.length === 5 && fields.every((f) => /^[0-9*\/,\-A-Za-z?]+$/.test(f));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- narrows JSON-shaped input field by field
function isObject(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
