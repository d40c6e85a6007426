/**
 * @module emulator/routes/assets
 * Containers and versions of models, data, environments, components and codes in workspaces and
 * registries: GET, list (paged), PUT, DELETE. Registry writes are LROs in realistic mode; workspace
 * writes never are.
 */
import { ArmError, userError } from "../arm-errors.ts";
import {
  type AssetScope,
  containerView,
  DATA_TYPES,
  mergeMutable,
  newContainerBody,
  putVersion,
  refreshLatest,
  validateVersionProperties,
  versionView,
} from "../assets.ts";
import type { AssetType, Reply, RequestContext, Route } from "../context.ts";
import {
  isRecord,
  mlAction,
  pageOf,
  pageReply,
  REG,
  requireRegistry,
  requireWorkspace,
  systemData,
  WS,
} from "./common.ts";

export function workspaceScope(ctx: RequestContext): AssetScope {
  const ws = requireWorkspace(ctx);
  return { kind: "workspace", id: ws.id, key: ws.id.toLowerCase(), name: ws.name, location: ws.location };
}

export function registryScope(ctx: RequestContext): AssetScope {
  const reg = requireRegistry(ctx);
  return { kind: "registry", id: reg.id, key: reg.id.toLowerCase(), name: reg.name, location: reg.location };
}

const scopeOf = (ctx: RequestContext) => (ctx.params.registry ? registryScope(ctx) : workspaceScope(ctx));
const typeOf = (ctx: RequestContext) => ctx.params.assetType as AssetType;

const notFound = (what: string) => new ArmError(404, "UserError", `${what} not found.`);

function getVersion(ctx: RequestContext): Reply {
  const scope = scopeOf(ctx);
  const row = ctx.twin.store.getVersion(scope.key, typeOf(ctx), ctx.params.name!, ctx.params.version!);
  if (!row || row.deleted_at)
    throw notFound(`Version ${ctx.params.version} of ${typeOf(ctx)} container ${ctx.params.name}`);
  return { status: 200, body: versionView(row) };
}

async function putVersionRoute(ctx: RequestContext): Promise<Reply> {
  const scope = scopeOf(ctx);
  const body = await ctx.body();
  const props = validateVersionProperties(typeOf(ctx), body.properties);
  const realistic = scope.kind === "registry" && ctx.twin.lroMode === "realistic";
  const readyAt = realistic ? Date.now() + ctx.twin.lroPacing.minDurationMs : 0;
  const write = putVersion(
    ctx.twin,
    scope,
    typeOf(ctx),
    ctx.params.name!,
    ctx.params.version!,
    props,
    ctx.claims,
    readyAt,
  );
  if (!write.created) return { status: write.status, body: write.body };
  if (!realistic) return fastCreated(ctx, scope, write.body);
  const op = ctx.twin.operations.startTimed(ctx.claims.oid);
  const creating = JSON.parse(write.body) as { properties: Record<string, unknown> };
  if ("provisioningState" in creating.properties) creating.properties.provisioningState = "Creating";
  return {
    status: 201,
    body: creating,
    headers: ctx.twin.operations.asyncOperationHeaders(op, ctx.twin.catalog.subscriptionId, scope.location),
  };
}

/** Fast mode's 201 for a registry write: done already, naming an operation that has succeeded (as declared). */
function fastCreated(ctx: RequestContext, scope: AssetScope, body: string): Reply {
  if (scope.kind === "workspace") return { status: 201, body };
  const op = ctx.twin.operations.finished(ctx.claims.oid);
  return {
    status: 201,
    body,
    headers: ctx.twin.operations.asyncOperationHeaders(op, ctx.twin.catalog.subscriptionId, scope.location),
  };
}

function deleteVersion(ctx: RequestContext): Reply {
  const scope = scopeOf(ctx);
  const type = typeOf(ctx);
  const { name, version } = ctx.params as { name: string; version: string };
  const store = ctx.twin.store;
  const existed = store.transaction(() => {
    const row = store.getVersion(scope.key, type, name, version);
    if (!row || row.deleted_at) return false;
    if (scope.kind === "registry")
      store.tombstoneVersion(scope.key, type, name, version, new Date().toISOString());
    else store.deleteVersion(scope.key, type, name, version);
    refreshLatest(ctx.twin, scope, type, name);
    return true;
  });
  return deleteReply(ctx, scope, existed);
}

function deleteReply(ctx: RequestContext, scope: AssetScope, existed: boolean): Reply {
  if (!existed) return { status: 204 };
  if (scope.kind === "workspace" || ctx.twin.lroMode === "fast") return { status: 200 };
  const op = ctx.twin.operations.startTimed(ctx.claims.oid);
  return {
    status: 202,
    headers: ctx.twin.operations.locationHeaders(op, ctx.twin.catalog.subscriptionId, scope.location),
  };
}

function listVersions(ctx: RequestContext): Reply {
  const scope = scopeOf(ctx);
  const page = pageOf(ctx);
  const rows = ctx.twin.store.listVersions(
    scope.key,
    typeOf(ctx),
    ctx.params.name!,
    page.limit + 1,
    page.offset,
  );
  return pageReply(ctx, page, rows.map(versionView));
}

