# The environment's Azure ML registry. azurerm 4.x has no registry resource (errata 8), so this is azapi at
# the stable 2024-10-01 API: no public access, system-created storage and Premium ACR (service-managed group).
# Their names are pinned (systemCreatedStorageAccount.storageAccountName, systemCreatedAcrAccount.
# acrAccountName in registries.json 2024-10-01) so they are known before apply and stable across
# recreates (issue 9, finding 14). `kind` is not set: the spec describes it as free-form portal metadata
# with no documented values.

resource "azapi_resource" "this" {
  type      = "Microsoft.MachineLearningServices/registries@2024-10-01"
  name      = var.name
  parent_id = var.resource_group_id
  location  = var.location
  tags      = var.tags

  identity {
    type = "SystemAssigned"
  }

  body = {
    properties = {
      publicNetworkAccess = "Disabled"
      regionDetails = [
        {
          location = var.location
          storageAccountDetails = [
            {
              systemCreatedStorageAccount = {
                storageAccountName       = var.storage_account_name
                storageAccountType       = var.storage_account_type
                storageAccountHnsEnabled = false
                allowBlobPublicAccess    = false
              }
            },
          ]
          acrDetails = [
            {
              systemCreatedAcrAccount = {
                acrAccountName = var.container_registry_name
                acrAccountSku  = "Premium"
              }
            },
          ]
        },
      ]
    }
  }

  response_export_values = ["properties.discoveryUrl", "properties.regionDetails", "properties.mlFlowRegistryUri"]
}

locals {
  region = try(azapi_resource.this.output.properties.regionDetails[0], null)
}
