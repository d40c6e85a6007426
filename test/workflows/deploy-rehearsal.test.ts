/**
 * deploy.yml's own run scripts, rehearsed on the twin: the request job's script files the deployment request as
 * CI does (the twin's CI issuer names alice as the person who dispatched the run; the process acts as
 * sp-aml-promotion-dev), bob approves it with his key, and the deploy job's script — fed by the same
 * workflow-level env — deploys exactly that bundle, variables included. The same script with other variables is
 * refused (exit 7) and changes nothing. The scripts run as written except that `npx airlock` is the repository's
 * CLI on the project's Node and `--azure --subscription "$SUBSCRIPTION"` is dropped, which points them at the
 * twin.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { parse as parseYaml } from "yaml";
import { ExitCode } from "../../src/errors.ts";
import {
  createProdEnvironment,
  PRINCIPALS,
  promoteModel,
  promoteValidationData,
  startWorld,
  type World,
} from "../deploy/fixture.ts";
import { AIRLOCK_BIN, REPO_ROOT, runCli } from "../helpers/cli.ts";

const ENDPOINT = "taxi-wf";
const AZURE = '--azure --subscription "$SUBSCRIPTION"';

// biome-ignore lint/suspicious/noExplicitAny: reading workflow YAML
const workflow: any = parseYaml(await readFile(path.join(REPO_ROOT, ".github/workflows/deploy.yml"), "utf8"));

/** A step's script pointed at the twin (and the repository's CLI); fails if the script does not have both. */
function onTwin(job: string, stepId: string): string {
  const step = (workflow.jobs[job].steps as Array<{ id?: string; run?: string }>).find(
    (s) => s.id === stepId,
  );
  assert.ok(step?.run, `deploy.yml ${job}/${stepId} has no run script`);
  assert.ok(step.run.includes(AZURE) && step.run.includes("npx airlock "), step.run);
  // Commands only (a line that starts with it), not the text the summary shows an approver.
  return step.run.replaceAll(AZURE, "").replace(/^(\s*)npx airlock /gm, '$1"$NODE" "$AIRLOCK_BIN" ');
}

/** The env a step sees: the workflow's, the job's and the step's, with GitHub expressions evaluated. */
function stepEnv(job: string, stepId: string, inputs: Record<string, string>): Record<string, string> {
  const evaluate = (value: string) =>
    String(value).replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, ref: string) => {
      if (ref.startsWith("inputs.")) {
        const name = ref.slice("inputs.".length);
        const input = workflow.on.workflow_dispatch.inputs[name];
        assert.ok(input, `deploy.yml has no input ${name}`);
        return inputs[name] ?? String(input.default ?? "");
      }
      if (ref.startsWith("vars.")) return "";
      const github: Record<string, string> = {
        "github.server_url": "https://github.com",
        "github.repository": "contoso/airlock",
        "github.run_id": "4242",
      };
      if (ref in github) return github[ref]!;
      if (ref === "needs.request.outputs.request-id") return inputs["request-id"] ?? "";
      throw new Error(`unexpected expression ${ref}`);
    });
  const step = (workflow.jobs[job].steps as Array<{ id?: string; env?: object }>).find(
    (s) => s.id === stepId,
  )!;
  return Object.fromEntries(
    Object.entries({ ...workflow.env, ...workflow.jobs[job].env, ...step.env }).map(([k, v]) => [
      k,
      evaluate(String(v)),
    ]),
  );
}

