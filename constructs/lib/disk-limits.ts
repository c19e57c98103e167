import { ProblemList } from "./validation";
import { checkOneOf } from "./value-checks";

/**
 * Alibaba Cloud disk categories, performance levels and size limits, as `alicloud_ecs_disk`
 * accepts them (provider 1.289). The provider does not validate sizes itself: a disk that is too
 * small or too large for its category fails only at apply, after the plan was approved. The table
 * is from the provider docs (notes-alicloud.md §2); the CSI driver allows larger maxima for some
 * categories, and we keep the stricter docs values.
 */
export const DISK_CATEGORIES = [
  "cloud",
  "cloud_efficiency",
  "cloud_essd",
  "cloud_ssd",
  "cloud_auto",
  "cloud_essd_entry",
  "elastic_ephemeral_disk_standard",
  "elastic_ephemeral_disk_premium",
] as const;

export type DiskCategory = (typeof DISK_CATEGORIES)[number];

export const DISK_PERFORMANCE_LEVELS = ["PL0", "PL1", "PL2", "PL3"] as const;

export type DiskPerformanceLevel = (typeof DISK_PERFORMANCE_LEVELS)[number];

/** The provider's default when `category` is unset: not ESSD. */
export const DEFAULT_DISK_CATEGORY: DiskCategory = "cloud_efficiency";

/** The level ECS gives an ESSD created without `performance_level`. */
export const DEFAULT_ESSD_PERFORMANCE_LEVEL: DiskPerformanceLevel = "PL1";

export interface SizeRange {
  readonly minGiB: number;
  readonly maxGiB: number;
}

const SIZE_RANGES: Readonly<Record<string, SizeRange>> = {
  cloud: { minGiB: 5, maxGiB: 2000 },
  cloud_efficiency: { minGiB: 20, maxGiB: 32768 },
  cloud_ssd: { minGiB: 20, maxGiB: 32768 },
  cloud_auto: { minGiB: 1, maxGiB: 65536 },
  cloud_essd_entry: { minGiB: 10, maxGiB: 32768 },
  elastic_ephemeral_disk_standard: { minGiB: 64, maxGiB: 8192 },
  elastic_ephemeral_disk_premium: { minGiB: 64, maxGiB: 8192 },
};

const ESSD_SIZE_RANGES: Readonly<Record<string, SizeRange>> = {
  PL0: { minGiB: 1, maxGiB: 65536 },
  PL1: { minGiB: 20, maxGiB: 65536 },
  PL2: { minGiB: 461, maxGiB: 65536 },
  PL3: { minGiB: 1261, maxGiB: 65536 },
};

/**
 * Size range of a category; for ESSD, of its performance level (PL1 when unset). `undefined` for
 * an unknown category or level.
 */
export function diskSizeRange(category: string, performanceLevel?: string): SizeRange | undefined {
  if (category === "cloud_essd") return ESSD_SIZE_RANGES[performanceLevel ?? DEFAULT_ESSD_PERFORMANCE_LEVEL];
  return SIZE_RANGES[category];
}

/** Why `sizeGiB` is not allowed for the category (and ESSD level), or `undefined` when it is. */
export function diskSizeProblem(
  category: string,
  performanceLevel: string | undefined,
  sizeGiB: unknown,
): string | undefined {
  const range = diskSizeRange(category, performanceLevel);
  const label =
    category === "cloud_essd"
      ? `${category} ${performanceLevel ?? DEFAULT_ESSD_PERFORMANCE_LEVEL}`
      : category;
  if (!range) return `a size for a known disk category (${label} is not one)`;
  const ok =
    typeof sizeGiB === "number" &&
    Number.isInteger(sizeGiB) &&
    sizeGiB >= range.minGiB &&
    sizeGiB <= range.maxGiB;
  return ok ? undefined : `a whole number of GiB from ${range.minGiB} to ${range.maxGiB} for ${label}`;
}

export interface DiskSpec {
  /** @default "cloud_efficiency" (the provider default) */
  readonly category?: string;
  readonly performanceLevel?: string;
  readonly sizeGiB?: number;
  readonly provisionedIops?: number;
  readonly burstingEnabled?: boolean;
}

/** Field names as they appear in the caller's error paths (config props or Terraform names). */
export interface DiskSpecFieldNames {
  readonly category: string;
  readonly performanceLevel: string;
  readonly sizeGiB: string;
  readonly provisionedIops: string;
  readonly burstingEnabled: string;
}

const PROP_NAMES: DiskSpecFieldNames = {
  category: "category",
  performanceLevel: "performanceLevel",
  sizeGiB: "sizeGiB",
  provisionedIops: "provisionedIops",
  burstingEnabled: "burstingEnabled",
};

/**
 * Checks category, performance level and size together. `pathPrefix` is prepended to each field
 * name (e.g. `sites.primary.disks.registry.` or `stack/disk: `). Unset values are skipped, except
 * that an unset category means the provider default `cloud_efficiency`.
 */
export function checkDiskSpec(
  problems: ProblemList,
  pathPrefix: string,
  spec: DiskSpec,
  fieldNames: DiskSpecFieldNames = PROP_NAMES,
): void {
  const at = (field: keyof DiskSpecFieldNames) => `${pathPrefix}${fieldNames[field]}`;
  const categoryOk = checkOneOf(problems, at("category"), spec.category, DISK_CATEGORIES);
  const levelOk = checkOneOf(
    problems,
    at("performanceLevel"),
    spec.performanceLevel,
    DISK_PERFORMANCE_LEVELS,
  );
  if (!categoryOk) return;
  const category = (spec.category ?? DEFAULT_DISK_CATEGORY) as DiskCategory;

  if (levelOk && spec.performanceLevel !== undefined && category !== "cloud_essd") {
    // The provider suppresses the diff for other categories: the value would be silently ignored.
    problems.add(
      at("performanceLevel"),
      spec.performanceLevel,
      `only with category "cloud_essd" (category is ${JSON.stringify(category)})`,
    );
  }
  if (category !== "cloud_auto") {
    problems.check(
      spec.provisionedIops === undefined,
      at("provisionedIops"),
      spec.provisionedIops,
      `only with category "cloud_auto" (category is ${JSON.stringify(category)})`,
    );
    problems.check(
      spec.burstingEnabled === undefined,
      at("burstingEnabled"),
      spec.burstingEnabled,
      `only with category "cloud_auto" (category is ${JSON.stringify(category)})`,
    );
  }
  if (spec.sizeGiB === undefined || !levelOk) return;
  const problem = diskSizeProblem(
    category,
    category === "cloud_essd" ? spec.performanceLevel : undefined,
    spec.sizeGiB,
  );
  if (problem) problems.add(at("sizeGiB"), spec.sizeGiB, problem);
}
