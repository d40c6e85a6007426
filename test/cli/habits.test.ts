/**
 * The CLI's az habits on one twin, in process: `-o json|yaml|table|tsv` and `--query`, every command's JSON
 * validated against its published schema (docs/schemas/), `name:version` / `-n -v` / `@latest`, short request-id
 * prefixes, the identity acting named on every write, a forbidden error that names who would be allowed,
 * `promote --plan` with the gate's verdict and "No changes", approvals "used", `<kind> list|show` over workspaces
 * and registries, the project config found upward, and the newcomer's exit codes.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import AjvModule, { type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse as parseYaml } from "yaml";
import { REPO_ROOT, runCli } from "../helpers/cli.ts";
import { CI, prepareModel, startWorld, type World } from "../promotion/fixture.ts";

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;
// Without ajv's code-tidying passes: the same checks, compiled in about two thirds of the time.
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, code: { optimize: false } });
addFormats(ajv);

const compiled = new Map<string, Promise<ValidateFunction>>();
/** docs/schemas/<name>.json, compiled once: compiling is most of a validation's cost. */
function schema(name: string): Promise<ValidateFunction> {
  let validate = compiled.get(name);
  if (!validate) {
    validate = readFile(path.join(REPO_ROOT, "docs", "schemas", `${name}.json`), "utf8").then((text) =>
      ajv.compile(JSON.parse(text) as object),
    );
    compiled.set(name, validate);
  }
  return validate;
}

/** Runs a command with `-o json`, checks exit 0 and validates stdout against docs/schemas/<name>.json. */
async function valid(name: string, args: string[], env: Record<string, string | undefined>) {
  const run = await runCli([...args, "-o", "json"], { env });
  assert.equal(run.code, 0, `airlock ${args.join(" ")}\n${run.stderr}`);
  const document = JSON.parse(run.stdout) as unknown;
  const validate = await schema(name);
  assert.ok(validate(document), `${name}: ${ajv.errorsText(validate.errors)}\n${run.stdout}`);
  // biome-ignore lint/suspicious/noExplicitAny: a schema-validated document, read by path in assertions
  return { document: document as Record<string, any>, stderr: run.stderr };
}

