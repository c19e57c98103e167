/**
 * Reads what `cdktf diff <stack> --no-color` printed (cdktf prefixes Terraform's plan lines with
 * the stack name) and condenses it for a pull-request comment: counts, and the addresses that
 * would be replaced or destroyed, which are the ones a reviewer must look at. Pure.
 */

export type StackPlanStatus = "changes" | "no-changes" | "failed";

export interface StackPlan {
  readonly stack: string;
  readonly status: StackPlanStatus;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly import: number;
  readonly replaced: readonly string[];
  readonly destroyed: readonly string[];
  /** The last lines of the output when the plan failed. */
  readonly error?: string;
}

const PLAN_LINE = /Plan: (?:(\d+) to import, )?(\d+) to add, (\d+) to change, (\d+) to destroy\./;
const ACTION_LINE = /# (\S+) (?:\(.*\) )?(must be replaced|will be destroyed)/;

/** Parses one stack's `cdktf diff` output; `exitCode` other than 0 marks the plan failed. */
export function parseStackPlan(stack: string, output: string, exitCode: number): StackPlan {
  const lines = output.split(/\r?\n/);
  const replaced = new Set<string>();
  const destroyed = new Set<string>();
  for (const line of lines) {
    const action = ACTION_LINE.exec(line);
    if (!action) continue;
    (action[2] === "must be replaced" ? replaced : destroyed).add(action[1]);
  }
  const plan = lines.map((line) => PLAN_LINE.exec(line)).find((m) => m !== null);
  const base = {
    stack,
    add: Number(plan?.[2] ?? 0),
    change: Number(plan?.[3] ?? 0),
    destroy: Number(plan?.[4] ?? 0),
    import: Number(plan?.[1] ?? 0),
    replaced: [...replaced].sort(),
    destroyed: [...destroyed].sort(),
  };
  if (exitCode !== 0) {
    const tail = lines
      .map((line) => line.trimEnd())
      .filter((line) => line.trim() !== "")
      .slice(-12)
      .join("\n");
    return { ...base, status: "failed", error: tail };
  }
  if (plan) return { ...base, status: "changes" };
  return { ...base, status: "no-changes" };
}

/** The Markdown the pull-request comment shows. */
export function renderPlanSummary(plans: readonly StackPlan[]): string {
  const lines = [
    "### cdktf diff",
    "",
    "| stack | result | add | change | destroy | replaced or destroyed |",
    "|---|---|---|---|---|---|",
  ];
  for (const plan of plans) {
    const result =
      plan.status === "failed" ? "**failed**" : plan.status === "no-changes" ? "no changes" : "changes";
    const risky = [
      ...plan.replaced.map((a) => `\`${a}\` (replace)`),
      ...plan.destroyed.map((a) => `\`${a}\` (destroy)`),
    ];
    lines.push(
      `| ${plan.stack} | ${result} | ${plan.add} | ${plan.change} | ${plan.destroy} | ${risky.join("<br>") || "–"} |`,
    );
  }
  for (const plan of plans.filter((p) => p.status === "failed")) {
    lines.push(
      "",
      `<details><summary>${plan.stack}: why the plan failed</summary>`,
      "",
      "```",
      plan.error ?? "",
      "```",
      "</details>",
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Stacks in an order Terraform can plan them: dependencies first (from cdktf's manifest.json),
 * ties by name, so the output is stable.
 */
export function planOrder(
  stacks: Readonly<Record<string, { readonly dependencies?: readonly string[] }>>,
): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (name: string, path: readonly string[]) => {
    if (done.has(name)) return;
    if (path.includes(name)) throw new Error(`stack dependency cycle: ${[...path, name].join(" → ")}`);
    for (const dependency of [...(stacks[name]?.dependencies ?? [])].sort())
      visit(dependency, [...path, name]);
    done.add(name);
    order.push(name);
  };
  for (const name of Object.keys(stacks).sort()) visit(name, []);
  return order;
}