describe("deploy.yml's scripts on the twin: request as the dispatching person → approve → deploy the same bundle", () => {
  let world: World;
  let runner: string;
  let base: Record<string, string | undefined>;
  let inputs: Record<string, string>;

  /** Runs one step's script with bash as GitHub does (`bash -e`), in a fresh runner temp dir. */
  async function runStep(job: string, stepId: string, extra: Record<string, string | undefined> = {}) {
    const temp = await mkdtemp(path.join(runner, `${stepId}-`));
    const [output, summary, script] = ["output", "summary", "script.sh"].map((n) => path.join(temp, n));
    await writeFile(output!, "");
    await writeFile(summary!, "");
    await writeFile(script!, onTwin(job, stepId));
    const env = {
      ...process.env,
      ...base,
      ...stepEnv(job, stepId, inputs),
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: output!,
      GITHUB_STEP_SUMMARY: summary!,
      ...extra,
    };
    const result = await promisify(execFile)("bash", ["-e", script!], { cwd: REPO_ROOT, env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code ?? -1,
        stdout: error.stdout ?? "",
        stderr: error.stderr ?? "",
      }),
    );
    return {
      ...result,
      output: await readFile(output!, "utf8"),
      summary: await readFile(summary!, "utf8"),
    };
  }

  before(async () => {
    world = await startWorld();
    runner = await mkdtemp(path.join(tmpdir(), "airlock-runner-"));
    await writeFile(
      path.join(world.twin.stateDir, "twin.json"),
      JSON.stringify({ armEndpoint: world.twin.armEndpoint, blobBaseUrl: world.twin.blobBaseUrl }),
    );
    await promoteModel(world, "taxi-fare-model", "1", world.modelDir);
    inputs = {
      model: "taxi-fare-model@1",
      endpoint: ENDPOINT,
      environment: await createProdEnvironment(world),
      "smoke-data": await promoteValidationData(world),
      variables: "LOG_LEVEL=debug FARE_CURRENCY=CAD",
      traffic: "all",
      justification: "rehearsal",
    };
    base = {
      NODE: process.execPath,
      AIRLOCK_BIN,
      AIRLOCK_STATE_DIR: world.twin.stateDir,
      AIRLOCK_TWIN_PRINCIPAL: undefined,
      AIRLOCK_TWIN_PRINCIPAL_DEV: PRINCIPALS.dev,
      AIRLOCK_TWIN_PRINCIPAL_PROD: PRINCIPALS.prod,
      AIRLOCK_SIGNING_KEY: undefined,
      NO_COLOR: "1",
    };
  });
  after(async () => {
    await world?.close();
    if (runner) await rm(runner, { recursive: true, force: true });
  });

  it("files the request for alice, deploys the bundle bob approved, and refuses other variables", async () => {
    const token = await runCli(["local", "ci-token", "--actor", "alice"], { env: base });
    assert.equal(token.code, 0, token.stderr);
    const requested = await runStep("request", "request", { AIRLOCK_CI_OIDC_TOKEN: token.stdout.trim() });
    assert.equal(requested.code, 0, requested.stderr);
    const id = /^request-id=(\S+)$/m.exec(requested.output)?.[1];
    assert.ok(id, requested.output);
    assert.match(
      requested.summary,
      new RegExp(`npx airlock approve ${id} --azure --subscription <subscription>`),
    );
    assert.match(requested.summary, /"LOG_LEVEL": "debug"/);

    const status = await runCli(["status", id, "--json"], { env: base });
    assert.equal(status.code, 0, status.stderr);
    const [filed] = JSON.parse(status.stdout).requests;
    // The dispatching person, not the CI identity, is the requester: she cannot approve it herself.
    assert.equal(filed.requestedBy, "alice");
    assert.equal(filed.state, "pending");
    assert.deepEqual(filed.deployment.environmentVariables, { LOG_LEVEL: "debug", FARE_CURRENCY: "CAD" });
    const asAlice = { ...base, AIRLOCK_TWIN_PRINCIPAL_DEV: "alice", AIRLOCK_TWIN_PRINCIPAL_PROD: "alice" };
    const selfApproval = await runCli(["approve", id], { env: asAlice });
    assert.equal(selfApproval.code, ExitCode.gateClosed, selfApproval.stderr);
    assert.match(selfApproval.stderr, /GATE_SELF_APPROVAL/);
    const asBob = { ...base, AIRLOCK_TWIN_PRINCIPAL_DEV: "bob", AIRLOCK_TWIN_PRINCIPAL_PROD: "bob" };
    const approved = await runCli(["approve", id, "--comment", "bundle reviewed"], { env: asBob });
    assert.equal(approved.code, 0, approved.stderr);

    // The same workflow with other variables: not the approved bundle, nothing created.
    inputs = { ...inputs, "request-id": id };
    const other = await runStep("deploy", "deploy", { VARIABLES: "LOG_LEVEL=info FARE_CURRENCY=CAD" });
    assert.equal(other.code, ExitCode.gateClosed, other.stderr);
    const deployments = () => world.connection.workspace("prod").onlineDeployments(ENDPOINT).list().toArray();
    assert.deepEqual(await deployments().catch(() => []), []);

    const deployed = await runStep("deploy", "deploy");
    assert.equal(deployed.code, 0, deployed.stderr);
    const [deployment] = await deployments();
    assert.ok(deployment);
    assert.deepEqual(deployment.properties.environmentVariables, {
      FARE_CURRENCY: "CAD",
      LOG_LEVEL: "debug",
    });
    assert.equal(deployment.properties.properties?.["airlock.deployment_approval_id"], id);
    const used = await runCli(["status", id, "--json"], { env: base });
    assert.equal(JSON.parse(used.stdout).requests[0].state, "used");
  });
});
