/**
 * Restart persistence: a twin stopped and started again on the same state dir (new ports) still has its
 * assets, tombstones, role-assignment drift, endpoints (with their keys) and blob bytes, and accepts tokens
 * minted from the state dir by mintTwinToken.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { ContainerClient } from "@azure/storage-blob";
import { objectIdFor } from "../../src/emulator/principals.ts";
import { mintTwinToken } from "../../src/emulator/tokens.ts";
import { TWIN_SUBSCRIPTION_ID } from "../../src/platform/index.ts";
import { arm, DEV, regPath, startTestTwin, wsPath } from "../helpers/twin.ts";

const AS = "sp-aml-promotion-dev";
const MODEL = {
  properties: { modelUri: "azureml://datastores/workspaceblobstore/paths/m/model.pkl", tags: { keep: "me" } },
};

describe("restart persistence", () => {
  let stateDir = "";
  after(() => rm(stateDir, { recursive: true, force: true }));

  it("keeps assets, tombstones, RBAC drift, endpoints and bytes across a restart", async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), "airlock-persist-"));
    const first = await startTestTwin({ stateDir });
    const assignment = `/subscriptions/${TWIN_SUBSCRIPTION_ID}/resourceGroups/${DEV.workspaceRg}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`;
    let keys: { primaryKey: string };
    let blobUri: string;
    try {
      assert.equal(
        (await arm(first, "PUT", `${wsPath()}/models/kept/versions/1`, { as: AS, body: MODEL })).status,
        201,
      );
      assert.equal(
        (await arm(first, "PUT", `${regPath()}/models/kept/versions/1`, { as: AS, body: MODEL })).status,
        201,
      );
      assert.equal(
        (await arm(first, "PUT", `${regPath()}/models/kept/versions/2`, { as: AS, body: MODEL })).status,
        201,
      );
      assert.equal(
        (await arm(first, "DELETE", `${regPath()}/models/kept/versions/2`, { as: AS })).status,
        200,
      );
      const drift = await arm(first, "PUT", assignment, {
        apiVersion: "2022-04-01",
        body: {
          properties: {
            roleDefinitionId: "b24988ac-6180-42a0-ab88-20f7382dd24c",
            principalId: objectIdFor("mallory"),
            principalType: "User",
          },
        },
      });
      assert.equal(drift.status, 201, drift.text);
      assert.equal(
        (
          await arm(first, "PUT", `${wsPath()}/onlineEndpoints/kept-ep`, {
            as: AS,
            body: { location: "canadacentral", properties: { authMode: "Key" } },
          })
        ).status,
        201,
      );
      keys = (await arm(first, "POST", `${wsPath()}/onlineEndpoints/kept-ep/listKeys`, { as: AS })).body;
      const upload = await arm(first, "POST", `${regPath()}/codes/kept/versions/1/startPendingUpload`, {
        as: AS,
        body: {},
      });
      await new ContainerClient(upload.body.blobReferenceForConsumption.credential.sasUri).uploadBlockBlob(
        "src/a.py",
        "print(1)",
        8,
      );
      blobUri = `${upload.body.blobReferenceForConsumption.blobUri}/src`;
      assert.equal(
        (
          await arm(first, "PUT", `${regPath()}/codes/kept/versions/1`, {
            as: AS,
            body: { properties: { codeUri: blobUri } },
          })
        ).status,
        201,
      );
    } finally {
      await first.close();
    }

    const second = await startTestTwin({ stateDir });
    try {
      const token = mintTwinToken(stateDir, AS);
      const ws = await arm(second, "GET", `${wsPath()}/models/kept/versions/1`, { token });
      assert.equal(ws.status, 200, ws.text);
      assert.deepEqual(ws.body.properties.tags, { keep: "me" });
      assert.equal(
        (await arm(second, "GET", `${regPath()}/models/kept`, { as: AS })).body.properties.latestVersion,
        "1",
      );
      const recreate = await arm(second, "PUT", `${regPath()}/models/kept/versions/2`, {
        as: AS,
        body: MODEL,
      });
      assert.equal(recreate.status, 409);
      assert.match(recreate.body.error.message, /cannot be recreated/);
      assert.equal(
        (await arm(second, "PUT", `${wsPath()}/models/x/versions/1`, { as: "mallory", body: MODEL })).status,
        201,
        "drift survives",
      );
      assert.equal((await arm(second, "DELETE", assignment, { apiVersion: "2022-04-01" })).status, 200);
      const again = await arm(second, "POST", `${wsPath()}/onlineEndpoints/kept-ep/listKeys`, { as: AS });
      assert.equal(again.body.primaryKey, keys!.primaryKey);
      const ref = await arm(second, "POST", `${regPath()}/datareferences/kept/versions/1`, {
        as: AS,
        body: { assetId: `azureml://registries/${DEV.registry}/codes/kept/versions/1` },
      });
      assert.equal(ref.status, 200, ref.text);
      const sas = new URL(ref.body.blobReferenceForConsumption.credential.sasUri);
      const container = new ContainerClient(
        `${sas.origin}/${sas.pathname.split("/").slice(1, 3).join("/")}${sas.search}`,
      );
      assert.equal((await container.getBlobClient("src/a.py").downloadToBuffer()).toString(), "print(1)");
    } finally {
      await second.close();
    }
  });
});
