import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The shared reference directory (chart values, provider schemas). It sits beside the checkout
 * (`../shared/reference` from the main checkout, further up from a worktree);
 * `HARBOR_CDKTF_REFERENCE_DIR` overrides the search.
 */
export function referenceDir(): string {
  const fromEnv = process.env.HARBOR_CDKTF_REFERENCE_DIR;
  if (fromEnv) return fromEnv;
  let dir = resolve(__dirname, "../../..");
  for (let depth = 0; depth < 4; depth++) {
    const candidate = join(dirname(dir), "shared", "reference");
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error("shared/reference not found beside the checkout; set HARBOR_CDKTF_REFERENCE_DIR");
}

export function readReference(file: string): string {
  return readFileSync(join(referenceDir(), file), "utf8");
}
