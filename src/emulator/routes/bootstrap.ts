/**
 * @module emulator/routes/bootstrap
 * What `airlock bootstrap` and `airlock doctor` need the twin to answer beyond the platform it seeds:
 * the subscription (Microsoft.Resources 2022-12-01), resource providers (list, get, register;
 * Microsoft.Resources 2021-04-01), resource groups created at run time (the Terraform state group), the
 * state storage account and its blob container (Microsoft.Storage 2023-05-01), user-assigned identities and
 * their federated identity credentials (Microsoft.ManagedIdentity 2023-01-31). Everything created here is
 * stored in the twin's store, so it survives restarts; role assignments on these scopes use the
 * authorization routes as everywhere else.
 *
 * These routes sit before the seeded ones in the router: for the seeded resource groups, storage accounts
 * and containers they answer GET exactly as before (delegating to the seeded handlers) and add PUT for new
 * ones. The parameter is `{resourceGroup}`, not `{rg}`, because the server resolves `{rg}` against the seeded
 * catalog only.
 */
import { ArmError } from "../arm-errors.ts";
import { rgId, storageArmId } from "../catalog.ts";
import type { Method, MethodSpec, Reply, RequestContext, Route } from "../context.ts";
import { objectIdFor, TWIN_TENANT_ID } from "../principals.ts";
import { isRecord, isStringMap, pageOfList, systemData } from "./common.ts";
import { storageRoutes } from "./storage.ts";

const RG_TYPE = "Microsoft.Resources/resourceGroups";
const PROVIDER_TYPE = "Microsoft.Resources/providers";
const ACCOUNT_TYPE = "Microsoft.Storage/storageAccounts";
const CONTAINER_TYPE = "Microsoft.Storage/storageAccounts/blobServices/containers";
const BLOB_SERVICE_TYPE = "Microsoft.Storage/storageAccounts/blobServices";
const IDENTITY_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";
const FIC_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials";

