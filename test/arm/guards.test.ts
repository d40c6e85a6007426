/**
 * Client-side guards that act before any byte is sent: plain http only to loopback hosts, resource paths
 * that cannot be collapsed by relative segments, links only back to the endpoint. A real loopback server
 * counts requests to prove nothing was sent.
 */
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  ArmClient,
  ArmError,
  azureCredential,
  isLoopbackHost,
  staticTokenCredential,
} from "../../src/arm/index.ts";
import { ExitCode, InputError } from "../../src/errors.ts";

describe("ARM client guards", () => {
  let server: http.Server;
  let endpoint = "";
  const seen: { method: string; url: string; authorization: string | undefined }[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization });
      res.setHeader("content-type", "application/json");
      if (req.url?.startsWith("/denied")) {
        res.statusCode = 403;
        res.end(
          JSON.stringify({
            error: {
              code: "AuthorizationFailed",
              message: "no access for https://a.blob/c?sv=1&sig=SECRETSIG",
            },
          }),
        );
        return;
      }
      res.end(JSON.stringify({ value: [], nextLink: null }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const credential = staticTokenCredential("token-for-guards");

  it("refuses plain http to a non-loopback host with a clear error", () => {
    for (const host of ["http://10.1.1.4:8080", "http://management.azure.com", "http://127.example.com"]) {
      assert.throws(
        () => new ArmClient({ endpoint: host, subscriptionId: "s", credential }),
        (error: unknown) =>
          error instanceof InputError &&
          error.code === "ARM_INSECURE_ENDPOINT" &&
          /non-loopback/.test(error.message) &&
          error.exitCode === ExitCode.invalidInput,
      );
    }
  });

  it("accepts https anywhere and http on loopback names", () => {
    assert.doesNotThrow(
      () => new ArmClient({ endpoint: "https://management.azure.com", subscriptionId: "s", credential }),
    );
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "[::1]"])
      assert.equal(isLoopbackHost(host), true, host);
    for (const host of ["10.0.0.1", "example.com", "127.0.0.1.nip.io"])
      assert.equal(isLoopbackHost(host), false, host);
  });

  it("builds an Azure client on DefaultAzureCredential without any network call", async () => {
    const azure = await azureCredential();
    assert.equal(azure.constructor.name, "DefaultAzureCredential");
    const client = new ArmClient({ subscriptionId: "s", credential: azure });
    assert.equal(client.endpoint, "https://management.azure.com");
    assert.equal(client.apiVersion, "2024-10-01");
  });

  it("sends the credential's token as a bearer header over loopback http, with api-version", async () => {
    const client = new ArmClient({ endpoint, subscriptionId: "sub-1", credential });
    const before = seen.length;
    assert.deepEqual(await client.workspaces.list("rg-x").toArray(), []);
    const request = seen[before];
    assert.ok(request);
    assert.equal(request.authorization, "Bearer token-for-guards");
    assert.equal(
      request.url,
      "/subscriptions/sub-1/resourceGroups/rg-x/providers/Microsoft.MachineLearningServices/workspaces?api-version=2024-10-01",
    );
  });

  it("refuses names that would collapse the path, before sending anything", async () => {
    const client = new ArmClient({ endpoint, subscriptionId: "s", credential });
    const before = seen.length;
    const badName = (error: unknown) => error instanceof InputError && error.code === "ARM_BAD_NAME";
    for (const bad of ["..", ".", ""]) {
      assert.throws(() => client.workspace("rg", "ws").versions("models", bad), badName);
      await assert.rejects(() => client.registry("rg", "reg").versions("models", "m").get(bad), badName);
      await assert.rejects(() => client.workspace("rg", "ws").onlineEndpoints.listKeys(bad), badName);
    }
    await assert.rejects(
      () => client.request({ method: "GET", path: "/subscriptions/s/../../etc" }),
      /relative segment/,
    );
    assert.equal(seen.length, before);
  });

  it("encodes names as single path segments", async () => {
    const client = new ArmClient({ endpoint, subscriptionId: "s", credential });
    const before = seen.length;
    await client.workspace("rg", "ws").versions("models", "a/b?c").list().toArray();
    assert.match(seen[before]?.url ?? "", /\/models\/a%2Fb%3Fc\/versions\?api-version=/);
  });

  it("never follows a link (or sends its token) to another origin", async () => {
    const client = new ArmClient({ endpoint, subscriptionId: "s", credential });
    const before = seen.length;
    await assert.rejects(
      () => client.request({ method: "GET", path: "https://attacker.example/steal" }),
      (error: unknown) => error instanceof InputError && error.code === "ARM_FOREIGN_URL",
    );
    assert.equal(seen.length, before);
  });

  it("redacts SAS signatures from ARM error messages", async () => {
    const client = new ArmClient({ endpoint, subscriptionId: "s", credential, maxRetries: 0 });
    await assert.rejects(
      () => client.request({ method: "GET", path: "/denied" }),
      (error: unknown) =>
        error instanceof ArmError &&
        error.status === 403 &&
        error.armCode === "AuthorizationFailed" &&
        !error.message.includes("SECRETSIG") &&
        !JSON.stringify(error.toJSON()).includes("SECRETSIG"),
    );
  });

  it("reports an unreachable endpoint as an ArmError with exit status unavailable", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = new ArmClient({
      endpoint: `http://127.0.0.1:${port}`,
      subscriptionId: "s",
      credential,
      maxRetries: 1,
      retryDelayMs: 1,
    });
    await assert.rejects(
      () => client.registries.list().toArray(),
      (error: unknown) =>
        error instanceof ArmError && error.status === 0 && error.exitCode === ExitCode.unavailable,
    );
  });
});
