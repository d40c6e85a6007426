/**
 * The ledger container's WORM policy on the twin, over real HTTP: a holder of the prod storage account key
 * (from listSecrets) or of a SAS made with it can add ledger records and append to an append blob, but
 * cannot overwrite, delete, re-describe or snapshot a record, nor delete the container — each refused with
 * Azure's status and error code. Other containers are unaffected. The policy is served over ARM with the
 * Microsoft.Storage 2023-05-01 shapes, and a Locked policy cannot be deleted, changed or shortened.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  BlobBatchClient,
  BlobServiceClient,
  type ContainerClient,
  ContainerSASPermissions,
  generateAccountSASQueryParameters,
  generateBlobSASQueryParameters,
  RestError,
  StorageSharedKeyCredential,
} from "@azure/storage-blob";
import { LEDGER_CONTAINER } from "../../src/platform/index.ts";
import { arm, DEV, PROD, startTestTwin, type TestTwin, wsPath } from "../helpers/twin.ts";

const STORAGE_API = "2023-05-01";
/** The identity that writes the ledger holds the prod datastore key, as a key-holding attacker would. */
const KEY_HOLDER = "sp-aml-promotion-prod";
/** Holds write on prod storage's management plane (policies), as the deploying identity does. */
const STORAGE_ADMIN = "sp-aml-deployment-prod";

let twin: TestTwin;
let prodKey: string;
let ledger: ContainerClient;
let other: ContainerClient;

const containerPath = (env: typeof PROD, container: string) =>
  `/subscriptions/${twin.subscriptionId}/resourceGroups/${env.workspaceRg}/providers/Microsoft.Storage/storageAccounts/${env.storageAccount}/blobServices/default/containers/${container}`;
const policyPath = (env: typeof PROD, container: string) =>
  `${containerPath(env, container)}/immutabilityPolicies/default`;

async function refused(promise: Promise<unknown>, status: number, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof RestError, `expected a RestError, got ${String(error)}`);
    assert.equal(error.statusCode, status);
    assert.equal(error.code, code);
    return true;
  });
}

async function text(container: ContainerClient, name: string): Promise<string> {
  return (await container.getBlobClient(name).downloadToBuffer()).toString("utf8");
}

async function keyFor(env: typeof PROD, as: string): Promise<string> {
  const secrets = await arm(twin, "POST", `${wsPath(env)}/datastores/workspaceblobstore/listSecrets`, { as });
  assert.equal(secrets.status, 200, secrets.text);
  return secrets.body.key as string;
}

function serviceFor(account: string, key: string): BlobServiceClient {
  return new BlobServiceClient(
    `${twin.blobBaseUrl}/${account}`,
    new StorageSharedKeyCredential(account, key),
    {
      retryOptions: { maxTries: 1 },
    },
  );
}

function containerSas(account: string, key: string, container: string): string {
  const sas = generateBlobSASQueryParameters(
    {
      containerName: container,
      permissions: ContainerSASPermissions.parse("racwdlt"),
      expiresOn: new Date(Date.now() + 3600_000),
    },
    new StorageSharedKeyCredential(account, key),
  ).toString();
  return `${twin.blobBaseUrl}/${account}/${container}?${sas}`;
}

