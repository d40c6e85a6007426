/**
 * @module contract/names
 * The name and version rules of asset containers and versions, one rule for the client, the domain, the
 * gate and the twin. Names: the 2024-10-01 spec's path-parameter pattern for `{name}` (every asset kind,
 * workspaces and registries alike). Versions: the spec declares `{version}` as a plain string (no pattern,
 * no maxLength), so the rule is Airlock's own — a version travels in URL paths, blob paths and `azureml:`
 * references, so it is limited to letters, digits, '.', '-' and '_' and 100 characters. Everything that
 * checks a version uses this one pattern, so a version that registers can also be requested and promoted.
 */

/** `{name}` of every asset container path in mfe.json 2024-10-01. */
export const ASSET_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
export const ASSET_NAME_MAX_LENGTH = 255;
/** Airlock's version rule (the spec's `{version}` is any string). */
export const ASSET_VERSION_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/;
export const ASSET_VERSION_MAX_LENGTH = 100;
