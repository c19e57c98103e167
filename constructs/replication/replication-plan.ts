/**
 * The replication pair as plain data: one rule spec, rendered into the two mirrored halves each
 * Harbor site holds. Site A's half is an endpoint for B and the rules push A→B and pull B→A; site
 * B's half is the same with A and B swapped. Each site also holds the `replicator` robot its peer
 * logs in as, the same on both sites ({@link planReplicator}).
 *
 * This module imports nothing from cdktf: constructs wire its output to resources, and the
 * mirroring is unit-tested here.
 */
import { checkReplicationSchedule, cronProblem } from "../lib/harbor-schedule";
import {
  HARBOR_ROBOT_NAME_RULE,
  RobotAccessSpec,
  RobotAccountSpec,
  isHarborRobotName,
  robotFullName,
} from "../lib/harbor-robot";
import { DNS_LABEL_RULE, isDnsLabel, isHarborProjectName, isHostname } from "../lib/naming";
import { ProblemList } from "../lib/validation";

/** Every ten minutes, at second 0 of minutes 0, 10, 20, ... (Harbor crons have seconds first). */
export const DEFAULT_COMPENSATION_SCHEDULE = "0 */10 * * * *";
/** The robot each site's peer logs in as to replicate. */
export const DEFAULT_REPLICATOR_ROBOT_NAME = "replicator";
/** The push trigger that copies an image the moment it is pushed. */
export const EVENT_BASED = "event_based";

export const REPLICATION_RESOURCE_TYPES = ["image", "artifact"] as const;
/** The kind of artifact a replication rule may be limited to: `image` or `artifact`. */
export type ReplicationResourceType = (typeof REPLICATION_RESOURCE_TYPES)[number];

export const TAG_FILTER_DECORATIONS = ["matches", "excludes"] as const;
/** Whether a tag filter selects (`matches`) or leaves out (`excludes`) the tags it matches. */
export type TagFilterDecoration = (typeof TAG_FILTER_DECORATIONS)[number];

/** One Harbor site as its peer reaches it. */
export interface ReplicationSite {
  /** Site name, a DNS label (e.g. `hz-h`); names the endpoint and the rules that point at the site. */
  readonly name: string;
  /**
   * `https://<site hostname>`: the site's own hostname on the gateway, pinned to this site. Never
   * the failover hostname, or a replication could land on the site it came from.
   */
  readonly url: string;
}

/** What is replicated and how: one spec, applied in both directions. */
export interface ReplicationOptions {
  /**
   * Doublestar pattern on repository names, e.g. `library/**` or `{ci,charts}/**`.
   * @default - every repository
   */
  readonly repositoryFilter?: string;
  /**
   * Doublestar pattern on tags, e.g. `v*` or `{latest,stable}`.
   * @default - every tag
   */
  readonly tagFilter?: string;
  /**
   * Whether `tagFilter` selects (`matches`) or leaves out (`excludes`) the tags it matches.
   * @default "matches"
   */
  readonly tagFilterDecoration?: TagFilterDecoration;
  /**
   * Replicate only this kind of artifact.
   * @default - every kind (images, Helm charts and other OCI artifacts)
   */
  readonly resourceFilter?: ReplicationResourceType;
  /**
   * Trigger of the push rule: `event_based` copies each push at once; a 6-field cron batches them.
   * @default "event_based"
   */
  readonly pushSchedule?: string;
  /**
   * Also delete on the peer what is deleted here (push rule only; Harbor honours it only for
   * `event_based` triggers). Opt-in: a mistaken delete then takes both copies.
   * @default false
   */
  readonly replicateDeletions?: boolean;
  /**
   * Push rule: overwrite an artifact of the same name on the peer. The pushed artifact is the
   * newest by definition, so this is safe.
   * @default true
   */
  readonly override?: boolean;
  /**
   * Compensation pull rule: overwrite a local artifact of the same name with the peer's. Off by
   * default: a peer that missed pushes while it was down still holds older digests of moving tags
   * (`latest`), and pulling them with override would roll back the active site.
   * @default false
   */
  readonly compensationOverride?: boolean;
  /**
   * Bandwidth limit of each execution in Kbps; -1 is unlimited.
   * @default -1
   */
  readonly speedLimitKbps?: number;
  /**
   * When the compensation pull rule runs: a 6-field Harbor cron, seconds first.
   * @default "0 *\/10 * * * *" - every ten minutes
   */
  readonly compensationSchedule?: string;
  /**
   * Name of the system robot each site's peer logs in as.
   * @default "replicator"
   */
  readonly replicatorRobotName?: string;
}

