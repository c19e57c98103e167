import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack, Testing } from "cdktf";
import * as alicloud from "../../constructs/providers/alicloud";
import * as harbor from "../../constructs/providers/harbor";
import {
  checkStackConformance,
  checkSynthDir,
  constraintAdmits,
  findReferenceDir,
  formatViolations,
  HARBOR_DESCRIBED_ENUMERATIONS,
  loadProviderSchemas,
  Violation,
} from "../../test-tooling/schema-conformance";
import { buildAllFullExamples, FULL_EXAMPLES } from "../constructs/providers/full-examples";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function synth(build: (stack: TerraformStack) => void): Json {
  return JSON.parse(Testing.synthScope((scope) => build(scope as TerraformStack)));
}

const REQUIRED_PROVIDERS = {
  alicloud: { source: "aliyun/alicloud", version: "~> 1.289" },
  harbor: { source: "goharbor/harbor", version: "~> 3.12" },
};

/** A hand-written stack JSON with one resource, for feeding the checker broken blocks. */
function stackWith(type: string, block: Json, extra: Json = {}): Json {
  return {
    terraform: { required_providers: REQUIRED_PROVIDERS },
    resource: { [type]: { it: block } },
    ...extra,
  };
}

function kindsAndPaths(violations: Violation[]): string[] {
  return violations.map((v) => `${v.kind} ${v.address}${v.path ? ` ${v.path}` : ""}`);
}

const GOOD_DISK = { zone_id: "cn-hangzhou-h", size: 20, category: "cloud_essd" };
const GOOD_REPLICATION = { name: "r", action: "push", registry_id: 1 };

describe("reference schemas", () => {
  test("are found next to the repository and hold both providers", () => {
    expect(fs.existsSync(path.join(findReferenceDir(), "terraform-provider-alicloud-schema.json"))).toBe(
      true,
    );
    const schemas = loadProviderSchemas();
    expect(schemas.map((s) => [s.name, s.source, s.version])).toEqual([
      ["alicloud", "aliyun/alicloud", "1.289.0"],
      ["harbor", "goharbor/harbor", "3.12.4"],
    ]);
    const [alicloudSchema] = schemas;
    // "id (= bucket name)" in the file is the attribute id.
    expect(alicloudSchema.resources.alicloud_oss_bucket.block.attributes.id).toBeDefined();
    expect(alicloudSchema.resources.alicloud_ecs_disk.timeouts).toEqual(["create", "update", "delete"]);
  });

  test("every described Harbor enumeration names an attribute whose description lists each value", () => {
    const raw = JSON.parse(
      fs.readFileSync(path.join(findReferenceDir(), "terraform-provider-harbor-schema.json"), "utf8"),
    );
    for (const [key, values] of Object.entries(HARBOR_DESCRIBED_ENUMERATIONS)) {
      const [type, ...attributePath] = key.split(".");
      let block = raw.resource_schemas[type]?.block;
      for (const blockName of attributePath.slice(0, -1)) block = block?.block_types?.[blockName]?.block;
      const description: string | undefined =
        block?.attributes?.[attributePath[attributePath.length - 1]]?.description;
      expect({ key, found: description !== undefined }).toEqual({ key, found: true });
      for (const value of values)
        expect({ key, value, listed: description!.includes(value) }).toEqual({ key, value, listed: true });
    }
  });
});

describe("checkStackConformance passes", () => {
  test("a stack with every binding, fully populated", () => {
    const violations = checkStackConformance(synth(buildAllFullExamples));
    expect(formatViolations(violations)).toBe("");
  });

  test("required_providers carry the real sources and version constraints", () => {
    const json = synth(buildAllFullExamples);
    expect(json.terraform.required_providers).toEqual(REQUIRED_PROVIDERS);
  });

  test("stacks without alicloud or harbor blocks (nothing to check)", () => {
    expect(
      checkStackConformance({ resource: { kubernetes_namespace_v1: { a: { metadata: [{ name: "a" }] } } } }),
    ).toEqual([]);
  });

  test("expressions in place of any type, single-object blocks and meta-arguments", () => {
    const violations = checkStackConformance(
      stackWith("alicloud_ecs_disk", {
        zone_id: "${var.zone}",
        size: "${var.size}",
        tags: "${var.tags}",
        count: 2,
        depends_on: ["alicloud_oss_bucket.b"],
        lifecycle: { prevent_destroy: true },
        timeouts: { create: "10m" },
        "//": { metadata: {} },
      }),
    );
    expect(violations).toEqual([]);
  });
});

