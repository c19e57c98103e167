import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

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
  const san = [
    ...(names.dnsNames ?? []).map((n) => `DNS:${n}`),
    ...(names.ipAddresses ?? []).map((ip) => `IP:${ip}`),
  ];
  const commonName = names.dnsNames?.[0] ?? names.ipAddresses?.[0] ?? "localhost";
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      certFile,
      "-days",
      "2",
      "-subj",
      `/CN=${commonName}`,
      "-addext",
      `subjectAltName=${san.join(",")}`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
    ],
    { stdio: "pipe" },
  );
  const certDir = join(dir, "certs.d");
  mkdirSync(certDir, { recursive: true });
  copyFileSync(certFile, join(certDir, "ca.crt"));
  return { certFile, keyFile, certDir };
}
