/**
 * `airlock doctor` on one twin whose subscription Owner is `owner` (test/bootstrap/fixture.ts). Before
 * bootstrap it finds the missing providers, state, identities and federated credentials, each fixed by
 * `airlock bootstrap`, and changes nothing; after bootstrap it is clean, the inherited Owner shown as
 * allowlisted — and reported as drift once the allowlist does not name it. Seeded: a missing role
 * assignment, a wrong federated subject and a missing ledger immutability policy are each found with
 * their fix (and bootstrap's fix for the subject really fixes it). The CLI exits 8 on findings, 0 clean.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { API_VERSIONS } from "../../src/bootstrap/api-versions.ts";
import { bootstrap } from "../../src/bootstrap/bootstrap.ts";
import { type AllowedOwner, loadAllowlist, parseAllowlist } from "../../src/doctor/allowlist.ts";
import { type DoctorReport, doctor } from "../../src/doctor/doctor.ts";
import { objectIdFor } from "../../src/emulator/principals.ts";
import { ExitCode } from "../../src/errors.ts";
import { LEDGER_CONTAINER, roleDefinition } from "../../src/platform/index.ts";
import { twinDirectory } from "../../src/verify/directory.ts";
import { cliEnv, connectAs, OWNER, REPO, SUB, startOwnedTwin } from "../bootstrap/fixture.ts";
import { runCli } from "../helpers/cli.ts";
import { arm, type TestTwin } from "../helpers/twin.ts";

const rg = (name: string) => `/subscriptions/${SUB}/resourceGroups/${name}`;
const PROD_REGISTRY = `${rg("rg-aml-reg-prod-cc01")}/providers/Microsoft.MachineLearningServices/registries/amlregprodcc01`;
const PROMOTER_PROD = `${rg("rg-aml-tfstate-prod-cc01")}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/sp-aml-promotion-prod`;

describe("airlock doctor", () => {
  let twin: TestTwin;
  let allowlist: AllowedOwner[];
  const run = async (options: { allowlist?: AllowedOwner[]; as?: string } = {}): Promise<DoctorReport> =>
    doctor(await connectAs(twin, options.as ?? OWNER), {
      envs: ["dev", "prod"],
      repo: REPO,
      directory: await twinDirectory(),
      allowlist: options.allowlist ?? allowlist,
    });
  const findingsOf = (report: DoctorReport, check: string) =>
    report.findings.filter((f) => f.check === check);

  before(async () => {
    twin = await startOwnedTwin();
    allowlist = await loadAllowlist();
  });
  after(async () => {
    await twin?.close();
  });

  test("before bootstrap: providers, state, identities and credentials missing, each fixed by bootstrap; nothing changed", async () => {
    const report = await run();
    assert.equal(report.ok, false);
    for (const check of ["providers", "state-backend", "identities", "federated-credentials"]) {
      const found = findingsOf(report, check);
      assert.ok(found.length > 0, check);
      for (const f of found)
        assert.match(f.fix, new RegExp(`^airlock bootstrap( --env (dev|prod))? --repo ${REPO}`), f.fix);
    }
    assert.ok(
      findingsOf(report, "federated-credentials").some((f) =>
        f.message.includes(`sp-aml-promotion-prod trusts repo:${REPO}:environment:production is missing`),
      ),
    );
    // The platform itself is seeded: groups, matrix, ledger policies and endpoints are fine.
    for (const check of ["subscription", "resource-groups", "rbac", "ledger-policy", "reachability"])
      assert.deepEqual(findingsOf(report, check), [], check);
    assert.deepEqual(
      report.checks.filter((c) => c.status === "not-modelled").map((c) => `${c.check} ${c.env}`),
      ["private-network dev", "private-network prod"],
    );
    // Read-only: bootstrap still has everything to do.
    const plan = await bootstrap(await connectAs(twin, OWNER), { envs: ["dev"], repo: REPO, plan: true });
    assert.ok(plan.steps.filter((s) => s.kind !== "provider").every((s) => s.action === "create"));
  });

  test("after bootstrap: clean, with the subscription Owner listed as allowlisted, not as drift", async () => {
    await bootstrap(await connectAs(twin, OWNER), { envs: ["dev", "prod"], repo: REPO, plan: false });
    const report = await run();
    assert.deepEqual(report.findings, []);
    assert.equal(report.ok, true);
    assert.deepEqual(
      report.allowedOwners.map((o) => `${o.env} ${o.principal} ${o.scope}`),
      [`dev ${OWNER} /subscriptions/${SUB}`, `prod ${OWNER} /subscriptions/${SUB}`],
    );
    // Without the allowlist entry the same Owner is drift: in prod a person who can bypass the gate.
    const strict = await run({ allowlist: [] });
    const rbac = findingsOf(strict, "rbac");
    assert.deepEqual(rbac.map((f) => f.env).sort(), ["dev", "prod"]);
    assert.match(rbac.find((f) => f.env === "prod")!.message, /^\[human-registry-write\] owner has Owner/);
    assert.match(rbac.find((f) => f.env === "dev")!.message, /^\[inherited\]/);
    for (const f of rbac) assert.match(f.fix, /az role assignment delete --ids .*roleAssignments/);
  });

  test("seeded: a missing role assignment is found with its fix", async () => {
    const role = roleDefinition("AzureML Registry User")!;
    const listed = await arm(
      twin,
      "GET",
      `${PROD_REGISTRY}/providers/Microsoft.Authorization/roleAssignments`,
      {
        as: OWNER,
        apiVersion: API_VERSIONS.authorization,
      },
    );
    const assignment = listed.body.value.find(
      (a: { properties: { principalId: string; roleDefinitionId: string; scope: string } }) =>
        a.properties.principalId === objectIdFor("sp-aml-promotion-prod") &&
        a.properties.roleDefinitionId.endsWith(role.id) &&
        a.properties.scope === PROD_REGISTRY,
    );
    assert.ok(assignment);
    assert.equal(
      (await arm(twin, "DELETE", assignment.id, { as: OWNER, apiVersion: API_VERSIONS.authorization }))
        .status,
      200,
    );
    try {
      const report = await run();
      assert.deepEqual(
        report.findings.map((f) => `${f.check} ${f.env} ${f.message}`),
        [
          `rbac prod [missing] sp-aml-promotion-prod AzureML Registry User on ${PROD_REGISTRY} is not assigned`,
        ],
      );
      assert.match(report.findings[0]!.fix, /^terraform -chdir=infra\/environments\/prod apply/);
    } finally {
      const restored = await arm(twin, "PUT", assignment.id, {
        as: OWNER,
        apiVersion: API_VERSIONS.authorization,
        body: {
          properties: {
            roleDefinitionId: assignment.properties.roleDefinitionId,
            principalId: assignment.properties.principalId,
            principalType: "ServicePrincipal",
          },
        },
      });
      assert.equal(restored.status, 201, restored.text);
    }
    assert.equal((await run()).ok, true);
  });

  test("seeded: a wrong federated subject is found with its fix, and the fix works", async () => {
    const credential = `${PROMOTER_PROD}/federatedIdentityCredentials/gh-environment-production`;
    const put = await arm(twin, "PUT", credential, {
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
    assert.equal(put.status, 200, put.text);
    const report = await run();
    const found = report.findings;
    assert.equal(found.length, 1, JSON.stringify(found, null, 2));
    assert.equal(found[0]!.check, "federated-credentials");
    assert.match(
      found[0]!.message,
      new RegExp(`subject is repo:${REPO}:environment:prod, wants repo:${REPO}:environment:production`),
    );
    assert.equal(
      found[0]!.fix,
      `airlock bootstrap --env prod --repo ${REPO} (airlock bootstrap --plan shows the change first)`,
    );

    await bootstrap(await connectAs(twin, OWNER), { envs: ["prod"], repo: REPO, plan: false });
    assert.equal((await run()).ok, true);
    const got = await arm(twin, "GET", credential, { as: OWNER, apiVersion: API_VERSIONS.managedIdentity });
    assert.equal(got.body.properties.subject, `repo:${REPO}:environment:production`);
  });

  test("CLI: exit 0 when clean; seeded missing ledger immutability policy → exit 8 with the finding and its fix", async () => {
    const clean = await runCli(["doctor"], { env: cliEnv(twin, OWNER) });
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /ok: nothing to fix/);
    assert.match(clean.stdout, /· private-network \(prod\): the twin models no Microsoft.Network/);

    const policy = `${rg("rg-aml-ws-dev-cc01")}/providers/Microsoft.Storage/storageAccounts/amlstdevcc01/blobServices/default/containers/${LEDGER_CONTAINER}/immutabilityPolicies/default`;
    const current = await arm(twin, "GET", policy, { as: OWNER, apiVersion: API_VERSIONS.storage });
    assert.equal(current.status, 200, current.text);
    const deleted = await arm(twin, "DELETE", policy, {
      as: OWNER,
      apiVersion: API_VERSIONS.storage,
      headers: { "if-match": current.body.etag },
    });
    assert.equal(deleted.status, 200, deleted.text);

    const result = await runCli(["doctor", "--json"], { env: cliEnv(twin, OWNER) });
    assert.equal(result.code, ExitCode.verificationFailed);
    const report = JSON.parse(result.stdout).error.details.report as DoctorReport;
    assert.deepEqual(
      report.findings.map((f) => `${f.check} ${f.env}`),
      ["ledger-policy dev"],
    );
    assert.match(report.findings[0]!.message, /has no immutability policy/);
    assert.match(
      report.findings[0]!.fix,
      /^terraform -chdir=infra\/environments\/dev apply \(modules\/storage: azurerm_storage_container_immutability_policy/,
    );
  });

  test("run by a deployment identity: what it cannot read is a finding naming who can, never a silent pass", async () => {
    const report = await run({ as: "sp-aml-deployment-prod" });
    assert.equal(report.ok, false);
    // The state group is the Owner's: the deployer holds only a data role on its container.
    for (const check of ["providers", "state-backend", "identities", "federated-credentials"]) {
      const [finding, ...rest] = findingsOf(report, check);
      assert.deepEqual(rest, [], check);
      assert.match(finding!.message, /^cannot inspect: .*does not have authorization/, check);
      assert.match(finding!.fix, /^run doctor as an identity with Reader on the subscription/);
    }
    // Its own environment reads fine; the other one is not its to read.
    assert.deepEqual(
      findingsOf(report, "rbac").map((f) => f.env),
      ["dev"],
    );
    assert.deepEqual(
      findingsOf(report, "resource-groups").map((f) => f.env),
      ["dev", "dev", "dev"],
    );
  });

  test("the allowlist needs a principal and a reason for each entry", () => {
    assert.deepEqual(parseAllowlist("owners:\n  - principal: x\n    why: y\n", "t"), [
      { principal: "x", why: "y" },
    ]);
    assert.throws(() => parseAllowlist("owners:\n  - principal: x\n", "t"), { code: "ALLOWLIST_INVALID" });
    assert.throws(() => parseAllowlist("owners: x\n", "t"), { code: "ALLOWLIST_INVALID" });
  });
});
