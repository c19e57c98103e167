import { UNKNOWN, type ObjectValue, type Value } from "../../../test-tooling/provider-double/msgpack-codec";
import {
  applyResourceChange,
  formatPath,
  planResourceChange,
  readDataSource,
  upgradeResourceState,
  validateConfig,
  type AttributePath,
} from "../../../test-tooling/provider-double/planner";
import type { ResourceSchema } from "../../../test-tooling/provider-double/schema";

/** A resource shaped like the ones this project retains: a disk with a volume spec. */
const disk: ResourceSchema = {
  version: 0,
  block: {
    attributes: {
      id: { type: "string", optional: true, computed: true },
      zone_id: {
        type: "string",
        optional: true,
        computed: true,
        force_new: true,
        conflicts_with: ["availability_zone"],
      },
      availability_zone: { type: "string", optional: true, computed: true, force_new: true },
      size: { type: "number", optional: true, computed: true },
      category: {
        type: "string",
        optional: true,
        default: "cloud_efficiency",
        allowed: ["cloud_efficiency", "cloud_essd"],
      },
      encrypted: { type: "bool", optional: true, computed: true, force_new: true },
      status: { type: "string", computed: true },
      password_wo: { type: "string", optional: true, write_only: true },
      settings: {
        nested_type: {
          nesting_mode: "single",
          attributes: {
            mode: { type: "string", optional: true, force_new: true },
            level: { type: "string", optional: true, computed: true },
          },
        },
        optional: true,
      },
    },
    block_types: {
      spec: {
        nesting_mode: "list",
        block: {
          attributes: {
            name: { type: "string", required: true, force_new: true },
            replicas: { type: "number", optional: true, allowed: [1, 2, 3] },
            uid: { type: "string", computed: true },
          },
          block_types: {
            selector: {
              nesting_mode: "list",
              max_items: 1,
              force_new: true,
              block: { attributes: { match: { type: ["map", "string"], optional: true } } },
            },
          },
        },
      },
      rule: {
        nesting_mode: "set",
        block: {
          attributes: {
            key: { type: "string", required: true, force_new: true },
            value: { type: "string", optional: true },
            revision: { type: "number", computed: true },
          },
        },
      },
    },
  },
};

/** Terraform's config value: every attribute present, null where unset. */
function config(values: ObjectValue = {}): ObjectValue {
  return {
    id: null,
    zone_id: "cn-hangzhou-h",
    availability_zone: null,
    size: 100,
    category: "cloud_essd",
    encrypted: false,
    status: null,
    password_wo: null,
    settings: null,
    spec: [{ name: "registry", replicas: 1, uid: null, selector: [] }],
    rule: [{ key: "tier", value: "data", revision: null }],
    ...values,
  };
}

/** What Terraform proposes on update: config, with computed attributes left null in config taken from prior. */
function proposed(prior: ObjectValue, values: ObjectValue = {}): ObjectValue {
  const next = config(values);
  for (const name of ["id", "status", "availability_zone"]) if (next[name] === null) next[name] = prior[name];
  const priorSpec = prior.spec as ObjectValue[];
  next.spec = (next.spec as ObjectValue[]).map((element, index) => ({
    ...element,
    uid: priorSpec[index]?.uid ?? null,
  }));
  next.rule = (next.rule as ObjectValue[]).map((element) => {
    const match = (prior.rule as ObjectValue[]).find(
      (candidate) => candidate.key === element.key && candidate.value === element.value,
    );
    return { ...element, revision: match ? match.revision : null };
  });
  return next;
}

function create(values: ObjectValue = {}): ObjectValue {
  const { planned } = planResourceChange(disk, null, config(values), config(values));
  return applyResourceChange("alicloud_ecs_disk", disk, planned) as ObjectValue;
}

const paths = (requiresReplace: readonly AttributePath[]): string[] => requiresReplace.map(formatPath).sort();

