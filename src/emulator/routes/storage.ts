/**
 * @module emulator/routes/storage
 * Storage the Azure way: workspace datastores (GET/list/listSecrets), Microsoft.Storage storage accounts
 * (GET/listKeys), blob containers (GET) and their time-based retention policies (immutabilityPolicies:
 * GET/PUT/DELETE, lock, extend — Microsoft.Storage 2023-05-01, enforced by the blob front end), registry
 * `startPendingUpload` (write SAS on a fresh container in the registry's storage; workspace codes too) and
 * registry `datareferences` (read SAS on an asset's blobs). Every blob URL points at the twin's blob front end.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type {
  BlobReferenceSasResponse,
  Datastore,
  StorageAccountListKeysResult,
} from "../../contract/types.ts";
import { ConflictError } from "../../errors.ts";
import { LEDGER_CONTAINER, type Platform } from "../../platform/index.ts";
import { ArmError, userError } from "../arm-errors.ts";
import { registryAssetId } from "../assets.ts";
import type { ImmutabilityPolicyRecord, PolicyUpdate } from "../blob-front-policy.ts";
import { storageArmId, type WorkspaceInfo } from "../catalog.ts";
import type { AssetType, RequestContext, Route, TwinRuntime } from "../context.ts";
import { resolveAssetLocation } from "../resolve.ts";
import type { TwinStorage } from "../storage.ts";
import { registryScope, workspaceScope } from "./assets.ts";
import { mlAction, pageOfList, REG, RG, requireRegistry, requireWorkspace, WS } from "./common.ts";

/** SAS lifetime for uploads and downloads handed to clients. */
const SAS_TTL_SECONDS = 3600;

/** The workspace's default datastore, in the shared contract's wire type (held to the spec by test/contract). */
function datastoreBody(twin: TwinRuntime, ws: WorkspaceInfo): Datastore {
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
      // The spec's AccountKeyDatastoreCredentials requires secrets; Azure answers them without the key.
      credentials: { credentialsType: "AccountKey", secrets: { secretsType: "AccountKey" } },
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
  // The spec's SASCredential has only sasUri: the asset's URL with a container read SAS.
  const answer: BlobReferenceSasResponse = {
    blobReferenceForConsumption: {
      blobUri,
      storageAccountArmId: storageArmId(ctx.twin.catalog.subscriptionId, account.resourceGroup, account.name),
      credential: {
        credentialType: "SAS",
        sasUri: location.path ? `${blobUri}?${query}` : `${base}?${query}`,
      },
    },
  };
  return { status: 200, body: answer };
}

const CONTAINER_TYPE = "Microsoft.Storage/storageAccounts/blobServices/containers";
const POLICY_TYPE = `${CONTAINER_TYPE}/immutabilityPolicies`;
const CONTAINER = `${RG}/providers/Microsoft.Storage/storageAccounts/{account}/blobServices/default/containers/{container}`;
const POLICY = `${CONTAINER}/immutabilityPolicies/default`;
const POLICY_ACTION = "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies";
/** Azure's bounds for immutabilityPeriodSinceCreationInDays, and the extensions a Locked policy allows. */
const MAX_DAYS = 146_000;
const MAX_EXTENSIONS = 5;
/** When tfvars leave ledger_retention_days out (the environments set it). */
const DEFAULT_LEDGER_DAYS = 3650;

/**
 * Each workspace storage account's ledger container with the policy Terraform gives it (ledger-policy module:
 * `ledger_retention_days`, `ledger_policy_locked` from the environment's tfvars). Seeded once: a policy that
 * exists, even one changed over ARM, is kept. The platform is loaded only when something is to be seeded.
 */
