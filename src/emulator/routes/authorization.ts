/**
 * @module emulator/routes/authorization
 * Microsoft.Authorization at any scope: role assignments (list with at/above/below semantics and a
 * `principalId eq '…'` filter, GET, PUT, DELETE) and role definitions (the built-in roles the matrix uses
 * plus the matrix's custom roles, with their data actions). Changes take effect on the next request, so tests can seed drift.
 */

import { allRoleDefinitions, type RoleDefinition } from "../../platform/index.ts";
import { ArmError } from "../arm-errors.ts";
import { type Assignment, roleIdOf } from "../authorize.ts";
import type { RequestContext, Route, TwinRuntime } from "../context.ts";
import type { TwinStore } from "../store.ts";
import { isRecord, pageOfList, systemData } from "./common.ts";

export const ROLE_ASSIGNMENT_TYPE = "Microsoft.Authorization/roleAssignments";
const AUTH = "/{scope}/providers/Microsoft.Authorization";
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

interface AssignmentBody {
  id: string;
  name: string;
  type: string;
  properties: {
    roleDefinitionId: string;
    principalId: string;
    principalType: string;
    scope: string;
    description?: string;
  };
}

export const roleDefinitionArmId = (subscriptionId: string, roleId: string) =>
  `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;

export function assignmentsFromStore(store: TwinStore): Assignment[] {
  return store.resourcesOfType(ROLE_ASSIGNMENT_TYPE).map((row) => {
    const body = JSON.parse(row.body) as AssignmentBody;
    return {
      principalId: body.properties.principalId,
      scope: body.properties.scope,
      roleDefinitionId: body.properties.roleDefinitionId,
    };
  });
}

export function storeAssignment(store: TwinStore, body: AssignmentBody): void {
  store.putResource(body.id, body.properties.scope, ROLE_ASSIGNMENT_TYPE, JSON.stringify(body));
}

export function assignmentBody(
  scope: string,
  name: string,
  roleDefinitionId: string,
  principalId: string,
  principalType: string,
): AssignmentBody {
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: ROLE_ASSIGNMENT_TYPE,
    properties: { roleDefinitionId, principalId, principalType, scope },
  };
}

const related = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

function listAssignments(ctx: RequestContext) {
  const scope = ctx.params.scope!.toLowerCase();
  const filter = ctx.query.get("$filter") ?? "";
  const principal = /principalId\s+eq\s+'([^']+)'/i.exec(filter)?.[1]?.toLowerCase();
  const atScope = /atScope\(\)/i.test(filter);
  const items = ctx.twin.store
    .resourcesOfType(ROLE_ASSIGNMENT_TYPE)
    .map((row) => JSON.parse(row.body) as AssignmentBody)
    .filter((a) => {
      const s = a.properties.scope.toLowerCase();
      if (atScope ? !(scope === s || scope.startsWith(`${s}/`)) : !related(scope, s)) return false;
      return !principal || a.properties.principalId.toLowerCase() === principal;
    })
    .map((a) => JSON.stringify(a));
  return pageOfList(ctx, items);
}

function assignmentId(ctx: RequestContext): string {
  const name = ctx.params.id!;
  if (!GUID.test(name))
    throw new ArmError(
      400,
      "InvalidRoleAssignmentId",
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    );
  return `${ctx.params.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
}

function getAssignment(ctx: RequestContext) {
  const row = ctx.twin.store.getResource(assignmentId(ctx));
  if (!row)
    throw new ArmError(404, "RoleAssignmentNotFound", `The role assignment '${ctx.params.id}' is not found.`);
  return { status: 200, body: row.body };
}

