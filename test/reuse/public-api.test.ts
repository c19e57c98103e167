import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import * as ts from "typescript";

/**
 * The public API as a product: exactly the names `constructs/index.ts` promises, loadable without the
 * prebuilt providers' barrels, documented (class docs with examples, every prop with its default),
 * and every example in the TSDoc and in docs/constructs.md type-checks against the real API. One
 * in-memory TypeScript program serves all checks (about 2 s; `tsc --noEmit` does not see examples).
 */

const ROOT = join(__dirname, "..", "..");
const INDEX = join(ROOT, "constructs", "index.ts");
const DOCS = join(ROOT, "docs", "constructs.md");
const FIXTURE = join(__dirname, "example-fixture.ts");
/** Entry points whose exports the examples of their declarations may use unqualified. */
const ENTRY_POINTS = {
  index: INDEX,
  alicloud: join(ROOT, "constructs", "providers", "alicloud", "index.ts"),
  harbor: join(ROOT, "constructs", "providers", "harbor", "index.ts"),
} as const;
/** The package name docs examples import, as a user's app does. */
const PACKAGE_NAME = "harbor-cdktf";

type Kind = "class" | "function" | "const" | "interface" | "type" | "namespace";

/**
 * The contract. Adding a name is a deliberate API change (document it, give it an example);
 * removing or renaming one breaks users' stacks.
 */
const PUBLIC_API: Readonly<Record<string, Kind>> = {
  // errors and disk vocabulary
  ValidationError: "class",
  Problem: "interface",
  DiskCategory: "type",
  DiskComponent: "type",
  EssdPerformanceLevel: "type",
  // guardrails
  StatefulResourceGuard: "class",
  markStateful: "function",
  pinAddress: "function",
  pinZone: "function",
  STATEFUL_RESOURCE_TYPES: "const",
  ZONE_LABEL: "const",
  StatefulMarkOptions: "interface",
  // retained disks
  RetainedDisk: "class",
  RetainedDiskProps: "interface",
  RetainedDiskFsType: "type",
  RetainedDiskPart: "type",
  RETAINED_DISK_FS_TYPES: "const",
  RETAINED_DISK_PARTS: "const",
  DiskSnapshotPolicy: "class",
  DiskSnapshotPolicyProps: "interface",
  // Harbor site
  HarborSite: "class",
  HarborSiteProps: "interface",
  HarborSiteDisks: "type",
  HarborDiskOptions: "interface",
  HarborImageStorage: "class",
  HarborOssStorageOptions: "interface",
  HarborSecrets: "class",
  HarborSecretsProps: "interface",
  renderHarborValues: "function",
  requiredDiskComponents: "function",
  harborClaimName: "function",
  HarborValues: "interface",
  HarborValuesInput: "interface",
  HarborSecretRefs: "interface",
  ImageStorageValuesInput: "type",
  TrivyValuesInput: "interface",
  HARBOR_CHART: "const",
  HARBOR_RELEASE_NAME: "const",
  HARBOR_SERVICE_NAME: "const",
  HARBOR_SERVICE_HTTP_PORT: "const",
  SENSITIVE_VALUE_PATHS: "const",
  // gateway
  NginxFailoverGateway: "class",
  NginxFailoverGatewayProps: "interface",
  GatewayTls: "class",
  GatewaySite: "interface",
  NginxGatewayConfigProps: "interface",
  ResolvedGatewaySettings: "interface",
  ResolvedGatewaySite: "interface",
  renderNginxConfig: "function",
  NginxRuntimeLayout: "interface",
  POD_RUNTIME_LAYOUT: "const",
  GATEWAY_DEFAULTS: "const",
  HEALTH_PATH: "const",
  harborServiceUpstream: "function",
  // replication
  HarborReplicationPair: "class",
  HarborReplicationPairProps: "interface",
  HarborReplicationPairSite: "interface",
  SiteReplication: "class",
  SiteReplicationProps: "interface",
  ReplicationIdentity: "class",
  ReplicationIdentityProps: "interface",
  ReplicationOptions: "interface",
  ReplicationSite: "interface",
  ReplicationResourceType: "type",
  TagFilterDecoration: "type",
  planReplicationPair: "function",
  SiteReplicationPlan: "interface",
  ReplicationRuleSpec: "interface",
  ReplicationFilterSpec: "interface",
  RegistryEndpointSpec: "interface",
  repositoryFilterForProjects: "function",
  DEFAULT_COMPENSATION_SCHEDULE: "const",
  DEFAULT_REPLICATOR_ROBOT_NAME: "const",
  // policy
  RegistryPolicy: "class",
  RegistryPolicyProps: "interface",
  RegistryPolicyOptions: "interface",
  ProjectOptions: "interface",
  RobotAccountOptions: "interface",
  RetentionRuleOptions: "interface",
  DeploymentSecurityLevel: "type",
  WebhookEventType: "type",
  AuditLogEventType: "type",
  planRegistryPolicy: "function",
  RegistryPolicyPlan: "interface",
  ProjectSpec: "interface",
  RetentionRuleSpec: "interface",
  WebhookSpec: "interface",
  RobotAccountSpec: "interface",
  RobotPermissionSpec: "interface",
  RobotAccessSpec: "interface",
  RobotSecrets: "class",
  RobotSecretsProps: "interface",
  DEFAULT_AUDIT_LOG_EVENT_TYPES: "const",
  DEFAULT_AUDIT_LOG_RETENTION_HOURS: "const",
  DEFAULT_GARBAGE_COLLECTION_SCHEDULE: "const",
  DEFAULT_WEBHOOK_EVENT_TYPES: "const",
  // operations
  HarborAlerting: "class",
  HarborAlertingProps: "interface",
  DingTalkRobot: "interface",
  renderHarborAlertRules: "function",
  HarborAlertRulesInput: "interface",
  AlertRule: "interface",
  AlertRuleGroup: "interface",
  SiteBackup: "class",
  SiteBackupProps: "interface",
  SiteBackupDisk: "interface",
  BackupCredentials: "class",
  SnapshotMode: "type",
  // L1 bindings
  alicloud: "namespace",
  harbor: "namespace",
};

