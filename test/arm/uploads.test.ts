/**
 * Bytes end to end through the ARM client and @azure/storage-blob against the twin + Azurite: the default
 * datastore and its secret, storage listKeys, upload and register in the workspace, publish to the registry
 * (server-side copy), read back through the registry's data-reference SAS, and the registry and workspace
 * pending-upload flows (write SAS → upload → register → read back).
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { type ArmClient, ArmError, type PendingUploadResponse } from "../../src/arm/index.ts";
import { startTestTwin, type TestTwin } from "../helpers/twin.ts";
import { clientAs, DEPLOYER, DEV, sasTarget, uniqueName } from "./fixture.ts";

async function readAll(sasUri: string): Promise<Map<string, Buffer>> {
  const { container, prefix } = sasTarget(sasUri);
  const files = new Map<string, Buffer>();
  for await (const blob of container.listBlobsFlat({ prefix })) {
    files.set(blob.name.slice(prefix.length), await container.getBlobClient(blob.name).downloadToBuffer());
  }
  return files;
}

function requireSas(
  response:
    | PendingUploadResponse
    | { blobReferenceForConsumption?: PendingUploadResponse["blobReferenceForConsumption"] },
) {
  const reference = response.blobReferenceForConsumption;
  const sasUri = reference?.credential?.sasUri;
  assert.ok(reference?.blobUri, "blobUri missing");
  assert.ok(sasUri, "sasUri missing");
  assert.match(sasUri, /[?&]sig=/);
  assert.equal(reference.blobUri.includes("sig="), false, "blobUri must not carry the signature");
  return { blobUri: reference.blobUri, sasUri };
}

describe("ARM client: uploads, publish and data references against the twin", () => {
  let twin: TestTwin;
  let client: ArmClient;
  const weights = randomBytes(2048);
  const config = Buffer.from(JSON.stringify({ threshold: 0.5 }));

  before(async () => {
    twin = await startTestTwin({ lroMode: "fast" });
    client = clientAs(twin, DEPLOYER);
  });
  after(() => twin?.close());

  it("uploads to the default datastore, registers, publishes, and reads the bytes back from the registry", async () => {
    const ws = client.workspace(DEV.workspaceRg, DEV.workspace);
    const datastore = await ws.datastores.get("workspaceblobstore");
    assert.equal(datastore.properties.accountName, DEV.storageAccount);
    assert.ok(datastore.properties.containerName);
    assert.equal(datastore.properties.endpoint, "core.windows.net");
    assert.ok((await ws.datastores.list().toArray()).some((d) => d.name === "workspaceblobstore"));

    const secrets = await ws.datastores.listSecrets("workspaceblobstore");
    assert.equal(secrets.secretsType, "AccountKey");
    const keys = await client.storageAccounts.listKeys(DEV.workspaceRg, DEV.storageAccount);
    assert.ok(
      keys.keys.some((k) => k.value === secrets.key),
      "datastore secret is one of the account keys",
    );

    const name = uniqueName("pub");
    const service = new BlobServiceClient(
      // Azure: https://<account>.blob.<endpoint>; the twin serves each account under its blob base URL.
      `${twin.blobBaseUrl}/${datastore.properties.accountName}`,
      new StorageSharedKeyCredential(DEV.storageAccount, secrets.key!),
    );
    const container = service.getContainerClient(datastore.properties.containerName);
    await container.getBlockBlobClient(`uploads/${name}/model/weights.bin`).uploadData(weights);
    await container.getBlockBlobClient(`uploads/${name}/model/config.json`).uploadData(config);

    const modelUri = `azureml://subscriptions/${twin.subscriptionId}/resourcegroups/${DEV.workspaceRg}/workspaces/${DEV.workspace}/datastores/workspaceblobstore/paths/uploads/${name}/model/`;
    await ws
      .versions("models", name)
      .createOrUpdate("1", { properties: { modelType: "custom_model", modelUri } });
    assert.equal((await ws.versions("models", name).get("1")).properties.modelUri, modelUri);

    await ws
      .versions("models", name)
      .publish("1", { destinationName: name, destinationVersion: "1", registryName: DEV.registry });

    const reg = client.registry(DEV.registryRg, DEV.registry);
    const published = await reg.versions("models", name).get("1");
    assert.ok(published.properties.modelUri);
    assert.notEqual(published.properties.modelUri, modelUri, "publish copies into the registry's storage");

    const reference = await reg.dataReferences(name, "1").getBlobReferenceSas({
      assetId: `azureml://registries/${DEV.registry}/models/${name}/versions/1`,
      blobUri: published.properties.modelUri,
    });
    const { sasUri } = requireSas(reference);
    const files = await readAll(sasUri);
    const byBase = new Map([...files].map(([file, bytes]) => [file.split("/").pop(), bytes]));
    assert.deepEqual(byBase.get("weights.bin"), weights);
    assert.deepEqual(byBase.get("config.json"), config);
  });

  it("publishing a version that does not exist is a 404 ArmError", async () => {
    const ws = client.workspace(DEV.workspaceRg, DEV.workspace);
    await assert.rejects(
      () =>
        ws
          .versions("models", uniqueName("none"))
          .publish("1", { destinationName: "x", destinationVersion: "1", registryName: DEV.registry }),
      (e: unknown) => e instanceof ArmError && e.status === 404,
    );
  });

  it("registry startPendingUpload → upload through the SAS → register → read back", async () => {
    const reg = client.registry(DEV.registryRg, DEV.registry);
    const name = uniqueName("pending");
    const pending = await reg
      .versions("models", name)
      .startPendingUpload("1", { pendingUploadType: "TemporaryBlobReference" });
    const { blobUri, sasUri } = requireSas(pending);
    const { container, prefix } = sasTarget(sasUri);
    await container.getBlockBlobClient(`${prefix}model/weights.bin`).uploadData(weights);

    const registered = await reg.versions("models", name).createOrUpdate("1", {
      properties: { modelType: "custom_model", modelUri: `${blobUri.replace(/\/$/, "")}/model` },
    });
    assert.equal(registered.properties.provisioningState, "Succeeded");

    const reference = await reg.dataReferences(name, "1").getBlobReferenceSas({
      assetId: `azureml://registries/${DEV.registry}/models/${name}/versions/1`,
      blobUri: registered.properties.modelUri!,
    });
    const files = await readAll(requireSas(reference).sasUri);
    assert.deepEqual([...files.values()], [weights]);
  });

  it("registry data startPendingUpload registers a uri_file data asset", async () => {
    const reg = client.registry(DEV.registryRg, DEV.registry);
    const name = uniqueName("dpend");
    const { blobUri, sasUri } = requireSas(await reg.versions("data", name).startPendingUpload("1"));
    const { container, prefix } = sasTarget(sasUri);
    await container.getBlockBlobClient(`${prefix}rows.csv`).uploadData(Buffer.from("a,b\n1,2\n"));
    const data = await reg.versions("data", name).createOrUpdate("1", {
      properties: { dataType: "uri_file", dataUri: `${blobUri.replace(/\/$/, "")}/rows.csv` },
    });
    assert.equal(data.properties.dataType, "uri_file");
    assert.match(data.properties.dataUri, /rows\.csv$/);
  });

  it("workspace code startPendingUpload → upload → register the code version", async () => {
    const ws = client.workspace(DEV.workspaceRg, DEV.workspace);
    const name = uniqueName("code");
    const { blobUri, sasUri } = requireSas(await ws.versions("codes", name).startPendingUpload("1"));
    const { container, prefix } = sasTarget(sasUri);
    const script = Buffer.from("def init():\n    pass\n\ndef run(raw):\n    return raw\n");
    await container.getBlockBlobClient(`${prefix}score.py`).uploadData(script);
    const code = await ws.versions("codes", name).createOrUpdate("1", { properties: { codeUri: blobUri } });
    assert.equal(code.properties.codeUri, blobUri);
    const downloaded = await container.getBlobClient(`${prefix}score.py`).downloadToBuffer();
    assert.deepEqual(downloaded, script);
  });
});
