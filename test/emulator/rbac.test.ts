/**
 * The 401/403 matrix: each twin principal × operations it may and may not do, from the RBAC matrix
 * (infra/rbac/rbac-matrix.json) and the role definitions. "allow" means the request got past
 * authorization (any status but 401/403: 200, 201, 404 for a resource that does not exist, …); "deny"
 * means 403 AuthorizationFailed with Azure's message. Plus role assignment drift through the API.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ArmError } from "../../src/arm/errors.ts";
import { type Connection, connectToTwin } from "../../src/connect/connection.ts";
import { objectIdFor } from "../../src/emulator/principals.ts";
import { ExitCode } from "../../src/errors.ts";
import { TWIN_SUBSCRIPTION_ID } from "../../src/platform/index.ts";
import { REPO_ROOT, runCli } from "../helpers/cli.ts";
import { arm, DEV, PROD, regPath, startTestTwin, type TestTwin, wsPath } from "../helpers/twin.ts";

type Expect = "allow" | "deny";
interface Operation {
  name: string;
  method: string;
  path: () => string;
  body?: unknown;
  apiVersion?: string;
}

const MODEL = { properties: { modelUri: "azureml://datastores/workspaceblobstore/paths/m/model.pkl" } };
const RG_WS = `/subscriptions/${TWIN_SUBSCRIPTION_ID}/resourceGroups/${DEV.workspaceRg}`;
const PROD_ACCOUNT = `/subscriptions/${TWIN_SUBSCRIPTION_ID}/resourceGroups/${PROD.workspaceRg}/providers/Microsoft.Storage/storageAccounts/${PROD.storageAccount}`;
const sasFor = (container: string, signedPermission: string) => ({
  canonicalizedResource: `/blob/${PROD.storageAccount}/${container}`,
  signedResource: "c",
  signedPermission,
  signedExpiry: new Date(Date.now() + 3600_000).toISOString(),
});
const unique = () => `m${randomUUID().slice(0, 8)}`;

const OPS: Record<string, Operation> = {
  getWorkspace: { name: "GET dev workspace", method: "GET", path: () => wsPath() },
  putWsModel: {
    name: "PUT dev workspace model version",
    method: "PUT",
    path: () => `${wsPath()}/models/${unique()}/versions/1`,
    body: MODEL,
  },
  deleteWsModel: {
    name: "DELETE dev workspace model version",
    method: "DELETE",
    path: () => `${wsPath()}/models/absent/versions/1`,
  },
  getRegVersion: {
    name: "GET dev registry model version",
    method: "GET",
    path: () => `${regPath()}/models/absent/versions/1`,
  },
  putRegVersion: {
    name: "PUT dev registry model version",
    method: "PUT",
    path: () => `${regPath()}/models/${unique()}/versions/1`,
    body: MODEL,
  },
  deleteRegVersion: {
    name: "DELETE dev registry model version",
    method: "DELETE",
    path: () => `${regPath()}/models/absent/versions/1`,
  },
  putProdRegVersion: {
    name: "PUT prod registry model version",
    method: "PUT",
    path: () => `${regPath(PROD)}/models/${unique()}/versions/1`,
    body: MODEL,
  },
  getProdRegVersion: {
    name: "GET prod registry model version",
    method: "GET",
    path: () => `${regPath(PROD)}/models/absent/versions/1`,
  },
  putRegistry: {
    name: "PUT dev registry (registries/write)",
    method: "PUT",
    path: () => regPath(),
    body: { location: "canadacentral" },
  },
  listStorageKeys: {
    name: "POST dev storage listKeys",
    method: "POST",
    path: () => `${RG_WS}/providers/Microsoft.Storage/storageAccounts/${DEV.storageAccount}/listKeys`,
    apiVersion: "2023-05-01",
  },
  listDatastoreSecrets: {
    name: "POST dev datastore listSecrets",
    method: "POST",
    path: () => `${wsPath()}/datastores/workspaceblobstore/listSecrets`,
  },
  endpointListKeys: {
    name: "POST dev endpoint listKeys",
    method: "POST",
    path: () => `${wsPath()}/onlineEndpoints/absent-ep/listKeys`,
  },
  putEndpoint: {
    name: "PUT dev online endpoint",
    method: "PUT",
    path: () => `${wsPath()}/onlineEndpoints/absent-ep`,
    body: { properties: {} },
  },
  listRoleAssignments: {
    name: "GET role assignments at dev ws RG",
    method: "GET",
    path: () => `${RG_WS}/providers/Microsoft.Authorization/roleAssignments`,
    apiVersion: "2022-04-01",
  },
  putRoleAssignment: {
    name: "PUT role assignment at dev ws RG",
    method: "PUT",
    path: () => `${RG_WS}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`,
    body: {
      properties: {
        roleDefinitionId:
          "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
        principalId: randomUUID(),
      },
    },
    apiVersion: "2022-04-01",
  },
  getProdWorkspace: { name: "GET prod workspace", method: "GET", path: () => wsPath(PROD) },
  // Prod endpoints, deployments, datastore secrets and storage (errata 11-12).
  getProdEndpoint: {
    name: "GET prod online endpoint",
    method: "GET",
    path: () => `${wsPath(PROD)}/onlineEndpoints/absent-ep`,
  },
  putProdEndpoint: {
    name: "PUT prod online endpoint",
    method: "PUT",
    path: () => `${wsPath(PROD)}/onlineEndpoints/absent-ep`,
    body: { location: "canadacentral", properties: { authMode: "Key" } },
  },
  patchProdEndpointTraffic: {
    name: "PATCH prod online endpoint traffic",
    method: "PATCH",
    path: () => `${wsPath(PROD)}/onlineEndpoints/absent-ep`,
    body: { properties: { traffic: { blue: 100 } } },
  },
  deleteProdEndpoint: {
    name: "DELETE prod online endpoint",
    method: "DELETE",
    path: () => `${wsPath(PROD)}/onlineEndpoints/absent-ep`,
  },
  putProdDeployment: {
    name: "PUT prod online deployment",
    method: "PUT",
    path: () => `${wsPath(PROD)}/onlineEndpoints/absent-ep/deployments/blue`,
    body: { location: "canadacentral", properties: {} },
  },
  deleteProdDeployment: {
    name: "DELETE prod online deployment",
    method: "DELETE",
    path: () => `${wsPath(PROD)}/onlineEndpoints/absent-ep/deployments/blue`,
  },
  prodEndpointListKeys: {
    name: "POST prod endpoint listKeys",
    method: "POST",
    path: () => `${wsPath(PROD)}/onlineEndpoints/absent-ep/listKeys`,
  },
  prodDatastoreSecrets: {
    name: "POST prod datastore listSecrets",
    method: "POST",
    path: () => `${wsPath(PROD)}/datastores/workspaceblobstore/listSecrets`,
  },
  prodStorageKeys: {
    name: "POST prod storage listKeys",
    method: "POST",
    path: () => `${PROD_ACCOUNT}/listKeys`,
    apiVersion: "2023-05-01",
  },
  putProdWsModel: {
    name: "PUT prod workspace model version",
    method: "PUT",
    path: () => `${wsPath(PROD)}/models/${unique()}/versions/1`,
    body: MODEL,
  },
  ledgerSas: {
    name: "POST prod ListServiceSas for the ledger container (create, append)",
    method: "POST",
    path: () => `${PROD_ACCOUNT}/ListServiceSas`,
    body: sasFor("airlock-ledger", "rlacw"),
    apiVersion: "2023-05-01",
  },
  ledgerDeleteSas: {
    name: "POST prod ListServiceSas for the ledger container with delete",
    method: "POST",
    path: () => `${PROD_ACCOUNT}/ListServiceSas`,
    body: sasFor("airlock-ledger", "rld"),
    apiVersion: "2023-05-01",
  },
  blobstoreWriteSas: {
    name: "POST prod ListServiceSas to write another container",
    method: "POST",
    path: () => `${PROD_ACCOUNT}/ListServiceSas`,
    body: sasFor("azureml-blobstore-prod", "rw"),
    apiVersion: "2023-05-01",
  },
  blobstoreReadSas: {
    name: "POST prod ListServiceSas to read another container",
    method: "POST",
    path: () => `${PROD_ACCOUNT}/ListServiceSas`,
    body: sasFor("azureml-blobstore-prod", "rl"),
    apiVersion: "2023-05-01",
  },
};

/** principal → operation → expectation, reasoned from the matrix's roles and scopes. */
const MATRIX: Record<string, Partial<Record<keyof typeof OPS, Expect>>> = {
  // Contributor + UAA + Network Contributor on the three dev resource groups.
  "sp-aml-deployment-dev": {
    getWorkspace: "allow",
    putWsModel: "allow",
    deleteWsModel: "allow",
    getRegVersion: "allow",
    putRegVersion: "allow",
    putRegistry: "allow",
    listStorageKeys: "allow",
    listDatastoreSecrets: "allow",
    putEndpoint: "allow",
    listRoleAssignments: "allow",
    putRoleAssignment: "allow",
    putProdRegVersion: "deny",
    getProdWorkspace: "deny",
  },
  "sp-aml-deployment-prod": {
    getWorkspace: "deny",
    putWsModel: "deny",
    putRegVersion: "deny",
    putProdRegVersion: "allow",
    getProdWorkspace: "allow",
  },
  // Reader on the RGs, Data Scientist on the workspace, Registry User on the registry.
  "sp-aml-promotion-dev": {
    getWorkspace: "allow",
    putWsModel: "allow",
    deleteWsModel: "allow",
    getRegVersion: "allow",
    putRegVersion: "allow",
    deleteRegVersion: "allow",
    putRegistry: "deny",
    listStorageKeys: "deny",
    listDatastoreSecrets: "allow",
    endpointListKeys: "allow",
    putEndpoint: "allow",
    putRoleAssignment: "deny",
    putProdRegVersion: "deny",
    getProdRegVersion: "deny",
  },
  // In prod it alone deploys: endpoints, deployments, traffic, the datastore key; the ledger by its data role.
  "sp-aml-promotion-prod": {
    putProdRegVersion: "allow",
    getProdRegVersion: "allow",
    putRegVersion: "deny",
    putWsModel: "deny",
    endpointListKeys: "deny",
    putProdEndpoint: "allow",
    patchProdEndpointTraffic: "allow",
    deleteProdEndpoint: "allow",
    putProdDeployment: "allow",
    deleteProdDeployment: "allow",
    prodEndpointListKeys: "allow",
    prodDatastoreSecrets: "allow",
    putProdWsModel: "allow",
    ledgerSas: "allow",
    prodStorageKeys: "deny",
    blobstoreWriteSas: "deny",
  },
  // Azure AI Administrator on the ws RG, Registry User on the registry.
  "dev-mi-workspace": {
    getWorkspace: "allow",
    putWsModel: "allow",
    listStorageKeys: "allow",
    putRegVersion: "allow",
    putRegistry: "deny",
    putRoleAssignment: "deny",
  },
  // Data Scientist + Contributor on the workspace, Reader on the ws RG, Registry User on the registry.
  "dev-mi-compute": {
    putWsModel: "allow",
    getRegVersion: "allow",
    putRegVersion: "allow",
    putRegistry: "deny",
    listStorageKeys: "deny",
    listDatastoreSecrets: "allow",
  },
  // People: data scientist groups in both environments; read-only on the prod registry (errata 6).
  alice: {
    getWorkspace: "allow",
    putWsModel: "allow",
    deleteWsModel: "allow",
    putRegVersion: "allow",
    deleteRegVersion: "allow",
    putProdRegVersion: "deny",
    getProdRegVersion: "allow",
    putRegistry: "deny",
    listStorageKeys: "deny",
    listDatastoreSecrets: "allow",
    endpointListKeys: "allow",
    listRoleAssignments: "allow",
    putRoleAssignment: "deny",
    getProdWorkspace: "allow",
    // Prod by default (human_prod_access = least-privilege, errata 11-12): read, and the ledger only.
    getProdEndpoint: "allow",
    putProdEndpoint: "deny",
    patchProdEndpointTraffic: "deny",
    deleteProdEndpoint: "deny",
    putProdDeployment: "deny",
    deleteProdDeployment: "deny",
    prodEndpointListKeys: "deny",
    prodDatastoreSecrets: "deny",
    prodStorageKeys: "deny",
    putProdWsModel: "deny",
    ledgerSas: "allow",
    // Storage Blob Data Contributor includes delete; the ledger's WORM policy is what refuses it.
    ledgerDeleteSas: "allow",
    blobstoreReadSas: "allow",
    blobstoreWriteSas: "deny",
  },
  bob: {
    putProdRegVersion: "deny",
    getProdRegVersion: "allow",
    putRegVersion: "allow",
    endpointListKeys: "allow",
    putProdDeployment: "deny",
    patchProdEndpointTraffic: "deny",
    prodDatastoreSecrets: "deny",
    ledgerSas: "allow",
  },
  mallory: {
    getWorkspace: "deny",
    putWsModel: "deny",
    getRegVersion: "deny",
    putRegVersion: "deny",
    getProdRegVersion: "deny",
    listStorageKeys: "deny",
    listDatastoreSecrets: "deny",
    endpointListKeys: "deny",
    listRoleAssignments: "deny",
    putRoleAssignment: "deny",
    ledgerSas: "deny",
    blobstoreReadSas: "deny",
  },
};

