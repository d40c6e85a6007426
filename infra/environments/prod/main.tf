# The prod environment: the shared platform module with this root's tfvars, state and providers.

data "azurerm_client_config" "current" {}

module "platform" {
  source = "../../modules/platform"

  prefix                          = var.prefix
  resource_prefixes               = var.resource_prefixes
  purpose                         = var.purpose
  location                        = var.location
  location_code                   = var.location_code
  random_string                   = var.random_string
  enable_auto_purge               = var.enable_auto_purge
  vnet_address_space              = var.vnet_address_space
  subnet_address_prefix           = var.subnet_address_prefix
  tags                            = var.tags
  rbac_matrix                     = jsondecode(file("${path.module}/../../rbac/rbac-matrix.json"))
  human_registry_access           = var.human_registry_access
  human_prod_access               = var.human_prod_access
  ledger_retention_days           = var.ledger_retention_days
  ledger_policy_locked            = var.ledger_policy_locked
  workspace_isolation_mode        = var.workspace_isolation_mode
  subscription_id                 = coalesce(var.subscription_id, data.azurerm_client_config.current.subscription_id)
  tenant_id                       = data.azurerm_client_config.current.tenant_id
  deployment_principal_object_id  = coalesce(var.deployment_principal_object_id, data.azurerm_client_config.current.object_id)
  promotion_principal_object_id   = var.promotion_principal_object_id
  data_scientists_group_object_id = var.data_scientists_group_object_id
  compute_cluster_vm_size         = var.compute_cluster_vm_size
  compute_cluster_max_nodes       = var.compute_cluster_max_nodes
  compute_instance_vm_size        = var.compute_instance_vm_size
  budget_amount                   = var.budget_amount
  budget_alert_thresholds         = var.budget_alert_thresholds
  budget_start_date               = var.budget_start_date
  alert_email_addresses           = var.alert_email_addresses
  log_retention_days              = var.log_retention_days
}
