/**
 * @module cli/forbidden
 * Azure's 403 names an object id, an action and a scope. For people that is a riddle, so the CLI restates it:
 * who acted (the twin principal behind the object id, when it is one), what they may not do, where (which
 * environment's workspace or registry), and who may, by the RBAC matrix (infra/rbac/rbac-matrix.json) as
 * deployed in this platform — usually the CI identity that owns that step.
 */
import { AirlockError } from "../errors.ts";
import { loadPlatform, type Purpose } from "../platform/index.ts";
import { expectedAssignments, permits, roleDefinition } from "../platform/rbac.ts";

/** Azure's AuthorizationFailed message: "The client '<upn|oid>' with object id '<oid>' does not have authorization to perform action '<action>' over scope '<scope>' …". */
const AZURE_403 =
  /client '([^']*)' with object id '([^']*)'.*?perform action '([^']*)' over scope '([^']*)'/s;

export interface ForbiddenExplanation {
  principal: string;
  objectId: string;
  action: string;
  scope: string;
  environment: Purpose | null;
  /** Matrix principals (by name) holding a role that permits the action at or above the scope, with the role. */
  allowed: { principal: string; role: string }[];
}

export async function explainForbidden(error: AirlockError): Promise<AirlockError> {
  const match = AZURE_403.exec(error.message);
  if (error.code !== "ARM_FORBIDDEN" || !match) return error;
  const [, client = "", objectId = "", action = "", scope = ""] = match;
  let explanation: ForbiddenExplanation;
  try {
    explanation = await explain(client, objectId, action, scope);
  } catch {
    return error; // the platform cannot be read here: Azure's own words are still true
  }
  const where = explanation.environment ? `${explanation.environment}: ${scope}` : scope;
  const who = explanation.allowed.length
    ? `By the RBAC matrix (infra/rbac/rbac-matrix.json), allowed: ${explanation.allowed.map((a) => `${a.principal} (${a.role})`).join(", ")}.`
    : "No principal of the RBAC matrix (infra/rbac/rbac-matrix.json) holds a role allowing it.";
  const ci = explanation.allowed.some((a) => a.principal.startsWith("sp-aml-promotion-"))
    ? " This step is CI's: run it in the workflow (or on the twin as the CI identity it names)."
    : "";
  return new AirlockError(error.code, `${explanation.principal} may not ${action} on ${where}. ${who}${ci}`, {
    exitCode: error.exitCode,
    details: { ...error.details, forbidden: explanation },
    cause: error,
  });
}

async function explain(
  client: string,
  objectId: string,
  action: string,
  scope: string,
): Promise<ForbiddenExplanation> {
  const { twinPrincipals } = await import("../emulator/principals.ts");
  const known = twinPrincipals().find((p) => p.objectId === objectId);
  const platform = await loadPlatform();
  const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1] ?? "";
  const lower = scope.toLowerCase();
  let environment: Purpose | null = null;
  const allowed: { principal: string; role: string }[] = [];
  for (const purpose of ["dev", "prod"] as const) {
    const env = platform.environments[purpose];
    for (const assignment of expectedAssignments(env, subscriptionId)) {
      const at = assignment.scope.toLowerCase();
      if (lower !== at && !lower.startsWith(`${at}/`)) continue;
      environment = purpose;
      const role = roleDefinition(assignment.roleName);
      if (!role) continue;
      const ok =
        permits(role.actions, role.notActions, action) ||
        permits(role.dataActions, role.notDataActions, action);
      if (ok && !allowed.some((a) => a.principal === assignment.principalName))
        allowed.push({ principal: assignment.principalName, role: assignment.roleName });
    }
  }
  return {
    principal: known
      ? `${known.name} (${known.kind})`
      : client && client !== objectId
        ? `${client} (object id ${objectId})`
        : `object id ${objectId}`,
    objectId,
    action,
    scope,
    environment,
    allowed,
  };
}
