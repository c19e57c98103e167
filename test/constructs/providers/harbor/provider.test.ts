import { App, TerraformStack, TerraformVariable, Testing } from "cdktf";
import {
  HARBOR_PROVIDER_SOURCE,
  HARBOR_PROVIDER_VERSION_CONSTRAINT,
  HarborProject,
  HarborProvider,
} from "../../../../constructs/providers/harbor";
import { problemPaths, synthJson, validationErrorOf } from "../helpers";

function adminPassword(stack: TerraformStack, id = "harbor_admin_password"): string {
  return new TerraformVariable(stack, id, { type: "string", sensitive: true }).stringValue;
}

describe("HarborProvider", () => {
  test("synthesizes one aliased provider per site with insecure false and the real source", () => {
    const json = synthJson((stack) => {
      for (const site of ["primary", "backup"]) {
        new HarborProvider(stack, `harbor-${site}`, {
          alias: site,
          url: `https://harbor-${site}.example.com`,
          username: "admin",
          password: adminPassword(stack, `harbor_${site}_password`),
        });
      }
    });
    expect(json.terraform.required_providers.harbor).toEqual({
      source: "goharbor/harbor",
      version: "~> 3.12",
    });
    expect(HARBOR_PROVIDER_SOURCE).toBe("goharbor/harbor");
    expect(HARBOR_PROVIDER_VERSION_CONSTRAINT).toBe("~> 3.12");
    expect(json.provider.harbor).toEqual([
      {
        alias: "primary",
        url: "https://harbor-primary.example.com",
        username: "admin",
        password: "${var.harbor_primary_password}",
        insecure: false,
      },
      {
        alias: "backup",
        url: "https://harbor-backup.example.com",
        username: "admin",
        password: "${var.harbor_backup_password}",
        insecure: false,
      },
    ]);
    expect(json.variable.harbor_primary_password).toEqual({ type: "string", sensitive: true });
  });

  test("resources bound to a site reference its alias", () => {
    const json = synthJson((stack) => {
      const backup = new HarborProvider(stack, "harbor-backup", {
        alias: "backup",
        url: "https://b.example.com",
      });
      new HarborProject(stack, "library", { provider: backup, name: "library" });
    });
    expect(json.resource.harbor_project.library.provider).toBe("harbor.backup");
  });

  test("keeps header names as written (cdktf would snake-case them)", () => {
    const json = synthJson(
      (stack) =>
        new HarborProvider(stack, "h", {
          url: "http://harbor.harbor-primary.svc",
          headers: { Host: "harbor-primary.example.com", "X-Forwarded-Proto": "https" },
        }),
    );
    expect(json.provider.harbor[0].headers).toEqual({
      Host: "harbor-primary.example.com",
      "X-Forwarded-Proto": "https",
    });
  });

  test("HCL output carries url, insecure and headers", () => {
    const stack = new TerraformStack(Testing.app(), "hcl");
    new HarborProvider(stack, "h", { url: "https://h.example.com", headers: { Host: "x" } });
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toMatch(/url\s*=\s*"https:\/\/h\.example\.com"/);
    expect(hcl).toMatch(/insecure\s*=\s*false/);
    expect(hcl).toMatch(/Host\s*=\s*"x"/);
  });

  test("insecure can be opted into and is exposed", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const provider = new HarborProvider(stack, "h", { url: "http://h.local", insecure: true });
    expect(provider.insecure).toBe(true);
    expect(provider.url).toBe("http://h.local");
  });

  test("fails on a literal password without printing it", () => {
    const error = validationErrorOf(
      (stack) =>
        new HarborProvider(stack, "h", {
          url: "https://h.example.com",
          username: "admin",
          password: "Harbor12345",
        }),
    );
    expect(error.message).toContain(
      "s/h: password: a literal string of 11 characters (redacted) is not valid: a Terraform expression such as a sensitive TerraformVariable",
    );
    expect(error.message).not.toContain("Harbor12345");
  });

  test("fails at synth when the password variable is not sensitive", () => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, "s");
    const password = new TerraformVariable(stack, "pw", { type: "string" });
    new HarborProvider(stack, "h", { url: "https://h.example.com", password: password.stringValue });
    expect(() => app.synth()).toThrow(
      /password: variable "pw" carries a secret and must be declared with sensitive: true/,
    );
  });

  test("fails on a URL that is unknown at plan time", () => {
    const error = validationErrorOf((stack) => {
      const url = new TerraformVariable(stack, "url", { type: "string" });
      new HarborProvider(stack, "h", { url: url.stringValue });
    });
    expect(problemPaths(error)).toEqual(["s/h: url"]);
    expect(error.message).toContain("a static URL from configuration");
  });

  test("fails on a URL with /api, a non-http URL and API version 1", () => {
    expect(
      problemPaths(validationErrorOf((s) => new HarborProvider(s, "h", { url: "https://h/api/v2.0" }))),
    ).toEqual(["s/h: url"]);
    expect(
      problemPaths(validationErrorOf((s) => new HarborProvider(s, "h", { url: "ftp://h", apiVersion: 1 }))),
    ).toEqual(["s/h: url", "s/h: apiVersion"]);
  });
});