const SUB = "/subscriptions/{sub}";
const RG = `${SUB}/resourcegroups/{resourceGroup}`;
const ACCOUNT = `${RG}/providers/Microsoft.Storage/storageAccounts/{account}`;
const BLOB_SERVICE = `${ACCOUNT}/blobServices/default`;
const CONTAINER = `${BLOB_SERVICE}/containers/{container}`;
const IDENTITY = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{identity}`;
const FICS = `${IDENTITY}/federatedIdentityCredentials`;

const RESOURCE_GROUP_PATTERN = /^[-\w.()]{1,89}[-\w()]$/;
const NAMESPACE_PATTERN = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/;
const IDENTITY_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/;
const FIC_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,119}$/;
const CONTAINER_PATTERN = /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/;

/**
 * Namespaces the twin's subscription knows. Microsoft.Authorization and Microsoft.Resources are registered in
 * every subscription ("Resource providers for Azure services", registered by default; `az provider list`
 * shows them Registered with registrationPolicy RegistrationFree); the others start NotRegistered, as in a
 * new subscription.
 */
const KNOWN_NAMESPACES = [
  "Microsoft.Authorization",
  "Microsoft.Compute",
  "Microsoft.Consumption",
  "Microsoft.ContainerRegistry",
  "Microsoft.EventGrid",
  "Microsoft.EventHub",
  "Microsoft.Insights",
  "Microsoft.KeyVault",
  "Microsoft.MachineLearningServices",
  "Microsoft.ManagedIdentity",
  "Microsoft.Network",
  "Microsoft.OperationalInsights",
  "Microsoft.Resources",
  "Microsoft.ServiceBus",
  "Microsoft.Storage",
  "Microsoft.Web",
];
const REGISTERED_BY_DEFAULT = new Set(["Microsoft.Authorization", "Microsoft.Resources"]);

const notFound = (type: string, name: string, rg: string) =>
  new ArmError(
    404,
    "ResourceNotFound",
    `The Resource '${type}/${name}' under resource group '${rg}' was not found.`,
  );

function check(value: string, pattern: RegExp, kind: string): string {
  if (!pattern.test(value))
    throw new ArmError(
      400,
      "InvalidResourceName",
      `The ${kind} name '${value}' is invalid: it must match ${pattern.source}.`,
    );
  return value;
}

const sub = (ctx: RequestContext) => ctx.twin.catalog.subscriptionId;

/** A seeded resource group (catalog) or one created here; undefined when neither. */
function findResourceGroup(ctx: RequestContext, name: string) {
  const seeded = ctx.twin.catalog.resourceGroups.find((g) => g.name.toLowerCase() === name.toLowerCase());
  if (seeded)
    return {
      name: seeded.name,
      location: seeded.location,
      tags: seeded.tags as Record<string, string>,
      seeded: true,
    };
  const row = ctx.twin.store.getResource(rgId(sub(ctx), name).toLowerCase());
  if (!row) return undefined;
  const body = JSON.parse(row.body) as { name: string; location: string; tags?: Record<string, string> };
  return { name: body.name, location: body.location, tags: body.tags ?? {}, seeded: false };
}

/** The resource group name, refused as the seeded routes refuse it (400 InvalidResourceGroupName). */
function groupName(ctx: RequestContext): string {
  const name = ctx.params.resourceGroup!;
  if (!RESOURCE_GROUP_PATTERN.test(name))
    throw new ArmError(400, "InvalidResourceGroupName", `Resource group name '${name}' is invalid.`);
  return name;
}

function requireResourceGroup(ctx: RequestContext) {
  const name = groupName(ctx);
  const rg = findResourceGroup(ctx, name);
  if (!rg) throw new ArmError(404, "ResourceGroupNotFound", `Resource group '${name}' could not be found.`);
  return rg;
}

const resourceGroupBody = (
  ctx: RequestContext,
  rg: { name: string; location: string; tags: Record<string, string> },
) => ({
  id: rgId(sub(ctx), rg.name),
  name: rg.name,
  type: RG_TYPE,
  location: rg.location,
  tags: rg.tags,
  properties: { provisioningState: "Succeeded" },
});

async function putResourceGroup(ctx: RequestContext): Promise<Reply> {
  const name = groupName(ctx);
  const body = await ctx.body();
  if (typeof body.location !== "string" || !body.location)
    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.");
  if (body.tags !== undefined && !isStringMap(body.tags))
    throw new ArmError(400, "InvalidRequestContent", "tags must be an object of strings.");
  const existing = findResourceGroup(ctx, name);
  if (existing?.seeded)
    throw new ArmError(409, "Conflict", `Resource group '${name}' is part of the twin's seeded platform.`);
  if (existing && existing.location !== body.location)
    throw new ArmError(
      409,
      "InvalidResourceGroupLocation",
      `Invalid resource group location '${body.location}'. The Resource group already exists in location '${existing.location}'.`,
    );
  const rg = {
    name: existing?.name ?? name,
    location: body.location,
    tags: (body.tags as Record<string, string>) ?? {},
  };
  const id = rgId(sub(ctx), rg.name);
  ctx.twin.store.putResource(
    id.toLowerCase(),
    `/subscriptions/${sub(ctx)}`,
    RG_TYPE,
    JSON.stringify(resourceGroupBody(ctx, rg)),
  );
  return { status: existing ? 200 : 201, body: resourceGroupBody(ctx, rg) };
}

function providerBody(ctx: RequestContext, namespace: string) {
  const row = ctx.twin.store.getResource(`/subscriptions/${sub(ctx)}/providers/${namespace}`.toLowerCase());
  const state = row
    ? (JSON.parse(row.body) as { registrationState: string }).registrationState
    : REGISTERED_BY_DEFAULT.has(namespace)
      ? "Registered"
      : "NotRegistered";
  return {
    id: `/subscriptions/${sub(ctx)}/providers/${namespace}`,
    namespace,
    registrationState: state,
    registrationPolicy: "RegistrationRequired",
    resourceTypes: [],
  };
}

function knownNamespace(ctx: RequestContext): string {
  const wanted = ctx.params.namespace!;
  const namespace = KNOWN_NAMESPACES.find((n) => n.toLowerCase() === wanted.toLowerCase());
  if (!namespace || !NAMESPACE_PATTERN.test(wanted))
    throw new ArmError(404, "InvalidResourceNamespace", `The resource namespace '${wanted}' is invalid.`);
  return namespace;
}

function registerProvider(ctx: RequestContext): Reply {
  const namespace = knownNamespace(ctx);
  // Azure answers Registering and finishes in the background; the twin finishes at once.
  ctx.twin.store.putResource(
    `/subscriptions/${sub(ctx)}/providers/${namespace}`.toLowerCase(),
    `/subscriptions/${sub(ctx)}`,
    PROVIDER_TYPE,
    JSON.stringify({ namespace, registrationState: "Registered" }),
  );
  return { status: 200, body: providerBody(ctx, namespace) };
}

