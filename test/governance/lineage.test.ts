import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { LedgerRecord } from "../../src/governance/ledger.ts";
import {
  type LineageFacts,
  lineageForAsset,
  lineageForEndpoint,
  normalizeAssetId,
} from "../../src/governance/lineage.ts";

const SUB = "c0ffee00-0000-4000-8000-00000000a11c";
const prodModel = `/subscriptions/${SUB}/resourceGroups/rg-aml-reg-prod-cc01/providers/Microsoft.MachineLearningServices/registries/amlregprodcc01/models/taxi-fare/versions/3`;
const devRegistryModel = "azureml://registries/amlregdevcc01/models/taxi-fare/versions/3";
const devWorkspaceModel = `/subscriptions/${SUB}/resourceGroups/rg-aml-ws-dev-cc01/providers/Microsoft.MachineLearningServices/workspaces/amlwsdevcc01/models/taxi-fare/versions/3`;
const digest = `sha256:${"ab".repeat(32)}`;

function record(
  seq: number,
  type: LedgerRecord["type"],
  actor: string,
  subject: Record<string, string>,
): LedgerRecord {
  return {
    seq,
    id: `id-${seq}`,
    at: `2026-03-01T10:0${seq}:00.000Z`,
    type,
    actor: { objectId: `oid-${actor}`, name: actor, kind: "user" },
    subject,
    // Lineage reads subjects and actors only: the payloads stay empty.
    data: {} as LedgerRecord["data"],
    prevHash: "sha256:prev",
    hash: "sha256:hash",
  };
}

const facts: LineageFacts = {
  environmentOf: (scope) => (scope.includes("prod") ? "prod" : scope.includes("dev") ? "dev" : undefined),
  deployments: [
    {
      endpoint: "taxi-prod",
      name: "green",
      model: "azureml://registries/amlregprodcc01/models/taxi-fare/versions/2",
      traffic: 0,
    },
    {
      endpoint: "taxi-prod",
      name: "blue",
      model: prodModel.toUpperCase().replace("/VERSIONS/3", "/versions/3"), // ARM ids are case-insensitive
      traffic: 100,
      id: `/subscriptions/${SUB}/resourceGroups/rg-aml-ws-prod-cc01/providers/Microsoft.MachineLearningServices/workspaces/amlwsprodcc01/onlineEndpoints/taxi-prod/deployments/blue`,
      createdBy: "sp-aml-deployment-prod",
    },
    { endpoint: "other", name: "x", model: prodModel },
  ],
  assets: [
    {
      id: prodModel,
      name: "taxi-fare",
      version: "3",
      properties: {
        "airlock.digest": digest,
        "airlock.source_asset": devRegistryModel,
        "airlock.approval_id": "req-1",
        "airlock.promoted_by": "sp-aml-promotion-prod",
        "airlock.promoted_at": "2026-03-01T10:05:00.000Z",
      },
    },
    {
      id: devRegistryModel,
      name: "taxi-fare",
      version: "3",
      properties: { "airlock.digest": digest, "airlock.source_asset": devWorkspaceModel },
    },
    {
      id: devWorkspaceModel,
      name: "taxi-fare",
      version: "3",
      jobName: "train-taxi-42",
      createdBy: "alice@airlock.local",
    },
  ],
  runs: [
    { name: "train-taxi-42", properties: { "metrics.mae": "2.31", "metrics.rmse": "3.02", other: "x" } },
  ],
  records: [
    record(1, "approval.requested", "alice@airlock.local", {
      requestId: "req-1",
      asset: "model:taxi-fare@3",
    }),
    record(2, "approval.granted", "bob@airlock.local", { requestId: "req-1", asset: "model:taxi-fare@3" }),
    record(3, "promotion.completed", "sp-aml-promotion-prod", { asset: prodModel }),
    record(4, "deployment.created", "sp-aml-deployment-prod", { endpoint: "taxi-prod", deployment: "blue" }),
    record(5, "traffic.changed", "sp-aml-deployment-prod", { endpoint: "taxi-prod" }),
    record(6, "deployment.created", "sp-aml-deployment-prod", { endpoint: "taxi-prod", deployment: "green" }),
  ],
};

