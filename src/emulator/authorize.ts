/**
 * @module emulator/authorize
 * Azure RBAC evaluation for the twin: an action is allowed at a scope when some role assigned to the caller
 * (or one of its groups) at that scope or above grants it — it matches one of the role's `actions` and none
 * of its `notActions`, case-insensitively, `*` matching any run of characters as in Azure. Data actions
 * (blob reads and writes) are evaluated the same way against `dataActions` / `notDataActions`, which is how
 * a role assigned on one container (the ledger's) grants blob writes there and nowhere else. Decisions are
 * cached per (principal set, action, scope) and the cache is dropped whenever assignments change.
 */
import { allRoleDefinitions, type RoleDefinition } from "../platform/index.ts";
import { ArmError } from "./arm-errors.ts";
import type { TwinClaims } from "./tokens.ts";

export interface Assignment {
  principalId: string;
  /** Lower-cased scope without a trailing slash. */
  scope: string;
  roleDefinitionId: string;
}

interface CompiledRole {
  actions: RegExp[];
  notActions: RegExp[];
  dataActions: RegExp[];
  notDataActions: RegExp[];
}

const compilePattern = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  );

function compileRole(
  role: Pick<RoleDefinition, "actions" | "notActions"> &
    Partial<Pick<RoleDefinition, "dataActions" | "notDataActions">>,
): CompiledRole {
  return {
    actions: role.actions.map(compilePattern),
    notActions: role.notActions.map(compilePattern),
    dataActions: (role.dataActions ?? []).map(compilePattern),
    notDataActions: (role.notDataActions ?? []).map(compilePattern),
  };
}

/** Whether one role definition grants the action (actions minus notActions). */
export function roleGrants(role: Pick<RoleDefinition, "actions" | "notActions">, action: string): boolean {
  const compiled = compileRole(role);
  return compiled.actions.some((r) => r.test(action)) && !compiled.notActions.some((r) => r.test(action));
}

/** The last path segment of a role definition id (its GUID). */
export const roleIdOf = (roleDefinitionId: string): string =>
  roleDefinitionId.slice(roleDefinitionId.lastIndexOf("/") + 1).toLowerCase();

export class Authorizer {
  private readonly roles = new Map<string, CompiledRole>();
  private assignments: Assignment[] = [];
  private readonly cache = new Map<string, boolean>();

  constructor() {
    for (const role of allRoleDefinitions()) this.roles.set(role.id.toLowerCase(), compileRole(role));
  }

  setAssignments(assignments: Assignment[]): void {
    this.assignments = assignments.map((a) => ({
      principalId: a.principalId.toLowerCase(),
      scope: a.scope.toLowerCase().replace(/\/+$/, ""),
      roleDefinitionId: roleIdOf(a.roleDefinitionId),
    }));
    this.cache.clear();
  }

  isAllowed(claims: TwinClaims, action: string, scope: string): boolean {
    return this.#evaluate(claims, action, scope, false);
  }

  /** Whether a data action (e.g. `…/containers/blobs/write`) is allowed at `scope`. */
  isDataAllowed(claims: TwinClaims, dataAction: string, scope: string): boolean {
    return this.#evaluate(claims, dataAction, scope, true);
  }

  #evaluate(claims: TwinClaims, action: string, scope: string, data: boolean): boolean {
    const lowerScope = scope.toLowerCase().replace(/\/+$/, "");
    const key = `${data ? "data" : "action"}|${claims.oid}|${claims.groups.join(",")}|${action}|${lowerScope}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const ids = new Set([claims.oid.toLowerCase(), ...claims.groups.map((g) => g.toLowerCase())]);
    let allowed = false;
    for (const assignment of this.assignments) {
      if (!ids.has(assignment.principalId)) continue;
      if (lowerScope !== assignment.scope && !lowerScope.startsWith(`${assignment.scope}/`)) continue;
      const role = this.roles.get(assignment.roleDefinitionId);
      if (!role) continue;
      const [allowedPatterns, excludedPatterns] = data
        ? [role.dataActions, role.notDataActions]
        : [role.actions, role.notActions];
      if (allowedPatterns.some((r) => r.test(action)) && !excludedPatterns.some((r) => r.test(action))) {
        allowed = true;
        break;
      }
    }
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, allowed);
    return allowed;
  }

  /** Throws Azure's 403 `AuthorizationFailed` when the action is not allowed. */
  demand(claims: TwinClaims, action: string, scope: string): void {
    if (!this.isAllowed(claims, action, scope)) throw authorizationFailed(claims.oid, action, scope);
  }
}

export function authorizationFailed(oid: string, action: string, scope: string): ArmError {
  return new ArmError(
    403,
    "AuthorizationFailed",
    `The client '${oid}' with object id '${oid}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}