interface StoredAccount {
  id: string;
  name: string;
  type: string;
  location: string;
  kind: string;
  sku: { name: string; tier?: string };
  tags: Record<string, string>;
  properties: Record<string, unknown>;
}

/** The account settings the twin keeps (Microsoft.Storage 2023-05-01 StorageAccountPropertiesCreateParameters). */
const ACCOUNT_SETTINGS = [
  "allowBlobPublicAccess",
  "allowSharedKeyAccess",
  "minimumTlsVersion",
  "supportsHttpsTrafficOnly",
  "publicNetworkAccess",
  "defaultToOAuthAuthentication",
  "allowCrossTenantReplication",
] as const;

/** The seeded route's handler for the same shape (so seeded resources answer as before). */
function seeded(pattern: string, method: Method): MethodSpec {
  const route = storageRoutes.find((r) => r.pattern.toLowerCase() === pattern.toLowerCase());
  const spec = route?.methods[method];
  if (!spec) throw new Error(`emulator: no seeded ${method} route ${pattern}`);
  return spec;
}
const SEEDED_ACCOUNT =
  "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{account}";
const SEEDED_CONTAINER = `${SEEDED_ACCOUNT}/blobServices/default/containers/{container}`;

const isSeededAccount = (ctx: RequestContext) =>
  ctx.twin.catalog.storageAccounts.some(
    (a) =>
      a.name === ctx.params.account &&
      a.resourceGroup.toLowerCase() === ctx.params.resourceGroup!.toLowerCase(),
  );
const asSeeded = (ctx: RequestContext): RequestContext => ({
  ...ctx,
  params: { ...ctx.params, rg: ctx.params.resourceGroup! },
});

function storedAccount(ctx: RequestContext): StoredAccount | undefined {
  const rg = requireResourceGroup(ctx);
  const row = ctx.twin.store.getResource(storageArmId(sub(ctx), rg.name, ctx.params.account!).toLowerCase());
  return row ? (JSON.parse(row.body) as StoredAccount) : undefined;
}

function getAccount(ctx: RequestContext): Promise<Reply> | Reply {
  if (isSeededAccount(ctx)) return seeded(SEEDED_ACCOUNT, "GET").handle(asSeeded(ctx));
  const account = storedAccount(ctx);
  if (!account) throw notFound(ACCOUNT_TYPE, ctx.params.account!, ctx.params.resourceGroup!);
  return { status: 200, body: account };
}

async function putAccount(ctx: RequestContext): Promise<Reply> {
  if (isSeededAccount(ctx))
    throw new ArmError(
      409,
      "Conflict",
      `Storage account '${ctx.params.account}' is part of the twin's seeded platform.`,
    );
  const rg = requireResourceGroup(ctx);
  const body = await ctx.body();
  const sku = body.sku;
  if (
    typeof body.location !== "string" ||
    !isRecord(sku) ||
    typeof sku.name !== "string" ||
    typeof body.kind !== "string"
  )
    throw new ArmError(400, "InvalidRequestContent", "location, kind and sku.name are required.");
  if (body.tags !== undefined && !isStringMap(body.tags))
    throw new ArmError(400, "InvalidRequestContent", "tags must be an object of strings.");
  const props = isRecord(body.properties) ? body.properties : {};
  const existing = storedAccount(ctx);
  const kept: Record<string, unknown> = {};
  for (const key of ACCOUNT_SETTINGS) {
    const value = props[key] ?? existing?.properties[key];
    if (value !== undefined) kept[key] = value;
  }
  const name = ctx.params.account!;
  const account: StoredAccount = {
    id: storageArmId(sub(ctx), rg.name, name),
    name,
    type: ACCOUNT_TYPE,
    location: body.location,
    kind: body.kind,
    sku: { name: sku.name },
    tags: (body.tags as Record<string, string>) ?? existing?.tags ?? {},
    properties: {
      ...kept,
      provisioningState: "Succeeded",
      // ARM only: the twin runs no data plane for this account (docs/twin.md, known differences).
      primaryEndpoints: { blob: `https://${name}.blob.core.windows.net/` },
      creationTime: (existing?.properties.creationTime as string | undefined) ?? new Date().toISOString(),
    },
  };
  ctx.twin.store.putResource(
    account.id.toLowerCase(),
    rgId(sub(ctx), rg.name),
    ACCOUNT_TYPE,
    JSON.stringify(account),
  );
  return { status: 200, body: account };
}

