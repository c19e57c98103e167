/**
 * Name rules of the systems we write names into, checked before synth so that a bad name fails
 * here with its field path instead of at apply time in Kubernetes, Harbor or Alibaba Cloud.
 */

/** RFC 1123 label: what Kubernetes accepts for namespaces and most object names. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 subdomain, used for hostnames. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Harbor's project name rule (src/common/utils/utils.go `ValidateProjectName` in 2.x). */
const HARBOR_PROJECT_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export function isDnsLabel(value: string, maxLength = 63): boolean {
  return value.length >= 1 && value.length <= maxLength && DNS_LABEL.test(value);
}

export function isHostname(value: string): boolean {
  return value.length <= 253 && value.includes(".") && DNS_SUBDOMAIN.test(value);
}

export function isHarborProjectName(value: string): boolean {
  return value.length >= 1 && value.length <= 255 && HARBOR_PROJECT_NAME.test(value);
}

/**
 * A Harbor project or robot name (lowercase letters and digits with single `.`, `_` or `-`
 * separators) as part of a Terraform address, which allows no `.`: each `.` becomes `__`, a pair
 * no such name contains, so distinct names keep distinct addresses (`ci.images` → `ci__images`).
 */
export function harborNameInAddress(name: string): string {
  return name.replace(/\./g, "__");
}

/**
 * Terraform logical id of a Harbor API object from what identifies it, never from a construct
 * path: its kind, the Harbor it lives on (the provider's alias, when it has one) and its own names
 * in Harbor, e.g. `project_hz-h_library`, `replication_hz-h_push-to-hz-i`, `garbage-collection_hz-h`.
 */
export function harborObjectAddress(kind: string, harbor: string | undefined, ...names: string[]): string {
  return [kind, ...(harbor === undefined ? [] : [harbor]), ...names.map(harborNameInAddress)].join("_");
}

/** `host:port` with a DNS name or an IPv4 address and a TCP port. */
export function isHostPort(value: string): boolean {
  const match = /^([a-z0-9.-]+):(\d{1,5})$/.exec(value);
  if (!match) return false;
  const port = Number(match[2]);
  return (
    port >= 1 && port <= 65535 && (DNS_SUBDOMAIN.test(match[1]) || /^\d{1,3}(\.\d{1,3}){3}$/.test(match[1]))
  );
}

export const DNS_LABEL_RULE =
  "a DNS label: lowercase letters, digits and '-', starting and ending alphanumeric";
export const HOSTNAME_RULE = "a fully qualified DNS name in lowercase, e.g. registry.example.com";
export const HARBOR_PROJECT_NAME_RULE =
  "1-255 chars of lowercase letters, digits and single '.', '_' or '-' separators, starting and ending alphanumeric";
