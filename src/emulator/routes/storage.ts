/**
 * @module emulator/routes/storage
 * Storage the Azure way: workspace datastores (GET/list/listSecrets), Microsoft.Storage storage accounts
 * (GET/listKeys), registry `startPendingUpload` (write SAS on a fresh container in the registry's storage;
 * workspace codes too) and registry `datareferences` (read SAS on an asset's blobs).
 */
import { createHash, randomUUID } from "node:crypto";
import { ArmError, userError } from "../arm-errors.ts";
import { registryAssetId } from "../assets.ts";
import { storageArmId, type WorkspaceInfo } from "../catalog.ts";
import type { RequestContext, Route, TwinRuntime } from "../context.ts";
import { resolveAssetLocation } from "../resolve.ts";
import type { AssetType } from "../router.ts";
import { registryScope, workspaceScope } from "./assets.ts";
import { mlAction, pageOfList, REG, RG, requireRegistry, requireWorkspace, WS } from "./common.ts";

/** SAS lifetime for uploads and downloads handed to clients. */
const SAS_TTL_SECONDS = 3600;

function datastoreBody(twin: TwinRuntime, ws: WorkspaceInfo) {
  const rg = twin.catalog.resourceGroups.find((g) => g.name === ws.resourceGroup)!;
  return {
    id: `${ws.id}/datastores/workspaceblobstore`,
    name: "workspaceblobstore",
    type: "Microsoft.MachineLearningServices/workspaces/datastores",
    properties: {
      datastoreType: "AzureBlob",
      accountName: ws.storageAccount,
      containerName: ws.blobstoreContainer,
      endpoint: "core.windows.net",
      protocol: "https",
      blobEndpoint: twin.storage.accountUrl(ws.storageAccount),
      credentials: { credentialsType: "AccountKey" },
      isDefault: true,
      serviceDataAccessAuthIdentity: "None",
      subscriptionId: twin.catalog.subscriptionId,
      resourceGroup: rg.name,
      description: "The workspace's default blob datastore.",
      tags: {},
      properties: {},
    },
  };
}

function requireDatastore(ctx: RequestContext) {
  const ws = requireWorkspace(ctx);
  if (ctx.params.datastore !== "workspaceblobstore") {
    throw new ArmError(
      404,
      "UserError",
      `Datastore ${ctx.params.datastore} not found in workspace ${ws.name}.`,
    );
  }
  return ws;
}

function storageAccountOf(ctx: RequestContext) {
  const account = ctx.twin.catalog.storageAccounts.find(
    (a) => a.name === ctx.params.account && a.resourceGroup.toLowerCase() === ctx.params.rg!.toLowerCase(),
  );
  if (!account) {
    throw new ArmError(
      404,
      "ResourceNotFound",
      `The Resource 'Microsoft.Storage/storageAccounts/${ctx.params.account}' under resource group '${ctx.params.rg}' was not found.`,
    );
  }
  return account;
}

function pendingUploadReply(
  twin: TwinRuntime,
  account: string,
  resourceGroup: string,
  container: string,
  body: Record<string, unknown>,
) {
  const sas = twin.storage.containerSas(account, container, "w", SAS_TTL_SECONDS);
  return {
    status: 200,
    body: {
      blobReferenceForConsumption: {
        blobUri: twin.storage.containerUrl(account, container),
        storageAccountArmId: storageArmId(twin.catalog.subscriptionId, resourceGroup, account),
        credential: { credentialType: "SAS", sasUri: sas.sasUri },
      },
      pendingUploadId: typeof body.pendingUploadId === "string" ? body.pendingUploadId : randomUUID(),
      pendingUploadType: "TemporaryBlobReference",
    },
  };
}

