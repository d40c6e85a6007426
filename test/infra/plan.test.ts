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
import {
  type EnvironmentPlatform,
  expectedAssignments,
  loadPlatform,
  type Purpose,
} from "../../src/platform/index.ts";
import { runCli } from "../helpers/cli.ts";

const SUBSCRIPTION = "11111111-2222-4333-8444-555555555555";

interface Change {
  address: string;
  type: string;
  name: string;
  index?: string;
  change: { actions: string[]; after: Record<string, unknown> };
}

function planFor(env: EnvironmentPlatform): {
  variables: Record<string, { value: unknown }>;
  resource_changes: Change[];
} {
  const rg = env.resourceGroups;
  const n = env.names;
  const create = (address: string, type: string, after: Record<string, unknown>, index?: string): Change => ({
    address,
    type,
    name: address.split(".").at(-1)!.replace(/\[.*$/, ""),
    ...(index ? { index } : {}),
    change: { actions: ["create"], after },
  });
  const p = "module.platform";
  const changes: Change[] = [
    ...Object.entries(rg).map(([k, name]) =>
      create(`${p}.azurerm_resource_group.this["${k}"]`, "azurerm_resource_group", {
        name,
        location: env.location,
      }),
    ),
    create(`${p}.module.network.azurerm_virtual_network.this`, "azurerm_virtual_network", {
      name: n.vnet,
      resource_group_name: rg.vnet,
      address_space: [env.network.vnetAddressSpace],
    }),
    ...env.network.privateDnsZones.map((zone) =>
      create(`${p}.module.dns.azurerm_private_dns_zone.this["${zone}"]`, "azurerm_private_dns_zone", {
        name: zone,
        resource_group_name: rg.vnet,
      }),
    ),
    ...env.network.privateDnsZones.map((zone) =>
      create(
        `${p}.module.dns.azurerm_private_dns_zone_virtual_network_link.this["${zone}"]`,
        "azurerm_private_dns_zone_virtual_network_link",
        {
          name: `${n.vnet}-${zone}`,
          resource_group_name: rg.vnet,
          virtual_network_id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg.vnet}/providers/Microsoft.Network/virtualNetworks/${n.vnet}`,
        },
      ),
    ),
    create(
      `${p}.module.workspace.azurerm_machine_learning_workspace.this`,
      "azurerm_machine_learning_workspace",
      { name: n.workspace, resource_group_name: rg.ws, public_network_access_enabled: false },
    ),
    create(`${p}.module.storage.azurerm_storage_account.this`, "azurerm_storage_account", {
      name: n.storageAccount,
      resource_group_name: rg.ws,
      public_network_access_enabled: false,
      allow_nested_items_to_be_public: false,
      network_rules: [
        { default_action: "Deny", bypass: ["AzureServices"], ip_rules: [], virtual_network_subnet_ids: [] },
      ],
    }),
    create(`${p}.module.keyvault.azurerm_key_vault.this`, "azurerm_key_vault", {
      name: n.keyVault,
      resource_group_name: rg.ws,
      public_network_access_enabled: false,
      rbac_authorization_enabled: true,
      purge_protection_enabled: !env.enableAutoPurge,
    }),
    create(`${p}.module.acr.azurerm_container_registry.this`, "azurerm_container_registry", {
      name: n.containerRegistry,
      resource_group_name: rg.ws,
      public_network_access_enabled: false,
      sku: "Premium",
    }),
    create(`${p}.module.registry.azapi_resource.this`, "azapi_resource", {
      name: n.registry,
      type: "Microsoft.MachineLearningServices/registries@2024-10-01",
      body: { properties: { publicNetworkAccess: "Disabled" } },
    }),
    create(
      `${p}.module.compute.azurerm_machine_learning_compute_cluster.this`,
      "azurerm_machine_learning_compute_cluster",
      { name: n.computeCluster, node_public_ip_enabled: false },
    ),
    create(`${p}.module.storage.azurerm_storage_container.ledger`, "azurerm_storage_container", {
      name: "airlock-ledger",
      storage_account_id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg.ws}/providers/Microsoft.Storage/storageAccounts/${n.storageAccount}`,
      container_access_type: "private",
    }),
    create(
      `${p}.module.storage.azurerm_storage_container_immutability_policy.ledger`,
      "azurerm_storage_container_immutability_policy",
      {
        immutability_period_in_days: env.purpose === "prod" ? 3650 : 1,
        locked: env.purpose === "prod",
        protected_append_writes_enabled: true,
        protected_append_writes_all_enabled: false,
      },
    ),
    ...expectedAssignments(env, SUBSCRIPTION).map((a) => {
      const key = `${a.principalKey}|${a.roleName}|${a.scopeKey}`;
      const module =
        a.scopeKey === "workspace" ? "role_assignments_workspace" : "role_assignments_foundation";
      const custom = a.roleName.includes("(Airlock)");
      return create(
        `${p}.module.${module}.azurerm_role_assignment.this["${key}"]`,
        "azurerm_role_assignment",
        { scope: a.scope, role_definition_name: custom ? null : a.roleName },
        key,
      );
    }),
  ];
  return {
    variables: {
      purpose: { value: env.purpose },
      enable_auto_purge: { value: env.enableAutoPurge },
      vnet_address_space: { value: env.network.vnetAddressSpace },
      subnet_address_prefix: { value: env.network.subnetAddressPrefix },
    },
    resource_changes: changes,
  };
}

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
