/**
 * The alerts an operator of one Harbor site needs, as Prometheus rule groups (plain data, no
 * cdktf). Every expression names the metric's real source:
 *
 * - `probe_success`, `probe_ssl_earliest_cert_expiry`: the blackbox exporter this project deploys
 *   next to each site, probing `/api/v2.0/ping` (reachable) and `/api/v2.0/health` (its JSON
 *   `status`, since that endpoint answers 200 even when unhealthy), in the cluster and through
 *   the gateway's hostnames. Labels `probe` and `site` come from the Probe objects.
 * - `harbor_health`, `harbor_up{component}`, `harbor_task_queue_latency{type}`: Harbor's exporter
 *   (goharbor/harbor `src/pkg/exporter/health_collector.go`, `js_collector.go`).
 * - `harbor_jobservice_task_total{type,status}`: the jobservice (`src/lib/metric/jobservice.go`;
 *   `status` is `success`, `fail` or `stop`, `type` the job name such as `REPLICATION` or
 *   `GARBAGE_COLLECTION`, `src/jobservice/runner/redis.go`).
 * - `kubelet_volume_stats_*`: the kubelet, per PVC.
 * - `kube_cronjob_*`: kube-state-metrics (>= 2.3 for `last_successful_time`).
 *
 * Every alert carries `namespace`, `site` and `severity`: the namespace label is what the
 * Prometheus Operator's AlertmanagerConfig matches on, so each site's alerts reach its receivers.
 */

/** One Prometheus alerting rule. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** A named group of alerting rules, as a Prometheus rule file or a PrometheusRule lists them. */
export interface AlertRuleGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

/** Input of {@link renderHarborAlertRules}. */
export interface HarborAlertRulesInput {
  /** Site name, e.g. `hz-h`. */
  readonly site: string;
  /** `primary` or `backup`. */
  readonly role: string;
  /** Namespace of the site's Harbor release. */
  readonly namespace: string;
  /**
   * Alert when a volume of the site is fuller than this.
   * @default 80
   */
  readonly volumeUsagePercent?: number;
  /**
   * Name of the backup CronJob; omit when the site has no scheduled backup.
   * @default - no backup alerts
   */
  readonly backupCronJobName?: string;
  /**
   * Hours after the last successful backup before `HarborBackupMissing` fires.
   * @default 26 - a daily schedule plus slack
   */
  readonly backupMaxAgeHours?: number;
  /**
   * Warn this many days before a certificate expires; critical at 7.
   * @default 21
   */
  readonly certificateWarningDays?: number;
  /**
   * Add the gateway's rules (the main hostname's probe, serving from backup). One site carries
   * them, so each gateway alert exists once.
   * @default false
   */
  readonly includeGatewayRules?: boolean;
  /**
   * Base URL of the runbook; each alert links `<base>#<alert name in lowercase>`.
   * @default - alerts name the runbook section by path only
   */
  readonly runbookBaseUrl?: string;
}

/** Probe names the Probe objects and the rules agree on. */
export const PROBES = {
  /** `/api/v2.0/ping` on the in-cluster service: is the site up at all. */
  ping: "ping",
  /** `/api/v2.0/health` on the in-cluster service: the JSON status. */
  health: "health",
  /** `/api/v2.0/ping` through the gateway on the site's own hostname (TLS). */
  route: "route",
  /** `/api/v2.0/ping` through the gateway on the main (failover) hostname (TLS). */
  gateway: "gateway",
} as const;

