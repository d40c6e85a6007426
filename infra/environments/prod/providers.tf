# Provider configuration of this environment alone: the purge features follow enable_auto_purge, which
# the variable's validation keeps false for prod.

provider "azurerm" {
  subscription_id     = var.subscription_id
  use_oidc            = true
  storage_use_azuread = true
  # The deployer's roles are scoped to this environment's resource groups: it cannot register resource
  # providers, so registration is a bootstrap step (issue 9, finding 10).
  resource_provider_registrations = "none"

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
    # The storage account has public access limited to its resource-instance rule and Entra sign-in only:
    # the runner cannot reach its blob/queue/file endpoints (and holds no data role), so the provider must
    # not poll them. Containers are created through ARM (issue 9, finding 1).
    storage {
      data_plane_available = false
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
