import { Intrinsic } from "cdktf/lib/tokens/private/intrinsic";

function tokenCreatedAtDepth(depth: number): Intrinsic {
  return depth === 0 ? new Intrinsic("value") : tokenCreatedAtDepth(depth - 1);
}

// The setup file changes how cdktf formats the stack it records per token, not what it records.
describe("token creation stacks under jest (test/plain-stack-traces.js)", () => {
  test("start at the token's constructor, then the code that created it", () => {
    const { creationStack } = new Intrinsic("value");
    expect(creationStack[0]).toMatch(
      /^new Intrinsic \(.*cdktf\/lib\/tokens\/private\/intrinsic\.js:\d+:\d+\)$/,
    );
    expect(creationStack[1]).toMatch(/plain-stack-traces\.test\.ts:\d+:\d+\)$/);
  });

  test("are complete, not cut at V8's default of 10 frames", () => {
    const { creationStack } = tokenCreatedAtDepth(25);
    expect(creationStack.filter((frame) => frame.startsWith("tokenCreatedAtDepth ")).length).toBe(26);
  });

  test("leave jest's own error-stack formatting in place once the token is made", () => {
    const jestFormatting = Error.prepareStackTrace;
    tokenCreatedAtDepth(1);
    expect(Error.prepareStackTrace).toBe(jestFormatting);
    expect(Error.stackTraceLimit).not.toBe(Number.MAX_SAFE_INTEGER);
  });
});
