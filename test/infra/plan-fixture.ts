/**
 * A clean Terraform JSON plan of one environment, built from the platform model in the format of
 * `terraform show -json` (providers cannot run offline), for the plan tests to seed.
 */
import { type EnvironmentPlatform, expectedAssignments } from "../../src/platform/index.ts";

export const SUBSCRIPTION = "11111111-2222-4333-8444-555555555555";

export interface Change {
  address: string;
  type: string;
  name: string;
  index?: string;
  change: { actions: string[]; after: Record<string, unknown> };
}

export interface Plan {
  variables: Record<string, { value: unknown }>;
  resource_changes: Change[];
  configuration: { provider_config: Record<string, { name: string; expressions: Record<string, unknown> }> };
}

export function planFor(env: EnvironmentPlatform): Plan {
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
      {
        name: n.workspace,
        resource_group_name: rg.ws,
        public_network_access_enabled: false,
        managed_network: [{ isolation_mode: env.workspaceIsolationMode }],
      },
    ),
    create(`${p}.module.storage.azurerm_storage_account.this`, "azurerm_storage_account", {
      name: n.storageAccount,
      resource_group_name: rg.ws,
      public_network_access_enabled: true,
      allow_nested_items_to_be_public: false,
      network_rules: [
        {
          default_action: "Deny",
          bypass: ["AzureServices"],
          ip_rules: [],
          virtual_network_subnet_ids: [],
          private_link_access: [
            {
              endpoint_resource_id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg.reg}/providers/Microsoft.MachineLearningServices/registries/${n.registry}`,
            },
          ],
        },
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
      body: {
        properties: {
          publicNetworkAccess: "Disabled",
          regionDetails: [
            {
              location: env.location,
              storageAccountDetails: [
                { systemCreatedStorageAccount: { storageAccountName: `${n.registry}st` } },
              ],
              acrDetails: [
                { systemCreatedAcrAccount: { acrAccountName: `${n.registry}acr`, acrAccountSku: "Premium" } },
              ],
            },
          ],
        },
      },
    }),
    ...(
      [
        ["registry_outbound_rule", "amlregistry"],
        ["registry_storage_outbound_rule", "blob"],
        ["registry_acr_outbound_rule", "registry"],
      ] as const
    ).map(([name, target]) =>
      create(`${p}.module.workspace.azapi_resource.${name}`, "azapi_resource", {
        type: "Microsoft.MachineLearningServices/workspaces/outboundRules@2024-10-01",
        body: {
          properties: {
            type: "PrivateEndpoint",
            category: "UserDefined",
            destination: { subresourceTarget: target },
          },
        },
      }),
    ),
    create(`${p}.module.network.azurerm_subnet.endpoints`, "azurerm_subnet", {
      name: n.subnet,
      resource_group_name: rg.vnet,
      private_endpoint_network_policies: "Enabled",
    }),
    create(`${p}.module.budgets.azurerm_monitor_action_group.this`, "azurerm_monitor_action_group", {
      resource_group_name: rg.ws,
      arm_role_receiver: [{ name: "owners", role_id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635" }],
      email_receiver: [],
    }),
    create(
      `${p}.module.compute.azurerm_machine_learning_compute_instance.this[0]`,
      "azurerm_machine_learning_compute_instance",
      {
        name: n.computeInstance,
        node_public_ip_enabled: false,
        assign_to_user: [{ object_id: "22222222-0000-4000-8000-000000000001", tenant_id: SUBSCRIPTION }],
      },
    ),
    ...(
      [
        ["workspace", true, ["AllMetrics"]],
        ["registry", true, []],
        ["storage", false, ["Transaction"]],
        ["storage_blob", true, ["Transaction"]],
        ["storage_file", true, ["Transaction"]],
        ["key_vault", true, ["AllMetrics"]],
        ["container_registry", true, ["AllMetrics"]],
      ] as const
    ).map(([key, logs, metrics]) =>
      create(
        `${p}.module.diagnostics.azurerm_monitor_diagnostic_setting.this["${key}"]`,
        "azurerm_monitor_diagnostic_setting",
        {
          name: "diag-to-log-analytics",
          enabled_log: logs ? [{ category_group: "allLogs" }] : [],
          enabled_metric: metrics.map((category) => ({ category })),
        },
        key,
      ),
    ),
    ...(
      [
        ["storage_blob", "blob", false],
        ["storage_file", "file", false],
        ["key_vault", "vault", false],
        ["container_registry", "registry", false],
        ["registry", "amlregistry", false],
        ["registry_storage", "blob", true],
        ["registry_acr", "registry", true],
      ] as const
    ).map(([key, subresource, manual]) =>
      create(
        `${p}.module.private_endpoints.azurerm_private_endpoint.this["${key}"]`,
        "azurerm_private_endpoint",
        {
          resource_group_name: rg.vnet,
          private_service_connection: [{ subresource_names: [subresource], is_manual_connection: manual }],
        },
        key,
      ),
    ),
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
      workspace_isolation_mode: { value: env.workspaceIsolationMode },
    },
    resource_changes: changes,
    configuration: {
      provider_config: {
        azurerm: {
          name: "azurerm",
          expressions: {
            resource_provider_registrations: { constant_value: "none" },
            storage_use_azuread: { constant_value: true },
            features: [{ storage: [{ data_plane_available: { constant_value: false } }] }],
          },
        },
      },
    },
  };
}
