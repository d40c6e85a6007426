/**
 * @module assets/names
 * The naming rules Azure ML applies to asset names and versions, checked before anything reaches Azure.
 * Names follow the ARM path-parameter pattern of api-version 2024-10-01 (`^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$`);
 * ARM rejects dots in names, so Airlock does too rather than letting the PUT fail later.
 */

export const ASSET_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
/** Versions are free text in Azure, but they travel in URL paths and `azureml:` references. */
export const ASSET_VERSION_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/;
/** Registry names: 3–33 characters (Azure's registry resource rule). */
export const REGISTRY_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{2,32}$/;
export const LABEL_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Why `name` is not an acceptable asset name, or undefined when it is. */
export function assetNameProblem(name: string): string | undefined {
  if (name === "") return "must not be empty";
  if (ASSET_NAME_PATTERN.test(name)) return undefined;
  if (name.length > 255) return `is ${name.length} characters long; the limit is 255`;
  return `${JSON.stringify(name)} is not a valid asset name: use 1-255 letters, digits, '-' or '_', starting with a letter or digit`;
}

/** Why `version` is not an acceptable asset version, or undefined when it is. */
export function assetVersionProblem(version: string): string | undefined {
  if (version.trim() === "") return "must not be empty";
  if (ASSET_VERSION_PATTERN.test(version)) return undefined;
  if (/\s/.test(version)) return `${JSON.stringify(version)} contains whitespace`;
  if (/[/\\]/.test(version)) return `${JSON.stringify(version)} contains a slash`;
  if (version.length > 100) return `is ${version.length} characters long; the limit is 100`;
  return `${JSON.stringify(version)} is not a valid version: use letters, digits, '.', '-' or '_', starting with a letter or digit (e.g. "1" or "1.0.2")`;
}
