/**
 * The blob front end's in-memory mode (Azurite's in-memory persistence), which test twins on a state dir of
 * their own use: nothing but the pid and policy files is written under the data dir, and front ends sharing a
 * process keep their blobs apart — closing one (which drops its bytes) leaves another's blobs whole. The disk
 * mode, with its durable writes, is held by durability.test.ts and persistence.test.ts.
 */
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { describe, test } from "node:test";
import { startAzuriteFixture } from "../governance/fixture.ts";

describe("emulator/blob in memory", () => {
  test("two in-memory front ends in one process keep their blobs apart; closing one leaves the other's whole", async () => {
    // The governance fixture runs its front end in this process, in memory.
    const first = await startAzuriteFixture();
    const second = await startAzuriteFixture();
    try {
      const [mine, theirs] = [first.container(), second.container()];
      for (const [container, text] of [
        [mine, "first's bytes"],
        [theirs, "second's bytes"],
      ] as const) {
        await container.create();
        await container.getBlockBlobClient("blob.txt").upload(text, Buffer.byteLength(text));
      }
      // Several blocks, so the blob is several extents (chunks) in the store.
      const blocks = ["a", "b", "c"].map((id) => Buffer.from(id.padEnd(8, "0")).toString("base64"));
      const big = theirs.getBlockBlobClient("blocks.bin");
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
        (await theirs.getBlockBlobClient("blob.txt").downloadToBuffer()).toString(),
        "second's bytes",
      );
      const read = await big.downloadToBuffer();
      assert.equal(read.length, 3 * 1024);
      assert.deepEqual([read[0], read[1024], read[2048]], [1, 2, 3]);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
