/**
 * Command-line options of `npm run guard`. Pure: argv and environment in, options or a usage
 * error out.
 */
import { ReportFormat } from "./report";

export interface GuardCliOptions {
  /** Git ref of the base to synthesize, e.g. `origin/main`. */
  readonly base?: string;
  /** An already synthesized base (`cdktf.out` of the base); instead of --base. */
  readonly baseDir?: string;
  /** An already synthesized head; by default the working tree is synthesized. */
  readonly headDir?: string;
  readonly allowDestroy: readonly string[];
  readonly format: ReportFormat;
  /** Also write the report to this file (the workflow posts it as a comment). */
  readonly output?: string;
}

export const USAGE = `usage: npm run guard -- --base <git-ref> [options]

Synthesizes the base ref and the working tree, lists resources added, changed and removed per
stack, and exits 1 when a stateful resource (disk, PV, PVC, namespace, Harbor release, OSS
bucket, or anything with prevent_destroy) would be destroyed, replaced or disrupted.

options:
  --base <ref>                 git ref to compare against (e.g. origin/main)
  --base-dir <dir>             compare against an existing synth output instead of --base
  --head-dir <dir>             use an existing synth output for the head (default: synthesize)
  --allow-destroy <stack>/<address>
                               accept one dangerous change (repeatable; alias --allow-replace)
  --allow-destroy-from <file>  read "allow-destroy: <stack>/<address>" lines (a PR description)
  --format text|markdown|json  report format (default text)
  --output <file>              also write the report to a file
environment:
  HARBOR_GUARD_ALLOW_DESTROY   more opt-ins, separated by spaces, commas or newlines
  HARBOR_GUARD_PR_BODY         a pull-request description with "allow-destroy: ..." lines
                               (the workflow passes it through env, never into a shell line)
`;

export class UsageError extends Error {}

/**
 * Parses argv (without node and script). `readFile` reads --allow-destroy-from files, injected
 * so that parsing stays pure in tests.
 */
export function parseGuardArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string,
): GuardCliOptions {
  let base: string | undefined;
  let baseDir: string | undefined;
  let headDir: string | undefined;
  let format: ReportFormat = "text";
  let output: string | undefined;
  const allow: string[] = [
    ...splitList(env.HARBOR_GUARD_ALLOW_DESTROY ?? ""),
    ...optInsFromText(env.HARBOR_GUARD_PR_BODY ?? ""),
  ];

  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--base":
        base = value();
        break;
      case "--base-dir":
        baseDir = value();
        break;
      case "--head-dir":
        headDir = value();
        break;
      case "--allow-destroy":
      case "--allow-replace":
        allow.push(checkOptIn(value()));
        break;
      case "--allow-destroy-from":
        allow.push(...optInsFromText(readFile(value())));
        break;
      case "--format": {
        const f = value();
        if (f !== "text" && f !== "markdown" && f !== "json") {
          throw new UsageError(`--format ${f}: expected text, markdown or json`);
        }
        format = f;
        break;
      }
      case "--output":
        output = value();
        break;
      case "--help":
      case "-h":
        throw new UsageError("");
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(flag)}`);
    }
  }
  if ((base === undefined) === (baseDir === undefined)) {
    throw new UsageError("give exactly one of --base <git-ref> or --base-dir <synth output>");
  }
  return { base, baseDir, headDir, allowDestroy: allow.map(checkOptIn), format, output };
}

/**
 * Opt-ins written in a pull-request description, one per line:
 * `allow-destroy: registry-hz-h-platform/alicloud_ecs_disk.disk-registry`. Markdown list
 * markers and backticks around the address are tolerated.
 */
export function optInsFromText(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:[-*]\s+)?allow-(?:destroy|replace):\s*`?([^\s`]+)`?\s*$/i.exec(line);
    if (match) found.push(checkOptIn(match[1]));
  }
  return found;
}

function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function checkOptIn(entry: string): string {
  if (!/^[^/\s]+\/[a-z0-9_]+\.[^\s]+$/.test(entry)) {
    throw new UsageError(
      `opt-in ${JSON.stringify(entry)} is not <stack>/<type>.<name>, e.g. registry-hz-h-platform/alicloud_ecs_disk.disk-registry`,
    );
  }
  return entry;
}
