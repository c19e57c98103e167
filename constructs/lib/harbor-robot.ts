/**
 * Harbor robot accounts as plain data: the name and secret rules Harbor's API enforces and the
 * permission shape of `harbor_robot_account`. Shared by the replication identity and the CI robots
 * of the registry policy, which must exist with the same name and secret on both sites.
 */

/** Harbor's default `robot_name_prefix`: a system robot `ci` logs in as `robot$ci`. */
export const HARBOR_ROBOT_PREFIX = "robot$";

/** `validateName` in Harbor's `src/server/v2.0/handler/robot.go`: no '+', which separates project robots. */
const ROBOT_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export const HARBOR_ROBOT_NAME_RULE =
  "1-64 lowercase letters, digits and single '.', '_' or '-' separators, starting and ending alphanumeric";

export function isHarborRobotName(value: unknown): value is string {
  return typeof value === "string" && value.length >= 1 && value.length <= 64 && ROBOT_NAME.test(value);
}

/** The login name of a system-level robot. */
export function robotFullName(name: string): string {
  return `${HARBOR_ROBOT_PREFIX}${name}`;
}

/**
 * `isValidSec` in Harbor's robot handler: a secret set through the API needs at least 8 characters
 * with a lowercase letter, an uppercase letter and a digit. Generated secrets must be made to match.
 */
export const HARBOR_ROBOT_SECRET_RULE =
  "at least 8 characters with a lowercase letter, an uppercase letter and a digit (Harbor rejects others)";

export function isHarborRobotSecret(value: string): boolean {
  return value.length >= 8 && /[a-z]/.test(value) && /[A-Z]/.test(value) && /[0-9]/.test(value);
}

/** One `access` entry of a robot permission (Harbor RBAC resource and action). */
export interface RobotAccessSpec {
  readonly resource: string;
  readonly action: string;
}

/** One `permissions` block: system scope (`namespace` "/") or one project ("*" for all projects). */
export interface RobotPermissionSpec {
  readonly kind: "system" | "project";
  readonly namespace: string;
  readonly access: readonly RobotAccessSpec[];
}

/** A system-level robot account, identical on both sites. */
export interface RobotAccountSpec {
  /** Short name; Harbor stores `robot$<name>`. */
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly RobotPermissionSpec[];
}
