/**
 * Safe rollout against a real twin over HTTP: a promoted taxi-fare model deployed to a new prod endpoint
 * (smoke-tested through the deployment header, predictions near the expected fares), a second version shifted
 * 10 → 100, an identical redeploy reused, `rollback` back to the previous split, and the ledger recording
 * each change with before/after and no secret anywhere. Each bundle is approved (alice requests, bob approves)
 * before it is deployed, and the deployment records the approval that opened the gate.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PROP } from "../../src/assets/index.ts";
import { isRecordOf, recordsOf } from "../../src/governance/records.ts";
import { deploy } from "../../src/promotion/deploy.ts";
import { requireEndpoint, trafficOf } from "../../src/promotion/deploy-endpoint.ts";
import { EndpointInvoker, predictionsOf } from "../../src/promotion/deploy-smoke.ts";
import { lastUndoneRollout, rollback } from "../../src/promotion/rollback.ts";
import { findSecrets } from "../../src/redact.ts";
import {
  approveDeployment,
  createProdEnvironment,
  EXAMPLE_SRC,
  expectedFares,
  type PromotedModel,
  promoteModel,
  promoteValidationData,
  startWorld,
  variantModel,
  type World,
} from "./fixture.ts";

const ENDPOINT = "taxi-prod";

describe("deploy: safe rollout of promoted models on the twin", () => {
  let world: World;
  let v1: PromotedModel;
  let v2: PromotedModel;
  let smokeData: string;
  let environment: string;
  let v1Name: string;
  let v2Name: string;

  before(async () => {
    world = await startWorld();
    v1 = await promoteModel(world, "taxi-fare-model", "1", world.modelDir);
    // Version 2: the same model with its intercept 50 cents higher (still within the smoke tolerance).
    const shifted = await variantModel(world, "v2", (m) => ({
      ...m,
      intercept: (m.intercept as number) + 0.5,
    }));
    v2 = await promoteModel(world, "taxi-fare-model", "2", shifted);
    smokeData = await promoteValidationData(world);
    environment = await createProdEnvironment(world);
  });
  after(() => world?.close());

  it("deploys v1 to a new endpoint: smoke test passes and the endpoint predicts the expected fares", async () => {
    const lines: string[] = [];
    const bundle = { model: "taxi-fare-model@1", endpoint: ENDPOINT, environment, code: EXAMPLE_SRC };
    const deploymentApprovalId = await approveDeployment(world, bundle);
    const result = await deploy(world.connection, {
      ...bundle,
      smokeData,
      traffic: "10,50,100",
      onProgress: (line) => lines.push(line),
    });
    v1Name = result.deployment.name;
    assert.match(v1Name, /^v1-[0-9a-f]{8}$/);
    assert.equal(v1Name.slice(3), v1.digest.slice("sha256:".length, "sha256:".length + 8));
    assert.equal(result.status, "deployed");
    assert.equal(result.endpoint.created, true);
    assert.equal(result.deployment.model, v1.id);
    assert.equal(result.deployment.approvalId, v1.approvalId);
    const served = await world.connection.workspace("prod").onlineDeployments(ENDPOINT).get(v1Name);
    assert.equal(served.properties.properties?.[PROP.deploymentApprovalId], deploymentApprovalId);
    assert.equal(result.smoke.ok, true);
    assert.equal(result.smoke.rows, 40);
    assert.ok(result.smoke.maxAbsoluteError !== undefined && result.smoke.maxAbsoluteError < 3);
    // No live traffic before: the steps collapse to one move to 100%.
    assert.deepEqual(result.traffic.before, {});
    assert.deepEqual(result.traffic.after, { [v1Name]: 100 });
    assert.equal(result.traffic.steps.length, 1);
    assert.equal(result.traffic.steps[0]!.health.ok, true);
    assert.equal(result.traffic.steps[0]!.health.calls.length, 5);
    assert.ok(lines.some((line) => line.includes("no live traffic")));

    // Scored through traffic (no header), as a client would.
    const endpoint = await requireEndpoint(world.connection, ENDPOINT);
    const { rows, fares } = await expectedFares();
    const answer = await EndpointInvoker.forEndpoint(world.connection, endpoint).score({ data: rows });
    assert.equal(answer.status, 200);
    assert.equal(answer.deployment, v1Name);
    const predictions = predictionsOf(answer.body) as number[];
    assert.equal(predictions.length, fares.length);
    for (const [i, p] of predictions.entries()) {
      assert.ok(Math.abs(p - fares[i]!) < 3, `row ${i + 1}: ${p} vs ${fares[i]}`);
    }
  });

  it("deploys v2 in steps 10 → 100, recording every traffic change with before and after", async () => {
    const bundle = { model: "taxi-fare-model@2", endpoint: ENDPOINT, environment, code: EXAMPLE_SRC };
    const v2Approval = await approveDeployment(world, bundle);
    const result = await deploy(world.connection, {
      ...bundle,
      smokeData,
      traffic: "10,100",
      healthCalls: 3,
    });
    v2Name = result.deployment.name;
    assert.notEqual(v2Name, v1Name);
    assert.equal(result.deployment.digest, v2.digest);
    assert.equal(result.endpoint.created, false);
    assert.deepEqual(
      result.traffic.steps.map((s) => s.after),
      [
        { [v1Name]: 90, [v2Name]: 10 },
        { [v1Name]: 0, [v2Name]: 100 },
      ],
    );
    assert.ok(
      result.traffic.steps.every((s) => s.health.ok && s.health.provisioning[v2Name] === "Succeeded"),
    );
    assert.deepEqual(trafficOf(await requireEndpoint(world.connection, ENDPOINT)), {
      [v1Name]: 0,
      [v2Name]: 100,
    });

    const records = await (await world.connection.ledger()).read();
    const changes = recordsOf(records, "traffic.changed").filter(
      (r) => r.data.rolloutId === result.rolloutId,
    );
    assert.deepEqual(
      changes.map((r) => [r.data.before, r.data.after]),
      [
        [{ [v1Name]: 100 }, { [v1Name]: 90, [v2Name]: 10 }],
        [
          { [v1Name]: 90, [v2Name]: 10 },
          { [v1Name]: 0, [v2Name]: 100 },
        ],
      ],
    );
    const created = recordsOf(records, "deployment.created").find((r) => r.subject.deployment === v2Name);
    assert.equal(created?.data.digest, v2.digest);
    assert.equal(created?.data.approvalId, v2.approvalId);
    assert.equal(created?.data.deploymentApprovalId, v2Approval);
    assert.equal(created?.actor.name, "sp-aml-promotion-prod");
  });

  it("redeploying the same model, code and environment reuses the deployment and changes nothing", async () => {
    const result = await deploy(world.connection, {
      model: "taxi-fare-model@2",
      endpoint: ENDPOINT,
      environment,
      code: EXAMPLE_SRC,
      smokeData,
    });
    assert.equal(result.status, "unchanged");
    assert.equal(result.deployment.name, v2Name);
    assert.equal(result.deployment.reused, true);
    assert.equal(result.smoke.ok, true);
    assert.equal(result.traffic.steps.length, 0);
  });

  it("rollback returns to the split before the last rollout, health-checks it and records it", async () => {
    const result = await rollback(world.connection, { endpoint: ENDPOINT, healthCalls: 2 });
    assert.equal(result.status, "rolled-back");
    assert.deepEqual(result.before, { [v1Name]: 0, [v2Name]: 100 });
    assert.deepEqual(result.after, { [v1Name]: 100, [v2Name]: 0 });
    assert.equal(result.health?.ok, true);
    assert.deepEqual(trafficOf(await requireEndpoint(world.connection, ENDPOINT)), {
      [v1Name]: 100,
      [v2Name]: 0,
    });

    const records = await (await world.connection.ledger()).read();
    const record = records.filter((r) => isRecordOf(r, "rollback")).at(-1)!;
    assert.ok(isRecordOf(record, "rollback"));
    assert.equal(record.data.automatic, false);
    assert.equal(record.data.rolloutId, result.rolloutId);
    assert.deepEqual(record.data.after, { [v1Name]: 100, [v2Name]: 0 });
    // The undone rollout no longer counts: the next rollback would undo v1's rollout (back to no traffic).
    const next = lastUndoneRollout(records, ENDPOINT, world.connection.env("prod").names.workspace);
    assert.ok(next && next.rolloutId !== result.rolloutId);
    assert.deepEqual(next.rolloutBefore, {});
  });

  it("rollback of an endpoint with no recorded traffic change is refused clearly", async () => {
    await assert.rejects(
      () => rollback(world.connection, { endpoint: "never-deployed" }),
      (e: Error & { code?: string }) => e.code === "NO_PREVIOUS_SPLIT" && /no previous split/.test(e.message),
    );
  });

  it("the ledger verifies and holds no key, token or SAS", async () => {
    const ledger = await world.connection.ledger();
    assert.equal((await ledger.verify()).ok, true);
    const text = JSON.stringify(await ledger.read());
    assert.deepEqual(findSecrets(text), []);
    const keys = await world.connection.workspace("prod").onlineEndpoints.listKeys(ENDPOINT);
    assert.equal(text.includes(keys.primaryKey!), false);
  });
});
