/**
 * Uploads against a real Azurite on loopback, then reads every blob back. The blob front end runs in the test's
 * process (as test twins run it): the uploads go over HTTP all the same, without a process start per file.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  BlobServiceClient,
  ContainerClient,
  ContainerSASPermissions,
  StorageSharedKeyCredential,
} from "@azure/storage-blob";
import {
  createProgressReporter,
  digestPath,
  formatBytes,
  type UploadProgress,
  uploadFolder,
} from "../../src/assets/index.ts";
import { loadOrCreateAccountKeys, type RunningAzurite, startAzurite } from "../../src/emulator/azurite.ts";
import { InputError } from "../../src/errors.ts";
import { makeScratch, type Scratch } from "./fixture.ts";

const ACCOUNT = "amlstdevcc01";

describe("uploadFolder against Azurite", () => {
  let scratch: Scratch;
  let azurite: RunningAzurite;
  let container: ContainerClient;

  before(async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 123);
    for (let i = 0; i < big.length; i += 512) big[i] = (i / 512) % 256;
    scratch = await makeScratch({
      "model/model.json": '{"w": 1}\n',
      "model/weights/big.bin": big,
      "model/weights/empty.bin": "",
      "model/nested/deep/name with space.txt": "spaces\n",
      "single.pkl": "pickle",
    });
    const [account] = await loadOrCreateAccountKeys(path.join(scratch.base, "state"), [ACCOUNT]);
    azurite = await startAzurite({
      dataDir: path.join(scratch.base, "azurite"),
      accounts: [account!],
      inProcess: true,
    });
    const service = new BlobServiceClient(
      azurite.blobEndpoint(ACCOUNT),
      new StorageSharedKeyCredential(ACCOUNT, account!.key),
      { retryOptions: { maxTries: 2 } },
    );
    container = service.getContainerClient("azureml-blobstore");
    await container.create();
  });

  after(async () => {
    await azurite?.close();
    await scratch?.cleanup();
  });

  test("uploads every file in parallel blocks; the bytes read back match the manifest", async () => {
    const events: UploadProgress[] = [];
    const result = await uploadFolder({
      container,
      prefix: "LocalUpload/abc123/model",
      localPath: path.join(scratch.project, "model"),
      concurrency: 3,
      blockSize: 1024 * 1024,
      onProgress: (p) => events.push({ ...p }),
    });
    const { manifest } = await digestPath(path.join(scratch.project, "model"));
    assert.equal(result.kind, "folder");
    assert.equal(result.totalBytes, manifest.totalBytes);
    assert.deepEqual(
      result.files.map((f) => [f.path, f.size]),
      manifest.files.map((f) => [f.path, f.size]),
    );
    assert.equal(result.uri, `${azurite.blobEndpoint(ACCOUNT)}/azureml-blobstore/LocalUpload/abc123/model`);
    for (const file of manifest.files) {
      const bytes = await container
        .getBlockBlobClient(`LocalUpload/abc123/model/${file.path}`)
        .downloadToBuffer();
      assert.equal(createHash("sha256").update(bytes).digest("hex"), file.sha256, file.path);
    }
    const last = events.at(-1)!;
    assert.deepEqual(last, {
      loadedBytes: manifest.totalBytes,
      totalBytes: manifest.totalBytes,
      filesDone: 4,
      filesTotal: 4,
    });
    for (let i = 1; i < events.length; i++) assert.ok(events[i]!.loadedBytes >= events[i - 1]!.loadedBytes);
    assert.ok(
      events.some((e) => e.loadedBytes > 0 && e.loadedBytes < manifest.totalBytes),
      "intermediate progress",
    );
  });

  test("with hash, each file's sha256 is taken from the bytes uploaded and committed in its blob's metadata", async () => {
    const seen: Array<[string, string | undefined]> = [];
    const result = await uploadFolder({
      container,
      prefix: "LocalUpload/hashed/model",
      localPath: path.join(scratch.project, "model"),
      // 1 MiB blocks: big.bin goes as six staged blocks, the others in one request each.
      blockSize: 1024 * 1024,
      blockConcurrency: 2,
      hash: true,
      metadataFor: (relative, file): Record<string, string> => {
        seen.push([relative, file.sha256]);
        return file.sha256 ? { airlocksha256: file.sha256 } : {};
      },
    });
    const { manifest } = await digestPath(path.join(scratch.project, "model"));
    assert.deepEqual(
      result.files.map((f) => [f.path, f.size, f.sha256]),
      manifest.files.map((f) => [f.path, f.size, f.sha256]),
    );
    assert.deepEqual(
      seen.sort(([a], [b]) => (a < b ? -1 : 1)),
      manifest.files.map((f) => [f.path, f.sha256]),
    );
    for (const file of manifest.files) {
      const blob = container.getBlockBlobClient(`LocalUpload/hashed/model/${file.path}`);
      assert.equal((await blob.getProperties()).metadata?.airlocksha256, file.sha256, file.path);
      const bytes = await blob.downloadToBuffer();
      assert.equal(createHash("sha256").update(bytes).digest("hex"), file.sha256, file.path);
    }
    const blocks = await container
      .getBlockBlobClient("LocalUpload/hashed/model/weights/big.bin")
      .getBlockList("committed");
    assert.equal(blocks.committedBlocks?.length, 6);
  });

  test("a file that holds more than its listed size is uploaded whole, and hashed whole", {
    skip: process.platform !== "linux" && "needs /proc",
  }, async () => {
    // /proc files list as regular files of size 0 and read as their content: the reads must not stop at the
    // size the listing saw (buffers are sized from it). 64-byte blocks: several blocks, each grown from 1 byte.
    const file = "/proc/self/cmdline";
    const expected = readFileSync(file);
    assert.ok(expected.length > 64, `${expected.length} bytes`);
    const result = await uploadFolder({
      container,
      prefix: "LocalUpload/grown",
      localPath: file,
      blockSize: 64,
      hash: true,
    });
    const sha256 = createHash("sha256").update(expected).digest("hex");
    assert.deepEqual(
      result.files.map((f) => [f.path, f.size, f.sha256]),
      [["cmdline", expected.length, sha256]],
    );
    const bytes = await container.getBlockBlobClient("LocalUpload/grown/cmdline").downloadToBuffer();
    assert.deepEqual(bytes, expected);
    assert.equal((await digestPath(file)).manifest.files[0]!.sha256, sha256);
  });

  test("a single file lands under the prefix; a SAS container URL never leaks its token into the URI", async () => {
    const sasUrl = await container.generateSasUrl({
      permissions: ContainerSASPermissions.parse("rcw"),
      expiresOn: new Date(Date.now() + 10 * 60_000),
    });
    const sasContainer = new ContainerClient(sasUrl);
    const result = await uploadFolder({
      container: sasContainer,
      prefix: "/LocalUpload/single/",
      localPath: path.join(scratch.project, "single.pkl"),
    });
    assert.equal(result.kind, "file");
    assert.equal(
      result.uri,
      `${azurite.blobEndpoint(ACCOUNT)}/azureml-blobstore/LocalUpload/single/single.pkl`,
    );
    assert.ok(!result.uri.includes("sig="));
    assert.equal(
      (await container.getBlobClient("LocalUpload/single/single.pkl").downloadToBuffer()).toString(),
      "pickle",
    );
  });

  test("re-uploading overwrites in place; a bad prefix is refused before any request", async () => {
    await writeFile(path.join(scratch.project, "single.pkl"), "pickle v2");
    await uploadFolder({
      container,
      prefix: "LocalUpload/single",
      localPath: path.join(scratch.project, "single.pkl"),
    });
    assert.equal(
      (await container.getBlobClient("LocalUpload/single/single.pkl").downloadToBuffer()).toString(),
      "pickle v2",
    );
    await assert.rejects(
      uploadFolder({
        container,
        prefix: "LocalUpload/../x",
        localPath: path.join(scratch.project, "single.pkl"),
      }),
      (error: unknown) => error instanceof InputError && error.code === "UPLOAD_PREFIX_INVALID",
    );
  });
});

describe("progress reporter", () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, write: (chunk: string) => chunks.push(chunk) } };
  };

  test("plain mode (CI): a line per quarter, a final summary, nothing in between", () => {
    let clock = 0;
    const { chunks, stream } = sink(false);
    const reporter = createProgressReporter({
      label: "upload model",
      totalBytes: 1000,
      stream,
      now: () => clock,
    });
    for (let loaded = 10; loaded <= 1000; loaded += 10) {
      clock += 10;
      reporter.update(loaded);
    }
    reporter.done();
    assert.deepEqual(chunks, [
      "upload model: 0% (0 B of 1000 B)\n",
      "upload model: 25% (250 B of 1000 B)\n",
      "upload model: 50% (500 B of 1000 B)\n",
      "upload model: 75% (750 B of 1000 B)\n",
      "upload model: 100% (1000 B of 1000 B)\n",
      "upload model: done, 1000 B in 1.0 s\n",
    ]);
    assert.ok(chunks.every((c) => !c.includes("\r")));
  });

  test("TTY mode: redraws one bar line, throttled, and ends the line", () => {
    let clock = 0;
    const { chunks, stream } = sink(true);
    const reporter = createProgressReporter({ label: "up", totalBytes: 2048, stream, now: () => clock });
    reporter.update(512);
    reporter.update(1024);
    clock += 150;
    reporter.update(1536);
    reporter.done();
    assert.equal(chunks.length, 4);
    assert.ok(chunks.slice(0, 3).every((c) => c.startsWith("\r\x1b[2Kup [")));
    assert.match(chunks[1]!, / 75% 1\.5 KiB\/2\.0 KiB/);
    assert.match(chunks[2]!, /100% 2\.0 KiB\/2\.0 KiB/);
    assert.equal(chunks[3], "\n");
  });

  test("formatBytes", () => {
    assert.deepEqual([0, 1023, 1536, 5 * 1024 ** 3].map(formatBytes), [
      "0 B",
      "1023 B",
      "1.5 KiB",
      "5.0 GiB",
    ]);
  });
});
