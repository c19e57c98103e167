import { App } from "cdktf";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import type { PreparedMirror } from "../provider-double/mirror";
import { parsePlanOutput, type PlanReport } from "./plan-output";
import type { SharedDoubles } from "./shared-doubles";
import {
  runTerraform,
  runTerraformOk,
  TerraformCommandError,
  type TerraformResult,
} from "./terraform-process";

/**
 * A cdktf app's synthesized stacks laid out as `cdktf deploy` runs them
 * (`<dir>/cdktf.out/stacks/<stack>/cdk.tf.json`, Terraform started in each stack's directory), so
 * relative state paths and cross-stack `terraform_remote_state` lookups resolve exactly
 * as they would for a user. Local state paths cdktf made absolute (its default backend
 * puts them in the synth process's working directory) are moved into `<dir>`.
 */

// Plain JSON as cdktf writes it; typed loosely on purpose: scenarios edit it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StackJson = Record<string, any>;

export interface SynthesizedStack {
  readonly name: string;
  readonly dependencies: readonly string[];
  readonly json: StackJson;
}

export interface SynthesizedApp {
  /** Where the app was synthesized (already removed when {@link synthToDir} chose it). */
  readonly outdir: string;
  /** The working directory at synth time: where cdktf's default local state paths point. */
  readonly synthCwd: string;
  readonly stacks: ReadonlyMap<string, SynthesizedStack>;
}

interface CdktfManifest {
  stacks: Record<string, { name: string; dependencies: string[]; synthesizedStackPath: string }>;
}

/** Reads a `cdktf.out`-style directory (manifest plus stacks). */
export function readSynthesizedApp(outdir: string, synthCwd = process.cwd()): SynthesizedApp {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as CdktfManifest;
  const stacks = new Map<string, SynthesizedStack>();
  for (const stack of Object.values(manifest.stacks)) {
    stacks.set(stack.name, {
      name: stack.name,
      dependencies: stack.dependencies,
      json: JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8")) as StackJson,
    });
  }
  return { outdir, synthCwd, stacks };
}

/**
 * Synthesizes an app built by `build` into `outdir` and reads it back. Without `outdir` it
 * synthesizes into a temp directory and removes it once read: the result holds every stack.
 */
export function synthToDir(build: (app: App) => void, outdir?: string): SynthesizedApp {
  const target = outdir ?? mkdtempSync(join(tmpdir(), "cdktf-synth-"));
  try {
    const app = new App({ outdir: target, stackTraces: false });
    build(app);
    app.synth();
    return readSynthesizedApp(target);
  } finally {
    if (outdir === undefined) rmSync(target, { recursive: true, force: true });
  }
}

/** The stacks in dependency order, grouped so that each group can run in parallel. */
export function dependencyLevels(
  stacks: ReadonlyMap<string, { readonly dependencies: readonly string[] }>,
): string[][] {
  const levels: string[][] = [];
  const placed = new Set<string>();
  while (placed.size < stacks.size) {
    const level = [...stacks.entries()]
      .filter(
        ([name, stack]) =>
          !placed.has(name) && stack.dependencies.every((dependency) => placed.has(dependency)),
      )
      .map(([name]) => name)
      .sort();
    if (level.length === 0)
      throw new Error(`stack dependencies form a cycle among ${[...stacks.keys()].join(", ")}`);
    level.forEach((name) => placed.add(name));
    levels.push(level);
  }
  return levels;
}

/** Moves absolute local state paths that point into `synthCwd` into `targetDir`; relative ones stay. */
export function relocateLocalState(json: StackJson, synthCwd: string, targetDir: string): StackJson {
  const copy = JSON.parse(JSON.stringify(json)) as StackJson;
  const relocate = (path: unknown): unknown =>
    typeof path === "string" && isAbsolute(path) && dirname(path) === resolve(synthCwd)
      ? join(targetDir, basename(path))
      : path;
  const local = copy.terraform?.backend?.local;
  if (local?.path) local.path = relocate(local.path);
  for (const remote of Object.values(
    (copy.data?.terraform_remote_state ?? {}) as Record<string, StackJson>,
  )) {
    if (remote.backend === "local" && remote.config?.path) remote.config.path = relocate(remote.config.path);
  }
  return copy;
}

