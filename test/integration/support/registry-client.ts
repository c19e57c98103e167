import { createHash } from "node:crypto";
import * as http from "node:http";
import { httpRequest, HttpResponse } from "./http";

/** Minimal OCI distribution client for tests: just the calls a push and a pull are made of. */
export function sha256Digest(data: Buffer): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

export interface TestImage {
  readonly repository: string;
  readonly tag: string;
  readonly config: Buffer;
  readonly layers: readonly Buffer[];
  readonly manifest: Buffer;
  readonly manifestDigest: string;
}

/** A small OCI image whose layers are the given payloads (content is opaque to a registry). */
export function buildTestImage(repository: string, tag: string, layers: readonly Buffer[]): TestImage {
  const config = Buffer.from(
    JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] } }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: {
        mediaType: "application/vnd.oci.image.config.v1+json",
        digest: sha256Digest(config),
        size: config.length,
      },
      layers: layers.map((layer) => ({
        mediaType: "application/vnd.oci.image.layer.v1.tar",
        digest: sha256Digest(layer),
        size: layer.length,
      })),
    }),
  );
  return { repository, tag, config, layers, manifest, manifestDigest: sha256Digest(manifest) };
}

export interface ClientOptions {
  readonly agent?: http.Agent;
  readonly timeoutMs?: number;
}

function expectStatus(step: string, response: HttpResponse, expected: number): void {
  if (response.status !== expected) {
    throw new Error(
      `${step}: expected ${expected}, got ${response.status} ${response.body.toString().slice(0, 200)}`,
    );
  }
}

function locationOf(baseUrl: string, response: HttpResponse): string {
  const location = response.headers.location;
  if (!location) throw new Error(`no Location in ${response.status} response`);
  return new URL(location, baseUrl).toString();
}

function withDigest(location: string, digest: string): string {
  const url = new URL(location);
  url.searchParams.set("digest", digest);
  return url.toString();
}

/** POST (open session), PATCH (data), PUT (commit): the upload flow docker and skopeo use. */
export async function pushBlob(
  baseUrl: string,
  repository: string,
  blob: Buffer,
  options: ClientOptions = {},
): Promise<void> {
  const common = { agent: options.agent, timeoutMs: options.timeoutMs };
  const opened = await httpRequest(`${baseUrl}/v2/${repository}/blobs/uploads/`, {
    ...common,
    method: "POST",
    body: "",
  });
  expectStatus("open upload", opened, 202);
  const patched = await httpRequest(locationOf(baseUrl, opened), {
    ...common,
    method: "PATCH",
    headers: { "content-type": "application/octet-stream" },
    body: blob,
  });
  expectStatus("upload data", patched, 202);
  const committed = await httpRequest(withDigest(locationOf(baseUrl, patched), sha256Digest(blob)), {
    ...common,
    method: "PUT",
    body: "",
  });
  expectStatus("commit upload", committed, 201);
}

export async function pushImage(
  baseUrl: string,
  image: TestImage,
  options: ClientOptions = {},
): Promise<void> {
  for (const blob of [image.config, ...image.layers])
    await pushBlob(baseUrl, image.repository, blob, options);
  const put = await httpRequest(`${baseUrl}/v2/${image.repository}/manifests/${image.tag}`, {
    agent: options.agent,
    timeoutMs: options.timeoutMs,
    method: "PUT",
    headers: { "content-type": OCI_MANIFEST },
    body: image.manifest,
  });
  expectStatus("put manifest", put, 201);
}
