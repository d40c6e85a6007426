/**
 * @module verify/rbac
 * `airlock verify rbac --env <env>`: the role assignments actually present on the environment's three
 * resource groups (and everything in them, and what they inherit from above) compared with the RBAC matrix.
 *
 * Every assignment that is not exactly in the matrix is reported once, as the most specific kind that fits:
 * - `human-registry-write` (prod): a person (user or people group) can write prod registry assets, i.e.
 *   bypass the approval gate;
 * - `human-prod-write` (prod): a person can write prod online endpoints or deployments, read the storage
 *   key (datastore listSecrets, listKeys) or write prod storage data outside the ledger container
 *   (errata 11-12), i.e. change what prod serves or rewrite the ledger without the gate;
 * - `unknown-principal`: the principal is not in the directory (not a platform identity or known person);
 * - `unknown-role`: the role definition is not one the matrix or Azure's listing knows;
 * - `inherited`: assigned above the environment (subscription or management group) and so inherited by it;
 * - `duplicate`: the same principal already holds the same role at a scope that contains this one;
 * - `wrong-role`: the matrix wants this principal at this scope with another role (which is missing);
 * - `wrong-scope`: the matrix wants this principal with this role at another scope (which is missing);
 * - `privileged`: an extra assignment of a role that can change role assignments (Owner, User Access
 *   Administrator, …);
 * - `extra`: any other assignment the matrix does not have.
 * Expected assignments that are absent (and not explained by a wrong-role / wrong-scope pairing) are
 * `missing`. Assignments that match the matrix but bypass the gate because the tfvars chose the strategy's
 * literal matrix (human_registry_access or human_prod_access = "literal-matrix") are not drift: they are
 * listed in `bypasses`, flagged on every run.
 */

import type { ArmClient } from "../arm/client.ts";
import type { Connection } from "../connect/connection.ts";
import { AUTHORIZATION_API_VERSION } from "../contract/versions.ts";
import {
  allRoleDefinitions,
  type EnvironmentPlatform,
  type ExpectedAssignment,
  expectedAssignments,
  LEDGER_CONTAINER,
  type Purpose,
  prodGateBypasses,
} from "../platform/index.ts";
import type { PrincipalDirectory } from "./directory.ts";

export { AUTHORIZATION_API_VERSION };
export const REGISTRY_ASSET_WRITE = "Microsoft.MachineLearningServices/registries/assets/write";
const ROLE_ASSIGNMENT_WRITE = "Microsoft.Authorization/roleAssignments/write";

