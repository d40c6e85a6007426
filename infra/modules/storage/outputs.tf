output "id" {
  description = "Storage account id."
  value       = azurerm_storage_account.this.id
}

output "primary_blob_endpoint" {
  description = "Blob endpoint."
  value       = azurerm_storage_account.this.primary_blob_endpoint
}
