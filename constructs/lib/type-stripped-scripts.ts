/**
 * Small programs our constructs run in pods (the site backup, the alert relay) are TypeScript
 * files of this repository that Node executes directly with its built-in type stripping
 * (node >= 22.18, stable in 24.12): no build step, no npm install in the pod, and the code that
 * runs is the code the unit tests import.
 *
 * This module reads such a file set at synth time and turns it into ConfigMap data: relative
 * imports get their `.ts` extension (Node resolves nothing implicitly; the repository's tsc
 * setup needs them extensionless), and a `package.json` marks the directory as ES modules.
 * Synthesis stays deterministic: the output depends only on the files' content.
 */
import * as fs from "fs";
import * as path from "path";

const IMPORT = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(["'])([^"']+)\2/g;

/**
 * Reads `files` (names relative to `dir`) and returns them as ConfigMap data, plus a
 * `package.json` with `"type": "module"`. Throws when a file imports anything but a sibling of
 * the set or a `node:` built-in, which would fail in the pod.
 */
export function typeStrippedScripts(dir: string, files: readonly string[]): Record<string, string> {
  const data: Record<string, string> = {};
  const names = new Set(files.map((f) => f.replace(/\.ts$/, "")));
  for (const file of files) {
    const source = fs.readFileSync(path.join(dir, file), "utf8");
    data[file] = source.replace(IMPORT, (whole, keyword: string, quote: string, specifier: string) => {
      if (specifier.startsWith("node:")) return whole;
      const sibling = specifier.startsWith("./") ? specifier.slice(2).replace(/\.ts$/, "") : undefined;
      if (sibling === undefined || !names.has(sibling)) {
        throw new Error(
          `${file} imports ${JSON.stringify(specifier)}: a pod script may import only node: built-ins ` +
            `and the other files of its set (${[...names].join(", ")})`,
        );
      }
      return `${keyword}${quote}./${sibling}.ts${quote}`;
    });
  }
  data["package.json"] = `${JSON.stringify({ private: true, type: "module" })}\n`;
  return data;
}
