import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  deriveCdktfProviderSchema,
  readCdktfPackageProvider,
  typeNameOfModule,
} from "../../../test-tooling/provider-double/cdktf-schema";
import { findReferenceDir } from "../../../test-tooling/schema-conformance";
import {
  applyProviderFacts,
  missingFacts,
  PROVIDER_FACTS,
} from "../../../test-tooling/provider-double/provider-facts";
import { normaliseReferenceSchema } from "../../../test-tooling/provider-double/reference-schema";
import type { ProviderSchemaDocument } from "../../../test-tooling/provider-double/schema";

const repoRoot = join(__dirname, "..", "..", "..");
const packageDir = (name: string): string => dirname(require.resolve(`@cdktf/provider-${name}/package.json`));
const derive = (name: string, types: string[]): ProviderSchemaDocument =>
  deriveCdktfProviderSchema(packageDir(name), { types: new Set(types) });

describe("schemas derived from the cdktf packages", () => {
  const kubernetes = derive("kubernetes", [
    "kubernetes_namespace_v1",
    "kubernetes_persistent_volume_v1",
    "kubernetes_service_v1",
    "kubernetes_secret_v1",
  ]);

  it("reads the provider source and the exact version cdktf pins", () => {
    expect(readCdktfPackageProvider(packageDir("kubernetes"))).toEqual({
      source: "hashicorp/kubernetes",
      version: "2.38.0",
      localName: "kubernetes",
    });
    expect(readCdktfPackageProvider(packageDir("random")).source).toBe("hashicorp/random");
  });

  it("derives only the requested types, plus the provider configuration", () => {
    expect(Object.keys(kubernetes.resource_schemas).sort()).toEqual([
      "kubernetes_namespace_v1",
      "kubernetes_persistent_volume_v1",
      "kubernetes_secret_v1",
      "kubernetes_service_v1",
    ]);
    expect(kubernetes.provider.block.attributes?.config_path).toEqual({ type: "string", optional: true });
    expect(kubernetes.provider.block.attributes?.alias).toBeUndefined();
  });

  it("derives names, types, nesting, required and computed-only attributes", () => {
    const namespace = kubernetes.resource_schemas.kubernetes_namespace_v1.block;
    const metadata = namespace.block_types!.metadata;
    expect(metadata).toMatchObject({ nesting_mode: "list", min_items: 1, max_items: 1 });
    expect(metadata.block.attributes).toMatchObject({
      name: { type: "string", optional: true, computed: true },
      labels: { type: ["map", "string"], optional: true },
      uid: { type: "string", computed: true },
      generation: { type: "number", computed: true },
    });
    expect(metadata.block.attributes!.uid.optional).toBeUndefined();
    expect(namespace.block_types!.timeouts).toMatchObject({ nesting_mode: "single" });
  });

  it("derives sets and deeply nested single-item blocks", () => {
    const spec = kubernetes.resource_schemas.kubernetes_persistent_volume_v1.block.block_types!.spec;
    expect(spec.block.attributes!.access_modes).toEqual({ type: ["set", "string"], required: true });
    const csi = spec.block.block_types!.persistent_volume_source.block.block_types!.csi;
    expect(csi).toMatchObject({ nesting_mode: "list", max_items: 1 });
    expect(csi.block.attributes!.volume_handle).toEqual({ type: "string", required: true });
  });

  it("types computed-only nested objects from their output references", () => {
    expect(kubernetes.resource_schemas.kubernetes_service_v1.block.attributes!.status).toEqual({
      type: [
        "list",
        [
          "object",
          {
            load_balancer: [
              "list",
              ["object", { ingress: ["list", ["object", { hostname: "string", ip: "string" }]] }],
            ],
          },
        ],
      ],
      computed: true,
    });
  });

  it("models framework nested attributes (helm) as nested types, not blocks", () => {
    const release = derive("helm", ["helm_release"]).resource_schemas.helm_release.block;
    expect(release.block_types).toEqual({});
    expect(release.attributes!.set).toEqual({
      nested_type: {
        nesting_mode: "list",
        attributes: {
          name: { type: "string", required: true },
          type: { type: "string", optional: true, computed: true },
          value: { type: "string", optional: true },
        },
      },
      optional: true,
    });
    expect(release.attributes!.metadata.computed).toBe(true);
    expect(release.attributes!.name).toEqual({ type: "string", required: true });
  });

  it("maps module folders to Terraform type names", () => {
    expect(typeNameOfModule("kubernetes", "namespace-v1")).toBe("kubernetes_namespace_v1");
    expect(typeNameOfModule("kubernetes", "data-kubernetes-namespace-v1")).toBe("kubernetes_namespace_v1");
    expect(typeNameOfModule("random", "string-resource")).toBe("random_string");
    expect(typeNameOfModule("helm", "release")).toBe("helm_release");
  });
});

