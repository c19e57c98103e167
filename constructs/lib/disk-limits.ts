/**
 * Size limits of Alibaba Cloud disk categories in GiB (alicloud provider docs for
 * `alicloud_ecs_disk`, reference/notes-alicloud.md §2). The provider does not validate them, so a
 * wrong size would only fail at apply time; we check them before synth.
 */
export interface SizeRange {
  readonly minGiB: number;
  readonly maxGiB: number;
}

const CATEGORY_LIMITS: Readonly<Record<string, SizeRange>> = {
  cloud_efficiency: { minGiB: 20, maxGiB: 32768 },
  cloud_ssd: { minGiB: 20, maxGiB: 32768 },
  cloud_auto: { minGiB: 1, maxGiB: 65536 },
  cloud_essd_entry: { minGiB: 10, maxGiB: 32768 },
  cloud: { minGiB: 5, maxGiB: 2000 },
};

const ESSD_LIMITS: Readonly<Record<string, SizeRange>> = {
  PL0: { minGiB: 1, maxGiB: 65536 },
  PL1: { minGiB: 20, maxGiB: 65536 },
  PL2: { minGiB: 461, maxGiB: 65536 },
  PL3: { minGiB: 1261, maxGiB: 65536 },
};

/** The allowed size range of a category (and ESSD performance level), or undefined if unknown. */
export function diskSizeRange(category: string, performanceLevel?: string): SizeRange | undefined {
  if (category === "cloud_essd") return ESSD_LIMITS[performanceLevel ?? "PL1"];
  return CATEGORY_LIMITS[category];
}

/** Why `sizeGiB` is not allowed for the category, or undefined when it is. */
export function diskSizeProblem(
  category: string,
  performanceLevel: string | undefined,
  sizeGiB: unknown,
): string | undefined {
  const range = diskSizeRange(category, performanceLevel);
  const label = category === "cloud_essd" ? `${category} ${performanceLevel ?? "PL1"}` : category;
  if (!range) return `a size for a known disk category (${label} is not one)`;
  if (
    typeof sizeGiB !== "number" ||
    !Number.isInteger(sizeGiB) ||
    sizeGiB < range.minGiB ||
    sizeGiB > range.maxGiB
  ) {
    return `a whole number of GiB from ${range.minGiB} to ${range.maxGiB} for ${label}`;
  }
  return undefined;
}