/** One replication filter; the provider reads exactly one kind per `filters` block. */
export interface ReplicationFilterSpec {
  readonly name?: string;
  readonly tag?: string;
  readonly decoration?: TagFilterDecoration;
  readonly resource?: ReplicationResourceType;
}

/** One replication rule as the provider takes it: the push or the pull rule of a site. */
export interface ReplicationRuleSpec {
  readonly name: string;
  readonly description: string;
  readonly action: "push" | "pull";
  /** `event_based` or a 6-field cron. */
  readonly schedule: string;
  readonly deletion: boolean;
  readonly override: boolean;
  readonly speedKbps: number;
  /** One scheduled pull at a time: a slow run must not overlap the next one. */
  readonly singleActiveReplication: boolean;
  readonly filters: readonly ReplicationFilterSpec[];
}

/** The registry endpoint a site keeps for its peer. */
export interface RegistryEndpointSpec {
  readonly name: string;
  readonly description: string;
  readonly providerName: "harbor";
  readonly url: string;
  /** The peer's replicator login, `robot$replicator`. */
  readonly accessId: string;
  /** TLS verification stays on: the peer is reached over https on a public certificate. */
  readonly insecure: false;
}

/** The links one site holds of the pair. */
export interface SiteReplicationPlan {
  readonly site: string;
  readonly peer: string;
  /** Endpoint on this site for the peer. */
  readonly endpoint: RegistryEndpointSpec;
  /** This site → peer, on every push. */
  readonly push: ReplicationRuleSpec;
  /** Peer → this site, on a schedule: brings back what landed on the peer while this site was down. */
  readonly pull: ReplicationRuleSpec;
}

/**
 * Every problem of a pair spec, paths prefixed with `path` (a construct path). Sites are checked
 * apart so that a half can be validated alone.
 */
export function replicationProblems(
  path: string,
  sites: readonly [ReplicationSite, ReplicationSite],
  options: ReplicationOptions,
): ProblemList {
  const problems = new ProblemList();
  sites.forEach((site, i) => checkSite(`${path}: sites[${i}]`, site, problems));
  if (sites[0]?.name === sites[1]?.name) {
    problems.add(`${path}: sites[1].name`, sites[1]?.name, "a name different from the other site's");
  }
  if (sites[0]?.url === sites[1]?.url) {
    problems.add(
      `${path}: sites[1].url`,
      sites[1]?.url,
      "a URL different from the other site's: each endpoint must reach exactly its peer",
    );
  }
  checkOptions(path, options, problems);
  return problems;
}

/** Every problem of the options alone, for constructs that take no sites (the replicator). */
export function replicationOptionsProblems(path: string, options: ReplicationOptions): ProblemList {
  const problems = new ProblemList();
  checkOptions(path, options, problems);
  return problems;
}

function checkSite(path: string, site: ReplicationSite, problems: ProblemList): void {
  if (!isDnsLabel(String(site?.name ?? ""), 20)) {
    problems.add(`${path}.name`, site?.name, `${DNS_LABEL_RULE}, at most 20 chars`);
  }
  const host = typeof site?.url === "string" ? /^https:\/\/([^/:]+)(:\d{1,5})?\/?$/.exec(site.url) : null;
  if (!host || !isHostname(host[1])) {
    problems.add(
      `${path}.url`,
      site?.url,
      "https://<the site's own hostname>: Harbor's token realm takes its scheme from externalURL (https), " +
        "so a plain-http endpoint fetches its token from a URL that does not answer",
    );
  }
}

