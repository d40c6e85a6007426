/**
 * The resource inventory: every component the strategy names is declared in the Terraform, in the
 * module that owns its concern, and wired into the platform composition both roots use.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { blocksOf, readTerraformTree, type TerraformBlock } from "../../src/infra/terraform-files.ts";
import { INFRA_DIR } from "./fixture.ts";

const INVENTORY: Array<{ component: string; dir: string; type: string }> = [
  { component: "resource groups (vnet, ws, reg)", dir: "modules/platform", type: "azurerm_resource_group" },
  {
    component: "user-assigned identities (workspace, compute)",
    dir: "modules/identities",
    type: "azurerm_user_assigned_identity",
  },
  {
    component: "role assignments from the RBAC data",
    dir: "modules/role-assignments",
    type: "azurerm_role_assignment",
  },
  {
    component: "custom read-only registry role (errata 6)",
    dir: "modules/role-definitions",
    type: "azurerm_role_definition",
  },
  { component: "virtual network", dir: "modules/network", type: "azurerm_virtual_network" },
  { component: "private endpoint subnet", dir: "modules/network", type: "azurerm_subnet" },
  { component: "network security group", dir: "modules/network", type: "azurerm_network_security_group" },
  {
    component: "NSG on the subnet",
    dir: "modules/network",
    type: "azurerm_subnet_network_security_group_association",
  },
  { component: "private DNS zones", dir: "modules/dns", type: "azurerm_private_dns_zone" },
  {
    component: "DNS zone links to the environment's VNet",
    dir: "modules/dns",
    type: "azurerm_private_dns_zone_virtual_network_link",
  },
  { component: "private endpoints", dir: "modules/private-endpoints", type: "azurerm_private_endpoint" },
  { component: "workspace", dir: "modules/workspace", type: "azurerm_machine_learning_workspace" },
  {
    component: "workspace outbound rule to the registry (azapi)",
    dir: "modules/workspace",
    type: "azapi_resource",
  },
  { component: "registry (azapi)", dir: "modules/registry", type: "azapi_resource" },
  { component: "storage account", dir: "modules/storage", type: "azurerm_storage_account" },
  { component: "container registry", dir: "modules/acr", type: "azurerm_container_registry" },
  { component: "key vault", dir: "modules/keyvault", type: "azurerm_key_vault" },
  { component: "Log Analytics", dir: "modules/monitoring", type: "azurerm_log_analytics_workspace" },
  { component: "Application Insights", dir: "modules/monitoring", type: "azurerm_application_insights" },
  { component: "compute cluster", dir: "modules/compute", type: "azurerm_machine_learning_compute_cluster" },
  {
    component: "compute instance",
    dir: "modules/compute",
    type: "azurerm_machine_learning_compute_instance",
  },
  {
    component: "diagnostic settings",
    dir: "modules/diagnostics",
    type: "azurerm_monitor_diagnostic_setting",
  },
  { component: "budgets", dir: "modules/budgets", type: "azurerm_consumption_budget_resource_group" },
  { component: "alert action group", dir: "modules/budgets", type: "azurerm_monitor_action_group" },
  { component: "RBAC change alert", dir: "modules/budgets", type: "azurerm_monitor_activity_log_alert" },
];

describe("resource inventory", async () => {
  const blocks = blocksOf(await readTerraformTree(INFRA_DIR));
  const platformCall = (name: string): TerraformBlock | undefined =>
    blocks.find((b) => b.kind === "module" && b.dir === "modules/platform" && b.name === name);

  for (const item of INVENTORY) {
    test(`${item.component}: ${item.type} in ${item.dir}, used by the platform`, () => {
      assert.ok(
        blocks.some((b) => b.kind === "resource" && b.type === item.type && b.dir === item.dir),
        `${item.type} missing from ${item.dir}`,
      );
      if (item.dir !== "modules/platform") {
        const used = blocks.some(
          (b) =>
            b.kind === "module" &&
            b.dir === "modules/platform" &&
            b.body.source === `../${item.dir.split("/")[1]}`,
        );
        assert.ok(used, `modules/platform does not call ${item.dir}`);
      }
    });
  }

  test("both roots compose the platform module", () => {
    for (const purpose of ["dev", "prod"])
      assert.ok(
        blocks.some(
          (b) =>
            b.kind === "module" &&
            b.dir === `environments/${purpose}` &&
            b.body.source === "../../modules/platform",
        ),
      );
  });

  test("the two identities, the diagnostics targets and the private endpoints the strategy names", () => {
    const identities = platformCall("identities")?.body.names as Record<string, string>;
    assert.deepEqual(Object.keys(identities).sort(), ["compute", "workspace"]);
    const targets = platformCall("diagnostics")?.body.targets as Record<string, string>;
    assert.deepEqual(Object.keys(targets).sort(), [
      "container_registry",
      "key_vault",
      "registry",
      "storage",
      "storage_blob",
      "storage_file",
      "workspace",
    ]);
    const endpoints = {
      ...(platformCall("private_endpoints")?.body.endpoints as Record<string, { subresource: string }>),
      ...(platformCall("workspace_private_endpoint")?.body.endpoints as Record<
        string,
        { subresource: string }
      >),
    };
    assert.deepEqual(Object.fromEntries(Object.entries(endpoints).map(([k, v]) => [k, v.subresource])), {
      storage_blob: "blob",
      storage_file: "file",
      key_vault: "vault",
      container_registry: "registry",
      registry: "amlregistry",
      registry_storage: "blob",
      registry_acr: "registry",
      workspace: "amlworkspace",
    });
  });

  test("registry and outbound rule pin the 2024-10-01 API", () => {
    const types = blocks
      .filter((b) => b.type === "azapi_resource")
      .map((b) => b.body.type)
      .sort();
    assert.deepEqual(types, [
      "Microsoft.MachineLearningServices/registries@2024-10-01",
      "Microsoft.MachineLearningServices/workspaces/outboundRules@2024-10-01",
      "Microsoft.MachineLearningServices/workspaces/outboundRules@2024-10-01",
      "Microsoft.MachineLearningServices/workspaces/outboundRules@2024-10-01",
    ]);
  });
});
