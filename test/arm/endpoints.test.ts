/**
 * Online endpoints and deployments through the ARM client against the twin: create (LRO), read, list, PATCH
 * tags, keys (list, regenerate), AML tokens, a deployment running a real scoring script, traffic by full PUT,
 * scoring with the client-obtained key, and deletion (LRO) that makes both disappear.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type ArmClient, ArmError, type OnlineDeploymentBody } from "../../src/arm/index.ts";
import { ExitCode } from "../../src/errors.ts";
import { startTestTwin, type TestTwin } from "../helpers/twin.ts";
import {
  clientAs,
  createCodeAsset,
  createRegistryModel,
  DEPLOYER,
  DEV,
  ECHO_SCRIPT,
  uniqueName,
} from "./fixture.ts";

async function score(
  scoringUri: string,
  credential: string,
  payload: unknown,
  deployment?: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(scoringUri, {
    method: "POST",
    headers: {
      authorization: `Bearer ${credential}`,
      "content-type": "application/json",
      ...(deployment ? { "azureml-model-deployment": deployment } : {}),
    },
    body: JSON.stringify(payload),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe("ARM client: online endpoints and deployments against the twin", () => {
  let twin: TestTwin;
  let client: ArmClient;
  let location: string;

  before(async () => {
    twin = await startTestTwin({ lroMode: "fast" });
    client = clientAs(twin, DEPLOYER);
    location = (await client.workspaces.get(DEV.workspaceRg, DEV.workspace)).location;
  });
  after(() => twin?.close());

  it("creates, reads, lists, tags, rotates keys of and deletes an endpoint", async () => {
    const endpoints = client.workspace(DEV.workspaceRg, DEV.workspace).onlineEndpoints;
    const name = uniqueName("ep");
    const created = await endpoints.createOrUpdate(name, {
      location,
      identity: { type: "SystemAssigned" },
      properties: { authMode: "Key", description: "arm client test" },
    });
    assert.equal(created.name, name);
    assert.equal(created.properties.provisioningState, "Succeeded");
    assert.match(
      created.properties.scoringUri ?? "",
      new RegExp(`/_inference/${DEV.workspace}/${name}/score$`),
    );

    assert.equal((await endpoints.get(name)).properties.authMode, "Key");
    assert.ok((await endpoints.list().toArray()).some((e) => e.name === name));

    const tagged = await endpoints.update(name, { tags: { team: "airlock" } });
    assert.deepEqual(tagged.tags, { team: "airlock" });
    assert.deepEqual((await endpoints.get(name)).tags, { team: "airlock" });

    const keys = await endpoints.listKeys(name);
    assert.ok(keys.primaryKey && keys.secondaryKey);
    assert.notEqual(keys.primaryKey, keys.secondaryKey);
    await endpoints.regenerateKeys(name, { keyType: "Primary" });
    const rotated = await endpoints.listKeys(name);
    assert.notEqual(rotated.primaryKey, keys.primaryKey);
    assert.equal(rotated.secondaryKey, keys.secondaryKey);

    // Tokens are for AMLToken endpoints only.
    await assert.rejects(
      () => endpoints.getToken(name),
      (e: unknown) => e instanceof ArmError && e.status === 400,
    );

    await endpoints.delete(name);
    await assert.rejects(
      () => endpoints.get(name),
      (e: unknown) => e instanceof ArmError && e.status === 404 && e.exitCode === ExitCode.notFound,
    );
  });

  it("issues AML tokens for AMLToken endpoints", async () => {
    const endpoints = client.workspace(DEV.workspaceRg, DEV.workspace).onlineEndpoints;
    const name = uniqueName("tok");
    await endpoints.createOrUpdate(name, { location, properties: { authMode: "AMLToken" } });
    const token = await endpoints.getToken(name);
    assert.ok(token.accessToken);
    assert.ok((token.expiryTimeUtc ?? 0) > Date.now() / 1000);
    await endpoints.delete(name);
  });

  it("refuses endpoint and key operations to a principal without a role (403)", async () => {
    const mallory = clientAs(twin, "mallory").workspace(DEV.workspaceRg, DEV.workspace).onlineEndpoints;
    const forbidden = (e: unknown) =>
      e instanceof ArmError && e.status === 403 && e.exitCode === ExitCode.forbidden;
    await assert.rejects(() => mallory.list().toArray(), forbidden);
    await assert.rejects(
      () => mallory.createOrUpdate(uniqueName("ep"), { location, properties: { authMode: "Key" } }),
      forbidden,
    );
  });

  it("deploys a scoring script, routes traffic by PUT, scores with the listed key, and deletes", async () => {
    const ws = client.workspace(DEV.workspaceRg, DEV.workspace);
    const endpoint = uniqueName("ep");
    const codeId = await createCodeAsset(client, { "score.py": ECHO_SCRIPT });
    const model = await createRegistryModel(client, { "model/weights.txt": "w=1" });
    await ws.onlineEndpoints.createOrUpdate(endpoint, { location, properties: { authMode: "Key" } });

    const deploymentBody = (greeting: string): OnlineDeploymentBody => ({
      location,
      sku: { name: "Default", capacity: 1 },
      properties: {
        endpointComputeType: "Managed",
        model,
        codeConfiguration: { codeId, scoringScript: "score.py" },
        environmentVariables: { GREETING: greeting },
        instanceType: "Standard_DS3_v2",
      },
    });
    const deployments = ws.onlineDeployments(endpoint);
    const blue = await deployments.createOrUpdate("blue", deploymentBody("blue"));
    assert.equal(blue.properties.provisioningState, "Succeeded");
    await deployments.createOrUpdate("green", deploymentBody("green"));
    assert.equal((await deployments.get("green")).properties.environmentVariables?.GREETING, "green");
    assert.deepEqual((await deployments.list().toArray()).map((d) => d.name).sort(), ["blue", "green"]);

    // Traffic changes need a full PUT of the endpoint.
    const routed = await ws.onlineEndpoints.createOrUpdate(endpoint, {
      location,
      properties: { authMode: "Key", traffic: { blue: 100, green: 0 } },
    });
    assert.deepEqual(routed.properties.traffic, { blue: 100, green: 0 });

    const { primaryKey, secondaryKey } = await ws.onlineEndpoints.listKeys(endpoint);
    const scoringUri = routed.properties.scoringUri!;
    const answer = await score(scoringUri, primaryKey!, { x: [1, 2] });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, {
      greeting: "blue",
      echo: { x: [1, 2] },
      model_files: ["model/weights.txt"],
    });
    const targeted = await score(scoringUri, secondaryKey!, { x: 3 }, "green");
    assert.equal(targeted.status, 200);
    assert.equal((targeted.body as { greeting: string }).greeting, "green");
    assert.equal((await score(scoringUri, "not-the-key", { x: 1 })).status, 401);

    await ws.onlineEndpoints.createOrUpdate(endpoint, {
      location,
      properties: { authMode: "Key", traffic: { blue: 100 } },
    });
    await deployments.delete("green");
    await assert.rejects(
      () => deployments.get("green"),
      (e: unknown) => e instanceof ArmError && e.status === 404,
    );
    await ws.onlineEndpoints.delete(endpoint);
    await assert.rejects(
      () => ws.onlineEndpoints.get(endpoint),
      (e: unknown) => e instanceof ArmError && e.status === 404,
    );
    await assert.rejects(
      () => deployments.get("blue"),
      (e: unknown) => e instanceof ArmError && e.status === 404,
    );
  });
});
