# One isolated environment of the Airlock platform, composed from the single-concern modules. Both roots
# call this with their own tfvars; nothing here references the other environment.

module "naming" {
  source            = "../naming"
  prefix            = var.prefix
  resource_prefixes = var.resource_prefixes
  purpose           = var.purpose
  location_code     = var.location_code
  random_string     = var.random_string
}

module "network_plan" {
  source                = "../network-plan"
  vnet_address_space    = var.vnet_address_space
  subnet_address_prefix = var.subnet_address_prefix
}

module "rbac" {
  source                = "../rbac"
  matrix                = var.rbac_matrix
  purpose               = var.purpose
  human_registry_access = var.human_registry_access
  human_prod_access     = var.human_prod_access
  subscription_id       = var.subscription_id
  resource_groups       = module.naming.resource_groups
  names                 = module.naming.names
  private_endpoints     = module.naming.private_endpoints
}

# The audit ledger's WORM settings, validated provider-free (prod must be locked).
module "ledger_policy" {
  source         = "../ledger-policy"
  purpose        = var.purpose
  container_name = module.rbac.ledger_container_name
  retention_days = var.ledger_retention_days
  locked         = var.ledger_policy_locked
}

locals {
  names        = module.naming.names
  pe           = module.naming.private_endpoints
  name_suffix  = "${var.purpose}-${var.location_code}${var.random_string}"
  tags         = merge(var.tags, { environment = var.purpose })
  zone         = module.dns.zone_ids
  registry_id  = module.rbac.scopes["registry"]
  rg_ids       = { for key, rg in azurerm_resource_group.this : key => rg.id }
  rg_names     = module.naming.resource_groups
  budget_start = var.budget_start_date != null ? var.budget_start_date : formatdate("YYYY-MM-01'T'00:00:00Z", plantimestamp())
}

# The three resource groups of this environment (errata 10).
resource "azurerm_resource_group" "this" {
  for_each = module.naming.resource_groups
  name     = each.value
  location = var.location
  tags     = local.tags
}

module "network" {
  source                = "../network"
  location              = var.location
  resource_group_name   = azurerm_resource_group.this["vnet"].name
  tags                  = local.tags
  vnet_name             = local.names.vnet
  subnet_name           = local.names.subnet
  nsg_name              = local.names.network_security_group
  vnet_address_space    = module.network_plan.vnet_address_space
  subnet_address_prefix = module.network_plan.subnet_address_prefix
  nsg_rules             = module.network_plan.nsg_rules
}

module "dns" {
  source              = "../dns"
  resource_group_name = azurerm_resource_group.this["vnet"].name
  zones               = module.network_plan.private_dns_zones
  vnet_id             = module.network.vnet_id
  link_name_prefix    = local.names.vnet
  tags                = local.tags
}

module "identities" {
  source              = "../identities"
  location            = var.location
  resource_group_name = azurerm_resource_group.this["vnet"].name
  tags                = local.tags
  names = {
    workspace = local.names.workspace_identity
    compute   = local.names.compute_identity
  }
}

module "monitoring" {
  source                    = "../monitoring"
  location                  = var.location
  resource_group_name       = azurerm_resource_group.this["ws"].name
  tags                      = local.tags
  log_analytics_name        = local.names.log_analytics
  application_insights_name = local.names.application_insights
  retention_in_days         = var.log_retention_days
}

module "storage" {
  source              = "../storage"
  location            = var.location
  resource_group_name = azurerm_resource_group.this["ws"].name
  tags                = local.tags
  name                = local.names.storage_account
  registry_id         = local.registry_id
  tenant_id           = var.tenant_id

  ledger_container_name          = module.ledger_policy.container_name
  ledger_retention_days          = module.ledger_policy.immutability_period_in_days
  ledger_policy_locked           = module.ledger_policy.locked
  ledger_protected_append_writes = module.ledger_policy.protected_append_writes_enabled
}

