/**
 * @module platform/rbac
 * The RBAC matrix (infra/rbac/rbac-matrix.json) expanded for one environment into concrete role assignments
 * with ARM scope ids, plus the role definitions the twin and the verifier evaluate.
 */
import rbacMatrix from "../../infra/rbac/rbac-matrix.json" with { type: "json" };
import type { EnvironmentPlatform, HumanRegistryAccess, Purpose } from "./model.ts";
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
  | "storage_private_endpoint.file";

export interface MatrixAssignment {
  principal: PrincipalKey;
  role: string;
  scope: ScopeKey;
  why: string;
  environments?: Purpose[];
  humanRegistryAccess?: HumanRegistryAccess;
}

export interface RoleDefinition {
  name: string;
  id: string;
  actions: readonly string[];
  notActions: readonly string[];
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
  customRoles: Record<string, { description: string; actions: string[]; notActions: string[] }>;
  assignments: MatrixAssignment[];
};

/** Deterministic id of the custom read-only registry role (Azure assigns GUIDs; the twin needs a stable one). */
export const CUSTOM_REGISTRY_READER_ROLE_ID = "a1b10c00-0000-4000-8000-000000000001";

export function roleDefinition(name: string): RoleDefinition | undefined {
  const builtIn = (
    roleDefinitions.roles as Record<string, { id: string; actions: string[]; notActions: string[] }>
  )[name];
  if (builtIn)
    return { name, id: builtIn.id, actions: builtIn.actions, notActions: builtIn.notActions, custom: false };
  const custom = matrix.customRoles[name];
  if (custom)
    return {
      name,
      id: CUSTOM_REGISTRY_READER_ROLE_ID,
      actions: custom.actions,
      notActions: custom.notActions,
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
  }
}

/** The assignments the matrix requires in one environment, given its human registry access option. */
export function expectedAssignments(env: EnvironmentPlatform, subscriptionId: string): ExpectedAssignment[] {
  return matrix.assignments
    .filter((a) => !a.environments || a.environments.includes(env.purpose))
    .filter((a) => !a.humanRegistryAccess || a.humanRegistryAccess === env.humanRegistryAccess)
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
