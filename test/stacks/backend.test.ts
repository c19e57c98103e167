import { posix } from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { configureStateBackend, localStatePath } from "../../stacks/backend";

function synthStack(backend: Parameters<typeof configureStateBackend>[3]) {
  const app = Testing.app();
  const stack = new TerraformStack(app as App, "registry-gateway");
  configureStateBackend(stack, "registry-gateway", "cn-hangzhou", backend);
  return JSON.parse(Testing.synth(stack));
}

describe("configureStateBackend", () => {
  test("keeps local state at the project root, one file per stack", () => {
    expect(synthStack(undefined).terraform.backend).toEqual({
      local: { path: "../../../terraform.registry-gateway.tfstate" },
    });
  });

  test("resolves to the same file from the stack's own directory and from any other stack's", () => {
    // Terraform runs each stack in cdktf.out/stacks/<stack>; a remote-state lookup of stack A from
    // stack B uses A's path relative to B's directory.
    const own = posix.resolve("/repo/cdktf.out/stacks/registry-shared", localStatePath("registry-shared"));
    const fromPlatform = posix.resolve(
      "/repo/cdktf.out/stacks/registry-hz-h-platform",
      localStatePath("registry-shared"),
    );
    expect(own).toBe("/repo/terraform.registry-shared.tfstate");
    expect(fromPlatform).toBe(own);
  });

  test("puts state in OSS with encryption, a per-stack key and TableStore locking", () => {
    const backend = synthStack({
      type: "oss",
      bucket: "acme-tf-state",
      tablestoreEndpoint: "https://tf-lock.cn-hangzhou.ots.aliyuncs.com",
      tablestoreTable: "terraform_locks",
    }).terraform.backend;
    expect(backend).toEqual({
      oss: {
        bucket: "acme-tf-state",
        prefix: "harbor-cdktf",
        key: "registry-gateway.tfstate",
        region: "cn-hangzhou",
        encrypt: true,
        acl: "private",
        tablestore_endpoint: "https://tf-lock.cn-hangzhou.ots.aliyuncs.com",
        tablestore_table: "terraform_locks",
      },
    });
  });
});
