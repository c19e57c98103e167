/**
 * The registry policy as plain data: projects (visibility, quota, scanning, deployment threshold,
 * retention, alert webhook), CI robots with least privilege, and the system schedules (garbage
 * collection, audit-log purge, scan-all). The same options render the same plan on both sites; only
 * the provider differs.
 *
 * This module imports nothing from cdktf. Values cdktf decides later (tokens) are recognised through
 * the `isUnresolved` predicate the construct passes in.
 */
import {
  HARBOR_DEPLOYMENT_SECURITY_LEVELS,
  HARBOR_PURGE_EVENT_TYPES,
  HARBOR_WEBHOOK_EVENT_TYPES,
} from "../lib/harbor-rules";
import { harborScheduleProblem } from "../lib/harbor-schedule";
import {
  HARBOR_ROBOT_NAME_RULE,
  RobotAccessSpec,
  RobotAccountSpec,
  isHarborRobotName,
} from "../lib/harbor-robot";
import { HARBOR_PROJECT_NAME_RULE, isHarborProjectName } from "../lib/naming";
import { ProblemList } from "../lib/validation";

export const DEPLOYMENT_SECURITY_LEVELS = HARBOR_DEPLOYMENT_SECURITY_LEVELS;
/** A vulnerability severity from which pulls are refused: `none`, `low`, `medium`, `high` or `critical`. */
export type DeploymentSecurityLevel = (typeof DEPLOYMENT_SECURITY_LEVELS)[number];

/** Event types of `harbor_project_webhook` (Harbor's notification events). */
export const WEBHOOK_EVENT_TYPES = HARBOR_WEBHOOK_EVENT_TYPES;
/** A Harbor notification event a project webhook sends, e.g. `REPLICATION` or `QUOTA_EXCEED`. */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What an operator must hear about: a failed replication breaks failover, a full quota breaks CI. */
export const DEFAULT_WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
  "REPLICATION",
  "SCANNING_FAILED",
  "QUOTA_WARNING",
  "QUOTA_EXCEED",
];

/** `include_event_types` of `harbor_purge_audit_log` (Harbor >= 2.13). */
export const AUDIT_LOG_EVENT_TYPES = HARBOR_PURGE_EVENT_TYPES;
/** An audit-log event type the purge job removes, e.g. `pull_artifact`. */
export type AuditLogEventType = (typeof AUDIT_LOG_EVENT_TYPES)[number];

/** Harbor 2.13+ event types: the three artifact events and `other` cover every audit entry. */
export const DEFAULT_AUDIT_LOG_EVENT_TYPES: readonly AuditLogEventType[] = [
  "create_artifact",
  "delete_artifact",
  "pull_artifact",
  "other",
];

/** Saturdays at 03:00 (Harbor crons have seconds first): a quiet hour for a blocking job. */
export const DEFAULT_GARBAGE_COLLECTION_SCHEDULE = "0 0 3 * * 6";
/** 30 days of audit log. */
export const DEFAULT_AUDIT_LOG_RETENTION_HOURS = 720;
/** Harbor's API accepts 1-10 GC workers (`handler/gc.go` `validateWorkers`); the provider only rejects < 1. */
const MAX_GC_WORKERS = 10;
/** `harbor_retention_policy` takes 1-15 rules. */
const MAX_RETENTION_RULES = 15;

/**
 * One retention rule. Harbor keeps an artifact when any rule retains it. Give exactly one
 * `retain*` criterion; repositories and tags default to all (`**`).
 */