export interface PlanOutcome extends PlanReport {
  readonly stack: string;
  readonly result: TerraformResult;
  /** Exit 0 (no changes) or 2 (changes) under `-detailed-exitcode`. */
  readonly succeeded: boolean;
  readonly hasChanges: boolean;
  readonly errors: readonly string[];
}

export interface ApplyOutcome extends PlanReport {
  readonly stack: string;
  readonly result: TerraformResult;
}

interface LocalState {
  outputs?: Record<string, { value: unknown }>;
  resources?: {
    mode: string;
    type: string;
    name: string;
    instances: { attributes: Record<string, unknown> }[];
  }[];
}

export interface WorkspaceOptions {
  readonly mirror: PreparedMirror;
  /**
   * Doubles started once and shared by every command (see `startSharedDoubles`); without
   * them Terraform starts the doubles itself from the mirror, over mutual TLS. `init`
   * always installs from the mirror.
   */
  readonly shared?: SharedDoubles;
  /** Values of the stacks' input variables, passed as `TF_VAR_<name>` to every command. */
  readonly variables?: Readonly<Record<string, string>>;
  /** @default a fresh directory under the OS temp dir */
  readonly dir?: string;
}

let variantCounter = 0;

export class TerraformWorkspace {
  readonly dir: string;
  readonly stackNames: readonly string[];
  private readonly mirror: PreparedMirror;
  private readonly synth: SynthesizedApp;
  private providerEnv: Readonly<Record<string, string>>;
  private readonly variableEnv: Readonly<Record<string, string>>;

  constructor(synth: SynthesizedApp, options: WorkspaceOptions) {
    this.mirror = options.mirror;
    this.synth = synth;
    this.providerEnv = options.shared?.env ?? {};
    this.variableEnv = Object.fromEntries(
      Object.entries(options.variables ?? {}).map(([name, value]) => [`TF_VAR_${name}`, value]),
    );
    this.dir = options.dir ?? mkdtempSync(join(tmpdir(), "tf-workspace-"));
    this.stackNames = [...synth.stacks.keys()].sort();
    for (const stack of synth.stacks.values()) this.writeConfig(this.stackDir(stack.name), stack.json);
  }

  /** Switches later commands to shared doubles, or back to doubles Terraform starts itself. */
  useSharedDoubles(shared: SharedDoubles | undefined): void {
    this.providerEnv = shared?.env ?? {};
  }

  /** `<dir>/cdktf.out/stacks/<stack>`: the workspace directory plays the project directory. */
  stackDir(name: string): string {
    return join(this.dir, "cdktf.out", "stacks", name);
  }

  /** The stack's configuration as Terraform reads it (after state relocation). */
  stackJson(name: string): StackJson {
    return JSON.parse(readFileSync(join(this.stackDir(name), "cdk.tf.json"), "utf8")) as StackJson;
  }

  /** Input variables the stacks declare without a default, by stack. */
  requiredVariables(): Map<string, string[]> {
    const required = new Map<string, string[]>();
    for (const name of this.stackNames) {
      const variables = Object.entries((this.stackJson(name).variable ?? {}) as Record<string, StackJson>);
      const names = variables
        .filter(([, variable]) => variable.default === undefined)
        .map(([variable]) => variable);
      if (names.length > 0) required.set(name, names.sort());
    }
    return required;
  }

  /** Every resource type the stacks declare, for the provider-facts completeness check. */
  resourceTypes(): string[] {
    const types = new Set<string>();
    for (const name of this.stackNames)
      for (const type of Object.keys(this.stackJson(name).resource ?? {})) types.add(type);
    return [...types].sort();
  }

