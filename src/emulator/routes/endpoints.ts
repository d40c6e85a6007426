/**
 * @module emulator/routes/endpoints
 * Managed online endpoints and deployments in workspaces: PUT (LRO, original-uri), GET, list, DELETE
 * (LRO, location), PATCH endpoint (tags/identity only), listKeys, regenerateKeys, token, deployment logs.
 * Traffic must sum to 0 or 100 and name existing deployments; a deployment with live traffic cannot be
 * deleted. A deployment PUT downloads its model and code and starts its scoring process; a failed start
 * leaves provisioningState Failed (and fails the LRO).
 */
import { randomBytes } from "node:crypto";
import { ArmError, userError } from "../arm-errors.ts";
import { ML, type WorkspaceInfo } from "../catalog.ts";
import type { Reply, RequestContext, Route, TwinRuntime } from "../context.ts";
import { toStoredError } from "../lro.ts";
import { objectIdFor, TWIN_TENANT_ID } from "../principals.ts";
import { ML_AUDIENCE, signToken, TOKEN_ISSUER } from "../tokens.ts";
import {
  isRecord,
  isStringMap,
  mlAction,
  pageOf,
  pageReply,
  requireWorkspace,
  type SystemData,
  systemData,
  WS,
} from "./common.ts";

export const ENDPOINT_TYPE = `${ML}/workspaces/onlineEndpoints`;
export const DEPLOYMENT_TYPE = `${ML}/workspaces/onlineEndpoints/deployments`;
const AUTH_MODES = ["Key", "AMLToken", "AADToken"];

interface StoredResource {
  id: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  systemData: SystemData;
  properties: Record<string, unknown>;
  [key: string]: unknown;
}

interface EndpointKeys {
  primaryKey: string;
  secondaryKey: string;
}

const newKey = () => randomBytes(32).toString("base64");
const endpointId = (ws: WorkspaceInfo, name: string) => `${ws.id}/onlineEndpoints/${name}`;
const deploymentId = (ws: WorkspaceInfo, endpoint: string, name: string) =>
  `${endpointId(ws, endpoint)}/deployments/${name}`;

export function scoringUri(twin: TwinRuntime, workspace: string, endpoint: string): string {
  return `${twin.armEndpoint}/_inference/${workspace}/${endpoint}/score`;
}

function endpointView(twin: TwinRuntime, ws: WorkspaceInfo, body: string): StoredResource {
  const stored = JSON.parse(body) as StoredResource;
  const uri = scoringUri(twin, ws.name, stored.name);
  stored.properties = {
    ...stored.properties,
    scoringUri: uri,
    swaggerUri: uri.replace(/\/score$/, "/swagger.json"),
    keys: null,
  };
  return stored;
}

function loadEndpoint(ctx: RequestContext, ws: WorkspaceInfo) {
  const row = ctx.twin.store.getResource(endpointId(ws, ctx.params.endpoint!));
  if (!row)
    throw new ArmError(
      404,
      "ResourceNotFound",
      `Online endpoint ${ctx.params.endpoint} not found in workspace ${ws.name}.`,
    );
  return {
    row,
    body: JSON.parse(row.body) as StoredResource,
    keys: JSON.parse(row.secret ?? "{}") as EndpointKeys,
  };
}

function deploymentNames(twin: TwinRuntime, ws: WorkspaceInfo, endpoint: string): string[] {
  return twin.store
    .listResources(endpointId(ws, endpoint), DEPLOYMENT_TYPE)
    .map((r) => (JSON.parse(r.body) as StoredResource).name);
}

function checkTraffic(
  field: string,
  value: unknown,
  deployments: string[],
  maxSum: number,
  exactly?: number[],
): Record<string, number> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw userError(400, `${field} must map deployment names to percentages.`, field);
  let sum = 0;
  for (const [name, percent] of Object.entries(value)) {
    if (typeof percent !== "number" || !Number.isInteger(percent) || percent < 0 || percent > 100) {
      throw userError(400, `${field}.${name} must be an integer percentage between 0 and 100.`, field);
    }
    if (!deployments.includes(name))
      throw userError(
        400,
        `${field} names deployment '${name}', which does not exist on this endpoint.`,
        field,
      );
    sum += percent;
  }
  if (exactly ? !exactly.includes(sum) : sum > maxSum) {
    throw userError(
      400,
      exactly
        ? `The sum of ${field} values must be 0 or 100, not ${sum}.`
        : `The sum of ${field} values must be at most ${maxSum}, not ${sum}.`,
      field,
    );
  }
  return value as Record<string, number>;
}

