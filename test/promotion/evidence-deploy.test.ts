/**
 * Evidence rules at deploy on the twin: the environment a prod deployment runs in must be pinned by digest
 * (refused before anything changes otherwise), and champion/challenger — two real taxi-fare versions trained
 * by train.py, v2 deliberately worse (a large --ridge) — both score the same validation rows through the
 * `azureml-model-deployment` header before any traffic shifts; the worse one is refused and traffic stays
 * where it was. Both models come through the real path: registered, shared, requested, approved, promoted.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import { getOrUndefined } from "../../src/arm/errors.ts";
import { type AirlockError, ExitCode } from "../../src/errors.ts";
import { type GovernancePolicy, policyFromDocument } from "../../src/governance/policy.ts";
import { type LedgerRecord, recordsOf } from "../../src/governance/records.ts";
import { deploy } from "../../src/promotion/deploy.ts";
import { trafficOf } from "../../src/promotion/deploy-endpoint.ts";
import { approveRequest, requestPromotion } from "../../src/promotion/gate.ts";
import { promote, shareToDevRegistry } from "../../src/promotion/promote.ts";
import { registerAssetFile } from "../../src/promotion/register.ts";
import {
  approveDeployment,
  EXAMPLE_SRC,
  promoteValidationData,
  startWorld,
  type World,
} from "../deploy/fixture.ts";
import { REPO_ROOT } from "../helpers/cli.ts";
import { python3 } from "../helpers/python.ts";

const ENDPOINT = "taxi-evidence";
const NAME = "taxi-cc-model";
const LOOSE = { absolute: 100, relative: 1 };
const PINNED_IMAGE = `mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference@sha256:${"3f".repeat(32)}`;

async function policyWith(edit: (evidence: Record<string, unknown>) => void): Promise<GovernancePolicy> {
  const document = parseYaml(await readFile(path.join(REPO_ROOT, "governance", "policy.yml"), "utf8")) as {
    evidence: Record<string, unknown>;
  };
  document.evidence.enforcement = "enforce";
  // Champion/challenger decides here, not the absolute threshold.
  document.evidence.metrics = ["holdout_rmse <= 5"];
  edit(document.evidence);
  return policyFromDocument(document, "test policy");
}

describe("evidence rules at deploy (twin)", () => {
  let world: World;
  let policy: GovernancePolicy;
  let smokeData: string;
  let v1Name: string;

  before(async () => {
    world = await startWorld();
    policy = await policyWith(() => undefined);
    const worse = path.join(world.dir, "worse");
    execFileSync(python3(), [
      path.join(EXAMPLE_SRC, "train.py"),
      "--model-dir",
      worse,
      "--metrics-dir",
      world.dir,
      "--ridge",
      "3000",
    ]);
    for (const [version, folder] of [
      ["1", world.modelDir],
      ["2", worse],
    ] as const) {
      const file = path.join(world.dir, `model-${version}.yml`);
      await writeFile(
        file,
        `name: ${NAME}\nversion: "${version}"\ntype: custom_model\npath: ${path.basename(folder)}\ntags:\n  license: Apache-2.0\n`,
      );
      await registerAssetFile(world.alice, file, { env: "dev", root: world.dir });
      const asset = { kind: "model" as const, name: NAME, version };
      await shareToDevRegistry(world.alice, asset);
      const request = await requestPromotion(world.alice, asset, policy, { justification: `v${version}` });
      await approveRequest(world.bob, request.requestId, policy, { comment: "ok" });
      await promote(world.connection, asset, policy);
    }
    smokeData = await promoteValidationData(world);
    const environments = world.connection.workspace("prod").versions("environments", "taxi-env");
    await environments.createOrUpdate("1", {
      properties: { image: "mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest" },
    } as never);
    await environments.createOrUpdate("2", { properties: { image: PINNED_IMAGE } } as never);
  });
  after(() => world?.close());

  async function evaluated(): Promise<LedgerRecord<"evidence.evaluated">[]> {
    return recordsOf(await (await world.connection.ledger()).read(), "evidence.evaluated").filter(
      (r) => r.data.stage === "deploy",
    );
  }

  async function deployVersion(version: string, environment: string, withPolicy = policy) {
    const bundle = { model: `${NAME}@${version}`, endpoint: ENDPOINT, environment, code: EXAMPLE_SRC };
    await approveDeployment(world, bundle, withPolicy);
    return deploy(world.connection, {
      ...bundle,
      smokeData,
      traffic: "100",
      tolerance: LOOSE,
      policy: withPolicy,
    });
  }

  it("an environment on a moving tag is refused before anything changes (EVIDENCE_IMAGE_NOT_PINNED)", async () => {
    await assert.rejects(deployVersion("1", "taxi-env@1"), (error: AirlockError) => {
      assert.equal(error.code, "EVIDENCE_IMAGE_NOT_PINNED", error.message);
      assert.equal(error.exitCode, ExitCode.gateClosed);
      assert.match(error.message, /:latest, not pinned by digest/);
      return true;
    });
    const endpoint = await getOrUndefined(() =>
      world.connection.workspace("prod").onlineEndpoints.get(ENDPOINT),
    );
    assert.equal(endpoint, undefined, "no endpoint was created");
    const record = (await evaluated()).at(-1)!;
    const pinned = record.data.results.find((r) => r.rule === "environment-pinned")!;
    assert.equal(pinned.passed, false);
    assert.match(String(pinned.inputs.image), /:latest$/);
  });

  it("v1 on an image pinned by digest deploys; with no champion serving, the candidate stands alone", async () => {
    const result = await deployVersion("1", "taxi-env@2");
    v1Name = result.deployment.name;
    assert.deepEqual(result.traffic.after, { [v1Name]: 100 });
    const records = await evaluated();
    const model = records.at(-2)!;
    assert.deepEqual(
      model.data.results.map((r) => [r.rule, r.passed]),
      [
        ["model-card", true],
        ["metrics", true],
        ["model-scan", true],
        ["license", true],
        ["environment-pinned", true],
      ],
    );
    // alice's deployment request ran the model rules on the prod registry copy before it was filed.
    const atRequest = recordsOf(await (await world.connection.ledger()).read(), "evidence.evaluated").filter(
      (r) =>
        r.data.stage === "request" && r.subject.endpoint === ENDPOINT && r.data.asset === `model:${NAME}@1`,
    );
    assert.ok(atRequest.length > 0);
    assert.equal(atRequest.at(-1)!.data.problem, undefined);
    assert.equal(atRequest.at(-1)!.data.passed, true);
    assert.equal(atRequest.at(-1)!.actor.name, "alice@airlock.local");
    const cc = records.at(-1)!.data.results[0]!;
    assert.equal(cc.rule, "champion-challenger");
    assert.equal(cc.passed, true);
    assert.equal(cc.inputs.champion, null);
    assert.ok(((cc.inputs.candidate as { meanAbsoluteError: number }).meanAbsoluteError ?? 9) < 1.5);
  });

  it("the deliberately worse v2 is refused against the champion v1: EVIDENCE_CHAMPION_BETTER, no traffic shifted", async () => {
    await assert.rejects(deployVersion("2", "taxi-env@2"), (error: AirlockError) => {
      assert.equal(error.code, "EVIDENCE_CHAMPION_BETTER", error.message);
      assert.equal(error.exitCode, ExitCode.gateClosed);
      return true;
    });
    const endpoint = await world.connection.workspace("prod").onlineEndpoints.get(ENDPOINT);
    assert.deepEqual(trafficOf(endpoint), { [v1Name]: 100 });
    const cc = (await evaluated()).at(-1)!;
    assert.equal(cc.data.passed, false);
    const inputs = cc.data.results[0]!.inputs as {
      candidate: { deployment: string; meanAbsoluteError: number };
      champion: { deployment: string; meanAbsoluteError: number };
      rows: number;
    };
    assert.equal(inputs.champion.deployment, v1Name);
    assert.notEqual(inputs.candidate.deployment, v1Name);
    assert.equal(inputs.rows, 40);
    assert.ok(inputs.candidate.meanAbsoluteError > inputs.champion.meanAbsoluteError + 0.25);
  });

  it("with a margin wider than the gap, the same v2 takes the traffic", async () => {
    const lenient = await policyWith((e) => (e.championChallenger = { margin: 10 }));
    const result = await deployVersion("2", "taxi-env@2", lenient);
    assert.equal(result.traffic.after[result.deployment.name], 100);
    assert.equal(result.traffic.after[v1Name] ?? 0, 0);
    const cc = (await evaluated()).at(-1)!;
    assert.equal(cc.data.passed, true);
    assert.equal((cc.data.results[0]!.inputs.champion as { deployment: string }).deployment, v1Name);
  });
});
