import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export const SKOPEO_BINARY = process.env.SKOPEO_BINARY ?? "/usr/bin/skopeo";

export interface SkopeoCopyOptions {
  /** Directory with `ca.crt` trusted for the source registry (TLS verified when given). */
  readonly srcCertDir?: string;
  readonly destCertDir?: string;
  readonly timeoutMs?: number;
}

/**
 * `skopeo copy` without any host configuration: no signature policy file, no credentials, digests
 * preserved (no recompression), TLS verified against the given cert dirs.
 */
export async function skopeoCopy(
  source: string,
  destination: string,
  options: SkopeoCopyOptions = {},
): Promise<string> {
  const args = ["--insecure-policy", "copy", "--preserve-digests", "--retry-times", "0"];
  if (source.startsWith("docker://")) {
    args.push("--src-no-creds");
    if (options.srcCertDir) args.push("--src-cert-dir", options.srcCertDir, "--src-tls-verify=true");
  }
  if (destination.startsWith("docker://")) {
    args.push("--dest-no-creds");
    if (options.destCertDir) args.push("--dest-cert-dir", options.destCertDir, "--dest-tls-verify=true");
  }
  args.push(source, destination);
  const { stdout, stderr } = await execFileAsync(SKOPEO_BINARY, args, {
    timeout: options.timeoutMs ?? 120000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return `${stdout}${stderr}`;
}