describe("planner: create", () => {
  it("plans computed attributes absent from config as unknown and keeps configured ones", () => {
    const { planned, requiresReplace } = planResourceChange(disk, null, config(), config());
    expect(planned).toMatchObject({
      id: UNKNOWN,
      status: UNKNOWN,
      availability_zone: UNKNOWN,
      zone_id: "cn-hangzhou-h",
      size: 100,
    });
    expect((planned as ObjectValue).spec).toEqual([
      { name: "registry", replicas: 1, uid: UNKNOWN, selector: [] },
    ]);
    expect(requiresReplace).toEqual([]);
  });

  it("plans the schema default for an unset optional argument", () => {
    const { planned } = planResourceChange(
      disk,
      null,
      config({ category: null }),
      config({ category: null }),
    );
    expect((planned as ObjectValue).category).toBe("cloud_efficiency");
  });

  it("never plans or stores a write-only value", () => {
    const { planned } = planResourceChange(
      disk,
      null,
      config({ password_wo: "s3cret" }),
      config({ password_wo: "s3cret" }),
    );
    expect((planned as ObjectValue).password_wo).toBeNull();
    expect((applyResourceChange("x", disk, planned) as ObjectValue).password_wo).toBeNull();
  });

  it("keeps a configured value that is a reference not known yet unknown", () => {
    const { planned } = planResourceChange(
      disk,
      null,
      config({ zone_id: UNKNOWN }),
      config({ zone_id: UNKNOWN }),
    );
    expect((planned as ObjectValue).zone_id).toBe(UNKNOWN);
  });
});

describe("planner: apply", () => {
  it("replaces every unknown with a deterministic placeholder", () => {
    const first = create();
    const second = create();
    expect(first).toEqual(second);
    expect(first.id).toMatch(/^alicloud_ecs_disk-[0-9a-f]{12}$/);
    expect(first.status).toMatch(/^status-[0-9a-f]{8}$/);
    expect((first.spec as ObjectValue[])[0].uid).toMatch(/^uid-/);
    expect((first.rule as ObjectValue[])[0].revision).toEqual(expect.any(Number));
  });

  it("destroys to null", () => {
    expect(applyResourceChange("x", disk, null)).toBeNull();
  });
});

describe("planner: update", () => {
  it("plans no change when the configuration is unchanged", () => {
    const prior = create();
    const { planned, requiresReplace } = planResourceChange(disk, prior, proposed(prior), config());
    expect(planned).toEqual(prior);
    expect(requiresReplace).toEqual([]);
  });

  it("plans a grown size in place", () => {
    const prior = create();
    const { planned, requiresReplace } = planResourceChange(
      disk,
      prior,
      proposed(prior, { size: 200 }),
      config({ size: 200 }),
    );
    expect((planned as ObjectValue).size).toBe(200);
    expect((planned as ObjectValue).id).toBe(prior.id);
    expect(requiresReplace).toEqual([]);
  });

  it("asks for replacement when a force-new argument changes", () => {
    const prior = create();
    const change = planResourceChange(
      disk,
      prior,
      proposed(prior, { zone_id: "cn-hangzhou-i" }),
      config({ zone_id: "cn-hangzhou-i" }),
    );
    expect(paths(change.requiresReplace)).toEqual(["zone_id"]);
    const encryption = planResourceChange(
      disk,
      prior,
      proposed(prior, { encrypted: true }),
      config({ encrypted: true }),
    );
    expect(paths(encryption.requiresReplace)).toEqual(["encrypted"]);
  });

  it("asks for replacement when a force-new value becomes unknown (a reference that will change)", () => {
    const prior = create();
    const change = planResourceChange(
      disk,
      prior,
      proposed(prior, { zone_id: UNKNOWN }),
      config({ zone_id: UNKNOWN }),
    );
    expect(paths(change.requiresReplace)).toEqual(["zone_id"]);
  });

  it("points at the element of a nested list block whose force-new attribute changed", () => {
    const prior = create();
    const spec = [{ name: "database", replicas: 1, uid: null, selector: [] }];
    const change = planResourceChange(disk, prior, proposed(prior, { spec }), config({ spec }));
    expect(paths(change.requiresReplace)).toEqual(["spec[0].name"]);
    expect(((change.planned as ObjectValue).spec as ObjectValue[])[0].uid).toBe(
      (prior.spec as ObjectValue[])[0].uid,
    );
  });

  it("treats a whole force-new block as one value", () => {
    const prior = create();
    const spec = [{ name: "registry", replicas: 1, uid: null, selector: [{ match: { zone: "h" } }] }];
    const change = planResourceChange(disk, prior, proposed(prior, { spec }), config({ spec }));
    expect(paths(change.requiresReplace)).toEqual(["spec[0].selector"]);
  });

  it("updates a non-force-new attribute of a nested block in place", () => {
    const prior = create();
    const spec = [{ name: "registry", replicas: 2, uid: null, selector: [] }];
    expect(
      planResourceChange(disk, prior, proposed(prior, { spec }), config({ spec })).requiresReplace,
    ).toEqual([]);
  });

  it("replaces through the whole set when a force-new member of a set element changes", () => {
    const prior = create();
    const rule = [{ key: "zone", value: "data", revision: null }];
    expect(
      paths(planResourceChange(disk, prior, proposed(prior, { rule }), config({ rule })).requiresReplace),
    ).toEqual(["rule"]);
  });

  it("keeps computed values of unchanged set elements and leaves those of new elements unknown", () => {
    const prior = create();
    const rule = [
      { key: "tier", value: "data", revision: null },
      { key: "owner", value: "ops", revision: null },
    ];
    const { planned } = planResourceChange(disk, prior, proposed(prior, { rule }), config({ rule }));
    const planRules = (planned as ObjectValue).rule as ObjectValue[];
    expect(planRules[0].revision).toBe((prior.rule as ObjectValue[])[0].revision);
    expect(planRules[1].revision).toBe(UNKNOWN);
  });

  it("follows force-new attributes into nested attribute objects", () => {
    const prior = create({ settings: { mode: "fast", level: null } });
    const before = { settings: { mode: "fast", level: (prior.settings as ObjectValue).level } };
    expect(planResourceChange(disk, prior, proposed(prior, before), config(before)).requiresReplace).toEqual(
      [],
    );
    const after = { settings: { mode: "safe", level: (prior.settings as ObjectValue).level } };
    expect(
      paths(planResourceChange(disk, prior, proposed(prior, after), config(after)).requiresReplace),
    ).toEqual(["settings.mode"]);
  });

  it("plans destroy as null without replacement paths", () => {
    expect(planResourceChange(disk, create(), null, null)).toEqual({ planned: null, requiresReplace: [] });
  });
});

