terraform {
  required_version = ">= 1.9.0, < 2.0.0"
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ">= 4.73.0, < 5.0.0"
    }
    azapi = {
      source  = "Azure/azapi"
      version = ">= 2.6.0, < 3.0.0"
    }
    time = {
      source  = "hashicorp/time"
      version = ">= 0.12.0, < 1.0.0"
    }
  }

  # This environment's own state, in its own storage account (infra/README.md, bootstrap).
  backend "azurerm" {
    resource_group_name  = "rg-aml-tfstate-prod-cc01"
    storage_account_name = "amltfstateprodcc01"
    container_name       = "tfstate"
    key                  = "airlock-prod.tfstate"
    use_oidc             = true
    use_azuread_auth     = true
  }
}
