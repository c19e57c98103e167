import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { RobotAccountSpec } from "../lib/harbor-robot";
import { HarborProvider, HarborRobotAccount } from "../providers/harbor";

/**
 * A system-level robot account from its spec, with a secret set explicitly so that the same robot
 * on the other site accepts the same login. Never expires: a robot that silently expires on one
 * site breaks replication or CI on exactly that site.
 */
export function systemRobotAccount(
  scope: Construct,
  id: string,
  provider: HarborProvider,
  spec: RobotAccountSpec,
  secret: string,
  dependsOn?: ITerraformDependable[],
): HarborRobotAccount {
  return new HarborRobotAccount(scope, id, {
    provider,
    dependsOn,
    name: spec.name,
    description: spec.description,
    level: "system",
    duration: -1,
    secret,
    permissions: spec.permissions.map((permission) => ({
      kind: permission.kind,
      namespace: permission.namespace,
      access: permission.access.map((access) => ({
        resource: access.resource,
        action: access.action,
        effect: "allow",
      })),
    })),
  });
}
