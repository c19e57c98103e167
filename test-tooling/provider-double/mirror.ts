import { buildSync } from "esbuild";
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { deriveCdktfProviderSchema } from "./cdktf-schema";
import { applyProviderFacts, PROVIDER_FACTS } from "./provider-facts";
import { ProviderDoubleService } from "./provider-service";
import { compileDescriptors, encodeMessage } from "./protocol";
import { findReferenceDir } from "../schema-conformance";
import { normaliseReferenceSchema } from "./reference-schema";
import type { ProviderSchemaDocument } from "./schema";
import { generateSelfSignedCert } from "../self-signed-cert";

/**
 * Prepares everything `terraform init` needs to install the provider doubles offline,
 * once per checkout and inputs, under the gitignored `.cache/terraform-doubles/<key>/`:
 *
 * - `provider-double.js`: the double bundled with esbuild, protobuf descriptors inlined;
 * - `tls/`: the double's self-signed server certificate (SAN `localhost`), from openssl;
 * - `schemas/<name>.json` (+ `.pb`, the pre-encoded GetProviderSchema response);
 * - `mirror/registry.terraform.io/<ns>/<type>/<version>/<os>_<arch>/terraform-provider-<type>_v<version>`:
 *   a two-line shell launcher per provider (`exec node <bundle> <schema> <tls>`);
 * - `terraform.rc`: a CLI configuration with only a `filesystem_mirror` and a plugin cache.
 *
 * The key hashes every input (the double's sources, the reference schemas, the cdktf
 * package versions, node), so edits rebuild and unchanged checkouts reuse. Paths inside
 * are absolute to this checkout; nothing of it is committed.
 */

export interface MirroredProvider {
  /** e.g. `hashicorp/kubernetes` */
  readonly source: string;
  readonly version: string;
  readonly schemaFile: string;
  /** The executable Terraform installs from the mirror. */
  readonly launcher: string;
}

export interface PreparedMirror {
  readonly root: string;
  readonly cliConfigFile: string;
  readonly mirrorDir: string;
  readonly providers: readonly MirroredProvider[];
  /** Environment for every terraform process that should use the doubles. */
  readonly env: Readonly<Record<string, string>>;
}

export interface PrepareMirrorOptions {
  /** Repository root (default: two levels above this file). */
  readonly repoRoot?: string;
  /**
   * Directory with `terraform-provider-{alicloud,harbor}-schema.json`.
   * @default - `$HARBOR_CDKTF_REFERENCE_DIR`, else the nearest `../shared/reference` above the repository
   */
  readonly referenceDir?: string;
}

const DOUBLE_DIR = __dirname;
const FACTS_FILE = join(DOUBLE_DIR, "..", "..", "scripts", "guard", "provider-facts.ts");
const CDKTF_PACKAGES = [
  "@cdktf/provider-kubernetes",
  "@cdktf/provider-helm",
  "@cdktf/provider-random",
  "@cdktf/provider-tls",
];
const REFERENCE_SCHEMAS = [
  "terraform-provider-alicloud-schema.json",
  "terraform-provider-harbor-schema.json",
];

function packageDir(name: string, repoRoot: string): string {
  return dirname(require.resolve(`${name}/package.json`, { paths: [repoRoot] }));
}

function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

