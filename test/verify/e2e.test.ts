/**
 * `airlock verify e2e --env prod` on the twin: the canary crosses the whole path (register, share, request,
 * approve as a second identity, promote, deployment at 0%, score through the deployment header) and leaves
 * no asset, endpoint, deployment or blob behind — checked by an inventory before and after — including when
 * a step fails: a failure injected after the deployment exists, after the scoring, and a real refusal
 * (the requester approving their own request).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ExitCode } from "../../src/errors.ts";
import { E2E_STEPS, verifyE2e } from "../../src/verify/e2e.ts";
import { runCli } from "../helpers/cli.ts";
import type { TestTwin } from "../helpers/twin.ts";
import { cliEnv, connectAs, inventory, startVerifyTwin } from "./fixture.ts";

describe("airlock verify e2e", () => {
  let twin: TestTwin;
  let baseline: string[];
  before(async () => {
    twin = await startVerifyTwin();
    baseline = await inventory(twin);
  });
  after(async () => {
    await twin?.close();
  });

  test("the CLI canary passes on the twin and leaves nothing behind", async () => {
    const cli = await runCli(["verify", "e2e", "--env", "prod", "--json"], { env: cliEnv(twin) });
    assert.equal(cli.code, 0, cli.stderr);
    const result = JSON.parse(cli.stdout);
    assert.equal(result.ok, true);
    assert.deepEqual(
      result.steps.map((s: { step: string; ok: boolean }) => [s.step, s.ok]),
      E2E_STEPS.map((s) => [s, true]),
    );
    assert.equal(result.prediction.canary, result.runId);
    assert.equal(result.prediction.predictions.length, 3);
    assert.deepEqual(result.leftBehind, []);
    assert.ok(result.cleanup.length >= 10);
    assert.ok(
      result.cleanup.every((c: { status: string }) => c.status === "deleted"),
      JSON.stringify(result.cleanup),
    );
    assert.ok(result.ledgerRecords > 0, "the ledger keeps the run's records");
    assert.deepEqual(await inventory(twin), baseline);
  });

  test("a failure injected after the deployment exists: the run fails and still leaves nothing", async () => {
    const identities = {
      requester: await connectAs(twin, "alice"),
      approver: await connectAs(twin, "bob"),
      promoter: await connectAs(twin, "sp-aml-promotion-dev", "sp-aml-promotion-prod"),
    };
    const during: string[][] = [];
    const result = await verifyE2e(identities, {
      failAfter: "deployment",
      beforeCleanup: async () => {
        during.push(await inventory(twin));
      },
    });
    assert.equal(result.ok, false);
    assert.equal(result.error?.code, "E2E_INJECTED_FAILURE");
    assert.deepEqual(
      result.steps.map((s) => s.step),
      E2E_STEPS.slice(0, E2E_STEPS.indexOf("deployment") + 1),
    );
    assert.ok(
      result.cleanup.some((c) => c.resource.includes("deployment") && c.status === "deleted"),
      "the deployment existed and was deleted",
    );
    assert.deepEqual(result.leftBehind, []);
    // The inventory sees what the run had created before cleanup (so "equal to the baseline" means something).
    const created = during[0]!.filter((item) => !baseline.includes(item));
    const name = `airlock-canary-${result.runId}`;
    for (const item of [
      `dev workspace models/${name}@1`,
      `dev registry models/${name}@1`,
      `prod registry models/${name}@1`,
      `prod workspace codes/${name}-score@1`,
      `prod endpoint canary-${result.runId}`,
      `prod deployment canary-${result.runId}/canary`,
    ])
      assert.ok(created.includes(item), `${item} not in ${created.join(", ")}`);
    assert.ok(created.some((item) => item.startsWith("dev blob LocalUpload/")));
    assert.ok(created.some((item) => item.startsWith(`prod blob airlock-canary/${result.runId}/`)));
    assert.deepEqual(await inventory(twin), baseline);
  });

  test("a real refusal mid-way (the requester approves their own request): nothing left behind", async () => {
    const alice = await connectAs(twin, "alice");
    const result = await verifyE2e({
      requester: alice,
      approver: alice,
      promoter: await connectAs(twin, "sp-aml-promotion-dev", "sp-aml-promotion-prod"),
    });
    assert.equal(result.ok, false);
    assert.equal(result.error?.code, "GATE_SELF_APPROVAL");
    assert.equal(result.steps.at(-1)?.step, "approve");
    assert.equal(result.steps.at(-1)?.ok, false);
    assert.ok(
      result.cleanup.some((c) => c.status === "deleted"),
      "registered and shared versions were removed",
    );
    assert.deepEqual(result.leftBehind, []);
    assert.deepEqual(await inventory(twin), baseline);
  });

  test("the CLI with AIRLOCK_E2E_FAIL_AFTER=score: exit 8, the error names the failure, nothing left", async () => {
    const cli = await runCli(["verify", "e2e", "--env", "prod"], {
      env: { ...cliEnv(twin), AIRLOCK_E2E_FAIL_AFTER: "score" },
    });
    assert.equal(cli.code, ExitCode.verificationFailed, cli.stdout + cli.stderr);
    assert.match(cli.stdout, /✓ score/);
    assert.match(
      cli.stderr,
      /error\[E2E_FAILED\]: canary [0-9a-f]{8} failed: failure injected after step score/,
    );
    assert.deepEqual(await inventory(twin), baseline);
  });

  test("bad input: --env dev and an unknown failure step are refused before anything is created", async () => {
    const dev = await runCli(["verify", "e2e", "--env", "dev"], { env: cliEnv(twin) });
    assert.equal(dev.code, ExitCode.invalidInput);
    assert.match(dev.stderr, /--env must be prod/);
    const bad = await runCli(["verify", "e2e", "--env", "prod"], {
      env: { ...cliEnv(twin), AIRLOCK_E2E_FAIL_AFTER: "nope" },
    });
    assert.equal(bad.code, ExitCode.invalidInput);
    assert.match(bad.stderr, /AIRLOCK_E2E_FAIL_AFTER must be one of canary, register/);
    assert.deepEqual(await inventory(twin), baseline);
  });
});
