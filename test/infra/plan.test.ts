/**
 * `airlock infra check --plan`: the policy over `terraform show -json` plans. Plans are built here in
 * Terraform's JSON plan format from the platform model (providers cannot run offline), then seeded.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { checkInfra } from "../../src/infra/check.ts";
import { type EnvironmentPlatform, loadPlatform, type Purpose } from "../../src/platform/index.ts";
import { runCli } from "../helpers/cli.ts";
import { planFor, SUBSCRIPTION } from "./plan-fixture.ts";

describe("airlock infra check --plan", () => {
  let dir = "";
  let envs: Record<Purpose, EnvironmentPlatform>;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "airlock-plan-"));
    envs = (await loadPlatform()).environments;
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function checkPlan(purpose: Purpose, seed: (plan: ReturnType<typeof planFor>) => void = () => {}) {
    const plan = planFor(envs[purpose]);
    seed(plan);
    const file = path.join(dir, `${purpose}-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify(plan));
    return checkInfra({ plans: [file] });
  }
  const find = (plan: ReturnType<typeof planFor>, type: string) =>
    plan.resource_changes.find((c) => c.type === type)!.change.after;

  test("clean dev and prod plans pass through the CLI", async () => {
    const files = [];
    for (const purpose of ["dev", "prod"] as const) {
      const file = path.join(dir, `${purpose}.json`);
      await writeFile(file, JSON.stringify(planFor(envs[purpose])));
      files.push(file);
    }
    const result = await runCli(["infra", "check", "--json", "--plan", ...files]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.deepEqual(JSON.parse(result.stdout).findings, []);
  });

  const cases: Array<[string, Purpose, (plan: ReturnType<typeof planFor>) => void, string]> = [
    [
      "prod plan with auto-purge on",
      "prod",
      (p) => (p.variables.enable_auto_purge!.value = true),
      "prod-auto-purge",
    ],
    [
      "prod key vault without purge protection",
      "prod",
      (p) => (find(p, "azurerm_key_vault").purge_protection_enabled = false),
      "prod-purge-protection",
    ],
    [
      "prod ledger container without a WORM policy",
      "prod",
      (p) =>
        (p.resource_changes = p.resource_changes.filter(
          (c) => c.type !== "azurerm_storage_container_immutability_policy",
        )),
      "ledger-worm",
    ],
    [
      "prod ledger policy unlocked",
      "prod",
      (p) => (find(p, "azurerm_storage_container_immutability_policy").locked = false),
      "ledger-worm",
    ],
    [
      "ledger policy without protected append writes",
      "dev",
      (p) =>
        (find(p, "azurerm_storage_container_immutability_policy").protected_append_writes_enabled = false),
      "ledger-worm",
    ],
    [
      "prod plan without the ledger container",
      "prod",
      (p) => (p.resource_changes = p.resource_changes.filter((c) => c.type !== "azurerm_storage_container")),
      "ledger-worm",
    ],
    [
      "people with AzureML Data Scientist on the prod workspace",
      "prod",
      (p) =>
        p.resource_changes.push({
          address:
            'module.platform.module.role_assignments_workspace.azurerm_role_assignment.this["data_scientists|AzureML Data Scientist|workspace"]',
          type: "azurerm_role_assignment",
          name: "this",
          index: "data_scientists|AzureML Data Scientist|workspace",
          change: {
            actions: ["create"],
            after: {
              scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${envs.prod.resourceGroups.ws}/providers/Microsoft.MachineLearningServices/workspaces/${envs.prod.names.workspace}`,
              role_definition_name: "AzureML Data Scientist",
            },
          },
        }),
      "human-prod-write",
    ],
    [
      "workspace publicly reachable",
      "dev",
      (p) => (find(p, "azurerm_machine_learning_workspace").public_network_access_enabled = true),
      "public-access",
    ],
    [
      "registry publicly reachable",
      "prod",
      (p) => (find(p, "azapi_resource").body = { properties: { publicNetworkAccess: "Enabled" } }),
      "public-access",
    ],
    [
      "a role assignment missing",
      "dev",
      (p) =>
        (p.resource_changes = p.resource_changes.filter(
          (c) => !String(c.index).startsWith("compute_identity|AcrPush|"),
        )),
      "rbac-missing",
    ],
    [
      "an extra role assignment",
      "prod",
      (p) =>
        p.resource_changes.push({
          address: "azurerm_role_assignment.owner",
          type: "azurerm_role_assignment",
          name: "owner",
          change: {
            actions: ["create"],
            after: { scope: `/subscriptions/${SUBSCRIPTION}`, role_definition_name: "Owner" },
          },
        }),
      "rbac-extra",
    ],
    [
      "a role assignment at the wrong scope",
      "dev",
      (p) =>
        (p.resource_changes.find((c) =>
          String(c.index).startsWith("compute_identity|Key Vault Secrets User|"),
        )!.change.after.scope = `/subscriptions/${SUBSCRIPTION}`),
      "rbac-wrong-scope",
    ],
    [
      "people with Registry User on the prod registry",
      "prod",
      (p) => {
        const change = p.resource_changes.find((c) =>
          String(c.index).startsWith("data_scientists|AzureML Registry Reader"),
        )!;
        change.index = "data_scientists|AzureML Registry User|registry";
        change.change.after.role_definition_name = "AzureML Registry User";
      },
      "human-registry-write",
    ],
    [
      "a DNS zone in the other environment's group",
      "prod",
      (p) =>
        (p.resource_changes.find(
          (c) => c.type === "azurerm_private_dns_zone",
        )!.change.after.resource_group_name = "rg-aml-vnet-dev-cc01"),
      "dns-isolation",
    ],
    [
      "a DNS zone linked to the other environment's VNet",
      "dev",
      (p) =>
        (p.resource_changes.find(
          (c) => c.type === "azurerm_private_dns_zone_virtual_network_link",
        )!.change.after.virtual_network_id =
          "/subscriptions/x/resourceGroups/rg-aml-vnet-prod-cc01/providers/Microsoft.Network/virtualNetworks/vnet-amlprodcc01"),
      "dns-isolation",
    ],
    [
      "a VNet overlapping the other environment",
      "prod",
      (p) => (find(p, "azurerm_virtual_network").address_space = ["10.1.0.0/16"]),
      "cidr-overlap",
    ],
    [
      "a resource named like the other environment's",
      "dev",
      (p) => (find(p, "azurerm_key_vault").name = "amlkvprodcc01"),
      "shared-resource",
    ],
  ];
  for (const [name, purpose, seed, rule] of cases) {
    test(`detects: ${name}`, async () => {
      const report = await checkPlan(purpose, seed);
      assert.equal(report.ok, false);
      assert.ok(
        report.findings.some((f) => f.rule === rule && f.environment === purpose),
        JSON.stringify(report.findings, null, 1),
      );
    });
  }

  test("a file that is not a plan is refused clearly", async () => {
    const file = path.join(dir, "not-a-plan.json");
    await writeFile(file, JSON.stringify({ hello: "world" }));
    const result = await runCli(["infra", "check", "--plan", file]);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /error\[PLAN_INVALID\]: .*has no resource_changes/);
  });
});
