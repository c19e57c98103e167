/**
 * Terraform version constraints (`~> 1.289`, `>= 3.12, < 4.0.0`), enough to ask whether a
 * constraint admits a version. Pre-release versions are out of scope.
 */

type Version = readonly [number, number, number];

interface Constraint {
  readonly operator: "=" | "!=" | ">" | ">=" | "<" | "<=" | "~>";
  readonly version: Version;
  /** How many parts were written (`~> 1.2` has 2), which decides what `~>` lets float. */
  readonly precision: number;
}

function parseVersion(text: string): { version: Version; precision: number } | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const parts = match.slice(1).filter((part) => part !== undefined);
  return {
    version: [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)],
    precision: parts.length,
  };
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** The parsed constraints, or `undefined` when any part is malformed. */
export function parseConstraints(text: string): readonly Constraint[] | undefined {
  const constraints: Constraint[] = [];
  for (const part of text.split(",")) {
    const match = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(\S+)\s*$/.exec(part);
    const parsed = match && parseVersion(match[2]);
    if (!match || !parsed) return undefined;
    constraints.push({ operator: (match[1] ?? "=") as Constraint["operator"], ...parsed });
  }
  return constraints;
}

function satisfies(version: Version, constraint: Constraint): boolean {
  const order = compare(version, constraint.version);
  switch (constraint.operator) {
    case "=":
      return order === 0;
    case "!=":
      return order !== 0;
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case "~>": {
      // `~> 1.2` allows >= 1.2, < 2.0; `~> 1.2.3` allows >= 1.2.3, < 1.3.0; `~> 1` behaves like `~> 1.0`.
      if (order < 0) return false;
      const fixed = Math.max(1, constraint.precision - 1);
      return constraint.version.slice(0, fixed).every((part, i) => version[i] === part);
    }
  }
}

/** Whether every constraint in `text` admits `version` (e.g. "1.289.0"). */
export function constraintAdmits(text: string, version: string): boolean {
  const constraints = parseConstraints(text);
  const parsed = parseVersion(version);
  if (!constraints || !parsed) return false;
  return constraints.every((constraint) => satisfies(parsed.version, constraint));
}

/** The next major version after `version`, e.g. "2.0.0" for "1.289.0". */
export function nextMajor(version: string): string {
  const parsed = parseVersion(version);
  return parsed ? `${parsed.version[0] + 1}.0.0` : version;
}