  levels(): string[][] {
    return dependencyLevels(this.synth.stacks);
  }

  async init(names: readonly string[] = this.stackNames): Promise<void> {
    await Promise.all(
      names.map((name) =>
        runTerraformOk(this.stackDir(name), ["init", "-input=false", "-no-color"], { mirror: this.mirror }),
      ),
    );
  }

  async validate(
    name: string,
  ): Promise<{ valid: boolean; diagnostics: { severity: string; summary: string; detail: string }[] }> {
    const result = await runTerraform(this.stackDir(name), ["validate", "-json", "-no-color"], {
      mirror: this.mirror,
      env: this.commandEnv(),
    });
    const parsed = JSON.parse(result.stdout || "{}") as {
      valid?: boolean;
      diagnostics?: { severity: string; summary: string; detail: string }[];
    };
    if (parsed.valid === undefined) throw new TerraformCommandError(result);
    return { valid: parsed.valid, diagnostics: parsed.diagnostics ?? [] };
  }

  async apply(name: string): Promise<ApplyOutcome> {
    const result = await this.terraform(name, [
      "apply",
      "-auto-approve",
      "-input=false",
      "-no-color",
      "-json",
    ]);
    return { stack: name, result, ...parsePlanOutput(result.stdout) };
  }

  /** Applies every stack in dependency order, independent stacks in parallel. */
  async applyAll(): Promise<ApplyOutcome[]> {
    const outcomes: ApplyOutcome[] = [];
    for (const level of this.levels())
      outcomes.push(...(await Promise.all(level.map((name) => this.apply(name)))));
    return outcomes;
  }

