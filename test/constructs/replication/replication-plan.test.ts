import {
  DEFAULT_COMPENSATION_SCHEDULE,
  ReplicationOptions,
  ReplicationSite,
  SiteReplicationPlan,
  planReplicationPair,
  planReplicator,
  planSiteReplication,
  replicationProblems,
  replicatorAccess,
  repositoryFilterForProjects,
} from "../../../constructs/replication/replication-plan";

const primary: ReplicationSite = { name: "hz-h", url: "https://harbor-hz-h.registry.example.com" };
const backup: ReplicationSite = { name: "hz-i", url: "https://harbor-hz-i.registry.example.com" };

function problemsOf(
  options: ReplicationOptions,
  sites: [ReplicationSite, ReplicationSite] = [primary, backup],
) {
  return replicationProblems("pair", sites, options).problems;
}

/** Renames every mention of one site to the other: what B's half must equal if it mirrors A's. */
function swapSites(plan: SiteReplicationPlan, a: ReplicationSite, b: ReplicationSite): unknown {
  const swaps = new Map([
    [a.url, b.url],
    [b.url, a.url],
    [a.name, b.name],
    [b.name, a.name],
  ]);
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // One pass, longest first: a URL contains its site's name and must be swapped whole.
  const pattern = new RegExp(
    [...swaps.keys()]
      .sort((x, y) => y.length - x.length)
      .map(escape)
      .join("|"),
    "g",
  );
  return JSON.parse(JSON.stringify(plan).replace(pattern, (match) => swaps.get(match) ?? match));
}

describe("planSiteReplication", () => {
  const plan = planSiteReplication(primary, backup, { repositoryFilter: "{ci,charts}/**" });

  test("points the endpoint at the peer's pinned hostname over https with TLS verification", () => {
    expect(plan.endpoint).toMatchObject({
      name: "hz-i",
      providerName: "harbor",
      url: "https://harbor-hz-i.registry.example.com",
      accessId: "robot$replicator",
      insecure: false,
    });
  });

  test("pushes to the peer on every event, overriding, without deletions by default", () => {
    expect(plan.push).toMatchObject({
      name: "push-to-hz-i",
      action: "push",
      schedule: "event_based",
      deletion: false,
      override: true,
      speedKbps: -1,
    });
  });

  test("pulls from the peer on the compensation cron without overriding local artifacts", () => {
    expect(plan.pull).toMatchObject({
      name: "pull-from-hz-i",
      action: "pull",
      schedule: DEFAULT_COMPENSATION_SCHEDULE,
      deletion: false,
      override: false,
      singleActiveReplication: true,
    });
    expect(DEFAULT_COMPENSATION_SCHEDULE.split(" ")).toHaveLength(6);
  });

  test("gives both rules the same filters, one kind per block", () => {
    const options: ReplicationOptions = {
      repositoryFilter: "ci/**",
      tagFilter: "snapshot-*",
      tagFilterDecoration: "excludes",
      resourceFilter: "image",
    };
    const withFilters = planSiteReplication(primary, backup, options);
    const expected = [
      { name: "ci/**" },
      { tag: "snapshot-*", decoration: "excludes" },
      { resource: "image" },
    ];
    expect(withFilters.push.filters).toEqual(expected);
    expect(withFilters.pull.filters).toEqual(expected);
    for (const filter of withFilters.push.filters) {
      const kinds = ["name", "tag", "resource"].filter((key) => key in filter);
      expect(kinds).toHaveLength(1);
    }
  });

  test("replicates deletions only on the push rule when opted in", () => {
    const withDeletions = planSiteReplication(primary, backup, { replicateDeletions: true });
    expect(withDeletions.push.deletion).toBe(true);
    expect(withDeletions.pull.deletion).toBe(false);
  });

  test("passes the speed limit and override settings to the rules", () => {
    const tuned = planSiteReplication(primary, backup, {
      speedLimitKbps: 20480,
      override: false,
      compensationOverride: true,
      compensationSchedule: "0 30 * * * *",
    });
    expect(tuned.push).toMatchObject({ speedKbps: 20480, override: false });
    expect(tuned.pull).toMatchObject({ speedKbps: 20480, override: true, schedule: "0 30 * * * *" });
  });
});

