/**
 * @module emulator/routes/resources
 * Resource groups, workspaces (seeded, read-only) and registries (seeded; PUT/DELETE as LROs for extra
 * registries), plus the operation-status routes every LRO points at.
 */
import { ArmError } from "../arm-errors.ts";
import { ML, registryBody, rgId, SPARE_STORAGE_ACCOUNT, type WorkspaceInfo } from "../catalog.ts";
import type { Reply, RequestContext, Route, TwinRuntime } from "../context.ts";
import { objectIdFor, TWIN_TENANT_ID } from "../principals.ts";
import {
  findRegistry,
  isRecord,
  isStringMap,
  ML_RG,
  mlAction,
  pageOfList,
  REG,
  type RegistryRecord,
  registryRecord,
  requireRegistry,
  requireWorkspace,
  systemData,
  WS,
} from "./common.ts";

const RG_READ = "Microsoft.Resources/subscriptions/resourceGroups/read";

function resourceGroupBody(twin: TwinRuntime, name: string) {
  const rg = twin.catalog.resourceGroups.find((g) => g.name.toLowerCase() === name.toLowerCase())!;
  return {
    id: rgId(twin.catalog.subscriptionId, rg.name),
    name: rg.name,
    type: "Microsoft.Resources/resourceGroups",
    location: rg.location,
    tags: rg.tags,
    properties: { provisioningState: "Succeeded" },
  };
}

export function workspaceBody(twin: TwinRuntime, ws: WorkspaceInfo) {
  const sub = twin.catalog.subscriptionId;
  const rg = rgId(sub, ws.resourceGroup);
  const identityId = `${rgId(sub, twin.catalog.resourceGroups.find((g) => g.purpose === ws.purpose)!.name)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${ws.workspaceIdentity}`;
  return {
    id: ws.id,
    name: ws.name,
    type: `${ML}/workspaces`,
    location: ws.location,
    tags: ws.tags,
    kind: "Default",
    sku: { name: "Basic", tier: "Basic" },
    identity: {
      type: "UserAssigned",
      userAssignedIdentities: {
        [identityId]: {
          principalId: objectIdFor(ws.workspaceIdentity),
          clientId: objectIdFor(`${ws.workspaceIdentity}/client`),
        },
      },
    },
    properties: {
      workspaceId: ws.workspaceId,
      friendlyName: ws.name,
      description: `Azure ML workspace (${ws.purpose})`,
      discoveryUrl: `${twin.armEndpoint}/_twin/discovery`,
      mlFlowTrackingUri: `azureml://${ws.location}.api.azureml.ms/mlflow/v1.0${ws.id}`,
      storageAccount: `${rg}/providers/Microsoft.Storage/storageAccounts/${ws.storageAccount}`,
      keyVault: `${rg}/providers/Microsoft.KeyVault/vaults/${ws.keyVault}`,
      containerRegistry: `${rg}/providers/Microsoft.ContainerRegistry/registries/${ws.containerRegistry}`,
      applicationInsights: `${rg}/providers/Microsoft.Insights/components/${ws.applicationInsights}`,
      primaryUserAssignedIdentity: identityId,
      publicNetworkAccess: "Disabled",
      managedNetwork: { isolationMode: ws.isolationMode },
      hbiWorkspace: false,
      v1LegacyMode: false,
      tenantId: TWIN_TENANT_ID,
      provisioningState: "Succeeded",
    },
  };
}

/** A registry as read: the stored body plus the URLs that depend on where the twin listens. */
export function registryView(twin: TwinRuntime, record: RegistryRecord): string {
  const properties = record.body.properties as Record<string, unknown>;
  return JSON.stringify({
    ...record.body,
    properties: {
      ...properties,
      discoveryUrl: `${twin.armEndpoint}/_twin/discovery`,
      mlFlowRegistryUri: `azureml://${record.location}.api.azureml.ms/mlflow/v1.0${record.id}`,
    },
  });
}

const listRegistries = (ctx: RequestContext, rg?: string): Reply => {
  const items = ctx.twin.store
    .resourcesOfType(`${ML}/registries`)
    .map(registryRecord)
    .filter((r) => !rg || r.id.toLowerCase().includes(`/resourcegroups/${rg.toLowerCase()}/`))
    .filter((r) => ctx.twin.authorizer.isAllowed(ctx.claims, mlAction("registries/read"), r.id))
    .map((r) => registryView(ctx.twin, r));
  return pageOfList(ctx, items);
};

const listWorkspaces = (ctx: RequestContext, rg?: string): Reply => {
  const items = ctx.twin.catalog.workspaces
    .filter((w) => !rg || w.resourceGroup.toLowerCase() === rg.toLowerCase())
    .filter((w) => ctx.twin.authorizer.isAllowed(ctx.claims, mlAction("workspaces/read"), w.id))
    .map((w) => JSON.stringify(workspaceBody(ctx.twin, w)));
  return pageOfList(ctx, items);
};

