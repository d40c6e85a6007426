/**
 * `airlock verify rbac` on the twin: the seeded matrix shows zero drift in both environments; drift seeded
 * through the twin's role-assignment routes (as sp-aml-deployment-prod, User Access Administrator on the prod
 * groups) — nine assignments covering eight kinds — is reported exactly, one finding per difference, with
 * nothing else; kinds that the routes cannot seed (inherited from the subscription, unknown role) are shown
 * with the diff over the real listing plus one assignment.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { renderRbac } from "../../src/cli/commands/verify.ts";
import { objectIdFor } from "../../src/emulator/principals.ts";
import { ExitCode } from "../../src/errors.ts";
import {
  allRoleDefinitions,
  expectedAssignments,
  LEDGER_CONTAINER,
  roleDefinition,
} from "../../src/platform/index.ts";
import { parseDirectory, twinDirectory } from "../../src/verify/directory.ts";
import {
  type ActualAssignment,
  diffAssignments,
  listAssignments,
  listRoles,
  resourceGroupScopes,
  roleGrants,
  verifyRbac,
} from "../../src/verify/rbac.ts";
import { runCli } from "../helpers/cli.ts";
import type { TestTwin } from "../helpers/twin.ts";
import {
  cliEnv,
  connectAs,
  deleteAssignment,
  findAssignment,
  putAssignment,
  PROD_SCOPES as S,
  SUB,
  startVerifyTwin,
} from "./fixture.ts";

const DEPLOYERS = { dev: "sp-aml-deployment-dev", prod: "sp-aml-deployment-prod" };

describe("airlock verify rbac", () => {
  let twin: TestTwin;
  before(async () => {
    twin = await startVerifyTwin();
  });
  after(async () => {
    await twin?.close();
  });

  test("a fresh twin has exactly the matrix: zero drift in dev and prod", async () => {
    const c = await connectAs(twin, DEPLOYERS.dev, DEPLOYERS.prod);
    for (const env of ["dev", "prod"] as const) {
      const report = await verifyRbac(c, env, await twinDirectory());
      assert.deepEqual(report.drift, [], env);
      assert.equal(report.ok, true);
      assert.equal(report.expected, expectedAssignments(c.env(env), SUB).length);
      assert.equal(report.matched, report.expected);
      assert.equal(report.found, report.expected);
      assert.equal(report.scopes.length, 3);
    }
    const cli = await runCli(["verify", "rbac", "--env", "prod"], { env: cliEnv(twin, DEPLOYERS) });
    assert.equal(cli.code, 0, cli.stderr);
    const n = expectedAssignments(c.env("prod"), SUB).length;
    assert.match(cli.stdout, new RegExp(`${n} expected, ${n} matched\nok: no drift`));
    assert.doesNotMatch(cli.stdout, /warning:/, "the default matrix lets no person bypass the gate");
  });

  test("a caller without read on the groups is refused, not told 'no drift'", async () => {
    const cli = await runCli(["verify", "rbac", "--env", "prod"], {
      env: cliEnv(twin, { dev: "mallory", prod: "mallory" }),
    });
    assert.equal(cli.code, ExitCode.forbidden, cli.stdout + cli.stderr);
  });

  test("against Azure without a principal directory: a clear input error before any call", async () => {
    const cli = await runCli(["verify", "rbac", "--env", "prod", "--azure", "--subscription", SUB, "--json"]);
    assert.equal(cli.code, ExitCode.invalidInput);
    assert.equal(JSON.parse(cli.stdout).error.code, "PRINCIPALS_REQUIRED");
  });

  test("seeded drift of eight kinds is reported exactly, and dev is untouched", async () => {
    const id = objectIdFor;
    const stranger = randomUUID();
    // 1. missing
    const kv = await findAssignment(twin, "prod-mi-compute", "Key Vault Secrets User", S.keyVault);
    await deleteAssignment(twin, kv.id);
    // 2. extra
    const extra = await putAssignment(twin, S.rgReg, "Reader", id("prod-mi-compute"), "ServicePrincipal");
    // 3. wrong scope: the promoter's workspace role moved up to the resource group
    const ds = await findAssignment(twin, "sp-aml-promotion-prod", "AzureML Data Scientist", S.workspace);
    await deleteAssignment(twin, ds.id);
    const wrongScope = await putAssignment(
      twin,
      S.rgWs,
      "AzureML Data Scientist",
      id("sp-aml-promotion-prod"),
      "ServicePrincipal",
    );
    // 4. wrong role: the workspace identity's blob role replaced by Reader
    const sbdc = await findAssignment(twin, "prod-mi-workspace", "Storage Blob Data Contributor", S.storage);
    await deleteAssignment(twin, sbdc.id);
    const wrongRole = await putAssignment(
      twin,
      S.storage,
      "Reader",
      id("prod-mi-workspace"),
      "ServicePrincipal",
    );
    // 5a. a person with write on the prod registry
    const alice = await putAssignment(twin, S.registry, "AzureML Registry User", id("alice"), "User");
    // 5b. the people group's read-only registry role replaced by the literal matrix's write role
    const reader = await findAssignment(
      twin,
      "aml-data-scientists-prod",
      "AzureML Registry Reader (Airlock)",
      S.registry,
    );
    await deleteAssignment(twin, reader.id);
    const groupWrite = await putAssignment(
      twin,
      S.registry,
      "AzureML Registry User",
      id("aml-data-scientists-prod"),
      "Group",
    );
    // 6. unknown principal
    const unknown = await putAssignment(twin, S.rgWs, "Reader", stranger, "ServicePrincipal");
    // 7. duplicate: Contributor on the workspace for a principal that has it on the group already
    const duplicate = await putAssignment(
      twin,
      S.workspace,
      "Contributor",
      id("sp-aml-deployment-prod"),
      "ServicePrincipal",
    );
    // 8. privileged extra: the workspace identity may now change role assignments
    const privileged = await putAssignment(
      twin,
      S.rgReg,
      "User Access Administrator",
      id("prod-mi-workspace"),
      "ServicePrincipal",
    );

    const c = await connectAs(twin, DEPLOYERS.dev, DEPLOYERS.prod);
    const report = await verifyRbac(c, "prod", await twinDirectory());
    const got = report.drift
      .map((d) => ({
        kind: d.kind,
        id: d.actual?.id ?? "",
        expected: d.expected ? `${d.expected.principal} | ${d.expected.role} | ${d.expected.scope}` : "",
      }))
      .sort((a, b) => `${a.kind}${a.id}`.localeCompare(`${b.kind}${b.id}`));
    const want = [
      { kind: "missing", id: "", expected: `prod-mi-compute | Key Vault Secrets User | ${S.keyVault}` },
      { kind: "extra", id: extra, expected: "" },
      {
        kind: "wrong-scope",
        id: wrongScope,
        expected: `sp-aml-promotion-prod | AzureML Data Scientist | ${S.workspace}`,
      },
      {
        kind: "wrong-role",
        id: wrongRole,
        expected: `prod-mi-workspace | Storage Blob Data Contributor | ${S.storage}`,
      },
      { kind: "human-registry-write", id: alice, expected: "" },
      {
        kind: "human-registry-write",
        id: groupWrite,
        expected: `aml-data-scientists-prod | AzureML Registry Reader (Airlock) | ${S.registry}`,
      },
      { kind: "unknown-principal", id: unknown, expected: "" },
      { kind: "duplicate", id: duplicate, expected: "" },
      { kind: "privileged", id: privileged, expected: "" },
    ].sort((a, b) => `${a.kind}${a.id}`.localeCompare(`${b.kind}${b.id}`));
    assert.deepEqual(got, want);
    assert.equal(new Set(report.drift.map((d) => d.kind)).size, 8);
    assert.equal(report.ok, false);

    // Messages name who, what and where; resource ids carry the assignment, its scope and role definition.
    const byId = new Map(report.drift.map((d) => [d.actual?.id, d]));
    assert.match(
      byId.get(alice)!.message,
      /alice has AzureML Registry User on .*registries\/amlregprodcc01: a person can write/,
    );
    assert.match(byId.get(unknown)!.message, new RegExp(stranger));
    assert.match(
      byId.get(duplicate)!.message,
      /already granted by .* on \/subscriptions\/.*\/resourceGroups\/rg-aml-ws-prod-cc01$/,
    );
    assert.ok(byId.get(privileged)!.resourceIds.includes(privileged));
    assert.ok(byId.get(alice)!.resourceIds.includes(S.registry));

    // Dev's groups hold none of it.
    assert.deepEqual((await verifyRbac(c, "dev", await twinDirectory())).drift, []);

    // The CLI: human report and exit 8; --json carries the same drift in the error details.
    const human = await runCli(["verify", "rbac", "--env", "prod"], { env: cliEnv(twin, DEPLOYERS) });
    assert.equal(human.code, ExitCode.verificationFailed, human.stderr);
    for (const kind of new Set(want.map((w) => w.kind)))
      assert.match(human.stdout, new RegExp(`✗ \\[${kind}\\]`));
    assert.match(human.stdout, /DRIFT: 9 difference\(s\)/);
    assert.match(human.stderr, /error\[RBAC_DRIFT\]/);
    const json = await runCli(["verify", "rbac", "--env", "prod", "--json"], {
      env: cliEnv(twin, DEPLOYERS),
    });
    assert.equal(json.code, ExitCode.verificationFailed);
    const document = JSON.parse(json.stdout);
    assert.equal(document.error.code, "RBAC_DRIFT");
    assert.equal(document.error.details.report.drift.length, 9);
  });

  test("people with write on prod endpoints, the datastore key or prod storage data are human-prod-write drift; the ledger container is not", async () => {
    const id = objectIdFor;
    const ledger = `${S.storage}/blobServices/default/containers/${LEDGER_CONTAINER}`;
    // A person given the seed's prod workspace role, the people group given blob writes on the account,
    // and a person given blob writes on the ledger container alone (not in the matrix: extra, no bypass).
    const alice = await putAssignment(twin, S.workspace, "AzureML Data Scientist", id("alice"), "User");
    const group = await putAssignment(
      twin,
      S.storage,
      "Storage Blob Data Contributor",
      id("aml-data-scientists-prod"),
      "Group",
    );
    const bobLedger = await putAssignment(twin, ledger, "Storage Blob Data Contributor", id("bob"), "User");
    try {
      const c = await connectAs(twin, DEPLOYERS.dev, DEPLOYERS.prod);
      const report = await verifyRbac(c, "prod", await twinDirectory());
      const mine = new Map(
        report.drift
          .filter((d) => [alice, group, bobLedger].includes(d.actual?.id ?? ""))
          .map((d) => [d.actual!.id, d]),
      );
      assert.equal(mine.get(alice)?.kind, "human-prod-write");
      assert.match(
        mine.get(alice)!.message,
        /alice has AzureML Data Scientist on .*workspaces\/amlwsprodcc01: a person can .*onlineEndpoints\/write.*datastores\/listsecrets\/action/,
      );
      assert.equal(mine.get(group)?.kind, "human-prod-write");
      assert.match(mine.get(group)!.message, /blobs\/write/);
      assert.equal(
        mine.get(bobLedger)?.kind,
        "extra",
        "blob writes on the ledger container are not a bypass",
      );
      const cli = await runCli(["verify", "rbac", "--env", "prod"], { env: cliEnv(twin, DEPLOYERS) });
      assert.equal(cli.code, ExitCode.verificationFailed);
      assert.match(cli.stdout, /✗ \[human-prod-write\] alice has AzureML Data Scientist/);
    } finally {
      for (const assignment of [alice, group, bobLedger]) await deleteAssignment(twin, assignment);
    }
  });

  test("the literal matrix, when chosen, is no drift but every gate bypass in it is flagged", async () => {
    const c = await connectAs(twin, DEPLOYERS.dev, DEPLOYERS.prod);
    const directory = await twinDirectory();
    const roles = new Map(allRoleDefinitions().map((r) => [r.id.toLowerCase(), r]));
    // Exactly the matrix of an environment, as ARM would list it.
    const listed = (env: ReturnType<typeof c.env>): ActualAssignment[] =>
      expectedAssignments(env, SUB).map((e, i) => ({
        id: `${e.scope}/providers/Microsoft.Authorization/roleAssignments/00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        scope: e.scope,
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${roleDefinition(e.roleName)!.id}`,
        roleName: e.roleName,
        principalId: directory.byName(e.principalName)!.objectId,
        principalType: e.principalType === "Group" ? "Group" : "ServicePrincipal",
        principalName: e.principalName,
      }));
    const diff = (env: ReturnType<typeof c.env>) =>
      diffAssignments({
        env,
        subscriptionId: SUB,
        expected: expectedAssignments(env, SUB),
        actual: listed(env),
        directory,
        roles,
      });

    const byDefault = diff(c.env("prod"));
    assert.deepEqual(byDefault.drift, []);
    assert.deepEqual(byDefault.bypasses, [], "least-privilege: people bypass nothing");

    const literal = {
      ...c.env("prod"),
      humanProdAccess: "literal-matrix",
      humanRegistryAccess: "literal-matrix",
    } as const;
    const { drift, bypasses } = diff(literal);
    assert.deepEqual(drift, []);
    assert.deepEqual(bypasses.map((b) => `${b.kind} ${b.actual?.roleName}`).sort(), [
      "human-prod-write Azure AI Developer",
      "human-prod-write AzureML Data Scientist",
      "human-prod-write Storage Blob Data Contributor",
      "human-prod-write Storage File Data Privileged Contributor",
      "human-registry-write AzureML Registry User",
    ]);
    const rendered = renderRbac({
      env: "prod",
      subscriptionId: SUB,
      scopes: resourceGroupScopes(literal, SUB),
      expected: 0,
      found: 0,
      matched: 0,
      drift,
      bypasses,
      ok: true,
    });
    assert.match(
      rendered,
      /! \[human-prod-write\] aml-data-scientists-prod has AzureML Data Scientist .*literal-matrix/,
    );
    assert.match(rendered, /warning: 5 assignment\(s\) let people bypass the approval gate/);
    // Dev keeps the strategy's roles: no prod gate there to bypass.
    assert.deepEqual(diff(c.env("dev")).bypasses, []);
  });

  test("custom roles as Terraform names them in Azure (suffix, Azure-assigned id) match the matrix", async () => {
    const c = await connectAs(twin, DEPLOYERS.dev, DEPLOYERS.prod);
    const env = c.env("prod");
    const directory = await twinDirectory();
    // Azure lists the custom roles with the GUIDs it assigned and the names Terraform gave them.
    const azureIds = new Map<string, string>();
    const roles = new Map(
      allRoleDefinitions().map((r) => {
        if (!r.custom) return [r.id.toLowerCase(), r];
        const id = randomUUID();
        azureIds.set(r.name, id);
        return [id, { ...r, id, name: `${r.name} (prod-cc01)` }];
      }),
    );
    const actual: ActualAssignment[] = expectedAssignments(env, SUB).map((e, i) => {
      const roleId = azureIds.get(e.roleName) ?? roleDefinition(e.roleName)!.id;
      return {
        id: `${e.scope}/providers/Microsoft.Authorization/roleAssignments/00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        scope: e.scope,
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
        roleName: undefined,
        principalId: directory.byName(e.principalName)!.objectId,
        principalType: e.principalType === "Group" ? "Group" : "ServicePrincipal",
        principalName: e.principalName,
      };
    });
    assert.ok(azureIds.has("AzureML Workspace Reader (Airlock)"));
    const { drift, matched } = diffAssignments({
      env,
      subscriptionId: SUB,
      expected: expectedAssignments(env, SUB),
      actual,
      directory,
      roles,
    });
    assert.deepEqual(drift, []);
    assert.equal(matched, actual.length);
  });

  test("inherited (subscription scope) and unknown-role: diff over the real listing plus one assignment", async () => {
    // The twin's routes cannot seed these (nobody holds write at the subscription; unknown role ids are
    // refused), so the diff gets the real listing with one more assignment of each shape.
    const c = await connectAs(twin, DEPLOYERS.dev, DEPLOYERS.prod);
    const env = c.env("dev");
    const arm = c.arm("dev");
    const directory = await twinDirectory();
    const scopes = resourceGroupScopes(env, SUB);
    const roles = await listRoles(arm, scopes[0]!);
    const actual = await listAssignments(arm, scopes, directory, roles);
    const base = { principalType: "ServicePrincipal", roleName: undefined };
    const atSubscription: ActualAssignment = {
      ...base,
      id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`,
      scope: `/subscriptions/${SUB}`,
      roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${roleDefinition("Reader")!.id}`,
      principalId: objectIdFor("sp-aml-promotion-dev"),
      principalName: "sp-aml-promotion-dev",
    };
    const unknownRole: ActualAssignment = {
      ...base,
      id: `${scopes[1]}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`,
      scope: scopes[1]!,
      roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${randomUUID()}`,
      principalId: objectIdFor("dev-mi-compute"),
      principalName: "dev-mi-compute",
    };
    const { drift } = diffAssignments({
      env,
      subscriptionId: SUB,
      expected: expectedAssignments(env, SUB),
      actual: [...actual, atSubscription, unknownRole],
      directory,
      roles,
    });
    assert.deepEqual(
      drift.map((d) => [d.kind, d.actual?.id]),
      [
        ["inherited", atSubscription.id],
        ["unknown-role", unknownRole.id],
      ],
    );
  });

  test("a directory file: names → object ids; people groups are human; bad entries are refused", () => {
    const directory = parseDirectory(
      JSON.stringify({
        "sp-aml-deployment-prod": "00000000-0000-4000-8000-000000000001",
        "aml-data-scientists-prod": "00000000-0000-4000-8000-000000000002",
        "carol@contoso.com": "00000000-0000-4000-8000-000000000003",
        humans: ["carol@contoso.com"],
      }),
      "principals.json",
    );
    assert.equal(directory.byId("00000000-0000-4000-8000-000000000001")?.human, false);
    assert.equal(directory.byName("aml-data-scientists-prod")?.human, true);
    assert.equal(directory.byName("carol@contoso.com")?.human, true);
    assert.throws(() => parseDirectory('{"x": "not-a-guid"}', "p.json"), /x must map to an object id/);
    assert.throws(() => parseDirectory("[]", "p.json"), /expected an object/);
    assert.throws(() => parseDirectory("{", "p.json"), /not JSON/);
  });

  test("role evaluation: wildcards and notActions", () => {
    const write = "Microsoft.MachineLearningServices/registries/assets/write";
    assert.equal(roleGrants(roleDefinition("AzureML Registry User")!, write), true);
    assert.equal(roleGrants(roleDefinition("AzureML Registry Reader (Airlock)")!, write), false);
    assert.equal(roleGrants(roleDefinition("Contributor")!, write), true);
    assert.equal(
      roleGrants(roleDefinition("Contributor")!, "Microsoft.Authorization/roleAssignments/write"),
      false,
    );
    assert.equal(roleGrants(roleDefinition("Reader")!, write), false);
  });
});
