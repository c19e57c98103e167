import * as fs from "fs";
import * as path from "path";
import { PROVIDER_FACTS } from "../../scripts/guard/provider-facts";
import { FORCE_NEW, assessInPlace, forceNewPaths, parseQuantity } from "../../scripts/guard/provider-rules";

/** The shared reference schemas live beside the checkouts (…/shared/reference); absent in a plain clone. */
function findReference(): string | undefined {
  for (let dir = path.resolve(__dirname, "..", ".."); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, "shared", "reference");
    if (fs.existsSync(path.join(candidate, "terraform-provider-alicloud-schema.json"))) return candidate;
  }
  return undefined;
}

interface SchemaBlock {
  attributes?: Record<string, { force_new?: boolean }>;
  block_types?: Record<string, { force_new?: boolean; block: SchemaBlock }>;
}

function forceNewOf(block: SchemaBlock, prefix = ""): string[] {
  const own = Object.entries(block.attributes ?? {})
    .filter(([, a]) => a.force_new)
    .map(([name]) => prefix + name);
  const nested = Object.entries(block.block_types ?? {}).flatMap(([name, b]) => [
    ...(b.force_new ? [prefix + name] : []),
    ...forceNewOf(b.block, `${prefix}${name}.`),
  ]);
  return [...own, ...nested];
}

const reference = findReference();
const describeWithReference = reference ? describe : describe.skip;

describeWithReference("ForceNew table against the reference provider schemas", () => {
  for (const file of ["terraform-provider-alicloud-schema.json", "terraform-provider-harbor-schema.json"]) {
    test(`every resource of ${file} has exactly its force_new arguments`, () => {
      const schema = JSON.parse(fs.readFileSync(path.join(reference as string, file), "utf8")) as {
        resource_schemas: Record<string, { block: SchemaBlock }>;
      };
      const types = Object.keys(schema.resource_schemas);
      expect(types.length).toBeGreaterThan(5);
      for (const type of types) {
        expect({ type, forceNew: [...forceNewPaths(type)].sort() }).toEqual({
          type,
          forceNew: forceNewOf(schema.resource_schemas[type].block).sort(),
        });
      }
    });
  }
});

describe("provider rules", () => {
  test("every kubernetes resource replaces on a new name, as the shared metadata schema says", () => {
    expect(forceNewPaths("kubernetes_deployment_v1")).toContain("metadata.name");
    expect(forceNewPaths("kubernetes_namespace_v1")).toEqual(FORCE_NEW.kubernetes_namespace_v1);
    expect(forceNewPaths("null_resource")).toEqual([]);
  });

  test("kubernetes, helm, random and tls rules come from the provider facts the doubles plan with", () => {
    expect(forceNewPaths("random_password")).toEqual(
      expect.arrayContaining(["length", "special", "keepers"]),
    );
    expect(forceNewPaths("tls_private_key")).toEqual(["algorithm", "rsa_bits", "ecdsa_curve"]);
    expect(forceNewPaths("helm_release")).toEqual(["name", "namespace"]);
    expect(forceNewPaths("kubernetes_service_v1")).toEqual(
      expect.arrayContaining(["metadata.name", "spec.cluster_ip", "spec.load_balancer_class"]),
    );
    expect(Object.keys(PROVIDER_FACTS).filter((type) => !(type in FORCE_NEW))).toEqual([]);
  });

  test("quantities compare by bytes", () => {
    expect(parseQuantity("1Gi")).toBe(1073741824);
    expect(parseQuantity("1.5Ti")).toBe(1.5 * 2 ** 40);
    expect(parseQuantity("500M")).toBe(5e8);
    expect(parseQuantity("${var.size}")).toBeUndefined();
    expect(
      assessInPlace("kubernetes_persistent_volume_claim_v1", {
        path: "spec.resources.requests.storage",
        before: "1Gi",
        after: "1000Mi",
      }).forcesReplacement,
    ).toMatch(/shrinks/);
  });

  test("a disk size that becomes a computed value is not called a shrink", () => {
    expect(assessInPlace("alicloud_ecs_disk", { path: "size", before: 20, after: "${var.size}" })).toEqual({
      note: "size changes to a computed value: grown in place if larger",
    });
  });

  test("a volume whose reclaim policy leaves Retain is risky", () => {
    expect(
      assessInPlace("kubernetes_persistent_volume_v1", {
        path: "spec.persistent_volume_reclaim_policy",
        before: "Retain",
        after: "Delete",
      }).risky,
    ).toMatch(/deleting the claim would delete the disk/);
  });
});
