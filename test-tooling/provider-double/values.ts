import { DynamicPayload, isObjectValue, UnknownValue, type Value } from "./msgpack-codec";
import type { TypeConstraint } from "./schema";

/**
 * Equality as Terraform decides "changed": sets compare without order, an unknown value
 * is never known to equal anything (a plan must assume it may change).
 */
export function valuesEqual(type: TypeConstraint, left: Value, right: Value): boolean {
  if (left instanceof UnknownValue || right instanceof UnknownValue) return false;
  if (left === null || right === null) return left === right;
  if (type === "dynamic" || left instanceof DynamicPayload || right instanceof DynamicPayload) {
    return canonical(left) === canonical(right);
  }
  if (typeof type === "string") return left === right;
  const [kind, argument] = type;
  switch (kind) {
    case "list":
      return (
        Array.isArray(left) &&
        Array.isArray(right) &&
        left.length === right.length &&
        left.every((element, index) => valuesEqual(argument, element, right[index]))
      );
    case "tuple":
      return (
        Array.isArray(left) &&
        Array.isArray(right) &&
        left.length === right.length &&
        left.every((element, index) => valuesEqual(argument[index], element, right[index]))
      );
    case "set": {
      if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
      if (
        left.some((element) => containsUnknown(element)) ||
        right.some((element) => containsUnknown(element))
      ) {
        return false;
      }
      const sortedLeft = left.map(canonical).sort();
      const sortedRight = right.map(canonical).sort();
      return sortedLeft.every((element, index) => element === sortedRight[index]);
    }
    case "map": {
      if (!isObjectValue(left) || !isObjectValue(right)) return false;
      const keys = Object.keys(left);
      if (keys.length !== Object.keys(right).length) return false;
      return keys.every((key) => key in right && valuesEqual(argument, left[key], right[key]));
    }
    case "object": {
      if (!isObjectValue(left) || !isObjectValue(right)) return false;
      return Object.entries(argument).every(([name, memberType]) =>
        valuesEqual(memberType, left[name] ?? null, right[name] ?? null),
      );
    }
  }
}

export function containsUnknown(value: Value): boolean {
  if (value instanceof UnknownValue) return true;
  if (value instanceof DynamicPayload) return containsUnknown(value.value);
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isObjectValue(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/** A stable text form of a value: object keys sorted, unknown spelled out. Used for set order and hashing. */
export function canonical(value: Value): string {
  if (value instanceof UnknownValue) return "?";
  if (value instanceof DynamicPayload) return canonical(value.value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isObjectValue(value)) {
    const members = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}
