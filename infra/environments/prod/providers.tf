# Provider configuration of this environment alone: the purge features follow enable_auto_purge, which
# the variable's validation keeps false for prod.

provider "azurerm" {
  subscription_id     = var.subscription_id
  use_oidc            = true
  storage_use_azuread = true

  features {
    key_vault {
      purge_soft_delete_on_destroy    = var.enable_auto_purge
      recover_soft_deleted_key_vaults = true
    }
    machine_learning {
      purge_soft_deleted_workspace_on_destroy = var.enable_auto_purge
    }
    log_analytics_workspace {
      permanently_delete_on_destroy = var.enable_auto_purge
    }
    resource_group {
      prevent_deletion_if_contains_resources = !var.enable_auto_purge
    }
  }
}

provider "azapi" {
  subscription_id = var.subscription_id
  use_oidc        = true
}
