/**
 * @module platform/rbac
 * The RBAC matrix (infra/rbac/rbac-matrix.json) expanded for one environment into concrete role assignments
 * with ARM scope ids, plus the role definitions the twin and the verifier evaluate.
 */
import { createHash } from "node:crypto";
import rbacMatrix from "../../infra/rbac/rbac-matrix.json" with { type: "json" };
import type { EnvironmentPlatform, HumanProdAccess, HumanRegistryAccess, Purpose } from "./model.ts";
import roleDefinitions from "./role-definitions.json" with { type: "json" };

export type PrincipalKey = keyof typeof rbacMatrix.principals;
export type PrincipalType = "ServicePrincipal" | "UserAssignedIdentity" | "Group" | "SystemAssignedIdentity";

export type ScopeKey =
  | "resource_group.vnet"
  | "resource_group.ws"
  | "resource_group.reg"
  | "workspace"
  | "registry"
  | "storage_account"
  | "container_registry"
  | "key_vault"
  | "storage_private_endpoint.blob"
  | "storage_private_endpoint.file"
  | "storage_container.ledger";

/** The audit ledger's container in the prod workspace's storage account (WORM, errata 12). */
export const LEDGER_CONTAINER = "airlock-ledger";

export interface MatrixAssignment {
  principal: PrincipalKey;
  role: string;
  scope: ScopeKey;
  why: string;
  environments?: Purpose[];
  humanRegistryAccess?: HumanRegistryAccess;
  humanProdAccess?: HumanProdAccess;
}

export interface RoleDefinition {
  name: string;
  id: string;
  actions: readonly string[];
  notActions: readonly string[];
  dataActions: readonly string[];
  notDataActions: readonly string[];
  custom: boolean;
}

/** One role assignment as it should exist in an environment. */
export interface ExpectedAssignment {
  principalKey: PrincipalKey;
  principalName: string;
  principalType: PrincipalType;
  human: boolean;
  roleName: string;
  scopeKey: ScopeKey;
  scope: string;
  why: string;
}

export const matrix = rbacMatrix as unknown as {
  principals: Record<
    PrincipalKey,
    { type: PrincipalType; name: string; human: boolean; resourceGroup?: string; description: string }
  >;
  customRoles: Record<
    string,
    { description: string; actions: string[]; notActions: string[]; dataActions?: string[] }
  >;
  assignments: MatrixAssignment[];
};

/** Deterministic id of the custom read-only registry role (Azure assigns GUIDs; the twin needs a stable one). */
export const CUSTOM_REGISTRY_READER_ROLE_ID = "a1b10c00-0000-4000-8000-000000000001";

/** A stable GUID per custom role name (the registry reader keeps the id it always had). */
function customRoleId(name: string): string {
  if (name === "AzureML Registry Reader (Airlock)") return CUSTOM_REGISTRY_READER_ROLE_ID;
  const hex = createHash("sha256").update(`airlock-custom-role/${name}`).digest("hex");
  return `a1b10c00-0000-4000-8000-${hex.slice(0, 12)}`;
}

interface BuiltInRole {
  id: string;
  actions: string[];
  notActions: string[];
  dataActions?: string[];
  notDataActions?: string[];
}

export function roleDefinition(name: string): RoleDefinition | undefined {
  const builtIn = (roleDefinitions.roles as Record<string, BuiltInRole>)[name];
  if (builtIn)
    return {
      name,
      id: builtIn.id,
      actions: builtIn.actions,
      notActions: builtIn.notActions,
      dataActions: builtIn.dataActions ?? [],
      notDataActions: builtIn.notDataActions ?? [],
      custom: false,
    };
  const custom = matrix.customRoles[name];
  if (custom)
    return {
      name,
      id: customRoleId(name),
      actions: custom.actions,
      notActions: custom.notActions,
      dataActions: custom.dataActions ?? [],
      notDataActions: [],
      custom: true,
    };
  return undefined;
}

export function allRoleDefinitions(): RoleDefinition[] {
  const names = [...Object.keys(roleDefinitions.roles), ...Object.keys(matrix.customRoles)];
  return names.map((name) => roleDefinition(name)!);
}

export function principalName(key: PrincipalKey, purpose: Purpose): string {
  return matrix.principals[key].name.replaceAll("{purpose}", purpose);
}