describe("each binding's fully populated example", () => {
  const bindingClasses = [...Object.entries(alicloud), ...Object.entries(harbor)].filter(
    ([, value]) =>
      typeof value === "function" &&
      typeof (value as { tfResourceType?: unknown }).tfResourceType === "string",
  );

  test("exists for every exported binding class", () => {
    const missing = bindingClasses.map(([name]) => name).filter((name) => !FULL_EXAMPLES[name]);
    expect(missing).toEqual([]);
  });

  test.each(Object.keys(FULL_EXAMPLES))("%s conforms to the schema on its own", (name) => {
    const violations = checkStackConformance(
      synth((stack) => {
        FULL_EXAMPLES[name].build(stack);
        // A resource alone gets no required_providers entry: cdktf writes it from the provider construct.
        if (!name.endsWith("Provider")) {
          new alicloud.AlicloudProvider(stack, "alicloud-provider", { region: "cn-hangzhou" });
          new harbor.HarborProvider(stack, "harbor-provider", { url: "https://harbor.example.com" });
        }
      }),
    );
    expect(formatViolations(violations)).toBe("");
  });

  test("together they write every settable attribute of the schema, except those deliberately left out", () => {
    // Deprecated, removed, write-only (Terraform >= 1.11) and computed-only attributes are never
    // written; these are left out on purpose (see each binding's TSDoc).
    const deliberatelyLeftOut = new Set([
      "provider.alicloud.endpoints", // attributes not transcribed
      "provider.alicloud.security_transport", // older name of secure_transport
      "provider.alicloud.assume_role_with_oidc.oidc_token", // a literal token; RRSA uses oidc_token_file
      "provider.harbor.session_id", // experimental OIDC session cookie
      "harbor_robot_account.secret_wo_version", // belongs to the write-only secret_wo
    ]);
    const json = synth(buildAllFullExamples);
    const written = new Set<string>();
    const collect = (prefix: string, value: Json) => {
      if (Array.isArray(value)) value.forEach((item) => collect(prefix, item));
      else if (value && typeof value === "object") {
        for (const [key, item] of Object.entries(value)) {
          written.add(`${prefix}.${key}`);
          if (item && typeof item === "object") collect(`${prefix}.${key}`, item);
        }
      }
    };
    for (const [name, blocks] of Object.entries(json.provider)) collect(`provider.${name}`, blocks);
    for (const [type, instances] of Object.entries(json.resource as Json)) {
      for (const instance of Object.values(instances as Json)) collect(type, instance);
    }

    const missing: string[] = [];
    const walk = (prefix: string, block: ReturnType<typeof loadProviderSchemas>[number]["provider"]) => {
      for (const [name, attribute] of Object.entries(block.attributes)) {
        const key = `${prefix}.${name}`;
        const settable = attribute.required || attribute.optional;
        const skipped = attribute.deprecated || attribute.removed || attribute.writeOnly || name === "id";
        if (settable && !skipped && !written.has(key) && !deliberatelyLeftOut.has(key)) missing.push(key);
      }
      for (const [name, nested] of Object.entries(block.blockTypes)) {
        const key = `${prefix}.${name}`;
        if (deliberatelyLeftOut.has(key)) continue;
        if (!written.has(key)) missing.push(key);
        else walk(key, nested.block);
      }
    };
    const bound = new Set(
      bindingClasses.map(([, value]) => (value as unknown as { tfResourceType: string }).tfResourceType),
    );
    for (const schema of loadProviderSchemas()) {
      walk(`provider.${schema.name}`, schema.provider);
      for (const [type, resource] of Object.entries(schema.resources))
        if (bound.has(type)) walk(type, resource.block);
    }
    expect(missing).toEqual([]);
  });
});