/** Structs users fill in beyond the `*Props`, `*Options` and `*Input` interfaces. */
const INPUT_STRUCTS = new Set([
  "GatewaySite",
  "ReplicationSite",
  "HarborReplicationPairSite",
  "HarborSecretRefs",
  "NginxRuntimeLayout",
]);
const isInputStruct = (name: string) => /(Props|Options|Input)$/.test(name) || INPUT_STRUCTS.has(name);

interface Example {
  /** `constructs/x.ts:148 RetainedDisk`, for messages. */
  readonly origin: string;
  readonly code: string;
}

interface ExampleFile {
  readonly fileName: string;
  readonly text: string;
  /** Which example each line belongs to (1-based line numbers of the example's code). */
  readonly lines: readonly ({ readonly example: Example; readonly line: number } | undefined)[];
}

const compilerOptions = (): ts.CompilerOptions => {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, "tsconfig.json"), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  return {
    ...parsed!.options,
    noEmit: true,
    incremental: false,
    tsBuildInfoFile: undefined,
    // Snippets show usage; an unused variable in one is not a defect.
    noUnusedLocals: false,
    noUnusedParameters: false,
    // Only the example files are checked, and they use no Node.js API: @types/node would cost 0.4 s.
    types: [],
    baseUrl: ROOT,
    paths: { [PACKAGE_NAME]: ["constructs/index.ts"] },
  };
};

const resolveAlias = (checker: ts.TypeChecker, symbol: ts.Symbol) =>
  symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

