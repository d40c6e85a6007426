/**
 * `airlock bootstrap` on a twin whose subscription has an Owner (`owner`): the plan on an empty twin lists
 * every step as create and changes nothing; people and CI identities without Owner cannot bootstrap (403,
 * nothing created); apply stands everything up with the settings and subjects wanted, and a second plan says
 * nothing to do; a federated credential for a subject no workflow uses (the old `environment:prod`) is planned
 * for removal and removed; the CLI prints "nothing to do" and exits 0.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { API_VERSIONS } from "../../src/bootstrap/api-versions.ts";
import { type BootstrapReport, bootstrap, STATE_ACCOUNT_SETTINGS } from "../../src/bootstrap/bootstrap.ts";
import { requiredProviders } from "../../src/bootstrap/providers.ts";
import { objectIdFor } from "../../src/emulator/principals.ts";
import { ExitCode } from "../../src/errors.ts";
import { REPO_ROOT, roleDefinition } from "../../src/platform/index.ts";
import { runCli } from "../helpers/cli.ts";
import { arm, type TestTwin } from "../helpers/twin.ts";
import { cliEnv, connectAs, OWNER, REPO, SUB, startOwnedTwin } from "./fixture.ts";

const rg = (env: string) => `/subscriptions/${SUB}/resourceGroups/rg-aml-tfstate-${env}-cc01`;
const identity = (env: string, name: string) =>
  `${rg(env)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
const container = (env: string) =>
  `${rg(env)}/providers/Microsoft.Storage/storageAccounts/amltfstate${env}cc01/blobServices/default/containers/tfstate`;

const plan = async (twin: TestTwin, as = OWNER) =>
  bootstrap(await connectAs(twin, as), { envs: ["dev", "prod"], repo: REPO, plan: true });
const actions = (report: BootstrapReport) => report.steps.map((s) => `${s.action} ${s.kind} ${s.target}`);

describe("airlock bootstrap", () => {
  let twin: TestTwin;
  before(async () => {
    twin = await startOwnedTwin();
  });
  after(async () => {
    await twin?.close();
  });

  test("the plan on an empty twin lists every step as create, and changes nothing", async () => {
    const report = await plan(twin);
    const creates = report.steps.filter((s) => s.action === "create");
    const providers = await requiredProviders(`${REPO_ROOT}/infra`);
    // Registered in every subscription by default: Microsoft.Authorization, Microsoft.Resources, …
    const registeredByDefault = report.steps.filter((s) => s.kind === "provider" && s.action === "exists");
    assert.ok(registeredByDefault.some((s) => s.target === "Microsoft.Resources"));
    assert.equal(report.steps.filter((s) => s.kind === "provider").length, providers.length);
    assert.ok(creates.some((s) => s.kind === "provider" && s.target === "Microsoft.MachineLearningServices"));
    for (const env of ["dev", "prod"] as const) {
      const of = (kind: string) => creates.filter((s) => s.env === env && s.kind === kind);
      assert.deepEqual(
        of("resource-group").map((s) => s.target),
        [rg(env)],
      );
      assert.equal(of("storage-account").length, 1);
      assert.deepEqual(
        of("container").map((s) => s.target),
        [container(env)],
      );
      assert.deepEqual(
        of("identity").map((s) => s.target),
        [identity(env, `sp-aml-deployment-${env}`), identity(env, `sp-aml-promotion-${env}`)],
      );
      assert.equal(of("federated-credential").length, 4);
      assert.deepEqual(
        of("role-assignment").map((s) => s.summary),
        [
          `sp-aml-deployment-${env} holds Storage Blob Data Contributor on the state container`,
          `the caller (${objectIdFor(OWNER)}) holds Storage Blob Data Contributor on the state container`,
        ],
      );
    }
    assert.equal(report.changes, creates.length);
    assert.deepEqual(actions(await plan(twin)), actions(report), "a plan changed something");
    const got = await arm(twin, "GET", rg("dev"), { as: OWNER, apiVersion: API_VERSIONS.resources });
    assert.equal(got.status, 404);
  });

  test("people and CI identities without Owner cannot bootstrap, and nothing is created", async () => {
    for (const who of ["mallory", "alice", "sp-aml-deployment-dev"]) {
      await assert.rejects(
        bootstrap(await connectAs(twin, who), { envs: ["dev"], repo: REPO, plan: false }),
        (error: { status?: number; exitCode?: number }) =>
          error.status === 403 && error.exitCode === ExitCode.forbidden,
        who,
      );
    }
    const after = await plan(twin);
    assert.equal(after.steps.filter((s) => s.action === "exists" && s.kind !== "provider").length, 0);
    assert.equal(after.steps.filter((s) => s.kind === "provider" && s.action === "exists").length, 2);
  });

  test("apply stands everything up as wanted; a second plan says nothing to do", async () => {
    const applied = await bootstrap(await connectAs(twin, OWNER), {
      envs: ["dev", "prod"],
      repo: REPO,
      plan: false,
    });
    assert.ok(applied.changes > 20);
    // The ids GitHub's variables and Terraform's *_principal_object_id take.
    assert.deepEqual(
      applied.identities.map((i) => `${i.name} ${i.principalId}`),
      [
        "sp-aml-deployment-dev",
        "sp-aml-promotion-dev",
        "sp-aml-deployment-prod",
        "sp-aml-promotion-prod",
      ].map((name) => `${name} ${objectIdFor(name)}`),
    );
    assert.ok(applied.identities.every((i) => typeof i.clientId === "string"));
    const again = await plan(twin);
    assert.equal(
      again.changes,
      0,
      actions(again)
        .filter((a) => !a.startsWith("exists"))
        .join("\n"),
    );

    const account = await arm(twin, "GET", container("prod").replace(/\/blobServices.*$/, ""), {
      as: OWNER,
      apiVersion: API_VERSIONS.storage,
    });
    for (const [key, value] of Object.entries(STATE_ACCOUNT_SETTINGS))
      assert.equal(account.body.properties[key], value, key);
    const service = await arm(twin, "GET", container("prod").replace(/\/containers\/.*$/, ""), {
      as: OWNER,
      apiVersion: API_VERSIONS.storage,
    });
    assert.equal(service.body.properties.isVersioningEnabled, true);
    const credentials = await arm(
      twin,
      "GET",
      `${identity("prod", "sp-aml-promotion-prod")}/federatedIdentityCredentials`,
      { as: OWNER, apiVersion: API_VERSIONS.managedIdentity },
    );
    assert.deepEqual(
      credentials.body.value.map((c: { properties: { subject: string } }) => c.properties.subject).sort(),
      [`repo:${REPO}:environment:production`, `repo:${REPO}:environment:promotion-request`],
    );
    for (const c of credentials.body.value) {
      assert.equal(c.properties.issuer, "https://token.actions.githubusercontent.com");
      assert.deepEqual(c.properties.audiences, ["api://AzureADTokenExchange"]);
    }
    const roles = await arm(
      twin,
      "GET",
      `${container("dev")}/providers/Microsoft.Authorization/roleAssignments`,
      {
        as: OWNER,
        apiVersion: API_VERSIONS.authorization,
      },
    );
    const contributor = roleDefinition("Storage Blob Data Contributor")!.id;
    const holders = roles.body.value
      .filter((a: { properties: { roleDefinitionId: string } }) =>
        a.properties.roleDefinitionId.endsWith(contributor),
      )
      .map((a: { properties: { principalId: string } }) => a.properties.principalId)
      .sort();
    assert.deepEqual(holders, [objectIdFor(OWNER), objectIdFor("sp-aml-deployment-dev")].sort());
    // The promotion identity holds nothing on the state (it never runs Terraform).
    assert.ok(!holders.includes(objectIdFor("sp-aml-promotion-dev")));
  });

  test("a credential for a subject no workflow uses is removed (the old environment:prod)", async () => {
    const stale = `${identity("prod", "sp-aml-deployment-prod")}/federatedIdentityCredentials/ci-prod`;
    const put = await arm(twin, "PUT", stale, {
      as: OWNER,
      apiVersion: API_VERSIONS.managedIdentity,
      body: {
        properties: {
          issuer: "https://token.actions.githubusercontent.com",
          subject: `repo:${REPO}:environment:prod`,
          audiences: ["api://AzureADTokenExchange"],
        },
      },
    });
    assert.equal(put.status, 201, put.text);
    const planned = await plan(twin);
    assert.deepEqual(
      planned.steps.filter((s) => s.action !== "exists").map((s) => `${s.action} ${s.target}`),
      [`remove ${stale}`],
    );
    await bootstrap(await connectAs(twin, OWNER), { envs: ["prod"], repo: REPO, plan: false });
    assert.equal(
      (await arm(twin, "GET", stale, { as: OWNER, apiVersion: API_VERSIONS.managedIdentity })).status,
      404,
    );
  });

  test("CLI: bootstrap --plan prints nothing to do and exits 0; a bad --env is refused", async () => {
    const result = await runCli(["bootstrap", "--plan"], { env: cliEnv(twin, OWNER) });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /nothing to do/);
    assert.match(result.stdout, /workflows of contoso\/airlock/);
    const json = await runCli(["bootstrap", "--plan", "--json", "--env", "dev"], {
      env: cliEnv(twin, OWNER),
    });
    assert.equal(JSON.parse(json.stdout).changes, 0);
    const bad = await runCli(["bootstrap", "--plan", "--env", "staging"], { env: cliEnv(twin, OWNER) });
    assert.equal(bad.code, ExitCode.invalidInput);
    assert.match(bad.stderr, /ENV_INVALID/);
  });
});
