/**
 * The client and the twin held to the official REST spec: one twin (realistic LROs, the spec's pacing —
 * Retry-After 10 s, which the twin-mode client does not wait out) records every ARM exchange while the demo
 * (register, share, request, approve, promote, deploy), a rollback, the verify flows (isolation, RBAC,
 * ledger audit), every typed client method, and bootstrap (plan and apply) and doctor run; then each
 * request and answer is validated against the
 * vendored spec subsets (src/contract/spec/): path + method + api-version, declared query parameters,
 * bodies (ajv over the swagger definitions), status codes, LRO headers and polls. 0 violations, and the
 * exchanges are counted per operationId. The checker itself is tested on seeded violations, and the
 * contract's tables (list filters, name/version rules) are held to the same spec.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { type ArmClient, ArmError } from "../../src/arm/index.ts";
import { bootstrap } from "../../src/bootstrap/bootstrap.ts";
import { type Connection, connectToTwin } from "../../src/connect/connection.ts";
import { SpecConformance } from "../../src/contract/conformance.ts";
import type { ArmExchange } from "../../src/contract/exchange.ts";
import { LIST_QUERY } from "../../src/contract/lists.ts";
import {
  ASSET_NAME_PATTERN,
  ASSET_VERSION_MAX_LENGTH,
  ASSET_VERSION_PATTERN,
} from "../../src/contract/names.ts";
import { ML_API_VERSION } from "../../src/contract/versions.ts";
import { runDemo } from "../../src/demo/demo.ts";
import { doctor } from "../../src/doctor/doctor.ts";
import { stableGuid } from "../../src/emulator/catalog.ts";
import { startTwin } from "../../src/emulator/index.ts";
import { loadPlatformSource, resolveInfraDir } from "../../src/emulator/platform-cache.ts";
import { objectIdFor } from "../../src/emulator/principals.ts";
import {
  assignmentBody,
  roleDefinitionArmId,
  storeAssignment,
} from "../../src/emulator/routes/authorization.ts";
import { seedOnce } from "../../src/emulator/seed.ts";
import { TwinStore } from "../../src/emulator/store.ts";
import { roleDefinition, TWIN_SUBSCRIPTION_ID } from "../../src/platform/index.ts";
import { rollback } from "../../src/promotion/rollback.ts";
import { twinDirectory } from "../../src/verify/directory.ts";
import { verifyIsolation } from "../../src/verify/isolation.ts";
import { auditLedger } from "../../src/verify/ledger-audit.ts";
import { verifyRbac } from "../../src/verify/rbac.ts";

const KINDS = ["models", "data", "environments", "components", "codes"] as const;

describe("the client and the twin against the vendored spec", () => {
  const exchanges: ArmExchange[] = [];
  let stateDir: string;
  let twin: Awaited<ReturnType<typeof startTwin>>;
  const spec = new SpecConformance();

  before(async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), "airlock-contract-"));
    await seedSubscriptionOwner(stateDir);
    twin = await startTwin({
      stateDir,
      lroMode: "realistic",
      // The spec's least Retry-After; operations still run a little so pollers really poll.
      lroPacing: { minDurationMs: 20, retryAfterSeconds: 10 },
      onArmExchange: (exchange) => exchanges.push(exchange),
      // The blob front end in this process, blobs in memory, as test twins run it (test/helpers/twin.ts): the
      // state dir is removed afterwards.
      blobInProcess: true,
      blobInMemory: true,
    });
    await runDemo(twin, { stateDir, log: () => {} });
    const ci = await connectToTwin({
      ...twin,
      principals: { dev: "sp-aml-promotion-dev", prod: "sp-aml-promotion-prod" },
    });
    // A rollback of the demo's rollout (nothing earlier to return to is a refusal, not a wire problem).
    await rollback(ci, { endpoint: "taxi-fare", healthCalls: 1 }).catch((error: unknown) => {
      if (error instanceof ArmError) throw error;
    });
    const directory = await twinDirectory();
    await verifyIsolation(ci, directory);
    // RBAC is read by the deployment identities (they hold the role-assignment reader roles).
    const deployers = await connectToTwin({
      ...twin,
      principals: { dev: "sp-aml-deployment-dev", prod: "sp-aml-deployment-prod" },
    });
    await verifyRbac(deployers, "dev", directory);
    await verifyRbac(deployers, "prod", directory);
    await auditLedger(ci);
    // The typed-method sweep acts as the deployment identities (Contributor on their environment's groups).
    await everyTypedMethod(deployers);
    // Bootstrap (plan, then apply) and doctor, as the subscription Owner who stands the platform up.
    const owner = await connectToTwin({ ...twin, principals: { dev: OWNER, prod: OWNER } });
    await bootstrap(owner, { envs: ["dev", "prod"], repo: REPO, plan: true });
    await bootstrap(owner, { envs: ["dev", "prod"], repo: REPO, plan: false });
    await doctor(owner, { envs: ["dev", "prod"], repo: REPO, directory, allowlist: [] });
  });

  after(async () => {
    await twin?.close();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  test("every recorded request and answer conforms (0 violations), counted per operationId", () => {
    const report = spec.check(exchanges);
    const lines = report.violations.map((v) => `${v.operation} ${v.method} ${v.path}: ${v.problem}`);
    assert.deepEqual(lines, [], `${lines.length} violations:\n${lines.join("\n")}`);
    const counts = Object.entries(report.counts).sort(([a], [b]) => a.localeCompare(b));
    console.log(`${exchanges.length} exchanges, ${report.skipped} data-plane; per operation:`);
    for (const [operation, count] of counts) console.log(`  ${String(count).padStart(4)}  ${operation}`);
    // The run covers the LRO protocol both ways and the main operation groups.
    for (const operation of [
      "poll:Azure-AsyncOperation",
      "poll:Location",
      "RegistryModelVersions_CreateOrUpdate",
      "ModelVersions_Publish",
      "OnlineDeployments_CreateOrUpdate",
      "OnlineEndpoints_Update",
      "OnlineEndpoints_RegenerateKeys",
      "RegistryDataReferences_GetBlobReferenceSAS",
      "StorageAccounts_ListServiceSAS",
      "StorageAccounts_ListKeys",
      "RoleAssignments_ListForScope",
      "Datastores_ListSecrets",
      "Subscriptions_Get",
      "Providers_Register",
      "ResourceGroups_CreateOrUpdate",
      "StorageAccounts_Create",
      "BlobContainers_Create",
      "FederatedIdentityCredentials_CreateOrUpdate",
      "RoleAssignments_Create",
      "BlobContainers_GetImmutabilityPolicy",
    ])
      assert.ok((report.counts[operation] ?? 0) > 0, `${operation} was exercised`);
    assert.deepEqual(report.exceptionsUsed, ["environment-route-path-root"]);
  });

  test("the checker catches seeded violations: undeclared property, enum, status, query, Retry-After, async header", () => {
    const ws = `/subscriptions/${twin.subscriptionId}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws1`;
    const reg = ws.replace("/workspaces/ws1", "/registries/reg1");
    const sa = ws.replace(
      "Microsoft.MachineLearningServices/workspaces/ws1",
      "Microsoft.Storage/storageAccounts/acct1",
    );
    const exchange = (e: Partial<ArmExchange> & { method: string; url: string }): ArmExchange => ({
      requestHeaders: {},
      requestBody: "",
      status: 200,
      responseHeaders: {},
      responseBody: "",
      ...e,
    });
    const datastore = {
      id: `${ws}/datastores/workspaceblobstore`,
      name: "workspaceblobstore",
      type: "Microsoft.MachineLearningServices/workspaces/datastores",
      properties: {
        datastoreType: "AzureBlob",
        accountName: "acct1",
        containerName: "c",
        credentials: { credentialsType: "AccountKey", secrets: { secretsType: "AccountKey" } },
      },
    };
    const v = `?api-version=${ML_API_VERSION}`;
    const seeded: [string, ArmExchange][] = [
      [
        'undeclared property "blobEndpoint"',
        exchange({
          method: "GET",
          url: `${ws}/datastores/workspaceblobstore${v}`,
          responseBody: JSON.stringify({
            ...datastore,
            properties: { ...datastore.properties, blobEndpoint: "http://x" },
          }),
        }),
      ],
      [
        "must be equal to one of the allowed values",
        exchange({
          method: "POST",
          url: `${sa}/listKeys?api-version=2023-05-01`,
          responseBody: JSON.stringify({ keys: [{ keyName: "key1", value: "k", permissions: "FULL" }] }),
        }),
      ],
      [
        'missing required "dataType"',
        exchange({
          method: "GET",
          url: `${ws}/data/d1${v}`,
          responseBody: JSON.stringify({ id: `${ws}/data/d1`, name: "d1", type: "t", properties: {} }),
        }),
      ],
      [
        "query parameter listViewType is not declared",
        exchange({ method: "GET", url: `${reg}/codes${v}&listViewType=All`, responseBody: '{"value":[]}' }),
      ],
      ["status 204 is not declared", exchange({ method: "GET", url: `${ws}/datastores${v}`, status: 204 })],
      [
        "header Retry-After",
        exchange({
          method: "DELETE",
          url: `${reg}/models/m/versions/1${v}`,
          status: 202,
          responseHeaders: { location: "http://twin/op", "retry-after": "1" },
        }),
      ],
      [
        "carries none of its declared headers Azure-AsyncOperation",
        exchange({
          method: "PUT",
          url: `${reg}/models/m/versions/1${v}`,
          requestBody: '{"properties":{}}',
          status: 201,
          responseBody: JSON.stringify({
            id: `${reg}/models/m/versions/1`,
            name: "1",
            type: "t",
            properties: {},
          }),
        }),
      ],
      [
        "read-only property sent in a request",
        exchange({
          method: "PUT",
          url: `${ws}/models/m/versions/1${v}`,
          requestBody: '{"properties":{"provisioningState":"Succeeded"}}',
          status: 200,
          responseBody: JSON.stringify({
            id: `${ws}/models/m/versions/1`,
            name: "1",
            type: "t",
            properties: {},
          }),
        }),
      ],
      [
        // Discriminator: a uri_file data version is UriFileDataVersion, which has no referencedUris (mltable's).
        '/properties: undeclared property "referencedUris"',
        exchange({
          method: "GET",
          url: `${ws}/data/d1/versions/1${v}`,
          responseBody: JSON.stringify({
            id: `${ws}/data/d1/versions/1`,
            name: "1",
            type: "t",
            properties: { dataType: "uri_file", dataUri: "azureml://x/y.csv", referencedUris: ["a"] },
          }),
        }),
      ],
      [
        // x-nullable: description may be null, isArchived may not; int32: traffic is whole percent.
        "/properties/isArchived: must be boolean",
        exchange({
          method: "GET",
          url: `${ws}/models/m/versions/1${v}`,
          responseBody: JSON.stringify({
            id: `${ws}/models/m/versions/1`,
            name: "1",
            type: "t",
            properties: { description: null, isArchived: null },
          }),
        }),
      ],
      [
        '/properties/traffic/blue: must match format "int32"',
        exchange({
          method: "GET",
          url: `${ws}/onlineEndpoints/ep1${v}`,
          responseBody: JSON.stringify({
            id: `${ws}/onlineEndpoints/ep1`,
            name: "ep1",
            type: "t",
            location: "canadacentral",
            properties: { authMode: "Key", traffic: { blue: 1.5 } },
          }),
        }),
      ],
      [
        "no GET operation of the vendored spec",
        exchange({ method: "GET", url: `${ws}/computes${v}`, responseBody: '{"value":[]}' }),
      ],
      [
        "path parameter codeName",
        exchange({ method: "GET", url: `${reg}/codes/a.b${v}`, responseBody: "{}" }),
      ],
    ];
    for (const [expected, seededExchange] of seeded) {
      const report = spec.check([seededExchange]);
      assert.ok(
        report.violations.some((violation) => violation.problem.includes(expected)),
        `expected "${expected}", got ${JSON.stringify(report.violations)}`,
      );
    }
  });

  test("the client's list filters are exactly the query parameters each list operation declares", () => {
    const prefixes = { workspace: "", registry: "Registry" } as const;
    const names = {
      models: "Model",
      data: "Data",
      environments: "Environment",
      components: "Component",
      codes: "Code",
    };
    for (const scope of ["workspace", "registry"] as const)
      for (const kind of KINDS)
        for (const list of ["containers", "versions"] as const) {
          const operationId = `${prefixes[scope]}${names[kind]}${list === "containers" ? "Containers" : "Versions"}_List`;
          const declared = new Set(spec.declaredQuery(operationId));
          for (const wire of Object.values(LIST_QUERY[scope][kind][list]))
            assert.ok(declared.has(wire), `${operationId} declares ${wire}`);
        }
  });

  test("one name and version rule: the spec's {name} pattern, and a version that registers can be requested", () => {
    const [codeName] = spec.pathParameterPatterns("RegistryCodeVersions_Get", "codeName");
    assert.equal(ASSET_NAME_PATTERN.source, codeName);
    const longest = `v${"1".repeat(ASSET_VERSION_MAX_LENGTH - 1)}`;
    assert.ok(ASSET_VERSION_PATTERN.test(longest));
    assert.ok(!ASSET_VERSION_PATTERN.test(`${longest}1`));
  });
});

const OWNER = "owner";
const REPO = "contoso/airlock";

/**
 * Nobody on a fresh twin can assign a role at the subscription (as in a fresh Azure subscription but its
 * Owner), so the Owner assignment bootstrap needs is written into the state dir before the twin starts —
 * as test/bootstrap/fixture.ts does.
 */