let world: World;
let project: string;
// Per file, not for the whole shard: top-level hooks would hold this twin while the shard's other files run.
describe("the CLI's az habits, on one twin", () => {
  before(async () => {
    world = await startWorld();
    project = await mkdtemp(path.join(tmpdir(), "airlock-habits-"));
  });
  after(async () => {
    await world.close();
    await rm(project, { recursive: true, force: true });
  });

  test("a model's way to prod, every command's JSON valid against its schema, writes naming who acts", async () => {
    const alice = world.cliEnv("alice");
    const bob = world.cliEnv("bob");
    const ci = world.cliEnv(CI);
    const file = await prepareModel(world, "1", "habits", "habits-model");

    const registered = await valid("register", ["register", "-f", file, "--env", "dev"], alice);
    assert.deepEqual(registered.document.asset, { kind: "model", name: "habits-model", version: "1" });
    assert.match(
      registered.stderr,
      /acting as alice \(twin; set by AIRLOCK_TWIN_PRINCIPAL_DEV, AIRLOCK_TWIN_PRINCIPAL_PROD/,
    );

    const shared = await valid("share", ["share", "model", "habits-model:1"], alice);
    assert.equal(shared.document.status, "shared");

    // A person cannot promote: the 403 names who acted, what, and who may (from the RBAC matrix).
    const requested = await valid(
      "request",
      ["request", "model", "-n", "habits-model", "-v", "1", "--justification", "habits"],
      alice,
    );
    const id = requested.document.requestId as string;
    assert.equal(requested.document.requestedBy, "alice");
    assert.deepEqual(requested.document.target, { env: "prod", type: "registry", name: "amlregprodcc01" });

    const closed = await valid("promote", ["promote", "model", "habits-model:1", "--plan"], ci);
    assert.equal(closed.document.gate.open, false);
    assert.equal(closed.document.changes, "blocked");

    // The demo prints ids shortened; six hex characters are enough when they name one request.
    const approved = await valid("approve", ["approve", id.slice(0, 6)], bob);
    assert.equal(approved.document.requestId, id);
    assert.equal(approved.document.state, "approved");
    assert.deepEqual(
      approved.document.approvedBy.map((a: { name: string }) => a.name),
      ["bob"],
    );
    assert.match(approved.stderr, /acting as bob/);

    const plan = await runCli(["promote", "model", "habits-model:1", "--plan"], { env: ci });
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, new RegExp(`gate: open — approval ${id} approved by bob`));
    assert.match(plan.stdout, /would copy \d+ bytes to prod; nothing changed/);
    const planned = await valid("promote", ["promote", "model", "habits-model:1", "--plan"], ci);
    assert.equal(planned.document.changes, "would-promote");
    assert.ok(planned.document.bytes > 0);

    const forbidden = await runCli(["promote", "model", "habits-model:1", "--to", "prod"], { env: alice });
    assert.equal(forbidden.code, 6, forbidden.stderr);
    assert.match(forbidden.stderr, /ARM_FORBIDDEN\]: alice \(user\) may not \S+ on prod: /);
    assert.match(forbidden.stderr, /allowed: [^\n]*sp-aml-promotion-prod/);

    const promoted = await valid("promote", ["promote", "model", "habits-model:1"], ci);
    assert.equal(promoted.document.changes, "promoted");
    assert.match(promoted.stderr, /acting as sp-aml-promotion-dev on dev, sp-aml-promotion-prod on prod/);

    const again = await runCli(["promote", "model", "habits-model:1", "--plan"], { env: ci });
    assert.match(again.stdout, /^No changes: model habits-model:1 is already promoted/);

    // Lineage names people as every other output does, never by object id.
    const lineage = await runCli(["lineage", "habits-model:1"], { env: alice });
    assert.equal(lineage.code, 0, lineage.stderr);
    const { twinPrincipals } = await import("../../src/emulator/principals.ts");
    for (const p of twinPrincipals())
      assert.ok(!lineage.stdout.includes(p.objectId), `${p.name}'s object id in:\n${lineage.stdout}`);
    assert.match(lineage.stdout, /requested by alice/);
    await valid("lineage", ["lineage", "habits-model:1"], alice);
    const records = await valid("audit-show", ["audit", "show"], alice);
    assert.ok(records.document.some((r: { type: string }) => r.type === "promotion.completed"));
    assert.equal((await valid("audit-verify", ["audit", "verify"], alice)).document.ok, true);
    const platform = await valid("platform-show", ["platform", "show", "--env", "prod"], alice);
    assert.deepEqual(
      platform.document.environments.map((e: { purpose: string }) => e.purpose),
      ["prod"],
    );

    const status = await valid("status", ["status", id.slice(0, 8)], alice);
    assert.equal(status.document.requests[0].state, "used");
    const table = await runCli(["status", id, "-o", "table"], { env: alice });
    assert.match(table.stdout, new RegExp(`^requestId +state +digest[^\n]*\n-+[ -]+\n${id} +used `));

    const list = await valid("asset-list", ["model", "list", "--registry-name", "amlregprodcc01"], alice);
    assert.equal(list.document[0].createdBy, "sp-aml-promotion-prod", "named, not an object id");
    assert.deepEqual(
      list.document.map((v: { name: string; version: string }) => `${v.name}:${v.version}`),
      ["habits-model:1"],
    );
    const show = await valid("asset-show", ["model", "show", "habits-model@latest", "--env", "dev"], alice);
    assert.equal(show.document.digest, registered.document.digest);

    // A person registering in prod is refused, saying who may write there (people are read-only in prod).
    const squat = await runCli(["register", "-f", file, "--env", "prod"], { env: alice });
    assert.equal(squat.code, 6, squat.stderr);
    assert.match(
      squat.stderr,
      /alice \(user\) may not Microsoft\.MachineLearningServices\/workspaces\/\S+ on prod: .*allowed: /,
    );

    const who = await valid("whoami", ["whoami"], bob);
    assert.equal(who.document.dev.principal, "bob");
    assert.equal(who.document.dev.from, "AIRLOCK_TWIN_PRINCIPAL_DEV");
  });

  test("-o yaml|table|tsv and --query render the same document; bad formats and queries exit 3", async () => {
    const env = world.cliEnv("alice");
    const json = await runCli(["model", "list", "--env", "dev", "-o", "json"], { env });
    const yaml = await runCli(["model", "list", "--env", "dev", "-o", "yaml"], { env });
    assert.deepEqual(parseYaml(yaml.stdout), JSON.parse(json.stdout));
    const table = await runCli(["model", "list", "--env", "dev", "-o", "table"], { env });
    assert.match(table.stdout, /^kind +name +version +digest/);
    assert.match(table.stdout, /\nmodel +habits-model +1 +sha256:/);
    const tsv = await runCli(
      ["model", "list", "--env", "dev", "--query", "[].[name, version]", "-o", "tsv"],
      {
        env,
      },
    );
    assert.equal(tsv.stdout, "habits-model\t1\n");
    const query = await runCli(["model", "show", "habits-model:1", "--query", "scope"], { env });
    assert.deepEqual(JSON.parse(query.stdout), { type: "workspace", name: "amlwsdevcc01", env: "dev" });

    const badFormat = await runCli(["model", "list", "-o", "xml"], { env });
    assert.equal(badFormat.code, 3);
    assert.match(badFormat.stderr, /OUTPUT_FORMAT_INVALID.*"xml"/);
    const badQuery = await runCli(["model", "list", "--query", "[?"], { env });
    assert.equal(badQuery.code, 3);
    assert.match(badQuery.stderr, /QUERY_INVALID/);
    assert.equal(JSON.parse(badQuery.stdout).error.code, "QUERY_INVALID");
  });

  test("asset names: @latest resolves, an unknown label is refused, name@1 still reads as a version", async () => {
    const env = world.cliEnv("alice");
    const label = await runCli(["model", "show", "habits-model@stable"], { env });
    assert.equal(label.code, 3);
    assert.match(label.stderr, /ASSET_LABEL_UNKNOWN.*label "stable".*habits-model:<version>/);
    const missing = await runCli(["model", "show", "nothing-here@latest"], { env });
    assert.equal(missing.code, 4, missing.stderr);
    const legacy = await runCli(["model", "show", "habits-model@1", "--query", "version"], { env });
    assert.equal(JSON.parse(legacy.stdout), "1");
    assert.match(legacy.stderr, /az ml writes habits-model:1/);
    const noVersion = await runCli(["promote", "model", "-n", "habits-model"], { env });
    assert.equal(noVersion.code, 3);
    assert.match(noVersion.stderr, /-n habits-model needs -v <version> or --label latest/);
    const noAsset = await runCli(["promote", "model"], { env });
    assert.equal(noAsset.code, 2);
    assert.match(noAsset.stderr, /missing required argument 'asset'/);
  });

  test("newcomer exit codes: unknown lineage 4, a typo says 'did you mean' and where help is, not the help", async () => {
    const env = world.cliEnv("alice");
    const lineage = await runCli(["lineage", "no-such-model:1"], { env });
    assert.equal(lineage.code, 4, lineage.stderr);
    assert.match(lineage.stderr, /ASSET_NOT_FOUND.*no-such-model:1/);

    const typo = await runCli(["promot", "model", "x:1"], { env });
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /Did you mean promote\?/);
    assert.match(typo.stderr, /run: airlock --help/);
    assert.doesNotMatch(typo.stderr, /Exit codes:/);
    const option = await runCli(["promote", "model", "x:1", "--plna"], { env });
    assert.match(option.stderr, /Did you mean --plan\?[\s\S]*run: airlock promote --help/);

    const stopped = await runCli(["local", "status"], {
      env: { AIRLOCK_STATE_DIR: path.join(project, "no-twin") },
    });
    assert.equal(stopped.code, 9);
  });

  test("the project config is found upward; configure --defaults sets the default env; completion lists commands", async () => {
    const sub = path.join(project, "examples", "taxi-fare");
    await mkdir(sub, { recursive: true });
    const env = { AIRLOCK_STATE_DIR: undefined, AIRLOCK_TWIN_PRINCIPAL: "alice" };
    const set = await runCli(["configure", "--defaults", "env=prod", "-o", "json"], { env, cwd: project });
    assert.equal(set.code, 0, set.stderr);
    const listed = await runCli(["configure", "-l", "-o", "json"], { env, cwd: sub });
    const view = JSON.parse(listed.stdout);
    assert.equal(view.root, project);
    assert.deepEqual(view.defaults, { env: "prod" });
    assert.equal(view.file, path.join(project, ".airlock", "config.yml"));
    const validate = await schema("configure");
    assert.ok(validate(view), ajv.errorsText(validate.errors));

    // From the subfolder, the twin's state dir is the project root's.
    const who = await runCli(["whoami", "-o", "json"], { env, cwd: sub });
    assert.equal(JSON.parse(who.stdout).stateDir, path.join(project, ".airlock", "twin"));
    // `<kind> list` takes the default env (prod here): it reads the prod workspace.
    const prodList = await runCli(["model", "list", "--state-dir", world.stateDir], { env, cwd: sub });
    assert.equal(prodList.code, 0, prodList.stderr);
    assert.match(prodList.stdout, /no model versions in the prod workspace amlwsprodcc01/);

    const bad = await runCli(["configure", "--defaults", "env=qa"], { env, cwd: project });
    assert.equal(bad.code, 3);
    await writeFile(path.join(project, "airlock.yml"), "colour: blue\n");
    const broken = await runCli(["whoami"], { env, cwd: sub });
    assert.equal(broken.code, 3);
    assert.match(broken.stderr, /CONFIG_INVALID.*colour/);
    await rm(path.join(project, "airlock.yml"));

    const bash = await runCli(["completion", "bash"], { env });
    assert.match(bash.stdout, /complete -o default -F _airlock_complete airlock/);
    assert.match(bash.stdout, /"local"\) list="up down status/);
    const zsh = await runCli(["completion", "zsh"], { env });
    assert.match(zsh.stdout, /^#compdef airlock/);
    assert.equal((await runCli(["completion", "fish"], { env })).code, 3);
  });

  test("deploy -f reads az ml's managedOnlineDeployment/Endpoint YAML; flags win; what Airlock decides is refused with why", async () => {
    const dir = path.join(project, "deploy");
    await mkdir(path.join(dir, "score"), { recursive: true });
    await writeFile(path.join(dir, "score", "score.py"), "def init():\n    pass\n");
    const deployment = path.join(dir, "deployment.yml");
    await writeFile(
      deployment,
      [
        "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json",
        "name: blue",
        "endpoint_name: habits-ep",
        "model: azureml:habits-model:1",
        "code_configuration:",
        "  code: ./score",
        "  scoring_script: score.py",
        "environment: azureml:habits-env:1",
        "instance_type: Standard_DS3_v2",
        "instance_count: 2",
        "environment_variables:",
        "  LOG_LEVEL: info",
        "",
      ].join("\n"),
    );
    const endpoint = path.join(dir, "endpoint.yml");
    await writeFile(
      endpoint,
      "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\nname: habits-ep\nauth_mode: key\n",
    );
    const { readDeploymentFiles } = await import("../../src/cli/deployment-file.ts");
    assert.deepEqual(await readDeploymentFiles([endpoint, deployment]), {
      endpoint: "habits-ep",
      model: "habits-model@1",
      code: path.join(dir, "score"),
      scoringScript: "score.py",
      environment: "habits-env@1",
      instanceType: "Standard_DS3_v2",
      instanceCount: 2,
      environmentVariables: { LOG_LEVEL: "info" },
    });

    // The file's values reach the deploy (its environment was never promoted: refused as such); a flag wins.
    const env = world.cliEnv(CI);
    const fromFile = await runCli(["deploy", "-f", deployment, "--smoke-data", "x@1", "-o", "json"], { env });
    assert.equal(fromFile.code, 4, fromFile.stderr);
    assert.match(fromFile.stderr, /environment habits-env@1 is not in the prod workspace/);
    const flagWins = await runCli(
      ["deploy", "-f", deployment, "--environment", "other-env@2", "--smoke-data", "x@1"],
      { env },
    );
    assert.match(flagWins.stderr, /environment other-env@2 is not in the prod workspace/);
    // az's name:version works for every asset flag of deploy.
    const colons = await runCli(
      ["deploy", "habits-model:1", "--endpoint", "habits-ep", "--code", path.join(dir, "score")].concat([
        "--environment",
        "other-env:3",
        "--smoke-data",
        "x:1",
      ]),
      { env },
    );
    assert.match(colons.stderr, /environment other-env@3 is not in the prod workspace/);

    // request deployment -f binds the file's bundle (here: refused, as its environment is not in prod).
    const bundle = await runCli(["request", "deployment", "-f", deployment, "--justification", "habits"], {
      env: world.cliEnv("alice"),
    });
    assert.notEqual(bundle.code, 0);
    assert.match(bundle.stderr, /habits-env/);

    const withTraffic = path.join(dir, "traffic.yml");
    await writeFile(
      withTraffic,
      "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\nname: habits-ep\ntraffic:\n  blue: 100\n",
    );
    const traffic = await runCli(["deploy", "-f", withTraffic, "--smoke-data", "x@1"], { env });
    assert.equal(traffic.code, 3);
    assert.match(traffic.stderr, /DEPLOYMENT_FILE_INVALID.*traffic \(Airlock's safe rollout moves traffic/);
    const inline = path.join(dir, "inline.yml");
    await writeFile(inline, "endpoint_name: habits-ep\nmodel:\n  path: ./model\n");
    const inlined = await runCli(["deploy", "-f", inline, "--smoke-data", "x@1"], { env });
    assert.equal(inlined.code, 3);
    assert.match(inlined.stderr, /an inline model is not accepted/);
    const tokenAuth = path.join(dir, "aad.yml");
    await writeFile(tokenAuth, "name: habits-ep\nauth_mode: aad_token\n");
    assert.match(
      (await runCli(["deploy", "-f", tokenAuth, "--smoke-data", "x@1"], { env })).stderr,
      /key auth/,
    );
  });

  test("local login --ci chooses CI's two identities; a login under an overriding variable says so", async () => {
    const stateDir = path.join(project, "login-state");
    const env = {
      AIRLOCK_STATE_DIR: stateDir,
      AIRLOCK_TWIN_PRINCIPAL: undefined,
      AIRLOCK_TWIN_PRINCIPAL_DEV: undefined,
      AIRLOCK_TWIN_PRINCIPAL_PROD: undefined,
    };
    const login = await valid("local-login", ["local", "login", "--ci"], env);
    assert.deepEqual(
      [login.document.dev, login.document.prod],
      ["sp-aml-promotion-dev", "sp-aml-promotion-prod"],
    );
    const local = await valid("local-whoami", ["local", "whoami"], env);
    assert.equal(local.document.prod, "sp-aml-promotion-prod");
    const who = JSON.parse((await runCli(["whoami", "-o", "json"], { env })).stdout);
    assert.deepEqual(
      [who.dev.principal, who.dev.from, who.prod.principal, who.prod.from],
      ["sp-aml-promotion-dev", "local login", "sp-aml-promotion-prod", "local login"],
    );
    const shadowed = await runCli(["local", "login", "--as", "bob"], {
      env: { ...env, AIRLOCK_TWIN_PRINCIPAL_DEV: "alice" },
    });
    assert.match(shadowed.stdout, /AIRLOCK_TWIN_PRINCIPAL_DEV is set in this shell and takes precedence/);
    assert.equal((await runCli(["local", "login"], { env })).code, 3);
  });

  test("a request id prefix shared by two requests is refused with both named; a unique one of 6 finds its request", async () => {
    const { findRequest } = await import("../../src/governance/approvals.ts");
    type State = Parameters<typeof findRequest>[0];
    const ids = ["abc123aa-0000-4000-8000-000000000001", "abc123bb-0000-4000-8000-000000000002"];
    const state = {
      requests: new Map(ids.map((requestId) => [requestId, { request: { requestId } }])),
    } as unknown as State;
    assert.throws(
      () => findRequest(state, "abc123"),
      (error: Error & { code?: string }) =>
        error.code === "REQUEST_ID_AMBIGUOUS" && ids.every((id) => error.message.includes(id)),
    );
    assert.equal(findRequest(state, "abc123b")?.request.requestId, ids[1]);
    assert.equal(findRequest(state, "abc12"), undefined, "fewer than 6 characters name nothing");
  });
});
