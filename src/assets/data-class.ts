/**
 * @module assets/data-class
 * Which data may leave dev. The strategy promotes reference and validation data only; training data stays in
 * the dev platform. The class is read from the `data_type` tag the strategy's examples set
 * (`tags: {data_type: validation}`); an untagged data asset is treated as training data.
 */
import { InputError } from "../errors.ts";
import { DATA_CLASS_TAG, displayPath } from "./load.ts";
import type { AssetDefinition, DataAsset } from "./types.ts";

export type DataClass = "training" | "validation" | "reference" | "untagged";

export type Promotability =
  | { promotable: true; dataClass?: DataClass }
  | { promotable: false; dataClass: DataClass; reason: string };

export function dataClass(asset: DataAsset): DataClass {
  const tag = asset.tags[DATA_CLASS_TAG];
  return tag === "training" || tag === "validation" || tag === "reference" ? tag : "untagged";
}

/** Whether the asset may be promoted to prod, and why not. Models, environments and components may. */
export function promotability(asset: AssetDefinition): Promotability {
  if (asset.kind !== "data") return { promotable: true };
  const cls = dataClass(asset);
  if (cls === "validation" || cls === "reference") return { promotable: true, dataClass: cls };
  const what =
    cls === "training"
      ? `data asset ${asset.name}:${asset.version} is tagged ${DATA_CLASS_TAG}: training`
      : `data asset ${asset.name}:${asset.version} has no ${DATA_CLASS_TAG} tag, so it counts as training data`;
  return {
    promotable: false,
    dataClass: cls,
    reason: `${what}; training data never leaves dev; tag the asset ${DATA_CLASS_TAG}: reference or validation if it is reference data`,
  };
}

/** Throws InputError (ASSET_NOT_PROMOTABLE) naming the file and the tags.data_type field. */
export function assertPromotable(asset: AssetDefinition): void {
  const verdict = promotability(asset);
  if (verdict.promotable) return;
  throw new InputError(
    "ASSET_NOT_PROMOTABLE",
    `${displayPath(asset.file)}: tags.${DATA_CLASS_TAG}: ${verdict.reason}`,
    { file: displayPath(asset.file), field: `tags.${DATA_CLASS_TAG}`, dataClass: verdict.dataClass },
  );
}
