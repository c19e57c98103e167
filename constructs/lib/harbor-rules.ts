import { HARBOR_PROJECT_NAME_RULE, isHarborProjectName } from "./naming";
import { ProblemList } from "./validation";
import { describeChoices } from "./value-checks";

/**
 * Allowed values and shape rules of the Harbor provider (`goharbor/harbor` 3.12) that the provider
 * does not check itself, or checks only at apply. Sources: the provider's `provider/resource_*.go`
 * and `client/*.go` as transcribed in terraform-provider-harbor-schema.json and
 * notes-harbor-provider.md (gotchas G3, G7, G10).
 */

/** `provider_name` of `harbor_registry` (translated by the provider; an unknown name fails at apply). */
export const HARBOR_REGISTRY_PROVIDER_NAMES = [
  "alibaba",
  "artifact-hub",
  "aws",
  "azure",
  "docker-hub",
  "docker-registry",
  "gitlab",
  "github",
  "google",
  "harbor",
  "helm",
  "huawei",
  "jfrog",
  "quay",
] as const;

export const HARBOR_REPLICATION_ACTIONS = ["push", "pull"] as const;

/** `filters.resource` of `harbor_replication`. */
export const HARBOR_REPLICATION_RESOURCES = ["image", "artifact", "chart"] as const;

/** `filters.decoration`: applies to `tag` and `labels` filters only. */
export const HARBOR_FILTER_DECORATIONS = ["matches", "excludes"] as const;

export const HARBOR_MEMBER_ROLES = [
  "projectadmin",
  "maintainer",
  "developer",
  "guest",
  "limitedguest",
] as const;

export const HARBOR_GROUP_TYPES = ["ldap", "internal", "oidc"] as const;

export const HARBOR_DEPLOYMENT_SECURITY_LEVELS = ["none", "low", "medium", "high", "critical"] as const;

export const HARBOR_ROBOT_LEVELS = ["system", "project"] as const;

export const HARBOR_PERMISSION_KINDS = ["system", "project"] as const;

export const HARBOR_ACCESS_EFFECTS = ["allow", "deny"] as const;

export const HARBOR_WEBHOOK_EVENT_TYPES = [
  "PUSH_ARTIFACT",
  "PULL_ARTIFACT",
  "DELETE_ARTIFACT",
  "QUOTA_EXCEED",
  "QUOTA_WARNING",
  "REPLICATION",
  "SCANNING_FAILED",
  "SCANNING_COMPLETED",
  "TAG_RETENTION",
] as const;

export const HARBOR_WEBHOOK_NOTIFY_TYPES = ["http", "slack"] as const;

export const HARBOR_WEBHOOK_PAYLOAD_FORMATS = ["Default", "CloudEvents"] as const;

/** `include_operations` of `harbor_purge_audit_log` (Harbor < 2.13). */
export const HARBOR_PURGE_OPERATIONS = ["create", "pull", "delete"] as const;

/** `include_event_types` of `harbor_purge_audit_log` (Harbor >= 2.13). */
export const HARBOR_PURGE_EVENT_TYPES = [
  "create",
  "push",
  "pull",
  "delete",
  "create_artifact",
  "delete_artifact",
  "pull_artifact",
  "other",
] as const;

export const HARBOR_PROJECT_CREATION_RESTRICTIONS = ["adminonly", "everyone"] as const;

export const HARBOR_BANNER_TYPES = ["success", "info", "warning", "danger"] as const;

export const HARBOR_AUTH_MODES = ["db_auth", "ldap_auth", "oidc_auth"] as const;

export const HARBOR_LDAP_SCOPES = ["base", "onelevel", "subtree"] as const;

/** The `id` of a `harbor_project`: an API path such as `/projects/3`. */
export const HARBOR_PROJECT_PATH = /^\/projects\/\d+$/;

/**
 * Retention scope, member `project_id`, webhook and immutable-rule `project_id` take the project's
 * **`id`** (`/projects/<n>`), not its numeric `project_id`: a bare number is read back as the path
 * form and forces a replacement on every plan (webhooks even fail to create).
 */
export function checkHarborProjectPath(
  problems: ProblemList,
  path: string,
  value: string | undefined,
): boolean {
  if (value === undefined) return true;
  const numeric = /^\d+$/.test(value);
  return problems.check(
    HARBOR_PROJECT_PATH.test(value),
    path,
    value,
    `a project path "/projects/<n>" (pass harborProject.id, not projectId)${
      numeric ? `; did you mean ${JSON.stringify(`/projects/${value}`)}?` : ""
    }`,
  );
}

/** Harbor project names: 1–255 lowercase letters and digits, separated by single `.`, `_` or `-`. */
export function checkHarborProjectName(
  problems: ProblemList,
  path: string,
  name: string | undefined,
): boolean {
  if (name === undefined) return true;
  return problems.check(isHarborProjectName(name), path, name, HARBOR_PROJECT_NAME_RULE);
}

/** A storage quota in whole GiB; -1 is unlimited. */
export function checkStorageQuotaGiB(
  problems: ProblemList,
  path: string,
  quotaGiB: number | undefined,
): boolean {
  if (quotaGiB === undefined) return true;
  return problems.check(
    quotaGiB === -1 || (Number.isInteger(quotaGiB) && quotaGiB >= 1),
    path,
    quotaGiB,
    "-1 (unlimited) or a whole number of GiB of at least 1 (the provider multiplies by 1073741824)",
  );
}

/** A comma-separated list (`"create,pull"`) whose items are all in `allowed`. */
export function checkCommaList(
  problems: ProblemList,
  path: string,
  value: string | undefined,
  allowed: readonly string[],
): boolean {
  if (value === undefined) return true;
  const items = value.split(",").map((item) => item.trim());
  return problems.check(
    items.length > 0 && items.every((item) => allowed.includes(item)),
    path,
    value,
    `a comma-separated list of ${describeChoices(allowed)}`,
  );
}
