import { execFileSync } from "node:child_process";

export interface SelfSignedCertOptions {
  /** Where the PEM key and certificate are written. */
  readonly keyFile: string;
  readonly certFile: string;
  /** Subject alternative names; the first one is also the common name. */
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  /** Validity in days. */
  readonly days: number;
  /**
   * Mark the certificate as its own CA (basicConstraints CA:TRUE), for clients that load it as a
   * trust anchor by file (skopeo's cert dirs, node's `ca` option).
   * @default false
   */
  readonly ca?: boolean;
}

/**
 * A self-signed P-256 certificate (fast to generate) made with the openssl CLI: the one way every
 * test tool here makes its TLS material (the provider double's go-plugin handshake, the gateway's
 * listeners, the scripted sites).
 */
export function generateSelfSignedCert(options: SelfSignedCertOptions): void {
  const san = [
    ...(options.dnsNames ?? []).map((name) => `DNS:${name}`),
    ...(options.ipAddresses ?? []).map((ip) => `IP:${ip}`),
  ];
  const commonName = options.dnsNames?.[0] ?? options.ipAddresses?.[0] ?? "localhost";
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
      "-days",
      String(options.days),
      "-subj",
      `/CN=${commonName}`,
      "-addext",
      `subjectAltName=${(san.length > 0 ? san : ["DNS:localhost"]).join(",")}`,
      ...(options.ca ? ["-addext", "basicConstraints=critical,CA:TRUE"] : []),
      "-keyout",
      options.keyFile,
      "-out",
      options.certFile,
    ],
    { stdio: "pipe" },
  );
}
