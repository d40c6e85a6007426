/**
 * Long-running operations against a twin in realistic mode (201 + Azure-AsyncOperation for PUT, 202 +
 * Location for DELETE and publish, Retry-After on every answer) and in fast mode (synchronous, Body mode).
 * The client must only return once the operation is over: the resource is Succeeded (PUT) or gone (DELETE).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type ArmClient, ArmError } from "../../src/arm/index.ts";
import { ExitCode } from "../../src/errors.ts";
import { startTestTwin, type TestTwin } from "../helpers/twin.ts";
import { clientAs, DEPLOYER, DEV, uniqueName } from "./fixture.ts";

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
      } else {
        assert.ok(put.status === 200 || put.status === 201);
        assert.equal(put.headers.get("azure-asyncoperation"), null);
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
  });
}
