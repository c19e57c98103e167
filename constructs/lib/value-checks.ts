import { ProblemList } from "./validation";

/**
 * Small building blocks for validators: each adds at most one problem to `problems` and returns
 * whether the value passed, so callers can skip checks that depend on it. `undefined` always passes
 * (optional values are checked only when given). Callers that deal with cdktf tokens filter them
 * out before calling: these helpers see plain values only.
 */

/** Renders allowed values for a message: `"a", "b" or "c"`. */
export function describeChoices(allowed: readonly (string | number)[]): string {
  const quoted = allowed.map((value) => (typeof value === "string" ? JSON.stringify(value) : String(value)));
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

export function checkOneOf<T extends string | number>(
  problems: ProblemList,
  path: string,
  value: T | undefined,
  allowed: readonly T[],
): boolean {
  if (value === undefined) return true;
  return problems.check(allowed.includes(value), path, value, `one of ${describeChoices(allowed)}`);
}

/** An integer within `[min, max]` (inclusive); `unit` is appended to the bounds in the message. */
export function checkIntegerRange(
  problems: ProblemList,
  path: string,
  value: number | undefined,
  min: number,
  max: number,
  unit = "",
): boolean {
  if (value === undefined) return true;
  const suffix = unit ? ` ${unit}` : "";
  return problems.check(
    Number.isInteger(value) && value >= min && value <= max,
    path,
    value,
    `an integer from ${min} to ${max}${suffix}`,
  );
}

/** `-1` (the provider's "unlimited"/"forever") or an integer within `[min, max]`. */
export function checkUnlimitedOrRange(
  problems: ProblemList,
  path: string,
  value: number | undefined,
  min: number,
  max: number,
  meaningOfMinusOne: string,
  unit = "",
): boolean {
  if (value === undefined) return true;
  const suffix = unit ? ` ${unit}` : "";
  return problems.check(
    value === -1 || (Number.isInteger(value) && value >= min && value <= max),
    path,
    value,
    `-1 (${meaningOfMinusOne}) or an integer from ${min} to ${max}${suffix}`,
  );
}

export function checkLength(
  problems: ProblemList,
  path: string,
  value: string | undefined,
  min: number,
  max: number,
): boolean {
  if (value === undefined) return true;
  return problems.check(
    value.length >= min && value.length <= max,
    path,
    value,
    `a string of ${min} to ${max} characters`,
  );
}

/** An absolute `http://` or `https://` URL with a host and nothing after the path. */
export function checkHttpUrl(problems: ProblemList, path: string, value: string | undefined): boolean {
  if (value === undefined) return true;
  let ok = false;
  try {
    const url = new URL(value);
    ok = (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" && !url.search;
  } catch {
    ok = false;
  }
  return problems.check(ok, path, value, "an absolute http:// or https:// URL without a query string");
}

/** A whole number of at least `min`; `unit` (e.g. "days") is named in the message. */
export function checkWholeNumberAtLeast(
  problems: ProblemList,
  path: string,
  value: number | undefined,
  min: number,
  unit = "",
): boolean {
  if (value === undefined) return true;
  const units = unit ? ` of ${unit}` : "";
  return problems.check(
    Number.isInteger(value) && value >= min,
    path,
    value,
    `a whole number${units} of at least ${min}`,
  );
}

/** `-1` (the provider's "unlimited"/"never") or a whole number of at least `min`. */
export function checkUnlimitedOrAtLeast(
  problems: ProblemList,
  path: string,
  value: number | undefined,
  min: number,
  meaningOfMinusOne: string,
  unit = "",
): boolean {
  if (value === undefined) return true;
  const units = unit ? ` of ${unit}` : "";
  return problems.check(
    value === -1 || (Number.isInteger(value) && value >= min),
    path,
    value,
    `-1 (${meaningOfMinusOne}) or a whole number${units} of at least ${min}`,
  );
}
