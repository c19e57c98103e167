import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { terraformLiteral, terraformLiterals } from "../../../constructs/lib/terraform-literal";

describe("terraformLiteral", () => {
  test("escapes interpolations and directives, nothing else", () => {
    expect(terraformLiteral("a `${x}` b %{ if y } $ % {} $${z}")).toBe(
      "a `$${x}` b %%{ if y } $ % {} $$${z}",
    );
    expect(terraformLiterals({ k: "${a}", l: "plain" })).toEqual({ k: "$${a}", l: "plain" });
  });

  test("Terraform reads the escaped text back verbatim (terraform apply, output -raw)", () => {
    const text = "const m = `${site}: ${JSON.stringify(v)}`; %{ directive } {{ $labels.x }}";
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-literal-"));
    const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
    const terraform = (args: string[]) => {
      const result = spawnSync("terraform", args, { cwd: dir, encoding: "utf8", env, timeout: 30_000 });
      if (result.error) throw new Error(`terraform not runnable: ${result.error.message}`);
      expect({ args, status: result.status, stderr: result.stderr }).toEqual({ args, status: 0, stderr: "" });
      return result.stdout;
    };
    try {
      fs.writeFileSync(
        path.join(dir, "main.tf.json"),
        JSON.stringify({ output: { text: { value: terraformLiteral(text) } } }),
      );
      terraform(["apply", "-auto-approve", "-input=false", "-no-color"]);
      expect(terraform(["output", "-raw", "text"])).toBe(text);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