describe("planReplicator", () => {
  test("is the same robot on both sites: fixed name, no site name, least privilege", () => {
    const replicator = planReplicator();
    expect(replicator.name).toBe("replicator");
    expect(JSON.stringify(replicator)).not.toMatch(/hz-/);
    const projectScope = replicator.permissions.find((p) => p.kind === "project");
    expect(projectScope?.namespace).toBe("*");
    const actions = projectScope?.access.map((a) => `${a.resource}:${a.action}`);
    expect(actions).toEqual(expect.arrayContaining(["repository:pull", "repository:push", "artifact:read"]));
    expect(actions?.some((a) => a.endsWith(":delete"))).toBe(false);
    const systemScope = replicator.permissions.find((p) => p.kind === "system");
    expect(systemScope?.namespace).toBe("/");
    expect(systemScope?.access.map((a) => `${a.resource}:${a.action}`)).not.toContain("project:create");
  });

  test("takes its name from the options, the same one the endpoints log in with", () => {
    const options = { replicatorRobotName: "repl-2" };
    expect(planReplicator(options).name).toBe("repl-2");
    expect(planSiteReplication(primary, backup, options).endpoint.accessId).toBe("robot$repl-2");
  });

  test("grants delete to the replicator only when deletions replicate", () => {
    const deleting = replicatorAccess(true).project.map((a) => `${a.resource}:${a.action}`);
    expect(planReplicator({ replicateDeletions: true }).permissions[1].access).toEqual(
      replicatorAccess(true).project,
    );
    expect(deleting).toEqual(expect.arrayContaining(["repository:delete", "artifact:delete", "tag:delete"]));
  });
});

describe("planReplicationPair", () => {
  const options: ReplicationOptions = {
    repositoryFilter: "{library,ci}/**",
    tagFilter: "v*",
    replicateDeletions: true,
  };
  const [onPrimary, onBackup] = planReplicationPair([primary, backup], options);

  test("renders two halves that are mirror images of each other", () => {
    expect(swapSites(onPrimary, primary, backup)).toEqual(onBackup);
    expect(swapSites(onBackup, primary, backup)).toEqual(onPrimary);
  });

  test("covers both directions with both rule kinds", () => {
    const edges = [onPrimary, onBackup].flatMap((half) => [
      { from: half.site, to: half.peer, action: half.push.action, trigger: half.push.schedule },
      { from: half.peer, to: half.site, action: half.pull.action, trigger: half.pull.schedule },
    ]);
    expect(edges).toEqual([
      { from: "hz-h", to: "hz-i", action: "push", trigger: "event_based" },
      { from: "hz-i", to: "hz-h", action: "pull", trigger: DEFAULT_COMPENSATION_SCHEDULE },
      { from: "hz-i", to: "hz-h", action: "push", trigger: "event_based" },
      { from: "hz-h", to: "hz-i", action: "pull", trigger: DEFAULT_COMPENSATION_SCHEDULE },
    ]);
  });

  test("logs both endpoints in as the replicator robot", () => {
    expect(onPrimary.endpoint.accessId).toBe(`robot$${planReplicator(options).name}`);
    expect(onBackup.endpoint.accessId).toBe(onPrimary.endpoint.accessId);
  });
});

describe("repositoryFilterForProjects", () => {
  test("selects one project, several projects, or everything", () => {
    expect(repositoryFilterForProjects(["ci"])).toBe("ci/**");
    expect(repositoryFilterForProjects(["library", "ci", "library"])).toBe("{library,ci}/**");
    expect(repositoryFilterForProjects([])).toBeUndefined();
  });

  test("fails on a name Harbor would not accept as a project", () => {
    expect(() => repositoryFilterForProjects(["CI"])).toThrow('not a Harbor project name: "CI"');
  });
});