async function putRegistry(ctx: RequestContext): Promise<Reply> {
  const body = await ctx.body();
  const location = body.location;
  if (typeof location !== "string" || !location)
    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.");
  if (body.tags !== undefined && !isStringMap(body.tags))
    throw new ArmError(400, "InvalidRequestContent", "tags must be an object of strings.");
  const twin = ctx.twin;
  const existing = findRegistry(ctx, ctx.params.rg!, ctx.params.registry!);
  const rg = twin.catalog.resourceGroups.find((g) => g.name.toLowerCase() === ctx.params.rg!.toLowerCase())!;
  let stored: Record<string, unknown>;
  if (existing) {
    stored = {
      ...existing.body,
      tags: body.tags ?? existing.body.tags,
      systemData: systemData(ctx.claims, existing.body.systemData as never),
    };
  } else {
    stored = registryBody(
      twin.catalog.subscriptionId,
      rg.name,
      ctx.params.registry!,
      location,
      (body.tags as Record<string, string>) ?? {},
      SPARE_STORAGE_ACCOUNT,
      twin.catalog.resourceGroups[0]!.name,
    );
    stored.systemData = systemData(ctx.claims);
    if (isRecord(body.sku)) stored.sku = body.sku;
  }
  const id = stored.id as string;
  twin.store.putResource(
    id,
    rgId(twin.catalog.subscriptionId, rg.name),
    `${ML}/registries`,
    JSON.stringify(stored),
  );
  const view = registryView(twin, registryRecord(twin.store.getResource(id)!));
  const status = existing ? 200 : 201;
  if (existing) return { status, body: view };
  if (twin.lroMode === "fast") {
    const done = twin.operations.finished(ctx.claims.oid);
    return {
      status,
      body: view,
      headers: twin.operations.asyncOperationHeaders(done, twin.catalog.subscriptionId, location),
    };
  }
  const op = twin.operations.startTimed(ctx.claims.oid);
  const creating = JSON.parse(view) as { properties: Record<string, unknown> };
  creating.properties.provisioningState = "Creating";
  return {
    status,
    body: creating,
    headers: twin.operations.asyncOperationHeaders(op, twin.catalog.subscriptionId, location),
  };
}

function deleteRegistry(ctx: RequestContext): Reply {
  const twin = ctx.twin;
  const record = findRegistry(ctx, ctx.params.rg!, ctx.params.registry!);
  if (!record) return { status: 204 };
  twin.store.transaction(() => {
    twin.store.deleteResource(record.id);
    twin.store.deleteScope(record.id.toLowerCase());
  });
  if (twin.lroMode === "fast") return { status: 200 };
  const op = twin.operations.startTimed(ctx.claims.oid);
  return {
    status: 202,
    headers: twin.operations.locationHeaders(op, twin.catalog.subscriptionId, record.location),
  };
}

const OPERATIONS = "/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{location}";

export const resourceRoutes: Route[] = [
  {
    pattern: "/subscriptions/{sub}/resourcegroups",
    namespace: "resources",
    methods: {
      GET: {
        action: null,
        handle: (ctx) =>
          pageOfList(
            ctx,
            ctx.twin.catalog.resourceGroups
              .filter((g) =>
                ctx.twin.authorizer.isAllowed(
                  ctx.claims,
                  RG_READ,
                  rgId(ctx.twin.catalog.subscriptionId, g.name),
                ),
              )
              .map((g) => JSON.stringify(resourceGroupBody(ctx.twin, g.name))),
          ),
      },
    },
  },
  {
    pattern: "/subscriptions/{sub}/resourcegroups/{rg}",
    namespace: "resources",
    methods: {
      GET: {
        action: RG_READ,
        handle: (ctx) => ({ status: 200, body: resourceGroupBody(ctx.twin, ctx.params.rg!) }),
      },
    },
  },
  {
    pattern: `/subscriptions/{sub}/providers/${ML}/workspaces`,
    namespace: "ml",
    methods: { GET: { action: null, handle: (ctx) => listWorkspaces(ctx) } },
  },
  {
    pattern: `${ML_RG}/workspaces`,
    namespace: "ml",
    methods: { GET: { action: null, handle: (ctx) => listWorkspaces(ctx, ctx.params.rg) } },
  },
  {
    pattern: WS,
    namespace: "ml",
    methods: {
      GET: {
        action: mlAction("workspaces/read"),
        handle: (ctx) => ({ status: 200, body: workspaceBody(ctx.twin, requireWorkspace(ctx)) }),
      },
    },
  },
  {
    pattern: `/subscriptions/{sub}/providers/${ML}/registries`,
    namespace: "ml",
    methods: { GET: { action: null, handle: (ctx) => listRegistries(ctx) } },
  },
  {
    pattern: `${ML_RG}/registries`,
    namespace: "ml",
    methods: { GET: { action: null, handle: (ctx) => listRegistries(ctx, ctx.params.rg) } },
  },
  {
    pattern: REG,
    namespace: "ml",
    methods: {
      GET: {
        action: mlAction("registries/read"),
        handle: (ctx) => ({ status: 200, body: registryView(ctx.twin, requireRegistry(ctx)) }),
      },
      PUT: { action: mlAction("registries/write"), handle: putRegistry },
      DELETE: { action: mlAction("registries/delete"), handle: deleteRegistry },
    },
  },
  {
    pattern: `${OPERATIONS}/mfeOperationsStatus/{id}`,
    namespace: "ml",
    methods: {
      GET: { action: null, handle: (ctx) => ctx.twin.operations.status(ctx.params.id!, ctx.claims.oid) },
    },
  },
  {
    pattern: `${OPERATIONS}/mfeOperationResults/{id}`,
    namespace: "ml",
    methods: {
      GET: {
        action: null,
        handle: (ctx) =>
          ctx.twin.operations.result(
            ctx.params.id!,
            ctx.claims.oid,
            `${ctx.twin.armEndpoint}${ctx.path}?${ctx.query.toString()}`,
          ),
      },
    },
  },
];
