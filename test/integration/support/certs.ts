import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { generateSelfSignedCert as generateCertificate } from "../../../test-tooling/self-signed-cert";

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  /** Directory with the certificate as `ca.crt`, the layout skopeo's `--*-cert-dir` expects. */
  readonly certDir: string;
}

/**
 * A self-signed P-256 certificate (fast to generate) for the given names, made with the openssl CLI.
 * It is its own CA, so clients trust it by its certificate file.
 */
export function generateSelfSignedCert(
  dir: string,
  names: { readonly dnsNames?: readonly string[]; readonly ipAddresses?: readonly string[] },
): TlsFiles {
  const certFile = join(dir, "tls.crt");
  const keyFile = join(dir, "tls.key");
  generateCertificate({ keyFile, certFile, ...names, days: 2, ca: true });
  const certDir = join(dir, "certs.d");
  mkdirSync(certDir, { recursive: true });
  copyFileSync(certFile, join(certDir, "ca.crt"));
  return { certFile, keyFile, certDir };
}
