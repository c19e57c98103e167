import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface OciLayoutImage {
  /** `oci:<dir>:<tag>` reference for skopeo. */
  readonly reference: string;
  readonly manifestDigest: string;
  readonly layerDigests: readonly string[];
}

function writeBlob(dir: string, data: Buffer): string {
  const hex = createHash("sha256").update(data).digest("hex");
  writeFileSync(join(dir, "blobs", "sha256", hex), data);
  return `sha256:${hex}`;
}

/**
 * Writes an OCI image layout (https://github.com/opencontainers/image-spec/blob/main/image-layout.md)
 * with uncompressed layers holding the given bytes, for skopeo to copy from. Registries treat
 * layer content as opaque, so random bytes make large test layers cheap.
 */
export function writeOciLayout(dir: string, tag: string, layers: readonly Buffer[]): OciLayoutImage {
  mkdirSync(join(dir, "blobs", "sha256"), { recursive: true });
  writeFileSync(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  const layerDescriptors = layers.map((layer) => ({
    mediaType: "application/vnd.oci.image.layer.v1.tar",
    digest: writeBlob(dir, layer),
    size: layer.length,
  }));
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      rootfs: { type: "layers", diff_ids: layerDescriptors.map((d) => d.digest) },
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {
        mediaType: "application/vnd.oci.image.config.v1+json",
        digest: writeBlob(dir, config),
        size: config.length,
      },
      layers: layerDescriptors,
    }),
  );
  const manifestDigest = writeBlob(dir, manifest);
  writeFileSync(
    join(dir, "index.json"),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          digest: manifestDigest,
          size: manifest.length,
          annotations: { "org.opencontainers.image.ref.name": tag },
        },
      ],
    }),
  );
  return {
    reference: `oci:${dir}:${tag}`,
    manifestDigest,
    layerDigests: layerDescriptors.map((d) => d.digest),
  };
}