function lroReply(
  ctx: RequestContext,
  ws: WorkspaceInfo,
  status: number,
  body: unknown,
  kind: "put" | "delete",
  op?: string,
): Reply {
  if (!op) return { status, body };
  const headers =
    kind === "put"
      ? ctx.twin.operations.asyncOperationHeaders(op, ctx.twin.catalog.subscriptionId, ws.location)
      : ctx.twin.operations.locationHeaders(op, ctx.twin.catalog.subscriptionId, ws.location);
  return { status, body, headers };
}

async function putEndpoint(ctx: RequestContext): Promise<Reply> {
  const ws = requireWorkspace(ctx);
  const name = ctx.params.endpoint!;
  const body = await ctx.body();
  if (typeof body.location !== "string" || !body.location)
    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.");
  const props = body.properties;
  if (!isRecord(props)) throw userError(400, "properties is required.", "properties");
  if (typeof props.authMode !== "string" || !AUTH_MODES.includes(props.authMode)) {
    throw userError(
      400,
      `properties.authMode must be one of ${AUTH_MODES.join(", ")}.`,
      "properties.authMode",
    );
  }
  if (body.tags !== undefined && !isStringMap(body.tags))
    throw userError(400, "tags must map names to strings.", "tags");
  const id = endpointId(ws, name);
  const twin = ctx.twin;
  const existing = twin.store.getResource(id);
  const deployments = existing ? deploymentNames(twin, ws, name) : [];
  const traffic = checkTraffic("traffic", props.traffic, deployments, 100, [0, 100]);
  const mirror = checkTraffic("mirrorTraffic", props.mirrorTraffic, deployments, 50);
  for (const [dep, percent] of Object.entries(mirror)) {
    if (percent > 0 && (traffic[dep] ?? 0) > 0)
      throw userError(
        400,
        `Deployment ${dep} cannot receive both live and mirrored traffic.`,
        "mirrorTraffic",
      );
  }
  const previous = existing ? (JSON.parse(existing.body) as StoredResource) : undefined;
  const realistic = twin.lroMode === "realistic";
  const stored: StoredResource = {
    id,
    name,
    type: ENDPOINT_TYPE,
    location: body.location,
    tags: (body.tags as Record<string, string>) ?? {},
    kind: typeof body.kind === "string" ? body.kind : "Managed",
    identity: {
      type: "SystemAssigned",
      principalId: objectIdFor(`${id}/identity`.toLowerCase()),
      tenantId: TWIN_TENANT_ID,
    },
    systemData: systemData(ctx.claims, previous?.systemData),
    properties: {
      description: typeof props.description === "string" ? props.description : null,
      authMode: props.authMode,
      traffic,
      mirrorTraffic: mirror,
      publicNetworkAccess: props.publicNetworkAccess === "Disabled" ? "Disabled" : "Enabled",
      properties: {
        ...(isStringMap(props.properties) ? props.properties : {}),
        ...((previous?.properties.properties as object) ?? {}),
      },
      provisioningState: "Succeeded",
    },
  };
  let keys: EndpointKeys = existing
    ? (JSON.parse(existing.secret ?? "{}") as EndpointKeys)
    : { primaryKey: newKey(), secondaryKey: newKey() };
  if (
    !existing &&
    isRecord(props.keys) &&
    typeof props.keys.primaryKey === "string" &&
    typeof props.keys.secondaryKey === "string"
  ) {
    keys = { primaryKey: props.keys.primaryKey, secondaryKey: props.keys.secondaryKey };
  }
  twin.store.putResource(id, ws.id, ENDPOINT_TYPE, JSON.stringify(stored), JSON.stringify(keys));
  const view = endpointView(twin, ws, JSON.stringify(stored));
  if (!realistic)
    return lroReply(
      ctx,
      ws,
      existing ? 200 : 201,
      view,
      "put",
      existing ? undefined : twin.operations.finished(ctx.claims.oid),
    );
  view.properties.provisioningState = existing ? "Updating" : "Creating";
  return lroReply(ctx, ws, existing ? 200 : 201, view, "put", twin.operations.startTimed(ctx.claims.oid));
}