export async function seedLedgerPolicies(
  storage: TwinStorage,
  workspaces: readonly WorkspaceInfo[],
  platform: () => Promise<Platform>,
): Promise<void> {
  for (const workspace of workspaces) {
    await storage.ensureContainer(workspace.storageAccount, LEDGER_CONTAINER);
    if (await storage.front.getPolicy(workspace.storageAccount, LEDGER_CONTAINER)) continue;
    const tfvars = (await platform()).environments[workspace.purpose].tfvars;
    const days = tfvars.ledger_retention_days ?? DEFAULT_LEDGER_DAYS;
    const locked = tfvars.ledger_policy_locked ?? workspace.purpose === "prod";
    const by = { timestamp: new Date().toISOString(), objectIdentifier: "terraform", tenantId: "twin" };
    const entry = { immutabilityPeriodSinceCreationInDays: days, ...by, allowProtectedAppendWrites: true };
    const policy: ImmutabilityPolicyRecord = {
      immutabilityPeriodSinceCreationInDays: days,
      state: locked ? "Locked" : "Unlocked",
      allowProtectedAppendWrites: true,
      allowProtectedAppendWritesAll: false,
      etag: newEtag(),
      extensions: 0,
      updateHistory: locked
        ? [
            { update: "put", ...entry },
            { update: "lock", ...entry },
          ]
        : [{ update: "put", ...entry }],
    };
    await storage.front.setPolicy(workspace.storageAccount, LEDGER_CONTAINER, null, policy);
  }
}

function newEtag(): string {
  return `8d${Date.now().toString(16)}${randomBytes(2).toString("hex")}`.slice(0, 15);
}

const quoted = (etag: string) => `"${etag}"`;

async function requireContainer(ctx: RequestContext) {
  const account = storageAccountOf(ctx);
  const container = await ctx.twin.storage.front.getContainer(account.name, ctx.params.container!);
  if (!container) {
    throw new ArmError(404, "ContainerNotFound", "The specified container does not exist.");
  }
  return { account, container };
}

function policyProperties(policy: ImmutabilityPolicyRecord) {
  return {
    immutabilityPeriodSinceCreationInDays: policy.immutabilityPeriodSinceCreationInDays,
    state: policy.state,
    allowProtectedAppendWrites: policy.allowProtectedAppendWrites,
    allowProtectedAppendWritesAll: policy.allowProtectedAppendWritesAll,
  };
}

function policyReply(
  ctx: RequestContext,
  account: string,
  resourceGroup: string,
  policy: ImmutabilityPolicyRecord,
) {
  return {
    status: 200,
    headers: { etag: quoted(policy.etag) },
    body: {
      id: `${storageArmId(ctx.twin.catalog.subscriptionId, resourceGroup, account)}/blobServices/default/containers/${ctx.params.container}/immutabilityPolicies/default`,
      name: "default",
      type: POLICY_TYPE,
      etag: quoted(policy.etag),
      properties: policyProperties(policy),
    },
  };
}

const policyFailure = (status: number, reason: "state" | "etag") =>
  new ArmError(
    status,
    "ContainerImmutabilityPolicyFailure",
    reason === "etag"
      ? "Operation not allowed on immutability policy with incorrect etag."
      : "Operation not allowed on immutability policy with current state.",
  );

/** If-Match: required (lock, extend, delete) or honoured when given (put); `*` matches any policy. */
function checkIfMatch(ctx: RequestContext, policy: ImmutabilityPolicyRecord | null, required: boolean): void {
  const header = ctx.req.headers["if-match"];
  if (header === undefined) {
    if (required) throw policyFailure(412, "etag");
    return;
  }
  const value = header.trim();
  if (value === "*" ? !policy : !policy || value.replace(/^"|"$/g, "") !== policy.etag)
    throw policyFailure(412, "etag");
}

function historyEntry(
  ctx: RequestContext,
  update: PolicyUpdate["update"],
  policy: ImmutabilityPolicyRecord,
): PolicyUpdate {
  return {
    update,
    immutabilityPeriodSinceCreationInDays: policy.immutabilityPeriodSinceCreationInDays,
    timestamp: new Date().toISOString(),
    objectIdentifier: ctx.claims.oid,
    tenantId: ctx.claims.tid,
    allowProtectedAppendWrites: policy.allowProtectedAppendWrites,
    allowProtectedAppendWritesAll: policy.allowProtectedAppendWritesAll,
  };
}