describe("checkStackConformance fails", () => {
  test("fails on an unknown argument, with a hint for a camelCase name", () => {
    const violations = checkStackConformance(
      stackWith("alicloud_ecs_disk", { ...GOOD_DISK, zoneId: "cn-hangzhou-h", colour: "red" }),
    );
    expect(kindsAndPaths(violations)).toEqual([
      "unknown-argument alicloud_ecs_disk.it zoneId",
      "unknown-argument alicloud_ecs_disk.it colour",
    ]);
    expect(violations[0].message).toBe('unknown argument "zoneId"; did you mean "zone_id"?');
  });

  test("fails on wrong types: string for number, fraction for an integer, number for string, list for string, map values", () => {
    const violations = checkStackConformance(
      stackWith("alicloud_ecs_disk", {
        zone_id: 7,
        size: "20",
        category: ["cloud_essd"],
        storage_set_partition_number: 1.5,
        delete_with_instance: "false",
        tags: { app: 1 },
      }),
    );
    expect(kindsAndPaths(violations)).toEqual([
      "wrong-type alicloud_ecs_disk.it zone_id",
      "wrong-type alicloud_ecs_disk.it size",
      "wrong-type alicloud_ecs_disk.it category",
      "wrong-type alicloud_ecs_disk.it storage_set_partition_number",
      "wrong-type alicloud_ecs_disk.it delete_with_instance",
      "wrong-type alicloud_ecs_disk.it tags",
    ]);
    expect(violations[1].message).toBe('expected number, got "20"');
    expect(violations[5].message).toBe('key "app": expected string, got 1');
  });

  test("fails on a missing required argument, also inside a block", () => {
    const violations = checkStackConformance(
      stackWith("harbor_robot_account", {
        name: "r",
        permissions: [{ kind: "project", access: [{ action: "pull" }] }],
      }),
    );
    expect(kindsAndPaths(violations)).toEqual([
      "missing-required harbor_robot_account.it permissions[0].access[0].resource",
      "missing-required harbor_robot_account.it permissions[0].namespace",
      "missing-required harbor_robot_account.it level",
    ]);
  });

  test("fails on a computed-only attribute, a removed one, a deprecated one and a write-only one", () => {
    const violations = checkStackConformance({
      ...stackWith("alicloud_ecs_disk", {
        ...GOOD_DISK,
        status: "Available",
        dedicated_block_storage_cluster_id: "x",
        enable_auto_snapshot: true,
      }),
      resource: {
        alicloud_ecs_disk: {
          it: {
            ...GOOD_DISK,
            status: "Available",
            dedicated_block_storage_cluster_id: "x",
            enable_auto_snapshot: true,
          },
        },
        harbor_robot_account: {
          r: {
            name: "r",
            level: "system",
            secret_wo: "${var.s}",
            secret_wo_version: 1,
            permissions: [
              { kind: "system", namespace: "/", access: [{ action: "list", resource: "project" }] },
            ],
          },
        },
      },
    });
    expect(kindsAndPaths(violations)).toEqual([
      "computed-only alicloud_ecs_disk.it status",
      "removed-argument alicloud_ecs_disk.it dedicated_block_storage_cluster_id",
      "deprecated-argument alicloud_ecs_disk.it enable_auto_snapshot",
      "write-only-argument harbor_robot_account.r secret_wo",
    ]);
  });

  test("fails on conflicting arguments", () => {
    const violations = checkStackConformance(
      stackWith("alicloud_ecs_disk", { ...GOOD_DISK, disk_name: "a", name: "b" }),
    );
    expect(kindsAndPaths(violations)).toContain("conflicting-arguments alicloud_ecs_disk.it disk_name");
  });

  test("fails on bad nested-block shapes: a string, an expression, a list of strings", () => {
    const violations = checkStackConformance({
      terraform: { required_providers: REQUIRED_PROVIDERS },
      resource: {
        harbor_replication: {
          a: { ...GOOD_REPLICATION, filters: "library/**" },
          b: { ...GOOD_REPLICATION, filters: "${var.filters}" },
          c: { ...GOOD_REPLICATION, filters: ["library/**"] },
          d: { ...GOOD_REPLICATION, filters: [{ name: [["x"]] }] },
        },
      },
    });
    expect(kindsAndPaths(violations)).toEqual([
      "bad-block harbor_replication.a filters",
      "bad-block harbor_replication.b filters",
      "bad-block harbor_replication.c filters",
      "wrong-type harbor_replication.d filters[0].name",
    ]);
  });

  test("fails on block counts outside min/max items", () => {
    const violations = checkStackConformance({
      terraform: { required_providers: REQUIRED_PROVIDERS },
      resource: {
        alicloud_oss_bucket: { b: { versioning: [{ status: "Enabled" }, { status: "Suspended" }] } },
        harbor_retention_policy: { r: { scope: "/projects/1" } },
      },
    });
    expect(kindsAndPaths(violations)).toEqual([
      "block-count alicloud_oss_bucket.b versioning",
      "block-count harbor_retention_policy.r rule",
    ]);
  });

  test("fails on values outside an enumeration, from the schema and from described Harbor values", () => {
    const violations = checkStackConformance({
      terraform: { required_providers: REQUIRED_PROVIDERS },
      resource: {
        alicloud_ecs_disk: {
          d: { ...GOOD_DISK, category: "cloud_regional_disk_auto", performance_level: "PL4" },
        },
        harbor_replication: { r: { ...GOOD_REPLICATION, action: "sync", filters: [{ resource: "helm" }] } },
        harbor_project_member_user: { m: { project_id: "/projects/1", user_name: "u", role: "owner" } },
      },
    });
    expect(kindsAndPaths(violations)).toEqual([
      "not-allowed alicloud_ecs_disk.d category",
      "not-allowed alicloud_ecs_disk.d performance_level",
      "not-allowed harbor_replication.r action",
      "not-allowed harbor_replication.r filters[0].resource",
      "not-allowed harbor_project_member_user.m role",
    ]);
  });

  test("fails on value rules the providers do not check: drifting schedules, numeric project ids, quota 0", () => {
    const violations = checkStackConformance({
      terraform: { required_providers: REQUIRED_PROVIDERS },
      resource: {
        harbor_garbage_collection: { gc: { schedule: "daily" } },
        harbor_replication: { r: { ...GOOD_REPLICATION, schedule: "*/5 * * * *", deletion: true } },
        harbor_retention_policy: {
          p: { scope: "3", rule: [{ always_retain: true, repo_matching: "**", tag_matching: "**" }] },
        },
        harbor_project: { p: { name: "p", storage_quota: 0 } },
      },
    });
    expect(kindsAndPaths(violations)).toEqual([
      "value-rule harbor_garbage_collection.gc schedule",
      "value-rule harbor_replication.r schedule",
      "value-rule harbor_replication.r deletion",
      "value-rule harbor_retention_policy.p scope",
      "value-rule harbor_project.p storage_quota",
    ]);
    expect(violations[1].message).toContain('did you mean "0 */5 * * * *"?');
  });

  test("fails on an unknown resource type, a data source without schema and an unknown timeouts operation", () => {
    const violations = checkStackConformance({
      terraform: { required_providers: REQUIRED_PROVIDERS },
      resource: {
        alicloud_disk_magic: { x: {} },
        alicloud_ecs_auto_snapshot_policy_attachment: {
          a: { auto_snapshot_policy_id: "p", disk_id: "d", timeouts: { update: "5m" } },
        },
        harbor_label: { l: { name: "l", timeouts: { create: "1m" } } },
      },
      data: { alicloud_zones: { z: {} } },
    });
    expect(kindsAndPaths(violations)).toEqual([
      "unknown-resource-type alicloud_disk_magic.x",
      "unknown-argument alicloud_ecs_auto_snapshot_policy_attachment.a timeouts.update",
      "unknown-resource-type data.alicloud_zones",
      "unknown-argument harbor_label.l timeouts",
    ]);
  });

  test("fails on provider blocks: unknown argument, wrong type, bad enumeration and nested block", () => {
    const violations = checkStackConformance({
      terraform: { required_providers: REQUIRED_PROVIDERS },
      provider: {
        alicloud: [
          { region: "cn-hangzhou", protocol: "FTP", assume_role: [{ session_name: "x" }], secretKey: "x" },
        ],
        harbor: [{ url: "https://h", insecure: "false", alias: "primary" }],
      },
    });
    expect(kindsAndPaths(violations)).toEqual([
      "not-allowed provider.alicloud[0] protocol",
      "missing-required provider.alicloud[0] assume_role[0].role_arn",
      "unknown-argument provider.alicloud[0] secretKey",
      "wrong-type provider.harbor[0] insecure",
    ]);
  });

  test("fails on a resource bound to a provider alias that the stack does not declare", () => {
    const violations = checkStackConformance({
      ...stackWith("harbor_project", { name: "p", provider: "harbor.backup" }),
      provider: { harbor: [{ url: "https://h", alias: "primary" }] },
    });
    expect(kindsAndPaths(violations)).toEqual(["unknown-provider-alias harbor_project.it provider"]);
  });

  test("fails on required_providers that are missing, from another source, unversioned or too loose", () => {
    const check = (entry: Json) =>
      checkStackConformance({
        terraform: { required_providers: { alicloud: entry } },
        resource: { alicloud_ecs_disk: { d: GOOD_DISK } },
      }).map((v) => v.message);
    expect(check(undefined)).toEqual([
      'missing: add { source = "aliyun/alicloud", version = "<constraint>" }',
    ]);
    expect(check({ source: "hashicorp/alicloud", version: "~> 1.289" })).toEqual([
      'source "hashicorp/alicloud" is not "aliyun/alicloud"',
    ]);
    expect(check({ source: "aliyun/alicloud" })).toEqual([
      "no version constraint: any future major version could be installed",
    ]);
    expect(check({ source: "aliyun/alicloud", version: ">= 1.200" })).toEqual([
      'version ">= 1.200" admits the next major version 2.0.0',
    ]);
    expect(check({ source: "aliyun/alicloud", version: "~> 1.290" })).toEqual([
      'version "~> 1.290" does not admit 1.289.0, the version the schema was transcribed from',
    ]);
    expect(check({ source: "registry.terraform.io/aliyun/alicloud", version: "~> 1.289.0" })).toEqual([]);
  });

  test("fails when a binding's synthesized block drifts from the schema (an override of a real construct)", () => {
    const json = synth((stack) => {
      new alicloud.AlicloudProvider(stack, "alicloud", { region: "cn-hangzhou" });
      const disk = new alicloud.EcsDisk(stack, "disk", { zoneId: "cn-hangzhou-h", size: 20 });
      disk.addOverride("performance_level", "PL9");
      disk.addOverride("zoneId", "cn-hangzhou-i");
    });
    expect(kindsAndPaths(checkStackConformance(json))).toEqual([
      "not-allowed alicloud_ecs_disk.disk performance_level",
      "unknown-argument alicloud_ecs_disk.disk zoneId",
    ]);
  });
});