async function seedSubscriptionOwner(stateDir: string): Promise<void> {
  const source = await loadPlatformSource(stateDir, resolveInfraDir(), TWIN_SUBSCRIPTION_ID);
  const store = new TwinStore(path.join(stateDir, "twin.db"));
  try {
    seedOnce(store, source.catalog, await source.platform());
    const scope = `/subscriptions/${TWIN_SUBSCRIPTION_ID}`;
    storeAssignment(
      store,
      assignmentBody(
        scope,
        stableGuid(`${scope}|owner|${OWNER}`),
        roleDefinitionArmId(TWIN_SUBSCRIPTION_ID, roleDefinition("Owner")!.id),
        objectIdFor(OWNER),
        "User",
      ),
    );
  } finally {
    store.close();
  }
}

/** Calls every typed method of the client once against the twin (what the flows above did not). */
async function everyTypedMethod(ci: Connection): Promise<void> {
  const dev: ArmClient = ci.arm("dev");
  const prod: ArmClient = ci.arm("prod");
  const devEnv = ci.env("dev");
  const prodEnv = ci.env("prod");
  await dev.workspaces.get(devEnv.resourceGroups.ws, devEnv.names.workspace);
  await dev.workspaces.list(devEnv.resourceGroups.ws).toArray();
  await dev.workspaces.list().toArray();
  await dev.registries.list().toArray();
  await dev.registries.get(devEnv.resourceGroups.reg, devEnv.names.registry);
  await dev.registries.list(devEnv.resourceGroups.reg).toArray();
  await prod.storageAccounts.listKeys(prodEnv.resourceGroups.ws, prodEnv.names.storageAccount);
  const ws = dev.workspace(devEnv.resourceGroups.ws, devEnv.names.workspace);
  await ws.get();
  await ws.datastores.list().toArray();
  for (const kind of KINDS) {
    await ws
      .containers(kind)
      .list({ listViewType: kind === "codes" ? undefined : "All" })
      .toArray();
  }
  // A workspace code asset end to end: container, version, upload slot, list, delete.
  const code = ws.versions("codes", "contract-code");
  const upload = await code.startPendingUpload("1");
  await ws.containers("codes").createOrUpdate("contract-code", { properties: { description: "contract" } });
  await ws.containers("codes").get("contract-code");
  await code.createOrUpdate("1", {
    properties: { codeUri: upload.blobReferenceForConsumption?.blobUri ?? "https://x/y" },
  });
  await code.get("1");
  await code.list({ orderBy: "createdtime desc", top: 5 }).toArray();
  await code.delete("1");
  await ws.containers("codes").delete("contract-code");
  await ws.versions("data", "taxi-validation").list({ tags: "stage=validation" }).toArray();
  await ws
    .versions("models", "taxi-fare-model")
    .list({ tags: "framework=python-stdlib", properties: "x" })
    .toArray();
  // A registry container and version, both long-running.
  const reg = dev.registry(devEnv.resourceGroups.reg, devEnv.names.registry);
  await reg.get();
  await reg.containers("components").list().toArray();
  await reg
    .containers("models")
    .createOrUpdate("contract-model", { properties: { description: "contract" } });
  await reg.versions("models", "contract-model").createOrUpdate("1", {
    properties: { modelUri: "azureml://registries/x/models/y/versions/1", modelType: "custom_model" },
  });
  await reg.versions("models", "contract-model").delete("1");
  await reg.containers("models").get("contract-model");
  await reg.containers("models").delete("contract-model");
  // A data container names its dataType (required by DataContainer).
  await ws.containers("data").createOrUpdate("contract-data", { properties: { dataType: "uri_folder" } });
  await ws.containers("data").delete("contract-data");
  // The prod endpoint the demo deployed: PATCH, keys, token refusal, deployments.
  const prodWs = prod.workspace(prodEnv.resourceGroups.ws, prodEnv.names.workspace);
  const endpoints = prodWs.onlineEndpoints;
  await endpoints.list().toArray();
  await endpoints.update("taxi-fare", { tags: { "managed-by": "airlock", contract: "1" } });
  await endpoints.regenerateKeys("taxi-fare", { keyType: "Secondary" });
  await endpoints.listKeys("taxi-fare");
  await endpoints.getToken("taxi-fare").catch((error: unknown) => {
    if (!(error instanceof ArmError) || error.status !== 400) throw error;
  });
  for (const deployment of await prodWs.onlineDeployments("taxi-fare").list().toArray())
    await prodWs.onlineDeployments("taxi-fare").get(deployment.name);
  // A throwaway endpoint created and deleted.
  await endpoints.createOrUpdate("contract-ep", {
    location: (await prodWs.get()).location,
    properties: { authMode: "AMLToken" },
  });
  await endpoints.getToken("contract-ep");
  // The demo's deployment, deployed again under the throwaway endpoint, then deleted.
  const [live] = await prodWs.onlineDeployments("taxi-fare").list().toArray();
  assert.ok(live, "the demo left a deployment");
  const { location, sku, properties } = live;
  await prodWs.onlineDeployments("contract-ep").createOrUpdate("contract-d", {
    location,
    ...(sku ? { sku } : {}),
    properties: { ...properties, provisioningState: undefined },
  });
  await prodWs.onlineDeployments("contract-ep").delete("contract-d");
  await endpoints.delete("contract-ep");
}
