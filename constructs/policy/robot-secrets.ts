import { Construct } from "constructs";
import { Password } from "@cdktf/provider-random/lib/password";
import { pinAddress } from "../guardrails/stable-address";
import { markStateful } from "../guardrails/stateful";
import { HARBOR_ROBOT_NAME_RULE, isHarborRobotName } from "../lib/harbor-robot";
import { harborNameInAddress } from "../lib/naming";
import { ProblemList } from "../lib/validation";

/** Props of {@link RobotSecrets}. */
export interface RobotSecretsProps {
  /** Short names of the robot accounts (CI robots and the replicator); duplicates are ignored. */
  readonly robotNames: readonly string[];
  /**
   * Length of each secret.
   * @default 32
   */
  readonly lengthChars?: number;
}

/**
 * One generated secret per robot account, created once and read by every site's configuration
 * stack (cdktf turns the reads into remote-state lookups), so each robot has the same secret on
 * both sites with nothing to type, and a failover never turns a CI login or the replication
 * endpoint invalid. Each secret has lower, upper and digit characters as Harbor requires of a set
 * secret; no special characters, so it can be pasted into `docker login` and CI variables safely.
 * The stack needs a `random` provider.
 *
 * Each secret is addressed by its robot's name (`random_password.robot_secret_<name>`, a `.` in the
 * name as `__`), not by the construct path, and kept by `prevent_destroy`: renaming or moving this
 * construct changes nothing, and nothing regenerates a secret the robots on both sites, the
 * replication endpoints and CI all hold. To rotate one, forget it (`-replace` is refused):
 * `terraform state rm random_password.robot_secret_<name>` in the stack's directory, then apply. A
 * robot removed from `robotNames` takes its secret with it (the protection goes with the block).
 *
 * @stateful
 * @example
 * new RandomProvider(sharedStack, "random");
 * const secrets = new RobotSecrets(sharedStack, "robot-secrets", { robotNames: ["replicator", "ci-pusher"] });
 * secrets.secretOf("ci-pusher"); // random_password result, sensitive
 */
export class RobotSecrets extends Construct {
  /** The robot names, deduplicated, in the given order. */
  readonly robotNames: readonly string[];
  private readonly secrets = new Map<string, Password>();

  constructor(scope: Construct, id: string, props: RobotSecretsProps) {
    super(scope, id);
    const lengthChars = props.lengthChars ?? 32;
    const problems = new ProblemList();
    props.robotNames.forEach((name, i) => {
      if (!isHarborRobotName(name))
        problems.add(`${this.node.path}: robotNames[${i}]`, name, HARBOR_ROBOT_NAME_RULE);
    });
    if (!(Number.isInteger(lengthChars) && lengthChars >= 16 && lengthChars <= 128)) {
      problems.add(`${this.node.path}: lengthChars`, lengthChars, "a whole number from 16 to 128");
    }
    problems.throwIfAny(`invalid RobotSecrets ${this.node.path}`);

    this.robotNames = [...new Set(props.robotNames)];
    for (const name of this.robotNames) {
      // Keyed by the robot name: renaming a robot gives it a new secret, adding one keeps the others.
      const secret = new Password(this, name, {
        length: lengthChars,
        special: false,
        minLower: 1,
        minUpper: 1,
        minNumeric: 1,
      });
      pinAddress(secret, `robot_secret_${harborNameInAddress(name)}`);
      markStateful(secret, { name: `robot-secret/${name}` });
      this.secrets.set(name, secret);
    }
  }

  /** The secret of one robot, a sensitive Terraform expression. */
  secretOf(name: string): string {
    const password = this.secrets.get(name);
    if (!password) {
      throw new Error(
        `${this.node.path}: no secret for robot ${JSON.stringify(name)}; known robots: ${this.robotNames.join(", ")}`,
      );
    }
    return password.result;
  }
}
