/**
 * The pull-request workflow: valid YAML, the documented commands only, and no text of a pull
 * request or secret ever pasted into a shell line.
 */
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";

const ROOT = path.resolve(__dirname, "..", "..");
const WORKFLOW = path.join(ROOT, ".github", "workflows", "pr-check.yml");

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  "continue-on-error"?: boolean;
}

const document = parseDocument(fs.readFileSync(WORKFLOW, "utf8"));
const workflow = document.toJS() as {
  on: { pull_request: unknown };
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[]; container?: string }>;
};
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const byId = (id: string) => steps.find((s) => s.id === id) as Step;
/** Every shell line the workflow runs, without comments and blank lines. */
const runLines = steps.flatMap((s) =>
  (s.run ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#")),
);

describe("pr-check workflow", () => {
  test("is valid YAML for a pull_request workflow with the least permissions it needs", () => {
    expect(document.errors).toEqual([]);
    expect(workflow.on.pull_request).toBeDefined();
    expect(workflow.permissions).toEqual({ contents: "read", "pull-requests": "write" });
  });

  test("runs the documented commands: install, guard against the base branch, tests, plan", () => {
    expect(runLines).toEqual(
      expect.arrayContaining([
        "npm ci",
        'npm run guard -- --base "origin/$GITHUB_BASE_REF" --format markdown --output guard.md',
        "npm test",
        "npm run plan -- --output plan.md",
      ]),
    );
    const docs = fs.readFileSync(path.join(ROOT, "docs", "operations.md"), "utf8");
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const undocumented = runLines.filter(
      (line) => line !== "exit 1" && !docs.includes(line) && !readme.includes(line),
    );
    expect(undocumented).toEqual([]);
  });

  test("no expression is pasted into a shell line; secrets reach only the plan steps", () => {
    for (const step of steps) {
      expect({ step: step.name, run: step.run?.includes("${{") ?? false }).toEqual({
        step: step.name,
        run: false,
      });
      const usesSecrets = JSON.stringify(step).includes("${{ secrets.");
      if (usesSecrets) expect(["credentials", "plan"]).toContain(step.id);
    }
    expect(byId("guard").env).toEqual({ HARBOR_GUARD_PR_BODY: "${{ github.event.pull_request.body }}" });
  });

  test("a blocked change or a failed plan fails the job, after the comment is posted", () => {
    expect(byId("guard")["continue-on-error"]).toBe(true);
    expect(byId("plan")["continue-on-error"]).toBe(true);
    const names = steps.map((s) => s.name);
    const comment = steps.find((s) => s.uses?.startsWith("actions/github-script@")) as Step;
    expect(comment.if).toBe("always()");
    const last = steps[steps.length - 1];
    expect(names.indexOf(comment.name)).toBeLessThan(steps.length - 1);
    expect(last).toMatchObject({
      if: "steps.guard.outcome == 'failure' || steps.plan.outcome == 'failure'",
      run: "exit 1",
    });
  });

  test("the base branch is fetched for the guard, and actions are pinned to a major version", () => {
    const checkout = steps.find((s) => s.uses?.startsWith("actions/checkout@")) as Step;
    expect(checkout.with).toMatchObject({ "fetch-depth": 0 });
    for (const step of steps.filter((s) => s.uses)) expect(step.uses).toMatch(/@v\d+$/);
  });
});