function getContainer(ctx: RequestContext): Reply {
  const scope = scopeOf(ctx);
  const row = ctx.twin.store.getContainer(scope.key, typeOf(ctx), ctx.params.name!);
  if (!row) throw notFound(`${typeOf(ctx)} container ${ctx.params.name}`);
  return { status: 200, body: containerView(row) };
}

async function putContainer(ctx: RequestContext): Promise<Reply> {
  const scope = scopeOf(ctx);
  const type = typeOf(ctx);
  const name = ctx.params.name!;
  const body = await ctx.body();
  const props = body.properties ?? {};
  if (!isRecord(props))
    throw userError(400, "The request body must have an object 'properties'.", "properties");
  if (type === "data" && !DATA_TYPES.includes(String(props.dataType)))
    throw userError(
      400,
      `A data container requires 'properties.dataType' to be one of ${DATA_TYPES.join(", ")}.`,
      "properties.dataType",
    );
  const store = ctx.twin.store;
  const created = store.transaction(() => {
    const row = store.getContainer(scope.key, type, name);
    if (!row) {
      store.insertContainer(scope.key, type, name, newContainerBody(scope, type, name, props, ctx.claims));
      refreshLatest(ctx.twin, scope, type, name);
      return true;
    }
    const stored = JSON.parse(row.body) as { systemData: never; properties: Record<string, unknown> };
    const merged = mergeMutable(stored.properties, props, `${type} container ${name}`);
    if (merged)
      store.updateContainerBody(
        scope.key,
        type,
        name,
        JSON.stringify({
          ...stored,
          systemData: systemData(ctx.claims, stored.systemData),
          properties: merged,
        }),
      );
    return false;
  });
  const view = containerView(store.getContainer(scope.key, type, name)!);
  const status = created ? 201 : 200;
  if (scope.kind === "workspace" || !created) return { status, body: view };
  if (ctx.twin.lroMode === "fast") return fastCreated(ctx, scope, view);
  const op = ctx.twin.operations.startTimed(ctx.claims.oid);
  return {
    status,
    body: view,
    headers: ctx.twin.operations.asyncOperationHeaders(op, ctx.twin.catalog.subscriptionId, scope.location),
  };
}

function deleteContainer(ctx: RequestContext): Reply {
  const scope = scopeOf(ctx);
  const type = typeOf(ctx);
  const name = ctx.params.name!;
  const store = ctx.twin.store;
  const existed = store.transaction(() => {
    if (!store.getContainer(scope.key, type, name)) return false;
    store.deleteContainer(scope.key, type, name);
    if (scope.kind === "registry")
      store.tombstoneAllVersions(scope.key, type, name, new Date().toISOString());
    else store.deleteAllVersions(scope.key, type, name);
    return true;
  });
  return deleteReply(ctx, scope, existed);
}

function listContainers(ctx: RequestContext): Reply {
  const scope = scopeOf(ctx);
  const page = pageOf(ctx);
  const rows = ctx.twin.store.listContainers(scope.key, typeOf(ctx), page.limit + 1, page.offset);
  return pageReply(ctx, page, rows.map(containerView));
}

const wsAction = (suffix: string) => (p: Record<string, string>) =>
  mlAction(`workspaces/${p.assetType}/${suffix}`);
const regAction = (verb: string) => mlAction(`registries/assets/${verb}`);

export const assetRoutes: Route[] = [
  {
    pattern: `${WS}/{assetType}`,
    namespace: "ml",
    methods: { GET: { action: wsAction("read"), handle: listContainers } },
  },
  {
    pattern: `${WS}/{assetType}/{name}`,
    namespace: "ml",
    methods: {
      GET: { action: wsAction("read"), handle: getContainer },
      PUT: { action: wsAction("write"), handle: putContainer },
      DELETE: { action: wsAction("delete"), handle: deleteContainer },
    },
  },
  {
    pattern: `${WS}/{assetType}/{name}/versions`,
    namespace: "ml",
    methods: { GET: { action: wsAction("versions/read"), handle: listVersions } },
  },
  {
    pattern: `${WS}/{assetType}/{name}/versions/{version}`,
    namespace: "ml",
    methods: {
      GET: { action: wsAction("versions/read"), handle: getVersion },
      PUT: { action: wsAction("versions/write"), handle: putVersionRoute },
      DELETE: { action: wsAction("versions/delete"), handle: deleteVersion },
    },
  },
  {
    pattern: `${REG}/{assetType}`,
    namespace: "ml",
    methods: { GET: { action: regAction("read"), handle: listContainers } },
  },
  {
    pattern: `${REG}/{assetType}/{name}`,
    namespace: "ml",
    methods: {
      GET: { action: regAction("read"), handle: getContainer },
      PUT: { action: regAction("write"), handle: putContainer },
      DELETE: { action: regAction("delete"), handle: deleteContainer },
    },
  },
  {
    pattern: `${REG}/{assetType}/{name}/versions`,
    namespace: "ml",
    methods: { GET: { action: regAction("read"), handle: listVersions } },
  },
  {
    pattern: `${REG}/{assetType}/{name}/versions/{version}`,
    namespace: "ml",
    methods: {
      GET: { action: regAction("read"), handle: getVersion },
      PUT: { action: regAction("write"), handle: putVersionRoute },
      DELETE: { action: regAction("delete"), handle: deleteVersion },
    },
  },
];
