/**
 * Reads Terraform's machine-readable UI (`terraform plan -json`, one JSON object per
 * line; developer.hashicorp.com/terraform/internals/machine-readable-ui) into the
 * decisions Terraform made: which resource it creates, updates, replaces, deletes or
 * moves, and which errors stopped the plan. The same reading works against real
 * providers, so a pull-request guard can report Terraform's own decisions.
 */

export type PlanAction =
  "noop" | "create" | "read" | "update" | "replace" | "delete" | "move" | "import" | "remove";

export interface PlannedResourceChange {
  readonly address: string;
  readonly resourceType: string;
  readonly action: PlanAction;
  /** Set when the resource moves (a `moved` block or a renamed address Terraform recognised). */
  readonly previousAddress?: string;
  /** Terraform's reason, e.g. `cannot_update` for a replacement forced by the provider. */
  readonly reason?: string;
}

export interface TerraformDiagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail: string;
  /** The resource address the diagnostic names, when it names one. */
  readonly address?: string;
}

export interface ChangeSummary {
  readonly add: number;
  readonly change: number;
  readonly remove: number;
  readonly import: number;
}

export interface PlanReport {
  readonly changes: readonly PlannedResourceChange[];
  readonly diagnostics: readonly TerraformDiagnostic[];
  readonly summary?: ChangeSummary;
}

interface UiMessage {
  type?: string;
  change?: {
    action?: PlanAction;
    reason?: string;
    resource?: { addr?: string; resource_type?: string };
    previous_resource?: { addr?: string };
  };
  changes?: { add?: number; change?: number; remove?: number; import?: number; operation?: string };
  diagnostic?: { severity?: string; summary?: string; detail?: string; address?: string };
}

/** Parses the `-json` output of `plan`, `apply` or `validate`-like commands. Non-JSON lines are ignored. */
export function parsePlanOutput(stdout: string): PlanReport {
  const changes: PlannedResourceChange[] = [];
  const diagnostics: TerraformDiagnostic[] = [];
  let summary: ChangeSummary | undefined;
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    let message: UiMessage;
    try {
      message = JSON.parse(line) as UiMessage;
    } catch {
      continue;
    }
    if (message.type === "planned_change" && message.change?.resource?.addr && message.change.action) {
      const change = message.change;
      changes.push({
        address: change.resource!.addr!,
        resourceType: change.resource!.resource_type ?? change.resource!.addr!.split(".")[0],
        action: change.action!,
        ...(change.previous_resource?.addr ? { previousAddress: change.previous_resource.addr } : {}),
        ...(change.reason ? { reason: change.reason } : {}),
      });
    } else if (message.type === "change_summary" && message.changes) {
      summary = {
        add: message.changes.add ?? 0,
        change: message.changes.change ?? 0,
        remove: message.changes.remove ?? 0,
        import: message.changes.import ?? 0,
      };
    } else if (message.type === "diagnostic" && message.diagnostic) {
      const diagnostic = message.diagnostic;
      diagnostics.push({
        severity: diagnostic.severity === "error" ? "error" : "warning",
        summary: diagnostic.summary ?? "",
        detail: diagnostic.detail ?? "",
        ...(diagnostic.address ? { address: diagnostic.address } : {}),
      });
    }
  }
  return { changes, diagnostics, ...(summary ? { summary } : {}) };
}

/** One line per change or error, for failure messages and guard reports. */
export function describePlan(report: PlanReport): string {
  const lines = report.changes
    .filter((change) => change.action !== "noop")
    .map(
      (change) =>
        `${change.action} ${change.address}` +
        (change.previousAddress ? ` (from ${change.previousAddress})` : "") +
        (change.reason ? ` [${change.reason}]` : ""),
    );
  for (const diagnostic of report.diagnostics) {
    lines.push(
      `${diagnostic.severity}: ${diagnostic.summary}${diagnostic.address ? ` (${diagnostic.address})` : ""}`,
    );
  }
  return lines.length > 0 ? lines.join("\n") : "no changes";
}
