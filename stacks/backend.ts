import { LocalBackend, OssBackend, TerraformStack } from "cdktf";
import { StateBackendConfig } from "../config/platform-config";

/**
 * Puts a stack's state where the configuration says: a local file per stack by default, or one
 * object per stack in OSS with TableStore locking. The state key is the stack name, so a stack's
 * state never moves when other stacks are added or removed.
 */
export function configureStateBackend(
  stack: TerraformStack,
  stackName: string,
  region: string,
  backend: StateBackendConfig = { type: "local" },
): void {
  if (backend.type === "local") {
    // Terraform runs each stack in its own directory (cdktf.out/stacks/<stack>/), and cdktf copies
    // this path verbatim into the remote-state lookups of the stacks that read this one. Spelled
    // through the stacks folder, it names the same file (still in the stack's own directory) from
    // every stack; a bare file name would make readers look in their own directories and fail
    // with "Unable to find remote state" (test/integration/terraform/example-app.test.ts).
    new LocalBackend(stack, { path: `../${stackName}/terraform.${stackName}.tfstate` });
    return;
  }
  new OssBackend(stack, {
    bucket: backend.bucket,
    prefix: backend.prefix ?? "harbor-cdktf",
    key: `${stackName}.tfstate`,
    region,
    encrypt: true,
    acl: "private",
    tablestoreEndpoint: backend.tablestoreEndpoint,
    tablestoreTable: backend.tablestoreTable,
  });
}