function terraformPlatform(): string {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch =
    { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" }[process.arch as string] ?? process.arch;
  return `${os}_${arch}`;
}

function cacheKey(repoRoot: string, referenceDir: string): string {
  const hash = createHash("sha256");
  for (const file of filesUnder(DOUBLE_DIR))
    hash.update(file.slice(DOUBLE_DIR.length)).update(readFileSync(file));
  // The provider facts the schemas are built with live with the change guard.
  hash.update(readFileSync(FACTS_FILE));
  for (const file of REFERENCE_SCHEMAS) hash.update(readFileSync(join(referenceDir, file)));
  for (const name of [...CDKTF_PACKAGES, "@grpc/grpc-js", "protobufjs", "@msgpack/msgpack", "esbuild"]) {
    hash.update(`${name}@${packageVersion(packageDir(name, repoRoot))}`);
  }
  hash.update(`${process.execPath}|${process.version}|${terraformPlatform()}`);
  return hash.digest("hex").slice(0, 16);
}

/** Builds (or finds) the mirror for this checkout; safe to call from parallel jest workers. */
export function prepareMirror(options: PrepareMirrorOptions = {}): PreparedMirror {
  const repoRoot = resolve(options.repoRoot ?? join(DOUBLE_DIR, "..", ".."));
  const referenceDir = options.referenceDir ?? findReferenceDir(repoRoot);
  const cacheRoot = join(repoRoot, ".cache", "terraform-doubles");
  const root = join(cacheRoot, cacheKey(repoRoot, referenceDir));
  const manifestFile = join(root, "mirror.json");
  if (!existsSync(manifestFile)) {
    mkdirSync(cacheRoot, { recursive: true });
    const staging = `${root}.staging-${process.pid}-${Date.now()}`;
    try {
      buildMirror(staging, root, repoRoot, referenceDir);
      try {
        renameSync(staging, root);
        removeStaleBuilds(cacheRoot, root);
      } catch (error) {
        // Another worker finished first: its copy is equivalent.
        if (!existsSync(manifestFile)) throw error;
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const providers = JSON.parse(readFileSync(manifestFile, "utf8")) as MirroredProvider[];
  const cliConfigFile = join(root, "terraform.rc");
  return {
    root,
    cliConfigFile,
    mirrorDir: join(root, "mirror"),
    providers,
    env: {
      TF_CLI_CONFIG_FILE: cliConfigFile,
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      // Terraform's Go collector at its default (100) was a quarter of Terraform's CPU in these
      // short runs (example app: 12.6 s → 9.8 s at 400); memory is not what limits a test machine.
      GOGC: "400",
    },
  };
}

/** Builds of earlier inputs: their plugin caches and bundles are of no further use. */
function removeStaleBuilds(cacheRoot: string, current: string): void {
  for (const entry of readdirSync(cacheRoot)) {
    const path = join(cacheRoot, entry);
    if (/^[0-9a-f]{16}$/.test(entry) && path !== current) rmSync(path, { recursive: true, force: true });
  }
}

/** Every provider schema the doubles serve, derived from this checkout's inputs. */
export function buildProviderSchemas(
  repoRoot: string,
  referenceDir: string,
): Map<string, ProviderSchemaDocument> {
  const schemas = new Map<string, ProviderSchemaDocument>();
  for (const file of REFERENCE_SCHEMAS) {
    const { document } = normaliseReferenceSchema(JSON.parse(readFileSync(join(referenceDir, file), "utf8")));
    schemas.set(document.provider.source.split("/")[1], document);
  }
  // Only the resource types the facts table covers: every schema Terraform loads costs time
  // in each command, and a type without its replacement rules must not plan quietly.
  const types = new Set(Object.keys(PROVIDER_FACTS));
  for (const name of CDKTF_PACKAGES) {
    const document = applyProviderFacts(deriveCdktfProviderSchema(packageDir(name, repoRoot), { types }));
    schemas.set(document.provider.source.split("/")[1], document);
  }
  return schemas;
}

function buildMirror(staging: string, finalRoot: string, repoRoot: string, referenceDir: string): void {
  mkdirSync(join(staging, "schemas"), { recursive: true });
  mkdirSync(join(staging, "tls"), { recursive: true });

  const descriptors = JSON.stringify(compileDescriptors(join(DOUBLE_DIR, "proto")));
  buildSync({
    bundle: true,
    platform: "node",
    target: `node${process.versions.node.split(".")[0]}`,
    format: "cjs",
    minify: true,
    logLevel: "error",
    absWorkingDir: repoRoot,
    entryPoints: [join(DOUBLE_DIR, "main.ts")],
    outfile: join(staging, "provider-double.js"),
    banner: { js: `globalThis.__providerDoubleDescriptors=${descriptors};` },
  });

  generateSelfSignedCert({
    keyFile: join(staging, "tls", "private-key.pem"),
    certFile: join(staging, "tls", "certificate.pem"),
    dnsNames: ["localhost"],
    days: 3650,
  });

  const providers: MirroredProvider[] = [];
  const platform = terraformPlatform();
  for (const [type, document] of buildProviderSchemas(repoRoot, referenceDir)) {
    const [namespace] = document.provider.source.split("/");
    const version = document.provider.version;
    const schemaFile = join(staging, "schemas", `${type}.json`);
    writeFileSync(schemaFile, JSON.stringify(document));
    writeFileSync(
      `${schemaFile.slice(0, -".json".length)}.pb`,
      encodeMessage(
        "tfplugin6.GetProviderSchema.Response",
        new ProviderDoubleService(document).getProviderSchema(),
      ),
    );
    const launcherDir = join(staging, "mirror", "registry.terraform.io", namespace, type, version, platform);
    mkdirSync(launcherDir, { recursive: true });
    const launcher = join(launcherDir, `terraform-provider-${type}_v${version}`);
    const finalPath = (path: string): string => join(finalRoot, path.slice(staging.length + 1));
    const quote = (text: string): string => `'${text.replace(/'/g, "'\\''")}'`;
    writeFileSync(
      launcher,
      `#!/bin/sh\nexec ${[
        process.execPath,
        join(finalRoot, "provider-double.js"),
        finalPath(schemaFile),
        join(finalRoot, "tls"),
      ]
        .map(quote)
        .join(" ")}\n`,
    );
    chmodSync(launcher, 0o755);
    providers.push({
      source: document.provider.source,
      version,
      schemaFile: finalPath(schemaFile),
      launcher: finalPath(launcher),
    });
  }

  const hcl = (text: string): string => JSON.stringify(text);
  writeFileSync(
    join(staging, "terraform.rc"),
    [
      "# Generated by test-tooling/provider-double/mirror.ts: provider doubles only, no network.",
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${hcl(join(finalRoot, "mirror"))}`,
      `    include = [${providers.map((provider) => hcl(`registry.terraform.io/${provider.source}`)).join(", ")}]`,
      "  }",
      "}",
      // No plugin_cache_dir: Terraform's plugin cache is not safe for concurrent `init`s (parallel
      // test files raced on its directories), and the launchers it would cache are a few bytes.
      "disable_checkpoint = true",
      "",
    ].join("\n"),
  );
  writeFileSync(join(staging, "mirror.json"), JSON.stringify(providers, null, 2));
}
