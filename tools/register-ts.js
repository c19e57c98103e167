// Loads TypeScript sources through swc, and keeps on disk what every synth would otherwise redo:
// the compiled code of our sources and V8's code cache of every module.
//
// `cdktf synth` runs the app in a fresh process every time, so whatever the loader costs is paid on
// every synth. ts-node recompiles every file on each run and installs source-map-support, which
// then maps every stack trace cdktf captures (one per token: hundreds per synth). This hook
// compiles a file only when it changed and loads swc only then; type checking stays with
// `tsc --noEmit`.
//
// Two packs, each one file read once per process, keyed per source file by its size, mtime and
// ctime (a rewritten file never matches, even if a package manager restored its mtime):
// - the TypeScript pack holds swc's output for our sources, without source maps;
// - the V8 pack holds V8's code cache of every CommonJS module (cdktf, the provider bindings, our
//   modules), taken at exit so that it covers the functions the synth ran: a later synth skips
//   parsing and compiling them (what Node 22's module.enableCompileCache() does).
// The app's entry module loads the plain Node way (Node sets up its resolution cache there).
// Run with `--enable-source-maps` to see TypeScript lines in a stack trace: compiled code then
// carries inline source maps (in a TypeScript pack of its own) and every module loads the plain way.
"use strict";
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname, join, resolve } = require("node:path");
const { constants: vmConstants, Script } = require("node:vm");
const { crc32 } = require("node:zlib");

const sourceMaps = process.sourceMapsEnabled === true;
const swcOptions = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: sourceMaps ? "inline" : false,
};
const cacheDir = resolve(__dirname, "..", ".cache", "register-ts");
// Named by what their content depends on: other options or another Node start from empty packs.
const typescriptPack = filePack(join(cacheDir, `typescript-${fnv1a(JSON.stringify(swcOptions))}.bin`));
const v8Pack = filePack(join(cacheDir, `v8-${fnv1a(`${process.version} ${process.arch}`)}.bin`));

/** FNV-1a, 32 bits, as 8 hex digits. */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

const fileKeys = new Map();

/** What identifies a version of a file: size, mtime and ctime (taken once per process). */
function fileKey(filename) {
  let key = fileKeys.get(filename);
  if (key === undefined) {
    const { size, mtimeMs, ctimeMs } = statSync(filename);
    key = `${size}/${mtimeMs}/${ctimeMs}`;
    fileKeys.set(filename, key);
  }
  return key;
}

/**
 * One file of blobs keyed by source file: a 4-byte little-endian length, a JSON index of that
 * length (`{ [filename]: [fileKey, start, end] }`, offsets counted from the first byte after the
 * index), then the blobs. Read on first use; entries added in this process are merged into the
 * file as it is on disk at exit, without the entries of source files that no longer exist.
 */
function filePack(path) {
  let entries; // filename -> { key, blob }
  const added = new Map();

  function read() {
    const read = new Map();
    let bytes;
    try {
      bytes = readFileSync(path);
    } catch {
      return read;
    }
    try {
      const blobsStart = 4 + bytes.readUInt32LE(0);
      const index = JSON.parse(bytes.toString("utf8", 4, blobsStart));
      for (const [filename, [key, start, end]] of Object.entries(index)) {
        read.set(filename, { key, blob: bytes.subarray(blobsStart + start, blobsStart + end) });
      }
    } catch {
      read.clear(); // a damaged pack is rebuilt
    }
    return read;
  }

  return {
    /** The blob stored for this version of the file, if any. */
    get(filename, key) {
      entries ??= read();
      const entry = entries.get(filename);
      return entry?.key === key ? entry.blob : undefined;
    },
    set(filename, key, blob) {
      entries?.set(filename, { key, blob });
      added.set(filename, { key, blob });
    },
    save() {
      if (added.size === 0) return;
      const merged = read();
      for (const [filename, entry] of added) merged.set(filename, entry);
      const blobs = [];
      const index = {};
      let offset = 0;
      for (const [filename, { key, blob }] of merged) {
        try {
          statSync(filename);
        } catch {
          continue;
        }
        index[filename] = [key, offset, offset + blob.length];
        blobs.push(blob);
        offset += blob.length;
      }
      const indexBytes = Buffer.from(JSON.stringify(index), "utf8");
      const length = Buffer.alloc(4);
      length.writeUInt32LE(indexBytes.length, 0);
      mkdirSync(cacheDir, { recursive: true });
      // Another synth may be saving too: each writes a file of its own and renames it into place,
      // so a reader sees one whole pack or the other; what the other run added is redone later.
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, Buffer.concat([length, indexBytes, ...blobs]));
      renameSync(temporary, path);
    },
  };
}

/** Scripts compiled without a usable code cache, to take theirs from at exit. */
const uncachedScripts = [];

process.once("exit", () => {
  try {
    for (const { filename, key, script } of uncachedScripts)
      v8Pack.set(filename, key, script.createCachedData());
    typescriptPack.save();
    v8Pack.save();
  } catch {
    // The packs only save time: a read-only checkout still synthesizes, compiling every run.
  }
});

function compileTypeScript(filename) {
  const key = fileKey(filename);
  const cached = typescriptPack.get(filename, key);
  if (cached) return cached.toString("utf8");
  const { transformSync } = require("@swc/core");
  const { code } = transformSync(readFileSync(filename, "utf8"), { ...swcOptions, filename });
  typescriptPack.set(filename, key, Buffer.from(code, "utf8"));
  return code;
}

require.extensions[".ts"] = function loadTypeScript(module, filename) {
  module._compile(compileTypeScript(filename), filename);
};

/** `require` for a module run here, as Node's loader would hand it to the module. */
function makeRequire(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

// Node >= 20.15 has all this needs (zlib.crc32 and vm's main-context dynamic import); older ones
// load every module the plain way.
const codeCacheSupported =
  typeof crc32 === "function" && vmConstants?.USE_MAIN_CONTEXT_DEFAULT_LOADER !== undefined;
const nodeCompile = Module.prototype._compile;
if (codeCacheSupported) Module.prototype._compile = compileWithCodeCache;

function compileWithCodeCache(content, filename, format) {
  if (sourceMaps || this.id === "." || format === "module" || content.startsWith("#!")) {
    return nodeCompile.call(this, content, filename, format);
  }
  let key;
  try {
    key = fileKey(filename);
  } catch {
    return nodeCompile.call(this, content, filename, format); // not a file, e.g. `node -e`'s [eval]-wrapper
  }
  // Our modules' code is swc's output, not the file: a recompile (say, by another swc) must not
  // meet the old code cache. V8 checks only the length of the source it was given.
  if (filename.endsWith(".ts")) key += `/${crc32(content)}`;
  const cachedData = v8Pack.get(filename, key);
  // The wrapper's head on a line of its own, and lineOffset -1: stack traces keep their lines and columns.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${content}\n})`, {
    filename,
    lineOffset: -1,
    cachedData,
    importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData === undefined || script.cachedDataRejected) uncachedScripts.push({ filename, key, script });
  const moduleWrapper = script.runInThisContext({ displayErrors: true });
  return moduleWrapper.call(this.exports, this.exports, makeRequire(this), this, filename, dirname(filename));
}
