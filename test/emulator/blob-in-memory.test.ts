/**
 * The blob front end's in-memory mode (Azurite's in-memory persistence), which test twins on a state dir of
 * their own use: nothing but the pid and policy files is written under the data dir, and front ends sharing a
 * process keep their blobs apart — closing one (which drops its bytes) leaves another's blobs whole. The disk
 * mode, with its durable writes, is held by durability.test.ts and persistence.test.ts.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { loadOrCreateAccountKeys, type RunningAzurite, startAzurite } from "../../src/emulator/azurite.ts";

const ACCOUNT = "amlmemtest";

async function frontEnd(root: string, name: string) {
  const stateDir = path.join(root, name);
  const [account] = await loadOrCreateAccountKeys(stateDir, [ACCOUNT]);
  const azurite: RunningAzurite = await startAzurite({
    dataDir: path.join(stateDir, "azurite"),
    accounts: [account!],
    inProcess: true,
    inMemory: true,
  });
  const container = new BlobServiceClient(
    azurite.blobEndpoint(ACCOUNT),
    new StorageSharedKeyCredential(ACCOUNT, account!.key),
  ).getContainerClient("data");
  return { azurite, container, dataDir: path.join(stateDir, "azurite") };
}

describe("emulator/blob in memory", () => {
  test("two in-memory front ends in one process keep their blobs apart; closing one leaves the other's whole", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "airlock-blobmem-"));
    const first = await frontEnd(root, "first");
    const second = await frontEnd(root, "second");
    try {
      for (const [front, text] of [
        [first, "first's bytes"],
        [second, "second's bytes"],
      ] as const) {
        await front.container.create();
        await front.container.getBlockBlobClient("blob.txt").upload(text, Buffer.byteLength(text));
      }
      // Several blocks, so the blob is several extents (chunks) in the store.
      const blocks = ["a", "b", "c"].map((id) => Buffer.from(id.padEnd(8, "0")).toString("base64"));
      const big = second.container.getBlockBlobClient("blocks.bin");
      for (const [i, id] of blocks.entries()) await big.stageBlock(id, Buffer.alloc(1024, i + 1), 1024);
      await big.commitBlockList(blocks);

      const files = async (dir: string) => (await readdir(dir, { recursive: true })).sort();
      assert.deepEqual(await files(second.dataDir), await files(first.dataDir));
      assert.ok(
        (await files(second.dataDir)).every((file) => !/loki|extent|__blobstorage__/i.test(file)),
        `no database or extent files: ${(await files(second.dataDir)).join(", ")}`,
      );

      await first.azurite.close();
      assert.equal(
        (await second.container.getBlockBlobClient("blob.txt").downloadToBuffer()).toString(),
        "second's bytes",
      );
      const read = await big.downloadToBuffer();
      assert.equal(read.length, 3 * 1024);
      assert.deepEqual([read[0], read[1024], read[2048]], [1, 2, 3]);
    } finally {
      await first.azurite.close();
      await second.azurite.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
