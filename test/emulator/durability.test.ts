/**
 * Acknowledged writes survive `kill -9` of any twin process. Azurite alone saves its metadata every 5 s, so
 * a write acknowledged just before a SIGKILL was lost; the blob front end answers a write only once it is
 * saved. Each test writes, kills a process the instant the last acknowledgement arrives (no sleeps, so
 * nothing races the 5 s autosave), restarts the twin on the same state dir and reads everything back.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { mintTwinToken } from "../../src/emulator/index.ts";
import { LEDGER_CONTAINER } from "../../src/platform/index.ts";
import { arm, PROD, startTestTwin, type TestTwin, wsPath } from "../helpers/twin.ts";

const KEY_HOLDER = "sp-aml-promotion-prod";
const DAEMON = fileURLToPath(new URL("../../src/emulator/daemon.ts", import.meta.url));
const dirs: string[] = [];

describe("emulator/durability", () => {
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function stateDir(): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), "airlock-durable-"));
    dirs.push(dir);
    return dir;
  }

  async function prodService(twin: Pick<TestTwin, "armEndpoint" | "tokenFor" | "blobBaseUrl">) {
    const secrets = await arm(twin, "POST", `${wsPath(PROD)}/datastores/workspaceblobstore/listSecrets`, {
      as: KEY_HOLDER,
    });
    assert.equal(secrets.status, 200, secrets.text);
    return new BlobServiceClient(
      `${twin.blobBaseUrl}/${PROD.storageAccount}`,
      new StorageSharedKeyCredential(PROD.storageAccount, secrets.body.key as string),
      { retryOptions: { maxTries: 1 } },
    );
  }

  /** Every kind of write the ledger and uploads make; resolves when the last one is acknowledged. */
  async function writeEverything(service: BlobServiceClient, tag: string): Promise<void> {
    const fresh = service.getContainerClient(`durable-${tag}`);
    await fresh.create();
    const ledger = service.getContainerClient(LEDGER_CONTAINER);
    await ledger
      .getBlockBlobClient(`records/${tag}.json`)
      .upload(`{"tag":"${tag}"}`, 9 + tag.length, { conditions: { ifNoneMatch: "*" } });
    const blocks = fresh.getBlockBlobClient("model.bin");
    const ids = ["a", "b"].map((b) => Buffer.from(`block-${b}`).toString("base64"));
    await blocks.stageBlock(ids[0]!, "first-", 6);
    await blocks.stageBlock(ids[1]!, "second", 6);
    await blocks.commitBlockList(ids);
    const log = ledger.getAppendBlobClient(`log/${tag}.log`);
    await log.create({ conditions: { ifNoneMatch: "*" } });
    await log.appendBlock("one\n", 4);
    await log.appendBlock("two\n", 4);
  }

  async function readEverything(service: BlobServiceClient, tag: string): Promise<void> {
    const fresh = service.getContainerClient(`durable-${tag}`);
    assert.equal(await fresh.exists(), true, "the container created before the kill");
    const ledger = service.getContainerClient(LEDGER_CONTAINER);
    const read = async (container: typeof fresh, name: string) =>
      (await container.getBlobClient(name).downloadToBuffer()).toString("utf8");
    assert.equal(await read(ledger, `records/${tag}.json`), `{"tag":"${tag}"}`);
    assert.equal(await read(fresh, "model.bin"), "first-second");
    assert.equal(await read(ledger, `log/${tag}.log`), "one\ntwo\n");
    // The policy came back too: the record still cannot be overwritten.
    await assert.rejects(ledger.getBlockBlobClient(`records/${tag}.json`).upload("forged", 6), {
      statusCode: 409,
      code: "BlobImmutableDueToPolicy",
    });
  }

  test("writes acknowledged just before Azurite's process is SIGKILLed are all there after a restart", async () => {
    const dir = await stateDir();
    const first = await startTestTwin({ stateDir: dir, blobInProcess: false });
    try {
      await writeEverything(await prodService(first), "azurite");
      assert.ok(first.blobPid !== null);
      process.kill(first.blobPid, "SIGKILL");
    } finally {
      await first.close();
    }
    const second = await startTestTwin({ stateDir: dir });
    try {
      await readEverything(await prodService(second), "azurite");
    } finally {
      await second.close();
    }
  });

  async function startDaemon(
    dir: string,
  ): Promise<{ child: ChildProcess; armEndpoint: string; blobEndpoint: string }> {
    const child = spawn(process.execPath, [DAEMON, "--state-dir", dir], { stdio: "ignore" });
    const record = path.join(dir, "twin.json");
    for (;;) {
      const text = await readFile(record, "utf8").catch(() => undefined);
      if (text) {
        const parsed = JSON.parse(text) as { pid: number; armEndpoint: string; blobEndpoint: string };
        if (parsed.pid === child.pid) return { child, ...parsed };
      }
      if (child.exitCode !== null) throw new Error(`the daemon exited with ${child.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  test("ARM and blob writes acknowledged just before the daemon is SIGKILLed are all there after a restart", async () => {
    const dir = await stateDir();
    const daemon = await startDaemon(dir);
    const remote = {
      armEndpoint: daemon.armEndpoint,
      blobBaseUrl: daemon.blobEndpoint,
      tokenFor: (name: string) => mintTwinToken(dir, name),
    };
    const service = await prodService(remote);
    await writeEverything(service, "daemon");
    const model = await arm(remote, "PUT", `${wsPath(PROD)}/models/durable-model`, {
      as: "sp-aml-deployment-prod",
      body: { properties: { description: "written just before kill -9" } },
    });
    assert.ok(model.status === 200 || model.status === 201, model.text);
    const exited = once(daemon.child, "exit");
    daemon.child.kill("SIGKILL");
    await exited;

    const second = await startTestTwin({ stateDir: dir });
    try {
      await readEverything(await prodService(second), "daemon");
      const back = await arm(second, "GET", `${wsPath(PROD)}/models/durable-model`, {
        as: "sp-aml-deployment-prod",
      });
      assert.equal(back.status, 200, back.text);
      assert.equal(back.body.properties.description, "written just before kill -9");
    } finally {
      await second.close();
    }
  });
});
