/**
 * Long-running operations in both modes, followed by hand: realistic mode answers registry writes with
 * Azure-AsyncOperation (status InProgress → Succeeded, then the final GET on the original URI) and deletes
 * with Location (202 → 200), always with Retry-After; fast mode answers synchronously (a 201 still names an
 * operation, already succeeded, in Azure-AsyncOperation as the spec declares; DELETE answers 200).
 * Realistic mode runs here with Azure's pacing (REALISTIC_PACING: Retry-After 10, the least the spec allows); other tests use the test
 * pacing, whose Retry-After 0 is checked in test/arm/lro.test.ts.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { REALISTIC_PACING } from "../../src/emulator/index.ts";
import { TWIN_SUBSCRIPTION_ID } from "../../src/platform/index.ts";
import {
  type ArmResponse,
  arm,
  DEV,
  regPath,
  startTestTwin,
  type TestTwin,
  wsPath,
} from "../helpers/twin.ts";

const PROMOTER = "sp-aml-promotion-dev";
const MODEL = { properties: { modelUri: "azureml://datastores/workspaceblobstore/paths/m/model.pkl" } };

/** Polls an Azure-AsyncOperation URL until a terminal status; returns every status seen. */
async function followAsyncOperation(twin: TestTwin, url: string, as: string): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 100; i++) {
    const r = await arm(twin, "GET", url, { as });
    assert.equal(r.status, 200, r.text);
    seen.push(r.body.status);
    if (["Succeeded", "Failed", "Canceled"].includes(r.body.status)) return seen;
    assert.equal(r.headers.get("retry-after"), String(REALISTIC_PACING.retryAfterSeconds));
    await sleep(50);
  }
  throw new Error(`operation never finished: ${seen.join(",")}`);
}

/** Polls a Location URL until it stops answering 202; returns the statuses seen. */
async function followLocation(
  twin: TestTwin,
  url: string,
  as: string,
): Promise<{ statuses: number[]; last: ArmResponse }> {
  const statuses: number[] = [];
  for (let i = 0; i < 100; i++) {
    const r = await arm(twin, "GET", url, { as });
    statuses.push(r.status);
    if (r.status !== 202) return { statuses, last: r };
    assert.ok(r.headers.get("location"));
    await sleep(50);
  }
  throw new Error("location never finished");
}

