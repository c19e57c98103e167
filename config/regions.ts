/**
 * Alibaba Cloud regions and their zone ids, as listed in Alibaba Cloud's "Regions and zones"
 * documentation (ECS/ECI zone tables, 2025). Zones open and retire over time: a deployment in a
 * zone missing here declares it with `extraZones` instead of waiting for a release of this table.
 */
export const REGION_ZONES: Readonly<Record<string, readonly string[]>> = {
  "cn-hangzhou": ["b", "e", "f", "g", "h", "i", "j", "k"].map((z) => `cn-hangzhou-${z}`),
  "cn-shanghai": ["a", "b", "c", "d", "e", "f", "g", "k", "l", "m", "n"].map((z) => `cn-shanghai-${z}`),
  "cn-beijing": ["a", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"].map((z) => `cn-beijing-${z}`),
  "cn-shenzhen": ["a", "b", "c", "d", "e", "f"].map((z) => `cn-shenzhen-${z}`),
  "cn-qingdao": ["b", "c"].map((z) => `cn-qingdao-${z}`),
  "cn-zhangjiakou": ["a", "b", "c"].map((z) => `cn-zhangjiakou-${z}`),
  "cn-chengdu": ["a", "b"].map((z) => `cn-chengdu-${z}`),
  "cn-hongkong": ["b", "c", "d"].map((z) => `cn-hongkong-${z}`),
  "ap-southeast-1": ["a", "b", "c"].map((z) => `ap-southeast-1${z}`),
};

export function knownRegions(): string[] {
  return Object.keys(REGION_ZONES).sort();
}