async function registryStartPendingUpload(ctx: RequestContext) {
  const body = await ctx.body();
  if (
    body.pendingUploadType !== undefined &&
    body.pendingUploadType !== "TemporaryBlobReference" &&
    body.pendingUploadType !== "None"
  ) {
    throw userError(400, "pendingUploadType must be TemporaryBlobReference or None.", "pendingUploadType");
  }
  const scope = registryScope(ctx);
  const type = ctx.params.assetType as AssetType;
  const existing = ctx.twin.store.getVersion(scope.key, type, ctx.params.name!, ctx.params.version!);
  if (existing) {
    throw userError(
      409,
      `Asset ${registryAssetId(scope.name, type, ctx.params.name!, ctx.params.version!)} already exists${existing.deleted_at ? " (deleted; it cannot be recreated)" : ""}.`,
    );
  }
  const registry = requireRegistry(ctx);
  const account = ctx.twin.catalog.storageAccounts.find((a) => a.name === registry.storageAccount)!;
  const container = pendingUploadContainer(
    scope.key,
    type,
    ctx.params.name!,
    ctx.params.version!,
    body.pendingUploadId,
  );
  await ctx.twin.storage.ensureContainer(account.name, container);
  return pendingUploadReply(ctx.twin, account.name, account.resourceGroup, container, body);
}

/**
 * createOrGet semantics: the same pendingUploadId for the same asset version names the same container, so a
 * client that resumes an interrupted upload finds what it already wrote; without an id, a fresh container.
 */
function pendingUploadContainer(
  scope: string,
  type: string,
  name: string,
  version: string,
  id: unknown,
): string {
  if (typeof id !== "string" || id === "") return randomUUID();
  const hash = createHash("sha256").update(`${scope}\n${type}\n${name}\n${version}\n${id}`).digest("hex");
  return `pending-${hash.slice(0, 48)}`;
}

async function workspaceCodeStartPendingUpload(ctx: RequestContext) {
  const body = await ctx.body();
  const ws = requireWorkspace(ctx);
  workspaceScope(ctx);
  const container = randomUUID();
  await ctx.twin.storage.ensureContainer(ws.storageAccount, container);
  return pendingUploadReply(ctx.twin, ws.storageAccount, ws.resourceGroup, container, body);
}

async function dataReference(ctx: RequestContext) {
  const body = await ctx.body();
  const scope = registryScope(ctx);
  const { name, version } = ctx.params as { name: string; version: string };
  let types: AssetType[] = ["models", "data", "codes", "environments", "components"];
  if (body.assetId !== undefined) {
    if (typeof body.assetId !== "string") throw userError(400, "assetId must be a string.", "assetId");
    const match = /^azureml:\/\/registries\/([^/]+)\/([^/]+)\/([^/]+)\/versions\/([^/]+)$/.exec(body.assetId);
    if (
      !match ||
      match[1]!.toLowerCase() !== scope.name.toLowerCase() ||
      match[3] !== name ||
      match[4] !== version
    ) {
      throw userError(
        400,
        `assetId '${body.assetId}' does not name ${name} version ${version} in registry ${scope.name}.`,
        "assetId",
      );
    }
    types = [match[2] as AssetType];
  }
  const found = types
    .map((type) => ({ type, row: ctx.twin.store.getVersion(scope.key, type, name, version) }))
    .find((f) => f.row && !f.row.deleted_at);
  if (!found?.row)
    throw new ArmError(404, "UserError", `No asset ${name} version ${version} in registry ${scope.name}.`);
  const props = (JSON.parse(found.row.body) as { properties: Record<string, unknown> }).properties;
  const location = resolveAssetLocation(ctx.twin, found.type, props, undefined);
  if (!location)
    throw userError(400, `The asset ${name} version ${version} has no blob content in the twin's storage.`);
  if (body.blobUri !== undefined && body.blobUri !== null) {
    const asked = typeof body.blobUri === "string" ? ctx.twin.storage.parseBlobUrl(body.blobUri) : undefined;
    if (!asked || asked.account !== location.account || asked.container !== location.container) {
      throw userError(
        400,
        `blobUri '${String(body.blobUri)}' is not part of the asset's storage.`,
        "blobUri",
      );
    }
  }
  const account = ctx.twin.catalog.storageAccounts.find((a) => a.name === location.account)!;
  const sas = ctx.twin.storage.containerSas(location.account, location.container, "r", SAS_TTL_SECONDS);
  const [base, query] = sas.sasUri.split("?") as [string, string];
  const blobUri = ctx.twin.storage.blobUrl(location);
  return {
    status: 200,
    body: {
      blobReferenceForConsumption: {
        blobUri,
        storageAccountArmId: storageArmId(
          ctx.twin.catalog.subscriptionId,
          account.resourceGroup,
          account.name,
        ),
        credential: {
          credentialType: "SAS",
          sasUri: location.path ? `${blobUri}?${query}` : `${base}?${query}`,
          containerSasUri: sas.sasUri,
        },
      },
    },
  };
}

