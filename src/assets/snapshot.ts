/**
 * @module assets/snapshot
 * The files of a component's code snapshot, as az ml builds it: every file of the `code` folder, plus each
 * `additional_includes` entry copied next to them under its base name (a folder with its tree, a file as
 * itself). The digest and the upload both read this one listing, so what is approved is what is uploaded.
 */
import path from "node:path";
import { compareCodePoints } from "../canonical-json.ts";
import { InputError } from "../errors.ts";
import { type LocalFile, listLocalFiles } from "./files.ts";
import type { ComponentAsset } from "./types.ts";

/** The snapshot's files (sorted by path), or undefined when the component has no code. */
export async function componentCodeFiles(asset: ComponentAsset): Promise<LocalFile[] | undefined> {
  if (!asset.code) return undefined;
  const files = [...(await listLocalFiles(asset.code.absolute)).files];
  const taken = new Set(files.map((file) => file.path));
  for (const include of asset.additionalIncludes) {
    const base = path.basename(include.absolute);
    // A clash would make the snapshot depend on copy order; az ml refuses it too.
    if (taken.has(base) || [...taken].some((existing) => existing.startsWith(`${base}/`))) {
      throw new InputError(
        "ASSET_INCLUDE_CONFLICT",
        `${asset.file}: additional_includes entry ${JSON.stringify(include.written)} would overwrite '${base}' in the code folder ${asset.code.written}; rename one of them`,
      );
    }
    const listing = await listLocalFiles(include.absolute);
    for (const file of listing.files) {
      const relative = listing.kind === "file" ? base : `${base}/${file.path}`;
      files.push({ ...file, path: relative });
      taken.add(relative);
    }
  }
  return files.sort((a, b) => compareCodePoints(a.path, b.path));
}
