/**
 * The pure parts of a rollout: traffic steps and splits, deployment names, CSV rows, judging answers against
 * expected values, and finding the rollout a rollback undoes.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AirlockError } from "../../src/errors.ts";
import type { LedgerRecord } from "../../src/governance/ledger.ts";
import { deploymentNameFor, parseNameAtVersion } from "../../src/promotion/deploy.ts";
import { ONLINE_NAME } from "../../src/promotion/deploy-endpoint.ts";
import { judgeAnswer, parseCsv, predictionsOf, requestBody } from "../../src/promotion/deploy-smoke.ts";
import { formatSplit, parseTrafficSteps, splitForStep } from "../../src/promotion/deploy-traffic.ts";
import { lastUndoneRollout } from "../../src/promotion/rollback.ts";

const code = (expected: string) => (e: unknown) => e instanceof AirlockError && e.code === expected;

describe("traffic steps and splits", () => {
  it("parses all and rising steps that end at 100; refuses anything else", () => {
    assert.deepEqual(parseTrafficSteps(undefined), [100]);
    assert.deepEqual(parseTrafficSteps("all"), [100]);
    assert.deepEqual(parseTrafficSteps("10, 50,100"), [10, 50, 100]);
    for (const bad of ["0,100", "50,50,100", "10,50", "10,x,100", "101", "-5,100", "1.5,100"]) {
      assert.throws(() => parseTrafficSteps(bad), code("TRAFFIC_STEPS_INVALID"), bad);
    }
  });

  it("gives the new deployment its share and splits the rest by the old shares, summing to 100", () => {
    assert.deepEqual(splitForStep({ blue: 100 }, "green", 10), { blue: 90, green: 10 });
    assert.deepEqual(splitForStep({ blue: 90, green: 10 }, "green", 100), { blue: 0, green: 100 });
    const three = splitForStep({ a: 50, b: 30, c: 20, old: 0 }, "new", 33);
    assert.equal(
      Object.values(three).reduce((s, v) => s + v, 0),
      100,
    );
    assert.equal(three.new, 33);
    assert.equal(three.old, 0);
    assert.ok(three.a! > three.b! && three.b! > three.c!);
    // No live traffic before: the new deployment must take everything (a split sums to 0 or 100).
    assert.deepEqual(splitForStep({}, "green", 10), { green: 100 });
    assert.deepEqual(splitForStep({ blue: 0 }, "green", 10), { blue: 0, green: 100 });
    assert.equal(formatSplit({ blue: 0, green: 100 }), "green 100%");
    assert.equal(formatSplit({}), "no live traffic");
  });

  it("derives valid deployment names from the version and digest", () => {
    const digest = `sha256:${"ab12cd34".repeat(8)}`;
    assert.equal(deploymentNameFor("1", digest), "v1-ab12cd34");
    assert.equal(deploymentNameFor("2024.10.01_rc", digest, 1), "v2024-10-01-r-ab12cd34-2");
    for (const name of [deploymentNameFor("1", digest), deploymentNameFor("x".repeat(99), digest, 18)]) {
      assert.match(name, ONLINE_NAME);
    }
    assert.deepEqual(parseNameAtVersion("taxi-fare-model@1", "model"), {
      name: "taxi-fare-model",
      version: "1",
    });
    for (const bad of ["taxi", "@1", "taxi@", "ta xi@1", "taxi@1/2"]) {
      assert.throws(() => parseNameAtVersion(bad, "model"), code("ASSET_SPEC_INVALID"), bad);
    }
  });
});

describe("smoke rows and judgement", () => {
  it("reads CSV with quotes, CRLF and numbers", () => {
    const rows = parseCsv('a,b,"c d"\r\n1,"x, ""y""",2.5e1\r\n-3,,"7"\n');
    assert.deepEqual(rows, [
      { a: 1, b: 'x, "y"', "c d": 25 },
      { a: -3, b: null, "c d": 7 },
    ]);
  });

  it("never builds an empty request", () => {
    assert.throws(() => requestBody({ rows: [] }), code("SMOKE_EMPTY_REQUEST"));
    assert.deepEqual(requestBody({ rows: [{ x: 1 }] }), { data: [{ x: 1 }] });
  });

  it("passes 200 with one prediction per row within tolerance, and says why otherwise", () => {
    const reference = { rows: [{ x: 1 }, { x: 2 }], expected: [10, 100] };
    const answer = (status: number, body: unknown) => ({ status, body, deployment: "d" });
    assert.equal(judgeAnswer(answer(200, { predictions: [12.9, 124] }), reference).ok, true);
    const far = judgeAnswer(answer(200, { predictions: [13.1, 100] }), reference);
    assert.equal(far.ok, false);
    assert.match(far.problem!, /row 1: expected 10, got 13.1/);
    assert.match(
      judgeAnswer(answer(200, { predictions: [10] }), reference).problem!,
      /1 predictions for 2 rows/,
    );
    assert.match(judgeAnswer(answer(500, { message: "boom" }), reference).problem!, /HTTP 500: .*boom/);
    assert.equal(judgeAnswer(answer(200, [0, 0]), reference, { checkExpected: false }).ok, true);
    assert.deepEqual(predictionsOf('{"result": [1, 2]}'), [1, 2]);
    assert.equal(predictionsOf({ nothing: true }), undefined);
  });
});

describe("the rollout a rollback undoes", () => {
  let seq = 0;
  // Partial payloads: only the fields lastUndoneRollout reads.
  const record = (type: string, data: Record<string, unknown>, endpoint = "ep"): LedgerRecord =>
    ({
      seq: ++seq,
      id: `r${seq}`,
      at: new Date(0).toISOString(),
      type,
      actor: { objectId: "o", name: "n", kind: "servicePrincipal" },
      subject: { endpoint, workspace: "ws" },
      data,
      prevHash: "",
      hash: "",
    }) as unknown as LedgerRecord;

  it("is the newest rollout not yet rolled back, restored to its split before the first step", () => {
    const records = [
      record("traffic.changed", { rolloutId: "A", rolloutBefore: {}, before: {}, after: { a: 100 } }),
      record("traffic.changed", {
        rolloutId: "B",
        rolloutBefore: { a: 100 },
        before: { a: 100 },
        after: { a: 90, b: 10 },
      }),
      record("traffic.changed", {
        rolloutId: "B",
        rolloutBefore: { a: 100 },
        before: { a: 90, b: 10 },
        after: { a: 0, b: 100 },
      }),
      record("traffic.changed", { rolloutId: "X", rolloutBefore: {}, after: { x: 100 } }, "other"),
    ];
    assert.deepEqual(lastUndoneRollout(records, "ep", "ws")?.rolloutBefore, { a: 100 });
    records.push(record("rollback", { rolloutId: "B" }));
    assert.equal(lastUndoneRollout(records, "ep", "ws")?.rolloutId, "A");
    records.push(record("rollback", { rolloutId: "A" }));
    assert.equal(lastUndoneRollout(records, "ep", "ws"), undefined);
    assert.equal(lastUndoneRollout(records, "ep", "other-ws"), undefined);
  });
});