export const storageRoutes: Route[] = [
  {
    pattern: `${WS}/datastores`,
    namespace: "ml",
    methods: {
      GET: {
        action: mlAction("workspaces/datastores/read"),
        handle: (ctx) => pageOfList(ctx, [JSON.stringify(datastoreBody(ctx.twin, requireWorkspace(ctx)))]),
      },
    },
  },
  {
    pattern: `${WS}/datastores/{datastore}`,
    namespace: "ml",
    methods: {
      GET: {
        action: mlAction("workspaces/datastores/read"),
        handle: (ctx) => ({ status: 200, body: datastoreBody(ctx.twin, requireDatastore(ctx)) }),
      },
    },
  },
  {
    pattern: `${WS}/datastores/{datastore}/listSecrets`,
    namespace: "ml",
    methods: {
      POST: {
        action: mlAction("workspaces/datastores/listsecrets/action"),
        scope: "parent",
        handle: (ctx) => ({
          status: 200,
          body: {
            secretsType: "AccountKey",
            key: ctx.twin.storage.key(requireDatastore(ctx).storageAccount),
          },
        }),
      },
    },
  },
  {
    pattern: `${RG}/providers/Microsoft.Storage/storageAccounts/{account}`,
    namespace: "storage",
    methods: {
      GET: {
        action: "Microsoft.Storage/storageAccounts/read",
        handle: (ctx) => {
          const account = storageAccountOf(ctx);
          return {
            status: 200,
            body: {
              id: storageArmId(ctx.twin.catalog.subscriptionId, account.resourceGroup, account.name),
              name: account.name,
              type: "Microsoft.Storage/storageAccounts",
              location: account.location,
              kind: "StorageV2",
              sku: { name: "Standard_LRS", tier: "Standard" },
              properties: {
                provisioningState: "Succeeded",
                primaryEndpoints: { blob: `${ctx.twin.storage.accountUrl(account.name)}/` },
                allowBlobPublicAccess: false,
                allowSharedKeyAccess: true,
                publicNetworkAccess: "Disabled",
              },
            },
          };
        },
      },
    },
  },
  {
    pattern: `${RG}/providers/Microsoft.Storage/storageAccounts/{account}/listKeys`,
    namespace: "storage",
    methods: {
      POST: {
        action: "Microsoft.Storage/storageAccounts/listKeys/action",
        scope: "parent",
        handle: (ctx) => {
          const account = storageAccountOf(ctx);
          return {
            status: 200,
            body: {
              keys: [{ keyName: "key1", value: ctx.twin.storage.key(account.name), permissions: "FULL" }],
            },
          };
        },
      },
    },
  },
  {
    pattern: `${REG}/{assetType}/{name}/versions/{version}/startPendingUpload`,
    namespace: "ml",
    methods: {
      POST: {
        action: mlAction("registries/assets/write"),
        scope: "parent",
        handle: (ctx) => {
          if (!["models", "data", "codes"].includes(ctx.params.assetType!)) {
            throw new ArmError(
              404,
              "InvalidResourceType",
              `startPendingUpload is not available for registry ${ctx.params.assetType}.`,
            );
          }
          return registryStartPendingUpload(ctx);
        },
      },
    },
  },
  {
    pattern: `${WS}/{assetType}/{name}/versions/{version}/startPendingUpload`,
    namespace: "ml",
    methods: {
      POST: {
        action: (p) => mlAction(`workspaces/${p.assetType}/versions/write`),
        scope: "parent",
        handle: (ctx) => {
          if (ctx.params.assetType !== "codes") {
            throw new ArmError(
              404,
              "InvalidResourceType",
              `startPendingUpload is only available for workspace codes, not ${ctx.params.assetType}.`,
            );
          }
          return workspaceCodeStartPendingUpload(ctx);
        },
      },
    },
  },
  {
    pattern: `${REG}/datareferences/{name}/versions/{version}`,
    namespace: "ml",
    methods: { POST: { action: mlAction("registries/assets/read"), handle: dataReference } },
  },
];
