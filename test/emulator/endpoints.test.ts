/**
 * Online endpoints and deployments on the twin, scored for real through python3 processes: traffic rules,
 * key and AML-token auth, the azureml-model-deployment header, traffic splits, run() exceptions, live-traffic
 * delete protection, failed starts, key regeneration and process shutdown on delete; plus the deployment
 * LRO in realistic mode.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  arm,
  DEV,
  startTestTwin,
  type TestTwin,
  uploadToWorkspaceBlobstore,
  wsPath,
} from "../helpers/twin.ts";

const AS = "sp-aml-promotion-dev";
const DS = "azureml://datastores/workspaceblobstore/paths";
const SCORE_PY = `
import json, os
def init():
    global model
    with open(os.path.join(os.environ["AZUREML_MODEL_DIR"], "model.txt")) as f:
        model = f.read().strip()
    if model == "broken":
        raise RuntimeError("init refused the broken model")
def run(raw):
    data = json.loads(raw)
    if data.get("fail"):
        raise ValueError("boom")
    return {"model": model, "deployment": os.environ.get("DEPLOYMENT_NAME"), "echo": data}
`;

async function seedAssets(twin: TestTwin): Promise<void> {
  await uploadToWorkspaceBlobstore(
    twin,
    [
      ["models/v1/model.txt", "v1"],
      ["models/v2/model.txt", "v2"],
      ["models/broken/model.txt", "broken"],
      ["code/src/score.py", SCORE_PY],
    ],
    AS,
  );
  for (const v of ["v1", "v2", "broken"]) {
    const r = await arm(twin, "PUT", `${wsPath()}/models/scorer/versions/${v}`, {
      as: AS,
      body: { properties: { modelUri: `${DS}/models/${v}/model.txt` } },
    });
    assert.equal(r.status, 201, r.text);
  }
  const code = await arm(twin, "PUT", `${wsPath()}/codes/scorer-code/versions/1`, {
    as: AS,
    body: { properties: { codeUri: `${DS}/code/src` } },
  });
  assert.equal(code.status, 201, code.text);
}

const deploymentBody = (model: string, name: string) => ({
  location: "canadacentral",
  sku: { name: "Default", capacity: 1 },
  properties: {
    endpointComputeType: "Managed",
    model: `${wsPath()}/models/scorer/versions/${model}`,
    codeConfiguration: { codeId: `${wsPath()}/codes/scorer-code/versions/1`, scoringScript: "score.py" },
    environmentVariables: { DEPLOYMENT_NAME: name },
  },
});
const endpointBody = (traffic: Record<string, number> = {}, authMode = "Key") => ({
  location: "canadacentral",
  properties: { authMode, traffic },
});

async function score(
  twin: TestTwin,
  endpoint: string,
  credential: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${twin.armEndpoint}/_inference/${DEV.workspace}/${endpoint}/score`, {
    method: "POST",
    headers: { authorization: `Bearer ${credential}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

describe("online endpoints (fast)", () => {
  let twin: TestTwin;
  const ep = `${wsPath()}/onlineEndpoints/churn-ep`;
  before(async () => {
    twin = await startTestTwin({ lroMode: "fast" });
    await seedAssets(twin);
  });
  after(() => twin?.close());

  it("validates endpoint bodies and traffic", async () => {
    assert.equal(
      (await arm(twin, "PUT", ep, { as: AS, body: { properties: { authMode: "Key" } } })).status,
      400,
      "location required",
    );
    assert.equal(
      (
        await arm(twin, "PUT", ep, {
          as: AS,
          body: { location: "canadacentral", properties: { authMode: "Password" } },
        })
      ).status,
      400,
    );
    const ghost = await arm(twin, "PUT", ep, { as: AS, body: endpointBody({ blue: 100 }) });
    assert.equal(ghost.status, 400);
    assert.match(ghost.body.error.message, /does not exist/);
    assert.equal((await arm(twin, "GET", ep, { as: AS })).status, 404);
  });

  it("creates an endpoint with a scoring URI and keys", async () => {
    const created = await arm(twin, "PUT", ep, { as: AS, body: endpointBody() });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.properties.provisioningState, "Succeeded");
    assert.equal(
      created.body.properties.scoringUri,
      `${twin.armEndpoint}/_inference/${DEV.workspace}/churn-ep/score`,
    );
    assert.equal(created.body.properties.keys, null);
    const keys = await arm(twin, "POST", `${ep}/listKeys`, { as: AS });
    assert.equal(keys.status, 200);
    assert.ok(
      keys.body.primaryKey && keys.body.secondaryKey && keys.body.primaryKey !== keys.body.secondaryKey,
    );
    const list = await arm(twin, "GET", `${wsPath()}/onlineEndpoints`, { as: AS });
    assert.deepEqual(
      list.body.value.map((e: { name: string }) => e.name),
      ["churn-ep"],
    );
  });

  it("runs deployments, routes by traffic and by header, and maps run() errors to 500", async () => {
    for (const [name, model] of [
      ["blue", "v1"],
      ["green", "v2"],
    ] as const) {
      const r = await arm(twin, "PUT", `${ep}/deployments/${name}`, {
        as: AS,
        body: deploymentBody(model, name),
      });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.properties.provisioningState, "Succeeded");
    }
    const keys = (await arm(twin, "POST", `${ep}/listKeys`, { as: AS })).body;
    const none = await score(twin, "churn-ep", keys.primaryKey, { x: 1 });
    assert.equal(none.status, 503, "no traffic yet and no header");
    assert.equal(
      (await arm(twin, "PUT", ep, { as: AS, body: endpointBody({ blue: 60, green: 30 }) })).status,
      400,
      "sum must be 0 or 100",
    );
    assert.equal(
      (await arm(twin, "PUT", ep, { as: AS, body: endpointBody({ blue: 100, green: 0 }) })).status,
      200,
    );
    const blue = await score(twin, "churn-ep", keys.primaryKey, { x: 1 });
    assert.equal(blue.status, 200, JSON.stringify(blue.body));
    assert.deepEqual(blue.body, { model: "v1", deployment: "blue", echo: { x: 1 } });
    assert.equal(blue.headers.get("azureml-model-deployment"), "blue");
    const green = await score(
      twin,
      "churn-ep",
      keys.secondaryKey,
      { x: 2 },
      { "azureml-model-deployment": "green" },
    );
    assert.deepEqual(green.body, { model: "v2", deployment: "green", echo: { x: 2 } });
    const missing = await score(twin, "churn-ep", keys.primaryKey, {}, { "azureml-model-deployment": "red" });
    assert.equal(missing.status, 404);
    const failing = await score(twin, "churn-ep", keys.primaryKey, { fail: true });
    assert.equal(failing.status, 500);
    assert.equal(typeof failing.body.message, "string", "the inference server's {message} error body");
    assert.equal((await score(twin, "churn-ep", "wrong-key", {})).status, 401);
    assert.equal(
      (await score(twin, "churn-ep", twin.tokenFor("alice"), {})).status,
      401,
      "a Key endpoint does not take Entra tokens",
    );

    assert.equal(
      (await arm(twin, "PUT", ep, { as: AS, body: endpointBody({ blue: 50, green: 50 }) })).status,
      200,
    );
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++)
      seen.add((await score(twin, "churn-ep", keys.primaryKey, { i })).body.deployment);
    assert.deepEqual([...seen].sort(), ["blue", "green"]);
  });

  it("refuses to delete a deployment with live traffic; deletes it once traffic is 0", async () => {
    const busy = await arm(twin, "DELETE", `${ep}/deployments/green`, { as: AS });
    assert.equal(busy.status, 409);
    assert.match(busy.body.error.message, /live traffic/);
    assert.equal(
      (await arm(twin, "PUT", ep, { as: AS, body: endpointBody({ blue: 100, green: 0 }) })).status,
      200,
    );
    assert.equal((await arm(twin, "DELETE", `${ep}/deployments/green`, { as: AS })).status, 200);
    const keys = (await arm(twin, "POST", `${ep}/listKeys`, { as: AS })).body;
    assert.equal(
      (await score(twin, "churn-ep", keys.primaryKey, {}, { "azureml-model-deployment": "green" })).status,
      404,
    );
    const list = await arm(twin, "GET", `${ep}/deployments`, { as: AS });
    assert.deepEqual(
      list.body.value.map((d: { name: string }) => d.name),
      ["blue"],
    );
  });

  it("regenerates keys: the old key stops working", async () => {
    const before = (await arm(twin, "POST", `${ep}/listKeys`, { as: AS })).body;
    assert.equal(
      (await arm(twin, "POST", `${ep}/regenerateKeys`, { as: AS, body: { keyType: "Primary" } })).status,
      200,
    );
    const after = (await arm(twin, "POST", `${ep}/listKeys`, { as: AS })).body;
    assert.notEqual(after.primaryKey, before.primaryKey);
    assert.equal(after.secondaryKey, before.secondaryKey);
    assert.equal((await score(twin, "churn-ep", before.primaryKey, {})).status, 401);
    assert.equal((await score(twin, "churn-ep", after.primaryKey, {})).status, 200);
    assert.equal(
      (await arm(twin, "POST", `${ep}/regenerateKeys`, { as: AS, body: { keyType: "Tertiary" } })).status,
      400,
    );
  });

  it("PATCH changes tags only", async () => {
    const patched = await arm(twin, "PATCH", ep, { as: AS, body: { tags: { owner: "alice" } } });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual(patched.body.tags, { owner: "alice" });
    assert.deepEqual(patched.body.properties.traffic, { blue: 100, green: 0 });
    assert.equal(
      (await arm(twin, "PATCH", ep, { as: AS, body: { properties: { traffic: {} } } })).status,
      400,
    );
  });

  it("issues AML tokens for AMLToken endpoints only, and they score", async () => {
    const tokenEp = `${wsPath()}/onlineEndpoints/token-ep`;
    assert.equal(
      (await arm(twin, "PUT", tokenEp, { as: AS, body: endpointBody({}, "AMLToken") })).status,
      201,
    );
    assert.equal(
      (await arm(twin, "PUT", `${tokenEp}/deployments/only`, { as: AS, body: deploymentBody("v2", "only") }))
        .status,
      201,
    );
    assert.equal(
      (await arm(twin, "PUT", tokenEp, { as: AS, body: endpointBody({ only: 100 }, "AMLToken") })).status,
      200,
    );
    const token = await arm(twin, "POST", `${tokenEp}/token`, { as: AS });
    assert.equal(token.status, 200, token.text);
    assert.equal(token.body.tokenType, "Bearer");
    assert.ok(token.body.expiryTimeUtc > Date.now() / 1000);
    assert.equal((await score(twin, "token-ep", token.body.accessToken, { t: 1 })).status, 200);
    assert.equal(
      (await score(twin, "churn-ep", token.body.accessToken, {})).status,
      401,
      "token is bound to its endpoint",
    );
    assert.equal(
      (await arm(twin, "POST", `${ep}/token`, { as: AS })).status,
      400,
      "Key endpoints issue no tokens",
    );
    assert.equal((await arm(twin, "POST", `${tokenEp}/token`, { as: "mallory" })).status, 403);
  });

  it("a deployment whose init() fails ends Failed with the script's error", async () => {
    const r = await arm(twin, "PUT", `${ep}/deployments/broken`, {
      as: AS,
      body: deploymentBody("broken", "broken"),
    });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.code, "DeploymentFailed");
    assert.match(r.body.error.message, /init refused the broken model/);
    const got = await arm(twin, "GET", `${ep}/deployments/broken`, { as: AS });
    assert.equal(got.body.properties.provisioningState, "Failed");
    const bad = await arm(twin, "PUT", `${ep}/deployments/nocode`, {
      as: AS,
      body: { location: "canadacentral", properties: { model: "azureml:scorer:v1" } },
    });
    assert.equal(bad.status, 400);
    const ghostModel = await arm(twin, "PUT", `${ep}/deployments/ghost`, {
      as: AS,
      body: deploymentBody("v9", "ghost"),
    });
    assert.equal(ghostModel.status, 400);
  });

  it("deleting the endpoint stops its processes", async () => {
    const keys = (await arm(twin, "POST", `${ep}/listKeys`, { as: AS })).body;
    assert.equal((await arm(twin, "DELETE", ep, { as: AS })).status, 200);
    assert.equal((await arm(twin, "GET", ep, { as: AS })).status, 404);
    assert.equal((await arm(twin, "GET", `${ep}/deployments/blue`, { as: AS })).status, 404);
    assert.equal((await score(twin, "churn-ep", keys.primaryKey, {})).status, 404);
    assert.equal(twin.principals().length > 0, true);
  });
});

describe("online deployments (realistic LROs)", () => {
  let twin: TestTwin;
  before(async () => {
    twin = await startTestTwin({ lroMode: "realistic" });
    await seedAssets(twin);
  });
  after(() => twin?.close());

  async function finish(url: string): Promise<string> {
    for (let i = 0; i < 400; i++) {
      const r = await arm(twin, "GET", url, { as: AS });
      if (r.body.status !== "InProgress")
        return `${r.body.status}${r.body.error ? `: ${r.body.error.message}` : ""}`;
      await sleep(50);
    }
    return "timeout";
  }

  it("endpoint and deployment PUTs poll to Succeeded (or Failed with the error), then GET on the original URI", async () => {
    const ep = `${wsPath()}/onlineEndpoints/lro-ep`;
    const put = await arm(twin, "PUT", ep, { as: AS, body: endpointBody() });
    assert.equal(put.status, 201);
    assert.equal(put.body.properties.provisioningState, "Creating");
    assert.equal(await finish(put.headers.get("azure-asyncoperation")!), "Succeeded");
    const dep = await arm(twin, "PUT", `${ep}/deployments/blue`, {
      as: AS,
      body: deploymentBody("v1", "blue"),
    });
    assert.equal(dep.status, 201);
    assert.equal(dep.body.properties.provisioningState, "Creating");
    assert.equal(await finish(dep.headers.get("azure-asyncoperation")!), "Succeeded");
    assert.equal(
      (await arm(twin, "GET", `${ep}/deployments/blue`, { as: AS })).body.properties.provisioningState,
      "Succeeded",
    );
    const broken = await arm(twin, "PUT", `${ep}/deployments/broken`, {
      as: AS,
      body: deploymentBody("broken", "broken"),
    });
    assert.equal(broken.status, 201);
    assert.match(
      await finish(broken.headers.get("azure-asyncoperation")!),
      /^Failed: .*init refused the broken model/s,
    );
    const del = await arm(twin, "DELETE", ep, { as: AS });
    assert.equal(del.status, 202);
    let status = 202;
    for (let i = 0; i < 100 && status === 202; i++) {
      await sleep(50);
      status = (await arm(twin, "GET", del.headers.get("location")!, { as: AS })).status;
    }
    assert.equal(status, 200);
  });
});
