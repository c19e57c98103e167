import { spawn } from "node:child_process";

export type TlsProtocolFlag = "tls1" | "tls1_1" | "tls1_2" | "tls1_3";

export interface HandshakeResult {
  readonly ok: boolean;
  /** e.g. "TLSv1.2" when the handshake succeeded. */
  readonly protocol?: string;
  readonly cipher?: string;
}

/**
 * One handshake with the openssl CLI forced to exactly one protocol version. Security level 0 lets
 * the client offer TLS 1.0/1.1 at all (OpenSSL 3 refuses them by default), so a refusal is the server's.
 */
export async function tlsHandshake(
  port: number,
  protocol: TlsProtocolFlag,
  serverName?: string,
): Promise<HandshakeResult> {
  const args = ["s_client", "-connect", `127.0.0.1:${port}`, `-${protocol}`];
  if (serverName) args.push("-servername", serverName);
  if (protocol !== "tls1_3") args.push("-cipher", "DEFAULT:@SECLEVEL=0");
  // stdin is closed at once, so s_client quits right after the handshake.
  const client = spawn("openssl", args, { stdio: ["ignore", "pipe", "pipe"], timeout: 10000 });
  let stdout = "";
  client.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => client.once("close", resolve));
  if (code !== 0) return { ok: false };
  const negotiated = /^New, (\S+), Cipher is (\S+)$/m.exec(stdout);
  return { ok: true, protocol: negotiated?.[1], cipher: negotiated?.[2] };
}

/** The protocol versions a server completes a handshake with, e.g. ["TLSv1.2", "TLSv1.3"]. */
export async function acceptedTlsVersions(port: number, serverName?: string): Promise<string[]> {
  const accepted: string[] = [];
  for (const flag of ["tls1", "tls1_1", "tls1_2", "tls1_3"] as const) {
    const result = await tlsHandshake(port, flag, serverName);
    if (result.ok) accepted.push(result.protocol ?? flag);
  }
  return accepted;
}
