/** @module assets — asset YAML definitions, references, digests and uploads (one import for other areas). */

export { canonicalJson } from "../canonical-json.ts";
export { ARM_KIND, type ArmBodyOptions, type ArmVersionBody, toArmBody } from "./arm-body.ts";
export { type ContentDigest, contentDigest } from "./content-digest.ts";
export {
  assertPromotable,
  type DataClass,
  dataClass,
  type Promotability,
  promotability,
} from "./data-class.ts";
export {
  ANONYMOUS_ENVIRONMENT_NAME,
  type DocumentDigest,
  digestComponent,
  digestDocument,
  digestEnvironment,
  digestOfManifest,
  digestPath,
  inlineEnvironmentAsset,
  type Manifest,
  type ManifestEntry,
  type PathDigest,
} from "./digest.ts";
export { type AssetProblem, type LoadAssetOptions, loadAssetFile } from "./load.ts";
export { assetVersionProblem, azMlVersionText, LABEL_PATTERN } from "./names.ts";
export { loadAsset } from "./open.ts";
export { createProgressReporter, formatBytes, type ProgressReporter } from "./progress.ts";
export { PROP, SHA256_METADATA } from "./properties.ts";
export {
  type AssetReference,
  analyzeAssetReference,
  formatAssetReference,
  parseAssetReference,
  referencedAssetType,
  VALID_REFERENCE_FORMS,
} from "./reference.ts";
export { componentCodeFiles } from "./snapshot.ts";
export type * from "./types.ts";
export { type UploadFolderOptions, type UploadProgress, type UploadResult, uploadFolder } from "./upload.ts";
