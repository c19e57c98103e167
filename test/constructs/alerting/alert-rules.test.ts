/**
 * The alert rules checked and exercised by Prometheus' own tool: `promtool check rules` parses
 * every expression, and `promtool test rules` evaluates them on synthetic series, so each test
 * below says when an alert fires and when it must stay quiet.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { AlertRule, renderHarborAlertRules } from "../../../constructs/alerting/alert-rules";

const NS = "harbor-hz-h";
const GROUPS = renderHarborAlertRules({
  site: "hz-h",
  role: "primary",
  namespace: NS,
  volumeUsagePercent: 80,
  backupCronJobName: "harbor-site-backup",
  includeGatewayRules: true,
});
const RULES = new Map<string, AlertRule>(GROUPS.flatMap((g) => g.rules).map((r) => [r.alert, r]));
const LABELS = { severity: "", namespace: NS, site: "hz-h", harbor_role: "primary" };

function promtool(args: string[], cwd: string) {
  const result = spawnSync("promtool", args, { cwd, encoding: "utf8", timeout: 20_000 });
  if (result.error) {
    throw new Error(`promtool not runnable (${result.error.message}): apt-get install -y prometheus`);
  }
  return result;
}

/** Expected firing alert: the rule's labels and annotations with templates filled in. */
function firing(alert: string, extraLabels: Record<string, string> = {}, fill: Record<string, string> = {}) {
  const rule = RULES.get(alert);
  if (!rule) throw new Error(`no rule ${alert}`);
  const annotations = Object.fromEntries(
    Object.entries(rule.annotations).map(([k, v]) => [
      k,
      Object.entries(fill).reduce((text, [pattern, value]) => text.split(pattern).join(value), v),
    ]),
  );
  return { exp_labels: { ...LABELS, ...rule.labels, ...extraLabels }, exp_annotations: annotations };
}

const probe = (name: string, values: string) => ({
  series: `probe_success{namespace="${NS}",site="hz-h",probe="${name}"}`,
  values,
});

interface RuleTest {
  interval: string;
  input_series: { series: string; values: string }[];
  alert_rule_test: { eval_time: string; alertname: string; exp_alerts: unknown[] }[];
}