describe("RBAC: 401/403 matrix", () => {
  let twin: TestTwin;
  before(async () => {
    twin = await startTestTwin();
  });
  after(() => twin?.close());

  const cases = Object.entries(MATRIX).flatMap(([principal, ops]) =>
    Object.entries(ops).map(([op, expect]) => ({ principal, op: OPS[op]!, expect: expect as Expect })),
  );
  it("has at least 40 cases", () => assert.ok(cases.length >= 40, String(cases.length)));

  for (const { principal, op, expect } of cases) {
    it(`${principal} ${expect === "allow" ? "may" : "may not"} ${op.name}`, async () => {
      const path = op.path();
      const r = await arm(twin, op.method, path, { as: principal, body: op.body, apiVersion: op.apiVersion });
      if (expect === "allow") {
        assert.ok(r.status !== 401 && r.status !== 403, `${r.status} ${r.text}`);
      } else {
        assert.equal(r.status, 403, r.text);
        assert.equal(r.body.error.code, "AuthorizationFailed");
        const oid = objectIdFor(principal);
        assert.match(
          r.body.error.message,
          new RegExp(
            `^The client '${oid}' with object id '${oid}' does not have authorization to perform action '[^']+' over scope '[^']+' or the scope is invalid\\.`,
          ),
        );
      }
    });
  }

  it("a ledger SAS from ListServiceSas is Azure's shape, signed for that container of that account only", async () => {
    const r = await arm(twin, "POST", OPS.ledgerSas!.path(), {
      as: "alice",
      body: sasFor("airlock-ledger", "rlacw"),
      apiVersion: "2023-05-01",
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.body), ["serviceSasToken"]);
    const token = new URLSearchParams(r.body.serviceSasToken);
    assert.equal(token.get("sr"), "c");
    assert.equal(token.get("sp"), "racwl");
    assert.ok(token.get("sig"));
    const bad = await arm(twin, "POST", OPS.ledgerSas!.path(), {
      as: "alice",
      body: {
        ...sasFor("airlock-ledger", "rlacw"),
        canonicalizedResource: "/blob/amlstdevcc01/airlock-ledger",
      },
      apiVersion: "2023-05-01",
    });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.error.code, "InvalidValuesForRequestParameters");
  });

  it("answers 401 before anything else for every operation without a token", async () => {
    for (const op of Object.values(OPS)) {
      const r = await arm(twin, op.method, op.path(), { as: null, body: op.body, apiVersion: op.apiVersion });
      assert.equal(r.status, 401, op.name);
    }
  });

  it("role assignments can be listed, added (drift) and removed through the API, and take effect at once", async () => {
    const mallory = objectIdFor("mallory");
    const before = await arm(twin, "GET", `${wsPath()}/models`, { as: "mallory" });
    assert.equal(before.status, 403);
    const listed = await arm(
      twin,
      "GET",
      `${RG_WS}/providers/Microsoft.Authorization/roleAssignments?$filter=principalId eq '${objectIdFor("sp-aml-promotion-dev")}'`,
      {
        apiVersion: "2022-04-01",
      },
    );
    assert.equal(listed.status, 200, listed.text);
    assert.ok(
      listed.body.value.length >= 2,
      "promoter has Reader on the RG and Data Scientist on the workspace",
    );
    const id = randomUUID();
    const assignment = `${RG_WS}/providers/Microsoft.Authorization/roleAssignments/${id}`;
    const put = await arm(twin, "PUT", assignment, {
      apiVersion: "2022-04-01",
      body: {
        properties: {
          roleDefinitionId: `/subscriptions/${TWIN_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
          principalId: mallory,
          principalType: "User",
        },
      },
    });
    assert.equal(put.status, 201, put.text);
    assert.equal((await arm(twin, "GET", `${wsPath()}/models`, { as: "mallory" })).status, 200);
    assert.equal(
      (await arm(twin, "PUT", `${wsPath()}/models/x/versions/1`, { as: "mallory", body: MODEL })).status,
      403,
      "Reader cannot write",
    );
    const duplicate = await arm(
      twin,
      "PUT",
      `${RG_WS}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`,
      { apiVersion: "2022-04-01", body: put.body },
    );
    assert.equal(duplicate.status, 409);
    const badRole = await arm(
      twin,
      "PUT",
      `${RG_WS}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`,
      {
        apiVersion: "2022-04-01",
        body: { properties: { roleDefinitionId: randomUUID(), principalId: mallory } },
      },
    );
    assert.equal(badRole.status, 400);
    assert.equal((await arm(twin, "DELETE", assignment, { apiVersion: "2022-04-01" })).status, 200);
    assert.equal((await arm(twin, "GET", `${wsPath()}/models`, { as: "mallory" })).status, 403);
    const definitions = await arm(
      twin,
      "GET",
      `/subscriptions/${TWIN_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions?$filter=roleName eq 'AzureML Registry User'`,
      {
        apiVersion: "2022-04-01",
        as: "alice",
      },
    );
    assert.equal(definitions.status, 403, "no one holds subscription-scope read");
    const rgDefinitions = await arm(
      twin,
      "GET",
      `${RG_WS}/providers/Microsoft.Authorization/roleDefinitions?$filter=roleName eq 'AzureML Registry User'`,
      { apiVersion: "2022-04-01", as: "alice" },
    );
    assert.equal(rgDefinitions.status, 200, rgDefinitions.text);
    assert.deepEqual(rgDefinitions.body.value[0].properties.permissions[0].actions, [
      "Microsoft.MachineLearningServices/registries/read",
      "Microsoft.MachineLearningServices/registries/assets/*",
    ]);
  });
});

/** Rejects with Airlock's stable code for Azure's 403. */
async function forbidden(call: Promise<unknown>, what: string): Promise<void> {
  await assert.rejects(call, (error: unknown) => {
    assert.ok(error instanceof ArmError, `${what}: ${String(error)}`);
    assert.equal(error.code, "ARM_FORBIDDEN", what);
    assert.equal(error.status, 403, what);
    return true;
  });
}

describe("people are read-only in prod (errata 11-12), through the client library and the CLI", () => {
  let twin: TestTwin;
  const as = (principal: string): Promise<Connection> =>
    connectToTwin({
      stateDir: twin.stateDir,
      armEndpoint: twin.armEndpoint,
      blobBaseUrl: twin.blobBaseUrl,
      principals: { dev: principal, prod: principal },
    });
  before(async () => {
    twin = await startTestTwin({ lroMode: "fast" });
    await writeFile(
      path.join(twin.stateDir, "twin.json"),
      JSON.stringify({ armEndpoint: twin.armEndpoint, blobBaseUrl: twin.blobBaseUrl }),
    );
  });
  after(() => twin?.close());

  it("a person cannot create, re-route or delete prod endpoints and deployments, nor read the datastore key", async () => {
    for (const person of ["alice", "bob"]) {
      const prod = (await as(person)).workspace("prod");
      await forbidden(
        prod.onlineEndpoints.createOrUpdate("people-ep", {
          location: "canadacentral",
          properties: { authMode: "Key" },
        } as never),
        `${person} PUT endpoint`,
      );
      await forbidden(
        prod.onlineDeployments("people-ep").createOrUpdate("mine", {
          location: "canadacentral",
          properties: {},
        } as never),
        `${person} PUT deployment`,
      );
      await forbidden(
        prod.onlineEndpoints.update("people-ep", { properties: { traffic: { mine: 100 } } } as never),
        `${person} traffic`,
      );
      await forbidden(prod.onlineEndpoints.delete("people-ep"), `${person} DELETE endpoint`);
      await forbidden(prod.datastores.listSecrets("workspaceblobstore"), `${person} listSecrets`);
      // Reading stays allowed: the list answers (empty), it is not refused.
      assert.deepEqual(await prod.onlineEndpoints.list().toArray(), []);
    }
  });

  it("the promotion identity keeps what it needs: it creates the endpoint a person could not", async () => {
    const prod = (await as("sp-aml-promotion-prod")).workspace("prod");
    const created = await prod.onlineEndpoints.createOrUpdate("ci-ep", {
      location: "canadacentral",
      properties: { authMode: "Key" },
    } as never);
    assert.equal(created.name, "ci-ep");
    const secrets = (await prod.datastores.listSecrets("workspaceblobstore")) as { key?: string };
    assert.ok(secrets.key);
  });

  it("people still reach the ledger (a container SAS from their container-scoped role), mallory does not", async () => {
    const ledger = await (await as("alice")).ledger();
    assert.ok(Array.isArray(await ledger.read()));
    await forbidden((await as("mallory")).ledger(), "mallory ledger");
  });

  it("`airlock register --env prod` as a person (squatting prod) exits 6 with ARM_FORBIDDEN, creating nothing", async () => {
    const env = {
      AIRLOCK_STATE_DIR: twin.stateDir,
      AIRLOCK_TWIN_PRINCIPAL: undefined,
      AIRLOCK_TWIN_PRINCIPAL_DEV: "alice",
      AIRLOCK_TWIN_PRINCIPAL_PROD: "alice",
    };
    // A committed asset file (the example's model folder exists only after training).
    const result = await runCli(
      ["register", path.join(REPO_ROOT, "examples/taxi-fare/data/validation.yml"), "--env", "prod", "--json"],
      { env },
    );
    assert.equal(result.code, ExitCode.forbidden, result.stdout + result.stderr);
    assert.equal(JSON.parse(result.stdout).error.code, "ARM_FORBIDDEN");
    const listed = await arm(twin, "GET", `${wsPath(PROD)}/data`, { as: "sp-aml-promotion-prod" });
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(listed.body.value, []);
  });
});