describe("LROs in realistic mode", () => {
  let twin: TestTwin;
  before(async () => {
    twin = await startTestTwin({ lroMode: "realistic", lroPacing: REALISTIC_PACING });
  });
  after(() => twin?.close());

  it("registry version PUT: 201 + Azure-AsyncOperation, InProgress → Succeeded, final GET on the original URI", async () => {
    const url = `${regPath()}/models/lro-model/versions/1`;
    const put = await arm(twin, "PUT", url, { as: PROMOTER, body: MODEL });
    assert.equal(put.status, 201, put.text);
    assert.equal(put.body.properties.provisioningState, "Creating");
    const operation = put.headers.get("azure-asyncoperation");
    assert.ok(
      operation?.startsWith(
        `${twin.armEndpoint}/subscriptions/${TWIN_SUBSCRIPTION_ID}/providers/Microsoft.MachineLearningServices/locations/canadacentral/mfeOperationsStatus/`,
      ),
      String(operation),
    );
    assert.equal(put.headers.get("retry-after"), String(REALISTIC_PACING.retryAfterSeconds));
    const during = await arm(twin, "GET", url, { as: PROMOTER });
    assert.equal(during.body.properties.provisioningState, "Creating");
    const statuses = await followAsyncOperation(twin, operation!, PROMOTER);
    assert.equal(statuses[0], "InProgress");
    assert.equal(statuses.at(-1), "Succeeded");
    const final = await arm(twin, "GET", url, { as: PROMOTER });
    assert.equal(final.status, 200);
    assert.equal(final.body.properties.provisioningState, "Succeeded");
    assert.equal(final.body.properties.modelUri, MODEL.properties.modelUri);
  });

  it("registry version DELETE: 202 + Location, 202 while running then 200", async () => {
    const url = `${regPath()}/data/lro-data/versions/1`;
    const put = await arm(twin, "PUT", url, {
      as: PROMOTER,
      body: {
        properties: { dataUri: "azureml://datastores/workspaceblobstore/paths/d.csv", dataType: "uri_file" },
      },
    });
    await followAsyncOperation(twin, put.headers.get("azure-asyncoperation")!, PROMOTER);
    const del = await arm(twin, "DELETE", url, { as: PROMOTER });
    assert.equal(del.status, 202);
    assert.equal(del.headers.get("retry-after"), String(REALISTIC_PACING.retryAfterSeconds));
    const { statuses, last } = await followLocation(twin, del.headers.get("location")!, PROMOTER);
    assert.equal(statuses[0], 202);
    assert.equal(last.status, 200);
    assert.equal((await arm(twin, "GET", url, { as: PROMOTER })).status, 404);
  });

  it("registry container PUT is an LRO; an identical re-PUT of a version is not", async () => {
    const put = await arm(twin, "PUT", `${regPath()}/components/lro-container`, {
      as: PROMOTER,
      body: { properties: { description: "c" } },
    });
    assert.equal(put.status, 201);
    assert.ok(put.headers.get("azure-asyncoperation"));
    const again = await arm(twin, "PUT", `${regPath()}/models/lro-model/versions/1`, {
      as: PROMOTER,
      body: MODEL,
    });
    assert.equal(again.status, 200);
    assert.equal(again.headers.get("azure-asyncoperation"), null);
  });

  it("workspace version PUTs are never LROs", async () => {
    const put = await arm(twin, "PUT", `${wsPath()}/models/ws-model/versions/1`, {
      as: PROMOTER,
      body: MODEL,
    });
    assert.equal(put.status, 201);
    assert.equal(put.headers.get("azure-asyncoperation"), null);
    assert.equal(put.headers.get("location"), null);
    assert.equal(put.body.properties.provisioningState, "Succeeded");
  });

  it("registry PUT and DELETE of an extra registry are LROs", async () => {
    const url = `/subscriptions/${TWIN_SUBSCRIPTION_ID}/resourceGroups/${DEV.registryRg}/providers/Microsoft.MachineLearningServices/registries/amlregextra01`;
    const put = await arm(twin, "PUT", url, {
      body: { location: "canadacentral", tags: { purpose: "test" } },
    });
    assert.equal(put.status, 201, put.text);
    assert.equal(put.body.properties.provisioningState, "Creating");
    assert.deepEqual(
      await followAsyncOperation(
        twin,
        put.headers.get("azure-asyncoperation")!,
        "sp-aml-deployment-dev",
      ).then((s) => s.at(-1)),
      "Succeeded",
    );
    const got = await arm(twin, "GET", url);
    assert.equal(got.status, 200);
    const asset = await arm(twin, "PUT", `${url}/models/x/versions/1`, { body: MODEL });
    assert.equal(asset.status, 201, asset.text);
    const noLocation = await arm(twin, "PUT", url, { body: {} });
    assert.equal(noLocation.status, 400);
    const del = await arm(twin, "DELETE", url);
    assert.equal(del.status, 202);
    assert.equal(
      (await followLocation(twin, del.headers.get("location")!, "sp-aml-deployment-dev")).last.status,
      200,
    );
    assert.equal((await arm(twin, "GET", url)).status, 404);
  });

  it("operation URLs are private to the principal who started them", async () => {
    const put = await arm(twin, "PUT", `${regPath()}/models/private-op/versions/1`, {
      as: PROMOTER,
      body: MODEL,
    });
    const other = await arm(twin, "GET", put.headers.get("azure-asyncoperation")!, { as: "alice" });
    assert.equal(other.status, 404);
    const anonymous = await arm(twin, "GET", put.headers.get("azure-asyncoperation")!, { as: null });
    assert.equal(anonymous.status, 401);
  });
});

describe("LROs in fast mode", () => {
  let twin: TestTwin;
  before(async () => {
    twin = await startTestTwin({ lroMode: "fast" });
  });
  after(() => twin?.close());

  it("answers registry writes synchronously; the 201 names an operation that has already succeeded", async () => {
    const url = `${regPath()}/models/fast/versions/1`;
    const put = await arm(twin, "PUT", url, { as: PROMOTER, body: MODEL });
    assert.equal(put.status, 201);
    assert.equal(put.body.properties.provisioningState, "Succeeded");
    // The spec's 201 for a long-running PUT declares Azure-AsyncOperation: fast mode carries it too.
    const status = put.headers.get("azure-asyncoperation");
    assert.ok(status, "201 carries Azure-AsyncOperation");
    assert.deepEqual(await followAsyncOperation(twin, status, PROMOTER), ["Succeeded"]);
    for (const header of ["location", "operation-location"]) assert.equal(put.headers.get(header), null);
    const del = await arm(twin, "DELETE", url, { as: PROMOTER });
    assert.equal(del.status, 200);
    assert.equal(del.headers.get("location"), null);
  });
});