async function patchEndpoint(ctx: RequestContext): Promise<Reply> {
  const ws = requireWorkspace(ctx);
  const body = await ctx.body();
  const extra = Object.keys(body).filter((k) => k !== "tags" && k !== "identity");
  if (extra.length > 0)
    throw userError(
      400,
      `Only tags and identity can be updated with PATCH (got ${extra.join(", ")}); PUT the whole endpoint to change anything else.`,
    );
  if (body.tags !== undefined && !isStringMap(body.tags))
    throw userError(400, "tags must map names to strings.", "tags");
  const { body: stored, keys } = loadEndpoint(ctx, ws);
  if (body.tags !== undefined) stored.tags = body.tags as Record<string, string>;
  if (isRecord(body.identity)) stored.identity = { ...(stored.identity as object), ...body.identity };
  stored.systemData = systemData(ctx.claims, stored.systemData);
  ctx.twin.store.putResource(stored.id, ws.id, ENDPOINT_TYPE, JSON.stringify(stored), JSON.stringify(keys));
  return { status: 200, body: endpointView(ctx.twin, ws, JSON.stringify(stored)) };
}

async function deleteEndpoint(ctx: RequestContext): Promise<Reply> {
  const ws = requireWorkspace(ctx);
  const id = endpointId(ws, ctx.params.endpoint!);
  const twin = ctx.twin;
  if (!twin.store.getResource(id)) return { status: 204 };
  const keys = deploymentNames(twin, ws, ctx.params.endpoint!).map(
    (d) => `${ws.name}/${ctx.params.endpoint}/${d}`,
  );
  twin.store.deleteResourceTree(id);
  if (twin.lroMode === "fast") {
    await twin.deployments.stopAll(keys);
    return { status: 200 };
  }
  return lroReply(
    ctx,
    ws,
    202,
    undefined,
    "delete",
    twin.operations.startWork(ctx.claims.oid, () => twin.deployments.stopAll(keys)),
  );
}

function listEndpoints(ctx: RequestContext): Reply {
  const ws = requireWorkspace(ctx);
  const page = pageOf(ctx);
  const rows = ctx.twin.store.listResources(ws.id, ENDPOINT_TYPE, page.limit + 1, page.offset);
  return pageReply(
    ctx,
    page,
    rows.map((r) => JSON.stringify(endpointView(ctx.twin, ws, r.body))),
  );
}

async function regenerateKeys(ctx: RequestContext): Promise<Reply> {
  const ws = requireWorkspace(ctx);
  const body = await ctx.body();
  if (body.keyType !== "Primary" && body.keyType !== "Secondary")
    throw userError(400, "keyType must be Primary or Secondary.", "keyType");
  if (body.keyValue !== undefined && (typeof body.keyValue !== "string" || body.keyValue.length < 16)) {
    throw userError(400, "keyValue must be a string of at least 16 characters.", "keyValue");
  }
  const { body: stored, keys } = loadEndpoint(ctx, ws);
  const value = (body.keyValue as string | undefined) ?? newKey();
  if (body.keyType === "Primary") keys.primaryKey = value;
  else keys.secondaryKey = value;
  ctx.twin.store.putResource(stored.id, ws.id, ENDPOINT_TYPE, JSON.stringify(stored), JSON.stringify(keys));
  if (ctx.twin.lroMode === "fast") return { status: 200 };
  return lroReply(ctx, ws, 202, undefined, "delete", ctx.twin.operations.startTimed(ctx.claims.oid));
}