export interface RetentionRuleOptions {
  /**
   * Keep the N most recently pushed artifacts per repository.
   * @default - not this criterion
   */
  readonly retainMostRecentlyPushed?: number;
  /**
   * Keep the N most recently pulled artifacts per repository.
   * @default - not this criterion
   */
  readonly retainMostRecentlyPulled?: number;
  /**
   * Keep artifacts pushed within the last N days.
   * @default - not this criterion
   */
  readonly retainPushedWithinDays?: number;
  /**
   * Keep artifacts pulled within the last N days.
   * @default - not this criterion
   */
  readonly retainPulledWithinDays?: number;
  /**
   * Keep every artifact the repository and tag patterns select.
   * @default - not this criterion
   */
  readonly retainAlways?: boolean;
  /**
   * Repositories the rule applies to (doublestar, several as `{a,b}`).
   * @default "**" unless repositoriesExcluding is given
   */
  readonly repositoriesMatching?: string;
  /**
   * Repositories the rule applies to all but.
   * @default - none excluded
   */
  readonly repositoriesExcluding?: string;
  /**
   * Tags the rule applies to.
   * @default "**" unless tagsExcluding is given
   */
  readonly tagsMatching?: string;
  /**
   * Tags the rule applies to all but.
   * @default - none excluded
   */
  readonly tagsExcluding?: string;
  /**
   * Untagged artifacts count as candidates too.
   * @default true
   */
  readonly includeUntagged?: boolean;
}

/** A project, created identically on both sites. */
export interface ProjectOptions {
  /** Harbor project name: lowercase `[a-z0-9._-]`, 1-255 chars, alphanumeric at both ends. */
  readonly name: string;
  /**
   * Anonymous pulls allowed.
   * @default false
   */
  readonly public?: boolean;
  /**
   * Storage quota in GiB; -1 is unlimited.
   * @default -1
   */
  readonly storageQuotaGiB?: number;
  /**
   * Scan every pushed artifact for vulnerabilities.
   * @default true
   */
  readonly scanOnPush?: boolean;
  /**
   * Refuse pulls of artifacts with a vulnerability of this severity or worse.
   * @default - no threshold
   */
  readonly deploymentSecurity?: DeploymentSecurityLevel;
  /**
   * Tag retention rules (at most 15); artifacts no rule retains are deleted when the policy runs.
   * @default - no retention policy, nothing is deleted
   */
  readonly retentionRules?: readonly RetentionRuleOptions[];
  /**
   * When the retention policy runs: `Hourly`, `Daily`, `Weekly` or a 6-field cron.
   * @default "Daily"
   */
  readonly retentionSchedule?: string;
}

/** A CI robot account: the same name and secret on both sites, so CI survives a failover. */
export interface RobotAccountOptions {
  /** Short name; CI logs in as `robot$<name>`. */
  readonly name: string;
  /** Projects it may pull from (and push to with `push`); each must be one of the policy's projects. */
  readonly projects: readonly string[];
  /**
   * May push, not only pull.
   * @default false
   */
  readonly push?: boolean;
  /**
   * Secret, as a Terraform expression (a `random_password` result or a sensitive variable); never
   * a literal. It must satisfy Harbor's rule: 8+ chars with lower, upper and digit.
   */
  readonly secret: string;
  /**
   * Description shown in Harbor.
   * @default - "CI robot <name>, managed by harbor-cdktf"
   */
  readonly description?: string;
}

