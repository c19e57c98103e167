import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { exampleConfig } from "../../main";
import { buildHarborApp } from "../../stacks/app";
import { checkSynthDir, formatViolations } from "../../test-tooling/schema-conformance";

describe("the example app", () => {
  let outdir: string;
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "example-conformance-"));
    const app = new App({ outdir });
    buildHarborApp(app, exampleConfig);
    app.synth();
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("synthesizes stacks to check", () => {
    expect(fs.readdirSync(path.join(outdir, "stacks")).length).toBeGreaterThan(0);
  });

  test("every alicloud_* and harbor_* block conforms to the reference schemas", () => {
    expect(formatViolations(checkSynthDir(outdir))).toBe("");
  });
});
