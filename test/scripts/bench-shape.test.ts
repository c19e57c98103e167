import { App } from "cdktf";
import { exampleConfig } from "../../main";
import { buildHarborApp } from "../../stacks/app";
import { synthToDir } from "../../test-tooling/terraform-harness";
import { EXAMPLE_SHAPE, StackShape } from "../../scripts/bench/example-shape";

type Blocks = Record<string, Record<string, unknown>>;

/** What scripts/bench/shape-app.ts reproduces of one synthesized stack. */
function shapeOf(json: { resource?: Blocks; data?: Blocks; output?: object; variable?: object }): StackShape {
  const resources: Record<string, number> = {};
  for (const [type, blocks] of Object.entries(json.resource ?? {})) {
    const provider = type.split("_")[0];
    resources[provider] = (resources[provider] ?? 0) + Object.keys(blocks).length;
  }
  const count = (blocks: Blocks, keep: (type: string) => boolean) =>
    Object.entries(blocks)
      .filter(([type]) => keep(type))
      .reduce((sum, [, named]) => sum + Object.keys(named).length, 0);
  return {
    resources,
    remoteStates: count(json.data ?? {}, (type) => type === "terraform_remote_state"),
    otherData: count(json.data ?? {}, (type) => type !== "terraform_remote_state"),
    outputs: Object.keys(json.output ?? {}).length,
    variables: Object.keys(json.variable ?? {}).length,
  };
}

describe("the synth benchmark's shape control (scripts/bench/shape-app.ts)", () => {
  test("has the example's stacks, providers and element counts", () => {
    const synth = synthToDir((app: App) => buildHarborApp(app, exampleConfig));
    const actual = Object.fromEntries(
      [...synth.stacks.values()].map((stack) => [
        stack.name.slice(`${exampleConfig.name}-`.length),
        shapeOf(stack.json),
      ]),
    );
    expect(actual).toEqual(EXAMPLE_SHAPE);
  });
});
