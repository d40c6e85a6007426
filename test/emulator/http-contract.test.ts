/**
 * The twin's HTTP contract: seeded resources, authentication (401), api-version (400), unknown routes
 * (404/501, never 500), malformed and oversized bodies, path traversal (ARM error, nothing stored), the
 * request-id headers, health and fault injection.
 */
import assert from "node:assert/strict";
import { createSecretKey } from "node:crypto";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { signToken } from "../../src/emulator/tokens.ts";
import { TWIN_SUBSCRIPTION_ID } from "../../src/platform/index.ts";
import { arm, DEV, PROD, regPath, startTestTwin, type TestTwin, wsPath } from "../helpers/twin.ts";

const SUB = `/subscriptions/${TWIN_SUBSCRIPTION_ID}`;
const MODEL = { properties: { modelUri: "azureml://datastores/workspaceblobstore/paths/m/model.pkl" } };

/** A raw request whose path is sent byte-for-byte (fetch would normalise `..`). */
function rawRequest(
  twin: TestTwin,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; body: string }> {
  const url = new URL(twin.armEndpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          authorization: `Bearer ${twin.tokenFor("sp-aml-deployment-dev")}`,
          "content-type": "application/json",
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("twin HTTP contract", () => {
  let twin: TestTwin;
  before(async () => {
    twin = await startTestTwin();
  });
  after(() => twin?.close());

  it("serves the seeded workspaces with a workspace GUID, location and discoveryUrl", async () => {
    for (const env of [DEV, PROD]) {
      const r = await arm(twin, "GET", wsPath(env), {
        as: env === DEV ? "sp-aml-deployment-dev" : "sp-aml-deployment-prod",
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.name, env.workspace);
      assert.match(
        r.body.properties.workspaceId,
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
      assert.equal(r.body.location, "canadacentral");
      assert.ok(r.body.properties.discoveryUrl.startsWith(twin.armEndpoint));
      assert.ok(r.body.properties.storageAccount.endsWith(`/storageAccounts/${env.storageAccount}`));
    }
  });

  it("lists workspaces, registries and resource groups the caller can read", async () => {
    const workspaces = await arm(
      twin,
      "GET",
      `${SUB}/resourceGroups/${DEV.workspaceRg}/providers/Microsoft.MachineLearningServices/workspaces`,
    );
    assert.deepEqual(
      workspaces.body.value.map((w: { name: string }) => w.name),
      [DEV.workspace],
    );
    const registries = await arm(
      twin,
      "GET",
      `${SUB}/providers/Microsoft.MachineLearningServices/registries`,
      { as: "alice" },
    );
    assert.deepEqual(registries.body.value.map((r: { name: string }) => r.name).sort(), [
      DEV.registry,
      PROD.registry,
    ]);
    const groups = await arm(twin, "GET", `${SUB}/resourcegroups`, { apiVersion: "2021-04-01" });
    assert.deepEqual(groups.body.value.map((g: { name: string }) => g.name).sort(), [
      "rg-aml-reg-dev-cc01",
      "rg-aml-vnet-dev-cc01",
      "rg-aml-ws-dev-cc01",
    ]);
    const group = await arm(twin, "GET", `${SUB}/resourceGroups/${DEV.workspaceRg}`, {
      apiVersion: "2021-04-01",
    });
    assert.equal(group.status, 200);
    assert.equal(group.body.location, "canadacentral");
    const mallory = await arm(twin, "GET", `${SUB}/providers/Microsoft.MachineLearningServices/workspaces`, {
      as: "mallory",
    });
    assert.deepEqual(mallory.body.value, []);
  });

  it("serves the seeded registries with their storage account", async () => {
    const r = await arm(twin, "GET", regPath(), { as: "alice" });
    assert.equal(r.status, 200, r.text);
    assert.equal(
      r.body.properties.regionDetails[0].storageAccountDetails[0].systemCreatedStorageAccount
        .storageAccountName,
      DEV.registryStorageAccount,
    );
  });

  it("answers 401 with ARM error bodies for missing, malformed, forged and expired tokens", async () => {
    const missing = await arm(twin, "GET", wsPath(), { as: null });
    assert.equal(missing.status, 401);
    assert.equal(missing.body.error.code, "AuthenticationFailed");
    assert.ok(missing.headers.get("www-authenticate"));
    for (const token of [
      "not-a-jwt",
      `${twin.tokenFor("alice")}x`,
      signToken(createSecretKey(Buffer.alloc(32)), { aud: "https://management.azure.com/" }),
    ]) {
      const r = await arm(twin, "GET", wsPath(), { token });
      assert.equal(r.status, 401, token);
      assert.equal(r.body.error.code, "InvalidAuthenticationToken");
    }
    const valid = JSON.parse(Buffer.from(twin.tokenFor("alice").split(".")[1]!, "base64url").toString());
    const { readFile } = await import("node:fs/promises");
    const key = await readFile(`${twin.stateDir}/twin-signing-key`);
    const expired = signToken(createSecretKey(key), { ...valid, exp: Math.floor(Date.now() / 1000) - 10 });
    const r = await arm(twin, "GET", wsPath(), { token: expired });
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, "ExpiredAuthenticationToken");
  });

  it("requires api-version 2024-10-01 on ML routes", async () => {
    const missing = await arm(twin, "GET", wsPath(), { apiVersion: null });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, "MissingApiVersionParameter");
    const wrong = await arm(twin, "GET", wsPath(), { apiVersion: "2023-04-01" });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.code, "InvalidApiVersionParameter");
  });

  it("answers unknown resource types with 404 and unsupported methods with 501", async () => {
    const unknown = await arm(twin, "GET", `${wsPath()}/widgets/w1`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, "InvalidResourceType");
    const outside = await arm(twin, "GET", "/nothing/here");
    assert.equal(outside.status, 404);
    assert.ok(outside.body.error.code);
    const patch = await arm(twin, "PATCH", `${wsPath()}/models/m/versions/1`, { body: {} });
    assert.equal(patch.status, 501);
    assert.equal(patch.body.error.code, "NotImplemented");
    const workspacePut = await arm(twin, "PUT", wsPath(), { body: { location: "x" } });
    assert.equal(workspacePut.status, 501);
  });

  it("refuses malformed JSON and non-object bodies with 400, storing nothing", async () => {
    for (const rawBody of ["{not json", "[1,2]", '"text"']) {
      const r = await arm(twin, "PUT", `${wsPath()}/models/badjson/versions/1`, { rawBody });
      assert.equal(r.status, 400, rawBody);
      assert.equal(r.body.error.code, "InvalidRequestContent");
    }
    assert.equal((await arm(twin, "GET", `${wsPath()}/models/badjson`)).status, 404);
  });

  it("refuses bodies over 4 MB with 413 and keeps the connection usable", async () => {
    const big = JSON.stringify({ properties: { modelUri: "x", description: "a".repeat(5 * 1024 * 1024) } });
    const r = await arm(twin, "PUT", `${wsPath()}/models/big/versions/1`, { rawBody: big });
    assert.equal(r.status, 413);
    assert.equal(r.body.error.code, "RequestEntityTooLarge");
    assert.equal((await arm(twin, "GET", `${wsPath()}/models/big`)).status, 404);
  });

  it("refuses path traversal and invalid names with ARM errors and stores nothing", async () => {
    const attempts = [
      `${wsPath()}/models/../versions/1`,
      `${wsPath()}/models/%2e%2e/versions/1`,
      `${wsPath()}/models/a%2Fb/versions/1`,
      `${wsPath()}/models/a%5Cb/versions/1`,
      `${wsPath()}/models/-leading/versions/1`,
      `${wsPath()}/models/ok/versions/..`,
      `${wsPath()}/models/ok/versions/%00`,
      `${wsPath()}/models//versions/1`,
      `${regPath()}/models/bad%20name/versions/1`,
    ];
    for (const path of attempts) {
      const r = await rawRequest(twin, "PUT", `${path}?api-version=2024-10-01`, JSON.stringify(MODEL));
      assert.ok(r.status === 400 || r.status === 404, `${path} → ${r.status}`);
      assert.ok(JSON.parse(r.body).error.code, r.body);
    }
    const list = await arm(twin, "GET", `${wsPath()}/models`);
    assert.deepEqual(list.body.value, []);
    const regList = await arm(twin, "GET", `${regPath()}/models`, { as: "sp-aml-promotion-dev" });
    assert.deepEqual(regList.body.value, []);
  });

  it("returns request-id headers, echoing the correlation id", async () => {
    const r = await arm(twin, "GET", wsPath(), { headers: { "x-ms-correlation-request-id": "corr-123" } });
    assert.ok(r.headers.get("x-ms-request-id"));
    assert.equal(r.headers.get("x-ms-correlation-request-id"), "corr-123");
  });

  it("answers 404 for unknown subscriptions, resource groups and workspaces", async () => {
    const sub = await arm(
      twin,
      "GET",
      wsPath().replace(TWIN_SUBSCRIPTION_ID, "00000000-0000-4000-8000-000000000000"),
    );
    assert.equal(sub.status, 404);
    assert.equal(sub.body.error.code, "SubscriptionNotFound");
    const ws = await arm(twin, "GET", wsPath().replace(DEV.workspace, "amlwsnothere01"));
    assert.equal(ws.status, 404);
    assert.equal(ws.body.error.code, "ResourceNotFound");
  });

  it("reports health and injects faults for tests", async () => {
    const health = await fetch(`${twin.armEndpoint}/_twin/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, "ok");
    const armed = await fetch(`${twin.armEndpoint}/_twin/faults`, {
      method: "POST",
      body: JSON.stringify({
        method: "GET",
        pathContains: "/models/",
        status: 503,
        count: 2,
        retryAfterSeconds: 0,
      }),
    });
    assert.equal(armed.status, 201);
    for (let i = 0; i < 2; i++) {
      const r = await arm(twin, "GET", `${wsPath()}/models/x`);
      assert.equal(r.status, 503);
      assert.equal(r.headers.get("retry-after"), "0");
    }
    assert.equal((await arm(twin, "GET", `${wsPath()}/models/x`)).status, 404);
    await fetch(`${twin.armEndpoint}/_twin/faults`, {
      method: "POST",
      body: JSON.stringify({ status: 429, count: 5 }),
    });
    await fetch(`${twin.armEndpoint}/_twin/faults`, { method: "DELETE" });
    assert.equal((await arm(twin, "GET", wsPath())).status, 200);
  });
});