describe("lineage", () => {
  test("prod deployment back to the training run, with approval, digests and ledger records", () => {
    const [blue, green] = lineageForEndpoint("taxi-prod", facts);
    assert.ok(blue && green);
    assert.deepEqual(
      blue.links.map((l) => [l.stage, l.label]),
      [
        ["deployment", "prod deployment taxi-prod/blue"],
        ["registry", "prod registry amlregprodcc01"],
        ["registry", "dev registry amlregdevcc01"],
        ["workspace", "dev workspace amlwsdevcc01"],
        ["run", "training run train-taxi-42"],
      ],
    );
    assert.equal(blue.complete, true);
    assert.deepEqual(blue.gaps, []);
    const [deployment, prod, devRegistry, , run] = blue.links;
    assert.equal(deployment?.traffic, 100);
    assert.deepEqual(
      deployment?.ledger.map((r) => r.seq),
      [4, 5],
    );
    assert.equal(prod?.digest, digest);
    assert.equal(prod?.promotedBy, "sp-aml-promotion-prod");
    assert.deepEqual(prod?.approval, {
      requestId: "req-1",
      requestedBy: "alice@airlock.local",
      requestedAt: "2026-03-01T10:01:00.000Z",
      approvedBy: ["bob@airlock.local"],
      approvedAt: "2026-03-01T10:02:00.000Z",
    });
    assert.deepEqual(
      prod?.ledger.map((r) => r.type),
      ["approval.requested", "approval.granted", "promotion.completed"],
    );
    assert.equal(devRegistry?.digest, digest);
    assert.deepEqual(run?.metrics, { mae: "2.31", rmse: "3.02" });

    // The 0% deployment serves a version nobody provided: the chain says where it stops.
    assert.equal(green.complete, false);
    assert.deepEqual(green.gaps, [
      "prod registry amlregprodcc01 version azureml://registries/amlregprodcc01/models/taxi-fare/versions/2 was not provided",
    ]);
    assert.deepEqual(
      green.links[0]?.ledger.map((r) => r.seq),
      [5, 6],
    );
  });

  test("lineage of an asset; missing run and cycles are reported as gaps", () => {
    const chain = lineageForAsset(devRegistryModel, facts);
    assert.equal(chain.links.length, 3);
    assert.equal(chain.complete, true);

    const noRun = lineageForAsset(devWorkspaceModel, { ...facts, runs: [] });
    assert.equal(noRun.complete, false);
    assert.deepEqual(noRun.gaps, ["training run train-taxi-42 was not provided"]);

    const a = "azureml://registries/r1/models/m/versions/1";
    const b = "azureml://registries/r2/models/m/versions/1";
    const cyclic = lineageForAsset(a, {
      assets: [
        { id: a, name: "m", version: "1", properties: { "airlock.source_asset": b } },
        { id: b, name: "m", version: "1", properties: { "airlock.source_asset": a } },
      ],
    });
    assert.equal(cyclic.complete, false);
    assert.match(cyclic.gaps[0] ?? "", /cycle/);

    const orphan = lineageForAsset("azureml:taxi-fare:9", {
      assets: [{ id: "azureml:taxi-fare:9", name: "taxi-fare", version: "9" }],
    });
    assert.match(orphan.gaps[0] ?? "", /names neither a source asset nor a training job/);
  });

  test("ids normalise across ARM and azureml forms", () => {
    assert.equal(normalizeAssetId(prodModel), "registry:amlregprodcc01/models/taxi-fare/3");
    assert.equal(
      normalizeAssetId("azureml://registries/AMLREGPRODCC01/models/taxi-fare/versions/3"),
      normalizeAssetId(prodModel),
    );
    assert.equal(normalizeAssetId("azureml:taxi-fare:3"), "workspace:?/?/taxi-fare/3");
    assert.equal(normalizeAssetId("not an id"), "not an id");
  });
});