async function readPolicyBody(ctx: RequestContext, forExtend: boolean) {
  const body = await ctx.body();
  const props = body.properties;
  if (typeof props !== "object" || props === null || Array.isArray(props)) {
    throw new ArmError(400, "InvalidRequestContent", "The request content must have an object 'properties'.");
  }
  const p = props as Record<string, unknown>;
  const days = p.immutabilityPeriodSinceCreationInDays;
  if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > MAX_DAYS) {
    throw new ArmError(
      400,
      "InvalidRequestPropertyValue",
      `immutabilityPeriodSinceCreationInDays must be an integer from 1 to ${MAX_DAYS}.`,
      { target: "properties.immutabilityPeriodSinceCreationInDays" },
    );
  }
  for (const name of ["allowProtectedAppendWrites", "allowProtectedAppendWritesAll"]) {
    if (p[name] !== undefined && typeof p[name] !== "boolean") {
      throw new ArmError(400, "InvalidRequestPropertyValue", `${name} must be a boolean.`, {
        target: `properties.${name}`,
      });
    }
  }
  if (p.allowProtectedAppendWrites === true && p.allowProtectedAppendWritesAll === true) {
    throw new ArmError(
      400,
      "InvalidRequestPropertyValue",
      "allowProtectedAppendWrites and allowProtectedAppendWritesAll are mutually exclusive.",
    );
  }
  if (
    forExtend &&
    (p.allowProtectedAppendWrites !== undefined || p.allowProtectedAppendWritesAll !== undefined)
  ) {
    throw policyFailure(409, "state");
  }
  return {
    days: days as number,
    appendWrites: p.allowProtectedAppendWrites === true,
    appendWritesAll: p.allowProtectedAppendWritesAll === true,
  };
}

async function savePolicy(
  ctx: RequestContext,
  account: string,
  current: ImmutabilityPolicyRecord | null,
  next: ImmutabilityPolicyRecord | null,
): Promise<void> {
  try {
    await ctx.twin.storage.front.setPolicy(account, ctx.params.container!, current?.etag ?? null, next);
  } catch (error) {
    if (error instanceof ConflictError) throw policyFailure(412, "etag");
    throw error;
  }
}

async function putPolicy(ctx: RequestContext) {
  const { account } = await requireContainer(ctx);
  const current = await ctx.twin.storage.front.getPolicy(account.name, ctx.params.container!);
  checkIfMatch(ctx, current, false);
  if (current?.state === "Locked") throw policyFailure(409, "state");
  const wanted = await readPolicyBody(ctx, false);
  const next: ImmutabilityPolicyRecord = {
    immutabilityPeriodSinceCreationInDays: wanted.days,
    state: "Unlocked",
    allowProtectedAppendWrites: wanted.appendWrites,
    allowProtectedAppendWritesAll: wanted.appendWritesAll,
    etag: newEtag(),
    extensions: 0,
    updateHistory: [],
  };
  next.updateHistory = [...(current?.updateHistory ?? []), historyEntry(ctx, "put", next)];
  await savePolicy(ctx, account.name, current, next);
  return policyReply(ctx, account.name, account.resourceGroup, next);
}

async function deletePolicy(ctx: RequestContext) {
  const { account } = await requireContainer(ctx);
  const current = await ctx.twin.storage.front.getPolicy(account.name, ctx.params.container!);
  checkIfMatch(ctx, current, true);
  // Azure: "Deleting a locked immutability policy is not allowed" (BlobContainers_DeleteImmutabilityPolicy).
  if (!current || current.state === "Locked") throw policyFailure(409, "state");
  await savePolicy(ctx, account.name, current, null);
  return policyReply(ctx, account.name, account.resourceGroup, {
    ...current,
    immutabilityPeriodSinceCreationInDays: 0,
    state: "Unlocked",
    allowProtectedAppendWrites: false,
    allowProtectedAppendWritesAll: false,
    etag: newEtag(),
  });
}

async function lockPolicy(ctx: RequestContext) {
  const { account } = await requireContainer(ctx);
  const current = await ctx.twin.storage.front.getPolicy(account.name, ctx.params.container!);
  checkIfMatch(ctx, current, true);
  if (current?.state !== "Unlocked") throw policyFailure(409, "state");
  const next: ImmutabilityPolicyRecord = { ...current, state: "Locked", etag: newEtag() };
  next.updateHistory = [...current.updateHistory, historyEntry(ctx, "lock", next)];
  await savePolicy(ctx, account.name, current, next);
  return policyReply(ctx, account.name, account.resourceGroup, next);
}

