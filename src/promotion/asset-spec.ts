/**
 * @module promotion/asset-spec
 * The asset a promotion names: kind, name and version, parsed from `<name>@<version>` the same way by every
 * command. Its own module so that parsing a command line does not load the promotion machinery.
 */
import { ASSET_NAME_PATTERN, ASSET_VERSION_PATTERN } from "../contract/names.ts";
import { InputError } from "../errors.ts";
import type { AssetKind } from "../governance/approvals.ts";

export interface AssetSpec {
  kind: AssetKind;
  name: string;
  version: string;
}

export function parseAssetSpec(kind: string, text: string): AssetSpec {
  const kinds = ["model", "data", "environment", "component"];
  if (!kinds.includes(kind)) {
    throw new InputError(
      "ASSET_KIND_INVALID",
      `asset kind must be one of ${kinds.join(", ")}, not "${kind}"`,
    );
  }
  const at = text.lastIndexOf("@");
  const match = at > 0 ? [text, text.slice(0, at), text.slice(at + 1)] : undefined;
  if (!match || !ASSET_NAME_PATTERN.test(match[1]!) || !ASSET_VERSION_PATTERN.test(match[2]!)) {
    throw new InputError("ASSET_SPEC_INVALID", `"${text}" is not <name>@<version> (e.g. taxi-fare-model@1)`);
  }
  return { kind: kind as AssetKind, name: match[1]!, version: match[2]! };
}
