import { ProblemList } from "../lib/validation";

/**
 * One Harbor site behind the gateway.
 *
 * @example
 * const primary: GatewaySite = { name: "primary", namespace: "harbor-primary", hostname: "primary.registry.example.com" };
 */
export interface GatewaySite {
  /**
   * Short site name (a DNS label). It names the site's upstream, appears in the access log, and
   * marks the upload sessions the site owns (`/v2/<repo>/blobs/uploads/<name>.<session>`).
   */
  readonly name: string;

  /**
   * Kubernetes namespace of the site's Harbor release, used for the default upstream.
   *
   * @default - the site name
   */
  readonly namespace?: string;

  /**
   * `host:port` the gateway proxies to. Harbor serves plain HTTP behind the gateway.
   *
   * @default - `harbor.<namespace>.svc.cluster.local:80`, the chart's `harbor` service
   */
  readonly upstream?: string;

  /**
   * Hostname pinned to this site only (no failover), for replication endpoints and the site's
   * own Terraform provider, so the token realm Harbor builds points back at exactly this site.
   *
   * @default - no pinned hostname
   */
  readonly hostname?: string;
}

/**
 * Everything that shapes the rendered nginx configuration. Timeouts are whole seconds.
 *
 * @example
 * renderNginxConfig({
 *   hostname: "registry.example.com",
 *   primary: { name: "primary", namespace: "harbor-primary" },
 *   backup: { name: "backup", namespace: "harbor-backup" },
 * });
 */
export interface NginxGatewayConfigProps {
  /** Main hostname: served by the primary, failing over to the backup. */
  readonly hostname: string;

  /** The site that serves traffic while it is healthy. */
  readonly primary: GatewaySite;

  /** The site that serves only while the primary is failing. */
  readonly backup: GatewaySite;

  /**
   * Time to open a connection to a site.
   *
   * @default 2
   */
  readonly connectTimeoutSec?: number;

  /**
   * Time to wait for each read from a site on pulls (registry GET/HEAD of manifests and blobs, the
   * `/v2/` check), token requests and upload-session creation. This bounds how long a pull stalls
   * on a primary that accepts connections but never answers before it is retried on the backup.
   * A healthy primary that takes longer to send the first byte also has the request answered by
   * the backup (see `maxFails` for when that takes the primary out of rotation).
   *
   * @default 2
   */
  readonly pullReadTimeoutSec?: number;

  /**
   * Time to wait for each read from a site on requests that may legitimately be slow: listings
   * (`/v2/_catalog`, `/v2/<repo>/tags/list`, referrers), Harbor API/UI calls, and writes that are
   * not blob uploads (manifest PUT, DELETE).
   *
   * @default 60
   */
  readonly apiReadTimeoutSec?: number;

  /**
   * Time to wait for the site on blob upload transfers (PATCH/PUT of an upload session): each write
   * of the streamed body and the registry's answer after the last byte (committing a large blob).
   *
   * @default 900
   */
  readonly uploadTimeoutSec?: number;

  /**
   * Time after the start of a pull, token request, upload-session creation or write within which
   * it may still be retried on the backup (`proxy_next_upstream_timeout`). Must leave room for a
   * timed-out first try: more than `connectTimeoutSec + pullReadTimeoutSec`. Listings and API
   * reads are not limited by it: a first try that timed out after `apiReadTimeoutSec` is still
   * retried once.
   *
   * @default 10
   */
  readonly failoverTimeoutSec?: number;

  /**
   * Failed attempts on the primary (connection errors, timeouts, and 502/503/504 on requests that
   * retry them) after which it is skipped for `failTimeoutSec`. Failures count toward it while each
   * follows the previous one by less than about `failTimeoutSec`, successes in between
   * notwithstanding. Above 1, one slow answer moves only its own request to the backup, not all
   * traffic (writes included); a hung or dead primary is still skipped within a second or two under
   * load, since every request in flight to it fails within `pullReadTimeoutSec`.
   *
   * @default 3
   */
  readonly maxFails?: number;

  /**
   * How long a failed primary is skipped before one request probes it again. This is also the
   * upper bound of failback time once the primary is healthy again.
   *
   * @default 5
   */
  readonly failTimeoutSec?: number;