async function putAssignment(ctx: RequestContext) {
  const id = assignmentId(ctx);
  const body = await ctx.body();
  const props = body.properties;
  if (
    !isRecord(props) ||
    typeof props.roleDefinitionId !== "string" ||
    typeof props.principalId !== "string"
  ) {
    throw new ArmError(
      400,
      "InvalidRoleAssignmentRequest",
      "properties.roleDefinitionId and properties.principalId are required.",
    );
  }
  const roleId = roleIdOf(props.roleDefinitionId);
  if (!allRoleDefinitions().some((r) => r.id.toLowerCase() === roleId)) {
    throw new ArmError(
      400,
      "RoleDefinitionDoesNotExist",
      `The specified role definition with ID '${roleId}' does not exist.`,
    );
  }
  const twin = ctx.twin;
  const scope = ctx.params.scope!;
  const existing = twin.store.getResource(id);
  if (existing) {
    const stored = JSON.parse(existing.body) as AssignmentBody;
    if (
      roleIdOf(stored.properties.roleDefinitionId) !== roleId ||
      stored.properties.principalId.toLowerCase() !== props.principalId.toLowerCase()
    ) {
      throw new ArmError(
        400,
        "RoleAssignmentUpdateNotPermitted",
        "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.",
      );
    }
    return { status: 200, body: existing.body };
  }
  const principalId = props.principalId.toLowerCase();
  const duplicate = assignmentsFromStore(twin.store).some(
    (a) =>
      a.scope.toLowerCase() === scope.toLowerCase() &&
      a.principalId.toLowerCase() === principalId &&
      roleIdOf(a.roleDefinitionId) === roleId,
  );
  if (duplicate) throw new ArmError(409, "RoleAssignmentExists", "The role assignment already exists.");
  const created = assignmentBody(
    scope,
    ctx.params.id!,
    roleDefinitionArmId(twin.catalog.subscriptionId, roleId),
    props.principalId,
    typeof props.principalType === "string" ? props.principalType : "User",
  );
  const stored = { ...created, systemData: systemData(ctx.claims) };
  twin.store.putResource(created.id, scope, ROLE_ASSIGNMENT_TYPE, JSON.stringify(stored));
  twin.reloadAssignments();
  return { status: 201, body: stored };
}

function deleteAssignment(ctx: RequestContext) {
  const id = assignmentId(ctx);
  const row = ctx.twin.store.getResource(id);
  if (!row) return { status: 204 };
  ctx.twin.store.deleteResource(id);
  ctx.twin.reloadAssignments();
  return { status: 200, body: row.body };
}

function definitionBody(twin: TwinRuntime, role: RoleDefinition) {
  return {
    id: roleDefinitionArmId(twin.catalog.subscriptionId, role.id),
    name: role.id,
    type: "Microsoft.Authorization/roleDefinitions",
    properties: {
      roleName: role.name,
      type: role.custom ? "CustomRole" : "BuiltInRole",
      description: role.name,
      assignableScopes: role.custom ? [`/subscriptions/${twin.catalog.subscriptionId}`] : ["/"],
      permissions: [
        {
          actions: role.actions,
          notActions: role.notActions,
          dataActions: role.dataActions,
          notDataActions: role.notDataActions,
        },
      ],
    },
  };
}

export const authorizationRoutes: Route[] = [
  {
    pattern: `${AUTH}/roleAssignments`,
    namespace: "authorization",
    methods: { GET: { action: "Microsoft.Authorization/roleAssignments/read", handle: listAssignments } },
  },
  {
    pattern: `${AUTH}/roleAssignments/{id}`,
    namespace: "authorization",
    methods: {
      GET: { action: "Microsoft.Authorization/roleAssignments/read", handle: getAssignment },
      PUT: { action: "Microsoft.Authorization/roleAssignments/write", handle: putAssignment },
      DELETE: { action: "Microsoft.Authorization/roleAssignments/delete", handle: deleteAssignment },
    },
  },
  {
    pattern: `${AUTH}/roleDefinitions`,
    namespace: "authorization",
    methods: {
      GET: {
        action: "Microsoft.Authorization/roleDefinitions/read",
        handle: (ctx) => {
          const name = /roleName\s+eq\s+'([^']+)'/i.exec(ctx.query.get("$filter") ?? "")?.[1];
          const roles = allRoleDefinitions().filter(
            (r) => !name || r.name.toLowerCase() === name.toLowerCase(),
          );
          return pageOfList(
            ctx,
            roles.map((r) => JSON.stringify(definitionBody(ctx.twin, r))),
          );
        },
      },
    },
  },
  {
    pattern: `${AUTH}/roleDefinitions/{id}`,
    namespace: "authorization",
    methods: {
      GET: {
        action: "Microsoft.Authorization/roleDefinitions/read",
        handle: (ctx) => {
          const role = allRoleDefinitions().find((r) => r.id.toLowerCase() === ctx.params.id!.toLowerCase());
          if (!role)
            throw new ArmError(
              404,
              "RoleDefinitionDoesNotExist",
              `The role definition '${ctx.params.id}' could not be found.`,
            );
          return { status: 200, body: definitionBody(ctx.twin, role) };
        },
      },
    },
  },
];
