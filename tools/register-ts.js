// Loads TypeScript sources through swc, caching the compiled code on disk.
//
// `cdktf synth` runs the app in a fresh process every time, so whatever the loader costs is paid on
// every synth. ts-node recompiles every file on each run and installs source-map-support, which
// then maps every stack trace cdktf captures (one per token: hundreds per synth). This hook
// compiles a file only when it changed and loads swc only then; type checking stays with
// `tsc --noEmit`.
//
// The compiled code of every file lives in one pack, read once per process: a lookup is one stat
// of the source (its size and mtime are the key) instead of a stat, a hash and a read of a cache
// file per module, and the code carries no source map for V8 to scan past. Run with
// `--enable-source-maps` to see TypeScript lines in a stack trace: compiled code then carries
// inline source maps, kept in a pack of its own.
"use strict";
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require("node:fs");
const { join, resolve } = require("node:path");

const options = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: process.sourceMapsEnabled ? "inline" : false,
};
const cacheDir = resolve(__dirname, "..", ".cache", "register-ts");
// Named by the compile options: other options start from an empty pack.
const packPath = join(cacheDir, `pack-${fnv1a(JSON.stringify(options))}.bin`);

/** FNV-1a, 32 bits, as 8 hex digits. */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

/**
 * The pack: a 4-byte little-endian length, a JSON index of that length, then the compiled code of
 * each file. Index: `{ [filename]: [size, mtimeMs, codeStart, codeEnd] }`, offsets counted from the
 * first byte after the index.
 * @returns {Map<string, {size: number, mtimeMs: number, code: string}>}
 */
function readPack() {
  const entries = new Map();
  let bytes;
  try {
    bytes = readFileSync(packPath);
  } catch {
    return entries;
  }
  try {
    const codeOffset = 4 + bytes.readUInt32LE(0);
    const index = JSON.parse(bytes.toString("utf8", 4, codeOffset));
    for (const [filename, [size, mtimeMs, start, end]] of Object.entries(index)) {
      entries.set(filename, {
        size,
        mtimeMs,
        // Decoded on first use: a run decodes only the modules it loads.
        get code() {
          const code = bytes.toString("utf8", codeOffset + start, codeOffset + end);
          Object.defineProperty(this, "code", { value: code });
          return code;
        },
      });
    }
  } catch {
    entries.clear(); // a damaged pack is rebuilt
  }
  return entries;
}

function writePack(entries) {
  const codes = [];
  const index = {};
  let offset = 0;
  for (const [filename, { size, mtimeMs, code }] of entries) {
    const bytes = Buffer.from(code, "utf8");
    codes.push(bytes);
    index[filename] = [size, mtimeMs, offset, offset + bytes.length];
    offset += bytes.length;
  }
  const indexBytes = Buffer.from(JSON.stringify(index), "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32LE(indexBytes.length, 0);
  mkdirSync(cacheDir, { recursive: true });
  // Another synth may be writing too: each writes a file of its own and renames it into place, so
  // a reader sees one whole pack or the other; what the other run compiled is compiled again later.
  const temporary = `${packPath}.${process.pid}.tmp`;
  writeFileSync(temporary, Buffer.concat([length, indexBytes, ...codes]));
  renameSync(temporary, packPath);
}

let pack; // read on the first TypeScript load
const compiledNow = new Map(); // written to the pack at exit

function compile(filename) {
  pack ??= readPack();
  const { size, mtimeMs } = statSync(filename);
  const cached = pack.get(filename);
  if (cached && cached.size === size && cached.mtimeMs === mtimeMs) return cached.code;
  const { transformSync } = require("@swc/core");
  const { code } = transformSync(readFileSync(filename, "utf8"), { ...options, filename });
  if (compiledNow.size === 0) process.once("exit", saveCompiled);
  compiledNow.set(filename, { size, mtimeMs, code });
  return code;
}

function saveCompiled() {
  try {
    // Merged into the pack as it is on disk now (another run may have added to it since), without
    // the files that no longer exist.
    const merged = readPack();
    for (const [filename, entry] of compiledNow) merged.set(filename, entry);
    for (const filename of merged.keys()) {
      try {
        statSync(filename);
      } catch {
        merged.delete(filename);
      }
    }
    writePack(merged);
  } catch {
    // The cache only saves time: a read-only checkout still synthesizes, compiling every run.
  }
}

require.extensions[".ts"] = function loadTypeScript(module, filename) {
  module._compile(compile(filename), filename);
};
