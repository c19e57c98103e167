import { TerraformStack, Testing } from "cdktf";
import { ValidationError } from "../../../constructs/lib/validation";

/** A fresh stack named `s`, so construct paths in messages read `s/<id>`. */
export function newStack(): TerraformStack {
  return new TerraformStack(Testing.app(), "s");
}

/** Synthesized JSON of a stack built by `build`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function synthJson(build: (stack: TerraformStack) => void): any {
  return JSON.parse(Testing.synthScope((scope) => build(scope as TerraformStack)));
}

/** The ValidationError `build` throws in a fresh stack; fails the test when it throws nothing else. */
export function validationErrorOf(build: (stack: TerraformStack) => void): ValidationError {
  try {
    build(newStack());
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError, but construction succeeded");
}

/** `path: value is not valid: expected` lines of the problems, for compact assertions. */
export function problemPaths(error: ValidationError): string[] {
  return error.problems.map((problem) => problem.path);
}
