/**
 * @module cli/asset-ref
 * How the command line names an asset version, as az ml does: `name:version` (az's `azureml:name:version`),
 * `name@latest` (a label: az ml's `@` means a label, and `latest` is the one label Azure ML resolves for these
 * assets), or `-n/--name` with `-v/--version` (or `--label latest`). `name@1` (`@` then a digit) is still read as
 * version 1, with a note on stderr: earlier Airlock releases wrote it so, and scripts use it; `@` then a letter is
 * a label, and any label but `latest` is refused. A label is resolved to a concrete
 * version before anything is digested, requested or approved.
 */
import { ARM_KIND } from "../assets/arm-body.ts";
import type { Connection } from "../connect/connection.ts";
import { ASSET_NAME_PATTERN, ASSET_VERSION_PATTERN } from "../contract/names.ts";
import { AirlockError, ExitCode, InputError, NotFoundError } from "../errors.ts";
import { type AssetSpec, parseAssetSpec } from "../promotion/asset-spec.ts";

export interface AssetRefOptions {
  name?: string;
  version?: string;
  label?: string;
}

export type AssetRef =
  | { kind: AssetSpec["kind"]; name: string; version: string; label?: undefined }
  | { kind: AssetSpec["kind"]; name: string; label: "latest"; version?: undefined };

const EXAMPLE = "<name>:<version> (e.g. taxi-fare-model:1), <name>@latest, or -n <name> -v <version>";

/** Parses what the user wrote; nothing is looked up. */
export function parseAssetRef(
  kind: string,
  text: string | undefined,
  options: AssetRefOptions = {},
): AssetRef {
  // parseAssetSpec checks the kind the same way every command does.
  parseAssetSpec(kind, "x@1");
  const k = kind as AssetSpec["kind"];
  if (
    text !== undefined &&
    (options.name !== undefined || options.version !== undefined || options.label !== undefined)
  )
    throw new InputError(
      "ASSET_SPEC_CONFLICT",
      `give the asset either as "${text}" or with -n/-v/--label, not both`,
    );
  let name: string;
  let version: string | undefined;
  let label: string | undefined;
  if (text === undefined) {
    // What commander said when <asset> was a required argument: a usage error (exit 2).
    if (!options.name)
      throw new AirlockError("ASSET_SPEC_REQUIRED", `missing required argument 'asset': ${EXAMPLE}`, {
        exitCode: ExitCode.usage,
      });
    name = options.name;
    version = options.version;
    label = options.label;
    if (version !== undefined && label !== undefined)
      throw new InputError(
        "ASSET_SPEC_CONFLICT",
        "-v/--version and --label are mutually exclusive (as in az ml)",
      );
    if (version === undefined && label === undefined)
      throw new InputError("ASSET_SPEC_REQUIRED", `-n ${name} needs -v <version> or --label latest`);
  } else {
    const colon = text.lastIndexOf(":");
    const at = text.lastIndexOf("@");
    const stripped = text.startsWith("azureml:") ? text.slice("azureml:".length) : text;
    if (stripped !== text) return parseAssetRef(kind, stripped, options);
    if (colon > 0 && colon > at) {
      name = text.slice(0, colon);
      version = text.slice(colon + 1);
    } else if (at > 0) {
      name = text.slice(0, at);
      const after = text.slice(at + 1);
      if (after === "") throw new InputError("ASSET_SPEC_INVALID", `"${text}" names no version: ${EXAMPLE}`);
      // A label starts with a letter; `@` and a digit is how earlier releases wrote a version.
      if (!/^[0-9]/.test(after)) label = after;
      else {
        version = after;
        process.stderr.write(
          `note: "${text}" is read as version ${after}; az ml writes ${name}:${after} (name@<label> is a label, e.g. @latest)\n`,
        );
      }
    } else throw new InputError("ASSET_SPEC_INVALID", `"${text}" names no version: ${EXAMPLE}`);
  }
  if (!ASSET_NAME_PATTERN.test(name))
    throw new InputError(
      "ASSET_SPEC_INVALID",
      `"${text ?? name}": "${name}" is not an asset name (${EXAMPLE})`,
    );
  if (label !== undefined) {
    if (label !== "latest")
      throw new InputError(
        "ASSET_LABEL_UNKNOWN",
        `label "${label}" is not one Azure ML resolves for a ${kind}; the label is latest (or give a version: ${name}:<version>)`,
      );
    return { kind: k, name, label: "latest" };
  }
  if (!version || !ASSET_VERSION_PATTERN.test(version))
    throw new InputError(
      "ASSET_SPEC_INVALID",
      `"${text ?? `${name} -v ${version ?? ""}`}": "${version ?? ""}" is not an asset version (${EXAMPLE})`,
    );
  return { kind: k, name, version };
}

/** A concrete version: `@latest` is the newest version (by creation time) in the dev workspace. */
export async function resolveAssetRef(connection: Connection, ref: AssetRef): Promise<AssetSpec> {
  if (ref.version !== undefined) return { kind: ref.kind, name: ref.name, version: ref.version };
  const versions = await connection
    .workspace("dev")
    .versions(ARM_KIND[ref.kind], ref.name)
    .list()
    .toArray()
    .catch((error: unknown) => {
      if ((error as { status?: number }).status === 404) return [];
      throw error;
    });
  const newest = versions
    .filter((v) => !(v.properties as { isArchived?: boolean }).isArchived)
    .sort((a, b) => (b.systemData?.createdAt ?? "").localeCompare(a.systemData?.createdAt ?? ""))[0];
  if (!newest)
    throw new NotFoundError(
      "ASSET_NOT_FOUND",
      `${ref.kind} ${ref.name} has no version in the dev workspace ${connection.env("dev").names.workspace}, so @latest names nothing`,
    );
  return { kind: ref.kind, name: ref.name, version: newest.name };
}

/** The CLI's way to write a version back: az's `name:version`. */
export const refText = (asset: { name: string; version: string }) => `${asset.name}:${asset.version}`;

/**
 * For library calls that read `name@version` (deploy's model, environment and smoke data): az's `name:version`
 * becomes `name@version`; `azureml:` references and anything else pass unchanged.
 */
export function atVersion(text: string): string;
export function atVersion(text: string | undefined): string | undefined;
export function atVersion(text: string | undefined): string | undefined {
  if (text === undefined || text.startsWith("azureml:") || text.includes("@")) return text;
  const colon = text.lastIndexOf(":");
  return colon > 0 ? `${text.slice(0, colon)}@${text.slice(colon + 1)}` : text;
}
