import { App, Fn, TerraformStack, TerraformVariable, Testing } from "cdktf";
import {
  ALICLOUD_PROVIDER_SOURCE,
  ALICLOUD_PROVIDER_VERSION_CONSTRAINT,
  AlicloudProvider,
} from "../../../../constructs/providers/alicloud";
import { problemPaths, synthJson as synth, validationErrorOf } from "../helpers";

describe("AlicloudProvider", () => {
  test("synthesizes region, alias and required_providers with the real source and constraint", () => {
    const json = synth(
      (stack) => new AlicloudProvider(stack, "alicloud", { region: "cn-hangzhou", alias: "hz" }),
    );
    expect(json.terraform.required_providers.alicloud).toEqual({
      source: "aliyun/alicloud",
      version: "~> 1.289",
    });
    expect(ALICLOUD_PROVIDER_SOURCE).toBe("aliyun/alicloud");
    expect(ALICLOUD_PROVIDER_VERSION_CONSTRAINT).toBe("~> 1.289");
    expect(json.provider.alicloud).toEqual([{ region: "cn-hangzhou", alias: "hz" }]);
  });

  test("alias can be set after construction", () => {
    const json = synth((stack) => {
      const provider = new AlicloudProvider(stack, "alicloud", { region: "cn-shanghai" });
      provider.alias = "sh";
    });
    expect(json.provider.alicloud[0].alias).toBe("sh");
  });

  test("synthesizes assume_role and RRSA blocks as one-element lists with snake_case keys", () => {
    const json = synth(
      (stack) =>
        new AlicloudProvider(stack, "alicloud", {
          region: "cn-hangzhou",
          assumeRole: { roleArn: "acs:ram::1:role/tf", sessionName: "ci", sessionExpiration: 3600 },
          assumeRoleWithOidc: {
            oidcProviderArn: "acs:ram::1:oidc-provider/ack-rrsa",
            roleArn: "acs:ram::1:role/tf",
            oidcTokenFile: "/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token",
          },
          signVersion: { oss: "v4" },
          features: { ecsInstance: { replaceOnImageUpdate: false } },
        }),
    );
    const provider = json.provider.alicloud[0];
    expect(provider.assume_role).toEqual([
      { role_arn: "acs:ram::1:role/tf", session_name: "ci", session_expiration: 3600 },
    ]);
    expect(provider.assume_role_with_oidc).toEqual([
      {
        oidc_provider_arn: "acs:ram::1:oidc-provider/ack-rrsa",
        role_arn: "acs:ram::1:role/tf",
        oidc_token_file: "/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token",
      },
    ]);
    expect(provider.sign_version).toEqual([{ oss: "v4" }]);
    expect(provider.features).toEqual([{ ecs_instance: [{ replace_on_image_update: false }] }]);
  });

  test("takes credentials from a sensitive variable as an expression", () => {
    const json = synth((stack) => {
      const secret = new TerraformVariable(stack, "alicloud_secret_key", { type: "string", sensitive: true });
      const id = new TerraformVariable(stack, "alicloud_access_key", { type: "string", sensitive: true });
      new AlicloudProvider(stack, "alicloud", {
        region: "cn-hangzhou",
        accessKey: id.stringValue,
        secretKey: secret.stringValue,
      });
    });
    expect(json.provider.alicloud[0]).toMatchObject({
      access_key: "${var.alicloud_access_key}",
      secret_key: "${var.alicloud_secret_key}",
    });
    expect(json.variable.alicloud_secret_key.sensitive).toBe(true);
  });

  test("HCL output carries the attributes", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "hcl");
    new AlicloudProvider(stack, "alicloud", { region: "cn-hangzhou", assumeRole: { roleArn: "arn:x" } });
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toMatch(/region\s*=\s*"cn-hangzhou"/);
    expect(hcl).toMatch(/assume_role\s*{\s*role_arn\s*=\s*"arn:x"/);
  });

  test("fails on a literal secret key and does not print it", () => {
    const error = validationErrorOf(
      (stack) =>
        new AlicloudProvider(stack, "alicloud", {
          region: "cn-hangzhou",
          secretKey: "LTAI-very-secret-value",
        }),
    );
    expect(error.message).toMatch(
      /s\/alicloud: secretKey: a literal string of 22 characters \(redacted\) is not valid: a Terraform expression/,
    );
    expect(error.message).not.toContain("very-secret");
  });

  test("fails at synth when the credential variable is not sensitive", () => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, "s");
    const secret = new TerraformVariable(stack, "plain_secret", { type: "string" });
    new AlicloudProvider(stack, "alicloud", { region: "cn-hangzhou", secretKey: secret.stringValue });
    expect(() => app.synth()).toThrow(
      /secretKey: variable "plain_secret" carries a secret and must be declared with sensitive: true/,
    );
  });

  test("fails on a malformed region, bad enumerations and an out-of-range session, all at once", () => {
    const error = validationErrorOf(
      (stack) =>
        new AlicloudProvider(stack, "alicloud", {
          region: "Hangzhou",
          protocol: "FTP",
          accountType: "Global",
          assumeRole: { roleArn: "arn", sessionExpiration: 60 },
        }),
    );
    expect(problemPaths(error)).toEqual([
      "s/alicloud: region",
      "s/alicloud: accountType",
      "s/alicloud: protocol",
      "s/alicloud: assumeRole.sessionExpiration",
    ]);
    expect(error.message).toContain('s/alicloud: protocol: "FTP" is not valid: one of "HTTP" or "HTTPS"');
  });
});

describe("sensitive-variable check", () => {
  test("also finds a variable used inside a function call, and ignores variables whose name only starts alike", () => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, "s");
    new TerraformVariable(stack, "key", { type: "string" });
    const keyFile = new TerraformVariable(stack, "key_file", { type: "string", sensitive: true });
    const plain = new TerraformVariable(stack, "plain", { type: "string" });
    new AlicloudProvider(stack, "a", { region: "cn-hangzhou", secretKey: keyFile.stringValue });
    new AlicloudProvider(stack, "b", {
      region: "cn-hangzhou",
      alias: "b",
      secretKey: Fn.trimspace(plain.stringValue),
    });
    expect(() => app.synth()).toThrow(/s\/b: secretKey: variable "plain" carries a secret/);
    expect(() => app.synth()).not.toThrow(/variable "key"/);
  });
});
