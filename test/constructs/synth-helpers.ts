import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { IConstruct } from "constructs";
import { ValidationError } from "../../constructs/lib/validation";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON
export type TfJson = any;

/**
 * An outdir for apps that are only synthesized in memory (`Testing.synth`): given explicitly so
 * that `Testing.app` does not create a temporary directory per test and leave it behind.
 */
export const IN_MEMORY_OUTDIR = join(tmpdir(), "harbor-cdktf-in-memory-synth");

/** A fresh app and stack for one test. */
export function newStack(id = "stack"): { app: App; stack: TerraformStack } {
  const app = Testing.app({ outdir: IN_MEMORY_OUTDIR });
  return { app, stack: new TerraformStack(app, id) };
}

/** The stack's Terraform JSON, after Aspects ran. */
export function synthJson(stack: TerraformStack): TfJson {
  return JSON.parse(Testing.synth(stack));
}

/** One resource's JSON body; fails the test when it is missing. */
export function resourceBody(json: TfJson, type: string, name: string): TfJson {
  const body = json.resource?.[type]?.[name];
  if (body === undefined) {
    const present = Object.keys(json.resource?.[type] ?? {}).join(", ") || "none";
    throw new Error(`no ${type}.${name} in the stack (present: ${present})`);
  }
  return body;
}

/** Every `<type>.<name>` address in the stack, sorted. */
export function addresses(json: TfJson, types?: readonly string[]): string[] {
  return Object.entries((json.resource ?? {}) as Record<string, Record<string, unknown>>)
    .filter(([type]) => types === undefined || types.includes(type))
    .flatMap(([type, resources]) => Object.keys(resources).map((name) => `${type}.${name}`))
    .sort();
}

/** Error annotations left by Aspects (run `synthJson` first), with the construct path. */
export function errorAnnotations(scope: IConstruct): { path: string; message: string }[] {
  return scope.node
    .findAll()
    .flatMap((node) =>
      node.node.metadata
        .filter((entry) => entry.type === "@cdktf/error")
        .map((entry) => ({ path: node.node.path, message: String(entry.data) })),
    );
}

/** The ValidationError thrown by `fn`; fails the test when it throws nothing or something else. */
export function validationErrorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError, nothing was thrown");
}