/** Everything applied identically to both sites. */
export interface RegistryPolicyOptions {
  /** Projects on the site, each with its quota, scanning and retention. */
  readonly projects: readonly ProjectOptions[];
  /**
   * CI robot accounts.
   * @default []
   */
  readonly robotAccounts?: readonly RobotAccountOptions[];
  /**
   * `Hourly`, `Daily`, `Weekly` or a 6-field cron (seconds first).
   * @default "0 0 3 * * 6" - Saturdays 03:00
   */
  readonly garbageCollectionSchedule?: string;
  /**
   * Garbage collection also deletes untagged artifacts (left behind when a tag moves).
   * @default true
   */
  readonly garbageCollectionDeleteUntagged?: boolean;
  /**
   * Parallel garbage collection workers, 1-10.
   * @default 1
   */
  readonly garbageCollectionWorkers?: number;
  /**
   * Audit-log entries older than this many hours are purged.
   * @default 720 (30 days)
   */
  readonly auditLogRetentionHours?: number;
  /**
   * When the audit-log purge runs.
   * @default "Daily"
   */
  readonly auditLogPurgeSchedule?: string;
  /**
   * Audit-log event types the purge removes.
   * @default ["create_artifact", "delete_artifact", "pull_artifact", "other"] - all of them
   */
  readonly auditLogPurgeEventTypes?: readonly AuditLogEventType[];
  /**
   * When every artifact is rescanned (new CVEs appear for old images).
   * @default "Daily"
   */
  readonly scanAllSchedule?: string;
  /**
   * https address every project posts its events to (e.g. an alert relay in front of Alertmanager).
   * May be a Terraform expression such as a sensitive variable when the URL carries a token.
   * @default - no webhooks
   */
  readonly webhookAddress?: string;
  /**
   * Events the webhooks send.
   * @default ["REPLICATION", "SCANNING_FAILED", "QUOTA_WARNING", "QUOTA_EXCEED"]
   */
  readonly webhookEventTypes?: readonly WebhookEventType[];
}

/** One retention rule as the provider takes it. */
export interface RetentionRuleSpec {
  readonly mostRecentlyPushed?: number;
  readonly mostRecentlyPulled?: number;
  readonly nDaysSinceLastPush?: number;
  readonly nDaysSinceLastPull?: number;
  readonly alwaysRetain?: boolean;
  readonly repoMatching?: string;
  readonly repoExcluding?: string;
  readonly tagMatching?: string;
  readonly tagExcluding?: string;
  readonly untaggedArtifacts: boolean;
}

/** The alert webhook of one project. */
export interface WebhookSpec {
  readonly name: string;
  readonly address: string;
  readonly eventTypes: readonly WebhookEventType[];
  readonly notifyType: "http";
  /** Certificates are verified: the provider's default (true) would skip it. */
  readonly skipCertVerify: false;
}

/** One project with every default applied, as created on each site. */
export interface ProjectSpec {
  readonly name: string;
  readonly public: boolean;
  readonly storageQuotaGiB: number;
  readonly vulnerabilityScanning: boolean;
  readonly deploymentSecurity?: DeploymentSecurityLevel;
  readonly retention?: { readonly schedule: string; readonly rules: readonly RetentionRuleSpec[] };
  readonly webhook?: WebhookSpec;
}

/** The full policy of one site; identical for both. */
export interface RegistryPolicyPlan {
  readonly projects: readonly ProjectSpec[];
  readonly robots: readonly RobotAccountSpec[];
  readonly garbageCollection: {
    readonly schedule: string;
    readonly deleteUntagged: boolean;
    readonly workers: number;
  };
  readonly auditLogPurge: {
    readonly schedule: string;
    readonly retentionHours: number;
    readonly eventTypes: readonly AuditLogEventType[];
  };
  readonly scanAll: { readonly schedule: string };
}

const RETAIN_FIELDS = [
  "retainMostRecentlyPushed",
  "retainMostRecentlyPulled",
  "retainPushedWithinDays",
  "retainPulledWithinDays",
  "retainAlways",
] as const;

/** Tells whether a value is a Terraform expression decided at apply time (a cdktf token). */
export type UnresolvedPredicate = (value: unknown) => boolean;

/**
 * Every problem of a policy, paths prefixed with `path` (a construct path or `policy`). Checks
 * what Harbor and the provider would refuse at apply time, and what would drift forever.
 */