  /**
   * Idle keepalive connections each nginx worker keeps open to each upstream.
   *
   * @default 32
   */
  readonly upstreamKeepaliveConnections?: number;

  /**
   * nginx worker processes (size the pod's CPU request to match).
   *
   * @default 2
   */
  readonly workerProcesses?: number;

  /**
   * Simultaneous connections per worker, client and upstream connections together.
   *
   * @default 4096
   */
  readonly workerConnections?: number;

  /**
   * `Strict-Transport-Security` max-age sent on every HTTPS response; 0 sends no header.
   *
   * @default 31536000 (one year)
   */
  readonly hstsMaxAgeSec?: number;
}

/** A site with every default applied. */
export interface ResolvedGatewaySite {
  readonly name: string;
  readonly upstream: string;
  readonly hostname?: string;
}

/** The props with every default applied, after validation. */
export interface ResolvedGatewaySettings {
  readonly hostname: string;
  readonly primary: ResolvedGatewaySite;
  readonly backup: ResolvedGatewaySite;
  readonly connectTimeoutSec: number;
  readonly pullReadTimeoutSec: number;
  readonly apiReadTimeoutSec: number;
  readonly uploadTimeoutSec: number;
  readonly failoverTimeoutSec: number;
  readonly maxFails: number;
  readonly failTimeoutSec: number;
  readonly upstreamKeepaliveConnections: number;
  readonly workerProcesses: number;
  readonly workerConnections: number;
  readonly hstsMaxAgeSec: number;
}

/** The default of every numeric gateway setting (timeouts in seconds). */
export const GATEWAY_DEFAULTS = {
  connectTimeoutSec: 2,
  pullReadTimeoutSec: 2,
  apiReadTimeoutSec: 60,
  uploadTimeoutSec: 900,
  failoverTimeoutSec: 10,
  maxFails: 3,
  failTimeoutSec: 5,
  upstreamKeepaliveConnections: 32,
  workerProcesses: 2,
  workerConnections: 4096,
  hstsMaxAgeSec: 31536000,
} as const;

/** The in-cluster address of a Harbor release's `harbor` service (chart `expose.type: clusterIP`). */
export function harborServiceUpstream(namespace: string, serviceName = "harbor", port = 80): string {
  return `${serviceName}.${namespace}.svc.cluster.local:${port}`;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_BRACKETED = /^\[[0-9a-fA-F:.]+\]$/;

/** True for `host:port` with a DNS name, an IPv4 address or a bracketed IPv6 address, and a port 1..65535. */
export function isHostPort(value: string): boolean {
  const colon = value.lastIndexOf(":");
  if (colon <= 0) return false;
  const host = value.slice(0, colon);
  const port = value.slice(colon + 1);
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) return false;
  return HOSTNAME.test(host) || IPV4.test(host) || IPV6_BRACKETED.test(host);
}

interface IntegerRule {
  readonly min: number;
  readonly max: number;
  readonly unit: string;
}

const INTEGER_RULES: Record<keyof typeof GATEWAY_DEFAULTS, IntegerRule> = {
  connectTimeoutSec: { min: 1, max: 75, unit: "seconds" },
  pullReadTimeoutSec: { min: 1, max: 300, unit: "seconds" },
  apiReadTimeoutSec: { min: 1, max: 3600, unit: "seconds" },
  uploadTimeoutSec: { min: 1, max: 86400, unit: "seconds" },
  failoverTimeoutSec: { min: 2, max: 3600, unit: "seconds" },
  maxFails: { min: 1, max: 100, unit: "attempts" },
  failTimeoutSec: { min: 1, max: 3600, unit: "seconds" },
  upstreamKeepaliveConnections: { min: 1, max: 1024, unit: "connections" },
  workerProcesses: { min: 1, max: 64, unit: "processes" },
  workerConnections: { min: 64, max: 65536, unit: "connections" },
  hstsMaxAgeSec: { min: 0, max: 63072000, unit: "seconds" },
};

