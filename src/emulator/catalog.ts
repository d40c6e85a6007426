/**
 * @module emulator/catalog
 * The fixed part of the twin's world, derived from the platform model at start: the subscription, the six
 * resource groups, the two workspaces with their default datastores, the storage accounts (each
 * workspace's, each registry's, and one spare account for registries created at run time), and the
 * seed bodies of the two registries.
 */
import { createHash } from "node:crypto";
import { type Platform, PURPOSES, type Purpose } from "../platform/index.ts";
import { objectIdFor, TWIN_TENANT_ID } from "./principals.ts";

export const ML = "Microsoft.MachineLearningServices";
/** Registries created through the API after start share this account (Azurite's accounts are fixed at start). */
export const SPARE_STORAGE_ACCOUNT = "amltwinsharedst";

export interface ResourceGroupInfo {
  name: string;
  location: string;
  tags: Record<string, string>;
  purpose: Purpose;
}

export interface WorkspaceInfo {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  purpose: Purpose;
  workspaceId: string;
  tags: Record<string, string>;
  storageAccount: string;
  keyVault: string;
  containerRegistry: string;
  applicationInsights: string;
  workspaceIdentity: string;
  isolationMode: string;
  /** Blob container of the default datastore `workspaceblobstore`. */
  blobstoreContainer: string;
}

export interface StorageAccountInfo {
  name: string;
  resourceGroup: string;
  location: string;
  purpose: Purpose | "shared";
}

export interface Catalog {
  subscriptionId: string;
  resourceGroups: ResourceGroupInfo[];
  workspaces: WorkspaceInfo[];
  storageAccounts: StorageAccountInfo[];
  seedRegistries: Array<{
    resourceGroup: string;
    name: string;
    location: string;
    tags: Record<string, string>;
    storageAccount: string;
  }>;
}

/** A stable GUID derived from text (workspace ids must not change across restarts). */
export function stableGuid(text: string): string {
  const hex = createHash("sha256").update(text).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const rgId = (sub: string, rg: string) => `/subscriptions/${sub}/resourceGroups/${rg}`;
export const workspaceArmId = (sub: string, rg: string, ws: string) =>
  `${rgId(sub, rg)}/providers/${ML}/workspaces/${ws}`;
export const registryArmId = (sub: string, rg: string, reg: string) =>
  `${rgId(sub, rg)}/providers/${ML}/registries/${reg}`;
export const storageArmId = (sub: string, rg: string, account: string) =>
  `${rgId(sub, rg)}/providers/Microsoft.Storage/storageAccounts/${account}`;

export function buildCatalog(platform: Platform, subscriptionId: string): Catalog {
  const catalog: Catalog = {
    subscriptionId,
    resourceGroups: [],
    workspaces: [],
    storageAccounts: [],
    seedRegistries: [],
  };
  for (const purpose of PURPOSES) {
    const env = platform.environments[purpose];
    const rgs = env.resourceGroups;
    for (const key of ["vnet", "ws", "reg"] as const) {
      catalog.resourceGroups.push({ name: rgs[key], location: env.location, tags: env.tags, purpose });
    }
    const n = env.names;
    const workspaceId = stableGuid(`${subscriptionId}/${rgs.ws}/${n.workspace}`);
    catalog.workspaces.push({
      id: workspaceArmId(subscriptionId, rgs.ws, n.workspace),
      name: n.workspace,
      resourceGroup: rgs.ws,
      location: env.location,
      purpose,
      workspaceId,
      tags: env.tags,
      storageAccount: n.storageAccount,
      keyVault: n.keyVault,
      containerRegistry: n.containerRegistry,
      applicationInsights: n.applicationInsights,
      workspaceIdentity: n.workspaceIdentity,
      isolationMode: env.workspaceIsolationMode,
      blobstoreContainer: `azureml-blobstore-${workspaceId}`,
    });
    catalog.storageAccounts.push(
      { name: n.storageAccount, resourceGroup: rgs.ws, location: env.location, purpose },
      { name: n.registryStorageAccount, resourceGroup: rgs.reg, location: env.location, purpose },
    );
    catalog.seedRegistries.push({
      resourceGroup: rgs.reg,
      name: n.registry,
      location: env.location,
      tags: env.tags,
      storageAccount: n.registryStorageAccount,
    });
  }
  const first = catalog.resourceGroups[0]!;
  catalog.storageAccounts.push({
    name: SPARE_STORAGE_ACCOUNT,
    resourceGroup: first.name,
    location: first.location,
    purpose: "shared",
  });
  return catalog;
}

/** The stored body of a registry (endpoint-dependent URLs are added when it is read). */
export function registryBody(
  subscriptionId: string,
  resourceGroup: string,
  name: string,
  location: string,
  tags: Record<string, string>,
  storageAccount: string,
  storageResourceGroup: string,
): Record<string, unknown> {
  const id = registryArmId(subscriptionId, resourceGroup, name);
  const identityId = objectIdFor(`${id}/system-identity`.toLowerCase());
  return {
    id,
    name,
    type: `${ML}/registries`,
    location,
    tags,
    kind: "",
    identity: { type: "SystemAssigned", principalId: identityId, tenantId: TWIN_TENANT_ID },
    sku: { name: "P3", tier: "Standard" },
    properties: {
      intellectualPropertyPublisher: null,
      managedResourceGroup: {
        resourceId: `/subscriptions/${subscriptionId}/resourceGroups/azureml-rg-${name}`,
      },
      publicNetworkAccess: "Disabled",
      regionDetails: [
        {
          location,
          acrDetails: [
            {
              systemCreatedAcrAccount: {
                acrAccountName: `${name}acr`.slice(0, 50),
                acrAccountSku: "Premium",
              },
            },
          ],
          storageAccountDetails: [
            {
              systemCreatedStorageAccount: {
                storageAccountName: storageAccount,
                storageAccountType: "Standard_LRS",
                storageAccountHnsEnabled: false,
                allowBlobPublicAccess: false,
                armResourceId: {
                  resourceId: storageArmId(subscriptionId, storageResourceGroup, storageAccount),
                },
              },
            },
          ],
        },
      ],
      registryPrivateEndpointConnections: [],
      provisioningState: "Succeeded",
    },
  };
}

/** The storage account a registry body names. */
export function registryStorageAccount(body: Record<string, unknown>): string | undefined {
  const props = body.properties as {
    regionDetails?: Array<{
      storageAccountDetails?: Array<{ systemCreatedStorageAccount?: { storageAccountName?: string } }>;
    }>;
  };
  return props?.regionDetails?.[0]?.storageAccountDetails?.[0]?.systemCreatedStorageAccount
    ?.storageAccountName;
}