function kindOf(symbol: ts.Symbol): Kind | `unknown (flags ${number})` {
  const flags = symbol.flags;
  if (flags & ts.SymbolFlags.Class) return "class";
  if (flags & ts.SymbolFlags.Function) return "function";
  if (flags & ts.SymbolFlags.Interface) return "interface";
  if (flags & ts.SymbolFlags.TypeAlias) return "type";
  if (flags & ts.SymbolFlags.ValueModule) return "namespace";
  if (flags & ts.SymbolFlags.Variable) return "const";
  return `unknown (flags ${flags})`;
}

const docOf = (checker: ts.TypeChecker, symbol: ts.Symbol) =>
  ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();

const tagText = (tag: ts.JSDocTagInfo) => ts.displayPartsToString(tag.text).trim();

const where = (node: ts.Node) => {
  const file = node.getSourceFile();
  return `${relative(ROOT, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
};

/** The `@example` blocks on a declaration and, for classes and interfaces, on their members. */
function examplesOf(symbol: ts.Symbol): Example[] {
  const declarations = [
    ...(symbol.declarations ?? []),
    ...[...(symbol.members?.values() ?? []), ...(symbol.exports?.values() ?? [])].flatMap(
      (member) => member.declarations ?? [],
    ),
  ];
  return declarations.flatMap((declaration) =>
    ts
      .getJSDocTags(declaration)
      .filter((tag) => tag.tagName.text === "example")
      .map((tag) => ({
        origin: `${where(declaration)} ${symbol.name}`,
        // A `*/` inside a comment is written `*\/`.
        code: (ts.getTextOfJSDocComment(tag.comment) ?? "").replace(/\*\\\//g, "*/"),
      })),
  );
}

/** Code blocks of docs/constructs.md, fenced as ```ts. */
function docsExamples(): Example[] {
  const text = readFileSync(DOCS, "utf8");
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => ({
    origin: `docs/constructs.md:${text.slice(0, match.index).split("\n").length}`,
    code: match[1],
  }));
}

/** One module that imports `names` and wraps each example in a function of its own. */
function exampleModule(
  fileName: string,
  imports: readonly string[],
  examples: readonly Example[],
): ExampleFile {
  const lines: string[] = [...imports];
  const owners: ExampleFile["lines"][number][] = imports.map(() => undefined);
  examples.forEach((example, i) => {
    // Some examples build inside a stack's constructor (`new X(this, ...)`).
    lines.push(`export function example${i}(this: TerraformStack): void {`);
    owners.push(undefined);
    example.code.split("\n").forEach((line, n) => {
      lines.push(line);
      owners.push({ example, line: n + 1 });
    });
    lines.push("}");
    owners.push(undefined);
  });
  return { fileName, text: lines.join("\n"), lines: owners };
}

function importLine(from: string, to: string, names: readonly string[]): string {
  let specifier = relative(dirname(from), to).replace(/\.ts$/, "");
  if (!specifier.startsWith(".")) specifier = `./${specifier}`;
  return `import { ${names.join(", ")} } from "${specifier}";`;
}

/**
 * A host that serves the virtual example files and parses every real file once, so that the second
 * program (with the examples) reuses the first one's files instead of parsing them again.
 */
function createHost(options: ts.CompilerOptions, virtual: Map<string, string>): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  const parsed = new Map<string, ts.SourceFile | undefined>();
  host.getSourceFile = (fileName, language, ...rest) => {
    const text = virtual.get(fileName);
    if (text !== undefined) return ts.createSourceFile(fileName, text, language, true);
    if (!parsed.has(fileName)) parsed.set(fileName, getSourceFile.call(host, fileName, language, ...rest));
    return parsed.get(fileName);
  };
  host.fileExists = (fileName) => virtual.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => virtual.get(fileName) ?? readFile.call(host, fileName);
  return host;
}

