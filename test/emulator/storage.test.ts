/**
 * Storage the Azure way, with the official @azure/storage-blob client against Azurite: datastore and
 * storage-account keys, uploads to the default datastore, registry startPendingUpload (write SAS), publish
 * (server-side copy into the registry's storage, in both LRO modes) read back through the datareferences
 * read SAS, and workspace code uploads.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  BlobServiceClient,
  ContainerClient,
  ContainerSASPermissions,
  RestError,
  StorageSharedKeyCredential,
} from "@azure/storage-blob";
import { TWIN_SUBSCRIPTION_ID } from "../../src/platform/index.ts";
import {
  type ArmResponse,
  arm,
  DEV,
  regPath,
  startTestTwin,
  type TestTwin,
  workspaceBlobstore,
  wsPath,
} from "../helpers/twin.ts";

const PROMOTER = "sp-aml-promotion-dev";

async function readAll(container: ContainerClient, prefix = ""): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for await (const blob of container.listBlobsFlat({ prefix })) {
    files[blob.name] = (await container.getBlobClient(blob.name).downloadToBuffer()).toString("utf8");
  }
  return files;
}

async function publishAndRead(
  twin: TestTwin,
  name: string,
  version: string,
): Promise<Record<string, string>> {
  const ref = await arm(twin, "POST", `${regPath()}/datareferences/${name}/versions/${version}`, {
    as: PROMOTER,
    body: { assetId: `azureml://registries/${DEV.registry}/models/${name}/versions/${version}` },
  });
  assert.equal(ref.status, 200, ref.text);
  const credential = ref.body.blobReferenceForConsumption.credential;
  assert.equal(credential.credentialType, "SAS");
  // The spec's SASCredential has only sasUri (the asset's URL with a container SAS): the container is its
  // first path segments on the twin (account/container).
  const sas = new URL(credential.sasUri);
  const container = new ContainerClient(
    `${sas.origin}/${sas.pathname.split("/").slice(1, 3).join("/")}${sas.search}`,
  );
  const location = new URL(ref.body.blobReferenceForConsumption.blobUri);
  const prefix = decodeURIComponent(location.pathname.split("/").slice(3).join("/"));
  return readAll(container, prefix);
}

for (const lroMode of ["fast", "realistic"] as const) {
  describe(`storage, uploads and publish (${lroMode})`, () => {
    let twin: TestTwin;
    before(async () => {
      twin = await startTestTwin({ lroMode });
    });
    after(() => twin?.close());

    it("hands out storage keys through listKeys (Contributor) and refuses Readers", async () => {
      const path = `/subscriptions/${TWIN_SUBSCRIPTION_ID}/resourceGroups/${DEV.workspaceRg}/providers/Microsoft.Storage/storageAccounts/${DEV.storageAccount}`;
      const account = await arm(twin, "GET", path, { apiVersion: "2023-05-01" });
      assert.equal(account.status, 200, account.text);
      assert.equal(
        account.body.properties.primaryEndpoints.blob,
        `${twin.blobBaseUrl}/${DEV.storageAccount}/`,
      );
      const keys = await arm(twin, "POST", `${path}/listKeys`, { apiVersion: "2023-05-01" });
      assert.equal(keys.status, 200);
      const service = new BlobServiceClient(
        `${twin.blobBaseUrl}/${DEV.storageAccount}`,
        new StorageSharedKeyCredential(DEV.storageAccount, keys.body.keys[0].value),
      );
      const names: string[] = [];
      for await (const c of service.listContainers()) names.push(c.name);
      assert.ok(
        names.some((n) => n.startsWith("azureml-blobstore-")),
        names.join(","),
      );
      assert.equal(
        (await arm(twin, "POST", `${path}/listKeys`, { as: "alice", apiVersion: "2023-05-01" })).status,
        403,
      );
    });

    it("checks every signature: a wrong account key, an altered SAS signature or widened SAS permissions get 403", async () => {
      const container = await workspaceBlobstore(twin, "alice");
      await container.uploadBlockBlob("signed/a.txt", "a", 1);
      const sasUrl = await container.generateSasUrl({
        permissions: ContainerSASPermissions.parse("rl"),
        expiresOn: new Date(Date.now() + 3_600_000),
      });
      const status = (work: Promise<unknown>) =>
        work.then(
          () => 200,
          (error: unknown) => (error instanceof RestError ? error.statusCode : error),
        );
      const read = (url: URL) =>
        status(new ContainerClient(url.href).getBlobClient("signed/a.txt").download());
      assert.equal(await read(new URL(sasUrl)), 200);

      const altered = new URL(sasUrl);
      const sig = altered.searchParams.get("sig")!;
      altered.searchParams.set("sig", `${sig.startsWith("A") ? "B" : "A"}${sig.slice(1)}`);
      assert.equal(await read(altered), 403);

      const widened = new URL(sasUrl);
      widened.searchParams.set("sp", "rwl");
      assert.equal(
        await status(new ContainerClient(widened.href).uploadBlockBlob("signed/b.txt", "b", 1)),
        403,
      );

      const wrongKey = new BlobServiceClient(
        `${twin.blobBaseUrl}/${container.accountName}`,
        new StorageSharedKeyCredential(container.accountName, randomBytes(64).toString("base64")),
      );
      assert.equal(await status(wrongKey.getContainerClient(container.containerName).getProperties()), 403);
    });

    it("publish copies a folder model's bytes server-side into the registry storage", async () => {
      const container = await workspaceBlobstore(twin, "alice");
      await container.uploadBlockBlob("models/clf/model/weights.bin", "weights-v1", 10);
      await container.uploadBlockBlob("models/clf/model/conf/settings.json", '{"k":1}', 7);
      const put = await arm(twin, "PUT", `${wsPath()}/models/clf/versions/1`, {
        as: PROMOTER,
        body: {
          properties: {
            modelUri: `azureml://subscriptions/${TWIN_SUBSCRIPTION_ID}/resourcegroups/${DEV.workspaceRg}/workspaces/${DEV.workspace}/datastores/workspaceblobstore/paths/models/clf/model`,
          },
        },
      });
      assert.equal(put.status, 201, put.text);
      const publish = await arm(twin, "POST", `${wsPath()}/models/clf/versions/1/publish`, {
        as: PROMOTER,
        body: { destinationName: "clf", destinationVersion: "1", registryName: DEV.registry },
      });
      if (lroMode === "fast") assert.equal(publish.status, 200, publish.text);
      else {
        assert.equal(publish.status, 202, publish.text);
        const location = publish.headers.get("location")!;
        assert.ok(location.startsWith(twin.armEndpoint));
        let status = 202;
        for (let i = 0; i < 100 && status === 202; i++) {
          await sleep(50);
          status = (await arm(twin, "GET", location, { as: PROMOTER })).status;
        }
        assert.equal(status, 200);
      }
      const version = await arm(twin, "GET", `${regPath()}/models/clf/versions/1`, { as: PROMOTER });
      assert.equal(version.status, 200, version.text);
      const modelUri: string = version.body.properties.modelUri;
      assert.ok(modelUri.startsWith(`${twin.blobBaseUrl}/${DEV.registryStorageAccount}/`), modelUri);
      assert.deepEqual(await publishAndRead(twin, "clf", "1"), {
        "model/conf/settings.json": '{"k":1}',
        "model/weights.bin": "weights-v1",
      });
      // The copy is independent of the source.
      await container.uploadBlockBlob("models/clf/model/weights.bin", "weights-v2", 10);
      assert.ok(Object.values(await publishAndRead(twin, "clf", "1")).includes("weights-v1"));
      const again = await arm(twin, "POST", `${wsPath()}/models/clf/versions/1/publish`, {
        as: PROMOTER,
        body: { destinationName: "clf", destinationVersion: "1", registryName: DEV.registry },
      });
      assert.equal(again.status, 409);
    });

    it("publish copies data files and environment build contexts, and copies image environments as-is", async () => {
      const container = await workspaceBlobstore(twin, "alice");
      await container.uploadBlockBlob("data/rows.csv", "a,b\n1,2\n", 8);
      await container.uploadBlockBlob("envs/ctx/Dockerfile", "FROM python:3.11", 16);
      const bodies: Array<[string, Record<string, unknown>]> = [
        [
          "data",
          { dataUri: "azureml://datastores/workspaceblobstore/paths/data/rows.csv", dataType: "uri_file" },
        ],
        [
          "environments",
          {
            build: {
              contextUri: "azureml://datastores/workspaceblobstore/paths/envs/ctx",
              dockerfilePath: "Dockerfile",
            },
          },
        ],
        ["components", { componentSpec: { name: "c", type: "command", command: "echo" } }],
      ];
      for (const [type, properties] of bodies) {
        assert.equal(
          (
            await arm(twin, "PUT", `${wsPath()}/${type}/pub-${type}/versions/1`, {
              as: PROMOTER,
              body: { properties },
            })
          ).status,
          201,
        );
        const publish = await arm(twin, "POST", `${wsPath()}/${type}/pub-${type}/versions/1/publish`, {
          as: PROMOTER,
          body: { destinationName: `pub-${type}`, destinationVersion: "1", registryName: DEV.registry },
        });
        assert.ok(publish.status === 200 || publish.status === 202, publish.text);
        let copied: ArmResponse | undefined;
        for (let i = 0; i < 100; i++) {
          copied = await arm(twin, "GET", `${regPath()}/${type}/pub-${type}/versions/1`, { as: PROMOTER });
          if (copied.status === 200) break;
          await sleep(50);
        }
        assert.equal(copied?.status, 200, copied?.text);
        const props = copied!.body.properties;
        if (type === "data")
          assert.ok(
            props.dataUri.startsWith(`${twin.blobBaseUrl}/${DEV.registryStorageAccount}/`) &&
              props.dataUri.endsWith("/rows.csv"),
            props.dataUri,
          );
        if (type === "environments")
          assert.ok(
            props.build.contextUri.startsWith(`${twin.blobBaseUrl}/${DEV.registryStorageAccount}/`),
            props.build.contextUri,
          );
        if (type === "components") assert.deepEqual(props.componentSpec, bodies[2]![1].componentSpec);
      }
    });

    it("publish needs write on the destination registry and read on the source", async () => {
      const body = { destinationName: "clf", destinationVersion: "9", registryName: "amlregprodcc01" };
      const denied = await arm(twin, "POST", `${wsPath()}/models/clf/versions/1/publish`, {
        as: "alice",
        body,
      });
      assert.equal(denied.status, 403, denied.text);
      assert.match(denied.body.error.message, /registries\/assets\/write/);
      const mallory = await arm(twin, "POST", `${wsPath()}/models/clf/versions/1/publish`, {
        as: "mallory",
        body: { ...body, registryName: DEV.registry },
      });
      assert.equal(mallory.status, 403);
      const bad = await arm(twin, "POST", `${wsPath()}/models/clf/versions/1/publish`, {
        as: PROMOTER,
        body: { registryName: DEV.registry, destinationName: "../x", destinationVersion: "1" },
      });
      assert.equal(bad.status, 400);
      const missing = await arm(twin, "POST", `${wsPath()}/models/nothing/versions/1/publish`, {
        as: PROMOTER,
        body: { ...body, registryName: DEV.registry },
      });
      assert.equal(missing.status, 404);
    });

    it("startPendingUpload hands out a write SAS on a fresh registry container that the SDK can upload with", async () => {
      const start = await arm(twin, "POST", `${regPath()}/models/uploaded/versions/1/startPendingUpload`, {
        as: PROMOTER,
        body: { pendingUploadType: "TemporaryBlobReference" },
      });
      assert.equal(start.status, 200, start.text);
      const ref = start.body.blobReferenceForConsumption;
      assert.ok(ref.storageAccountArmId.endsWith(`/storageAccounts/${DEV.registryStorageAccount}`));
      const container = new ContainerClient(ref.credential.sasUri);
      await container.uploadBlockBlob("model/model.pkl", "pickled", 7);
      const put = await arm(twin, "PUT", `${regPath()}/models/uploaded/versions/1`, {
        as: PROMOTER,
        body: { properties: { modelUri: `${ref.blobUri}/model` } },
      });
      assert.ok(put.status === 201, put.text);
      assert.deepEqual(Object.values(await publishAndRead(twin, "uploaded", "1")), ["pickled"]);
      const other = await arm(twin, "POST", `${regPath()}/models/uploaded2/versions/1/startPendingUpload`, {
        as: PROMOTER,
        body: {},
      });
      assert.notEqual(other.body.blobReferenceForConsumption.blobUri, ref.blobUri);
      const exists = await arm(twin, "POST", `${regPath()}/models/uploaded/versions/1/startPendingUpload`, {
        as: PROMOTER,
        body: {},
      });
      assert.equal(exists.status, 409);
      const environments = await arm(
        twin,
        "POST",
        `${regPath()}/environments/e/versions/1/startPendingUpload`,
        { as: PROMOTER, body: {} },
      );
      assert.equal(environments.status, 404);
      const reader = await arm(twin, "POST", `${regPath()}/models/m/versions/1/startPendingUpload`, {
        as: "sp-aml-promotion-prod",
        body: {},
      });
      assert.equal(reader.status, 403);
    });

    it("workspace codes startPendingUpload gives a writable container in the workspace storage", async () => {
      const start = await arm(twin, "POST", `${wsPath()}/codes/score/versions/1/startPendingUpload`, {
        as: "alice",
        body: {},
      });
      assert.equal(start.status, 200, start.text);
      const container = new ContainerClient(start.body.blobReferenceForConsumption.credential.sasUri);
      await container.uploadBlockBlob("src/score.py", "def init(): pass", 16);
      assert.ok(
        start.body.blobReferenceForConsumption.blobUri.startsWith(
          `${twin.blobBaseUrl}/${DEV.storageAccount}/`,
        ),
      );
      const models = await arm(twin, "POST", `${wsPath()}/models/x/versions/1/startPendingUpload`, {
        as: "alice",
        body: {},
      });
      assert.equal(models.status, 404);
    });

    it("datareferences refuses unknown assets and foreign blob URIs", async () => {
      const missing = await arm(twin, "POST", `${regPath()}/datareferences/none/versions/1`, {
        as: PROMOTER,
        body: {},
      });
      assert.equal(missing.status, 404);
      const foreign = await arm(twin, "POST", `${regPath()}/datareferences/clf/versions/1`, {
        as: PROMOTER,
        body: {
          assetId: `azureml://registries/${DEV.registry}/models/clf/versions/1`,
          blobUri: `${twin.blobBaseUrl}/${DEV.storageAccount}/other/x`,
        },
      });
      assert.equal(foreign.status, 400);
    });
  });
}