function resolveSite(
  problems: ProblemList,
  path: string,
  site: GatewaySite | undefined,
): ResolvedGatewaySite | undefined {
  if (site === undefined || site === null || typeof site !== "object") {
    problems.add(path, site, "a site object with at least a name");
    return undefined;
  }
  const nameOk = problems.check(
    typeof site.name === "string" && DNS_LABEL.test(site.name),
    `${path}.name`,
    site.name,
    "a DNS label: lowercase letters, digits and '-', 1 to 63 characters, starting and ending alphanumeric",
  );
  if (site.namespace !== undefined) {
    problems.check(
      typeof site.namespace === "string" && DNS_LABEL.test(site.namespace),
      `${path}.namespace`,
      site.namespace,
      "a Kubernetes namespace name (DNS label)",
    );
  }
  if (site.upstream !== undefined) {
    problems.check(
      typeof site.upstream === "string" && isHostPort(site.upstream),
      `${path}.upstream`,
      site.upstream,
      "host:port with a DNS name, IPv4 address or [IPv6] address and a port 1..65535",
    );
  }
  if (site.hostname !== undefined) {
    problems.check(
      typeof site.hostname === "string" && HOSTNAME.test(site.hostname),
      `${path}.hostname`,
      site.hostname,
      "a lowercase DNS hostname such as primary.registry.example.com",
    );
  }
  if (!nameOk) return undefined;
  return {
    name: site.name,
    upstream: site.upstream ?? harborServiceUpstream(site.namespace ?? site.name),
    ...(site.hostname !== undefined ? { hostname: site.hostname } : {}),
  };
}

/**
 * Applies defaults and checks every prop, throwing one `ValidationError` that lists all problems.
 * `context` prefixes the field paths (a construct path, or empty for the bare renderer).
 */
export function resolveGatewaySettings(
  props: NginxGatewayConfigProps,
  context = "",
): ResolvedGatewaySettings {
  const problems = new ProblemList();
  const at = (field: string): string => (context ? `${context}: ${field}` : field);

  problems.check(
    typeof props.hostname === "string" && HOSTNAME.test(props.hostname),
    at("hostname"),
    props.hostname,
    "a lowercase DNS hostname such as registry.example.com",
  );
  const primary = resolveSite(problems, at("primary"), props.primary);
  const backup = resolveSite(problems, at("backup"), props.backup);

  if (primary && backup) {
    problems.check(
      primary.name !== backup.name,
      at("backup.name"),
      backup.name,
      "a name different from primary.name",
    );
    problems.check(
      primary.upstream !== backup.upstream,
      at("backup.upstream"),
      backup.upstream,
      "an address different from the primary's: a backup on the same upstream gives no failover",
    );
    const hostnames = [props.hostname, primary.hostname, backup.hostname].filter((h) => h !== undefined);
    problems.check(
      new Set(hostnames).size === hostnames.length,
      at("hostnames"),
      hostnames,
      "distinct hostnames: a pinned site hostname cannot equal the main hostname or the other site's",
    );
  }

  const numbers = {} as Record<keyof typeof GATEWAY_DEFAULTS, number>;
  for (const key of Object.keys(INTEGER_RULES) as (keyof typeof GATEWAY_DEFAULTS)[]) {
    const rule = INTEGER_RULES[key];
    const value: unknown = props[key] ?? GATEWAY_DEFAULTS[key];
    const ok = typeof value === "number" && Number.isInteger(value) && value >= rule.min && value <= rule.max;
    problems.check(ok, at(key), value, `an integer from ${rule.min} to ${rule.max} (${rule.unit})`);
    numbers[key] = ok ? (value as number) : GATEWAY_DEFAULTS[key];
  }
  const firstTryBound = numbers.connectTimeoutSec + numbers.pullReadTimeoutSec;
  problems.check(
    numbers.failoverTimeoutSec > firstTryBound,
    at("failoverTimeoutSec"),
    numbers.failoverTimeoutSec,
    `more than connectTimeoutSec + pullReadTimeoutSec (${firstTryBound}), or a timed-out primary leaves no time to try the backup`,
  );

  problems.throwIfAny("invalid nginx failover gateway props");
  return {
    hostname: props.hostname,
    primary: primary as ResolvedGatewaySite,
    backup: backup as ResolvedGatewaySite,
    ...numbers,
  };
}