describe("planner: validate", () => {
  it("accepts a configuration within the allowed values", () => {
    expect(validateConfig(disk.block, config())).toEqual([]);
  });

  it("fails on a value outside the allowed list, naming the attribute path", () => {
    const diagnostics = validateConfig(disk.block, config({ category: "cloud_regional_disk_auto" }));
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: "error",
        summary:
          'expected category to be one of ["cloud_efficiency","cloud_essd"], got "cloud_regional_disk_auto"',
        path: [{ attribute: "category" }],
      }),
    ]);
  });

  it("fails on an allowed-list violation inside a nested block element", () => {
    const spec = [{ name: "registry", replicas: 9, uid: null, selector: [] }];
    expect(validateConfig(disk.block, config({ spec })).map((d) => formatPath(d.path ?? []))).toEqual([
      "spec[0].replicas",
    ]);
  });

  it("fails when two conflicting arguments are both set", () => {
    const diagnostics = validateConfig(disk.block, config({ availability_zone: "cn-hangzhou-h" }));
    expect(diagnostics.map((d) => d.summary)).toEqual(['"zone_id": conflicts with availability_zone']);
  });

  it("does not judge values that are not known yet", () => {
    expect(validateConfig(disk.block, config({ category: UNKNOWN }))).toEqual([]);
  });
});

describe("planner: data sources and state", () => {
  it("reads a data source with placeholders for its computed attributes", () => {
    const state = readDataSource("alicloud_ecs_disk", disk, config()) as Record<string, Value>;
    expect(state.id).toMatch(/^alicloud_ecs_disk-/);
    expect(state.zone_id).toBe("cn-hangzhou-h");
  });

  it("upgrades stored JSON state to the schema, filling attributes it lacks", () => {
    const upgraded = upgradeResourceState(
      disk,
      JSON.stringify({ id: "d-1", zone_id: "cn-hangzhou-h" }),
    ) as ObjectValue;
    expect(upgraded).toMatchObject({ id: "d-1", zone_id: "cn-hangzhou-h", size: null, spec: null });
  });
});