describe("provider facts (ForceNew, sensitivity, defaults)", () => {
  it("name a source file for every entry", () => {
    for (const [type, facts] of Object.entries(PROVIDER_FACTS)) {
      for (const fact of facts)
        expect(`${type}.${fact.path}: ${fact.source}`).toMatch(/ v\d+\.\d+\.\d+ \S+\.go/);
    }
  });

  it("apply to every path they name in the installed packages", () => {
    const types = Object.keys(PROVIDER_FACTS);
    const documents = ["kubernetes", "helm", "random", "tls"].map((name) =>
      applyProviderFacts(derive(name, types)),
    );
    const resources = Object.assign({}, ...documents.map((document) => document.resource_schemas));
    const dataSources = Object.assign({}, ...documents.map((document) => document.data_source_schemas));
    // A type is a resource, or (kubernetes_resources) a data source; `data-` modules of the same
    // name come along with their resource.
    expect([...new Set([...Object.keys(resources), ...Object.keys(dataSources)])].sort()).toEqual(
      types.sort(),
    );
    const pv = resources.kubernetes_persistent_volume_v1.block;
    expect(pv.block_types.metadata.block.attributes.name.force_new).toBe(true);
    expect(pv.block_types.spec.block.block_types.persistent_volume_source.force_new).toBe(true);
    expect(resources.random_password.block.attributes.result.sensitive).toBe(true);
    expect(resources.random_password.block.attributes.special).toMatchObject({
      force_new: true,
      default: true,
    });
    expect(resources.helm_release.block.attributes.set_sensitive.nested_type.attributes.value.sensitive).toBe(
      true,
    );
  });

  it("fails loudly when a fact names a path the package does not have", () => {
    const namespace = derive("kubernetes", ["kubernetes_namespace_v1"]);
    expect(() =>
      applyProviderFacts(namespace, {
        kubernetes_namespace_v1: [{ path: "metadata.nmae", forceNew: true, source: "typo.go" }],
      }),
    ).toThrow("provider fact kubernetes_namespace_v1.metadata.nmae (typo.go) names no attribute or block");
  });

  it("report resource types in use that have no facts yet", () => {
    expect(
      missingFacts(["kubernetes_namespace_v1", "kubernetes_ingress_v1", "alicloud_ecs_disk", "helm_release"]),
    ).toEqual(["kubernetes_ingress_v1"]);
  });
});

describe("reference schemas (alicloud, harbor)", () => {
  const referenceDir = findReferenceDir(repoRoot);
  const read = (file: string) =>
    normaliseReferenceSchema(JSON.parse(readFileSync(join(referenceDir, file), "utf8")));

  it("keeps the facts the planner acts on and the version the mirror offers", () => {
    const { document } = read("terraform-provider-alicloud-schema.json");
    expect(document.provider).toMatchObject({ source: "aliyun/alicloud", version: "1.289.0" });
    const diskAttributes = document.resource_schemas.alicloud_ecs_disk.block.attributes!;
    expect(diskAttributes.zone_id).toMatchObject({ force_new: true, conflicts_with: ["availability_zone"] });
    expect(diskAttributes.encrypted.force_new).toBe(true);
    expect(diskAttributes.category).toMatchObject({ default: "cloud_efficiency" });
    expect(diskAttributes.category.force_new).toBeUndefined();
    expect(diskAttributes.size.force_new).toBeUndefined();
  });

  it("adds what helper/schema adds implicitly: the id attribute and the timeouts block", () => {
    const { document } = read("terraform-provider-alicloud-schema.json");
    const diskBlock = document.resource_schemas.alicloud_ecs_disk.block;
    expect(diskBlock.attributes!.id).toEqual({ type: "string", optional: true, computed: true });
    expect(diskBlock.block_types!.timeouts).toEqual({
      nesting_mode: "single",
      block: {
        attributes: {
          create: { type: "string", optional: true },
          update: { type: "string", optional: true },
          delete: { type: "string", optional: true },
        },
      },
    });
  });

  it("leaves out entries that are not attributes, and removed fields", () => {
    const { document, skipped } = read("terraform-provider-alicloud-schema.json");
    expect(skipped).toEqual(
      expect.arrayContaining([
        "alicloud_oss_bucket.id (= bucket name): not an attribute name",
        "alicloud_ecs_disk.dedicated_block_storage_cluster_id: removed from the provider",
      ]),
    );
    expect(
      document.resource_schemas.alicloud_ecs_disk.block.attributes!.dedicated_block_storage_cluster_id,
    ).toBeUndefined();
  });

  it("reads harbor's write-only and sensitive arguments", () => {
    const { document } = read("terraform-provider-harbor-schema.json");
    expect(document.provider).toMatchObject({ source: "goharbor/harbor", version: "3.12.4" });
    const robot = document.resource_schemas.harbor_robot_account.block.attributes!;
    expect(robot.secret_wo).toMatchObject({ write_only: true });
    expect(robot.secret).toMatchObject({ sensitive: true, computed: true });
  });

  it("fails on a document that is not a provider schema", () => {
    expect(() => normaliseReferenceSchema({ resources: {} })).toThrow("not a reference provider schema");
  });
});