  /** The stack's root outputs as its local state file records them, sensitive ones included. */
  stateOutputs(name: string): Record<string, unknown> {
    const outputs = this.readState(name).outputs ?? {};
    return Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value]));
  }

  /** Attributes of every managed resource instance in the stack's local state file, by address. */
  stateResources(name: string): Map<string, Record<string, unknown>> {
    const resources = new Map<string, Record<string, unknown>>();
    for (const resource of (this.readState(name).resources ?? []).filter(
      (entry) => entry.mode === "managed",
    )) {
      resource.instances.forEach((instance, index) => {
        const suffix = resource.instances.length > 1 ? `[${index}]` : "";
        resources.set(`${resource.type}.${resource.name}${suffix}`, instance.attributes);
      });
    }
    return resources;
  }

  private stateFile(name: string): string {
    const path = this.stackJson(name).terraform?.backend?.local?.path ?? "terraform.tfstate";
    return isAbsolute(path) ? path : join(this.stackDir(name), path);
  }

  private readState(name: string): LocalState {
    return JSON.parse(readFileSync(this.stateFile(name), "utf8")) as LocalState;
  }

  /** `terraform plan` of the stack as it is; never throws on a refused plan (see `succeeded`, `errors`). */
  async plan(name: string, options: { destroy?: boolean } = {}): Promise<PlanOutcome> {
    return this.planIn(name, this.stackDir(name), options);
  }

  /**
   * Plans a changed configuration of a stack against its current state, in a sibling
   * directory (same depth, so relative paths resolve alike) with a copy of the stack's
   * `.terraform`, lock file and local state; the applied stack itself stays untouched.
   */
  async planVariant(
    name: string,
    config: StackJson | ((json: StackJson) => void),
    options: {
      /**
       * Runs Terraform commands in the variant's directory before the plan (e.g. `state mv`). The
       * variant then works on a copy of the stack's state: nothing it does reaches the stack.
       */
      readonly prepare?: (terraform: (args: readonly string[]) => Promise<TerraformResult>) => Promise<void>;
    } = {},
  ): Promise<PlanOutcome> {
    const source = this.stackDir(name);
    const variant = `${source}.variant-${++variantCounter}`;
    mkdirSync(variant, { recursive: true });
    for (const entry of readdirSync(source)) {
      if (entry === "cdk.tf.json") continue;
      cpSync(join(source, entry), join(variant, entry), { recursive: true, verbatimSymlinks: true });
    }
    let json: StackJson;
    if (typeof config === "function") {
      json = this.stackJson(name);
      config(json);
      writeFileSync(join(variant, "cdk.tf.json"), JSON.stringify(json, null, 2));
    } else {
      this.writeConfig(variant, config);
    }
    try {
      if (options.prepare) {
        const terraform = (args: readonly string[]) =>
          runTerraformOk(variant, args, { mirror: this.mirror, env: this.commandEnv() });
        await this.useStateCopy(name, variant, terraform);
        await options.prepare(terraform);
      }
      return await this.planIn(name, variant, {});
    } finally {
      rmSync(variant, { recursive: true, force: true });
    }
  }

  /**
   * Points the variant's local backend at a copy of the stack's state (the variant's own
   * directory, which the backend path otherwise resolves past to the stack's state file).
   */
  private async useStateCopy(
    name: string,
    variant: string,
    terraform: (args: readonly string[]) => Promise<TerraformResult>,
  ): Promise<void> {
    const copy = "variant.tfstate";
    cpSync(this.stateFile(name), join(variant, copy));
    const file = join(variant, "cdk.tf.json");
    const json = JSON.parse(readFileSync(file, "utf8")) as StackJson;
    json.terraform.backend.local.path = copy;
    writeFileSync(file, JSON.stringify(json, null, 2));
    await terraform(["init", "-input=false", "-no-color", "-reconfigure"]);
  }

  /** Removes the workspace directory (state, providers, plans). */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private writeConfig(dir: string, json: StackJson): void {
    mkdirSync(dir, { recursive: true });
    const relocated = relocateLocalState(json, this.synth.synthCwd, this.dir);
    const statePaths = [
      relocated.terraform?.backend?.local?.path,
      ...Object.values((relocated.data?.terraform_remote_state ?? {}) as Record<string, StackJson>)
        .filter((remote) => remote.backend === "local")
        .map((remote) => remote.config?.path),
    ].filter((path): path is string => typeof path === "string");
    for (const path of statePaths) {
      const file = resolve(dir, path);
      if (!file.startsWith(`${this.dir}/`)) {
        throw new Error(
          `local state path ${path} of ${dir} resolves to ${file}, outside the workspace ${this.dir}`,
        );
      }
    }
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(relocated, null, 2));
  }

  private async planIn(name: string, dir: string, options: { destroy?: boolean }): Promise<PlanOutcome> {
    const args = ["plan", "-input=false", "-no-color", "-json", "-detailed-exitcode", "-lock=false"];
    if (options.destroy) args.push("-destroy");
    // A variant is planned against state the doubles wrote moments ago: reading every object
    // back (refresh) cannot change its decisions. Plans of the stack itself keep the refresh, so
    // a read that disagrees with the apply still shows up as a change.
    if (dir !== this.stackDir(name)) args.push("-refresh=false");
    const result = await runTerraform(dir, args, { mirror: this.mirror, env: this.commandEnv() });
    const report = parsePlanOutput(result.stdout);
    if (result.code === 1 && report.diagnostics.length === 0) throw new TerraformCommandError(result);
    return {
      stack: name,
      result,
      ...report,
      succeeded: result.code === 0 || result.code === 2,
      hasChanges: result.code === 2,
      errors: report.diagnostics
        .filter((diagnostic) => diagnostic.severity === "error")
        .map((d) => d.summary),
    };
  }

  private terraform(name: string, args: readonly string[]): Promise<TerraformResult> {
    if (!existsSync(this.stackDir(name))) throw new Error(`no stack ${name} in ${this.dir}`);
    return runTerraformOk(this.stackDir(name), args, { mirror: this.mirror, env: this.commandEnv() });
  }

  private commandEnv(): Record<string, string> {
    return { ...this.variableEnv, ...this.providerEnv };
  }
}