function checkOptions(path: string, options: ReplicationOptions, problems: ProblemList): void {
  const at = (field: string) => `${path}: ${field}`;
  for (const field of ["repositoryFilter", "tagFilter"] as const) {
    const value = options[field];
    if (value !== undefined && (typeof value !== "string" || !/^\S+$/.test(value))) {
      problems.add(
        at(field),
        value,
        "a non-empty doublestar pattern without spaces, e.g. library/** or {a,b}/**",
      );
    }
  }
  if (options.tagFilterDecoration !== undefined) {
    if (!(TAG_FILTER_DECORATIONS as readonly unknown[]).includes(options.tagFilterDecoration)) {
      problems.add(
        at("tagFilterDecoration"),
        options.tagFilterDecoration,
        TAG_FILTER_DECORATIONS.join(" or "),
      );
    } else if (options.tagFilter === undefined) {
      problems.add(at("tagFilterDecoration"), options.tagFilterDecoration, "only together with tagFilter");
    }
  }
  if (
    options.resourceFilter !== undefined &&
    !(REPLICATION_RESOURCE_TYPES as readonly unknown[]).includes(options.resourceFilter)
  ) {
    problems.add(at("resourceFilter"), options.resourceFilter, REPLICATION_RESOURCE_TYPES.join(" or "));
  }
  const pushSchedule = options.pushSchedule ?? EVENT_BASED;
  const pushScheduleProblem = pushSchedule === EVENT_BASED ? undefined : replicationCronProblem(pushSchedule);
  if (pushScheduleProblem) {
    problems.add(at("pushSchedule"), options.pushSchedule, `"${EVENT_BASED}" or ${pushScheduleProblem}`);
  }
  if (options.replicateDeletions === true && pushSchedule !== EVENT_BASED) {
    problems.add(
      at("replicateDeletions"),
      options.replicateDeletions,
      `false while pushSchedule is not "${EVENT_BASED}": Harbor replicates deletions only from event-based rules, ` +
        "and the provider would show a change on every plan",
    );
  }
  for (const field of ["replicateDeletions", "override", "compensationOverride"] as const) {
    if (options[field] !== undefined && typeof options[field] !== "boolean") {
      problems.add(at(field), options[field], "true or false");
    }
  }
  const speed = options.speedLimitKbps;
  if (speed !== undefined && !(Number.isInteger(speed) && (speed === -1 || speed >= 1))) {
    problems.add(at("speedLimitKbps"), speed, "a whole number of Kbps >= 1, or -1 for unlimited");
  }
  if (options.compensationSchedule !== undefined) {
    const problem = replicationCronProblem(options.compensationSchedule);
    if (problem) problems.add(at("compensationSchedule"), options.compensationSchedule, problem);
  }
  if (options.replicatorRobotName !== undefined && !isHarborRobotName(options.replicatorRobotName)) {
    problems.add(at("replicatorRobotName"), options.replicatorRobotName, HARBOR_ROBOT_NAME_RULE);
  }
}

/**
 * Why `value` is not a cron Harbor accepts for a scheduled replication rule: a 6-field cron with
 * seconds 0 (a 5-field cron gets its corrected form) and not `*` in the minutes field.
 */
function replicationCronProblem(value: unknown): string | undefined {
  const problem = cronProblem(value);
  if (problem !== undefined) return problem;
  const scratch = new ProblemList();
  checkReplicationSchedule(scratch, "schedule", value as string);
  return scratch.problems[0]?.expected;
}

/**
 * `name` filter selecting whole projects: `ci/**` for one, `{ci,charts}/**` for several (Harbor
 * resolves a `{...}` first path component to exactly those projects instead of listing them all).
 * Undefined for no project, which replicates every repository.
 */
export function repositoryFilterForProjects(projects: readonly string[]): string | undefined {
  const names = [...new Set(projects)];
  const bad = names.find((name) => !isHarborProjectName(name));
  if (bad !== undefined) throw new Error(`not a Harbor project name: ${JSON.stringify(bad)}`);
  if (names.length === 0) return undefined;
  return names.length === 1 ? `${names[0]}/**` : `{${names.join(",")}}/**`;
}

/**
 * What the replicator may do on the site it logs in to, and nothing more: the Harbor adapter of
 * the peer lists projects and labels, reads repositories, artifacts, tags and accessories (pull and
 * compare), and pushes blobs and manifests. Deleting is granted only when deletions replicate.
 * Creating projects is not granted: projects are declared on both sites (a project missing on one
 * side must fail replication loudly, because it would also fail every token after a failover).
 */
