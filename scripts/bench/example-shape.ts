/**
 * The shape of the example app (main.ts) that scripts/bench/shape-app.ts reproduces with plain
 * resources; its `moved` blocks (two addresses each) are left out.
 */

export type ProviderName = "alicloud" | "harbor" | "helm" | "kubernetes" | "random" | "tls";

export interface StackShape {
  /** Resources per provider; each provider is declared once in the stack. */
  readonly resources: Partial<Record<ProviderName, number>>;
  readonly remoteStates: number;
  readonly otherData: number;
  readonly outputs: number;
  readonly variables: number;
}

/** Each site's platform stack: disks, volumes, claims, secrets, the release, alerting, backup. */
const SITE_PLATFORM: StackShape = {
  resources: { alicloud: 11, helm: 2, kubernetes: 24, random: 8 },
  remoteStates: 1,
  otherData: 2,
  outputs: 5,
  variables: 5,
};

/**
 * The example's stacks as `cdktf synth` writes them, by stack name without the deployment's `<name>-` (main.ts;
 * test/scripts/bench-shape.test.ts fails when the example changes and this does not).
 */
export const EXAMPLE_SHAPE: Readonly<Record<string, StackShape>> = {
  gateway: { resources: { kubernetes: 4 }, remoteStates: 0, otherData: 1, outputs: 0, variables: 0 },
  "hz-h-config": { resources: { harbor: 12 }, remoteStates: 2, otherData: 0, outputs: 1, variables: 1 },
  "hz-h-platform": SITE_PLATFORM,
  "hz-h-replication": { resources: { harbor: 3 }, remoteStates: 2, otherData: 0, outputs: 0, variables: 0 },
  "hz-i-config": { resources: { harbor: 12 }, remoteStates: 2, otherData: 0, outputs: 1, variables: 1 },
  "hz-i-platform": SITE_PLATFORM,
  "hz-i-replication": { resources: { harbor: 3 }, remoteStates: 2, otherData: 0, outputs: 0, variables: 0 },
  shared: { resources: { random: 2, tls: 2 }, remoteStates: 0, otherData: 0, outputs: 4, variables: 0 },
};
