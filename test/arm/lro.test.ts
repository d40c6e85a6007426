/**
 * Long-running operations against a twin in realistic mode (201 + Azure-AsyncOperation for PUT, 202 +
 * Location for DELETE and publish, Retry-After on every answer) and in fast mode (synchronous, Body mode).
 * The client must only return once the operation is over: the resource is Succeeded (PUT) or gone (DELETE).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type ArmClient, ArmError } from "../../src/arm/index.ts";
import { ExitCode } from "../../src/errors.ts";
import { startTestTwin, TEST_LRO_PACING, type TestTwin } from "../helpers/twin.ts";
import {
  BROKEN_SCRIPT,
  clientAs,
  createCodeAsset,
  createRegistryModel,
  DEPLOYER,
  DEV,
  ECHO_SCRIPT,
  uniqueName,
} from "./fixture.ts";

const modelBody = (tag: string) => ({
  properties: {
    modelType: "custom_model",
    modelUri: `azureml://datastores/workspaceblobstore/paths/lro/${tag}`,
    tags: { tag },
  },
});

for (const lroMode of ["realistic", "fast"] as const) {
  describe(`ARM client LROs against a ${lroMode} twin`, () => {
    let twin: TestTwin;
    let client: ArmClient;

    before(async () => {
      twin = await startTestTwin({ lroMode });
      client = clientAs(twin, DEPLOYER);
    });
    after(() => twin?.close());

    it("the twin answers registry PUT/DELETE in this mode's shape", async () => {
      // Precondition of the tests below, read with plain fetch: which LRO protocol the client must follow.
      const reg = client.registry(DEV.registryRg, DEV.registry);
      const name = uniqueName("shape");
      const url = `${twin.armEndpoint}${reg.path}/models/${name}/versions/1?api-version=2024-10-01`;
      const headers = {
        authorization: `Bearer ${twin.tokenFor(DEPLOYER)}`,
        "content-type": "application/json",
      };
      const put = await fetch(url, { method: "PUT", headers, body: JSON.stringify(modelBody("shape")) });
      await put.text();
      if (lroMode === "realistic") {
        assert.equal(put.status, 201);
        assert.match(put.headers.get("azure-asyncoperation") ?? "", /^http:\/\/127\.0\.0\.1:\d+\//);
        // The test pacing (test/helpers/twin.ts): the client polls at its own interval, not whole seconds.
        assert.equal(put.headers.get("retry-after"), String(TEST_LRO_PACING.retryAfterSeconds));
      } else {
        // Fast: done before the answer, yet a 201 names its (already succeeded) operation as the spec declares.
        assert.equal(put.status, 201);
        assert.match(put.headers.get("azure-asyncoperation") ?? "", /^http:\/\/127\.0\.0\.1:\d+\//);
        assert.equal(put.headers.get("location"), null);
      }
      // Let the operation finish through the client before deleting.
      await reg.versions("models", name).createOrUpdate("1", modelBody("shape"));
      const del = await fetch(url, { method: "DELETE", headers });
      await del.text();
      if (lroMode === "realistic") {
        assert.equal(del.status, 202);
        assert.match(del.headers.get("location") ?? "", /^http:\/\/127\.0\.0\.1:\d+\//);
      } else {
        assert.ok(del.status === 200 || del.status === 204);
      }
    });

    it("registry version PUT returns the finished resource, DELETE returns once it is gone", async () => {
      const versions = client.registry(DEV.registryRg, DEV.registry).versions("models", uniqueName("lro"));
      const created = await versions.createOrUpdate("1", modelBody("one"));
      assert.equal(created.properties.provisioningState, "Succeeded");
      assert.deepEqual(created.properties.tags, { tag: "one" });
      assert.equal((await versions.get("1")).properties.provisioningState, "Succeeded");
      await versions.delete("1");
      await assert.rejects(
        () => versions.get("1"),
        (e: unknown) => e instanceof ArmError && e.status === 404,
      );
    });

    it("registry container PUT and DELETE run to completion", async () => {
      const containers = client.registry(DEV.registryRg, DEV.registry).containers("environments");
      const name = uniqueName("ctr");
      const created = await containers.createOrUpdate(name, { properties: { description: "lro container" } });
      assert.equal(created.name, name);
      assert.equal(created.properties.provisioningState ?? "Succeeded", "Succeeded");
      await containers.delete(name);
      await assert.rejects(
        () => containers.get(name),
        (e: unknown) => e instanceof ArmError && e.status === 404,
      );
    });

    it("a rejected LRO start is a typed error (deleted registry versions cannot be recreated)", async () => {
      const versions = client.registry(DEV.registryRg, DEV.registry).versions("models", uniqueName("gone"));
      await versions.createOrUpdate("1", modelBody("one"));
      await versions.delete("1");
      await assert.rejects(
        () => versions.createOrUpdate("1", modelBody("one")),
        (e: unknown) =>
          e instanceof ArmError && e.status >= 400 && e.status < 500 && e.exitCode !== ExitCode.ok,
      );
    });

    it("endpoint and deployment PUT/DELETE run to completion", async () => {
      const ws = client.workspace(DEV.workspaceRg, DEV.workspace);
      const location = (await ws.get()).location;
      const endpoint = uniqueName("ep");
      const created = await ws.onlineEndpoints.createOrUpdate(endpoint, {
        location,
        properties: { authMode: "Key" },
      });
      assert.equal(created.properties.provisioningState, "Succeeded");
      const codeId = await createCodeAsset(client, { "score.py": ECHO_SCRIPT });
      const model = await createRegistryModel(client, { "weights.txt": "w" });
      const deployment = await ws.onlineDeployments(endpoint).createOrUpdate("blue", {
        location,
        properties: {
          endpointComputeType: "Managed",
          model,
          codeConfiguration: { codeId, scoringScript: "score.py" },
        },
      });
      assert.equal(deployment.properties.provisioningState, "Succeeded");
      await ws.onlineDeployments(endpoint).delete("blue");
      await assert.rejects(
        () => ws.onlineDeployments(endpoint).get("blue"),
        (e: unknown) => e instanceof ArmError && e.status === 404,
      );
      await ws.onlineEndpoints.delete(endpoint);
      await assert.rejects(
        () => ws.onlineEndpoints.get(endpoint),
        (e: unknown) => e instanceof ArmError && e.status === 404,
      );
    });

    it("a deployment whose init() fails ends as a typed ArmError with the operation's code", async () => {
      const ws = client.workspace(DEV.workspaceRg, DEV.workspace);
      const location = (await ws.get()).location;
      const endpoint = uniqueName("ep");
      await ws.onlineEndpoints.createOrUpdate(endpoint, { location, properties: { authMode: "Key" } });
      const codeId = await createCodeAsset(client, { "score.py": BROKEN_SCRIPT });
      const model = await createRegistryModel(client, { "weights.txt": "w" });
      await assert.rejects(
        () =>
          ws.onlineDeployments(endpoint).createOrUpdate("broken", {
            location,
            properties: {
              endpointComputeType: "Managed",
              model,
              codeConfiguration: { codeId, scoringScript: "score.py" },
            },
          }),
        (e: unknown) => {
          assert.ok(e instanceof ArmError);
          assert.equal(e.armCode, "DeploymentFailed");
          assert.match(e.message, /init exploded on purpose/);
          // Realistic: the PUT was accepted and the operation status said Failed; fast: the PUT itself failed.
          assert.equal(e.operationStatus, lroMode === "realistic" ? "Failed" : undefined);
          return true;
        },
      );
      assert.equal(
        (await ws.onlineDeployments(endpoint).get("broken")).properties.provisioningState,
        "Failed",
      );
    });

    it("a publish whose copy fails ends as a typed ArmError (Location mode)", async () => {
      const ws = client.workspace(DEV.workspaceRg, DEV.workspace);
      const name = uniqueName("nobytes");
      // A valid datastore path with no blobs under it: accepted, then the copy finds nothing.
      await ws.versions("models", name).createOrUpdate("1", {
        properties: { modelUri: `azureml://datastores/workspaceblobstore/paths/empty/${name}/` },
      });
      const wsVersionPath = `${ws.path}/models/${name}/versions/1/publish`;
      await assert.rejects(
        () =>
          ws
            .versions("models", name)
            .publish("1", { destinationName: name, destinationVersion: "1", registryName: DEV.registry }),
        (e: unknown) => {
          assert.ok(e instanceof ArmError);
          assert.equal(e.status, 400);
          assert.equal(e.armCode, "UserError");
          assert.match(e.message, /no content to copy/);
          // Realistic: 202 + Location, and the Location poll's 400 is the operation's failure.
          assert.equal(e.operationStatus, lroMode === "realistic" ? "Failed" : undefined);
          assert.equal(e.details?.path, wsVersionPath);
          assert.equal(e.details?.method, "POST");
          return true;
        },
      );
      await assert.rejects(
        () => client.registry(DEV.registryRg, DEV.registry).versions("models", name).get("1"),
        (e: unknown) => e instanceof ArmError && e.status === 404,
      );
    });
  });
}
