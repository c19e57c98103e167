// Loads TypeScript sources through swc, caching each compiled file on disk.
//
// `cdktf synth` runs the app in a fresh process every time, so whatever the loader costs is paid on
// every synth. ts-node recompiles every file on each run and installs source-map-support, which
// then maps every stack trace cdktf captures (one per token: hundreds per synth). This hook
// compiles a file only when it changed and loads swc only then; type checking stays with
// `tsc --noEmit`. Compiled files carry inline source maps: run with `--enable-source-maps` to see
// TypeScript lines in a stack trace.
"use strict";
const { mkdirSync, readFileSync, statSync, writeFileSync } = require("node:fs");
const { join, resolve } = require("node:path");

const cacheDir = resolve(__dirname, "..", ".cache", "register-ts");
const options = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: "inline",
};
const optionsKey = JSON.stringify(options);

/** FNV-1a over the file's identity: path, size, modification time and the compile options. */
function cacheKey(filename) {
  const stat = statSync(filename);
  const text = `${optionsKey}\0${filename}\0${stat.size}\0${stat.mtimeMs}`;
  let hash = 0x811c9dc5;
  let hash2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    hash = Math.imul(hash ^ c, 0x01000193) >>> 0;
    hash2 = Math.imul(hash2 ^ c, 0x5bd1e995) >>> 0;
  }
  return hash.toString(16).padStart(8, "0") + hash2.toString(16).padStart(8, "0");
}

function compile(filename) {
  const cached = join(cacheDir, `${cacheKey(filename)}.js`);
  try {
    return readFileSync(cached, "utf8");
  } catch {
    const { transformSync } = require("@swc/core");
    const { code } = transformSync(readFileSync(filename, "utf8"), { ...options, filename });
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cached, code);
    return code;
  }
}

require.extensions[".ts"] = function loadTypeScript(module, filename) {
  module._compile(compile(filename), filename);
};