module "keyvault" {
  source                   = "../keyvault"
  location                 = var.location
  resource_group_name      = azurerm_resource_group.this["ws"].name
  tags                     = local.tags
  name                     = local.names.key_vault
  tenant_id                = var.tenant_id
  purge_protection_enabled = !var.enable_auto_purge
}

module "acr" {
  source              = "../acr"
  location            = var.location
  resource_group_name = azurerm_resource_group.this["ws"].name
  tags                = local.tags
  name                = local.names.container_registry
}

module "registry" {
  source              = "../registry"
  location            = var.location
  resource_group_name = azurerm_resource_group.this["reg"].name
  resource_group_id   = azurerm_resource_group.this["reg"].id
  tags                = local.tags
  name                = local.names.registry
  # The system-created accounts' names, pinned (issue 9, finding 14): derived from the registry's name.
  storage_account_name    = "${lower(replace(replace(local.names.registry, "-", ""), "_", ""))}st"
  container_registry_name = "${replace(replace(local.names.registry, "-", ""), "_", "")}acr"
}

# Endpoints for everything the workspace depends on; the workspace's own endpoint follows the workspace.
module "private_endpoints" {
  source              = "../private-endpoints"
  location            = var.location
  resource_group_name = azurerm_resource_group.this["vnet"].name
  tags                = local.tags
  subnet_id           = module.network.subnet_id
  endpoints = {
    storage_blob = {
      name         = local.pe.storage_blob
      resource_id  = module.storage.id
      subresource  = "blob"
      dns_zone_ids = [local.zone["privatelink.blob.core.windows.net"]]
    }
    storage_file = {
      name         = local.pe.storage_file
      resource_id  = module.storage.id
      subresource  = "file"
      dns_zone_ids = [local.zone["privatelink.file.core.windows.net"]]
    }
    key_vault = {
      name         = local.pe.key_vault
      resource_id  = module.keyvault.id
      subresource  = "vault"
      dns_zone_ids = [local.zone["privatelink.vaultcore.azure.net"]]
    }
    container_registry = {
      name         = local.pe.container_registry
      resource_id  = module.acr.id
      subresource  = "registry"
      dns_zone_ids = [local.zone["privatelink.azurecr.io"]]
    }
    registry = {
      name         = local.pe.registry
      resource_id  = module.registry.id
      subresource  = "amlregistry"
      dns_zone_ids = [local.zone["privatelink.api.azureml.ms"]]
    }
    registry_storage = {
      name         = local.pe.registry_storage
      resource_id  = module.registry.storage_account_id
      subresource  = "blob"
      dns_zone_ids = [local.zone["privatelink.blob.core.windows.net"]]
      # In the registry's managed group, where the deployer holds no approval right (finding 7).
      manual = true
    }
    registry_acr = {
      name         = local.pe.registry_acr
      resource_id  = module.registry.container_registry_id
      subresource  = "registry"
      dns_zone_ids = [local.zone["privatelink.azurecr.io"]]
      manual       = true
    }
  }
}

module "role_definitions" {
  source            = "../role-definitions"
  custom_roles      = module.rbac.custom_roles
  scope             = azurerm_resource_group.this["reg"].id
  assignable_scopes = [azurerm_resource_group.this["reg"].id, azurerm_resource_group.this["ws"].id]
  name_suffix       = "(${local.name_suffix})"
}

locals {
  principal_ids = {
    deployer           = var.deployment_principal_object_id
    promoter           = var.promotion_principal_object_id
    workspace_identity = module.identities.identities["workspace"].principal_id
    compute_identity   = module.identities.identities["compute"].principal_id
    data_scientists    = var.data_scientists_group_object_id
  }
}

