/**
 * @module emulator/routes/publish
 * `POST …/workspaces/{ws}/{type}/{name}/versions/{ver}/publish` (DestinationAsset body): copies the
 * asset's bytes from the workspace's storage into a fresh container of the registry's storage account
 * with an Azurite server-side copy, then creates the registry version pointing at the copy. The caller
 * needs read on the workspace asset and `registries/assets/write` on the destination registry.
 * Realistic mode: 202 + Location (LRO); fast mode: done before the 200.
 */
import { randomUUID } from "node:crypto";
import { ASSET_NAME_PATTERN, ASSET_VERSION_PATTERN } from "../../contract/names.ts";
import { ArmError, userError } from "../arm-errors.ts";
import { type AssetScope, putVersion, registryAssetId, uriFieldOf } from "../assets.ts";
import type { AssetType, Reply, RequestContext, Route } from "../context.ts";
import { resolveAssetLocation } from "../resolve.ts";
import { workspaceScope } from "./assets.ts";
import { findRegistryByName, isRecord, mlAction, requireWorkspace, WS } from "./common.ts";

async function publish(ctx: RequestContext): Promise<Reply> {
  const type = ctx.params.assetType as AssetType;
  const workspace = requireWorkspace(ctx);
  const source = workspaceScope(ctx);
  const body = await ctx.body();
  const { destinationName, destinationVersion, registryName } = body;
  if (typeof registryName !== "string" || !registryName)
    throw userError(400, "registryName is required.", "registryName");
  if (typeof destinationName !== "string" || !ASSET_NAME_PATTERN.test(destinationName)) {
    throw userError(400, `destinationName must match ${ASSET_NAME_PATTERN.source}.`, "destinationName");
  }
  if (typeof destinationVersion !== "string" || !ASSET_VERSION_PATTERN.test(destinationVersion)) {
    throw userError(
      400,
      `destinationVersion must match ${ASSET_VERSION_PATTERN.source}.`,
      "destinationVersion",
    );
  }
  const row = ctx.twin.store.getVersion(source.key, type, ctx.params.name!, ctx.params.version!);
  if (!row || row.deleted_at)
    throw new ArmError(
      404,
      "UserError",
      `Version ${ctx.params.version} of ${type} ${ctx.params.name} not found.`,
    );
  const registry = findRegistryByName(ctx, registryName);
  if (!registry) throw new ArmError(404, "UserError", `Registry ${registryName} not found.`);
  ctx.twin.authorizer.demand(
    ctx.claims,
    mlAction("registries/assets/write"),
    `${registry.id}/${type}/${destinationName}/versions/${destinationVersion}`,
  );
  const destination: AssetScope = {
    kind: "registry",
    id: registry.id,
    key: registry.id.toLowerCase(),
    name: registry.name,
    location: registry.location,
  };
  const existing = ctx.twin.store.getVersion(destination.key, type, destinationName, destinationVersion);
  if (existing) {
    throw userError(
      409,
      existing.deleted_at
        ? `Asset ${registryAssetId(registry.name, type, destinationName, destinationVersion)} was deleted at ${existing.deleted_at}, it cannot be recreated. Please try again with a different version.`
        : `Asset ${registryAssetId(registry.name, type, destinationName, destinationVersion)} already exists.`,
    );
  }
  const sourceProps = (JSON.parse(row.body) as { properties: Record<string, unknown> }).properties;
  const claims = ctx.claims;
  const twin = ctx.twin;

  const work = async () => {
    const props: Record<string, unknown> = { ...sourceProps };
    delete props.provisioningState;
    const target = { account: registry.storageAccount, container: randomUUID() };
    const field = uriFieldOf(type);
    const location = resolveAssetLocation(twin, type, sourceProps, workspace);
    if (field) {
      if (!location)
        throw userError(
          400,
          `The ${type} version's ${field} '${String(sourceProps[field])}' does not resolve to blobs in the workspace's storage.`,
        );
      props[field] = twin.storage.blobUrl(await twin.storage.copyAsset(location, target));
    } else if (type === "environments" && location && isRecord(props.build)) {
      props.build = {
        ...props.build,
        contextUri: twin.storage.blobUrl(await twin.storage.copyAsset(location, target)),
      };
    }
    putVersion(twin, destination, type, destinationName, destinationVersion, props, claims);
  };

  if (twin.lroMode === "fast") {
    await work();
    return { status: 200 };
  }
  const op = twin.operations.startWork(claims.oid, work);
  return {
    status: 202,
    headers: twin.operations.locationHeaders(op, twin.catalog.subscriptionId, workspace.location),
  };
}

export const publishRoutes: Route[] = [
  {
    pattern: `${WS}/{assetType}/{name}/versions/{version}/publish`,
    namespace: "ml",
    methods: {
      POST: {
        action: (p) => mlAction(`workspaces/${p.assetType}/versions/read`),
        scope: "parent",
        handle: publish,
      },
    },
  },
];
