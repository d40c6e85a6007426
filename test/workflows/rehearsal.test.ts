/**
 * The promote and deploy workflows' own run scripts, rehearsed on the twin, end to end: alice registers and
 * shares in dev and dispatches; each request job files its request as CI does (the twin's CI issuer names alice
 * as the person who dispatched the run; the process acts as sp-aml-promotion-dev); bob approves with his key;
 * the production jobs' scripts promote the validation data, the environment and the model (promote.yml), then
 * deploy exactly the approved bundle, variables included, smoke-test it through the endpoint, verify and
 * reconcile the ledger and print lineage (deploy.yml). Alice cannot approve her own request, and the deploy
 * script with other variables is refused (exit 7) and creates nothing. The scripts run as written except that
 * `npx airlock` is the repository's CLI and `--azure --subscription "$SUBSCRIPTION"` is dropped, which points
 * them at the twin. The CLI runs in this process (test/helpers/cli.ts startCliServer; the script's `airlock` is
 * the bash function test/helpers/airlock-client.sh defines, sourced through BASH_ENV), each command line with
 * the script's own environment and folder: two dozen Node start-ups were most of this file's cost.
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
import { EXAMPLE, PRINCIPALS, startWorld, type World } from "../deploy/fixture.ts";
import { AIRLOCK_CLIENT, REPO_ROOT, runCli, startCliServer } from "../helpers/cli.ts";

const ENDPOINT = "taxi-wf";
const AZURE = '--azure --subscription "$SUBSCRIPTION"';

// biome-ignore lint/suspicious/noExplicitAny: reading workflow YAML
type Yaml = any;
type Step = { id?: string; run?: string; env?: Record<string, string> };

const load = async (name: string): Promise<Yaml> =>
  parseYaml(await readFile(path.join(REPO_ROOT, ".github/workflows", name), "utf8"));
const workflows: Record<string, Yaml> = {
  "promote.yml": await load("promote.yml"),
  "deploy.yml": await load("deploy.yml"),
};

function stepOf(file: string, job: string, id: string): Step {
  const step = (workflows[file].jobs[job].steps as Step[]).find((s) => s.id === id);
  assert.ok(step?.run, `${file} ${job}/${id} has no run script`);
  return step;
}

/** A step's script pointed at the twin (and the repository's CLI); fails if the script has neither. */
function onTwin(run: string): string {
  assert.ok(run.includes(AZURE) && /^\s*npx airlock /m.test(run), run);
  // Commands only (lines that start with it), not the text a job summary shows an approver.
  return run.replaceAll(AZURE, "").replace(/^(\s*)npx airlock /gm, "$1airlock_twin ");
}

/** The env a step sees: the workflow's, the job's and the step's, with GitHub expressions evaluated. */
function stepEnv(file: string, job: string, step: Step, inputs: Record<string, string>) {
  const workflow = workflows[file];
  const evaluate = (value: string) =>
    value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, ref: string) => {
      if (ref.startsWith("inputs.")) {
        const name = ref.slice("inputs.".length);
        const input = workflow.on.workflow_dispatch.inputs[name];
        assert.ok(input, `${file} has no input ${name}`);
        return inputs[name] ?? String(input.default ?? "");
      }
      if (ref.startsWith("vars.")) return "";
      const known: Record<string, string> = {
        "github.server_url": "https://github.com",
        "github.repository": "contoso/airlock",
        "github.run_id": "4242",
        "needs.request.outputs.request-id": inputs["request-id"] ?? "",
      };
      assert.ok(ref in known, `unexpected expression ${ref}`);
      return known[ref]!;
    });
  return Object.fromEntries(
    Object.entries({ ...workflow.env, ...workflow.jobs[job].env, ...step.env }).map(([k, v]) => [
      k,
      evaluate(String(v)),
    ]),
  );
}