describe("checkSynthDir", () => {
  let outdir: string;
  beforeEach(() => (outdir = fs.mkdtempSync(path.join(os.tmpdir(), "conformance-"))));
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("checks every stack of a synth output and names the stack", () => {
    const app = new App({ outdir });
    buildAllFullExamples(new TerraformStack(app, "good"));
    const bad = new TerraformStack(app, "bad");
    new harbor.HarborProvider(bad, "harbor", { url: "https://h.example.com" });
    const gc = new harbor.HarborGarbageCollection(bad, "gc", { schedule: "Daily" });
    gc.addOverride("workers", "two");
    app.synth();
    const violations = checkSynthDir(outdir);
    expect(violations.map((v) => `${v.stack} ${v.kind} ${v.address} ${v.path}`)).toEqual([
      "bad wrong-type harbor_garbage_collection.gc workers",
    ]);
  });

  test("fails on a directory without stacks", () => {
    expect(() => checkSynthDir(outdir)).toThrow(/no stacks directory/);
  });
});

describe("constraintAdmits", () => {
  test.each([
    ["~> 1.289", "1.289.0", true],
    ["~> 1.289", "1.300.2", true],
    ["~> 1.289", "2.0.0", false],
    ["~> 1.289", "1.288.9", false],
    ["~> 1.289.0", "1.289.7", true],
    ["~> 1.289.0", "1.290.0", false],
    ["~> 3", "3.99.0", true],
    ["~> 3", "4.0.0", false],
    [">= 3.12, < 4.0.0", "3.12.4", true],
    [">= 3.12, < 4.0.0", "4.0.0", false],
    ["= 3.12.4", "3.12.4", true],
    ["3.12.4", "3.12.5", false],
    ["!= 3.12.4", "3.12.4", false],
    ["> 1.0", "1.0.0", false],
    ["<= 1.0", "1.0.0", true],
    ["not a constraint", "1.0.0", false],
  ])("%s admits %s: %s", (constraint, version, expected) => {
    expect(constraintAdmits(constraint, version)).toBe(expected);
  });
});