# Every assignment whose scope exists before the workspace: the workspace identity's roles must be in place
# before the workspace is created.
module "role_assignments_foundation" {
  source                     = "../role-assignments"
  assignments                = module.rbac.foundation_assignments
  principal_ids              = local.principal_ids
  custom_role_definition_ids = module.role_definitions.ids
  depends_on                 = [azurerm_resource_group.this, module.storage, module.keyvault, module.acr, module.registry, module.private_endpoints]
}

resource "time_sleep" "rbac_propagation" {
  create_duration = "120s"
  depends_on      = [module.role_assignments_foundation]
}

module "workspace" {
  source                         = "../workspace"
  location                       = var.location
  resource_group_name            = azurerm_resource_group.this["ws"].name
  tags                           = local.tags
  name                           = local.names.workspace
  application_insights_id        = module.monitoring.application_insights_id
  key_vault_id                   = module.keyvault.id
  storage_account_id             = module.storage.id
  container_registry_id          = module.acr.id
  identity_id                    = module.identities.identities["workspace"].id
  isolation_mode                 = var.workspace_isolation_mode
  image_build_compute_name       = local.names.compute_cluster
  registry_id                    = module.registry.id
  registry_storage_account_id    = module.registry.storage_account_id
  registry_container_registry_id = module.registry.container_registry_id
  depends_on                     = [time_sleep.rbac_propagation, module.private_endpoints]
}

module "workspace_private_endpoint" {
  source              = "../private-endpoints"
  location            = var.location
  resource_group_name = azurerm_resource_group.this["vnet"].name
  tags                = local.tags
  subnet_id           = module.network.subnet_id
  endpoints = {
    workspace = {
      name         = local.pe.workspace
      resource_id  = module.workspace.id
      subresource  = "amlworkspace"
      dns_zone_ids = [local.zone["privatelink.api.azureml.ms"], local.zone["privatelink.notebooks.azure.net"]]
    }
  }
}

module "role_assignments_workspace" {
  source                     = "../role-assignments"
  assignments                = module.rbac.workspace_assignments
  principal_ids              = local.principal_ids
  custom_role_definition_ids = module.role_definitions.ids
  depends_on                 = [module.workspace]
}

module "compute" {
  source                   = "../compute"
  location                 = var.location
  tags                     = local.tags
  workspace_id             = module.workspace.id
  identity_id              = module.identities.identities["compute"].id
  cluster_name             = local.names.compute_cluster
  instance_name            = local.names.compute_instance
  cluster_vm_size          = var.compute_cluster_vm_size
  cluster_max_nodes        = var.compute_cluster_max_nodes
  instance_vm_size         = var.compute_instance_vm_size
  tenant_id                = var.tenant_id
  instance_owner_object_id = var.compute_instance_owner_object_id
  depends_on               = [module.role_assignments_workspace, module.workspace_private_endpoint]
}

module "diagnostics" {
  source           = "../diagnostics"
  log_analytics_id = module.monitoring.log_analytics_id
  targets = {
    workspace          = { id = module.workspace.id, logs = true, metrics = ["AllMetrics"] }
    registry           = { id = module.registry.id, logs = true, metrics = [] }
    storage            = { id = module.storage.id, logs = false, metrics = ["Transaction"] }
    storage_blob       = { id = module.storage.blob_service_id, logs = true, metrics = ["Transaction"] }
    storage_file       = { id = module.storage.file_service_id, logs = true, metrics = ["Transaction"] }
    key_vault          = { id = module.keyvault.id, logs = true, metrics = ["AllMetrics"] }
    container_registry = { id = module.acr.id, logs = true, metrics = ["AllMetrics"] }
  }
}

module "budgets" {
  source              = "../budgets"
  name_suffix         = local.name_suffix
  resource_group_name = azurerm_resource_group.this["ws"].name
  resource_group_ids  = local.rg_ids
  amount              = var.budget_amount
  thresholds          = var.budget_alert_thresholds
  start_date          = local.budget_start
  email_addresses     = var.alert_email_addresses
  tags                = local.tags
}
