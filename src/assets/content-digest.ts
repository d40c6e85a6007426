/**
 * @module assets/content-digest
 * The digest an approval binds to, per asset kind: the bytes for models and data, the definition for
 * environments and components.
 */
import { InputError } from "../errors.ts";
import { digestComponent, digestEnvironment, digestPath, type Manifest } from "./digest.ts";
import type { AssetDefinition } from "./types.ts";

export interface ContentDigest {
  digest: string;
  /** Files covered, for model/data bytes; undefined for definition digests. */
  manifest?: Manifest;
  totalBytes: number;
}

/** The digest an approval binds to: bytes for models and data, the definition for environments and components. */
export async function contentDigest(asset: AssetDefinition): Promise<ContentDigest> {
  switch (asset.kind) {
    case "model":
    case "data": {
      if (!asset.path.local) {
        throw new InputError(
          "ASSET_REMOTE_PATH",
          `${asset.file}: path ${asset.path.written} is remote: no digest can bind bytes Airlock did not read. It registers by reference (as az ml does) and cannot be requested for promotion; to promote it, download it and register the local copy.`,
        );
      }
      const { digest, manifest } = await digestPath(asset.path.absolute);
      return { digest, manifest, totalBytes: manifest.totalBytes };
    }
    case "environment": {
      const result = await digestEnvironment(asset);
      return { digest: result.digest, totalBytes: result.totalBytes };
    }
    case "component": {
      const result = await digestComponent(asset);
      return { digest: result.digest, totalBytes: result.totalBytes };
    }
  }
}