export const DRIFT_KINDS = [
  "missing",
  "extra",
  "wrong-scope",
  "wrong-role",
  "human-registry-write",
  "human-prod-write",
  "unknown-principal",
  "unknown-role",
  "inherited",
  "duplicate",
  "privileged",
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** A role assignment as ARM lists it, with names resolved where the directory and role listing know them. */
export interface ActualAssignment {
  id: string;
  scope: string;
  roleDefinitionId: string;
  roleName: string | undefined;
  principalId: string;
  principalType: string;
  principalName: string | undefined;
}

export interface Drift {
  kind: DriftKind;
  message: string;
  /** The matrix row concerned (missing, wrong-role, wrong-scope). */
  expected?: { principal: string; role: string; scope: string };
  /** The assignment found (every kind but missing). */
  actual?: ActualAssignment;
  /** Every resource id involved: assignment ids, scopes, role definition ids. */
  resourceIds: string[];
}

export interface RbacReport {
  env: Purpose;
  subscriptionId: string;
  /** The scopes listed: the environment's three resource groups. */
  scopes: string[];
  expected: number;
  found: number;
  matched: number;
  drift: Drift[];
  /** Matrix rows that bypass the gate because the tfvars chose the literal matrix: flagged, not drift. */
  bypasses: Drift[];
  ok: boolean;
}

/** A role definition as the service lists it (or, failing that, as the repository defines it). */
export interface RoleInfo {
  id: string;
  name: string;
  actions: readonly string[];
  notActions: readonly string[];
  dataActions?: readonly string[];
  notDataActions?: readonly string[];
}

interface RawAssignment {
  id: string;
  properties: { scope: string; roleDefinitionId: string; principalId: string; principalType?: string };
}

interface RawRoleDefinition {
  name: string;
  properties: {
    roleName: string;
    permissions?: Array<{
      actions?: string[];
      notActions?: string[];
      dataActions?: string[];
      notDataActions?: string[];
    }>;
  };
}

const lower = (text: string) => text.toLowerCase();
export const roleIdOf = (roleDefinitionId: string) =>
  lower(roleDefinitionId.slice(roleDefinitionId.lastIndexOf("/") + 1));

/** `a` is `b` or inside it. */
export const within = (a: string, b: string) => {
  const x = lower(a).replace(/\/+$/, "");
  const y = lower(b).replace(/\/+$/, "");
  return x === y || y === "" || x.startsWith(`${y}/`);
};

/** Does the role allow `action` (ARM wildcard semantics over actions minus notActions)? */
export function roleGrants(role: Pick<RoleInfo, "actions" | "notActions">, action: string): boolean {
  const matches = (pattern: string) =>
    new RegExp(
      `^${pattern
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
      "i",
    ).test(action);
  return role.actions.some(matches) && !role.notActions.some(matches);
}

/**
 * Role definitions by id: the service's listing at `scope` (a resource group the caller can read: built-in
 * roles plus custom roles assignable there), completed by the repository's definitions.
 */
export async function listRoles(arm: ArmClient, scope: string): Promise<Map<string, RoleInfo>> {
  const roles = new Map<string, RoleInfo>();
  for (const role of allRoleDefinitions()) roles.set(lower(role.id), role);
  const listed = await arm
    .list<RawRoleDefinition>(`${scope}/providers/Microsoft.Authorization/roleDefinitions`, {
      apiVersion: AUTHORIZATION_API_VERSION,
    })
    .toArray();
  for (const role of listed) {
    roles.set(lower(role.name), {
      id: lower(role.name),
      name: role.properties.roleName,
      actions: role.properties.permissions?.flatMap((p) => p.actions ?? []) ?? [],
      notActions: role.properties.permissions?.flatMap((p) => p.notActions ?? []) ?? [],
      dataActions: role.properties.permissions?.flatMap((p) => p.dataActions ?? []) ?? [],
      notDataActions: role.properties.permissions?.flatMap((p) => p.notDataActions ?? []) ?? [],
    });
  }
  return roles;
}

/** Role assignments at, above and below each scope (ARM's list semantics), each listed once. */
export async function listAssignments(
  arm: ArmClient,
  scopes: readonly string[],
  directory: PrincipalDirectory,
  roles: Map<string, RoleInfo>,
): Promise<ActualAssignment[]> {
  const byId = new Map<string, ActualAssignment>();
  for (const scope of scopes) {
    const items = await arm
      .list<RawAssignment>(`${scope}/providers/Microsoft.Authorization/roleAssignments`, {
        apiVersion: AUTHORIZATION_API_VERSION,
      })
      .toArray();
    for (const item of items) {
      if (byId.has(lower(item.id))) continue;
      const p = item.properties;
      byId.set(lower(item.id), {
        id: item.id,
        scope: p.scope,
        roleDefinitionId: p.roleDefinitionId,
        roleName: roles.get(roleIdOf(p.roleDefinitionId))?.name,
        principalId: p.principalId,
        principalType: p.principalType ?? "Unknown",
        principalName: directory.byId(p.principalId)?.name,
      });
    }
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function resourceGroupScopes(env: EnvironmentPlatform, subscriptionId: string): string[] {
  return (["vnet", "ws", "reg"] as const).map(
    (key) => `/subscriptions/${subscriptionId}/resourceGroups/${env.resourceGroups[key]}`,
  );
}

const describe = (a: ActualAssignment) =>
  `${a.principalName ?? a.principalId} has ${a.roleName ?? roleIdOf(a.roleDefinitionId)} on ${a.scope}`;
const describeExpected = (e: ExpectedAssignment) => `${e.principalName} ${e.roleName} on ${e.scope}`;
const expectedView = (e: ExpectedAssignment) => ({
  principal: e.principalName,
  role: e.roleName,
  scope: e.scope,
});

/**
 * The drift between what the matrix expects in one environment and what is assigned. Pure: `actual` comes
 * from `listAssignments`, names from the directory and role listing.
 */
export function diffAssignments(input: {
  env: EnvironmentPlatform;
  subscriptionId: string;
  expected: readonly ExpectedAssignment[];
  actual: readonly ActualAssignment[];
  directory: PrincipalDirectory;
  roles: Map<string, RoleInfo>;
}): { drift: Drift[]; bypasses: Drift[]; matched: number } {
  const { env, expected, actual, directory, roles } = input;
  // Terraform names each custom role "<matrix name> (<purpose>-<location code><random>)" (role names are
  // unique per tenant); the matrix names it without that suffix.
  const suffix = ` (${env.purpose}-${env.locationCode}${env.tfvars.random_string})`;
  const roleIdByName = new Map<string, string>();
  for (const r of roles.values()) {
    roleIdByName.set(r.name, lower(r.id));
    if (r.name.endsWith(suffix)) roleIdByName.set(r.name.slice(0, -suffix.length), lower(r.id));
  }
  const key = (principalId: string, roleId: string, scope: string) =>
    `${lower(principalId)}|${roleId}|${lower(scope)}`;
  const expectedKeys = expected.map((e) => {
    const principalId = directory.byName(e.principalName)?.objectId;
    const roleId = roleIdByName.get(e.roleName);
    return principalId && roleId ? key(principalId, roleId, e.scope) : undefined;
  });

  // Exact matches first: each expected row consumes one identical assignment.
  const unmatchedExpected = new Set(expected.map((_, i) => i));
  const unmatchedActual: ActualAssignment[] = [];
  const matchedActual: ActualAssignment[] = [];
  const taken = new Set<number>();
  for (const a of actual) {
    const k = key(a.principalId, roleIdOf(a.roleDefinitionId), a.scope);
    const i = expectedKeys.findIndex((ek, index) => ek === k && !taken.has(index));
    if (i >= 0) {
      taken.add(i);
      unmatchedExpected.delete(i);
      matchedActual.push(a);
    } else unmatchedActual.push(a);
  }
  const matched = taken.size;

  const envRoot = `/subscriptions/${input.subscriptionId}/resourceGroups/`;
  const inEnvironment = (scope: string) =>
    resourceGroupScopes(env, input.subscriptionId).some((rg) => within(scope, rg));
  const registryId = `${envRoot}${env.resourceGroups.reg}/providers/Microsoft.MachineLearningServices/registries/${env.names.registry}`;
  const workspaceId = `${envRoot}${env.resourceGroups.ws}/providers/Microsoft.MachineLearningServices/workspaces/${env.names.workspace}`;
  const accountId = `${envRoot}${env.resourceGroups.ws}/providers/Microsoft.Storage/storageAccounts/${env.names.storageAccount}`;
  const ledgerId = `${accountId}/blobServices/default/containers/${LEDGER_CONTAINER}`;
  const isHuman = (a: ActualAssignment) =>
    directory.byId(a.principalId)?.human ?? (a.principalType === "User" || a.principalType === "Group");
  /** What a person could do in prod without the gate through this assignment (errata 11-12). */
  const prodBypasses = (a: ActualAssignment, role: RoleInfo | undefined): string[] => {
    if (env.purpose !== "prod" || !role || !isHuman(a)) return [];
    return [
      ...(within(workspaceId, a.scope) ? prodGateBypasses(role, "workspace") : []),
      ...(within(accountId, a.scope) || (within(a.scope, accountId) && !within(a.scope, ledgerId))
        ? prodGateBypasses(role, "storage")
        : []),
    ];
  };
  const drift: Drift[] = [];
  const claimExpected = (predicate: (e: ExpectedAssignment) => boolean): ExpectedAssignment | undefined => {
    for (const i of unmatchedExpected) {
      const e = expected[i]!;
      if (predicate(e)) {
        unmatchedExpected.delete(i);
        return e;
      }
    }
    return undefined;
  };

  for (const a of unmatchedActual) {
    const role = roles.get(roleIdOf(a.roleDefinitionId));
    const who = directory.byId(a.principalId);
    const human = who?.human ?? (a.principalType === "User" || a.principalType === "Group");
    const ids = [a.id, a.scope, a.roleDefinitionId];
    const sameRoleAndPrincipal = (e: ExpectedAssignment) =>
      lower(e.principalName) === lower(who?.name ?? "") &&
      roleIdByName.get(e.roleName) === roleIdOf(a.roleDefinitionId);
    const samePrincipalAndScope = (e: ExpectedAssignment) =>
      lower(e.principalName) === lower(who?.name ?? "") && lower(e.scope) === lower(a.scope);

    if (
      env.purpose === "prod" &&
      human &&
      role !== undefined &&
      within(registryId, a.scope) &&
      roleGrants(role, REGISTRY_ASSET_WRITE)
    ) {
      const replaced = claimExpected(samePrincipalAndScope);
      drift.push({
        kind: "human-registry-write",
        message: `${describe(a)}: a person can write prod registry assets and so bypass the approval gate${replaced ? ` (the matrix has ${describeExpected(replaced)})` : ""}`,
        ...(replaced ? { expected: expectedView(replaced) } : {}),
        actual: a,
        resourceIds: [...ids, registryId],
      });
      continue;
    }
    const bypasses = prodBypasses(a, role);
    if (bypasses.length > 0) {
      const replaced = claimExpected(samePrincipalAndScope);
      drift.push({
        kind: "human-prod-write",
        message: `${describe(a)}: a person can ${bypasses.join(", ")} in prod and so change prod endpoints or storage (the ledger included) without the approval gate${replaced ? ` (the matrix has ${describeExpected(replaced)})` : ""}`,
        ...(replaced ? { expected: expectedView(replaced) } : {}),
        actual: a,
        resourceIds: [...ids, workspaceId, accountId],
      });
      continue;
    }
    if (!who) {
      drift.push({
        kind: "unknown-principal",
        message: `${describe(a)}: principal ${a.principalId} (${a.principalType}) is not a platform identity or known person`,
        actual: a,
        resourceIds: ids,
      });
      continue;
    }
    if (!role) {
      drift.push({
        kind: "unknown-role",
        message: `${describe(a)}: role definition ${a.roleDefinitionId} is not a role the platform uses`,
        actual: a,
        resourceIds: ids,
      });
      continue;
    }
    if (!inEnvironment(a.scope)) {
      drift.push({
        kind: "inherited",
        message: `${describe(a)}: assigned above the ${env.purpose} resource groups, so it applies to all of them and beyond`,
        actual: a,
        resourceIds: ids,
      });
      continue;
    }
    const broader = actual.find(
      (b) =>
        b !== a &&
        lower(b.principalId) === lower(a.principalId) &&
        roleIdOf(b.roleDefinitionId) === roleIdOf(a.roleDefinitionId) &&
        within(a.scope, b.scope) &&
        lower(a.scope) !== lower(b.scope),
    );
    if (broader) {
      drift.push({
        kind: "duplicate",
        message: `${describe(a)}: already granted by ${broader.id} on ${broader.scope}`,
        actual: a,
        resourceIds: [...ids, broader.id],
      });
      continue;
    }
    const wrongRole = claimExpected(samePrincipalAndScope);
    if (wrongRole) {
      drift.push({
        kind: "wrong-role",
        message: `${describe(a)}: the matrix has ${wrongRole.roleName} there`,
        expected: expectedView(wrongRole),
        actual: a,
        resourceIds: ids,
      });
      continue;
    }
    const wrongScope = claimExpected(sameRoleAndPrincipal);
    if (wrongScope) {
      drift.push({
        kind: "wrong-scope",
        message: `${describe(a)}: the matrix has it on ${wrongScope.scope}`,
        expected: expectedView(wrongScope),
        actual: a,
        resourceIds: [...ids, wrongScope.scope],
      });
      continue;
    }
    const privileged = roleGrants(role, ROLE_ASSIGNMENT_WRITE);
    drift.push({
      kind: privileged ? "privileged" : "extra",
      message: `${describe(a)}: not in the RBAC matrix${privileged ? "; the role can change role assignments" : ""}`,
      actual: a,
      resourceIds: ids,
    });
  }
  for (const i of unmatchedExpected) {
    const e = expected[i]!;
    const known = directory.byName(e.principalName);
    drift.push({
      kind: "missing",
      message: `${describeExpected(e)} is not assigned${known ? "" : ` (${e.principalName} is not in the principal directory)`}`,
      expected: expectedView(e),
      resourceIds: [e.scope],
    });
  }
  // The literal matrix, when chosen, is in the matrix: not drift, but still a gate bypass to flag.
  const bypasses: Drift[] = [];
  for (const a of matchedActual) {
    const role = roles.get(roleIdOf(a.roleDefinitionId));
    const ids = [a.id, a.scope, a.roleDefinitionId];
    if (
      env.purpose === "prod" &&
      role &&
      isHuman(a) &&
      within(registryId, a.scope) &&
      roleGrants(role, REGISTRY_ASSET_WRITE)
    )
      bypasses.push({
        kind: "human-registry-write",
        message: `${describe(a)} (human_registry_access = "literal-matrix"): a person can write prod registry assets and so bypass the approval gate`,
        actual: a,
        resourceIds: [...ids, registryId],
      });
    const prod = prodBypasses(a, role);
    if (prod.length > 0)
      bypasses.push({
        kind: "human-prod-write",
        message: `${describe(a)} (human_prod_access = "literal-matrix"): a person can ${prod.join(", ")} in prod and so bypass the approval gate`,
        actual: a,
        resourceIds: [...ids, workspaceId, accountId],
      });
  }
  return { drift, bypasses, matched };
}

/** Lists, resolves and diffs one environment's role assignments, acting as that environment's identity. */
export async function verifyRbac(
  connection: Connection,
  purpose: Purpose,
  directory: PrincipalDirectory,
): Promise<RbacReport> {
  const env = connection.env(purpose);
  const arm = connection.arm(purpose);
  const scopes = resourceGroupScopes(env, connection.subscriptionId);
  const roles = await listRoles(arm, scopes[0]!);
  const actual = await listAssignments(arm, scopes, directory, roles);
  const expected = expectedAssignments(env, connection.subscriptionId);
  const { drift, bypasses, matched } = diffAssignments({
    env,
    subscriptionId: connection.subscriptionId,
    expected,
    actual,
    directory,
    roles,
  });
  return {
    env: purpose,
    subscriptionId: connection.subscriptionId,
    scopes,
    expected: expected.length,
    found: actual.length,
    matched,
    drift,
    bypasses,
    ok: drift.length === 0,
  };
}
