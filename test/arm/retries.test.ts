/**
 * Retries through the library policies, driven by the twin's fault injection: 429/503 with Retry-After are
 * retried after the advertised wait, 500 with back-off; once maxRetries is spent the last answer becomes a
 * typed ArmError.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { ArmError } from "../../src/arm/index.ts";
import { ExitCode } from "../../src/errors.ts";
import { startTestTwin, type TestTwin } from "../helpers/twin.ts";
import { clearFaults, clientAs, DEPLOYER, DEV, injectFault, uniqueName } from "./fixture.ts";

describe("ARM client retries against twin fault injection", () => {
  let twin: TestTwin;

  before(async () => {
    twin = await startTestTwin({ lroMode: "fast" });
  });
  afterEach(() => clearFaults(twin));
  after(() => twin?.close());

  async function seedModel(): Promise<string> {
    const name = uniqueName("retry");
    await clientAs(twin, DEPLOYER)
      .workspace(DEV.workspaceRg, DEV.workspace)
      .versions("models", name)
      .createOrUpdate("1", { properties: { modelUri: "azureml://datastores/workspaceblobstore/paths/r/1" } });
    return name;
  }

  for (const status of [429, 503, 500] as const) {
    it(`retries ${status} and succeeds when the faults run out`, async () => {
      const name = await seedModel();
      await injectFault(twin, {
        method: "GET",
        pathContains: `/models/${name}`,
        status,
        count: 2,
        retryAfterSeconds: 0,
      });
      const client = clientAs(twin, DEPLOYER, { maxRetries: 3 });
      const version = await client
        .workspace(DEV.workspaceRg, DEV.workspace)
        .versions("models", name)
        .get("1");
      assert.equal(version.name, "1");
    });
  }

  it("waits for Retry-After (seconds) before retrying a 429", async () => {
    const name = await seedModel();
    await injectFault(twin, {
      method: "GET",
      pathContains: `/models/${name}`,
      status: 429,
      count: 1,
      retryAfterSeconds: 1,
    });
    const client = clientAs(twin, DEPLOYER, { maxRetries: 2 });
    const started = performance.now();
    await client.workspace(DEV.workspaceRg, DEV.workspace).versions("models", name).get("1");
    // Behaviour, not speed: the retry must not come before the advertised second.
    assert.ok(performance.now() - started >= 950, "retried before Retry-After elapsed");
  });

  it("gives up after maxRetries with a typed ArmError carrying the last status", async () => {
    const name = await seedModel();
    await injectFault(twin, {
      method: "GET",
      pathContains: `/models/${name}`,
      status: 503,
      count: 10,
      retryAfterSeconds: 0,
    });
    const client = clientAs(twin, DEPLOYER, { maxRetries: 2 });
    await assert.rejects(
      () => client.workspace(DEV.workspaceRg, DEV.workspace).versions("models", name).get("1"),
      (error: unknown) =>
        error instanceof ArmError && error.status === 503 && error.exitCode === ExitCode.unavailable,
    );
    // Exactly 1 + maxRetries = 3 requests were spent, so 7 faults remain: 7 more attempts all fail, the next passes.
    const versions = (maxRetries: number) =>
      clientAs(twin, DEPLOYER, { maxRetries })
        .workspace(DEV.workspaceRg, DEV.workspace)
        .versions("models", name);
    await assert.rejects(
      () => versions(6).get("1"),
      (error: unknown) => error instanceof ArmError && error.status === 503,
    );
    assert.equal((await versions(0).get("1")).name, "1");
  });

  it("with maxRetries 0 the first 429 is the answer", async () => {
    const name = await seedModel();
    await injectFault(twin, {
      method: "GET",
      pathContains: `/models/${name}`,
      status: 429,
      count: 1,
      retryAfterSeconds: 0,
    });
    const client = clientAs(twin, DEPLOYER, { maxRetries: 0 });
    await assert.rejects(
      () => client.workspace(DEV.workspaceRg, DEV.workspace).versions("models", name).get("1"),
      (error: unknown) => error instanceof ArmError && error.status === 429,
    );
  });

  it("retries list pages (nextLink requests) too", async () => {
    const name = await seedModel();
    await injectFault(twin, {
      method: "GET",
      pathContains: `/models/${name}/versions`,
      status: 500,
      count: 1,
    });
    const client = clientAs(twin, DEPLOYER, { maxRetries: 2 });
    const all = await client
      .workspace(DEV.workspaceRg, DEV.workspace)
      .versions("models", name)
      .list()
      .toArray();
    assert.deepEqual(
      all.map((v) => v.name),
      ["1"],
    );
  });
});
