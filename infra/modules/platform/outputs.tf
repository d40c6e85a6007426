output "airlock" {
  description = "Everything the Airlock CLI needs to run against this deployed environment (read with `terraform output -json`)."
  value = {
    purpose                  = var.purpose
    subscription_id          = var.subscription_id
    tenant_id                = var.tenant_id
    location                 = var.location
    enable_auto_purge        = var.enable_auto_purge
    human_registry_access    = var.human_registry_access
    human_prod_access        = var.human_prod_access
    ledger                   = merge(module.ledger_policy.policy, { container_id = module.storage.ledger_container_id })
    workspace_isolation_mode = var.workspace_isolation_mode
    resource_groups          = module.naming.resource_groups
    names                    = module.naming.names
    private_endpoints        = module.naming.private_endpoints
    network = {
      vnet_address_space    = module.network_plan.vnet_address_space
      subnet_address_prefix = module.network_plan.subnet_address_prefix
      private_dns_zones     = module.network_plan.private_dns_zones
    }
    ids = {
      resource_groups      = local.rg_ids
      workspace            = module.workspace.id
      registry             = module.registry.id
      storage_account      = module.storage.id
      key_vault            = module.keyvault.id
      container_registry   = module.acr.id
      log_analytics        = module.monitoring.log_analytics_id
      application_insights = module.monitoring.application_insights_id
      vnet                 = module.network.vnet_id
      subnet               = module.network.subnet_id
      compute_cluster      = module.compute.cluster_id
      compute_instance     = module.compute.instance_id
    }
    endpoints = {
      workspace_discovery_url = module.workspace.discovery_url
      registry_discovery_url  = module.registry.discovery_url
      storage_blob            = module.storage.primary_blob_endpoint
      key_vault_uri           = module.keyvault.vault_uri
      container_registry      = module.acr.login_server
    }
    identities = module.identities.identities
    role_assignments = {
      for key, a in module.rbac.assignments : key => {
        principal = a.principal_name
        role      = a.role
        scope     = a.scope
      }
    }
  }
}
