import { Token } from "cdktf";
import { Construct } from "constructs";
import { pinAddress } from "../guardrails/stable-address";
import { RobotAccountSpec, robotFullName } from "../lib/harbor-robot";
import { harborObjectAddress } from "../lib/naming";
import { ProblemList } from "../lib/validation";
import { systemRobotAccount } from "../policy/robot-account";
import { HarborProvider, HarborRobotAccount } from "../providers/harbor";
import { ReplicationOptions, planReplicator, replicationOptionsProblems } from "./replication-plan";

/** Props of {@link ReplicationIdentity}. */
export interface ReplicationIdentityProps extends Pick<
  ReplicationOptions,
  "replicatorRobotName" | "replicateDeletions"
> {
  /** The Harbor provider of the site the robot is created on. */
  readonly provider: HarborProvider;
  /**
   * The robot's secret as a Terraform expression (a `random_password` result shared by both
   * sites, or a sensitive variable); the peer's endpoint logs in with the same value.
   */
  readonly secret: string;
}

/**
 * The `replicator` robot a site's peer logs in as, with exactly the permissions replication needs
 * (delete only when deletions replicate). Create it on both sites with the same options and secret.
 *
 * It must exist before the peer creates its endpoint for this site: Harbor health-checks a new
 * endpoint by logging in to it (`src/controller/registry/controller.go` `validate`), so the peer's
 * {@link SiteReplication} is applied after this, in a later stack or with `peerIdentity`.
 *
 * The robot's address is `harbor_robot_account.robot_<provider alias>_<robot name>` (e.g.
 * `robot_hz-h_replicator`), whatever the construct path.
 *
 * @example
 * new ReplicationIdentity(primaryConfigStack, "replication-identity", {
 *   provider: primaryHarbor,
 *   secret: replicatorPassword.result,
 * });
 */
export class ReplicationIdentity extends Construct {
  /** The robot's spec: name, description and permissions. */
  readonly spec: RobotAccountSpec;
  /** The login name, e.g. `robot$replicator`. */
  readonly login: string;
  /** Escape hatch: the robot account. */
  readonly robot: HarborRobotAccount;

  constructor(scope: Construct, id: string, props: ReplicationIdentityProps) {
    super(scope, id);
    const problems = replicationOptionsProblems(this.node.path, {
      replicatorRobotName: props.replicatorRobotName,
      replicateDeletions: props.replicateDeletions,
    });
    checkSecretExpression(problems, `${this.node.path}: secret`, props.secret);
    problems.throwIfAny(`invalid ReplicationIdentity ${this.node.path}`);

    this.spec = planReplicator(props);
    this.login = robotFullName(this.spec.name);
    this.robot = systemRobotAccount(this, "robot", props.provider, this.spec, props.secret);
    pinAddress(this.robot, harborObjectAddress("robot", props.provider.alias, this.spec.name));
  }
}

/** A secret must reach `cdk.tf.json` as an expression; a literal is reported by its length only. */
export function checkSecretExpression(problems: ProblemList, path: string, secret: unknown): void {
  if (typeof secret === "string" && Token.isUnresolved(secret)) return;
  problems.add(
    path,
    typeof secret === "string" ? `(a literal of ${secret.length} characters)` : secret,
    "a Terraform expression (random_password result or sensitive variable): a literal would be written to cdk.tf.json",
  );
}
