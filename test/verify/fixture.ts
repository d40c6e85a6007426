/**
 * Test world for `airlock verify`: a twin in a temp state dir (with the twin.json the CLI reads), connections
 * as named twin principals, role assignments seeded through the twin's Microsoft.Authorization routes, and
 * an inventory of everything a canary could leave behind.
 */
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { type Connection, connectToTwin } from "../../src/connect/connection.ts";
import { objectIdFor } from "../../src/emulator/principals.ts";
import { roleDefinition, TWIN_SUBSCRIPTION_ID } from "../../src/platform/index.ts";
import { arm, startTestTwin, type TestTwin } from "../helpers/twin.ts";

export const SUB = TWIN_SUBSCRIPTION_ID;
export const AUTH_API = "2022-04-01";
export const rg = (name: string) => `/subscriptions/${SUB}/resourceGroups/${name}`;

export const PROD_SCOPES = {
  rgVnet: rg("rg-aml-vnet-prod-cc01"),
  rgWs: rg("rg-aml-ws-prod-cc01"),
  rgReg: rg("rg-aml-reg-prod-cc01"),
  workspace: `${rg("rg-aml-ws-prod-cc01")}/providers/Microsoft.MachineLearningServices/workspaces/amlwsprodcc01`,
  registry: `${rg("rg-aml-reg-prod-cc01")}/providers/Microsoft.MachineLearningServices/registries/amlregprodcc01`,
  storage: `${rg("rg-aml-ws-prod-cc01")}/providers/Microsoft.Storage/storageAccounts/amlstprodcc01`,
  keyVault: `${rg("rg-aml-ws-prod-cc01")}/providers/Microsoft.KeyVault/vaults/amlkvprodcc01`,
};

export async function startVerifyTwin(): Promise<TestTwin> {
  const twin = await startTestTwin({ lroMode: "fast" });
  await writeFile(
    path.join(twin.stateDir, "twin.json"),
    JSON.stringify({ armEndpoint: twin.armEndpoint, blobBaseUrl: twin.blobBaseUrl }),
  );
  return twin;
}

export function connectAs(twin: TestTwin, dev: string, prod = dev): Promise<Connection> {
  return connectToTwin({
    stateDir: twin.stateDir,
    armEndpoint: twin.armEndpoint,
    blobBaseUrl: twin.blobBaseUrl,
    principals: { dev, prod },
  });
}

/** CLI environment acting on this twin (no shell login leaks in). */
export const cliEnv = (twin: TestTwin, principals: { dev?: string; prod?: string } = {}) => ({
  AIRLOCK_STATE_DIR: twin.stateDir,
  AIRLOCK_TWIN_PRINCIPAL: undefined,
  AIRLOCK_TWIN_PRINCIPAL_DEV: principals.dev,
  AIRLOCK_TWIN_PRINCIPAL_PROD: principals.prod,
});

interface AssignmentBody {
  id: string;
  name: string;
  properties: { scope: string; roleDefinitionId: string; principalId: string; principalType: string };
}

/** The assignment of `principal` (a twin name) with `role` exactly at `scope`. */
export async function findAssignment(
  twin: TestTwin,
  principal: string,
  role: string,
  scope: string,
): Promise<AssignmentBody> {
  const roleId = roleDefinition(role)!.id;
  const principalId = objectIdFor(principal);
  const listed = await arm(twin, "GET", `${scope}/providers/Microsoft.Authorization/roleAssignments`, {
    as: "sp-aml-deployment-prod",
    apiVersion: AUTH_API,
  });
  if (listed.status !== 200) throw new Error(`list failed: ${listed.status} ${listed.text}`);
  const found = (listed.body.value as AssignmentBody[]).find(
    (a) =>
      a.properties.scope.toLowerCase() === scope.toLowerCase() &&
      a.properties.principalId === principalId &&
      a.properties.roleDefinitionId.toLowerCase().endsWith(roleId),
  );
  if (!found) throw new Error(`no ${principal} ${role} on ${scope}`);
  return found;
}

/** Seeds drift as the environment's deployment identity (User Access Administrator on its groups). */
export async function deleteAssignment(
  twin: TestTwin,
  id: string,
  as = "sp-aml-deployment-prod",
): Promise<void> {
  const response = await arm(twin, "DELETE", id, { as, apiVersion: AUTH_API });
  if (response.status !== 200) throw new Error(`DELETE ${id}: ${response.status} ${response.text}`);
}

export async function putAssignment(
  twin: TestTwin,
  scope: string,
  role: string,
  principalId: string,
  principalType: "User" | "Group" | "ServicePrincipal",
  as = "sp-aml-deployment-prod",
): Promise<string> {
  const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`;
  const response = await arm(twin, "PUT", id, {
    as,
    apiVersion: AUTH_API,
    body: {
      properties: {
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${roleDefinition(role)!.id}`,
        principalId,
        principalType,
      },
    },
  });
  if (response.status !== 201) throw new Error(`PUT ${id}: ${response.status} ${response.text}`);
  return id;
}

const KINDS = ["models", "data", "environments", "components", "codes"] as const;

/**
 * Everything a canary could leave behind, as sorted strings: asset containers and versions in both
 * workspaces and registries, prod endpoints and their deployments, and the blobs in both workspace datastores.
 * Read as the deployment identities (Contributor: read everything, list datastore secrets).
 */
export async function inventory(twin: TestTwin): Promise<string[]> {
  const c = await connectAs(twin, "sp-aml-deployment-dev", "sp-aml-deployment-prod");
  const items: string[] = [];
  for (const side of ["dev", "prod"] as const) {
    for (const [label, scope] of [
      ["workspace", c.workspace(side)],
      ["registry", c.registry(side)],
    ] as const) {
      for (const kind of KINDS) {
        for (const container of await scope.containers(kind).list().toArray()) {
          items.push(`${side} ${label} ${kind}/${container.name}`);
          for (const v of await scope.versions(kind, container.name).list().toArray())
            items.push(`${side} ${label} ${kind}/${container.name}@${v.name}`);
        }
      }
    }
    const blobs = await c.datastoreContainer(side);
    if (await blobs.exists())
      for await (const b of blobs.listBlobsFlat()) items.push(`${side} blob ${b.name}`);
  }
  const ws = c.workspace("prod");
  for (const endpoint of await ws.onlineEndpoints.list().toArray()) {
    items.push(`prod endpoint ${endpoint.name}`);
    for (const d of await ws.onlineDeployments(endpoint.name).list().toArray())
      items.push(`prod deployment ${endpoint.name}/${d.name}`);
  }
  return items.sort();
}