export function policyProblems(
  path: string,
  options: RegistryPolicyOptions,
  isUnresolved: UnresolvedPredicate = () => false,
): ProblemList {
  const problems = new ProblemList();
  const at = (field: string) => `${path}: ${field}`;
  const projectNames = new Set<string>();
  if (!Array.isArray(options.projects)) {
    problems.add(at("projects"), options.projects, "a list of projects (may be empty)");
  } else {
    options.projects.forEach((project, i) => {
      checkProject(at(`projects[${i}]`), project, problems);
      if (typeof project?.name !== "string") return;
      if (projectNames.has(project.name)) {
        problems.add(at(`projects[${i}].name`), project.name, "a name no other project of the policy uses");
      }
      projectNames.add(project.name);
    });
  }
  const robotNames = new Set<string>();
  (options.robotAccounts ?? []).forEach((robot, i) => {
    const robotPath = at(`robotAccounts[${i}]`);
    if (!isHarborRobotName(robot?.name)) {
      problems.add(`${robotPath}.name`, robot?.name, HARBOR_ROBOT_NAME_RULE);
    } else if (robotNames.has(robot.name)) {
      problems.add(`${robotPath}.name`, robot.name, "a name no other robot account of the policy uses");
    } else {
      robotNames.add(robot.name);
    }
    if (!Array.isArray(robot?.projects) || robot.projects.length === 0) {
      problems.add(
        `${robotPath}.projects`,
        robot?.projects,
        "a non-empty list of the policy's project names",
      );
    } else {
      robot.projects.forEach((name, j) => {
        if (!projectNames.has(name)) {
          problems.add(
            `${robotPath}.projects[${j}]`,
            name,
            `one of the policy's projects (${[...projectNames].join(", ") || "none"}): ` +
              "a project missing on the other site fails every token after a failover",
          );
        }
      });
    }
    if (robot?.push !== undefined && typeof robot.push !== "boolean") {
      problems.add(`${robotPath}.push`, robot.push, "true or false");
    }
    if (typeof robot?.secret !== "string" || !isUnresolved(robot.secret)) {
      problems.add(
        `${robotPath}.secret`,
        typeof robot?.secret === "string"
          ? `(a literal of ${robot.secret.length} characters)`
          : robot?.secret,
        "a Terraform expression (random_password result or sensitive variable): a literal would be written to cdk.tf.json",
      );
    }
  });
  checkSchedule(at("garbageCollectionSchedule"), options.garbageCollectionSchedule, problems);
  checkSchedule(at("auditLogPurgeSchedule"), options.auditLogPurgeSchedule, problems);
  checkSchedule(at("scanAllSchedule"), options.scanAllSchedule, problems);
  if (
    options.garbageCollectionDeleteUntagged !== undefined &&
    typeof options.garbageCollectionDeleteUntagged !== "boolean"
  ) {
    problems.add(
      at("garbageCollectionDeleteUntagged"),
      options.garbageCollectionDeleteUntagged,
      "true or false",
    );
  }
  const workers = options.garbageCollectionWorkers;
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= MAX_GC_WORKERS)) {
    problems.add(at("garbageCollectionWorkers"), workers, `a whole number from 1 to ${MAX_GC_WORKERS}`);
  }
  const hours = options.auditLogRetentionHours;
  if (hours !== undefined && !(Number.isInteger(hours) && hours >= 1 && hours <= 87600)) {
    problems.add(at("auditLogRetentionHours"), hours, "a whole number of hours from 1 to 87600 (10 years)");
  }
  checkList(at("auditLogPurgeEventTypes"), options.auditLogPurgeEventTypes, AUDIT_LOG_EVENT_TYPES, problems);
  checkList(at("webhookEventTypes"), options.webhookEventTypes, WEBHOOK_EVENT_TYPES, problems);
  if (options.webhookEventTypes !== undefined && options.webhookAddress === undefined) {
    problems.add(at("webhookEventTypes"), options.webhookEventTypes, "only together with webhookAddress");
  }
  const address = options.webhookAddress;
  if (address !== undefined && !isUnresolved(address) && !isHttpsUrl(address)) {
    problems.add(
      at("webhookAddress"),
      address,
      "an https URL (events carry project and repository names; they must not travel in clear text)",
    );
  }
  return problems;
}