describe("promote.yml and deploy.yml, their scripts rehearsed on the twin", () => {
  let world: World;
  let runner: string;
  let cliServer: Awaited<ReturnType<typeof startCliServer>>;
  let base: Record<string, string | undefined>;
  const asAlice = () => ({
    ...base,
    AIRLOCK_TWIN_PRINCIPAL_DEV: "alice",
    AIRLOCK_TWIN_PRINCIPAL_PROD: "alice",
  });
  const asBob = () => ({ ...base, AIRLOCK_TWIN_PRINCIPAL_DEV: "bob", AIRLOCK_TWIN_PRINCIPAL_PROD: "bob" });

  /** Runs one step's script with bash as GitHub does (`bash -e`), in a fresh runner temp dir. */
  async function runStep(
    file: string,
    job: string,
    id: string,
    inputs: Record<string, string>,
    extra: Record<string, string | undefined> = {},
  ) {
    const step = stepOf(file, job, id);
    const temp = await mkdtemp(path.join(runner, `${id}-`));
    const [output, summary, script] = ["output", "summary", "script.sh"].map((n) => path.join(temp, n));
    await writeFile(output!, "");
    await writeFile(summary!, "");
    await writeFile(script!, onTwin(step.run!));
    const env = {
      ...process.env,
      ...base,
      ...stepEnv(file, job, step, inputs),
      BASH_ENV: AIRLOCK_CLIENT,
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: output!,
      GITHUB_STEP_SUMMARY: summary!,
      ...extra,
    };
    const result = await promisify(execFile)("bash", ["-e", script!], {
      cwd: REPO_ROOT,
      env,
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: typeof error.code === "number" ? error.code : -1,
        stdout: error.stdout ?? "",
        stderr: error.stderr ?? "",
      }),
    );
    return { ...result, output: await readFile(output!, "utf8"), summary: await readFile(summary!, "utf8") };
  }

  /** A request job's request step, dispatched by alice: returns the request id its output names. */
  async function fileRequest(file: string, inputs: Record<string, string>): Promise<string> {
    const token = await runCli(["local", "ci-token", "--actor", "alice"], { env: base });
    assert.equal(token.code, 0, token.stderr);
    const requested = await runStep(file, "request", "request", inputs, {
      AIRLOCK_CI_OIDC_TOKEN: token.stdout.trim(),
    });
    assert.equal(requested.code, 0, requested.stderr);
    const id = /^request-id=(\S+)$/m.exec(requested.output)?.[1];
    assert.ok(id, requested.output);
    assert.ok(
      requested.summary.includes(`npx airlock approve ${id} --azure --subscription <subscription>`),
      requested.summary,
    );
    return id;
  }

  async function approveAsBob(id: string) {
    const approved = await runCli(["approve", id, "--comment", "reviewed"], { env: asBob() });
    assert.equal(approved.code, 0, approved.stderr);
  }

  async function requestOf(id: string) {
    const status = await runCli(["status", id, "--json"], { env: base });
    assert.equal(status.code, 0, status.stderr);
    return JSON.parse(status.stdout).requests[0];
  }

  before(async () => {
    world = await startWorld();
    cliServer = await startCliServer();
    runner = await mkdtemp(path.join(tmpdir(), "airlock-runner-"));
    await writeFile(
      path.join(world.twin.stateDir, "twin.json"),
      JSON.stringify({ armEndpoint: world.twin.armEndpoint, blobBaseUrl: world.twin.blobBaseUrl }),
    );
    // GitHub's own variables of an outer CI run must not leak into the rehearsal.
    const outer = Object.keys(process.env).filter((k) => /^(GITHUB_|ACTIONS_|RUNNER_)/.test(k));
    base = {
      ...Object.fromEntries(outer.map((k) => [k, undefined])),
      AIRLOCK_CLI_SERVER: cliServer.url,
      AIRLOCK_STATE_DIR: world.twin.stateDir,
      AIRLOCK_TWIN_PRINCIPAL: undefined,
      AIRLOCK_TWIN_PRINCIPAL_DEV: PRINCIPALS.dev,
      AIRLOCK_TWIN_PRINCIPAL_PROD: PRINCIPALS.prod,
      AIRLOCK_SIGNING_KEY: undefined,
      AIRLOCK_CI_OIDC_TOKEN: undefined,
      AIRLOCK_POLICY: undefined,
      NO_COLOR: "1",
    };
    // Alice's dev work: the trained model (the world trained it into <dir>/model), validation data, environment.
    const modelYml = path.join(world.dir, "model.yml");
    await writeFile(
      modelYml,
      (await readFile(path.join(EXAMPLE, "model.yml"), "utf8")).replace(/^path: .*$/m, "path: model"),
    );
    const dev = [
      ["register", modelYml, "--env", "dev"],
      ["register", path.join(EXAMPLE, "data", "validation.yml"), "--env", "dev"],
      ["register", path.join(EXAMPLE, "environments", "conda", "environment.yml"), "--env", "dev"],
      ["share", "model", "taxi-fare-model@1"],
      ["share", "data", "taxi-validation@1"],
    ];
    for (const args of dev) {
      const result = await runCli(args, { env: asAlice() });
      assert.equal(result.code, 0, `${args.join(" ")}: ${result.stderr}`);
    }
  });
  after(async () => {
    await cliServer?.close();
    await world?.close();
    if (runner) await rm(runner, { recursive: true, force: true });
  });

  it("promote.yml: plan → request for the dispatching person → bob approves → promote; audit verify; lineage", async () => {
    for (const [kind, name] of [
      ["data", "taxi-validation"],
      ["environment", "taxi-env-conda"],
      ["model", "taxi-fare-model"],
    ] as const) {
      const inputs: Record<string, string> = { kind, name, version: "1", justification: "rehearsal" };
      const plan = await runStep("promote.yml", "request", "plan", inputs);
      assert.equal(plan.code, 0, plan.stderr);
      const id = await fileRequest("promote.yml", inputs);
      const filed = await requestOf(id);
      assert.equal(filed.requestedBy, "alice", `${kind}: the requester is the person, not the CI identity`);
      await approveAsBob(id);
      const run = { ...inputs, "request-id": id };
      for (const step of ["status", "promote", "audit"]) {
        const result = await runStep("promote.yml", "promote", step, run);
        assert.equal(result.code, 0, `${kind} ${step}: ${result.stderr}`);
        if (step === "audit") assert.match(result.summary, /head seq \d+, hash `sha256:[0-9a-f]{64}`/);
      }
      assert.equal((await requestOf(id)).state, "used");
      if (kind === "model") {
        const lineage = await runStep("promote.yml", "promote", "lineage", run);
        assert.equal(lineage.code, 0, lineage.stderr);
        assert.match(lineage.stdout, /approved by bob/);
      }
    }
  });

  it("deploy.yml: request the bundle → alice cannot approve, bob does → other variables exit 7 → deploy, smoke, audit, lineage", async () => {
    const inputs: Record<string, string> = {
      model: "taxi-fare-model@1",
      endpoint: ENDPOINT,
      environment: "taxi-env-conda@1",
      variables: "LOG_LEVEL=debug FARE_CURRENCY=CAD",
      traffic: "all",
      justification: "rehearsal",
    };
    const id = await fileRequest("deploy.yml", inputs);
    const filed = await requestOf(id);
    assert.equal(filed.requestedBy, "alice");
    assert.equal(filed.state, "pending");
    assert.deepEqual(filed.deployment.environmentVariables, { LOG_LEVEL: "debug", FARE_CURRENCY: "CAD" });
    const selfApproval = await runCli(["approve", id], { env: asAlice() });
    assert.equal(selfApproval.code, ExitCode.gateClosed, selfApproval.stderr);
    assert.match(selfApproval.stderr, /GATE_SELF_APPROVAL/);
    await approveAsBob(id);

    const run = { ...inputs, "request-id": id };
    const deployments = () => world.connection.workspace("prod").onlineDeployments(ENDPOINT).list().toArray();
    const other = await runStep("deploy.yml", "deploy", "deploy", run, {
      VARIABLES: "LOG_LEVEL=info FARE_CURRENCY=CAD",
    });
    assert.equal(other.code, ExitCode.gateClosed, other.stderr);
    assert.deepEqual(await deployments().catch(() => []), []);

    for (const step of ["status", "deploy", "smoke", "audit", "lineage"]) {
      const result = await runStep("deploy.yml", "deploy", step, run);
      assert.equal(result.code, 0, `${step}: ${result.stderr}`);
      if (step === "smoke") assert.match(result.stdout, /answered 200/);
      if (step === "audit") assert.match(result.summary, /head seq \d+/);
      // The deployment leads back to the promotion bob approved (the CLI-registered model names no training run).
      if (step === "lineage")
        assert.match(result.stdout, /prod deployment taxi-wf\/v1-[\s\S]*approved by bob@airlock\.local/);
    }
    const [deployment] = await deployments();
    assert.ok(deployment);
    assert.deepEqual(deployment.properties.environmentVariables, {
      FARE_CURRENCY: "CAD",
      LOG_LEVEL: "debug",
    });
    assert.equal(deployment.properties.properties?.["airlock.deployment_approval_id"], id);
    assert.equal((await requestOf(id)).state, "used");
  });
});