describe("replicationProblems", () => {
  test("accepts the defaults and a fully tuned spec", () => {
    expect(problemsOf({})).toEqual([]);
    expect(
      problemsOf({
        repositoryFilter: "ci/**",
        tagFilter: "v*",
        tagFilterDecoration: "matches",
        resourceFilter: "artifact",
        replicateDeletions: true,
        override: true,
        compensationOverride: false,
        speedLimitKbps: 1024,
        compensationSchedule: "0 */5 * * * *",
        replicatorRobotName: "replicator-2",
        pushSchedule: "event_based",
      }),
    ).toEqual([]);
  });

  test("fails on a 5-field compensation cron and shows the 6-field form", () => {
    const [problem] = problemsOf({ compensationSchedule: "*/10 * * * *" });
    expect(problem.path).toBe("pair: compensationSchedule");
    expect(problem.expected).toContain('did you mean "0 */10 * * * *"?');
  });

  test("fails on a compensation cron that would start every minute, as Harbor does", () => {
    const [problem] = problemsOf({ compensationSchedule: "0 * * * * *" });
    expect(problem).toMatchObject({
      path: "pair: compensationSchedule",
      expected: expect.stringContaining("minutes"),
    });
  });

  test("fails on a compensation schedule that is not a cron at all", () => {
    const [problem] = problemsOf({ compensationSchedule: "Daily" });
    expect(problem.expected).toContain("6-field cron with seconds first");
  });

  test("fails on deletions with a scheduled push rule", () => {
    const problems = problemsOf({ pushSchedule: "0 0 2 * * *", replicateDeletions: true });
    expect(problems).toEqual([
      expect.objectContaining({
        path: "pair: replicateDeletions",
        expected: expect.stringContaining("event-based"),
      }),
    ]);
  });

  test("fails on a push schedule that is neither event_based nor a cron", () => {
    const [problem] = problemsOf({ pushSchedule: "immediate" });
    expect(problem.path).toBe("pair: pushSchedule");
  });

  test.each([0, -2, 1.5, "fast"])("fails on speed limit %p", (speed) => {
    const [problem] = problemsOf({ speedLimitKbps: speed as number });
    expect(problem).toMatchObject({ path: "pair: speedLimitKbps", value: speed });
  });

  test("fails on an unknown resource type and a tag decoration without a tag filter", () => {
    const problems = problemsOf({ resourceFilter: "chart" as "image", tagFilterDecoration: "excludes" });
    expect(problems.map((p) => p.path)).toEqual(["pair: tagFilterDecoration", "pair: resourceFilter"]);
  });

  test("fails on filters with spaces and a bad replicator name", () => {
    const problems = problemsOf({ repositoryFilter: "ci/ **", tagFilter: "", replicatorRobotName: "Repl+1" });
    expect(problems.map((p) => p.path)).toEqual([
      "pair: repositoryFilter",
      "pair: tagFilter",
      "pair: replicatorRobotName",
    ]);
  });

  test("fails on a plain-http endpoint URL and explains the token realm", () => {
    const problems = problemsOf({}, [
      primary,
      { name: "hz-i", url: "http://harbor-hz-i.registry.example.com" },
    ]);
    expect(problems).toEqual([
      expect.objectContaining({
        path: "pair: sites[1].url",
        expected: expect.stringContaining("token realm"),
      }),
    ]);
  });

  test("fails when both sites share a name or a URL", () => {
    const problems = problemsOf({}, [primary, { ...primary }]);
    expect(problems.map((p) => p.path)).toEqual(["pair: sites[1].name", "pair: sites[1].url"]);
  });

  test("fails on a site name that is not a DNS label", () => {
    const [problem] = problemsOf({}, [{ ...primary, name: "HZ_H" }, backup]);
    expect(problem.path).toBe("pair: sites[0].name");
  });
});