/** Blob service properties of a bootstrap account: versioning only (what bootstrap sets); seeded accounts say off. */
function blobServiceBody(ctx: RequestContext, rgName: string, versioning: boolean) {
  return {
    id: `${storageArmId(sub(ctx), rgName, ctx.params.account!)}/blobServices/default`,
    name: "default",
    type: BLOB_SERVICE_TYPE,
    properties: { isVersioningEnabled: versioning },
  };
}

function getBlobService(ctx: RequestContext): Reply {
  const rg = requireResourceGroup(ctx);
  if (isSeededAccount(ctx)) return { status: 200, body: blobServiceBody(ctx, rg.name, false) };
  if (!storedAccount(ctx)) throw notFound(ACCOUNT_TYPE, ctx.params.account!, rg.name);
  const row = ctx.twin.store.getResource(
    `${storageArmId(sub(ctx), rg.name, ctx.params.account!)}/blobServices/default`.toLowerCase(),
  );
  return { status: 200, body: row ? row.body : blobServiceBody(ctx, rg.name, false) };
}

async function putBlobService(ctx: RequestContext): Promise<Reply> {
  if (isSeededAccount(ctx))
    throw new ArmError(
      409,
      "Conflict",
      `Storage account '${ctx.params.account}' is part of the twin's seeded platform.`,
    );
  const rg = requireResourceGroup(ctx);
  if (!storedAccount(ctx)) throw notFound(ACCOUNT_TYPE, ctx.params.account!, rg.name);
  const body = await ctx.body();
  const props = isRecord(body.properties) ? body.properties : {};
  if (props.isVersioningEnabled !== undefined && typeof props.isVersioningEnabled !== "boolean")
    throw new ArmError(400, "InvalidRequestContent", "properties.isVersioningEnabled must be a boolean.");
  const service = blobServiceBody(ctx, rg.name, props.isVersioningEnabled === true);
  ctx.twin.store.putResource(
    service.id.toLowerCase(),
    storageArmId(sub(ctx), rg.name, ctx.params.account!),
    BLOB_SERVICE_TYPE,
    JSON.stringify(service),
  );
  return { status: 200, body: service };
}

function containerId(ctx: RequestContext, rgName: string) {
  return `${storageArmId(sub(ctx), rgName, ctx.params.account!)}/blobServices/default/containers/${ctx.params.container}`;
}

function getContainer(ctx: RequestContext): Promise<Reply> | Reply {
  if (isSeededAccount(ctx)) return seeded(SEEDED_CONTAINER, "GET").handle(asSeeded(ctx));
  const rg = requireResourceGroup(ctx);
  if (!storedAccount(ctx)) throw notFound(ACCOUNT_TYPE, ctx.params.account!, rg.name);
  const row = ctx.twin.store.getResource(containerId(ctx, rg.name).toLowerCase());
  if (!row) throw new ArmError(404, "ContainerNotFound", "The specified container does not exist.");
  return { status: 200, body: row.body };
}

async function putContainer(ctx: RequestContext): Promise<Reply> {
  if (isSeededAccount(ctx))
    throw new ArmError(
      409,
      "Conflict",
      `Containers of the seeded account '${ctx.params.account}' are managed by the twin.`,
    );
  const rg = requireResourceGroup(ctx);
  check(ctx.params.container!, CONTAINER_PATTERN, "container");
  if (!storedAccount(ctx)) throw notFound(ACCOUNT_TYPE, ctx.params.account!, rg.name);
  const body = await ctx.body();
  const props = isRecord(body.properties) ? body.properties : {};
  const publicAccess = props.publicAccess ?? "None";
  if (publicAccess !== "None" && publicAccess !== "Blob" && publicAccess !== "Container")
    throw new ArmError(
      400,
      "InvalidRequestContent",
      "properties.publicAccess must be None, Blob or Container.",
    );
  const id = containerId(ctx, rg.name);
  const existing = ctx.twin.store.getResource(id.toLowerCase());
  const container = {
    id,
    name: ctx.params.container,
    type: CONTAINER_TYPE,
    etag: `"0x${Date.now().toString(16).toUpperCase()}"`,
    properties: { publicAccess, hasImmutabilityPolicy: false, hasLegalHold: false, deleted: false },
  };
  ctx.twin.store.putResource(
    id.toLowerCase(),
    storageArmId(sub(ctx), rg.name, ctx.params.account!),
    CONTAINER_TYPE,
    JSON.stringify(container),
  );
  return { status: existing ? 200 : 201, body: container };
}

