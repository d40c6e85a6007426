/**
 * `airlock deploy | invoke | lineage | rollback` through the real CLI against a twin (subprocesses acting as
 * the promotion identities via AIRLOCK_TWIN_PRINCIPAL_DEV/_PROD): --json documents, human output, exit codes
 * for refusals, lineage with every link back to the training run, and no endpoint key in any output. Each
 * bundle is approved first (v2's through `airlock request deployment` as alice and `airlock approve` as bob);
 * a bundle nobody approved exits 7.
 */
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ExitCode } from "../../src/errors.ts";
import { findSecrets } from "../../src/redact.ts";
import { runCli } from "../helpers/cli.ts";
import {
  approveDeployment,
  createProdEnvironment,
  EXAMPLE_SRC,
  PRINCIPALS,
  type PromotedModel,
  promoteModel,
  promoteValidationData,
  startWorld,
  VALIDATION,
  variantModel,
  type World,
} from "./fixture.ts";

const ENDPOINT = "taxi-cli";

describe("airlock deploy / invoke / lineage / rollback (CLI on the twin)", () => {
  let world: World;
  let env: Record<string, string | undefined>;
  let v1: PromotedModel;
  let smokeData: string;
  let environment: string;
  const outputs: string[] = [];
  const airlock = async (args: string[], as?: string) => {
    const result = await runCli(args, {
      env: as ? { ...env, AIRLOCK_TWIN_PRINCIPAL_DEV: as, AIRLOCK_TWIN_PRINCIPAL_PROD: as } : env,
    });
    outputs.push(result.stdout, result.stderr);
    return result;
  };

  before(async () => {
    world = await startWorld();
    await writeFile(
      path.join(world.twin.stateDir, "twin.json"),
      JSON.stringify({ armEndpoint: world.twin.armEndpoint, blobBaseUrl: world.twin.blobBaseUrl }),
    );
    env = {
      AIRLOCK_STATE_DIR: world.twin.stateDir,
      AIRLOCK_TWIN_PRINCIPAL: undefined,
      AIRLOCK_TWIN_PRINCIPAL_DEV: PRINCIPALS.dev,
      AIRLOCK_TWIN_PRINCIPAL_PROD: PRINCIPALS.prod,
    };
    v1 = await promoteModel(world, "taxi-fare-model", "1", world.modelDir);
    await promoteModel(
      world,
      "taxi-fare-model",
      "2",
      await variantModel(world, "v2", (m) => ({ ...m, intercept: (m.intercept as number) + 0.25 })),
    );
    smokeData = await promoteValidationData(world);
    environment = await createProdEnvironment(world);
    await approveDeployment(world, {
      model: "taxi-fare-model@1",
      endpoint: ENDPOINT,
      environment,
      code: EXAMPLE_SRC,
    });
  });
  after(() => world?.close());

  const deployArgs = (model: string, extra: string[] = []) => [
    "deploy",
    model,
    "--endpoint",
    ENDPOINT,
    "--env",
    "prod",
    "--environment",
    environment,
    "--code",
    EXAMPLE_SRC,
    "--smoke-data",
    smokeData,
    ...extra,
  ];

  it("deploy --json prints one JSON document describing the rollout", async () => {
    const result = await airlock(deployArgs("taxi-fare-model@1", ["--json", "--health-calls", "2"]));
    assert.equal(result.code, 0, result.stderr);
    const doc = JSON.parse(result.stdout);
    assert.equal(doc.status, "deployed");
    assert.equal(doc.endpoint.created, true);
    assert.equal(doc.deployment.digest, v1.digest);
    assert.equal(doc.smoke.ok, true);
    assert.deepEqual(doc.traffic.after, { [doc.deployment.name]: 100 });
  });

  it("deploy prints readable lines and progress; a stepped rollout shows each step", async () => {
    const requested = await airlock(
      [
        "request",
        "deployment",
        ENDPOINT,
        "--model",
        "taxi-fare-model@2",
        "--code",
        EXAMPLE_SRC,
        "--environment",
        environment,
        "--justification",
        "v2 rollout",
        "--json",
      ],
      "alice",
    );
    assert.equal(requested.code, 0, requested.stderr);
    const request = JSON.parse(requested.stdout);
    assert.deepEqual(request.target, { env: "prod", type: "endpoint", name: ENDPOINT });
    assert.equal(request.deployment.instanceCount, 1);
    const approved = await airlock(["approve", request.requestId, "--comment", "bundle reviewed"], "bob");
    assert.equal(approved.code, 0, approved.stderr);
    const result = await airlock(
      deployArgs("taxi-fare-model@2", ["--traffic", "25,100", "--health-calls", "1"]),
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^deployed: taxi-fare-model@2 on endpoint taxi-cli/m);
    assert.match(result.stdout, /smoke test {3}passed: 40 rows/);
    assert.match(result.stdout, /step 1: .*75% · .*25% · health ok/);
    assert.match(result.stdout, /step 2: v2-[0-9a-f]{8} 100% · health ok/);
    assert.match(result.stderr, /smoke-testing v2-/);
  });

  it("invoke scores a request file and prints the predictions", async () => {
    const empty = path.join(world.dir, "empty.json");
    await writeFile(empty, "");
    const [result, refused] = await Promise.all([
      airlock([
        "invoke",
        "--endpoint",
        ENDPOINT,
        "--file",
        path.join(VALIDATION, "smoke-request.json"),
        "--json",
      ]),
      airlock(["invoke", "--endpoint", ENDPOINT, "--file", empty]),
    ]);
    assert.equal(result.code, 0, result.stderr);
    const doc = JSON.parse(result.stdout);
    assert.equal(doc.status, 200);
    assert.equal(doc.body.predictions.length, 5);
    assert.equal(refused.code, ExitCode.invalidInput);
    assert.match(refused.stderr, /REQUEST_EMPTY/);
  });

  it("lineage shows every link from the endpoint back to the training run", async () => {
    const [result, human] = await Promise.all([
      airlock(["lineage", ENDPOINT, "--json"]),
      airlock(["lineage", "taxi-fare-model@1"]),
    ]);
    assert.equal(result.code, 0, result.stderr);
    const doc = JSON.parse(result.stdout);
    const chain = doc.chains.find((c: { links: Array<{ name?: string }> }) =>
      c.links[0]?.name?.startsWith("v1-"),
    );
    assert.ok(chain, "a chain for the v1 deployment");
    assert.equal(chain.complete, true, JSON.stringify(chain.gaps));
    assert.deepEqual(
      chain.links.map((l: { stage: string }) => l.stage),
      ["deployment", "registry", "registry", "workspace", "run"],
    );
    const [deployment, prodVersion, devRegistry, devWorkspace, run] = chain.links;
    assert.match(deployment.label, /prod deployment/);
    assert.ok(deployment.ledger.some((r: { type: string }) => r.type === "deployment.created"));
    assert.match(prodVersion.label, /prod registry/);
    assert.equal(prodVersion.digest, v1.digest);
    assert.equal(prodVersion.approval.requestId, v1.approvalId);
    assert.equal(prodVersion.approval.requestedBy, "alice@airlock.local");
    assert.deepEqual(prodVersion.approval.approvedBy, ["bob@airlock.local"]);
    assert.equal(prodVersion.promotedBy, PRINCIPALS.prod);
    assert.match(devRegistry.label, /dev registry/);
    assert.match(devWorkspace.label, /dev workspace/);
    assert.equal(devWorkspace.digest, v1.digest);
    assert.equal(run.name, "train-taxi-fare-model-1");
    assert.equal(run.metrics.rmse, "1.125");
    assert.ok(doc.inferred.some((note: string) => note.includes("approval request")));

    assert.equal(human.code, 0, human.stderr);
    assert.match(
      human.stdout,
      /approval .*requested by alice@airlock\.local.*approved by bob@airlock\.local/,
    );
    assert.match(human.stdout, /training run train-taxi-fare-model-1/);
    assert.match(human.stdout, /chain complete/);
  });

  it("rollback --json returns to the split before the last rollout", async () => {
    const result = await airlock([
      "rollback",
      "--endpoint",
      ENDPOINT,
      "--env",
      "prod",
      "--json",
      "--health-calls",
      "1",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const doc = JSON.parse(result.stdout);
    assert.equal(doc.status, "rolled-back");
    const v1Name = Object.keys(doc.after).find((name) => name.startsWith("v1-"))!;
    assert.equal(doc.after[v1Name], 100);
    assert.equal(doc.health.ok, true);
  });

  it("refusals exit non-zero with a clear message (and --json carries the error)", async () => {
    const [notPromoted, devEnv, badSteps, unapproved] = await Promise.all([
      airlock(deployArgs("not-promoted@1", ["--json"])),
      airlock([...deployArgs("taxi-fare-model@1"), "--env", "dev"]),
      airlock(deployArgs("taxi-fare-model@1", ["--traffic", "10,50"])),
      airlock(deployArgs("taxi-fare-model@1", ["--instance-count", "3", "--json"])),
    ]);
    assert.equal(unapproved.code, ExitCode.gateClosed, unapproved.stderr);
    assert.equal(JSON.parse(unapproved.stdout).error.code, "GATE_DIGEST_MISMATCH");
    assert.match(unapproved.stderr, /changed after approval/);
    assert.equal(notPromoted.code, ExitCode.gateClosed);
    assert.equal(JSON.parse(notPromoted.stdout).error.code, "MODEL_NOT_IN_PROD_REGISTRY");
    assert.match(notPromoted.stderr, /prod deploys only promoted models/);
    assert.equal(devEnv.code, ExitCode.invalidInput);
    assert.match(devEnv.stderr, /deploys to prod only/);
    assert.equal(badSteps.code, ExitCode.invalidInput);
    assert.match(badSteps.stderr, /last step must be 100/);
  });

  it("deploy --env KEY=VALUE deploys exactly the variables a deployment request bound; others exit 7", async () => {
    const bound = ["--env", "LOG_LEVEL=debug", "--env", "FARE_CURRENCY=CAD"];
    const requested = await airlock(
      [
        "request",
        "deployment",
        ENDPOINT,
        "--model",
        "taxi-fare-model@1",
        "--code",
        EXAMPLE_SRC,
        "--environment",
        environment,
        ...bound,
        "--justification",
        "variables",
        "--json",
      ],
      "alice",
    );
    assert.equal(requested.code, 0, requested.stderr);
    const request = JSON.parse(requested.stdout);
    const approved = await airlock(["approve", request.requestId], "bob");
    assert.equal(approved.code, 0, approved.stderr);
    const [otherValue, missingOne, malformed] = await Promise.all([
      airlock(deployArgs("taxi-fare-model@1", ["--env", "LOG_LEVEL=info", "--env", "FARE_CURRENCY=CAD"])),
      airlock(deployArgs("taxi-fare-model@1", ["--env", "LOG_LEVEL=debug"])),
      airlock(deployArgs("taxi-fare-model@1", ["--env", "=debug"])),
    ]);
    for (const refused of [otherValue, missingOne]) {
      assert.equal(refused.code, ExitCode.gateClosed, refused.stderr);
      assert.match(refused.stderr, /GATE_/);
    }
    assert.equal(malformed.code, ExitCode.invalidInput, malformed.stderr);
    assert.match(malformed.stderr, /ENVIRONMENT_VARIABLE_INVALID/);
    // The order of the flags does not matter; the target environment may sit among them.
    const result = await airlock(
      deployArgs("taxi-fare-model@1", [
        "--env",
        "FARE_CURRENCY=CAD",
        "--env",
        "LOG_LEVEL=debug",
        "--json",
        "--health-calls",
        "1",
      ]),
    );
    assert.equal(result.code, 0, result.stderr);
    const doc = JSON.parse(result.stdout);
    const written = await world.connection
      .workspace("prod")
      .onlineDeployments(ENDPOINT)
      .get(doc.deployment.name);
    assert.deepEqual(written.properties.environmentVariables, { FARE_CURRENCY: "CAD", LOG_LEVEL: "debug" });
    assert.equal(written.properties.properties?.["airlock.deployment_approval_id"], request.requestId);
  });

  it("no output carries the endpoint key, a token or a SAS", async () => {
    const keys = await world.connection.workspace("prod").onlineEndpoints.listKeys(ENDPOINT);
    const all = outputs.join("\n");
    assert.equal(all.includes(keys.primaryKey!), false);
    assert.equal(all.includes(keys.secondaryKey!), false);
    assert.deepEqual(findSecrets(all), []);
  });
});
