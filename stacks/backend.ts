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
    new LocalBackend(stack, { path: `terraform.${stackName}.tfstate` });
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
