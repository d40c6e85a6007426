/**
 * `airlock verify isolation` on the twin: after environments promoted with the policy's default strategy,
 * prod depends on nothing in dev; after one promoted with reference-dev-registry (strategy 1), the
 * dependency is reported with the ledger record and the dev registry reference; a prod environment built on
 * a dev ACR image and a person with prod registry write are reported with their resource ids.
 */
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Connection } from "../../src/connect/connection.ts";
import { objectIdFor } from "../../src/emulator/principals.ts";
import { ExitCode } from "../../src/errors.ts";
import { loadPolicy } from "../../src/governance/policy.ts";
import { approveRequest, requestPromotion } from "../../src/promotion/gate.ts";
import { type AssetSpec, promote } from "../../src/promotion/promote.ts";
import { registerAssetFile } from "../../src/promotion/register.ts";
import { twinDirectory } from "../../src/verify/directory.ts";
import { verifyIsolation } from "../../src/verify/isolation.ts";
import { REPO_ROOT, runCli } from "../helpers/cli.ts";
import { arm, PROD, type TestTwin, wsPath } from "../helpers/twin.ts";
import { cliEnv, connectAs, PROD_SCOPES, putAssignment, startVerifyTwin } from "./fixture.ts";

const EXAMPLE = path.join(REPO_ROOT, "examples", "taxi-fare");
const CI = { dev: "sp-aml-promotion-dev", prod: "sp-aml-promotion-prod" };
const CONDA: AssetSpec = { kind: "environment", name: "taxi-env-conda", version: "1" };
const DOCKER: AssetSpec = { kind: "environment", name: "taxi-env-docker", version: "1" };

describe("airlock verify isolation", () => {
  let twin: TestTwin;
  let ci: Connection;
  before(async () => {
    twin = await startVerifyTwin();
    const alice = await connectAs(twin, "alice");
    const bob = await connectAs(twin, "bob");
    ci = await connectAs(twin, CI.dev, CI.prod);
    const policy = await loadPolicy();
    for (const [asset, file] of [
      [CONDA, "environments/conda/environment.yml"],
      [DOCKER, "environments/docker/environment.yml"],
    ] as const) {
      await registerAssetFile(alice, path.join(EXAMPLE, file), { env: "dev", root: EXAMPLE });
      const request = await requestPromotion(alice, asset, policy, { justification: "isolation test" });
      await approveRequest(bob, request.requestId, policy, { comment: "ok" });
    }
  });
  after(async () => {
    await twin?.close();
  });

  test("default strategy: prod depends on nothing in dev", async () => {
    const result = await promote(ci, CONDA, await loadPolicy());
    assert.equal(result.strategy?.strategy, "rebuild-from-context");
    const report = await verifyIsolation(ci, await twinDirectory());
    assert.deepEqual(report.findings, []);
    assert.equal(report.ok, true);
    assert.ok(report.checked.versions >= 1, "the promoted environment was scanned");
    assert.ok(report.checked.ledgerRecords > 0);
    assert.ok(report.checked.roleAssignments > 0);
    const cli = await runCli(["verify", "isolation"], { env: cliEnv(twin, CI) });
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /ok: prod does not depend on dev/);
  });

  test("strategy reference-dev-registry: the dependency is reported with the ledger record and the dev reference", async () => {
    const result = await promote(ci, DOCKER, await loadPolicy(), { strategy: "reference-dev-registry" });
    const reference = "azureml://registries/amlregdevcc01/environments/taxi-env-docker/versions/1";
    assert.equal(result.crossEnvironmentDependency, reference);
    const report = await verifyIsolation(ci, await twinDirectory());
    assert.equal(report.findings.length, 1, JSON.stringify(report.findings, null, 2));
    const [finding] = report.findings;
    assert.equal(finding!.kind, "reference-dev-registry-strategy");
    assert.equal(finding!.dependsOn, reference);
    assert.ok(finding!.resourceIds.includes(reference));
    assert.ok(finding!.resourceIds.includes("environment:taxi-env-docker@1"));
    const records = await (await ci.ledger()).read();
    const completed = records.find(
      (r) => r.type === "promotion.completed" && r.subject.asset === "environment:taxi-env-docker@1",
    )!;
    assert.ok(finding!.resourceIds.includes(`ledger:${completed.seq}:${completed.id}`));
    assert.match(finding!.message, /strategy reference-dev-registry/);

    const cli = await runCli(["verify", "isolation", "--json"], { env: cliEnv(twin, CI) });
    assert.equal(cli.code, ExitCode.verificationFailed, cli.stderr);
    const document = JSON.parse(cli.stdout);
    assert.equal(document.error.code, "ISOLATION_VIOLATED");
    assert.deepEqual(
      document.error.details.report.findings.map((f: { kind: string }) => f.kind),
      ["reference-dev-registry-strategy"],
    );
  });

  test("a later version rebuilt from source supersedes the ledger finding", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "airlock-env-v2-"));
    try {
      await cp(path.join(EXAMPLE, "environments", "docker"), dir, { recursive: true });
      const file = path.join(dir, "environment.yml");
      await writeFile(file, (await readFile(file, "utf8")).replace('version: "1"', 'version: "2"'));
      const v2: AssetSpec = { ...DOCKER, version: "2" };
      const policy = await loadPolicy();
      await registerAssetFile(await connectAs(twin, "alice"), file, { env: "dev", root: dir });
      const request = await requestPromotion(await connectAs(twin, "alice"), v2, policy, {
        justification: "rebuild",
      });
      await approveRequest(await connectAs(twin, "bob"), request.requestId, policy, { comment: "ok" });
      const result = await promote(ci, v2, policy);
      assert.equal(result.strategy?.strategy, "rebuild-from-context");
      assert.deepEqual((await verifyIsolation(ci, await twinDirectory())).findings, []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a prod environment on a dev ACR image and a person with prod registry write", async () => {
    const image = "amlacrdevcc01.azurecr.io/taxi/runtime:1";
    const env = await arm(twin, "PUT", `${wsPath(PROD)}/environments/dev-image-env/versions/1`, {
      as: CI.prod,
      body: { properties: { image, description: "built in dev", tags: {}, properties: {} } },
    });
    assert.ok(env.status === 200 || env.status === 201, env.text);
    const grant = await putAssignment(
      twin,
      PROD_SCOPES.registry,
      "AzureML Registry User",
      objectIdFor("bob"),
      "User",
    );
    const report = await verifyIsolation(ci, await twinDirectory());
    const byKind = new Map(report.findings.map((f) => [f.kind, f]));
    assert.deepEqual([...byKind.keys()].sort(), ["dev-acr-image", "human-registry-write"]);
    assert.equal(report.findings.length, 2);
    const acr = byKind.get("dev-acr-image")!;
    assert.equal(acr.dependsOn, image);
    assert.match(acr.resource, /workspaces\/amlwsprodcc01\/environments\/dev-image-env\/versions\/1$/);
    const human = byKind.get("human-registry-write")!;
    assert.equal(human.resource, grant);
    assert.match(human.message, /^bob \(User\) holds AzureML Registry User on .*registries\/amlregprodcc01/);
    assert.ok(human.resourceIds.includes(PROD_SCOPES.registry));
  });
});