function identityId(ctx: RequestContext, rgName: string) {
  return `${rgId(sub(ctx), rgName)}/providers/${IDENTITY_TYPE}/${ctx.params.identity}`;
}

function storedIdentity(ctx: RequestContext) {
  const rg = requireResourceGroup(ctx);
  check(ctx.params.identity!, IDENTITY_PATTERN, "identity");
  const row = ctx.twin.store.getResource(identityId(ctx, rg.name).toLowerCase());
  return { rg, row };
}

function requireIdentity(ctx: RequestContext) {
  const { rg, row } = storedIdentity(ctx);
  if (!row) throw notFound(IDENTITY_TYPE, ctx.params.identity!, rg.name);
  return { rg, id: identityId(ctx, rg.name), body: row.body };
}

async function putIdentity(ctx: RequestContext): Promise<Reply> {
  const { rg, row } = storedIdentity(ctx);
  const body = await ctx.body();
  if (typeof body.location !== "string" || !body.location)
    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.");
  if (body.tags !== undefined && !isStringMap(body.tags))
    throw new ArmError(400, "InvalidRequestContent", "tags must be an object of strings.");
  const name = ctx.params.identity!;
  const id = identityId(ctx, rg.name);
  // The principal id is the one the twin's directory and tokens use for this name, so a twin principal
  // named like the identity (sp-aml-deployment-dev, …) is this identity.
  const identity = {
    id,
    name,
    type: IDENTITY_TYPE,
    location: body.location,
    tags: (body.tags as Record<string, string>) ?? {},
    properties: {
      tenantId: TWIN_TENANT_ID,
      principalId: objectIdFor(name),
      clientId: objectIdFor(`${name}/client`),
    },
    systemData: systemData(
      ctx.claims,
      row ? (JSON.parse(row.body) as { systemData?: never }).systemData : undefined,
    ),
  };
  ctx.twin.store.putResource(
    id.toLowerCase(),
    rgId(sub(ctx), rg.name),
    IDENTITY_TYPE,
    JSON.stringify(identity),
  );
  return { status: row ? 200 : 201, body: identity };
}

function listCredentials(ctx: RequestContext): Reply {
  const { id } = requireIdentity(ctx);
  return pageOfList(
    ctx,
    ctx.twin.store.listResources(id.toLowerCase(), FIC_TYPE).map((r) => r.body),
  );
}

function credentialId(ctx: RequestContext, identity: string) {
  check(ctx.params.credential!, FIC_PATTERN, "federated identity credential");
  return `${identity}/federatedIdentityCredentials/${ctx.params.credential}`;
}

function getCredential(ctx: RequestContext): Reply {
  const { id } = requireIdentity(ctx);
  const row = ctx.twin.store.getResource(credentialId(ctx, id).toLowerCase());
  if (!row) throw notFound(FIC_TYPE, ctx.params.credential!, ctx.params.resourceGroup!);
  return { status: 200, body: row.body };
}

async function putCredential(ctx: RequestContext): Promise<Reply> {
  const { id: identity } = requireIdentity(ctx);
  const id = credentialId(ctx, identity);
  const body = await ctx.body();
  const props = body.properties;
  if (
    !isRecord(props) ||
    typeof props.issuer !== "string" ||
    typeof props.subject !== "string" ||
    !Array.isArray(props.audiences) ||
    props.audiences.length === 0 ||
    !props.audiences.every((a) => typeof a === "string")
  )
    throw new ArmError(
      400,
      "BadRequest",
      "properties.issuer, properties.subject and properties.audiences are required.",
    );
  // Entra keeps one credential per issuer and subject on an identity.
  const clash = ctx.twin.store
    .listResources(identity.toLowerCase(), FIC_TYPE)
    .map((r) => JSON.parse(r.body) as { id: string; properties: { issuer: string; subject: string } })
    .find(
      (c) =>
        c.id.toLowerCase() !== id.toLowerCase() &&
        c.properties.issuer === props.issuer &&
        c.properties.subject === props.subject,
    );
  if (clash)
    throw new ArmError(
      400,
      "BadRequest",
      `A federated identity credential with issuer '${String(props.issuer)}' and subject '${String(props.subject)}' already exists on this identity (${clash.id}).`,
    );
  const existing = ctx.twin.store.getResource(id.toLowerCase());
  const credential = {
    id,
    name: ctx.params.credential,
    type: FIC_TYPE,
    properties: { issuer: props.issuer, subject: props.subject, audiences: props.audiences },
  };
  ctx.twin.store.putResource(id.toLowerCase(), identity.toLowerCase(), FIC_TYPE, JSON.stringify(credential));
  return { status: existing ? 200 : 201, body: credential };
}

