/**
 * @module assets/names
 * The naming rules Azure ML applies to asset names and versions, checked before anything reaches Azure.
 * The name and version patterns are the shared contract's (src/contract/names.ts: the 2024-10-01 `{name}`
 * pattern, and Airlock's one version rule), so what registers here is what the gate and the twin accept.
 */
import { parse } from "yaml";
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

/**
 * Names a reference may point at: what Airlock creates follows the ARM `{name}` rule, but Microsoft's curated
 * assets (the `azureml` system registry, and `AzureML-` curated environments) carry dots, e.g.
 * `azureml://registries/azureml/environments/sklearn-1.5/labels/latest`. az ml passes such references on as
 * written, so they are accepted when referenced, never when created.
 */
export const REFERENCED_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,254}$/;

/** Why `name` cannot be the name in a reference to an existing (possibly curated) asset. */
export function referencedNameProblem(name: string): string | undefined {
  if (REFERENCED_NAME_PATTERN.test(name)) return undefined;
  return assetNameProblem(name) ?? `${JSON.stringify(name)} is not a valid asset name`;
}

/** Why `version` is not an acceptable asset version, or undefined when it is. */
export function assetVersionProblem(version: string): string | undefined {
  if (version.trim() === "") return "must not be empty";
  if (ASSET_VERSION_PATTERN.test(version)) return undefined;
  if (/<[^>]*>|\{\{|\$\{/.test(version))
    return `${JSON.stringify(version)} contains an unfilled template placeholder: substitute it before registering`;
  if (/\s/.test(version)) return `${JSON.stringify(version)} contains whitespace`;
  if (/[/\\]/.test(version)) return `${JSON.stringify(version)} contains a slash`;
  if (version.length > ASSET_VERSION_MAX_LENGTH)
    return `is ${version.length} characters long; the limit is ${ASSET_VERSION_MAX_LENGTH}`;
  return `${JSON.stringify(version)} is not a valid version: use letters, digits, '.', '-' or '_', starting with a letter or digit (e.g. "1" or "1.0.2")`;
}

/**
 * The text az ml registers for a plain YAML scalar written as `version:` — azure-ai-ml loads YAML with PyYAML
 * (YAML 1.1: `01` and `010` are octal ints, `1.10` a float, `yes` a boolean) and its VersionField keeps strings
 * and writes numbers with Python's str(). Quoted scalars are strings and stay as written (undefined here).
 */
export function azMlVersionText(source: string, scalarType: string | undefined): string | undefined {
  if (scalarType !== undefined && scalarType !== "PLAIN") return undefined;
  // PyYAML's 1.1 float needs a '.', so `1e3` stays the string "1e3" there (the yaml package would read 1000).
  if (/^[-+]?[0-9][0-9_]*[eE]/.test(source)) return source;
  const value: unknown = parse(source, { version: "1.1", intAsBigInt: true });
  if (typeof value === "string") return value;
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return pythonFloatText(value);
  return undefined;
}

/** Python's str() of a float: "1.0" for whole numbers, exponents with at least two digits ("1e-05"). */
function pythonFloatText(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e16 || magnitude < 1e-4)) {
    return value.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  }
  const text = String(value);
  return Number.isInteger(value) ? `${text}.0` : text;
}