function checkProject(path: string, project: ProjectOptions, problems: ProblemList): void {
  if (typeof project?.name !== "string" || !isHarborProjectName(project.name)) {
    problems.add(`${path}.name`, project?.name, HARBOR_PROJECT_NAME_RULE);
  }
  for (const field of ["public", "scanOnPush"] as const) {
    if (project?.[field] !== undefined && typeof project[field] !== "boolean") {
      problems.add(`${path}.${field}`, project[field], "true or false");
    }
  }
  const quota = project?.storageQuotaGiB;
  if (quota !== undefined && !(Number.isInteger(quota) && (quota === -1 || quota >= 1))) {
    problems.add(`${path}.storageQuotaGiB`, quota, "a whole number of GiB >= 1, or -1 for unlimited");
  }
  const level = project?.deploymentSecurity;
  if (level !== undefined && !(DEPLOYMENT_SECURITY_LEVELS as readonly unknown[]).includes(level)) {
    problems.add(`${path}.deploymentSecurity`, level, `one of ${DEPLOYMENT_SECURITY_LEVELS.join(", ")}`);
  }
  const rules = project?.retentionRules;
  if (rules !== undefined) {
    if (!Array.isArray(rules) || rules.length < 1 || rules.length > MAX_RETENTION_RULES) {
      problems.add(
        `${path}.retentionRules`,
        rules,
        `a list of 1 to ${MAX_RETENTION_RULES} rules, or leave it out`,
      );
    } else {
      rules.forEach((rule, i) => checkRetentionRule(`${path}.retentionRules[${i}]`, rule, problems));
    }
  }
  if (project?.retentionSchedule !== undefined && rules === undefined) {
    problems.add(`${path}.retentionSchedule`, project.retentionSchedule, "only together with retentionRules");
  }
  checkSchedule(`${path}.retentionSchedule`, project?.retentionSchedule, problems);
}

/** The provider's CustomizeDiff, ahead of time: one retain criterion, one repository and one tag field. */
function checkRetentionRule(path: string, rule: RetentionRuleOptions, problems: ProblemList): void {
  const given = RETAIN_FIELDS.filter((field) => rule?.[field] !== undefined);
  if (given.length !== 1) {
    problems.add(
      path,
      Object.fromEntries(given.map((field) => [field, rule[field]])),
      `exactly one of ${RETAIN_FIELDS.join(", ")}`,
    );
  }
  for (const field of given) {
    const value = rule[field];
    const ok = field === "retainAlways" ? value === true : Number.isInteger(value) && (value as number) >= 1;
    if (!ok) {
      problems.add(
        `${path}.${field}`,
        value,
        field === "retainAlways" ? "true (or leave it out)" : "a whole number >= 1",
      );
    }
  }
  for (const [matching, excluding] of [
    ["repositoriesMatching", "repositoriesExcluding"],
    ["tagsMatching", "tagsExcluding"],
  ] as const) {
    if (rule?.[matching] !== undefined && rule?.[excluding] !== undefined) {
      problems.add(
        `${path}.${excluding}`,
        rule[excluding],
        `left out when ${matching} is given (one of the two)`,
      );
    }
    for (const field of [matching, excluding]) {
      const value = rule?.[field];
      if (value !== undefined && (typeof value !== "string" || !/^\S+$/.test(value))) {
        problems.add(
          `${path}.${field}`,
          value,
          "a non-empty doublestar pattern without spaces, e.g. ** or {a,b}",
        );
      }
    }
  }
  if (rule?.includeUntagged !== undefined && typeof rule.includeUntagged !== "boolean") {
    problems.add(`${path}.includeUntagged`, rule.includeUntagged, "true or false");
  }
}

function checkSchedule(path: string, value: unknown, problems: ProblemList): void {
  if (value === undefined) return;
  const problem = harborScheduleProblem(value);
  if (problem) problems.add(path, value, problem);
}