/** The alert rules of one site, as rule groups (pure: the same input gives the same rules). */
export function renderHarborAlertRules(input: HarborAlertRulesInput): AlertRuleGroup[] {
  const ns = input.namespace;
  const sel = (extra = "") => `namespace="${ns}"${extra}`;
  const probe = (name: string) => `probe_success{${sel(`,probe="${name}"`)}}`;
  const percent = input.volumeUsagePercent ?? 80;
  const warnDays = input.certificateWarningDays ?? 21;
  const rule = (
    alert: string,
    severity: "critical" | "warning",
    expr: string,
    forDuration: string | undefined,
    summary: string,
    description: string,
  ): AlertRule => ({
    alert,
    expr,
    ...(forDuration ? { for: forDuration } : {}),
    labels: { severity, namespace: ns, site: input.site, harbor_role: input.role },
    annotations: {
      summary,
      description,
      runbook: `docs/operations.md#${alert.toLowerCase()}`,
      ...(input.runbookBaseUrl ? { runbook_url: `${input.runbookBaseUrl}#${alert.toLowerCase()}` } : {}),
    },
  });
  const site = `Harbor site ${input.site} (${input.role})`;

  const availability: AlertRule[] = [
    rule(
      "HarborSiteDown",
      "critical",
      `max(${probe(PROBES.ping)}) == 0`,
      "2m",
      `${site} is down`,
      `/api/v2.0/ping on harbor.${ns} fails from inside the cluster. The gateway fails over to the other site; pushes to this site's own hostname fail.`,
    ),
    rule(
      "HarborUnhealthy",
      "critical",
      `min(${probe(PROBES.health)}) == 0 and on() max(${probe(PROBES.ping)}) == 1`,
      "5m",
      `${site} reports itself unhealthy`,
      '/api/v2.0/health answers, but its status is not "healthy" (the endpoint returns HTTP 200 either way). See harbor_up for the component.',
    ),
    rule(
      "HarborComponentUnhealthy",
      "warning",
      `harbor_up{${sel()}} == 0`,
      "5m",
      `${site}: component {{ $labels.component }} is unhealthy`,
      "Harbor's exporter reports this component unhealthy in /api/v2.0/health.",
    ),
    rule(
      "HarborMetricsMissing",
      "warning",
      `absent(harbor_health{${sel()}})`,
      "15m",
      `${site}: no Harbor metrics`,
      "The Harbor exporter is not scraped (metrics disabled, ServiceMonitor not selected, or the exporter is down): the Harbor-level alerts of this site are blind.",
    ),
    rule(
      "HarborSiteUnreachableThroughGateway",
      "warning",
      `max(${probe(PROBES.route)}) == 0 and on() max(${probe(PROBES.ping)}) == 1`,
      "5m",
      `${site} is up but its hostname does not work through the gateway`,
      "Replication from the peer and this site's Terraform provider use this hostname: check the gateway, DNS and the certificate.",
    ),
  ];

  const gateway: AlertRule[] = input.includeGatewayRules
    ? [
        rule(
          "HarborGatewayDown",
          "critical",
          `max(${probe(PROBES.gateway)}) == 0`,
          "2m",
          "The registry's main hostname does not answer",
          "/api/v2.0/ping through the gateway's main hostname fails: clients cannot pull or push.",
        ),
        rule(
          "HarborGatewayServingFromBackup",
          "warning",
          `max(${probe(PROBES.gateway)}) == 1 and on() max(${probe(PROBES.route)}) == 0`,
          "2m",
          "The gateway serves the registry from the backup site",
          `The primary site ${input.site} does not answer on its hostname while the main hostname works: nginx has failed over. Images pushed now land on the backup and come back by replication.`,
        ),
      ]
    : [];

  const certificates: AlertRule[] = [
    rule(
      "HarborCertificateExpiresSoon",
      "warning",
      `min by (instance) (probe_ssl_earliest_cert_expiry{${sel()}}) - time() < ${warnDays} * 86400`,
      "1h",
      `The certificate of {{ $labels.instance }} expires in less than ${warnDays} days`,
      "Renew the gateway's TLS secret; it must cover the main and both site hostnames.",
    ),
    rule(
      "HarborCertificateExpiresVerySoon",
      "critical",
      `min by (instance) (probe_ssl_earliest_cert_expiry{${sel()}}) - time() < 7 * 86400`,
      "10m",
      "The certificate of {{ $labels.instance }} expires in less than 7 days",
      "Renew the gateway's TLS secret now: an expired certificate stops every docker client.",
    ),
  ];

  const jobs: AlertRule[] = [
    rule(
      "HarborReplicationFailing",
      "warning",
      `sum(increase(harbor_jobservice_task_total{${sel(',type="REPLICATION",status="fail"')}}[1h])) >= 3`,
      undefined,
      `${site}: replication tasks fail`,
      "At least 3 replication tasks failed in the last hour ({{ $value }}). The scheduled pull compensates single failures (a backup's read-only window causes some); repeated ones leave the sites apart.",
    ),
    rule(
      "HarborGarbageCollectionFailed",
      "warning",
      `sum(increase(harbor_jobservice_task_total{${sel(',type="GARBAGE_COLLECTION",status="fail"')}}[1d])) > 0`,
      undefined,
      `${site}: garbage collection failed`,
      "A garbage collection failed in the last day; deleted images keep using disk until one succeeds.",
    ),
    rule(
      "HarborJobQueueStuck",
      "warning",
      `max by (type) (harbor_task_queue_latency{${sel()}}) > 3600`,
      "15m",
      `${site}: {{ $labels.type }} jobs wait for more than an hour`,
      "The oldest pending job of this type was queued over an hour ago: the jobservice is stuck or overloaded.",
    ),
  ];

  const used = `kubelet_volume_stats_used_bytes{${sel()}}`;
  const capacity = `kubelet_volume_stats_capacity_bytes{${sel()}}`;
  const storage: AlertRule[] = [
    rule(
      "HarborVolumeFilling",
      "warning",
      `100 * ${used} / ${capacity} > ${percent}`,
      "15m",
      `${site}: volume {{ $labels.persistentvolumeclaim }} is over ${percent}% full`,
      "{{ $value | humanize }}% used. Grow the disk in the configuration (sizes only grow), or run garbage collection.",
    ),
    rule(
      "HarborVolumeFullIn24h",
      "critical",
      `predict_linear(kubelet_volume_stats_available_bytes{${sel()}}[6h], 86400) < 0 and ${used} / ${capacity} > 0.5`,
      "30m",
      `${site}: volume {{ $labels.persistentvolumeclaim }} fills up within a day`,
      "At the rate of the last 6 hours the volume is full in less than 24 hours.",
    ),
  ];

  const backups: AlertRule[] = [];
  if (input.backupCronJobName) {
    const cron = sel(`,cronjob="${input.backupCronJobName}"`);
    const maxAge = input.backupMaxAgeHours ?? 26;
    backups.push(
      rule(
        "HarborBackupFailed",
        "critical",
        `(kube_cronjob_status_last_schedule_time{${cron}} > kube_cronjob_status_last_successful_time{${cron}}) ` +
          `and on(namespace, cronjob) (time() - kube_cronjob_status_last_schedule_time{${cron}} > 5400)`,
        undefined,
        `${site}: the last backup run did not succeed`,
        "The backup job of the last schedule has not succeeded after 90 minutes. Check the job log, and that Harbor is not left in read-only mode.",
      ),
      rule(
        "HarborBackupMissing",
        "critical",
        `time() - kube_cronjob_status_last_successful_time{${cron}} > ${maxAge} * 3600 ` +
          `or ((time() - kube_cronjob_created{${cron}}) > ${maxAge} * 3600 ` +
          `unless on(namespace, cronjob) kube_cronjob_status_last_successful_time{${cron}})`,
        undefined,
        `${site}: no successful backup for over ${maxAge} hours`,
        "The newest consistent backup of this site is too old (or there never was one).",
      ),
    );
  }

  return [
    { name: `harbor-${input.site}-availability`, rules: [...availability, ...gateway] },
    { name: `harbor-${input.site}-certificates`, rules: certificates },
    { name: `harbor-${input.site}-jobs`, rules: jobs },
    { name: `harbor-${input.site}-storage`, rules: storage },
    ...(backups.length > 0 ? [{ name: `harbor-${input.site}-backups`, rules: backups }] : []),
  ];
}
