# The environment's workspace: no public access, managed VNet, a user-assigned primary identity whose roles
# are granted before it (the caller orders that), image builds on the compute cluster.

resource "azurerm_machine_learning_workspace" "this" {
  name                           = var.name
  location                       = var.location
  resource_group_name            = var.resource_group_name
  application_insights_id        = var.application_insights_id
  key_vault_id                   = var.key_vault_id
  storage_account_id             = var.storage_account_id
  container_registry_id          = var.container_registry_id
  public_network_access_enabled  = false
  image_build_compute_name       = var.image_build_compute_name
  primary_user_assigned_identity = var.identity_id
  sku_name                       = "Basic"
  tags                           = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [var.identity_id]
  }

  managed_network {
    isolation_mode = var.isolation_mode
  }
}

# azurerm's outbound-rule resource cannot target a registry (no amlregistry sub-resource), so azapi. The
# registry's own storage (blob) and ACR (registry) need rules too: jobs and image builds in the managed
# VNet read registry assets from them (issue 9, finding 8).
resource "azapi_resource" "registry_outbound_rule" {
  type      = "Microsoft.MachineLearningServices/workspaces/outboundRules@2024-10-01"
  name      = "registry-${basename(var.registry_id)}"
  parent_id = azurerm_machine_learning_workspace.this.id
  locks     = [azurerm_machine_learning_workspace.this.id]

  body = {
    properties = {
      type     = "PrivateEndpoint"
      category = "UserDefined"
      destination = {
        serviceResourceId = var.registry_id
        subresourceTarget = "amlregistry"
        sparkEnabled      = false
      }
    }
  }
}

resource "azapi_resource" "registry_storage_outbound_rule" {
  type      = "Microsoft.MachineLearningServices/workspaces/outboundRules@2024-10-01"
  name      = "registry-storage-${basename(var.registry_id)}"
  parent_id = azurerm_machine_learning_workspace.this.id
  locks     = [azurerm_machine_learning_workspace.this.id]

  body = {
    properties = {
      type     = "PrivateEndpoint"
      category = "UserDefined"
      destination = {
        serviceResourceId = var.registry_storage_account_id
        subresourceTarget = "blob"
        sparkEnabled      = false
      }
    }
  }
  depends_on = [azapi_resource.registry_outbound_rule]
}

resource "azapi_resource" "registry_acr_outbound_rule" {
  type      = "Microsoft.MachineLearningServices/workspaces/outboundRules@2024-10-01"
  name      = "registry-acr-${basename(var.registry_id)}"
  parent_id = azurerm_machine_learning_workspace.this.id
  locks     = [azurerm_machine_learning_workspace.this.id]

  body = {
    properties = {
      type     = "PrivateEndpoint"
      category = "UserDefined"
      destination = {
        serviceResourceId = var.registry_container_registry_id
        subresourceTarget = "registry"
        sparkEnabled      = false
      }
    }
  }
  depends_on = [azapi_resource.registry_storage_outbound_rule]
}
