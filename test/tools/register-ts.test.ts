import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const loader = resolve(__dirname, "..", "..", "tools", "register-ts.js");

/** Runs a TypeScript file the way `cdktf synth` runs main.ts. */
function run(file: string, nodeOptions: string[] = []) {
  return spawnSync(process.execPath, [...nodeOptions, "-r", loader, file], {
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("tools/register-ts.js, the synth loader", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "register-ts-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("runs TypeScript, type annotations and interfaces stripped, imports between .ts files resolved", () => {
    writeFileSync(
      join(dir, "greeting.ts"),
      "export interface Named { name: string }\nexport const greet = (n: Named): string => `hello ${n.name}`;\n",
    );
    writeFileSync(
      join(dir, "main.ts"),
      'import { greet } from "./greeting";\nconsole.log(greet({ name: "harbor" }));\n',
    );
    const result = run(join(dir, "main.ts"));
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("hello harbor\n");
  });

  test("recompiles a file that changed since it was cached, even at the same size", () => {
    const file = join(dir, "value.ts");
    writeFileSync(file, "const value: number = 1;\nconsole.log(value);\n");
    expect(run(file).stdout).toBe("1\n");
    expect(run(file).stdout).toBe("1\n"); // served from the pack
    writeFileSync(file, "const value: number = 2;\nconsole.log(value);\n");
    // Same size; a later mtime, as an editor or a checkout gives it.
    const later = new Date(Date.now() + 5_000);
    utimesSync(file, later, later);
    expect(run(file).stdout).toBe("2\n");
  });

  test("shows TypeScript line numbers in a stack trace with --enable-source-maps", () => {
    const file = join(dir, "fails.ts");
    writeFileSync(
      file,
      "interface A {\n  a: string;\n}\nconst a: A = { a: 'x' };\nthrow new Error(`broken ${a.a}`);\n",
    );
    const result = run(file, ["--enable-source-maps"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Error: broken x");
    expect(result.stderr).toContain(`${file}:5`);
  });
});
