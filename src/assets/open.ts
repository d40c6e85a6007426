/**
 * @module assets/open
 * Opens an asset YAML named on the command line with the path boundary `az ml` users expect.
 */
import path from "node:path";
import { loadAssetFile } from "./load.ts";
import type { AssetDefinition } from "./types.ts";

/**
 * Loads an asset YAML. Local paths may not leave `root`: by default the current directory when the file is
 * inside it (so a component's `code: ../src` works from the project root, as with `az ml`), else the file's folder.
 */
export function loadAsset(file: string, root?: string): Promise<AssetDefinition> {
  const absolute = path.resolve(file);
  const inside = !path.relative(process.cwd(), absolute).startsWith("..");
  return loadAssetFile(absolute, { root: root ?? (inside ? process.cwd() : path.dirname(absolute)) });
}
