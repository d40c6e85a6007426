/**
 * @module assets/names
 * The naming rules Azure ML applies to asset names and versions, checked before anything reaches Azure.
 * The name and version patterns are the shared contract's (src/contract/names.ts: the 2024-10-01 `{name}`
 * pattern, and Airlock's one version rule), so what registers here is what the gate and the twin accept.
 */
import {
  ASSET_NAME_MAX_LENGTH,
  ASSET_NAME_PATTERN,
  ASSET_VERSION_MAX_LENGTH,
  ASSET_VERSION_PATTERN,
} from "../contract/names.ts";

export { ASSET_NAME_PATTERN, ASSET_VERSION_PATTERN };
/** Registry names: 3–33 characters (Azure's registry resource rule). */
export const REGISTRY_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{2,32}$/;
export const LABEL_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Why `name` is not an acceptable asset name, or undefined when it is. */
export function assetNameProblem(name: string): string | undefined {
  if (name === "") return "must not be empty";
  if (ASSET_NAME_PATTERN.test(name)) return undefined;
  if (name.length > ASSET_NAME_MAX_LENGTH)
    return `is ${name.length} characters long; the limit is ${ASSET_NAME_MAX_LENGTH}`;
  return `${JSON.stringify(name)} is not a valid asset name: use 1-255 letters, digits, '-' or '_', starting with a letter or digit`;
}

/** Why `version` is not an acceptable asset version, or undefined when it is. */
export function assetVersionProblem(version: string): string | undefined {
  if (version.trim() === "") return "must not be empty";
  if (ASSET_VERSION_PATTERN.test(version)) return undefined;
  if (/\s/.test(version)) return `${JSON.stringify(version)} contains whitespace`;
  if (/[/\\]/.test(version)) return `${JSON.stringify(version)} contains a slash`;
  if (version.length > ASSET_VERSION_MAX_LENGTH)
    return `is ${version.length} characters long; the limit is ${ASSET_VERSION_MAX_LENGTH}`;
  return `${JSON.stringify(version)} is not a valid version: use letters, digits, '.', '-' or '_', starting with a letter or digit (e.g. "1" or "1.0.2")`;
}
