/**
 * One shape for every input error in this project: where (a field path such as
 * `sites.backup.zone` or a construct path plus prop), the value that was given, and what
 * is allowed. Validators collect every problem before throwing, so a user fixes a bad
 * configuration in one round trip instead of one error per synth.
 */
export interface Problem {
  /** Field path, e.g. `sites.backup.disks.registry.sizeGiB` or `harbor-primary/disk-registry: sizeGiB`. */
  readonly path: string;
  /** The offending value as given. */
  readonly value: unknown;
  /** What is allowed, phrased to complete "… is not valid: <expected>". */
  readonly expected: string;
}

/** Renders a value for an error message: strings quoted, long values cut. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  let text: string;
  try {
    text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export function formatProblem(problem: Problem): string {
  return `${problem.path}: ${describeValue(problem.value)} is not valid: ${problem.expected}`;
}

/**
 * Thrown with every problem found; `message` lists them one per line.
 *
 * @example
 * try {
 *   new RetainedDisk(stack, "disk", { siteName: "hz-h", component: "registry", zone: "cn-hangzhou", namespace: "harbor", sizeGiB: 10 });
 * } catch (error) {
 *   if (!(error instanceof ValidationError)) throw error;
 *   error.problems.map((problem) => problem.path); // ["<stack>/disk: zone", "<stack>/disk: sizeGiB"]
 * }
 */
export class ValidationError extends Error {
  /** Every problem found, in the order they were checked. */
  readonly problems: readonly Problem[];

  constructor(context: string, problems: readonly Problem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`${context}: ${count}\n${problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}`);
    this.name = "ValidationError";
    this.problems = problems;
  }
}

/** Collects problems; `throwIfAny` raises one ValidationError naming all of them. */
export class ProblemList {
  private readonly items: Problem[] = [];

  add(path: string, value: unknown, expected: string): void {
    this.items.push({ path, value, expected });
  }

  /** Adds the problem unless `ok` holds; returns `ok` so callers can skip dependent checks. */
  check(ok: boolean, path: string, value: unknown, expected: string): boolean {
    if (!ok) this.add(path, value, expected);
    return ok;
  }

  get problems(): readonly Problem[] {
    return this.items;
  }

  get isEmpty(): boolean {
    return this.items.length === 0;
  }

  throwIfAny(context: string): void {
    if (this.items.length > 0) throw new ValidationError(context, [...this.items]);
  }
}
