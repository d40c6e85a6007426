/**
 * What a rollout refuses and how it fails safely, against a real twin: a model outside the prod registry or
 * without an approval id (nothing created), a dev registry environment without the recorded
 * reference-dev-registry strategy (refused) and with it (allowed, flagged), a scoring script that raises
 * (smoke test fails, traffic untouched), a model whose init fails (provisioning fails), and a version that
 * passes the smoke test but fails traffic-routed calls (rolled back automatically after the first step).
 * A bundle nobody approved (other scoring code, environment variables or instance count than the approval
 * covers, or one only requested, approved by its requester or rejected) is refused by the deployment gate
 * before anything changes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ArmError } from "../../src/arm/errors.ts";
import { PROP } from "../../src/assets/index.ts";
import { AirlockError, ExitCode } from "../../src/errors.ts";
import type { LedgerRecord } from "../../src/governance/ledger.ts";
import { recordsOf } from "../../src/governance/records.ts";
import { deploy } from "../../src/promotion/deploy.ts";
import { requireEndpoint, trafficOf } from "../../src/promotion/deploy-endpoint.ts";
import { approveRequest, rejectRequest, requestDeployment } from "../../src/promotion/gate.ts";
import {
  actorFor,
  approveDeployment,
  createProdEnvironment,
  EXAMPLE_SRC,
  HEADER_ONLY_RUN,
  PINNED_IMAGE,
  promoteModel,
  promoteValidationData,
  RAISING_RUN,
  startWorld,
  variantCode,
  variantModel,
  type World,
} from "./fixture.ts";

const ENDPOINT = "taxi-safe";

function failsWith(code: string, exitCode: number, message?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof AirlockError, `expected an AirlockError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.exitCode, exitCode);
    if (message) assert.match(error.message, message);
    return true;
  };
}

describe("deploy: refusals and automatic rollback on the twin", () => {
  let world: World;
  let smokeData: string;
  let environment: string;
  let liveName: string;
  const records = async (): Promise<LedgerRecord[]> => (await world.connection.ledger()).read();

  before(async () => {
    world = await startWorld();
    await promoteModel(world, "taxi-fare-model", "1", world.modelDir);
    smokeData = await promoteValidationData(world);
    environment = await createProdEnvironment(world);
    const bundle = { model: "taxi-fare-model@1", endpoint: ENDPOINT, environment, code: EXAMPLE_SRC };
    await approveDeployment(world, bundle);
    const live = await deploy(world.connection, {
      ...bundle,
      smokeData,
      healthCalls: 1,
    });
    liveName = live.deployment.name;
  });
  after(() => world?.close());

  it("refuses a model that is only in the dev registry, creating nothing", async () => {
    const dev = world.connection.env("dev");
    const versions = world.connection.registry("dev").versions("models", "dev-only-model");
    const pending = await versions.startPendingUpload("1");
    await versions.createOrUpdate("1", {
      properties: { modelType: "custom_model", modelUri: pending.blobReferenceForConsumption!.blobUri! },
    });
    const options = { endpoint: "never-created", code: EXAMPLE_SRC, smokeData, environment };
    await assert.rejects(
      () => deploy(world.connection, { ...options, model: "dev-only-model@1" }),
      failsWith("MODEL_NOT_IN_PROD_REGISTRY", ExitCode.gateClosed, /prod deploys only promoted models/),
    );
    await assert.rejects(
      () =>
        deploy(world.connection, {
          ...options,
          model: `azureml://registries/${dev.names.registry}/models/dev-only-model/versions/1`,
        }),
      failsWith("MODEL_NOT_IN_PROD_REGISTRY", ExitCode.gateClosed, /not the prod registry/),
    );
    await assert.rejects(
      () => world.connection.workspace("prod").onlineEndpoints.get("never-created"),
      (e: unknown) => e instanceof ArmError && e.status === 404,
    );
  });

  it("refuses a prod registry model that carries no approval id", async () => {
    const versions = world.connection.registry("prod").versions("models", "unapproved-model");
    const pending = await versions.startPendingUpload("1");
    await versions.createOrUpdate("1", {
      properties: {
        modelType: "custom_model",
        modelUri: pending.blobReferenceForConsumption!.blobUri!,
        properties: { [PROP.digest]: `sha256:${"a".repeat(64)}` },
      },
    });
    await assert.rejects(
      () =>
        deploy(world.connection, {
          model: "unapproved-model@1",
          endpoint: "never-created",
          code: EXAMPLE_SRC,
          smokeData,
        }),
      failsWith("MODEL_NOT_PROMOTED", ExitCode.gateClosed, /approval gate/),
    );
  });

  it("refuses a bundle no approval covers — other scoring code, variables, instances or endpoint — creating nothing", async () => {
    const base = {
      model: "taxi-fare-model@1",
      endpoint: ENDPOINT,
      code: EXAMPLE_SRC,
      smokeData,
      environment,
    };
    const unreviewed = await variantCode(world, "unreviewed", "# changed after review");
    const deployments = async () =>
      (await world.connection.workspace("prod").onlineDeployments(ENDPOINT).list().toArray())
        .map((d) => d.name)
        .sort();
    const before = await deployments();
    for (const change of [
      { code: unreviewed },
      { environmentVariables: { DEBUG: "1" } },
      { instanceCount: 2 },
    ]) {
      await assert.rejects(
        () => deploy(world.connection, { ...base, ...change }),
        failsWith("GATE_DIGEST_MISMATCH", ExitCode.gateClosed, /manifestDigest/),
      );
    }
    await assert.rejects(
      () => deploy(world.connection, { ...base, endpoint: "never-approved" }),
      failsWith("GATE_SCOPE_MISMATCH", ExitCode.gateClosed, /prod endpoint never-approved/),
    );
    assert.deepEqual(await deployments(), before);
    assert.deepEqual(trafficOf(await requireEndpoint(world.connection, ENDPOINT)), { [liveName]: 100 });
    await assert.rejects(
      () => world.connection.workspace("prod").onlineEndpoints.get("never-approved"),
      (e: unknown) => e instanceof ArmError && e.status === 404,
    );
  });

  it("a bundle requested but pending, self-approved or rejected is refused by the deployment gate", async () => {
    const bundle = {
      model: "taxi-fare-model@1",
      endpoint: ENDPOINT,
      code: await variantCode(world, "pending", "# awaiting review"),
      environment,
    };
    const request = await requestDeployment(world.alice, world.policy, {
      ...bundle,
      justification: "new scoring code",
    });
    const attempt = () => deploy(world.connection, { ...bundle, smokeData, healthCalls: 1 });
    await assert.rejects(attempt, failsWith("GATE_NO_APPROVAL", ExitCode.gateClosed, /pending/));
    await assert.rejects(
      () => approveRequest(world.alice, request.requestId, world.policy),
      failsWith("GATE_SELF_APPROVAL", ExitCode.gateClosed, /separation of duties/),
    );
    await assert.rejects(attempt, failsWith("GATE_NO_APPROVAL", ExitCode.gateClosed, /pending/));
    await rejectRequest(world.bob, request.requestId, world.policy, "score.py not reviewed");
    await assert.rejects(attempt, failsWith("GATE_REJECTED", ExitCode.gateClosed, /score\.py not reviewed/));
    assert.deepEqual(trafficOf(await requireEndpoint(world.connection, ENDPOINT)), { [liveName]: 100 });
  });

  it("refuses bad arguments before changing anything", async () => {
    const base = {
      model: "taxi-fare-model@1",
      endpoint: ENDPOINT,
      code: EXAMPLE_SRC,
      smokeData,
      environment,
    };
    await assert.rejects(
      () => deploy(world.connection, { ...base, endpoint: "1bad" }),
      failsWith("ENDPOINT_NAME_INVALID", ExitCode.invalidInput),
    );
    await assert.rejects(
      () => deploy(world.connection, { ...base, traffic: "50,10" }),
      failsWith("TRAFFIC_STEPS_INVALID", ExitCode.invalidInput),
    );
    await assert.rejects(
      () => deploy(world.connection, { ...base, traffic: "10,50" }),
      failsWith("TRAFFIC_STEPS_INVALID", ExitCode.invalidInput),
    );
    await assert.rejects(
      () => deploy(world.connection, { ...base, model: "taxi-fare-model" }),
      failsWith("ASSET_SPEC_INVALID", ExitCode.invalidInput),
    );
    await assert.rejects(
      () => deploy(world.connection, { ...base, scoringScript: "../README.md" }),
      failsWith("SCORING_SCRIPT_OUTSIDE_CODE", ExitCode.invalidInput),
    );
    await assert.rejects(
      () => deploy(world.connection, { ...base, smokeData: "no-such-data@1" }),
      failsWith("SMOKE_DATA_NOT_FOUND", ExitCode.notFound),
    );
    await assert.rejects(
      () => deploy(world.connection, { ...base, environment: "no-such-env@1" }),
      failsWith("ENVIRONMENT_NOT_FOUND", ExitCode.notFound),
    );
    await assert.rejects(
      () =>
        deploy(world.connection, {
          ...base,
          environment: "azureml://registries/amlregdevcc01/environments/taxi-env/1",
        }),
      failsWith("ASSET_REFERENCE_INVALID", ExitCode.invalidInput),
    );
    assert.deepEqual(trafficOf(await requireEndpoint(world.connection, ENDPOINT)), { [liveName]: 100 });
  });

  it("a dev registry environment needs the recorded reference-dev-registry strategy, and is then flagged", async () => {
    const devRegistry = world.connection.env("dev").names.registry;
    const reference = `azureml://registries/${devRegistry}/environments/taxi-env-conda/versions/1`;
    const options = {
      model: "taxi-fare-model@1",
      endpoint: ENDPOINT,
      code: EXAMPLE_SRC,
      smokeData,
      environment: reference,
      healthCalls: 1,
    };
    await assert.rejects(
      () => deploy(world.connection, options),
      failsWith("ENVIRONMENT_NOT_PROMOTED", ExitCode.gateClosed, /reference-dev-registry/),
    );

    const ledger = await world.connection.ledger();
    await ledger.append(
      "promotion.completed",
      { promotionId: "promo-env", asset: "environment:taxi-env-conda@1", target: "prod" },
      {
        digest: `sha256:${"e".repeat(64)}`,
        approvalId: "req-env-taxi-env-conda-1",
        strategy: "reference-dev-registry",
        crossEnvironmentDependency: reference,
        targetReference: reference,
      },
      actorFor(world, "sp-aml-promotion-prod"),
    );
    // The referenced dev registry version, on a base pinned by digest (the policy's environment rule).
    await world.connection
      .registry("dev")
      .versions("environments", "taxi-env-conda")
      .createOrUpdate("1", { properties: { image: PINNED_IMAGE } } as never);
    await approveDeployment(world, options);
    const result = await deploy(world.connection, options);
    assert.equal(result.deployment.environment?.crossEnvironmentDependency, reference);
    assert.ok(result.warnings.some((w) => w.startsWith("cross-environment dependency")));
    const created = recordsOf(await records(), "deployment.created").find(
      (r) => r.subject.deployment === result.deployment.name,
    );
    assert.equal(created?.data.crossEnvironmentDependency, reference);
    const deployment = await world.connection
      .workspace("prod")
      .onlineDeployments(ENDPOINT)
      .get(result.deployment.name);
    assert.equal(deployment.properties.properties?.[PROP.crossEnvironmentDependency], reference);
    liveName = result.deployment.name;
  });

  it("a scoring script that raises fails the smoke test: traffic untouched, deployment kept at 0%, ledger says why", async () => {
    const broken = await variantCode(world, "raising", RAISING_RUN);
    const before = trafficOf(await requireEndpoint(world.connection, ENDPOINT));
    let failedName = "";
    const bundle = { model: "taxi-fare-model@1", endpoint: ENDPOINT, code: broken, environment };
    await approveDeployment(world, bundle);
    await assert.rejects(
      () => deploy(world.connection, { ...bundle, smokeData, traffic: "10,100" }),
      (error: unknown) => {
        failsWith("SMOKE_TEST_FAILED", ExitCode.verificationFailed, /HTTP 500/)(error);
        const details = (error as AirlockError).details as { deployment?: { name?: string } } | undefined;
        failedName = String(details?.deployment?.name);
        return true;
      },
    );
    const now = trafficOf(await requireEndpoint(world.connection, ENDPOINT));
    assert.deepEqual(now, before);
    const failed = await world.connection.workspace("prod").onlineDeployments(ENDPOINT).get(failedName);
    assert.equal(failed.properties.provisioningState, "Succeeded");
    assert.equal(now[failedName] ?? 0, 0);
    const rollback = recordsOf(await records(), "rollback").at(-1)!;
    assert.equal(rollback.subject.deployment, failedName);
    assert.equal(rollback.data.stage, "smoke-test");
    assert.equal(rollback.data.automatic, true);
    assert.equal(rollback.data.trafficChanged, false);
    assert.match(String(rollback.data.reason), /smoke test .* failed/);
  });

  it("a model whose init fails never gets traffic: DEPLOYMENT_FAILED and a rollback record", async () => {
    const bad = await variantModel(world, "bad-format", (m) => ({ ...m, format: "not-a-taxi-model" }));
    await promoteModel(world, "taxi-fare-model", "3", bad);
    const before = trafficOf(await requireEndpoint(world.connection, ENDPOINT));
    const bundle = { model: "taxi-fare-model@3", endpoint: ENDPOINT, code: EXAMPLE_SRC, environment };
    await approveDeployment(world, bundle);
    await assert.rejects(
      () => deploy(world.connection, { ...bundle, smokeData }),
      failsWith("DEPLOYMENT_FAILED", ExitCode.verificationFailed, /failed to provision/),
    );
    assert.deepEqual(trafficOf(await requireEndpoint(world.connection, ENDPOINT)), before);
    const all = await records();
    const created = recordsOf(all, "deployment.created").at(-1)!;
    assert.equal(created.data.provisioningState, "Failed");
    const rollback = recordsOf(all, "rollback").at(-1)!;
    assert.equal(rollback.data.stage, "provisioning");
  });

  it("a version that fails traffic-routed calls is rolled back automatically after the first step", async () => {
    const flaky = await variantCode(world, "header-only", HEADER_ONLY_RUN);
    const before = trafficOf(await requireEndpoint(world.connection, ENDPOINT));
    let rolloutId = "";
    const bundle = { model: "taxi-fare-model@1", endpoint: ENDPOINT, code: flaky, environment };
    await approveDeployment(world, bundle);
    await assert.rejects(
      () =>
        deploy(world.connection, {
          ...bundle,
          smokeData,
          traffic: "90,100",
          healthCalls: 8,
        }),
      (error: unknown) => {
        failsWith("HEALTH_CHECK_FAILED", ExitCode.verificationFailed, /rolled back/)(error);
        rolloutId = String((error as AirlockError).details?.rolloutId);
        return true;
      },
    );
    // Routing is random by weight: at 90% to the new version, 8 calls all missing it has odds of 1e-8.
    const now = trafficOf(await requireEndpoint(world.connection, ENDPOINT));
    for (const [name, percent] of Object.entries(now)) assert.equal(percent, before[name] ?? 0, name);
    const all = (await records()).filter((r) => (r.data as { rolloutId?: unknown }).rolloutId === rolloutId);
    assert.deepEqual(
      all.map((r) => r.type),
      ["deployment.created", "traffic.changed", "rollback"],
    );
    const [change] = recordsOf(all, "traffic.changed");
    const [rollback] = recordsOf(all, "rollback");
    assert.deepEqual(change!.data.before, before);
    assert.equal(rollback!.data.stage, "health-check");
    assert.equal(rollback!.data.trafficChanged, true);
    assert.deepEqual(rollback!.data.before, change!.data.after);
    assert.equal((await (await world.connection.ledger()).verify()).ok, true);
  });
});