function endpointToken(ctx: RequestContext): Reply {
  const ws = requireWorkspace(ctx);
  const { body } = loadEndpoint(ctx, ws);
  if (body.properties.authMode !== "AMLToken") {
    throw userError(
      400,
      `Endpoint ${body.name} uses authMode ${String(body.properties.authMode)}; tokens are only issued for AMLToken endpoints.`,
    );
  }
  const now = Math.floor(Date.now() / 1000);
  const exp = now + 3600;
  const accessToken = signToken(ctx.twin.signingKey, {
    iss: TOKEN_ISSUER,
    aud: ML_AUDIENCE,
    tid: TWIN_TENANT_ID,
    oid: ctx.claims.oid,
    sub: ctx.claims.oid,
    name: ctx.claims.name,
    idtyp: ctx.claims.idtyp,
    groups: [],
    iat: now,
    nbf: now - 60,
    exp,
    endpoint: `${ws.name}/${body.name}`.toLowerCase(),
  });
  return {
    status: 200,
    body: { accessToken, tokenType: "Bearer", expiryTimeUtc: exp, refreshAfterTimeUtc: now + 1800 },
  };
}

// ---- deployments

async function putDeployment(ctx: RequestContext): Promise<Reply> {
  const ws = requireWorkspace(ctx);
  const twin = ctx.twin;
  const { body: endpoint } = loadEndpoint(ctx, ws);
  const name = ctx.params.deployment!;
  const body = await ctx.body();
  if (typeof body.location !== "string" || !body.location)
    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.");
  const props = body.properties;
  if (!isRecord(props)) throw userError(400, "properties is required.", "properties");
  if (props.endpointComputeType !== undefined && props.endpointComputeType !== "Managed") {
    throw userError(
      400,
      "The twin runs Managed deployments only (endpointComputeType 'Managed').",
      "properties.endpointComputeType",
    );
  }
  const plan = twin.deployments.plan(twin, ws, endpoint.name, name, props);
  const id = deploymentId(ws, endpoint.name, name);
  const existing = twin.store.getResource(id);
  const previous = existing ? (JSON.parse(existing.body) as StoredResource) : undefined;
  const stored: StoredResource = {
    id,
    name,
    type: DEPLOYMENT_TYPE,
    location: body.location,
    tags: isStringMap(body.tags) ? body.tags : {},
    kind: "Managed",
    sku: isRecord(body.sku) ? body.sku : { name: "Default", capacity: 1 },
    systemData: systemData(ctx.claims, previous?.systemData),
    properties: {
      endpointComputeType: "Managed",
      instanceType: "Standard_F4s_v2",
      scaleSettings: { scaleType: "Default" },
      appInsightsEnabled: false,
      egressPublicNetworkAccess: "Enabled",
      ...props,
      provisioningState: existing ? "Updating" : "Creating",
    },
  };
  const save = (state: string) => {
    stored.properties.provisioningState = state;
    if (twin.store.getResource(endpointId(ws, endpoint.name)))
      twin.store.putResource(id, endpointId(ws, endpoint.name), DEPLOYMENT_TYPE, JSON.stringify(stored));
  };
  save(stored.properties.provisioningState as string);
  const status = existing ? 200 : 201;
  const work = async () => {
    try {
      await twin.deployments.start(twin, plan);
    } catch (error) {
      save("Failed");
      const failure = toStoredError(error);
      throw new ArmError(400, "DeploymentFailed", `Deployment ${name} failed to start: ${failure.message}`);
    }
    save("Succeeded");
  };
  if (twin.lroMode === "fast") {
    await work();
    const op = existing ? undefined : twin.operations.finished(ctx.claims.oid);
    return lroReply(ctx, ws, status, JSON.stringify(stored), "put", op);
  }
  return lroReply(
    ctx,
    ws,
    status,
    JSON.stringify(stored),
    "put",
    twin.operations.startWork(ctx.claims.oid, work),
  );
}

function getDeployment(ctx: RequestContext): Reply {
  const ws = requireWorkspace(ctx);
  loadEndpoint(ctx, ws);
  const row = ctx.twin.store.getResource(deploymentId(ws, ctx.params.endpoint!, ctx.params.deployment!));
  if (!row)
    throw new ArmError(
      404,
      "ResourceNotFound",
      `Deployment ${ctx.params.deployment} not found on endpoint ${ctx.params.endpoint}.`,
    );
  return { status: 200, body: row.body };
}

function listDeployments(ctx: RequestContext): Reply {
  const ws = requireWorkspace(ctx);
  loadEndpoint(ctx, ws);
  const page = pageOf(ctx);
  const rows = ctx.twin.store.listResources(
    endpointId(ws, ctx.params.endpoint!),
    DEPLOYMENT_TYPE,
    page.limit + 1,
    page.offset,
  );
  return pageReply(
    ctx,
    page,
    rows.map((r) => r.body),
  );
}