function runRuleTests(tests: RuleTest[], evaluationInterval = "1m") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-"));
  try {
    fs.writeFileSync(path.join(dir, "rules.yaml"), stringify({ groups: GROUPS }));
    fs.writeFileSync(
      path.join(dir, "tests.yaml"),
      stringify({ rule_files: ["rules.yaml"], evaluation_interval: evaluationInterval, tests }),
    );
    return promtool(["test", "rules", "tests.yaml"], dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("Harbor alert rules under promtool", () => {
  test("every rule parses (promtool check rules)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-"));
    try {
      fs.writeFileSync(path.join(dir, "rules.yaml"), stringify({ groups: GROUPS }));
      const result = promtool(["check", "rules", "rules.yaml"], dir);
      expect(result.stdout + result.stderr).toContain("SUCCESS: 16 rules found");
      expect(result.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("site down, unhealthy-but-answering, and the gateway serving from the backup", () => {
    const result = runRuleTests([
      {
        // ping fails from minute 5: down after 2 more minutes, and then not "unhealthy" as well
        interval: "1m",
        input_series: [probe("ping", "1x4 0x10"), probe("health", "1x4 0x10")],
        alert_rule_test: [
          { eval_time: "6m", alertname: "HarborSiteDown", exp_alerts: [] },
          {
            eval_time: "8m",
            alertname: "HarborSiteDown",
            exp_alerts: [firing("HarborSiteDown", { severity: "critical" })],
          },
          { eval_time: "14m", alertname: "HarborUnhealthy", exp_alerts: [] },
        ],
      },
      {
        // /health says unhealthy (probe fails on the body) while /ping answers
        interval: "1m",
        input_series: [probe("ping", "1x20"), probe("health", "1x4 0x15")],
        alert_rule_test: [
          { eval_time: "8m", alertname: "HarborUnhealthy", exp_alerts: [] },
          {
            eval_time: "11m",
            alertname: "HarborUnhealthy",
            exp_alerts: [firing("HarborUnhealthy", { severity: "critical" })],
          },
          { eval_time: "11m", alertname: "HarborSiteDown", exp_alerts: [] },
        ],
      },
      {
        // the primary's own hostname fails through the gateway, the main hostname works
        interval: "1m",
        input_series: [probe("ping", "0x10"), probe("route", "0x10"), probe("gateway", "1x10")],
        alert_rule_test: [
          {
            eval_time: "5m",
            alertname: "HarborGatewayServingFromBackup",
            exp_alerts: [firing("HarborGatewayServingFromBackup", { severity: "warning" })],
          },
          { eval_time: "5m", alertname: "HarborGatewayDown", exp_alerts: [] },
        ],
      },
    ]);
    expect(result.stdout + result.stderr).toContain("SUCCESS");
    expect(result.status).toBe(0);
  });

  test("replication failures, volume usage, certificate expiry, and an unhealthy component", () => {
    const result = runRuleTests([
      {
        interval: "1m",
        input_series: [
          {
            series: `harbor_jobservice_task_total{namespace="${NS}",type="REPLICATION",status="fail"}`,
            values: "0 0 1 1 2 3 3 3",
          },
          {
            series: `harbor_jobservice_task_total{namespace="${NS}",type="GARBAGE_COLLECTION",status="fail"}`,
            values: "0x7",
          },
          {
            series: `kubelet_volume_stats_used_bytes{namespace="${NS}",persistentvolumeclaim="harbor-registry"}`,
            values: "90x30",
          },
          {
            series: `kubelet_volume_stats_capacity_bytes{namespace="${NS}",persistentvolumeclaim="harbor-registry"}`,
            values: "100x30",
          },
          { series: `harbor_up{namespace="${NS}",component="redis"}`, values: "1 0x10" },
        ],
        alert_rule_test: [
          { eval_time: "4m", alertname: "HarborReplicationFailing", exp_alerts: [] },
          {
            eval_time: "6m",
            alertname: "HarborReplicationFailing",
            exp_alerts: [
              firing("HarborReplicationFailing", { severity: "warning" }, { "{{ $value }}": "3" }),
            ],
          },
          { eval_time: "6m", alertname: "HarborGarbageCollectionFailed", exp_alerts: [] },
          {
            eval_time: "20m",
            alertname: "HarborVolumeFilling",
            exp_alerts: [
              firing(
                "HarborVolumeFilling",
                { severity: "warning", persistentvolumeclaim: "harbor-registry" },
                { "{{ $labels.persistentvolumeclaim }}": "harbor-registry", "{{ $value | humanize }}": "90" },
              ),
            ],
          },
          {
            eval_time: "7m",
            alertname: "HarborComponentUnhealthy",
            exp_alerts: [
              firing(
                "HarborComponentUnhealthy",
                { severity: "warning", component: "redis" },
                { "{{ $labels.component }}": "redis" },
              ),
            ],
          },
        ],
      },
      {
        // a certificate expiring 10 days after the start of the test (timestamps start at 0);
        // samples every minute: a gap longer than the 5m lookback would reset the pending alert
        interval: "1m",
        input_series: [
          {
            series: `probe_ssl_earliest_cert_expiry{namespace="${NS}",instance="https://registry.example.com/api/v2.0/ping"}`,
            values: "864000x90",
          },
        ],
        alert_rule_test: [
          { eval_time: "30m", alertname: "HarborCertificateExpiresSoon", exp_alerts: [] },
          {
            eval_time: "70m",
            alertname: "HarborCertificateExpiresSoon",
            exp_alerts: [
              firing(
                "HarborCertificateExpiresSoon",
                { severity: "warning", instance: "https://registry.example.com/api/v2.0/ping" },
                { "{{ $labels.instance }}": "https://registry.example.com/api/v2.0/ping" },
              ),
            ],
          },
          { eval_time: "70m", alertname: "HarborCertificateExpiresVerySoon", exp_alerts: [] },
        ],
      },
    ]);
    expect(result.stdout + result.stderr).toContain("SUCCESS");
    expect(result.status).toBe(0);
  });

  test("a failed backup run, and no successful backup for over a day", () => {
    const cron = `namespace="${NS}",cronjob="harbor-site-backup"`;
    const result = runRuleTests(
      [
        {
          // success at t=0; the run scheduled at 1h never succeeds
          interval: "30m",
          input_series: [
            { series: `kube_cronjob_status_last_schedule_time{${cron}}`, values: "0 3600x60" },
            { series: `kube_cronjob_status_last_successful_time{${cron}}`, values: "0x60" },
            { series: `kube_cronjob_created{${cron}}`, values: "0x60" },
          ],
          alert_rule_test: [
            { eval_time: "2h", alertname: "HarborBackupFailed", exp_alerts: [] },
            {
              eval_time: "3h",
              alertname: "HarborBackupFailed",
              exp_alerts: [
                firing("HarborBackupFailed", { severity: "critical", cronjob: "harbor-site-backup" }),
              ],
            },
            { eval_time: "25h", alertname: "HarborBackupMissing", exp_alerts: [] },
            {
              eval_time: "27h",
              alertname: "HarborBackupMissing",
              exp_alerts: [
                firing("HarborBackupMissing", { severity: "critical", cronjob: "harbor-site-backup" }),
              ],
            },
          ],
        },
        {
          // a CronJob that never succeeded at all
          interval: "1h",
          input_series: [{ series: `kube_cronjob_created{${cron}}`, values: "0x30" }],
          alert_rule_test: [
            {
              eval_time: "27h",
              alertname: "HarborBackupMissing",
              exp_alerts: [
                firing("HarborBackupMissing", { severity: "critical", cronjob: "harbor-site-backup" }),
              ],
            },
          ],
        },
      ],
      "10m",
    );
    expect(result.stdout + result.stderr).toContain("SUCCESS");
    expect(result.status).toBe(0);
  });

  test("fails a promtool test that expects an alert the rules do not raise (the harness can fail)", () => {
    const result = runRuleTests([
      {
        interval: "1m",
        input_series: [probe("ping", "1x10")],
        alert_rule_test: [
          { eval_time: "5m", alertname: "HarborSiteDown", exp_alerts: [firing("HarborSiteDown")] },
        ],
      },
    ]);
    expect(result.status).not.toBe(0);
  });
});

describe("rule set shape", () => {
  test("gateway rules only where asked, backup rules only with a backup CronJob", () => {
    const plain = renderHarborAlertRules({ site: "hz-i", role: "backup", namespace: "harbor-hz-i" });
    const names = plain.flatMap((g) => g.rules.map((r) => r.alert));
    expect(names).not.toContain("HarborGatewayServingFromBackup");
    expect(names).not.toContain("HarborBackupMissing");
    expect(plain.map((g) => g.name)).toEqual([
      "harbor-hz-i-availability",
      "harbor-hz-i-certificates",
      "harbor-hz-i-jobs",
      "harbor-hz-i-storage",
    ]);
  });

  test("every alert is routed by namespace and site and links its runbook section", () => {
    for (const rule of RULES.values()) {
      expect(rule.labels).toMatchObject({ namespace: NS, site: "hz-h" });
      expect(["critical", "warning"]).toContain(rule.labels.severity);
      expect(rule.annotations.runbook).toBe(`docs/operations.md#${rule.alert.toLowerCase()}`);
    }
  });
});
