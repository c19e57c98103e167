import { LocalBackend, OssBackend, TerraformStack } from "cdktf";
import { StateBackendConfig } from "../config/platform-config";

/**
 * Where a stack's local state file lives, relative to the directory Terraform runs the stack in
 * (`cdktf.out/stacks/<stack>/`): the project root, as with cdktf's default backend. The same
 * relative path serves the stack's own backend and every other stack's remote-state lookup of it,
 * because all stack directories sit at the same depth; an absolute path would tie the synthesized
 * output to one checkout.
 */
export function localStatePath(stackName: string): string {
  return `../../../terraform.${stackName}.tfstate`;
}

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
    new LocalBackend(stack, { path: localStatePath(stackName) });
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