describe("emulator/immutability", () => {
  before(async () => {
    twin = await startTestTwin();
    prodKey = await keyFor(PROD, KEY_HOLDER);
    const service = serviceFor(PROD.storageAccount, prodKey);
    ledger = service.getContainerClient(LEDGER_CONTAINER);
    other = service.getContainerClient("workspace-scratch");
    await other.create();
    await ledger
      .getBlockBlobClient("records/000001.json")
      .upload('{"seq":1}', 9, { conditions: { ifNoneMatch: "*" } });
  });

  after(async () => {
    await twin?.close();
  });

  describe("the ledger container refuses changes to what it holds (account key)", () => {
    test("a new record is created with If-None-Match: * and reads back", async () => {
      await ledger
        .getBlockBlobClient("records/000002.json")
        .upload('{"seq":2}', 9, { conditions: { ifNoneMatch: "*" } });
      assert.equal(await text(ledger, "records/000002.json"), '{"seq":2}');
      const names: string[] = [];
      for await (const blob of ledger.listBlobsFlat({ prefix: "records/" })) names.push(blob.name);
      assert.deepEqual(names.slice(0, 2), ["records/000001.json", "records/000002.json"]);
    });

    test("overwriting a record with Put Blob is refused: 409 BlobImmutableDueToPolicy", async () => {
      await refused(
        ledger.getBlockBlobClient("records/000001.json").upload('{"forged":1}', 12),
        409,
        "BlobImmutableDueToPolicy",
      );
      assert.equal(await text(ledger, "records/000001.json"), '{"seq":1}');
    });

    test("If-None-Match: * on an existing record still answers 409 BlobAlreadyExists", async () => {
      await refused(
        ledger.getBlockBlobClient("records/000001.json").upload("x", 1, { conditions: { ifNoneMatch: "*" } }),
        409,
        "BlobAlreadyExists",
      );
    });

    test("overwriting with Put Block List, or by copying onto it, is refused", async () => {
      const block = ledger.getBlockBlobClient("records/000001.json");
      const id = Buffer.from("block-0001").toString("base64");
      await block.stageBlock(id, "forged", 6);
      await refused(block.commitBlockList([id]), 409, "BlobImmutableDueToPolicy");
      const source = other.getBlockBlobClient("forged.json");
      await source.upload('{"forged":2}', 12);
      const sas = containerSas(PROD.storageAccount, prodKey, other.containerName).split("?")[1];
      await refused(block.syncCopyFromURL(`${source.url}?${sas}`), 409, "BlobImmutableDueToPolicy");
      await refused(
        block.beginCopyFromURL(`${source.url}?${sas}`).then((poller) => poller.pollUntilDone()),
        409,
        "BlobImmutableDueToPolicy",
      );
      assert.equal(await text(ledger, "records/000001.json"), '{"seq":1}');
    });

    test("deleting a record is refused, and it stays", async () => {
      const blob = ledger.getBlobClient("records/000001.json");
      await refused(blob.delete(), 409, "BlobImmutableDueToPolicy");
      await refused(blob.deleteIfExists(), 409, "BlobImmutableDueToPolicy");
      assert.equal(await blob.exists(), true);
    });

    test("a record's metadata, properties and snapshots cannot be changed", async () => {
      const blob = ledger.getBlobClient("records/000001.json");
      await refused(blob.setMetadata({ approvedby: "mallory" }), 409, "BlobImmutableDueToPolicy");
      await refused(blob.setHTTPHeaders({ blobContentType: "text/plain" }), 409, "BlobImmutableDueToPolicy");
      await refused(blob.createSnapshot(), 409, "BlobImmutableDueToPolicy");
      const properties = await blob.getProperties();
      assert.deepEqual(properties.metadata, {});
    });

    test("a batch delete of records is refused sub-request by sub-request", async () => {
      const batch = new BlobBatchClient(
        `${twin.blobBaseUrl}/${PROD.storageAccount}`,
        new StorageSharedKeyCredential(PROD.storageAccount, prodKey),
      );
      const reply = await batch.deleteBlobs([
        ledger.getBlobClient("records/000001.json"),
        ledger.getBlobClient("records/000002.json"),
      ]);
      assert.equal(reply.subResponsesFailedCount, 2);
      for (const sub of reply.subResponses) {
        assert.equal(sub.status, 409);
        assert.equal(sub.errorCode, "BlobImmutableDueToPolicy");
      }
      assert.equal(await ledger.getBlobClient("records/000002.json").exists(), true);
    });

    test("the ledger container cannot be deleted: 409 ContainerImmutabilityPolicyLocked", async () => {
      await refused(ledger.delete(), 409, "ContainerImmutabilityPolicyLocked");
      assert.equal(await ledger.exists(), true);
    });

    test("an append blob is created and appended to (protected append writes), never rewritten", async () => {
      const log = ledger.getAppendBlobClient("log/chain.log");
      await log.create({ conditions: { ifNoneMatch: "*" } });
      await log.appendBlock("one\n", 4);
      await log.appendBlock("two\n", 4);
      assert.equal(await text(ledger, "log/chain.log"), "one\ntwo\n");
      await refused(log.create(), 409, "BlobImmutableDueToPolicy");
      await refused(log.delete(), 409, "BlobImmutableDueToPolicy");
      await refused(log.setMetadata({ x: "y" }), 409, "BlobImmutableDueToPolicy");
      assert.equal(await text(ledger, "log/chain.log"), "one\ntwo\n");
    });

    test("raw Put Blob over a record gets Azure's XML error body and x-ms-error-code", async () => {
      const sasUrl = containerSas(PROD.storageAccount, prodKey, LEDGER_CONTAINER);
      const [base, query] = sasUrl.split("?") as [string, string];
      const response = await fetch(`${base}/records/000001.json?${query}`, {
        method: "PUT",
        headers: {
          "x-ms-blob-type": "BlockBlob",
          "x-ms-version": "2025-01-05",
          "content-type": "application/json",
        },
        body: '{"forged":3}',
      });
      const body = await response.text();
      assert.equal(response.status, 409);
      assert.equal(response.headers.get("x-ms-error-code"), "BlobImmutableDueToPolicy");
      assert.match(body, /<Code>BlobImmutableDueToPolicy<\/Code>/);
      assert.match(body, /This operation is not permitted as the blob is immutable due to a policy\./);
    });
  });

  describe("the same refusals hold through a SAS made with the key", () => {
    let viaSas: ContainerClient;
    before(async () => {
      const query = containerSas(PROD.storageAccount, prodKey, LEDGER_CONTAINER).split("?")[1];
      viaSas = new BlobServiceClient(`${twin.blobBaseUrl}/${PROD.storageAccount}?${query}`, undefined, {
        retryOptions: { maxTries: 1 },
      }).getContainerClient(LEDGER_CONTAINER);
    });

    test("new records are accepted", async () => {
      await viaSas
        .getBlockBlobClient("records/000003.json")
        .upload('{"seq":3}', 9, { conditions: { ifNoneMatch: "*" } });
      assert.equal(await text(ledger, "records/000003.json"), '{"seq":3}');
    });

    test("overwrite, delete, metadata and container delete are refused", async () => {
      const blob = viaSas.getBlockBlobClient("records/000003.json");
      await refused(blob.upload("forged", 6), 409, "BlobImmutableDueToPolicy");
      await refused(blob.delete(), 409, "BlobImmutableDueToPolicy");
      await refused(blob.setMetadata({ a: "b" }), 409, "BlobImmutableDueToPolicy");
      // Deleting a container takes an account SAS (a container SAS is 403 in Azure and on the twin).
      const account = generateAccountSASQueryParameters(
        {
          services: AccountSASServices.parse("b").toString(),
          resourceTypes: AccountSASResourceTypes.parse("sco").toString(),
          permissions: AccountSASPermissions.parse("rwdlacup"),
          expiresOn: new Date(Date.now() + 3600_000),
        },
        new StorageSharedKeyCredential(PROD.storageAccount, prodKey),
      ).toString();
      const viaAccountSas = new BlobServiceClient(
        `${twin.blobBaseUrl}/${PROD.storageAccount}?${account}`,
        undefined,
        {
          retryOptions: { maxTries: 1 },
        },
      );
      await refused(
        viaAccountSas.getContainerClient(LEDGER_CONTAINER).delete(),
        409,
        "ContainerImmutabilityPolicyLocked",
      );
      await refused(
        viaAccountSas.getContainerClient(LEDGER_CONTAINER).getBlobClient("records/000001.json").delete(),
        409,
        "BlobImmutableDueToPolicy",
      );
      assert.equal(await text(ledger, "records/000003.json"), '{"seq":3}');
    });
  });

  describe("containers without a policy are unaffected", () => {
    test("overwrite, metadata, delete and container delete work as before", async () => {
      const blob = other.getBlockBlobClient("free.json");
      await blob.upload("v1", 2);
      await blob.upload("v2", 2);
      await blob.setMetadata({ k: "v" });
      assert.equal(await text(other, "free.json"), "v2");
      await blob.delete();
      assert.equal(await blob.exists(), false);
      const scratch = other.getBlockBlobClient("gone.json");
      await scratch.upload("x", 1);
      const temp = serviceFor(PROD.storageAccount, prodKey).getContainerClient("temporary");
      await temp.create();
      await temp.delete();
      assert.equal(await temp.exists(), false);
    });
  });

  describe("the policy over ARM (Microsoft.Storage 2023-05-01)", () => {
    const get = (path: string, as = KEY_HOLDER) => arm(twin, "GET", path, { as, apiVersion: STORAGE_API });

    test("GET immutabilityPolicies/default has the spec's shape, and the ETag header", async () => {
      const reply = await get(policyPath(PROD, LEDGER_CONTAINER));
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(Object.keys(reply.body).sort(), ["etag", "id", "name", "properties", "type"]);
      assert.equal(reply.body.id, policyPath(PROD, LEDGER_CONTAINER));
      assert.equal(reply.body.name, "default");
      assert.equal(
        reply.body.type,
        "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies",
      );
      assert.match(reply.body.etag, /^"[0-9a-f]+"$/);
      assert.equal(reply.headers.get("etag"), reply.body.etag);
      assert.deepEqual(reply.body.properties, {
        immutabilityPeriodSinceCreationInDays: 3650,
        state: "Locked",
        allowProtectedAppendWrites: true,
        allowProtectedAppendWritesAll: false,
      });
    });

    test("the container GET shows hasImmutabilityPolicy and the policy with its history", async () => {
      const reply = await get(containerPath(PROD, LEDGER_CONTAINER));
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.body.type, "Microsoft.Storage/storageAccounts/blobServices/containers");
      assert.equal(reply.body.name, LEDGER_CONTAINER);
      assert.equal(reply.body.properties.hasImmutabilityPolicy, true);
      assert.equal(reply.body.properties.hasLegalHold, false);
      assert.equal(reply.body.properties.immutabilityPolicy.properties.state, "Locked");
      assert.deepEqual(
        reply.body.properties.immutabilityPolicy.updateHistory.map((u: { update: string }) => u.update),
        ["put", "lock"],
      );
      const plain = await get(containerPath(PROD, "workspace-scratch"));
      assert.equal(plain.body.properties.hasImmutabilityPolicy, false);
      assert.equal(plain.body.properties.immutabilityPolicy, undefined);
      const missing = await get(containerPath(PROD, "no-such-container"));
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, "ContainerNotFound");
    });

    test("a Locked policy cannot be deleted, replaced, re-locked or shortened", async () => {
      const current = await get(policyPath(PROD, LEDGER_CONTAINER));
      const etag = current.body.etag as string;
      const del = await arm(twin, "DELETE", policyPath(PROD, LEDGER_CONTAINER), {
        as: STORAGE_ADMIN,
        apiVersion: STORAGE_API,
        headers: { "if-match": etag },
      });
      assert.equal(del.status, 409, del.text);
      assert.equal(del.body.error.code, "ContainerImmutabilityPolicyFailure");
      const noEtag = await arm(twin, "DELETE", policyPath(PROD, LEDGER_CONTAINER), {
        as: STORAGE_ADMIN,
        apiVersion: STORAGE_API,
      });
      assert.equal(noEtag.status, 412);
      const put = await arm(twin, "PUT", policyPath(PROD, LEDGER_CONTAINER), {
        as: STORAGE_ADMIN,
        apiVersion: STORAGE_API,
        body: { properties: { immutabilityPeriodSinceCreationInDays: 1, allowProtectedAppendWrites: true } },
      });
      assert.equal(put.status, 409, put.text);
      const lock = await arm(twin, "POST", `${policyPath(PROD, LEDGER_CONTAINER)}/lock`, {
        as: STORAGE_ADMIN,
        apiVersion: STORAGE_API,
        headers: { "if-match": etag },
      });
      assert.equal(lock.status, 409);
      const shorter = await arm(twin, "POST", `${policyPath(PROD, LEDGER_CONTAINER)}/extend`, {
        as: STORAGE_ADMIN,
        apiVersion: STORAGE_API,
        headers: { "if-match": etag },
        body: { properties: { immutabilityPeriodSinceCreationInDays: 10 } },
      });
      assert.equal(shorter.status, 409);
      const after = await get(policyPath(PROD, LEDGER_CONTAINER));
      assert.deepEqual(after.body, current.body);
      // Still enforced.
      await refused(ledger.getBlobClient("records/000001.json").delete(), 409, "BlobImmutableDueToPolicy");
    });

    test("a Locked policy can be extended (If-Match required)", async () => {
      const current = await get(policyPath(PROD, LEDGER_CONTAINER));
      const stale = await arm(twin, "POST", `${policyPath(PROD, LEDGER_CONTAINER)}/extend`, {
        as: STORAGE_ADMIN,
        apiVersion: STORAGE_API,
        headers: { "if-match": '"0000"' },
        body: { properties: { immutabilityPeriodSinceCreationInDays: 4000 } },
      });
      assert.equal(stale.status, 412);
      assert.equal(stale.body.error.code, "ContainerImmutabilityPolicyFailure");
      const extended = await arm(twin, "POST", `${policyPath(PROD, LEDGER_CONTAINER)}/extend`, {
        as: STORAGE_ADMIN,
        apiVersion: STORAGE_API,
        headers: { "if-match": current.body.etag },
        body: { properties: { immutabilityPeriodSinceCreationInDays: 4000 } },
      });
      assert.equal(extended.status, 200, extended.text);
      assert.equal(extended.body.properties.immutabilityPeriodSinceCreationInDays, 4000);
      assert.equal(extended.body.properties.state, "Locked");
      assert.notEqual(extended.body.etag, current.body.etag);
    });

    test("each environment's ledger policy is seeded from its tfvars (dev: Unlocked, 1 day)", async () => {
      const dev = await get(policyPath(DEV, LEDGER_CONTAINER), "alice");
      assert.equal(dev.status, 200, dev.text);
      assert.equal(dev.body.properties.state, "Unlocked");
      assert.equal(dev.body.properties.immutabilityPeriodSinceCreationInDays, 1);
    });

    test("people with read on prod storage can read the policy but not change it (403)", async () => {
      assert.equal((await get(policyPath(PROD, LEDGER_CONTAINER), "alice")).status, 200);
      const put = await arm(twin, "PUT", policyPath(PROD, "workspace-scratch"), {
        as: "alice",
        apiVersion: STORAGE_API,
        body: { properties: { immutabilityPeriodSinceCreationInDays: 1 } },
      });
      assert.equal(put.status, 403);
      assert.equal(put.body.error.code, "AuthorizationFailed");
    });

    test("an Unlocked policy protects, is changed and deleted with its ETag, then the container is free", async () => {
      const container = serviceFor(PROD.storageAccount, prodKey).getContainerClient("unlocked-worm");
      await container.create();
      const path = policyPath(PROD, "unlocked-worm");
      const created = await arm(twin, "PUT", path, {
        as: STORAGE_ADMIN,
        apiVersion: STORAGE_API,
        body: { properties: { immutabilityPeriodSinceCreationInDays: 2 } },
      });
      assert.equal(created.status, 200, created.text);
      assert.equal(created.body.properties.state, "Unlocked");
      assert.equal(created.body.properties.allowProtectedAppendWrites, false);
      const blob = container.getBlockBlobClient("a.txt");
      await blob.upload("a", 1);
      await refused(blob.upload("b", 1), 409, "BlobImmutableDueToPolicy");
      const log = container.getAppendBlobClient("log");
      await log.create();
      await refused(log.appendBlock("x", 1), 409, "BlobImmutableDueToPolicy");
      const wrongEtag = await arm(twin, "DELETE", path, {
        as: STORAGE_ADMIN,
        apiVersion: STORAGE_API,
        headers: { "if-match": '"1234"' },
      });
      assert.equal(wrongEtag.status, 412);
      const deleted = await arm(twin, "DELETE", path, {
        as: STORAGE_ADMIN,
        apiVersion: STORAGE_API,
        headers: { "if-match": created.body.etag },
      });
      assert.equal(deleted.status, 200, deleted.text);
      assert.equal(deleted.body.properties.immutabilityPeriodSinceCreationInDays, 0);
      assert.equal((await get(path)).status, 404);
      await blob.upload("b", 1);
      assert.equal(await text(container, "a.txt"), "b");
      await container.delete();
    });

    test("bad policy bodies are refused with 400 and no change", async () => {
      const path = policyPath(PROD, "workspace-scratch");
      for (const properties of [
        { immutabilityPeriodSinceCreationInDays: 0 },
        { immutabilityPeriodSinceCreationInDays: 146_001 },
        { immutabilityPeriodSinceCreationInDays: 1.5 },
        {
          immutabilityPeriodSinceCreationInDays: 5,
          allowProtectedAppendWrites: true,
          allowProtectedAppendWritesAll: true,
        },
      ]) {
        const reply = await arm(twin, "PUT", path, {
          as: STORAGE_ADMIN,
          apiVersion: STORAGE_API,
          body: { properties },
        });
        assert.equal(reply.status, 400, JSON.stringify(properties));
      }
      assert.equal((await get(path)).status, 404);
      await other.getBlockBlobClient("still-free").upload("1", 1);
      await other.getBlockBlobClient("still-free").upload("2", 1);
    });
  });
});