async function extendPolicy(ctx: RequestContext) {
  const { account } = await requireContainer(ctx);
  const current = await ctx.twin.storage.front.getPolicy(account.name, ctx.params.container!);
  checkIfMatch(ctx, current, true);
  if (current?.state !== "Locked") throw policyFailure(409, "state");
  const wanted = await readPolicyBody(ctx, true);
  // A Locked policy can only be extended, at most five times ("Locked versus unlocked policies").
  if (wanted.days <= current.immutabilityPeriodSinceCreationInDays || current.extensions >= MAX_EXTENSIONS) {
    throw policyFailure(409, "state");
  }
  const next: ImmutabilityPolicyRecord = {
    ...current,
    immutabilityPeriodSinceCreationInDays: wanted.days,
    etag: newEtag(),
    extensions: current.extensions + 1,
  };
  next.updateHistory = [...current.updateHistory, historyEntry(ctx, "extend", next)];
  await savePolicy(ctx, account.name, current, next);
  return policyReply(ctx, account.name, account.resourceGroup, next);
}

async function getPolicy(ctx: RequestContext) {
  const { account } = await requireContainer(ctx);
  const policy = await ctx.twin.storage.front.getPolicy(account.name, ctx.params.container!);
  if (!policy) {
    throw new ArmError(
      404,
      "ResourceNotFound",
      `The container '${ctx.params.container}' has no immutability policy.`,
    );
  }
  return policyReply(ctx, account.name, account.resourceGroup, policy);
}

async function getContainer(ctx: RequestContext) {
  const { account, container } = await requireContainer(ctx);
  const policy = await ctx.twin.storage.front.getPolicy(account.name, container.name);
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const etag = quoted(container.etag.replace(/^"|"$/g, ""));
  return {
    status: 200,
    headers: { etag },
    body: {
      id: `${storageArmId(ctx.twin.catalog.subscriptionId, account.resourceGroup, account.name)}/blobServices/default/containers/${container.name}`,
      name: container.name,
      type: CONTAINER_TYPE,
      etag,
      properties: {
        deleted: false,
        remainingRetentionDays: 0,
        defaultEncryptionScope: "$account-encryption-key",
        denyEncryptionScopeOverride: false,
        publicAccess: capital(container.publicAccess),
        leaseStatus: capital(container.leaseStatus),
        leaseState: capital(container.leaseState),
        lastModifiedTime: container.lastModified,
        metadata: container.metadata,
        ...(policy
          ? {
              immutabilityPolicy: {
                etag: quoted(policy.etag),
                properties: policyProperties(policy),
                updateHistory: policy.updateHistory,
              },
            }
          : {}),
        legalHold: { hasLegalHold: false, tags: [] },
        hasImmutabilityPolicy: policy !== null,
        hasLegalHold: false,
      },
    },
  };
}

export const storageRoutes: Route[] = [
  {
    pattern: CONTAINER,
    namespace: "storage",
    methods: {
      GET: { action: `${CONTAINER_TYPE}/read`, handle: getContainer },
    },
  },
  {
    pattern: POLICY,
    namespace: "storage",
    methods: {
      GET: { action: `${POLICY_ACTION}/read`, handle: getPolicy },
      PUT: { action: `${POLICY_ACTION}/write`, handle: putPolicy },
      DELETE: { action: `${POLICY_ACTION}/delete`, handle: deletePolicy },
    },
  },
  {
    pattern: `${POLICY}/lock`,
    namespace: "storage",
    methods: { POST: { action: `${POLICY_ACTION}/lock/action`, scope: "parent", handle: lockPolicy } },
  },
  {
    pattern: `${POLICY}/extend`,
    namespace: "storage",
    methods: { POST: { action: `${POLICY_ACTION}/extend/action`, scope: "parent", handle: extendPolicy } },
  },
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
          const body: StorageAccountListKeysResult = {
            keys: [{ keyName: "key1", value: ctx.twin.storage.key(account.name), permissions: "Full" }],
          };
          return { status: 200, body };
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
