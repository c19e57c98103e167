/**
 * Renders a guard result for people: a table per stack in the terminal, the same as Markdown for
 * the pull-request comment. Pure.
 */
import { GuardResult, ResourceChange } from "./compare";

export type ReportFormat = "text" | "markdown" | "json";

const ACTION_ORDER: readonly string[] = ["delete", "replace", "update", "move", "create"];

export function renderReport(result: GuardResult, format: ReportFormat): string {
  if (format === "json") return `${JSON.stringify(result, null, 2)}\n`;
  return format === "markdown" ? renderMarkdown(result) : renderText(result);
}

/** `1 added, 2 changed, 1 replaced, 0 removed, 1 moved`. */
export function summarize(result: GuardResult): string {
  const count = (action: string) => result.changes.filter((c) => c.action === action).length;
  return (
    `${count("create")} added, ${count("update")} changed, ${count("replace")} replaced, ` +
    `${count("delete")} removed, ${count("move")} moved`
  );
}

function verdict(change: ResourceChange): string {
  if (!change.danger) return "ok";
  return change.optedIn ? "ALLOWED (opt-in)" : "BLOCKED";
}

function byStack(result: GuardResult): Map<string, ResourceChange[]> {
  const stacks = new Map<string, ResourceChange[]>();
  for (const change of result.changes) {
    const list = stacks.get(change.stack) ?? [];
    list.push(change);
    stacks.set(change.stack, list);
  }
  for (const list of stacks.values()) {
    list.sort(
      (a, b) =>
        ACTION_ORDER.indexOf(a.action) - ACTION_ORDER.indexOf(b.action) || a.address.localeCompare(b.address),
    );
  }
  return stacks;
}

/** " (stack removed)" or " (new stack)" after a stack's name, else nothing. */
function stackTag(result: GuardResult, stack: string): string {
  if (result.stacksRemoved.includes(stack)) return " (stack removed)";
  return result.stacksAdded.includes(stack) ? " (new stack)" : "";
}

function renderText(result: GuardResult): string {
  const lines: string[] = [];
  const stacks = byStack(result);
  if (stacks.size === 0) lines.push("No resource changes.");
  for (const [stack, changes] of stacks) {
    const tag = stackTag(result, stack);
    lines.push(`${stack}${tag}`);
    const rows = changes.map((c) => [c.action, c.address, c.stateful ? "yes" : "no", verdict(c)]);
    const header = ["ACTION", "ADDRESS", "STATEFUL", "VERDICT"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const format = (cells: string[]) =>
      `  ${cells.map((cell, i) => cell.padEnd(widths[i])).join("  ")}`.trimEnd();
    lines.push(format(header));
    changes.forEach((change, i) => {
      lines.push(format(rows[i]));
      for (const detail of change.details) lines.push(`      ${detail}`);
    });
    lines.push("");
  }
  lines.push(`Summary: ${summarize(result)}; ${result.blocked.length} blocked`);
  lines.push(...footer(result));
  return `${lines.join("\n")}\n`;
}

function renderMarkdown(result: GuardResult): string {
  const lines: string[] = ["### Change guard", ""];
  const stacks = byStack(result);
  if (stacks.size === 0) lines.push("No resource changes.", "");
  for (const [stack, changes] of stacks) {
    const tag = stackTag(result, stack);
    lines.push(
      `**${stack}**${tag}`,
      "",
      "| action | address | stateful | verdict | details |",
      "|---|---|---|---|---|",
    );
    for (const change of changes) {
      const details = change.details.map(escapeCell).join("<br>");
      lines.push(
        `| ${change.action} | \`${change.address}\` | ${change.stateful ? "yes" : "no"} | ${verdict(change)} | ${details} |`,
      );
    }
    lines.push("");
  }
  lines.push(`**Summary:** ${summarize(result)}; **${result.blocked.length} blocked**`, "");
  lines.push(...footer(result).map((line) => line.replace(/^ {2}/, "- ")));
  return `${lines.join("\n")}\n`;
}

function footer(result: GuardResult): string[] {
  const lines: string[] = [];
  if (result.blocked.length > 0) {
    lines.push(
      "Blocked: these changes destroy, replace or disrupt stateful resources. If that is intended, name each one:",
    );
    for (const change of result.blocked) {
      lines.push(`  --allow-destroy ${change.stack}/${change.address}`);
    }
    lines.push(
      '(in a pull request: one line "allow-destroy: <stack>/<address>" per resource in its description)',
    );
  }
  for (const key of result.unusedOptIns) {
    lines.push(`Note: opt-in ${key} matches no dangerous change (typo, or no longer needed?)`);
  }
  return lines;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
