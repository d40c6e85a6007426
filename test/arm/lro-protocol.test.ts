/**
 * LRO protocol corners the twin does not produce, against a scripted loopback ARM server: Body mode (PUT
 * without headers, provisioningState polled on the resource), Operation-Location with non-standard running
 * strings, Retry-After as an HTTP-date, Canceled, and Location polling that ends in 204.
 */
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, it } from "node:test";
import { ArmClient, ArmError, staticTokenCredential } from "../../src/arm/index.ts";

interface Scripted {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

describe("LRO protocol rules against a scripted ARM server", () => {
  let server: http.Server;
  let base = "";
  /** Answers per "METHOD path", consumed in order; the last one repeats. */
  let script = new Map<string, Scripted[]>();
  let log: string[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const key = `${req.method} ${path}`;
      log.push(key);
      const queue = script.get(key);
      const answer = queue && (queue.length > 1 ? queue.shift() : queue[0]);
      req.resume();
      if (!answer) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "NotScripted", message: key } }));
        return;
      }
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    script = new Map();
    log = [];
  });

  const client = () =>
    new ArmClient({
      endpoint: base,
      subscriptionId: "sub",
      credential: staticTokenCredential("t"),
      lroPollIntervalMs: 1,
      maxRetries: 0,
    });
  const endpointPath =
    "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/ep";
  const resource = (state: string) => ({
    id: endpointPath,
    name: "ep",
    type: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
    location: "canadacentral",
    properties: { authMode: "Key", provisioningState: state },
  });
  const putBody = { location: "canadacentral", properties: { authMode: "Key" as const } };

  it("Body mode: a PUT without headers polls the resource until provisioningState is terminal", async () => {
    script.set(`PUT ${endpointPath}`, [{ status: 201, body: resource("Creating") }]);
    script.set(`GET ${endpointPath}`, [
      { status: 200, body: resource("Updating") },
      { status: 200, body: resource("InProgress") },
      { status: 200, body: resource("Succeeded") },
    ]);
    const result = await client().workspace("rg", "ws").onlineEndpoints.createOrUpdate("ep", putBody);
    assert.equal(result.properties.provisioningState, "Succeeded");
    assert.deepEqual(log, [`PUT ${endpointPath}`, ...Array(3).fill(`GET ${endpointPath}`)]);
  });

  it("Operation-Location: unknown status strings keep polling; success ends with a GET on the original URI", async () => {
    script.set(`PUT ${endpointPath}`, [
      { status: 201, body: resource("Creating"), headers: { "operation-location": `${base}/ops/1` } },
    ]);
    script.set("GET /ops/1", [
      { status: 200, body: { status: "InProgress" } },
      { status: 200, body: { status: "Provisioning" } },
      { status: 200, body: { status: "succeeded" } },
    ]);
    script.set(`GET ${endpointPath}`, [{ status: 200, body: resource("Succeeded") }]);
    const result = await client().workspace("rg", "ws").onlineEndpoints.createOrUpdate("ep", putBody);
    assert.equal(result.properties.provisioningState, "Succeeded");
    assert.deepEqual(log, [
      `PUT ${endpointPath}`,
      "GET /ops/1",
      "GET /ops/1",
      "GET /ops/1",
      `GET ${endpointPath}`,
    ]);
  });

  it("honours Retry-After given as an HTTP-date between polls", async () => {
    const later = new Date(Date.now() + 1500).toUTCString();
    script.set(`PUT ${endpointPath}`, [
      { status: 201, body: resource("Creating"), headers: { "azure-asyncoperation": `${base}/ops/2` } },
    ]);
    script.set("GET /ops/2", [
      { status: 200, body: { status: "InProgress" }, headers: { "retry-after": later } },
      { status: 200, body: { status: "Succeeded" } },
    ]);
    script.set(`GET ${endpointPath}`, [{ status: 200, body: resource("Succeeded") }]);
    const started = performance.now();
    await client().workspace("rg", "ws").onlineEndpoints.createOrUpdate("ep", putBody);
    // The date has one-second resolution, so the wait is at least 0.5 s (the poll interval is 1 ms).
    assert.ok(performance.now() - started >= 450, "polled again before the Retry-After date");
  });

  it("a Failed status becomes an ArmError with the operation's code and message", async () => {
    script.set(`PUT ${endpointPath}`, [
      { status: 201, body: resource("Creating"), headers: { "azure-asyncoperation": `${base}/ops/3` } },
    ]);
    script.set("GET /ops/3", [
      { status: 200, body: { status: "InProgress" } },
      {
        status: 200,
        body: { status: "Failed", error: { code: "QuotaExceeded", message: "Not enough cores." } },
      },
    ]);
    await assert.rejects(
      () => client().workspace("rg", "ws").onlineEndpoints.createOrUpdate("ep", putBody),
      (error: unknown) =>
        error instanceof ArmError &&
        error.armCode === "QuotaExceeded" &&
        error.message === "Not enough cores." &&
        error.operationStatus === "Failed" &&
        error.details?.path === endpointPath,
    );
    assert.equal(log.includes(`GET ${endpointPath}`), false, "no final GET after a failure");
  });

  it("a Canceled status becomes an ArmError marked Canceled", async () => {
    script.set(`DELETE ${endpointPath}`, [
      { status: 202, headers: { "azure-asyncoperation": `${base}/ops/4`, location: `${base}/results/4` } },
    ]);
    script.set("GET /ops/4", [{ status: 200, body: { status: "Canceled" } }]);
    await assert.rejects(
      () => client().workspace("rg", "ws").onlineEndpoints.delete("ep"),
      (error: unknown) => error instanceof ArmError && error.operationStatus === "Canceled",
    );
  });

  it("Location mode: 202 keeps polling, 204 completes", async () => {
    script.set(`DELETE ${endpointPath}`, [{ status: 202, headers: { location: `${base}/results/5` } }]);
    script.set("GET /results/5", [
      { status: 202, headers: { location: `${base}/results/5` } },
      { status: 204 },
    ]);
    await client().workspace("rg", "ws").onlineEndpoints.delete("ep");
    assert.deepEqual(log, [`DELETE ${endpointPath}`, "GET /results/5", "GET /results/5"]);
  });
});
