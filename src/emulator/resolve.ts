/**
 * @module emulator/resolve
 * Resolves the references clients put in asset and deployment bodies to stored versions and to blobs:
 * registry asset ids (`azureml://registries/<r>/<type>/<n>/versions/<v>`), workspace ARM ids,
 * `azureml:<name>:<version>` short references, datastore URIs and blob URLs.
 */
import { ArmError } from "./arm-errors.ts";
import { uriFieldOf } from "./assets.ts";
import { ML, type WorkspaceInfo } from "./catalog.ts";
import { ASSET_TYPES, type AssetType, type ResolvedAsset, type TwinRuntime } from "./context.ts";
import type { BlobLocation } from "./storage.ts";

const REGISTRY_ASSET = /^azureml:\/\/registries\/([^/]+)\/([^/]+)\/([^/]+)\/versions\/([^/]+)$/i;
const WORKSPACE_ASSET =
  /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/([^/]+)\/([^/]+)\/versions\/([^/]+)$/i;
const SHORT_REF = /^azureml:([^:/]+):([^:/]+)$/;

function isAssetType(value: string): value is AssetType {
  return (ASSET_TYPES as readonly string[]).includes(value);
}

/** Finds the stored version an asset reference names; undefined when the reference is not an asset id. */
export function resolveAssetReference(
  twin: TwinRuntime,
  reference: string,
  expectedType: AssetType,
  context?: WorkspaceInfo,
): ResolvedAsset | undefined {
  let scopeKey: string;
  let type: string;
  let name: string;
  let version: string;
  let workspace: WorkspaceInfo | undefined;
  const registry = REGISTRY_ASSET.exec(reference);
  const armId = WORKSPACE_ASSET.exec(reference);
  const short = SHORT_REF.exec(reference);
  if (registry) {
    const row = twin.store
      .resourcesOfType(`${ML}/registries`)
      .find((r) => r.id.endsWith(`/registries/${registry[1]!.toLowerCase()}`));
    if (!row)
      throw new ArmError(400, "UserError", `Registry '${registry[1]}' in '${reference}' was not found.`);
    [scopeKey, type, name, version] = [row.id, registry[2]!.toLowerCase(), registry[3]!, registry[4]!];
  } else if (armId) {
    workspace = twin.workspace(armId[1]!, armId[2]!);
    if (!workspace)
      throw new ArmError(400, "UserError", `Workspace '${armId[2]}' in '${reference}' was not found.`);
    [scopeKey, type, name, version] = [
      workspace.id.toLowerCase(),
      armId[3]!.toLowerCase(),
      armId[4]!,
      armId[5]!,
    ];
  } else if (short && context) {
    workspace = context;
    [scopeKey, type, name, version] = [context.id.toLowerCase(), expectedType, short[1]!, short[2]!];
  } else return undefined;
  if (!isAssetType(type) || type !== expectedType) {
    throw new ArmError(400, "UserError", `'${reference}' is not a reference to ${expectedType}.`);
  }
  const row = twin.store.getVersion(scopeKey, type, name, version);
  if (!row || row.deleted_at) throw new ArmError(400, "UserError", `The asset '${reference}' was not found.`);
  const properties = (JSON.parse(row.body) as { properties: Record<string, unknown> }).properties;
  const resolved: ResolvedAsset = { type, name, version, properties };
  if (workspace) resolved.workspace = workspace;
  return resolved;
}

/** The blob location of an asset's content (model/data/code URI, environment build context). */
export function resolveAssetLocation(
  twin: TwinRuntime,
  type: AssetType,
  properties: Record<string, unknown>,
  context: WorkspaceInfo | undefined,
  depth = 0,
): BlobLocation | undefined {
  const field = uriFieldOf(type);
  let uri: unknown;
  if (field) uri = properties[field];
  else if (type === "environments")
    uri = (properties.build as { contextUri?: unknown } | undefined)?.contextUri;
  if (typeof uri !== "string" || depth > 4) return undefined;
  const nested = resolveAssetReference(twin, uri, type, undefined);
  if (nested) return resolveAssetLocation(twin, type, nested.properties, nested.workspace, depth + 1);
  return twin.storage.resolveDatastoreUri(uri, twin.catalog.workspaces, context);
}