function deleteCredential(ctx: RequestContext): Reply {
  const { id: identity } = requireIdentity(ctx);
  const id = credentialId(ctx, identity);
  return { status: ctx.twin.store.deleteResource(id.toLowerCase()) ? 200 : 204 };
}

const MI = "Microsoft.ManagedIdentity/userAssignedIdentities";

export const bootstrapRoutes: Route[] = [
  {
    pattern: SUB,
    namespace: "resources",
    methods: {
      GET: {
        action: null,
        handle: (ctx) => ({
          status: 200,
          body: {
            id: `/subscriptions/${sub(ctx)}`,
            subscriptionId: sub(ctx),
            tenantId: TWIN_TENANT_ID,
            displayName: "Airlock twin",
            state: "Enabled",
            authorizationSource: "RoleBased",
            subscriptionPolicies: {
              locationPlacementId: "Public_2014-09-01",
              quotaId: "PayAsYouGo_2014-09-01",
              spendingLimit: "Off",
            },
          },
        }),
      },
    },
  },
  {
    pattern: `${SUB}/providers`,
    namespace: "resources",
    methods: {
      GET: {
        action: null,
        handle: (ctx) =>
          pageOfList(
            ctx,
            KNOWN_NAMESPACES.map((n) => JSON.stringify(providerBody(ctx, n))),
          ),
      },
    },
  },
  {
    pattern: `${SUB}/providers/{namespace}`,
    namespace: "resources",
    methods: {
      GET: { action: null, handle: (ctx) => ({ status: 200, body: providerBody(ctx, knownNamespace(ctx)) }) },
    },
  },
  {
    pattern: `${SUB}/providers/{namespace}/register`,
    namespace: "resources",
    methods: {
      POST: {
        action: (params) => `${params.namespace}/register/action`,
        scope: "parent",
        handle: registerProvider,
      },
    },
  },
  {
    pattern: RG,
    namespace: "resources",
    methods: {
      GET: {
        action: "Microsoft.Resources/subscriptions/resourceGroups/read",
        handle: (ctx) => ({ status: 200, body: resourceGroupBody(ctx, requireResourceGroup(ctx)) }),
      },
      PUT: { action: "Microsoft.Resources/subscriptions/resourceGroups/write", handle: putResourceGroup },
    },
  },
  {
    pattern: ACCOUNT,
    namespace: "storage",
    methods: {
      GET: { action: "Microsoft.Storage/storageAccounts/read", handle: getAccount },
      PUT: { action: "Microsoft.Storage/storageAccounts/write", handle: putAccount },
    },
  },
  {
    pattern: BLOB_SERVICE,
    namespace: "storage",
    methods: {
      GET: { action: `${BLOB_SERVICE_TYPE}/read`, handle: getBlobService },
      PUT: { action: `${BLOB_SERVICE_TYPE}/write`, handle: putBlobService },
    },
  },
  {
    pattern: CONTAINER,
    namespace: "storage",
    methods: {
      GET: { action: `${CONTAINER_TYPE}/read`, handle: getContainer },
      PUT: { action: `${CONTAINER_TYPE}/write`, handle: putContainer },
    },
  },
  {
    pattern: IDENTITY,
    namespace: "resources",
    methods: {
      GET: { action: `${MI}/read`, handle: (ctx) => ({ status: 200, body: requireIdentity(ctx).body }) },
      PUT: { action: `${MI}/write`, handle: putIdentity },
    },
  },
  {
    pattern: FICS,
    namespace: "resources",
    methods: { GET: { action: `${MI}/federatedIdentityCredentials/read`, handle: listCredentials } },
  },
  {
    pattern: `${FICS}/{credential}`,
    namespace: "resources",
    methods: {
      GET: { action: `${MI}/federatedIdentityCredentials/read`, handle: getCredential },
      PUT: { action: `${MI}/federatedIdentityCredentials/write`, handle: putCredential },
      DELETE: { action: `${MI}/federatedIdentityCredentials/delete`, handle: deleteCredential },
    },
  },
];