export function resolveScope(env: EnvironmentPlatform, scope: ScopeKey, subscriptionId: string): string {
  const rg = (key: "vnet" | "ws" | "reg") =>
    `/subscriptions/${subscriptionId}/resourceGroups/${env.resourceGroups[key]}`;
  const n = env.names;
  switch (scope) {
    case "resource_group.vnet":
      return rg("vnet");
    case "resource_group.ws":
      return rg("ws");
    case "resource_group.reg":
      return rg("reg");
    case "workspace":
      return `${rg("ws")}/providers/Microsoft.MachineLearningServices/workspaces/${n.workspace}`;
    case "registry":
      return `${rg("reg")}/providers/Microsoft.MachineLearningServices/registries/${n.registry}`;
    case "storage_account":
      return `${rg("ws")}/providers/Microsoft.Storage/storageAccounts/${n.storageAccount}`;
    case "container_registry":
      return `${rg("ws")}/providers/Microsoft.ContainerRegistry/registries/${n.containerRegistry}`;
    case "key_vault":
      return `${rg("ws")}/providers/Microsoft.KeyVault/vaults/${n.keyVault}`;
    case "storage_private_endpoint.blob":
      return `${rg("vnet")}/providers/Microsoft.Network/privateEndpoints/${n.privateEndpoints.storageBlob}`;
    case "storage_private_endpoint.file":
      return `${rg("vnet")}/providers/Microsoft.Network/privateEndpoints/${n.privateEndpoints.storageFile}`;
    case "storage_container.ledger":
      return `${rg("ws")}/providers/Microsoft.Storage/storageAccounts/${n.storageAccount}/blobServices/default/containers/${LEDGER_CONTAINER}`;
  }
}

/** The assignments the matrix requires in one environment, given its human registry and prod access options. */
export function expectedAssignments(env: EnvironmentPlatform, subscriptionId: string): ExpectedAssignment[] {
  return matrix.assignments
    .filter((a) => !a.environments || a.environments.includes(env.purpose))
    .filter((a) => !a.humanRegistryAccess || a.humanRegistryAccess === env.humanRegistryAccess)
    .filter((a) => !a.humanProdAccess || a.humanProdAccess === env.humanProdAccess)
    .map((a) => {
      const principal = matrix.principals[a.principal];
      return {
        principalKey: a.principal,
        principalName: principalName(a.principal, env.purpose),
        principalType: principal.type,
        human: principal.human,
        roleName: a.role,
        scopeKey: a.scope,
        scope: resolveScope(env, a.scope, subscriptionId),
        why: a.why,
      };
    });
}

/** The permissions a role definition carries (control-plane actions and data actions). */
export type RolePermissions = Pick<RoleDefinition, "actions" | "notActions"> &
  Partial<Pick<RoleDefinition, "dataActions" | "notDataActions">>;

const patternOf = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  );

/** Azure's evaluation of one permission list: matches an allowed pattern and no excluded one. */
export function permits(allowed: readonly string[], excluded: readonly string[], action: string): boolean {
  return allowed.some((p) => patternOf(p).test(action)) && !excluded.some((p) => patternOf(p).test(action));
}

/**
 * What lets a person change what prod serves or what the ledger says without the gate (errata 11-12):
 * writing online endpoints or deployments, reading the storage key (datastore listSecrets, listKeys), and
 * writing or deleting prod storage data. `data` marks a data action (evaluated against dataActions).
 */
export const PROD_GATE_BYPASSES = [
  {
    on: "workspace",
    data: false,
    action: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/write",
  },
  {
    on: "workspace",
    data: false,
    action: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/delete",
  },
  {
    on: "workspace",
    data: false,
    action: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/write",
  },
  {
    on: "workspace",
    data: false,
    action: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/delete",
  },
  {
    on: "workspace",
    data: false,
    action: "Microsoft.MachineLearningServices/workspaces/datastores/listsecrets/action",
  },
  {
    on: "workspace",
    data: false,
    action: "Microsoft.MachineLearningServices/workspaces/listStorageAccountKeys/action",
  },
  { on: "storage", data: false, action: "Microsoft.Storage/storageAccounts/listKeys/action" },
  // A service or account SAS is signed with the account key: as good as the key for what it names.
  { on: "storage", data: false, action: "Microsoft.Storage/storageAccounts/listServiceSas/action" },
  { on: "storage", data: false, action: "Microsoft.Storage/storageAccounts/listAccountSas/action" },
  {
    on: "storage",
    data: true,
    action: "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
  },
  {
    on: "storage",
    data: true,
    action: "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
  },
  {
    on: "storage",
    data: true,
    action: "Microsoft.Storage/storageAccounts/fileServices/fileshares/files/write",
  },
] as const;

/** The gate-bypassing permissions (PROD_GATE_BYPASSES) a role grants, as their action names. */
export function prodGateBypasses(role: RolePermissions, on?: "workspace" | "storage"): string[] {
  return PROD_GATE_BYPASSES.filter((b) => !on || b.on === on)
    .filter((b) =>
      b.data
        ? permits(role.dataActions ?? [], role.notDataActions ?? [], b.action)
        : permits(role.actions, role.notActions, b.action),
    )
    .map((b) => b.action);
}
