import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { pickDeployment } from "../../../src/emulator/inference/host.ts";
import { seeded } from "./fixture.ts";

function tally(traffic: Record<string, number>, draws: number, seed: number): Record<string, number> {
  const random = seeded(seed);
  const counts: Record<string, number> = {};
  for (let i = 0; i < draws; i++) {
    const name = pickDeployment(traffic, random) ?? "(none)";
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

describe("pickDeployment splits traffic by percentages", () => {
  test("90/10 over 10,000 seeded draws lands within 1.5 points of the shares", () => {
    for (const seed of [1, 42, 2024]) {
      const counts = tally({ blue: 90, green: 10 }, 10_000, seed);
      assert.deepEqual(Object.keys(counts).sort(), ["blue", "green"]);
      assert.ok(Math.abs((counts["green"] ?? 0) - 1000) < 150, `seed ${seed}: ${JSON.stringify(counts)}`);
    }
  });

  test("three-way 50/30/20 split follows the shares", () => {
    const counts = tally({ a: 50, b: 30, c: 20 }, 10_000, 7);
    assert.ok(Math.abs((counts["a"] ?? 0) - 5000) < 250, JSON.stringify(counts));
    assert.ok(Math.abs((counts["b"] ?? 0) - 3000) < 250, JSON.stringify(counts));
    assert.ok(Math.abs((counts["c"] ?? 0) - 2000) < 250, JSON.stringify(counts));
  });

  test("100/0 always picks the first, 0/100 always the second, whatever the draw", () => {
    for (const r of [0, 0.5, 0.999999999]) {
      assert.equal(
        pickDeployment({ blue: 100, green: 0 }, () => r),
        "blue",
      );
      assert.equal(
        pickDeployment({ blue: 0, green: 100 }, () => r),
        "green",
      );
    }
    assert.deepEqual(tally({ blue: 100, green: 0 }, 1000, 3), { blue: 1000 });
  });

  test("the boundaries of the unit interval map to the first and the last deployment", () => {
    assert.equal(
      pickDeployment({ blue: 90, green: 10 }, () => 0),
      "blue",
    );
    assert.equal(
      pickDeployment({ blue: 90, green: 10 }, () => 0.8999),
      "blue",
    );
    assert.equal(
      pickDeployment({ blue: 90, green: 10 }, () => 0.9),
      "green",
    );
    assert.equal(
      pickDeployment({ blue: 90, green: 10 }, () => 1 - Number.EPSILON),
      "green",
    );
  });

  test("no traffic (total 0, or nothing at all) picks nothing", () => {
    assert.equal(pickDeployment({ blue: 0, green: 0 }), undefined);
    assert.equal(pickDeployment({}), undefined);
    assert.equal(pickDeployment({ blue: -10, green: Number.NaN }), undefined);
  });
});