function checkList(path: string, value: unknown, allowed: readonly string[], problems: ProblemList): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length === 0) {
    problems.add(path, value, `a non-empty list of ${allowed.join(", ")}`);
    return;
  }
  value.forEach((item, i) => {
    if (!allowed.includes(item)) problems.add(`${path}[${i}]`, item, `one of ${allowed.join(", ")}`);
  });
  if (new Set(value).size !== value.length) problems.add(path, value, "a list without duplicates");
}

function isHttpsUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.length > 0 && !/\s/.test(value);
  } catch {
    return false;
  }
}

/**
 * CI robots get repository pull, and push only when asked: the token service grants `docker
 * pull/push` from exactly these, and nothing else (no delete, no project settings) is needed.
 */
export function ciRobotAccess(push: boolean): readonly RobotAccessSpec[] {
  const access: RobotAccessSpec[] = [{ resource: "repository", action: "pull" }];
  if (push) access.push({ resource: "repository", action: "push" });
  return access;
}

/** Renders validated options into the plan applied to each site. */
export function planRegistryPolicy(options: RegistryPolicyOptions): RegistryPolicyPlan {
  const webhookAddress = options.webhookAddress;
  return {
    projects: options.projects.map((project) => ({
      name: project.name,
      public: project.public ?? false,
      storageQuotaGiB: project.storageQuotaGiB ?? -1,
      vulnerabilityScanning: project.scanOnPush ?? true,
      deploymentSecurity: project.deploymentSecurity,
      retention:
        project.retentionRules === undefined
          ? undefined
          : {
              schedule: project.retentionSchedule ?? "Daily",
              rules: project.retentionRules.map(renderRetentionRule),
            },
      webhook:
        webhookAddress === undefined
          ? undefined
          : {
              name: "alerts",
              address: webhookAddress,
              eventTypes: options.webhookEventTypes ?? DEFAULT_WEBHOOK_EVENT_TYPES,
              notifyType: "http",
              skipCertVerify: false,
            },
    })),
    robots: (options.robotAccounts ?? []).map((robot) => ({
      name: robot.name,
      description: robot.description ?? `CI robot ${robot.name}, managed by harbor-cdktf`,
      permissions: [...new Set(robot.projects)].map((project) => ({
        kind: "project" as const,
        namespace: project,
        access: ciRobotAccess(robot.push ?? false),
      })),
    })),
    garbageCollection: {
      schedule: options.garbageCollectionSchedule ?? DEFAULT_GARBAGE_COLLECTION_SCHEDULE,
      deleteUntagged: options.garbageCollectionDeleteUntagged ?? true,
      workers: options.garbageCollectionWorkers ?? 1,
    },
    auditLogPurge: {
      schedule: options.auditLogPurgeSchedule ?? "Daily",
      retentionHours: options.auditLogRetentionHours ?? DEFAULT_AUDIT_LOG_RETENTION_HOURS,
      eventTypes: options.auditLogPurgeEventTypes ?? DEFAULT_AUDIT_LOG_EVENT_TYPES,
    },
    scanAll: { schedule: options.scanAllSchedule ?? "Daily" },
  };
}

function renderRetentionRule(rule: RetentionRuleOptions): RetentionRuleSpec {
  const repoExcluding = rule.repositoriesExcluding;
  const tagExcluding = rule.tagsExcluding;
  return {
    mostRecentlyPushed: rule.retainMostRecentlyPushed,
    mostRecentlyPulled: rule.retainMostRecentlyPulled,
    nDaysSinceLastPush: rule.retainPushedWithinDays,
    nDaysSinceLastPull: rule.retainPulledWithinDays,
    alwaysRetain: rule.retainAlways,
    repoMatching: repoExcluding === undefined ? (rule.repositoriesMatching ?? "**") : undefined,
    repoExcluding,
    tagMatching: tagExcluding === undefined ? (rule.tagsMatching ?? "**") : undefined,
    tagExcluding,
    untaggedArtifacts: rule.includeUntagged ?? true,
  };
}