export function replicatorAccess(replicateDeletions: boolean): {
  readonly system: readonly RobotAccessSpec[];
  readonly project: readonly RobotAccessSpec[];
} {
  const project: RobotAccessSpec[] = [
    { resource: "project", action: "read" },
    { resource: "repository", action: "list" },
    { resource: "repository", action: "read" },
    { resource: "repository", action: "pull" },
    { resource: "repository", action: "push" },
    { resource: "artifact", action: "list" },
    { resource: "artifact", action: "read" },
    { resource: "tag", action: "list" },
    { resource: "tag", action: "create" },
    { resource: "accessory", action: "list" },
  ];
  if (replicateDeletions) {
    project.push(
      { resource: "repository", action: "delete" },
      { resource: "artifact", action: "delete" },
      { resource: "tag", action: "delete" },
    );
  }
  return {
    system: [
      { resource: "project", action: "list" },
      { resource: "label", action: "read" },
    ],
    project,
  };
}

/** The half of the pair that lives on `site`, pointing at `peer`. Options are assumed valid. */
export function planSiteReplication(
  site: ReplicationSite,
  peer: ReplicationSite,
  options: ReplicationOptions = {},
): SiteReplicationPlan {
  const replicatorName = options.replicatorRobotName ?? DEFAULT_REPLICATOR_ROBOT_NAME;
  const deletions = options.replicateDeletions ?? false;
  const speedKbps = options.speedLimitKbps ?? -1;
  const filters = renderFilters(options);
  return {
    site: site.name,
    peer: peer.name,
    endpoint: {
      name: peer.name,
      description: `Harbor site ${peer.name} through its pinned hostname; replication only`,
      providerName: "harbor",
      url: peer.url.replace(/\/$/, ""),
      accessId: robotFullName(replicatorName),
      insecure: false,
    },
    push: {
      name: `push-to-${peer.name}`,
      description: `Copies every push on ${site.name} to ${peer.name}`,
      action: "push",
      schedule: options.pushSchedule ?? EVENT_BASED,
      deletion: deletions,
      override: options.override ?? true,
      speedKbps,
      singleActiveReplication: false,
      filters,
    },
    pull: {
      name: `pull-from-${peer.name}`,
      description: `Brings back to ${site.name} what was pushed to ${peer.name} while ${site.name} was unreachable`,
      action: "pull",
      schedule: options.compensationSchedule ?? DEFAULT_COMPENSATION_SCHEDULE,
      deletion: false,
      override: options.compensationOverride ?? false,
      speedKbps,
      singleActiveReplication: true,
      filters,
    },
  };
}

/**
 * The robot each site's peer logs in as: identical on both sites (same name, permissions and,
 * given by the caller, secret), so it carries no site name.
 */
export function planReplicator(
  options: Pick<ReplicationOptions, "replicatorRobotName" | "replicateDeletions"> = {},
): RobotAccountSpec {
  const access = replicatorAccess(options.replicateDeletions ?? false);
  return {
    name: options.replicatorRobotName ?? DEFAULT_REPLICATOR_ROBOT_NAME,
    description: "Login the peer Harbor site replicates with; same name and secret on both sites",
    permissions: [
      { kind: "system", namespace: "/", access: access.system },
      { kind: "project", namespace: "*", access: access.project },
    ],
  };
}

/** Both halves of the pair: `[half on sites[0], half on sites[1]]`, mirror images of each other. */
export function planReplicationPair(
  sites: readonly [ReplicationSite, ReplicationSite],
  options: ReplicationOptions = {},
): readonly [SiteReplicationPlan, SiteReplicationPlan] {
  return [planSiteReplication(sites[0], sites[1], options), planSiteReplication(sites[1], sites[0], options)];
}

function renderFilters(options: ReplicationOptions): ReplicationFilterSpec[] {
  const filters: ReplicationFilterSpec[] = [];
  if (options.repositoryFilter !== undefined) filters.push({ name: options.repositoryFilter });
  if (options.tagFilter !== undefined) {
    filters.push({ tag: options.tagFilter, decoration: options.tagFilterDecoration ?? "matches" });
  }
  if (options.resourceFilter !== undefined) filters.push({ resource: options.resourceFilter });
  return filters;
}