async function deleteDeployment(ctx: RequestContext): Promise<Reply> {
  const ws = requireWorkspace(ctx);
  const twin = ctx.twin;
  const { body: endpoint } = loadEndpoint(ctx, ws);
  const name = ctx.params.deployment!;
  const id = deploymentId(ws, endpoint.name, name);
  if (!twin.store.getResource(id)) return { status: 204 };
  const live = (endpoint.properties.traffic as Record<string, number> | undefined)?.[name] ?? 0;
  if (live > 0) {
    throw userError(
      409,
      `Deployment ${name} has ${live}% live traffic on endpoint ${endpoint.name}; set its traffic to 0 before deleting it.`,
    );
  }
  const mirror = (endpoint.properties.mirrorTraffic as Record<string, number> | undefined)?.[name] ?? 0;
  if (mirror > 0)
    throw userError(
      409,
      `Deployment ${name} receives ${mirror}% mirrored traffic; remove it from mirrorTraffic first.`,
    );
  twin.store.deleteResource(id);
  const key = `${ws.name}/${endpoint.name}/${name}`;
  if (twin.lroMode === "fast") {
    await twin.deployments.stop(key);
    return { status: 200 };
  }
  return lroReply(
    ctx,
    ws,
    202,
    undefined,
    "delete",
    twin.operations.startWork(ctx.claims.oid, () => twin.deployments.stop(key)),
  );
}

const EP = `${WS}/onlineEndpoints/{endpoint}`;
const epAction = (suffix: string) => mlAction(`workspaces/onlineEndpoints/${suffix}`);

export const endpointRoutes: Route[] = [
  {
    pattern: `${WS}/onlineEndpoints`,
    namespace: "ml",
    methods: { GET: { action: epAction("read"), handle: listEndpoints } },
  },
  {
    pattern: EP,
    namespace: "ml",
    methods: {
      GET: {
        action: epAction("read"),
        handle: (ctx) => ({
          status: 200,
          body: endpointView(
            ctx.twin,
            requireWorkspace(ctx),
            loadEndpoint(ctx, requireWorkspace(ctx)).row.body,
          ),
        }),
      },
      PUT: { action: epAction("write"), handle: putEndpoint },
      PATCH: { action: epAction("write"), handle: patchEndpoint },
      DELETE: { action: epAction("delete"), handle: deleteEndpoint },
    },
  },
  {
    pattern: `${EP}/listKeys`,
    namespace: "ml",
    methods: {
      POST: {
        action: epAction("listKeys/action"),
        scope: "parent",
        handle: (ctx) => ({ status: 200, body: loadEndpoint(ctx, requireWorkspace(ctx)).keys }),
      },
    },
  },
  {
    pattern: `${EP}/regenerateKeys`,
    namespace: "ml",
    methods: { POST: { action: epAction("regenerateKeys/action"), scope: "parent", handle: regenerateKeys } },
  },
  {
    pattern: `${EP}/token`,
    namespace: "ml",
    methods: { POST: { action: epAction("token/action"), scope: "parent", handle: endpointToken } },
  },
  {
    pattern: `${EP}/deployments`,
    namespace: "ml",
    methods: { GET: { action: epAction("deployments/read"), handle: listDeployments } },
  },
  {
    pattern: `${EP}/deployments/{deployment}`,
    namespace: "ml",
    methods: {
      GET: { action: epAction("deployments/read"), handle: getDeployment },
      PUT: { action: epAction("deployments/write"), handle: putDeployment },
      DELETE: { action: epAction("deployments/delete"), handle: deleteDeployment },
    },
  },
  {
    pattern: `${EP}/deployments/{deployment}/getLogs`,
    namespace: "ml",
    methods: {
      POST: {
        action: epAction("deployments/getLogs/action"),
        scope: "parent",
        handle: (ctx) => {
          const ws = requireWorkspace(ctx);
          return {
            status: 200,
            body: {
              content: ctx.twin.deployments.logs(
                `${ws.name}/${ctx.params.endpoint}/${ctx.params.deployment}`,
              ),
            },
          };
        },
      },
    },
  },
];
