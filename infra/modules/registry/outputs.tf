output "id" {
  description = "Registry id."
  value       = azapi_resource.this.id
}

output "discovery_url" {
  description = "Registry discovery URL."
  value       = try(azapi_resource.this.output.properties.discoveryUrl, null)
}

output "storage_account_id" {
  description = "Id of the registry's system-created storage account (gets our own private endpoint)."
  value       = try(local.region.storageAccountDetails[0].systemCreatedStorageAccount.armResourceId.resourceId, null)
}

output "container_registry_id" {
  description = "Id of the registry's system-created ACR (gets our own private endpoint)."
  value       = try(local.region.acrDetails[0].systemCreatedAcrAccount.armResourceId.resourceId, null)
}