describe("the public API", () => {
  let program: ts.Program;
  let checker: ts.TypeChecker;
  /** Exports of each entry point, aliases resolved. */
  const exportsOf = {} as Record<keyof typeof ENTRY_POINTS, Map<string, ts.Symbol>>;
  let exampleFiles: ExampleFile[];
  let exampleCount: number;

  beforeAll(() => {
    const options = compilerOptions();
    const virtual = new Map<string, string>();
    const host = createHost(options, virtual);
    const roots = [...Object.values(ENTRY_POINTS), FIXTURE];
    const first = ts.createProgram(roots, options, host);
    const firstChecker = first.getTypeChecker();
    const exportedNames = (file: string) =>
      firstChecker.getExportsOfModule(firstChecker.getSymbolAtLocation(first.getSourceFile(file)!)!);
    for (const [entry, file] of Object.entries(ENTRY_POINTS) as [keyof typeof ENTRY_POINTS, string][]) {
      exportsOf[entry] = new Map(
        exportedNames(file).map((symbol) => [symbol.name, resolveAlias(firstChecker, symbol)]),
      );
    }
    const fixtureNames = exportedNames(FIXTURE).map((symbol) => symbol.name);

    exampleFiles = [];
    const seen = new Set<string>();
    for (const [entry, file] of Object.entries(ENTRY_POINTS) as [keyof typeof ENTRY_POINTS, string][]) {
      const names = [...exportsOf[entry].keys()];
      const examples = [...exportsOf[entry].values()]
        .flatMap(examplesOf)
        .filter((example) => !seen.has(example.origin) && seen.add(example.origin));
      // Fragments of docs/constructs.md are written like the TSDoc examples of the index.
      const docs = entry === "index" && existsSync(DOCS) ? docsExamples() : [];
      const fragments = [...examples, ...docs.filter((example) => !/^import /m.test(example.code))];
      const fileName = join(__dirname, `__examples_${entry}__.ts`);
      const fixture = fixtureNames.filter((name) => !names.includes(name));
      exampleFiles.push(
        exampleModule(
          fileName,
          [importLine(fileName, file, names), importLine(fileName, FIXTURE, fixture)],
          fragments,
        ),
      );
      // Complete programs (with their own imports, from the package name) compile as modules.
      docs
        .filter((example) => /^import /m.test(example.code))
        .forEach((example, i) => {
          exampleFiles.push({
            fileName: join(__dirname, `__docs_${i}__.ts`),
            text: example.code,
            lines: example.code.split("\n").map((_, n) => ({ example, line: n + 1 })),
          });
        });
    }
    exampleCount = exampleFiles.reduce(
      (count, file) => count + new Set(file.lines.filter(Boolean).map((owner) => owner!.example)).size,
      0,
    );
    for (const file of exampleFiles) virtual.set(file.fileName, file.text);
    program = ts.createProgram(
      [...roots, ...exampleFiles.map((file) => file.fileName)],
      options,
      host,
      first,
    );
    checker = program.getTypeChecker();
    for (const entry of Object.keys(ENTRY_POINTS) as (keyof typeof ENTRY_POINTS)[]) {
      const file = program.getSourceFile(ENTRY_POINTS[entry])!;
      exportsOf[entry] = new Map(
        checker
          .getExportsOfModule(checker.getSymbolAtLocation(file)!)
          .map((symbol) => [symbol.name, resolveAlias(checker, symbol)]),
      );
    }
  });

  test("exports exactly the names of the contract, each of the promised kind", () => {
    const actual = Object.fromEntries([...exportsOf.index].map(([name, symbol]) => [name, kindOf(symbol)]));
    expect(actual).toEqual(PUBLIC_API);
  });

  test("loads the same values at runtime without any prebuilt provider's barrel", () => {
    const script = `
      const before = new Set(Object.keys(require.cache));
      const api = require(${JSON.stringify(INDEX)});
      const loaded = Object.keys(require.cache).filter((file) => !before.has(file));
      console.log(JSON.stringify({
        names: Object.keys(api).sort(),
        barrels: loaded.filter((file) => /@cdktf[\\\\/]provider-[a-z]+[\\\\/]lib[\\\\/]index\\.js$/.test(file)),
        kubernetesModules: loaded.filter((file) => /provider-kubernetes/.test(file)).length,
      }));`;
    const output = execFileSync(
      process.execPath,
      ["-r", join(ROOT, "tools", "register-ts.js"), "-e", script],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    const loaded = JSON.parse(output) as { names: string[]; barrels: string[]; kubernetesModules: number };
    const values = Object.entries(PUBLIC_API)
      .filter(([, kind]) => kind !== "interface" && kind !== "type")
      .map(([name]) => name)
      .sort();
    expect(loaded.names).toEqual(values);
    expect(loaded.barrels).toEqual([]);
    // The few resources our constructs create (of 109 in the package), each by deep path.
    expect(loaded.kubernetesModules).toBeLessThan(20);
  });

  test("documents every export", () => {
    const undocumented = [...exportsOf.index]
      .filter(([, symbol]) => kindOf(symbol) !== "namespace" && docOf(checker, symbol) === "")
      .map(([name]) => name);
    expect(undocumented).toEqual([]);
  });

  test("gives every class a usage example", () => {
    const withoutExample = [...exportsOf.index]
      .filter(([, symbol]) => kindOf(symbol) === "class" && examplesOf(symbol).length === 0)
      .map(([name]) => name);
    expect(withoutExample).toEqual([]);
  });

  test("documents every prop, with a @default exactly when it is optional", () => {
    const problems: string[] = [];
    for (const [name, symbol] of exportsOf.index) {
      if (kindOf(symbol) !== "interface" || !isInputStruct(name)) continue;
      for (const property of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))) {
        const label = `${name}.${property.name}`;
        const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
        const defaults = property.getJsDocTags(checker).filter((tag) => tag.name === "default");
        if (docOf(checker, property) === "") problems.push(`${label}: no description`);
        if (optional && defaults.length === 0) problems.push(`${label}: optional without @default`);
        if (!optional && defaults.length > 0) problems.push(`${label}: required but has @default`);
        for (const tag of defaults) {
          if (tagText(tag) === "" || /^undefined\b/.test(tagText(tag))) {
            problems.push(`${label}: @default ${JSON.stringify(tagText(tag))} says nothing`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test("documents every public property of every exported class", () => {
    const problems: string[] = [];
    for (const [name, symbol] of exportsOf.index) {
      if (kindOf(symbol) !== "class") continue;
      for (const member of symbol.members?.values() ?? []) {
        const declaration = member.valueDeclaration;
        if (!declaration || !(ts.isPropertyDeclaration(declaration) || ts.isGetAccessor(declaration)))
          continue;
        const hidden = ts.ModifierFlags.Private | ts.ModifierFlags.Protected;
        if (ts.getCombinedModifierFlags(declaration) & hidden) continue;
        if (docOf(checker, member) === "") problems.push(`${name}.${member.name} (${where(declaration)})`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("has a section in docs/constructs.md for every exported class", () => {
    const headings = readFileSync(DOCS, "utf8")
      .split("\n")
      .filter((line) => /^#{2,3} /.test(line));
    const missing = [...exportsOf.index]
      .filter(
        ([name, symbol]) => kindOf(symbol) === "class" && !headings.some((h) => h.includes(`\`${name}\``)),
      )
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });

  test("type-checks every @example of the index and the L1 bindings, and every docs example", () => {
    // Enough examples were found: a broken extraction must not pass as "no errors".
    expect(exampleCount).toBeGreaterThan(30);
    const messages = exampleFiles.flatMap((file) => {
      const source = program.getSourceFile(file.fileName)!;
      return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map(
        (diagnostic) => {
          const line = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
          const owner = file.lines[line];
          const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
          return owner
            ? `${owner.example.origin}, example line ${owner.line}: ${text}`
            : `${file.fileName}: ${text}`;
        },
      );
    });
    expect(messages).toEqual([]);
  });
});
