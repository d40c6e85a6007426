/**
 * Ten promotions of one approved version at once, each through its own connection (as ten CI runners
 * would): exactly one creates the prod registry version, the others succeed idempotently or fail with a
 * clear conflict, the version exists once with the approved digest, and the ledger still verifies.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { PROP } from "../../src/assets/index.ts";
import { ConflictError } from "../../src/errors.ts";
import { type PromotionResult, promote } from "../../src/promotion/promote.ts";
import {
  approvedModel,
  CI,
  ledgerRecords,
  prodRegistryVersion,
  prodRegistryVersions,
  startWorld,
  type World,
} from "./fixture.ts";

let world: World;
describe("promotion/concurrency", () => {
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  const CREATE = "prod-create-prod-registry-version";

  test("10 concurrent promotions of one version: exactly one creates it; the ledger verifies", async () => {
    const { asset, digest, requestId } = await approvedModel(world, "1", "concurrent");
    const connections = await Promise.all(Array.from({ length: 10 }, () => world.connectAs(CI)));
    const settled = await Promise.allSettled(connections.map((c) => promote(c, asset, world.policy)));

    const results: PromotionResult[] = [];
    for (const outcome of settled) {
      if (outcome.status === "fulfilled") {
        results.push(outcome.value);
        continue;
      }
      // The only acceptable failure: a typed conflict that says what collided.
      const error = outcome.reason as unknown;
      assert.ok(error instanceof ConflictError, `unexpected failure: ${String(error)}`);
      assert.ok(
        error.message.length > 20 && /already|concurrent|conflict/i.test(error.message),
        error.message,
      );
    }
    assert.ok(results.length >= 1, "at least one promotion succeeds");

    const createdBy = results.filter((r) => r.steps.find((s) => s.id === CREATE)?.status === "done");
    assert.equal(createdBy.length, 1, "exactly one promotion created the prod version");
    for (const result of results) {
      const create = result.steps.find((s) => s.id === CREATE);
      assert.ok(create, "every successful promotion passed the create step");
      if (result === createdBy[0]) continue;
      // The rest found it in place: journaled earlier by the winner, or found in the registry.
      assert.ok(
        create.status === "resumed" || create.status === "skipped",
        `unexpected status ${create.status}: ${create.detail}`,
      );
      assert.equal(result.targetReference, createdBy[0]!.targetReference);
    }

    assert.deepEqual(await prodRegistryVersions(world, "models", asset.name), ["1"]);
    const version = await prodRegistryVersion(world, "models", asset.name, "1");
    assert.equal(version?.properties.properties?.[PROP.digest], digest);
    assert.equal(version?.properties.properties?.[PROP.approvalId], requestId);

    const ledger = await world.ci.ledger();
    const verified = await ledger.verify();
    assert.equal(verified.ok, true, JSON.stringify(verified.firstBad));
    const records = await ledgerRecords(world);
    const completed = records.filter(
      (r) => r.type === "promotion.completed" && r.subject.promotionId === createdBy[0]!.promotionId,
    );
    assert.ok(completed.length >= 1, "the promotion is recorded as completed");
    const seqs = records.map((r) => r.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
      "one chain, in order",
    );
    assert.equal(new Set(seqs).size, seqs.length, "no two records share a sequence number (no fork)");

    const again = await promote(world.ci, asset, world.policy);
    assert.equal(again.alreadyComplete, true, "a later rerun finds it finished");
  });
});
