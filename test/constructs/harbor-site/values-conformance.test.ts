import { parse } from "yaml";
import { HARBOR_CHART } from "../../../constructs/harbor-site/harbor-chart";
import {
  HarborValuesInput,
  renderHarborValues,
  SENSITIVE_VALUE_PATHS,
} from "../../../constructs/harbor-site/render-harbor-values";
import { diskSiteInput, ossSiteInput } from "./harbor-values-fixtures";
import { readReference } from "./reference-files";

/**
 * Every key the renderer can emit must be a key of the pinned chart's values.yaml: Helm ignores
 * unknown keys silently, so a typo (`serviceMonitor.labels` for `additionalLabels`, a key renamed
 * between chart versions) would deploy without the setting and nobody would notice.
 */

/**
 * Keys the chart's templates read but values.yaml only shows in a comment. Each entry says which
 * template reads it; the test also checks the comment is still there.
 */
const DOCUMENTED_ONLY_IN_COMMENTS: Readonly<Record<string, string>> = {
  // templates/registry/registry-cm.yaml: `{{- if $storage.oss.internal }} internal: ...`;
  // values.yaml: `#internal: false` under persistence.imageChartStorage.oss.
  "persistence.imageChartStorage.oss.internal": "#internal: false",
};

const chartValues = parse(readReference("harbor-helm-values.yaml")) as Record<string, unknown>;
const chartMeta = parse(readReference("harbor-helm-Chart.yaml")) as { version: string; appVersion: string };

const INPUTS: Readonly<Record<string, HarborValuesInput>> = {
  "disk storage": diskSiteInput(),
  "OSS, internal endpoint": ossSiteInput(),
  "OSS, public endpoint": ossSiteInput({
    imageStorage: {
      ...(ossSiteInput().imageStorage as object),
      internalEndpoint: false,
    } as HarborValuesInput["imageStorage"],
  }),
  "Trivy DB mirrors": diskSiteInput({
    trivy: {
      enabled: true,
      dbRepositories: ["mirror/trivy-db"],
      javaDbRepositories: ["mirror/trivy-java-db"],
      offline: false,
    },
  }),
  "Trivy offline": diskSiteInput({
    trivy: { enabled: true, dbRepositories: [], javaDbRepositories: [], offline: true },
  }),
  "Trivy disabled": diskSiteInput({
    trivy: { enabled: false, dbRepositories: [], javaDbRepositories: [], offline: false },
  }),
  "IPv6 and a ServiceMonitor": diskSiteInput({ ipv6Enabled: true, serviceMonitorEnabled: true }),
  "metrics off": diskSiteInput({ metricsEnabled: false }),
};

type Lookup = { found: true; chartDefault: unknown; freeForm: boolean } | { found: false };

/** Finds a dotted path in the chart values; below an empty map (nodeSelector: {}) keys are the user's. */
function lookup(path: readonly string[]): Lookup {
  let node: unknown = chartValues;
  for (const key of path) {
    if (isMap(node) && Object.keys(node).length === 0)
      return { found: true, chartDefault: undefined, freeForm: true };
    if (!isMap(node) || !(key in node)) return { found: false };
    node = node[key];
  }
  return { found: true, chartDefault: node, freeForm: false };
}

function leafPaths(value: unknown, prefix: readonly string[] = []): { path: string[]; value: unknown }[] {
  if (!isMap(value) || Object.keys(value).length === 0) return [{ path: [...prefix], value }];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function yamlType(value: unknown): string {
  if (Array.isArray(value)) return "list";
  if (value === null || value === undefined) return "null";
  return typeof value === "object" ? "map" : typeof value;
}

describe("values conformance with chart harbor " + HARBOR_CHART.version, () => {
  test("the reference values.yaml is the pinned chart version", () => {
    expect(chartMeta.version).toBe(HARBOR_CHART.version);
    expect(chartMeta.appVersion).toBe(HARBOR_CHART.appVersion);
  });

  test.each(Object.entries(INPUTS))("every key rendered for %s exists in values.yaml", (_name, input) => {
    const unknown = leafPaths(renderHarborValues(input))
      .map(({ path }) => path)
      .filter((path) => !lookup(path).found && !(path.join(".") in DOCUMENTED_ONLY_IN_COMMENTS))
      .map((path) => path.join("."));
    expect(unknown).toEqual([]);
  });

  test.each(Object.entries(INPUTS))(
    "every value rendered for %s has the chart default's type",
    (_name, input) => {
      const mismatches = leafPaths(renderHarborValues(input)).flatMap(({ path, value }) => {
        const found = lookup(path);
        if (!found.found || found.freeForm || found.chartDefault === null) return [];
        const expected = yamlType(found.chartDefault);
        return yamlType(value) === expected
          ? []
          : [`${path.join(".")}: ${yamlType(value)}, chart has ${expected}`];
      });
      expect(mismatches).toEqual([]);
    },
  );

  test("the sensitive values set outside the document are chart keys too", () => {
    for (const path of Object.values(SENSITIVE_VALUE_PATHS)) {
      const found = lookup(path.split("."));
      expect(found).toMatchObject({ found: true });
      expect(yamlType(found.found ? found.chartDefault : undefined)).toBe("string");
    }
  });

  test("every allow-listed key is still documented in a values.yaml comment and read by the renderer", () => {
    const text = readReference("harbor-helm-values.yaml");
    const rendered = new Set(
      Object.values(INPUTS).flatMap((input) =>
        leafPaths(renderHarborValues(input)).map(({ path }) => path.join(".")),
      ),
    );
    for (const [path, comment] of Object.entries(DOCUMENTED_ONLY_IN_COMMENTS)) {
      expect(text).toContain(comment);
      expect(lookup(path.split("."))).toEqual({ found: false });
      expect(rendered.has(path)).toBe(true);
    }
  });

  test("fails for a key the chart does not have (the check can fail)", () => {
    expect(lookup(["metrics", "serviceMonitor", "labels"])).toEqual({ found: false });
    expect(lookup(["persistence", "persistentVolumeClaim", "jobLog"])).toEqual({ found: false });
    expect(lookup(["registry", "nodeSelector", "topology.kubernetes.io/zone"])).toMatchObject({
      found: true,
      freeForm: true,
    });
  });
});
